/* test_sema.c: what the checker computes — values in base units, defaults,
 * references — and which mistakes it reports. */
#include <stdlib.h>
#include <string.h>

#include "test.h"

#define PLANT "plant \"P\" { start 2026-12-01 06:00  horizon 4 weeks  currency EUR }\n"

static Model *ok(const char *src)
{
    Model *m = test_check(src);
    if (m->diags.nerrors) {
        char *r = test_render(m);
        fprintf(stderr, "\nunexpected errors:\n%s", r);
        free(r);
    }
    CU_ASSERT_EQUAL(m->diags.nerrors, 0);
    return m;
}

static void plant_and_orders(void)
{
    Model *m = ok(PLANT "machine saw { }\nproduct p { routing { cut on saw run 1 min each } }\n"
                        "order \"A\" { p 5 due 2026-12-10 }\n"
                        "order \"B\" { p 2 due 2026-12-10 14:00  release 2026-12-03  priority 3  penalty 24 EUR/day }\n");
    Sema *s = m->sema;
    int64_t start = (int64_t)date_from_ymd(2026, 12, 1) * 1440 + 360;
    CU_ASSERT_EQUAL(s->plant.start, start);
    CU_ASSERT_EQUAL(s->plant.horizon, 4 * 7 * 1440);
    CU_ASSERT_EQUAL(s->orders.len, 2);
    /* a due date alone means the end of that day */
    CU_ASSERT_EQUAL(s->orders.data[0].due, (int64_t)date_from_ymd(2026, 12, 11) * 1440);
    CU_ASSERT_EQUAL(s->orders.data[0].release, start);
    CU_ASSERT_DOUBLE_EQUAL(s->orders.data[0].priority, 1, 0);
    CU_ASSERT_DOUBLE_EQUAL(s->orders.data[0].qty, 5, 0);
    CU_ASSERT_EQUAL(s->orders.data[1].due, (int64_t)date_from_ymd(2026, 12, 10) * 1440 + 14 * 60);
    CU_ASSERT_EQUAL(s->orders.data[1].release, (int64_t)date_from_ymd(2026, 12, 3) * 1440);
    CU_ASSERT_DOUBLE_EQUAL(s->orders.data[1].penalty, 24.0 / 1440, 1e-12);
    CU_ASSERT_EQUAL(s->orders.data[1].product, 0);
    model_free(m);
}

static void machines_and_routings(void)
{
    Model *m = ok(PLANT "machine saw { units 3  cost 60 EUR/h }\nmachine robot { }\n"
                        "product p { routing {\n"
                        "  cut on saw setup 15 min run 4 min each\n"
                        "  weld on saw | robot (run 2 min each  setup 1 h) run 5 min each\n"
                        "  dry on robot run 2 h after start\n"
                        "  pack on saw run 30 s each after weld, dry\n"
                        "} }\norder \"A\" { p 1 due 2026-12-10 }\n");
    Sema *s = m->sema;
    CU_ASSERT_EQUAL(s->machines.data[0].units, 3);
    CU_ASSERT_TRUE(s->machines.data[0].cost_const);
    CU_ASSERT_DOUBLE_EQUAL(s->machines.data[0].cost_rate, 1.0, 1e-12); /* per minute */
    CU_ASSERT_EQUAL(s->machines.data[1].units, 1);
    SemProduct *p = &s->products.data[0];
    CU_ASSERT_EQUAL_FATAL(p->nsteps, 4);
    CU_ASSERT_DOUBLE_EQUAL(p->steps[0].alts[0].setup, 15, 0);
    CU_ASSERT_DOUBLE_EQUAL(p->steps[0].alts[0].run, 4, 0);
    CU_ASSERT_TRUE(p->steps[0].alts[0].per_piece);
    CU_ASSERT_EQUAL(p->steps[0].npreds, 0);
    CU_ASSERT_EQUAL_FATAL(p->steps[1].nalts, 2);
    CU_ASSERT_DOUBLE_EQUAL(p->steps[1].alts[0].run, 5, 0);
    CU_ASSERT_DOUBLE_EQUAL(p->steps[1].alts[1].run, 2, 0);
    CU_ASSERT_DOUBLE_EQUAL(p->steps[1].alts[1].setup, 60, 0);
    CU_ASSERT_EQUAL(p->steps[1].npreds, 1);
    CU_ASSERT_EQUAL(p->steps[1].preds[0], 0);
    CU_ASSERT_FALSE(p->steps[2].alts[0].per_piece);
    CU_ASSERT_DOUBLE_EQUAL(p->steps[2].alts[0].run, 120, 0);
    CU_ASSERT_EQUAL(p->steps[2].npreds, 0);
    CU_ASSERT_EQUAL(p->steps[3].npreds, 2);
    CU_ASSERT_DOUBLE_EQUAL(p->steps[3].alts[0].run, 0.5, 1e-12);
    model_free(m);
}

static void materials_convert_units(void)
{
    Model *m = ok(PLANT "machine saw { }\n"
                        "material tube { unit m  cost 4.20 EUR/m  stock 300 m  lead 5 d  min_order 1 km  multiple 50 m\n"
                        "  receipt 2000 cm on 2026-12-05 \"PO-1\" }\n"
                        "material powder { unit kg  cost 2 EUR/kg  stock 500 g }\n"
                        "material bolt { cost 0.10 EUR  stock 1000 }\n"
                        "product p { bom { tube 2.4  powder 250 g  bolt 4 } routing { cut on saw run 1 min each } }\n"
                        "order \"A\" { p 1 due 2026-12-10 }\n");
    Sema *s = m->sema;
    SemMaterial *t = &s->materials.data[0];
    CU_ASSERT_DOUBLE_EQUAL(t->cost, 4.20, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(t->stock, 300, 1e-9);
    CU_ASSERT_EQUAL(t->lead, 5 * 1440);
    CU_ASSERT_DOUBLE_EQUAL(t->lot.min, 1000, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(t->lot.multiple, 50, 1e-9);
    CU_ASSERT_EQUAL_FATAL(t->nreceipts, 1);
    CU_ASSERT_DOUBLE_EQUAL(t->receipts[0].qty, 20, 1e-9);
    CU_ASSERT_STRING_EQUAL(sym_str(&m->strs, t->receipts[0].id), "PO-1");
    CU_ASSERT_DOUBLE_EQUAL(s->materials.data[1].stock, 0.5, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(s->materials.data[2].cost, 0.10, 1e-12);
    SemProduct *p = &s->products.data[0];
    CU_ASSERT_EQUAL_FATAL(p->nbom, 3);
    CU_ASSERT_DOUBLE_EQUAL(p->bom[0].qty, 2.4, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(p->bom[1].qty, 0.25, 1e-12);
    model_free(m);
}

static void calendars_build_weeks(void)
{
    Model *m = ok(PLANT "calendar c {\n  mon-fri 06:00-14:00, 14:30-22:00\n  sat 22:00-06:00+1\n"
                        "  closed 2026-12-24 .. 2026-12-26\n  overtime 2026-12-19 08:00-12:00\n}\n"
                        "calendar c2 { base c  sun 08:00-12:00 }\n"
                        "machine saw { calendar c2 }\nproduct p { routing { cut on saw run 1 min each } }\n"
                        "order \"A\" { p 1 due 2026-12-10 }\n");
    Sema *s = m->sema;
    SemCalendar *c = &s->calendars.data[0];
    CU_ASSERT_EQUAL(c->nday[0], 2);
    CU_ASSERT_EQUAL(c->day[0][1].lo, 14 * 60 + 30);
    CU_ASSERT_EQUAL(c->day[5][0].hi, 30 * 60);
    CU_ASSERT_EQUAL(c->nday[6], 0);
    CU_ASSERT_EQUAL(c->nclosed, 1);
    CU_ASSERT_EQUAL(c->closed[0].to - c->closed[0].from, 2);
    CU_ASSERT_EQUAL(c->novertime, 1);
    CU_ASSERT_EQUAL(s->calendars.data[1].base, 0);
    CU_ASSERT_TRUE(s->calendars.data[1].has_day[6]);
    CU_ASSERT_FALSE(s->calendars.data[1].has_day[0]);
    CU_ASSERT_EQUAL(s->machines.data[0].calendar, 1);
    model_free(m);
}

static void rules_typecheck(void)
{
    Model *m = ok(PLANT "machine saw { setup if prev.exists and prev.colour != job.colour then 30 min else 0 min }\n"
                        "product p { colour \"red\"  routing { cut on saw run 1 min each } }\n"
                        "order \"A\" { p 1 due 2026-12-10 }\n"
                        "rule slack(k = 1.5) = order.due - now - k * remaining_work\n"
                        "rule ratio = (job.due - now) / max(remaining_work, 1 min)\n"
                        "schedule { dispatch slack(2) + 0 min * ratio  minimize 2 EUR/h * makespan + penalty + cost }\n");
    Sema *s = m->sema;
    CU_ASSERT_PTR_NOT_NULL(s->schedule.dispatch);
    CU_ASSERT_PTR_NOT_NULL(s->schedule.objective);
    CU_ASSERT_TRUE(type_is_duration(s->rules.data[0].ty));
    CU_ASSERT_TRUE(type_is_dimensionless(s->rules.data[1].ty));
    CU_ASSERT_PTR_NOT_NULL(s->machines.data[0].setup);
    model_free(m);
}

static const struct {
    const char *src;
    DiagCode code;
} mistakes[] = {
    {"rule r = 2 h + 5 EUR", DIAG_TYPE_MISMATCH},
    {"rule r = 2 h < 5", DIAG_TYPE_MISMATCH},
    {"rule r = now + now", DIAG_TYPE_MISMATCH},
    {"rule r = if 1 then 2 h else 3 h", DIAG_NOT_BOOLEAN},
    {"rule r = if true then 2 h else 3 EUR", DIAG_BRANCH_MISMATCH},
    {"rule r = exp(2 h)", DIAG_BAD_FUNCTION_ARG},
    {"rule r = min(2 h, 3 EUR)", DIAG_BAD_FUNCTION_ARG},
    {"rule r = job.colr", DIAG_UNKNOWN_ATTRIBUTE},
    {"rule r = r + 1", DIAG_RULE_CYCLE},
    {"rule r = makespan", DIAG_CONTEXT},
    {"rule r = foo(1)", DIAG_UNKNOWN_FUNCTION},
    {"rule r = abs(1, 2)", DIAG_BAD_ARGUMENTS},
    {"rule r = 3 USD", DIAG_CURRENCY_MISMATCH},
    {"rule r = \"a\" < \"b\"", DIAG_NOT_ORDERED},
    {"rule now = 1", DIAG_RESERVED_NAME},
    {"machine x { units 0 }", DIAG_NOT_POSITIVE},
    {"machine x { units 1.5 }", DIAG_BAD_VALUE},
    {"machine x { cost 3 EUR }", DIAG_WRONG_TYPE},
    {"machine x { lead 3 d }", DIAG_SETTING_NOT_ALLOWED},
    {"machine x { units 1  units 2 }", DIAG_DUPLICATE_SETTING},
    {"machine x { calendar y }", DIAG_UNKNOWN_CALENDAR},
    {"calendar c { mon 14:00-06:00 }", DIAG_INVERTED_SHIFT},
    {"calendar c { mon 06:00-14:00  mon-fri 13:00-15:00 }", DIAG_OVERLAPPING_SHIFTS},
    {"calendar c { sun 22:00-07:00+1  mon 06:00-14:00 }", DIAG_OVERLAPPING_SHIFTS},
    {"calendar c { mun 06:00-14:00 }", DIAG_BAD_DAY},
    {"calendar c { closed 2026-12-26 .. 2026-12-24 }", DIAG_INVERTED_RANGE},
    {"calendar c { base c }", DIAG_CALENDAR_CYCLE},
    {"material x { unit m  stock 3 kg }", DIAG_UOM_MISMATCH},
    {"material x { lot 5  multiple 2 }", DIAG_LOT_CONFLICT},
    {"product a { bom { b 1 } }\nproduct b { bom { a 1 } }", DIAG_BOM_CYCLE},
    {"machine saw { }\nproduct a { routing { x on saw run 1 min after y\n y on saw run 1 min after x } }", DIAG_PRECEDENCE_CYCLE},
    {"product a { }", DIAG_EMPTY_ROUTING},
    {"order \"o\" { bike 3  due 2026-12-10 }", DIAG_UNKNOWN_PRODUCT},
    {"forecast bike { 2026-12-01 .. 2026-12-07 5 }", DIAG_UNKNOWN_PRODUCT},
    {"schedule { dispatch true }", DIAG_NOT_ORDERED},
    {"schedule { minimize makespan + cost }", DIAG_TYPE_MISMATCH},
    {"schedule { minimize now }", DIAG_CONTEXT},
};

static void mistakes_table(void)
{
    for (size_t i = 0; i < TK_COUNTOF(mistakes); i++) {
        char src[1024];
        snprintf(src, sizeof src, PLANT "%s\n", mistakes[i].src);
        Model *m = test_check(src);
        if (!test_has(m, mistakes[i].code)) {
            char *r = test_render(m);
            fprintf(stderr, "\nexpected %s for: %s\ngot:\n%s", diag_code_str(mistakes[i].code), mistakes[i].src, r);
            free(r);
        }
        CU_ASSERT_TRUE(test_has(m, mistakes[i].code));
        model_free(m);
    }
}

static void warnings_do_not_fail(void)
{
    Model *m = test_check(PLANT "machine saw { }\nmachine idle { }\nmaterial spare { }\n"
                                "product p { routing { cut on saw run 1 min each } }\n"
                                "order \"A\" { p 1 due 2026-11-01 }\norder \"B\" { p 1 due 2027-06-01 }\n"
                                "order \"C\" { p 1 due 2026-12-10  release 2026-12-12 }\n");
    CU_ASSERT_EQUAL(m->diags.nerrors, 0);
    CU_ASSERT_TRUE(test_has(m, DIAG_UNUSED_MACHINE));
    CU_ASSERT_TRUE(test_has(m, DIAG_UNUSED_MATERIAL));
    CU_ASSERT_TRUE(test_has(m, DIAG_DUE_BEFORE_START));
    CU_ASSERT_TRUE(test_has(m, DIAG_DUE_AFTER_HORIZON));
    CU_ASSERT_TRUE(test_has(m, DIAG_RELEASE_AFTER_DUE));
    model_free(m);
}

static void hints_suggest_names(void)
{
    Model *m = test_check(PLANT "machine welder { }\nproduct p { routing { weld on weldr run 1 min each } }\n"
                                "order \"A\" { p 1 due 2026-12-10 }\n");
    CU_ASSERT_EQUAL_FATAL(test_count(m, DIAG_UNKNOWN_MACHINE), 1);
    for (uint32_t i = 0; i < m->diags.len; i++)
        if (m->diags.items[i].code == DIAG_UNKNOWN_MACHINE) {
            CU_ASSERT_PTR_NOT_NULL_FATAL(m->diags.items[i].hint);
            CU_ASSERT_STRING_EQUAL(m->diags.items[i].hint, "did you mean 'welder'?");
        }
    model_free(m);
}

/* ---- reported operations read whole (compiler/act_record.c) ----------------
 * Each record checks to the same actuals and the same messages whether the
 * lexer reads it whole or item by item; the usual ones are read whole. */
#define ACT_MODEL                                                                                        \
    PLANT "machine saw { units 2 }\nmachine welder { }\n"                                                \
          "product p { routing { cut on saw run 1 min each\n weld on welder run 2 min each } }\n"         \
          "order \"A\" { p 5 due 2026-12-10 }\n"

static bool span_eq(Span a, Span b) { return a.file == b.file && a.lo == b.lo && a.hi == b.hi; }

static Model *check_src(const char *src, bool full)
{
    Model *m = model_new(NULL);
    m->loader.full_syntax = full;
    model_check_buffer(m, "test.takt", src, strlen(src));
    return m;
}

/* whether the first operation of the actuals block was read whole */
static bool first_whole(const Model *m)
{
    const AstNode *root = m->loader.files.len ? m->loader.files.data[0].root : NULL;
    if (!root) return false;
    for (uint32_t i = 0; i < root->as.file.items.len; i++) {
        const AstNode *d = root->as.file.items.items[i];
        if (d->kind != AST_ACTUALS) continue;
        for (uint32_t k = 0; k < d->as.decl.items.len; k++) {
            const AstNode *it = d->as.decl.items.items[k];
            if (it->kind == AST_ACT_RUN) return true;
            if (it->kind == AST_ACT_OP) return it->as.act_op->whole;
        }
    }
    return false;
}

/* the items of the actuals block: the same, in the same order, both ways */
static const AstList *act_items(const Model *m)
{
    const AstNode *root = m->loader.files.len ? m->loader.files.data[0].root : NULL;
    if (!root) return NULL;
    for (uint32_t i = 0; i < root->as.file.items.len; i++)
        if (root->as.file.items.items[i]->kind == AST_ACTUALS) return &root->as.file.items.items[i]->as.decl.items;
    return NULL;
}

/* the kinds and spans of the items, each record of a run on its own */
static uint32_t flat_items(const AstList *l, int *kind, Span *span, uint32_t max)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < l->len; i++) {
        const AstNode *it = l->items[i];
        uint32_t recs = it->kind == AST_ACT_RUN ? it->as.act_run.n : 1;
        for (uint32_t k = 0; k < recs && n < max; k++, n++) {
            AstNode rec;
            AstActOp op;
            if (it->kind == AST_ACT_RUN) ast_act_rec(it, k, &rec, &op);
            kind[n] = it->kind == AST_ACT_RUN ? rec.kind : it->kind;
            span[n] = it->kind == AST_ACT_RUN ? rec.span : it->span;
        }
    }
    return n;
}

static void same_items(const Model *a, const Model *b)
{
    const AstList *x = act_items(a), *y = act_items(b);
    CU_ASSERT_EQUAL_FATAL(x == NULL, y == NULL);
    if (!x) return;
    uint32_t max = y->len; /* item by item: one node a record */
    int *kx = tk_xalloc(2 * (max + 1) * sizeof(int)), *ky = kx + max + 1;
    Span *sx = tk_xalloc(2 * (max + 1) * sizeof(Span)), *sy = sx + max + 1;
    uint32_t nx = flat_items(x, kx, sx, max + 1), ny = flat_items(y, ky, sy, max + 1);
    CU_ASSERT_EQUAL(nx, ny);
    for (uint32_t k = 0; k < nx && k < ny; k++) {
        CU_ASSERT_EQUAL(kx[k], ky[k]);
        CU_ASSERT(span_eq(sx[k], sy[k]));
    }
    tk_free(kx);
    tk_free(sx);
}

/* the model src both ways: the same actuals and messages; what records
 * shows in a message if not */
static void same_src(const char *src, const char *records, bool whole)
{
    Model *a = check_src(src, false), *b = check_src(src, true);
    char *ra = test_render(a), *rb = test_render(b);
    if (strcmp(ra, rb) != 0) fprintf(stderr, "\n%s\nread whole:\n%s\nitem by item:\n%s", records, ra, rb);
    CU_ASSERT_STRING_EQUAL(ra, rb);
    if (first_whole(a) != whole) fprintf(stderr, "\n%s: %s whole\n", records, whole ? "not read" : "read");
    CU_ASSERT_EQUAL(first_whole(a), whole);
    CU_ASSERT_FALSE(first_whole(b));
    same_items(a, b);
    CU_ASSERT_EQUAL((a->sema != NULL), (b->sema != NULL));
    if (a->sema && b->sema) {
        CU_ASSERT_EQUAL_FATAL(a->sema->actuals.len, b->sema->actuals.len);
        for (uint32_t k = 0; k < a->sema->actuals.len; k++) {
            const SemActual *x = &a->sema->actuals.data[k], *y = &b->sema->actuals.data[k];
            CU_ASSERT_EQUAL(x->wo, y->wo);
            CU_ASSERT(span_eq(x->span, y->span) && span_eq(x->wo_span, y->wo_span) && span_eq(x->step_span, y->step_span));
            CU_ASSERT(x->order == y->order && x->product == y->product && x->step == y->step);
            CU_ASSERT(x->machine == y->machine && x->unit == y->unit);
            CU_ASSERT(x->start == y->start && x->end == y->end);
            CU_ASSERT(x->good == y->good && x->scrap == y->scrap && x->setup == y->setup && x->nuses == y->nuses);
        }
    }
    free(ra);
    free(rb);
    model_free(a);
    model_free(b);
}

static void same_actuals(const char *records, bool whole)
{
    char *src = tk_fmt("%sactuals {\n  now 2026-12-03 06:00\n  %s\n}\n", ACT_MODEL, records);
    same_src(src, records, whole);
    tk_free(src);
}

/* More records in a row than one run takes: runs one after another, the
 * same actuals as item by item. */
static void long_runs_read_whole(void)
{
    enum { N = 5000 };
    StrBuf b = {0};
    sb_puts(&b, PLANT "machine saw { units 2 }\nproduct p { routing { cut on saw run 1 min each } }\n");
    for (int i = 0; i < N; i++) sb_printf(&b, "order \"O%d\" { p 1 due 2026-12-20 }\n", i);
    sb_puts(&b, "actuals {\n  now 2026-12-03 06:00\n");
    for (int i = 0; i < N; i++)
        sb_printf(&b, "  op \"O%d\" cut on saw %d { start 2026-12-0%d 07:%02d  end 2026-12-0%d 08:00 }\n", i, 1 + i % 2,
                  1 + i % 2, i % 60, 1 + i % 2);
    sb_puts(&b, "}\n");
    same_src(sb_cstr(&b), "5000 records", true);
    Model *m = check_src(sb_cstr(&b), false);
    CU_ASSERT_FALSE(diag_has_errors(&m->diags));
    const AstList *items = act_items(m);
    CU_ASSERT_PTR_NOT_NULL_FATAL(items);
    uint32_t runs = 0, recs = 0;
    for (uint32_t i = 0; i < items->len; i++)
        if (items->items[i]->kind == AST_ACT_RUN) runs++, recs += items->items[i]->as.act_run.n;
    CU_ASSERT(runs >= 2);
    CU_ASSERT_EQUAL(recs, N);
    CU_ASSERT_EQUAL(m->sema ? m->sema->actuals.len : 0, N);
    model_free(m);
    sb_free(&b);
}

static void records_read_whole(void)
{
    /* read whole */
    same_actuals("op \"A\" cut on saw { start 2026-12-01 07:00 }", true);
    same_actuals("op \"A\" cut on saw 2 { start 2026-12-01 07:00  end 2026-12-01 08:30 }", true);
    same_actuals("op \"A\" cut on saw 02 {start 2026-12-01T07:00 end 2026-12-01T8:30 good 5}", true);
    same_actuals("op \"A\" cut on saw 1 { start 2026-12-01 07:00  end 2026-12-01 08:30  setup 15 min  good 4  scrap 1 }", true);
    same_actuals("op \"A\" weld on welder {\n    start 2026-12-01 07:00\n    end 2026-12-02 24:00\n    good 5\n  }", true);
    same_actuals("op \"A\" cut on saw{start 2026-12-01 07:00}}\n//", true);
    same_actuals("op \"A\" cut on saw { start 2026-12-01 07:00 }\n  op \"A\" weld on welder { start 2026-12-01 09:00 }", true);
    /* read whole, and then found wrong by the checker */
    same_actuals("op \"A\" cut on saw { start 2026-12-01 09:00  end 2026-12-01 08:30 }", true);
    same_actuals("op \"A\" cut on saw { start 2026-12-01 09:00  end 2026-12-01 09:00 }", true);
    same_actuals("op \"A\" cut on saw { start 2026-11-30 09:00 }", true);
    same_actuals("op \"A\" cut on saw { start 2026-12-01 09:00  end 2026-12-04 09:00 }", true);
    same_actuals("op \"A\" cut on saww { start 2026-12-01 09:00 }", true);
    same_actuals("op \"A\" cut on saw 3 { start 2026-12-01 09:00 }", true);
    same_actuals("op \"A\" cut on saw 0 { start 2026-12-01 09:00 }", true);
    same_actuals("op \"A\" cut on welder { start 2026-12-01 09:00 }", true);
    same_actuals("op \"A\" cutt on saw { start 2026-12-01 09:00 }", true);
    same_actuals("op \"B\" cut on saw { start 2026-12-01 09:00 }", true);
    same_actuals("op \"A/x\" cut on saw { start 2026-12-01 09:00 }", true);
    same_actuals("op \"A\" cut on saw { start 2026-12-01 07:00  good 9 }", true);
    same_actuals("op \"A\" cut on saw { start 2026-12-01 07:00 }\n  op \"A\" cut on saw 2 { start 2026-12-01 08:00 }", true);
    /* after a first record of a work order, the next ones are checked on a
     * shorter path: right ones, and each thing it may find wrong */
    static const char *const after_first[] = {
        "op \"A\" weld on welder { start 2026-12-01 08:00  end 2026-12-01 09:00  setup 5 min  good 4  scrap 1 }",
        "op \"A\" cut on saw 2 { start 2026-12-01 08:00 }",
        "op \"A\" weld on welder 1 { start 2026-12-01 08:00 }\n  op \"A\" cut on saw 2 { start 2026-12-01 08:00 }",
        "op \"A\" wield on welder { start 2026-12-01 08:00 }",
        "op \"A\" weld on welter { start 2026-12-01 08:00 }",
        "op \"A\" weld on saw { start 2026-12-01 08:00 }",
        "op \"A\" weld on welder 2 { start 2026-12-01 08:00 }",
        "op \"A\" weld on welder 0 { start 2026-12-01 08:00 }",
        "op \"A\" weld on welder { start 2026-11-30 08:00 }",
        "op \"A\" weld on welder { start 2026-12-01 08:00  end 2026-12-01 08:00 }",
        "op \"A\" weld on welder { start 2026-12-01 09:00  end 2026-12-01 08:00 }",
        "op \"A\" cut on saw { start 2026-12-01 08:00 }",
        "op \"B\" weld on welder { start 2026-12-01 08:00 }",
    };
    for (size_t i = 0; i < sizeof after_first / sizeof after_first[0]; i++) {
        char *recs = tk_fmt("op \"A\" cut on saw { start 2026-12-01 07:00  end 2026-12-01 07:30 }\n  %s", after_first[i]);
        same_actuals(recs, true);
        tk_free(recs);
    }
    /* runs of records read whole, between them other items and records read item by item, all in order */
    same_actuals("op \"A\" cut on saw { start 2026-12-01 07:00  end 2026-12-01 07:30 }\n"
                 "  op \"A\" weld on welder { start 2026-12-01 08:00 }\n"
                 "  // the saw's second unit\n"
                 "  op \"A\" cut on saw 2 { start 2026-12-01 07:00 end 2026-12-01 07:20 }\n"
                 "  op \"A\" cut on saw { start 2026-12-01 07:40  good 2 } op \"A\" cut on saw 2 { start 2026-12-01 07:30 }\n"
                 "  op \"A\" weld on welder { start 2026-12-01 09:00  scrap 1  good 1 }\n"
                 "  op \"A\" weld on welder 1 { start 2026-12-01 10:00 }\n"
                 "  op \"A\" weld on welder 1 { start 2026-12-01 11:00 }", true);
    /* item by item: forms the whole reading leaves to the parser */
    same_actuals("op A cut on saw { start 2026-12-01 07:00 }", false);
    same_actuals("op \"A\" run on saw { start 2026-12-01 07:00 }", false);
    same_actuals("op \"A\" cut on start { start 2026-12-01 07:00 }", false);
    same_actuals("op \"A\\\"\" cut on saw { start 2026-12-01 07:00 }", false);
    same_actuals("op \"A\" cut on saw 1.0 { start 2026-12-01 07:00 }", false);
    same_actuals("op \"A\" cut on saw 1_0 { start 2026-12-01 07:00 }", false);
    same_actuals("op \"A\" cut on saw { end 2026-12-01 08:00  start 2026-12-01 07:00 }", false);
    same_actuals("op \"A\" cut on saw { start 2026-12-01 07:00 // began late\n }", false);
    same_actuals("op \"A\" cut on saw { start 2026-12-01 }", false);
    same_actuals("op \"A\" cut on saw { start 2026-12-01\n 07:00 }", false);
    same_actuals("op \"A\" cut on saw { start 2026-1-01 07:00 }", false);
    same_actuals("op \"A\" cut on saw { start 2026-02-30 07:00 }", false);
    same_actuals("op \"A\" cut on saw { start 2026-12-01 25:00 }", false);
    same_actuals("op \"A\" cut on saw { start 2026-12-01 24:30 }", false);
    same_actuals("op \"A\" cut on saw { start 1969-12-31 07:00 }", false);
    same_actuals("op \"A\" cut on saw { start 2026-12-01 07:00 + 5 min }", false);
    same_actuals("op \"A\" cut on saw { start 2026-12-01 07:00  setup 1 h }", false);
    same_actuals("op \"A\" cut on saw { start 2026-12-01 07:00  good 5 pcs }", false);
    same_actuals("op \"A\" cut on saw { start 2026-12-01 07:00  good 2.5 }", false);
    same_actuals("op \"A\" cut on saw { start 2026-12-01 07:00  good 1234567890 }", false);
    same_actuals("op \"A\" cut on saw { start 2026-12-01 07:00  scrap 1  good 4 }", false);
    same_actuals("op \"A\" cut on saw { start 2026-12-01 07:00  used p 1 }", false);
    same_actuals("op \"A\" cut on saw { start 2026-12-01 07:00  colour 1 }", false);
    same_actuals("op \"A\" cut on saw { start 2026-12-01 07:00", false);
    same_actuals("op \"A", false);
    same_actuals("op", false);
    /* not directly inside actuals: the parser reports it as before */
    Model *m = test_check(ACT_MODEL "machine m { op \"A\" cut on saw { start 2026-12-01 07:00 } }\n");
    CU_ASSERT_TRUE(test_has(m, DIAG_SYNTAX));
    model_free(m);
}

/* lookalike.c: the clause a word in a routing step most likely means, and
 * the settings Takt does not have */
static void lookalike_words(void)
{
    static const struct { const char *word, *clause; } near[] = {
        {"runn", "run"}, {"wiat", "wait"}, {"setpu", "setup"}, {"aftr", "after"}, {"onn", "on"},
        {"run_time", "run"}, {"max_setup", "setup"}, {"wait_min", "wait"}, {"colour", NULL}, {"yeild", "yield"}, {"scarp", "scrap"},
        {"rerun", NULL}, {"o", "on"}, {"withn", "within"}, {"tranfser", "transfer"}, {"sublost", "sublots"},
    };
    for (size_t i = 0; i < TK_COUNTOF(near); i++) {
        const char *got = lookalike_step_clause(near[i].word);
        if (near[i].clause) {
            CU_ASSERT_STRING_EQUAL(got ? got : "(none)", near[i].clause);
        } else {
            CU_ASSERT_PTR_NULL(got);
        }
    }
    static const struct { const char *word; unsigned where; bool has; } missing[] = {
        {"max_wait", LOOK_STEP, true}, {"within", LOOK_STEP, false} /* a clause now */,
        {"transfer", LOOK_STEP, false} /* a clause now */, {"yield", LOOK_MATERIAL, false} /* a setting now */,
        {"scrap", LOOK_STEP, false}, {"capacity", LOOK_STEP, true}, {"capacity", LOOK_MACHINE, false} /* a setting now */,
        {"speed", LOOK_MACHINE, false}, {"capacity", LOOK_PRODUCT, false}, {"within", LOOK_PRODUCT, false},
        {"colour", LOOK_STEP | LOOK_MACHINE | LOOK_PRODUCT, false}, {"batch", LOOK_ORDER, false},
    };
    for (size_t i = 0; i < TK_COUNTOF(missing); i++)
        CU_ASSERT_EQUAL(lookalike_hint(missing[i].word, missing[i].where) != NULL, missing[i].has);
}

/* E0483: many references to one unknown name, nearest to one unused
 * declaration, are one error at the declaration, however many there are
 * (beyond the 500 diagnostics kept, too: none is counted as suppressed);
 * a declaration that is used, or two unused ones as near, leave the
 * errors at the references. */
static void misspelt_declaration(void)
{
    StrBuf b = {0};
    sb_puts(&b, PLANT "machine lathe_1 { }\nmachine lathe2 { }\nmachine mill { }\n");
    sb_puts(&b, "product q { routing { a on lathe_1 run 1 min\n b on mil run 1 min\n c on mil run 1 min\n"
                " d on mill run 1 min } }\n");
    for (int i = 0; i < 700; i++) sb_printf(&b, "product p%d { routing { a on lathe_2 run 1 min each } }\n", i);
    sb_putc(&b, 0);
    Model *m = test_check(b.data);
    CU_ASSERT_EQUAL(test_count(m, DIAG_MISSPELT_DECLARATION), 1);
    CU_ASSERT_EQUAL(test_count(m, DIAG_UNKNOWN_MACHINE), 2); /* mil: mill is used */
    CU_ASSERT_EQUAL(m->diags.suppressed, 0);
    CU_ASSERT_EQUAL(m->diags.nerrors, 3);
    for (uint32_t i = 0; i < m->diags.len; i++) {
        const Diag *g = &m->diags.items[i];
        if (g->code != DIAG_MISSPELT_DECLARATION) continue;
        CU_ASSERT_STRING_EQUAL(g->msg, "machine 'lathe2' is never used, and 700 references name 'lathe_2', which is "
                                       "not declared");
        CU_ASSERT_STRING_EQUAL(g->fix.text, "lathe_2");
        CU_ASSERT_EQUAL(g->nnotes, SEMA_MISSPELT_NOTES);
    }
    model_free(m);
    sb_free(&b);

    /* the declaration is used: the references are wrong */
    m = test_check(PLANT "machine lathe2 { }\nproduct a { routing { x on lathe2 run 1 min } }\n"
                         "product b { routing { x on lathe_2 run 1 min\n y on lathe_2 run 1 min } }\n");
    CU_ASSERT_EQUAL(test_count(m, DIAG_MISSPELT_DECLARATION), 0);
    CU_ASSERT_EQUAL(test_count(m, DIAG_UNKNOWN_MACHINE), 2);
    model_free(m);
    /* two unused declarations as near: which is misspelt cannot be told */
    m = test_check(PLANT "machine lathe2 { }\nmachine lathe_3 { }\n"
                         "product b { routing { x on lathe_2 run 1 min\n y on lathe_2 run 1 min } }\n");
    CU_ASSERT_EQUAL(test_count(m, DIAG_MISSPELT_DECLARATION), 0);
    CU_ASSERT_EQUAL(test_count(m, DIAG_UNKNOWN_MACHINE), 2);
    model_free(m);
    /* two names nearest to one declaration: it goes to the one used more */
    m = test_check(PLANT "machine lathe2 { }\n"
                         "product b { routing { x on lathe_2 run 1 min\n y on lathe_2 run 1 min\n z on lathe_2 run 1 min\n"
                         " v on lathe22 run 1 min\n w on lathe22 run 1 min } }\n");
    CU_ASSERT_EQUAL(test_count(m, DIAG_MISSPELT_DECLARATION), 1);
    CU_ASSERT_EQUAL(test_count(m, DIAG_UNKNOWN_MACHINE), 2);
    CU_ASSERT_EQUAL(m->diags.nerrors, 3);
    model_free(m);
}

void suite_sema(void)
{
    CU_pSuite s = CU_add_suite("sema", NULL, NULL);
    ADD_TEST(s, lookalike_words);
    ADD_TEST(s, plant_and_orders);
    ADD_TEST(s, machines_and_routings);
    ADD_TEST(s, materials_convert_units);
    ADD_TEST(s, calendars_build_weeks);
    ADD_TEST(s, rules_typecheck);
    ADD_TEST(s, mistakes_table);
    ADD_TEST(s, warnings_do_not_fail);
    ADD_TEST(s, hints_suggest_names);
    ADD_TEST(s, records_read_whole);
    ADD_TEST(s, long_runs_read_whole);
    ADD_TEST(s, misspelt_declaration);
}
