/* fmath.c: e^x and log(x) of Takt's own (fmath.h). */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "fmath.h"

/* 1/13!, 1/12!, ..., 1/2!, rounded to nearest */
const double FM_EXP_C[FM_EXP_NCOEF] = {
    0x1.6124613a86d09p-33, 0x1.1eed8eff8d898p-29, 0x1.ae64567f544e4p-26, 0x1.27e4fb7789f5cp-22,
    0x1.71de3a556c734p-19, 0x1.a01a01a01a01ap-16, 0x1.a01a01a01a01ap-13, 0x1.6c16c16c16c17p-10,
    0x1.1111111111111p-7,  0x1.5555555555555p-5,  0x1.5555555555555p-3,  0x1.0000000000000p-1,
};

/* 2^k for k in [-1022, 1023] */
static double pow2(int64_t k)
{
    uint64_t bits = (uint64_t)(k + 1023) << 52;
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

double fm_exp(double x)
{
    if (x != x) return x;
    if (x > FM_EXP_MAX) return HUGE_VAL;
    if (x < FM_EXP_MIN) return 0.0;
    /* every step its own statement: the order the code generator keeps */
    double t = x * FM_LOG2E;
    t = t + 0.5;
    double kd = floor(t);
    double hi = kd * FM_LN2_HI;
    hi = x - hi;
    double lo = kd * FM_LN2_LO;
    double r = hi - lo;
    double p = FM_EXP_C[0];
    for (int j = 1; j < FM_EXP_NCOEF; j++) {
        p = p * r;
        p = p + FM_EXP_C[j];
    }
    double q = r * r;
    q = q * p;
    /* 1 + hi + (q - lo) with a single rounding at the end, nearly: a = 1 +
     * hi rounded and its error c exactly (|hi| < 1: Fast2Sum), then a plus
     * everything small */
    double a = 1.0 + hi;
    double c = 1.0 - a;
    c = c + hi;
    double d = q - lo;
    d = c + d;
    double e = a + d;
    int64_t k = (int64_t)kd;   /* in [-1077, 1025] */
    int64_t k1 = k / 2;
    double y = e * pow2(k1);
    return y * pow2(k - k1);
}

/* 2/21, 2/19, ..., 2/3, rounded to nearest */
const double FM_LOG_C[FM_LOG_NCOEF] = {
    0x1.8618618618618p-4, 0x1.af286bca1af28p-4, 0x1.e1e1e1e1e1e1ep-4, 0x1.1111111111111p-3, 0x1.3b13b13b13b14p-3,
    0x1.745d1745d1746p-3, 0x1.c71c71c71c71cp-3, 0x1.2492492492492p-2, 0x1.999999999999ap-2, 0x1.5555555555555p-1,
};

double fm_log(double x)
{
    if (x != x || x < 0) return NAN;
    if (x == 0) return -HUGE_VAL;
    if (x == HUGE_VAL) return x;
    /* every step its own statement: the order the code generator keeps */
    int64_t k = 0;
    if (x < 0x1p-1022) {
        x = x * 0x1p54;
        k = -54;
    }
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    k = k + (int64_t)(bits >> 52) - 1023;
    bits = (bits & 0x000fffffffffffffull) | 0x3ff0000000000000ull;
    double m;
    memcpy(&m, &bits, sizeof m);
    if (m > FM_SQRT2) {
        m = m * 0.5;
        k = k + 1;
    }
    double f = m - 1.0;
    double s = 2.0 + f;
    s = f / s;
    double z = s * s;
    double q = FM_LOG_C[0];
    for (int j = 1; j < FM_LOG_NCOEF; j++) {
        q = q * z;
        q = q + FM_LOG_C[j];
    }
    double r = z * q;
    double hfsq = 0.5 * f;
    hfsq = hfsq * f;
    double kd = (double)k;
    double t = hfsq + r;
    t = s * t;
    double lo = kd * FM_LN2_LO;
    t = t + lo;
    t = hfsq - t;
    t = t - f;
    double hi = kd * FM_LN2_HI;
    return hi - t;
}
