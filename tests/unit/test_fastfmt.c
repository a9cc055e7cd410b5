/* test_fastfmt.c: the printf-free formatters of the plan writers against
 * the formatters they stand in for, on edge cases and random values. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "compiler/ast.h"
#include "runtime/fastfmt.h"
#include "test.h"

static uint64_t rng = 0x9E3779B97F4A7C15u;

static uint64_t next_random(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* a uniform double in [0, 1) */
static double random_unit(void) { return (double)(next_random() >> 11) * 0x1p-53; }

static int failures;

/* Compares one formatted text with the expected one; reports the first few
 * differences with the value that gave them. */
static void expect_same(const char *what, double v, int64_t i, const char *got, size_t got_len, const char *want)
{
    bool ok = strcmp(got, want) == 0 && got_len == strlen(want);
    CU_ASSERT(ok);
    if (!ok && failures++ < 10)
        fprintf(stderr, "\n%s(%a or %lld): got \"%s\" (length %zu), want \"%s\"\n", what, v, (long long)i, got,
                got_len, want);
}

static void check_i64(int64_t v)
{
    char got[FASTFMT_MAX], want[64];
    size_t n = fastfmt_i64(got, v);
    snprintf(want, sizeof want, "%lld", (long long)v);
    expect_same("fastfmt_i64", 0, v, got, n, want);
}

static void check_datetime(int64_t t)
{
    char got[FASTFMT_MAX], want[64];
    size_t n = fastfmt_datetime(got, t);
    fmt_datetime(want, sizeof want, t);
    expect_same("fastfmt_datetime", 0, t, got, n, want);
}

static void check_double(double v)
{
    char got[FASTFMT_MAX], want[64];
    size_t n = fastfmt_double(got, v);
    fmt_double(want, sizeof want, v);
    expect_same("fastfmt_double", v, 0, got, n, want);
}

/* fastfmt_cents may decline (0); when it does not, it is "%.2f" */
static bool check_cents(double v)
{
    char got[FASTFMT_MAX], want[400];
    size_t n = fastfmt_cents(got, v);
    if (n == 0) return false;
    snprintf(want, sizeof want, "%.2f", v);
    expect_same("fastfmt_cents", v, 0, got, n, want);
    return true;
}

static void integers_as_printf(void)
{
    failures = 0;
    const int64_t edge[] = {0,         1,          -1,         9,          10,        -10,      99,
                            100,       12345,      -12345,     INT32_MAX,  INT32_MIN, INT64_MAX, INT64_MIN,
                            INT64_MAX - 1, INT64_MIN + 1, 999999999999999, 1000000000000000};
    for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++) check_i64(edge[i]);
    int64_t p = 1;
    for (int k = 0; k < 18; k++, p *= 10) {
        check_i64(p), check_i64(p - 1), check_i64(p + 1);
        check_i64(-p), check_i64(-p + 1), check_i64(-p - 1);
    }
    for (int i = 0; i < 100000; i++) {
        uint64_t r = next_random();
        check_i64((int64_t)r);
        check_i64((int64_t)(r >> (r % 64)));
        check_i64(-(int64_t)((r >> 1) >> (r % 63)));
    }
}

static void datetimes_as_fmt_datetime(void)
{
    failures = 0;
    /* around the epoch, in both directions, minute by minute */
    for (int64_t t = -3 * 1440; t <= 3 * 1440; t++) check_datetime(t);
    /* every day of 1899..2101 (1900 no leap year, 2000 one, month and year
     * ends), at the first and last minute and one inside, in order and
     * then alternating with a far day (the cache of the last day) */
    int32_t d0 = date_from_ymd(1899, 1, 1), d1 = date_from_ymd(2102, 1, 1);
    for (int32_t d = d0; d < d1; d++) {
        check_datetime((int64_t)d * 1440);
        check_datetime((int64_t)d * 1440 + 1439);
        check_datetime((int64_t)d * 1440 + 367);
    }
    for (int32_t d = d0; d < d1; d++) {
        check_datetime((int64_t)d * 1440 + 61);
        check_datetime((int64_t)(d1 + d0 - d) * 1440 + 1000);
    }
    const int ymd[][3] = {{2000, 2, 28}, {2000, 2, 29}, {2000, 3, 1}, {1900, 2, 28}, {1900, 3, 1},
                          {2024, 2, 29}, {2023, 12, 31}, {2024, 1, 1}, {2100, 2, 28}, {2100, 3, 1},
                          {1600, 2, 29}, {0, 1, 1},    {0, 2, 29},    {1, 1, 1},     {9999, 12, 31},
                          {10000, 1, 1}, {-1, 12, 31}, {-1, 1, 1},    {12345, 6, 7}, {-400, 2, 29}};
    for (size_t i = 0; i < sizeof ymd / sizeof ymd[0]; i++) {
        int64_t t = (int64_t)date_from_ymd(ymd[i][0], ymd[i][1], ymd[i][2]) * 1440;
        for (int64_t dt = -2; dt <= 2; dt++) check_datetime(t + dt);
        check_datetime(t + 1439);
        check_datetime(t + 720);
    }
    /* the ends of the fast range and beyond */
    const int64_t far = INT64_C(3000000) * 1440;
    for (int64_t dt = -2; dt <= 2; dt++) check_datetime(far + dt), check_datetime(-far + dt);
    check_datetime(INT64_C(5000000) * 1440 + 5);
    check_datetime(-INT64_C(5000000) * 1440 - 5);
    /* random times within some 10,000 years of 1970, and near it */
    for (int i = 0; i < 50000; i++) {
        uint64_t r = next_random();
        check_datetime((int64_t)(r % (UINT64_C(2) * 5000000 * 1440)) - INT64_C(5000000) * 1440);
        check_datetime((int64_t)(r % (UINT64_C(2) * 200 * 366 * 1440)) - INT64_C(200) * 366 * 1440);
    }
}

static void doubles_as_fmt_double(void)
{
    failures = 0;
    const double edge[] = {0.0,
                           -0.0,
                           1,
                           -1,
                           0.5,
                           -0.5,
                           0.1,
                           0.2,
                           0.3,
                           0.1 + 0.2,
                           1.0 / 3,
                           2.0 / 3,
                           12.5,
                           -7.25,
                           2.4,
                           40,
                           1e-4,
                           -1e-4,
                           1e-4 * (1 + DBL_EPSILON),
                           1e-4 * (1 - DBL_EPSILON / 2),
                           0.00012,
                           0.0001234,
                           9.9999e-5,
                           1e-5,
                           1e-6,
                           0.000123456,
                           0.123456,
                           0.1234567,
                           123456.789012,
                           99999999.999999,
                           999999999.999999,
                           9999999999.99999,
                           99999999999999.9,
                           999999999999999,
                           999999999999999.5,
                           999999999999999.9,
                           1e15,
                           -1e15,
                           1e15 + 1,
                           9007199254740992.0,
                           9007199254740993.0,
                           1e16,
                           1e22,
                           1e23,
                           123456789012345.6,
                           12345678901234.56,
                           1.005,
                           2.675,
                           1.015,
                           0.125,
                           -0.125,
                           1e-300,
                           DBL_MIN,
                           DBL_MIN / 4,
                           DBL_TRUE_MIN,
                           DBL_MAX,
                           -DBL_MAX,
                           DBL_EPSILON,
                           1 + DBL_EPSILON,
                           1 - DBL_EPSILON / 2,
                           HUGE_VAL,
                           -HUGE_VAL,
                           NAN};
    for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++) check_double(edge[i]), check_double(-edge[i]);
    /* decimals of k places, as a plan has them: minutes rounded to 1e-6 */
    static const double p10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
    for (int i = 0; i < 30000; i++) {
        uint64_t r = next_random();
        int k = (int)(r % 10);
        int digits = 1 + (int)((r >> 8) % 17);
        uint64_t n = (next_random() >> 1) % (uint64_t)pow(10, digits);
        double v = (double)n / p10[k];
        if (r & (1u << 20)) v = -v;
        check_double(v);
        check_double(round(v * 1e6) / 1e6);
        double x = random_unit() * pow(10, (double)((int)((r >> 24) % 24) - 8));
        check_double(x);
        check_double(round(x * 1e6) / 1e6);
        check_double(round(x * 100) / 100);
        check_double(floor(x));
    }
    /* any bit pattern: fractions of all magnitudes, NaNs, infinities */
    for (int i = 0; i < 10000; i++) {
        uint64_t r = next_random();
        double v;
        memcpy(&v, &r, sizeof v);
        check_double(v);
    }
    /* the neighbours of short decimals */
    for (int i = 0; i < 20000; i++) {
        double v = round(random_unit() * 1e6) / 1e3;
        check_double(nextafter(v, 0)), check_double(v), check_double(nextafter(v, 1e300));
    }
}

static void cents_as_printf(void)
{
    failures = 0;
    const double edge[] = {0.0,  -0.0,  0.005, 0.015,  0.125,  1.005,  2.675, 1.015,   0.01,
                           0.1,  0.29,  0.57,  1.1,    100.0,  -0.001, 1e-9,  8856.52, 27388250.40,
                           1e13, 1e12,  1e15,  1e300,  NAN,    HUGE_VAL, 9999999999999.99,
                           9999999999999.995, 4503599627370495.5, 0.045, 1.045, 10.555};
    for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++) {
        check_cents(edge[i]);
        check_cents(-edge[i]);
        check_cents(round(edge[i] * 100) / 100);
    }
    /* what put_money gives it, round(x * 100) / 100, is always a whole
     * number of cents: the shortcut must take it below 1e13 */
    int taken = 0, tried = 0;
    for (int i = 0; i < 50000; i++) {
        uint64_t r = next_random();
        double x = random_unit() * pow(10, (double)((int)(r % 15) - 3));
        if (r & 64) x = -x;
        double c = round(x * 100) / 100;
        tried++;
        taken += check_cents(c);
        check_cents(x);
        check_cents(nextafter(c, 0));
        /* x.xx5: halfway in decimal, never exactly in binary */
        double h = (floor(fabs(x) * 100) + 0.5) / 100;
        check_cents(h);
        check_cents(round(h * 100) / 100);
    }
    CU_ASSERT_EQUAL(taken, tried);
    for (int i = 0; i < 20000; i++) {
        uint64_t r = next_random();
        double v;
        memcpy(&v, &r, sizeof v);
        check_cents(v);
    }
}

void suite_fastfmt(void)
{
    CU_pSuite s = CU_add_suite("fastfmt", NULL, NULL);
    ADD_TEST(s, integers_as_printf);
    ADD_TEST(s, datetimes_as_fmt_datetime);
    ADD_TEST(s, doubles_as_fmt_double);
    ADD_TEST(s, cents_as_printf);
}
