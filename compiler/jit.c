/* jit.c: rule IR -> LLVM IR -> native code, through the LLVM-C API and ORC
 * LLJIT. Each IrFunc becomes `double takt_fN(const RuleEnv *)` and a loop
 * `void takt_manyN(const RuleEnv *envs, uint32_t n, double *out)` that the
 * dispatch scan calls once per decision.
 *
 * The generated code must compute what the interpreter computes, bit for
 * bit (compiler/ir_eval.h): IEEE operations without fast-math flags, so
 * nothing is reassociated or contracted; comparisons and selects in the
 * same order as valops.h; exp, log and pow through the runtime's own
 * functions (takt_rt_*), which LLVM cannot rewrite; floor, ceil, round,
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

#include "compiler/ir_eval.h"
#include "jit.h"

/* ---- the runtime functions generated code calls ---------------------------- */
double takt_rt_exp(double x);
double takt_rt_log(double x);
double takt_rt_pow(double a, double b);
double takt_rt_exp(double x) { return ir_apply(IR_EXP, x, 0, 0); }
double takt_rt_log(double x) { return ir_apply(IR_LOG, x, 0, 0); }
double takt_rt_pow(double a, double b) { return ir_apply(IR_POW, a, b, 0); }

static const struct {
    const char *name;
    double (*fn1)(double);
    double (*fn2)(double, double);
} runtime_fns[] = {
    {"takt_rt_exp", takt_rt_exp, NULL},
    {"takt_rt_log", takt_rt_log, NULL},
    {"takt_rt_pow", NULL, takt_rt_pow},
};

/* ---- code generation ------------------------------------------------------------ */
typedef struct Gen {
    LLVMContextRef ctx;
    LLVMModuleRef mod;
    LLVMBuilderRef b;
    LLVMTypeRef f64, i8, i1, i32, i64, voidt, f64p, f64pp, i8p;
    LLVMTypeRef fn1, fn2, rule_ty, many_ty;
    LLVMValueRef rt_exp, rt_log, rt_pow, x_fabs, x_floor, x_ceil, x_round, x_sqrt;
    uint32_t instructions;
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
    g->many_ty = LLVMFunctionType(g->voidt, mp, 3, 0);
    g->rt_exp = declare(g, "takt_rt_exp", g->fn1);
    g->rt_log = declare(g, "takt_rt_log", g->fn1);
    g->rt_pow = declare(g, "takt_rt_pow", g->fn2);
    g->x_fabs = declare(g, "llvm.fabs.f64", g->fn1);
    g->x_floor = declare(g, "llvm.floor.f64", g->fn1);
    g->x_ceil = declare(g, "llvm.ceil.f64", g->fn1);
    g->x_round = declare(g, "llvm.round.f64", g->fn1);
    g->x_sqrt = declare(g, "llvm.sqrt.f64", g->fn1);
}

static void gen_free(Gen *g)
{
    if (g->b) LLVMDisposeBuilder(g->b);
    g->b = NULL;
}

static LLVMValueRef c_f64(Gen *g, double v) { return LLVMConstReal(g->f64, v); }

static LLVMValueRef call1(Gen *g, LLVMValueRef fn, LLVMValueRef x)
{
    LLVMValueRef args[1] = {x};
    return LLVMBuildCall2(g->b, g->fn1, fn, args, 1, "");
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
        LLVMValueRef a = in->a >= 0 && (uint32_t)in->a < i ? v[in->a] : NULL;
        LLVMValueRef b = in->b >= 0 && (uint32_t)in->b < i ? v[in->b] : NULL;
        LLVMValueRef c = in->c >= 0 && (uint32_t)in->c < i ? v[in->c] : NULL;
        LLVMValueRef r = NULL;
        switch ((IrOp)in->op) {
        case IR_CONST: r = c_f64(g, in->k); break;
        case IR_VAR: r = load_var(g, env, in->a); break;
        case IR_ATTR: r = load_attr(g, env, in->obj, in->a); break;
        case IR_ADD: r = LLVMBuildFAdd(g->b, a, b, ""); break;
        case IR_SUB: r = LLVMBuildFSub(g->b, a, b, ""); break;
        case IR_MUL: r = LLVMBuildFMul(g->b, a, b, ""); break;
        case IR_DIV: { /* b == 0 ? 0 : a / b */
            LLVMValueRef z = LLVMBuildFCmp(g->b, LLVMRealOEQ, b, c_f64(g, 0.0), "");
            r = LLVMBuildSelect(g->b, z, c_f64(g, 0.0), LLVMBuildFDiv(g->b, a, b, ""), "");
            break;
        }
        case IR_NEG: r = LLVMBuildFNeg(g->b, a, ""); break;
        case IR_EQ: r = bool_f64(g, LLVMBuildFCmp(g->b, LLVMRealOEQ, a, b, "")); break;
        case IR_NE: r = bool_f64(g, LLVMBuildFCmp(g->b, LLVMRealUNE, a, b, "")); break;
        case IR_LT: r = bool_f64(g, LLVMBuildFCmp(g->b, LLVMRealOLT, a, b, "")); break;
        case IR_LE: r = bool_f64(g, LLVMBuildFCmp(g->b, LLVMRealOLE, a, b, "")); break;
        case IR_GT: r = bool_f64(g, LLVMBuildFCmp(g->b, LLVMRealOGT, a, b, "")); break;
        case IR_GE: r = bool_f64(g, LLVMBuildFCmp(g->b, LLVMRealOGE, a, b, "")); break;
        case IR_AND: r = bool_f64(g, LLVMBuildAnd(g->b, truthy(g, a), truthy(g, b), "")); break;
        case IR_OR: r = bool_f64(g, LLVMBuildOr(g->b, truthy(g, a), truthy(g, b), "")); break;
        case IR_NOT: r = bool_f64(g, LLVMBuildFCmp(g->b, LLVMRealOEQ, a, c_f64(g, 0.0), "")); break;
        case IR_SELECT: r = LLVMBuildSelect(g->b, truthy(g, a), b, c, ""); break;
        case IR_MIN: /* b < a ? b : a */
            r = LLVMBuildSelect(g->b, LLVMBuildFCmp(g->b, LLVMRealOLT, b, a, ""), b, a, "");
            break;
        case IR_MAX: /* b > a ? b : a */
            r = LLVMBuildSelect(g->b, LLVMBuildFCmp(g->b, LLVMRealOGT, b, a, ""), b, a, "");
            break;
        case IR_ABS: r = call1(g, g->x_fabs, a); break;
        case IR_EXP: r = call1(g, g->rt_exp, a); break;
        case IR_LOG: r = call1(g, g->rt_log, a); break;
        case IR_SQRT: { /* a >= 0 ? sqrt(a) : 0 */
            LLVMValueRef ok = LLVMBuildFCmp(g->b, LLVMRealOGE, a, c_f64(g, 0.0), "");
            r = LLVMBuildSelect(g->b, ok, call1(g, g->x_sqrt, a), c_f64(g, 0.0), "");
            break;
        }
        case IR_FLOOR: r = call1(g, g->x_floor, a); break;
        case IR_CEIL: r = call1(g, g->x_ceil, a); break;
        case IR_ROUND: r = call1(g, g->x_round, a); break;
        case IR_POW: {
            LLVMValueRef args[2] = {a, b};
            r = LLVMBuildCall2(g->b, g->fn2, g->rt_pow, args, 2, "");
            break;
        }
        case IR_RET: LLVMBuildRet(g->b, nan0(g, a)); break;
        case IR__COUNT: TK_UNREACHABLE();
        }
        v[i] = r;
    }
    tk_free(v);

    /* the scan: for (i = 0; i < n; i++) out[i] = f(envs + i) */
    snprintf(name, sizeof name, "takt_many%u", fi);
    LLVMValueRef many = LLVMAddFunction(g->mod, name, g->many_ty);
    LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(g->ctx, many, "entry");
    LLVMBasicBlockRef loop = LLVMAppendBasicBlockInContext(g->ctx, many, "loop");
    LLVMBasicBlockRef exit = LLVMAppendBasicBlockInContext(g->ctx, many, "exit");
    LLVMValueRef envs = LLVMGetParam(many, 0), n = LLVMGetParam(many, 1), out = LLVMGetParam(many, 2);
    LLVMPositionBuilderAtEnd(g->b, entry);
    LLVMValueRef zero = LLVMConstInt(g->i32, 0, 0);
    LLVMBuildCondBr(g->b, LLVMBuildICmp(g->b, LLVMIntUGT, n, zero, ""), loop, exit);
    LLVMPositionBuilderAtEnd(g->b, loop);
    LLVMValueRef i = LLVMBuildPhi(g->b, g->i32, "i");
    LLVMValueRef i64v = LLVMBuildZExt(g->b, i, g->i64, "");
    LLVMValueRef off = LLVMBuildMul(g->b, i64v, LLVMConstInt(g->i64, sizeof(RuleEnv), 0), "");
    LLVMValueRef envi = LLVMBuildInBoundsGEP2(g->b, g->i8, envs, &off, 1, "");
    LLVMValueRef args[1] = {envi};
    LLVMValueRef val = LLVMBuildCall2(g->b, g->rule_ty, fn, args, 1, "");
    LLVMValueRef slot = LLVMBuildInBoundsGEP2(g->b, g->f64, out, &i64v, 1, "");
    LLVMBuildStore(g->b, val, slot);
    LLVMValueRef next = LLVMBuildAdd(g->b, i, LLVMConstInt(g->i32, 1, 0), "");
    LLVMBuildCondBr(g->b, LLVMBuildICmp(g->b, LLVMIntULT, next, n, ""), loop, exit);
    LLVMValueRef in_vals[2] = {zero, next};
    LLVMBasicBlockRef in_bbs[2] = {entry, loop};
    LLVMAddIncoming(i, in_vals, in_bbs, 2);
    LLVMPositionBuilderAtEnd(g->b, exit);
    LLVMBuildRetVoid(g->b);
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
static bool build_module(Gen *g, const IrModel *ir, const char *triple, const char *layout, char **err)
{
    for (uint32_t i = 0; i < ir->nfuncs; i++) gen_func(g, &ir->funcs[i], i);
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
typedef double (*RuleFn)(const RuleEnv *);
typedef void (*ManyFn)(const RuleEnv *, uint32_t, double *);

typedef struct JitEngine {
    Engine base;
    LLVMOrcLLJITRef jit;
    RuleFn *f;
    ManyFn *many;
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
    je->many[fi](envs, n, out);
}

static void je_free(Engine *e)
{
    JitEngine *je = (JitEngine *)e;
    if (je->jit) {
        LLVMErrorRef err = LLVMOrcDisposeLLJIT(je->jit);
        if (err) tk_free(take_error(err));
    }
    tk_free(je->f);
    tk_free(je->many);
    tk_free(je);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
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
    je->base.free = je_free;
    je->base.ir = ir;
    je->f = tk_xalloc((ir->nfuncs + 1) * sizeof(RuleFn));
    je->many = tk_xalloc((ir->nfuncs + 1) * sizeof(ManyFn));
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
        snprintf(name, sizeof name, "takt_many%u", i);
        if ((e = LLVMOrcLLJITLookup(je->jit, &addr, name))) {
            *err = take_error(e);
            je_free(&je->base);
            return NULL;
        }
        je->many[i] = (ManyFn)(uintptr_t)addr;
    }
    if (stats) {
        stats->compile_seconds = now_s() - t0;
        stats->functions = ir->nfuncs;
        stats->instructions = g.instructions;
    }
    return &je->base;
}
