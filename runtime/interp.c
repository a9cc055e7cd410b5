/* interp.c: the rule interpreter. A rule is straight-line code (no jumps:
 * `if` is SELECT), so evaluation is one pass over the instructions, each
 * writing its own register; registers are the caller's, so nothing is
 * allocated per evaluation. Operations mean what ir_apply() says. */
#include <stdlib.h>
#include <string.h>

#include "compiler/ir_eval.h"
#include "runtime.h"

double interp_eval(const IrFunc *f, const RuleEnv *env, double *v)
{
    const IrIns *in = f->ins;
    for (uint32_t i = 0, n = f->n; i < n; i++, in++) {
        switch ((IrOp)in->op) {
        case IR_CONST: v[i] = in->k; break;
        case IR_VAR: v[i] = env->var[in->a]; break;
        case IR_ATTR: v[i] = env->attr[in->obj][in->a]; break;
        case IR_ADD: v[i] = v[in->a] + v[in->b]; break;
        case IR_SUB: v[i] = v[in->a] - v[in->b]; break;
        case IR_MUL: v[i] = v[in->a] * v[in->b]; break;
        case IR_DIV: v[i] = vo_div(v[in->a], v[in->b]); break;
        case IR_NEG: v[i] = -v[in->a]; break;
        case IR_EQ: v[i] = v[in->a] == v[in->b] ? 1.0 : 0.0; break;
        case IR_NE: v[i] = v[in->a] != v[in->b] ? 1.0 : 0.0; break;
        case IR_LT: v[i] = v[in->a] < v[in->b] ? 1.0 : 0.0; break;
        case IR_LE: v[i] = v[in->a] <= v[in->b] ? 1.0 : 0.0; break;
        case IR_GT: v[i] = v[in->a] > v[in->b] ? 1.0 : 0.0; break;
        case IR_GE: v[i] = v[in->a] >= v[in->b] ? 1.0 : 0.0; break;
        case IR_SELECT: v[i] = v[in->a] != 0.0 ? v[in->b] : v[in->c]; break;
        case IR_MIN: v[i] = vo_min(v[in->a], v[in->b]); break;
        case IR_MAX: v[i] = vo_max(v[in->a], v[in->b]); break;
        case IR_RET: return vo_nan0(v[in->a]);
        case IR_AND: case IR_OR: case IR_NOT: case IR_ABS: case IR_EXP: case IR_LOG: case IR_SQRT:
        case IR_FLOOR: case IR_CEIL: case IR_ROUND: case IR_POW:
            v[i] = ir_apply((IrOp)in->op, v[in->a], in->b >= 0 ? v[in->b] : 0.0, 0.0);
            break;
        case IR__COUNT: TK_UNREACHABLE();
        }
    }
    return 0.0;
}

/* ---- the interpreter as an Engine ------------------------------------------- */
/* What a function reads per candidate of a scan: these values and rows. */
typedef struct ScanReads {
    uint8_t nv, nt;
    uint8_t v[RV__COUNT], t[ATAB__COUNT];
} ScanReads;

typedef struct InterpEngine {
    Engine base;
    double *regs;
    ScanReads *reads;  /* per function */
} InterpEngine;

static double ie_eval(Engine *e, int32_t fi, const RuleEnv *env)
{
    InterpEngine *ie = (InterpEngine *)e;
    e->evals++;
    return interp_eval(&e->ir->funcs[fi], env, ie->regs);
}

static void ie_eval_many(Engine *e, int32_t fi, const RuleEnv *envs, uint32_t n, double *out)
{
    InterpEngine *ie = (InterpEngine *)e;
    const IrFunc *f = &e->ir->funcs[fi];
    e->evals += n;
    for (uint32_t k = 0; k < n; k++) out[k] = interp_eval(f, &envs[k], ie->regs);
}

/* Each candidate's environment is the shared one with the values f reads
 * per candidate copied in from the columns: a few stores, not a whole
 * RuleEnv per candidate. */
static void ie_scan(Engine *e, int32_t fi, const RuleScan *s, uint32_t n, double *out)
{
    InterpEngine *ie = (InterpEngine *)e;
    const IrFunc *f = &e->ir->funcs[fi];
    const ScanReads *r = &ie->reads[fi];
    e->evals += n;
    RuleEnv env = s->shared;
    for (uint32_t k = 0; k < n; k++) {
        for (int j = 0; j < r->nv; j++) env.var[r->v[j]] = s->col[r->v[j]][k];
        for (int j = 0; j < r->nt; j++) env.attr[r->t[j]] = s->rows[r->t[j]][k];
        out[k] = interp_eval(f, &env, ie->regs);
    }
}

static uint32_t ie_scan_memo(Engine *e, int32_t fi)
{
    (void)e, (void)fi;
    return 0;
}

static void ie_free(Engine *e)
{
    InterpEngine *ie = (InterpEngine *)e;
    tk_free(ie->regs);
    tk_free(ie->reads);
    tk_free(ie);
}

Engine *engine_interp_new(const IrModel *ir)
{
    InterpEngine *ie = tk_xalloc(sizeof *ie);
    memset(ie, 0, sizeof *ie);
    uint32_t longest = 1;
    for (uint32_t i = 0; i < ir->nfuncs; i++)
        if (ir->funcs[i].n > longest) longest = ir->funcs[i].n;
    ie->regs = tk_xalloc(longest * sizeof(double));
    ie->reads = tk_xalloc((ir->nfuncs + 1) * sizeof(ScanReads));
    for (uint32_t i = 0; i < ir->nfuncs; i++) {
        const IrFunc *f = &ir->funcs[i];
        ScanReads *r = &ie->reads[i];
        r->nv = r->nt = 0;
        for (int v = 0; v < RV__COUNT; v++)
            if ((f->vars >> v & 1) && scan_var_per_candidate(v)) r->v[r->nv++] = (uint8_t)v;
        for (int t = 0; t < ATAB__COUNT; t++)
            if ((f->attrs >> t & 1) && scan_attr_per_candidate(t)) r->t[r->nt++] = (uint8_t)t;
    }
    ie->base.name = "interp";
    ie->base.eval = ie_eval;
    ie->base.eval_many = ie_eval_many;
    ie->base.scan = ie_scan;
    ie->base.scan_memo = ie_scan_memo;
    ie->base.native = NULL;
    ie->base.free = ie_free;
    ie->base.ir = ir;
    return &ie->base;
}
