/* ir_eval.h: the meaning of each rule operation on values, in one place.
 * The interpreter and constant folding call ir_apply(); the JIT emits the
 * same operations (backend/jit.c) and a differential test keeps the two
 * identical. */
#ifndef TAKT_IR_EVAL_H
#define TAKT_IR_EVAL_H

#include <math.h>

#include "fmath.h"
#include "ir.h"
#include "valops.h"

static inline double ir_apply(IrOp op, double a, double b, double c)
{
    switch (op) {
    case IR_ADD: return a + b;
    case IR_SUB: return a - b;
    case IR_MUL: return a * b;
    case IR_DIV: return vo_div(a, b);
    case IR_NEG: return -a;
    case IR_EQ: return a == b ? 1.0 : 0.0;
    case IR_NE: return a != b ? 1.0 : 0.0;
    case IR_LT: return a < b ? 1.0 : 0.0;
    case IR_LE: return a <= b ? 1.0 : 0.0;
    case IR_GT: return a > b ? 1.0 : 0.0;
    case IR_GE: return a >= b ? 1.0 : 0.0;
    case IR_AND: return (a != 0.0 && b != 0.0) ? 1.0 : 0.0;
    case IR_OR: return (a != 0.0 || b != 0.0) ? 1.0 : 0.0;
    case IR_NOT: return a == 0.0 ? 1.0 : 0.0;
    case IR_SELECT: return a != 0.0 ? b : c;
    case IR_MIN: return vo_min(a, b);
    case IR_MAX: return vo_max(a, b);
    case IR_ABS: return fabs(a);
    case IR_EXP: return fm_exp(a); /* Takt's own: the same with every libm (fmath.h) */
    case IR_LOG: return vo_log(a);
    case IR_SQRT: return vo_sqrt(a);
    case IR_FLOOR: return floor(a);
    case IR_CEIL: return ceil(a);
    case IR_ROUND: return vo_round(a);
    case IR_POW: return vo_pow(a, b);
    case IR_RET: return vo_nan0(a);
    case IR_CONST: case IR_VAR: case IR_ATTR: case IR__COUNT: break;
    }
    return 0.0;
}

#endif
