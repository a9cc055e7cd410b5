/* sema_checks.c: whole-model structure — a bill of materials that contains
 * itself (E0401), routing precedence cycles (E0402), calendars based on
 * themselves (E0419) — and the warnings of docs/diagnostics.md (W0xxx).
 * Graph walks are iterative, so a deep BOM cannot overflow the stack. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ir.h"
#include "sema.h"

static Diags *D(Sema *s) { return &s->m->diags; }
static const char *S(Sema *s, Sym y) { return sym_str(&s->m->strs, y); }

/* ---- BOM cycles ------------------------------------------------------------ */
/* A cycle is reported at the BOM line that closes it as the model reads
 * from the top down: walking from what is sold (products that orders or
 * forecasts name, and products no other product uses) down the bills of
 * materials, the line that leads back up to the cycle's highest product.
 * That is the line most likely written by mistake (a frame that lists the
 * bicycle, not the bicycle that lists the frame), whichever order the
 * products are declared in. Where no product of the cycle is higher than
 * the others, it is the cycle's last line in the files. The cycle's other
 * lines are shown in notes, up to BOM_CYCLE_NOTES of them. */
typedef struct Frame {
    int32_t node;
    uint32_t next; /* next edge to follow */
} Frame;

#define BOM_CYCLE_NOTES 8

/* Levels below what is sold: 0 for the top products, UINT32_MAX for
 * products not reached from them. */
static uint32_t *bom_levels(Sema *s)
{
    uint32_t n = s->products.len;
    uint32_t *level = tk_xalloc(n * sizeof(uint32_t));
    uint8_t *used = tk_xalloc(n);
    int32_t *queue = tk_xalloc(n * sizeof(int32_t));
    memset(used, 0, n);
    for (uint32_t i = 0; i < n; i++) {
        level[i] = UINT32_MAX;
        const SemProduct *p = &s->products.data[i];
        for (uint32_t k = 0; k < p->nbom; k++)
            if (p->bom[k].is_product && p->bom[k].item >= 0) used[p->bom[k].item] = 1;
    }
    uint32_t head = 0, tail = 0;
#define TOP(x)                                                   \
    do {                                                         \
        int32_t t_ = (x);                                        \
        if (t_ >= 0 && level[t_] != 0) {                         \
            level[t_] = 0;                                       \
            queue[tail++] = t_;                                  \
        }                                                        \
    } while (0)
    for (uint32_t i = 0; i < s->orders.len; i++) TOP(s->orders.data[i].product);
    for (uint32_t i = 0; i < s->forecasts.len; i++) TOP(s->forecasts.data[i].product);
    for (uint32_t i = 0; i < n; i++)
        if (!used[i]) TOP((int32_t)i);
#undef TOP
    while (head < tail) {
        int32_t u = queue[head++];
        const SemProduct *p = &s->products.data[u];
        for (uint32_t k = 0; k < p->nbom; k++) {
            int32_t c = p->bom[k].item;
            if (!p->bom[k].is_product || c < 0 || level[c] != UINT32_MAX) continue;
            level[c] = level[u] + 1;
            queue[tail++] = c;
        }
    }
    tk_free(queue);
    tk_free(used);
    return level;
}

static bool span_after(Span a, Span b) { return a.file != b.file ? a.file > b.file : a.lo > b.lo; }

/* The cycle is from[0] -> from[1] -> ... -> from[len-1] -> from[0], edge i
 * leaving from[i] by line[i]. */
static void report_bom_cycle(Sema *s, const int32_t *from, SemBomLine *const *line, uint32_t len,
                             const uint32_t *level)
{
    /* the closing line: the one into the highest product, if one is highest */
    uint32_t top = 0, ntop = 0;
    for (uint32_t i = 0; i < len; i++) {
        if (level[from[i]] < level[from[top]]) top = i, ntop = 0;
        if (level[from[i]] == level[from[top]]) ntop++;
    }
    uint32_t close;
    if (ntop == 1 && level[from[top]] != UINT32_MAX) close = (top + len - 1) % len;
    else {
        close = 0;
        for (uint32_t i = 1; i < len; i++)
            if (span_after(line[i]->span, line[close]->span)) close = i;
    }
    uint32_t head = (close + 1) % len; /* the cycle is told from the product the closing line lists */
    StrBuf b = {0};
    for (uint32_t k = 0; k < len; k++) sb_printf(&b, "%s -> ", S(s, s->products.data[from[(head + k) % len]].name));
    sb_puts(&b, S(s, s->products.data[from[head]].name));
    const char *top_name = S(s, s->products.data[from[head]].name);
    const char *lister = S(s, s->products.data[from[close]].name);
    Diag *g = diag_error(D(s), line[close]->span, DIAG_BOM_CYCLE, "the bill of materials of '%s' contains itself: %s",
                         top_name, sb_cstr(&b));
    sb_free(&b);
    for (uint32_t k = 0; k + 1 < len && k < BOM_CYCLE_NOTES; k++) {
        uint32_t e = (head + k) % len;
        diag_note(g, line[e]->span, "'%s' lists '%s' here", S(s, s->products.data[from[e]].name),
                  S(s, s->products.data[from[(e + 1) % len]].name));
    }
    if (len == 1) diag_hint(g, "a product cannot be made from itself");
    else diag_hint(g, "a product cannot be made from itself, directly or through its components; is '%s' meant to "
                      "be in the bill of materials of '%s'?", top_name, lister);
}

static void bom_cycles(Sema *s)
{
    uint32_t n = s->products.len;
    if (!n) return;
    uint8_t *color = tk_xalloc(n);
    memset(color, 0, n);
    Frame *stack = tk_xalloc(n * sizeof(Frame));
    int32_t *from = tk_xalloc(n * sizeof(int32_t));
    SemBomLine **line = tk_xalloc(n * sizeof(SemBomLine *));
    uint32_t *level = NULL;
    for (uint32_t root = 0; root < n; root++) {
        if (color[root]) continue;
        uint32_t sp = 0;
        stack[sp++] = (Frame){(int32_t)root, 0};
        color[root] = 1;
        while (sp) {
            Frame *f = &stack[sp - 1];
            SemProduct *p = &s->products.data[f->node];
            if (f->next >= p->nbom) {
                color[f->node] = 2;
                sp--;
                continue;
            }
            SemBomLine *bl = &p->bom[f->next++];
            if (!bl->is_product) continue;
            int32_t c = bl->item;
            if (color[c] == 0) {
                color[c] = 1;
                stack[sp++] = (Frame){c, 0};
            } else if (color[c] == 1) {
                /* the cycle is the stack from c to the top, then c again */
                uint32_t k = 0;
                while (stack[k].node != c) k++;
                uint32_t len = 0;
                for (uint32_t q = k; q < sp; q++) {
                    const SemProduct *pq = &s->products.data[stack[q].node];
                    from[len] = stack[q].node;
                    line[len++] = q + 1 < sp ? &pq->bom[stack[q].next - 1] : bl;
                }
                if (!level) level = bom_levels(s);
                report_bom_cycle(s, from, line, len, level);
                bl->item = -1; /* break the cycle for later passes */
                bl->is_product = false;
            }
        }
    }
    /* drop the lines cut above */
    for (uint32_t i = 0; i < n; i++) {
        SemProduct *p = &s->products.data[i];
        uint32_t w = 0;
        for (uint32_t k = 0; k < p->nbom; k++)
            if (p->bom[k].item >= 0) p->bom[w++] = p->bom[k];
        p->nbom = w;
    }
    tk_free(level);
    tk_free(line);
    tk_free(from);
    tk_free(stack);
    tk_free(color);
}

/* ---- BOM depth ----------------------------------------------------------------- */
/* Levels below each product (its longest chain of components), after the
 * cycles are cut: products in an order where every component comes before
 * the products that use it (Kahn's algorithm, so no recursion). Deeper than
 * SEMA_MAX_BOM_DEPTH is E0007 at a product that starts such a chain. */
static void bom_depth(Sema *s)
{
    uint32_t n = s->products.len;
    if (!n) return;
    uint32_t *users = tk_xalloc(n * sizeof(uint32_t)); /* lines naming it, not yet levelled */
    uint32_t *level = tk_xalloc(n * sizeof(uint32_t));
    int32_t *below = tk_xalloc(n * sizeof(int32_t));    /* the component its deepest chain goes through */
    uint32_t *queue = tk_xalloc(n * sizeof(uint32_t));
    memset(users, 0, n * sizeof(uint32_t));
    for (uint32_t i = 0; i < n; i++) {
        level[i] = 1;
        below[i] = -1;
    }
    /* count, per product, the products it is a component of... */
    uint32_t *ncomp = tk_xalloc(n * sizeof(uint32_t));
    memset(ncomp, 0, n * sizeof(uint32_t));
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t k = 0; k < s->products.data[i].nbom; k++)
            if (s->products.data[i].bom[k].is_product) ncomp[i]++;
    /* ...and level from the leaves up: a product's users are found by a
     * reverse index */
    uint32_t *at = tk_xalloc((n + 1) * sizeof(uint32_t));
    memset(at, 0, (n + 1) * sizeof(uint32_t));
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t k = 0; k < s->products.data[i].nbom; k++)
            if (s->products.data[i].bom[k].is_product) at[s->products.data[i].bom[k].item + 1]++;
    for (uint32_t i = 0; i < n; i++) at[i + 1] += at[i];
    uint32_t *rev = tk_xalloc((at[n] + 1) * sizeof(uint32_t));
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t k = 0; k < s->products.data[i].nbom; k++)
            if (s->products.data[i].bom[k].is_product) {
                int32_t c = s->products.data[i].bom[k].item;
                rev[at[c] + users[c]++] = i;
            }
    uint32_t qh = 0, qt = 0;
    for (uint32_t i = 0; i < n; i++)
        if (!ncomp[i]) queue[qt++] = i;
    int32_t deepest = -1;
    while (qh < qt) {
        uint32_t c = queue[qh++];
        if (level[c] > SEMA_MAX_BOM_DEPTH && (deepest < 0 || level[c] > level[deepest])) deepest = (int32_t)c;
        for (uint32_t k = at[c]; k < at[c + 1]; k++) {
            uint32_t u = rev[k];
            if (level[c] + 1 > level[u]) {
                level[u] = level[c] + 1;
                below[u] = (int32_t)c;
            }
            if (--ncomp[u] == 0) queue[qt++] = u;
        }
    }
    if (deepest >= 0) {
        /* the first levels of the chain, enough to find it */
        StrBuf b = {0};
        int32_t c = deepest;
        for (int k = 0; c >= 0 && k < 5; k++, c = below[c]) sb_printf(&b, "%s -> ", S(s, s->products.data[c].name));
        sb_puts(&b, "...");
        const SemProduct *p = &s->products.data[deepest];
        Diag *g = diag_error(D(s), p->span, DIAG_TOO_DEEP,
                             "the bill of materials of '%s' is %u levels deep, more than %d: %s",
                             S(s, p->name), level[deepest], SEMA_MAX_BOM_DEPTH, sb_cstr(&b));
        diag_hint(g, "see docs/limits.md");
        sb_free(&b);
    }
    tk_free(users);
    tk_free(level);
    tk_free(below);
    tk_free(queue);
    tk_free(ncomp);
    tk_free(at);
    tk_free(rev);
}

/* ---- precedence cycles ------------------------------------------------------ */
static void routing_cycles(Sema *s, SemProduct *p)
{
    uint32_t n = p->nsteps;
    if (n < 2 && !(n == 1 && p->steps[0].npreds)) return;
    uint8_t *color = tk_xalloc(n);
    memset(color, 0, n);
    Frame *stack = tk_xalloc(n * sizeof(Frame));
    for (uint32_t root = 0; root < n; root++) {
        if (color[root]) continue;
        uint32_t sp = 0;
        stack[sp++] = (Frame){(int32_t)root, 0};
        color[root] = 1;
        while (sp) {
            Frame *f = &stack[sp - 1];
            SemStep *st = &p->steps[f->node];
            if (f->next >= st->npreds) {
                color[f->node] = 2;
                sp--;
                continue;
            }
            uint32_t ei = f->next++;
            int32_t c = st->preds[ei];
            if (color[c] == 0) {
                color[c] = 1;
                stack[sp++] = (Frame){c, 0};
            } else if (color[c] == 1) {
                StrBuf b = {0};
                uint32_t k = 0;
                while (stack[k].node != c) k++;
                /* edges point from a step to its predecessors: print in the
                 * order work flows, predecessor first */
                sb_puts(&b, S(s, p->steps[c].name));
                for (uint32_t q = sp; q-- > k;) sb_printf(&b, " -> %s", S(s, p->steps[stack[q].node].name));
                Diag *g = diag_error(D(s), st->span, DIAG_PRECEDENCE_CYCLE,
                                     "routing steps of '%s' wait for each other in a cycle: %s", S(s, p->name),
                                     sb_cstr(&b));
                diag_hint(g, "a step cannot come after itself; check the 'after' clauses");
                sb_free(&b);
                /* cut the edge */
                st->preds[ei] = st->preds[--st->npreds];
                f->next--;
            }
        }
    }
    tk_free(stack);
    tk_free(color);
}

/* ---- calendars based on themselves -------------------------------------------- */
static void calendar_cycles(Sema *s)
{
    for (uint32_t i = 0; i < s->calendars.len; i++) {
        int32_t slow = (int32_t)i, steps = 0;
        int32_t c = s->calendars.data[i].base;
        while (c >= 0 && steps <= (int32_t)s->calendars.len) {
            if (c == slow) {
                StrBuf b = {0};
                sb_puts(&b, S(s, s->calendars.data[i].name));
                for (int32_t q = s->calendars.data[i].base; q >= 0; q = s->calendars.data[q].base) {
                    sb_printf(&b, " -> %s", S(s, s->calendars.data[q].name));
                    if (q == (int32_t)i) break;
                }
                Diag *g = diag_error(D(s), s->calendars.data[i].span, DIAG_CALENDAR_CYCLE,
                                     "calendar '%s' is based on itself: %s", S(s, s->calendars.data[i].name), sb_cstr(&b));
                sb_free(&b);
                diag_hint(g, "follow the 'base' settings: they must end at a calendar without one");
                s->calendars.data[i].base = -1;
                break;
            }
            c = s->calendars.data[c].base;
            steps++;
        }
    }
}

void sema_structure(Sema *s)
{
    bom_cycles(s);
    bom_depth(s);
    for (uint32_t i = 0; i < s->products.len; i++) routing_cycles(s, &s->products.data[i]);
    calendar_cycles(s);
}

/* ---- warnings ------------------------------------------------------------------- */
/* Times in warnings are spelt as in every output (fmt_datetime_sp): a due
 * date written as a date is the end of that day, the next day's 00:00
 * (docs/language.md, "Dates and times"). */
static void fmt_dt(char *buf, size_t n, int64_t minutes) { fmt_datetime_sp(buf, n, minutes); }

static bool calendar_empty(Sema *s, int32_t c)
{
    for (int guard = 0; c >= 0 && guard < 1000; guard++) {
        SemCalendar *cal = &s->calendars.data[c];
        for (int d = 0; d < 7; d++)
            if (cal->nday[d]) return false;
        if (cal->novertime) return false;
        c = cal->base;
    }
    return true;
}

/* A receiving calendar without working time would receive nothing: no
 * purchase or receipt of the material could ever arrive (E0430). */
static void receiving_never(Sema *s, int32_t cal, Span at, const char *material)
{
    if (cal < 0 || !calendar_empty(s, cal)) return;
    const char *name = S(s, s->calendars.data[cal].name);
    Diag *g = material ? diag_error(D(s), at, DIAG_RECEIVING_EMPTY,
                                    "'%s' is received by calendar '%s', which has no working time: it could never arrive",
                                    material, name)
                       : diag_error(D(s), at, DIAG_RECEIVING_EMPTY,
                                    "the plant receives goods by calendar '%s', which has no working time: nothing "
                                    "bought could ever arrive", name);
    diag_note(g, s->calendars.data[cal].span, "calendar '%s'", name);
    diag_hint(g, "give '%s' the hours goods are received, e.g. mon-fri 07:00-15:00", name);
}

/* Words a planner reaches for that are not Takt's settings, by owner (product,
 * order, machine): what each is read as, and what models it. */
typedef struct LookAlike {
    const char *word;
    const char *hint;
} LookAlike;

static const LookAlike product_words[] = {
    {"lotsize", "a fixed lot is the setting 'lot'"},
    {"moq", "the smallest work order is the setting 'min_order'"},
    {"cycle_time", "an operation's time is its routing step's 'run' (and 'setup')"},
    {"run_time", "an operation's time is its routing step's 'run'"},
    {"setup_time", "a setup is a routing step's 'setup', or a machine's"},
    {"lead_time", "a product's time is its routing; 'lead' is a material's"},
    {"safety", "stock on hand is the setting 'stock'"},
    {NULL, NULL},
};
static const LookAlike order_words[] = {
    {"qty", "the quantity is the product line: PRODUCT 40"},
    {"quantity", "the quantity is the product line: PRODUCT 40"},
    {"amount", "the quantity is the product line: PRODUCT 40"},
    {"deadline", "the date it is wanted by is the setting 'due'"},
    {"due_date", "the date it is wanted by is the setting 'due'"},
    {"earliest", "the earliest start is the setting 'release'"},
    {"start", "the earliest start is the setting 'release'"},
    {"prio", "its weight is the setting 'priority'"},
    {"importance", "its weight is the setting 'priority'"},
    {"weight", "its weight in tardiness is the setting 'priority'"},
    {"late_penalty", "the cost of lateness is the setting 'penalty'"},
    {NULL, NULL},
};
static const LookAlike machine_words[] = {
    {"parallel", "parallel units are the setting 'units'"},
    {"count", "parallel units are the setting 'units'"},
    {"speed", "a slower or faster machine is the setting 'efficiency', e.g. efficiency 70%"},
    {"rate", "a slower or faster machine is 'efficiency', e.g. efficiency 70%; money per hour is 'cost'"},
    {"oee", "a machine's run times scale by the setting 'efficiency', e.g. efficiency 85%"},
    {"performance", "a machine's run times scale by the setting 'efficiency', e.g. efficiency 85%"},
    {"operators", "people are a resource: resource NAME { units 3 }, and 'with NAME' on the routing steps"},
    {"operator", "people are a resource: resource NAME { units 3 }, and 'with NAME' on the routing steps"},
    {"workers", "people are a resource: resource NAME { units 3 }, and 'with NAME' on the routing steps"},
    {"staff", "people are a resource: resource NAME { units 3 }, and 'with NAME' on the routing steps"},
    {"crew", "people are a resource: resource NAME { units 3 }, and 'with NAME' on the routing steps"},
    {"labour", "people are a resource: resource NAME { units 3 }, and 'with NAME' on the routing steps"},
    {"labor", "people are a resource: resource NAME { units 3 }, and 'with NAME' on the routing steps"},
    {"setter", "a setter is a resource held for the setup: with setter for setup"},
    {"tooling", "tools are a resource: resource NAME { units 2 }, and 'with NAME' on the routing steps"},
    {"shift", "working time is the setting 'calendar'"},
    {"shifts", "working time is the setting 'calendar'"},
    {"hours", "working time is the setting 'calendar'"},
    {"changeover", "changeovers are the settings 'setup' and 'setup by'"},
    {"setup_time", "a machine's setup is the setting 'setup'"},
    {NULL, NULL},
};

/* W0003 and W0019: an attribute nothing reads (no rule, no setup) that is
 * spelt like a setting (W0003), or that a planner would write for something
 * Takt models another way (W0019): either way the planner believes it is
 * modelled, and it is not. */
static void suspicious_attrs(Sema *s, AstNode *d, AttrOwner owner)
{
    static const char *const words[3][8] = {
        {"lot", "min_order", "multiple", "stock", "bom", "routing", NULL},
        {"due", "release", "priority", "penalty", NULL},
        {"units", "calendar", "cost", "setup", "split", "efficiency", NULL},
    };
    static const LookAlike *const alike[3] = {product_words, order_words, machine_words};
    for (uint32_t i = 0; i < d->as.decl.items.len; i++) {
        AstNode *it = d->as.decl.items.items[i];
        if (it->kind != AST_ATTR) continue;
        int32_t id = sema_attr_find(s, owner, it->as.attr.name);
        if (id < 0 || s->attrs.data[id].used) continue;
        const char *name = S(s, it->as.attr.name);
        static const unsigned where[OWN__COUNT] = {LOOK_PRODUCT, LOOK_ORDER, LOOK_MACHINE};
        const char *missing = lookalike_hint(name, where[owner]);
        if (missing) {
            Diag *g = diag_warning(D(s), it->as.attr.name_span, DIAG_MISSING_FEATURE,
                                   "'%s' is not a setting of a %s: it is read as an attribute, which nothing uses", name,
                                   owner == OWN_PRODUCT ? "product" : owner == OWN_ORDER ? "order" : "machine");
            diag_hint(g, "%s", missing);
            continue;
        }
        bool warned = false;
        for (int k = 0; words[owner][k]; k++) {
            size_t wl = strlen(words[owner][k]);
            int limit = wl <= 4 ? 1 : 2;
            bool prefix = strncmp(name, words[owner][k], wl) == 0 && name[wl] == '_';
            if (prefix || tk_edit_distance(name, words[owner][k], limit) <= limit) {
                Diag *g = diag_warning(D(s), it->as.attr.name_span, DIAG_SUSPICIOUS_ATTRIBUTE,
                                       "'%s' is read as an attribute, which nothing uses", name);
                diag_hint(g, "did you mean the setting '%s'?", words[owner][k]);
                warned = true;
                break;
            }
        }
        if (warned) continue;
        /* a look-alike: the word itself, or one letter off for longer words */
        for (const LookAlike *w = alike[owner]; w->word; w++) {
            size_t wl = strlen(w->word);
            if (strcmp(name, w->word) == 0 || (wl >= 6 && tk_edit_distance(name, w->word, 1) <= 1)) {
                Diag *g = diag_warning(D(s), it->as.attr.name_span, DIAG_LOOKALIKE_ATTRIBUTE,
                                       "'%s' is read as an attribute, which nothing uses: it changes nothing in the plan",
                                       name);
                diag_hint(g, "%s", w->hint);
                break;
            }
        }
    }
}

/* W0009: a setup change between values no product has (a misspelt colour) */
static void unknown_setup_values(Sema *s)
{
    for (uint32_t i = 0; i < s->machines.len; i++) {
        const SemMachine *mc = &s->machines.data[i];
        for (uint32_t k = 0; k < mc->nsetup_by; k++) {
            const SemSetupBy *b = &mc->setup_by[k];
            if (b->attr < 0) continue;
            for (uint32_t q = 0; q < b->npairs; q++) {
                Sym vals[2] = {b->pairs[q].from, b->pairs[q].to};
                for (int v = 0; v < 2; v++) {
                    bool found = false;
                    for (uint32_t p = 0; p < s->products.len && !found; p++) {
                        const AttrVals *av = &s->products.data[p].attrs;
                        for (uint32_t a = 0; a < av->n; a++)
                            if (av->items[a].attr == b->attr && av->items[a].str == vals[v]) found = true;
                    }
                    if (!found) {
                        Diag *g = diag_warning(D(s), b->pairs[q].span, DIAG_UNKNOWN_SETUP_VALUE,
                                               "no product has %s \"%s\"", S(s, s->attrs.data[b->attr].name),
                                               S(s, vals[v]));
                        diag_hint(g, "this change never happens; is the value misspelt?");
                        break;
                    }
                }
            }
        }
    }
}

void sema_warnings(Sema *s)
{
    char b1[32], b2[32];
    int64_t start = s->plant.start, end = s->plant.start + s->plant.horizon;
    for (uint32_t i = 0; i < s->orders.len; i++) {
        SemOrder *o = &s->orders.data[i];
        if (!o->due_span.file || !s->have_plant || !s->plant.start_ok) continue;
        if (o->due < start) {
            fmt_dt(b1, sizeof b1, o->due);
            fmt_dt(b2, sizeof b2, start);
            Diag *g = diag_warning(D(s), o->due_span, DIAG_DUE_BEFORE_START,
                                   "order '%s' is due %s, before the plan starts at %s", S(s, o->name), b1, b2);
            diag_hint(g, "%sit will be planned late; is the date right?",
                      o->due_is_date ? "a due date alone means the end of that day; " : "");
        } else if (o->due > end) {
            fmt_dt(b1, sizeof b1, o->due);
            fmt_dt(b2, sizeof b2, end);
            Diag *g = diag_warning(D(s), o->due_span, DIAG_DUE_AFTER_HORIZON,
                                   "order '%s' is due %s, after the horizon ends at %s", S(s, o->name), b1, b2);
            diag_hint(g, "%slengthen the plant's horizon to plan it in full",
                      o->due_is_date ? "a due date alone means the end of that day; " : "");
        }
        if (o->release_span.file && o->release > o->due) {
            fmt_dt(b1, sizeof b1, o->release);
            Diag *g = diag_warning(D(s), o->release_span, DIAG_RELEASE_AFTER_DUE,
                                   "order '%s' is released %s, after it is due", S(s, o->name), b1);
            diag_hint(g, "it cannot be on time");
        }
    }
    for (uint32_t i = 0; i < s->forecasts.len && s->plant.start_ok; i++) {
        const SemForecast *f = &s->forecasts.data[i];
        for (uint32_t k = 0; k < f->nperiods; k++)
            if ((int64_t)f->periods[k].from * 1440 >= end) {
                fmt_dt(b2, sizeof b2, end);
                Diag *g = diag_warning(D(s), f->periods[k].span, DIAG_FORECAST_AFTER_HORIZON,
                                       "forecast period starts after the horizon ends at %s", b2);
                diag_hint(g, "it will not be planned; lengthen the plant's horizon to plan it");
            }
    }
    /* a transfer quantity no smaller than an order's quantity: for that
     * order the step waits for the whole of the step before it (W0026);
     * once per step, naming the smallest such order */
    for (uint32_t i = 0; i < s->products.len; i++) {
        const SemProduct *pr = &s->products.data[i];
        for (uint32_t k = 0; k < pr->nsteps; k++) {
            const SemStep *st = &pr->steps[k];
            if (st->transfer <= 0 || st->npreds == 0) continue;
            const SemOrder *least = NULL;
            uint32_t count = 0;
            for (uint32_t j = 0; j < s->orders.len; j++) {
                const SemOrder *o = &s->orders.data[j];
                if (o->product != (int32_t)i || !(o->qty > 0) || o->qty > st->transfer) continue;
                count++;
                if (!least || o->qty < least->qty) least = o;
            }
            if (!least) continue;
            Diag *g = diag_warning(D(s), st->transfer_span, DIAG_TRANSFER_WHOLE,
                                   "step '%s' of '%s' starts after %g pieces of the step before it, but %s for no "
                                   "more (order '%s' for %g): %s no overlap",
                                   S(s, st->name), S(s, pr->name), st->transfer,
                                   count == 1 ? "an order is" : "orders are", S(s, least->name), least->qty,
                                   count == 1 ? "its steps have" : "their steps have");
            diag_note(g, least->span, "order '%s'%s", S(s, least->name), count > 1 ? " and others" : "");
            diag_hint(g, "a transfer quantity below the order's quantity lets the step start before the step before "
                         "it is done");
        }
    }
    /* sublots of a step whose run is per operation: each takes the whole run */
    for (uint32_t i = 0; i < s->products.len; i++) {
        const SemProduct *pr = &s->products.data[i];
        for (uint32_t k = 0; k < pr->nsteps; k++) {
            const SemStep *st = &pr->steps[k];
            if (!st->sublot && !st->sublots) continue;
            for (uint32_t a = 0; a < st->nalts; a++) {
                const SemAlt *al = &st->alts[a];
                if (al->per_piece || al->run <= 0 || s->machines.data[al->machine].subcontract) continue;
                Diag *g = diag_warning(D(s), st->sublot_span, DIAG_SUBLOT_PER_OPERATION,
                                       "step '%s' of '%s' is split into sublots, but its run on '%s' is per operation: "
                                       "every sublot takes the whole run", S(s, st->name), S(s, pr->name),
                                       S(s, s->machines.data[al->machine].name));
                diag_hint(g, "give the run per piece (run 4 min each), or do not split the step");
                break;
            }
        }
    }
    /* Unused things are most often the echo of another mistake (a misspelt
     * reference): they are reported only when the model has no errors. */
    if (diag_has_errors(D(s))) goto attrs;
    for (uint32_t i = 0; i < s->materials.len; i++)
        if (!s->materials.data[i].used) {
            Diag *g = diag_warning(D(s), s->materials.data[i].span, DIAG_UNUSED_MATERIAL,
                                   "no product uses material '%s'", S(s, s->materials.data[i].name));
            diag_hint(g, "add it to a bill of materials, or remove it");
        }
    for (uint32_t i = 0; i < s->machines.len; i++)
        if (!s->machines.data[i].used) {
            Diag *g = diag_warning(D(s), s->machines.data[i].span, DIAG_UNUSED_MACHINE, "no routing uses %s '%s'",
                                   s->machines.data[i].subcontract ? "subcontractor" : "machine",
                                   S(s, s->machines.data[i].name));
            diag_hint(g, "name it in a routing step (on %s), or remove it", S(s, s->machines.data[i].name));
        }
    for (uint32_t i = 0; i < s->calendars.len; i++)
        if (!s->calendars.data[i].used && !s->calendars.data[i].library) {
            Diag *g = diag_warning(D(s), s->calendars.data[i].span, DIAG_UNUSED_CALENDAR,
                                   "no machine uses calendar '%s'", S(s, s->calendars.data[i].name));
            diag_hint(g, "give it to a machine (calendar %s) or to receiving (receiving %s), or remove it",
                      S(s, s->calendars.data[i].name), S(s, s->calendars.data[i].name));
        }
    for (uint32_t i = 0; i < s->resources.len; i++)
        if (!s->resources.data[i].used) {
            Diag *g = diag_warning(D(s), s->resources.data[i].span, DIAG_UNUSED_RESOURCE,
                                   "no routing step needs resource '%s'", S(s, s->resources.data[i].name));
            diag_hint(g, "name it on the steps that need it (with %s), or remove it", S(s, s->resources.data[i].name));
        }
    unknown_setup_values(s);
    receiving_never(s, s->plant.receiving, s->plant.receiving_span, NULL);
    for (uint32_t i = 0; i < s->materials.len; i++)
        receiving_never(s, s->materials.data[i].receiving, s->materials.data[i].receiving_span,
                        S(s, s->materials.data[i].name));
    for (uint32_t i = 0; i < s->calendars.len; i++)
        if (calendar_empty(s, (int32_t)i) && !s->calendars.data[i].library) {
            Diag *g = diag_warning(D(s), s->calendars.data[i].span, DIAG_EMPTY_CALENDAR,
                                   "calendar '%s' has no working time", S(s, s->calendars.data[i].name));
            diag_hint(g, "give it shifts, e.g. mon-fri 06:00-14:00");
        }
    for (uint32_t i = 0; i < s->rules.len; i++)
        if (!s->rules.data[i].used && !s->rules.data[i].library) {
            Diag *g = diag_warning(D(s), s->rules.data[i].span, DIAG_UNUSED_RULE, "rule '%s' is never used",
                                   S(s, s->rules.data[i].name));
            diag_hint(g, "use it in the schedule (dispatch %s), in a machine's cost or setup, or remove it",
                      S(s, s->rules.data[i].name));
        }
attrs:;
    const Loader *l = &s->m->loader;
    for (uint32_t f = 0; f < l->files.len; f++) {
        AstNode *root = l->files.data[f].root;
        if (!root) continue;
        for (uint32_t i = 0; i < root->as.file.items.len; i++) {
            AstNode *d = root->as.file.items.items[i];
            if (d->kind == AST_PRODUCT) suspicious_attrs(s, d, OWN_PRODUCT);
            else if (d->kind == AST_ORDER) suspicious_attrs(s, d, OWN_ORDER);
            else if (d->kind == AST_MACHINE) suspicious_attrs(s, d, OWN_MACHINE);
        }
    }
}
