/* scenario.c: a scenario applied to the parsed files (scenario.h).
 *
 * Applying one gives every file a declaration list of its own, a copy of
 * the base's; a changed declaration is a shallow copy of the base's with a
 * merged item list, put in the copy's place. Undoing gives the files their
 * base lists back and frees the copies. Merging, per kind of item:
 *
 *   a setting (units 2, lead 3 days)     replaces the base's same setting, else is added
 *   an attribute (bikes 40, shift_ok 1)  replaces the base's same attribute, else is added
 *   bom { … }, routing { … }             replaces the base's block whole
 *   setup by ATTR { … }                  replaces the base's for the same attribute
 *   anything else (a calendar's shifts,  is added to the base's
 *   closures and overtime; receipts)
 */
#include "scenario.h"

#include <stdlib.h>
#include <string.h>

#include "sema.h"

typedef struct ScenarioState {
    AstList *saved;      /* per loaded file: its base declaration list */
    uint32_t nfiles;
    TK_VEC_OF(void *) owned; /* copies and lists made for the scenario */
} ScenarioState;

static void *own(ScenarioState *st, size_t size)
{
    void *p = tk_xalloc(size);
    memset(p, 0, size);
    vec_push(&st->owned, p);
    return p;
}

static void list_push(ScenarioState *st, AstList *l, AstNode *n)
{
    if (l->len == l->cap) {
        uint32_t cap = l->cap ? l->cap * 2 : 8;
        AstNode **items = own(st, cap * sizeof(AstNode *));
        if (l->len) memcpy(items, l->items, l->len * sizeof(AstNode *));
        l->items = items;
        l->cap = cap;
    }
    l->items[l->len++] = n;
}

static const char *sym(const Model *m, Sym s) { return sym_str(&m->strs, s); }

static bool is_scenario_decl(const AstNode *d) { return d && d->kind == AST_SCENARIO; }

/* The scenario declarations of every file, in load order. */
static uint32_t collect(const Model *m, const AstNode ***out)
{
    uint32_t n = 0, cap = 0;
    const AstNode **v = NULL;
    for (uint32_t i = 0; i < m->loader.files.len; i++) {
        const AstNode *root = m->loader.files.data[i].root;
        if (!root) continue;
        for (uint32_t k = 0; k < root->as.file.items.len; k++) {
            const AstNode *d = root->as.file.items.items[k];
            if (!is_scenario_decl(d)) continue;
            if (n == cap) {
                cap = cap ? cap * 2 : 8;
                v = tk_xrealloc(v, cap * sizeof *v);
            }
            v[n++] = d;
        }
    }
    *out = v;
    return n;
}

uint32_t scenario_list(const Model *m, const char ***names)
{
    const AstNode **v;
    uint32_t n = collect(m, &v);
    const char **r = tk_xalloc((n + 1) * sizeof *r);
    for (uint32_t i = 0; i < n; i++) r[i] = sym(m, v[i]->as.decl.name);
    r[n] = NULL;
    tk_free(v);
    *names = r;
    return n;
}

static const char *decl_word(AstKind k)
{
    switch (k) {
    case AST_PLANT: return "the plant";
    case AST_CALENDAR: return "calendar";
    case AST_MACHINE: return "machine";
    case AST_SUBCONTRACTOR: return "subcontractor";
    case AST_MATERIAL: return "material";
    case AST_PRODUCT: return "product";
    case AST_ORDER: return "order";
    case AST_RESOURCE: return "resource";
    case AST_SCHEDULE: return "the schedule";
    default: return "declaration";
    }
}

static bool named_kind(AstKind k)
{
    return k == AST_CALENDAR || k == AST_MACHINE || k == AST_SUBCONTRACTOR || k == AST_MATERIAL || k == AST_PRODUCT ||
           k == AST_ORDER || k == AST_RESOURCE;
}

/* The declaration of kind k named name in the current lists (the plant and
 * the schedule by kind alone), its file and position. */
static AstNode *find_decl(Model *m, AstKind k, Sym name, uint32_t *file, uint32_t *pos)
{
    for (uint32_t i = 0; i < m->loader.files.len; i++) {
        AstNode *root = m->loader.files.data[i].root;
        if (!root) continue;
        for (uint32_t j = 0; j < root->as.file.items.len; j++) {
            AstNode *d = root->as.file.items.items[j];
            if (d->kind != k) continue;
            if (named_kind(k) && d->as.decl.name != name) continue;
            *file = i;
            *pos = j;
            return d;
        }
    }
    return NULL;
}

/* The nearest name of a declaration of kind k, for a hint. */
static const char *nearest(Model *m, AstKind k, const char *name)
{
    size_t n = strlen(name);
    int limit = n <= 3 ? 1 : n <= 6 ? 2 : 3, best = limit + 1;
    const char *res = NULL;
    for (uint32_t i = 0; i < m->loader.files.len; i++) {
        AstNode *root = m->loader.files.data[i].root;
        if (!root) continue;
        for (uint32_t j = 0; j < root->as.file.items.len; j++) {
            AstNode *d = root->as.file.items.items[j];
            if (d->kind != k || !d->as.decl.name) continue;
            const char *cand = sym(m, d->as.decl.name);
            int dist = tk_edit_distance(name, cand, limit);
            if (dist < best) best = dist, res = cand;
        }
    }
    return res;
}

/* What an item replaces in its declaration: 0 none (it is added). */
static uint64_t item_key(const AstNode *it)
{
    switch ((AstKind)it->kind) {
    case AST_SETTING: return (1ull << 32) | (uint32_t)it->as.setting.key;
    case AST_ATTR: return (2ull << 32) | (uint32_t)it->as.attr.name;
    case AST_BOM: case AST_ROUTING: case AST_BUY: return (3ull << 32) | (uint32_t)it->kind;
    case AST_SETUP_BY: return (4ull << 32) | (uint32_t)it->as.setup_by.attr;
    default: return 0;
    }
}

static AstNode *merged(ScenarioState *st, const AstNode *base, const AstNode *change)
{
    AstNode *n = own(st, sizeof *n);
    *n = *base;
    AstList items = {0};
    for (uint32_t i = 0; i < base->as.decl.items.len; i++) list_push(st, &items, base->as.decl.items.items[i]);
    bool calendar = base->kind == AST_CALENDAR;
    for (uint32_t i = 0; i < change->as.decl.items.len; i++) {
        AstNode *it = change->as.decl.items.items[i];
        uint64_t key = calendar ? 0 : item_key(it);
        bool replaced = false;
        for (uint32_t j = 0; key && j < items.len; j++)
            if (item_key(items.items[j]) == key) {
                items.items[j] = it;
                replaced = true;
            }
        if (!replaced) list_push(st, &items, it);
    }
    n->as.decl.items = items;
    return n;
}

static void remove_at(Model *m, uint32_t file, uint32_t pos)
{
    AstList *l = &m->loader.files.data[file].root->as.file.items;
    memmove(&l->items[pos], &l->items[pos + 1], (l->len - pos - 1) * sizeof(AstNode *));
    l->len--;
}

static bool word_is(const Model *m, Sym s, const char *w) { return strcmp(sym(m, s), w) == 0; }

static const AstNode *find_scenario(const AstNode *const *v, uint32_t n, const char *name, size_t len, const Model *m)
{
    for (uint32_t i = 0; i < n; i++) {
        const char *s = sym(m, v[i]->as.decl.name);
        if (strlen(s) == len && memcmp(s, name, len) == 0) return v[i];
    }
    return NULL;
}

/* One scenario's items, in order. */
static void apply_one(Model *m, ScenarioState *st, const AstNode *sc)
{
    Diags *d = &m->diags;
    const char *scn = sym(m, sc->as.decl.name);
    for (uint32_t i = 0; i < sc->as.decl.items.len; i++) {
        const AstNode *it = sc->as.decl.items.items[i];
        uint32_t file, pos;
        switch ((AstKind)it->kind) {
        case AST_PLANT: case AST_CALENDAR: case AST_MACHINE: case AST_SUBCONTRACTOR: case AST_MATERIAL:
        case AST_PRODUCT: case AST_ORDER: case AST_RESOURCE: case AST_SCHEDULE: {
            AstKind k = (AstKind)it->kind;
            AstNode *base = find_decl(m, k, it->as.decl.name, &file, &pos);
            if (!base && k == AST_SCHEDULE) { /* the model has none: the scenario's is it */
                list_push(st, &m->loader.files.data[0].root->as.file.items, (AstNode *)it);
                break;
            }
            if (!base) {
                const char *name = sym(m, it->as.decl.name);
                Diag *g = diag_error(d, it->as.decl.name_span, DIAG_SCENARIO_TARGET,
                                     "scenario '%s' changes %s '%s', which the model does not declare", scn,
                                     decl_word(k), name);
                const char *near = nearest(m, k, name);
                if (near) diag_hint(g, "did you mean '%s'? To add one, write `add %s %s { … }`", near, decl_word(k), name);
                else diag_hint(g, "to add one, write `add %s %s { … }`", decl_word(k), name);
                break;
            }
            m->loader.files.data[file].root->as.file.items.items[pos] = merged(st, base, it);
            break;
        }
        case AST_SC_ADD: {
            const AstNode *decl = it->as.attr.value;
            if (!word_is(m, it->as.attr.name, "add")) {
                Diag *g = diag_error(d, it->as.attr.name_span, DIAG_SCENARIO_ITEM,
                                     "'%s' before a declaration in a scenario: only `add` may stand there",
                                     sym(m, it->as.attr.name));
                diag_hint(g, "`add order RUSH { … }` adds a declaration; a declaration without `add` changes the "
                             "model's of that name");
                break;
            }
            AstKind k = (AstKind)decl->kind;
            if (!named_kind(k)) {
                Diag *g = diag_error(d, decl->span, DIAG_SCENARIO_ITEM, "a scenario cannot add %s",
                                     k == AST_PLANT || k == AST_SCHEDULE ? decl_word(k) : "this declaration");
                diag_hint(g, "a scenario adds calendars, machines, resources, subcontractors, materials, products and orders");
                break;
            }
            AstNode *base = find_decl(m, k, decl->as.decl.name, &file, &pos);
            if (base) {
                Diag *g = diag_error(d, decl->as.decl.name_span, DIAG_SCENARIO_ADD_EXISTING,
                                     "scenario '%s' adds %s '%s', which the model already has", scn, decl_word(k),
                                     sym(m, decl->as.decl.name));
                diag_note(g, base->as.decl.name_span, "declared here");
                diag_hint(g, "to change it, write the declaration without `add`");
                break;
            }
            list_push(st, &m->loader.files.data[0].root->as.file.items, (AstNode *)decl);
            break;
        }
        case AST_SC_REMOVE: {
            if (!word_is(m, it->as.sc_remove.word, "remove")) {
                Diag *g = diag_error(d, it->as.sc_remove.word_span, DIAG_SCENARIO_ITEM,
                                     "'%s' before an order in a scenario: only `remove` may stand there",
                                     sym(m, it->as.sc_remove.word));
                diag_hint(g, "`remove order NAME` takes an order out of the scenario");
                break;
            }
            AstNode *base = find_decl(m, AST_ORDER, it->as.sc_remove.name, &file, &pos);
            if (!base) {
                const char *name = sym(m, it->as.sc_remove.name);
                Diag *g = diag_error(d, it->as.sc_remove.name_span, DIAG_SCENARIO_TARGET,
                                     "scenario '%s' removes order '%s', which the model does not have", scn, name);
                const char *near = nearest(m, AST_ORDER, name);
                if (near) diag_hint(g, "did you mean '%s'?", near);
                break;
            }
            remove_at(m, file, pos);
            break;
        }
        case AST_ATTR: {
            if (!word_is(m, it->as.attr.name, "demand")) {
                const char *w = sym(m, it->as.attr.name);
                Diag *g = diag_error(d, it->as.attr.name_span, DIAG_SCENARIO_ITEM,
                                     "'%s' is not a change a scenario can make%s", w,
                                     tk_edit_distance(w, "demand", 2) <= 2 ? "; did you mean 'demand'?" : "");
                diag_hint(g, "a scenario holds declarations that change the model's, `add DECLARATION`, "
                             "`remove order NAME` and `demand FACTOR`");
                break;
            }
            const AstNode *v = it->as.attr.value;
            if (!v || v->kind != AST_NUM || v->as.num.unit) {
                diag_error(d, v ? v->span : it->span, DIAG_SCENARIO_DEMAND,
                           "a scenario's demand is a plain factor, e.g. `demand 1.2` for 20%% more");
                break;
            }
            double f = v->as.num.value;
            if (!(f > 0) || f > SCENARIO_MAX_DEMAND) {
                diag_error(d, v->span, DIAG_SCENARIO_DEMAND,
                           "a scenario's demand factor is above 0 and at most %d", SCENARIO_MAX_DEMAND);
                break;
            }
            m->demand_scale *= f;
            break;
        }
        case AST_ERROR: break; /* reported by the parser */
        default: {
            Diag *g = diag_error(d, it->span, DIAG_SCENARIO_ITEM, "a scenario cannot hold %s",
                                 it->kind == AST_SCENARIO  ? "another scenario"
                                 : it->kind == AST_RULE    ? "a rule"
                                 : it->kind == AST_IMPORT  ? "an import"
                                 : it->kind == AST_ACTUALS ? "actuals"
                                 : it->kind == AST_HISTORY ? "a history"
                                 : it->kind == AST_FORECAST ? "a forecast"
                                 : it->kind == AST_PINS || it->kind == AST_PINS_FILE ? "pins"
                                                            : "this declaration");
            diag_hint(g, "a scenario changes the plant, calendars, machines, resources, subcontractors, materials, products, orders "
                         "and the schedule; rules, imports, forecasts, history, actuals and pins belong to the model");
            break;
        }
        }
    }
}

bool scenario_apply(Model *m)
{
    scenario_undo(m);
    m->demand_scale = 1;
    if (!m->scenario) return true;
    uint32_t before = m->diags.nerrors;
    const AstNode **v;
    uint32_t n = collect(m, &v);
    ScenarioState *st = tk_xalloc(sizeof *st);
    memset(st, 0, sizeof *st);
    st->nfiles = m->loader.files.len;
    st->saved = tk_xalloc((st->nfiles + 1) * sizeof(AstList));
    for (uint32_t i = 0; i < st->nfiles; i++) {
        AstNode *root = m->loader.files.data[i].root;
        st->saved[i] = root ? root->as.file.items : (AstList){0};
        if (!root) continue;
        AstList copy = {0};
        for (uint32_t k = 0; k < st->saved[i].len; k++) list_push(st, &copy, st->saved[i].items[k]);
        root->as.file.items = copy;
    }
    m->sc = st;
    Span at = {0, 0, 0}; /* the command line, not a place in the model */
    if (!m->loader.files.len || !m->loader.files.data[0].root) {
        tk_free(v);
        return false;
    }
    /* a chain: a+b applies a, then b; demand=F (as takt sweep writes it) is a demand factor */
    const char *spec = m->scenario;
    uint32_t count = 0;
    while (*spec) {
        const char *plus = strchr(spec, '+');
        size_t len = plus ? (size_t)(plus - spec) : strlen(spec);
        if (++count > SCENARIO_MAX_CHAIN) {
            diag_error(&m->diags, at, DIAG_SCENARIO_COUNT, "more than %d scenarios applied one after another",
                       SCENARIO_MAX_CHAIN);
            break;
        }
        const AstNode *sc = find_scenario(v, n, spec, len, m);
        if (!sc && len > 7 && memcmp(spec, "demand=", 7) == 0) { /* a sweep's demand factor */
            char num[64];
            size_t nl = len - 7 < sizeof num - 1 ? len - 7 : sizeof num - 1;
            memcpy(num, spec + 7, nl);
            num[nl] = 0;
            char *end;
            double f = strtod(num, &end);
            if (*end || end == num || !(f > 0) || f > SCENARIO_MAX_DEMAND)
                diag_error(&m->diags, at, DIAG_SCENARIO_DEMAND, "'%s' is not a demand factor above 0 and at most %d",
                           num, SCENARIO_MAX_DEMAND);
            else m->demand_scale *= f;
        } else if (!sc) {
            char *name = tk_xalloc(len + 1);
            memcpy(name, spec, len);
            name[len] = 0;
            Diag *g = diag_error(&m->diags, at, DIAG_UNKNOWN_SCENARIO, "the model has no scenario '%s'", name);
            if (n == 0) diag_hint(g, "it defines none: see docs/scenarios.md");
            else {
                StrBuf b = {0};
                for (uint32_t i = 0; i < n && i < 20; i++) sb_printf(&b, "%s%s", i ? ", " : "", sym(m, v[i]->as.decl.name));
                if (n > 20) sb_printf(&b, " and %u more", n - 20);
                diag_hint(g, "it defines %s", sb_cstr(&b));
                sb_free(&b);
            }
            tk_free(name);
        } else apply_one(m, st, sc);
        spec += len;
        if (*spec == '+') spec++;
    }
    tk_free(v);
    return m->diags.nerrors == before;
}

void scenario_undo(Model *m)
{
    ScenarioState *st = m->sc;
    if (!st) return;
    for (uint32_t i = 0; i < st->nfiles && i < m->loader.files.len; i++)
        if (m->loader.files.data[i].root) m->loader.files.data[i].root->as.file.items = st->saved[i];
    for (uint32_t i = 0; i < st->owned.len; i++) tk_free(st->owned.data[i]);
    tk_free(st->owned.data);
    tk_free(st->saved);
    tk_free(st);
    m->sc = NULL;
    m->demand_scale = 1;
}

static bool same_diag(const Diag *a, const Diag *b)
{
    return a->code == b->code && a->level == b->level && a->span.file == b->span.file && a->span.lo == b->span.lo &&
           a->span.hi == b->span.hi && strcmp(a->msg, b->msg) == 0;
}

static void copy_diag(Diags *to, const Diag *g, const AstNode *sc, const char *scn)
{
    Span scenario_at = sc->as.decl.name_span;
    bool inside = g->span.file == sc->span.file && g->span.lo >= sc->span.lo && g->span.hi <= sc->span.hi;
    Diag *c = g->level == DIAG_LEVEL_ERROR ? diag_error(to, g->span, g->code, "%s", g->msg)
                                           : diag_warning(to, g->span, g->code, "%s", g->msg);
    if (!c) return;
    if (g->hint) diag_hint(c, "%s", g->hint);
    for (uint32_t k = 0; k < g->nnotes; k++) diag_note(c, g->notes[k].span, "%s", g->notes[k].msg);
    if (!inside) diag_note(c, scenario_at, "with scenario '%s' applied", scn);
}

void scenario_check_all(Model *m)
{
    const AstNode **v;
    uint32_t n = collect(m, &v);
    if (n == 0) {
        tk_free(v);
        return;
    }
    if (n > SCENARIO_MAX) {
        diag_error(&m->diags, v[SCENARIO_MAX]->as.decl.name_span, DIAG_SCENARIO_COUNT,
                   "a model defines at most %d scenarios", SCENARIO_MAX);
        n = SCENARIO_MAX;
    }
    /* names are unique */
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t j = 0; j < i; j++)
            if (v[i]->as.decl.name == v[j]->as.decl.name) {
                Diag *g = diag_error(&m->diags, v[i]->as.decl.name_span, DIAG_DUPLICATE,
                                     "scenario '%s' is defined twice", sym(m, v[i]->as.decl.name));
                diag_note(g, v[j]->as.decl.name_span, "first defined here");
                break;
            }
    struct Sema *base_sema = m->sema;
    const char *base_scenario = m->scenario;
    Diags base = m->diags;
    for (uint32_t i = 0; i < n; i++) {
        diags_init(&m->diags);
        m->sema = NULL;
        m->scenario = sym(m, v[i]->as.decl.name);
        scenario_apply(m); /* its own mistakes, and then what it breaks, together */
        sema_check(m);
        scenario_undo(m);
        sema_free(m->sema);
        for (uint32_t k = 0; k < m->diags.len; k++) {
            const Diag *g = &m->diags.items[k];
            bool known = false;
            for (uint32_t j = 0; j < base.len && !known; j++) known = same_diag(&base.items[j], g);
            if (!known) copy_diag(&base, g, v[i], m->scenario);
        }
        diags_free(&m->diags);
    }
    m->diags = base;
    m->sema = base_sema;
    m->scenario = base_scenario;
    m->demand_scale = 1;
    tk_free(v);
}
