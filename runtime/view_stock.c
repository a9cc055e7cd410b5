/* view_stock.c: the stock projection of every material and product over
 * the horizon — what is on hand at the start, and every movement the plan
 * makes: open receipts and purchases arriving, work orders taking materials
 * and components when their first operation starts (as takt verify counts
 * them), material the actuals issued, work orders of a product ending, and
 * customer orders and forecast demand taking their product at their due
 * date (or when done, if later). The level after each movement, the lowest,
 * the time below the safety stock and any shortfall below zero follow. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "views.h"

#define EPS 1e-9

typedef TK_VEC_OF(StockEvent) EvVec;

static int ev_cmp(const void *a, const void *b)
{
    const StockEvent *x = a, *y = b;
    if (x->t != y->t) return x->t < y->t ? -1 : 1;
    if ((x->qty > 0) != (y->qty > 0)) return x->qty > 0 ? -1 : 1; /* arrivals first */
    if (x->kind != y->kind) return x->kind < y->kind ? -1 : 1;
    return (x->ref > y->ref) - (x->ref < y->ref);
}

static void add(EvVec *v, int64_t t, double qty, StockEvKind kind, int32_t ref, int64_t start)
{
    StockEvent e = {t < start ? start : t, qty, 0, (uint8_t)kind, ref};
    vec_push(v, e);
}

/* When a work order takes what it needs: its first operation's start; a
 * kit (no operations) when its parts are there, that is when it ends. */
static int64_t taken_at(const WorkOrder *w) { return w->start >= 0 ? w->start : w->end; }

/* The level over time: running sums, the lowest, below the safety stock,
 * below zero. */
static void project(PlanViews *v, StockRow *r, EvVec *ev)
{
    const IrModel *ir = v->p->ir;
    if (ev->len > 1) qsort(ev->data, ev->len, sizeof(StockEvent), ev_cmp);
    double level = r->onhand;
    r->lowest = level;
    r->lowest_at = ir->start;
    r->below_from = r->below_to = r->short_from = r->short_to = -1;
    int64_t below_since = level < r->safety - EPS ? ir->start : -1;
    if (below_since >= 0) r->below_from = ir->start;
    if (level < -EPS) r->short_qty = -level, r->short_at = r->short_from = ir->start;
    for (uint32_t k = 0; k < ev->len; k++) {
        StockEvent *e = &ev->data[k];
        level += e->qty;
        if (fabs(level) < EPS * (1 + fabs(e->qty))) level = 0;
        e->level = level;
        switch ((StockEvKind)e->kind) {
        case SEV_RECEIPT: r->in_receipts += e->qty; break;
        case SEV_PURCHASE: r->in_purchases += e->qty; break;
        case SEV_MADE: r->in_made += e->qty; break;
        case SEV_USE: r->out_used -= e->qty; break;
        case SEV_ISSUE: r->out_issued -= e->qty; break;
        case SEV_SHIP: r->out_shipped -= e->qty; break;
        }
        /* the level once every movement of this moment is in */
        if (k + 1 < ev->len && ev->data[k + 1].t == e->t) continue;
        if (level < r->lowest - EPS) r->lowest = level, r->lowest_at = e->t;
        if (level < -EPS && -level > r->short_qty + EPS) r->short_qty = -level, r->short_at = e->t;
        if (level < -EPS && r->short_from < 0) r->short_from = e->t;
        if (level >= -EPS && r->short_from >= 0 && r->short_to < 0) r->short_to = e->t;
        int64_t t = e->t < ir->end ? e->t : ir->end;
        if (level < r->safety - EPS) {
            if (below_since < 0) {
                below_since = t;
                if (r->below_from < 0) r->below_from = t;
            }
        } else if (below_since >= 0) {
            r->below_minutes += (double)(t - below_since);
            if (r->below_to < 0) r->below_to = t;
            below_since = -1;
        }
    }
    if (below_since >= 0) {
        r->below_minutes += (double)(ir->end - below_since);
        if (r->below_to < 0) r->below_to = ir->end;
    }
    if (r->short_from >= 0 && r->short_to < 0) r->short_to = ir->end;
    r->end = level;
    r->nev = ev->len;
    r->ev = arena_alloc(&v->arena, (ev->len + 1) * sizeof(StockEvent));
    if (ev->len) memcpy(r->ev, ev->data, ev->len * sizeof(StockEvent));
}

void view_stock_compute(PlanViews *v)
{
    const Plan *p = v->p;
    const IrModel *ir = p->ir;
    StockView *S = &v->stock;
    S->nrows = ir->nmaterials + ir->nproducts;
    S->rows = arena_alloc(&v->arena, (S->nrows + 1) * sizeof(StockRow));
    /* the events of every item at once: one pass over the plan */
    EvVec *ev = tk_xalloc((S->nrows + 1) * sizeof(EvVec));
    memset(ev, 0, (S->nrows + 1) * sizeof(EvVec));
    EvVec *mat = ev, *prod = ev + ir->nmaterials;
    for (uint32_t m = 0; m < ir->nmaterials; m++) {
        const IrMaterial *mt = &ir->materials[m];
        for (uint32_t k = 0; k < mt->nreceipts; k++)
            add(&mat[m], mt->receipts[k].at, mt->receipts[k].qty, SEV_RECEIPT, (int32_t)k, ir->start);
        for (uint32_t k = 0; k < mt->nissues; k++)
            add(&mat[m], mt->issues[k].at, -mt->issues[k].qty, SEV_ISSUE, (int32_t)k, ir->start);
    }
    for (uint32_t k = 0; k < p->purchases.len; k++) {
        const Purchase *pu = &p->purchases.data[k];
        add(&mat[pu->material], pu->arrive, pu->qty, SEV_PURCHASE, (int32_t)k, ir->start);
    }
    /* products bought (make or buy): purchases of their own, ref -1 */
    for (uint32_t k = 0; k < p->buys.len; k++)
        add(&prod[p->buys.data[k].product], p->buys.data[k].arrive, p->buys.data[k].qty, SEV_PURCHASE, -1, ir->start);
    for (uint32_t i = 0; i < p->wos.len; i++) {
        const WorkOrder *w = &p->wos.data[i];
        const IrProduct *pr = &ir->products[w->product];
        if (w->end >= 0) add(&prod[w->product], w->end, w->qty, SEV_MADE, (int32_t)i, ir->start);
        int64_t t = taken_at(w);
        if (t < 0) continue;
        for (uint32_t b = 0; b < pr->nbom; b++) {
            const IrBomLine *bl = &pr->bom[b];
            add(bl->is_product ? &prod[bl->item] : &mat[bl->item], t, -bl->qty * w->qty, SEV_USE, (int32_t)i, ir->start);
        }
    }
    for (uint32_t o = 0; o < ir->norders; o++) {
        const IrOrder *r = &ir->orders[o];
        int64_t done = p->orders[o].done;
        add(&prod[r->product], done > r->due ? done : r->due, -r->qty, SEV_SHIP, (int32_t)o, ir->start);
    }
    for (uint32_t f = 0; f < p->fcs.len; f++) {
        const FcDemand *fd = &p->fcs.data[f];
        int64_t done = v->fc[f].done;
        add(&prod[fd->product], done > fd->due ? done : fd->due, -fd->qty, SEV_SHIP, -2 - (int32_t)f, ir->start);
    }
    for (uint32_t i = 0; i < S->nrows; i++) {
        StockRow *r = &S->rows[i];
        bool is_prod = i >= ir->nmaterials;
        r->product = is_prod;
        r->item = (int32_t)(is_prod ? i - ir->nmaterials : i);
        if (is_prod) {
            const IrProduct *pr = &ir->products[r->item];
            r->name = pr->name;
            r->uom = "pcs";
            r->onhand = pr->stock;
        } else {
            const IrMaterial *mt = &ir->materials[r->item];
            r->name = mt->name;
            r->uom = mt->uom;
            r->onhand = mt->stock;
            r->safety = mt->safety;
        }
        project(v, r, &ev[i]);
        vec_free(&ev[i]);
    }
    tk_free(ev);
}
