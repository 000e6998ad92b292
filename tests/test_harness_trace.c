/*
 * The driver->parent trace protocol (harness/trace.c): lines written by the child's builder
 * come back field for field, whatever bytes the values hold and however the pipe splits them.
 * (Compiled in directly: the case half is not one of the static libraries tests link.)
 */
#include "harness/trace.c"

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
    CU_ASSERT_FALSE(l.oom);
    return l.buf;
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
    snprintf(all, sizeof all, "%s1 0 enter call=Invoke op=1\nnot a trace line\n2 0 leave call=Invoke op=1", one);
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
    CU_ASSERT_STRING_EQUAL(conform_trace_journal_kind(1), "request");
    CU_ASSERT_STRING_EQUAL(conform_trace_journal_kind(8), "blocked");
    CU_ASSERT_EQUAL(conform_trace_journal_index("disconnect"), 3);
    CU_ASSERT_EQUAL(conform_trace_journal_index("nothing"), -1);
    CU_ASSERT_STRING_EQUAL(conform_trace_journal_kind(99), "?");
}

int main(int argc, char **argv)
{
    static const cutest_case cases[] = {
        {"round_trip", test_round_trip},
        {"escape_unescape", test_escape_unescape},
        {"feed_in_pieces", test_feed_in_pieces},
        {"bad_lines", test_bad_lines},
        {"write_all_through_a_pipe", test_write_all_through_a_pipe},
        {"journal_kinds", test_journal_kinds},
        {NULL, NULL},
    };
    return cutest_run("test_harness_trace", cases, argc, argv);
}
