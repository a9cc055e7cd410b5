/* query.c: what a name in a checked model is — its declaration, its other
 * uses, a summary of it — and the symbols and completions a document
 * offers. A checked model's names are indexed once (index()), as
 * occurrences: each name's span and what it leads to. */
#include <stdlib.h>
#include <string.h>

#include "compiler/esc.h"
#include "compiler/files.h"
#include "lsp_int.h"

void checked_free(Checked *c)
{
    model_free(c->m);
    vec_free(&c->occ);
    memset(c, 0, sizeof *c);
}

/* ---- the index ---------------------------------------------------------------- */
typedef struct Walk {
    Checked *c;
    Sema *s;
    Model *m;
    FileId file;
    Sym ns;
    int32_t rule;             /* the rule whose body is walked, -1 */
    const AstNode *after;     /* the `after` whose names are steps */
} Walk;

static void occ_add(Walk *w, Span at, TargetKind k, int32_t idx, int32_t sub, Span def, bool decl)
{
    if (at.file != w->file || at.hi < at.lo) return;
    Occ o = {at.lo, at.hi, w->file, (uint8_t)k, decl, idx, sub, def};
    vec_push(&w->c->occ, o);
}

static int32_t entity_of_decl(Walk *w, Sym name)
{
    Sym q = sema_qualify(w->s, w->ns, name);
    return q < w->s->nby_sym ? w->s->by_sym[q] : -1;
}

static void name_occ(Walk *w, AstNode *n)
{
    int32_t e = -1;
    if (n->refkind == REF_ATTR) {
        int32_t r = n->ref;
        Span at = n->as.name.n > 1 ? n->as.name.spans[n->as.name.n - 1] : n->span;
        if (ATTR_REF_USER(r)) {
            int32_t a = ATTR_REF_ID(r);
            if (a >= 0 && (uint32_t)a < w->s->attrs.len) occ_add(w, at, TG_ATTR, a, 0, w->s->attrs.data[a].first, false);
        } else occ_add(w, n->span, TG_VAR, ATTR_REF_ID(r), 0, span_none(), false);
        return;
    }
    if (n->refkind == REF_PARAM && w->rule >= 0) {
        const SemRule *r = &w->s->rules.data[w->rule];
        const AstNode *decl = w->s->entities.data[r->entity].decl;
        if (n->ref >= 0 && (uint32_t)n->ref < decl->as.rule.params.len)
            occ_add(w, n->span, TG_PARAM, w->rule, n->ref, decl->as.rule.params.items[n->ref]->as.attr.name_span, false);
        return;
    }
    if (n->refkind == REF_RULE && n->ref >= 0 && (uint32_t)n->ref < w->s->rules.len) e = w->s->rules.data[n->ref].entity;
    else if (n->refkind == REF_ENTITY) e = n->ref;
    else e = sema_lookup(w->s, w->ns, n);
    if (e >= 0 && (uint32_t)e < w->s->entities.len) occ_add(w, n->span, TG_ENTITY, e, 0, w->s->entities.data[e].span, false);
}

static bool visit(AstNode *n, void *ctx)
{
    Walk *w = ctx;
    switch ((AstKind)n->kind) {
    case AST_AFTER:
        w->after = n;
        return true;
    case AST_NAME:
        if (w->after) {
            for (uint32_t i = 0; i < w->after->as.after.names.len; i++)
                if (w->after->as.after.names.items[i] == n) return true; /* steps: walk_product */
        }
        name_occ(w, n);
        return true;
    case AST_CALL: {
        AstNode *callee = n->as.call.callee;
        if (n->refkind == REF_FN) occ_add(w, callee->span, TG_FN, n->ref, 0, span_none(), false);
        else if (n->refkind == REF_RULE && n->ref >= 0 && (uint32_t)n->ref < w->s->rules.len) {
            int32_t e = w->s->rules.data[n->ref].entity;
            occ_add(w, callee->span, TG_ENTITY, e, 0, w->s->entities.data[e].span, false);
        } else name_occ(w, callee);
        /* the callee is not walked again as a name: its span is taken */
        for (uint32_t i = 0; i < n->as.call.args.len; i++) ast_visit(n->as.call.args.items[i], visit, w);
        return false;
    }
    case AST_SETTING:
        occ_add(w, n->as.setting.key_span, TG_SETTING, n->as.setting.key, 0, span_none(), false);
        return true;
    case AST_SETUP_BY: {
        int32_t a = sema_attr_find(w->s, OWN_PRODUCT, n->as.setup_by.attr);
        if (a >= 0) occ_add(w, n->as.setup_by.attr_span, TG_ATTR, a, 0, w->s->attrs.data[a].first, false);
        return true;
    }
    default: return true;
    }
}

/* ast_visit stops at a callback's false: a call's arguments are walked by
 * hand, so walking goes on after it. */
static void walk(Walk *w, AstNode *n)
{
    if (!n) return;
    switch ((AstKind)n->kind) {
    case AST_CALL:
        visit(n, w);
        return;
    case AST_UNARY: walk(w, n->as.unary.operand); return;
    case AST_BINARY:
        walk(w, n->as.binary.lhs);
        walk(w, n->as.binary.rhs);
        return;
    case AST_IF:
        walk(w, n->as.cond.cond);
        walk(w, n->as.cond.then);
        walk(w, n->as.cond.els);
        return;
    default: break;
    }
    (void)ast_visit(n, visit, w);
}

static int32_t step_of(const SemProduct *p, const Interner *strs, const AstNode *name)
{
    if (name->kind != AST_NAME || name->as.name.n != 1) return -1;
    for (uint32_t k = 0; k < p->nsteps; k++)
        if (p->steps[k].name == name->as.name.parts[0]) return (int32_t)k;
    (void)strs;
    return -1;
}

static void walk_product(Walk *w, AstNode *d, int32_t ent)
{
    const Entity *en = &w->s->entities.data[ent];
    if (en->kind != ENT_PRODUCT || en->decl != d) return;
    const SemProduct *p = &w->s->products.data[en->index];
    for (uint32_t i = 0; i < d->as.decl.items.len; i++) {
        AstNode *it = d->as.decl.items.items[i];
        if (it->kind != AST_ROUTING) continue;
        for (uint32_t k = 0; k < it->as.block.items.len; k++) {
            AstNode *st = it->as.block.items.items[k];
            if (st->kind != AST_STEP) continue;
            AstNode fake = {0};
            fake.kind = AST_NAME;
            Sym nm = st->as.step.name;
            Span sp = st->as.step.name_span;
            fake.as.name.parts = &nm;
            fake.as.name.spans = &sp;
            fake.as.name.n = 1;
            int32_t si = step_of(p, &w->m->strs, &fake);
            if (si >= 0) occ_add(w, sp, TG_STEP, en->index, si, p->steps[si].span, p->steps[si].span.lo == sp.lo);
            for (uint32_t c = 0; c < st->as.step.clauses.len; c++) {
                AstNode *cl = st->as.step.clauses.items[c];
                if (cl->kind != AST_AFTER) continue;
                for (uint32_t a = 0; a < cl->as.after.names.len; a++) {
                    AstNode *nm2 = cl->as.after.names.items[a];
                    int32_t t = step_of(p, &w->m->strs, nm2);
                    if (t >= 0) occ_add(w, nm2->span, TG_STEP, en->index, t, p->steps[t].span, false);
                }
            }
        }
    }
}

static void index_file(Checked *c, uint32_t fi)
{
    Model *m = c->m;
    const LoadedFile *lf = &m->loader.files.data[fi];
    if (!lf->root) return;
    Walk w = {c, m->sema, m, lf->id, lf->ns, -1, NULL};
    const AstList *items = &lf->root->as.file.items;
    for (uint32_t i = 0; i < items->len; i++) {
        AstNode *d = items->items[i];
        w.rule = -1;
        w.after = NULL;
        switch ((AstKind)d->kind) {
        case AST_IMPORT: {
            /* the file it names: the loaded file whose key ends so */
            const char *target = sym_str(&m->strs, d->as.import.path);
            Span at = d->as.import.module ? d->span : d->as.import.path_span;
            char *want = d->as.import.module ? tk_fmt("/%s.takt", target) : NULL;
            if (want)
                for (char *p = want + 1; *p; p++)
                    if (*p == '.' && strcmp(p, ".takt") != 0) *p = '/';
            for (uint32_t k = 0; k < m->loader.files.len; k++) {
                const char *key = m->loader.files.data[k].key;
                const SourceFile *sf = sources_get(&m->sources, m->loader.files.data[k].id);
                size_t kl = strlen(key), wl = want ? strlen(want) : 0;
                bool hit = want ? (kl >= wl && strcmp(key + kl - wl, want) == 0)
                                : (k != fi && strlen(sf->display) >= strlen(target) &&
                                   strcmp(sf->display + strlen(sf->display) - strlen(target), target) == 0);
                if (hit) {
                    Span def = {m->loader.files.data[k].id, 0, 0};
                    occ_add(&w, at, TG_FILE, (int32_t)k, 0, def, false);
                    break;
                }
            }
            tk_free(want);
            continue;
        }
        case AST_SCENARIO: {
            /* what a scenario changes names the model's declaration; what it
             * adds is its own */
            for (uint32_t k = 0; k < d->as.decl.items.len; k++) {
                AstNode *it = d->as.decl.items.items[k];
                AstNode *decl = it->kind == AST_SC_ADD ? it->as.attr.value : it;
                if (!decl) continue;
                bool named = decl->kind == AST_CALENDAR || decl->kind == AST_MACHINE || decl->kind == AST_MATERIAL ||
                             decl->kind == AST_PRODUCT || decl->kind == AST_RESOURCE ||
                             decl->kind == AST_SUBCONTRACTOR;
                if (named && it->kind != AST_SC_ADD && decl->as.decl.name) {
                    int32_t e = entity_of_decl(&w, decl->as.decl.name);
                    if (e >= 0) occ_add(&w, decl->as.decl.name_span, TG_ENTITY, e, 0, w.s->entities.data[e].span, false);
                }
                if (named || decl->kind == AST_ORDER || decl->kind == AST_PLANT || decl->kind == AST_SCHEDULE)
                    for (uint32_t q = 0; q < decl->as.decl.items.len; q++) walk(&w, decl->as.decl.items.items[q]);
                else if (it->kind == AST_ATTR) walk(&w, it->as.attr.value);
            }
            continue;
        }
        case AST_PINS: case AST_ACTUALS: {
            /* the machine of each operation pinned or reported */
            for (uint32_t k = 0; k < d->as.decl.items.len; k++) {
                AstNode *it = d->as.decl.items.items[k];
                if ((it->kind == AST_PIN || it->kind == AST_ACT_OP) && it->as.act_op && it->as.act_op->machine) {
                    int32_t e = entity_of_decl(&w, it->as.act_op->machine);
                    if (e >= 0 && w.s->entities.data[e].kind == ENT_MACHINE)
                        occ_add(&w, it->as.act_op->machine_span, TG_ENTITY, e, 0, w.s->entities.data[e].span, false);
                }
                walk(&w, it);
            }
            continue;
        }
        case AST_PLANT: case AST_CALENDAR: case AST_MACHINE: case AST_MATERIAL: case AST_PRODUCT: case AST_ORDER:
        case AST_SCHEDULE: case AST_RESOURCE: case AST_SUBCONTRACTOR: {
            if (d->as.decl.name && d->kind != AST_ORDER && d->kind != AST_PLANT) {
                int32_t e = entity_of_decl(&w, d->as.decl.name);
                if (e >= 0) {
                    const Entity *en = &w.s->entities.data[e];
                    occ_add(&w, d->as.decl.name_span, TG_ENTITY, e, 0, en->span,
                            en->span.file == lf->id && en->span.lo == d->as.decl.name_span.lo);
                    if (d->kind == AST_PRODUCT) walk_product(&w, d, e);
                }
            }
            for (uint32_t k = 0; k < d->as.decl.items.len; k++) {
                AstNode *it = d->as.decl.items.items[k];
                if (d->kind == AST_ORDER && it->kind == AST_ATTR) { /* the product, or an attribute */
                    int32_t e = entity_of_decl(&w, it->as.attr.name);
                    if (e < 0 || w.s->entities.data[e].kind != ENT_PRODUCT) {
                        Sym nm = it->as.attr.name;
                        int32_t a = sema_attr_find(w.s, OWN_ORDER, nm);
                        if (a >= 0) occ_add(&w, it->as.attr.name_span, TG_ATTR, a, 0, w.s->attrs.data[a].first, false);
                    } else occ_add(&w, it->as.attr.name_span, TG_ENTITY, e, 0, w.s->entities.data[e].span, false);
                } else if (it->kind == AST_ATTR && (d->kind == AST_PRODUCT || d->kind == AST_MACHINE)) {
                    int32_t a = sema_attr_find(w.s, d->kind == AST_PRODUCT ? OWN_PRODUCT : OWN_MACHINE, it->as.attr.name);
                    if (a >= 0) occ_add(&w, it->as.attr.name_span, TG_ATTR, a, 0, w.s->attrs.data[a].first,
                                        w.s->attrs.data[a].first.lo == it->as.attr.name_span.lo &&
                                            w.s->attrs.data[a].first.file == lf->id);
                }
                walk(&w, it);
            }
            continue;
        }
        case AST_RULE: {
            int32_t e = entity_of_decl(&w, d->as.rule.name);
            if (e >= 0) {
                const Entity *en = &w.s->entities.data[e];
                occ_add(&w, d->as.rule.name_span, TG_ENTITY, e, 0, en->span,
                        en->span.file == lf->id && en->span.lo == d->as.rule.name_span.lo);
                if (en->kind == ENT_RULE && en->decl == d) w.rule = en->index;
            }
            for (uint32_t k = 0; k < d->as.rule.params.len; k++) {
                AstNode *pa = d->as.rule.params.items[k];
                if (w.rule >= 0) occ_add(&w, pa->as.attr.name_span, TG_PARAM, w.rule, (int32_t)k, pa->as.attr.name_span, true);
                walk(&w, pa->as.attr.value);
            }
            walk(&w, d->as.rule.body);
            continue;
        }
        default: walk(&w, d); continue;
        }
    }
}

static int cmp_occ(const void *a, const void *b)
{
    const Occ *x = a, *y = b;
    if (x->file != y->file) return x->file < y->file ? -1 : 1;
    if (x->lo != y->lo) return x->lo < y->lo ? -1 : 1;
    return x->hi < y->hi ? -1 : x->hi > y->hi;
}

static void index(Checked *c)
{
    if (c->indexed || !c->m || !c->m->sema) return;
    c->indexed = true;
    for (uint32_t i = 0; i < c->m->loader.files.len; i++) index_file(c, i);
    if (c->occ.len) qsort(c->occ.data, c->occ.len, sizeof(Occ), cmp_occ);
}

const Occ *query_at(Checked *c, uint32_t lf, uint32_t off)
{
    index(c);
    if (!c->m || lf >= c->m->loader.files.len) return NULL;
    FileId f = c->m->loader.files.data[lf].id;
    /* the first occurrence at or after the file, then the names around off */
    uint32_t lo = 0, hi = c->occ.len;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const Occ *o = &c->occ.data[mid];
        if (o->file < f || (o->file == f && o->hi < off)) lo = mid + 1;
        else hi = mid;
    }
    for (uint32_t i = lo; i < c->occ.len && c->occ.data[i].file == f && c->occ.data[i].lo <= off; i++)
        if (c->occ.data[i].hi >= off) return &c->occ.data[i];
    return NULL;
}

/* Where an occurrence's target is declared, as a file path and offset: the
 * same target in another model (another open document) has the same. */
typedef struct Key {
    const char *path;   /* NULL: no declaration (built-in) */
    uint32_t lo;
    uint8_t kind;
    int32_t idx;        /* for built-ins */
} Key;

static Key key_of(const Model *m, const Occ *o)
{
    Key k = {NULL, 0, o->kind, o->idx};
    if (o->def.file) {
        const SourceFile *sf = sources_get(&m->sources, o->def.file);
        k.path = sf ? sf->path : NULL;
        k.lo = o->def.lo;
    }
    return k;
}

static bool same_key(Key a, Key b)
{
    if (a.kind != b.kind) return false;
    if (!a.path || !b.path) return !a.path && !b.path && a.idx == b.idx;
    return a.lo == b.lo && strcmp(a.path, b.path) == 0;
}

json_t *query_definition(Server *s, Doc *d, uint32_t off)
{
    (void)s;
    const Occ *o = query_at(&d->ck, 0, off);
    if (!o || !o->def.file) return json_null();
    json_t *loc = lsp_location(d->ck.m, o->def);
    return loc ? loc : json_null();
}

/* Places already reported: file path + offset. */
typedef struct Seen {
    char **places;
    uint32_t n, cap;
} Seen;

static void occs_of(Checked *c, Key key, Seen *seen, void (*fn)(const Model *, const Occ *, void *), void *ctx)
{
    index(c);
    Model *m = c->m;
    if (!m) return;
    for (uint32_t k = 0; k < c->occ.len; k++) {
        const Occ *o = &c->occ.data[k];
        if (!same_key(key_of(m, o), key)) continue;
        const SourceFile *sf = sources_get(&m->sources, o->file);
        char *place = tk_fmt("%u:%s", o->lo, sf->path);
        bool dup = false;
        for (uint32_t q = 0; q < seen->n && !dup; q++) dup = strcmp(seen->places[q], place) == 0;
        if (dup) {
            tk_free(place);
            continue;
        }
        if (seen->n == seen->cap) {
            seen->cap = seen->cap ? seen->cap * 2 : 64;
            seen->places = tk_xrealloc(seen->places, seen->cap * sizeof(char *));
        }
        seen->places[seen->n++] = place;
        fn(m, o, ctx);
    }
}

/* Calls fn for the whole model of each open document: its own, and the model
 * it is part of where another file imports it. A model is its root file and
 * every file reached through import, open or not; the root of an open
 * document that another file imports is found as takt check finds it for
 * E0214 (the files near it, up to the root) and read from the disk where it
 * is not open. */
static void each_model(Server *s, void (*fn)(Checked *, void *), void *ctx)
{
    for (uint32_t i = 0; i < s->ndocs; i++) {
        Doc *d = s->docs[i];
        lsp_check_now(s, d);
        fn(&d->ck, ctx);
    }
    char **roots = NULL;
    uint32_t nroots = 0;
    for (uint32_t i = 0; i < s->ndocs; i++) {
        Doc *d = s->docs[i];
        if (!d->path || !lsp_in_workspace(s, d->path)) continue;
        char *root = importers_root(d->path);
        char *real = root ? files_real(root) : NULL;
        tk_free(root);
        bool skip = !real || !lsp_in_workspace(s, real);
        for (uint32_t k = 0; k < s->ndocs && !skip; k++) skip = s->docs[k]->path && strcmp(s->docs[k]->path, real) == 0;
        for (uint32_t k = 0; k < nroots && !skip; k++) skip = strcmp(roots[k], real) == 0;
        if (skip) {
            tk_free(real);
            continue;
        }
        roots = tk_xrealloc(roots, (nroots + 1) * sizeof(char *));
        roots[nroots++] = real;
        Checked c = {0};
        c.m = lsp_check_file(s, real);
        fn(&c, ctx);
        checked_free(&c);
    }
    for (uint32_t k = 0; k < nroots; k++) tk_free(roots[k]);
    tk_free(roots);
}

typedef struct OccsCtx {
    Key key;
    Seen seen;
    void (*fn)(const Model *, const Occ *, void *);
    void *ctx;
} OccsCtx;

static void occs_in(Checked *c, void *ctx)
{
    OccsCtx *x = ctx;
    occs_of(c, x->key, &x->seen, x->fn, x->ctx);
}

/* Every occurrence of key in the whole models of the open documents, each
 * place once: calls fn(model, occ, ctx). */
static void each_occ(Server *s, Key key, void (*fn)(const Model *, const Occ *, void *), void *ctx)
{
    OccsCtx x = {key, {0}, fn, ctx};
    each_model(s, occs_in, &x);
    for (uint32_t q = 0; q < x.seen.n; q++) tk_free(x.seen.places[q]);
    tk_free(x.seen.places);
}

typedef struct RefCtx {
    json_t *arr;
    bool with_decl;
} RefCtx;

static void add_ref(const Model *m, const Occ *o, void *ctx)
{
    RefCtx *r = ctx;
    if (o->decl && !r->with_decl) return;
    Span sp = {o->file, o->lo, o->hi};
    json_t *loc = lsp_location(m, sp);
    if (loc) json_array_append_new(r->arr, loc);
}

json_t *query_references(Server *s, Doc *d, uint32_t off, bool with_decl)
{
    const Occ *o = query_at(&d->ck, 0, off);
    if (!o || o->kind == TG_SETTING) return json_array();
    RefCtx r = {json_array(), with_decl};
    Key k = key_of(d->ck.m, o);
    each_occ(s, k, add_ref, &r);
    return r.arr;
}

/* ---- hover ------------------------------------------------------------------------ */
static const struct {
    SettingKey key;
    const char *doc;
} setting_docs[] = {
    {SET_START, "start DATE — when the plan starts (plant); when an operation started (actuals)"},
    {SET_HORIZON, "horizon DURATION — how far ahead the plan looks"},
    {SET_CURRENCY, "currency CODE — the plant's money, e.g. EUR"},
    {SET_TIME_UNIT, "time_unit min — the plan's time step"},
    {SET_UNITS, "units N — how many identical units the machine has, each running one operation at a time"},
    {SET_CALENDAR, "calendar NAME — when the machine works; without one, around the clock"},
    {SET_COST, "cost — money per time for a machine (a rule may give it), money per unit of measure for a material"},
    {SET_SETUP, "setup DURATION — time to prepare before an operation"},
    {SET_UNIT, "unit UNIT — the material's unit of measure (kg, m, pcs)"},
    {SET_STOCK, "stock QUANTITY — on hand when the plan starts"},
    {SET_SAFETY_STOCK, "safety_stock QUANTITY — never planned below"},
    {SET_LEAD, "lead DURATION — from purchase to receipt"},
    {SET_LOT, "lot QUANTITY — bought or made in lots of exactly this size"},
    {SET_MIN_ORDER, "min_order QUANTITY — bought or made at least this much at a time"},
    {SET_MULTIPLE, "multiple QUANTITY — bought or made in multiples of this"},
    {SET_DUE, "due DATE — when the order must be done (a date alone: the end of that day)"},
    {SET_RELEASE, "release DATE — work on the order starts no earlier"},
    {SET_PRIORITY, "priority N — weight of the order in dispatching and tardiness (default 1)"},
    {SET_PENALTY, "penalty MONEY/TIME — cost of each unit of time late"},
    {SET_DISPATCH, "dispatch RULE — which waiting operation a machine takes next (highest value first)"},
    {SET_MINIMIZE, "minimize OBJECTIVE — what the search improves, of the plan measures"},
    {SET_SEARCH, "search DURATION — how long to search for a better plan than dispatching gives"},
    {SET_ITERATIONS, "iterations N — a bound on the search's steps, for plans that repeat exactly"},
    {SET_SEED, "seed N — the search's random seed"},
    {SET_THREADS, "threads N — threads the search uses"},
    {SET_SPLIT, "split true|false — whether operations may pause over breaks in the calendar"},
    {SET_RUN, "run DURATION [each] — the operation's time, per piece with each"},
    {SET_WAIT, "wait DURATION — after the step ends, before the next may start (cooling, drying)"},
    {SET_WITHIN, "within DURATION — the step starts at most this long after the steps before it end (0 min: no wait)"},
    {SET_BASE, "base CALENDAR — the calendar this one changes"},
    {SET_RECEIVING, "receiving CALENDAR — when goods can be received"},
    {SET_CONSOLIDATE, "consolidate DURATION — purchases due within this time of each other are bought together"},
    {SET_MAX_LOT, "max_lot QUANTITY — a larger need is cut into several work orders of at most this much"},
    {SET_SUBLOT, "sublot N — the step's operation split into sublots of at most N pieces"},
    {SET_SUBLOTS, "sublots N — the step's operation split into N sublots of (nearly) equal size"},
    {SET_FROZEN, "frozen DURATION — the reference plan's operations starting within it from now stay where they are"},
    {SET_EFFICIENCY, "efficiency PERCENT — run times are divided by it (70% is slower, 120% faster)"},
    {SET_CAPACITY, "capacity N [by ATTRIBUTE] — a batch machine's pieces per cycle, or in a product attribute's units"},
    {SET_CYCLE, "cycle DURATION — how long one cycle of a batch machine takes, however full"},
    {SET_FILL, "fill DURATION — how long a cycle that is not full may wait for more work"},
    {SET_BATCH, "batch by ATTRIBUTE — only products with equal values share a cycle"},
};

/* The comment lines just above the declaration that starts at lo (its
 * documentation, as the standard library writes it), after a blank line. */
static void doc_comment(StrBuf *b, const SourceFile *sf, uint32_t lo)
{
    if (!sf || lo > sf->len) return;
    const char *t = sf->text;
    uint32_t ls = lo;
    while (ls > 0 && t[ls - 1] != '\n') ls--;
    uint32_t first = ls; /* the first comment line's start */
    for (int n = 0; n < 12 && first > 0; n++) {
        uint32_t pe = first - 1, ps = pe; /* the line before: [ps, pe) */
        while (ps > 0 && t[ps - 1] != '\n') ps--;
        uint32_t k = ps;
        while (k < pe && (t[k] == ' ' || t[k] == '\t')) k++;
        if (pe - k < 2 || t[k] != '/' || t[k + 1] != '/') break;
        first = ps;
    }
    if (first == ls) return;
    sb_puts(b, "\n\n");
    for (uint32_t p = first; p < ls;) {
        const char *nl = memchr(t + p, '\n', ls - p);
        uint32_t e = nl ? (uint32_t)(nl - t) : ls;
        uint32_t k = p;
        while (k < e && (t[k] == ' ' || t[k] == '\t')) k++;
        k += 2;
        if (k < e && t[k] == ' ') k++;
        for (uint32_t i = k; i < e; i++) /* no control characters into the editor */
            sb_putc(b, (unsigned char)t[i] < 0x20 && t[i] != '\t' ? ' ' : t[i]);
        sb_putc(b, '\n');
        p = e + 1;
    }
}

static void put_expr(StrBuf *b, const Model *m, const AstNode *e)
{
    if (e) ast_print_expr(e, &m->strs, b);
}

static void hover_entity(StrBuf *b, const Model *m, const Sema *s, const Entity *en)
{
    char tb[128];
    const char *nm = sym_str(&m->strs, en->name);
    switch (en->kind) {
    case ENT_MACHINE: {
        const SemMachine *mc = &s->machines.data[en->index];
        if (mc->subcontract) {
            sb_printf(b, "subcontractor %s\n\nlead: %g h · cost: ", nm, (double)mc->lead / 60.0);
            if (mc->cost_each > 0) sb_printf(b, "%g each", mc->cost_each);
            else sb_printf(b, "%g an operation sent", mc->cost_fixed);
            sb_printf(b, " · calendar: %s",
                      mc->calendar >= 0 ? sym_str(&m->strs, s->calendars.data[mc->calendar].name) : "any time");
            break;
        }
        sb_printf(b, "%s %s\n\nunits: %u", mc->batch_cap > 0 ? "batch machine" : "machine", nm, mc->units);
        if (mc->batch_cap > 0) {
            sb_printf(b, " · capacity: %g", mc->batch_cap);
            if (mc->batch_load_attr >= 0) sb_printf(b, " by %s", sym_str(&m->strs, s->attrs.data[mc->batch_load_attr].name));
            sb_printf(b, " · cycle: %g min", mc->batch_cycle);
            if (mc->batch_by_attr >= 0) sb_printf(b, " · batch by %s", sym_str(&m->strs, s->attrs.data[mc->batch_by_attr].name));
        }
        sb_printf(b, " · calendar: %s",
                  mc->calendar >= 0 ? sym_str(&m->strs, s->calendars.data[mc->calendar].name) : "around the clock");
        sb_puts(b, " · cost: ");
        if (mc->cost) put_expr(b, m, mc->cost);
        else sb_puts(b, "none");
        if (mc->setup) sb_puts(b, " · setup: "), put_expr(b, m, mc->setup);
        break;
    }
    case ENT_MATERIAL: {
        const SemMaterial *mt = &s->materials.data[en->index];
        sb_printf(b, "material %s\n\nunit: %s · cost: %g per %s · stock: %g · lead: %g min", nm,
                  sym_str(&m->strs, mt->uom), mt->cost, sym_str(&m->strs, mt->uom), mt->stock, (double)mt->lead);
        if (mt->safety) sb_printf(b, " · safety stock: %g", mt->safety);
        break;
    }
    case ENT_PRODUCT: {
        const SemProduct *p = &s->products.data[en->index];
        sb_printf(b, "product %s", nm);
        if (p->nbom) {
            sb_puts(b, "\n\nbom: ");
            for (uint32_t i = 0; i < p->nbom; i++) {
                const SemBomLine *l = &p->bom[i];
                Sym in = l->item < 0 ? SYM_NONE
                         : l->is_product ? s->products.data[l->item].name
                                         : s->materials.data[l->item].name;
                sb_printf(b, "%s%g %s", i ? ", " : "", l->qty, in ? sym_str(&m->strs, in) : "?");
            }
        }
        if (p->nsteps) {
            sb_puts(b, "\n\nrouting: ");
            for (uint32_t i = 0; i < p->nsteps; i++) {
                const SemStep *st = &p->steps[i];
                sb_printf(b, "%s%s", i ? " → " : "", sym_str(&m->strs, st->name));
                if (st->nalts && st->alts[0].machine >= 0)
                    sb_printf(b, " on %s", sym_str(&m->strs, s->machines.data[st->alts[0].machine].name));
                if (st->nalts > 1) sb_printf(b, " (+%u)", st->nalts - 1);
            }
        }
        break;
    }
    case ENT_CALENDAR: {
        const SemCalendar *c = &s->calendars.data[en->index];
        sb_printf(b, "calendar %s", nm);
        if (c->base >= 0) sb_printf(b, "\n\nbased on %s", sym_str(&m->strs, s->calendars.data[c->base].name));
        break;
    }
    case ENT_RULE: {
        const SemRule *r = &s->rules.data[en->index];
        sb_printf(b, "rule %s", nm);
        if (r->nparams) {
            sb_putc(b, '(');
            for (uint32_t i = 0; i < r->nparams; i++)
                sb_printf(b, "%s%s: %s", i ? ", " : "", sym_str(&m->strs, r->params[i].name),
                          type_name(r->params[i].ty, tb, sizeof tb));
            sb_putc(b, ')');
        }
        sb_printf(b, ": %s\n\n= ", type_name(r->ty, tb, sizeof tb));
        put_expr(b, m, r->body);
        break;
    }
    case ENT_RESOURCE: {
        const SemResource *r = &s->resources.data[en->index];
        sb_printf(b, "resource %s\n\nunits: %u · calendar: %s · cost: %g per hour a unit", nm, r->units,
                  r->calendar >= 0 ? sym_str(&m->strs, s->calendars.data[r->calendar].name) : "around the clock",
                  r->cost_rate * 60.0);
        break;
    }
    default: sb_printf(b, "%s %s", entity_kind_name(en->kind), nm); break;
    }
}

json_t *query_hover(Server *s, Doc *d, uint32_t off)
{
    (void)s;
    const Occ *o = query_at(&d->ck, 0, off);
    if (!o) return json_null();
    Model *m = d->ck.m;
    Sema *se = m->sema;
    StrBuf b = {0};
    char tb[128];
    sb_puts(&b, "```takt\n");
    switch ((TargetKind)o->kind) {
    case TG_ENTITY: hover_entity(&b, m, se, &se->entities.data[o->idx]); break;
    case TG_STEP: {
        const SemProduct *p = &se->products.data[o->idx];
        const SemStep *st = &p->steps[o->sub];
        sb_printf(&b, "step %s of product %s", sym_str(&m->strs, st->name), sym_str(&m->strs, p->name));
        for (uint32_t i = 0; i < st->nalts; i++)
            if (st->alts[i].machine >= 0)
                sb_printf(&b, "%s%s: setup %g min, run %g min%s", i ? "\nor " : "\n\non ",
                          sym_str(&m->strs, se->machines.data[st->alts[i].machine].name), st->alts[i].setup,
                          st->alts[i].run, st->alts[i].per_piece ? " each" : "");
        if (st->npreds) {
            sb_puts(&b, "\n\nafter ");
            for (uint32_t i = 0; i < st->npreds; i++)
                sb_printf(&b, "%s%s", i ? ", " : "", sym_str(&m->strs, p->steps[st->preds[i]].name));
        }
        if (st->wait > 0) sb_printf(&b, "\n\nwait %g min", st->wait);
        if (st->within >= 0) sb_printf(&b, "\n\nwithin %g min of the steps before it", st->within);
        break;
    }
    case TG_ATTR: {
        const AttrDef *a = &se->attrs.data[o->idx];
        static const char *const owners[] = {"job (products)", "order", "machine"};
        sb_printf(&b, "attribute %s of %s: %s", sym_str(&m->strs, a->name), owners[a->owner], type_name(a->ty, tb, sizeof tb));
        break;
    }
    case TG_VAR: {
        static const char *const objs[] = {"", "order.", "job.", "operation.", "machine.", "prev.", "plan."};
        RuleVar v = (RuleVar)o->idx;
        sb_printf(&b, "%s%s: %s", objs[rule_var_object(v)], rule_var_name(v), type_name(rule_var_type(v), tb, sizeof tb));
        break;
    }
    case TG_FN: sb_puts(&b, "built-in function"); break;
    case TG_PARAM: {
        const SemRule *r = &se->rules.data[o->idx];
        if ((uint32_t)o->sub < r->nparams)
            sb_printf(&b, "parameter %s: %s of rule %s", sym_str(&m->strs, r->params[o->sub].name),
                      type_name(r->params[o->sub].ty, tb, sizeof tb), sym_str(&m->strs, r->name));
        break;
    }
    case TG_FILE: {
        const SourceFile *sf = sources_get(&m->sources, o->def.file);
        sb_printf(&b, "file %s", sf ? sf->display : "?");
        break;
    }
    case TG_SETTING:
        for (size_t i = 0; i < TK_COUNTOF(setting_docs); i++)
            if ((int32_t)setting_docs[i].key == o->idx) sb_puts(&b, setting_docs[i].doc);
        break;
    default: break;
    }
    sb_puts(&b, "\n```");
    if (o->kind == TG_ENTITY) {
        const Entity *en = &se->entities.data[o->idx];
        const SourceFile *sf = sources_get(&m->sources, en->span.file);
        if (en->decl && en->decl->span.file == en->span.file) doc_comment(&b, sf, en->decl->span.lo);
        if (sf && sf != sources_get(&m->sources, m->loader.files.data[0].id)) sb_printf(&b, "\n\ndeclared in %s", sf->display);
    }
    const SourceFile *rf = sources_get(&m->sources, o->file);
    json_t *h = json_pack("{s:{s:s,s:o},s:o}", "contents", "kind", "markdown", "value", lsp_str(sb_cstr(&b)), "range",
                          lsp_range(rf->text, rf->len, o->lo, o->hi));
    sb_free(&b);
    return h;
}

/* ---- symbols ---------------------------------------------------------------------- */
enum { SK_FILE = 1, SK_MODULE = 2, SK_NAMESPACE = 3, SK_CLASS = 5, SK_METHOD = 6, SK_PROPERTY = 7, SK_FIELD = 8, SK_FUNCTION = 12,
       SK_VARIABLE = 13, SK_CONSTANT = 14, SK_STRING = 15, SK_OBJECT = 19, SK_EVENT = 24, SK_STRUCT = 23 };

static json_t *symbol(const SourceFile *sf, const char *name, const char *detail, int kind, Span range, Span sel)
{
    if (sel.lo < range.lo || sel.hi > range.hi) sel = range;
    return json_pack("{s:o,s:s,s:i,s:o,s:o}", "name", lsp_str(name && *name ? name : "?"), "detail", detail, "kind",
                     (json_int_t)kind, "range", lsp_range(sf->text, sf->len, range.lo, range.hi), "selectionRange",
                     lsp_range(sf->text, sf->len, sel.lo, sel.hi));
}

json_t *query_document_symbols(Server *s, Doc *d)
{
    (void)s;
    json_t *out = json_array();
    Model *m = d->ck.m;
    if (!m || !m->loader.files.len || !m->loader.files.data[0].root) return out;
    const LoadedFile *lf = &m->loader.files.data[0];
    const SourceFile *sf = sources_get(&m->sources, lf->id);
    const AstList *items = &lf->root->as.file.items;
    for (uint32_t i = 0; i < items->len; i++) {
        const AstNode *n = items->items[i];
        const char *nm = NULL;
        int kind = 0;
        const char *detail = "";
        Span sel = n->span;
        switch ((AstKind)n->kind) {
        case AST_PLANT: kind = SK_MODULE, detail = "plant"; break;
        case AST_CALENDAR: kind = SK_EVENT, detail = "calendar"; break;
        case AST_MACHINE: kind = SK_CLASS, detail = "machine"; break;
        case AST_SUBCONTRACTOR: kind = SK_CLASS, detail = "subcontractor"; break;
        case AST_RESOURCE: kind = SK_OBJECT, detail = "resource"; break;
        case AST_SCENARIO: kind = SK_NAMESPACE, detail = "scenario"; break;
        case AST_PINS: kind = SK_MODULE, detail = "pins", nm = "pins"; break;
        case AST_MATERIAL: kind = SK_CONSTANT, detail = "material"; break;
        case AST_PRODUCT: kind = SK_STRUCT, detail = "product"; break;
        case AST_ORDER: kind = SK_OBJECT, detail = "order"; break;
        case AST_SCHEDULE: kind = SK_MODULE, detail = "schedule", nm = "schedule"; break;
        case AST_ACTUALS: kind = SK_MODULE, detail = "actuals", nm = "actuals"; break;
        case AST_RULE: kind = SK_FUNCTION, detail = "rule", nm = sym_str(&m->strs, n->as.rule.name), sel = n->as.rule.name_span; break;
        case AST_IMPORT: kind = SK_FILE, detail = "import", nm = sym_str(&m->strs, n->as.import.path); break;
        default: continue;
        }
        if (!nm && n->as.decl.name) nm = sym_str(&m->strs, n->as.decl.name), sel = n->as.decl.name_span;
        if (!nm) nm = detail;
        json_t *sym = symbol(sf, nm, detail, kind, n->span, sel);
        if (n->kind == AST_PRODUCT) {
            json_t *kids = json_array();
            for (uint32_t k = 0; k < n->as.decl.items.len; k++) {
                const AstNode *it = n->as.decl.items.items[k];
                if (it->kind != AST_ROUTING) continue;
                for (uint32_t q = 0; q < it->as.block.items.len; q++) {
                    const AstNode *st = it->as.block.items.items[q];
                    if (st->kind == AST_STEP)
                        json_array_append_new(kids, symbol(sf, sym_str(&m->strs, st->as.step.name), "step", SK_METHOD,
                                                           st->span, st->as.step.name_span));
                }
            }
            json_object_set_new(sym, "children", kids);
        }
        json_array_append_new(out, sym);
    }
    return out;
}

json_t *query_workspace_symbols(Server *s, const char *q)
{
    json_t *out = json_array();
    static const int kinds[ENT__COUNT] = {[ENT_CALENDAR] = SK_EVENT, [ENT_MACHINE] = SK_CLASS,
                                          [ENT_MATERIAL] = SK_CONSTANT, [ENT_PRODUCT] = SK_STRUCT,
                                          [ENT_RULE] = SK_FUNCTION, [ENT_RESOURCE] = SK_OBJECT};
    char **seen = NULL;
    uint32_t nseen = 0;
    for (uint32_t i = 0; i < s->ndocs && json_array_size(out) < 1000; i++) {
        Model *m = s->docs[i]->ck.m;
        if (!m || !m->sema) continue;
        for (uint32_t k = 0; k < m->sema->entities.len && json_array_size(out) < 1000; k++) {
            const Entity *en = &m->sema->entities.data[k];
            const char *nm = sym_str(&m->strs, en->name);
            if (*q && !strstr(nm, q)) continue;
            json_t *loc = lsp_location(m, en->span);
            if (!loc) continue;
            const SourceFile *sf = sources_get(&m->sources, en->span.file);
            char *place = tk_fmt("%u:%s", en->span.lo, sf->path);
            bool dup = false;
            for (uint32_t x = 0; x < nseen && !dup; x++) dup = strcmp(seen[x], place) == 0;
            if (dup) {
                tk_free(place);
                json_decref(loc);
                continue;
            }
            seen = tk_xrealloc(seen, (nseen + 1) * sizeof(char *));
            seen[nseen++] = place;
            json_array_append_new(out, json_pack("{s:o,s:i,s:o,s:s}", "name", lsp_str(nm), "kind",
                                                 (json_int_t)kinds[en->kind], "location", loc, "containerName",
                                                 entity_kind_name(en->kind)));
        }
    }
    for (uint32_t x = 0; x < nseen; x++) tk_free(seen[x]);
    tk_free(seen);
    return out;
}

/* ---- rename ----------------------------------------------------------------------- */
static bool is_ident(const char *n)
{
    if (!*n || strlen(n) > AST_MAX_NAME) return false;
    if (!((*n >= 'a' && *n <= 'z') || (*n >= 'A' && *n <= 'Z') || *n == '_')) return false;
    for (const char *p = n; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_'))
            return false;
    return lex_keyword(n, strlen(n)) == 0;
}

static bool renamable(const Model *m, const Occ *o)
{
    if (o->kind == TG_STEP || o->kind == TG_PARAM) return true;
    if (o->kind != TG_ENTITY) return false;
    const Entity *en = &m->sema->entities.data[o->idx];
    if (en->ns) return false; /* the standard library's */
    return en->kind == ENT_MACHINE || en->kind == ENT_MATERIAL || en->kind == ENT_PRODUCT || en->kind == ENT_RULE ||
           en->kind == ENT_CALENDAR || en->kind == ENT_RESOURCE;
}

json_t *query_prepare_rename(Server *s, Doc *d, uint32_t off)
{
    (void)s;
    const Occ *o = query_at(&d->ck, 0, off);
    if (!o || !renamable(d->ck.m, o)) return json_null();
    const SourceFile *sf = sources_get(&d->ck.m->sources, o->file);
    return lsp_range(sf->text, sf->len, o->lo, o->hi);
}

typedef struct RenCtx {
    json_t *changes;   /* uri -> [TextEdit] */
    const char *name;
} RenCtx;

static void add_edit(const Model *m, const Occ *o, void *ctx)
{
    RenCtx *r = ctx;
    const SourceFile *sf = sources_get(&m->sources, o->file);
    if (!sf || sf->path[0] != '/') return;
    char *uri = lsp_uri_of_path(sf->path);
    json_t *arr = json_object_get(r->changes, uri);
    if (!arr) {
        arr = json_array();
        json_object_set_new(r->changes, uri, arr);
    }
    json_array_append_new(arr, json_pack("{s:o,s:o}", "range", lsp_range(sf->text, sf->len, o->lo, o->hi), "newText",
                                         lsp_str(r->name)));
    tk_free(uri);
}

typedef struct Taken {
    const char *name;
    const char *kind;   /* what has the name, NULL: nothing */
} Taken;

static void taken_in(Checked *c, void *ctx)
{
    Taken *tk = ctx;
    Model *m = c->m;
    if (tk->kind || !m || !m->sema) return;
    Sym nsym = intern_find(&m->strs, tk->name, strlen(tk->name));
    int32_t e = nsym && nsym < m->sema->nby_sym ? m->sema->by_sym[nsym] : -1;
    if (e >= 0) tk->kind = entity_kind_name(m->sema->entities.data[e].kind);
}

json_t *query_rename(Server *s, Doc *d, uint32_t off, const char *name, char **err)
{
    const Occ *o = query_at(&d->ck, 0, off);
    Model *m = d->ck.m;
    if (!o || !renamable(m, o)) {
        *err = tk_strdup("only a machine, subcontractor, resource, material, product, calendar, rule, step or "
                         "parameter of the model is renamed");
        return NULL;
    }
    if (!is_ident(name)) {
        *err = tk_fmt("'%s' is not a name (a letter or _, then letters, digits and _; not a keyword)", esc_show(name));
        return NULL;
    }
    Sema *se = m->sema;
    Sym nsym = intern_find(&m->strs, name, strlen(name));
    if (o->kind == TG_ENTITY) {
        const Entity *en = &se->entities.data[o->idx];
        if (en->name == nsym) return json_pack("{s:{}}", "changes");
        int32_t e = nsym && nsym < se->nby_sym ? se->by_sym[nsym] : -1;
        if (e >= 0) {
            *err = tk_fmt("'%s' is already the name of a %s", name, entity_kind_name(se->entities.data[e].kind));
            return NULL;
        }
    } else if (o->kind == TG_STEP) {
        const SemProduct *p = &se->products.data[o->idx];
        for (uint32_t k = 0; k < p->nsteps; k++)
            if (p->steps[k].name == nsym) {
                *err = tk_fmt("'%s' is already a step of product %s", name, sym_str(&m->strs, p->name));
                return NULL;
            }
    } else {
        const SemRule *r = &se->rules.data[o->idx];
        for (uint32_t k = 0; k < r->nparams; k++)
            if (r->params[k].name == nsym) {
                *err = tk_fmt("'%s' is already a parameter of rule %s", name, sym_str(&m->strs, r->name));
                return NULL;
            }
    }
    if (o->kind == TG_ENTITY) {
        /* taken in another part of the whole model */
        Taken tk = {name, NULL};
        each_model(s, taken_in, &tk);
        if (tk.kind) {
            *err = tk_fmt("'%s' is already the name of a %s", name, tk.kind);
            return NULL;
        }
    }
    /* the key is taken before each_model checks documents again: o lives in
     * d's index, which a check of d would free */
    Key key = key_of(m, o);
    char *kpath = key.path ? tk_strdup(key.path) : NULL;
    key.path = kpath;
    RenCtx r = {json_object(), name};
    each_occ(s, key, add_edit, &r);
    tk_free(kpath);
    return json_pack("{s:o}", "changes", r.changes);
}

/* ---- completion -------------------------------------------------------------------- */
enum { CK_FUNCTION = 3, CK_FIELD = 5, CK_VARIABLE = 6, CK_CLASS = 7, CK_MODULE = 9, CK_PROPERTY = 10, CK_UNIT = 11,
       CK_KEYWORD = 14, CK_REFERENCE = 18, CK_CONSTANT = 21, CK_STRUCT = 22, CK_EVENT = 23 };

typedef struct Comp {
    json_t *items;
    char **seen;
    uint32_t nseen;
    const char *prefix;  /* the word typed so far (its last part) */
} Comp;

static void item(Comp *c, const char *label, int kind, const char *detail)
{
    size_t pl = strlen(c->prefix);
    if (strncmp(label, c->prefix, pl) != 0 || json_array_size(c->items) >= 2000) return;
    for (uint32_t i = 0; i < c->nseen; i++)
        if (strcmp(c->seen[i], label) == 0) return;
    c->seen = tk_xrealloc(c->seen, (c->nseen + 1) * sizeof(char *));
    c->seen[c->nseen++] = tk_strdup(label);
    json_array_append_new(c->items, json_pack("{s:o,s:i,s:o}", "label", lsp_str(label), "kind", (json_int_t)kind,
                                              "detail", lsp_str(detail ? detail : "")));
}

static void entities(Comp *c, const Model *m, EntityKind k)
{
    if (!m || !m->sema) return;
    static const int kinds[ENT__COUNT] = {[ENT_CALENDAR] = CK_EVENT, [ENT_MACHINE] = CK_CLASS,
                                          [ENT_MATERIAL] = CK_CONSTANT, [ENT_PRODUCT] = CK_STRUCT,
                                          [ENT_RULE] = CK_FUNCTION, [ENT_RESOURCE] = CK_CLASS};
    for (uint32_t i = 0; i < m->sema->entities.len; i++) {
        const Entity *en = &m->sema->entities.data[i];
        if (en->kind == k) item(c, sym_str(&m->strs, en->name), kinds[k], entity_kind_name(k));
    }
}

/* Machines (which 0), subcontractors (1) or both (2). */
static void machines(Comp *c, const Model *m, int which)
{
    if (!m || !m->sema) return;
    for (uint32_t i = 0; i < m->sema->entities.len; i++) {
        const Entity *en = &m->sema->entities.data[i];
        if (en->kind != ENT_MACHINE) continue;
        bool sub = m->sema->machines.data[en->index].subcontract;
        if (which == 2 || (which == 1) == sub)
            item(c, sym_str(&m->strs, en->name), CK_CLASS, sub ? "subcontractor" : "machine");
    }
}

static bool idch(char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_'; }

/* The word that ends at end in text (after skipping blanks before end). */
static size_t word_before(const char *t, size_t end, size_t *start)
{
    while (end > 0 && (t[end - 1] == ' ' || t[end - 1] == '\t')) end--;
    size_t b = end;
    while (b > 0 && idch(t[b - 1])) b--;
    *start = b;
    return end - b;
}

/* The innermost block open at off: the words before its brace. */
static void enclosing(const char *t, size_t off, char *kw, size_t kwn, char *kw2, size_t kw2n, size_t *open_at)
{
    int depth = 0;
    kw[0] = kw2[0] = 0;
    *open_at = (size_t)-1;
    for (size_t i = off; i-- > 0;) {
        if (t[i] == '}') depth++;
        else if (t[i] == '{') {
            if (depth == 0) {
                *open_at = i;
                /* the declaration's words on the brace's line: "product bike {", "bom {" */
                size_t ls = i;
                while (ls > 0 && t[ls - 1] != '\n' && t[ls - 1] != '{' && t[ls - 1] != '}') ls--;
                /* a block on one line with the one around it: `scenario s { machine laser {` */
                size_t p = ls;
                while (p < i && (t[p] == ' ' || t[p] == '\t')) p++;
                size_t q = p;
                while (q < i && idch(t[q])) q++;
                /* `add machine laser2 {` in a scenario: the word after add */
                if (q - p == 3 && memcmp(t + p, "add", 3) == 0) {
                    p = q;
                    while (p < i && (t[p] == ' ' || t[p] == '\t')) p++;
                    q = p;
                    while (q < i && idch(t[q])) q++;
                }
                snprintf(kw, kwn, "%.*s", (int)(q - p < 63 ? q - p : 63), t + p);
                /* the last word before the brace too: `routing {` after a product's name */
                size_t ws;
                size_t n = word_before(t, i, &ws);
                snprintf(kw2, kw2n, "%.*s", (int)(n < 63 ? n : 63), t + ws);
                return;
            }
            depth--;
        }
    }
}

static bool has_word(const char *list, const char *w)
{
    size_t n = strlen(w);
    if (!n) return false;
    for (const char *p = list; (p = strstr(p, w)) != NULL; p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == 0 || p[n] == ' ')) return true;
    return false;
}

static const char *const decl_words[] = {"plant", "calendar", "machine", "subcontractor", "resource", "material",
                                         "product", "order", "forecast", "history", "rule", "schedule", "import",
                                         "actuals", "pins", "scenario"};
/* The blocks whose settings the checker's table lists (sema_block_settings),
 * and the words each takes beside its settings. */
static const struct {
    const char *block;
    AstKind kind;
    const char *words;
} block_words[] = {
    {"plant", AST_PLANT, ""},
    {"calendar", AST_ERROR, "base shifts closed overtime mon tue wed thu fri sat sun"},
    {"machine", AST_MACHINE, ""},
    {"subcontractor", AST_SUBCONTRACTOR, ""},
    {"resource", AST_RESOURCE, ""},
    {"material", AST_MATERIAL, "receipt"},
    {"product", AST_PRODUCT, "bom routing buy"},
    {"buy", AST_BUY, ""},
    {"order", AST_ORDER, ""},
    {"schedule", AST_SCHEDULE, ""},
    {"routing", AST_STEP, "on after with"},
    {"alternative", AST_ALT, "with"},
    {"pins", AST_ERROR, "op firm"},
    {"actuals", AST_ERROR, "op used received issued"},
    /* what a scenario may change (docs/scenarios.md) */
    {"scenario", AST_ERROR, "plant calendar machine subcontractor resource material product order schedule add remove "
                            "demand"},
};

static void settings_of(Comp *c, const char *block)
{
    for (size_t i = 0; i < TK_COUNTOF(block_words); i++) {
        if (strcmp(block_words[i].block, block) != 0) continue;
        if (block_words[i].kind != AST_ERROR) {
            SettingKey keys[SET__COUNT];
            uint32_t n = sema_block_settings(block_words[i].kind, keys, SET__COUNT);
            for (uint32_t k = 0; k < n && k < SET__COUNT; k++) item(c, ast_setting_name(keys[k]), CK_KEYWORD, "setting");
        }
        char buf[256];
        snprintf(buf, sizeof buf, "%s", block_words[i].words);
        for (char *sv = NULL, *w = strtok_r(buf, " ", &sv); w; w = strtok_r(NULL, " ", &sv))
            item(c, w, CK_KEYWORD, strcmp(block, "scenario") == 0 ? "a scenario may change it" : "keyword");
    }
}

/* The last of the words in list on the line before end: "on" or "with" in a
 * routing step, to tell a machine alternative from a resource's. */
static const char *last_word_of(const char *t, size_t end, const char *list)
{
    size_t ls = end;
    while (ls > 0 && t[ls - 1] != '\n') ls--;
    const char *found = NULL;
    static char w[16];
    for (size_t i = ls; i < end;) {
        while (i < end && !idch(t[i])) i++;
        size_t b = i;
        while (i < end && idch(t[i])) i++;
        if (i > b && i - b < sizeof w) {
            snprintf(w, sizeof w, "%.*s", (int)(i - b), t + b);
            if (has_word(list, w)) found = strstr(list, w);
        }
    }
    return found;
}

static void units_of(Comp *c, int dim_only)
{
    const char *const *names = unit_names();
    for (size_t i = 0; names[i]; i++) {
        const Unit *u = unit_find(names[i], strlen(names[i]));
        if (!u) continue;
        bool time = u->dim[DIM_TIME] == 1 && !u->dim[DIM_MONEY] && !u->dim[DIM_LENGTH] && !u->dim[DIM_MASS];
        if (dim_only == 1 && !time) continue;
        const char *dn = time ? "time" : u->dim[DIM_MONEY] ? "money" : u->dim[DIM_LENGTH] ? "length"
                         : u->dim[DIM_MASS] ? "mass" : "count";
        item(c, names[i], CK_UNIT, dn);
    }
}

static void rule_words(Comp *c, const Model *m, bool objective)
{
    static const char *const objs[] = {"job", "order", "operation", "machine", "prev"};
    for (int v = 0; v < RV__COUNT; v++) {
        RuleObject ob = rule_var_object((RuleVar)v);
        if (objective ? ob == OBJ_PLAN : ob == OBJ_NONE) item(c, rule_var_name((RuleVar)v), CK_VARIABLE, "built-in");
    }
    if (objective) return;
    for (size_t i = 0; i < TK_COUNTOF(objs); i++) item(c, objs[i], CK_MODULE, "object: type a dot for its members");
    static const char *const fns[] = {"min", "max", "abs", "exp", "log", "sqrt", "floor", "ceil", "round", "pow", "clamp"};
    for (size_t i = 0; i < TK_COUNTOF(fns); i++) item(c, fns[i], CK_FUNCTION, "built-in function");
    entities(c, m, ENT_RULE);
    static const char *const kws[] = {"if", "then", "else", "and", "or", "not", "true", "false"};
    for (size_t i = 0; i < TK_COUNTOF(kws); i++) item(c, kws[i], CK_KEYWORD, "keyword");
}


json_t *query_completion(Server *s, Doc *d, uint32_t off)
{
    (void)s;
    const char *t = d->text;
    Model *m = d->ck.m;
    /* the word typed so far, a dotted one whole */
    size_t ws = off;
    while (ws > 0 && (idch(t[ws - 1]) || t[ws - 1] == '.')) ws--;
    char word[256];
    snprintf(word, sizeof word, "%.*s", (int)(off - ws < 255 ? off - ws : 255), t + ws);
    char *dot = strrchr(word, '.');
    Comp c = {json_array(), NULL, 0, dot ? dot + 1 : word};
    if (dot) {
        *dot = 0;
        RuleObject ob = strcmp(word, "job") == 0 ? OBJ_JOB : strcmp(word, "order") == 0 ? OBJ_ORDER
                        : strcmp(word, "operation") == 0 ? OBJ_OPERATION : strcmp(word, "machine") == 0 ? OBJ_MACHINE
                        : strcmp(word, "prev") == 0 ? OBJ_PREV : strcmp(word, "plan") == 0 ? OBJ_PLAN : OBJ_NONE;
        char tb[128];
        if (ob != OBJ_NONE) {
            for (int v = 0; v < RV__COUNT; v++)
                if (rule_var_object((RuleVar)v) == ob)
                    item(&c, rule_var_name((RuleVar)v), CK_FIELD, type_name(rule_var_type((RuleVar)v), tb, sizeof tb));
            AttrOwner own = ob == OBJ_ORDER ? OWN_ORDER : ob == OBJ_MACHINE ? OWN_MACHINE : OWN_PRODUCT;
            if (m && m->sema && ob != OBJ_OPERATION && ob != OBJ_PLAN)
                for (uint32_t i = 0; i < m->sema->attrs.len; i++)
                    if (m->sema->attrs.data[i].owner == own)
                        item(&c, sym_str(&m->strs, m->sema->attrs.data[i].name), CK_PROPERTY,
                             type_name(m->sema->attrs.data[i].ty, tb, sizeof tb));
        } else if (m && m->sema) { /* a namespace: std. */
            size_t wl = strlen(word);
            for (uint32_t i = 0; i < m->sema->entities.len; i++) {
                const char *nm = sym_str(&m->strs, m->sema->entities.data[i].name);
                if (strncmp(nm, word, wl) == 0 && nm[wl] == '.')
                    item(&c, nm + wl + 1, CK_REFERENCE, entity_kind_name(m->sema->entities.data[i].kind));
            }
            if (strcmp(word, "std") == 0) item(&c, "calendars", CK_MODULE, "module"), item(&c, "rules", CK_MODULE, "module");
        }
        goto done;
    }
    /* the word before it */
    size_t ps;
    size_t pn = word_before(t, ws, &ps);
    char prev[64];
    snprintf(prev, sizeof prev, "%.*s", (int)(pn < 63 ? pn : 63), t + ps);
    size_t pe = ws;
    while (pe > 0 && (t[pe - 1] == ' ' || t[pe - 1] == '\t')) pe--;
    char prevch = pe > 0 ? t[pe - 1] : '\n';
    char kw[64], kw2[64];
    size_t open_at;
    enclosing(t, ws, kw, sizeof kw, kw2, sizeof kw2, &open_at);
    bool in_routing = strcmp(kw, "routing") == 0 || strcmp(kw2, "routing") == 0;
    bool in_bom = strcmp(kw, "bom") == 0 || strcmp(kw2, "bom") == 0;
    bool in_scenario = strcmp(kw, "scenario") == 0;
    bool prev_num = pn && t[ps] >= '0' && t[ps] <= '9';
    /* in a routing step: after `with` the resources, after `on` the machines */
    const char *lw = in_routing ? last_word_of(t, ws, "on with") : NULL;
    bool need = lw && strncmp(lw, "with", 4) == 0;
    size_t pps;
    size_t ppn = pn ? word_before(t, ps, &pps) : 0;
    char prev2[16];
    snprintf(prev2, sizeof prev2, "%.*s", (int)(ppn < 15 ? ppn : 15), pn ? t + pps : "");
    if (in_scenario && has_word("machine subcontractor resource material product calendar", prev) &&
        strcmp(prev2, "add") != 0) {
        /* what the scenario changes: a declaration of the model */
        if (strcmp(prev, "machine") == 0) machines(&c, m, 0);
        else if (strcmp(prev, "subcontractor") == 0) machines(&c, m, 1);
        else
            entities(&c, m, strcmp(prev, "resource") == 0   ? ENT_RESOURCE
                            : strcmp(prev, "material") == 0 ? ENT_MATERIAL
                            : strcmp(prev, "product") == 0  ? ENT_PRODUCT
                                                            : ENT_CALENDAR);
    } else if (in_scenario && strcmp(prev, "add") == 0) {
        static const char *const adds[] = {"calendar", "machine", "subcontractor", "resource", "material", "product", "order"};
        for (size_t i = 0; i < TK_COUNTOF(adds); i++) item(&c, adds[i], CK_KEYWORD, "a declaration the model does not have");
    } else if (in_scenario && strcmp(prev, "remove") == 0) {
        item(&c, "order", CK_KEYWORD, "an order not planned");
    } else if (strcmp(prev, "with") == 0 ||
               (need && (prevch == '|' || (prev_num && (strcmp(prev2, "with") == 0 || (ps > 0 && t[ps - 1] == '|')))))) {
        entities(&c, m, ENT_RESOURCE);
    } else if (in_routing && strcmp(prev, "for") == 0) {
        item(&c, "setup", CK_KEYWORD, "the resource is held for the setup only");
    } else if (strcmp(prev, "on") == 0 || (in_routing && !need && (prevch == '|' || prevch == '+' || strcmp(prev, "and") == 0))) {
        machines(&c, m, 2);
    } else if (strcmp(prev, "by") == 0 && (strcmp(kw, "machine") == 0 || strcmp(kw, "setup") == 0)) {
        /* setup by, batch by, capacity N by: a product attribute */
        char tb[128];
        if (m && m->sema)
            for (uint32_t i = 0; i < m->sema->attrs.len; i++)
                if (m->sema->attrs.data[i].owner == OWN_PRODUCT)
                    item(&c, sym_str(&m->strs, m->sema->attrs.data[i].name), CK_PROPERTY,
                         type_name(m->sema->attrs.data[i].ty, tb, sizeof tb));
    } else if (strcmp(prev, "calendar") == 0 || strcmp(prev, "receiving") == 0 || strcmp(prev, "base") == 0) {
        entities(&c, m, ENT_CALENDAR);
    } else if (strcmp(prev, "import") == 0) {
        item(&c, "std.calendars", CK_MODULE, "standard library");
        item(&c, "std.rules", CK_MODULE, "standard library");
    } else if (in_routing && (strcmp(prev, "after") == 0 || prevch == ',')) {
        /* the steps of the routing being written */
        for (size_t i = open_at + 1; i < ws && i < d->len;) {
            while (i < ws && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r')) i++;
            size_t b = i;
            while (i < ws && idch(t[i])) i++;
            if (i > b && i - b < 256) {
                char st[256];
                snprintf(st, sizeof st, "%.*s", (int)(i - b), t + b);
                if (!lex_keyword(st, strlen(st))) item(&c, st, CK_FIELD, "step");
            }
            while (i < ws && t[i] != '\n') i++;
        }
        item(&c, "start", CK_KEYWORD, "keyword");
    } else if (prev_num && ps > 0) {
        /* a number: its unit; a duration's after a time setting */
        size_t ss;
        size_t sn = word_before(t, ps, &ss);
        char setting[32];
        snprintf(setting, sizeof setting, "%.*s", (int)(sn < 31 ? sn : 31), t + ss);
        bool dur = has_word("lead setup run wait within horizon search cycle fill frozen consolidate", setting);
        units_of(&c, dur ? 1 : 0);
        if (strcmp(setting, "run") == 0) item(&c, "each", CK_KEYWORD, "per piece");
    } else if (in_bom) {
        entities(&c, m, ENT_MATERIAL);
        entities(&c, m, ENT_PRODUCT);
    } else if (in_routing && prevch == '(') {
        settings_of(&c, "alternative");
    } else if (!in_scenario &&
               (prevch == '=' || strcmp(prev, "dispatch") == 0 || strcmp(prev, "minimize") == 0 ||
                has_word("if then else and or not", prev) || prevch == '(' || prevch == '+' || prevch == '-' ||
                prevch == '*' || prevch == '/' || prevch == '<' || prevch == '>')) {
        rule_words(&c, m, strcmp(prev, "minimize") == 0);
    } else if (open_at == (size_t)-1) {
        for (size_t i = 0; i < TK_COUNTOF(decl_words); i++) item(&c, decl_words[i], CK_KEYWORD, "declaration");
    } else {
        /* a purchase alternative's block, also on a line with other settings of its product */
        const char *block = in_routing ? "routing" : strcmp(kw2, "buy") == 0 ? "buy" : kw;
        settings_of(&c, block);
        if (strcmp(block, "order") == 0) entities(&c, m, ENT_PRODUCT);
    }
done:
    for (uint32_t i = 0; i < c.nseen; i++) tk_free(c.seen[i]);
    tk_free(c.seen);
    return json_pack("{s:b,s:o}", "isIncomplete", 0, "items", c.items);
}
