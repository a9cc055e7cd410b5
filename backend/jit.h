/* jit.h: the LLVM back end. Compiles every rule function of an IrModel to
 * native code with ORC LLJIT and serves it as an Engine, so the planner's
 * dispatch scan and the search's rules run without interpreter dispatch.
 * The code computes exactly what the interpreter computes
 * (compiler/ir_eval.h): no fast-math, Takt's own exp and log inline
 * (compiler/fmath.h), the same libm call for pow, the same answers to the
 * faults IEEE leaves open. */
#ifndef TAKT_JIT_H
#define TAKT_JIT_H

#include "runtime/runtime.h"

typedef struct JitStats {
    double compile_seconds;  /* IR build, verification, O2, code generation */
    uint32_t functions;
    uint32_t instructions;   /* LLVM instructions after optimisation */
} JitStats;

/* The JIT engine, or NULL with *err set (a malloc'd message) when LLVM
 * cannot start or compile: the caller falls back to the interpreter. */
Engine *engine_jit_new(const IrModel *ir, char **err, JitStats *stats);
/* The optimised LLVM module as text (--emit=llvm), or NULL with *err. */
char *jit_emit_llvm(const IrModel *ir, char **err);

#endif
