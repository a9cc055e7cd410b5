/* ir_print.c: the IR as stable, readable text (takt plan --emit=ir). Every
 * table in declaration order; calendars as their working intervals; rule
 * code one instruction a line, as %N = op operands. */
#include <string.h>

#include "esc.h"
#include "ir.h"

static const char *const op_names[] = {
#define IR_OP(name, nargs, desc) #name,
#include "ir_ops.def"
#undef IR_OP
};
static const int op_arity[] = {
#define IR_OP(name, nargs, desc) nargs,
#include "ir_ops.def"
#undef IR_OP
};

const char *ir_op_name(IrOp op) { return op < IR__COUNT ? op_names[op] : "?"; }
int ir_op_arity(IrOp op) { return op < IR__COUNT ? op_arity[op] : 0; }

static const char *const table_names[ATAB__COUNT] = {"job", "prev", "order", "machine", "measure"};

static void put_dt(StrBuf *o, int64_t t)
{
    char b[32];
    fmt_datetime(b, sizeof b, t);
    sb_puts(o, b);
}

static void put_num(StrBuf *o, double v)
{
    char b[40];
    fmt_double(b, sizeof b, v);
    sb_puts(o, b);
}

static void put_value(const IrModel *ir, StrBuf *o, uint8_t type, double v)
{
    if (type == TY_STRING) json_escape(o, sym_str(ir->strs, (Sym)v));
    else if (type == TY_BOOL) sb_puts(o, v != 0 ? "true" : "false");
    else if (type == TY_DATETIME) put_dt(o, (int64_t)v);
    else put_num(o, v);
}

static void put_attrs(const IrModel *ir, StrBuf *o, IrAttrTable t, const double *row)
{
    for (uint32_t i = 0; i < ir->nattrs[t]; i++) {
        sb_printf(o, "  attr %s ", ir->attr_names[t][i]);
        put_value(ir, o, ir->attr_types[t][i], row[i]);
        sb_putc(o, '\n');
    }
}

static void put_lot(StrBuf *o, IrLot l)
{
    if (l.fixed) sb_puts(o, " lot "), put_num(o, l.fixed);
    if (l.min) sb_puts(o, " min_order "), put_num(o, l.min);
    if (l.multiple) sb_puts(o, " multiple "), put_num(o, l.multiple);
    if (l.max) sb_puts(o, " max_lot "), put_num(o, l.max);
}

/* A material's receipts or issues, a line each: what, how much, when. */
static void put_moves(StrBuf *o, const char *what, const char *idkw, const IrReceipt *v, uint32_t n)
{
    for (uint32_t k = 0; k < n; k++) {
        sb_printf(o, "  %s ", what);
        put_num(o, v[k].qty);
        sb_puts(o, " at ");
        put_dt(o, v[k].at);
        if (v[k].id) {
            sb_printf(o, " %s ", idkw);
            json_escape(o, v[k].id); /* a note: any text */
        }
        sb_putc(o, '\n');
    }
}

void ir_print_func(const IrModel *ir, const IrFunc *f, StrBuf *o)
{
    (void)ir;
    sb_printf(o, "func \"%s\" (%u instructions)\n", f->name, f->n);
    for (uint32_t i = 0; i < f->n; i++) {
        const IrIns *in = &f->ins[i];
        IrOp op = (IrOp)in->op;
        if (op == IR_RET) {
            sb_printf(o, "  ret %%%d\n", in->a);
            continue;
        }
        sb_printf(o, "  %%%u = %s", i, ir_op_name(op));
        for (char *p = o->data + o->len - strlen(ir_op_name(op)); *p; p++)
            if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
        switch (op) {
        case IR_CONST: sb_putc(o, ' '), put_num(o, in->k); break;
        case IR_VAR: sb_printf(o, " %s", rule_var_name((RuleVar)in->a)); break;
        case IR_ATTR: sb_printf(o, " %s.%s", table_names[in->obj], ir->attr_names[in->obj][in->a]); break;
        default: {
            int n = ir_op_arity(op);
            int32_t ops[3] = {in->a, in->b, in->c};
            for (int k = 0; k < n; k++) sb_printf(o, "%s%%%d", k ? ", " : " ", ops[k]);
        }
        }
        if (op == IR_VAR) {
            /* show which object the value belongs to */
            static const char *const objw[] = {"", "order", "job", "operation", "machine", "prev", "plan"};
            RuleObject obj = rule_var_object((RuleVar)in->a);
            if (obj != OBJ_NONE) {
                /* rewrite "var due" as "var order.due" */
                size_t nl = strlen(rule_var_name((RuleVar)in->a));
                o->len -= nl;
                o->data[o->len] = 0;
                sb_printf(o, "%s.%s", objw[obj], rule_var_name((RuleVar)in->a));
            }
        }
        sb_putc(o, '\n');
    }
}

void ir_print(const IrModel *ir, StrBuf *o)
{
    sb_puts(o, "ir 1\n");
    sb_puts(o, "plant ");
    json_escape(o, ir->plant_name);
    sb_puts(o, " start ");
    put_dt(o, ir->start);
    sb_puts(o, " end ");
    put_dt(o, ir->end);
    sb_printf(o, " currency %s split %s\n", ir->currency, ir->split ? "true" : "false");
    for (uint32_t i = 0; i < ir->ncalendars; i++) {
        const IrCalendar *c = &ir->calendars[i];
        sb_printf(o, "calendar %s intervals %u working_minutes %lld longest %lld\n", c->name, c->n,
                  (long long)c->cum[c->n], (long long)c->longest);
        for (uint32_t k = 0; k < c->n; k++) {
            sb_puts(o, "  ");
            put_dt(o, c->iv[k].lo);
            sb_puts(o, " ");
            put_dt(o, c->iv[k].hi);
            sb_putc(o, '\n');
        }
    }
    for (uint32_t i = 0; i < ir->nmachines; i++) {
        const IrMachine *m = &ir->machines[i];
        if (m->subcontract) {
            sb_printf(o, "subcontractor %s lead %lld calendar %s cost_each ", m->name, (long long)m->lead,
                      m->calendar >= 0 ? ir->calendars[m->calendar].name : "-");
            put_num(o, m->sub_each);
            sb_puts(o, " cost_per_operation ");
            put_num(o, m->sub_fixed);
            sb_putc(o, '\n');
            continue;
        }
        sb_printf(o, "machine %s units %u calendar %s split %s", m->name, m->units,
                  m->calendar >= 0 ? ir->calendars[m->calendar].name : "-", m->split ? "true" : "false");
        if (m->cost_fn >= 0) sb_printf(o, " cost func \"%s\"", ir->funcs[m->cost_fn].name);
        else sb_puts(o, " cost_per_min "), put_num(o, m->cost_rate);
        if (m->setup_fn >= 0) sb_printf(o, " setup func \"%s\"", ir->funcs[m->setup_fn].name);
        if (m->batch_cap > 0) {
            sb_puts(o, " batch capacity ");
            put_num(o, m->batch_cap);
            if (m->batch_load >= 0) sb_printf(o, " by %s", ir->attr_names[ATAB_JOB][m->batch_load]);
            sb_puts(o, " cycle ");
            put_num(o, m->batch_cycle);
            sb_puts(o, " fill ");
            put_num(o, m->batch_fill);
            if (m->batch_by >= 0) sb_printf(o, " by %s", ir->attr_names[ATAB_JOB][m->batch_by]);
        }
        sb_putc(o, '\n');
        for (uint32_t k = 0; k < m->nsetup_by; k++) {
            const IrSetupBy *b = &m->setup_by[k];
            sb_printf(o, "  setup_by %s same ", ir->attr_names[ATAB_JOB][b->attr]);
            put_num(o, b->same);
            sb_puts(o, " change ");
            put_num(o, b->change);
            sb_puts(o, " first ");
            put_num(o, b->first);
            sb_putc(o, '\n');
            for (uint32_t q = 0; q < b->npairs; q++) {
                sb_puts(o, "    pair ");
                put_value(ir, o, TY_STRING, b->pairs[q].from);
                sb_puts(o, " -> ");
                put_value(ir, o, TY_STRING, b->pairs[q].to);
                sb_putc(o, ' ');
                put_num(o, b->pairs[q].minutes);
                sb_putc(o, '\n');
            }
        }
        put_attrs(ir, o, ATAB_MACHINE, m->attrs);
    }
    for (uint32_t i = 0; i < ir->npools; i++) {
        const IrPool *pl = &ir->pools[i];
        sb_printf(o, "resource %s units %u calendar %s cost_per_min ", pl->name, pl->units,
                  pl->calendar >= 0 ? ir->calendars[pl->calendar].name : "-");
        put_num(o, pl->cost_rate);
        sb_putc(o, '\n');
    }
    for (uint32_t i = 0; i < ir->nmaterials; i++) {
        const IrMaterial *m = &ir->materials[i];
        sb_printf(o, "material %s unit %s cost ", m->name, m->uom);
        put_num(o, m->cost);
        sb_puts(o, " stock ");
        put_num(o, m->stock);
        sb_puts(o, " safety ");
        put_num(o, m->safety);
        sb_printf(o, " lead %lld", (long long)m->lead);
        put_lot(o, m->lot);
        if (m->consolidate) sb_printf(o, " consolidate %lld", (long long)m->consolidate);
        if (m->receiving >= 0) sb_printf(o, " receiving %s", ir->calendars[m->receiving].name);
        sb_putc(o, '\n');
        put_moves(o, "receipt", "id", m->receipts, m->nreceipts);
        put_moves(o, "issued", "note", m->issues, m->nissues);
    }
    for (uint32_t i = 0; i < ir->nproducts; i++) {
        const IrProduct *p = &ir->products[i];
        sb_printf(o, "product %s level %d stock ", p->name, p->level);
        put_num(o, p->stock);
        put_lot(o, p->lot);
        sb_putc(o, '\n');
        put_attrs(ir, o, ATAB_JOB, p->attrs);
        if (p->buy) {
            static const char *const pol[] = {"make", "in_time", "cheapest", "buy"};
            sb_printf(o, "  buy source %s price ", pol[p->source]);
            put_num(o, p->buy->price);
            sb_printf(o, " lead %lld", (long long)p->buy->lead);
            put_lot(o, p->buy->lot);
            if (p->buy->receiving >= 0) sb_printf(o, " receiving %s", ir->calendars[p->buy->receiving].name);
            if (p->buy->supplier) sb_puts(o, " supplier "), json_escape(o, p->buy->supplier);
            sb_putc(o, '\n');
        }
        for (uint32_t k = 0; k < p->nbom; k++) {
            const IrBomLine *b = &p->bom[k];
            sb_printf(o, "  bom %s %s ", b->is_product ? "product" : "material",
                      b->is_product ? ir->products[b->item].name : ir->materials[b->item].name);
            put_num(o, b->qty);
            if (b->scrap > 0) sb_puts(o, " scrap "), put_num(o, b->scrap);
            sb_putc(o, '\n');
        }
        for (uint32_t k = 0; k < p->nsteps; k++) {
            const IrStep *st = &p->steps[k];
            sb_printf(o, "  step %s after", st->name);
            if (!st->npreds) sb_puts(o, " -");
            for (uint32_t q = 0; q < st->npreds; q++) sb_printf(o, "%s%s", q ? "," : " ", p->steps[st->preds[q]].name);
            if (st->wait) sb_puts(o, " wait "), put_num(o, st->wait);
            if (st->scrap > 0) sb_puts(o, " scrap "), put_num(o, st->scrap);
            if (st->within >= 0) sb_puts(o, " within "), put_num(o, st->within);
            if (st->transfer > 0) sb_puts(o, " transfer "), put_num(o, st->transfer);
            if (st->sublot) sb_puts(o, " sublot "), put_num(o, st->sublot);
            if (st->sublots) sb_printf(o, " sublots %u", st->sublots);
            sb_putc(o, '\n');
            for (uint32_t q = 0; q < st->nalts; q++) {
                const IrAlt *a = &st->alts[q];
                sb_printf(o, "    on %s setup ", ir->machines[a->machine].name);
                put_num(o, a->setup);
                sb_puts(o, " run ");
                put_num(o, a->run);
                sb_puts(o, a->per_piece ? " per_piece\n" : " per_operation\n");
                for (uint32_t k2 = 0; k2 < a->nneeds; k2++) {
                    const IrNeed *nd = &a->needs[k2];
                    sb_puts(o, "      with");
                    for (uint32_t q2 = 0; q2 < nd->nalts; q2++)
                        sb_printf(o, "%s%u %s", q2 ? " | " : " ", nd->alts[q2].count, ir->pools[nd->alts[q2].pool].name);
                    sb_puts(o, nd->setup_only ? " for setup\n" : "\n");
                }
            }
        }
    }
    for (uint32_t i = 0; i < ir->norders; i++) {
        const IrOrder *r = &ir->orders[i];
        sb_puts(o, "order ");
        esc_text(o, r->name);
        sb_printf(o, " product %s qty ", ir->products[r->product].name);
        put_num(o, r->qty);
        sb_puts(o, " due ");
        put_dt(o, r->due);
        sb_puts(o, " release ");
        put_dt(o, r->release);
        sb_puts(o, " priority ");
        put_num(o, r->priority);
        sb_puts(o, " penalty_per_min ");
        put_num(o, r->penalty);
        sb_putc(o, '\n');
        put_attrs(ir, o, ATAB_ORDER, r->attrs);
    }
    for (uint32_t i = 0; i < ir->nforecasts; i++) {
        const IrForecast *f = &ir->forecasts[i];
        sb_printf(o, "forecast %s\n", ir->products[f->product].name);
        for (uint32_t k = 0; k < f->nperiods; k++) {
            sb_puts(o, "  period ");
            put_dt(o, f->periods[k].from);
            sb_puts(o, " ");
            put_dt(o, f->periods[k].to);
            sb_puts(o, " qty ");
            put_num(o, f->periods[k].qty);
            sb_putc(o, '\n');
        }
    }
    if (ir->now >= 0) {
        sb_puts(o, "actuals now ");
        put_dt(o, ir->now);
        sb_putc(o, '\n');
    }
    for (uint32_t i = 0; i < ir->nactuals; i++) {
        const IrActual *a = &ir->actuals[i];
        sb_puts(o, "  op ");
        esc_text(o, a->wo);
        sb_printf(o, " %s", ir->products[a->product].steps[a->step].name);
        if (a->sub) sb_printf(o, "#%d", a->sub);
        sb_printf(o, " machine %s unit %u start ", ir->machines[a->machine].name, a->unit + 1);
        put_dt(o, a->start);
        if (a->end >= 0) {
            sb_puts(o, " end ");
            put_dt(o, a->end);
        } else sb_puts(o, " running");
        sb_puts(o, " good ");
        put_num(o, a->good);
        sb_puts(o, " scrap ");
        put_num(o, a->scrap);
        if (a->setup >= 0) {
            sb_puts(o, " setup ");
            put_num(o, a->setup);
        }
        for (uint32_t k = 0; k < a->nuses; k++) {
            sb_printf(o, " used %s ", a->uses[k].is_product ? ir->products[a->uses[k].item].name
                                                             : ir->materials[a->uses[k].item].name);
            put_num(o, a->uses[k].qty);
        }
        sb_putc(o, '\n');
    }
    for (uint32_t i = 0; i < ir->npins; i++) {
        const IrPin *pn = &ir->pins[i];
        sb_puts(o, "pin ");
        esc_text(o, pn->wo);
        sb_printf(o, " %s", ir->products[pn->product].steps[pn->step].name);
        if (pn->sub) sb_printf(o, "#%d", pn->sub);
        sb_printf(o, " machine %s", ir->machines[pn->machine].name);
        if (pn->unit >= 0) sb_printf(o, " unit %d", pn->unit + 1);
        if (pn->start >= 0) sb_puts(o, " start "), put_dt(o, pn->start);
        sb_putc(o, '\n');
    }
    for (uint32_t i = 0; i < ir->nfirms; i++) {
        sb_puts(o, "firm ");
        esc_text(o, ir->firms[i].wo);
        sb_putc(o, '\n');
    }
    if (ir->frozen >= 0) sb_printf(o, "frozen %lld\n", (long long)ir->frozen);
    sb_puts(o, "schedule dispatch ");
    if (!ir->ndispatch) sb_puts(o, "fifo");
    for (uint32_t k = 0; k < ir->ndispatch; k++) sb_puts(o, k ? " then func" : "func");
    sb_puts(o, " objective ");
    if (!ir->nobjectives) sb_puts(o, "makespan");
    for (uint32_t k = 0; k < ir->nobjectives; k++) sb_puts(o, k ? " then func" : "func");
    sb_puts(o, " search_seconds ");
    put_num(o, ir->search_seconds);
    sb_printf(o, " iterations %lld seed %llu threads %d\n", (long long)ir->iterations,
              (unsigned long long)ir->seed, ir->threads);
    for (uint32_t i = 0; i < ir->nmeasures; i++) {
        const IrMeasure *m = &ir->measures[i];
        sb_printf(o, "measure %s %s of %s by ", m->name, rule_var_name((RuleVar)m->var), m->by_order ? "orders" : "operations");
        if (m->machine >= 0) sb_printf(o, "machine %s\n", ir->machines[m->machine].name);
        else sb_printf(o, "func %s\n", ir->funcs[m->where_fn].name);
    }
    for (uint32_t i = 0; i < ir->nfuncs; i++) ir_print_func(ir, &ir->funcs[i], o);
}
