/* sema_pins.c: what the planner fixes (docs/language.md, "pins"): pins of
 * operations to a machine, a unit and a start, and firm work orders, from
 * `pins { ... }` blocks and from pins CSV files — named by the model
 * (`pins "FILE.csv"`, read by the loader as a history file is) or on the
 * command line (`--pins FILE.csv`, Model.extra_pins). Both forms are held to
 * the same checks here, each message at its line:
 *
 *   a work order the model can have (E0701), a step of its product (E0208),
 *   a machine the step may use and a unit it has (E0472), a start inside
 *   the horizon and not before now (E0473), a start with a unit where the
 *   machine has several (E0474), an operation or work order pinned once
 *   (E0475), no unit for a subcontractor (E0479), a file that reads as pins
 *   (E0480); a pin of an operation the actuals report is warned about
 *   (W0035).
 *
 * Where the pins and firm work orders go is the planner's business
 * (runtime/pin.c); that the plan keeps them, takt verify's
 * (runtime/verify_pin.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sema.h"

#define D(s) (&(s)->m->diags)
#define S(s, y) sym_str(&(s)->m->strs, (y))

/* A pin as written, in a block or a CSV row: every span points at its text. */
typedef struct PinIn {
    Sym wo, step, machine;
    int32_t sub;
    double unit;        /* from 1; -1 not given */
    bool has_start;
    int64_t start;
    Span span, wo_span, step_span, machine_span, unit_span, start_span;
} PinIn;

static void add_firm(Sema *s, Sym wo, Span at)
{
    int32_t order;
    int32_t prod = sema_wo_product(s, wo, at, &order);
    if (prod < 0) return;
    for (uint32_t k = 0; k < s->firms.len; k++)
        if (s->firms.data[k].wo == wo) {
            Diag *g = diag_error(D(s), at, DIAG_PIN_TWICE, "work order '%s' is marked firm twice", S(s, wo));
            diag_note(g, s->firms.data[k].span, "first marked here");
            return;
        }
    SemFirm f = {wo, at, prod};
    vec_push(&s->firms, f);
}

static void dt(char *b, size_t n, int64_t minutes) /* b: at least 48 bytes */
{
    int y, mo, d;
    int64_t day = minutes >= 0 ? minutes / 1440 : -((-minutes + 1439) / 1440);
    date_to_ymd((int32_t)day, &y, &mo, &d);
    int r = (int)(minutes - day * 1440);
    snprintf(b, n, "%04d-%02d-%02d %02d:%02d", y % 10000, mo % 100, d % 100, r / 60 % 100, r % 60);
}

static void add_pin(Sema *s, const PinIn *in)
{
    SemPin pn;
    memset(&pn, 0, sizeof pn);
    pn.wo = in->wo;
    pn.span = in->span;
    pn.wo_span = in->wo_span;
    pn.step_span = in->step_span;
    pn.machine_span = in->machine_span;
    pn.unit_span = in->unit_span;
    pn.start_span = in->start_span;
    pn.sub = in->sub;
    pn.unit = -1;
    pn.start = -1;
    pn.product = sema_wo_product(s, in->wo, in->wo_span, &pn.order);
    if (pn.product < 0) return;
    const SemProduct *pr = &s->products.data[pn.product];
    pn.step = sema_step_named(pr, in->step, -1);
    if (pn.step < 0) {
        const char *sn = S(s, in->step);
        Diag *g = diag_error(D(s), in->step_span, DIAG_UNKNOWN_STEP, "'%s' has no step '%s'", S(s, pr->name), sn);
        const char *best = NULL;
        int bestd = 3;
        for (uint32_t k = 0; k < pr->nsteps; k++) {
            int dd = tk_edit_distance(sn, S(s, pr->steps[k].name), bestd);
            if (dd < bestd) bestd = dd, best = S(s, pr->steps[k].name);
        }
        if (best) diag_hint(g, "did you mean '%s'?", best);
        else diag_note(g, pr->span, "'%s' is defined here", S(s, pr->name));
        return;
    }
    const SemStep *st = &pr->steps[pn.step];
    char sub[24] = "";
    if (pn.sub) snprintf(sub, sizeof sub, "#%d", pn.sub);
    pn.machine = sema_lookup_plain(s, in->machine, ENT_MACHINE);
    if (pn.machine < 0) {
        Diag *g = diag_error(D(s), in->machine_span, DIAG_UNKNOWN_MACHINE, "unknown machine '%s'", S(s, in->machine));
        const char *best = sema_suggest(s, S(s, in->machine), ENT_MACHINE, false);
        if (best) diag_hint(g, "did you mean '%s'?", best);
        return;
    }
    const SemMachine *mc = &s->machines.data[pn.machine];
    bool runs = false;
    for (uint32_t a = 0; a < st->nalts; a++) runs |= st->alts[a].machine == pn.machine;
    if (!runs) {
        Diag *g = diag_error(D(s), in->machine_span, DIAG_PIN_MACHINE, "step '%s' of '%s' does not run on '%s'",
                             S(s, st->name), S(s, pr->name), S(s, mc->name));
        diag_note(g, st->span, "the step's machines are given here");
        return;
    }
    if (in->unit >= 0) {
        if (mc->subcontract) {
            Diag *g = diag_error(D(s), in->unit_span, DIAG_SUBCONTRACT_USE,
                                 "'%s' is a subcontractor: work sent out has no unit", S(s, mc->name));
            diag_hint(g, "pin it to the subcontractor alone: op \"%s\" %s on %s", S(s, in->wo), S(s, st->name),
                      S(s, mc->name));
            return;
        }
        if (in->unit != floor(in->unit) || in->unit < 1 || in->unit > mc->units) {
            diag_error(D(s), in->unit_span, DIAG_PIN_MACHINE, "'%s' has %u unit%s, numbered from 1; there is no unit %g",
                       S(s, mc->name), mc->units, mc->units == 1 ? "" : "s", in->unit);
            return;
        }
        pn.unit = (int32_t)in->unit - 1;
    }
    if (in->has_start) {
        char b1[48], b2[48];
        const SemPlant *pl = &s->plant;
        int64_t end = pl->start + pl->horizon;
        if (in->start < pl->start || in->start >= end) {
            dt(b1, sizeof b1, pl->start);
            dt(b2, sizeof b2, end);
            Diag *g = diag_error(D(s), in->start_span, DIAG_PIN_TIME, "the pin's start lies outside the horizon (%s to %s)",
                                 b1, b2);
            diag_hint(g, "pin it to a time the plan covers, or lengthen the plant's horizon");
            return;
        }
        if (s->now >= 0 && in->start < s->now) {
            dt(b1, sizeof b1, s->now);
            Diag *g = diag_error(D(s), in->start_span, DIAG_PIN_TIME, "the pin's start lies before now (%s)", b1);
            diag_note(g, s->now_span, "now is given here");
            diag_hint(g, "nothing new starts before now: report what ran in the actuals, or pin it later");
            return;
        }
        if (pn.unit < 0 && !mc->subcontract && mc->units == 1) pn.unit = 0;
        if (pn.unit < 0 && !mc->subcontract) {
            Diag *g = diag_error(D(s), in->machine_span, DIAG_PIN_NO_UNIT,
                                 "a pin at a time names the unit: '%s' has %u units", S(s, mc->name), mc->units);
            diag_hint(g, "write the unit after the machine: on %s 1 start ...", S(s, mc->name));
            return;
        }
        pn.start = in->start;
    }
    /* once: the same operation, or a whole step and one of its sublots */
    for (uint32_t k = 0; k < s->pins.len; k++) {
        const SemPin *q = &s->pins.data[k];
        if (q->wo != pn.wo || q->step != pn.step) continue;
        if (q->sub && pn.sub && q->sub != pn.sub) continue;
        char qs[24] = "";
        if (q->sub) snprintf(qs, sizeof qs, "#%d", q->sub);
        Diag *g = diag_error(D(s), in->step_span, DIAG_PIN_TWICE, "'%s' %s%s is pinned twice%s", S(s, pn.wo),
                             S(s, st->name), sub, q->sub != pn.sub ? " (as a whole step and as one of its sublots)" : "");
        diag_note(g, q->span, "pinned here as %s%s", S(s, st->name), qs);
        return;
    }
    /* the actuals report it: what happened stands */
    for (uint32_t k = 0; k < s->actuals.len; k++) {
        const SemActual *a = &s->actuals.data[k];
        if (a->wo != pn.wo || a->step != pn.step || (pn.sub && a->sub != pn.sub)) continue;
        Diag *g = diag_warning(D(s), in->span, DIAG_PIN_REPORTED,
                               "'%s' %s%s is reported by the actuals: it stays where it ran, and the pin is not used",
                               S(s, pn.wo), S(s, st->name), sub);
        diag_note(g, a->span, "reported here");
        diag_hint(g, "remove the pin once the shop floor reports the operation");
        break;
    }
    vec_push(&s->pins, pn);
}

/* ---- pins { ... } ----------------------------------------------------------------------- */
static void check_block(Sema *s, AstNode *d)
{
    for (uint32_t i = 0; i < d->as.decl.items.len; i++) {
        AstNode *it = d->as.decl.items.items[i];
        if (it->kind == AST_ATTR && strcmp(S(s, it->as.attr.name), "firm") == 0) {
            AstNode *v = it->as.attr.value;
            if (v->kind != AST_STR) {
                Diag *g = diag_error(D(s), v->span, DIAG_WRONG_TYPE, "'firm' names a work order, as a string");
                diag_hint(g, "write firm \"SO-1001\" or firm \"SO-1001/frame\"");
                continue;
            }
            add_firm(s, v->as.str.value, v->span);
            continue;
        }
        if (it->kind == AST_ATTR) {
            const char *nm = S(s, it->as.attr.name);
            Diag *g = diag_error(D(s), it->as.attr.name_span, DIAG_SETTING_NOT_ALLOWED, "'%s' is not part of the pins", nm);
            if (tk_edit_distance(nm, "firm", 2) <= 2) diag_hint(g, "did you mean 'firm'?");
            else diag_hint(g, "the pins hold op WORKORDER STEP on MACHINE [UNIT] [start TIME] and firm \"WORKORDER\"");
            continue;
        }
        if (it->kind != AST_PIN) continue; /* an error node: reported */
        const AstActOp *op = it->as.act_op;
        PinIn in;
        memset(&in, 0, sizeof in);
        in.wo = op->wo;
        in.step = op->step;
        in.sub = op->sub;
        in.machine = op->machine;
        in.unit = op->unit;
        in.span = it->span;
        in.wo_span = op->wo_span;
        in.step_span = op->step_span;
        in.machine_span = op->machine_span;
        in.unit_span = op->unit_span;
        bool ok = true;
        for (uint32_t k = 0; k < op->items.len; k++) {
            AstNode *st = op->items.items[k];
            if (st->kind != AST_SETTING || st->as.setting.key != SET_START) continue;
            AstNode *v = st->as.setting.value;
            ExprCtx cx = {SCOPE_CONST, SYM_NONE, NULL, "a pin's start"};
            Type t = sema_expr(s, &cx, v);
            double x;
            Sym str;
            if (t.kind == TY_ERROR) ok = false;
            else if (t.kind != TY_DATETIME && t.kind != TY_DATE) {
                char b[64];
                Diag *g = diag_error(D(s), v->span, DIAG_WRONG_TYPE, "a pin's start must be a date and time, not %s",
                                     type_phrase(t, b, sizeof b));
                diag_hint(g, "write it like 2026-12-08 14:30");
                ok = false;
            } else if (sema_const_value(s, v, &x, &str)) {
                in.has_start = true;
                in.start = (int64_t)llround(x);
                in.start_span = v->span;
            } else ok = false;
        }
        if (ok) add_pin(s, &in);
    }
}

/* ---- pins "FILE.csv" and --pins FILE.csv ------------------------------------------------ */
enum { PC_WO, PC_OP, PC_MACHINE, PC_UNIT, PC_START, PC_FIRM, PC_END, PC__COUNT };
static const char *const pc_names[PC__COUNT] = {"work_order", "operation", "machine", "unit", "start", "firm", "end"};

#define PINS_MAX_COLUMNS 64

typedef struct Field {
    uint32_t lo, hi;   /* its text in the file (inside quotes, if quoted) */
    char *text;        /* unquoted, NUL-terminated (tk_alloc'd) */
} Field;

/* One line as RFC 4180 fields; false with E0480 if a quote is left open or
 * stray text follows one. */
static bool split_line(Sema *s, FileId f, const char *t, uint32_t lo, uint32_t hi, Field *fl, uint32_t *nf)
{
    uint32_t i = lo, n = 0;
    for (;;) {
        if (n == PINS_MAX_COLUMNS) {
            diag_error(D(s), (Span){f, lo, hi}, DIAG_PINS_FILE, "more than %d columns", PINS_MAX_COLUMNS);
            *nf = n;
            return false;
        }
        Field *x = &fl[n++];
        StrBuf b = {0};
        if (i < hi && t[i] == '"') {
            uint32_t q = i++;
            x->lo = i;
            bool closed = false;
            while (i < hi) {
                if (t[i] == '"') {
                    if (i + 1 < hi && t[i + 1] == '"') {
                        sb_putc(&b, '"');
                        i += 2;
                        continue;
                    }
                    closed = true;
                    break;
                }
                sb_putc(&b, t[i++]);
            }
            x->hi = i;
            if (!closed) {
                diag_error(D(s), (Span){f, q, hi}, DIAG_PINS_FILE, "a quoted field that does not end on its line");
                sb_free(&b);
                x->text = tk_strdup("");
                *nf = n;
                return false;
            }
            i++;
            if (i < hi && t[i] != ',') {
                diag_error(D(s), (Span){f, i, hi}, DIAG_PINS_FILE, "text after a quoted field");
                sb_free(&b);
                x->text = tk_strdup("");
                *nf = n;
                return false;
            }
        } else {
            x->lo = i;
            while (i < hi && t[i] != ',') sb_putc(&b, t[i++]);
            x->hi = i;
            /* blanks around an unquoted field are not part of it */
            while (x->lo < x->hi && (t[x->lo] == ' ' || t[x->lo] == '\t')) x->lo++;
            while (x->hi > x->lo && (t[x->hi - 1] == ' ' || t[x->hi - 1] == '\t')) x->hi--;
            b.len = 0;
            sb_putn(&b, t + x->lo, x->hi - x->lo);
        }
        x->text = tk_strdup(sb_cstr(&b));
        sb_free(&b);
        if (i >= hi) break;
        i++; /* the comma */
    }
    *nf = n;
    return true;
}

static void free_fields(Field *fl, uint32_t n)
{
    for (uint32_t k = 0; k < n; k++) tk_free(fl[k].text);
}

static bool ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a, y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
        if (x != y) return false;
    }
    return !*a && !*b;
}

/* "2026-12-07T06:00" or "2026-12-07 06:00": minutes since 1970-01-01. */
static bool parse_time(const char *x, int64_t *out)
{
    int y, mo, d, h, mi;
    char sep, tail;
    if (strlen(x) != 16) return false;
    if (sscanf(x, "%4d-%2d-%2d%c%2d:%2d%c", &y, &mo, &d, &sep, &h, &mi, &tail) != 6) return false;
    if ((sep != 'T' && sep != ' ') || !date_valid(y, mo, d) || h < 0 || h > 24 || mi < 0 || mi > 59 ||
        (h == 24 && mi))
        return false;
    *out = (int64_t)date_from_ymd(y, mo, d) * 1440 + h * 60 + mi;
    return true;
}

/* A name of the model (a step, a machine): ASCII letters, digits and '_'. */
static bool is_name(const char *x)
{
    if (!*x || (*x >= '0' && *x <= '9')) return false;
    for (; *x; x++)
        if (!((*x >= 'a' && *x <= 'z') || (*x >= 'A' && *x <= 'Z') || (*x >= '0' && *x <= '9') || *x == '_'))
            return false;
    return true;
}

static bool has_control(const char *x)
{
    for (; *x; x++)
        if ((unsigned char)*x < 0x20 || *x == 0x7f) return true;
    return false;
}

static void check_file(Sema *s, FileId f, Span named_at)
{
    const SourceFile *sf = sources_get(&s->m->sources, f);
    if (!sf) return;
    const char *t = sf->text;
    uint32_t n = sf->len, i = 0;
    if (n >= 3 && (unsigned char)t[0] == 0xEF && (unsigned char)t[1] == 0xBB && (unsigned char)t[2] == 0xBF) i = 3;
    int col[PC__COUNT];
    for (int c = 0; c < PC__COUNT; c++) col[c] = -1;
    bool header = false;
    Field fl[PINS_MAX_COLUMNS];
    while (i < n) {
        uint32_t lo = i;
        const char *nl = memchr(t + i, '\n', n - i);
        uint32_t hi = nl ? (uint32_t)(nl - t) : n;
        i = nl ? hi + 1 : n;
        if (hi > lo && t[hi - 1] == '\r') hi--;
        if (hi == lo) continue;
        Span line = {f, lo, hi};
        if (memchr(t + lo, 0, hi - lo)) {
            diag_error(D(s), line, DIAG_PINS_FILE, "a line with a NUL byte");
            continue;
        }
        uint32_t nf = 0;
        bool ok = split_line(s, f, t, lo, hi, fl, &nf);
        if (!ok) {
            free_fields(fl, nf);
            if (!header) return;
            continue;
        }
        if (!header) {
            header = true;
            for (uint32_t k = 0; k < nf; k++) {
                const char *h = fl[k].text;
                int c = -1;
                for (int q = 0; q < PC__COUNT; q++)
                    if (ieq(h, pc_names[q])) c = q;
                if (ieq(h, "order")) c = PC_WO; /* a schedule CSV, as takt plan --schedule writes it */
                /* a schedule's resource units (a model with resources): not
                 * pinned, the planner chooses them again */
                if (ieq(h, "resources")) continue;
                Span at = {f, fl[k].lo, fl[k].hi};
                if (c < 0) {
                    Diag *g = diag_error(D(s), at, DIAG_PINS_FILE, "'%s' is not a column of a pins file", h);
                    diag_hint(g, "the columns are work_order (or order), operation, machine, unit, start, firm and end");
                    free_fields(fl, nf);
                    return;
                }
                if (col[c] >= 0) {
                    diag_error(D(s), at, DIAG_PINS_FILE, "column '%s' is given twice", pc_names[c]);
                    free_fields(fl, nf);
                    return;
                }
                col[c] = (int)k;
            }
            if (col[PC_WO] < 0 || (col[PC_OP] < 0 && col[PC_FIRM] < 0) || (col[PC_OP] >= 0 && col[PC_MACHINE] < 0)) {
                Diag *g = diag_error(D(s), line, DIAG_PINS_FILE, "a pins file needs the columns %s",
                                     col[PC_WO] < 0 ? "work_order" : col[PC_OP] >= 0 ? "machine" : "operation and machine, or firm");
                diag_hint(g, "the header is work_order,operation,machine,unit,start (and firm, to mark work orders firm)");
                free_fields(fl, nf);
                return;
            }
            free_fields(fl, nf);
            continue;
        }
#define FIELD(c) (col[c] >= 0 && (uint32_t)col[c] < nf ? fl[col[c]].text : "")
#define FSPAN(c) (col[c] >= 0 && (uint32_t)col[c] < nf ? (Span){f, fl[col[c]].lo, fl[col[c]].hi} : line)
        const char *wo = FIELD(PC_WO), *op = FIELD(PC_OP), *mc = FIELD(PC_MACHINE), *unit = FIELD(PC_UNIT),
                   *start = FIELD(PC_START), *firm = FIELD(PC_FIRM);
        bool bad = false;
        if (!*wo || has_control(wo)) {
            diag_error(D(s), FSPAN(PC_WO), DIAG_PINS_FILE, *wo ? "a work order name with a control character"
                                                               : "a row without its work order");
            bad = true;
        }
        bool is_firm = false;
        if (*firm) {
            if (ieq(firm, "yes") || ieq(firm, "true") || strcmp(firm, "1") == 0) is_firm = true;
            else if (!(ieq(firm, "no") || ieq(firm, "false") || strcmp(firm, "0") == 0)) {
                diag_error(D(s), FSPAN(PC_FIRM), DIAG_PINS_FILE, "'%s' is not yes or no", firm);
                bad = true;
            }
        }
        if (!*op && !is_firm && !bad) {
            Diag *g = diag_error(D(s), line, DIAG_PINS_FILE, "a row that pins nothing: no operation, and not firm");
            diag_hint(g, "give the operation and machine, or firm yes");
            bad = true;
        }
        PinIn in;
        memset(&in, 0, sizeof in);
        in.unit = -1;
        if (*op && !bad) {
            char *hash = strchr(op, '#');
            if (hash) {
                char *e;
                long k = strtol(hash + 1, &e, 10);
                if (!hash[1] || *e || k < 1 || k > SUBLOT_MAX) {
                    diag_error(D(s), FSPAN(PC_OP), DIAG_PINS_FILE, "'%s' is not a step or a sublot (assemble#2)", op);
                    bad = true;
                } else in.sub = (int32_t)k;
                *hash = 0;
            }
            if (!bad && !is_name(op)) {
                diag_error(D(s), FSPAN(PC_OP), DIAG_PINS_FILE, "'%s' is not a step name", op);
                bad = true;
            }
            if (!bad && !is_name(mc)) {
                diag_error(D(s), FSPAN(PC_MACHINE), DIAG_PINS_FILE, *mc ? "'%s' is not a machine name" : "%sa row without its machine", mc);
                bad = true;
            }
            if (!bad && *unit) {
                char *e;
                double u = strtod(unit, &e);
                if (*e || u < 1 || u != floor(u) || u > 1e6) {
                    diag_error(D(s), FSPAN(PC_UNIT), DIAG_PINS_FILE, "'%s' is not a unit number", unit);
                    bad = true;
                } else {
                    in.unit = u;
                    in.unit_span = FSPAN(PC_UNIT);
                }
            }
            if (!bad && *start) {
                if (!parse_time(start, &in.start)) {
                    Diag *g = diag_error(D(s), FSPAN(PC_START), DIAG_PINS_FILE, "'%s' is not a date and time", start);
                    diag_hint(g, "times are written 2026-12-07T06:00 or 2026-12-07 06:00");
                    bad = true;
                } else {
                    in.has_start = true;
                    in.start_span = FSPAN(PC_START);
                }
            }
        }
        if (!bad) {
            Sym wos = intern_cstr(&s->m->strs, wo);
            if (*op) {
                in.wo = wos;
                in.step = intern_cstr(&s->m->strs, op);
                in.machine = intern_cstr(&s->m->strs, mc);
                in.span = line;
                in.wo_span = FSPAN(PC_WO);
                in.step_span = FSPAN(PC_OP);
                in.machine_span = FSPAN(PC_MACHINE);
                if (!in.unit_span.file) in.unit_span = in.machine_span;
                add_pin(s, &in);
            }
            if (is_firm) add_firm(s, wos, FSPAN(PC_WO));
        }
        free_fields(fl, nf);
#undef FIELD
#undef FSPAN
    }
    if (!header) {
        Diag *g = diag_error(D(s), named_at.file ? named_at : (Span){f, 0, 0}, DIAG_PINS_FILE, "the pins file '%s' is empty",
                             sf->display);
        diag_hint(g, "its first line is the header: work_order,operation,machine,unit,start");
    }
}

void sema_pins(Sema *s)
{
    const Loader *l = &s->m->loader;
    for (uint32_t f = 0; f < l->files.len; f++) {
        AstNode *root = l->files.data[f].root;
        if (!root) continue;
        for (uint32_t i = 0; i < root->as.file.items.len; i++) {
            AstNode *d = root->as.file.items.items[i];
            if (d->kind == AST_PINS) check_block(s, d);
            else if (d->kind == AST_PINS_FILE && d->as.pins_file.data) check_file(s, d->as.pins_file.data, d->as.pins_file.path_span);
        }
    }
    for (uint32_t k = 0; k < s->m->extra_pins.len; k++) check_file(s, s->m->extra_pins.data[k], span_none());
}
