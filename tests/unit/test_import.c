/* test_import.c: benchmark instances — reading jssp and fjsp text, refusing
 * malformed instances with their messages, and the models written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/import_bench.h"
#include "runtime/import_actuals.h"
#include "test.h"

/* Parses text as name "t.txt"; returns the message (to free) or NULL. */
static char *parse(BenchInstance *bi, BenchKind kind, const char *text)
{
    return bench_parse(bi, kind, "t.txt", text, strlen(text));
}

static void jssp_is_read(void)
{
    BenchInstance bi;
    char *err = parse(&bi, BENCH_JSSP, "2 3\n0 5 1 3 2 2\n2 4 0 1 1 7\n");
    CU_ASSERT_PTR_NULL_FATAL(err);
    CU_ASSERT_EQUAL(bi.kind, BENCH_JSSP);
    CU_ASSERT_EQUAL(bi.nmachines, 3);
    CU_ASSERT_EQUAL(bi.jobs.len, 2);
    CU_ASSERT_EQUAL(bi.ops.len, 6);
    CU_ASSERT_EQUAL(bi.alts.len, 6);
    CU_ASSERT_EQUAL(bi.jobs.data[1].op, 3);
    CU_ASSERT_EQUAL(bi.jobs.data[1].nops, 3);
    const BenchAlt *a = &bi.alts.data[bi.ops.data[3].alt];
    CU_ASSERT_EQUAL(a->machine, 2);
    CU_ASSERT_EQUAL(a->time, 4);
    CU_ASSERT_EQUAL(bi.work, 5 + 3 + 2 + 4 + 1 + 7);
    bench_free(&bi);
}

static void fjsp_is_read_from_one(void)
{
    BenchInstance bi;
    char *err = parse(&bi, BENCH_FJSP, "2 3 1.5\n2 1 1 5 2 2 7 3 4\n1 3 1 1 2 2 3 3\n");
    CU_ASSERT_PTR_NULL_FATAL(err);
    CU_ASSERT_EQUAL(bi.nmachines, 3);
    CU_ASSERT_EQUAL(bi.jobs.len, 2);
    CU_ASSERT_EQUAL(bi.ops.len, 3);
    CU_ASSERT_EQUAL(bi.alts.len, 6);
    const BenchOp *op = &bi.ops.data[1];
    CU_ASSERT_EQUAL(op->nalts, 2);
    CU_ASSERT_EQUAL(bi.alts.data[op->alt].machine, 1); /* machine 2 of the file */
    CU_ASSERT_EQUAL(bi.alts.data[op->alt].time, 7);
    CU_ASSERT_EQUAL(bi.alts.data[op->alt + 1].machine, 2);
    CU_ASSERT_EQUAL(bi.work, 5 + 7 + 3);
    bench_free(&bi);
}

static void any_spacing_is_read(void)
{
    static const char *const forms[] = {
        "1 2\n0 3 1 4\n",
        "1 2\n0 3 1 4",
        "1\t2\r\n0  3\t1 4\r\n",
        "\n  1 2  \n\n0 3\t\t1 4\n\n\n",
        "1 2\n0 3 1 4\n   \t\n",
    };
    StrBuf first = {0};
    for (size_t i = 0; i < TK_COUNTOF(forms); i++) {
        BenchInstance bi;
        char *err = parse(&bi, BENCH_JSSP, forms[i]);
        CU_ASSERT_PTR_NULL(err);
        if (err) {
            fprintf(stderr, "form %zu: %s\n", i, err);
            tk_free(err);
            continue;
        }
        StrBuf b = {0};
        bench_write_model(&bi, &b);
        if (i == 0) first = b;
        else {
            CU_ASSERT_STRING_EQUAL(sb_cstr(&b), sb_cstr(&first));
            sb_free(&b);
        }
        bench_free(&bi);
    }
    sb_free(&first);
}

static const struct {
    BenchKind kind;
    const char *text, *message;
} bad[] = {
    {BENCH_JSSP, "", "t.txt:1: the file is empty; expected the header 'JOBS MACHINES'"},
    {BENCH_JSSP, " \n\t\n", "t.txt:1: the file is empty; expected the header 'JOBS MACHINES'"},
    {BENCH_FJSP, "", "t.txt:1: the file is empty; expected the header 'JOBS MACHINES FLEXIBILITY'"},
    {BENCH_JSSP, "6 6\n2 1 0 3 1 6 3 7 5 3 4 6\n1 8 2 5 4 10 5 10 0 10\n",
     "t.txt:3: expected 6 (machine, time) pairs, found 5"},
    {BENCH_JSSP, "1 2\n0 3 1\n", "t.txt:2: expected 2 (machine, time) pairs, found 1 and a machine without its time"},
    {BENCH_JSSP, "1 2\n0 3 1 4 5\n", "t.txt:2: unexpected '5' after 2 (machine, time) pairs"},
    {BENCH_JSSP, "1 2\n0 3 1 4\n7\n", "t.txt:3: expected the end of the file after 1 job, found '7'"},
    {BENCH_JSSP, "3 2\n0 3 1 4\n\n1 1 0 1\n", "t.txt:4: the file ends after 2 of 3 jobs"},
    {BENCH_JSSP, "1 2\n0 3 2 4\n", "t.txt:2: machine 2 of operation 2 is out of range 0..1"},
    {BENCH_JSSP, "1 2\n-1 3 1 4\n", "t.txt:2: machine -1 of operation 1 is out of range 0..1"},
    {BENCH_JSSP, "1 2\n0 3 1 -4\n", "t.txt:2: the time of operation 2 must not be negative, found -4"},
    {BENCH_JSSP, "1 2\n0 3 1 4.5\n", "t.txt:2: the time of operation 2 must be a whole number, found '4.5'"},
    {BENCH_JSSP, "1 2\n0 1e3 1 4\n", "t.txt:2: the time of operation 1 must be a whole number, found '1e3'"},
    {BENCH_JSSP, "1 2\n0 3 1 four\n", "t.txt:2: expected a whole number for the time of operation 2, found 'four'"},
    {BENCH_JSSP, "1 2\n0 3 1 +4\n", "t.txt:2: expected a whole number for the time of operation 2, found '+4'"},
    {BENCH_JSSP, "1 2\n0 3 1 4\x01\n",
     "t.txt:2: expected a whole number for the time of operation 2, found '4\\x01'"},
    {BENCH_JSSP, "1 1\n0 12345678901\n", "t.txt:2: the time of operation 1 is too large: 12345678901"},
    {BENCH_JSSP, "0 2\n", "t.txt:1: the number of jobs must be at least 1, found 0"},
    {BENCH_JSSP, "1 0\n\n", "t.txt:1: the number of machines must be at least 1, found 0"},
    {BENCH_JSSP, "1 2 3\n0 3 1 4\n", "t.txt:1: expected the header 'JOBS MACHINES' (2 numbers), found 3 values"},
    {BENCH_JSSP, "x 2\n0 3 1 4\n", "t.txt:1: expected a whole number for the number of jobs, found 'x'"},
    {BENCH_JSSP, "1 2\n0 3000000 1 3000000\n0 0\n",
     "t.txt:3: expected the end of the file after 1 job, found '0'"},
    {BENCH_JSSP, "1 2\n0 6000000 1 6000000\n",
     "t.txt: the operations take 12000000 time units in all; with a day added, that is longer than the "
     "longest horizon a model may have (20 years, 10540800 minutes)"},
    {BENCH_FJSP, "1 2\n1 1 1 5\n", "t.txt:1: expected the header 'JOBS MACHINES FLEXIBILITY' (3 numbers), found 2 values"},
    {BENCH_FJSP, "1 2 x\n1 1 1 5\n",
     "t.txt:1: the flexibility (machines per operation) must be a number not below 0, found 'x'"},
    {BENCH_FJSP, "1 2 1\n2 1 1 3 0 2 4\n", "t.txt:2: the number of machines of operation 2 must be at least 1, found 0"},
    {BENCH_FJSP, "1 2 1\n0\n", "t.txt:2: the number of operations must be at least 1, found 0"},
    {BENCH_FJSP, "1 2 1\n3 1 1 3 1 2 4\n", "t.txt:2: expected 3 operations, found 2"},
    {BENCH_FJSP, "1 2 1\n2 1 1 3 2 1 4\n",
     "t.txt:2: expected 2 (machine, time) pairs for operation 2, found 1"},
    {BENCH_FJSP, "1 2 1\n2 1 1 3 2 1 4 2\n",
     "t.txt:2: expected 2 (machine, time) pairs for operation 2, found 1 and a machine without its time"},
    {BENCH_FJSP, "1 2 1\n2 1 1 3 1 2 4 9\n", "t.txt:2: unexpected '9' after the 2 operations of the job"},
    {BENCH_FJSP, "1 2 1\n1 1 0 3\n", "t.txt:2: machine 0 of operation 1 is out of range 1..2"},
    {BENCH_FJSP, "1 2 1\n1 1 3 3\n", "t.txt:2: machine 3 of operation 1 is out of range 1..2"},
    {BENCH_FJSP, "1 2 1\n1 2 2 3 2 4\n", "t.txt:2: operation 1 lists machine 2 twice"},
    {BENCH_FJSP, "1 2 1\n1 3 1 3 2 4 1 5\n", "t.txt:2: operation 1 lists 3 machines, but the instance has 2"},
    {BENCH_FJSP, "1 2 1\n1 1 1 -5\n", "t.txt:2: the time of operation 1 must not be negative, found -5"},
    {BENCH_FJSP, "2 2 1\n1 1 1 5\n", "t.txt:2: the file ends after 1 of 2 jobs"},
    {BENCH_FJSP, "1 2 1\n1 1 1 5\n1 1 1 5\n", "t.txt:3: expected the end of the file after 1 job, found '1'"},
};

static void malformed_instances_are_refused(void)
{
    for (size_t i = 0; i < TK_COUNTOF(bad); i++) {
        BenchInstance bi;
        char *err = parse(&bi, bad[i].kind, bad[i].text);
        CU_ASSERT_PTR_NOT_NULL(err);
        if (!err) {
            fprintf(stderr, "case %zu accepted\n", i);
            bench_free(&bi);
            continue;
        }
        if (strcmp(err, bad[i].message) != 0) fprintf(stderr, "case %zu:\n  got  %s\n  want %s\n", i, err, bad[i].message);
        CU_ASSERT_STRING_EQUAL(err, bad[i].message);
        CU_ASSERT_EQUAL(bi.ops.len, 0); /* nothing half read is left */
        CU_ASSERT_PTR_NULL(bi.source);
        tk_free(err);
    }
}

/* Writes the instance's model and checks it: no errors, no warnings. */
static char *model_of(BenchKind kind, const char *name, const char *text)
{
    BenchInstance bi;
    char *err = bench_parse(&bi, kind, name, text, strlen(text));
    CU_ASSERT_PTR_NULL(err);
    if (err) {
        fprintf(stderr, "%s\n", err);
        tk_free(err);
        return NULL;
    }
    StrBuf b = {0};
    bench_write_model(&bi, &b);
    bench_free(&bi);
    Model *m = test_check(sb_cstr(&b));
    if (m->diags.len) {
        char *shown = test_render(m);
        fprintf(stderr, "%s\n%s", sb_cstr(&b), shown);
        free(shown);
    }
    CU_ASSERT_EQUAL(m->diags.len, 0);
    model_free(m);
    return b.data;
}

static void jssp_model_follows_the_mapping(void)
{
    char *s = model_of(BENCH_JSSP, "dir/tiny.txt", "2 3\n0 5 1 3 2 2\n2 4 0 1 1 7\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(strncmp(s, "// tiny.txt: a job shop benchmark instance (jssp).\n", 51), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "plant \"tiny\" { start 2000-01-01 00:00  horizon 1462 min }\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "machine m0 { units 1 }\nmachine m1 { units 1 }\nmachine m2 { units 1 }\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "product p1 {\n  routing {\n    o0 on m2 run 4 min\n    o1 on m0 run 1 min\n"
                                     "    o2 on m1 run 7 min\n  }\n}\norder j1 { p1 1  due 2000-01-01 }\n"));
    size_t n = strlen(s);
    CU_ASSERT(n > 32 && strcmp(s + n - 32, "\nschedule { minimize makespan }\n") == 0);
    free(s);
}

static void fjsp_model_lists_alternatives(void)
{
    /* machine 4 is used by no operation: left out, so check stays quiet */
    char *s = model_of(BENCH_FJSP, "f.fjs", "1 4 2\n2 1 3 5 2 1 7 3 4\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "    o0 on m2 run 5 min\n    o1 on m0 (run 7 min) | m2 (run 4 min)\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "horizon 1452 min"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "// No operation uses m1, m3, so the model leaves them out.\n"));
    CU_ASSERT_PTR_NULL(strstr(s, "machine m1 "));
    CU_ASSERT_PTR_NULL(strstr(s, "machine m3 "));
    free(s);
}

static void step_names_line_up(void)
{
    char *s = model_of(BENCH_JSSP, "w.txt", "1 11\n0 1 1 1 2 1 3 1 4 1 5 1 6 1 7 1 8 1 9 1 10 1\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "    o9  on m9 run 1 min\n    o10 on m10 run 1 min\n"));
    free(s);
}

static void zero_times_and_revisits_are_allowed(void)
{
    char *s = model_of(BENCH_JSSP, "z.txt", "1 2\n1 0 1 0\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "horizon 1440 min"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "    o0 on m1 run 0 min\n    o1 on m1 run 0 min\n"));
    free(s);
}

static void files_are_loaded(void)
{
    char dir[] = "/tmp/takt-import-XXXXXX";
    CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/ok.txt", dir);
    FILE *f = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("1 1\n0 9", f);
    fclose(f);

    BenchInstance bi;
    char *err;
    CU_ASSERT_EQUAL(bench_load(&bi, BENCH_JSSP, path, &err), BENCH_OK);
    CU_ASSERT_PTR_NULL(err);
    CU_ASSERT_EQUAL(bi.work, 9);
    bench_free(&bi);

    CU_ASSERT_EQUAL(bench_load(&bi, BENCH_FJSP, path, &err), BENCH_BAD_INSTANCE);
    CU_ASSERT(err && strstr(err, "ok.txt:1: expected the header 'JOBS MACHINES FLEXIBILITY'"));
    tk_free(err);

    CU_ASSERT_EQUAL(bench_load(&bi, BENCH_JSSP, dir, &err), BENCH_IO_ERROR);
    CU_ASSERT(err && strstr(err, "is a directory or special file"));
    tk_free(err);

    unlink(path);
    CU_ASSERT_EQUAL(bench_load(&bi, BENCH_JSSP, path, &err), BENCH_IO_ERROR);
    CU_ASSERT(err && strstr(err, "no such file"));
    tk_free(err);
    rmdir(dir);
}

static void actuals_csv_as_spreadsheets_write_it(void)
{
    /* a byte-order mark, quoted header fields, CRLF: the same block */
    static const char plain[] = "work_order,operation,machine,start,end\nW1,cut,saw,2026-12-07T06:00,2026-12-07T07:00\n";
    static const char *const forms[] = {
        "\xEF\xBB\xBFwork_order,operation,machine,start,end\nW1,cut,saw,2026-12-07T06:00,2026-12-07T07:00\n",
        "\"work_order\",\"operation\",\"machine\",\"start\",\"end\"\r\nW1,cut,saw,2026-12-07T06:00,2026-12-07T07:00\r\n",
        ("\xEF\xBB\xBF\"work_order\",\"operation\",\"machine\",\"start\",\"end\"\r\n"
         "\"W1\",\"cut\",\"saw\",\"2026-12-07T06:00\",\"2026-12-07T07:00\"\r\n"),
    };
    StrBuf want = {0};
    char *err = actuals_from_csv("a.csv", plain, strlen(plain), &want);
    CU_ASSERT_PTR_NULL_FATAL(err);
    for (size_t k = 0; k < TK_COUNTOF(forms); k++) {
        StrBuf got = {0};
        err = actuals_from_csv("a.csv", forms[k], strlen(forms[k]), &got);
        CU_ASSERT_PTR_NULL(err);
        tk_free(err);
        CU_ASSERT_STRING_EQUAL(sb_cstr(&got), sb_cstr(&want));
        sb_free(&got);
    }
    sb_free(&want);
}

/* The due-date factor is read exactly; bad values are refused. */
static void due_factor_is_read_exactly(void)
{
    BenchDue d = {0, 0, false};
    CU_ASSERT(bench_due_factor_parse("1.3", &d) && d.num == 13 && d.den == 10);
    CU_ASSERT(bench_due_factor_parse("1.50", &d) && d.num == 150 && d.den == 100);
    CU_ASSERT(bench_due_factor_parse("2", &d) && d.num == 2 && d.den == 1);
    CU_ASSERT(bench_due_factor_parse("100", &d) && d.num == 100);
    CU_ASSERT(bench_due_factor_parse("0.000001", &d) && d.num == 1 && d.den == 1000000);
    static const char *const bad_factors[] = {"", "0", "0.0", "-1", "+1", "1.", ".5", "1..3", "1.3x", "1e3", " 1.3",
                                      "1.3 ", "100.000001", "101", "1.0000001", "99999999999999999999", "nan"};
    for (size_t i = 0; i < TK_COUNTOF(bad_factors); i++) {
        BenchDue e = {7, 7, false};
        CU_ASSERT_FALSE(bench_due_factor_parse(bad_factors[i], &e));
        CU_ASSERT(e.num == 7 && e.den == 7); /* untouched */
    }
}

/* floor(f x total processing time), without rounding errors; weights 4, 2, 1
 * for the first 20%, the next 60% and the last 20% of the jobs. */
static void due_dates_and_weights_follow_the_rule(void)
{
    BenchInstance bi;
    /* job totals 10, 100, 1000, 3 */
    const char *text = "4 2\n0 4 1 6\n1 50 0 50\n0 999 1 1\n1 1 0 2\n";
    char *err = bench_parse(&bi, BENCH_JSSP, "t.txt", text, strlen(text));
    CU_ASSERT_PTR_NULL(err);
    BenchDue d = {0, 0, true};
    CU_ASSERT(bench_due_factor_parse("1.3", &d));
    CU_ASSERT_EQUAL(bench_due_minutes(&bi, &d, 0), 13);
    CU_ASSERT_EQUAL(bench_due_minutes(&bi, &d, 1), 130);
    CU_ASSERT_EQUAL(bench_due_minutes(&bi, &d, 2), 1300);
    CU_ASSERT_EQUAL(bench_due_minutes(&bi, &d, 3), 3); /* 3.9 */
    CU_ASSERT(bench_due_factor_parse("1.6", &d));
    CU_ASSERT_EQUAL(bench_due_minutes(&bi, &d, 3), 4); /* 4.8 */
    CU_ASSERT_PTR_NULL(bench_due_check(&bi, &d));
    StrBuf b = {0};
    bench_write_model_due(&bi, &d, &b);
    CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "order j2 { p2 1  due 2000-01-02 02:40  priority 2 }"));
    CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "schedule { minimize weighted_tardiness }"));
    CU_ASSERT_PTR_NOT_NULL(strstr(b.data, "f = 1.6,"));
    Model *m = test_check(sb_cstr(&b));
    CU_ASSERT_EQUAL(m->diags.len, 0);
    model_free(m);
    sb_free(&b);
    bench_free(&bi);
    /* 10 jobs: 2 of 4, 6 of 2, 2 of 1; 15 jobs: 3, 9, 3; 6 jobs: 1, 3, 2 */
    static const struct { uint32_t n, w4, w2; } split[] = {{10, 2, 8}, {15, 3, 12}, {6, 1, 4}, {1, 0, 0}, {5, 1, 4}};
    for (size_t k = 0; k < TK_COUNTOF(split); k++)
        for (uint32_t j = 0; j < split[k].n; j++)
            CU_ASSERT_EQUAL(bench_singer_pinedo_weight(split[k].n, j), j < split[k].w4 ? 4u : j < split[k].w2 ? 2u : 1u);
}

static void kinds_have_names(void)
{
    BenchKind k;
    CU_ASSERT(bench_kind_parse("jssp", &k) && k == BENCH_JSSP);
    CU_ASSERT(bench_kind_parse("fjsp", &k) && k == BENCH_FJSP);
    CU_ASSERT_FALSE(bench_kind_parse("JSSP", &k));
    CU_ASSERT_STRING_EQUAL(bench_kind_name(BENCH_FJSP), "fjsp");
}

void suite_import(void)
{
    CU_pSuite s = CU_add_suite("import", NULL, NULL);
    ADD_TEST(s, jssp_is_read);
    ADD_TEST(s, fjsp_is_read_from_one);
    ADD_TEST(s, any_spacing_is_read);
    ADD_TEST(s, malformed_instances_are_refused);
    ADD_TEST(s, jssp_model_follows_the_mapping);
    ADD_TEST(s, fjsp_model_lists_alternatives);
    ADD_TEST(s, step_names_line_up);
    ADD_TEST(s, zero_times_and_revisits_are_allowed);
    ADD_TEST(s, files_are_loaded);
    ADD_TEST(s, kinds_have_names);
    ADD_TEST(s, due_factor_is_read_exactly);
    ADD_TEST(s, due_dates_and_weights_follow_the_rule);
    ADD_TEST(s, actuals_csv_as_spreadsheets_write_it);
}
