/* driver.c: the front of the pipeline, in one screen. */
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "scenario.h"
#include "sema.h"

Model *model_new(const char *exe_path)
{
    Model *m = tk_xalloc(sizeof(Model));
    memset(m, 0, sizeof *m);
    arena_init(&m->arena);
    intern_init(&m->strs);
    sources_init(&m->sources);
    diags_init(&m->diags);
    loader_init(&m->loader, exe_path);
    m->demand_scale = 1;
    return m;
}

void model_free(Model *m)
{
    if (!m) return;
    scenario_undo(m);
    sema_free(m->sema);
    vec_free(&m->extra_pins);
    loader_free(&m->loader);
    diags_free(&m->diags);
    sources_free(&m->sources);
    intern_free(&m->strs);
    arena_free(&m->arena);
    tk_big_trim();
    tk_free(m);
}

void model_release_tables(Model *m)
{
    sema_free(m->sema);
    m->sema = NULL;
    double demand = m->demand_scale; /* lowered already, but kept for what reads it after */
    scenario_undo(m);
    m->demand_scale = demand;
    for (uint32_t i = 0; i < m->loader.files.len; i++) m->loader.files.data[i].root = NULL;
    arena_free(&m->arena);
    tk_big_trim();
}

static bool finish(Model *m, const char *path)
{
    /* A file cut short (E0007) or not read for a limit: its names are missing
     * and checking the rest would only list them. */
    if (m->loader.cut_short || m->loader.over_limit) {
        diags_sort(&m->diags);
        return false;
    }
    if (m->scenario && !scenario_apply(m)) { /* a variant of the model: its changes first */
        diags_sort(&m->diags);
        return false;
    }
    sema_check(m);               /* names, types and units, structure, warnings */
    if (m->check_scenarios && !m->scenario) scenario_check_all(m); /* each scenario applied alone */
    if (path) importers_explain(m, path); /* a part of a model, checked alone */
    diags_sort(&m->diags);
    return !diag_has_errors(&m->diags);
}

bool model_check_paths(Model *m, const char *const *paths, int npaths)
{
    for (int i = 0; i < npaths; i++) loader_load_path(m, paths[i]);   /* text -> AST */
    if (m->loader.files.len == 0) {
        diags_sort(&m->diags);
        return false;
    }
    return finish(m, npaths == 1 ? paths[0] : NULL);
}

bool model_check_buffer(Model *m, const char *name, const char *text, size_t len)
{
    loader_load_buffer(m, name, text, len);
    return finish(m, NULL);
}

bool model_check_text(Model *m, const char *real, const char *display, const char *text, size_t len, bool explain)
{
    loader_load_text(m, real, display, text, len);
    return finish(m, explain ? real : NULL);
}
