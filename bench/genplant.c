/* genplant.c: writes a synthetic but plausible plant model, for benchmarks
 * and randomized tests. Same options and seed, same model, byte for byte.
 *
 *   genplant [--machines N] [--products N] [--steps N] [--orders N]
 *            [--materials N] [--levels N] [--seed N] [--rule atc|edd|heavy|none]
 *            [--release spread|start] [--variety] [--consolidate] [--receiving] [--steer] [--pools N] [--batch N]
 *            [--lots] [--scrap] [--buy]
 *
 * Machines are grouped into work centres with one of four calendars, some
 * with sequence-dependent setups by product family and colour; products have
 * routings of about --steps operations (some with alternative machines and a
 * parallel branch), a BOM of bought materials and, for --levels > 1, of
 * products of the level below; orders spread over the horizon, or all
 * released at the start (--release start: long queues at every machine).
 * --rule heavy dispatches by a composite ATC-like rule over several
 * attributes of the order, the job, the previous job and the machine.
 * --variety also makes some machines not split operations over breaks and
 * gives some a cost rule that reads the job before on the unit (the models
 * without it stay as they were, byte for byte). --consolidate has every
 * other material consolidate its purchases by one to three weeks (and
 * changes nothing else).
 * --receiving gives the plant a goods-in calendar (weekday mornings, closed
 * over Easter) and every third material a supplier's own (Tuesdays).
 * --steer adds what a planner steers with: two subcontractors (one taking
 * goods on weekday mornings), some steps sent out or with a subcontractor as
 * an alternative, some split into sublots, max_lot on some products and
 * materials, and pins of some orders' first operations to a machine.
 * --pools N adds N operator pools (resources crew0..crewN-1, with their
 * own shifts) that about three steps in four need, some with a choice of two
 * pools, and a pool of setters held for the setup of some steps; without it
 * the model is the same as before, byte for byte.
 * --batch N adds N batch machines (ovens oven0..ovenN-1: a capacity of 40 to
 * 100 pieces a cycle of 2 to 5 hours, every other one batching by family, some
 * waiting up to 2 hours to fill a cycle) and a last step on one of them to
 * about one product in three; without it the model is the same, byte for byte.
 * --setup-rule gives every third machine a setup rule over the job, the
 * previous job and the order (on top of its setups by attribute, if any).
 * --objective cost|tardiness minimises the plan's cost and penalties, or its
 * weighted tardiness, instead of the makespan and penalties; without these
 * two options the model is the same, byte for byte.
 * --windows gives about one step in four that has a step before it a time
 * window after it (within 0 min to 8 h), from a stream of its own, so the
 * plant is otherwise the one without.
 * --overlap gives about one step in five that has a step before it a
 * transfer quantity (transfer 1 to 50: it starts once that many pieces of
 * the steps before it are done), where neither it nor those steps is split
 * into sublots or can be sent out; from a stream of its own, so the plant
 * is otherwise the one without.
 * --lots gives products what makes work order quantities interesting:
 * fractional quantities of components in their bills of materials (1.0527
 * bodies per valve), fixed lots, minimum orders and multiples, and stock;
 * from a second random stream, so the plant is otherwise the one without.
 * --buy gives about a third of the products that are components of others
 * a purchase alternative (a price, a lead time, lot rules, sometimes a
 * supplier) and a make-or-buy policy (in_time, cheapest, buy or make),
 * from a random stream of its own: without it a plant is as before.
 * --scrap gives about a quarter of the routing steps a scrap rate (1-8%),
 * and some BOM lines one (1-5%), component lines included; without it the
 * model is the same, byte for byte. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state = 88172645463325252ull;

static uint32_t rnd_from(uint64_t *st, uint32_t n)
{
    /* xorshift64*: fast and the same on every platform */
    *st ^= *st >> 12;
    *st ^= *st << 25;
    *st ^= *st >> 27;
    return (uint32_t)(((*st * 2685821657736338717ull) >> 33) % (n ? n : 1));
}

static uint32_t rnd(uint32_t n) { return rnd_from(&rng_state, n); }

/* the second stream, for --lots */
static uint64_t lot_state = 0x2545F4914F6CDD1Dull;
static uint32_t rnd2(uint32_t n) { return rnd_from(&lot_state, n); }

/* the pools' choices draw from a stream of their own, so that --pools adds
 * resources to the same plant rather than making another */
static uint64_t pool_state = 0x2545F4914F6CDD1Dull;
static uint32_t rnd_pool(uint32_t n) { return rnd_from(&pool_state, n); }

/* the batch machines' choices: a stream of their own, as the pools' */
static uint64_t batch_state = 0x9E3779B97F4A7C15ull;
static uint32_t rnd_batch(uint32_t n) { return rnd_from(&batch_state, n); }

/* time windows: a stream of their own */
static uint64_t window_state = 0xD1B54A32D192ED03ull;
static uint32_t rnd_window(uint32_t n) { return rnd_from(&window_state, n); }

/* transfer lots: a stream of their own */
static uint64_t overlap_state = 0xA0761D6478BD642Full;
static uint32_t rnd_overlap(uint32_t n) { return rnd_from(&overlap_state, n); }
/* make or buy: a stream of its own, so that plants without --buy stay as they were */
static uint64_t buy_state = 0x94D049BB133111EBull;
static uint32_t rnd_buy(uint32_t n) { return rnd_from(&buy_state, n); }

/* 2027-01-04 plus n days, as YYYY-MM-DD */
static void date_after(int n, char *buf)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y = 2027, m = 1, d = 4 + n;
    for (;;) {
        int md = mdays[m - 1] + (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
        if (d <= md) break;
        d -= md;
        if (++m > 12) m = 1, y++;
    }
    sprintf(buf, "%04d-%02d-%02d", y, m, d);
}

static const char *const colours[] = {"white", "grey", "red", "blue", "black", "green"};
static const char *const families[] = {"steel", "alu", "plastic", "wood"};

int main(int argc, char **argv)
{
    long machines = 50, products = 100, steps = 6, orders = 500, materials = 40, levels = 1, pools = 0, batch = 0;
    const char *rule = "atc";
    bool release_start = false, variety = false, consolidate = false, receiving = false, steer = false, lots = false;
    bool setup_rule = false;
    const char *objective = "makespan";
    bool scrap = false, buy = false;
    bool windows = false, overlap = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        long *dst = NULL;
        if (!strcmp(a, "--machines")) dst = &machines;
        else if (!strcmp(a, "--products")) dst = &products;
        else if (!strcmp(a, "--steps")) dst = &steps;
        else if (!strcmp(a, "--orders")) dst = &orders;
        else if (!strcmp(a, "--materials")) dst = &materials;
        else if (!strcmp(a, "--levels")) dst = &levels;
        else if (!strcmp(a, "--pools")) dst = &pools;
        else if (!strcmp(a, "--batch")) dst = &batch;
        else if (!strcmp(a, "--lots")) {
            lots = true;
            continue;
        } else if (!strcmp(a, "--overlap")) {
            overlap = true;
            continue;
        } else if (!strcmp(a, "--windows")) {
            windows = true;
            continue;
        } else if (!strcmp(a, "--seed") && v) {
            rng_state ^= strtoull(v, NULL, 10) * 0x9E3779B97F4A7C15ull;
            if (!rng_state) rng_state = 1;
            pool_state ^= strtoull(v, NULL, 10) * 0xBF58476D1CE4E5B9ull;
            if (!pool_state) pool_state = 1;
            batch_state ^= strtoull(v, NULL, 10) * 0x94D049BB133111EBull;
            if (!batch_state) batch_state = 1;
            lot_state ^= strtoull(v, NULL, 10) * 0xBF58476D1CE4E5B9ull;
            if (!lot_state) lot_state = 1;
            window_state ^= strtoull(v, NULL, 10) * 0x9E3779B97F4A7C15ull;
            if (!window_state) window_state = 1;
            i++;
            continue;
        } else if (!strcmp(a, "--rule") && v) {
            rule = v;
            i++;
            continue;
        } else if (!strcmp(a, "--setup-rule")) {
            setup_rule = true;
            continue;
        } else if (!strcmp(a, "--objective") && v && (!strcmp(v, "cost") || !strcmp(v, "tardiness") ||
                                                      !strcmp(v, "makespan"))) {
            objective = v;
            i++;
            continue;
        } else if (!strcmp(a, "--variety")) {
            variety = true;
            continue;
        } else if (!strcmp(a, "--consolidate")) {
            consolidate = true;
            continue;
        } else if (!strcmp(a, "--receiving")) {
            receiving = true;
            continue;
        } else if (!strcmp(a, "--steer")) {
            steer = true;
            continue;
        } else if (!strcmp(a, "--scrap")) {
            scrap = true;
            continue;
        } else if (!strcmp(a, "--buy")) {
            buy = true;
            continue;
        } else if (!strcmp(a, "--release") && v) {
            release_start = !strcmp(v, "start");
            i++;
            continue;
        } else {
            fprintf(stderr, "usage: genplant [--machines N] [--products N] [--steps N] [--orders N] "
                            "[--materials N] [--levels N] [--seed N] [--rule atc|edd|heavy|none] "
                            "[--release spread|start] [--variety] [--consolidate] [--receiving] [--steer] [--pools N] "
                            "[--batch N] [--lots] [--setup-rule] [--objective makespan|cost|tardiness] [--scrap] [--windows] [--overlap] "
                            "[--buy]\n");
            return 2;
        }
        if (!v) {
            fprintf(stderr, "genplant: %s needs a value\n", a);
            return 2;
        }
        *dst = atol(v);
        i++;
    }
    if (machines < 1) machines = 1;
    if (products < 1) products = 1;
    if (steps < 1) steps = 1;
    if (levels < 1) levels = 1;
    if (pools < 0) pools = 0;
    if (batch < 0) batch = 0;

    printf("// generated by genplant: %ld machines, %ld products, ~%ld steps, %ld orders\n", machines, products,
           steps, orders);
    printf("import std.calendars\nimport std.rules\n\n");
    printf("plant \"Generated Works\" {\n  start 2027-01-04 06:00\n  horizon 26 weeks\n  currency EUR\n%s}\n\n",
           receiving ? "  receiving goods_in\n" : "");
    if (receiving)
        printf("calendar goods_in {\n  mon-fri 07:00-12:00\n  closed 2027-03-26 .. 2027-03-29\n}\n\n"
               "calendar supplier_days {\n  tue 08:00-10:00\n}\n\n");
    printf("calendar holidays {\n  base std.two_shifts\n  closed 2027-04-02 .. 2027-04-05\n"
           "  overtime 2027-02-13 06:00-12:00\n}\n\n");

    if (steer)
        printf("calendar sub_days {\n  mon-fri 07:00-11:00\n}\n\n"
               "subcontractor sub0 {\n  lead 4 d\n  cost 1.20 EUR each\n  calendar sub_days\n}\n\n"
               "subcontractor sub1 {\n  lead 36 h\n  cost 40 EUR\n}\n\n");
    static const char *const cals[] = {"std.two_shifts", "std.three_shifts", "holidays", NULL};
    for (long m = 0; m < machines; m++) {
        printf("machine mc%ld {\n", m);
        printf("  units %u\n", 1 + rnd(3));
        const char *cal = cals[rnd(4)];
        if (cal) printf("  calendar %s\n", cal);
        unsigned rate = 30 + rnd(60);
        if (variety && rnd(4) == 0)
            printf("  cost if prev.exists and prev.family != job.family then %u EUR/h else %u EUR/h\n", rate + 20, rate);
        else printf("  cost %u EUR/h\n", rate);
        if (variety && rnd(5) == 0) printf("  split false\n");
        switch (rnd(4)) {
        case 0:
            printf("  setup by colour {\n    same 5 min\n    change %u min\n    \"white\" -> \"black\" %u min\n  }\n",
                   20 + rnd(40), 5 + rnd(10));
            break;
        case 1: printf("  setup by family {\n    change %u min\n  }\n", 10 + rnd(50)); break;
        default: break;
        }
        if (setup_rule && m % 3 == 1)
            printf("  setup if prev.exists and prev.family != job.family then %u min + 0.02 min * abs(job.quantity - "
                   "prev.quantity) else (if order.priority > 2 then 1 min else 3 min) * exp(-job.quantity / 40)\n",
                   8 + (unsigned)(m % 7) * 3);
        printf("}\n");
    }
    for (long k = 0; k < batch; k++) {
        printf("machine oven%ld {\n  units %u\n  capacity %u\n  cycle %u h\n", k, 1 + rnd_batch(2), 40 + 20 * rnd_batch(4),
               2 + rnd_batch(4));
        if (k % 2 == 0) printf("  batch by family\n");
        if (rnd_batch(3) == 0) printf("  fill 2 h\n");
        printf("  calendar std.three_shifts\n  cost %u EUR/h\n}\n", 40 + rnd_batch(40));
    }
    printf("\n");
    /* operator pools: about as many people as three in five of the machine
     * units their steps use, on two shifts (some on three) */
    for (long k = 0; k < pools; k++) {
        long units = machines * 6 / 5 / pools;
        printf("resource crew%ld {\n  units %ld\n", k, units < 1 ? 1 : units);
        if (k % 4 != 3) printf("  calendar %s\n", k % 4 == 2 ? "std.three_shifts" : "std.two_shifts");
        printf("  cost %u EUR/h\n}\n", 25 + rnd_pool(30));
    }
    if (pools > 0) {
        long units = machines / 10;
        printf("resource setter {\n  units %ld\n  calendar std.two_shifts\n  cost 48 EUR/h\n}\n\n", units < 1 ? 1 : units);
    }
    for (long k = 0; k < materials; k++) {
        /* consolidated: one line more, before the closing brace, no draw */
        static const char *const periods[] = {"  consolidate 1 week\n", "  consolidate 2 weeks\n", "  consolidate 3 weeks\n"};
        const char *cons = consolidate && k % 2 == 0 ? periods[(k / 2) % 3] : "";
        if (steer && k % 3 == 2 && rnd(2) == 0) {
            /* bought in purchases of at most max_lot */
            printf("material mat%ld {\n  cost %u.%02u EUR\n  stock %u\n  lead %u d\n  min_order 100\n  max_lot %u\n%s}\n", k,
                   rnd(30), rnd(100), rnd(5000), 1 + rnd(20), 200 * (1 + rnd(10)), cons);
            continue;
        }
        switch (k % 3) {
        case 0:
            printf("material mat%ld {\n  unit m\n  cost %u.%02u EUR/m\n  stock %u m\n  lead %u d\n  min_order 100 m\n"
                   "  multiple 50 m\n%s%s}\n", k, 1 + rnd(20), rnd(100), rnd(2000), 2 + rnd(12), cons,
                   receiving ? "  receiving supplier_days\n" : "");
            break;
        case 1:
            printf("material mat%ld {\n  unit kg\n  cost %u.%02u EUR/kg\n  stock %u kg\n  lead %u d\n  lot 500 kg\n"
                   "  receipt 500 kg on 2027-01-%02u\n%s}\n", k, 1 + rnd(9), rnd(100), rnd(800), 3 + rnd(10),
                   11 + rnd(15), cons);
            break;
        default:
            printf("material mat%ld {\n  cost %u.%02u EUR\n  stock %u\n  lead %u d\n  min_order %u\n%s}\n", k, rnd(30),
                   rnd(100), rnd(5000), 1 + rnd(20), 100 * (1 + rnd(10)), cons);
        }
    }
    printf("\n");
    long per_level = products / levels;
    if (per_level < 1) per_level = 1;
    /* --steer: per product, the machine its first step is pinned to */
    char (*pin_to)[16] = calloc((size_t)products, sizeof *pin_to);
    /* products whose orders stock or another order's lot may cover: no work
     * order of the order's name to pin */
    bool *sized = calloc((size_t)products, sizeof *sized);
    if (!pin_to || !sized) return 1;
    for (long p = 0; p < products; p++) {
        long level = p / per_level;
        printf("product p%ld {\n", p);
        printf("  family \"%s\"\n  colour \"%s\"\n  weight %u\n", families[rnd(4)], colours[rnd(6)], rnd(4));
        unsigned max_lot = steer && rnd(4) == 0 ? 15 + rnd(30) : 0;
        unsigned lot_fixed = 0, lot_min = 0, lot_mult = 0;
        if (lots) {
            static const unsigned fixed[] = {5, 8, 10, 20, 25}, mult[] = {2, 4, 5, 10};
            switch (rnd2(5)) {
            case 0: lot_fixed = fixed[rnd2(5)]; break;
            case 1: lot_min = 5 + rnd2(30); break;
            case 2: lot_mult = mult[rnd2(4)]; break;
            case 3:
                lot_min = 3 + rnd2(20); /* one call a statement: argument order is unspecified */
                lot_mult = mult[rnd2(4)];
                break;
            default: break; /* lot for lot */
            }
            if (lot_fixed) printf("  lot %u\n", lot_fixed);
            if (lot_min) printf("  min_order %u\n", lot_min);
            if (lot_mult) printf("  multiple %u\n", lot_mult);
            if (rnd2(3) == 0) {
                printf("  stock %u\n", 1 + rnd2(40));
                sized[p] = true;
            }
            if (lot_fixed || lot_min || lot_mult) sized[p] = true;
        }
        if (max_lot) {
            /* no smaller than the other lot settings (E0414) */
            if (max_lot < lot_fixed) max_lot = lot_fixed;
            unsigned least = lot_mult ? (lot_min + lot_mult - 1) / lot_mult * lot_mult : lot_min;
            if (max_lot < least) max_lot = least; /* the smallest order min_order and multiple allow */
            if (max_lot < lot_mult) max_lot = lot_mult;
            printf("  max_lot %u\n", max_lot);
        }
        if (materials > 0 || level > 0) {
            printf("  bom {\n");
            if (materials > 0) {
                long a = rnd((uint32_t)materials), b = rnd((uint32_t)materials);
                printf("    mat%ld %u", a, 1 + rnd(4));
                if (scrap && rnd(3) == 0) printf(" scrap %u%%", 1 + rnd(5));
                printf("\n");
                if (b != a) printf("    mat%ld %u\n", b, 1 + rnd(3));
            }
            if (level > 0) {
                long lo = (level - 1) * per_level;
                long c = lo + rnd((uint32_t)per_level);
                unsigned q = 1 + rnd(2);
                /* with --lots, a fraction more or less: 1.0527 bodies per valve, half a panel */
                static const char *const frac[] = {"1.0527", "0.5", "2.25", "1.1", "0.3333", "1.75", "0.04"};
                if (lots && rnd2(3) != 0) printf("    p%ld %s", c, frac[rnd2(7)]);
                else printf("    p%ld %u", c, q);
                if (scrap && rnd(4) == 0) printf(" scrap %u%%", 1 + rnd(5));
                printf("\n");
            }
            printf("  }\n");
        }
        printf("  routing {\n");
        long n = steps > 2 ? steps - 1 + rnd(3) : steps;
        /* per step: it cannot pass pieces on in lots (sublots, sent out) */
        bool *whole = calloc((size_t)n + 1, sizeof(bool));
        if (!whole) return 2;
        for (long s = 0; s < n; s++) {
            long mc = rnd((uint32_t)machines);
            if (steer && s > 0 && rnd(12) == 0) {
                /* sent out, no work in house */
                printf("    op%ld on sub%u", s, rnd(2));
                if (s == 2 && n > 4) printf(" after op0");
                if (s == 3 && n > 4) printf(" after op1, op2");
                printf("\n");
                whole[s] = true;
                continue;
            }
            printf("    op%ld on mc%ld", s, mc);
            if (s == 0) snprintf(pin_to[p], sizeof pin_to[p], "mc%ld", mc);
            if (rnd(5) == 0 && machines > 1) printf(" | mc%ld (run %u min each)", (mc + 1) % machines, 1 + rnd(8));
            if (steer && rnd(6) == 0) printf(" | sub%u", rnd(2)), whole[s] = true;
            bool setup = rnd(3) == 0;
            if (setup) printf(" setup %u min", 5 + rnd(30));
            printf(" run %u min each", 1 + rnd(10));
            if (scrap && rnd(4) == 0) printf(" scrap %u%%", 1 + rnd(8));
            if (steer && rnd(5) == 0) {
                whole[s] = true;
                if (rnd(2)) printf(" sublots %u", 2 + rnd(3));
                else printf(" sublot %u", 5 + rnd(20));
            }
            if (pools > 0) {
                /* the pool of a step follows its machine, as operators are trained on machines */
                long crew = mc % pools;
                switch (rnd_pool(4)) {
                case 0: case 1: printf("  with crew%ld", crew); break;
                case 2:
                    if (pools > 1) printf("  with crew%ld | crew%ld", crew, (crew + 1) % pools);
                    else printf("  with crew%ld", crew);
                    break;
                default: break;
                }
                if (setup && rnd_pool(2) == 0) printf("  with setter for setup");
            }
            if (s == 2 && n > 4) printf(" after op0"); /* a parallel branch */
            if (s == 3 && n > 4) printf(" after op1, op2");
            if (windows && s > 0 && rnd_window(4) == 0) {
                static const char *const w[] = {"0 min", "30 min", "1 h", "2 h", "4 h", "8 h"};
                printf("  within %s", w[rnd_window(6)]);
            }
            if (overlap && s > 0 && rnd_overlap(5) == 0) {
                /* the steps before it: op0; op1 and op2; else the one before */
                bool ok = !whole[s];
                if (s == 2 && n > 4) ok = ok && !whole[0];
                else if (s == 3 && n > 4) ok = ok && !whole[1] && !whole[2];
                else ok = ok && !whole[s - 1];
                static const unsigned tq[] = {1, 2, 5, 10, 20, 50};
                unsigned q = tq[rnd_overlap(6)];
                if (ok) printf("  transfer %u", q);
            }
            printf("\n");
        }
        free(whole);
        if (batch > 0 && rnd_batch(3) == 0) printf("    cure on oven%u\n", rnd_batch((uint32_t)batch));
        printf("  }\n");
        if (buy && p < products - per_level && rnd_buy(3) == 0) {
            /* an intermediate product that may be bought: a price, a lead time, lot rules, a policy */
            static const char *const policy[] = {"in_time", "in_time", "cheapest", "buy", "make"};
            printf("  buy {\n    cost %u.%02u EUR\n    lead %u d\n", 1 + rnd_buy(60), rnd_buy(100), rnd_buy(15));
            switch (rnd_buy(4)) {
            case 0: printf("    lot %u\n", 10 * (1 + rnd_buy(5))); break;
            case 1: printf("    min_order %u\n    multiple %u\n", 5 + rnd_buy(30), 1 + rnd_buy(10)); break;
            case 2: printf("    min_order %u\n    max_lot %u\n", 5 + rnd_buy(10), 40 + rnd_buy(100)); break;
            default: break;
            }
            if (rnd_buy(2)) printf("    supplier \"Supplier %u\"\n", rnd_buy(5));
            if (receiving && rnd_buy(2)) printf("    receiving supplier_days\n");
            printf("  }\n  source %s\n", policy[rnd_buy(5)]);
        }
        printf("}\n");
    }
    printf("\n");
    for (long o = 0; o < orders; o++) {
        long p = products - per_level + rnd((uint32_t)per_level); /* top-level products */
        if (p < 0) p = rnd((uint32_t)products);
        int rel = release_start ? 0 : (int)rnd(100);
        char due[32], release[32];
        date_after(rel + 5 + (int)rnd(60), due);
        date_after(rel, release);
        printf("order \"SO-%06ld\" {\n  p%ld %u\n  due %s\n", o, p, 1 + rnd(50), due);
        printf("  release %s\n", release);
        printf("  priority %u\n  penalty %u EUR/day\n}\n", 1 + rnd(3), 10 * rnd(20));
        if (steer && o % 7 == 3 && !sized[p]) printf("pins { op \"SO-%06ld\" op0 on %s }\n", o, pin_to[p]);
    }
    free(pin_to);
    free(sized);
    if (!strcmp(rule, "heavy"))
        printf("\n// a composite apparent-tardiness rule over the order, the job, the previous job and the machine\n"
               "rule heavy =\n"
               "  -(order.priority + 0.5 * job.weight) / max(operation.time / 1 min, 0.1)\n"
               "    * exp(-max(job.due - operation.time - now, 0 min) / (2 * max(machine.mean_time, 1 min)))\n"
               "    * (if prev.exists and prev.family == job.family then 0.7 else 1)\n"
               "  + 0.001 * log(1 + job.remaining_ops) * sqrt(max(order.penalty / (1 EUR/h), 0))\n"
               "  + (if job.colour == \"red\" then 0.01 else 0) * min(machine.queue, 50) / 50\n"
               "  - 0.001 * pow(max(0.5, order.quantity / max(job.quantity, 1)), 0.25)\n");
    if (strcmp(rule, "none") != 0) {
        printf("\nschedule {\n");
        if (!strcmp(rule, "atc")) printf("  dispatch std.atc(k: 2)\n");
        else if (!strcmp(rule, "heavy")) printf("  dispatch heavy\n");
        else printf("  dispatch std.%s\n", rule);
        if (!strcmp(objective, "cost")) printf("  minimize cost + penalty\n}\n");
        else if (!strcmp(objective, "tardiness")) printf("  minimize 1 EUR/h * weighted_tardiness + 0.1 EUR/h * makespan\n}\n");
        else printf("  minimize 1 EUR/h * makespan + penalty\n}\n");
    }
    return 0;
}
