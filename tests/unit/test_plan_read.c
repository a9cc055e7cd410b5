/* test_plan_read.c: the plan reader's own parsers of times and numbers
 * read exactly what sscanf and strtod read — the common forms by hand, the
 * rest by the library — over edge cases and many random strings; and an
 * empty string field is empty; a byte-order mark and a quoted CSV header
 * read as without them. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/ast.h"
#include "runtime/plan_read.h"
#include "test.h"

/* The reader's parse of a time with sscanf: the reference. 24:00 is the
 * next day's 00:00 (docs/plan-format.md). */
static bool ref_time(const char *s, int64_t *out)
{
    int y, mo, d, h, mi;
    char tail;
    if (strlen(s) != 16 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':') return false;
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d%c", &y, &mo, &d, &h, &mi, &tail) != 5) return false;
    if (!date_valid(y, mo, d) || h > 24 || (h == 24 && mi) || mi > 59 || h < 0 || mi < 0) return false;
    *out = (int64_t)date_from_ymd(y, mo, d) * 1440 + h * 60 + mi;
    return true;
}

static void same_time(const char *s)
{
    int64_t a = -7, b = -7;
    bool ra = ref_time(s, &a), rb = plan_parse_time(s, &b);
    CU_ASSERT_EQUAL(ra, rb);
    if (ra && rb) CU_ASSERT_EQUAL(a, b);
    if (ra != rb || (ra && a != b)) fprintf(stderr, "\ntime '%s': %d %lld vs %d %lld\n", s, ra, (long long)a, rb, (long long)b);
}

static void times_as_sscanf_reads_them(void)
{
    static const char *const cases[] = {
        "2026-12-07T06:00", "1970-01-01T00:00", "0000-01-01T00:00", "9999-12-31T23:59", "2024-02-29T00:00",
        "2023-02-29T00:00", "2026-02-30T06:00", "2026-12-07T24:00", "2026-12-07T23:60", "2026-13-07T06:00",
        "2026-00-07T06:00", "2026-12-00T06:00", "+026-12-07T06:00", "-026-12-07T06:00", "  26-12-07T06:00",
        " 2026-12-07T06:0", "2026-1a-07T06:00", "2026-+1-07T06:00", "2026- 1-07T06:00", "2026-12-07T-1:00",
        "2026-12-07T06:-0", "2026-12-07T06:00x", "2026-12-07T06:0", "2026-12-07 06:00", "2026/12/07T06:00",
        "", "2026-12-07T06:0\t", "2026-12-07T6:000", "2026-12-07T06:+0", "20a6-12-07T06:00",
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) same_time(cases[k]);
    int64_t t;
    CU_ASSERT_TRUE(plan_parse_time("1970-01-02T01:30", &t));
    CU_ASSERT_EQUAL(t, 1440 + 90);
    /* the end of a day, as another tool may write it: the next day's 00:00 */
    int64_t t2 = -1;
    CU_ASSERT_TRUE(plan_parse_time("2026-12-31T24:00", &t) && plan_parse_time("2027-01-01T00:00", &t2));
    CU_ASSERT_EQUAL(t, t2);
    CU_ASSERT_FALSE(plan_parse_time("2026-12-31T24:01", &t));
    /* random strings on the form's frame: digits, signs, spaces, letters */
    static const char alphabet[] = "0123456789012345678901234567890123456789 +-x\t";
    srand(7);
    for (int n = 0; n < 200000; n++) {
        char s[17];
        memcpy(s, "2026-12-07T06:00", 17);
        static const int digit[] = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15};
        for (int k = 0; k < 12; k++)
            if (rand() % 3 == 0) s[digit[k]] = alphabet[rand() % (int)(sizeof alphabet - 1)];
            else s[digit[k]] = (char)('0' + rand() % 10);
        same_time(s);
    }
}

/* A number field as the reader reads it: the qty of an order record. */
static bool read_qty(const char *text, double *out)
{
    char buf[256];
    snprintf(buf, sizeof buf, "takt-plan 1\norder o product p qty %s due 2026-12-07T06:00\n", text);
    Diags d;
    diags_init(&d);
    PlanFile pf;
    plan_read(&pf, 0, buf, strlen(buf), &d);
    bool ok = d.nerrors == 0 && pf.orders.len == 1;
    if (ok) *out = pf.orders.data[0].qty;
    plan_file_free(&pf);
    diags_free(&d);
    return ok;
}

static void same_number(const char *s)
{
    char *end;
    double want = strtod(s, &end);
    bool ref = *s && !*end && want == want;
    double got = 0;
    bool ok = read_qty(s, &got);
    CU_ASSERT_EQUAL(ok, ref);
    if (ok && ref) CU_ASSERT_EQUAL(memcmp(&got, &want, sizeof got), 0); /* bit for bit: -0 too */
    if (ok != ref || (ok && ref && memcmp(&got, &want, sizeof got) != 0))
        fprintf(stderr, "\nnumber '%s': %d %.17g vs %d %.17g\n", s, ref, want, ok, got);
}

static void numbers_as_strtod_reads_them(void)
{
    static const char *const cases[] = {
        "0", "-0", "1", "40", "-3.25", "0.1", "0.3", "11487.170833", "27388250.40", "5.", ".5", "-.5", ".", "-",
        "..5", "1.2.3", "1e2", "+5", "0x10", "inf", "-inf", "nan", "1e400", "2.5e-3", "00000000000000000001",
        "123456789012345", "1234567890123456", "9007199254740993", "0.000000000000000000001",
        "1.000000000000000000000001", "999999999999999", "0.999999999999999", "-999999999.999999", "1-", "1a",
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) same_number(cases[k]);
    /* random decimals: the hand path and strtod agree to the bit */
    srand(11);
    for (int n = 0; n < 200000; n++) {
        char s[40];
        int len = 0;
        if (rand() % 4 == 0) s[len++] = '-';
        int digits = 1 + rand() % 18, dot = rand() % (digits + 2);
        for (int k = 0; k < digits; k++) {
            if (k == dot) s[len++] = '.';
            s[len++] = (char)('0' + rand() % 10);
        }
        s[len] = 0;
        same_number(s);
    }
}

static void empty_strings_read_as_empty(void)
{
    /* "" in a plan file and an empty CSV field are empty, whatever is
     * around them (the reader once took the field before) */
    const char *t = "takt-plan 1\n"
                    "op SO-1 \"\" machine saw unit 1 start 2026-12-07T06:00 end 2026-12-07T07:00\n"
                    "op \"\" cut machine saw unit 1 start 2026-12-07T06:00 end 2026-12-07T07:00\n";
    Diags d;
    diags_init(&d);
    PlanFile pf;
    CU_ASSERT_TRUE(plan_read(&pf, 0, t, strlen(t), &d));
    CU_ASSERT_EQUAL_FATAL(pf.ops.len, 2);
    CU_ASSERT_STRING_EQUAL(pf.ops.data[0].step, "");
    CU_ASSERT_STRING_EQUAL(pf.ops.data[1].wo, "");
    CU_ASSERT_STRING_EQUAL(pf.ops.data[1].step, "cut");
    plan_file_free(&pf);
    diags_free(&d);
    diags_init(&d);
    const char *c = "order,operation,machine,unit,start,end\n"
                    "SO-1,,saw,1,2026-12-07T06:00,2026-12-07T07:00\n"
                    "SO-2,\"\"\"a\"\"\",\"\",1,2026-12-07T06:00,2026-12-07T07:00\n";
    CU_ASSERT_TRUE(plan_read(&pf, 0, c, strlen(c), &d));
    CU_ASSERT_EQUAL_FATAL(pf.ops.len, 2);
    CU_ASSERT_STRING_EQUAL(pf.ops.data[0].step, "");
    CU_ASSERT_STRING_EQUAL(pf.ops.data[0].machine, "saw");
    CU_ASSERT_STRING_EQUAL(pf.ops.data[1].step, "\"a\"");
    CU_ASSERT_STRING_EQUAL(pf.ops.data[1].machine, "");
    plan_file_free(&pf);
    diags_free(&d);
}

/* A reported cycle's name (`ref`): a JSON string, read as written with its
 * escapes undone; a batch record without one (an older plan) has none. */
static void batch_refs(void)
{
    const char *t = "takt-plan 2\n"
                    "batch oven 1 unit 1 start 2026-03-02T07:00 end 2026-03-02T10:20 actual done ref \"B-1\\\"0\\u00011\"\n"
                    "batch oven 2 unit 1 start 2026-03-02T10:30 end 2026-03-02T13:30 actual running\n"
                    "batch oven 3 unit 1 start 2026-03-02T13:30 end 2026-03-02T16:30\n";
    Diags d;
    diags_init(&d);
    PlanFile pf;
    CU_ASSERT_TRUE(plan_read(&pf, 0, t, strlen(t), &d));
    CU_ASSERT_EQUAL(d.nerrors, 0);
    CU_ASSERT_EQUAL_FATAL(pf.batches.len, 3);
    CU_ASSERT_PTR_NOT_NULL_FATAL(pf.batches.data[0].ref);
    CU_ASSERT_STRING_EQUAL(pf.batches.data[0].ref, "B-1\"0\0011");
    CU_ASSERT_EQUAL(pf.batches.data[0].actual, 1);
    CU_ASSERT_PTR_NULL(pf.batches.data[1].ref);
    CU_ASSERT_EQUAL(pf.batches.data[1].actual, 2);
    CU_ASSERT_PTR_NULL(pf.batches.data[2].ref);
    plan_file_free(&pf);
    diags_free(&d);
}

/* Reads text; the number of ops and errors, or -1 if not read at all. */
static int read_ops(const char *text, uint32_t *nerrors, bool *csv)
{
    Diags d;
    diags_init(&d);
    PlanFile pf;
    int n = plan_read(&pf, 0, text, strlen(text), &d) ? (int)pf.ops.len : -1;
    *nerrors = d.nerrors;
    *csv = pf.csv;
    plan_file_free(&pf);
    diags_free(&d);
    return n;
}

static void byte_order_marks_and_quoted_headers(void)
{
    /* what spreadsheets write: a byte-order mark, every header field quoted,
     * CRLF; read as the plain file */
    static const char *const csvs[] = {
        "order,operation,machine,unit,start,end\nA,cut,saw,1,2026-12-07T06:00,2026-12-07T07:00\n",
        "\xEF\xBB\xBForder,operation,machine,unit,start,end\nA,cut,saw,1,2026-12-07T06:00,2026-12-07T07:00\n",
        ("\"order\",\"operation\",\"machine\",\"unit\",\"start\",\"end\"\r\n"
         "\"A\",\"cut\",\"saw\",\"1\",\"2026-12-07T06:00\",\"2026-12-07T07:00\"\r\n"),
        ("\xEF\xBB\xBF\"order\",\"operation\",\"machine\",\"unit\",\"start\",\"end\"\r\n"
         "A,cut,saw,1,2026-12-07T06:00,2026-12-07T07:00\r\n"),
        "order,\"operation\",machine,\"unit\",start,end\nA,cut,saw,1,2026-12-07T06:00,2026-12-07T07:00\n",
    };
    for (size_t k = 0; k < TK_COUNTOF(csvs); k++) {
        uint32_t ne;
        bool csv;
        CU_ASSERT_EQUAL(read_ops(csvs[k], &ne, &csv), 1);
        CU_ASSERT_EQUAL(ne, 0);
        CU_ASSERT_TRUE(csv);
    }
    /* not the header: a quote left open, a name changed, one field more */
    static const char *const bad[] = {
        "\"order,operation,machine,unit,start,end\n",
        "\"order\",\"operation\",\"machine\",\"unit\",\"start\",\"ends\"\n",
        "order,operation,machine,unit,start,end,\n",
        "\xEF\xBB order,operation,machine,unit,start,end\n",
    };
    for (size_t k = 0; k < TK_COUNTOF(bad); k++) {
        uint32_t ne;
        bool csv;
        CU_ASSERT_EQUAL(read_ops(bad[k], &ne, &csv), -1);
        CU_ASSERT_EQUAL(ne, 1);
    }
    /* a plan file with a mark */
    uint32_t ne;
    bool csv;
    CU_ASSERT_EQUAL(read_ops("\xEF\xBB\xBFtakt-plan 1\nop W cut machine saw unit 1 start 2026-12-07T06:00 end "
                             "2026-12-07T07:00\n",
                             &ne, &csv),
                    1);
    CU_ASSERT_EQUAL(ne, 0);
    CU_ASSERT_FALSE(csv);
}

void suite_plan_read(void)
{
    CU_pSuite s = CU_add_suite("plan_read", NULL, NULL);
    ADD_TEST(s, times_as_sscanf_reads_them);
    ADD_TEST(s, numbers_as_strtod_reads_them);
    ADD_TEST(s, empty_strings_read_as_empty);
    ADD_TEST(s, batch_refs);
    ADD_TEST(s, byte_order_marks_and_quoted_headers);
}
