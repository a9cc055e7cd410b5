/* view_load.c: rough-cut capacity. For every resource and every week (ISO
 * weeks, Monday 00:00 to Monday 00:00), the work the plan puts there, the
 * work the due dates ask for there, and the working time available
 * (views.h, LoadCell). A week is overloaded when either load exceeds what is
 * available: a finite plan never overloads a machine by itself, so the
 * overloads a planner sees are of the due dates — work that must be done in
 * that week to keep them — and of reported work beyond the calendar.
 *
 * Each kind of resource is a row source in one table (kinds[] below):
 * how many rows it has, what each is, and the bookings of its units by the
 * plan's operations: machines by the operations on them, resource pools by
 * the units the operations hold (Plan.holds), each from the operation's
 * start to its end or its setup's end, in working minutes of the pool's
 * calendar — the time a unit is taken from everyone else. */
#include <math.h>
#include <string.h>

#include "kind.h"
#include "views.h"

#define WEEK (7 * 1440)
/* 1970-01-01 was a Thursday: the Monday before it is day -3 */
#define MONDAY0 (-3 * 1440)

static int64_t floor_div(int64_t a, int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

int64_t view_week_of(int64_t t) { return floor_div(t - MONDAY0, WEEK) * WEEK + MONDAY0; }

void view_week_name(char *b, size_t n, int64_t monday)
{
    /* the ISO week's year is its Thursday's */
    int64_t thu = floor_div(monday + 3 * 1440, 1440);
    int y, m, d;
    date_to_ymd((int32_t)thu, &y, &m, &d);
    int64_t jan1 = date_from_ymd(y, 1, 1);
    snprintf(b, n, "%04d-W%02d", y, (int)((thu - jan1) / 7 + 1));
}

/* ---- the load of a booking over weeks ---------------------------------------------- */
typedef struct Acc {
    PlanViews *v;
    const IrModel *ir;
    int64_t from, to;       /* the weeks of the view, [from, to) */
} Acc;

/* Adds the minutes of [a, b) — working minutes of cal, or every minute when
 * wall is set (reported work) — week by week to the cells' field at off. */
static void spread(const Acc *A, LoadCell *cells, size_t off, const IrCalendar *cal, bool wall, int64_t a, int64_t b)
{
    if (a < A->from) a = A->from;
    if (b > A->to) b = A->to;
    while (a < b) {
        int64_t ws = view_week_of(a), we = ws + WEEK;
        int64_t hi = b < we ? b : we;
        double m = wall ? (double)(hi - a) : (double)cal_work_between(cal, a, hi);
        *(double *)((char *)&cells[(ws - A->from) / WEEK] + off) += m;
        a = hi;
    }
}

/* The load the due dates ask for: `work` minutes backwards from `latest`
 * (no later than the horizon's end) in the calendar; what does not fit
 * between now and then is past due, asked for in the week of now. */
static void require(const Acc *A, LoadCell *cells, const IrCalendar *cal, int64_t work, int64_t latest, int64_t now)
{
    const IrModel *ir = A->v->p->ir;
    int64_t end = latest < ir->end ? latest : ir->end;
    int64_t fits = end > now ? cal_work_between(cal, now, end) : 0;
    if (fits >= work) {
        int64_t s0 = cal_start_for(cal, end, work);
        spread(A, cells, offsetof(LoadCell, required), cal, false, s0 == INT64_MIN ? now : s0, end);
    } else {
        if (fits > 0) spread(A, cells, offsetof(LoadCell, required), cal, false, now, end);
        int64_t wk = now < A->from ? A->from : now;
        if (wk < A->to) cells[(view_week_of(wk) - A->from) / WEEK].required += (double)(work - fits);
    }
}

/* ---- machines ------------------------------------------------------------------------------ */
static uint32_t machine_count(const Plan *p) { return p->ir->nmachines; }

static void machine_row(const Plan *p, uint32_t i, LoadRow *r)
{
    const IrMachine *mc = &p->ir->machines[i];
    r->kind = RES_MACHINE;
    r->index = (int32_t)i;
    r->name = mc->name;
    r->units = mc->subcontract ? 0 : mc->units; /* a subcontractor's capacity is not the plant's */
    r->calendar = mc->calendar;
}

/* The machine of each operation: the plan's work where it is, and the work
 * the due dates ask for from each step's latest start. */
static void machine_book(const Acc *A, LoadRow *rows)
{
    const Plan *p = A->v->p;
    const IrModel *ir = p->ir;
    int64_t now = plan_now(ir);
    uint32_t most = 1;
    for (uint32_t i = 0; i < ir->nproducts; i++)
        if (ir->products[i].nsteps > most) most = ir->products[i].nsteps;
    int64_t *le = tk_xalloc(most * sizeof(int64_t));
    for (uint32_t wi = 0; wi < p->wos.len; wi++) {
        const WorkOrder *w = &p->wos.data[wi];
        if (!w->nops) continue;
        plan_latest_starts(ir, w, NULL, le);
        for (uint32_t s = 0; s < w->nops; s++) {
            const Op *op = &p->ops.data[w->first_op + s];
            if (op->machine < 0 || op->end <= op->start) continue;
            const IrMachine *mc = &ir->machines[op->machine];
            if (mc->subcontract) continue; /* sent out: no load of the plant's */
            const IrCalendar *cal = mc->calendar >= 0 ? &ir->calendars[mc->calendar] : NULL;
            LoadCell *cells = rows[op->machine].cells;
            if (op->actual) {
                /* reported: where and as long as it was */
                spread(A, cells, offsetof(LoadCell, planned), cal, true, op->start, op->end);
                spread(A, cells, offsetof(LoadCell, required), cal, true, op->start, op->end);
                continue;
            }
            /* a batch machine's cycles count once each, below */
            if (!batch_machine(mc)) spread(A, cells, offsetof(LoadCell, planned), cal, false, op->start, op->end);
            /* the due dates' load (on a batch machine, each member's share
             * of its cycles' time: they add up to the cycles'): its work backwards from the step's latest
             * end; what does not fit between now and then is past due, and
             * asked for in the week of now */
            require(A, cells, cal, (int64_t)ceil(op->setup + op->run - 1e-9), le[op->step], now);
        }
    }
    tk_free(le);
    /* a batch machine's planned load: its cycles, each once, however many
     * operations are in it */
    for (uint32_t i = 0; i < p->batches.len; i++) {
        const PlanBatch *b = &p->batches.data[i];
        const IrMachine *mc = &ir->machines[b->machine];
        const IrCalendar *cal = mc->calendar >= 0 ? &ir->calendars[mc->calendar] : NULL;
        if (b->end > b->start) spread(A, rows[b->machine].cells, offsetof(LoadCell, planned), cal, false, b->start, b->end);
    }
}

/* ---- resource pools --------------------------------------------------------------------- */
static uint32_t pool_count(const Plan *p) { return p->holds ? p->ir->npools : 0; }

static void pool_row(const Plan *p, uint32_t i, LoadRow *r)
{
    const IrPool *po = &p->ir->pools[i];
    r->kind = RES_POOL;
    r->index = (int32_t)i;
    r->name = po->name;
    r->units = po->units;
    r->calendar = po->calendar;
}

/* Is the need of operation op's alternative al for pool `pool` for its setup only. */
static bool need_setup_only(const IrAlt *al, int32_t pool)
{
    for (uint32_t q = 0; al && q < al->nneeds; q++)
        for (uint32_t a = 0; a < al->needs[q].nalts; a++)
            if (al->needs[q].alts[a].pool == pool) return al->needs[q].setup_only;
    return false;
}

/* The units each operation holds: planned, the time held, [start, until) in
 * the pool's calendar; required, the minutes it needs them (the setup for a
 * setup-only need, else the whole work) back from its step's latest end in
 * the pool's calendar, as for machines. */
static void pool_book(const Acc *A, LoadRow *rows)
{
    const Plan *p = A->v->p;
    const IrModel *ir = p->ir;
    if (!p->holds) return;
    int64_t now = plan_now(ir);
    uint32_t most = 1;
    for (uint32_t i = 0; i < ir->nproducts; i++)
        if (ir->products[i].nsteps > most) most = ir->products[i].nsteps;
    int64_t *le = tk_xalloc(most * sizeof(int64_t));
    for (uint32_t wi = 0; wi < p->wos.len; wi++) {
        const WorkOrder *w = &p->wos.data[wi];
        if (!w->nops) continue;
        bool any = false;
        for (uint32_t s = 0; s < w->nops && !any; s++) {
            uint32_t oi = w->first_op + s;
            any = p->hold_off[oi + 1] > p->hold_off[oi] && p->holds[p->hold_off[oi]].pool >= 0;
        }
        if (!any) continue;
        plan_latest_starts(ir, w, NULL, le);
        for (uint32_t s = 0; s < w->nops; s++) {
            uint32_t oi = w->first_op + s;
            const Op *op = &p->ops.data[oi];
            if (op->machine < 0 || op->end <= op->start) continue;
            const IrAlt *al = plan_step_alt(&ir->products[w->product].steps[op->step], op->machine);
            const OpHold *h = p->holds + p->hold_off[oi];
            uint32_t nh = p->hold_off[oi + 1] - p->hold_off[oi];
            for (uint32_t k = 0; k < nh && h[k].pool >= 0; k++) {
                const IrPool *po = &ir->pools[h[k].pool];
                const IrCalendar *cal = po->calendar >= 0 ? &ir->calendars[po->calendar] : NULL;
                LoadCell *cells = rows[h[k].pool].cells;
                int64_t until = h[k].until > op->start ? h[k].until : op->start;
                if (op->actual) {
                    spread(A, cells, offsetof(LoadCell, planned), cal, true, op->start, until);
                    spread(A, cells, offsetof(LoadCell, required), cal, true, op->start, until);
                    continue;
                }
                spread(A, cells, offsetof(LoadCell, planned), cal, false, op->start, until);
                double need = need_setup_only(al, h[k].pool) ? op->setup : op->setup + op->run;
                int64_t work = (int64_t)ceil(need - 1e-9);
                if (work > 0) require(A, cells, cal, work, le[s], now);
            }
        }
    }
    tk_free(le);
}

const char *res_kind_name(ResKind k)
{
    static const char *const names[RES__COUNT] = {[RES_MACHINE] = "machine", [RES_POOL] = "pool"};
    return (unsigned)k < RES__COUNT ? names[k] : "?";
}

/* The resource kinds: rows and bookings. */
typedef struct LoadKind {
    uint32_t (*count)(const Plan *p);
    void (*row)(const Plan *p, uint32_t i, LoadRow *r);
    void (*book)(const Acc *A, LoadRow *rows); /* rows: this kind's, in its order */
} LoadKind;

static const LoadKind kinds[RES__COUNT] = {
    [RES_MACHINE] = {machine_count, machine_row, machine_book},
    [RES_POOL] = {pool_count, pool_row, pool_book},
};

/* The last week any work reaches: the plan's last operation, and the latest
 * end the due dates ask for (which may lie past the plan's when the plan is
 * early), within the horizon. */
static int64_t last_week(const Plan *p)
{
    const IrModel *ir = p->ir;
    int64_t last = p->m.makespan_end > ir->start ? p->m.makespan_end - 1 : ir->start;
    for (uint32_t i = 0; i < p->wos.len; i++)
        if (p->wos.data[i].due - 1 > last) last = p->wos.data[i].due - 1;
    if (last >= ir->end) last = ir->end - 1;
    return view_week_of(last);
}

void view_load_compute(PlanViews *v)
{
    const Plan *p = v->p;
    const IrModel *ir = p->ir;
    LoadView *L = &v->load;
    int64_t first = ir->start;
    for (uint32_t i = 0; i < p->ops.len; i++)
        if (p->ops.data[i].machine >= 0 && p->ops.data[i].start < first) first = p->ops.data[i].start;
    L->from = view_week_of(first);
    int64_t lastw = last_week(p);
    uint64_t nweeks = lastw >= L->from ? (uint64_t)((lastw - L->from) / WEEK + 1) : 1;
    if (nweeks > VIEW_MAX_WEEKS) nweeks = VIEW_MAX_WEEKS;
    L->nweeks = (uint32_t)nweeks;
    uint32_t n = 0;
    for (int k = 0; k < RES__COUNT; k++) n += kinds[k].count(p);
    L->nrows = n;
    L->rows = arena_alloc(&v->arena, (n + 1) * sizeof(LoadRow));
    Acc A = {v, ir, L->from, L->from + (int64_t)L->nweeks * WEEK};
    uint32_t at = 0;
    for (int k = 0; k < RES__COUNT; k++) {
        uint32_t c = kinds[k].count(p);
        for (uint32_t i = 0; i < c; i++) {
            LoadRow *r = &L->rows[at + i];
            kinds[k].row(p, i, r);
            r->cells = arena_alloc(&v->arena, L->nweeks * sizeof(LoadCell));
            const IrCalendar *cal = r->calendar >= 0 ? &ir->calendars[r->calendar] : NULL;
            for (uint32_t w = 0; w < L->nweeks; w++) {
                int64_t a = L->from + (int64_t)w * WEEK, b = a + WEEK;
                if (a < ir->start) a = ir->start;
                if (b > ir->end) b = ir->end;
                r->cells[w].available = a < b ? (double)cal_work_between(cal, a, b) * r->units : 0;
            }
        }
        kinds[k].book(&A, &L->rows[at]);
        at += c;
    }
    for (uint32_t i = 0; i < n; i++) {
        LoadRow *r = &L->rows[i];
        for (uint32_t w = 0; w < L->nweeks; w++) {
            const LoadCell *c = &r->cells[w];
            r->planned += c->planned;
            r->required += c->required;
            r->available += c->available;
            if (load_over(c)) r->overloaded++;
        }
    }
}
