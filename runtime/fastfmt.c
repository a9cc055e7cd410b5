/* fastfmt.c: printf-free formatting for the plan file and the schedule CSV,
 * byte for byte what the printf-based formatters give. A plan of 100,000
 * operations has a million numbers and times; printf spent half the time of
 * `takt plan` on them. Every shortcut below says why it agrees; anything it
 * does not cover goes to the original formatter. tests/unit/test_fastfmt.c
 * compares both on edge cases and on many random values. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "compiler/ast.h"
#include "compiler/ir.h"
#include "runtime/fastfmt.h"

/* The decimal digits of v, most significant first. */
static char *put_u64(char *p, uint64_t v)
{
    char t[20];
    int n = 0;
    do {
        t[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n) *p++ = t[--n];
    return p;
}

/* v in 0..99 as two digits */
static char *put2(char *p, int v)
{
    p[0] = (char)('0' + v / 10);
    p[1] = (char)('0' + v % 10);
    return p + 2;
}

/* v as exactly `width` digits, zero-padded; v < 10^width */
static char *put_padded(char *p, uint64_t v, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        p[i] = (char)('0' + v % 10);
        v /= 10;
    }
    return p + width;
}

size_t fastfmt_i64(char *dst, int64_t v)
{
    char *p = dst;
    uint64_t u = (uint64_t)v;
    if (v < 0) {
        *p++ = '-';
        u = 0 - u; /* also right for INT64_MIN */
    }
    p = put_u64(p, u);
    *p = 0;
    return (size_t)(p - dst);
}

/* fmt_datetime prints "%04d-%02d-%02dT%02d:%02d". The hour and the minute
 * are always 0..23 and 0..59, month and day two digits; the year is four
 * digits without a sign only in 0..9999, so other years go to fmt_datetime.
 * The bound on minutes (about 8,000 years either side of 1970) keeps
 * date_to_ymd's int arithmetic far from overflow. Times in a plan come in
 * runs on the same day, so the last day's "YYYY-MM-DD" is kept, one per
 * thread. */
static _Thread_local int64_t last_day = INT64_MIN;
static _Thread_local char last_ymd[10];

size_t fastfmt_datetime(char *dst, int64_t minutes)
{
    if (minutes > -(INT64_C(3000000) * 1440) && minutes < INT64_C(3000000) * 1440) {
        int64_t days = minutes >= 0 ? minutes / 1440 : -((-minutes + 1439) / 1440);
        int m = (int)(minutes - days * 1440);
        if (days != last_day) {
            int y, mo, d;
            date_to_ymd((int32_t)days, &y, &mo, &d);
            if (y < 0 || y > 9999) goto slow;
            char *p = put_padded(last_ymd, (uint64_t)y, 4);
            *p++ = '-';
            p = put2(p, mo);
            *p++ = '-';
            put2(p, d);
            last_day = days;
        }
        memcpy(dst, last_ymd, 10);
        char *p = dst + 10;
        *p++ = 'T';
        p = put2(p, m / 60);
        *p++ = ':';
        p = put2(p, m % 60);
        *p = 0;
        return (size_t)(p - dst);
    }
slow:
    fmt_datetime(dst, FASTFMT_MAX, minutes);
    return strlen(dst);
}

/* The shortcuts for fractions check a division, n / 10^k == v; that is one
 * correctly rounded IEEE operation only when doubles are evaluated as
 * doubles, without excess precision. */
#if defined(FLT_EVAL_METHOD) && FLT_EVAL_METHOD == 0
#define FASTFMT_FRACTIONS 1
#else
#define FASTFMT_FRACTIONS 0
#endif

static const double pow10_tab[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6};

/* fmt_double: a whole number below 1e15 in magnitude as "%.0f", else the
 * shortest "%.*g" that reads back as v.
 *
 * Whole numbers: |v| < 1e15 < 2^53, so (int64_t)v is exact and its digits
 * are what "%.0f" prints.
 *
 * Fractions: say v is the double nearest a decimal d = n / 10^k, with
 * k in 1..6 the fewest places (n not a multiple of 10), s <= 15 the number of
 * digits of n, and 1e-4 <= |v|. Checking (double)n / 10^k == v proves v is
 * nearest to d: n and 10^k are exact, the division rounds correctly. Then
 *  - decimals of at most 15 significant digits map to distinct doubles
 *    (DBL_DIG), so no "%.*g" with fewer than s digits reads back as v: it
 *    would be a decimal other than d with the same double;
 *  - "%.{s}g" rounds v to d, since |v - d| <= |v| 2^-53 is below half a unit
 *    in the s-th digit, |v| 10^-s / 2 >= |v| 5e-16;
 *  - d's exponent X = s - 1 - k is below s and, as |d| >= 1e-4 exactly when
 *    |v| >= 1e-4 (again DBL_DIG), at least -4: "%g" prints it in "%f" style
 *    with s - 1 - X = k places, none of them a trailing zero.
 * So fmt_double gives sign, n / 10^k, '.', and n % 10^k in k digits. */
size_t fastfmt_double(char *dst, double v)
{
    if (v == 0) {
        dst[0] = '0';
        dst[1] = 0;
        return 1;
    }
    double a = fabs(v);
    if (a < 1e15 && v == floor(v)) return fastfmt_i64(dst, (int64_t)v);
#if FASTFMT_FRACTIONS
    if (a >= 1e-4 && a < 1e15) {
        for (int k = 1; k <= 6; k++) {
            double n = nearbyint(a * pow10_tab[k]);
            if (!(n < 1e15)) break;
            if (n / pow10_tab[k] != a) continue;
            uint64_t u = (uint64_t)n;
            if (u % 10 == 0) break; /* not the fewest places: cannot happen */
            uint64_t scale = (uint64_t)pow10_tab[k];
            char *p = dst;
            if (v < 0) *p++ = '-';
            p = put_u64(p, u / scale);
            *p++ = '.';
            p = put_padded(p, u % scale, k);
            *p = 0;
            return (size_t)(p - dst);
        }
    }
#endif
    fmt_double(dst, FASTFMT_MAX, v);
    return strlen(dst);
}

/* "%.2f" of v = (double)c / 100 for a whole c, |v| < 1e13: v is within
 * half an ulp of c / 100, at most 2^-10 here, well inside the 0.005 that
 * rounding to two places allows; so printf prints c / 100 exactly. The sign
 * is v's, so -0.0 is "-0.00" as in printf. */
size_t fastfmt_cents(char *dst, double v)
{
#if FASTFMT_FRACTIONS
    double a = fabs(v);
    if (a < 1e13) {
        double c = nearbyint(a * 100);
        if (c / 100 == a) {
            uint64_t u = (uint64_t)c;
            char *p = dst;
            if (signbit(v)) *p++ = '-';
            p = put_u64(p, u / 100);
            *p++ = '.';
            p = put2(p, (int)(u % 100));
            *p = 0;
            return (size_t)(p - dst);
        }
    }
#else
    (void)v;
#endif
    dst[0] = 0;
    return 0;
}
