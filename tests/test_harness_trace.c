/*
 * The driver->parent trace protocol (harness/trace.c): lines written by the child's builder
 * come back field for field, whatever bytes the values hold and however the pipe splits them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness/trace.h"

#include "tests/support/cutest.h"

static char *build_line(void)
{
    conform_trace_line l = {0};
    conform_trace_line_begin(&l, 123456789u, 7, "callback");
    conform_trace_line_add(&l, "cb", "instanceResult");
    conform_trace_line_add(&l, "errstr", "50% done = half, or not\nnew line");
    conform_trace_line_addf(&l, "code", "%d", 4);
    conform_trace_line_add(&l, "empty", "");
    conform_trace_line_add(&l, "utf8", "\xc3\xa9t\xc3\xa9");
    conform_trace_line_add(&l, "items", "");
    conform_trace_line_add_item(&l, "a,b", 1);
    conform_trace_line_add_item(&l, "", 0);
    conform_trace_line_add_item(&l, "c d", 0);
    conform_trace_line_end(&l);
    CU_ASSERT_FALSE(l.text.failed);
    return l.text.data;
}

static void test_round_trip(void)
{
    char *text = build_line();
    CU_ASSERT(strchr(text, '\n') == text + strlen(text) - 1); /* one line, escaped newline */
    text[strlen(text) - 1] = '\0';
    conform_trace_event ev;
    CU_ASSERT_EQUAL_FATAL(conform_trace_parse_line(text, &ev), 0);
    CU_ASSERT_EQUAL(ev.t_us, 123456789u);
    CU_ASSERT_EQUAL(ev.tid, 7);
    CU_ASSERT_STRING_EQUAL(ev.kind, "callback");
    CU_ASSERT_STRING_EQUAL(conform_trace_get(&ev, "cb"), "instanceResult");
    CU_ASSERT_STRING_EQUAL(conform_trace_get(&ev, "errstr"), "50% done = half, or not\nnew line");
    CU_ASSERT_EQUAL(conform_trace_get_num(&ev, "code", -1), 4);
    CU_ASSERT_EQUAL(conform_trace_get_num(&ev, "missing", -1), -1);
    CU_ASSERT_STRING_EQUAL(conform_trace_get(&ev, "empty"), "");
    CU_ASSERT_STRING_EQUAL(conform_trace_get(&ev, "utf8"), "\xc3\xa9t\xc3\xa9");
    char **items;
    size_t n;
    CU_ASSERT_EQUAL(conform_trace_split_items(conform_trace_get(&ev, "items"), &items, &n), 0);
    CU_ASSERT_EQUAL_FATAL(n, 3);
    CU_ASSERT_STRING_EQUAL(items[0], "a,b");
    CU_ASSERT_STRING_EQUAL(items[1], "");
    CU_ASSERT_STRING_EQUAL(items[2], "c d");
    for (size_t i = 0; i < n; i++) free(items[i]);
    free(items);
    conform_trace_event_clear(&ev);
    free(text);
}

static void test_escape_unescape(void)
{
    const char *raw = "%=, \t\x01\x7f~";
    char *esc = conform_trace_escape(raw);
    CU_ASSERT_PTR_NULL(strpbrk(esc, " =,\t"));
    conform_trace_unescape(esc);
    CU_ASSERT_STRING_EQUAL(esc, raw);
    free(esc);
}

/* Bytes arrive in arbitrary pieces: one byte at a time gives the same events as all at once. */
static void test_feed_in_pieces(void)
{
    char *one = build_line();
    char all[4096];
    snprintf(all, sizeof all,
             "%s123456790 0 enter call=Invoke op=1\nnot a trace line\n"
             "123456791 0 leave call=Invoke op=1",
             one);
    conform_trace whole = {0}, bytes = {0};
    CU_ASSERT_EQUAL(conform_trace_feed(&whole, all, strlen(all)), 0);
    for (size_t i = 0; all[i]; i++) CU_ASSERT_EQUAL(conform_trace_feed(&bytes, all + i, 1), 0);
    CU_ASSERT_EQUAL(whole.n_events, 2); /* the last line is pending until the end */
    conform_trace_finish(&whole);
    conform_trace_finish(&bytes);
    CU_ASSERT_EQUAL(whole.n_events, 3);
    CU_ASSERT_EQUAL(bytes.n_events, 3);
    CU_ASSERT_EQUAL(whole.bad_lines, 1);
    CU_ASSERT_STRING_EQUAL(bytes.events[2].kind, "leave");
    CU_ASSERT_STRING_EQUAL(whole.text, all);
    CU_ASSERT_STRING_EQUAL(bytes.text, all);
    conform_trace_free(&whole);
    conform_trace_free(&bytes);
    free(one);
}

/* Judged in time order, whatever order the threads' lines arrived in: GetInstance entered
 * before Cancel even when its line was written after Cancel's; a tie keeps arrival order. */
static void test_time_order(void)
{
    const char *arrived = "200 1 enter call=Cancel op=1\n"
                          "100 0 enter call=GetInstance op=1\n"
                          "100 2 note n=tie\n"
                          "300 0 leave call=GetInstance op=1\n"
                          "250 1 leave call=Cancel op=1\n";
    conform_trace t = {0};
    CU_ASSERT_EQUAL(conform_trace_feed(&t, arrived, strlen(arrived)), 0);
    conform_trace_finish(&t);
    CU_ASSERT_EQUAL_FATAL(t.n_events, 5);
    static const char *const want[][2] = {{"enter", "GetInstance"}, {"note", NULL},
                                          {"enter", "Cancel"}, {"leave", "Cancel"},
                                          {"leave", "GetInstance"}};
    for (size_t i = 0; i < 5; i++) {
        CU_ASSERT_STRING_EQUAL(t.events[i].kind, want[i][0]);
        if (want[i][1] != NULL)
            CU_ASSERT_STRING_EQUAL(conform_trace_get(&t.events[i], "call"), want[i][1]);
    }
    CU_ASSERT_EQUAL(t.events[1].tid, 2);
    CU_ASSERT_STRING_EQUAL(t.text, arrived); /* the transcript keeps what arrived */
    conform_trace_free(&t);
}

/* A long trace keeps every event but only the start and the end of its text, cut at lines. */
static void test_long_text_kept_at_both_ends(void)
{
    conform_trace t = {0};
    char line[128];
    size_t lines = 20000, total = 0;
    for (size_t i = 0; i < lines; i++) {
        int n = snprintf(line, sizeof line, "%zu 0 note n=%zu pad=%s\n", i + 1, i,
                         "xxxxxxxxxxxxxxxxxxxxxxxx");
        total += (size_t)n;
        CU_ASSERT_EQUAL(conform_trace_feed(&t, line, (size_t)n), 0);
    }
    conform_trace_finish(&t);
    CU_ASSERT_EQUAL(t.n_events, lines);
    CU_ASSERT(total > 2 * CONFORM_TRACE_TEXT_HALF);
    char *text = conform_trace_text(&t);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT(strlen(text) <= 2 * CONFORM_TRACE_TEXT_HALF + 80);
    CU_ASSERT_EQUAL(strncmp(text, "1 0 note n=0 ", 13), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "bytes left out) ...\n"));
    const char *after = strstr(text, "left out) ...\n") + strlen("left out) ...\n");
    CU_ASSERT(after[0] >= '1' && after[0] <= '9'); /* the tail starts at a whole line */
    snprintf(line, sizeof line, "%zu 0 note n=%zu pad=", lines, lines - 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, line));
    free(text);
    conform_trace_free(&t);
}

/* A long stream of callback/Ack lines: every event kept, their blocks shared, values dropped
 * when the row does not read them (the element count stays). */
static void test_stream_lines_share_blocks(void)
{
    conform_trace t = {0};
    t.drop_streamed_values = 1;
    char line[256];
    for (unsigned i = 0; i < 1000; i++) {
        int n = snprintf(
            line, sizeof line,
            "%u 1 callback cb=streamedParameterResult op=1 name=Blobs value=%u:xxxx len=1002\n"
            "%u 1 enter call=Ack op=1\n%u 1 leave call=Ack op=1 result=0\n"
            "%u 1 callback cb=streamedParameterResult op=1 name=Tags count=2 items=a,b\n",
            4 * i + 10, i, 4 * i + 11, 4 * i + 12, 4 * i + 13);
        CU_ASSERT_EQUAL(conform_trace_feed(&t, line, (size_t)n), 0);
    }
    conform_trace_finish(&t);
    CU_ASSERT_EQUAL_FATAL(t.n_events, 4000);
    size_t shared = 0;
    for (size_t i = 0; i < t.n_events; i++) shared += t.events[i].shared;
    CU_ASSERT_EQUAL(shared, 4000 - 4);
    const conform_trace_event *last = &t.events[3996];
    CU_ASSERT_EQUAL(last->t_us, 4 * 999 + 10);
    CU_ASSERT_STRING_EQUAL(conform_trace_get(last, "value"), "");
    CU_ASSERT_STRING_EQUAL(conform_trace_get(last, "len"), "1002");
    CU_ASSERT_STRING_EQUAL(conform_trace_get(&t.events[3998], "result"), "0");
    CU_ASSERT_PTR_NULL(conform_trace_get(&t.events[3999], "items"));
    CU_ASSERT_EQUAL(conform_trace_get_num(&t.events[3999], "count", -1), 2);
    conform_trace_free(&t);

    /* A row that compares values keeps them. */
    conform_trace k = {0};
    const char *two = "1 1 callback cb=streamedParameterResult op=1 value=7\n"
                      "2 1 callback cb=streamedParameterResult op=1 value=8\n";
    CU_ASSERT_EQUAL(conform_trace_feed(&k, two, strlen(two)), 0);
    conform_trace_finish(&k);
    CU_ASSERT_EQUAL_FATAL(k.n_events, 2);
    CU_ASSERT_STRING_EQUAL(conform_trace_get(&k.events[1], "value"), "8");
    CU_ASSERT_FALSE(k.events[1].shared);
    conform_trace_free(&k);
}

/* A trace far out of order (as no driver writes it) still ends in time order. */
static void test_reversed_trace_sorted(void)
{
    conform_trace t = {0};
    char line[64];
    for (unsigned i = 0; i < 5000; i++) {
        int n = snprintf(line, sizeof line, "%u 0 note n=%u\n", 5000 - i, i);
        CU_ASSERT_EQUAL(conform_trace_feed(&t, line, (size_t)n), 0);
    }
    conform_trace_finish(&t);
    CU_ASSERT_EQUAL_FATAL(t.n_events, 5000);
    int ordered = 1;
    for (size_t i = 1; i < t.n_events; i++) ordered &= t.events[i - 1].t_us < t.events[i].t_us;
    CU_ASSERT(ordered);
    conform_trace_free(&t);
}

/* The transcript's trace lines are timed from the case's origin, like the mock journal's. */
static void test_text_since_origin(void)
{
    conform_trace t = {0};
    const char *lines = "1001500 0 start pid=7\nnot a trace line\n3000000 1 end\n";
    CU_ASSERT_EQUAL(conform_trace_feed(&t, lines, strlen(lines)), 0);
    conform_trace_finish(&t);
    char *text = conform_trace_text_since(&t, 1000000);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_STRING_EQUAL(text,
                           "[   0.001500] 0 start pid=7\nnot a trace line\n[   2.000000] 1 end\n");
    free(text);
    conform_trace_free(&t);
}

static void test_bad_lines(void)
{
    conform_trace_event ev;
    CU_ASSERT_EQUAL(conform_trace_parse_line("", &ev), -1);
    CU_ASSERT_EQUAL(conform_trace_parse_line("x 0 enter", &ev), -1);
    CU_ASSERT_EQUAL(conform_trace_parse_line("1 0", &ev), -1);
    CU_ASSERT_EQUAL(conform_trace_parse_line("1 0 enter novalue", &ev), -1);
    CU_ASSERT_EQUAL(conform_trace_parse_line("1 0 end", &ev), 0);
    CU_ASSERT_EQUAL(ev.n_fields, 0);
    conform_trace_event_clear(&ev);
}

static void test_write_all_through_a_pipe(void)
{
    int p[2];
    CU_ASSERT_FATAL(pipe(p) == 0);
    char *line = build_line();
    CU_ASSERT_EQUAL(conform_trace_write_all(p[1], line, strlen(line)), 0);
    close(p[1]);
    char buf[4096];
    ssize_t n = read(p[0], buf, sizeof buf);
    close(p[0]);
    CU_ASSERT_EQUAL(n, (ssize_t)strlen(line));
    free(line);
}

static void test_journal_kinds(void)
{
    CU_ASSERT_STRING_EQUAL(conform_trace_journal_kind(MOCK_EV_REQUEST), "request");
    CU_ASSERT_STRING_EQUAL(conform_trace_journal_kind(MOCK_EV_BLOCKED), "blocked");
    CU_ASSERT_EQUAL(conform_trace_journal_index("disconnect"), MOCK_EV_DISCONNECT);
    CU_ASSERT_EQUAL(conform_trace_journal_index("nothing"), -1);
    CU_ASSERT_STRING_EQUAL(conform_trace_journal_kind((mock_event_kind)99), "?");
}

int main(int argc, char **argv)
{
    static const cutest_case cases[] = {
        {"round_trip", test_round_trip},
        {"escape_unescape", test_escape_unescape},
        {"feed_in_pieces", test_feed_in_pieces},
        {"time_order", test_time_order},
        {"text_since_origin", test_text_since_origin},
        {"stream_lines_share_blocks", test_stream_lines_share_blocks},
        {"reversed_trace_sorted", test_reversed_trace_sorted},
        {"long_text_kept_at_both_ends", test_long_text_kept_at_both_ends},
        {"bad_lines", test_bad_lines},
        {"write_all_through_a_pipe", test_write_all_through_a_pipe},
        {"journal_kinds", test_journal_kinds},
        {NULL, NULL},
    };
    return cutest_run("test_harness_trace", cases, argc, argv);
}
