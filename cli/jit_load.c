/* jit_load.c: the JIT as a module loaded when first asked for.
 *
 * LLVM is a large library: loading it and running its initialisers costs
 * about 15 ms and 40 MB at every start, more than takt check takes on most
 * models. So the LLVM back end (backend/jit.c) is built as a module,
 * takt-jit.so, beside the takt executable in a build tree and in
 * LIBDIR/takt when installed, and these two functions, which the rest of
 * takt calls as backend/jit.h declares them, load it the first time one
 * is called. TAKT_JIT_MODULE names the module's path instead. A module that
 * cannot be loaded is an error like any the JIT may give: the caller falls
 * back to the interpreter. */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "backend/jit.h"
#include "compiler/loader.h"

#ifndef TAKT_JIT_MODULE_NAME
#define TAKT_JIT_MODULE_NAME "takt-jit.so"
#endif
#ifndef TAKT_INSTALL_JIT_REL
#define TAKT_INSTALL_JIT_REL "lib/takt"
#endif

typedef Engine *(*EngineNew)(const IrModel *, char **, JitStats *);
typedef char *(*EmitLlvm)(const IrModel *, char **);

static struct {
    bool tried;
    EngineNew engine_new;
    EmitLlvm emit_llvm;
    char *why;            /* why it could not be loaded */
    double seconds;       /* what loading it took, not yet reported */
} jit;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void *open_module(char **why)
{
    const char *env = getenv("TAKT_JIT_MODULE");
    if (env && *env) {
        void *h = dlopen(env, RTLD_NOW | RTLD_LOCAL);
        if (!h) *why = tk_fmt("cannot load %s: %s", env, dlerror());
        return h;
    }
    char *dir = loader_exe_dir(cli_exe);
    if (!dir) {
        *why = tk_fmt("cannot tell where takt is, to find %s beside it (set TAKT_JIT_MODULE)", TAKT_JIT_MODULE_NAME);
        return NULL;
    }
    char *beside = tk_fmt("%s/%s", dir, TAKT_JIT_MODULE_NAME);
    char *installed = tk_fmt("%s/../%s/%s", dir, TAKT_INSTALL_JIT_REL, TAKT_JIT_MODULE_NAME);
    void *h = NULL;
    const char *paths[2] = {beside, installed};
    for (int i = 0; i < 2 && !h; i++)
        if (access(paths[i], F_OK) == 0) {
            h = dlopen(paths[i], RTLD_NOW | RTLD_LOCAL);
            if (!h) *why = tk_fmt("cannot load %s: %s", paths[i], dlerror());
        }
    if (!h && !*why) *why = tk_fmt("no %s beside takt or in %s/../%s", TAKT_JIT_MODULE_NAME, dir, TAKT_INSTALL_JIT_REL);
    tk_free(beside);
    tk_free(installed);
    tk_free(dir);
    return h;
}

static bool load(char **err)
{
    if (!jit.tried) {
        jit.tried = true;
        double t0 = now_s();
        void *h = open_module(&jit.why);
        if (h) {
            jit.engine_new = (EngineNew)(uintptr_t)dlsym(h, "engine_jit_new");
            jit.emit_llvm = (EmitLlvm)(uintptr_t)dlsym(h, "jit_emit_llvm");
            if (!jit.engine_new || !jit.emit_llvm) {
                jit.why = tk_fmt("%s is not takt's JIT module", TAKT_JIT_MODULE_NAME);
                jit.engine_new = NULL;
                jit.emit_llvm = NULL;
            }
        }
        jit.seconds = now_s() - t0;
    }
    if (jit.engine_new) return true;
    *err = tk_strdup(jit.why ? jit.why : "the JIT module cannot be loaded");
    return false;
}

Engine *engine_jit_new(const IrModel *ir, char **err, JitStats *stats)
{
    if (!load(err)) return NULL;
    Engine *e = jit.engine_new(ir, err, stats);
    if (e && stats) stats->compile_seconds += jit.seconds; /* loading LLVM counts as compiling, once */
    if (e) jit.seconds = 0;
    return e;
}

char *jit_emit_llvm(const IrModel *ir, char **err)
{
    if (!load(err)) return NULL;
    return jit.emit_llvm(ir, err);
}
