/* buy.h: make or buy as material planning decides it (docs/planning.md,
 * "Make or buy"). A product with a purchase alternative (`buy { .. }`) has
 * each shortfall the quantity rule leaves either made, by work orders, or
 * bought, by purchases of its own; its `source` policy chooses, once per
 * shortfall, before lot sizing. Like scrap, this changes what material
 * planning makes, not where operations go, so it is not in the kinds'
 * table (kind.h): the dispatcher and the search see bought parts only as
 * the time their work orders may start (WorkOrder.material_ready) and
 * customer orders are ready (Plan.order_ready). takt verify works the
 * same rule out on its own, in runtime/verify_buy.c. Private to runtime/. */
#ifndef TAKT_BUY_H
#define TAKT_BUY_H

#include "runtime.h"

/* The choice for a shortfall of qty pieces of product prod, needed by due
 * (the latest start of the work order it is for, or the customer order's
 * due date), a purchase to arrive by target: c->bought, c->why and the
 * figures behind it. std: the standard costs (std_costs), for cheapest. */
void buy_choose(const IrModel *ir, const StdCost *std, int32_t prod, double qty, int64_t due, int64_t target,
                Sourcing *c);

/* When a purchase of prod that should arrive by target is ordered and
 * arrives: at the last time goods are received by target, ordered its lead
 * earlier; if that is before now (the plan's start or the actuals' now),
 * ordered now and received at the first time goods are after its lead. */
void buy_timing(const IrModel *ir, const IrBuy *b, int64_t target, int64_t *order_at, int64_t *arrive);

/* "bought: making would be 3 d 2 h late, bought in time" — the reason for
 * a choice, as the report and the plan file give it, into out. */
void buy_reason(const IrModel *ir, const Sourcing *c, StrBuf *out);

#endif
