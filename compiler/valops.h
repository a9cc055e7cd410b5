/* valops.h: the arithmetic of rule values, shared by constant folding, the
 * interpreter and (by emitting the same operations) the JIT. Values are IEEE
 * doubles; the cases IEEE leaves to NaN or a trap get a defined result here
 * (docs/language.md, "Run-time faults"):
 *   x / 0 = 0,  log(x <= 0) = 0,  sqrt(x < 0) = 0,  pow giving NaN = 0,
 *   and a rule whose result is NaN yields 0. */
#ifndef TAKT_VALOPS_H
#define TAKT_VALOPS_H

#include <math.h>

#include "fmath.h"

typedef enum BuiltinFn {
    FN_MIN, FN_MAX, FN_ABS, FN_EXP, FN_LOG, FN_SQRT, FN_FLOOR, FN_CEIL, FN_ROUND, FN_POW, FN_CLAMP, FN__COUNT
} BuiltinFn;

static inline double vo_div(double a, double b) { return b == 0.0 ? 0.0 : a / b; }
static inline double vo_log(double x) { return x > 0.0 ? fm_log(x) : 0.0; }
static inline double vo_sqrt(double x) { return x >= 0.0 ? sqrt(x) : 0.0; }
static inline double vo_nan0(double x) { return x != x ? 0.0 : x; }
static inline double vo_pow(double a, double b) { return vo_nan0(pow(a, b)); }
/* min/max that never return NaN and treat -0 and 0 alike, the same in C and
 * in the generated code: compare, then select. */
static inline double vo_min(double a, double b) { return b < a ? b : a; }
static inline double vo_max(double a, double b) { return b > a ? b : a; }
static inline double vo_clamp(double x, double lo, double hi) { return vo_min(vo_max(x, lo), hi); }
static inline double vo_round(double x) { return round(x); }

#endif
