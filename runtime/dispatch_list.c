/* dispatch_list.c: shop-floor dispatch lists (dispatch_list.h,
 * docs/dispatch.md). One list per machine unit: its operations that run in
 * the window — the shift, day or week that holds the given moment, or a
 * range — in the order the unit runs them, each with its times, work order,
 * step (a sublot as assemble#2), product and pieces, its setup and what
 * changes for it (the `setup by` attributes from the job before it on the
 * unit), its run, and, for a work order's first steps, the material and
 * components to stage, for the operation's pieces. A subcontractor's list
 * is what is sent out or comes back in the window.
 *
 * The list is made from operations as the plan has them (DlOp), from a
 * Plan in memory or from a plan file, so that `takt plan --dispatch-list`
 * and `takt dispatch` give the same bytes. Every name is escaped for
 * its output (esc.h): text for people, RFC 4180 CSV, HTML entities. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/esc.h"
#include "dispatch_list.h"

typedef struct DlOp {
    const char *wo;
    const char *step;        /* as the plan names it: assemble, assemble#2 */
    int32_t step_ix;         /* its routing step */
    int32_t wo_ix;           /* its work order (Dl.wos) */
    int32_t machine, unit;   /* unit from 0; -1 for work sent out */
    int64_t start, end;
    double setup, run, qty;
    uint8_t actual, pinned;
} DlOp;

typedef struct DlWo {
    const char *name;
    int32_t product;
    int32_t parent;          /* the work order it makes a component of, -1 if none */
} DlWo;

typedef struct Dl {
    const IrModel *ir;
    const DispatchOptions *o;
    DlOp *ops;
    uint32_t n;
    DlWo *wos;
    uint32_t nwo;
    int64_t now;
    uint32_t *by_unit;       /* ops sorted by machine name, unit, start, end, work order, step */
    uint32_t *mrank;         /* per machine: its place by name */
    uint32_t *child_at, *child; /* per work order: the work orders making its components */
} Dl;

void dispatch_options_default(DispatchOptions *o)
{
    memset(o, 0, sizeof *o);
    o->format = DL_TEXT;
    o->window = DL_DAY;
    o->from = o->until = -1;
}

DispatchFormat dispatch_format_of(const char *path)
{
    size_t n = strlen(path);
    if (n >= 4 && strcmp(path + n - 4, ".csv") == 0) return DL_CSV;
    if ((n >= 5 && strcmp(path + n - 5, ".html") == 0) || (n >= 4 && strcmp(path + n - 4, ".htm") == 0)) return DL_HTML;
    return DL_TEXT;
}

/* ---- order -------------------------------------------------------------------------------- */
static const Dl *cmp_dl;
static int mrank_cmp(const void *a, const void *b)
{
    return strcmp(cmp_dl->ir->machines[*(const uint32_t *)a].name, cmp_dl->ir->machines[*(const uint32_t *)b].name);
}

static int op_cmp(const void *a, const void *b)
{
    const Dl *D = cmp_dl;
    const DlOp *x = &D->ops[*(const uint32_t *)a], *y = &D->ops[*(const uint32_t *)b];
    if (x->machine != y->machine) return D->mrank[x->machine] < D->mrank[y->machine] ? -1 : 1;
    if (x->unit != y->unit) return x->unit < y->unit ? -1 : 1;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->end != y->end) return x->end < y->end ? -1 : 1;
    int c = strcmp(x->wo, y->wo);
    return c ? c : strcmp(x->step, y->step);
}

static void prepare(Dl *D)
{
    const IrModel *ir = D->ir;
    uint32_t nm = ir->nmachines;
    uint32_t *by = tk_xalloc((nm + 1) * sizeof(uint32_t));
    D->mrank = tk_xalloc((nm + 1) * sizeof(uint32_t));
    for (uint32_t i = 0; i < nm; i++) by[i] = i;
    cmp_dl = D;
    qsort(by, nm, sizeof(uint32_t), mrank_cmp);
    for (uint32_t k = 0; k < nm; k++) D->mrank[by[k]] = k;
    tk_free(by);
    D->by_unit = tk_xalloc((D->n + 1) * sizeof(uint32_t));
    for (uint32_t i = 0; i < D->n; i++) D->by_unit[i] = i;
    qsort(D->by_unit, D->n, sizeof(uint32_t), op_cmp);
    /* components: each work order's children, by name */
    D->child_at = tk_xalloc((D->nwo + 2) * sizeof(uint32_t));
    memset(D->child_at, 0, (D->nwo + 2) * sizeof(uint32_t));
    for (uint32_t k = 0; k < D->nwo; k++)
        if (D->wos[k].parent >= 0) D->child_at[D->wos[k].parent + 1]++;
    for (uint32_t k = 0; k < D->nwo; k++) D->child_at[k + 1] += D->child_at[k];
    D->child = tk_xalloc((D->child_at[D->nwo] + 1) * sizeof(uint32_t));
    uint32_t *fill = tk_xalloc((D->nwo + 1) * sizeof(uint32_t));
    memcpy(fill, D->child_at, (D->nwo + 1) * sizeof(uint32_t));
    for (uint32_t k = 0; k < D->nwo; k++)
        if (D->wos[k].parent >= 0) D->child[fill[D->wos[k].parent]++] = k;
    tk_free(fill);
}

static void dl_free(Dl *D)
{
    tk_free(D->by_unit);
    tk_free(D->mrank);
    tk_free(D->child_at);
    tk_free(D->child);
}

/* ---- the window ------------------------------------------------------------------------- */
static int64_t floor_day(int64_t t) { return t >= 0 ? t / 1440 : -((-t + 1439) / 1440); }

/* The shifts of day d as written (docs/language.md §6): the weekday's (the
 * calendar's own, else its base's), none on a day closed whole, and the
 * overtime of that date; minutes since 1970-01-01, by start. */
static void day_shifts(const IrModel *ir, const IrCalendar *c, int32_t d, I64Vec *out)
{
    out->len = 0;
    int wd = date_weekday(d);
    const IrCalendar *src = c;
    while (src && !src->has_day[wd]) src = src->base >= 0 ? &ir->calendars[src->base] : NULL;
    bool closed = false;
    for (const IrCalendar *x = c; x; x = x->base >= 0 ? &ir->calendars[x->base] : NULL)
        for (uint32_t k = 0; k < x->nclosed; k++)
            if (x->closed[k].from <= d && d <= x->closed[k].to && x->closed[k].nshifts == 0) closed = true;
    if (src && !closed)
        for (uint32_t k = 0; k < src->nday[wd]; k++) {
            vec_push(out, (int64_t)d * 1440 + src->day[wd][k].lo);
            vec_push(out, (int64_t)d * 1440 + src->day[wd][k].hi);
        }
    for (const IrCalendar *x = c; x; x = x->base >= 0 ? &ir->calendars[x->base] : NULL)
        for (uint32_t k = 0; k < x->novertime; k++) {
            const IrDateRule *r = &x->overtime[k];
            if (r->from > d || d > r->to) continue;
            for (uint32_t q = 0; q < r->nshifts; q++) {
                vec_push(out, (int64_t)d * 1440 + r->shifts[q].lo);
                vec_push(out, (int64_t)d * 1440 + r->shifts[q].hi);
            }
        }
    /* by start (a few a day: insertion) */
    for (uint32_t i = 2; i < out->len; i += 2)
        for (uint32_t j = i; j >= 2 && out->data[j] < out->data[j - 2]; j -= 2) {
            int64_t a = out->data[j], b = out->data[j + 1];
            out->data[j] = out->data[j - 2], out->data[j + 1] = out->data[j - 1];
            out->data[j - 2] = a, out->data[j - 1] = b;
        }
}

static const char *const wdays[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

/* "Tue 2026-12-08" */
static void put_day(StrBuf *b, int64_t t)
{
    char buf[32];
    fmt_datetime_sp(buf, sizeof buf, t);
    buf[10] = 0;
    sb_printf(b, "%s %s", wdays[date_weekday((int32_t)floor_day(t))], buf);
}

static void put_hm(StrBuf *b, int64_t t)
{
    char buf[32];
    fmt_datetime_sp(buf, sizeof buf, t);
    sb_puts(b, buf + 11);
}

/* The window of machine m: [lo, hi), and its words for people. */
static void window_of(const Dl *D, int32_t m, int64_t *lo, int64_t *hi, StrBuf *label)
{
    const IrModel *ir = D->ir;
    const DispatchOptions *o = D->o;
    int64_t from = o->from >= 0 ? o->from : D->now;
    int64_t day = floor_day(from);
    char b1[32], b2[32];
    label->len = 0;
    switch (o->window) {
    case DL_RANGE:
        *lo = from;
        *hi = o->until;
        fmt_datetime_sp(b1, sizeof b1, *lo);
        fmt_datetime_sp(b2, sizeof b2, *hi);
        sb_printf(label, "%s to %s", b1, b2);
        return;
    case DL_WEEK: {
        int wd = date_weekday((int32_t)day);
        *lo = (day - wd) * 1440;
        *hi = *lo + 7 * 1440;
        fmt_datetime_sp(b1, sizeof b1, *lo);
        fmt_datetime_sp(b2, sizeof b2, *hi - 1440);
        b1[10] = b2[10] = 0;
        sb_printf(label, "week of %s to %s", b1, b2);
        return;
    }
    case DL_SHIFT: {
        const IrMachine *mc = &ir->machines[m];
        if (mc->calendar < 0 || mc->subcontract) break; /* no shifts: the day */
        const IrCalendar *c = &ir->calendars[mc->calendar];
        I64Vec sh = {0};
        /* the shift that holds `from`, else the next; a night shift belongs to the day before */
        for (int64_t d = day - 1; d <= day + 31 && d * 1440 < ir->end; d++) {
            day_shifts(ir, c, (int32_t)d, &sh);
            for (uint32_t k = 0; k + 1 < sh.len; k += 2) {
                int64_t s0 = sh.data[k], s1 = sh.data[k + 1];
                if (s1 <= from || cal_work_between(c, s0, s1) <= 0) continue;
                *lo = s0;
                *hi = s1;
                sb_puts(label, "shift ");
                put_day(label, s0);
                sb_putc(label, ' ');
                put_hm(label, s0);
                sb_putc(label, '-');
                put_hm(label, s1);
                if (floor_day(s1 - 1) != floor_day(s0)) sb_puts(label, "+1");
                vec_free(&sh);
                return;
            }
        }
        vec_free(&sh);
        *lo = *hi = from;
        sb_puts(label, "no shift in the month from ");
        fmt_datetime_sp(b1, sizeof b1, from);
        sb_puts(label, b1);
        return;
    }
    case DL_DAY: break;
    }
    *lo = day * 1440;
    *hi = *lo + 1440;
    sb_puts(label, "day ");
    put_day(label, *lo);
    if (o->window == DL_SHIFT) sb_puts(label, " (the machine works without shifts)");
}

/* ---- what an operation needs ------------------------------------------------------------ */
static void put_attr_value(const IrModel *ir, StrBuf *b, int32_t a, double v)
{
    uint8_t ty = ir->attr_types[ATAB_JOB][a];
    char buf[64];
    if (ty == TY_STRING) sb_puts(b, (Sym)v ? sym_str(ir->strs, (Sym)v) : "(none)");
    else if (ty == TY_BOOL) sb_puts(b, v != 0 ? "true" : "false");
    else if (ty == TY_DATETIME) fmt_datetime_sp(buf, sizeof buf, (int64_t)v), sb_puts(b, buf);
    else fmt_double(buf, sizeof buf, v), sb_puts(b, buf);
}

/* What changes for op k's setup: each `setup by` attribute from the job
 * before it on the unit (prev, -1: none) to it; empty if the machine has no
 * setup by attribute. Unescaped: the caller escapes it for its output. */
static void setup_change(const Dl *D, const DlOp *op, const DlOp *prev, StrBuf *b)
{
    const IrModel *ir = D->ir;
    const IrMachine *mc = &ir->machines[op->machine];
    int32_t prod = op->wo_ix >= 0 ? D->wos[op->wo_ix].product : -1;
    int32_t pprod = prev && prev->wo_ix >= 0 ? D->wos[prev->wo_ix].product : -1;
    if (prod < 0) return;
    for (uint32_t k = 0; k < mc->nsetup_by; k++) {
        int32_t a = mc->setup_by[k].attr;
        if (b->len) sb_puts(b, "; ");
        sb_printf(b, "%s ", ir->attr_names[ATAB_JOB][a]);
        if (!prev || pprod < 0) {
            put_attr_value(ir, b, a, ir->products[prod].attrs[a]);
            sb_puts(b, " (first on the unit)");
            continue;
        }
        double x = ir->products[pprod].attrs[a], y = ir->products[prod].attrs[a];
        if (x == y) {
            put_attr_value(ir, b, a, y);
            sb_puts(b, " (same)");
        } else {
            put_attr_value(ir, b, a, x);
            sb_puts(b, " -> ");
            put_attr_value(ir, b, a, y);
        }
    }
}

/* What to stage for op k: for a first step of its work order, the bill of
 * materials for its pieces — materials in their unit, components with the
 * work orders that make them. Unescaped. */
static void staging(const Dl *D, const DlOp *op, StrBuf *b)
{
    const IrModel *ir = D->ir;
    if (op->wo_ix < 0 || op->step_ix < 0) return;
    const DlWo *w = &D->wos[op->wo_ix];
    const IrProduct *pr = &ir->products[w->product];
    if (pr->steps[op->step_ix].npreds) return; /* the material came to its first steps */
    char q[40];
    for (uint32_t k = 0; k < pr->nbom; k++) {
        const IrBomLine *bl = &pr->bom[k];
        if (b->len) sb_puts(b, "; ");
        fmt_double(q, sizeof q, round(bl->qty * op->qty * 1e6) / 1e6);
        if (!bl->is_product) {
            sb_printf(b, "%s %s", ir->materials[bl->item].name, q);
            if (strcmp(ir->materials[bl->item].uom, "pcs") != 0) sb_printf(b, " %s", ir->materials[bl->item].uom);
            continue;
        }
        sb_printf(b, "%s %s", ir->products[bl->item].name, q);
        uint32_t shown = 0;
        for (uint32_t j = D->child_at[op->wo_ix]; j < D->child_at[op->wo_ix + 1]; j++) {
            const DlWo *c = &D->wos[D->child[j]];
            if (c->product != bl->item) continue;
            sb_puts(b, shown++ ? ", " : " from ");
            sb_puts(b, c->name);
        }
        if (!shown) sb_puts(b, " from stock");
    }
}

static const char *status_of(const DlOp *op, int64_t lo)
{
    if (op->actual == ACT_DONE) return "done";
    if (op->actual == ACT_RUNNING) return "running";
    if (op->start < lo) return "continues";
    switch (op->pinned) {
    case PIN_MODEL: return "pinned";
    case PIN_FIRM: return "firm";
    case PIN_FROZEN: return "frozen";
    default: return "";
    }
}

/* ---- writers ------------------------------------------------------------------------------ */
typedef struct Row {
    uint32_t op;
    uint32_t seq;
} Row;

static void csv_field(StrBuf *o, const char *s)
{
    /* RFC 4180, and never a line that starts with "::" (esc.h) */
    unsigned char c0 = (unsigned char)s[0];
    if (c0 != ' ' && c0 != ':' && c0 != '\t' && c0 < 0x80 && !strpbrk(s, ",\"\r\n")) {
        sb_puts(o, s);
        return;
    }
    sb_putc(o, '"');
    for (; *s; s++) {
        if (*s == '"') sb_putc(o, '"');
        sb_putc(o, *s);
    }
    sb_putc(o, '"');
}

static void fmt_minutes(char *b, size_t n, double v)
{
    int64_t m = (int64_t)ceil(v - 1e-9);
    if (m < 0) m = 0;
    snprintf(b, n, "%lld:%02lld", (long long)(m / 60), (long long)(m % 60));
}

/* A unit's (or a subcontractor's) list: its rows, in every format. */
static void put_unit(const Dl *D, int32_t m, int32_t u, const Row *rows, uint32_t nr, int64_t lo, int64_t hi,
                     const char *label, StrBuf *out)
{
    const IrModel *ir = D->ir;
    const IrMachine *mc = &ir->machines[m];
    DispatchFormat f = D->o->format;
    StrBuf chg = {0}, stage = {0}, cell = {0};
    char b1[32], b2[32], q[40], su[32], ru[32];
    double work = 0;
    for (uint32_t r = 0; r < nr; r++) work += D->ops[rows[r].op].setup + D->ops[rows[r].op].run;
    if (f == DL_TEXT) {
        esc_text(out, mc->name);
        if (!mc->subcontract) sb_printf(out, " %d", u + 1);
        sb_printf(out, " — %s", label);
        if (mc->subcontract) sb_printf(out, ": %u sent out or coming back\n", nr);
        else {
            fmt_minutes(b1, sizeof b1, work);
            sb_printf(out, ": %u operation%s, %s of work\n", nr, nr == 1 ? "" : "s", b1);
        }
        if (!nr) sb_puts(out, "  nothing planned\n");
    } else if (f == DL_HTML) {
        sb_puts(out, "<section>\n<h2>");
        esc_xml(out, mc->name);
        if (!mc->subcontract) sb_printf(out, " %d", u + 1);
        sb_puts(out, "</h2>\n<p class=\"window\">");
        esc_xml(out, label);
        if (mc->subcontract) sb_printf(out, " — %u sent out or coming back", nr);
        else {
            fmt_minutes(b1, sizeof b1, work);
            sb_printf(out, " — %u operation%s, %s of work", nr, nr == 1 ? "" : "s", b1);
        }
        sb_puts(out, "</p>\n");
        if (!nr) sb_puts(out, "<p>Nothing planned.</p>\n");
        else
            sb_puts(out, "<table>\n<thead><tr><th>#</th><th>start</th><th>end</th><th>work order</th><th>operation</th>"
                         "<th>product</th><th class=\"n\">qty</th><th>setup</th><th>run</th><th>stage</th><th>status</th>"
                         "<th class=\"tick\">done</th></tr></thead>\n<tbody>\n");
    }
    for (uint32_t r = 0; r < nr; r++) {
        const DlOp *op = &D->ops[rows[r].op];
        const DlOp *prev = NULL;
        /* the job before it on the unit: the last one before it that took time */
        if (!mc->subcontract)
            for (uint32_t k = rows[r].seq; k-- > 0;) {
                const DlOp *x = &D->ops[D->by_unit[k]];
                if (x->machine != op->machine || x->unit != op->unit) break;
                if (x->end > x->start && x->end <= op->start) {
                    prev = x;
                    break;
                }
            }
        chg.len = stage.len = 0;
        if (!mc->subcontract) setup_change(D, op, prev, &chg);
        staging(D, op, &stage);
        const char *product = op->wo_ix >= 0 ? ir->products[D->wos[op->wo_ix].product].name : "";
        fmt_datetime_sp(b1, sizeof b1, op->start);
        fmt_datetime_sp(b2, sizeof b2, op->end);
        fmt_double(q, sizeof q, op->qty);
        fmt_minutes(su, sizeof su, op->setup);
        fmt_minutes(ru, sizeof ru, op->run);
        const char *status = status_of(op, lo);
        if (mc->subcontract)
            status = op->start >= lo && op->start < hi ? (op->end < hi ? "send; back" : "send") : "back";
        if (f == DL_CSV) {
            csv_field(out, mc->name);
            sb_putc(out, ',');
            if (!mc->subcontract) sb_printf(out, "%d", u + 1);
            sb_printf(out, ",%u,", r + 1);
            fmt_datetime(b1, sizeof b1, op->start);
            fmt_datetime(b2, sizeof b2, op->end);
            sb_printf(out, "%s,%s,", b1, b2);
            csv_field(out, op->wo);
            sb_putc(out, ',');
            csv_field(out, op->step);
            sb_putc(out, ',');
            csv_field(out, product);
            sb_printf(out, ",%s,", q);
            fmt_double(su, sizeof su, round(op->setup * 1e6) / 1e6);
            fmt_double(ru, sizeof ru, round(op->run * 1e6) / 1e6);
            sb_printf(out, "%s,", su);
            csv_field(out, sb_cstr(&chg));
            sb_printf(out, ",%s,", ru);
            csv_field(out, sb_cstr(&stage));
            sb_putc(out, ',');
            csv_field(out, status);
            sb_putc(out, '\n');
        } else if (f == DL_TEXT) {
            sb_printf(out, "  %3u  %s  %s  ", r + 1, b1, b2);
            cell.len = 0;
            esc_text(&cell, op->wo);
            sb_putc(&cell, ' ');
            esc_text(&cell, op->step);
            sb_printf(out, "%s  ", sb_cstr(&cell));
            esc_text(out, product);
            sb_printf(out, " %s", q);
            if (!mc->subcontract) sb_printf(out, "  setup %s  run %s", su, ru);
            if (*status) sb_printf(out, "  [%s]", status);
            sb_putc(out, '\n');
            if (chg.len) {
                sb_puts(out, "       set up: ");
                esc_text(out, sb_cstr(&chg));
                sb_putc(out, '\n');
            }
            if (stage.len) {
                sb_puts(out, "       stage:  ");
                esc_text(out, sb_cstr(&stage));
                sb_putc(out, '\n');
            }
        } else {
            sb_printf(out, "<tr><td class=\"n\">%u</td><td>%s</td><td>%s</td><td>", r + 1, b1, b2);
            esc_xml(out, op->wo);
            sb_puts(out, "</td><td>");
            esc_xml(out, op->step);
            sb_puts(out, "</td><td>");
            esc_xml(out, product);
            sb_printf(out, "</td><td class=\"n\">%s</td><td>", q);
            if (!mc->subcontract) {
                sb_puts(out, su);
                if (chg.len) {
                    sb_puts(out, "<br><small>");
                    esc_xml(out, sb_cstr(&chg));
                    sb_puts(out, "</small>");
                }
            }
            sb_puts(out, "</td><td>");
            if (!mc->subcontract) sb_puts(out, ru);
            sb_puts(out, "</td><td>");
            esc_xml(out, sb_cstr(&stage));
            sb_puts(out, "</td><td>");
            esc_xml(out, status);
            sb_puts(out, "</td><td class=\"tick\">&#9744;</td></tr>\n");
        }
    }
    if (f == DL_HTML) sb_puts(out, nr ? "</tbody>\n</table>\n</section>\n" : "</section>\n");
    else if (f == DL_TEXT) sb_putc(out, '\n');
    sb_free(&chg);
    sb_free(&stage);
    sb_free(&cell);
}

static bool listed(const Dl *D, int32_t m)
{
    const DispatchOptions *o = D->o;
    if (!o->machines) return true;
    for (uint32_t k = 0; k < o->nmachines; k++)
        if (strcmp(o->machines[k], D->ir->machines[m].name) == 0) return true;
    return false;
}

static void write_list(Dl *D, StrBuf *out)
{
    const IrModel *ir = D->ir;
    const DispatchOptions *o = D->o;
    prepare(D);
    char b1[32];
    int64_t from = o->from >= 0 ? o->from : D->now;
    fmt_datetime_sp(b1, sizeof b1, from);
    if (o->format == DL_CSV)
        sb_puts(out, "machine,unit,seq,start,end,work_order,operation,product,qty,setup,setup_change,run,stage,status\n");
    else if (o->format == DL_TEXT) {
        sb_puts(out, "Dispatch list of ");
        esc_text(out, ir->plant_name[0] ? ir->plant_name : "the plant");
        sb_printf(out, " from %s\n\n", b1);
    } else {
        sb_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Dispatch list — ");
        esc_xml(out, ir->plant_name[0] ? ir->plant_name : "the plant");
        sb_puts(out, "</title>\n<style>\n"
                     "body { font: 11pt/1.35 system-ui, sans-serif; margin: 1.5em; color: #111; }\n"
                     "h1 { font-size: 15pt; margin: 0 0 .3em; } h2 { font-size: 13pt; margin: 1.2em 0 .2em; }\n"
                     "p.window { margin: 0 0 .5em; color: #444; }\n"
                     "table { border-collapse: collapse; width: 100%; }\n"
                     "th, td { border: 1px solid #999; padding: 3px 5px; text-align: left; vertical-align: top; }\n"
                     "th { background: #eee; } td.n, th.n { text-align: right; } td.tick, th.tick { text-align: center; }\n"
                     "small { color: #444; }\n"
                     "@media print { body { margin: 0; } section { page-break-after: always; } th { background: none; } }\n"
                     "</style>\n</head>\n<body>\n<h1>Dispatch list — ");
        esc_xml(out, ir->plant_name[0] ? ir->plant_name : "the plant");
        sb_printf(out, "</h1>\n<p class=\"window\">From %s.</p>\n", b1);
    }
    StrBuf label = {0};
    Row *rows = tk_xalloc((D->n + 1) * sizeof(Row));
    uint32_t *order = tk_xalloc((ir->nmachines + 1) * sizeof(uint32_t));
    for (uint32_t m = 0; m < ir->nmachines; m++) order[D->mrank[m]] = m;
    uint32_t k = 0; /* the ops by unit, walked once */
    uint32_t shown = 0;
    for (uint32_t r = 0; r < ir->nmachines; r++) {
        int32_t m = (int32_t)order[r];
        const IrMachine *mc = &ir->machines[m];
        while (k < D->n && D->mrank[D->ops[D->by_unit[k]].machine] < r) k++;
        if (!listed(D, m)) continue;
        int64_t lo, hi;
        window_of(D, m, &lo, &hi, &label);
        uint32_t nu = mc->subcontract ? 1 : mc->units;
        for (uint32_t u = 0; u < nu; u++) {
            int32_t uu = mc->subcontract ? -1 : (int32_t)u;
            uint32_t nr = 0;
            while (k < D->n && D->ops[D->by_unit[k]].machine == m && D->ops[D->by_unit[k]].unit < uu) k++;
            for (; k < D->n && D->ops[D->by_unit[k]].machine == m && D->ops[D->by_unit[k]].unit == uu; k++) {
                const DlOp *op = &D->ops[D->by_unit[k]];
                bool in = mc->subcontract ? (op->start >= lo && op->start < hi) || (op->end >= lo && op->end < hi)
                                          : (op->start < hi && (op->end > lo || (op->end == op->start && op->start >= lo)));
                if (in) rows[nr++] = (Row){D->by_unit[k], k};
            }
            if (o->unit > 0 && !mc->subcontract && (int32_t)u + 1 != o->unit) continue;
            /* every unit of a machine asked for; else the ones with work */
            if (!nr && !o->machines) continue;
            put_unit(D, m, uu, rows, nr, lo, hi, sb_cstr(&label), out);
            shown++;
        }
    }
    /* not one machine with work in the window: say so, not an empty page */
    if (!shown && o->format == DL_TEXT) sb_puts(out, "No machine has work in this window.\n");
    else if (!shown && o->format == DL_HTML) sb_puts(out, "<p>No machine has work in this window.</p>\n");
    if (o->format == DL_HTML) sb_puts(out, "</body>\n</html>\n");
    tk_free(rows);
    tk_free(order);
    sb_free(&label);
    dl_free(D);
}

/* ---- from a plan ------------------------------------------------------------------------ */
void dispatch_list_plan(const Plan *p, const DispatchOptions *o, StrBuf *out)
{
    const IrModel *ir = p->ir;
    Dl D;
    memset(&D, 0, sizeof D);
    D.ir = ir;
    D.o = o;
    D.now = plan_now(ir);
    D.nwo = p->wos.len;
    D.wos = tk_xalloc((D.nwo + 1) * sizeof(DlWo));
    for (uint32_t i = 0; i < D.nwo; i++) D.wos[i] = (DlWo){p->wos.data[i].name, p->wos.data[i].product, p->wos.data[i].parent};
    D.ops = tk_xalloc((p->ops.len + 1) * sizeof(DlOp));
    StrBuf names = {0}; /* sublots' names, one after another, NUL-separated */
    uint32_t *name_at = tk_xalloc((p->ops.len + 1) * sizeof(uint32_t));
    for (uint32_t i = 0; i < p->ops.len; i++) {
        const Op *op = &p->ops.data[i];
        if (op->machine < 0) continue;
        const IrStep *st = &ir->products[p->wos.data[op->wo].product].steps[op->step];
        name_at[D.n] = UINT32_MAX;
        if (op->nsub > 1) {
            name_at[D.n] = (uint32_t)names.len;
            sb_printf(&names, "%s#%u", st->name, (unsigned)op->sub + 1);
            sb_putc(&names, 0);
        }
        D.ops[D.n++] = (DlOp){p->wos.data[op->wo].name, st->name, op->step, op->wo, op->machine,
                              ir->machines[op->machine].subcontract ? -1 : op->unit, op->start, op->end, op->setup,
                              op->run, op->qty, op->actual, op->pinned};
    }
    for (uint32_t i = 0; i < D.n; i++)
        if (name_at[i] != UINT32_MAX) D.ops[i].step = names.data + name_at[i];
    write_list(&D, out);
    sb_free(&names);
    tk_free(name_at);
    tk_free(D.ops);
    tk_free(D.wos);
}

/* ---- from a plan file ------------------------------------------------------------------- */
char *dispatch_list_file(const IrModel *ir, const PlanFile *pf, const DispatchOptions *o, StrBuf *out)
{
    if (pf->csv) return tk_strdup("a schedule CSV has no work orders or quantities: give the plan file (takt plan -o)");
    Dl D;
    memset(&D, 0, sizeof D);
    D.ir = ir;
    D.o = o;
    D.now = plan_now(ir);
    NameIndex products, machines, wos;
    nameindex_init(&products);
    nameindex_init(&machines);
    nameindex_init(&wos);
    for (uint32_t i = 0; i < ir->nproducts; i++) nameindex_add(&products, ir->products[i].name, (int32_t)i);
    for (uint32_t i = 0; i < ir->nmachines; i++) nameindex_add(&machines, ir->machines[i].name, (int32_t)i);
    char *err = NULL;
    D.wos = tk_xalloc((pf->wos.len + 1) * sizeof(DlWo));
    for (uint32_t i = 0; i < pf->wos.len && !err; i++) {
        const PfWorkOrder *w = &pf->wos.data[i];
        int32_t prod = nameindex_find(&products, w->product ? w->product : "");
        if (prod < 0) err = tk_fmt("work order '%s' makes '%s', which the model does not have", w->name, w->product ? w->product : "");
        D.wos[D.nwo] = (DlWo){w->name, prod, -1};
        nameindex_add(&wos, w->name, (int32_t)D.nwo++);
    }
    for (uint32_t i = 0; i < pf->wos.len && !err; i++)
        if (pf->wos.data[i].parent) D.wos[i].parent = nameindex_find(&wos, pf->wos.data[i].parent);
    D.ops = tk_xalloc((pf->ops.len + 1) * sizeof(DlOp));
    for (uint32_t i = 0; i < pf->ops.len && !err; i++) {
        const PfOp *po = &pf->ops.data[i];
        int32_t wi = nameindex_find(&wos, po->wo);
        int32_t m = po->machine ? nameindex_find(&machines, po->machine) : -1;
        if (wi < 0) {
            err = tk_fmt("operation of '%s', a work order the plan does not list", po->wo);
            break;
        }
        if (m < 0) {
            err = tk_fmt("machine '%s' is not in the model", po->machine ? po->machine : "");
            break;
        }
        const IrMachine *mc = &ir->machines[m];
        if (!mc->subcontract && (po->unit < 1 || (uint32_t)po->unit > mc->units)) {
            err = tk_fmt("'%s' has no unit %d", mc->name, po->unit);
            break;
        }
        size_t len;
        uint32_t sub;
        int32_t step = -1;
        const IrProduct *pr = &ir->products[D.wos[wi].product];
        if (plan_split_step(po->step, &len, &sub))
            for (uint32_t s = 0; s < pr->nsteps; s++)
                if (strlen(pr->steps[s].name) == len && memcmp(pr->steps[s].name, po->step, len) == 0) step = (int32_t)s;
        if (step < 0) {
            err = tk_fmt("'%s' has no step '%s'", pr->name, po->step);
            break;
        }
        double qty = po->qty >= 0 ? po->qty : pf->wos.data[wi].qty;
        D.ops[D.n++] = (DlOp){po->wo, po->step, step, wi, m, mc->subcontract ? -1 : po->unit - 1, po->start, po->end,
                              po->setup > 0 ? po->setup : 0, po->run > 0 ? po->run : 0, qty, po->actual, po->pinned};
    }
    if (!err) write_list(&D, out);
    nameindex_free(&products);
    nameindex_free(&machines);
    nameindex_free(&wos);
    tk_free(D.ops);
    tk_free(D.wos);
    return err;
}
