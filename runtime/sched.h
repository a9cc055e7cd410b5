/* sched.h: the dispatching pass's state, private to the scheduler's files:
 * sched.c (the pass), sched_pin.c (pins: operations that start where and
 * when the planner says) and sched_sub.c (work sent to subcontractors). */
#ifndef TAKT_SCHED_H
#define TAKT_SCHED_H

#include "kind.h"
#include "runtime.h"

#define EPS 1e-9

/* Events at one time come out in this order: completions, arrivals,
 * dispatching, then pinned operations starting (EV_PIN: everything that
 * could end before the pin has). */
enum { EV_COMPLETE, EV_ARRIVE, EV_DISPATCH, EV_PIN };

typedef struct Event {
    uint64_t key;   /* the time from Sched.tbase, the kind, a sequence number (ev_key) */
    int32_t a;
} Event;

typedef struct EarlyDone {
    int64_t end;
    uint32_t op, seq; /* seq: the order they were frozen in */
} EarlyDone;

typedef struct UnitState {
    int64_t free_at;
    int32_t prev_wo;   /* -1: nothing ran yet */
    int64_t prev_end;
    /* --stable: the operations the previous plan gave this unit, in the
     * order to run them, are Sched.kept[seq_pos..seq_end); loose once that
     * order cannot be kept (stable_unstick) */
    uint32_t seq_pos, seq_end;
    bool loose;
    /* pins: the operations pinned to start on this unit at a time, by
     * start, are Sched.pin_seq[pin_pos..pin_end) (those started or given up
     * passed over: sched_pin.c) */
    uint32_t pin_pos, pin_end;
    int32_t last_op;   /* the operation that ran last here, -1: none */
} UnitState;

/* A machine that cannot hold an operation (no working time long enough
 * before the horizon ends), and why: one of a list per operation. */
typedef struct Unable {
    struct Unable *next;
    int32_t machine;
    const char *why;
} Unable;

typedef struct MState {
    U32Vec queue;       /* waiting operations (planned ones removed lazily) */
    UnitState *units;
    int64_t pending;    /* time of the DISPATCH event in the heap, or -1 */
} MState;

typedef struct WState {
    uint32_t ops_left;
    uint32_t supplies_left;
    int64_t supply_ready;
    int32_t supply_last;  /* the component work order that ended last */
    int64_t done;         /* -1 until complete */
    double remaining;     /* standard minutes of operations not yet started */
    int32_t *dependents;  /* work orders waiting for this one */
    uint32_t ndependents;
    bool failed;
    const char *why;      /* failed: the operation, machine and reason at the root */
} WState;

typedef struct WinState WinState; /* kind_window.c */

typedef struct Sched {
    Plan *p;
    const IrModel *ir;
    Engine *eng;
    TK_VEC_OF(Event) heap;
    uint64_t seq;
    int64_t tbase;       /* events' times are from it (ev_key) */
    MState *ms;
    WState *ws;
    int32_t *npred;      /* per op: predecessors not yet complete */
    uint32_t *rank;      /* per work order: position by name */
    /* the dispatch scan: the candidates' values in columns (RuleScan) */
    RuleScan scan;
    double *col[RV__COUNT];   /* the columns filled: run, setup, time and what rules read */
    const double **rows[ATAB__COUNT];
    double **memorow;         /* per candidate: its row of memo */
    double *memo;             /* per operation: memo_len doubles the engine keeps for the dispatch rule */
    uint32_t memo_len;
    double *colbuf;
    double *vals, *setups;
    double *lvals;            /* per candidate: the later levels of the dispatch rule (dispatch_level) */
    uint32_t *lseen, lstamp;  /* ... worked out for the decision lstamp */
    uint32_t *cands;
    uint32_t nscratch;
    double clock_cost;   /* what reading the clock adds to a timed scan; < 0: scans not timed */
    uint64_t decisions;  /* operations dispatched */
    uint64_t evals0;     /* the engine's evaluations when the pass began with it */
    uint64_t evals_before; /* evaluations by an engine given up for a faster one */
    uint64_t evals_mark; /* the engine's evaluations at the last look at tiering up */
    uint32_t failures;   /* problems found; the first 20 are reported */
    int32_t more_wo, more_root; /* the first not reported, and the work order at its root */
    uint64_t need;       /* the RuleVars some rule reads: only these are filled */
    int64_t now;         /* nothing new starts before it: the actuals' time */
    int64_t clock;       /* the time of the event being handled */
    /* --stable: per operation, where and when the previous plan had it */
    int64_t *prev_start; /* INT64_MAX: not in the previous plan */
    int64_t *prev_end;
    uint32_t *prev_line;  /* its line in the previous plan */
    int32_t *prev_machine, *prev_unit; /* -1: not kept (new work) */
    uint32_t *kept;      /* the units' sequences (stable_sequences) */
    int64_t *gap_end;    /* per operation: new work before it must end by then (its lower bound) */
    uint8_t *feeds_kept; /* per work order: kept work waits for it */
    Unable **unable;     /* per operation: machines that cannot hold it (NULL until one) */
    /* reported operations done before now: completed in order of their
     * ends before the pass, not through the event heap */
    TK_VEC_OF(EarlyDone) early;
    /* pins (sched_pin.c): the operations pinned to a start, by unit then
     * start; per operation, whether it is ready to start at its pin */
    uint32_t *pin_seq;
    uint8_t *pin_ready;
    bool unit_pins;      /* some operation may run only on one unit of its machine */
    Kinds kinds;         /* the constraint kinds the model uses (kind.h) */
    uint8_t *kstate;     /* per candidate of a decision: 0 not asked, 2 held back by a kind */
    KSlot kslot;         /* the kinds' placement of the candidate asked last */
    /* batch machines (kind_batch.c): per operation on one, the pieces not
     * yet in a cycle, and whether a cycle holds some of it already */
    double *bleft;
    uint8_t *bbegun;
    WinState *win;       /* time windows (kind_window.c); NULL without */
    /* arcs a kind lets follow their predecessor's start (transfer lots:
     * kinds_follow_start): per operation, whether its such arcs were
     * released when it was placed; NULL without */
    uint8_t *follow_done;
} Sched;

/* sched.c, for the files beside it */
void sched_push(Sched *S, int64_t t, int kind, int32_t a);
void sched_want_dispatch(Sched *S, int32_t m, int64_t t);
const IrCalendar *sched_cal(const IrModel *ir, const IrMachine *mc);
/* A rule environment for op oi on unit u of machine m at now, and its
 * setup there (after the job before it on the unit). */
void sched_fill_env(Sched *S, RuleEnv *env, uint32_t oi, int32_t m, uint32_t u, int64_t now);
double sched_op_setup(Sched *S, RuleEnv *env, uint32_t oi, int32_t m, uint32_t u);
/* Operation oi is placed: on unit u of m from start to end (its work
 * setup and run), costing cost; books the unit, queues its completion. */
void sched_place(Sched *S, uint32_t oi, int32_t m, uint32_t u, int64_t start, int64_t end, double setup, double run,
                 double cost);
/* Operation oi cannot be planned, for the reason given ("operation 'x' on
 * 'm' ..."). */
void sched_fail(Sched *S, uint32_t oi, const char *phrase);
/* Machine m cannot hold oi from now on, for `why` (its other machines are asked). */
void sched_cannot_hold(Sched *S, uint32_t oi, int32_t m, int64_t now, const char *why);
/* Where oi would finish on alternative al if it could start there at t or
 * later (the unit free first; a subcontractor: sent and back); INT64_MAX if
 * not within the horizon. */
int64_t sched_finish_on(const Sched *S, uint32_t oi, const IrAlt *al, int64_t t);
/* Where op oi, waiting for machine m at now, would finish soonest: another
 * of its machines, SCHED_HERE for m, or SCHED_CANNOT if m cannot hold it
 * (sched_cannot_hold has then been told). */
enum { SCHED_HERE = -1, SCHED_CANNOT = -2 };
int32_t sched_sooner_elsewhere(Sched *S, uint32_t oi, int32_t m, int64_t now, int64_t *when);
/* When the first unit of machine m is free, at t or later. */
int64_t sched_earliest_free(const Sched *S, int32_t m, int64_t t);
/* The constraint kinds (kind.h) for operation oi starting on unit u of
 * machine m exactly at t, its work ending at end: booked, with what they
 * cost in *cost, or false (and *why, if they say) if they cannot hold it
 * then. True with nothing booked where no kind concerns it. */
bool sched_kinds_at(Sched *S, uint32_t oi, int32_t m, uint32_t u, int64_t t, double setup, double run, int64_t end,
                    double *cost, const char **why);

/* Operation oi starts on unit u of machine m at t or later (its unit free
 * by then), where its calendar and the constraint kinds let it: placed
 * ahead of its turn (a time window's reservation). False, and nothing
 * placed, where it cannot go there before the horizon ends. */
bool sched_start_at(Sched *S, uint32_t oi, int32_t m, uint32_t u, int64_t t);

/* kind_window.c: time windows in the dispatching pass (the look-ahead of
 * kind_window.c's header). */
void window_begin(Sched *S);
void window_free(Sched *S);
/* Does a successor of oi have a window (the pass plans ahead for it)? */
bool window_heads(const Sched *S, uint32_t oi);
/* oi is to start on unit u of m at t or later, its work dur minutes: the
 * start at which the chain of operations that must follow it within windows
 * fits (t if it never does, or there is none); remembers the chain for
 * window_reserve. */
int64_t window_plan(Sched *S, uint32_t oi, int32_t m, uint32_t u, int64_t t, int64_t dur);
/* oi was placed: its chain is placed now, where window_plan planned it. */
void window_reserve(Sched *S, uint32_t oi);
/* Operation oi, with a window, is ready at t and was not placed with its
 * predecessor: placed now, as soon as a unit can take it; false if it is
 * not for the pass to place so (it waits in the queues as any other). */
bool window_arrive(Sched *S, uint32_t oi, int64_t t);

/* sched_pin.c */
void sched_pin_begin(Sched *S);
void sched_pin_free(Sched *S);
/* May op oi run on unit u of machine m (its pin's machine and unit)? */
static inline bool sched_pin_allows(const Sched *S, uint32_t oi, int32_t m, uint32_t u)
{
    const Plan *p = S->p;
    if (!p->pin_machine) return true;
    return (p->pin_machine[oi] < 0 || p->pin_machine[oi] == m) && (p->pin_unit[oi] < 0 || p->pin_unit[oi] == (int32_t)u);
}
/* The next operation pinned to start on unit u of m not yet started, -1 if none. */
int32_t sched_pin_next(Sched *S, int32_t m, uint32_t u);
/* May op oi, of dur minutes of work, go on unit u of m at t before the
 * pinned operation `pin` (it ends by the pin's start, and the pin, its
 * setup after oi, still ends before the unit's next pin)? */
bool sched_pin_gap_fits(Sched *S, uint32_t oi, int32_t m, uint32_t u, int64_t t, int64_t dur, int32_t pin);
/* EV_PIN: the pinned operation oi starts now, or cannot be honoured. */
void sched_pin_start(Sched *S, uint32_t oi, int64_t t);

/* sched_sub.c: a subcontractor's dispatch: everything in its queue that it
 * returns no later than an in-house machine would finish it is sent out. */
void sched_sub_dispatch(Sched *S, int32_t m, int64_t t);

#endif
