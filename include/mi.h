/*
 * mi.h - the MI (Management Infrastructure) client API, written for the MI Invoke
 * conformance kit.
 *
 * ABI-compatible with OMI's libmi.so on x86-64 Linux (LP64, gcc): identical struct layouts,
 * function-table member order, constant values and option-name strings
 * (shared/reference/mi-api.md sections 1 and 2). MI_Char is UTF-8 `char`.
 *
 * The inline wrappers deliberately check only `handle != NULL && handle->ft != NULL` before
 * calling through the table: a header that checked more would answer for the implementation
 * and hide its own behaviour from a conformance run (mi-api.md section 2, last bullet).
 */
#ifndef MI_H
#define MI_H

#include <stddef.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MI_CALL
#define MI_INLINE static inline
#define MI_INLINE_CALL
#define MI_CONST const
#define MI_EXPORT __attribute__((visibility("default")))
#define MI_T(STR) STR
#define MI_MAIN_CALL

/* ---------------------------------------------------------------- basic types */

typedef unsigned char MI_Boolean;
typedef unsigned char MI_Uint8;
typedef signed char MI_Sint8;
typedef unsigned short MI_Uint16;
typedef signed short MI_Sint16;
typedef unsigned int MI_Uint32;
typedef signed int MI_Sint32;
typedef unsigned long long MI_Uint64;
typedef signed long long MI_Sint64;
typedef float MI_Real32;
typedef double MI_Real64;
typedef unsigned short MI_Char16;
typedef char MI_Char;

#define MI_TRUE ((MI_Boolean)1)
#define MI_FALSE ((MI_Boolean)0)

typedef enum _MI_Result {
    MI_RESULT_OK = 0,
    MI_RESULT_FAILED = 1,
    MI_RESULT_ACCESS_DENIED = 2,
    MI_RESULT_INVALID_NAMESPACE = 3,
    MI_RESULT_INVALID_PARAMETER = 4,
    MI_RESULT_INVALID_CLASS = 5,
    MI_RESULT_NOT_FOUND = 6,
    MI_RESULT_NOT_SUPPORTED = 7,
    MI_RESULT_CLASS_HAS_CHILDREN = 8,
    MI_RESULT_CLASS_HAS_INSTANCES = 9,
    MI_RESULT_INVALID_SUPERCLASS = 10,
    MI_RESULT_ALREADY_EXISTS = 11,
    MI_RESULT_NO_SUCH_PROPERTY = 12,
    MI_RESULT_TYPE_MISMATCH = 13,
    MI_RESULT_QUERY_LANGUAGE_NOT_SUPPORTED = 14,
    MI_RESULT_INVALID_QUERY = 15,
    MI_RESULT_METHOD_NOT_AVAILABLE = 16,
    MI_RESULT_METHOD_NOT_FOUND = 17,
    MI_RESULT_NAMESPACE_NOT_EMPTY = 20,
    MI_RESULT_INVALID_ENUMERATION_CONTEXT = 21,
    MI_RESULT_INVALID_OPERATION_TIMEOUT = 22,
    MI_RESULT_PULL_HAS_BEEN_ABANDONED = 23,
    MI_RESULT_PULL_CANNOT_BE_ABANDONED = 24,
    MI_RESULT_FILTERED_ENUMERATION_NOT_SUPPORTED = 25,
    MI_RESULT_CONTINUATION_ON_ERROR_NOT_SUPPORTED = 26,
    MI_RESULT_SERVER_LIMITS_EXCEEDED = 27,
    MI_RESULT_SERVER_IS_SHUTTING_DOWN = 28
} MI_Result;

typedef enum _MI_Type {
    MI_BOOLEAN = 0,
    MI_UINT8 = 1,
    MI_SINT8 = 2,
    MI_UINT16 = 3,
    MI_SINT16 = 4,
    MI_UINT32 = 5,
    MI_SINT32 = 6,
    MI_UINT64 = 7,
    MI_SINT64 = 8,
    MI_REAL32 = 9,
    MI_REAL64 = 10,
    MI_CHAR16 = 11,
    MI_DATETIME = 12,
    MI_STRING = 13,
    MI_REFERENCE = 14,
    MI_INSTANCE = 15,
    MI_BOOLEANA = 16,
    MI_UINT8A = 17,
    MI_SINT8A = 18,
    MI_UINT16A = 19,
    MI_SINT16A = 20,
    MI_UINT32A = 21,
    MI_SINT32A = 22,
    MI_UINT64A = 23,
    MI_SINT64A = 24,
    MI_REAL32A = 25,
    MI_REAL64A = 26,
    MI_CHAR16A = 27,
    MI_DATETIMEA = 28,
    MI_STRINGA = 29,
    MI_REFERENCEA = 30,
    MI_INSTANCEA = 31,
    MI_ARRAY = 16
} MI_Type;

/* Qualifier and element flags. */
#define MI_FLAG_CLASS (1 << 0)
#define MI_FLAG_METHOD (1 << 1)
#define MI_FLAG_PROPERTY (1 << 2)
#define MI_FLAG_PARAMETER (1 << 3)
#define MI_FLAG_ASSOCIATION (1 << 4)
#define MI_FLAG_INDICATION (1 << 5)
#define MI_FLAG_REFERENCE (1 << 6)
#define MI_FLAG_ANY (1 | 2 | 4 | 8 | 16 | 32 | 64)
#define MI_FLAG_ENABLEOVERRIDE (1 << 7)
#define MI_FLAG_DISABLEOVERRIDE (1 << 8)
#define MI_FLAG_RESTRICTED (1 << 9)
#define MI_FLAG_TOSUBCLASS (1 << 10)
#define MI_FLAG_TRANSLATABLE (1 << 11)
#define MI_FLAG_KEY (1 << 12)
#define MI_FLAG_IN (1 << 13)
#define MI_FLAG_OUT (1 << 14)
#define MI_FLAG_REQUIRED (1 << 15)
#define MI_FLAG_STATIC (1 << 16)
#define MI_FLAG_ABSTRACT (1 << 17)
#define MI_FLAG_TERMINAL (1 << 18)
#define MI_FLAG_EXPENSIVE (1 << 19)
#define MI_FLAG_STREAM (1 << 20)
#define MI_FLAG_READONLY (1 << 21)
#define MI_FLAG_NOT_MODIFIED (1 << 25)
#define MI_FLAG_VERSION (1 << 26 | 1 << 27 | 1 << 28)
#define MI_FLAG_NULL (1 << 29)
#define MI_FLAG_BORROW (1 << 30)
#define MI_FLAG_ADOPT ((MI_Uint32)1 << 31)

/* Operation flags (the `flags` argument of session operations). */
#define MI_OPERATIONFLAGS_AUTOMATIC_ACK_RESULTS 0x0000
#define MI_OPERATIONFLAGS_MANUAL_ACK_RESULTS 0x0001
#define MI_OPERATIONFLAGS_NO_RTTI 0x0400
#define MI_OPERATIONFLAGS_BASIC_RTTI 0x0002
#define MI_OPERATIONFLAGS_STANDARD_RTTI 0x0800
#define MI_OPERATIONFLAGS_FULL_RTTI 0x0004
#define MI_OPERATIONFLAGS_DEFAULT_RTTI 0
#define MI_OPERATIONFLAGS_LOCALIZED_QUALIFIERS 0x0008
#define MI_OPERATIONFLAGS_EXPENSIVE_PROPERTIES 0x0040
#define MI_OPERATIONFLAGS_POLYMORPHISM_SHALLOW 0x0080
#define MI_OPERATIONFLAGS_POLYMORPHISM_DEEP_BASE_PROPS_ONLY 0x0180
#define MI_OPERATIONFLAGS_REPORT_OPERATION_STARTED 0x0200

#define MI_WRITEMESSAGE_CHANNEL_WARNING 0
#define MI_WRITEMESSAGE_CHANNEL_VERBOSE 1
#define MI_WRITEMESSAGE_CHANNEL_DEBUG 2

typedef enum _MI_CancellationReason {
    MI_REASON_NONE = 0,
    MI_REASON_TIMEOUT = 1,
    MI_REASON_SHUTDOWN = 2,
    MI_REASON_SERVICESTOP = 3
} MI_CancellationReason;

typedef enum _MI_PromptType { MI_PROMPTTYPE_NORMAL = 0, MI_PROMPTTYPE_CRITICAL = 1 } MI_PromptType;

typedef enum _MI_CallbackMode {
    MI_CALLBACKMODE_REPORT = 0,
    MI_CALLBACKMODE_INQUIRE = 1,
    MI_CALLBACKMODE_IGNORE = 2
} MI_CallbackMode;

typedef enum _MI_ProviderArchitecture {
    MI_PROVIDER_ARCHITECTURE_32BIT = 0,
    MI_PROVIDER_ARCHITECTURE_64BIT = 1
} MI_ProviderArchitecture;

typedef enum _MI_OperationCallback_ResponseType {
    MI_OperationCallback_ResponseType_No = 0,
    MI_OperationCallback_ResponseType_Yes = 1,
    MI_OperationCallback_ResponseType_NoToAll = 2,
    MI_OperationCallback_ResponseType_YesToAll = 3
} MI_OperationCallback_ResponseType;

typedef enum _MI_SubscriptionDeliveryType {
    MI_SubscriptionDeliveryType_Pull = 1,
    MI_SubscriptionDeliveryType_Push = 2
} MI_SubscriptionDeliveryType;

typedef enum _MI_PacketEncoding {
    MI_PACKETENCODING_DEFAULT = 0,
    MI_PACKETENCODING_UTF8 = 1,
    MI_PACKETENCODING_UTF16 = 2
} MI_PacketEncoding;

typedef enum _MI_ProxyType {
    MI_PROXYTYPE_IE = 0,
    MI_PROXYTYPE_WINHTTP = 1,
    MI_PROXYTYPE_AUTO = 2,
    MI_PROXYTYPE_NONE = 3
} MI_ProxyType;

typedef enum _MI_DestinationOptions_ImpersonationType {
    MI_DestinationOptions_ImpersonationType_Default = 0,
    MI_DestinationOptions_ImpersonationType_None = 1,
    MI_DestinationOptions_ImpersonationType_Identify = 2,
    MI_DestinationOptions_ImpersonationType_Impersonate = 3,
    MI_DestinationOptions_ImpersonationType_Delegate = 4
} MI_DestinationOptions_ImpersonationType;

/* ---------------------------------------------------------------- datetime and values */

typedef struct _MI_Timestamp {
    MI_Uint32 year;
    MI_Uint32 month;
    MI_Uint32 day;
    MI_Uint32 hour;
    MI_Uint32 minute;
    MI_Uint32 second;
    MI_Uint32 microseconds;
    MI_Sint32 utc;
} MI_Timestamp;

typedef struct _MI_Interval {
    MI_Uint32 days;
    MI_Uint32 hours;
    MI_Uint32 minutes;
    MI_Uint32 seconds;
    MI_Uint32 microseconds;
    MI_Uint32 __padding1;
    MI_Uint32 __padding2;
    MI_Uint32 __padding3;
} MI_Interval;

typedef struct _MI_Datetime {
    MI_Uint32 isTimestamp;
    union {
        MI_Timestamp timestamp;
        MI_Interval interval;
    } u;
} MI_Datetime;

typedef struct _MI_Instance MI_Instance;
typedef struct _MI_Class MI_Class;
typedef struct _MI_ClassDecl MI_ClassDecl;
typedef struct _MI_Application MI_Application;
typedef struct _MI_Session MI_Session;
typedef struct _MI_Operation MI_Operation;
typedef struct _MI_HostedProvider MI_HostedProvider;
typedef struct _MI_DestinationOptions MI_DestinationOptions;
typedef struct _MI_OperationOptions MI_OperationOptions;
typedef struct _MI_SubscriptionDeliveryOptions MI_SubscriptionDeliveryOptions;
typedef struct _MI_Serializer MI_Serializer;
typedef struct _MI_Deserializer MI_Deserializer;
typedef struct _MI_Context MI_Context;
typedef struct _MI_Module MI_Module;
typedef struct _MI_Server MI_Server;

#define MI_DECLARE_ARRAY(NAME, ELEM) \
    typedef struct _##NAME {         \
        ELEM *data;                  \
        MI_Uint32 size;              \
    } NAME

MI_DECLARE_ARRAY(MI_BooleanA, MI_Boolean);
MI_DECLARE_ARRAY(MI_Uint8A, MI_Uint8);
MI_DECLARE_ARRAY(MI_Sint8A, MI_Sint8);
MI_DECLARE_ARRAY(MI_Uint16A, MI_Uint16);
MI_DECLARE_ARRAY(MI_Sint16A, MI_Sint16);
MI_DECLARE_ARRAY(MI_Uint32A, MI_Uint32);
MI_DECLARE_ARRAY(MI_Sint32A, MI_Sint32);
MI_DECLARE_ARRAY(MI_Uint64A, MI_Uint64);
MI_DECLARE_ARRAY(MI_Sint64A, MI_Sint64);
MI_DECLARE_ARRAY(MI_Real32A, MI_Real32);
MI_DECLARE_ARRAY(MI_Real64A, MI_Real64);
MI_DECLARE_ARRAY(MI_Char16A, MI_Char16);
MI_DECLARE_ARRAY(MI_DatetimeA, MI_Datetime);
MI_DECLARE_ARRAY(MI_StringA, MI_Char *);
MI_DECLARE_ARRAY(MI_ReferenceA, MI_Instance *);
MI_DECLARE_ARRAY(MI_InstanceA, MI_Instance *);
MI_DECLARE_ARRAY(MI_Array, void);
#undef MI_DECLARE_ARRAY

typedef union _MI_Value {
    MI_Boolean boolean;
    MI_Uint8 uint8;
    MI_Sint8 sint8;
    MI_Uint16 uint16;
    MI_Sint16 sint16;
    MI_Uint32 uint32;
    MI_Sint32 sint32;
    MI_Uint64 uint64;
    MI_Sint64 sint64;
    MI_Real32 real32;
    MI_Real64 real64;
    MI_Char16 char16;
    MI_Datetime datetime;
    MI_Char *string;
    MI_Instance *instance;
    MI_Instance *reference;
    MI_BooleanA booleana;
    MI_Uint8A uint8a;
    MI_Sint8A sint8a;
    MI_Uint16A uint16a;
    MI_Sint16A sint16a;
    MI_Uint32A uint32a;
    MI_Sint32A sint32a;
    MI_Uint64A uint64a;
    MI_Sint64A sint64a;
    MI_Real32A real32a;
    MI_Real64A real64a;
    MI_Char16A char16a;
    MI_DatetimeA datetimea;
    MI_StringA stringa;
    MI_ReferenceA referencea;
    MI_InstanceA instancea;
    MI_Array array;
} MI_Value;

/* ---------------------------------------------------------------- schema declarations */

typedef struct _MI_Qualifier {
    const MI_Char *name;
    MI_Uint32 type;
    MI_Uint32 flavor;
    const void *value;
} MI_Qualifier;

typedef struct _MI_ObjectDecl {
    MI_Uint32 flags;
    MI_Uint32 code;
    const MI_Char *name;
    const MI_Qualifier *const *qualifiers;
    MI_Uint32 numQualifiers;
    const struct _MI_PropertyDecl *const *properties;
    MI_Uint32 numProperties;
    MI_Uint32 size;
} MI_ObjectDecl;

typedef struct _MI_PropertyDecl {
    MI_Uint32 flags;
    MI_Uint32 code;
    const MI_Char *name;
    const MI_Qualifier *const *qualifiers;
    MI_Uint32 numQualifiers;
    MI_Uint32 type;
    const MI_Char *className;
    MI_Uint32 subscript;
    MI_Uint32 offset;
    const MI_Char *origin;
    const MI_Char *propagator;
    const void *value;
} MI_PropertyDecl, MI_ParameterDecl;

typedef struct _MI_ParameterSet {
    MI_Uint64 reserved1;
    ptrdiff_t reserved2;
    const struct _MI_ParameterSetFT *ft;
} MI_ParameterSet;

typedef struct _MI_MethodDecl {
    MI_Uint32 flags;
    MI_Uint32 code;
    const MI_Char *name;
    const MI_Qualifier *const *qualifiers;
    MI_Uint32 numQualifiers;
    const MI_ParameterDecl *const *parameters;
    MI_Uint32 numParameters;
    MI_Uint32 size;
    MI_Uint32 returnType;
    const MI_Char *origin;
    const MI_Char *propagator;
    const struct _MI_SchemaDecl *schema;
    void *function;
} MI_MethodDecl;

typedef struct _MI_SchemaDecl {
    const MI_Qualifier *const *qualifierDecls;
    MI_Uint32 numQualifierDecls;
    const MI_ClassDecl *const *classDecls;
    MI_Uint32 numClassDecls;
} MI_SchemaDecl;

struct _MI_ClassDecl {
    MI_Uint32 flags;
    MI_Uint32 code;
    const MI_Char *name;
    const MI_Qualifier *const *qualifiers;
    MI_Uint32 numQualifiers;
    const MI_PropertyDecl *const *properties;
    MI_Uint32 numProperties;
    MI_Uint32 size;
    const MI_Char *superClass;
    const MI_ClassDecl *superClassDecl;
    const MI_MethodDecl *const *methods;
    MI_Uint32 numMethods;
    const MI_SchemaDecl *schema;
    const void *providerFT;
    MI_Class *owningClass;
};

typedef struct _MI_QualifierSet {
    MI_Uint64 reserved1;
    ptrdiff_t reserved2;
    const void *ft;
} MI_QualifierSet;

/* ---------------------------------------------------------------- instances and classes */

typedef struct _MI_InstanceFT MI_InstanceFT;
typedef struct _MI_ClassFT MI_ClassFT;

struct _MI_Instance {
    const MI_InstanceFT *ft;
    const MI_ClassDecl *classDecl;
    const MI_Char *serverName;
    const MI_Char *nameSpace;
    ptrdiff_t reserved[4];
};

struct _MI_Class {
    const MI_ClassFT *ft;
    const MI_ClassDecl *classDecl;
    const MI_Char *namespaceName;
    const MI_Char *serverName;
    ptrdiff_t reserved[4];
};

struct _MI_InstanceFT {
    MI_Result(MI_CALL *Clone)(const MI_Instance *self, MI_Instance **newInstance);
    MI_Result(MI_CALL *Destruct)(MI_Instance *self);
    MI_Result(MI_CALL *Delete)(MI_Instance *self);
    MI_Result(MI_CALL *IsA)(const MI_Instance *self, const MI_ClassDecl *classDecl, MI_Boolean *flag);
    MI_Result(MI_CALL *GetClassName)(const MI_Instance *self, const MI_Char **className);
    MI_Result(MI_CALL *SetNameSpace)(MI_Instance *self, const MI_Char *nameSpace);
    MI_Result(MI_CALL *GetNameSpace)(const MI_Instance *self, const MI_Char **nameSpace);
    MI_Result(MI_CALL *GetElementCount)(const MI_Instance *self, MI_Uint32 *count);
    MI_Result(MI_CALL *AddElement)(MI_Instance *self, const MI_Char *name, const MI_Value *value,
                                   MI_Type type, MI_Uint32 flags);
    MI_Result(MI_CALL *SetElement)(MI_Instance *self, const MI_Char *name, const MI_Value *value,
                                   MI_Type type, MI_Uint32 flags);
    MI_Result(MI_CALL *SetElementAt)(MI_Instance *self, MI_Uint32 index, const MI_Value *value,
                                     MI_Type type, MI_Uint32 flags);
    MI_Result(MI_CALL *GetElement)(const MI_Instance *self, const MI_Char *name, MI_Value *value,
                                   MI_Type *type, MI_Uint32 *flags, MI_Uint32 *index);
    MI_Result(MI_CALL *GetElementAt)(const MI_Instance *self, MI_Uint32 index, const MI_Char **name,
                                     MI_Value *value, MI_Type *type, MI_Uint32 *flags);
    MI_Result(MI_CALL *ClearElement)(MI_Instance *self, const MI_Char *name);
    MI_Result(MI_CALL *ClearElementAt)(MI_Instance *self, MI_Uint32 index);
    MI_Result(MI_CALL *GetServerName)(const MI_Instance *self, const MI_Char **name);
    MI_Result(MI_CALL *SetServerName)(MI_Instance *self, const MI_Char *name);
    MI_Result(MI_CALL *GetClass)(const MI_Instance *self, MI_Class **instanceClass);
};

struct _MI_ClassFT {
    MI_Result(MI_CALL *GetClassName)(const MI_Class *self, const MI_Char **className);
    MI_Result(MI_CALL *GetNameSpace)(const MI_Class *self, const MI_Char **nameSpace);
    MI_Result(MI_CALL *GetServerName)(const MI_Class *self, const MI_Char **serverName);
    MI_Result(MI_CALL *GetElementCount)(const MI_Class *self, MI_Uint32 *count);
    MI_Result(MI_CALL *GetElement)(const MI_Class *self, const MI_Char *name, MI_Value *value,
                                   MI_Boolean *valueExists, MI_Type *type,
                                   MI_Char **referenceClass, MI_QualifierSet *qualifierSet,
                                   MI_Uint32 *flags, MI_Uint32 *index);
    MI_Result(MI_CALL *GetElementAt)(const MI_Class *self, MI_Uint32 index, const MI_Char **name,
                                     MI_Value *value, MI_Boolean *valueExists, MI_Type *type,
                                     MI_Char **referenceClass, MI_QualifierSet *qualifierSet,
                                     MI_Uint32 *flags);
    MI_Result(MI_CALL *GetClassQualifierSet)(const MI_Class *self, MI_QualifierSet *qualifierSet);
    MI_Result(MI_CALL *GetMethodCount)(const MI_Class *self, MI_Uint32 *count);
    MI_Result(MI_CALL *GetMethodAt)(const MI_Class *self, MI_Uint32 index, const MI_Char **name,
                                    MI_QualifierSet *qualifierSet, MI_ParameterSet *parameterSet);
    MI_Result(MI_CALL *GetMethod)(const MI_Class *self, const MI_Char *name,
                                  MI_QualifierSet *qualifierSet, MI_ParameterSet *parameterSet,
                                  MI_Uint32 *index);
    MI_Result(MI_CALL *GetParentClassName)(const MI_Class *self, const MI_Char **name);
    MI_Result(MI_CALL *GetParentClass)(const MI_Class *self, MI_Class **parentClass);
    MI_Result(MI_CALL *Delete)(MI_Class *self);
    MI_Result(MI_CALL *Clone)(const MI_Class *self, MI_Class **newClass);
};

/* ---------------------------------------------------------------- credentials */

#define MI_AUTH_TYPE_DEFAULT MI_T("Default")
#define MI_AUTH_TYPE_NONE MI_T("None")
#define MI_AUTH_TYPE_DIGEST MI_T("Digest")
#define MI_AUTH_TYPE_NEGO_WITH_CREDS MI_T("NegoWithCreds")
#define MI_AUTH_TYPE_NEGO_NO_CREDS MI_T("NegoNoCreds")
#define MI_AUTH_TYPE_BASIC MI_T("Basic")
#define MI_AUTH_TYPE_KERBEROS MI_T("Kerberos")
#define MI_AUTH_TYPE_CLIENT_CERTS MI_T("ClientCerts")
#define MI_AUTH_TYPE_NTLM MI_T("Ntlmdomain")
#define MI_AUTH_TYPE_CREDSSP MI_T("CredSSP")
#define MI_AUTH_TYPE_ISSUER_CERT MI_T("IssuerCert")

typedef struct _MI_UsernamePasswordCreds {
    const MI_Char *domain;
    const MI_Char *username;
    const MI_Char *password;
} MI_UsernamePasswordCreds;

typedef struct _MI_UserCredentials {
    const MI_Char *authenticationType;
    union {
        MI_UsernamePasswordCreds usernamePassword;
        const MI_Char *certificateThumbprint;
    } credentials;
} MI_UserCredentials;

/* ---------------------------------------------------------------- handles */

#define MI_DECLARE_HANDLE(NAME, FT) \
    typedef struct FT FT;           \
    struct _##NAME {                \
        MI_Uint64 reserved1;        \
        ptrdiff_t reserved2;        \
        const FT *ft;               \
    }

MI_DECLARE_HANDLE(MI_Application, MI_ApplicationFT);
MI_DECLARE_HANDLE(MI_Session, MI_SessionFT);
MI_DECLARE_HANDLE(MI_Operation, MI_OperationFT);
MI_DECLARE_HANDLE(MI_HostedProvider, MI_HostedProviderFT);
MI_DECLARE_HANDLE(MI_DestinationOptions, MI_DestinationOptionsFT);
MI_DECLARE_HANDLE(MI_OperationOptions, MI_OperationOptionsFT);
MI_DECLARE_HANDLE(MI_SubscriptionDeliveryOptions, MI_SubscriptionDeliveryOptionsFT);
MI_DECLARE_HANDLE(MI_Serializer, MI_SerializerFT);
MI_DECLARE_HANDLE(MI_Deserializer, MI_DeserializerFT);
#undef MI_DECLARE_HANDLE

#define MI_APPLICATION_NULL {0, 0, NULL}
#define MI_SESSION_NULL {0, 0, NULL}
#define MI_OPERATION_NULL {0, 0, NULL}
#define MI_DESTINATIONOPTIONS_NULL {0, 0, NULL}
#define MI_OPERATIONOPTIONS_NULL {0, 0, NULL}
#define MI_SUBSCRIPTIONDELIVERYOPTIONS_NULL {0, 0, NULL}
#define MI_HOSTEDPROVIDER_NULL {0, 0, NULL}
#define MI_SERIALIZER_NULL {0, 0, NULL}
#define MI_DESERIALIZER_NULL {0, 0, NULL}

/* ---------------------------------------------------------------- callbacks */

typedef MI_Result(MI_CALL *MI_OperationCallback_ResultAcknowledgement)(MI_Operation *operation);
typedef MI_Result(MI_CALL *MI_OperationCallback_ResponseResult)(
    MI_Operation *operation, MI_OperationCallback_ResponseType response);

typedef void(MI_CALL *MI_OperationCallback_PromptUser)(
    MI_Operation *operation, void *callbackContext, const MI_Char *message,
    MI_PromptType promptType,
    MI_Result(MI_CALL *promptUserResult)(MI_Operation *operation,
                                         MI_OperationCallback_ResponseType response));

typedef void(MI_CALL *MI_OperationCallback_WriteError)(
    MI_Operation *operation, void *callbackContext, MI_Instance *instance,
    MI_Result(MI_CALL *writeErrorResult)(MI_Operation *operation,
                                         MI_OperationCallback_ResponseType response));

typedef void(MI_CALL *MI_OperationCallback_WriteMessage)(MI_Operation *operation,
                                                         void *callbackContext, MI_Uint32 channel,
                                                         const MI_Char *message);

typedef void(MI_CALL *MI_OperationCallback_WriteProgress)(
    MI_Operation *operation, void *callbackContext, const MI_Char *activity,
    const MI_Char *currentOperation, const MI_Char *statusDescription,
    MI_Uint32 percentageComplete, MI_Uint32 secondsRemaining);

typedef void(MI_CALL *MI_OperationCallback_Instance)(
    MI_Operation *operation, void *callbackContext, const MI_Instance *instance,
    MI_Boolean moreResults, MI_Result resultCode, const MI_Char *errorString,
    const MI_Instance *errorDetails,
    MI_Result(MI_CALL *resultAcknowledgement)(MI_Operation *operation));

typedef void(MI_CALL *MI_OperationCallback_StreamedParameter)(
    MI_Operation *operation, void *callbackContext, const MI_Char *parameterName,
    MI_Type resultType, const MI_Value *result,
    MI_Result(MI_CALL *resultAcknowledgement)(MI_Operation *operation));

typedef void(MI_CALL *MI_OperationCallback_Indication)(
    MI_Operation *operation, void *callbackContext, const MI_Instance *instance,
    const MI_Char *bookmark, const MI_Char *machineID, MI_Boolean moreResults,
    MI_Result resultCode, const MI_Char *errorString, const MI_Instance *errorDetails,
    MI_Result(MI_CALL *resultAcknowledgement)(MI_Operation *operation));

typedef void(MI_CALL *MI_OperationCallback_Class)(
    MI_Operation *operation, void *callbackContext, const MI_Class *classResult,
    MI_Boolean moreResults, MI_Result resultCode, const MI_Char *errorString,
    const MI_Instance *errorDetails,
    MI_Result(MI_CALL *resultAcknowledgement)(MI_Operation *operation));

typedef struct _MI_OperationCallbacks {
    void *callbackContext;
    MI_OperationCallback_PromptUser promptUser;
    MI_OperationCallback_WriteError writeError;
    MI_OperationCallback_WriteMessage writeMessage;
    MI_OperationCallback_WriteProgress writeProgress;
    MI_OperationCallback_Instance instanceResult;
    MI_OperationCallback_Indication indicationResult;
    MI_OperationCallback_Class classResult;
    MI_OperationCallback_StreamedParameter streamedParameterResult;
} MI_OperationCallbacks;

#define MI_OPERATIONCALLBACKS_NULL {NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL}

typedef struct _MI_SessionCallbacks {
    void *callbackContext;
    void(MI_CALL *writeMessage)(MI_Application *application, void *callbackContext,
                                MI_Uint32 channel, const MI_Char *message);
    void(MI_CALL *writeError)(MI_Application *application, void *callbackContext,
                              MI_Instance *instance);
} MI_SessionCallbacks;

#define MI_SESSIONCALLBACKS_NULL {NULL, NULL, NULL}

typedef MI_Module *(MI_MAIN_CALL *MI_MainFunction)(MI_Server *server);

/* ---------------------------------------------------------------- function tables */

struct MI_ApplicationFT {
    MI_Result(MI_CALL *Close)(MI_Application *application);
    MI_Result(MI_CALL *NewSession)(MI_Application *application, const MI_Char *protocol,
                                   const MI_Char *destination, MI_DestinationOptions *options,
                                   MI_SessionCallbacks *callbacks, MI_Instance **extendedError,
                                   MI_Session *session);
    MI_Result(MI_CALL *NewHostedProvider)(MI_Application *application,
                                          const MI_Char *namespaceName,
                                          const MI_Char *providerName, MI_MainFunction mi_Main,
                                          MI_Instance **extendedError,
                                          MI_HostedProvider *hostedProvider);
    MI_Result(MI_CALL *NewInstance)(MI_Application *application, const MI_Char *className,
                                    const MI_ClassDecl *classRTTI, MI_Instance **instance);
    MI_Result(MI_CALL *NewDestinationOptions)(MI_Application *application,
                                              MI_DestinationOptions *options);
    MI_Result(MI_CALL *NewOperationOptions)(MI_Application *application,
                                            MI_Boolean customOptionsMustUnderstand,
                                            MI_OperationOptions *options);
    MI_Result(MI_CALL *NewSubscriptionDeliveryOptions)(
        MI_Application *application, MI_SubscriptionDeliveryType deliveryType,
        MI_SubscriptionDeliveryOptions *deliveryOptions);
    MI_Result(MI_CALL *NewSerializer)(MI_Application *application, MI_Uint32 flags,
                                      MI_Char *format, MI_Serializer *serializer);
    MI_Result(MI_CALL *NewDeserializer)(MI_Application *application, MI_Uint32 flags,
                                        MI_Char *format, MI_Deserializer *deserializer);
    MI_Result(MI_CALL *NewInstanceFromClass)(MI_Application *application,
                                             const MI_Char *className,
                                             const MI_Class *classObject, MI_Instance **instance);
    MI_Result(MI_CALL *NewClass)(MI_Application *application, const MI_ClassDecl *classDecl,
                                 const MI_Char *namespaceName, const MI_Char *serverName,
                                 MI_Class **classObject);
};

struct MI_SessionFT {
    MI_Result(MI_CALL *Close)(MI_Session *session, void *completionContext,
                              void(MI_CALL *completionCallback)(void *completionContext));
    MI_Result(MI_CALL *GetApplication)(MI_Session *session, MI_Application *application);
    void(MI_CALL *GetInstance)(MI_Session *session, MI_Uint32 flags, MI_OperationOptions *options,
                               const MI_Char *namespaceName, const MI_Instance *inboundInstance,
                               MI_OperationCallbacks *callbacks, MI_Operation *operation);
    void(MI_CALL *ModifyInstance)(MI_Session *session, MI_Uint32 flags,
                                  MI_OperationOptions *options, const MI_Char *namespaceName,
                                  const MI_Instance *inboundInstance,
                                  MI_OperationCallbacks *callbacks, MI_Operation *operation);
    void(MI_CALL *CreateInstance)(MI_Session *session, MI_Uint32 flags,
                                  MI_OperationOptions *options, const MI_Char *namespaceName,
                                  const MI_Instance *inboundInstance,
                                  MI_OperationCallbacks *callbacks, MI_Operation *operation);
    void(MI_CALL *DeleteInstance)(MI_Session *session, MI_Uint32 flags,
                                  MI_OperationOptions *options, const MI_Char *namespaceName,
                                  const MI_Instance *inboundInstance,
                                  MI_OperationCallbacks *callbacks, MI_Operation *operation);
    void(MI_CALL *Invoke)(MI_Session *session, MI_Uint32 flags, MI_OperationOptions *options,
                          const MI_Char *namespaceName, const MI_Char *className,
                          const MI_Char *methodName, const MI_Instance *inboundInstance,
                          const MI_Instance *inboundProperties, MI_OperationCallbacks *callbacks,
                          MI_Operation *operation);
    void(MI_CALL *EnumerateInstances)(MI_Session *session, MI_Uint32 flags,
                                      MI_OperationOptions *options, const MI_Char *namespaceName,
                                      const MI_Char *className, MI_Boolean keysOnly,
                                      MI_OperationCallbacks *callbacks, MI_Operation *operation);
    void(MI_CALL *QueryInstances)(MI_Session *session, MI_Uint32 flags,
                                  MI_OperationOptions *options, const MI_Char *namespaceName,
                                  const MI_Char *queryDialect, const MI_Char *queryExpression,
                                  MI_OperationCallbacks *callbacks, MI_Operation *operation);
    void(MI_CALL *AssociatorInstances)(MI_Session *session, MI_Uint32 flags,
                                       MI_OperationOptions *options,
                                       const MI_Char *namespaceName,
                                       const MI_Instance *instanceKeys,
                                       const MI_Char *assocClass, const MI_Char *resultClass,
                                       const MI_Char *role, const MI_Char *resultRole,
                                       MI_Boolean keysOnly, MI_OperationCallbacks *callbacks,
                                       MI_Operation *operation);
    void(MI_CALL *ReferenceInstances)(MI_Session *session, MI_Uint32 flags,
                                      MI_OperationOptions *options, const MI_Char *namespaceName,
                                      const MI_Instance *instanceKeys,
                                      const MI_Char *resultClass, const MI_Char *role,
                                      MI_Boolean keysOnly, MI_OperationCallbacks *callbacks,
                                      MI_Operation *operation);
    void(MI_CALL *Subscribe)(MI_Session *session, MI_Uint32 flags, MI_OperationOptions *options,
                             const MI_Char *namespaceName, const MI_Char *queryDialect,
                             const MI_Char *queryExpression,
                             const MI_SubscriptionDeliveryOptions *deliverOptions,
                             MI_OperationCallbacks *callbacks, MI_Operation *operation);
    void(MI_CALL *GetClass)(MI_Session *session, MI_Uint32 flags, MI_OperationOptions *options,
                            const MI_Char *namespaceName, const MI_Char *className,
                            MI_OperationCallbacks *callbacks, MI_Operation *operation);
    void(MI_CALL *EnumerateClasses)(MI_Session *session, MI_Uint32 flags,
                                    MI_OperationOptions *options, const MI_Char *namespaceName,
                                    const MI_Char *className, MI_Boolean classNamesOnly,
                                    MI_OperationCallbacks *callbacks, MI_Operation *operation);
    void(MI_CALL *TestConnection)(MI_Session *session, MI_Uint32 flags,
                                  MI_OperationCallbacks *callbacks, MI_Operation *operation);
};

struct MI_OperationFT {
    MI_Result(MI_CALL *Close)(MI_Operation *operation);
    MI_Result(MI_CALL *Cancel)(MI_Operation *operation, MI_CancellationReason reason);
    MI_Result(MI_CALL *GetSession)(MI_Operation *operation, MI_Session *session);
    MI_Result(MI_CALL *GetInstance)(MI_Operation *operation, const MI_Instance **instance,
                                    MI_Boolean *moreResults, MI_Result *result,
                                    const MI_Char **errorMessage,
                                    const MI_Instance **completionDetails);
    MI_Result(MI_CALL *GetIndication)(MI_Operation *operation, const MI_Instance **instance,
                                      const MI_Char **bookmark, const MI_Char **machineID,
                                      MI_Boolean *moreResults, MI_Result *result,
                                      const MI_Char **errorMessage,
                                      const MI_Instance **completionDetails);
    MI_Result(MI_CALL *GetClass)(MI_Operation *operation, const MI_Class **classResult,
                                 MI_Boolean *moreResults, MI_Result *result,
                                 const MI_Char **errorMessage,
                                 const MI_Instance **completionDetails);
};

struct MI_HostedProviderFT {
    MI_Result(MI_CALL *Close)(MI_HostedProvider *hostedProvider);
    MI_Result(MI_CALL *GetApplication)(MI_HostedProvider *hostedProvider,
                                       MI_Application *application);
};

struct MI_OperationOptionsFT {
    void(MI_CALL *Delete)(MI_OperationOptions *options);
    MI_Result(MI_CALL *SetString)(MI_OperationOptions *options, const MI_Char *optionName,
                                  const MI_Char *value, MI_Uint32 flags);
    MI_Result(MI_CALL *SetNumber)(MI_OperationOptions *options, const MI_Char *optionName,
                                  MI_Uint32 value, MI_Uint32 flags);
    MI_Result(MI_CALL *SetCustomOption)(MI_OperationOptions *options, const MI_Char *optionName,
                                        MI_Type valueType, const MI_Value *value,
                                        MI_Boolean mustComply, MI_Uint32 flags);
    MI_Result(MI_CALL *GetString)(MI_OperationOptions *options, const MI_Char *optionName,
                                  const MI_Char **value, MI_Uint32 *index, MI_Uint32 *flags);
    MI_Result(MI_CALL *GetNumber)(MI_OperationOptions *options, const MI_Char *optionName,
                                  MI_Uint32 *value, MI_Uint32 *index, MI_Uint32 *flags);
    MI_Result(MI_CALL *GetOptionCount)(MI_OperationOptions *options, MI_Uint32 *count);
    MI_Result(MI_CALL *GetOptionAt)(MI_OperationOptions *options, MI_Uint32 index,
                                    const MI_Char **optionName, MI_Value *value, MI_Type *type,
                                    MI_Uint32 *flags);
    MI_Result(MI_CALL *GetOption)(MI_OperationOptions *options, const MI_Char *optionName,
                                  MI_Value *value, MI_Type *type, MI_Uint32 *index,
                                  MI_Uint32 *flags);
    MI_Result(MI_CALL *GetEnabledChannels)(MI_OperationOptions *options,
                                           const MI_Char *optionName, MI_Uint32 *channels,
                                           MI_Uint32 bufferLength, MI_Uint32 *channelCount,
                                           MI_Uint32 *flags);
    MI_Result(MI_CALL *Clone)(const MI_OperationOptions *self,
                              MI_OperationOptions *newOperationOptions);
    MI_Result(MI_CALL *SetInterval)(MI_OperationOptions *options, const MI_Char *optionName,
                                    const MI_Interval *value, MI_Uint32 flags);
    MI_Result(MI_CALL *GetInterval)(MI_OperationOptions *options, const MI_Char *optionName,
                                    MI_Interval *value, MI_Uint32 *index, MI_Uint32 *flags);
};

struct MI_DestinationOptionsFT {
    void(MI_CALL *Delete)(MI_DestinationOptions *options);
    MI_Result(MI_CALL *SetString)(MI_DestinationOptions *options, const MI_Char *optionName,
                                  const MI_Char *value, MI_Uint32 flags);
    MI_Result(MI_CALL *SetNumber)(MI_DestinationOptions *options, const MI_Char *optionName,
                                  MI_Uint32 value, MI_Uint32 flags);
    MI_Result(MI_CALL *AddCredentials)(MI_DestinationOptions *options, const MI_Char *optionName,
                                       const MI_UserCredentials *credentials, MI_Uint32 flags);
    MI_Result(MI_CALL *GetString)(MI_DestinationOptions *options, const MI_Char *optionName,
                                  const MI_Char **value, MI_Uint32 *index, MI_Uint32 *flags);
    MI_Result(MI_CALL *GetNumber)(MI_DestinationOptions *options, const MI_Char *optionName,
                                  MI_Uint32 *value, MI_Uint32 *index, MI_Uint32 *flags);
    MI_Result(MI_CALL *GetOptionCount)(MI_DestinationOptions *options, MI_Uint32 *count);
    MI_Result(MI_CALL *GetOptionAt)(MI_DestinationOptions *options, MI_Uint32 index,
                                    const MI_Char **optionName, MI_Value *value, MI_Type *type,
                                    MI_Uint32 *flags);
    MI_Result(MI_CALL *GetOption)(MI_DestinationOptions *options, const MI_Char *optionName,
                                  MI_Value *value, MI_Type *type, MI_Uint32 *index,
                                  MI_Uint32 *flags);
    MI_Result(MI_CALL *GetCredentialsCount)(MI_DestinationOptions *options, MI_Uint32 *count);
    MI_Result(MI_CALL *GetCredentialsAt)(MI_DestinationOptions *options, MI_Uint32 index,
                                         const MI_Char **optionName,
                                         MI_UserCredentials *credentials, MI_Uint32 *flags);
    MI_Result(MI_CALL *GetCredentialsPasswordAt)(MI_DestinationOptions *options, MI_Uint32 index,
                                                 const MI_Char **optionName, MI_Char *password,
                                                 MI_Uint32 bufferLength,
                                                 MI_Uint32 *passwordLength, MI_Uint32 *flags);
    MI_Result(MI_CALL *Clone)(const MI_DestinationOptions *self,
                              MI_DestinationOptions *newDestinationOptions);
    MI_Result(MI_CALL *SetInterval)(MI_DestinationOptions *options, const MI_Char *optionName,
                                    const MI_Interval *value, MI_Uint32 flags);
    MI_Result(MI_CALL *GetInterval)(MI_DestinationOptions *options, const MI_Char *optionName,
                                    MI_Interval *value, MI_Uint32 *index, MI_Uint32 *flags);
};

struct MI_SubscriptionDeliveryOptionsFT {
    MI_Result(MI_CALL *SetString)(MI_SubscriptionDeliveryOptions *self, const MI_Char *optionName,
                                  const MI_Char *value, MI_Uint32 flags);
    MI_Result(MI_CALL *SetNumber)(MI_SubscriptionDeliveryOptions *self, const MI_Char *optionName,
                                  MI_Uint32 value, MI_Uint32 flags);
    MI_Result(MI_CALL *SetDateTime)(MI_SubscriptionDeliveryOptions *self,
                                    const MI_Char *optionName, const MI_Datetime *value,
                                    MI_Uint32 flags);
    MI_Result(MI_CALL *SetInterval)(MI_SubscriptionDeliveryOptions *self,
                                    const MI_Char *optionName, const MI_Interval *value,
                                    MI_Uint32 flags);
    MI_Result(MI_CALL *AddCredentials)(MI_SubscriptionDeliveryOptions *self,
                                       const MI_Char *optionName,
                                       const MI_UserCredentials *credentials, MI_Uint32 flags);
    MI_Result(MI_CALL *Delete)(MI_SubscriptionDeliveryOptions *self);
    MI_Result(MI_CALL *GetString)(MI_SubscriptionDeliveryOptions *self, const MI_Char *optionName,
                                  const MI_Char **value, MI_Uint32 *index, MI_Uint32 *flags);
    MI_Result(MI_CALL *GetNumber)(MI_SubscriptionDeliveryOptions *self, const MI_Char *optionName,
                                  MI_Uint32 *value, MI_Uint32 *index, MI_Uint32 *flags);
    MI_Result(MI_CALL *GetDateTime)(MI_SubscriptionDeliveryOptions *self,
                                    const MI_Char *optionName, MI_Datetime *value,
                                    MI_Uint32 *index, MI_Uint32 *flags);
    MI_Result(MI_CALL *GetInterval)(MI_SubscriptionDeliveryOptions *self,
                                    const MI_Char *optionName, MI_Interval *value,
                                    MI_Uint32 *index, MI_Uint32 *flags);
    MI_Result(MI_CALL *GetOptionCount)(MI_SubscriptionDeliveryOptions *self, MI_Uint32 *count);
    MI_Result(MI_CALL *GetOptionAt)(MI_SubscriptionDeliveryOptions *self, MI_Uint32 index,
                                    const MI_Char **optionName, MI_Value *value, MI_Type *type,
                                    MI_Uint32 *flags);
    MI_Result(MI_CALL *GetOption)(MI_SubscriptionDeliveryOptions *self, const MI_Char *optionName,
                                  MI_Value *value, MI_Type *type, MI_Uint32 *index,
                                  MI_Uint32 *flags);
    MI_Result(MI_CALL *GetCredentialsCount)(MI_SubscriptionDeliveryOptions *self,
                                            MI_Uint32 *count);
    MI_Result(MI_CALL *GetCredentialsAt)(MI_SubscriptionDeliveryOptions *self, MI_Uint32 index,
                                         const MI_Char **optionName,
                                         MI_UserCredentials *credentials, MI_Uint32 *flags);
    MI_Result(MI_CALL *GetCredentialsPasswordAt)(MI_SubscriptionDeliveryOptions *self,
                                                 MI_Uint32 index, const MI_Char **optionName,
                                                 MI_Char *password, MI_Uint32 bufferLength,
                                                 MI_Uint32 *passwordLength, MI_Uint32 *flags);
    MI_Result(MI_CALL *Clone)(const MI_SubscriptionDeliveryOptions *self,
                              MI_SubscriptionDeliveryOptions *newSubscriptionDeliveryOptions);
};

struct MI_SerializerFT {
    MI_Result(MI_CALL *Close)(MI_Serializer *serializer);
    MI_Result(MI_CALL *SerializeClass)(MI_Serializer *serializer, MI_Uint32 flags,
                                       const MI_Class *classObject, MI_Uint8 *clientBuffer,
                                       MI_Uint32 clientBufferLength,
                                       MI_Uint32 *clientBufferNeeded);
    MI_Result(MI_CALL *SerializeInstance)(MI_Serializer *serializer, MI_Uint32 flags,
                                          const MI_Instance *instanceObject,
                                          MI_Uint8 *clientBuffer, MI_Uint32 clientBufferLength,
                                          MI_Uint32 *clientBufferNeeded);
};

struct MI_DeserializerFT {
    MI_Result(MI_CALL *Close)(MI_Deserializer *deserializer);
    MI_Result(MI_CALL *DeserializeClass)(MI_Deserializer *deserializer, MI_Uint32 flags,
                                         MI_Uint8 *serializedBuffer,
                                         MI_Uint32 serializedBufferLength, MI_Class *parentClass,
                                         const MI_Char *serverName, const MI_Char *namespaceName,
                                         void *classObjectNeeded, void *classObjectNeededContext,
                                         MI_Uint32 *serializedBufferRead, MI_Class **classObject,
                                         MI_Instance **cimErrorDetails);
    MI_Result(MI_CALL *Class_GetClassName)(MI_Deserializer *deserializer,
                                           MI_Uint8 *serializedBuffer,
                                           MI_Uint32 serializedBufferLength,
                                           MI_Char *className, MI_Uint32 *classNameLength,
                                           MI_Instance **cimErrorDetails);
    MI_Result(MI_CALL *Class_GetParentClassName)(MI_Deserializer *deserializer,
                                                 MI_Uint8 *serializedBuffer,
                                                 MI_Uint32 serializedBufferLength,
                                                 MI_Char *parentClassName,
                                                 MI_Uint32 *parentClassNameLength,
                                                 MI_Instance **cimErrorDetails);
    MI_Result(MI_CALL *DeserializeInstance)(MI_Deserializer *deserializer, MI_Uint32 flags,
                                            MI_Uint8 *serializedBuffer,
                                            MI_Uint32 serializedBufferLength,
                                            MI_Class **classObjects, MI_Uint32 numberClassObjects,
                                            void *classObjectNeeded,
                                            void *classObjectNeededContext,
                                            MI_Uint32 *serializedBufferRead,
                                            MI_Instance **instanceObject,
                                            MI_Instance **cimErrorDetails);
    MI_Result(MI_CALL *Instance_GetClassName)(MI_Deserializer *deserializer,
                                              MI_Uint8 *serializedBuffer,
                                              MI_Uint32 serializedBufferLength,
                                              MI_Char *className, MI_Uint32 *classNameLength,
                                              MI_Instance **cimErrorDetails);
};

/* ---------------------------------------------------------------- the one exported symbol */

MI_Result MI_CALL MI_Application_InitializeV1(MI_Uint32 flags, const MI_Char *applicationID,
                                              MI_Instance **extendedError,
                                              MI_Application *application);

#define MI_Application_Initialize(flags, applicationID, extendedError, application) \
    MI_Application_InitializeV1((flags), (applicationID), (extendedError), (application))

/* ---------------------------------------------------------------- option names */

#define MI_T_DEST(NAME) MI_T("__MI_DESTINATIONOPTIONS_" NAME)
#define MI_DESTINATIONOPTIONS_TRANSPORT_HTTP MI_T("HTTP")
#define MI_DESTINATIONOPTIONS_TRANSPORT_HTTPS MI_T("HTTPS")

#define MI_DESTOPT_TRANSPORT MI_T_DEST("TRANSPORT")
#define MI_DESTOPT_DESTINATION_PORT MI_T_DEST("DESTINATION_PORT")
#define MI_DESTOPT_HTTP_URL_PREFIX MI_T_DEST("HTTP_URL_PREFIX")
#define MI_DESTOPT_DESTINATION_CREDENTIALS MI_T_DEST("DESTINATION_CREDENTIALS")
#define MI_DESTOPT_PROXY_CREDENTIALS MI_T_DEST("PROXY_CREDENTIALS")
#define MI_DESTOPT_TIMEOUT MI_T_DEST("TIMEOUT")
#define MI_DESTOPT_CERT_CA_CHECK MI_T_DEST("CERT_CA_CHECK")
#define MI_DESTOPT_CERT_CN_CHECK MI_T_DEST("CERT_CN_CHECK")
#define MI_DESTOPT_CERT_REVOCATION_CHECK MI_T_DEST("CERT_REVOCATION_CHECK")
#define MI_DESTOPT_PACKET_PRIVACY MI_T_DEST("PACKET_PRIVACY")
#define MI_DESTOPT_PACKET_INTEGRITY MI_T_DEST("PACKET_INTEGRITY")
#define MI_DESTOPT_PACKET_ENCODING MI_T_DEST("PACKET_ENCODING")
#define MI_DESTOPT_DATA_LOCALE MI_T_DEST("DATA_LOCALE")
#define MI_DESTOPT_UI_LOCALE MI_T_DEST("UI_LOCALE")
#define MI_DESTOPT_MAX_ENVELOPE_SIZE MI_T_DEST("MAX_ENVELOPE_SIZE")
#define MI_DESTOPT_MAX_ELEMENTS MI_T_DEST("MAX_ELEMENTS")
#define MI_DESTOPT_ENCODE_PORT_IN_SPN MI_T_DEST("ENCODE_PORT_IN_SPN")
#define MI_DESTOPT_IMPERSONATION_TYPE MI_T_DEST("IMPERSONATION_TYPE")
#define MI_DESTOPT_PROXY_TYPE MI_T_DEST("PROXY_TYPE")
#define MI_DESTOPT_SSL_OPTIONS MI_T_DEST("SSL_OPTIONS")
#define MI_DESTOPT_TRUSTED_CERTS_DIR MI_T_DEST("TRUSTED_CERTS_DIR")
#define MI_DESTOPT_CERT_FILE MI_T_DEST("CERT_FILE")
#define MI_DESTOPT_PRIVATE_KEY_FILE MI_T_DEST("PRIVATE_KEY_FILE")

#define MI_T_OPER(NAME) MI_T("__MI_OPERATIONOPTIONS_" NAME)
#define MI_OPERATIONOPTIONS_TIMEOUT MI_T_OPER("TIMEOUT")
#define MI_OPERATIONOPTIONS_RESOURCE_URI MI_T_OPER("RESOURCE_URI")
#define MI_OPERATIONOPTIONS_RESOURCE_URI_PREFIX MI_T_OPER("RESOURCE_URI_PREFIX")
#define MI_OPERATIONOPTIONS_WRITEERRORMODE MI_T_OPER("WRITEERRORMODE")
#define MI_OPERATIONOPTIONS_PROMPTUSERMODE MI_T_OPER("PROMPTUSERMODE")
#define MI_OPERATIONOPTIONS_PROMPTUSERMODEREGULAR_ACKVALUE MI_T_OPER("PROMPTUSERMODEREGULAR_ACKVALUE")
#define MI_OPERATIONOPTIONS_PROVIDER_ARCHITECTURE MI_T_OPER("PROVIDER_ARCHITECTURE")
#define MI_OPERATIONOPTIONS_REQUIRED_ARCHITECTURE MI_T_OPER("REQUIRED_ARCHITECTURE")
#define MI_OPERATIONOPTIONS_CHANNEL MI_T_OPER("CHANNEL")
#define MI_OPERATIONOPTIONS_USE_MACHINE_ID MI_T_OPER("USE_MACHINE_ID")

/* ---------------------------------------------------------------- wrappers: application */

/* The handle test every wrapper makes, and nothing more (see the file comment). */
#define MI_HANDLE_OK(h) ((h) != NULL && (h)->ft != NULL)

MI_INLINE MI_Result MI_Application_Close(MI_Application *application)
{
    return MI_HANDLE_OK(application) ? application->ft->Close(application)
                                     : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_Application_NewSession(MI_Application *application,
                                              const MI_Char *protocol,
                                              const MI_Char *destination,
                                              MI_DestinationOptions *options,
                                              MI_SessionCallbacks *callbacks,
                                              MI_Instance **extendedError, MI_Session *session)
{
    if (!MI_HANDLE_OK(application)) return MI_RESULT_INVALID_PARAMETER;
    return application->ft->NewSession(application, protocol, destination, options, callbacks,
                                       extendedError, session);
}

MI_INLINE MI_Result MI_Application_NewHostedProvider(MI_Application *application,
                                                     const MI_Char *namespaceName,
                                                     const MI_Char *providerName,
                                                     MI_MainFunction mi_Main,
                                                     MI_Instance **extendedError,
                                                     MI_HostedProvider *provider)
{
    if (!MI_HANDLE_OK(application)) return MI_RESULT_INVALID_PARAMETER;
    return application->ft->NewHostedProvider(application, namespaceName, providerName, mi_Main,
                                              extendedError, provider);
}

MI_INLINE MI_Result MI_Application_NewInstance(MI_Application *application,
                                               const MI_Char *className,
                                               const MI_ClassDecl *classRTTI,
                                               MI_Instance **instance)
{
    if (!MI_HANDLE_OK(application)) return MI_RESULT_INVALID_PARAMETER;
    return application->ft->NewInstance(application, className, classRTTI, instance);
}

MI_INLINE MI_Result MI_Application_NewParameterSet(MI_Application *application,
                                                   const MI_ClassDecl *classRTTI,
                                                   MI_Instance **instance)
{
    if (!MI_HANDLE_OK(application)) return MI_RESULT_INVALID_PARAMETER;
    return application->ft->NewInstance(application, MI_T("Parameters"), classRTTI, instance);
}

MI_INLINE MI_Result MI_Application_NewDestinationOptions(MI_Application *application,
                                                         MI_DestinationOptions *options)
{
    if (!MI_HANDLE_OK(application)) return MI_RESULT_INVALID_PARAMETER;
    return application->ft->NewDestinationOptions(application, options);
}

MI_INLINE MI_Result MI_Application_NewOperationOptions(MI_Application *application,
                                                       MI_Boolean customOptionsMustUnderstand,
                                                       MI_OperationOptions *options)
{
    if (!MI_HANDLE_OK(application)) return MI_RESULT_INVALID_PARAMETER;
    return application->ft->NewOperationOptions(application, customOptionsMustUnderstand,
                                                options);
}

MI_INLINE MI_Result MI_Application_NewSubscriptionDeliveryOptions(
    MI_Application *application, MI_SubscriptionDeliveryType deliveryType,
    MI_SubscriptionDeliveryOptions *options)
{
    if (!MI_HANDLE_OK(application)) return MI_RESULT_INVALID_PARAMETER;
    return application->ft->NewSubscriptionDeliveryOptions(application, deliveryType, options);
}

MI_INLINE MI_Result MI_Application_NewSerializer(MI_Application *application, MI_Uint32 flags,
                                                 MI_Char *format, MI_Serializer *serializer)
{
    if (!MI_HANDLE_OK(application)) return MI_RESULT_INVALID_PARAMETER;
    return application->ft->NewSerializer(application, flags, format, serializer);
}

MI_INLINE MI_Result MI_Application_NewDeserializer(MI_Application *application, MI_Uint32 flags,
                                                   MI_Char *format,
                                                   MI_Deserializer *deserializer)
{
    if (!MI_HANDLE_OK(application)) return MI_RESULT_INVALID_PARAMETER;
    return application->ft->NewDeserializer(application, flags, format, deserializer);
}

MI_INLINE MI_Result MI_Application_NewInstanceFromClass(MI_Application *application,
                                                        const MI_Char *className,
                                                        const MI_Class *classObject,
                                                        MI_Instance **instance)
{
    if (!MI_HANDLE_OK(application)) return MI_RESULT_INVALID_PARAMETER;
    return application->ft->NewInstanceFromClass(application, className, classObject, instance);
}

MI_INLINE MI_Result MI_Application_NewClass(MI_Application *application,
                                            const MI_ClassDecl *classDecl,
                                            const MI_Char *namespaceName,
                                            const MI_Char *serverName, MI_Class **classObject)
{
    if (!MI_HANDLE_OK(application)) return MI_RESULT_INVALID_PARAMETER;
    return application->ft->NewClass(application, classDecl, namespaceName, serverName,
                                     classObject);
}

/* ---------------------------------------------------------------- wrappers: session */

/* VAL-1 (header): with no usable session the operation is zeroed and an asynchronous caller
 * hears INVALID_PARAMETER through its own callback, exactly as OMI's header does. */
MI_INLINE void MI_Session_ReportInvalid_(MI_OperationCallbacks *callbacks,
                                         MI_Operation *operation)
{
    if (operation != NULL) memset(operation, 0, sizeof *operation);
    if (callbacks != NULL && callbacks->instanceResult != NULL)
        callbacks->instanceResult(NULL, callbacks->callbackContext, NULL, MI_FALSE,
                                  MI_RESULT_INVALID_PARAMETER, NULL, NULL, NULL);
}

MI_INLINE MI_Result MI_Session_Close(MI_Session *session, void *completionContext,
                                     void(MI_CALL *completionCallback)(void *completionContext))
{
    if (!MI_HANDLE_OK(session)) return MI_RESULT_INVALID_PARAMETER;
    return session->ft->Close(session, completionContext, completionCallback);
}

MI_INLINE MI_Result MI_Session_GetApplication(MI_Session *session, MI_Application *application)
{
    if (!MI_HANDLE_OK(session)) return MI_RESULT_INVALID_PARAMETER;
    return session->ft->GetApplication(session, application);
}

MI_INLINE void MI_Session_Invoke(MI_Session *session, MI_Uint32 flags,
                                 MI_OperationOptions *options, const MI_Char *namespaceName,
                                 const MI_Char *className, const MI_Char *methodName,
                                 const MI_Instance *inboundInstance,
                                 const MI_Instance *inboundProperties,
                                 MI_OperationCallbacks *callbacks, MI_Operation *operation)
{
    if (MI_HANDLE_OK(session))
        session->ft->Invoke(session, flags, options, namespaceName, className, methodName,
                            inboundInstance, inboundProperties, callbacks, operation);
    else
        MI_Session_ReportInvalid_(callbacks, operation);
}

MI_INLINE void MI_Session_GetInstance(MI_Session *session, MI_Uint32 flags,
                                      MI_OperationOptions *options,
                                      const MI_Char *namespaceName,
                                      const MI_Instance *inboundInstance,
                                      MI_OperationCallbacks *callbacks, MI_Operation *operation)
{
    if (MI_HANDLE_OK(session))
        session->ft->GetInstance(session, flags, options, namespaceName, inboundInstance,
                                 callbacks, operation);
    else
        MI_Session_ReportInvalid_(callbacks, operation);
}

MI_INLINE void MI_Session_ModifyInstance(MI_Session *session, MI_Uint32 flags,
                                         MI_OperationOptions *options,
                                         const MI_Char *namespaceName,
                                         const MI_Instance *inboundInstance,
                                         MI_OperationCallbacks *callbacks,
                                         MI_Operation *operation)
{
    if (MI_HANDLE_OK(session))
        session->ft->ModifyInstance(session, flags, options, namespaceName, inboundInstance,
                                    callbacks, operation);
    else
        MI_Session_ReportInvalid_(callbacks, operation);
}

MI_INLINE void MI_Session_CreateInstance(MI_Session *session, MI_Uint32 flags,
                                         MI_OperationOptions *options,
                                         const MI_Char *namespaceName,
                                         const MI_Instance *inboundInstance,
                                         MI_OperationCallbacks *callbacks,
                                         MI_Operation *operation)
{
    if (MI_HANDLE_OK(session))
        session->ft->CreateInstance(session, flags, options, namespaceName, inboundInstance,
                                    callbacks, operation);
    else
        MI_Session_ReportInvalid_(callbacks, operation);
}

MI_INLINE void MI_Session_DeleteInstance(MI_Session *session, MI_Uint32 flags,
                                         MI_OperationOptions *options,
                                         const MI_Char *namespaceName,
                                         const MI_Instance *inboundInstance,
                                         MI_OperationCallbacks *callbacks,
                                         MI_Operation *operation)
{
    if (MI_HANDLE_OK(session))
        session->ft->DeleteInstance(session, flags, options, namespaceName, inboundInstance,
                                    callbacks, operation);
    else
        MI_Session_ReportInvalid_(callbacks, operation);
}

MI_INLINE void MI_Session_EnumerateInstances(MI_Session *session, MI_Uint32 flags,
                                             MI_OperationOptions *options,
                                             const MI_Char *namespaceName,
                                             const MI_Char *className, MI_Boolean keysOnly,
                                             MI_OperationCallbacks *callbacks,
                                             MI_Operation *operation)
{
    if (MI_HANDLE_OK(session))
        session->ft->EnumerateInstances(session, flags, options, namespaceName, className,
                                        keysOnly, callbacks, operation);
    else
        MI_Session_ReportInvalid_(callbacks, operation);
}

MI_INLINE void MI_Session_QueryInstances(MI_Session *session, MI_Uint32 flags,
                                         MI_OperationOptions *options,
                                         const MI_Char *namespaceName,
                                         const MI_Char *queryDialect,
                                         const MI_Char *queryExpression,
                                         MI_OperationCallbacks *callbacks,
                                         MI_Operation *operation)
{
    if (MI_HANDLE_OK(session))
        session->ft->QueryInstances(session, flags, options, namespaceName, queryDialect,
                                    queryExpression, callbacks, operation);
    else
        MI_Session_ReportInvalid_(callbacks, operation);
}

MI_INLINE void MI_Session_AssociatorInstances(
    MI_Session *session, MI_Uint32 flags, MI_OperationOptions *options,
    const MI_Char *namespaceName, const MI_Instance *instanceKey, const MI_Char *assocClass,
    const MI_Char *resultClass, const MI_Char *role, const MI_Char *resultRole,
    MI_Boolean keysOnly, MI_OperationCallbacks *callbacks, MI_Operation *operation)
{
    if (MI_HANDLE_OK(session))
        session->ft->AssociatorInstances(session, flags, options, namespaceName, instanceKey,
                                         assocClass, resultClass, role, resultRole, keysOnly,
                                         callbacks, operation);
    else
        MI_Session_ReportInvalid_(callbacks, operation);
}

MI_INLINE void MI_Session_ReferenceInstances(MI_Session *session, MI_Uint32 flags,
                                             MI_OperationOptions *options,
                                             const MI_Char *namespaceName,
                                             const MI_Instance *instanceKey,
                                             const MI_Char *resultClass, const MI_Char *role,
                                             MI_Boolean keysOnly,
                                             MI_OperationCallbacks *callbacks,
                                             MI_Operation *operation)
{
    if (MI_HANDLE_OK(session))
        session->ft->ReferenceInstances(session, flags, options, namespaceName, instanceKey,
                                        resultClass, role, keysOnly, callbacks, operation);
    else
        MI_Session_ReportInvalid_(callbacks, operation);
}

MI_INLINE void MI_Session_Subscribe(MI_Session *session, MI_Uint32 flags,
                                    MI_OperationOptions *options, const MI_Char *namespaceName,
                                    const MI_Char *queryDialect, const MI_Char *queryExpression,
                                    const MI_SubscriptionDeliveryOptions *deliverOptions,
                                    MI_OperationCallbacks *callbacks, MI_Operation *operation)
{
    if (MI_HANDLE_OK(session))
        session->ft->Subscribe(session, flags, options, namespaceName, queryDialect,
                               queryExpression, deliverOptions, callbacks, operation);
    else
        MI_Session_ReportInvalid_(callbacks, operation);
}

MI_INLINE void MI_Session_GetClass(MI_Session *session, MI_Uint32 flags,
                                   MI_OperationOptions *options, const MI_Char *namespaceName,
                                   const MI_Char *className, MI_OperationCallbacks *callbacks,
                                   MI_Operation *operation)
{
    if (MI_HANDLE_OK(session))
        session->ft->GetClass(session, flags, options, namespaceName, className, callbacks,
                              operation);
    else
        MI_Session_ReportInvalid_(callbacks, operation);
}

MI_INLINE void MI_Session_EnumerateClasses(MI_Session *session, MI_Uint32 flags,
                                           MI_OperationOptions *options,
                                           const MI_Char *namespaceName,
                                           const MI_Char *className, MI_Boolean classNamesOnly,
                                           MI_OperationCallbacks *callbacks,
                                           MI_Operation *operation)
{
    if (MI_HANDLE_OK(session))
        session->ft->EnumerateClasses(session, flags, options, namespaceName, className,
                                      classNamesOnly, callbacks, operation);
    else
        MI_Session_ReportInvalid_(callbacks, operation);
}

MI_INLINE void MI_Session_TestConnection(MI_Session *session, MI_Uint32 flags,
                                         MI_OperationCallbacks *callbacks,
                                         MI_Operation *operation)
{
    if (MI_HANDLE_OK(session))
        session->ft->TestConnection(session, flags, callbacks, operation);
    else
        MI_Session_ReportInvalid_(callbacks, operation);
}

/* ---------------------------------------------------------------- wrappers: operation */

MI_INLINE MI_Result MI_Operation_Close(MI_Operation *operation)
{
    return MI_HANDLE_OK(operation) ? operation->ft->Close(operation)
                                   : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_Operation_Cancel(MI_Operation *operation, MI_CancellationReason reason)
{
    return MI_HANDLE_OK(operation) ? operation->ft->Cancel(operation, reason)
                                   : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_Operation_GetSession(MI_Operation *operation, MI_Session *session)
{
    return MI_HANDLE_OK(operation) ? operation->ft->GetSession(operation, session)
                                   : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_Operation_GetInstance(MI_Operation *operation,
                                             const MI_Instance **instance,
                                             MI_Boolean *moreResults, MI_Result *result,
                                             const MI_Char **errorMessage,
                                             const MI_Instance **completionDetails)
{
    if (!MI_HANDLE_OK(operation)) return MI_RESULT_INVALID_PARAMETER;
    return operation->ft->GetInstance(operation, instance, moreResults, result, errorMessage,
                                      completionDetails);
}

MI_INLINE MI_Result MI_Operation_GetIndication(MI_Operation *operation,
                                               const MI_Instance **instance,
                                               const MI_Char **bookmark,
                                               const MI_Char **machineID,
                                               MI_Boolean *moreResults, MI_Result *result,
                                               const MI_Char **errorMessage,
                                               const MI_Instance **completionDetails)
{
    if (!MI_HANDLE_OK(operation)) return MI_RESULT_INVALID_PARAMETER;
    return operation->ft->GetIndication(operation, instance, bookmark, machineID, moreResults,
                                        result, errorMessage, completionDetails);
}

MI_INLINE MI_Result MI_Operation_GetClass(MI_Operation *operation, const MI_Class **classResult,
                                          MI_Boolean *moreResults, MI_Result *result,
                                          const MI_Char **errorMessage,
                                          const MI_Instance **completionDetails)
{
    if (!MI_HANDLE_OK(operation)) return MI_RESULT_INVALID_PARAMETER;
    return operation->ft->GetClass(operation, classResult, moreResults, result, errorMessage,
                                   completionDetails);
}

/* ---------------------------------------------------------------- wrappers: instance */

MI_INLINE MI_Result MI_Instance_Clone(const MI_Instance *self, MI_Instance **newInstance)
{
    return MI_HANDLE_OK(self) ? self->ft->Clone(self, newInstance) : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_Instance_Destruct(MI_Instance *self)
{
    return MI_HANDLE_OK(self) ? self->ft->Destruct(self) : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_Instance_Delete(MI_Instance *self)
{
    return MI_HANDLE_OK(self) ? self->ft->Delete(self) : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_Instance_IsA(const MI_Instance *self, const MI_ClassDecl *classDecl,
                                    MI_Boolean *flag)
{
    return MI_HANDLE_OK(self) ? self->ft->IsA(self, classDecl, flag)
                              : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_Instance_GetClassName(const MI_Instance *self, const MI_Char **className)
{
    return MI_HANDLE_OK(self) ? self->ft->GetClassName(self, className)
                              : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_Instance_SetNameSpace(MI_Instance *self, const MI_Char *nameSpace)
{
    return MI_HANDLE_OK(self) ? self->ft->SetNameSpace(self, nameSpace)
                              : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_Instance_GetNameSpace(const MI_Instance *self, const MI_Char **nameSpace)
{
    return MI_HANDLE_OK(self) ? self->ft->GetNameSpace(self, nameSpace)
                              : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_Instance_GetElementCount(const MI_Instance *self, MI_Uint32 *count)
{
    return MI_HANDLE_OK(self) ? self->ft->GetElementCount(self, count)
                              : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_Instance_AddElement(MI_Instance *self, const MI_Char *name,
                                           const MI_Value *value, MI_Type type, MI_Uint32 flags)
{
    return MI_HANDLE_OK(self) ? self->ft->AddElement(self, name, value, type, flags)
                              : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_Instance_SetElement(MI_Instance *self, const MI_Char *name,
                                           const MI_Value *value, MI_Type type, MI_Uint32 flags)
{
    return MI_HANDLE_OK(self) ? self->ft->SetElement(self, name, value, type, flags)
                              : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_Instance_SetElementAt(MI_Instance *self, MI_Uint32 index,
                                             const MI_Value *value, MI_Type type,
                                             MI_Uint32 flags)
{
    return MI_HANDLE_OK(self) ? self->ft->SetElementAt(self, index, value, type, flags)
                              : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_Instance_GetElement(const MI_Instance *self, const MI_Char *name,
                                           MI_Value *value, MI_Type *type, MI_Uint32 *flags,
                                           MI_Uint32 *index)
{
    return MI_HANDLE_OK(self) ? self->ft->GetElement(self, name, value, type, flags, index)
                              : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_Instance_GetElementAt(const MI_Instance *self, MI_Uint32 index,
                                             const MI_Char **name, MI_Value *value,
                                             MI_Type *type, MI_Uint32 *flags)
{
    return MI_HANDLE_OK(self) ? self->ft->GetElementAt(self, index, name, value, type, flags)
                              : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_Instance_ClearElement(MI_Instance *self, const MI_Char *name)
{
    return MI_HANDLE_OK(self) ? self->ft->ClearElement(self, name) : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_Instance_ClearElementAt(MI_Instance *self, MI_Uint32 index)
{
    return MI_HANDLE_OK(self) ? self->ft->ClearElementAt(self, index)
                              : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_Instance_GetServerName(const MI_Instance *self, const MI_Char **name)
{
    return MI_HANDLE_OK(self) ? self->ft->GetServerName(self, name)
                              : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_Instance_SetServerName(MI_Instance *self, const MI_Char *name)
{
    return MI_HANDLE_OK(self) ? self->ft->SetServerName(self, name)
                              : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_Instance_GetClass(const MI_Instance *self, MI_Class **instanceClass)
{
    return MI_HANDLE_OK(self) ? self->ft->GetClass(self, instanceClass)
                              : MI_RESULT_INVALID_PARAMETER;
}

/* ---------------------------------------------------------------- wrappers: operation options */

MI_INLINE void MI_OperationOptions_Delete(MI_OperationOptions *options)
{
    if (MI_HANDLE_OK(options)) options->ft->Delete(options);
}

MI_INLINE MI_Result MI_OperationOptions_SetString(MI_OperationOptions *options,
                                                  const MI_Char *optionName,
                                                  const MI_Char *value, MI_Uint32 flags)
{
    return MI_HANDLE_OK(options) ? options->ft->SetString(options, optionName, value, flags)
                                 : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_OperationOptions_SetNumber(MI_OperationOptions *options,
                                                  const MI_Char *optionName, MI_Uint32 value,
                                                  MI_Uint32 flags)
{
    return MI_HANDLE_OK(options) ? options->ft->SetNumber(options, optionName, value, flags)
                                 : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_OperationOptions_SetCustomOption(MI_OperationOptions *options,
                                                        const MI_Char *optionName,
                                                        MI_Type valueType,
                                                        const MI_Value *value,
                                                        MI_Boolean mustComply)
{
    return MI_HANDLE_OK(options)
               ? options->ft->SetCustomOption(options, optionName, valueType, value, mustComply, 0)
               : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_OperationOptions_GetString(MI_OperationOptions *options,
                                                  const MI_Char *optionName,
                                                  const MI_Char **value, MI_Uint32 *index,
                                                  MI_Uint32 *flags)
{
    return MI_HANDLE_OK(options) ? options->ft->GetString(options, optionName, value, index, flags)
                                 : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_OperationOptions_GetNumber(MI_OperationOptions *options,
                                                  const MI_Char *optionName, MI_Uint32 *value,
                                                  MI_Uint32 *index, MI_Uint32 *flags)
{
    return MI_HANDLE_OK(options) ? options->ft->GetNumber(options, optionName, value, index, flags)
                                 : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_OperationOptions_GetOptionCount(MI_OperationOptions *options,
                                                       MI_Uint32 *count)
{
    return MI_HANDLE_OK(options) ? options->ft->GetOptionCount(options, count)
                                 : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_OperationOptions_GetOptionAt(MI_OperationOptions *options,
                                                    MI_Uint32 index, const MI_Char **optionName,
                                                    MI_Value *value, MI_Type *type,
                                                    MI_Uint32 *flags)
{
    return MI_HANDLE_OK(options)
               ? options->ft->GetOptionAt(options, index, optionName, value, type, flags)
               : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_OperationOptions_GetOption(MI_OperationOptions *options,
                                                  const MI_Char *optionName, MI_Value *value,
                                                  MI_Type *type, MI_Uint32 *index,
                                                  MI_Uint32 *flags)
{
    return MI_HANDLE_OK(options)
               ? options->ft->GetOption(options, optionName, value, type, index, flags)
               : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_OperationOptions_GetEnabledChannels(MI_OperationOptions *options,
                                                           MI_Uint32 *channels,
                                                           MI_Uint32 bufferLength,
                                                           MI_Uint32 *channelCount,
                                                           MI_Uint32 *flags)
{
    return MI_HANDLE_OK(options)
               ? options->ft->GetEnabledChannels(options, MI_OPERATIONOPTIONS_CHANNEL, channels,
                                                 bufferLength, channelCount, flags)
               : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_OperationOptions_Clone(const MI_OperationOptions *self,
                                              MI_OperationOptions *newOptions)
{
    return MI_HANDLE_OK(self) ? self->ft->Clone(self, newOptions) : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_OperationOptions_SetInterval(MI_OperationOptions *options,
                                                    const MI_Char *optionName,
                                                    const MI_Interval *value, MI_Uint32 flags)
{
    return MI_HANDLE_OK(options) ? options->ft->SetInterval(options, optionName, value, flags)
                                 : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_OperationOptions_GetInterval(MI_OperationOptions *options,
                                                    const MI_Char *optionName,
                                                    MI_Interval *value, MI_Uint32 *index,
                                                    MI_Uint32 *flags)
{
    return MI_HANDLE_OK(options)
               ? options->ft->GetInterval(options, optionName, value, index, flags)
               : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_OperationOptions_SetTimeout(MI_OperationOptions *options,
                                                   const MI_Interval *timeout)
{
    return MI_OperationOptions_SetInterval(options, MI_OPERATIONOPTIONS_TIMEOUT, timeout, 0);
}

MI_INLINE MI_Result MI_OperationOptions_GetTimeout(MI_OperationOptions *options,
                                                   MI_Interval *timeout)
{
    return MI_OperationOptions_GetInterval(options, MI_OPERATIONOPTIONS_TIMEOUT, timeout, NULL,
                                           NULL);
}

MI_INLINE MI_Result MI_OperationOptions_SetResourceUri(MI_OperationOptions *options,
                                                       const MI_Char *ruri)
{
    return MI_OperationOptions_SetString(options, MI_OPERATIONOPTIONS_RESOURCE_URI, ruri, 0);
}

MI_INLINE MI_Result MI_OperationOptions_GetResourceUri(MI_OperationOptions *options,
                                                       const MI_Char **ruri)
{
    return MI_OperationOptions_GetString(options, MI_OPERATIONOPTIONS_RESOURCE_URI, ruri, NULL,
                                         NULL);
}

MI_INLINE MI_Result MI_OperationOptions_SetResourceUriPrefix(MI_OperationOptions *options,
                                                             const MI_Char *ruriPrefix)
{
    return MI_OperationOptions_SetString(options, MI_OPERATIONOPTIONS_RESOURCE_URI_PREFIX,
                                         ruriPrefix, 0);
}

MI_INLINE MI_Result MI_OperationOptions_GetResourceUriPrefix(MI_OperationOptions *options,
                                                             const MI_Char **ruriPrefix)
{
    return MI_OperationOptions_GetString(options, MI_OPERATIONOPTIONS_RESOURCE_URI_PREFIX,
                                         ruriPrefix, NULL, NULL);
}

MI_INLINE MI_Result MI_OperationOptions_SetWriteErrorMode(MI_OperationOptions *options,
                                                          MI_CallbackMode mode)
{
    return MI_OperationOptions_SetNumber(options, MI_OPERATIONOPTIONS_WRITEERRORMODE, mode, 0);
}

MI_INLINE MI_Result MI_OperationOptions_GetWriteErrorMode(MI_OperationOptions *options,
                                                          MI_CallbackMode *mode)
{
    return MI_OperationOptions_GetNumber(options, MI_OPERATIONOPTIONS_WRITEERRORMODE,
                                         (MI_Uint32 *)mode, NULL, NULL);
}

MI_INLINE MI_Result MI_OperationOptions_SetPromptUserMode(MI_OperationOptions *options,
                                                          MI_CallbackMode mode)
{
    return MI_OperationOptions_SetNumber(options, MI_OPERATIONOPTIONS_PROMPTUSERMODE, mode, 0);
}

MI_INLINE MI_Result MI_OperationOptions_GetPromptUserMode(MI_OperationOptions *options,
                                                          MI_CallbackMode *mode)
{
    return MI_OperationOptions_GetNumber(options, MI_OPERATIONOPTIONS_PROMPTUSERMODE,
                                         (MI_Uint32 *)mode, NULL, NULL);
}

MI_INLINE MI_Result MI_OperationOptions_SetPromptUserRegularMode(MI_OperationOptions *options,
                                                                 MI_CallbackMode mode,
                                                                 MI_Boolean ackValue)
{
    MI_Result r = MI_OperationOptions_SetNumber(options, MI_OPERATIONOPTIONS_PROMPTUSERMODE, mode,
                                                0);
    if (r != MI_RESULT_OK) return r;
    return MI_OperationOptions_SetNumber(options,
                                         MI_OPERATIONOPTIONS_PROMPTUSERMODEREGULAR_ACKVALUE,
                                         ackValue, 0);
}

MI_INLINE MI_Result MI_OperationOptions_SetProviderArchitecture(
    MI_OperationOptions *options, MI_ProviderArchitecture architecture, MI_Boolean mustComply)
{
    MI_Result r = MI_OperationOptions_SetNumber(options, MI_OPERATIONOPTIONS_PROVIDER_ARCHITECTURE,
                                                architecture, 0);
    if (r != MI_RESULT_OK) return r;
    return MI_OperationOptions_SetNumber(options, MI_OPERATIONOPTIONS_REQUIRED_ARCHITECTURE,
                                         mustComply, 0);
}

MI_INLINE MI_Result MI_OperationOptions_GetProviderArchitecture(
    MI_OperationOptions *options, MI_ProviderArchitecture *architecture, MI_Boolean *mustComply)
{
    MI_Uint32 arch = 0, must = 0;
    MI_Result r = MI_OperationOptions_GetNumber(options, MI_OPERATIONOPTIONS_PROVIDER_ARCHITECTURE,
                                                &arch, NULL, NULL);
    if (r != MI_RESULT_OK) return r;
    r = MI_OperationOptions_GetNumber(options, MI_OPERATIONOPTIONS_REQUIRED_ARCHITECTURE, &must,
                                      NULL, NULL);
    if (r != MI_RESULT_OK) return r;
    if (architecture) *architecture = (MI_ProviderArchitecture)arch;
    if (mustComply) *mustComply = (MI_Boolean)must;
    return MI_RESULT_OK;
}

/* Enabling and disabling share one option name; the flags argument says which (0 enables). */
MI_INLINE MI_Result MI_OperationOptions_EnableChannel(MI_OperationOptions *options,
                                                      MI_Uint32 channel)
{
    return MI_OperationOptions_SetNumber(options, MI_OPERATIONOPTIONS_CHANNEL, channel, 0);
}

MI_INLINE MI_Result MI_OperationOptions_DisableChannel(MI_OperationOptions *options,
                                                       MI_Uint32 channel)
{
    return MI_OperationOptions_SetNumber(options, MI_OPERATIONOPTIONS_CHANNEL, channel, 1);
}

MI_INLINE MI_Result MI_OperationOptions_SetUseMachineID(MI_OperationOptions *options,
                                                        MI_Boolean machineID)
{
    return MI_OperationOptions_SetNumber(options, MI_OPERATIONOPTIONS_USE_MACHINE_ID, machineID,
                                         0);
}

MI_INLINE MI_Result MI_OperationOptions_GetUseMachineID(MI_OperationOptions *options,
                                                        MI_Boolean *machineID)
{
    MI_Uint32 v = 0;
    MI_Result r = MI_OperationOptions_GetNumber(options, MI_OPERATIONOPTIONS_USE_MACHINE_ID, &v,
                                                NULL, NULL);
    if (r == MI_RESULT_OK && machineID) *machineID = (MI_Boolean)v;
    return r;
}

/* ---------------------------------------------------------------- wrappers: destination options */

MI_INLINE void MI_DestinationOptions_Delete(MI_DestinationOptions *options)
{
    if (MI_HANDLE_OK(options)) options->ft->Delete(options);
}

MI_INLINE MI_Result MI_DestinationOptions_SetString(MI_DestinationOptions *options,
                                                    const MI_Char *optionName,
                                                    const MI_Char *value, MI_Uint32 flags)
{
    return MI_HANDLE_OK(options) ? options->ft->SetString(options, optionName, value, flags)
                                 : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_DestinationOptions_SetNumber(MI_DestinationOptions *options,
                                                    const MI_Char *optionName, MI_Uint32 value,
                                                    MI_Uint32 flags)
{
    return MI_HANDLE_OK(options) ? options->ft->SetNumber(options, optionName, value, flags)
                                 : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_DestinationOptions_AddCredentials(MI_DestinationOptions *options,
                                                         const MI_Char *optionName,
                                                         const MI_UserCredentials *credentials,
                                                         MI_Uint32 flags)
{
    return MI_HANDLE_OK(options)
               ? options->ft->AddCredentials(options, optionName, credentials, flags)
               : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_DestinationOptions_GetString(MI_DestinationOptions *options,
                                                    const MI_Char *optionName,
                                                    const MI_Char **value, MI_Uint32 *index,
                                                    MI_Uint32 *flags)
{
    return MI_HANDLE_OK(options) ? options->ft->GetString(options, optionName, value, index, flags)
                                 : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_DestinationOptions_GetNumber(MI_DestinationOptions *options,
                                                    const MI_Char *optionName, MI_Uint32 *value,
                                                    MI_Uint32 *index, MI_Uint32 *flags)
{
    return MI_HANDLE_OK(options) ? options->ft->GetNumber(options, optionName, value, index, flags)
                                 : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_DestinationOptions_GetOptionCount(MI_DestinationOptions *options,
                                                         MI_Uint32 *count)
{
    return MI_HANDLE_OK(options) ? options->ft->GetOptionCount(options, count)
                                 : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_DestinationOptions_GetOptionAt(MI_DestinationOptions *options,
                                                      MI_Uint32 index,
                                                      const MI_Char **optionName,
                                                      MI_Value *value, MI_Type *type,
                                                      MI_Uint32 *flags)
{
    return MI_HANDLE_OK(options)
               ? options->ft->GetOptionAt(options, index, optionName, value, type, flags)
               : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_DestinationOptions_GetOption(MI_DestinationOptions *options,
                                                    const MI_Char *optionName, MI_Value *value,
                                                    MI_Type *type, MI_Uint32 *index,
                                                    MI_Uint32 *flags)
{
    return MI_HANDLE_OK(options)
               ? options->ft->GetOption(options, optionName, value, type, index, flags)
               : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_DestinationOptions_GetCredentialsCount(MI_DestinationOptions *options,
                                                              MI_Uint32 *count)
{
    return MI_HANDLE_OK(options) ? options->ft->GetCredentialsCount(options, count)
                                 : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_DestinationOptions_GetCredentialsAt(MI_DestinationOptions *options,
                                                           MI_Uint32 index,
                                                           const MI_Char **optionName,
                                                           MI_UserCredentials *credentials,
                                                           MI_Uint32 *flags)
{
    return MI_HANDLE_OK(options)
               ? options->ft->GetCredentialsAt(options, index, optionName, credentials, flags)
               : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_DestinationOptions_GetCredentialsPasswordAt(
    MI_DestinationOptions *options, MI_Uint32 index, const MI_Char **optionName,
    MI_Char *password, MI_Uint32 bufferLength, MI_Uint32 *passwordLength, MI_Uint32 *flags)
{
    return MI_HANDLE_OK(options)
               ? options->ft->GetCredentialsPasswordAt(options, index, optionName, password,
                                                       bufferLength, passwordLength, flags)
               : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_DestinationOptions_Clone(const MI_DestinationOptions *self,
                                                MI_DestinationOptions *newOptions)
{
    return MI_HANDLE_OK(self) ? self->ft->Clone(self, newOptions) : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_DestinationOptions_SetInterval(MI_DestinationOptions *options,
                                                      const MI_Char *optionName,
                                                      const MI_Interval *value, MI_Uint32 flags)
{
    return MI_HANDLE_OK(options) ? options->ft->SetInterval(options, optionName, value, flags)
                                 : MI_RESULT_INVALID_PARAMETER;
}

MI_INLINE MI_Result MI_DestinationOptions_GetInterval(MI_DestinationOptions *options,
                                                      const MI_Char *optionName,
                                                      MI_Interval *value, MI_Uint32 *index,
                                                      MI_Uint32 *flags)
{
    return MI_HANDLE_OK(options)
               ? options->ft->GetInterval(options, optionName, value, index, flags)
               : MI_RESULT_INVALID_PARAMETER;
}

/* Typed wrappers: each passes exactly the name, slot and unit of mi-api.md section 2. */
#define MI_DESTOPT_STRING_ACCESSORS(FUNC, NAME)                                              \
    MI_INLINE MI_Result MI_DestinationOptions_Set##FUNC(MI_DestinationOptions *options,     \
                                                        const MI_Char *value)               \
    {                                                                                        \
        return MI_DestinationOptions_SetString(options, NAME, value, 0);                     \
    }                                                                                        \
    MI_INLINE MI_Result MI_DestinationOptions_Get##FUNC(MI_DestinationOptions *options,     \
                                                        const MI_Char **value)              \
    {                                                                                        \
        return MI_DestinationOptions_GetString(options, NAME, value, NULL, NULL);            \
    }

#define MI_DESTOPT_NUMBER_ACCESSORS(FUNC, NAME, TYPE)                                        \
    MI_INLINE MI_Result MI_DestinationOptions_Set##FUNC(MI_DestinationOptions *options,     \
                                                        TYPE value)                          \
    {                                                                                        \
        return MI_DestinationOptions_SetNumber(options, NAME, (MI_Uint32)value, 0);          \
    }                                                                                        \
    MI_INLINE MI_Result MI_DestinationOptions_Get##FUNC(MI_DestinationOptions *options,     \
                                                        TYPE *value)                         \
    {                                                                                        \
        MI_Uint32 v = 0;                                                                     \
        MI_Result r = MI_DestinationOptions_GetNumber(options, NAME, &v, NULL, NULL);        \
        if (r == MI_RESULT_OK && value != NULL) *value = (TYPE)v;                            \
        return r;                                                                            \
    }

MI_DESTOPT_STRING_ACCESSORS(Transport, MI_DESTOPT_TRANSPORT)
MI_DESTOPT_STRING_ACCESSORS(HttpUrlPrefix, MI_DESTOPT_HTTP_URL_PREFIX)
MI_DESTOPT_STRING_ACCESSORS(DataLocale, MI_DESTOPT_DATA_LOCALE)
MI_DESTOPT_STRING_ACCESSORS(UILocale, MI_DESTOPT_UI_LOCALE)
MI_DESTOPT_STRING_ACCESSORS(TrustedCertsDir, MI_DESTOPT_TRUSTED_CERTS_DIR)
MI_DESTOPT_STRING_ACCESSORS(CertFile, MI_DESTOPT_CERT_FILE)
MI_DESTOPT_STRING_ACCESSORS(PrivateKeyFile, MI_DESTOPT_PRIVATE_KEY_FILE)
MI_DESTOPT_NUMBER_ACCESSORS(DestinationPort, MI_DESTOPT_DESTINATION_PORT, MI_Uint32)
MI_DESTOPT_NUMBER_ACCESSORS(CertCACheck, MI_DESTOPT_CERT_CA_CHECK, MI_Boolean)
MI_DESTOPT_NUMBER_ACCESSORS(CertCNCheck, MI_DESTOPT_CERT_CN_CHECK, MI_Boolean)
MI_DESTOPT_NUMBER_ACCESSORS(CertRevocationCheck, MI_DESTOPT_CERT_REVOCATION_CHECK, MI_Boolean)
MI_DESTOPT_NUMBER_ACCESSORS(PacketPrivacy, MI_DESTOPT_PACKET_PRIVACY, MI_Boolean)
MI_DESTOPT_NUMBER_ACCESSORS(PacketIntegrity, MI_DESTOPT_PACKET_INTEGRITY, MI_Boolean)
MI_DESTOPT_NUMBER_ACCESSORS(MaxEnvelopeSize, MI_DESTOPT_MAX_ENVELOPE_SIZE, MI_Uint32)
MI_DESTOPT_NUMBER_ACCESSORS(MaxElements, MI_DESTOPT_MAX_ELEMENTS, MI_Uint32)
MI_DESTOPT_NUMBER_ACCESSORS(EncodePortInSPN, MI_DESTOPT_ENCODE_PORT_IN_SPN, MI_Boolean)
MI_DESTOPT_NUMBER_ACCESSORS(ImpersonationType, MI_DESTOPT_IMPERSONATION_TYPE,
                            MI_DestinationOptions_ImpersonationType)
MI_DESTOPT_NUMBER_ACCESSORS(SslOptions, MI_DESTOPT_SSL_OPTIONS, MI_Uint32)
#undef MI_DESTOPT_STRING_ACCESSORS
#undef MI_DESTOPT_NUMBER_ACCESSORS

MI_INLINE MI_Result MI_DestinationOptions_SetTimeout(MI_DestinationOptions *options,
                                                     const MI_Interval *timeout)
{
    return MI_DestinationOptions_SetInterval(options, MI_DESTOPT_TIMEOUT, timeout, 0);
}

MI_INLINE MI_Result MI_DestinationOptions_GetTimeout(MI_DestinationOptions *options,
                                                     MI_Interval *timeout)
{
    return MI_DestinationOptions_GetInterval(options, MI_DESTOPT_TIMEOUT, timeout, NULL, NULL);
}

MI_INLINE MI_Result MI_DestinationOptions_AddDestinationCredentials(
    MI_DestinationOptions *options, const MI_UserCredentials *credentials)
{
    return MI_DestinationOptions_AddCredentials(options, MI_DESTOPT_DESTINATION_CREDENTIALS,
                                                credentials, 0);
}

MI_INLINE MI_Result MI_DestinationOptions_AddProxyCredentials(
    MI_DestinationOptions *options, const MI_UserCredentials *credentials)
{
    return MI_DestinationOptions_AddCredentials(options, MI_DESTOPT_PROXY_CREDENTIALS,
                                                credentials, 0);
}

/* Encodings and proxy types travel as strings; the enum is the caller's convenience. */
MI_INLINE MI_Result MI_DestinationOptions_SetPacketEncoding(MI_DestinationOptions *options,
                                                            MI_PacketEncoding encoding)
{
    const MI_Char *name = encoding == MI_PACKETENCODING_UTF8    ? MI_T("UTF8")
                          : encoding == MI_PACKETENCODING_UTF16 ? MI_T("UTF16")
                                                                : MI_T("default");
    return MI_DestinationOptions_SetString(options, MI_DESTOPT_PACKET_ENCODING, name, 0);
}

MI_INLINE MI_Result MI_DestinationOptions_GetPacketEncoding(MI_DestinationOptions *options,
                                                            MI_PacketEncoding *encoding)
{
    const MI_Char *name = NULL;
    MI_Result r = MI_DestinationOptions_GetString(options, MI_DESTOPT_PACKET_ENCODING, &name, NULL,
                                                  NULL);
    if (r != MI_RESULT_OK) return r;
    if (encoding != NULL)
        *encoding = name && strcmp(name, "UTF8") == 0    ? MI_PACKETENCODING_UTF8
                    : name && strcmp(name, "UTF16") == 0 ? MI_PACKETENCODING_UTF16
                                                         : MI_PACKETENCODING_DEFAULT;
    return MI_RESULT_OK;
}

MI_INLINE MI_Result MI_DestinationOptions_SetProxyType(MI_DestinationOptions *options,
                                                       MI_ProxyType proxyType)
{
    static const MI_Char *const names[] = {MI_T("IE"), MI_T("WinHTTP"), MI_T("Auto"),
                                           MI_T("None")};
    if ((unsigned)proxyType > MI_PROXYTYPE_NONE) return MI_RESULT_INVALID_PARAMETER;
    return MI_DestinationOptions_SetString(options, MI_DESTOPT_PROXY_TYPE, names[proxyType], 0);
}

#undef MI_HANDLE_OK

/* ---------------------------------------------------------------- ABI checks (mi-api.md 1) */

#if defined(__x86_64__) && defined(__LP64__) && !defined(__cplusplus)
_Static_assert(sizeof(MI_Value) == 40, "MI_Value is 40 bytes");
_Static_assert(_Alignof(MI_Value) == 8, "MI_Value aligns to 8");
_Static_assert(sizeof(MI_Datetime) == 36, "MI_Datetime is 36 bytes");
_Static_assert(_Alignof(MI_Datetime) == 4, "MI_Datetime aligns to 4");
_Static_assert(sizeof(MI_Timestamp) == 32 && sizeof(MI_Interval) == 32, "timestamp/interval");
_Static_assert(sizeof(MI_StringA) == 16, "array forms are 16 bytes");
_Static_assert(sizeof(MI_Instance) == 64, "MI_Instance is 64 bytes");
_Static_assert(sizeof(MI_OperationCallbacks) == 72, "MI_OperationCallbacks is 72 bytes");
_Static_assert(offsetof(MI_OperationCallbacks, instanceResult) == 40, "instanceResult slot");
_Static_assert(offsetof(MI_OperationCallbacks, streamedParameterResult) == 64, "streamed slot");
_Static_assert(sizeof(MI_UserCredentials) == 32, "MI_UserCredentials is 32 bytes");
_Static_assert(sizeof(MI_SessionCallbacks) == 24, "MI_SessionCallbacks is 24 bytes");
_Static_assert(sizeof(MI_Application) == 24 && offsetof(MI_Application, ft) == 16, "handle");
_Static_assert(sizeof(MI_Session) == 24 && offsetof(MI_Session, ft) == 16, "handle");
_Static_assert(sizeof(MI_Operation) == 24 && offsetof(MI_Operation, ft) == 16, "handle");
_Static_assert(sizeof(MI_OperationOptions) == 24, "handle");
_Static_assert(sizeof(MI_DestinationOptions) == 24, "handle");
_Static_assert(sizeof(MI_ApplicationFT) == 88, "MI_ApplicationFT has 11 slots");
_Static_assert(sizeof(MI_SessionFT) == 120, "MI_SessionFT has 15 slots");
_Static_assert(offsetof(MI_SessionFT, Invoke) == 48, "Invoke slot");
_Static_assert(offsetof(MI_SessionFT, TestConnection) == 112, "TestConnection slot");
_Static_assert(sizeof(MI_OperationFT) == 48, "MI_OperationFT has 6 slots");
_Static_assert(sizeof(MI_OperationOptionsFT) == 104, "MI_OperationOptionsFT has 13 slots");
_Static_assert(sizeof(MI_DestinationOptionsFT) == 120, "MI_DestinationOptionsFT has 15 slots");
_Static_assert(sizeof(MI_InstanceFT) == 144, "MI_InstanceFT has 18 slots");
_Static_assert(sizeof(MI_Result) == 4 && sizeof(MI_Type) == 4, "enums are 4 bytes");
#endif

#ifdef __cplusplus
}
#endif

#endif /* MI_H */
