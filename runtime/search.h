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
} SearchOptions;

typedef struct SearchStats {
    double start_objective, best_objective;
    double seconds, time_to_best;
    int64_t iterations;    /* over all searches */
    bool interrupted;      /* stopped by Ctrl-C */
} SearchStats;

/* Improves the plan in place; it stays feasible. Ctrl-C stops the search
 * and keeps the best plan found so far. Returns false only if the plan
 * could not be read as a starting solution. */
bool search_run(Plan *p, const SearchOptions *opt, SearchStats *stats);

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

#endif
