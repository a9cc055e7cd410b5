/* sema_batch.c: batch machines — a machine that runs several operations at
 * once in one cycle (a furnace, a curing oven, a burn-in rack): `capacity`
 * pieces per cycle (or `capacity N by ATTR`, each piece taking its product's
 * ATTR of it), a fixed `cycle`, `batch by ATTR` (only operations whose
 * products agree on ATTR share a cycle) and `fill` (the longest a cycle
 * waits for more work). docs/language.md, "Batch machines". What it checks
 * is what ir_lower() turns into IrBatch. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sema.h"

static Diags *D(Sema *s) { return &s->m->diags; }
static const char *S(Sema *s, Sym y) { return sym_str(&s->m->strs, y); }

/* A product attribute named by `by NAME` (E0414 if there is none); *ty its type. */
static int32_t product_attr(Sema *s, Sym name, Span at, const char *what)
{
    int32_t a = sema_attr_find(s, OWN_PRODUCT, name);
    if (a < 0) {
        Diag *g = diag_error(D(s), at, DIAG_UNKNOWN_ATTRIBUTE, "no product has an attribute '%s'", S(s, name));
        diag_hint(g, "%s", what);
        return -1;
    }
    s->attrs.data[a].used = true;
    return a;
}

void sema_batch_machine(Sema *s, SemMachine *mc, AstNode *seen[SET__COUNT])
{
    mc->batch_load_attr = mc->batch_by_attr = -1;
    AstNode *cap = seen[SET_CAPACITY], *cyc = seen[SET_CYCLE];
    mc->batch_meant = cap || cyc;
    if (seen[SET_BATCH] && !seen[SET_BATCH]->as.setting.by) {
        /* `batch 40`: the word a planner reaches for */
        Diag *g = diag_error(D(s), seen[SET_BATCH]->span, DIAG_BATCH_SETTINGS,
                             "'batch' is only 'batch by ATTRIBUTE' (which products may share a cycle)");
        diag_hint(g, "a batch machine's size is its 'capacity' and its time its 'cycle': capacity 40  cycle 8 h");
        return;
    }
    if (!cap && !cyc) {
        AstNode *other = seen[SET_FILL] ? seen[SET_FILL] : seen[SET_BATCH];
        if (other) {
            Diag *g = diag_error(D(s), other->as.setting.key_span, DIAG_BATCH_SETTINGS,
                                 "'%s' is a setting of a batch machine, which this is not",
                                 ast_setting_name(other->as.setting.key));
            diag_hint(g, "a batch machine has a 'capacity' per cycle and a 'cycle': capacity 40  cycle 8 h");
        }
        return;
    }
    if (!cap || !cyc) {
        AstNode *have = cap ? cap : cyc;
        Diag *g = diag_error(D(s), have->as.setting.key_span, DIAG_BATCH_SETTINGS,
                             "a batch machine needs both 'capacity' and 'cycle'; this one has no '%s'",
                             cap ? "cycle" : "capacity");
        diag_hint(g, "%s", cap ? "a batch machine runs cycles of several work orders: give the time of one, cycle 8 h "
                                 "(work orders side by side, each on its own, are 'units')"
                               : "how many pieces one cycle takes: capacity 40");
        return;
    }
    bool ok = true;
    if (seen[SET_SETUP] || seen[SET_EFFICIENCY]) {
        AstNode *x = seen[SET_SETUP] ? seen[SET_SETUP] : seen[SET_EFFICIENCY];
        Diag *g = diag_error(D(s), x->as.setting.key_span, DIAG_BATCH_SETTINGS,
                             "a batch machine has no '%s': its time is its cycle", ast_setting_name(x->as.setting.key));
        diag_hint(g, "give the whole cycle, loading and unloading included: cycle 8 h");
        ok = false;
    }
    double c;
    if (sema_value_num(s, cap, TYPE_NUMBER, "a number", "capacity is a plain number: of pieces, or of what 'by' names", &c)) {
        if (!(c > 0 && c <= 1e12)) {
            Diag *g = diag_error(D(s), cap->as.setting.value->span, DIAG_BAD_CAPACITY,
                                 "a batch machine's capacity must be more than 0 and at most 1e12");
            diag_hint(g, "how many pieces one cycle takes, e.g. capacity 40");
            ok = false;
        }
    } else ok = false;
    if (cap->as.setting.by) {
        mc->batch_load_attr = product_attr(s, cap->as.setting.by, cap->as.setting.by_span,
                                           "capacity 12 by racks: each piece of a product takes its 'racks' of the capacity");
        if (mc->batch_load_attr >= 0) {
            Type t = s->attrs.data[mc->batch_load_attr].ty;
            if (t.kind != TY_ERROR && !type_eq(t, TYPE_NUMBER)) {
                Diag *g = diag_error(D(s), cap->as.setting.by_span, DIAG_BAD_CAPACITY,
                                     "'%s' is not a plain number, so it cannot say how much of the capacity a piece takes",
                                     S(s, cap->as.setting.by));
                diag_hint(g, "give the products a number: racks 0.25");
                ok = false;
            }
        } else ok = false;
    }
    double cycle = 0, fill = 0;
    if (!sema_value_duration(s, cyc, &cycle)) ok = false;
    else if (!(cycle >= 1)) {
        Diag *g = diag_error(D(s), cyc->as.setting.value->span, DIAG_BATCH_SETTINGS, "a batch machine's cycle must be at least 1 min");
        diag_hint(g, "the time of one cycle, whatever is in it: cycle 8 h");
        ok = false;
    }
    if (seen[SET_FILL] && !sema_value_duration(s, seen[SET_FILL], &fill)) ok = false;
    if (seen[SET_BATCH]) {
        mc->batch_by_attr = product_attr(s, seen[SET_BATCH]->as.setting.by, seen[SET_BATCH]->as.setting.by_span,
                                         "batch by profile: only products with the same profile share a cycle");
        if (mc->batch_by_attr < 0) ok = false;
    }
    for (uint32_t k = 0; k < mc->nsetup_by; k++) {
        Diag *g = diag_error(D(s), mc->setup_by[k].span, DIAG_BATCH_SETTINGS, "a batch machine has no setups");
        diag_hint(g, "'batch by ATTRIBUTE' keeps what must not mix apart; the cycle includes loading");
        ok = false;
        break;
    }
    if (!ok) {
        mc->batch_load_attr = mc->batch_by_attr = -1;
        return;
    }
    mc->batch_cap = c;
    mc->batch_cycle = cycle;
    mc->batch_fill = fill;
}

/* The value of product attribute a for product p (0 if it has none). */
static double attr_num(const SemProduct *pr, int32_t a, bool *has)
{
    *has = false;
    for (uint32_t i = 0; i < pr->attrs.n; i++)
        if (pr->attrs.items[i].attr == a) {
            *has = true;
            return pr->attrs.items[i].num;
        }
    return 0;
}

bool sema_batch_step(Sema *s, const SemProduct *pr, const AstNode *st, const AstNode *alt, const SemMachine *mc,
                     uint32_t nalts, bool times, bool needs)
{
    const char *m = S(s, mc->name), *sn = S(s, st->as.step.name);
    if (nalts > 1) {
        Diag *g = diag_error(D(s), alt->span, DIAG_BATCH_STEP,
                             "step '%s' is on batch machine '%s' and on others: a batch machine is a step's only machine",
                             sn, m);
        diag_hint(g, "give the step one machine, or make the others batch machines of their own steps");
        return false;
    }
    if (times) {
        Diag *g = diag_error(D(s), st->as.step.name_span, DIAG_BATCH_STEP,
                             "step '%s' on batch machine '%s' has a setup or run time of its own", sn, m);
        diag_hint(g, "an operation on a batch machine takes the machine's cycle (%g min): remove setup and run",
                  mc->batch_cycle);
        return false;
    }
    if (needs) {
        Diag *g = diag_error(D(s), st->as.step.name_span, DIAG_BATCH_STEP,
                             "step '%s' on batch machine '%s' needs resources, which a batch machine's cycle does not hold",
                             sn, m);
        diag_hint(g, "put the work that needs people (loading, unloading) into a step of its own on another machine");
        return false;
    }
    if (mc->batch_load_attr >= 0) {
        bool has;
        double load = attr_num(pr, mc->batch_load_attr, &has);
        if (!(load > 0) || load > mc->batch_cap) {
            const char *an = S(s, s->attrs.data[mc->batch_load_attr].name);
            Diag *g;
            if (has) {
                g = diag_error(D(s), st->as.step.name_span, DIAG_BAD_CAPACITY,
                               "a piece of '%s' takes %g of batch machine '%s''s capacity of %g", S(s, pr->name), load,
                               m, mc->batch_cap);
                diag_hint(g, "each piece must take more than 0 and at most the capacity (its '%s')", an);
            } else {
                g = diag_error(D(s), st->as.step.name_span, DIAG_BAD_CAPACITY,
                               "product '%s' has no '%s', so it takes nothing of batch machine '%s''s capacity",
                               S(s, pr->name), an, m);
                diag_hint(g, "give the product its share of a cycle: %s 0.25", an);
            }
            return false;
        }
    }
    return true;
}
