/* jit.c: rule IR -> LLVM IR -> native code, through the LLVM-C API and ORC
 * LLJIT. Each IrFunc becomes `double takt_fN(const RuleEnv *)`; the dispatch
 * rule and the setup rules also become a loop over the candidates of one
 * decision, `void takt_scanN(const RuleScan *s, uint32_t n, double *out)`,
 * which reads their values straight from the scheduler's columns and
 * computes what they share once (runtime.h, RuleScan).
 *
 * The generated code must compute what the interpreter computes, bit for
 * bit (compiler/ir_eval.h): IEEE operations without fast-math flags, so
 * nothing is reassociated or contracted; comparisons and selects in the
 * same order as valops.h; exp and log inline as Takt's own
 * (compiler/fmath.c: the same operations, so the same bits with any libm);
 * pow through the runtime's own function (takt_rt_pow), which LLVM cannot
 * rewrite and which calls the libm the interpreter calls; floor, ceil, round,
 * fabs and sqrt as intrinsics, which are exact.
 *
 * Modules are built in their own thread-safe context, verified, optimised at
 * O2 and handed to the JIT; a module belongs to the JIT only once adding it
 * succeeded. Every LLVMErrorRef is checked and turned into a message. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <llvm-c/Analysis.h>
#include <llvm-c/Core.h>
#include <llvm-c/Error.h>
#include <llvm-c/LLJIT.h>
#include <llvm-c/Orc.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <llvm-c/Transforms/PassBuilder.h>
#include <llvm/Config/llvm-config.h>

#include "compiler/fmath.h"
#include "compiler/ir_eval.h"
#include "jit.h"

/* ---- the runtime functions generated code calls ---------------------------- */
double takt_rt_pow(double a, double b);
double takt_rt_pow(double a, double b) { return ir_apply(IR_POW, a, b, 0); }

static const struct {
    const char *name;
    double (*fn1)(double);
    double (*fn2)(double, double);
} runtime_fns[] = {
    {"takt_rt_pow", NULL, takt_rt_pow},
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- code generation ------------------------------------------------------------ */
typedef struct Gen {
    LLVMContextRef ctx;
    LLVMModuleRef mod;
    LLVMBuilderRef b;
    LLVMTypeRef f64, i8, i1, i32, i64, voidt, f64p, f64pp, i8p;
    LLVMTypeRef fn1, fn2, rule_ty, scan_ty;
    LLVMValueRef rt_pow, x_fabs, x_floor, x_ceil, x_round, x_sqrt, x_prefetch;
    LLVMTypeRef prefetch_ty;
    uint32_t instructions;
    uint32_t *memo_len;    /* per function: doubles of memo row its scan uses */
} Gen;

static LLVMValueRef declare(Gen *g, const char *name, LLVMTypeRef ty)
{
    LLVMValueRef f = LLVMGetNamedFunction(g->mod, name);
    return f ? f : LLVMAddFunction(g->mod, name, ty);
}

static void gen_init(Gen *g, LLVMContextRef ctx)
{
    memset(g, 0, sizeof *g);
    g->ctx = ctx;
    g->mod = LLVMModuleCreateWithNameInContext("takt_rules", ctx);
    g->b = LLVMCreateBuilderInContext(ctx);
    g->f64 = LLVMDoubleTypeInContext(ctx);
    g->i8 = LLVMInt8TypeInContext(ctx);
    g->i1 = LLVMInt1TypeInContext(ctx);
    g->i32 = LLVMInt32TypeInContext(ctx);
    g->i64 = LLVMInt64TypeInContext(ctx);
    g->voidt = LLVMVoidTypeInContext(ctx);
    g->f64p = LLVMPointerType(g->f64, 0);
    g->f64pp = LLVMPointerType(g->f64p, 0);
    g->i8p = LLVMPointerType(g->i8, 0);
    LLVMTypeRef one[1] = {g->f64}, two[2] = {g->f64, g->f64};
    g->fn1 = LLVMFunctionType(g->f64, one, 1, 0);
    g->fn2 = LLVMFunctionType(g->f64, two, 2, 0);
    LLVMTypeRef rp[1] = {g->i8p};
    g->rule_ty = LLVMFunctionType(g->f64, rp, 1, 0);
    LLVMTypeRef mp[3] = {g->i8p, g->i32, g->f64p};
    g->scan_ty = LLVMFunctionType(g->voidt, mp, 3, 0);
    g->rt_pow = declare(g, "takt_rt_pow", g->fn2);
    g->x_fabs = declare(g, "llvm.fabs.f64", g->fn1);
    g->x_floor = declare(g, "llvm.floor.f64", g->fn1);
    g->x_ceil = declare(g, "llvm.ceil.f64", g->fn1);
    g->x_round = declare(g, "llvm.round.f64", g->fn1);
    g->x_sqrt = declare(g, "llvm.sqrt.f64", g->fn1);
    const char *pf = "llvm.prefetch";
    LLVMTypeRef pfp[1] = {g->i8p};
    g->x_prefetch = LLVMGetIntrinsicDeclaration(g->mod, LLVMLookupIntrinsicID(pf, strlen(pf)), pfp, 1);
    LLVMTypeRef pfa[4] = {g->i8p, g->i32, g->i32, g->i32};
    g->prefetch_ty = LLVMFunctionType(g->voidt, pfa, 4, 0);
}

static void gen_free(Gen *g)
{
    if (g->b) LLVMDisposeBuilder(g->b);
    g->b = NULL;
    tk_free(g->memo_len);
    g->memo_len = NULL;
}

static LLVMValueRef c_f64(Gen *g, double v) { return LLVMConstReal(g->f64, v); }

static LLVMValueRef call1(Gen *g, LLVMValueRef fn, LLVMValueRef x)
{
    LLVMValueRef args[1] = {x};
    return LLVMBuildCall2(g->b, g->fn1, fn, args, 1, "");
}

/* e^x inline: the operations of fm_exp (compiler/fmath.c), one for one and
 * in its order, with its constants; its early returns as selects at the end
 * (the argument cut to 0 outside the range, so the conversion to an integer
 * is defined). */
static LLVMValueRef gen_exp(Gen *g, LLVMValueRef x)
{
    LLVMBuilderRef b = g->b;
    LLVMValueRef isnan_ = LLVMBuildFCmp(b, LLVMRealUNO, x, x, "");
    LLVMValueRef big = LLVMBuildFCmp(b, LLVMRealOGT, x, c_f64(g, FM_EXP_MAX), "");
    LLVMValueRef small = LLVMBuildFCmp(b, LLVMRealOLT, x, c_f64(g, FM_EXP_MIN), "");
    LLVMValueRef outside = LLVMBuildOr(b, isnan_, LLVMBuildOr(b, big, small, ""), "");
    LLVMValueRef xc = LLVMBuildSelect(b, outside, c_f64(g, 0.0), x, "");
    LLVMValueRef t = LLVMBuildFMul(b, xc, c_f64(g, FM_LOG2E), "");
    t = LLVMBuildFAdd(b, t, c_f64(g, 0.5), "");
    LLVMValueRef kd = call1(g, g->x_floor, t);
    LLVMValueRef hi = LLVMBuildFMul(b, kd, c_f64(g, FM_LN2_HI), "");
    hi = LLVMBuildFSub(b, xc, hi, "");
    LLVMValueRef lo = LLVMBuildFMul(b, kd, c_f64(g, FM_LN2_LO), "");
    LLVMValueRef r = LLVMBuildFSub(b, hi, lo, "");
    LLVMValueRef p = c_f64(g, FM_EXP_C[0]);
    for (int j = 1; j < FM_EXP_NCOEF; j++) {
        p = LLVMBuildFMul(b, p, r, "");
        p = LLVMBuildFAdd(b, p, c_f64(g, FM_EXP_C[j]), "");
    }
    LLVMValueRef q = LLVMBuildFMul(b, r, r, "");
    q = LLVMBuildFMul(b, q, p, "");
    LLVMValueRef a = LLVMBuildFAdd(b, c_f64(g, 1.0), hi, "");
    LLVMValueRef c = LLVMBuildFSub(b, c_f64(g, 1.0), a, "");
    c = LLVMBuildFAdd(b, c, hi, "");
    LLVMValueRef d = LLVMBuildFSub(b, q, lo, "");
    d = LLVMBuildFAdd(b, c, d, "");
    LLVMValueRef e = LLVMBuildFAdd(b, a, d, "");
    LLVMValueRef k = LLVMBuildFPToSI(b, kd, g->i64, "");
    LLVMValueRef k1 = LLVMBuildSDiv(b, k, LLVMConstInt(g->i64, 2, 0), "");
    LLVMValueRef k2 = LLVMBuildSub(b, k, k1, "");
    LLVMValueRef ks[2] = {k1, k2}, sc[2];
    for (int i = 0; i < 2; i++) {
        LLVMValueRef bits = LLVMBuildAdd(b, ks[i], LLVMConstInt(g->i64, 1023, 0), "");
        bits = LLVMBuildShl(b, bits, LLVMConstInt(g->i64, 52, 0), "");
        sc[i] = LLVMBuildBitCast(b, bits, g->f64, "");
    }
    LLVMValueRef y = LLVMBuildFMul(b, e, sc[0], "");
    y = LLVMBuildFMul(b, y, sc[1], "");
    y = LLVMBuildSelect(b, small, c_f64(g, 0.0), y, "");
    y = LLVMBuildSelect(b, big, c_f64(g, HUGE_VAL), y, "");
    return LLVMBuildSelect(b, isnan_, x, y, "");
}

/* vo_log(x) inline: x > 0 ? fm_log(x) : 0, with the operations of fm_log
 * (compiler/fmath.c) one for one and in its order; its branches as
 * selects (the argument 1 where the result is decided otherwise). */
static LLVMValueRef gen_log(Gen *g, LLVMValueRef x)
{
    LLVMBuilderRef b = g->b;
    LLVMValueRef ok = LLVMBuildFCmp(b, LLVMRealOGT, x, c_f64(g, 0.0), "");
    LLVMValueRef inf = LLVMBuildFCmp(b, LLVMRealOEQ, x, c_f64(g, HUGE_VAL), "");
    LLVMValueRef use = LLVMBuildAnd(b, ok, LLVMBuildNot(b, inf, ""), "");
    LLVMValueRef xc = LLVMBuildSelect(b, use, x, c_f64(g, 1.0), "");
    LLVMValueRef sub = LLVMBuildFCmp(b, LLVMRealOLT, xc, c_f64(g, 0x1p-1022), "");
    xc = LLVMBuildSelect(b, sub, LLVMBuildFMul(b, xc, c_f64(g, 0x1p54), ""), xc, "");
    LLVMValueRef k = LLVMBuildSelect(b, sub, LLVMConstInt(g->i64, (uint64_t)-54, 1), LLVMConstInt(g->i64, 0, 0), "");
    LLVMValueRef bits = LLVMBuildBitCast(b, xc, g->i64, "");
    LLVMValueRef ex = LLVMBuildLShr(b, bits, LLVMConstInt(g->i64, 52, 0), "");
    k = LLVMBuildAdd(b, k, ex, "");
    k = LLVMBuildSub(b, k, LLVMConstInt(g->i64, 1023, 0), "");
    bits = LLVMBuildAnd(b, bits, LLVMConstInt(g->i64, 0x000fffffffffffffull, 0), "");
    bits = LLVMBuildOr(b, bits, LLVMConstInt(g->i64, 0x3ff0000000000000ull, 0), "");
    LLVMValueRef m = LLVMBuildBitCast(b, bits, g->f64, "");
    LLVMValueRef adj = LLVMBuildFCmp(b, LLVMRealOGT, m, c_f64(g, FM_SQRT2), "");
    m = LLVMBuildSelect(b, adj, LLVMBuildFMul(b, m, c_f64(g, 0.5), ""), m, "");
    k = LLVMBuildSelect(b, adj, LLVMBuildAdd(b, k, LLVMConstInt(g->i64, 1, 0), ""), k, "");
    LLVMValueRef f = LLVMBuildFSub(b, m, c_f64(g, 1.0), "");
    LLVMValueRef s = LLVMBuildFAdd(b, c_f64(g, 2.0), f, "");
    s = LLVMBuildFDiv(b, f, s, "");
    LLVMValueRef z = LLVMBuildFMul(b, s, s, "");
    LLVMValueRef q = c_f64(g, FM_LOG_C[0]);
    for (int j = 1; j < FM_LOG_NCOEF; j++) {
        q = LLVMBuildFMul(b, q, z, "");
        q = LLVMBuildFAdd(b, q, c_f64(g, FM_LOG_C[j]), "");
    }
    LLVMValueRef r = LLVMBuildFMul(b, z, q, "");
    LLVMValueRef hfsq = LLVMBuildFMul(b, c_f64(g, 0.5), f, "");
    hfsq = LLVMBuildFMul(b, hfsq, f, "");
    LLVMValueRef kd = LLVMBuildSIToFP(b, k, g->f64, "");
    LLVMValueRef t = LLVMBuildFAdd(b, hfsq, r, "");
    t = LLVMBuildFMul(b, s, t, "");
    t = LLVMBuildFAdd(b, t, LLVMBuildFMul(b, kd, c_f64(g, FM_LN2_LO), ""), "");
    t = LLVMBuildFSub(b, hfsq, t, "");
    t = LLVMBuildFSub(b, t, f, "");
    LLVMValueRef y = LLVMBuildFSub(b, LLVMBuildFMul(b, kd, c_f64(g, FM_LN2_HI), ""), t, "");
    y = LLVMBuildSelect(b, inf, c_f64(g, HUGE_VAL), y, "");
    return LLVMBuildSelect(b, ok, y, c_f64(g, 0.0), "");
}

static LLVMValueRef bool_f64(Gen *g, LLVMValueRef cond)
{
    return LLVMBuildSelect(g->b, cond, c_f64(g, 1.0), c_f64(g, 0.0), "");
}

/* env->var[k] */
static LLVMValueRef load_var(Gen *g, LLVMValueRef env, int32_t k)
{
    LLVMValueRef off = LLVMConstInt(g->i64, offsetof(RuleEnv, var) + (uint64_t)k * sizeof(double), 0);
    LLVMValueRef p = LLVMBuildInBoundsGEP2(g->b, g->i8, env, &off, 1, "");
    p = LLVMBuildBitCast(g->b, p, g->f64p, "");
    return LLVMBuildLoad2(g->b, g->f64, p, "");
}

/* env->attr[t][k] */
static LLVMValueRef load_attr(Gen *g, LLVMValueRef env, uint8_t t, int32_t k)
{
    LLVMValueRef off = LLVMConstInt(g->i64, offsetof(RuleEnv, attr) + (uint64_t)t * sizeof(double *), 0);
    LLVMValueRef p = LLVMBuildInBoundsGEP2(g->b, g->i8, env, &off, 1, "");
    p = LLVMBuildBitCast(g->b, p, g->f64pp, "");
    LLVMValueRef row = LLVMBuildLoad2(g->b, g->f64p, p, "");
    LLVMValueRef idx = LLVMConstInt(g->i64, (uint64_t)k, 0);
    LLVMValueRef q = LLVMBuildInBoundsGEP2(g->b, g->f64, row, &idx, 1, "");
    return LLVMBuildLoad2(g->b, g->f64, q, "");
}

/* a != 0.0, true for NaN as in C */
static LLVMValueRef truthy(Gen *g, LLVMValueRef x) { return LLVMBuildFCmp(g->b, LLVMRealUNE, x, c_f64(g, 0.0), ""); }

/* x is NaN ? 0 : x */
static LLVMValueRef nan0(Gen *g, LLVMValueRef x)
{
    LLVMValueRef isnan_ = LLVMBuildFCmp(g->b, LLVMRealUNO, x, x, "");
    return LLVMBuildSelect(g->b, isnan_, c_f64(g, 0.0), x, "");
}

/* The value of an operation on values already built (not CONST, VAR, ATTR
 * or RET, which need the function's inputs). */
static LLVMValueRef gen_op(Gen *g, IrOp op, LLVMValueRef a, LLVMValueRef b, LLVMValueRef c)
{
    switch (op) {
    case IR_ADD: return LLVMBuildFAdd(g->b, a, b, "");
    case IR_SUB: return LLVMBuildFSub(g->b, a, b, "");
    case IR_MUL: return LLVMBuildFMul(g->b, a, b, "");
    case IR_DIV: { /* b == 0 ? 0 : a / b */
        LLVMValueRef z = LLVMBuildFCmp(g->b, LLVMRealOEQ, b, c_f64(g, 0.0), "");
        return LLVMBuildSelect(g->b, z, c_f64(g, 0.0), LLVMBuildFDiv(g->b, a, b, ""), "");
    }
    case IR_NEG: return LLVMBuildFNeg(g->b, a, "");
    case IR_EQ: return bool_f64(g, LLVMBuildFCmp(g->b, LLVMRealOEQ, a, b, ""));
    case IR_NE: return bool_f64(g, LLVMBuildFCmp(g->b, LLVMRealUNE, a, b, ""));
    case IR_LT: return bool_f64(g, LLVMBuildFCmp(g->b, LLVMRealOLT, a, b, ""));
    case IR_LE: return bool_f64(g, LLVMBuildFCmp(g->b, LLVMRealOLE, a, b, ""));
    case IR_GT: return bool_f64(g, LLVMBuildFCmp(g->b, LLVMRealOGT, a, b, ""));
    case IR_GE: return bool_f64(g, LLVMBuildFCmp(g->b, LLVMRealOGE, a, b, ""));
    case IR_AND: return bool_f64(g, LLVMBuildAnd(g->b, truthy(g, a), truthy(g, b), ""));
    case IR_OR: return bool_f64(g, LLVMBuildOr(g->b, truthy(g, a), truthy(g, b), ""));
    case IR_NOT: return bool_f64(g, LLVMBuildFCmp(g->b, LLVMRealOEQ, a, c_f64(g, 0.0), ""));
    case IR_SELECT: return LLVMBuildSelect(g->b, truthy(g, a), b, c, "");
    case IR_MIN: /* b < a ? b : a */
        return LLVMBuildSelect(g->b, LLVMBuildFCmp(g->b, LLVMRealOLT, b, a, ""), b, a, "");
    case IR_MAX: /* b > a ? b : a */
        return LLVMBuildSelect(g->b, LLVMBuildFCmp(g->b, LLVMRealOGT, b, a, ""), b, a, "");
    case IR_ABS: return call1(g, g->x_fabs, a);
    case IR_EXP: return gen_exp(g, a);
    case IR_LOG: return gen_log(g, a);
    case IR_SQRT: { /* a >= 0 ? sqrt(a) : 0 */
        LLVMValueRef ok = LLVMBuildFCmp(g->b, LLVMRealOGE, a, c_f64(g, 0.0), "");
        return LLVMBuildSelect(g->b, ok, call1(g, g->x_sqrt, a), c_f64(g, 0.0), "");
    }
    case IR_FLOOR: return call1(g, g->x_floor, a);
    case IR_CEIL: return call1(g, g->x_ceil, a);
    case IR_ROUND: return call1(g, g->x_round, a);
    case IR_POW: {
        LLVMValueRef args[2] = {a, b};
        return LLVMBuildCall2(g->b, g->fn2, g->rt_pow, args, 2, "");
    }
    case IR_CONST: case IR_VAR: case IR_ATTR: case IR_RET: case IR__COUNT: break;
    }
    TK_UNREACHABLE();
}

/* operand x of instruction i, or NULL */
static LLVMValueRef operand(LLVMValueRef *v, int32_t x, uint32_t i)
{
    return x >= 0 && (uint32_t)x < i ? v[x] : NULL;
}

/* double takt_fN(const RuleEnv *env) */
static void gen_func(Gen *g, const IrFunc *f, uint32_t fi)
{
    char name[64];
    snprintf(name, sizeof name, "takt_f%u", fi);
    LLVMValueRef fn = LLVMAddFunction(g->mod, name, g->rule_ty);
    LLVMBasicBlockRef bb = LLVMAppendBasicBlockInContext(g->ctx, fn, "entry");
    LLVMPositionBuilderAtEnd(g->b, bb);
    LLVMValueRef env = LLVMGetParam(fn, 0);
    LLVMValueRef *v = tk_xalloc((f->n + 1) * sizeof(LLVMValueRef));
    for (uint32_t i = 0; i < f->n; i++) {
        const IrIns *in = &f->ins[i];
        LLVMValueRef r = NULL;
        switch ((IrOp)in->op) {
        case IR_CONST: r = c_f64(g, in->k); break;
        case IR_VAR: r = load_var(g, env, in->a); break;
        case IR_ATTR: r = load_attr(g, env, in->obj, in->a); break;
        case IR_RET: LLVMBuildRet(g->b, nan0(g, v[in->a])); break;
        default: r = gen_op(g, (IrOp)in->op, operand(v, in->a, i), operand(v, in->b, i), operand(v, in->c, i));
        }
        v[i] = r;
    }
    tk_free(v);
}

/* the shared values are read with load_var and load_attr */
_Static_assert(offsetof(RuleScan, shared) == 0, "RuleScan begins with the shared RuleEnv");

/* a field of the RuleScan at s, of type ty */
static LLVMValueRef load_field(Gen *g, LLVMValueRef s, size_t offset, LLVMTypeRef ty)
{
    LLVMValueRef off = LLVMConstInt(g->i64, offset, 0);
    LLVMValueRef p = LLVMBuildInBoundsGEP2(g->b, g->i8, s, &off, 1, "");
    p = LLVMBuildBitCast(g->b, p, LLVMPointerType(ty, 0), "");
    return LLVMBuildLoad2(g->b, ty, p, "");
}

/* element k of an array of ty at base */
static LLVMValueRef load_elem(Gen *g, LLVMValueRef base, LLVMTypeRef ty, LLVMValueRef k)
{
    LLVMValueRef p = LLVMBuildInBoundsGEP2(g->b, ty, base, &k, 1, "");
    return LLVMBuildLoad2(g->b, ty, p, "");
}

/* op (EXP, LOG or POW) on a, b through the candidate's memo row at `row`,
 * whose doubles from *at on hold the arguments and the result of the last
 * call: when the row is valid and the arguments are the same bits, the
 * result is the one remembered; else the call is made and remembered. The
 * functions are pure, so the value is the same either way. */
static LLVMValueRef gen_memo_call(Gen *g, IrOp op, LLVMValueRef a, LLVMValueRef b, LLVMValueRef row,
                                  LLVMValueRef valid, uint32_t *at)
{
    LLVMValueRef fn = LLVMGetBasicBlockParent(LLVMGetInsertBlock(g->b));
    LLVMBasicBlockRef hit_bb = LLVMAppendBasicBlockInContext(g->ctx, fn, "hit");
    LLVMBasicBlockRef miss_bb = LLVMAppendBasicBlockInContext(g->ctx, fn, "miss");
    LLVMBasicBlockRef join_bb = LLVMAppendBasicBlockInContext(g->ctx, fn, "join");
    LLVMTypeRef i64p = LLVMPointerType(g->i64, 0);
    /* the keys: the arguments that are not constants */
    LLVMValueRef args[2], slot[3];
    int nargs = 0;
    if (!LLVMIsConstant(a)) args[nargs++] = a;
    if (op == IR_POW && !LLVMIsConstant(b)) args[nargs++] = b;
    LLVMValueRef hit = valid;
    for (int q = 0; q <= nargs; q++) {
        LLVMValueRef idx = LLVMConstInt(g->i64, *at + (uint32_t)q, 0);
        slot[q] = LLVMBuildBitCast(g->b, LLVMBuildInBoundsGEP2(g->b, g->f64, row, &idx, 1, ""), i64p, "");
    }
    for (int q = 0; q < nargs; q++) {
        LLVMValueRef key = LLVMBuildLoad2(g->b, g->i64, slot[q], "");
        LLVMValueRef bits = LLVMBuildBitCast(g->b, args[q], g->i64, "");
        hit = LLVMBuildAnd(g->b, hit, LLVMBuildICmp(g->b, LLVMIntEQ, key, bits, ""), "");
    }
    LLVMBuildCondBr(g->b, hit, hit_bb, miss_bb);
    LLVMPositionBuilderAtEnd(g->b, hit_bb);
    LLVMValueRef old = LLVMBuildBitCast(g->b, LLVMBuildLoad2(g->b, g->i64, slot[nargs], ""), g->f64, "");
    LLVMBuildBr(g->b, join_bb);
    LLVMPositionBuilderAtEnd(g->b, miss_bb);
    LLVMValueRef r = gen_op(g, op, a, b, NULL);
    for (int q = 0; q < nargs; q++) LLVMBuildStore(g->b, LLVMBuildBitCast(g->b, args[q], g->i64, ""), slot[q]);
    LLVMBuildStore(g->b, LLVMBuildBitCast(g->b, r, g->i64, ""), slot[nargs]);
    LLVMBasicBlockRef miss_end = LLVMGetInsertBlock(g->b); /* gen_exp adds blocks */
    LLVMBuildBr(g->b, join_bb);
    LLVMPositionBuilderAtEnd(g->b, join_bb);
    LLVMValueRef phi = LLVMBuildPhi(g->b, g->f64, "");
    LLVMValueRef vals[2] = {old, r};
    LLVMBasicBlockRef bbs[2] = {hit_bb, miss_end};
    LLVMAddIncoming(phi, vals, bbs, 2);
    *at += (uint32_t)nargs + 1;
    return phi;
}

/* void takt_scanN(const RuleScan *s, uint32_t n, double *out): the rule over
 * every candidate of a dispatch decision in one loop. What does not depend
 * on the candidate (constants, now, the machine, the previous job, and every
 * operation on those alone) is computed once before the loop; inside it,
 * each candidate's values are loads at fixed offsets from its columns. The
 * operations are the interpreter's, in its order: hoisting moves work, it
 * changes no result. With `memo`, exp, log and pow of values of the
 * candidate alone (its order, job, operation, and the machine's fixed
 * values) go through the candidate's memo row (gen_memo_call; doubles 1..
 * of the row, double 0 says whether the row is valid): an operation waits
 * through many decisions, and what it gives these functions is mostly the
 * same each time. Calls on now, the queue or the previous job are made
 * every time. Returns the doubles of memo row it uses. */
static uint32_t gen_scan(Gen *g, const IrFunc *f, uint32_t fi, bool memo)
{
    char name[64];
    snprintf(name, sizeof name, "takt_scan%u", fi);
    LLVMValueRef fn = LLVMAddFunction(g->mod, name, g->scan_ty);
    LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(g->ctx, fn, "entry");
    LLVMBasicBlockRef loop = LLVMAppendBasicBlockInContext(g->ctx, fn, "loop");
    LLVMBasicBlockRef exit = LLVMAppendBasicBlockInContext(g->ctx, fn, "exit");
    LLVMValueRef s = LLVMGetParam(fn, 0), n = LLVMGetParam(fn, 1), out = LLVMGetParam(fn, 2);
    LLVMValueRef *v = tk_xalloc((f->n + 1) * sizeof(LLVMValueRef));
    bool *inv = tk_xalloc(f->n + 1);
    LLVMValueRef col[RV__COUNT] = {0}, rows[ATAB__COUNT] = {0}, row[ATAB__COUNT] = {0};
    LLVMValueRef elem[RV__COUNT] = {0};

    /* before the loop: the column and row arrays, and the invariant part */
    LLVMPositionBuilderAtEnd(g->b, entry);
    for (uint32_t i = 0; i < f->n; i++) {
        const IrIns *in = &f->ins[i];
        IrOp op = (IrOp)in->op;
        v[i] = NULL;
        if (op == IR_RET) inv[i] = false;
        else if (op == IR_CONST) inv[i] = true;
        else if (op == IR_VAR) {
            inv[i] = !scan_var_per_candidate(in->a);
            if (!inv[i] && !col[in->a])
                col[in->a] = load_field(g, s, offsetof(RuleScan, col) + (size_t)in->a * sizeof(double *), g->f64p);
        } else if (op == IR_ATTR) {
            inv[i] = !scan_attr_per_candidate(in->obj);
            if (!inv[i] && !rows[in->obj])
                rows[in->obj] =
                    load_field(g, s, offsetof(RuleScan, rows) + (size_t)in->obj * sizeof(double *), g->f64pp);
        } else {
            int arity = ir_op_arity(op);
            int32_t ops[3] = {in->a, in->b, in->c};
            inv[i] = true;
            for (int q = 0; q < arity; q++) inv[i] = inv[i] && inv[ops[q]];
        }
        if (!inv[i]) continue;
        switch (op) {
        case IR_CONST: v[i] = c_f64(g, in->k); break;
        case IR_VAR: v[i] = load_var(g, s, in->a); break; /* shared is the scan's first field */
        case IR_ATTR: v[i] = load_attr(g, s, in->obj, in->a); break;
        default: v[i] = gen_op(g, op, operand(v, in->a, i), operand(v, in->b, i), operand(v, in->c, i));
        }
    }
    /* calls worth remembering: on values of the candidate alone, or of the
     * machine (which stays), not on now, the queue or the previous job */
    bool *keep = tk_xalloc(f->n + 1);
    bool calls = false;
    for (uint32_t i = 0; i < f->n; i++) {
        const IrIns *in = &f->ins[i];
        IrOp op = (IrOp)in->op;
        bool varies = false; /* between decisions, for the same candidate */
        if (op == IR_VAR) varies = !scan_var_per_candidate(in->a) && in->a != RV_MACHINE_UNITS;
        else if (op == IR_ATTR) varies = in->obj == ATAB_PREV;
        else if (op != IR_CONST && op != IR_RET) {
            int32_t ops[3] = {in->a, in->b, in->c};
            for (int q = 0; q < ir_op_arity(op); q++) varies = varies || !keep[ops[q]];
        }
        keep[i] = !varies;
        if ((op == IR_EXP || op == IR_LOG || op == IR_POW) && !inv[i] && keep[i]) calls = true;
    }
    memo = memo && calls;
    LLVMValueRef memo_col = memo ? load_field(g, s, offsetof(RuleScan, memo), g->f64pp) : NULL;
    LLVMValueRef zero = LLVMConstInt(g->i32, 0, 0);
    LLVMValueRef any = LLVMBuildICmp(g->b, LLVMIntUGT, n, zero, "");
    LLVMBasicBlockRef pre = LLVMGetInsertBlock(g->b); /* entry, or where its exp calls join */
    bool prefetch = memo;
    for (int t = 0; t < ATAB__COUNT; t++) prefetch |= rows[t] != NULL;
    if (prefetch) {
        /* the candidates' memo and attribute rows are scattered in memory:
         * ask for all of them at once, so the loop does not wait for each
         * in turn */
        LLVMBasicBlockRef pf = LLVMInsertBasicBlockInContext(g->ctx, loop, "prefetch");
        LLVMBuildCondBr(g->b, any, pf, exit);
        LLVMPositionBuilderAtEnd(g->b, pf);
        LLVMValueRef j = LLVMBuildPhi(g->b, g->i32, "j");
        LLVMValueRef j64 = LLVMBuildZExt(g->b, j, g->i64, "");
        for (int t = -1; t < ATAB__COUNT; t++) {
            LLVMValueRef base = t < 0 ? memo_col : rows[t];
            if (!base) continue;
            LLVMValueRef r = load_elem(g, base, g->f64p, j64);
            LLVMValueRef args[4] = {LLVMBuildBitCast(g->b, r, g->i8p, ""), LLVMConstInt(g->i32, t < 0, 0),
                                    LLVMConstInt(g->i32, 3, 0), LLVMConstInt(g->i32, 1, 0)};
            LLVMBuildCall2(g->b, g->prefetch_ty, g->x_prefetch, args, 4, "");
        }
        LLVMValueRef jn = LLVMBuildAdd(g->b, j, LLVMConstInt(g->i32, 1, 0), "");
        LLVMBuildCondBr(g->b, LLVMBuildICmp(g->b, LLVMIntULT, jn, n, ""), pf, loop);
        LLVMValueRef jv[2] = {zero, jn};
        LLVMBasicBlockRef jb[2] = {pre, pf};
        LLVMAddIncoming(j, jv, jb, 2);
    } else
        LLVMBuildCondBr(g->b, any, loop, exit);

    /* the loop: the rest, per candidate k */
    LLVMPositionBuilderAtEnd(g->b, loop);
    LLVMValueRef k = LLVMBuildPhi(g->b, g->i32, "k");
    LLVMValueRef k64 = LLVMBuildZExt(g->b, k, g->i64, "");
    LLVMValueRef mrow = NULL, mvalid = NULL, mflag = NULL;
    uint32_t mlen = 1;
    if (memo) {
        mrow = load_elem(g, memo_col, g->f64p, k64);
        mflag = LLVMBuildBitCast(g->b, mrow, LLVMPointerType(g->i64, 0), "");
        mvalid = LLVMBuildICmp(g->b, LLVMIntNE, LLVMBuildLoad2(g->b, g->i64, mflag, ""), LLVMConstInt(g->i64, 0, 0), "");
    }
    for (uint32_t i = 0; i < f->n; i++) {
        const IrIns *in = &f->ins[i];
        if (inv[i]) continue;
        switch ((IrOp)in->op) {
        case IR_EXP: case IR_LOG: case IR_POW:
            if (memo && keep[i]) {
                v[i] = gen_memo_call(g, (IrOp)in->op, v[in->a], operand(v, in->b, i), mrow, mvalid, &mlen);
                break;
            }
            v[i] = gen_op(g, (IrOp)in->op, v[in->a], operand(v, in->b, i), NULL);
            break;
        case IR_VAR:
            if (!elem[in->a]) elem[in->a] = load_elem(g, col[in->a], g->f64, k64);
            v[i] = elem[in->a];
            break;
        case IR_ATTR: {
            if (!row[in->obj]) row[in->obj] = load_elem(g, rows[in->obj], g->f64p, k64);
            LLVMValueRef idx = LLVMConstInt(g->i64, (uint64_t)in->a, 0);
            v[i] = LLVMBuildLoad2(g->b, g->f64, LLVMBuildInBoundsGEP2(g->b, g->f64, row[in->obj], &idx, 1, ""), "");
            break;
        }
        case IR_RET:
            LLVMBuildStore(g->b, nan0(g, v[in->a]), LLVMBuildInBoundsGEP2(g->b, g->f64, out, &k64, 1, ""));
            break;
        default:
            v[i] = gen_op(g, (IrOp)in->op, operand(v, in->a, i), operand(v, in->b, i), operand(v, in->c, i));
        }
    }
    if (memo) { /* the row is valid from now on */
        LLVMBasicBlockRef mark = LLVMAppendBasicBlockInContext(g->ctx, fn, "mark");
        LLVMBasicBlockRef next_bb = LLVMAppendBasicBlockInContext(g->ctx, fn, "next");
        LLVMBuildCondBr(g->b, mvalid, next_bb, mark);
        LLVMPositionBuilderAtEnd(g->b, mark);
        LLVMBuildStore(g->b, LLVMConstInt(g->i64, 1, 0), mflag);
        LLVMBuildBr(g->b, next_bb);
        LLVMPositionBuilderAtEnd(g->b, next_bb);
    }
    LLVMValueRef next = LLVMBuildAdd(g->b, k, LLVMConstInt(g->i32, 1, 0), "");
    LLVMBuildCondBr(g->b, LLVMBuildICmp(g->b, LLVMIntULT, next, n, ""), loop, exit);
    LLVMValueRef in_vals[2] = {zero, next};
    LLVMBasicBlockRef in_bbs[2] = {prefetch ? LLVMGetPreviousBasicBlock(loop) : pre, LLVMGetInsertBlock(g->b)};
    LLVMAddIncoming(k, in_vals, in_bbs, 2);
    LLVMPositionBuilderAtEnd(g->b, exit);
    LLVMBuildRetVoid(g->b);
    tk_free(keep);
    tk_free(inv);
    tk_free(v);
    return memo ? mlen : 0;
}

static char *take_error(LLVMErrorRef err)
{
    char *msg = LLVMGetErrorMessage(err); /* consumes err */
    char *copy = tk_strdup(msg);
    LLVMDisposeErrorMessage(msg);
    return copy;
}

static void init_native(void)
{
    static bool done;
    if (done) return;
    LLVMInitializeNativeTarget();
    LLVMInitializeNativeAsmPrinter();
    done = true;
}

/* Builds every function, verifies and optimises the module for triple. */
/* The functions the scheduler evaluates over its candidates: the dispatch
 * rule and the machines' setup rules. The others (costs, the objective) run
 * once at a time. */
static bool is_scanned(const IrModel *ir, uint32_t fi)
{
    if (ir->dispatch_fn == (int32_t)fi) return true;
    for (uint32_t m = 0; m < ir->nmachines; m++)
        if (ir->machines[m].setup_fn == (int32_t)fi) return true;
    return false;
}

static bool build_module(Gen *g, const IrModel *ir, const char *triple, const char *layout, char **err)
{
    g->memo_len = tk_xalloc((ir->nfuncs + 1) * sizeof(uint32_t));
    memset(g->memo_len, 0, (ir->nfuncs + 1) * sizeof(uint32_t));
    for (uint32_t i = 0; i < ir->nfuncs; i++) {
        gen_func(g, &ir->funcs[i], i);
        /* the dispatch rule remembers calls per operation (gen_scan) */
        if (is_scanned(ir, i)) g->memo_len[i] = gen_scan(g, &ir->funcs[i], i, ir->dispatch_fn == (int32_t)i);
    }
    LLVMSetTarget(g->mod, triple);
    if (layout) LLVMSetDataLayout(g->mod, layout);
    char *msg = NULL;
    if (LLVMVerifyModule(g->mod, LLVMReturnStatusAction, &msg)) {
        *err = tk_fmt("generated code does not verify: %s", msg ? msg : "?");
        LLVMDisposeMessage(msg);
        return false;
    }
    LLVMDisposeMessage(msg);
    LLVMTargetRef target;
    char *terr = NULL;
    if (LLVMGetTargetFromTriple(triple, &target, &terr)) {
        *err = tk_fmt("no target for %s: %s", triple, terr ? terr : "?");
        LLVMDisposeMessage(terr);
        return false;
    }
    char *cpu = LLVMGetHostCPUName(), *features = LLVMGetHostCPUFeatures();
    LLVMTargetMachineRef tm = LLVMCreateTargetMachine(target, triple, cpu, features, LLVMCodeGenLevelDefault,
                                                      LLVMRelocDefault, LLVMCodeModelJITDefault);
    LLVMDisposeMessage(cpu);
    LLVMDisposeMessage(features);
    LLVMPassBuilderOptionsRef po = LLVMCreatePassBuilderOptions();
    /* a scan covers a machine's queue, a few to a few hundred candidates:
     * vectorise it, but neither unroll nor interleave (more code to
     * generate for little gain) */
    LLVMPassBuilderOptionsSetLoopUnrolling(po, 0);
    LLVMPassBuilderOptionsSetLoopInterleaving(po, 0);
    LLVMErrorRef e = LLVMRunPasses(g->mod, "default<O2>", tm, po);
    LLVMDisposePassBuilderOptions(po);
    LLVMDisposeTargetMachine(tm);
    if (e) {
        *err = take_error(e);
        return false;
    }
    g->instructions = 0;
    for (LLVMValueRef fn = LLVMGetFirstFunction(g->mod); fn; fn = LLVMGetNextFunction(fn))
        for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb; bb = LLVMGetNextBasicBlock(bb))
            for (LLVMValueRef in = LLVMGetFirstInstruction(bb); in; in = LLVMGetNextInstruction(in)) g->instructions++;
    return true;
}

char *jit_emit_llvm(const IrModel *ir, char **err)
{
    init_native();
    LLVMContextRef ctx = LLVMContextCreate();
    Gen g;
    gen_init(&g, ctx);
    char *triple = LLVMGetDefaultTargetTriple();
    char *text = NULL;
    if (build_module(&g, ir, triple, NULL, err)) {
        char *s = LLVMPrintModuleToString(g.mod);
        text = tk_strdup(s);
        LLVMDisposeMessage(s);
    }
    LLVMDisposeMessage(triple);
    gen_free(&g);
    LLVMDisposeModule(g.mod);
    LLVMContextDispose(ctx);
    return text;
}

/* ---- the engine ------------------------------------------------------------------- */
typedef void (*ScanFn)(const RuleScan *, uint32_t, double *);

typedef struct JitEngine {
    Engine base;
    LLVMOrcLLJITRef jit;
    RuleFn *f;
    ScanFn *scan;          /* NULL for a function the scheduler never scans */
    uint32_t *memo_len;    /* doubles of memo row per operation, per function */
} JitEngine;

static double je_eval(Engine *e, int32_t fi, const RuleEnv *env)
{
    JitEngine *je = (JitEngine *)e;
    e->evals++;
    return je->f[fi](env);
}

static void je_eval_many(Engine *e, int32_t fi, const RuleEnv *envs, uint32_t n, double *out)
{
    JitEngine *je = (JitEngine *)e;
    e->evals += n;
    RuleFn f = je->f[fi];
    for (uint32_t k = 0; k < n; k++) out[k] = f(&envs[k]);
}

static void je_scan(Engine *e, int32_t fi, const RuleScan *s, uint32_t n, double *out)
{
    JitEngine *je = (JitEngine *)e;
    e->evals += n;
    if (je->scan[fi]) {
        je->scan[fi](s, n, out);
        return;
    }
    /* not compiled as a scan: one environment per candidate */
    const IrFunc *f = &e->ir->funcs[fi];
    RuleEnv env = s->shared;
    for (uint32_t k = 0; k < n; k++) {
        for (int v = 0; v < RV__COUNT; v++)
            if ((f->vars >> v & 1) && scan_var_per_candidate(v)) env.var[v] = s->col[v][k];
        for (int t = 0; t < ATAB__COUNT; t++)
            if ((f->attrs >> t & 1) && scan_attr_per_candidate(t)) env.attr[t] = s->rows[t][k];
        out[k] = je->f[fi](&env);
    }
}

static uint32_t je_scan_memo(Engine *e, int32_t fi)
{
    return ((JitEngine *)e)->memo_len[fi];
}

static RuleFn je_native(Engine *e, int32_t fi) { return ((JitEngine *)e)->f[fi]; }

static void je_free(Engine *e)
{
    JitEngine *je = (JitEngine *)e;
    if (je->jit) {
        LLVMErrorRef err = LLVMOrcDisposeLLJIT(je->jit);
        if (err) tk_free(take_error(err));
    }
    tk_free(je->f);
    tk_free(je->scan);
    tk_free(je->memo_len);
    tk_free(je);
}

/* Makes the runtime's functions visible to generated code. */
static LLVMErrorRef define_runtime(LLVMOrcLLJITRef jit)
{
    enum { N = sizeof runtime_fns / sizeof runtime_fns[0] };
#if LLVM_VERSION_MAJOR >= 15
    LLVMOrcCSymbolMapPair pairs[N];
#else
    LLVMJITCSymbolMapPair pairs[N];
#endif
    for (int i = 0; i < N; i++) {
        pairs[i].Name = LLVMOrcLLJITMangleAndIntern(jit, runtime_fns[i].name);
        uintptr_t addr = runtime_fns[i].fn1 ? (uintptr_t)runtime_fns[i].fn1 : (uintptr_t)runtime_fns[i].fn2;
        pairs[i].Sym.Address = (LLVMOrcExecutorAddress)addr;
        pairs[i].Sym.Flags.GenericFlags = LLVMJITSymbolGenericFlagsExported | LLVMJITSymbolGenericFlagsCallable;
        pairs[i].Sym.Flags.TargetFlags = 0;
    }
    LLVMOrcMaterializationUnitRef mu = LLVMOrcAbsoluteSymbols(pairs, N);
    return LLVMOrcJITDylibDefine(LLVMOrcLLJITGetMainJITDylib(jit), mu);
}

Engine *engine_jit_new(const IrModel *ir, char **err, JitStats *stats)
{
    double t0 = now_s();
    *err = NULL;
    init_native();
    JitEngine *je = tk_xalloc(sizeof *je);
    memset(je, 0, sizeof *je);
    je->base.name = "jit";
    je->base.eval = je_eval;
    je->base.eval_many = je_eval_many;
    je->base.scan = je_scan;
    je->base.scan_memo = je_scan_memo;
    je->base.native = je_native;
    je->base.free = je_free;
    je->base.ir = ir;
    je->f = tk_xalloc((ir->nfuncs + 1) * sizeof(RuleFn));
    je->scan = tk_xalloc((ir->nfuncs + 1) * sizeof(ScanFn));
    memset(je->scan, 0, (ir->nfuncs + 1) * sizeof(ScanFn));
    je->memo_len = tk_xalloc((ir->nfuncs + 1) * sizeof(uint32_t));
    memset(je->memo_len, 0, (ir->nfuncs + 1) * sizeof(uint32_t));
    LLVMErrorRef e = LLVMOrcCreateLLJIT(&je->jit, NULL);
    if (e) {
        je->jit = NULL;
        *err = take_error(e);
        je_free(&je->base);
        return NULL;
    }
    if ((e = define_runtime(je->jit))) {
        *err = take_error(e);
        je_free(&je->base);
        return NULL;
    }
    /* the optimiser may call libc (memset for a scan of a constant rule) */
    LLVMOrcDefinitionGeneratorRef gen;
    if ((e = LLVMOrcCreateDynamicLibrarySearchGeneratorForProcess(&gen, LLVMOrcLLJITGetGlobalPrefix(je->jit), NULL,
                                                                  NULL))) {
        *err = take_error(e);
        je_free(&je->base);
        return NULL;
    }
    LLVMOrcJITDylibAddGenerator(LLVMOrcLLJITGetMainJITDylib(je->jit), gen);
    LLVMOrcThreadSafeContextRef tsc = LLVMOrcCreateNewThreadSafeContext();
    Gen g;
    gen_init(&g, LLVMOrcThreadSafeContextGetContext(tsc));
    bool ok = build_module(&g, ir, LLVMOrcLLJITGetTripleString(je->jit), LLVMOrcLLJITGetDataLayoutStr(je->jit), err);
    if (ok) memcpy(je->memo_len, g.memo_len, ir->nfuncs * sizeof(uint32_t));
    gen_free(&g);
    if (!ok) {
        LLVMDisposeModule(g.mod);
        LLVMOrcDisposeThreadSafeContext(tsc);
        je_free(&je->base);
        return NULL;
    }
    LLVMOrcThreadSafeModuleRef tsm = LLVMOrcCreateNewThreadSafeModule(g.mod, tsc);
    LLVMOrcDisposeThreadSafeContext(tsc); /* the module keeps its own reference */
    if ((e = LLVMOrcLLJITAddLLVMIRModule(je->jit, LLVMOrcLLJITGetMainJITDylib(je->jit), tsm))) {
        LLVMOrcDisposeThreadSafeModule(tsm); /* still ours when adding failed */
        *err = take_error(e);
        je_free(&je->base);
        return NULL;
    }
    for (uint32_t i = 0; i < ir->nfuncs; i++) {
        char name[64];
        LLVMOrcExecutorAddress addr;
        snprintf(name, sizeof name, "takt_f%u", i);
        if ((e = LLVMOrcLLJITLookup(je->jit, &addr, name))) {
            *err = take_error(e);
            je_free(&je->base);
            return NULL;
        }
        je->f[i] = (RuleFn)(uintptr_t)addr;
        if (!is_scanned(ir, i)) continue;
        snprintf(name, sizeof name, "takt_scan%u", i);
        if ((e = LLVMOrcLLJITLookup(je->jit, &addr, name))) {
            *err = take_error(e);
            je_free(&je->base);
            return NULL;
        }
        je->scan[i] = (ScanFn)(uintptr_t)addr;
    }
    if (stats) {
        stats->compile_seconds = now_s() - t0;
        stats->functions = ir->nfuncs;
        stats->instructions = g.instructions;
    }
    return &je->base;
}
