/* model.h: a model being compiled — its memory, symbols, sources,
 * diagnostics, parsed files and, once checked, its semantic tables. The
 * pipeline over it, in order (driver.c):
 *
 *   loader_load_path()   grammar/  : text -> AST, following imports
 *   sema_check()         compiler/ : names, types and units, structure
 *   ir_lower()           compiler/ : checked model -> IR (plan stage)
 */
#ifndef TAKT_MODEL_H
#define TAKT_MODEL_H

#include "ast.h"
#include "diag.h"
#include "loader.h"

struct Sema;

typedef struct Model {
    Arena arena;
    Interner strs;
    Sources sources;
    Diags diags;
    Loader loader;
    struct Sema *sema;   /* set by sema_check */
    U32Vec extra_pins;   /* pins CSV files named on the command line (FileIds in sources), checked with the model */
    /* scenarios (scenario.h): the one to plan ("a+b" a chain), NULL for the
     * base; set before checking. check_scenarios: checking also checks every
     * scenario of the model (takt check). demand_scale: the applied
     * scenario's demand factor, which ir_lower applies to every order and
     * forecast period. */
    const char *scenario;
    bool check_scenarios;
    double demand_scale;
    struct ScenarioState *sc;
} Model;

Model *model_new(const char *exe_path);
void model_free(Model *m);
/* Frees the syntax trees and the semantic tables, keeping the sources, the
 * symbols and the diagnostics: once the IR is lowered (it holds copies of
 * all it needs), the planner can reuse that memory. */
void model_release_tables(Model *m);

/* driver.c: load and check. Returns true if there are no errors. */
bool model_check_paths(Model *m, const char *const *paths, int npaths);
/* A root file from an editor's buffer (loader_load_text), checked as
 * model_check_paths checks one file; with explain, its unknown names are
 * explained by a model that imports it (importers_explain, which reads the
 * files near it in its project). */
bool model_check_text(Model *m, const char *real, const char *display, const char *text, size_t len, bool explain);
bool model_check_buffer(Model *m, const char *name, const char *text, size_t len);

/* importers.c: after checking the file at path alone, its unknown names are
 * explained by the model that imports it, if one is near (E0214). */
void importers_explain(Model *m, const char *path);
/* The root of the model the file at path is part of: up the chain of the
 * files near it that import it (as importers_explain finds them), malloc'd;
 * NULL if no file near it imports it. */
char *importers_root(const char *path);

#endif
