#!/usr/bin/python3
"""Drives Debian's python3-winrm against the kit's mock server (make interop, issue #9).

pywinrm has no Invoke call of its own (it speaks the WinRS shell), so the envelope is built
the way every one of its own operations builds one: Protocol._get_soap_header() gives the
header dict, we add the selectors and the <Method>_INPUT body, xmltodict renders it, and
Protocol.send_message() sends it with pywinrm's transport (HTTP Basic) and turns a SOAP fault
into WinRMError / WinRMOperationTimeoutError. What reaches the mock is exactly what pywinrm
puts on the wire.

usage: winrm_invoke.py URL USER PASSWORD
Checks: static Echo and instance Rename answers, the scripted Fail fault, and a TimedOut
fault for Slow. Prints one "ok: ..." line per check; exits 1 with "error: ..." on the first
failure.
"""
import sys
import uuid
import xml.etree.ElementTree as ET

import xmltodict
from winrm.exceptions import WinRMError, WinRMOperationTimeoutError
from winrm.protocol import Protocol

CLASS_URI = "http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/MI_Interop"
NAMESPACE = "root/interop"
WSA = "{http://schemas.xmlsoap.org/ws/2004/08/addressing}"


class CheckFailed(Exception):
    pass


def envelope(proto, method, message_id, keys, params):
    """The request as pywinrm would build it, plus what Invoke needs on top."""
    header = proto._get_soap_header(action=CLASS_URI + "/" + method, resource_uri=CLASS_URI,
                                    message_id=message_id)
    selectors = [{"@Name": "__cimnamespace", "#text": NAMESPACE}]
    selectors += [{"@Name": k, "#text": v} for k, v in keys.items()]
    header["env:Header"]["w:SelectorSet"] = {"w:Selector": selectors}
    # pywinrm binds the prefix "p" to Microsoft's wsman namespace, so the body gets its own.
    body = {"@xmlns:m": CLASS_URI}
    body.update({"m:" + k: v for k, v in params.items()})
    header["env:Body"] = {"m:%s_INPUT" % method: body}
    return xmltodict.unparse({"env:Envelope": header})


def invoke(proto, method, keys, params):
    """Sends one Invoke; returns (RelatesTo, {output name: text}) read from the answer."""
    message_id = uuid.uuid4()
    answer = proto.send_message(envelope(proto, method, message_id, keys, params))
    if not answer:
        raise CheckFailed("%s: empty answer" % method)
    root = ET.fromstring(answer)
    relates = root.find(".//%sRelatesTo" % WSA)
    if relates is None or relates.text.strip() != "uuid:%s" % message_id:
        raise CheckFailed("%s: RelatesTo %r is not our MessageID" %
                          (method, None if relates is None else relates.text))
    out = next((e for e in root.iter() if e.tag.endswith("}%s_OUTPUT" % method)), None)
    if out is None:
        raise CheckFailed("%s: no %s_OUTPUT in the answer" % (method, method))
    return {child.tag.split("}")[1]: (child.text or "") for child in out}


def expect(method, got, want):
    for name, value in want.items():
        if got.get(name) != value:
            raise CheckFailed("%s: %s is %r, expected %r (answer: %r)" %
                              (method, name, got.get(name), value, got))
    print("ok: %s answered %s" % (method, ", ".join("%s=%s" % kv for kv in want.items())))


def check_timeout(url, user, password):
    """Slow outlasts a 1 s OperationTimeout, so the mock answers wsman:TimedOut.

    pywinrm raises WinRMOperationTimeoutError only for the f:WSManFault Code Windows uses for
    a timeout (2150858793); the mock's windows style carries it, so anything else means the
    mock's timeout fault no longer looks like Windows' to a real client.
    """
    quick = Protocol(endpoint=url, transport="plaintext", username=user, password=password,
                     read_timeout_sec=30, operation_timeout_sec=1)
    try:
        invoke(quick, "Slow", {}, {})
        raise CheckFailed("Slow: answered within a 1 s OperationTimeout, expected TimedOut")
    except WinRMOperationTimeoutError:
        print("ok: Slow raised WinRMOperationTimeoutError (Windows' timeout code)")
    except WinRMError as e:
        raise CheckFailed("Slow: expected WinRMOperationTimeoutError, got: %s" % e)


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    url, user, password = argv[1:]
    proto = Protocol(endpoint=url, transport="plaintext", username=user, password=password,
                     read_timeout_sec=30, operation_timeout_sec=20)
    try:
        expect("Echo", invoke(proto, "Echo", {}, {"Text": "from pywinrm", "Count": "42"}),
               {"ReturnValue": "7", "TextOut": "echo:from pywinrm", "CountOut": "42",
                "Checked": "true"})
        expect("Rename", invoke(proto, "Rename", {"Name": "alpha"},
                                {"NewName": "gamma", "Force": "true"}),
               {"ReturnValue": "5", "Applied": "alpha->gamma", "Forced": "true"})
        try:
            invoke(proto, "Fail", {}, {})
            raise CheckFailed("Fail: no fault raised")
        except WinRMOperationTimeoutError:
            raise CheckFailed("Fail: raised WinRMOperationTimeoutError, expected WinRMError")
        except WinRMError as e:
            # pywinrm puts the fault's fields into the message as "extended fault data".
            text = str(e)
            for part in ("interop: scripted failure", "'http_status_code': 500",
                         "'wsmanfault_code': '2'", "Receiver", "InternalError"):
                if part not in text:
                    raise CheckFailed("Fail: %r missing from the WinRMError: %s" % (part, text))
            print("ok: Fail raised WinRMError: %s" % text)
        check_timeout(url, user, password)
    except CheckFailed as e:
        print("error: %s" % e)
        return 1
    except Exception as e:  # anything pywinrm raised where an answer was expected
        print("error: %s: %s" % (type(e).__name__, e))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
