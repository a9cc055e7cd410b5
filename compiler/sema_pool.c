/* sema_pool.c: resources — pools of people or tools with units, a calendar
 * and a cost of their own — the `with` clauses of routing steps that need
 * them, and machine efficiency (docs/language.md, "resource" and
 * "machine"). What it builds (SemResource, SemNeed, efficiencies) is what
 * ir_lower() turns into IrPool and IrNeed. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sema.h"

static Diags *D(Sema *s) { return &s->m->diags; }
static const char *S(Sema *s, Sym y) { return sym_str(&s->m->strs, y); }

#define MAX_POOL_UNITS 100000

void sema_check_resource(Sema *s, AstNode *d, Sym ns)
{
    Sym q = sema_qualify(s, ns, d->as.decl.name);
    int32_t e = q < s->nby_sym ? s->by_sym[q] : -1;
    if (e < 0 || s->entities.data[e].decl != d) return; /* a duplicate, reported */
    int32_t idx = s->entities.data[e].index;
    AstNode *seen[SET__COUNT];
    sema_gather_settings(s, AST_RESOURCE, &d->as.decl.items, seen);
    int64_t units;
    if (seen[SET_UNITS] && sema_value_int(s, seen[SET_UNITS], 1, &units)) {
        if (units > MAX_POOL_UNITS)
            diag_error(D(s), seen[SET_UNITS]->as.setting.value->span, DIAG_BAD_VALUE, "more than %d units",
                       MAX_POOL_UNITS);
        else s->resources.data[idx].units = (uint32_t)units;
    }
    if (seen[SET_CALENDAR]) {
        int32_t c = sema_resolve_entity(s, ns, seen[SET_CALENDAR]->as.setting.value, ENT_CALENDAR,
                                        DIAG_UNKNOWN_CALENDAR, "calendar");
        s->resources.data[idx].calendar = c;
        if (c >= 0) s->calendars.data[c].used = true;
    }
    double rate;
    if (seen[SET_COST] &&
        sema_value_num(s, seen[SET_COST], TYPE_MONEY_RATE, "money per hour", "write a rate, e.g. 45 EUR/h", &rate)) {
        if (rate < 0) diag_error(D(s), seen[SET_COST]->as.setting.value->span, DIAG_NEGATIVE, "a cost rate must not be negative");
        else s->resources.data[idx].cost_rate = rate;
    }
    for (uint32_t i = 0; i < d->as.decl.items.len; i++) {
        AstNode *it = d->as.decl.items.items[i];
        if (it->kind != AST_SETTING) sema_not_allowed(s, it, AST_RESOURCE);
    }
}

bool sema_efficiency(Sema *s, AstNode *setting, double *out)
{
    double x;
    if (!sema_value_num(s, setting, TYPE_NUMBER, "a percentage", "write it as a percentage, e.g. efficiency 70%", &x))
        return false;
    if (!(x >= 0.01 && x <= 10)) {
        Diag *g = diag_error(D(s), setting->as.setting.value->span, DIAG_BAD_EFFICIENCY,
                             "an efficiency must be from 1%% to 1000%%");
        AstNode *v = setting->as.setting.value;
        if (v->kind == AST_NUM && v->as.num.unit == SYM_NONE && x > 10 && x <= 1000)
            diag_hint(g, "a plain number is a fraction: write %g%%", x);
        else diag_hint(g, "70%% means the machine needs 1/0.7 of the run time; 100%% is the routing's time");
        return false;
    }
    *out = x;
    return true;
}

/* The count of a pool alternative: a whole number from 1 */
static bool need_count(Sema *s, AstNode *count, uint32_t *out)
{
    *out = 1;
    if (!count) return true;
    double x = count->as.num.value;
    if (!(x >= 1 && x <= MAX_POOL_UNITS) || x != floor(x)) {
        diag_error(D(s), count->span, DIAG_BAD_VALUE, "a step needs a whole number of units, from 1 to %d",
                   MAX_POOL_UNITS);
        return false;
    }
    *out = (uint32_t)x;
    return true;
}

static bool pool_in(const SemNeed *needs, uint32_t n, int32_t pool, Span *where)
{
    for (uint32_t k = 0; k < n; k++)
        for (uint32_t a = 0; a < needs[k].nalts; a++)
            if (needs[k].alts[a].pool == pool) {
                *where = needs[k].alts[a].span;
                return true;
            }
    return false;
}

void sema_needs(Sema *s, Sym ns, const AstList *clauses, SemNeed **needs, uint32_t *n)
{
    uint32_t more = 0;
    for (uint32_t i = 0; i < clauses->len; i++)
        if (clauses->items[i]->kind == AST_WITH) more += clauses->items[i]->as.with.needs.len;
    if (!more) return;
    SemNeed *out = arena_alloc(&s->m->arena, (*n + more) * sizeof(SemNeed));
    if (*n) memcpy(out, *needs, *n * sizeof(SemNeed));
    uint32_t len = *n;
    for (uint32_t i = 0; i < clauses->len; i++) {
        const AstNode *w = clauses->items[i];
        if (w->kind != AST_WITH) continue;
        for (uint32_t k = 0; k < w->as.with.needs.len; k++) {
            const AstNode *nd = w->as.with.needs.items[k];
            SemNeed need;
            memset(&need, 0, sizeof need);
            need.setup_only = nd->as.need.setup_only;
            need.span = nd->span;
            need.alts = arena_alloc(&s->m->arena, nd->as.need.alts.len * sizeof(SemPoolAlt));
            for (uint32_t a = 0; a < nd->as.need.alts.len; a++) {
                const AstNode *pa = nd->as.need.alts.items[a];
                SemPoolAlt alt = {-1, 1, pa->span};
                alt.pool = sema_resolve_entity(s, ns, pa->as.pool_alt.pool, ENT_RESOURCE, DIAG_UNKNOWN_RESOURCE,
                                               "resource");
                bool ok = need_count(s, pa->as.pool_alt.count, &alt.count);
                if (alt.pool < 0 || !ok) continue;
                SemResource *r = &s->resources.data[alt.pool];
                r->used = true;
                Span first;
                if (pool_in(out, len, alt.pool, &first) || pool_in(&need, 1, alt.pool, &first)) {
                    Diag *g = diag_error(D(s), pa->span, DIAG_RESOURCE_TWICE,
                                         "resource '%s' is needed twice by one operation", S(s, r->name));
                    diag_note(g, first, "first needed here");
                    diag_hint(g, "ask for several units in one need: with 2 %s", S(s, r->name));
                    continue;
                }
                if (alt.count > r->units) {
                    Diag *g = diag_error(D(s), pa->span, DIAG_NEED_EXCEEDS_POOL,
                                         "the step needs %u units of '%s', which has %u", alt.count, S(s, r->name),
                                         r->units);
                    diag_note(g, r->span, "'%s' is defined here", S(s, r->name));
                    continue;
                }
                need.alts[need.nalts++] = alt;
            }
            if (!need.nalts) continue;
            if (len >= SEM_MAX_NEEDS) {
                Diag *g = diag_error(D(s), nd->span, DIAG_TOO_MANY_NEEDS,
                                     "an operation may need at most %d resources", SEM_MAX_NEEDS);
                diag_hint(g, "model a crew that always works together as one resource");
                continue;
            }
            uint64_t combos = need.nalts;
            for (uint32_t q = 0; q < len; q++) combos *= out[q].nalts;
            if (combos > SEM_MAX_NEED_COMBOS) {
                Diag *g = diag_error(D(s), nd->span, DIAG_TOO_MANY_NEEDS,
                                     "an operation's resource alternatives make %llu combinations, more than %d",
                                     (unsigned long long)combos, SEM_MAX_NEED_COMBOS);
                diag_hint(g, "fewer alternatives per need, or fewer needs with alternatives");
                continue;
            }
            out[len++] = need;
        }
    }
    *needs = out;
    *n = len;
}
