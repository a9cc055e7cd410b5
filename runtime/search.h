/* search.h: the optimising search after the dispatching pass. */
#ifndef TAKT_SEARCH_H
#define TAKT_SEARCH_H

#include "runtime.h"

typedef struct SearchOptions {
    double seconds;        /* time limit; 0: none (then iterations bound it) */
    int64_t iterations;    /* per search; 0: none */
    uint64_t seed;
    int threads;           /* independent searches, seeds seed, seed+1, ... */
    bool progress;         /* show the best objective on a terminal */
    /* The rules' engine: the general search evaluates setup rules, cost
     * rules and the objective through its native code (Engine.native) where
     * it has some; NULL, or an engine without (the interpreter): through an
     * interpreter of its own per thread. Not freed by the search. */
    Engine *engine;
    /* --engine=auto: if engine has no native code and the search is long
     * enough to repay a compile (search_wants_compile), the search calls
     * compile(ir, compile_ctx) on a thread of its own and starts
     * interpreted; each search switches to the compiled code at its next
     * step once it is there (the engines agree bit for bit, so the plan is
     * the one either would give). The engine compile returns (or NULL: the
     * interpreter goes on) is freed by the search. NULL: never. */
    Engine *(*compile)(const IrModel *ir, void *ctx);
    void *compile_ctx;
} SearchOptions;

typedef struct SearchStats {
    double start_objective, best_objective;
    double seconds, time_to_best;
    int64_t iterations;    /* over all searches */
    int64_t between;       /* restarts from a plan between two elite plans, over all searches */
    bool interrupted;      /* stopped by Ctrl-C */
    const char *engine;    /* how the rules ran at the end: "interp", or the native code's engine ("jit") */
    double compiled_at;    /* seconds into the search when compiled code took over (0: from the start); < 0: never */
} SearchStats;

/* Improves the plan in place; it stays feasible. Ctrl-C stops the search
 * and keeps the best plan found so far. Returns false only if the plan
 * could not be read as a starting solution. */
bool search_run(Plan *p, const SearchOptions *opt, SearchStats *stats);

/* Would the search compile its rules for --engine=auto: it evaluates rules
 * per operation placed (setup or cost rules, or an objective), and its
 * bound — seconds, or iterations times operations — is at least
 * SEARCH_COMPILE_MIN_SECONDS or SEARCH_COMPILE_MIN_WORK. */
#define SEARCH_COMPILE_MIN_SECONDS 0.5
#define SEARCH_COMPILE_MIN_WORK 1e6
bool search_wants_compile(const Plan *p, const SearchOptions *opt);

/* Stops the search under way as Ctrl-C does: it keeps the best plan found
 * so far, and stats->interrupted says so. Safe in a signal handler and from
 * another thread; a call when no search runs is forgotten when one starts. */
void search_stop(void);

/* For tests: makes nmoves random moves on p's plan, each tried and, half
 * the time, made, and holds the search's incremental schedule and objective
 * to a whole decode after each. Returns the number of disagreements. */
int search_selfcheck(Plan *p, uint64_t seed, int nmoves);

/* For tests: nsteps times, aims at a late order as the search does and
 * holds what it finds to the schedule — the operation ends a late order,
 * and the critical path back from it is a chain of the schedule from a
 * release — then makes a random move. Returns the number of disagreements;
 * *paths the number of late orders aimed at. */
int search_late_path_check(Plan *p, uint64_t seed, int nsteps, int *paths);

/* What search_fast_check saw: moves estimated, of them those whose estimate
 * is exact (a move to another unit, a swap of two operations) and the
 * others, of which how many were above (over) the longest path through the
 * operations they move; how many estimates were the makespan after the
 * move (hits); moves that closed a cycle; moves made. */
typedef struct FastCheckStats {
    uint64_t moves, exact, estimated, over, hits, cycles, made;
} FastCheckStats;

/* For tests: on a plan the fast search takes (docs/search.md, "The fast
 * search"), nsteps times every move of a critical path's neighbourhood is
 * estimated as the search does and held to the heads and tails of the moved
 * plan computed afresh — exact where the estimate is exact, else no less
 * than the longest path through the moved operations; no cycle closed — then one of them is made and the heads and tails kept up to date
 * are held to those computed afresh. Returns the number of disagreements,
 * -1 if the fast search does not take the plan. */
int search_fast_check(Plan *p, uint64_t seed, int nsteps, FastCheckStats *st);

/* For tests: ntries times, two solutions of p made by random moves from the
 * dispatch plan and decoded, and a solution between them (the restarts of
 * docs/search.md, "Diversification") decoded too: it must decode (no
 * cycle), and two operations on the same unit in both and in it, in the
 * same order in both, are in that order in it. Returns the number of
 * disagreements; *mixed how many of them took orders from both. */
int search_relink_check(Plan *p, uint64_t seed, int ntries, int *mixed);

#endif
