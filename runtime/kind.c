/* kind.c: the list of constraint kinds and the placement loop that asks
 * them (kind.h). */
#include "kind.h"

static const KindOps *const kinds[] = {&kind_pool, &kind_window, &kind_batch, &kind_overlap};

void kinds_begin(Kinds *k, Plan *p, bool decoder)
{
    k->n = 0;
    for (size_t i = 0; i < TK_COUNTOF(kinds); i++) {
        if (!kinds[i]->used(p->ir) || (kinds[i]->decoder_only && !decoder)) continue;
        TK_ASSERT(k->n < KIND_MAX);
        k->ops[k->n] = kinds[i];
        k->st[k->n] = kinds[i]->begin(p);
        k->n++;
    }
}

void kinds_reset(Kinds *k)
{
    for (uint32_t i = 0; i < k->n; i++) k->ops[i]->reset(k->st[i]);
}

void kinds_clear(Kinds *k)
{
    for (uint32_t i = 0; i < k->n; i++)
        if (k->ops[i]->clear) k->ops[i]->clear(k->st[i]);
}

bool kinds_settle(Kinds *k, const int64_t *start, const int64_t *end)
{
    bool again = false;
    for (uint32_t i = 0; i < k->n; i++)
        if (k->ops[i]->settle && k->ops[i]->settle(k->st[i], start, end)) again = true;
    return again;
}

void kinds_end(Kinds *k, Plan *p)
{
    for (uint32_t i = 0; i < k->n; i++) k->ops[i]->end(k->st[i], p);
}

void kinds_free(Kinds *k)
{
    for (uint32_t i = 0; i < k->n; i++) k->ops[i]->free(k->st[i]);
    k->n = 0;
}

bool kinds_apply(Kinds *k, const KPlace *pl)
{
    for (uint32_t i = 0; i < k->n; i++)
        if (k->ops[i]->applies(k->st[i], pl)) return true;
    return false;
}

/* The fixed point of kind.h: every kind asked from the start so far, again
 * while one moves it. The working time a kind narrows is what the next one
 * works in; each round starts from the machine's own calendar. */
bool kinds_place(Kinds *k, const KPlace *pl, KSlot *slot)
{
    KPlace q = *pl;
    double cost = 0;
    for (uint32_t round = 0;; round++) {
        TK_ASSERT(round < KIND_MAX_ROUNDS);
        bool moved = false;
        q.cal = pl->cal;
        cost = 0;
        for (uint32_t i = 0; i < k->n; i++) {
            if (!k->ops[i]->applies(k->st[i], &q)) continue;
            KSlot s = *slot;
            if (!k->ops[i]->place(k->st[i], &q, &s)) {
                *slot = s;
                return false;
            }
            if (s.start > q.t) {
                q.t = s.start;
                if (i > 0) moved = true; /* the kinds before it must look again */
            }
            *slot = s;
            q.cal = s.cal;
            cost += s.cost;
        }
        if (!moved) break;
    }
    slot->cost = cost;
    return true;
}

void kinds_book(Kinds *k, const KPlace *pl, const KSlot *slot)
{
    for (uint32_t i = 0; i < k->n; i++)
        if (k->ops[i]->applies(k->st[i], pl)) k->ops[i]->book(k->st[i], pl, slot);
}

void kinds_book_reported(Kinds *k, const KPlace *pl, int64_t start, int64_t setup_end, int64_t end)
{
    for (uint32_t i = 0; i < k->n; i++)
        if (k->ops[i]->applies(k->st[i], pl)) k->ops[i]->book_reported(k->st[i], pl, start, setup_end, end);
}

bool kinds_follow_used(const IrModel *ir)
{
    for (size_t i = 0; i < TK_COUNTOF(kinds); i++)
        if (kinds[i]->follows_start && kinds[i]->used(ir)) return true;
    return false;
}

bool kinds_follow_start(const Plan *p, uint32_t pred, uint32_t succ)
{
    for (size_t i = 0; i < TK_COUNTOF(kinds); i++)
        if (kinds[i]->follows_start && kinds[i]->follows_start(p, pred, succ)) return true;
    return false;
}
