/* lookalike.c: words that planners write as a setting or a routing clause,
 * and that Takt does not have. Without this table `max_wait 4 h` in a routing
 * would read as a new step named max_wait, and `capacity 3` in a machine as an
 * attribute nobody reads; with it the message says what Takt does instead
 * (E0425 in a routing step, W0013 for an attribute; docs/diagnostics.md).
 * Words for which Takt has a setting under another name (a machine's
 * `speed` is its `efficiency`, `operators` are a resource) are W0019's, in
 * sema_checks.c: this table holds them only where a routing step needs the
 * hint (E0425).
 *
 * When one of these becomes a setting or a clause, its row goes: the word is
 * then a keyword, and neither message can be reached for it. */
#include <string.h>

#include "ast.h"

typedef struct Lookalike {
    const char *word;
    unsigned where;  /* LOOK_* */
    const char *hint;
} Lookalike;

static const char *const NO_MAX_WAIT =
    "the longest wait after the step before is the clause 'within': within 4 h (within 0 min: no wait); 'wait' is "
    "the least";
static const char *const NO_SPEED =
    "a slower or faster machine is the setting 'efficiency', e.g. efficiency 70% (on the machine, or on one "
    "alternative of a step: on a | b (efficiency 70%))";
static const char *const NO_OVERLAP =
    "a step that starts before the previous step is done takes its pieces in transfer lots: 'transfer 10' starts it "
    "once 10 pieces of the step before it are done";

/* settings of a machine, written in a routing step */
static const char *const BATCH_MACHINE =
    "several work orders in one cycle is a batch machine: machine oven { capacity 40  cycle 8 h  batch by profile }; "
    "a step on it takes the cycle";

static const Lookalike table[] = {
    {"batch", LOOK_STEP, BATCH_MACHINE},
    {"capacity", LOOK_STEP, BATCH_MACHINE},
    {"cycle", LOOK_STEP, BATCH_MACHINE},
    {"max_wait", LOOK_STEP | LOOK_PRODUCT, NULL},
    {"overlap", LOOK_STEP | LOOK_PRODUCT, NULL},
    {"speed", LOOK_STEP, NULL},
};

static const char *hint_of(const Lookalike *l)
{
    if (l->hint) return l->hint;
    const char *w = l->word;
    if (!strcmp(w, "max_wait")) return NO_MAX_WAIT;
    if (!strcmp(w, "speed")) return NO_SPEED;
    return NO_OVERLAP; /* overlap */
}

const char *lookalike_hint(const char *word, unsigned where)
{
    for (size_t i = 0; i < TK_COUNTOF(table); i++)
        if ((table[i].where & where) && strcmp(table[i].word, word) == 0) return hint_of(&table[i]);
    return NULL;
}

static const char *const clauses[] = {"on",    "setup", "run",     "wait",  "within", "transfer",
                                      "after", "with",  "sublots", "scrap", "yield"};

const char *lookalike_step_clause(const char *word)
{
    const char *best = NULL;
    int bestd = 3;
    size_t wl = strlen(word);
    for (size_t i = 0; i < TK_COUNTOF(clauses); i++) {
        size_t cl = strlen(clauses[i]);
        /* a clause inside the word: max_setup, run_time, wait_min */
        for (size_t k = 0; wl > cl && k + cl <= wl; k++)
            if (strncmp(word + k, clauses[i], cl) == 0 && (k == 0 || word[k - 1] == '_') &&
                (k + cl == wl || word[k + cl] == '_'))
                return clauses[i];
        int limit = cl <= 3 ? 1 : 2;
        int d = tk_edit_distance(word, clauses[i], limit);
        if (d <= limit && d < bestd) {
            bestd = d;
            best = clauses[i];
        }
    }
    return best;
}

static const char CLAUSES[] = "the clauses are on, setup, run, wait, within, transfer, after, with, sublots and scrap (or yield)";

void lookalike_not_a_clause(Diags *d, Diag *g, Span at, const char *w, bool may_be_step)
{
    const char *hint = lookalike_hint(w, LOOK_STEP);
    const char *near = hint ? NULL : lookalike_step_clause(w);
    if (!hint && !near && may_be_step) {
        if (g) diag_reword(g, at, DIAG_MISSING_SETTING, "step '%s' has no machine", w);
        else g = diag_error(d, at, DIAG_MISSING_SETTING, "step '%s' has no machine", w);
        diag_hint(g, "a step is its name, 'on' and the machine, then its times: %s on MACHINE run 5 min each", w);
        return;
    }
    if (g) diag_reword(g, at, DIAG_NOT_A_CLAUSE, "'%s' is not a clause of a routing step; %s", w, CLAUSES);
    else g = diag_error(d, at, DIAG_NOT_A_CLAUSE, "'%s' is not a clause of a routing step; %s", w, CLAUSES);
    if (hint) diag_hint(g, "%s", hint);
    else if (near) diag_hint(g, "did you mean '%s'?", near);
}
