/*
 * expect_kinds - the kinds of expectation: the element a row writes under <expect>, what reads
 * it and what judges it, side by side. A new kind is a row here, its parser, its judge and its
 * element in cases/cases.xsd.
 */
#include <string.h>

#include "harness/expect_int.h"

/* Indexed by conform_expect_kind. */
static const conform_expect_kind_info kinds[] = {
    [CONFORM_EXPECT_FINAL] = {CONFORM_EXPECT_FINAL, "final", conform_expect_parse_final,
                              conform_expect_judge_final},
    [CONFORM_EXPECT_FINAL_ONCE] = {CONFORM_EXPECT_FINAL_ONCE, "final-once", NULL,
                                   conform_expect_judge_final_once},
    [CONFORM_EXPECT_ERROR_STRING] = {CONFORM_EXPECT_ERROR_STRING, "error-string",
                                     conform_expect_parse_error_string,
                                     conform_expect_judge_error_string},
    [CONFORM_EXPECT_ERROR_DETAILS] = {CONFORM_EXPECT_ERROR_DETAILS, "error-details",
                                      conform_expect_parse_error_details,
                                      conform_expect_judge_error_details},
    [CONFORM_EXPECT_OUTPUT] = {CONFORM_EXPECT_OUTPUT, "output", conform_expect_parse_output,
                               conform_expect_judge_output},
    [CONFORM_EXPECT_CALLBACK] = {CONFORM_EXPECT_CALLBACK, "callback",
                                 conform_expect_parse_callback, conform_expect_judge_callback},
    [CONFORM_EXPECT_ORDER] = {CONFORM_EXPECT_ORDER, "order", conform_expect_parse_expression,
                              conform_expect_judge_order},
    [CONFORM_EXPECT_CALL] = {CONFORM_EXPECT_CALL, "call", conform_expect_parse_call,
                             conform_expect_judge_call},
    [CONFORM_EXPECT_REQUESTS] = {CONFORM_EXPECT_REQUESTS, "requests", NULL,
                                 conform_expect_judge_requests},
    [CONFORM_EXPECT_HEADER] = {CONFORM_EXPECT_HEADER, "header", conform_expect_parse_header,
                               conform_expect_judge_header},
    [CONFORM_EXPECT_XPATH] = {CONFORM_EXPECT_XPATH, "xpath", conform_expect_parse_expression,
                              conform_expect_judge_xpath},
    [CONFORM_EXPECT_JOURNAL] = {CONFORM_EXPECT_JOURNAL, "journal", conform_expect_parse_journal,
                                conform_expect_judge_journal},
    [CONFORM_EXPECT_OBSERVE] = {CONFORM_EXPECT_OBSERVE, "observe", conform_expect_parse_observe,
                                conform_expect_judge_observe},
    [CONFORM_EXPECT_STREAMED] = {CONFORM_EXPECT_STREAMED, "streamed",
                                 conform_expect_parse_streamed, conform_expect_judge_streamed},
    [CONFORM_EXPECT_RSS] = {CONFORM_EXPECT_RSS, "rss", conform_expect_parse_rss,
                            conform_expect_judge_rss},
};

#define N_KINDS (sizeof kinds / sizeof kinds[0])
_Static_assert(N_KINDS == CONFORM_EXPECT_RSS + 1, "a row for every conform_expect_kind");

const conform_expect_kind_info *conform_expect_kind_named(const char *name)
{
    for (size_t i = 0; i < N_KINDS; i++)
        if (strcmp(kinds[i].name, name) == 0) return &kinds[i];
    return NULL;
}

const conform_expect_kind_info *conform_expect_kind_of(conform_expect_kind kind)
{
    return &kinds[kind];
}
