/* fmath.h: the functions of rule values that C's libm computes differently
 * from one version (and one machine) to the next, computed by Takt itself
 * so that a model plans the same everywhere. The interpreter and constant
 * folding call these; the JIT emits the very same operations inline
 * (backend/jit.c, gen_exp and gen_log), and tests/unit/test_jit.c holds the two to each
 * other bit for bit. Only IEEE operations that are exact or correctly
 * rounded (+, -, *, floor, bit manipulation) are used, in a fixed order, and
 * the build forbids contracting them into fused multiply-adds
 * (-ffp-contract=off). */
#ifndef TAKT_FMATH_H
#define TAKT_FMATH_H

/* e^x, within one unit in the last place (tests/unit/test_jit.c checks it
 * against libm over a million arguments): NaN for NaN, +inf above about
 * 709.78, 0 below about -745.13, exactly 1 for +-0. */
double fm_exp(double x);

/* The constants of fm_exp, shared with the code generator so that both use
 * the same doubles. x = k ln2 + r with k = floor(x log2(e) + 1/2) and
 * ln2 = LN2_HI + LN2_LO (LN2_HI has 32 significant bits: k LN2_HI is exact
 * for |k| < 2^21), r = hi - lo with hi = x - k LN2_HI exact and lo =
 * k LN2_LO; e^r = 1 + r + r^2 P(r), P the Taylor polynomial of
 * (e^r - 1 - r) / r^2 to the r^11 term (error below 2^-60 for |r| <= ln2/2),
 * evaluated by Horner's rule from FM_EXP_C[0] (1/13!) to FM_EXP_C[11]
 * (1/2!), and summed as (1 + hi) + ((the error of 1 + hi) + (r^2 P - lo))
 * so that nearly only the last addition rounds; then times 2^(k/2) and
 * 2^(k - k/2), two powers of two that stay normal, so that only the last
 * product rounds (into the subnormals, too). */
#define FM_EXP_MAX 710.0     /* above: +inf */
#define FM_EXP_MIN (-746.0)  /* below: 0 */
#define FM_LOG2E 0x1.71547652b82fep+0
#define FM_LN2_HI 0x1.62e42fee00000p-1
#define FM_LN2_LO 0x1.a39ef35793c76p-33
#define FM_EXP_NCOEF 12
extern const double FM_EXP_C[FM_EXP_NCOEF];

/* log(x) for x > 0, within one unit in the last place (likewise checked):
 * +inf for +inf; NaN for x < 0 and NaN, -inf for 0, as C's (rules never ask:
 * vo_log gives 0 for x <= 0). */
double fm_log(double x);

/* The constants of fm_log: x = 2^k m with m in (sqrt(1/2), sqrt(2)] (a
 * subnormal x first times 2^54), f = m - 1 (exact), s = f / (2 + f),
 * log(1 + f) = 2 atanh(s) = f - f^2/2 + s (f^2/2 + R), R = s^2 Q(s^2) with
 * Q the series 2/3 + 2/5 s^2 + ... to the 2/21 s^18 term (error below
 * 2^-60 for |s| <= 0.1716), evaluated by Horner's rule from FM_LOG_C[0]
 * (2/21) to FM_LOG_C[9] (2/3); the result k LN2_HI - ((f^2/2 - (s (f^2/2 +
 * R) + k LN2_LO)) - f), the large exact part added last. */
#define FM_SQRT2 0x1.6a09e667f3bcdp+0
#define FM_LOG_NCOEF 10
extern const double FM_LOG_C[FM_LOG_NCOEF];

#endif
