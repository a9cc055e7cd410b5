/* sema.c: semantic analysis entry point. Collects every declaration of every
 * loaded file into one table of entities (duplicates are E0202), then runs
 * the passes in order:
 *
 *   sema_declarations()  settings, references, types and units of each block
 *   sema_structure()     cycles in BOMs, routings and calendars
 *   sema_warnings()      suspicious but legal models
 *
 * Names are looked up through an array indexed by Sym, so a lookup is O(1)
 * and checking stays linear in the size of the model. */
#include "sema.h"

#include <stdlib.h>
#include <string.h>

#include "units.h"

static const char *const kind_names[ENT__COUNT] = {"calendar", "machine", "material", "product", "rule", "resource"};

const char *entity_kind_name(EntityKind k) { return k < ENT__COUNT ? kind_names[k] : "?"; }

Sym sema_qualify(Sema *s, Sym ns, Sym name)
{
    if (!ns) return name;
    char *q = tk_fmt("%s.%s", sym_str(&s->m->strs, ns), sym_str(&s->m->strs, name));
    Sym r = intern_cstr(&s->m->strs, q);
    tk_free(q);
    return r;
}

static int32_t by_sym_get(Sema *s, Sym sym)
{
    return sym < s->nby_sym ? s->by_sym[sym] : -1;
}

static void by_sym_set(Sema *s, Sym sym, int32_t ent)
{
    if (sym >= s->nby_sym) {
        uint32_t n = s->m->strs.count + 64;
        if (n <= sym) n = sym + 64;
        s->by_sym = tk_xrealloc(s->by_sym, n * sizeof(int32_t));
        for (uint32_t i = s->nby_sym; i < n; i++) s->by_sym[i] = -1;
        s->nby_sym = n;
    }
    s->by_sym[sym] = ent;
}

int32_t sema_lookup(Sema *s, Sym ns, const AstNode *name)
{
    if (!name || name->kind != AST_NAME) return -1;
    if (!ns && name->as.name.n == 1) return by_sym_get(s, name->as.name.parts[0]); /* a plain name is its symbol */
    char buf[1024];
    const char *full = ast_name_str(name, &s->m->strs, buf, sizeof buf);
    size_t n = strlen(full);
    if (ns) {
        char qbuf[1200];
        int w = snprintf(qbuf, sizeof qbuf, "%s.%s", sym_str(&s->m->strs, ns), full);
        if (w > 0 && (size_t)w < sizeof qbuf) {
            Sym q = intern_find(&s->m->strs, qbuf, (size_t)w);
            int32_t e = q ? by_sym_get(s, q) : -1;
            if (e >= 0) return e;
        }
    }
    Sym sym = intern_find(&s->m->strs, full, n);
    return sym ? by_sym_get(s, sym) : -1;
}

/* Nearest entity name by edit distance. Hints are capped (nsuggest) so that a
 * model with thousands of unknown names still checks in linear time. */
const char *sema_suggest(Sema *s, const char *name, EntityKind kind, bool any_kind)
{
    if (s->nsuggest++ > 200) return NULL;
    size_t n = strlen(name);
    int limit = n <= 3 ? 1 : n <= 6 ? 2 : 3;
    int best = limit + 1;
    const char *res = NULL;
    for (uint32_t i = 0; i < s->entities.len; i++) {
        const Entity *e = &s->entities.data[i];
        if (!any_kind && e->kind != kind) continue;
        const char *cand = sym_str(&s->m->strs, e->name);
        int d = tk_edit_distance(name, cand, limit);
        if (d < best) {
            best = d;
            res = cand;
        }
    }
    return res;
}

FileId sema_file_ns(Sema *s, FileId f, Sym *ns)
{
    const Loader *l = &s->m->loader;
    for (uint32_t i = 0; i < l->files.len; i++)
        if (l->files.data[i].id == f) {
            *ns = l->files.data[i].ns;
            return f;
        }
    *ns = SYM_NONE;
    return f;
}

static void declare(Sema *s, EntityKind kind, AstNode *d, Sym ns, Sym name, Span name_span)
{
    Sym q = sema_qualify(s, ns, name);
    int32_t prev = by_sym_get(s, q);
    if (prev >= 0) {
        const Entity *pe = &s->entities.data[prev];
        Diag *g = diag_error(&s->m->diags, name_span, DIAG_DUPLICATE, "%s '%s' is defined twice",
                             d->kind == AST_SUBCONTRACTOR ? "subcontractor" : entity_kind_name(kind),
                             sym_str(&s->m->strs, q));
        if (pe->kind != kind)
            diag_hint(g, "a %s and a %s cannot share a name", entity_kind_name(pe->kind), entity_kind_name(kind));
        diag_note(g, pe->span, "'%s' was first defined here, as a %s", sym_str(&s->m->strs, q),
                  entity_kind_name(pe->kind));
        return;
    }
    Entity e;
    memset(&e, 0, sizeof e);
    e.kind = kind;
    e.name = q;
    e.ns = ns;
    e.span = name_span;
    e.decl = d;
    switch (kind) {
    case ENT_CALENDAR: {
        SemCalendar c;
        memset(&c, 0, sizeof c);
        c.name = q;
        c.span = name_span;
        c.base = -1;
        c.library = ns != SYM_NONE;
        e.index = (int32_t)s->calendars.len;
        vec_push(&s->calendars, c);
        break;
    }
    case ENT_MACHINE: {
        SemMachine mc;
        memset(&mc, 0, sizeof mc);
        mc.name = q;
        mc.span = name_span;
        mc.units = 1;
        mc.calendar = -1;
        mc.split = -1;
        mc.efficiency = 1;
        mc.cost_const = true;
        mc.subcontract = d->kind == AST_SUBCONTRACTOR;
        e.index = (int32_t)s->machines.len;
        vec_push(&s->machines, mc);
        break;
    }
    case ENT_MATERIAL: {
        SemMaterial mt;
        memset(&mt, 0, sizeof mt);
        mt.name = q;
        mt.span = name_span;
        mt.uom_scale = 1;
        mt.receiving = -1;
        e.index = (int32_t)s->materials.len;
        vec_push(&s->materials, mt);
        break;
    }
    case ENT_PRODUCT: {
        SemProduct pr;
        memset(&pr, 0, sizeof pr);
        pr.name = q;
        pr.span = name_span;
        e.index = (int32_t)s->products.len;
        vec_push(&s->products, pr);
        break;
    }
    case ENT_RULE: {
        SemRule r;
        memset(&r, 0, sizeof r);
        r.name = q;
        r.span = name_span;
        r.body = d->as.rule.body;
        r.library = ns != SYM_NONE;
        r.entity = (int32_t)s->entities.len;
        e.index = (int32_t)s->rules.len;
        vec_push(&s->rules, r);
        break;
    }
    case ENT_RESOURCE: {
        SemResource r;
        memset(&r, 0, sizeof r);
        r.name = q;
        r.span = name_span;
        r.units = 1;
        r.calendar = -1;
        e.index = (int32_t)s->resources.len;
        vec_push(&s->resources, r);
        break;
    }
    case ENT__COUNT: TK_UNREACHABLE();
    }
    by_sym_set(s, q, (int32_t)s->entities.len);
    vec_push(&s->entities, e);
}

static void declare_order(Sema *s, AstNode *d)
{
    Sym name = d->as.decl.name;
    if (name < s->norder_by_sym && s->order_by_sym[name] >= 0) {
        const SemOrder *po = &s->orders.data[s->order_by_sym[name]];
        Diag *g = diag_error(&s->m->diags, d->as.decl.name_span, DIAG_DUPLICATE, "order '%s' is defined twice",
                             sym_str(&s->m->strs, name));
        diag_note(g, po->span, "'%s' was first defined here", sym_str(&s->m->strs, name));
        return;
    }
    if (name >= s->norder_by_sym) {
        uint32_t n = s->m->strs.count + 64;
        s->order_by_sym = tk_xrealloc(s->order_by_sym, n * sizeof(int32_t));
        for (uint32_t i = s->norder_by_sym; i < n; i++) s->order_by_sym[i] = -1;
        s->norder_by_sym = n;
    }
    SemOrder o;
    memset(&o, 0, sizeof o);
    o.name = name;
    o.span = d->as.decl.name_span;
    o.product = -1;
    o.priority = 1;
    s->order_by_sym[name] = (int32_t)s->orders.len;
    vec_push(&s->orders, o);
}

static void collect(Sema *s)
{
    const Loader *l = &s->m->loader;
    AstNode *first_plant = NULL, *first_schedule = NULL;
    for (uint32_t f = 0; f < l->files.len; f++) {
        AstNode *root = l->files.data[f].root;
        Sym ns = l->files.data[f].ns;
        if (!root) continue;
        for (uint32_t i = 0; i < root->as.file.items.len; i++) {
            AstNode *d = root->as.file.items.items[i];
            switch ((AstKind)d->kind) {
            case AST_CALENDAR: declare(s, ENT_CALENDAR, d, ns, d->as.decl.name, d->as.decl.name_span); break;
            case AST_MACHINE: case AST_SUBCONTRACTOR:
                declare(s, ENT_MACHINE, d, ns, d->as.decl.name, d->as.decl.name_span);
                break;
            case AST_RESOURCE: declare(s, ENT_RESOURCE, d, ns, d->as.decl.name, d->as.decl.name_span); break;
            case AST_MATERIAL: declare(s, ENT_MATERIAL, d, ns, d->as.decl.name, d->as.decl.name_span); break;
            case AST_PRODUCT: declare(s, ENT_PRODUCT, d, ns, d->as.decl.name, d->as.decl.name_span); break;
            case AST_RULE: declare(s, ENT_RULE, d, ns, d->as.rule.name, d->as.rule.name_span); break;
            case AST_ORDER: declare_order(s, d); break;
            case AST_PLANT:
                if (first_plant) {
                    Diag *g = diag_error(&s->m->diags, d->as.decl.name_span, DIAG_PLANT_COUNT,
                                         "a model has one plant block; this is a second");
                    diag_note(g, first_plant->as.decl.name_span, "the first plant block is here");
                } else first_plant = d;
                break;
            case AST_SCHEDULE:
                if (first_schedule) {
                    Diag *g = diag_error(&s->m->diags, d->as.decl.name_span, DIAG_DUPLICATE,
                                         "a model has one schedule block; this is a second");
                    diag_note(g, first_schedule->as.decl.name_span, "the first schedule block is here");
                } else first_schedule = d;
                break;
            default: break;
            }
        }
    }
    if (!first_plant) {
        /* Point at the root file's start: there is no better place. */
        FileId root = l->files.len ? l->files.data[0].id : 0;
        bool syntax = false;
        for (uint32_t i = 0; i < s->m->diags.len; i++) {
            DiagCode c = s->m->diags.items[i].code;
            if (c == DIAG_SYNTAX || c == DIAG_UNTERMINATED_STRING || c == DIAG_UNTERMINATED_COMMENT) syntax = true;
        }
        if (root && l->files.data[0].root && !syntax) {
            Span sp = {root, 0, 0};
            Diag *g = diag_error(&s->m->diags, sp, DIAG_PLANT_COUNT, "the model has no plant block");
            diag_hint(g, "every model needs one, e.g. plant \"Works\" { start 2026-01-05 06:00 horizon 8 weeks }");
        }
    }
}

/* With no currency in the plant block, the model's currency is that of its
 * first amount of money in source order (files in load order). */
typedef struct MoneyFind {
    Sema *s;
    const Unit *unit;
    Span at;
} MoneyFind;

static bool find_money(AstNode *n, void *ctx)
{
    MoneyFind *mf = ctx;
    if (n->kind == AST_SETTING && n->as.setting.key == SET_CURRENCY) return true;
    if (n->kind != AST_NUM || !n->as.num.unit) return true;
    const char *u = sym_str(&mf->s->m->strs, n->as.num.unit);
    int8_t dim[DIM__COUNT];
    double scale;
    const Unit *cur;
    if (unit_parse(u, strlen(u), dim, &scale, &cur) && cur) {
        mf->unit = cur;
        mf->at = n->as.num.unit_span;
        return false;
    }
    return true;
}

static void first_currency(Sema *s)
{
    const Loader *l = &s->m->loader;
    for (uint32_t f = 0; f < l->files.len; f++) {
        AstNode *root = l->files.data[f].root;
        if (!root) continue;
        for (uint32_t i = 0; i < root->as.file.items.len; i++) {
            AstNode *d = root->as.file.items.items[i];
            if (d->kind != AST_PLANT) continue;
            for (uint32_t k = 0; k < d->as.decl.items.len; k++) {
                AstNode *it = d->as.decl.items.items[k];
                if (it->kind == AST_SETTING && it->as.setting.key == SET_CURRENCY) return; /* the plant decides */
            }
        }
    }
    MoneyFind mf = {s, NULL, {0, 0, 0}};
    for (uint32_t f = 0; f < l->files.len && !mf.unit; f++) ast_visit(l->files.data[f].root, find_money, &mf);
    if (mf.unit) {
        s->plant.currency = intern_cstr(&s->m->strs, mf.unit->name);
        s->currency_at = mf.at;
    }
}

void sema_free(Sema *s)
{
    if (!s) return;
    vec_free(&s->entities);
    vec_free(&s->attrs);
    tk_free(s->by_sym);
    tk_free(s->order_by_sym);
    vec_free(&s->calendars);
    vec_free(&s->machines);
    vec_free(&s->resources);
    vec_free(&s->materials);
    vec_free(&s->products);
    vec_free(&s->orders);
    vec_free(&s->forecasts);
    vec_free(&s->histories);
    vec_free(&s->rules);
    vec_free(&s->measures);
    tk_big_free(s->actuals.data); /* sema_decls.c: actuals_reserve */
    vec_free(&s->received);
    vec_free(&s->pins);
    vec_free(&s->firms);
    tk_free(s);
}

bool sema_check(Model *m)
{
    Sema *s = tk_xalloc(sizeof(Sema));
    memset(s, 0, sizeof *s);
    s->m = m;
    m->sema = s;
    s->plant.horizon = 26 * 7 * 1440;
    s->plant.time_unit = 1;
    s->plant.split = true;
    s->plant.receiving = -1;
    s->schedule.threads = 0; /* not set: the search's default */
    s->now = -1;
    s->schedule.frozen = -1;
    collect(s);
    first_currency(s);
    sema_declarations(s);
    sema_structure(s);
    sema_warnings(s);
    return !diag_has_errors(&m->diags);
}
