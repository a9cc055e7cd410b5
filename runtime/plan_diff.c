/* plan_diff.c: the change log between two plans (plan_diff.h, docs/diff.md).
 * Records are matched by identity — orders and work orders by name,
 * operations by work order and step, purchases by material and order date
 * (then, per material, the rest in date order) — and every difference is
 * listed: the plant, the measures, orders that finish earlier or later
 * (the largest moves first, and whether they became late or on time), new
 * and dropped work orders, operations that moved in time or to another
 * machine or unit (summed up per work order when there are many), the
 * cycles of batch machines (matched by their members: see "batches"), and
 * purchases. Text is Markdown, to paste in a pull request. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/esc.h"
#include "compiler/ir.h"
#include "plan_diff.h"

/* ---- matching records by identity ----------------------------------------------- */
/* Every name of both plans, interned, with its place in strcmp order: keys
 * compare as integers, in the order their names would. "" (NULL too) is
 * symbol 0, first. */
typedef struct Names {
    Interner in;
    uint32_t *rank;         /* by symbol */
} Names;

static const char *nz(const char *s) { return s ? s : ""; }

static Sym name_sym(Names *nm, const char *s)
{
    s = nz(s);
    return intern(&nm->in, s, strlen(s));
}

static const Interner *sort_in;
static int sym_cmp(const void *x, const void *y)
{
    return strcmp(sym_str(sort_in, *(const Sym *)x), sym_str(sort_in, *(const Sym *)y));
}

static void names_rank(Names *nm)
{
    uint32_t n = nm->in.count;
    Sym *by = tk_xalloc((n + 1) * sizeof(Sym));
    for (uint32_t k = 1; k < n; k++) by[k - 1] = k;
    sort_in = &nm->in;
    if (n > 2) qsort(by, n - 1, sizeof(Sym), sym_cmp);
    nm->rank = tk_xalloc((n + 1) * sizeof(uint32_t));
    nm->rank[SYM_NONE] = 0;
    for (uint32_t k = 0; k + 1 < n; k++) nm->rank[by[k]] = k + 1; /* interned names differ */
    tk_free(by);
}

/* The symbols of a name field of n records of size sz in data, at offset
 * off, interned; names_ranks makes them ranks once every name is in. */
static uint32_t *name_syms(Names *nm, const void *data, uint32_t n, size_t sz, size_t off)
{
    uint32_t *out = tk_xalloc(((size_t)n + 1) * sizeof(uint32_t));
    for (uint32_t i = 0; i < n; i++) {
        const char *name;
        memcpy(&name, (const char *)data + (size_t)i * sz + off, sizeof name);
        out[i] = name_sym(nm, name);
    }
    return out;
}

static void names_ranks(const Names *nm, uint32_t *syms, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) syms[i] = nm->rank[syms[i]];
}

typedef struct Key {
    uint32_t a, b;          /* ranks of names */
    int64_t t;
    uint32_t ix;
} Key;

static int key_cmp(const void *x, const void *y)
{
    const Key *p = x, *q = y;
    if (p->a != q->a) return p->a < q->a ? -1 : 1;
    if (p->b != q->b) return p->b < q->b ? -1 : 1;
    if (p->t != q->t) return p->t < q->t ? -1 : 1;
    return (p->ix > q->ix) - (p->ix < q->ix);
}

static int rank_cmp(uint32_t a, uint32_t b) { return a < b ? -1 : a > b; }

/* Keys of n records of size sz in data: the ranks of their names a and b
 * (or none), time at offset t (or none); sorted. */
static Key *keys_of(const void *data, uint32_t n, size_t sz, const uint32_t *a, const uint32_t *b, long t)
{
    Key *k = tk_xalloc(((size_t)n + 1) * sizeof(Key));
    for (uint32_t i = 0; i < n; i++) {
        const char *r = (const char *)data + (size_t)i * sz;
        int64_t kt = 0;
        if (t >= 0) memcpy(&kt, r + t, sizeof kt);
        k[i] = (Key){a[i], b ? b[i] : 0, kt, i};
    }
    qsort(k, n, sizeof(Key), key_cmp);
    return k;
}

/* Which names (by rank) are among n ranks. */
static bool *has_names(const Names *nm, const uint32_t *ranks, uint32_t n)
{
    bool *has = tk_xalloc(nm->in.count + 1);
    memset(has, 0, nm->in.count + 1);
    for (uint32_t i = 0; i < n; i++) has[ranks[i]] = true;
    return has;
}

/* ---- formatting ------------------------------------------------------------------- */
static void when(char *b, size_t n, int64_t t)
{
    if (t < 0) snprintf(b, n, "-");
    else fmt_datetime_sp(b, n, t);
}

/* A signed span of minutes: "+1d 03:00", "-0:40", "0:00". */
static void shift(char *b, size_t n, int64_t m)
{
    const char *sign = m < 0 ? "-" : m > 0 ? "+" : "";
    if (m < 0) m = -m;
    if (m >= 1440)
        snprintf(b, n, "%s%lldd %02lld:%02lld", sign, (long long)(m / 1440), (long long)(m % 1440 / 60),
                 (long long)(m % 60));
    else snprintf(b, n, "%s%lld:%02lld", sign, (long long)(m / 60), (long long)(m % 60));
}

static void num(char *b, size_t n, double v) { fmt_double(b, n, v); }

/* Is s a number as JSON writes one (-?int(.digits)?(e[+-]?digits)?)? */
static bool json_number(const char *s)
{
    const char *p = s;
    if (*p == '-') p++;
    if (*p == '0') p++;
    else if (*p >= '1' && *p <= '9')
        while (*p >= '0' && *p <= '9') p++;
    else return false;
    if (*p == '.') {
        p++;
        if (!(*p >= '0' && *p <= '9')) return false;
        while (*p >= '0' && *p <= '9') p++;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-') p++;
        if (!(*p >= '0' && *p <= '9')) return false;
        while (*p >= '0' && *p <= '9') p++;
    }
    return *p == 0;
}

/* A name in Markdown: escaped for people (esc_text: line breaks, terminal
 * escapes, bidi controls become visible escapes), then the characters that
 * would start markup or end a table cell get a backslash. */
static void md(StrBuf *o, const char *s)
{
    if (!s) return;
    char *e = esc_dup(s);
    for (const char *c = e; *c; c++) {
        if (strchr("\\|*`<>[]", *c)) sb_putc(o, '\\');
        sb_putc(o, *c);
    }
    tk_free(e);
}

static void jstr(StrBuf *o, const char *k, const char *v)
{
    sb_printf(o, "\"%s\": ", k);
    if (v) json_escape(o, v);
    else sb_puts(o, "null");
}

static void jtime(StrBuf *o, const char *k, int64_t t)
{
    char b[32];
    if (t < 0) {
        sb_printf(o, "\"%s\": null", k);
        return;
    }
    fmt_datetime(b, sizeof b, t);
    sb_printf(o, "\"%s\": \"%s\"", k, b);
}

static void jnum(StrBuf *o, const char *k, double v)
{
    char b[40];
    if (isnan(v)) {
        sb_printf(o, "\"%s\": null", k);
        return;
    }
    num(b, sizeof b, v);
    sb_printf(o, "\"%s\": %s", k, b);
}

/* "old_K": a, "new_K": b — a value of each plan (NAN, or -1 for a time: null) */
static void jnum_pair(StrBuf *o, const char *k, double a, double b)
{
    char key[48];
    snprintf(key, sizeof key, "old_%s", k);
    jnum(o, key, a);
    sb_puts(o, ", ");
    snprintf(key, sizeof key, "new_%s", k);
    jnum(o, key, b);
}

static void jtime_pair(StrBuf *o, const char *k, int64_t a, int64_t b)
{
    char key[48];
    snprintf(key, sizeof key, "old_%s", k);
    jtime(o, key, a);
    sb_puts(o, ", ");
    snprintf(key, sizeof key, "new_%s", k);
    jtime(o, key, b);
}

/* ---- measures and the plant ---------------------------------------------------------- */
typedef struct MeasureChange {
    const char *key, *old, *new_;
    double change;          /* NAN when not both numbers */
    char kind;              /* 't' time, 'd' duration, 'm' money, 'n' number, 's' text;
                             * the objective rounded to its unit (the plan's
                             * objective_kind): 'O' money (cents), 'D' a duration
                             * (whole minutes), 'o' a number or not said (two
                             * decimals at most, a whole number as one) */
} MeasureChange;

/* The kind of a measure takt diff does not list by name: by the plan
 * measure it is, or restricts ("setup_time(paint)" is a duration). */
static char other_kind(const char *key)
{
    static const struct {
        const char *name;
        char kind;
    } m[] = {{"tardiness", 'd'}, {"max_tardiness", 'd'}, {"weighted_tardiness", 'd'}, {"setup_time", 'd'},
             {"flow_time", 'd'}, {"shifted", 'd'},       {"cost", 'm'},                {"penalty", 'm'}};
    size_t n = strcspn(key, "(");
    for (size_t k = 0; k < sizeof m / sizeof m[0]; k++)
        if (strlen(m[k].name) == n && strncmp(key, m[k].name, n) == 0) return m[k].kind;
    return 'n';
}

static const char *measure(const PlanFile *f, const char *key)
{
    for (uint32_t i = 0; i < f->measures.len; i++)
        if (strcmp(f->measures.data[i].key, key) == 0) return f->measures.data[i].value;
    return NULL;
}

/* The objective's value rounded to its unit. */
static double objective_rounded(double v, char kind)
{
    double r = kind == 'D' ? round(v) : round(v * 100) / 100;
    return r == 0 ? 0 : r; /* no -0 */
}

/* The objective's kind letter, by the objective_kind the new plan (else
 * the old) states. */
static char objective_letter(const char *k)
{
    if (!k) return 'o';
    if (strcmp(k, "money") == 0) return 'O';
    if (strcmp(k, "duration") == 0) return 'D';
    return 'o';
}

static double change_of(const char *x, const char *y, char kind)
{
    if (!x || !y) return NAN;
    if (kind == 'O' || kind == 'D' || kind == 'o') {
        if (!json_number(x) || !json_number(y)) return NAN;
        return objective_rounded(objective_rounded(strtod(y, NULL), kind) - objective_rounded(strtod(x, NULL), kind),
                                 kind);
    }
    if (kind == 't') {
        int64_t a, b;
        return plan_parse_time(x, &a) && plan_parse_time(y, &b) ? (double)(b - a) : NAN;
    }
    if (kind == 's') return NAN;
    char *e1, *e2;
    double a = strtod(x, &e1), b = strtod(y, &e2);
    if (*e1 || *e2 || e1 == x || e2 == y) return NAN;
    /* as many decimals as the values have, so 0.1 - 0.3 is -0.2; the
     * objective to the cent, the finest unit of a measure */
    int dec = kind == 'm' ? 2 : 0;
    for (const char *s = x; s; s = s == x ? y : NULL) {
        const char *dot = strchr(s, '.');
        int n = dot ? (int)strspn(dot + 1, "0123456789") : 0;
        if (n > dec) dec = n;
    }
    double f = pow(10, dec > 9 ? 9 : dec);
    return round((b - a) * f) / f;
}

static void change_text(char *b, size_t n, const MeasureChange *c)
{
    if (isnan(c->change)) snprintf(b, n, "%s", "");
    else if (c->kind == 't' || c->kind == 'd' || c->kind == 'D') shift(b, n, (int64_t)llround(c->change));
    else if (c->kind == 'm' || c->kind == 'O') snprintf(b, n, "%+.2f", c->change);
    else {
        char v[40];
        num(v, sizeof v, c->change);
        snprintf(b, n, "%s%s", c->change > 0 ? "+" : "", v);
    }
}

/* The objective, rounded to its unit: money to the cent with both decimals
 * (66169.50), a duration in whole minutes, a number to two decimals at
 * most (3, 4.5). A JSON number as well. */
static void objective_text(char *b, size_t n, const char *v, char kind)
{
    double r = objective_rounded(strtod(v, NULL), kind);
    if (kind == 'O') snprintf(b, n, "%.2f", r);
    else num(b, n, r);
}

static void measure_text(StrBuf *o, const char *v, char kind)
{
    int64_t t;
    char b[32];
    if (!v) sb_putc(o, '-');
    else if (kind == 't' && plan_parse_time(v, &t)) {
        fmt_datetime_sp(b, sizeof b, t);
        sb_puts(o, b);
    } else if ((kind == 'O' || kind == 'D' || kind == 'o') && json_number(v)) {
        objective_text(b, sizeof b, v, kind);
        sb_puts(o, b);
    } else md(o, v);
}

/* A measure's value as JSON: a number as a number (the objective rounded
 * to its unit), a time or text as a string. */
static void jmeasure(StrBuf *o, const char *k, const char *v, char kind)
{
    char b[48];
    if (v && (kind == 'O' || kind == 'D' || kind == 'o') && json_number(v)) {
        objective_text(b, sizeof b, v, kind);
        sb_printf(o, "\"%s\": %s", k, b);
    } else if (v && kind != 't' && kind != 's' && json_number(v)) sb_printf(o, "\"%s\": %s", k, v);
    else jstr(o, k, v);
}

/* ---- orders ---------------------------------------------------------------------------- */
typedef struct OrderChange {
    const PfOrder *x, *y;   /* old, new; NULL when not in that plan */
    int64_t shift;          /* of completion; 0 unless both are known */
} OrderChange;

/* Minutes late (negative: early); false if the plan does not say. */
static bool lateness_of(const PfOrder *r, int64_t *late)
{
    if (!r) return false;
    if (r->done >= 0 && r->due >= 0) *late = r->done - r->due;
    else if (!isnan(r->lateness)) *late = (int64_t)llround(r->lateness);
    else return false;
    return true;
}

static bool is_late(const PfOrder *r)
{
    int64_t l;
    return lateness_of(r, &l) && l > 0;
}

static const char *name_of_order(const OrderChange *c) { return c->x ? c->x->name : c->y->name; }

/* Changed orders first, the largest move first, then by name; then new
 * orders, then dropped ones. */
static int order_cmp(const void *p, const void *q)
{
    const OrderChange *a = p, *b = q;
    int ga = !a->x ? 1 : !a->y ? 2 : 0, gb = !b->x ? 1 : !b->y ? 2 : 0;
    if (ga != gb) return ga - gb;
    int64_t sa = a->shift < 0 ? -a->shift : a->shift, sb = b->shift < 0 ? -b->shift : b->shift;
    if (sa != sb) return sa > sb ? -1 : 1;
    return strcmp(name_of_order(a), name_of_order(b));
}

/* An order whose input changed: new, dropped, another product, quantity
 * or due date — what the models say, not what planning made of it. */
static bool input_changed(const OrderChange *c)
{
    return !c->x || !c->y || c->x->due != c->y->due || c->x->qty != c->y->qty ||
           strcmp(nz(c->x->product), nz(c->y->product)) != 0;
}

static int input_cmp(const void *p, const void *q)
{
    return strcmp(name_of_order(*(const OrderChange *const *)p), name_of_order(*(const OrderChange *const *)q));
}

static void late_text(char *b, size_t n, const PfOrder *r)
{
    int64_t l;
    if (!lateness_of(r, &l)) snprintf(b, n, "-");
    else if (l <= 0) snprintf(b, n, "on time");
    else {
        char s[40];
        shift(s, sizeof s, l);
        snprintf(b, n, "late %s", s + 1);
    }
}

/* ---- operations ------------------------------------------------------------------------ */
typedef struct OpChange {
    const PfOp *x, *y;      /* old, new; one is NULL for an operation added or removed */
    uint32_t ix;            /* position in the old plan (or the new), for a stable order */
    int64_t shift;          /* of the start */
    bool reassigned;        /* another machine or unit */
    uint32_t wo;            /* the rank of its work order's name */
} OpChange;

static int64_t iabs(int64_t v) { return v < 0 ? -v : v; }

/* Another transfer quantity (transfer lots: docs/planning.md); a schedule
 * CSV without the column says none */
static bool transfer_differs(const PfOp *x, const PfOp *y)
{
    double a = x->transfer == x->transfer ? x->transfer : 0, b = y->transfer == y->transfer ? y->transfer : 0;
    return a != b;
}

static int op_cmp(const void *p, const void *q)
{
    const OpChange *a = p, *b = q;
    int ga = !a->x || !a->y ? 0 : a->reassigned ? 1 : 2, gb = !b->x || !b->y ? 0 : b->reassigned ? 1 : 2;
    if (ga != gb) return ga - gb;
    if (iabs(a->shift) != iabs(b->shift)) return iabs(a->shift) > iabs(b->shift) ? -1 : 1;
    if (a->wo != b->wo) return a->wo < b->wo ? -1 : 1;
    return (a->ix > b->ix) - (a->ix < b->ix);
}

static const char *op_wo(const OpChange *c) { return nz(c->x ? c->x->wo : c->y->wo); }

static int op_wo_cmp(const void *p, const void *q)
{
    const OpChange *a = p, *b = q;
    if (a->wo != b->wo) return a->wo < b->wo ? -1 : 1;
    return op_cmp(p, q);
}

/* The moves of one work order, when there are too many to list. */
typedef struct WoMoves {
    const char *wo;
    uint32_t moved, reassigned, added, removed;
    int64_t lo, hi;         /* shifts */
} WoMoves;

static int wo_moves_cmp(const void *p, const void *q)
{
    const WoMoves *a = p, *b = q;
    int64_t ma = iabs(a->lo) > iabs(a->hi) ? iabs(a->lo) : iabs(a->hi);
    int64_t mb = iabs(b->lo) > iabs(b->hi) ? iabs(b->lo) : iabs(b->hi);
    if (ma != mb) return ma > mb ? -1 : 1;
    return strcmp(a->wo, b->wo);
}

/* "saw #2", or "coater (sent out)": work sent to a subcontractor has no unit */
static void unit_text(StrBuf *o, const PfOp *r)
{
    md(o, r->machine);
    if (r->unit > 0) sb_printf(o, " #%d", r->unit);
    else sb_puts(o, " (sent out)");
    if (r->uses) {
        sb_puts(o, " with ");
        md(o, r->uses);
    }
}

/* The resource units two plans give one operation differ (as written). */
static bool uses_differ(const PfOp *x, const PfOp *y)
{
    if (!x->uses || !y->uses) return (x->uses != NULL) != (y->uses != NULL);
    return strcmp(x->uses, y->uses) != 0;
}

/* ---- purchases --------------------------------------------------------------------------- */
typedef struct PurchaseChange {
    const PfPurchase *x, *y;
} PurchaseChange;

static int purchase_cmp(const void *p, const void *q)
{
    const PurchaseChange *a = p, *b = q;
    const PfPurchase *ra = a->x ? a->x : a->y, *rb = b->x ? b->x : b->y;
    int c = strcmp(nz(ra->material), nz(rb->material));
    if (c) return c;
    if (ra->order_at != rb->order_at) return ra->order_at < rb->order_at ? -1 : 1;
    return (a->x != NULL) - (b->x != NULL);
}

/* ---- batches ------------------------------------------------------------------------------ */
/* A cycle of a batch machine is known by its members, not by its number (a
 * cycle added early renumbers every later one), so cycles are matched per
 * machine in rounds: the same members at the same place (unchanged), the
 * same members elsewhere (moved), the same unit and start with other
 * members (changed), then the most pieces of the same operations in common
 * (changed). Cycles left are added or dropped. */
typedef struct BMember {
    const char *wo, *step;
    double qty;
    uint32_t batch;         /* index in its plan's batches */
} BMember;

typedef struct BSide {
    const PlanFile *f;
    BMember *m;             /* by batch, then work order and step */
    uint32_t nm;
    uint32_t *first, *n;    /* per batch: its members m[first .. first + n) */
    BMember *by_op;         /* the same, by work order, step and batch */
    int32_t *match;         /* per batch: the other plan's batch, -1 */
} BSide;

static int member_cmp(const BMember *a, const BMember *b)
{
    int c = strcmp(nz(a->wo), nz(b->wo));
    if (!c) c = strcmp(nz(a->step), nz(b->step));
    return c;
}

static int member_by_batch(const void *p, const void *q)
{
    const BMember *a = p, *b = q;
    if (a->batch != b->batch) return a->batch < b->batch ? -1 : 1;
    int c = member_cmp(a, b);
    if (c) return c;
    return (a->qty > b->qty) - (a->qty < b->qty);
}

static int member_by_op(const void *p, const void *q)
{
    const BMember *a = p, *b = q;
    int c = member_cmp(a, b);
    if (c) return c;
    return (a->batch > b->batch) - (a->batch < b->batch);
}

/* A batch's place by machine and number, for an operation's `batches`. */
typedef struct BNum {
    const char *machine;
    double number;
    uint32_t ix;
} BNum;

static int bnum_cmp(const void *p, const void *q)
{
    const BNum *a = p, *b = q;
    int c = strcmp(nz(a->machine), nz(b->machine));
    if (c) return c;
    if (a->number != b->number) return a->number < b->number ? -1 : 1;
    return (a->ix > b->ix) - (a->ix < b->ix);
}

/* Reads one entry NUMBER:PIECES of an operation's `batches` at *s; false if
 * it is not one. */
static bool batch_entry(const char **s, double *num, double *qty)
{
    char *e;
    *num = strtod(*s, &e);
    if (e == *s || *e != ':' || !(*num >= 1)) return false;
    const char *q = e + 1;
    *qty = strtod(q, &e);
    if (e == q || !(*qty > 0) || !isfinite(*qty) || (*e && *e != ',')) return false;
    *s = *e ? e + 1 : e;
    return true;
}

static int32_t batch_find(const BNum *nums, uint32_t n, const char *machine, double number)
{
    BNum key = {machine, number, 0};
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (bnum_cmp(&nums[mid], &key) < 0) lo = mid + 1;
        else hi = mid;
    }
    if (lo < n && strcmp(nz(nums[lo].machine), nz(machine)) == 0 && nums[lo].number == number) return (int32_t)nums[lo].ix;
    return -1;
}

static BNum *batch_nums(const PlanFile *f)
{
    uint32_t nb = f->batches.len;
    BNum *nums = tk_xalloc(((size_t)nb + 1) * sizeof(BNum));
    for (uint32_t i = 0; i < nb; i++) nums[i] = (BNum){f->batches.data[i].machine, f->batches.data[i].number, i};
    if (nb > 1) qsort(nums, nb, sizeof(BNum), bnum_cmp);
    return nums;
}

bool plan_diff_check(const PlanFile *f, Diags *d)
{
    BNum *nums = batch_nums(f);
    bool ok = true;
    for (uint32_t i = 0; i < f->ops.len; i++) {
        const PfOp *o = &f->ops.data[i];
        if (!o->batches) continue;
        const char *s = o->batches;
        double num, qty;
        while (*s) {
            if (!batch_entry(&s, &num, &qty)) {
                Diag *g = diag_error(d, o->batches_span, DIAG_PLAN_UNREADABLE, "'%s' %s: unreadable batches '%s'",
                                     nz(o->wo), nz(o->step), o->batches);
                diag_hint(g, "an operation on a batch machine lists its cycles: batches 3:20,4:12");
                ok = false;
                break;
            }
            if (batch_find(nums, f->batches.len, o->machine, num) < 0) {
                diag_error(d, o->batches_span, DIAG_PLAN_UNREADABLE, "'%s' %s is in batch %g of '%s', which the plan does not have",
                           nz(o->wo), nz(o->step), num, nz(o->machine));
                ok = false;
                break;
            }
        }
    }
    tk_free(nums);
    return ok;
}

static void bside_init(BSide *s, const PlanFile *f)
{
    memset(s, 0, sizeof *s);
    s->f = f;
    uint32_t nb = f->batches.len;
    BNum *nums = batch_nums(f);
    TK_VEC_OF(BMember) mv = {0};
    for (uint32_t i = 0; i < f->ops.len; i++) {
        const PfOp *o = &f->ops.data[i];
        if (!o->batches) continue;
        const char *s2 = o->batches;
        double num, qty;
        while (*s2 && batch_entry(&s2, &num, &qty)) {
            int32_t b = batch_find(nums, nb, o->machine, num);
            if (b < 0) continue; /* plan_diff_check refused it */
            BMember m = {o->wo, o->step, qty, (uint32_t)b};
            vec_push(&mv, m);
        }
    }
    tk_free(nums);
    s->nm = mv.len;
    s->m = tk_xalloc(((size_t)mv.len + 1) * sizeof(BMember));
    s->by_op = tk_xalloc(((size_t)mv.len + 1) * sizeof(BMember));
    if (mv.len) {
        memcpy(s->m, mv.data, mv.len * sizeof(BMember));
        memcpy(s->by_op, mv.data, mv.len * sizeof(BMember));
        qsort(s->m, mv.len, sizeof(BMember), member_by_batch);
        qsort(s->by_op, mv.len, sizeof(BMember), member_by_op);
    }
    vec_free(&mv);
    s->first = tk_xalloc(((size_t)nb + 1) * sizeof(uint32_t));
    s->n = tk_xalloc(((size_t)nb + 1) * sizeof(uint32_t));
    s->match = tk_xalloc(((size_t)nb + 1) * sizeof(int32_t));
    for (uint32_t b = 0; b < nb; b++) {
        s->first[b] = s->n[b] = 0;
        s->match[b] = -1;
    }
    for (uint32_t k = 0; k < s->nm; k++) {
        uint32_t b = s->m[k].batch;
        if (!s->n[b]) s->first[b] = k;
        s->n[b]++;
    }
}

static void bside_free(BSide *s)
{
    tk_free(s->m);
    tk_free(s->by_op);
    tk_free(s->first);
    tk_free(s->n);
    tk_free(s->match);
}

/* The members of two batches compared: as lists by work order, step and
 * pieces. */
static int members_cmp(const BSide *sa, uint32_t a, const BSide *sb, uint32_t b)
{
    const BMember *x = sa->m + sa->first[a], *y = sb->m + sb->first[b];
    uint32_t nx = sa->n[a], ny = sb->n[b];
    for (uint32_t k = 0; k < nx && k < ny; k++) {
        int c = member_cmp(&x[k], &y[k]);
        if (c) return c;
        if (x[k].qty != y[k].qty) return x[k].qty < y[k].qty ? -1 : 1;
    }
    return (nx > ny) - (nx < ny);
}

/* How batches are matched in a round. */
enum { BM_SAME, BM_MEMBERS, BM_PLACE };

typedef struct BRef {
    const BSide *s;
    uint32_t b;
    int mode;
} BRef;

/* Two batches compared as the round matches them: equal when they match. */
static int bref_key_cmp(const BRef *x, const BRef *y)
{
    const PfBatch *a = &x->s->f->batches.data[x->b], *b = &y->s->f->batches.data[y->b];
    int c = strcmp(nz(a->machine), nz(b->machine));
    if (c) return c;
    if (x->mode != BM_PLACE) {
        c = members_cmp(x->s, x->b, y->s, y->b);
        if (c) return c;
    }
    if (x->mode != BM_MEMBERS) {
        if (a->unit != b->unit) return a->unit < b->unit ? -1 : 1;
        if (a->start != b->start) return a->start < b->start ? -1 : 1;
    }
    if (x->mode == BM_SAME && a->end != b->end) return a->end < b->end ? -1 : 1;
    return 0;
}

/* The order of one side's batches in a round: those that would match
 * together, in time order (so that cycles with the same members pair off
 * first with first), then as the plan has them. */
static int bref_cmp(const void *p, const void *q)
{
    const BRef *x = p, *y = q;
    int c = bref_key_cmp(x, y);
    if (c) return c;
    const PfBatch *a = &x->s->f->batches.data[x->b], *b = &y->s->f->batches.data[y->b];
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    if (a->unit != b->unit) return a->unit < b->unit ? -1 : 1;
    return (x->b > y->b) - (x->b < y->b);
}

static BRef *bref_unmatched(const BSide *s, int mode, uint32_t *n)
{
    BRef *r = tk_xalloc(((size_t)s->f->batches.len + 1) * sizeof(BRef));
    uint32_t k = 0;
    for (uint32_t b = 0; b < s->f->batches.len; b++)
        if (s->match[b] < 0) r[k++] = (BRef){s, b, mode};
    if (k > 1) qsort(r, k, sizeof(BRef), bref_cmp);
    *n = k;
    return r;
}

static void batch_round(BSide *sa, BSide *sb, int mode)
{
    uint32_t na, nb;
    BRef *ra = bref_unmatched(sa, mode, &na), *rb = bref_unmatched(sb, mode, &nb);
    for (uint32_t i = 0, j = 0; i < na && j < nb;) {
        int c = bref_key_cmp(&ra[i], &rb[j]);
        if (c < 0) i++;
        else if (c > 0) j++;
        else {
            sa->match[ra[i].b] = (int32_t)rb[j].b;
            sb->match[rb[j].b] = (int32_t)ra[i].b;
            i++;
            j++;
        }
    }
    tk_free(ra);
    tk_free(rb);
}

/* The last round: each batch of the new plan left, in its plan's order,
 * with the batch of the old plan left on the same machine that has the
 * most pieces of the same operations (then the nearest start, then the
 * first). Time: the members of each batch times the batches of the old
 * plan each member's operation is in. */
static void batch_round_overlap(BSide *sa, BSide *sb)
{
    uint32_t na = sa->f->batches.len;
    double *score = tk_xalloc(((size_t)na + 1) * sizeof(double));
    uint32_t *touched = tk_xalloc(((size_t)sa->nm + 1) * sizeof(uint32_t));
    for (uint32_t a = 0; a < na; a++) score[a] = 0;
    for (uint32_t b = 0; b < sb->f->batches.len; b++) {
        if (sb->match[b] >= 0) continue;
        const PfBatch *pb = &sb->f->batches.data[b];
        uint32_t nt = 0;
        for (uint32_t k = 0; k < sb->n[b]; k++) {
            const BMember *y = &sb->m[sb->first[b] + k];
            /* the old plan's members of the same operation */
            uint32_t lo = 0, hi = sa->nm;
            while (lo < hi) {
                uint32_t mid = lo + (hi - lo) / 2;
                if (member_cmp(&sa->by_op[mid], y) < 0) lo = mid + 1;
                else hi = mid;
            }
            for (uint32_t i = lo; i < sa->nm && member_cmp(&sa->by_op[i], y) == 0; i++) {
                uint32_t a = sa->by_op[i].batch;
                if (sa->match[a] >= 0 || strcmp(nz(sa->f->batches.data[a].machine), nz(pb->machine)) != 0) continue;
                if (score[a] == 0) touched[nt++] = a;
                score[a] += sa->by_op[i].qty < y->qty ? sa->by_op[i].qty : y->qty;
            }
        }
        int32_t best = -1;
        for (uint32_t t = 0; t < nt; t++) {
            uint32_t a = touched[t];
            if (best < 0 || score[a] > score[best]) best = (int32_t)a;
            else if (score[a] == score[best]) {
                int64_t da = iabs(sa->f->batches.data[a].start - pb->start);
                int64_t db = iabs(sa->f->batches.data[best].start - pb->start);
                if (da < db || (da == db && a < (uint32_t)best)) best = (int32_t)a;
            }
        }
        for (uint32_t t = 0; t < nt; t++) score[touched[t]] = 0;
        if (best >= 0) {
            sa->match[best] = (int32_t)b;
            sb->match[b] = best;
        }
    }
    tk_free(score);
    tk_free(touched);
}

typedef struct BatchChange {
    int32_t x, y;           /* old, new batch; -1 when not in that plan */
    bool members;           /* other members */
} BatchChange;

typedef struct BatchOrder {
    const BSide *sa, *sb;
} BatchOrder;

static const BatchOrder *batch_order;
static int batch_change_cmp(const void *p, const void *q)
{
    const BatchChange *a = p, *b = q;
    const PfBatch *ra = a->y >= 0 ? &batch_order->sb->f->batches.data[a->y] : &batch_order->sa->f->batches.data[a->x];
    const PfBatch *rb = b->y >= 0 ? &batch_order->sb->f->batches.data[b->y] : &batch_order->sa->f->batches.data[b->x];
    int c = strcmp(nz(ra->machine), nz(rb->machine));
    if (c) return c;
    if (ra->start != rb->start) return ra->start < rb->start ? -1 : 1;
    if (ra->unit != rb->unit) return ra->unit < rb->unit ? -1 : 1;
    int ga = a->y < 0, gb = b->y < 0; /* at the same place, the new plan's first */
    if (ga != gb) return ga - gb;
    return ga ? (a->x > b->x) - (a->x < b->x) : (a->y > b->y) - (a->y < b->y);
}

TK_VEC(BatchVec, BatchChange);

/* Every difference of the two plans' batches, by machine, then time. */
static void batch_changes(BSide *sa, BSide *sb, BatchVec *bv)
{
    batch_round(sa, sb, BM_SAME);
    batch_round(sa, sb, BM_MEMBERS);
    batch_round(sa, sb, BM_PLACE);
    batch_round_overlap(sa, sb);
    for (uint32_t b = 0; b < sb->f->batches.len; b++) {
        int32_t a = sb->match[b];
        if (a < 0) {
            BatchChange c = {-1, (int32_t)b, false};
            vec_push(bv, c);
            continue;
        }
        const PfBatch *x = &sa->f->batches.data[a], *y = &sb->f->batches.data[b];
        bool members = members_cmp(sa, (uint32_t)a, sb, b) != 0;
        if (members || x->unit != y->unit || x->start != y->start || x->end != y->end) {
            BatchChange c = {a, (int32_t)b, members};
            vec_push(bv, c);
        }
    }
    for (uint32_t a = 0; a < sa->f->batches.len; a++)
        if (sa->match[a] < 0) {
            BatchChange c = {(int32_t)a, -1, false};
            vec_push(bv, c);
        }
    BatchOrder ord = {sa, sb};
    batch_order = &ord;
    if (bv->len > 1) qsort(bv->data, bv->len, sizeof(BatchChange), batch_change_cmp);
    batch_order = NULL;
}

static void member_text(StrBuf *o, const BMember *m)
{
    char b[40];
    md(o, m->wo);
    sb_putc(o, ' ');
    md(o, m->step);
    num(b, sizeof b, m->qty);
    sb_printf(o, " %s", b);
}

/* The members of a batch in the text; of a matched one with other members,
 * what changed: "A2 cure 20 → 14", "+A5 cure 4", "-A1 cure 3". */
static void members_text(StrBuf *o, const BSide *sa, int32_t a, const BSide *sb, int32_t b)
{
    const BMember *x = a >= 0 ? sa->m + sa->first[a] : NULL, *y = b >= 0 ? sb->m + sb->first[b] : NULL;
    uint32_t nx = a >= 0 ? sa->n[a] : 0, ny = b >= 0 ? sb->n[b] : 0;
    bool both = a >= 0 && b >= 0;
    char b1[40], b2[40];
    uint32_t shown = 0;
    for (uint32_t i = 0, j = 0; i < nx || j < ny; shown++) {
        int c = i == nx ? 1 : j == ny ? -1 : member_cmp(&x[i], &y[j]);
        if (shown) sb_puts(o, ", ");
        if (c < 0) {
            if (both) sb_putc(o, '-');
            member_text(o, &x[i++]);
        } else if (c > 0) {
            if (both) sb_putc(o, '+');
            member_text(o, &y[j++]);
        } else {
            md(o, y[j].wo);
            sb_putc(o, ' ');
            md(o, y[j].step);
            num(b1, sizeof b1, x[i].qty);
            num(b2, sizeof b2, y[j].qty);
            if (x[i].qty != y[j].qty) sb_printf(o, " %s → %s", b1, b2);
            else sb_printf(o, " %s", b2);
            i++;
            j++;
        }
    }
    if (!shown) sb_puts(o, "no members");
}

static void members_json(StrBuf *o, const char *k, const BSide *s, int32_t b)
{
    sb_printf(o, "\"%s\": ", k);
    if (b < 0) {
        sb_puts(o, "null");
        return;
    }
    sb_putc(o, '[');
    for (uint32_t i = 0; i < s->n[b]; i++) {
        const BMember *m = &s->m[s->first[b] + i];
        sb_puts(o, i ? ", {" : "{");
        jstr(o, "work_order", m->wo);
        sb_puts(o, ", ");
        jstr(o, "step", m->step);
        sb_puts(o, ", ");
        jnum(o, "pieces", m->qty);
        sb_putc(o, '}');
    }
    sb_putc(o, ']');
}
/* How many of n a section lists: all with --verbose, else up to max_ops. */
static uint32_t listed_of(const DiffOptions *o, uint32_t n) { return o->verbose || n <= o->max_ops ? n : o->max_ops; }

static void more_line(StrBuf *out, uint32_t more, const char *what)
{
    if (more) sb_printf(out, "- … and %u more %s (`takt diff --verbose` lists them all)\n", more, what);
}

/* Newly late orders first (a capped list never hides them), then as order_cmp. */
static int late_first_cmp(const void *p, const void *q)
{
    const OrderChange *a = p, *b = q;
    bool la = is_late(a->y) && !is_late(a->x), lb = is_late(b->y) && !is_late(b->x);
    if (la != lb) return la ? -1 : 1;
    return order_cmp(p, q);
}

/* ---- the change log ------------------------------------------------------------------------ */
TK_VEC(MeasureVec, MeasureChange);
TK_VEC(OrderVec, OrderChange);
TK_VEC(OpVec, OpChange);
TK_VEC(PurchaseVec, PurchaseChange);
TK_VEC(WoVec, const PfWorkOrder *);

/* --summary, after the input changes and the measures: the orders that
 * became late (listed), those no longer late, and what planning moved,
 * counted — a change log the size of a review comment. */
static void summary_text(StrBuf *out, const DiffOptions *o, const OrderVec *ov, uint32_t newly_late,
                         uint32_t no_longer_late, const WoVec *wv, uint32_t nw, const OpVec *mv, uint32_t nadded,
                         uint32_t nremoved, uint32_t nreassigned, uint32_t nbatches, uint32_t npurchases,
                         uint32_t nbuys)
{
    char b1[64], b2[64];
    if (newly_late) {
        sb_printf(out, "### Newly late (%u order%s)\n\n", newly_late, newly_late == 1 ? "" : "s");
        const OrderChange **late = tk_xalloc(((size_t)newly_late + 1) * sizeof *late);
        uint32_t n = 0;
        for (uint32_t k = 0; k < ov->len; k++) {
            const OrderChange *c = &ov->data[k];
            if (c->y && is_late(c->y) && !is_late(c->x) && n < newly_late) late[n++] = c;
        }
        uint32_t shown = listed_of(o, n);
        for (uint32_t k = 0; k < shown; k++) {
            const PfOrder *x = late[k]->x, *y = late[k]->y;
            late_text(b1, sizeof b1, y);
            when(b2, sizeof b2, y->done);
            sb_puts(out, "- **");
            md(out, y->name);
            sb_printf(out, "** %s, done %s", b1, b2);
            if (!x) sb_puts(out, " (a new order)\n");
            else {
                when(b1, sizeof b1, x->done);
                sb_printf(out, " (was on time, done %s)\n", b1);
            }
        }
        more_line(out, n - shown, "orders");
        sb_putc(out, '\n');
        tk_free(late);
    }
    uint32_t wnew = 0, wdropped = 0;
    for (uint32_t k = 0; k < nw; k++) {
        if (!wv[0].data[k]) wnew++;
        else if (!wv[1].data[k]) wdropped++;
    }
    uint32_t moved = mv->len - nadded - nremoved;
    sb_puts(out, "### In numbers\n\n");
    sb_printf(out, "- orders: %u changed or finishing at another time, %u newly late, %u no longer late\n", ov->len,
              newly_late, no_longer_late);
    sb_printf(out, "- work orders: %u changed (%u new, %u dropped)\n", nw, wnew, wdropped);
    sb_printf(out, "- operations: %u moved, %u to another machine or unit, %u added, %u removed\n", moved, nreassigned,
              nadded, nremoved);
    if (nbatches) sb_printf(out, "- batches: %u changed\n", nbatches);
    sb_printf(out, "- purchases: %u changed\n", npurchases);
    if (nbuys) sb_printf(out, "- make or buy: %u changed\n", nbuys);
    sb_puts(out, "\n`takt diff` without `--summary` lists them.\n");
}

/* ---- make or buy -------------------------------------------------------------------------- */
/* The needs of products bought in either plan (`buy` records), by product
 * and need, each need's records summed (a lot rule may buy it in several):
 * a need bought in one plan and not the other switched — to or from being
 * made (the other plan has a work order of the need's name), or covered by
 * stock and earlier lots — which a reviewer must see; one bought in both
 * whose pieces, arrival or cost differ changed. */
typedef struct BuyNeed {
    const char *product, *need;
    double qty, cost;  /* summed; cost NAN if a record has none */
    int64_t arrive;    /* the last */
} BuyNeed;
typedef TK_VEC_OF(BuyNeed) BuyNeeds;

typedef struct BuyChange {
    BuyNeed x, y;      /* the old plan's, the new one's; product NULL where it did not buy the need */
    bool made_x, made_y; /* a work order of the need's name in the plan that did not buy it */
} BuyChange;
typedef TK_VEC_OF(BuyChange) BuyChanges;

static void buy_key(StrBuf *k, const char *product, const char *need)
{
    k->len = 0;
    sb_printf(k, "%s\n%s", product, need);
}

/* The plan's bought needs, in the order of their first records, and an index by key. */
static void buy_needs(const PlanFile *P, BuyNeeds *out, NameIndex *ix, StrBuf *k)
{
    for (uint32_t i = 0; i < P->buys.len; i++) {
        const PfBuy *x = &P->buys.data[i];
        buy_key(k, x->product, x->need);
        int32_t j = nameindex_find(ix, sb_cstr(k));
        if (j < 0) {
            BuyNeed n = {x->product, x->need, 0, 0, x->arrive};
            j = (int32_t)out->len;
            vec_push(out, n);
            nameindex_add(ix, sb_cstr(k), j);
        }
        BuyNeed *n = &out->data[j];
        n->qty += x->qty;
        n->cost += x->cost; /* NAN stays NAN */
        if (x->arrive > n->arrive) n->arrive = x->arrive;
    }
}

static bool has_wo(const PlanFile *P, const char *name)
{
    for (uint32_t i = 0; i < P->wos.len; i++)
        if (!strcmp(P->wos.data[i].name, name)) return true;
    return false;
}

static void buy_changes(const PlanFile *A, const PlanFile *B, BuyChanges *out)
{
    if (!A->buys.len && !B->buys.len) return;
    NameIndex ia, ib;
    nameindex_init(&ia);
    nameindex_init(&ib);
    BuyNeeds na = {0}, nb = {0};
    StrBuf k = {0};
    buy_needs(A, &na, &ia, &k);
    buy_needs(B, &nb, &ib, &k);
    for (int side = 0; side < 2; side++) {
        const BuyNeeds *P = side ? &nb : &na, *Q = side ? &na : &nb;
        for (uint32_t i = 0; i < P->len; i++) {
            const BuyNeed *x = &P->data[i];
            buy_key(&k, x->product, x->need);
            int32_t j = nameindex_find(side ? &ia : &ib, sb_cstr(&k));
            BuyChange c;
            memset(&c, 0, sizeof c);
            if (j < 0) {
                if (side) {
                    c.y = *x;
                    c.made_x = has_wo(A, x->need);
                } else {
                    c.x = *x;
                    c.made_y = has_wo(B, x->need);
                }
                vec_push(out, c);
            } else if (side == 0) {
                const BuyNeed *y = &Q->data[j];
                if (x->qty == y->qty && x->arrive == y->arrive && (x->cost == y->cost || (isnan(x->cost) && isnan(y->cost))))
                    continue;
                c.x = *x;
                c.y = *y;
                vec_push(out, c);
            }
        }
    }
    vec_free(&na);
    vec_free(&nb);
    sb_free(&k);
    nameindex_free(&ia);
    nameindex_free(&ib);
}

static void buys_text(const BuyChanges *bc, StrBuf *out)
{
    if (!bc->len) return;
    char b1[48], b2[48];
    sb_printf(out, "### Make or buy (%u changed)\n\n", bc->len);
    for (uint32_t k = 0; k < bc->len; k++) {
        const BuyChange *c = &bc->data[k];
        const BuyNeed *x = c->x.product ? &c->x : NULL, *y = c->y.product ? &c->y : NULL, *z = x ? x : y;
        sb_puts(out, "- **");
        md(out, z->product);
        sb_puts(out, "** for ");
        md(out, z->need);
        num(b1, sizeof b1, z->qty);
        if (!x) sb_printf(out, ": %s before, bought now (%s)\n", c->made_x ? "made" : "from stock", b1);
        else if (!y) sb_printf(out, ": bought before (%s), %s now\n", b1, c->made_y ? "made" : "from stock");
        else {
            num(b2, sizeof b2, y->qty);
            if (x->qty != y->qty) sb_printf(out, ": bought %s → %s", b1, b2);
            else sb_printf(out, ": bought %s", b1);
            when(b1, sizeof b1, x->arrive);
            when(b2, sizeof b2, y->arrive);
            if (x->arrive != y->arrive) sb_printf(out, ", arriving %s → %s", b1, b2);
            if (x->cost != y->cost && !isnan(x->cost) && !isnan(y->cost))
                sb_printf(out, ", costing %.2f → %.2f", x->cost, y->cost);
            sb_putc(out, '\n');
        }
    }
    sb_putc(out, '\n');
}

static void buys_json(const BuyChanges *bc, StrBuf *out)
{
    sb_puts(out, "\"make_or_buy\": [");
    for (uint32_t k = 0; k < bc->len; k++) {
        const BuyChange *c = &bc->data[k];
        const BuyNeed *x = c->x.product ? &c->x : NULL, *y = c->y.product ? &c->y : NULL, *z = x ? x : y;
        sb_puts(out, k ? ",\n    {" : "\n    {");
        jstr(out, "product", z->product);
        sb_puts(out, ", ");
        jstr(out, "need", z->need);
        sb_printf(out, ", \"old\": \"%s\", \"new\": \"%s\", ", x ? "bought" : c->made_x ? "made" : "stock",
                  y ? "bought" : c->made_y ? "made" : "stock");
        jnum_pair(out, "qty", x ? x->qty : NAN, y ? y->qty : NAN);
        sb_puts(out, ", ");
        jtime_pair(out, "arrive", x ? x->arrive : -1, y ? y->arrive : -1);
        sb_puts(out, ", ");
        jnum_pair(out, "cost", x ? x->cost : NAN, y ? y->cost : NAN);
        sb_puts(out, "}");
    }
    sb_puts(out, bc->len ? "\n  ]" : "]");
}

uint32_t plan_diff(const PlanFile *A, const PlanFile *B, const DiffOptions *o, StrBuf *out)
{
    char b1[64], b2[64], b3[64], b4[64], ts[4][32];
    bool json = o->json;

    /* the plant and the measures */
    MeasureVec ms = {0};
    if (A->has_plant && B->has_plant) {
        if (strcmp(nz(A->plant), nz(B->plant)) != 0) {
            MeasureChange c = {"plant", A->plant, B->plant, NAN, 's'};
            vec_push(&ms, c);
        }
        if (A->start != B->start) {
            fmt_datetime(ts[0], sizeof ts[0], A->start);
            fmt_datetime(ts[1], sizeof ts[1], B->start);
            MeasureChange c = {"start", ts[0], ts[1], change_of(ts[0], ts[1], 't'), 't'};
            vec_push(&ms, c);
        }
        if (A->end != B->end) {
            fmt_datetime(ts[2], sizeof ts[2], A->end);
            fmt_datetime(ts[3], sizeof ts[3], B->end);
            MeasureChange c = {"end", ts[2], ts[3], change_of(ts[2], ts[3], 't'), 't'};
            vec_push(&ms, c);
        }
    }
    static const struct {
        const char *key;
        char kind;
    } mkeys[] = {{"objective", 'o'},   {"objective_2", 'o'}, {"objective_3", 'o'}, {"objective_4", 'o'},
                 {"objective_5", 'o'}, {"objective_6", 'o'}, {"objective_7", 'o'}, {"objective_8", 'o'},
                 {"finish", 't'},      {"makespan", 'd'},    {"tardiness", 'd'},   {"late_orders", 'n'},
                 {"penalty", 'm'},     {"cost", 'm'},        {"setups", 'n'},      {"setup_time", 'd'},
                 {"objective_kind", 0}};
    const char *okind = measure(B, "objective_kind");
    char oletter = objective_letter(okind ? okind : measure(A, "objective_kind"));
    for (size_t k = 0; k < sizeof mkeys / sizeof mkeys[0]; k++) {
        const char *x = measure(A, mkeys[k].key), *y = measure(B, mkeys[k].key);
        if (!mkeys[k].kind || (!x && !y) || (x && y && strcmp(x, y) == 0)) continue; /* objective_kind: not a measure */
        char kind = k == 0 ? oletter : mkeys[k].kind;
        MeasureChange c = {mkeys[k].key, x, y, change_of(x, y, kind), kind};
        /* an objective that changed by less than its unit did not change */
        if (k == 0 && x && y && c.change == 0 && json_number(x) && json_number(y) &&
            objective_rounded(strtod(x, NULL), kind) == objective_rounded(strtod(y, NULL), kind))
            continue;
        vec_push(&ms, c);
    }
    /* the other measures either plan states — an objective's restricted
     * measures, change against a reference — in the order they come, the
     * old plan's first */
    for (int side = 0; side < 2; side++) {
        const PlanFile *F = side ? B : A;
        for (uint32_t i = 0; i < F->measures.len; i++) {
            const char *key = F->measures.data[i].key;
            bool known = false;
            for (size_t k = 0; k < sizeof mkeys / sizeof mkeys[0] && !known; k++) known = strcmp(key, mkeys[k].key) == 0;
            if (known || (side && measure(A, key))) continue;
            const char *x = measure(A, key), *y = measure(B, key);
            if ((!x && !y) || (x && y && strcmp(x, y) == 0)) continue;
            char kind = other_kind(key);
            MeasureChange c = {key, x, y, change_of(x, y, kind), kind};
            vec_push(&ms, c);
        }
    }

    /* orders */
    OrderVec ov = {0};
    uint32_t newly_late = 0, no_longer_late = 0;
    /* every name of both plans, ranked */
    Names nm;
    intern_init(&nm.in);
    uint32_t *on[2], *wn[2], *opw[2], *ops[2], *pn[2];
    for (int f = 0; f < 2; f++) {
        const PlanFile *P = f ? B : A;
        on[f] = name_syms(&nm, P->orders.data, P->orders.len, sizeof(PfOrder), offsetof(PfOrder, name));
        wn[f] = name_syms(&nm, P->wos.data, P->wos.len, sizeof(PfWorkOrder), offsetof(PfWorkOrder, name));
        opw[f] = name_syms(&nm, P->ops.data, P->ops.len, sizeof(PfOp), offsetof(PfOp, wo));
        ops[f] = name_syms(&nm, P->ops.data, P->ops.len, sizeof(PfOp), offsetof(PfOp, step));
        pn[f] = name_syms(&nm, P->purchases.data, P->purchases.len, sizeof(PfPurchase), offsetof(PfPurchase, material));
    }
    names_rank(&nm);
    for (int f = 0; f < 2; f++) {
        const PlanFile *P = f ? B : A;
        names_ranks(&nm, on[f], P->orders.len);
        names_ranks(&nm, wn[f], P->wos.len);
        names_ranks(&nm, opw[f], P->ops.len);
        names_ranks(&nm, ops[f], P->ops.len);
        names_ranks(&nm, pn[f], P->purchases.len);
    }
    Key *ka = keys_of(A->orders.data, A->orders.len, sizeof(PfOrder), on[0], NULL, -1);
    Key *kb = keys_of(B->orders.data, B->orders.len, sizeof(PfOrder), on[1], NULL, -1);
    for (uint32_t i = 0, j = 0; i < A->orders.len || j < B->orders.len;) {
        int c = i == A->orders.len ? 1 : j == B->orders.len ? -1 : rank_cmp(ka[i].a, kb[j].a);
        const PfOrder *x = c <= 0 ? &A->orders.data[ka[i].ix] : NULL, *y = c >= 0 ? &B->orders.data[kb[j].ix] : NULL;
        if (c <= 0) i++;
        if (c >= 0) j++;
        if (x && y && x->done == y->done && x->due == y->due && x->qty == y->qty &&
            strcmp(nz(x->product), nz(y->product)) == 0)
            continue;
        OrderChange oc = {x, y, x && y && x->done >= 0 && y->done >= 0 ? y->done - x->done : 0};
        bool lx = is_late(x), ly = is_late(y);
        if (y && ly && !lx) newly_late++;
        if (x && y && lx && !ly) no_longer_late++;
        vec_push(&ov, oc);
    }
    tk_free(ka);
    tk_free(kb);
    if (ov.len > 1) qsort(ov.data, ov.len, sizeof(OrderChange), order_cmp);

    /* work orders: new, dropped, another quantity or product */
    WoVec wv[2] = {{0}, {0}};
    ka = keys_of(A->wos.data, A->wos.len, sizeof(PfWorkOrder), wn[0], NULL, -1);
    kb = keys_of(B->wos.data, B->wos.len, sizeof(PfWorkOrder), wn[1], NULL, -1);
    uint32_t nw = 0;
    for (uint32_t i = 0, j = 0; i < A->wos.len || j < B->wos.len;) {
        int c = i == A->wos.len ? 1 : j == B->wos.len ? -1 : rank_cmp(ka[i].a, kb[j].a);
        const PfWorkOrder *x = c <= 0 ? &A->wos.data[ka[i].ix] : NULL, *y = c >= 0 ? &B->wos.data[kb[j].ix] : NULL;
        if (c <= 0) i++;
        if (c >= 0) j++;
        if (x && y && x->qty == y->qty && strcmp(nz(x->product), nz(y->product)) == 0) continue;
        vec_push(&wv[0], x);
        vec_push(&wv[1], y);
        nw++;
    }

    /* operations: moved, or added to or removed from a work order both plans
     * have (those of new and dropped work orders are listed with them) */
    Key *oa = keys_of(A->ops.data, A->ops.len, sizeof(PfOp), opw[0], ops[0], -1);
    Key *ob = keys_of(B->ops.data, B->ops.len, sizeof(PfOp), opw[1], ops[1], -1);
    bool *wo_in[2] = {has_names(&nm, wn[0], A->wos.len), has_names(&nm, wn[1], B->wos.len)};
    OpVec mv = {0};
    uint32_t nreassigned = 0, nadded = 0, nremoved = 0;
    bool any_uses = false; /* the plans hold resources: reassigned includes another resource unit */
    for (uint32_t i = 0, j = 0; i < A->ops.len || j < B->ops.len;) {
        int c = i == A->ops.len ? 1 : j == B->ops.len ? -1 : rank_cmp(oa[i].a, ob[j].a);
        if (c == 0) c = rank_cmp(oa[i].b, ob[j].b);
        if (c == 0) {
            const PfOp *x = &A->ops.data[oa[i].ix], *y = &B->ops.data[ob[j].ix];
            bool unit = strcmp(nz(x->machine), nz(y->machine)) != 0 || x->unit != y->unit || uses_differ(x, y);
            any_uses |= x->uses || y->uses;
            if (unit || x->start != y->start || x->end != y->end || transfer_differs(x, y)) {
                OpChange m = {x, y, oa[i].ix, y->start - x->start, unit, oa[i].a};
                vec_push(&mv, m);
                nreassigned += unit;
            }
            i++, j++;
        } else if (c < 0) {
            /* only in the old plan: listed here unless its work order was dropped */
            const PfOp *x = &A->ops.data[oa[i].ix];
            if (!wo_in[0][oa[i].a] || wo_in[1][oa[i].a]) {
                OpChange m = {x, NULL, oa[i].ix, 0, false, oa[i].a};
                vec_push(&mv, m);
                nremoved++;
            }
            i++;
        } else {
            const PfOp *y = &B->ops.data[ob[j].ix];
            if (!wo_in[1][ob[j].a] || wo_in[0][ob[j].a]) {
                OpChange m = {NULL, y, ob[j].ix, 0, false, ob[j].a};
                vec_push(&mv, m);
                nadded++;
            }
            j++;
        }
    }
    tk_free(oa);
    tk_free(ob);
    tk_free(ka);
    tk_free(kb);
    tk_free(wo_in[0]);
    tk_free(wo_in[1]);
    if (mv.len > 1) qsort(mv.data, mv.len, sizeof(OpChange), op_cmp);

    /* purchases: the same material and order date, then per material the
     * rest in date order (a purchase that moved), then new and dropped */
    PurchaseVec pv = {0};
    {
        Key *pa = keys_of(A->purchases.data, A->purchases.len, sizeof(PfPurchase), pn[0], NULL,
                          (long)offsetof(PfPurchase, order_at));
        Key *pb = keys_of(B->purchases.data, B->purchases.len, sizeof(PfPurchase), pn[1], NULL,
                          (long)offsetof(PfPurchase, order_at));
        Key *ra = tk_xalloc(((size_t)A->purchases.len + 1) * sizeof(Key));
        Key *rb = tk_xalloc(((size_t)B->purchases.len + 1) * sizeof(Key));
        uint32_t na = 0, nb = 0;
        for (uint32_t i = 0, j = 0; i < A->purchases.len || j < B->purchases.len;) {
            int c = i == A->purchases.len ? 1 : j == B->purchases.len ? -1 : rank_cmp(pa[i].a, pb[j].a);
            if (c == 0 && pa[i].t != pb[j].t) c = pa[i].t < pb[j].t ? -1 : 1;
            if (c < 0) ra[na++] = pa[i++];
            else if (c > 0) rb[nb++] = pb[j++];
            else {
                const PfPurchase *x = &A->purchases.data[pa[i++].ix], *y = &B->purchases.data[pb[j++].ix];
                if (x->qty != y->qty || x->arrive != y->arrive) {
                    PurchaseChange pc = {x, y};
                    vec_push(&pv, pc);
                }
            }
        }
        for (uint32_t i = 0, j = 0; i < na || j < nb;) {
            int c = i == na ? 1 : j == nb ? -1 : rank_cmp(ra[i].a, rb[j].a);
            PurchaseChange pc = {c <= 0 ? &A->purchases.data[ra[i].ix] : NULL, c >= 0 ? &B->purchases.data[rb[j].ix] : NULL};
            if (c <= 0) i++;
            if (c >= 0) j++;
            vec_push(&pv, pc);
        }
        tk_free(pa);
        tk_free(pb);
        tk_free(ra);
        tk_free(rb);
        if (pv.len > 1) qsort(pv.data, pv.len, sizeof(PurchaseChange), purchase_cmp);
    }

    /* batches: of two plan files (a schedule CSV has none) */
    BSide bs[2];
    bside_init(&bs[0], A);
    bside_init(&bs[1], B);
    BatchVec bv = {0};
    if (!A->csv && !B->csv) batch_changes(&bs[0], &bs[1], &bv);
    uint32_t nbadded = 0, nbdropped = 0, nbmembers = 0;
    for (uint32_t k = 0; k < bv.len; k++) {
        nbadded += bv.data[k].x < 0;
        nbdropped += bv.data[k].y < 0;
        nbmembers += bv.data[k].members;
    }

    BuyChanges bc = {0};
    buy_changes(A, B, &bc);
    uint32_t changes = ms.len + ov.len + nw + mv.len + bv.len + pv.len + bc.len;

    if (json) {
        uint32_t nin = 0;
        for (uint32_t k = 0; k < ov.len; k++)
            if (input_changed(&ov.data[k])) nin++;
        sb_puts(out, "{\"format\": \"takt-diff\", \"version\": 1, ");
        if (o->summary) sb_puts(out, "\"summary\": true, ");
        jstr(out, "old", o->old_name);
        sb_puts(out, ", ");
        jstr(out, "new", o->new_name);
        sb_printf(out,
                  ", \"changes\": %u,\n  \"counts\": {\"measures\": %u, \"orders\": %u, \"input_changes\": %u, "
                  "\"newly_late\": %u, \"no_longer_late\": %u, \"work_orders\": %u, \"operations\": %u, "
                  "\"batches\": %u, \"purchases\": %u, \"make_or_buy\": %u},\n  \"measures\": [",
                  changes, ms.len, ov.len, nin, newly_late, no_longer_late, nw, mv.len, bv.len, pv.len, bc.len);
        for (uint32_t k = 0; k < ms.len; k++) {
            const MeasureChange *c = &ms.data[k];
            sb_puts(out, k ? ",\n    {" : "\n    {");
            jstr(out, "measure", c->key);
            sb_puts(out, ", ");
            jmeasure(out, "old", c->old, c->kind);
            sb_puts(out, ", ");
            jmeasure(out, "new", c->new_, c->kind);
            sb_puts(out, ", ");
            jnum(out, c->kind == 't' || c->kind == 'd' || c->kind == 'D' ? "change_minutes" : "change", c->change);
            sb_puts(out, "}");
        }
        sb_puts(out, ms.len ? "\n  ],\n  \"orders\": [" : "],\n  \"orders\": [");
        uint32_t listed = 0;
        for (uint32_t k = 0; k < ov.len; k++) {
            const OrderChange *c = &ov.data[k];
            const PfOrder *x = c->x, *y = c->y, *z = x ? x : y;
            /* the summary: the orders whose input changed or that became late or on time */
            if (o->summary && !input_changed(c) && is_late(x) == is_late(y)) continue;
            sb_puts(out, listed++ ? ",\n    {" : "\n    {");
            jstr(out, "order", z->name);
            sb_printf(out, ", \"status\": \"%s\", ", !x ? "new" : !y ? "dropped" : c->shift ? "moved" : "changed");
            jstr(out, "product", z->product);
            sb_puts(out, ", ");
            jnum_pair(out, "qty", x ? x->qty : NAN, y ? y->qty : NAN);
            sb_puts(out, ", ");
            jtime_pair(out, "done", x ? x->done : -1, y ? y->done : -1);
            sb_puts(out, ", ");
            jtime_pair(out, "due", x ? x->due : -1, y ? y->due : -1);
            if (x && y && x->done >= 0 && y->done >= 0) sb_printf(out, ", \"shift_minutes\": %lld", (long long)c->shift);
            int64_t l;
            if (lateness_of(x, &l)) sb_printf(out, ", \"old_lateness_minutes\": %lld", (long long)l);
            if (lateness_of(y, &l)) sb_printf(out, ", \"new_lateness_minutes\": %lld", (long long)l);
            bool lx = is_late(x), ly = is_late(y);
            if (x && y && lx != ly) sb_printf(out, ", \"lateness\": \"%s\"", ly ? "newly late" : "no longer late");
            sb_puts(out, "}");
        }
        if (o->summary) {
            /* the rest only counted */
            sb_puts(out, listed ? "\n  ]\n}\n" : "]\n}\n");
            goto done;
        }
        sb_puts(out, ov.len ? "\n  ],\n  \"work_orders\": [" : "],\n  \"work_orders\": [");
        for (uint32_t k = 0; k < nw; k++) {
            const PfWorkOrder *x = wv[0].data[k], *y = wv[1].data[k], *z = x ? x : y;
            sb_puts(out, k ? ",\n    {" : "\n    {");
            jstr(out, "work_order", z->name);
            sb_printf(out, ", \"status\": \"%s\", ", !x ? "new" : !y ? "dropped" : "changed");
            jstr(out, "product", z->product);
            sb_puts(out, ", ");
            jstr(out, "for", z->for_order);
            sb_puts(out, ", ");
            jnum_pair(out, "qty", x ? x->qty : NAN, y ? y->qty : NAN);
            sb_puts(out, "}");
        }
        sb_puts(out, nw ? "\n  ],\n  \"operations\": [" : "],\n  \"operations\": [");
        for (uint32_t k = 0; k < mv.len; k++) {
            const OpChange *c = &mv.data[k];
            const PfOp *x = c->x, *y = c->y, *z = x ? x : y;
            sb_puts(out, k ? ",\n    {" : "\n    {");
            jstr(out, "work_order", z->wo);
            sb_puts(out, ", ");
            jstr(out, "step", z->step);
            sb_printf(out, ", \"status\": \"%s\", ", !x ? "added" : !y ? "removed" : c->reassigned ? "reassigned" : "moved");
            jstr(out, "old_machine", x ? x->machine : NULL);
            if (x && x->unit > 0) sb_printf(out, ", \"old_unit\": %d", x->unit);
            else sb_puts(out, ", \"old_unit\": null"); /* none, or sent out */
            sb_puts(out, ", ");
            jstr(out, "new_machine", y ? y->machine : NULL);
            if (y && y->unit > 0) sb_printf(out, ", \"new_unit\": %d", y->unit);
            else sb_puts(out, ", \"new_unit\": null");
            if (any_uses) {
                sb_puts(out, ", ");
                jstr(out, "old_resources", x ? x->uses : NULL);
                sb_puts(out, ", ");
                jstr(out, "new_resources", y ? y->uses : NULL);
            }
            sb_puts(out, ", ");
            jtime_pair(out, "start", x ? x->start : -1, y ? y->start : -1);
            sb_puts(out, ", ");
            jtime_pair(out, "end", x ? x->end : -1, y ? y->end : -1);
            if (x && y) sb_printf(out, ", \"shift_minutes\": %lld", (long long)c->shift);
            sb_puts(out, "}");
        }
        sb_puts(out, mv.len ? "\n  ],\n  \"batches\": [" : "],\n  \"batches\": [");
        for (uint32_t k = 0; k < bv.len; k++) {
            const BatchChange *c = &bv.data[k];
            const PfBatch *x = c->x >= 0 ? &A->batches.data[c->x] : NULL, *y = c->y >= 0 ? &B->batches.data[c->y] : NULL;
            sb_puts(out, k ? ",\n    {" : "\n    {");
            jstr(out, "machine", (x ? x : y)->machine);
            sb_printf(out, ", \"status\": \"%s\", ", !x ? "added" : !y ? "dropped" : c->members ? "changed" : "moved");
            jnum_pair(out, "number", x ? x->number : NAN, y ? y->number : NAN);
            const char *ref = y && y->ref ? y->ref : x && x->ref ? x->ref : NULL;
            if (ref) {
                sb_puts(out, ", ");
                jstr(out, "reference", ref);
            } else sb_puts(out, ", \"reference\": null");
            if (x) sb_printf(out, ", \"old_unit\": %d", x->unit);
            else sb_puts(out, ", \"old_unit\": null");
            if (y) sb_printf(out, ", \"new_unit\": %d", y->unit);
            else sb_puts(out, ", \"new_unit\": null");
            sb_puts(out, ", ");
            jtime_pair(out, "start", x ? x->start : -1, y ? y->start : -1);
            sb_puts(out, ", ");
            jtime_pair(out, "end", x ? x->end : -1, y ? y->end : -1);
            if (x && y && x->start >= 0 && y->start >= 0) sb_printf(out, ", \"shift_minutes\": %lld", (long long)(y->start - x->start));
            sb_puts(out, ", ");
            members_json(out, "old_members", &bs[0], c->x);
            sb_puts(out, ", ");
            members_json(out, "new_members", &bs[1], c->y);
            sb_puts(out, "}");
        }
        sb_puts(out, bv.len ? "\n  ],\n  \"purchases\": [" : "],\n  \"purchases\": [");
        for (uint32_t k = 0; k < pv.len; k++) {
            const PfPurchase *x = pv.data[k].x, *y = pv.data[k].y, *z = x ? x : y;
            sb_puts(out, k ? ",\n    {" : "\n    {");
            jstr(out, "material", z->material);
            sb_printf(out, ", \"status\": \"%s\", ", !x ? "new" : !y ? "dropped" : "changed");
            jnum_pair(out, "qty", x ? x->qty : NAN, y ? y->qty : NAN);
            sb_puts(out, ", ");
            jtime_pair(out, "order", x ? x->order_at : -1, y ? y->order_at : -1);
            sb_puts(out, ", ");
            jtime_pair(out, "arrive", x ? x->arrive : -1, y ? y->arrive : -1);
            sb_puts(out, "}");
        }
        sb_puts(out, pv.len ? "\n  ],\n  " : "],\n  ");
        buys_json(&bc, out);
        sb_puts(out, "\n}\n");
        goto done;
    }

    sb_puts(out, "## Plan changes: ");
    md(out, o->old_name);
    sb_puts(out, " → ");
    md(out, o->new_name);
    sb_puts(out, "\n\n");
    if (!changes) sb_puts(out, "No changes.\n");

    /* the input changes first, by order name: what the pull request did,
     * ahead of what it moved (a cut log never hides them) */
    {
        const OrderChange **in = tk_xalloc(((size_t)ov.len + 1) * sizeof *in);
        uint32_t nin = 0;
        for (uint32_t k = 0; k < ov.len; k++)
            if (input_changed(&ov.data[k])) in[nin++] = &ov.data[k];
        if (nin) {
            qsort(in, nin, sizeof *in, input_cmp);
            sb_printf(out, "### Input changes (%u order%s)\n\n", nin, nin == 1 ? "" : "s");
            uint32_t shown = listed_of(o, nin);
            for (uint32_t k = 0; k < shown; k++) {
                const PfOrder *x = in[k]->x, *y = in[k]->y;
                sb_puts(out, !x ? "- new order **" : !y ? "- dropped order **" : "- order **");
                md(out, name_of_order(in[k]));
                sb_puts(out, "**");
                const PfOrder *r = x ? x : y;
                if (!x || !y) {
                    num(b3, sizeof b3, r->qty);
                    sb_printf(out, ": %s ", b3);
                    md(out, r->product);
                    when(b1, sizeof b1, r->due);
                    sb_printf(out, ", due %s\n", b1);
                    continue;
                }
                const char *sep = ": ";
                if (strcmp(nz(x->product), nz(y->product)) != 0) {
                    sb_printf(out, "%sproduct ", sep);
                    md(out, x->product);
                    sb_puts(out, " → ");
                    md(out, y->product);
                    sep = ", ";
                }
                if (x->qty != y->qty) {
                    num(b3, sizeof b3, x->qty);
                    num(b4, sizeof b4, y->qty);
                    sb_printf(out, "%squantity %s → %s", sep, b3, b4);
                    sep = ", ";
                }
                if (x->due != y->due) {
                    when(b3, sizeof b3, x->due);
                    when(b4, sizeof b4, y->due);
                    sb_printf(out, "%sdue %s → %s", sep, b3, b4);
                }
                sb_putc(out, '\n');
            }
            more_line(out, nin - shown, "orders");
            sb_putc(out, '\n');
        }
        tk_free(in);
    }

    if (ms.len) {
        sb_puts(out, "| measure | old | new | change |\n|---|---:|---:|---:|\n");
        for (uint32_t k = 0; k < ms.len; k++) {
            const MeasureChange *c = &ms.data[k];
            change_text(b1, sizeof b1, c);
            sb_puts(out, "| ");
            md(out, c->key);
            sb_puts(out, " | ");
            measure_text(out, c->old, c->kind);
            sb_puts(out, " | ");
            measure_text(out, c->new_, c->kind);
            sb_printf(out, " | %s |\n", b1);
        }
        sb_putc(out, '\n');
    }

    if (o->summary) {
        if (changes) summary_text(out, o, &ov, newly_late, no_longer_late, wv, nw, &mv, nadded, nremoved, nreassigned, bv.len, pv.len,
                                  bc.len);
        goto done;
    }

    if (ov.len) {
        sb_printf(out, "### Orders (%u", ov.len);
        if (newly_late) sb_printf(out, ", %u newly late", newly_late);
        if (no_longer_late) sb_printf(out, ", %u no longer late", no_longer_late);
        sb_puts(out, ")\n\n");
        uint32_t shown = listed_of(o, ov.len);
        if (shown < ov.len) qsort(ov.data, ov.len, sizeof(OrderChange), late_first_cmp);
        for (uint32_t k = 0; k < shown; k++) {
            const OrderChange *c = &ov.data[k];
            const PfOrder *x = c->x, *y = c->y;
            sb_puts(out, "- **");
            md(out, name_of_order(c));
            sb_puts(out, "**");
            if (!x) {
                when(b1, sizeof b1, y->done);
                late_text(b2, sizeof b2, y);
                num(b3, sizeof b3, y->qty);
                sb_printf(out, " new: %s ", b3);
                md(out, y->product);
                sb_printf(out, ", done %s (%s)\n", b1, b2);
                continue;
            }
            if (!y) {
                num(b3, sizeof b3, x->qty);
                sb_printf(out, " dropped (was %s ", b3);
                md(out, x->product);
                sb_puts(out, ")\n");
                continue;
            }
            bool lx = is_late(x), ly = is_late(y);
            late_text(b1, sizeof b1, x);
            late_text(b2, sizeof b2, y);
            if (x->done != y->done) {
                when(b3, sizeof b3, x->done);
                when(b4, sizeof b4, y->done);
                sb_printf(out, " done %s → %s", b3, b4);
                shift(b3, sizeof b3, c->shift);
                if (x->done >= 0 && y->done >= 0) sb_printf(out, " (%s)", b3);
            } else {
                when(b3, sizeof b3, y->done);
                sb_printf(out, " done %s", b3);
            }
            if (lx != ly) sb_printf(out, ", **%s** (was %s)", ly ? b2 : "now on time", b1);
            else if (lx && strcmp(b1, b2) != 0) sb_printf(out, ", %s (was %s)", b2, b1);
            else if (lx) sb_printf(out, ", %s", b2);
            if (x->due != y->due) {
                when(b3, sizeof b3, x->due);
                when(b4, sizeof b4, y->due);
                sb_printf(out, ", due %s → %s", b3, b4);
            }
            if (x->qty != y->qty) {
                num(b3, sizeof b3, x->qty);
                num(b4, sizeof b4, y->qty);
                sb_printf(out, ", quantity %s → %s", b3, b4);
            }
            if (strcmp(nz(x->product), nz(y->product)) != 0) {
                sb_puts(out, ", product ");
                md(out, x->product);
                sb_puts(out, " → ");
                md(out, y->product);
            }
            sb_putc(out, '\n');
        }
        more_line(out, ov.len - shown, "orders");
        sb_putc(out, '\n');
    }

    if (nw) {
        sb_printf(out, "### Work orders (%u)\n\n", nw);
        uint32_t shown = listed_of(o, nw);
        for (uint32_t k = 0; k < shown; k++) {
            const PfWorkOrder *x = wv[0].data[k], *y = wv[1].data[k], *z = x ? x : y;
            sb_puts(out, !x ? "- new **" : !y ? "- dropped **" : "- **");
            md(out, z->name);
            sb_puts(out, "**: ");
            if (x && y) {
                num(b1, sizeof b1, x->qty);
                num(b2, sizeof b2, y->qty);
                if (x->qty != y->qty) sb_printf(out, "%s → %s ", b1, b2);
                else sb_printf(out, "%s ", b2);
                md(out, x->product);
                if (strcmp(nz(x->product), nz(y->product)) != 0) {
                    sb_puts(out, " → ");
                    md(out, y->product);
                }
            } else {
                num(b1, sizeof b1, z->qty);
                sb_printf(out, "%s ", b1);
                md(out, z->product);
            }
            if (z->for_order && (!x || !y)) {
                sb_puts(out, " for ");
                md(out, z->for_order);
            }
            sb_putc(out, '\n');
        }
        more_line(out, nw - shown, "work orders");
        sb_putc(out, '\n');
    }

    if (mv.len) {
        uint32_t moved = mv.len - nadded - nremoved;
        sb_printf(out, "### Operations (%u moved, %u to another %s", moved, nreassigned,
                  any_uses ? "machine, unit or resource unit" : "machine or unit");
        if (nadded) sb_printf(out, ", %u added", nadded);
        if (nremoved) sb_printf(out, ", %u removed", nremoved);
        sb_puts(out, ")\n\n");
        if (o->verbose || mv.len <= o->max_ops) {
            sb_puts(out, "| operation | machine | start | shift |\n|---|---|---|---:|\n");
            for (uint32_t k = 0; k < mv.len; k++) {
                const OpChange *c = &mv.data[k];
                const PfOp *x = c->x, *y = c->y, *z = x ? x : y;
                sb_puts(out, "| ");
                md(out, z->wo);
                sb_putc(out, ' ');
                md(out, z->step);
                sb_puts(out, " | ");
                if (x) unit_text(out, x);
                if (x && (!y || c->reassigned)) sb_puts(out, " →");
                if (!x) sb_puts(out, "→");
                if (y && (!x || c->reassigned)) {
                    sb_putc(out, ' ');
                    unit_text(out, y);
                }
                when(b1, sizeof b1, x ? x->start : -1);
                when(b2, sizeof b2, y ? y->start : -1);
                if (x && y) sb_printf(out, " | %s → %s | ", b1, b2);
                else sb_printf(out, " | %s | ", x ? b1 : b2);
                if (!y) sb_puts(out, "removed");
                else if (!x) sb_puts(out, "added");
                else {
                    shift(b3, sizeof b3, c->shift);
                    sb_puts(out, b3);
                    if (y->end - x->end != c->shift) {
                        shift(b4, sizeof b4, y->end - x->end);
                        sb_printf(out, ", end %s", b4);
                    }
                    if (transfer_differs(x, y))
                        sb_printf(out, ", transfer %.10g → %.10g", x->transfer == x->transfer ? x->transfer : 0,
                                  y->transfer == y->transfer ? y->transfer : 0);
                }
                sb_puts(out, " |\n");
            }
        } else {
            /* many: one line per work order, the largest moves first */
            OpChange *byw = tk_xalloc(mv.len * sizeof(OpChange));
            memcpy(byw, mv.data, mv.len * sizeof(OpChange));
            qsort(byw, mv.len, sizeof(OpChange), op_wo_cmp);
            TK_VEC_OF(WoMoves) gv = {0};
            for (uint32_t k = 0; k < mv.len; k++) {
                const OpChange *c = &byw[k];
                if (!k || byw[k - 1].wo != c->wo) {
                    WoMoves g = {op_wo(c), 0, 0, 0, 0, INT64_MAX, INT64_MIN};
                    vec_push(&gv, g);
                }
                WoMoves *g = &gv.data[gv.len - 1];
                if (!c->x) g->added++;
                else if (!c->y) g->removed++;
                else {
                    g->moved++;
                    g->reassigned += c->reassigned;
                    if (c->shift < g->lo) g->lo = c->shift;
                    if (c->shift > g->hi) g->hi = c->shift;
                }
            }
            for (uint32_t k = 0; k < gv.len; k++)
                if (!gv.data[k].moved) gv.data[k].lo = gv.data[k].hi = 0;
            qsort(gv.data, gv.len, sizeof(WoMoves), wo_moves_cmp);
            uint32_t shown = gv.len <= o->max_ops ? gv.len : o->max_ops;
            sb_puts(out, "| work order | operations moved | to another machine or unit | shift |\n|---|---:|---:|---:|\n");
            for (uint32_t k = 0; k < shown; k++) {
                const WoMoves *g = &gv.data[k];
                sb_puts(out, "| ");
                md(out, g->wo);
                sb_printf(out, " | %u", g->moved);
                if (g->added) sb_printf(out, " (+%u added)", g->added);
                if (g->removed) sb_printf(out, " (%u removed)", g->removed);
                shift(b1, sizeof b1, g->lo);
                shift(b2, sizeof b2, g->hi);
                if (!g->moved) sb_printf(out, " | %u | |\n", g->reassigned);
                else if (g->lo == g->hi) sb_printf(out, " | %u | %s |\n", g->reassigned, b1);
                else sb_printf(out, " | %u | %s … %s |\n", g->reassigned, b1, b2);
            }
            if (shown < gv.len) sb_printf(out, "\n… and %u more work orders.\n", gv.len - shown);
            sb_puts(out, "\n`takt diff --verbose` lists every operation.\n");
            vec_free(&gv);
            tk_free(byw);
        }
        sb_putc(out, '\n');
    }

    if (bv.len) {
        uint32_t moved = bv.len - nbadded - nbdropped - nbmembers;
        sb_printf(out, "### Batches (%u moved, %u with other members", moved, nbmembers);
        if (nbadded) sb_printf(out, ", %u added", nbadded);
        if (nbdropped) sb_printf(out, ", %u dropped", nbdropped);
        sb_puts(out, ")\n\n| batch | unit | start | shift | members |\n|---|---|---|---:|---|\n");
        uint32_t shown = o->verbose || bv.len <= o->max_ops ? bv.len : o->max_ops;
        for (uint32_t k = 0; k < shown; k++) {
            const BatchChange *c = &bv.data[k];
            const PfBatch *x = c->x >= 0 ? &A->batches.data[c->x] : NULL, *y = c->y >= 0 ? &B->batches.data[c->y] : NULL;
            const PfBatch *z = y ? y : x;
            sb_puts(out, "| ");
            md(out, z->machine);
            num(b1, sizeof b1, x ? x->number : 0);
            num(b2, sizeof b2, y ? y->number : 0);
            if (x && y && x->number != y->number) sb_printf(out, " %s → %s", b1, b2);
            else sb_printf(out, " %s", y ? b2 : b1);
            /* the shop floor's name for a cycle it reported */
            const char *ref = z->ref ? z->ref : x && x->ref ? x->ref : NULL;
            if (ref) {
                sb_puts(out, " \"");
                md(out, ref);
                sb_puts(out, "\"");
            }
            if (x && y && x->unit != y->unit) sb_printf(out, " | #%d → #%d", x->unit, y->unit);
            else sb_printf(out, " | #%d", z->unit);
            when(b1, sizeof b1, x ? x->start : -1);
            when(b2, sizeof b2, y ? y->start : -1);
            if (x && y && x->start != y->start) sb_printf(out, " | %s → %s | ", b1, b2);
            else sb_printf(out, " | %s | ", y ? b2 : b1);
            if (!y) sb_puts(out, "dropped");
            else if (!x) sb_puts(out, "added");
            else {
                shift(b3, sizeof b3, y->start - x->start);
                sb_puts(out, b3);
                if (y->end - x->end != y->start - x->start) {
                    shift(b4, sizeof b4, y->end - x->end);
                    sb_printf(out, ", end %s", b4);
                }
            }
            sb_puts(out, " | ");
            members_text(out, &bs[0], c->x, &bs[1], c->y);
            sb_puts(out, " |\n");
        }
        if (shown < bv.len) sb_printf(out, "\n… and %u more batches; `takt diff --verbose` lists every one.\n", bv.len - shown);
        sb_putc(out, '\n');
    }

    if (pv.len) {
        sb_printf(out, "### Purchases (%u)\n\n", pv.len);
        uint32_t shown = listed_of(o, pv.len);
        for (uint32_t k = 0; k < shown; k++) {
            const PfPurchase *x = pv.data[k].x, *y = pv.data[k].y;
            if (!x || !y) {
                const PfPurchase *z = x ? x : y;
                num(b1, sizeof b1, z->qty);
                when(b2, sizeof b2, z->order_at);
                when(b3, sizeof b3, z->arrive);
                sb_printf(out, "- %s: %s **", x ? "dropped" : "new", b1);
                md(out, z->material);
                sb_printf(out, "**, ordered %s, arriving %s\n", b2, b3);
                continue;
            }
            sb_puts(out, "- **");
            md(out, x->material);
            sb_puts(out, "**");
            num(b1, sizeof b1, x->qty);
            num(b2, sizeof b2, y->qty);
            if (x->qty != y->qty) sb_printf(out, " %s → %s", b1, b2);
            else sb_printf(out, " %s", b2);
            when(b1, sizeof b1, x->order_at);
            when(b2, sizeof b2, y->order_at);
            if (x->order_at != y->order_at) {
                shift(b3, sizeof b3, y->order_at - x->order_at);
                sb_printf(out, ", ordered %s → %s (%s)", b1, b2, b3);
            } else sb_printf(out, ", ordered %s", b1);
            when(b1, sizeof b1, x->arrive);
            when(b2, sizeof b2, y->arrive);
            if (x->arrive != y->arrive) {
                shift(b3, sizeof b3, y->arrive - x->arrive);
                sb_printf(out, ", arriving %s → %s (%s)\n", b1, b2, b3);
            } else sb_printf(out, ", arriving %s\n", b1);
        }
        more_line(out, pv.len - shown, "purchases");
        sb_putc(out, '\n');
    }
    buys_text(&bc, out);
    /* no blank line at the very end */
    while (out->len >= 2 && out->data[out->len - 1] == '\n' && out->data[out->len - 2] == '\n') out->data[--out->len] = 0;

done:
    vec_free(&bc);
    vec_free(&ms);
    vec_free(&ov);
    vec_free(&wv[0]);
    vec_free(&wv[1]);
    vec_free(&mv);
    vec_free(&pv);
    vec_free(&bv);
    bside_free(&bs[0]);
    bside_free(&bs[1]);
    for (int f = 0; f < 2; f++) {
        tk_free(on[f]);
        tk_free(wn[f]);
        tk_free(opw[f]);
        tk_free(ops[f]);
        tk_free(pn[f]);
    }
    tk_free(nm.rank);
    intern_free(&nm.in);
    return changes;
}
