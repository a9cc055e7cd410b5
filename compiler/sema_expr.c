/* sema_expr.c: names, types and units of expressions (docs/language.md,
 * "Expressions" and "Units"). Gives every expression a Type, or TY_ERROR
 * after reporting; TY_ERROR operands stay quiet so one mistake is reported
 * once. Also folds constant expressions for settings. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sema.h"
#include "valops.h"

/* ---- built-in variables ---------------------------------------------------- */
typedef struct VarInfo {
    RuleObject obj;
    const char *name;
    char ty;
} VarInfo;

enum { TYC_DATETIME = 'T', TYC_DURATION = 'D', TYC_NUMBER = 'N', TYC_MONEY = 'M', TYC_MONEY_RATE = 'R',
       TYC_BOOL = 'B', TYC_STRING = 'S' };

static const VarInfo vars[RV__COUNT] = {
#define VAR(id, obj, name, ty) {OBJ_##obj, name, TYC_##ty},
#include "builtins.def"
#undef VAR
};

const char *rule_var_name(RuleVar v) { return vars[v].name; }

RuleObject measure_counts(RuleVar v)
{
    switch (v) {
    case RV_PLAN_COST: case RV_PLAN_SETUPS: case RV_PLAN_SETUP_TIME: return OBJ_MACHINE;
    case RV_PLAN_MOVED: case RV_PLAN_REASSIGNED: case RV_PLAN_SHIFTED: return OBJ_MACHINE;
    case RV_PLAN_TARDINESS: case RV_PLAN_MAX_TARDINESS: case RV_PLAN_WEIGHTED_TARDINESS: case RV_PLAN_PENALTY:
    case RV_PLAN_LATE_ORDERS: case RV_PLAN_FLOW_TIME: return OBJ_ORDER;
    default: return OBJ_NONE;
    }
}
RuleObject rule_var_object(RuleVar v) { return vars[v].obj; }

Type rule_var_type(RuleVar v)
{
    switch (vars[v].ty) {
    case 'T': return type_of(TY_DATETIME);
    case 'D': return TYPE_DURATION;
    case 'N': return TYPE_NUMBER;
    case 'M': return TYPE_MONEY;
    case 'R': return TYPE_MONEY_RATE;
    case 'B': return type_of(TY_BOOL);
    case 'S': return type_of(TY_STRING);
    }
    return type_error();
}

static const char *const object_words[] = {"", "order", "job", "operation", "machine", "prev", ""};

static RuleObject object_of_word(const char *w)
{
    for (int i = OBJ_ORDER; i <= OBJ_PREV; i++)
        if (strcmp(object_words[i], w) == 0) return (RuleObject)i;
    return OBJ_NONE;
}

static AttrOwner owner_of_object(RuleObject o)
{
    switch (o) {
    case OBJ_ORDER: return OWN_ORDER;
    case OBJ_MACHINE: return OWN_MACHINE;
    default: return OWN_PRODUCT;
    }
}

static bool object_has_user_attrs(RuleObject o)
{
    return o == OBJ_ORDER || o == OBJ_JOB || o == OBJ_PREV || o == OBJ_MACHINE;
}

/* ---- attributes ------------------------------------------------------------ */
int32_t sema_attr_find(Sema *s, AttrOwner owner, Sym name)
{
    for (uint32_t i = 0; i < s->attrs.len; i++)
        if (s->attrs.data[i].owner == owner && s->attrs.data[i].name == name) return (int32_t)i;
    return -1;
}

int32_t sema_attr_declare(Sema *s, AttrOwner owner, Sym name, Type ty, Span at)
{
    int32_t id = sema_attr_find(s, owner, name);
    if (id >= 0) {
        AttrDef *a = &s->attrs.data[id];
        if (ty.kind != TY_ERROR && a->ty.kind != TY_ERROR && !type_eq(a->ty, ty)) {
            char b1[64], b2[64];
            Diag *g = diag_error(&s->m->diags, at, DIAG_INCONSISTENT_ATTRIBUTE,
                                 "attribute '%s' is %s here but %s where first given", sym_str(&s->m->strs, name),
                                 type_phrase(ty, b1, sizeof b1), type_phrase(a->ty, b2, sizeof b2));
            diag_note(g, a->first, "first given here");
        }
        return id;
    }
    AttrDef a;
    memset(&a, 0, sizeof a);
    a.name = name;
    a.owner = owner;
    a.ty = ty;
    a.first = at;
    vec_push(&s->attrs, a);
    return (int32_t)s->attrs.len - 1;
}

/* ---- helpers ----------------------------------------------------------------- */
static Diags *D(Sema *s) { return &s->m->diags; }
static const char *S(Sema *s, Sym y) { return sym_str(&s->m->strs, y); }

static const char *tn(Type t, char *buf) { return type_phrase(t, buf, 64); }

static Type as_value(Type t)
{
    /* a date literal is a date-time at midnight wherever a value is needed */
    if (t.kind == TY_DATE) return type_of(TY_DATETIME);
    return t;
}

static const struct {
    const char *name;
    BuiltinFn fn;
    int min_args, max_args;
} fns[] = {
    {"min", FN_MIN, 1, 64},  {"max", FN_MAX, 1, 64},   {"abs", FN_ABS, 1, 1},     {"exp", FN_EXP, 1, 1},
    {"log", FN_LOG, 1, 1},   {"sqrt", FN_SQRT, 1, 1},  {"floor", FN_FLOOR, 1, 1}, {"ceil", FN_CEIL, 1, 1},
    {"round", FN_ROUND, 1, 1}, {"pow", FN_POW, 2, 2}, {"clamp", FN_CLAMP, 3, 3},
};

int sema_find_fn(const char *name)
{
    for (size_t i = 0; i < TK_COUNTOF(fns); i++)
        if (strcmp(fns[i].name, name) == 0) return (int)i;
    return -1;
}

/* A did-you-mean over a small list of words. */
static const char *nearest(const char *name, const char *const *words, size_t n)
{
    size_t len = strlen(name);
    int limit = len <= 3 ? 1 : len <= 6 ? 2 : 3;
    int best = limit + 1;
    const char *res = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!words[i] || !*words[i]) continue;
        int d = tk_edit_distance(name, words[i], limit);
        if (d < best) {
            best = d;
            res = words[i];
        }
    }
    return res;
}

static void hint_attr(Sema *s, Diag *g, RuleObject obj, const char *name)
{
    const char *words[RV__COUNT + 256];
    size_t n = 0;
    for (int v = 0; v < RV__COUNT; v++)
        if (vars[v].obj == obj) words[n++] = vars[v].name;
    if (object_has_user_attrs(obj)) {
        AttrOwner own = owner_of_object(obj);
        for (uint32_t i = 0; i < s->attrs.len && n < TK_COUNTOF(words); i++)
            if (s->attrs.data[i].owner == own) words[n++] = S(s, s->attrs.data[i].name);
    }
    const char *best = nearest(name, words, n);
    if (best) diag_hint(g, "did you mean '%s.%s'?", object_words[obj], best);
}

/* ---- names ------------------------------------------------------------------- */
static Type check_rule_ref(Sema *s, const ExprCtx *cx, AstNode *e, int32_t ent, bool called);
static void rules_too_deep(Sema *s, const AstNode *e);

static Type name_expr(Sema *s, const ExprCtx *cx, AstNode *e)
{
    char buf[1024];
    const char *full = ast_name_str(e, &s->m->strs, buf, sizeof buf);
    uint32_t n = e->as.name.n;
    const char *first = S(s, e->as.name.parts[0]);

    if (cx->scope == SCOPE_CONST) {
        Diag *g = diag_error(D(s), e->span, DIAG_NOT_CONSTANT, "'%s' is not a constant; %s needs a fixed value",
                             full, cx->what ? cx->what : "this setting");
        diag_hint(g, "values that depend on the job or the clock are written in rules, which a machine's "
                     "cost and setup and the schedule's dispatch may use");
        return type_error();
    }

    /* order.due, job.colour, prev.colour, machine.kind, operation.run */
    RuleObject obj = n == 2 ? object_of_word(first) : OBJ_NONE;
    bool where = cx->scope == SCOPE_WHERE_MACHINE || cx->scope == SCOPE_WHERE_ORDER;
    if (obj != OBJ_NONE && where) {
        RuleObject want = cx->scope == SCOPE_WHERE_MACHINE ? OBJ_MACHINE : OBJ_ORDER;
        const char *attr = S(s, e->as.name.parts[1]);
        if (obj == OBJ_MACHINE && want == OBJ_ORDER) {
            Diag *g = diag_error(D(s), e->span, DIAG_RESTRICTION_KIND, "%s counts orders, not operations by machine: "
                                 "it cannot be restricted by '%s'", cx->what, full);
            diag_hint(g, "restrict it by the order, as in %s(order.customer == \"Velo AG\")", cx->what);
            return type_error();
        }
        if (obj == OBJ_ORDER && want == OBJ_MACHINE) {
            Diag *g = diag_error(D(s), e->span, DIAG_RESTRICTION_KIND, "%s counts operations by their machine: it "
                                 "cannot be restricted by '%s'", cx->what, full);
            diag_hint(g, "restrict it to a machine, as in %s(MACHINE), or by the machine's attributes, as in "
                         "%s(machine.area == \"paint\")", cx->what, cx->what);
            return type_error();
        }
        if (obj != want || (obj == OBJ_MACHINE && (strcmp(attr, "queue") == 0 || strcmp(attr, "mean_time") == 0))) {
            Diag *g = diag_error(D(s), e->span, DIAG_RESTRICTION_VALUE, "'%s' is not a value of the %s alone: the "
                                 "restriction of %s must be the same all through the plan", full,
                                 want == OBJ_MACHINE ? "machine" : "order", cx->what);
            diag_hint(g, "a restriction reads %s", want == OBJ_MACHINE ? "machine.units and the machine's attributes"
                                                                       : "the order's due, release, priority, penalty, "
                                                                         "quantity and attributes");
            return type_error();
        }
    }
    if (obj != OBJ_NONE) {
        if (cx->scope == SCOPE_OBJECTIVE) {
            Diag *g = diag_error(D(s), e->span, DIAG_CONTEXT, "'%s' is not available in the objective", full);
            diag_hint(g, "the objective is a sum of makespan, tardiness, weighted_tardiness, max_tardiness, "
                         "penalty, cost, setups, setup_time, late_orders, flow_time, moved, reassigned and shifted, each of the "
                         "whole plan or "
                         "restricted to a machine or to orders, as in setups(MACHINE)");
            return type_error();
        }
        const char *attr = S(s, e->as.name.parts[1]);
        for (int v = 0; v < RV__COUNT; v++) {
            if (vars[v].obj == obj && strcmp(vars[v].name, attr) == 0) {
                RuleVar rv = (RuleVar)v;
                e->refkind = REF_ATTR;
                e->ref = ATTR_REF(obj, rv, false);
                return e->ty = rule_var_type(rv);
            }
        }
        if (object_has_user_attrs(obj)) {
            int32_t id = sema_attr_find(s, owner_of_object(obj), e->as.name.parts[1]);
            if (id >= 0) {
                s->attrs.data[id].used = true;
                e->refkind = REF_ATTR;
                e->ref = ATTR_REF(obj, id, true);
                return e->ty = s->attrs.data[id].ty;
            }
        }
        static const char *const owner_words[] = {"a product", "an order", "a machine"};
        Diag *g = diag_error(D(s), e->as.name.spans[1], DIAG_UNKNOWN_ATTRIBUTE, "%s has no attribute '%s'", first, attr);
        hint_attr(s, g, obj, attr);
        if (g && !g->hint && object_has_user_attrs(obj))
            diag_hint(g, "attributes are declared in %s block, as in: colour \"red\"",
                      owner_words[owner_of_object(obj)]);
        return type_error();
    }

    if (n == 1 && where) {
        for (int v = 0; v < RV__COUNT; v++)
            if ((vars[v].obj == OBJ_NONE || vars[v].obj == OBJ_PLAN) && strcmp(vars[v].name, first) == 0) {
                Diag *g = diag_error(D(s), e->span, DIAG_RESTRICTION_VALUE, "'%s' is not a value of the %s: the "
                                     "restriction of %s must be the same all through the plan", first,
                                     cx->scope == SCOPE_WHERE_MACHINE ? "machine" : "order", cx->what);
                diag_hint(g, "a restriction reads %s", cx->scope == SCOPE_WHERE_MACHINE
                                                           ? "machine.units and the machine's attributes"
                                                           : "the order's due, release, priority, penalty, quantity "
                                                             "and attributes");
                return type_error();
            }
    }
    if (n == 1) {
        if (cx->rule) {
            for (uint32_t i = 0; i < cx->rule->nparams; i++)
                if (cx->rule->params[i].name == e->as.name.parts[0]) {
                    e->refkind = REF_PARAM;
                    e->ref = (int32_t)i;
                    return e->ty = cx->rule->params[i].ty;
                }
        }
        for (int v = 0; v < RV__COUNT; v++) {
            RuleObject vo = vars[v].obj;
            if ((vo == OBJ_NONE || vo == OBJ_PLAN) && strcmp(vars[v].name, first) == 0) {
                if (vo == OBJ_PLAN && cx->scope != SCOPE_OBJECTIVE) {
                    Diag *g = diag_error(D(s), e->span, DIAG_CONTEXT,
                                         "'%s' is a measure of the whole plan; it is available only in the objective",
                                         first);
                    diag_hint(g, "write it in the schedule block: minimize %s", first);
                    return type_error();
                }
                if (vo == OBJ_NONE && cx->scope == SCOPE_OBJECTIVE) {
                    diag_error(D(s), e->span, DIAG_CONTEXT, "'%s' is not available in the objective", first);
                    return type_error();
                }
                e->refkind = REF_ATTR;
                e->ref = ATTR_REF(vo, v, false);
                return e->ty = rule_var_type((RuleVar)v);
            }
        }
        if (object_of_word(first) != OBJ_NONE) {
            Diag *g = diag_error(D(s), e->span, DIAG_UNKNOWN_NAME, "'%s' needs an attribute", first);
            diag_hint(g, "write %s.ATTRIBUTE, for example %s", first,
                      strcmp(first, "order") == 0 ? "order.due" : strcmp(first, "operation") == 0 ? "operation.run"
                      : strcmp(first, "machine") == 0 ? "machine.units" : "job.quantity");
            return type_error();
        }
    }

    if (cx->scope == SCOPE_OBJECTIVE) {
        Diag *g = diag_error(D(s), e->span, DIAG_UNKNOWN_NAME, "unknown measure '%s' in the objective", full);
        const char *words[RV__COUNT];
        size_t k = 0;
        for (int v = 0; v < RV__COUNT; v++)
            if (vars[v].obj == OBJ_PLAN) words[k++] = vars[v].name;
        const char *best = nearest(full, words, k);
        if (best) diag_hint(g, "did you mean '%s'?", best);
        return type_error();
    }

    int32_t ent = sema_lookup(s, cx->ns, e);
    if (ent >= 0 && where) {
        Diag *g = diag_error(D(s), e->span, DIAG_RESTRICTION_VALUE, "'%s' cannot be used in the restriction of %s",
                             full, cx->what);
        diag_hint(g, "a restriction reads %s values, as in %s", cx->scope == SCOPE_WHERE_MACHINE ? "the machine's" : "the order's",
                  cx->scope == SCOPE_WHERE_MACHINE ? "machine.area == \"paint\"" : "order.customer == \"Velo AG\"");
        return type_error();
    }
    if (ent >= 0) return check_rule_ref(s, cx, e, ent, false);

    Diag *g = diag_error(D(s), e->span, DIAG_UNKNOWN_NAME, "unknown name '%s'", full);
    const char *words[RV__COUNT + 8];
    size_t k = 0;
    for (int v = 0; v < RV__COUNT; v++)
        if (vars[v].obj == OBJ_NONE) words[k++] = vars[v].name;
    const char *best = nearest(full, words, k);
    if (!best) best = sema_suggest(s, full, ENT_RULE, false);
    if (best) diag_suggest(g, e->span, best);
    else if (strncmp(full, "std.", 4) == 0) diag_hint(g, "the standard rules need: import std.rules");
    else if (n == 2)
        diag_hint(g, "attributes are read through order, job, operation, machine or prev, as in job.%s",
                  S(s, e->as.name.parts[1]));
    return type_error();
}

static Type check_rule_ref(Sema *s, const ExprCtx *cx, AstNode *e, int32_t ent, bool called)
{
    (void)cx;
    const Entity *en = &s->entities.data[ent];
    AstNode *name = e->kind == AST_CALL ? e->as.call.callee : e;
    char buf[1024];
    if (en->kind != ENT_RULE) {
        Diag *g = diag_error(D(s), name->span, DIAG_WRONG_KIND, "'%s' is a %s, not a rule",
                             ast_name_str(name, &s->m->strs, buf, sizeof buf), entity_kind_name(en->kind));
        diag_note(g, en->span, "'%s' is defined here", S(s, en->name));
        return type_error();
    }
    SemRule *r = &s->rules.data[en->index];
    r->used = true;
    sema_check_rule(s, en->index);
    r = &s->rules.data[en->index];
    e->refkind = REF_RULE;
    e->ref = en->index;
    if (r->state == 2) {
        /* checked before, maybe from a shallower place: count it in here */
        if (s->depth + r->height > SEMA_MAX_RULE_DEPTH) {
            rules_too_deep(s, e);
            return type_error();
        }
        if (s->depth + r->height > s->reach) s->reach = s->depth + r->height;
        if (r->nparams) s->nodes += r->size;
    }
    if (!called) {
        for (uint32_t i = 0; i < r->nparams; i++)
            if (!r->params[i].dflt) {
                Diag *g = diag_error(D(s), e->span, DIAG_BAD_ARGUMENTS, "rule '%s' needs a value for '%s'",
                                     S(s, r->name), S(s, r->params[i].name));
                diag_hint(g, "call it as %s(%s: VALUE)", S(s, r->name), S(s, r->params[i].name));
                return type_error();
            }
    }
    if (r->state == 1) return type_error(); /* cycle: reported by sema_check_rule */
    return e->ty = r->ty;
}

/* ---- restricted measures -------------------------------------------------------- */
/* The text from lo to hi with comments left out and spaces canonical: one
 * between words, none inside parentheses or before a comma. */
static char *canonical_text(Sema *s, Span sp)
{
    const SourceFile *f = sources_get(&s->m->sources, sp.file);
    StrBuf b = {0};
    const char *t = f ? f->text : "";
    uint32_t hi = f && sp.hi <= f->len ? sp.hi : 0;
    bool space = false;
    for (uint32_t i = f ? sp.lo : 0; i < hi; i++) {
        char c = t[i];
        if (c == '"') {
            if (space && b.len && b.data[b.len - 1] != '(') sb_putc(&b, ' ');
            space = false;
            uint32_t j = i + 1;
            while (j < hi && t[j] != '"') j += t[j] == '\\' ? 2 : 1;
            if (j >= hi) j = hi - 1;
            sb_putn(&b, t + i, j - i + 1);
            i = j;
            continue;
        }
        if (c == '/' && i + 1 < hi && t[i + 1] == '/') {
            while (i < hi && t[i] != '\n') i++;
            space = true;
            continue;
        }
        if (c == '/' && i + 1 < hi && t[i + 1] == '*') {
            i += 2;
            while (i + 1 < hi && !(t[i] == '*' && t[i + 1] == '/')) i++;
            i++;
            space = true;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = true;
            continue;
        }
        if (space && b.len && b.data[b.len - 1] != '(' && c != ')' && c != ',') sb_putc(&b, ' ');
        space = false;
        sb_putc(&b, c);
    }
    char *r = arena_strdup(&s->m->arena, sb_cstr(&b));
    sb_free(&b);
    return r;
}

/* setups(coat_line), setups(machine.area == "paint"), tardiness(order.kind
 * == "stock"): a plan measure restricted to a machine, or to the machines
 * or orders a condition holds for (docs/language.md §13). */
static Type measure_call(Sema *s, const ExprCtx *cx, AstNode *e, RuleVar v)
{
    const char *mname = vars[v].name;
    uint32_t nargs = e->as.call.args.len;
    AstNode **args = e->as.call.args.items;
    if (cx->scope != SCOPE_OBJECTIVE) {
        Diag *g = diag_error(D(s), e->span, DIAG_RESTRICTION_VALUE, "'%s' cannot be used in the restriction of %s",
                             mname, cx->what);
        diag_hint(g, "a restriction reads the %s's values", cx->scope == SCOPE_WHERE_MACHINE ? "machine" : "order");
        return type_error();
    }
    RuleObject by = measure_counts(v);
    if (by == OBJ_NONE) {
        Diag *g = diag_error(D(s), e->span, DIAG_RESTRICTION_KIND, "%s is a measure of the whole plan: it cannot be restricted",
                             mname);
        diag_hint(g, "%s ends with the last operation of the plan; restrict a measure of operations (setups, "
                     "setup_time, cost) or of orders (tardiness, max_tardiness, ...) instead", mname);
        return type_error();
    }
    const char *example = by == OBJ_MACHINE ? "a machine, as in %s(MACHINE), or a condition on the machine, as in "
                                              "%s(machine.area == \"paint\")"
                                            : "a condition on the order, as in %s(order.customer == \"Velo AG\")";
    char ex[256];
    snprintf(ex, sizeof ex, example, mname, mname);
    if (nargs != 1 || args[0]->as.attr.name) {
        Diag *g = diag_error(D(s), e->span, DIAG_BAD_ARGUMENTS, "%s takes one restriction, not %s", mname,
                             nargs == 1 ? "a named argument" : nargs == 0 ? "none" : "several");
        diag_hint(g, "give it %s", ex);
        return type_error();
    }
    AstNode *a = args[0]->as.attr.value;
    SemMeasure sm;
    memset(&sm, 0, sizeof sm);
    sm.var = v;
    sm.by = by;
    sm.machine = -1;
    sm.span = e->span;
    if (a->kind == AST_NAME && a->as.name.n == 1) {
        /* a machine named alone */
        int32_t ent = sema_lookup(s, cx->ns, a);
        const Entity *en = ent >= 0 ? &s->entities.data[ent] : NULL;
        char buf[1024];
        const char *an = ast_name_str(a, &s->m->strs, buf, sizeof buf);
        if (by == OBJ_ORDER) {
            Diag *g = diag_error(D(s), a->span, DIAG_RESTRICTION_KIND, "%s counts orders: it cannot be restricted to "
                                 "'%s'", mname, an);
            diag_hint(g, "give it %s", ex);
            return type_error();
        }
        if (!en || en->kind != ENT_MACHINE) {
            Diag *g = en ? diag_error(D(s), a->span, DIAG_WRONG_KIND, "'%s' is a %s, not a machine", an,
                                      entity_kind_name(en->kind))
                         : diag_error(D(s), a->span, DIAG_UNKNOWN_MACHINE, "unknown machine '%s'", an);
            const char *best = en ? NULL : sema_suggest(s, an, ENT_MACHINE, false);
            if (best) diag_hint(g, "did you mean '%s'?", best);
            else diag_hint(g, "give %s %s", mname, ex);
            return type_error();
        }
        a->refkind = REF_ENTITY;
        a->ref = ent;
        sm.machine = en->index;
    } else {
        ExprCtx wc = {by == OBJ_MACHINE ? SCOPE_WHERE_MACHINE : SCOPE_WHERE_ORDER, cx->ns, NULL, mname};
        Type t = sema_expr(s, &wc, a);
        if (t.kind == TY_ERROR) return type_error();
        if (t.kind != TY_BOOL) {
            char b1[64];
            Diag *g = diag_error(D(s), a->span, DIAG_NOT_BOOLEAN, "the restriction of %s must be a condition, not %s",
                                 mname, tn(t, b1));
            diag_hint(g, "give it %s", ex);
            return type_error();
        }
        sm.where = a;
    }
    char *inner = canonical_text(s, a->span);
    char *full = tk_fmt("%s(%s)", mname, inner);
    sm.name = arena_strdup(&s->m->arena, full);
    tk_free(full);
    /* the same restriction twice is one measure */
    int32_t idx = -1;
    for (uint32_t k = 0; k < s->measures.len && idx < 0; k++)
        if (strcmp(s->measures.data[k].name, sm.name) == 0) idx = (int32_t)k;
    if (idx < 0 && s->measures.len >= SEMA_MAX_MEASURES) {
        /* each counts every machine or order of the plant, at every step of the search */
        Diag *g = diag_error(D(s), e->span, DIAG_TOO_MANY_MEASURES, "%s is restricted measure number %d of the "
                             "objective: at most %d are allowed", sm.name, SEMA_MAX_MEASURES + 1, SEMA_MAX_MEASURES);
        diag_hint(g, "restrict one measure to several %s with one condition, as in %s(%s)",
                  by == OBJ_MACHINE ? "machines" : "orders", mname,
                  by == OBJ_MACHINE ? "machine.area == \"paint\"" : "order.customer == \"Velo AG\"");
        return type_error();
    }
    if (idx < 0) {
        idx = (int32_t)s->measures.len;
        vec_push(&s->measures, sm);
    }
    e->refkind = REF_MEASURE;
    e->ref = idx;
    return e->ty = rule_var_type(v);
}

/* ---- calls ------------------------------------------------------------------- */
static Type call_expr(Sema *s, const ExprCtx *cx, AstNode *e)
{
    AstNode *callee = e->as.call.callee;
    char buf[1024];
    const char *full = ast_name_str(callee, &s->m->strs, buf, sizeof buf);
    uint32_t nargs = e->as.call.args.len;
    AstNode **args = e->as.call.args.items;

    if (callee->as.name.n == 1 && (cx->scope == SCOPE_OBJECTIVE || cx->scope == SCOPE_WHERE_MACHINE ||
                                   cx->scope == SCOPE_WHERE_ORDER))
        for (int v = 0; v < RV__COUNT; v++)
            if (vars[v].obj == OBJ_PLAN && strcmp(vars[v].name, full) == 0) return measure_call(s, cx, e, (RuleVar)v);
    int fi = callee->as.name.n == 1 ? sema_find_fn(full) : -1;
    if (fi >= 0) {
        e->refkind = REF_FN;
        e->ref = fns[fi].fn;
        if ((int)nargs < fns[fi].min_args || (int)nargs > fns[fi].max_args) {
            if (fns[fi].min_args == fns[fi].max_args)
                diag_error(D(s), e->span, DIAG_BAD_ARGUMENTS, "%s takes %d argument%s, not %u", full,
                           fns[fi].min_args, fns[fi].min_args == 1 ? "" : "s", nargs);
            else
                diag_error(D(s), e->span, DIAG_BAD_ARGUMENTS, "%s takes at least %d argument%s", full,
                           fns[fi].min_args, fns[fi].min_args == 1 ? "" : "s");
            for (uint32_t i = 0; i < nargs; i++) sema_expr(s, cx, args[i]->as.attr.value);
            return type_error();
        }
        Type at[64];
        bool bad = false;
        for (uint32_t i = 0; i < nargs; i++) {
            if (args[i]->as.attr.name) {
                diag_error(D(s), args[i]->as.attr.name_span, DIAG_BAD_ARGUMENTS,
                           "%s takes no named arguments", full);
                bad = true;
            }
            at[i] = as_value(sema_expr(s, cx, args[i]->as.attr.value));
            if (at[i].kind == TY_ERROR) bad = true;
        }
        if (bad) return type_error();
        char b1[64], b2[64];
        switch (fns[fi].fn) {
        case FN_MIN: case FN_MAX: case FN_CLAMP:
            for (uint32_t i = 0; i < nargs; i++) {
                if (at[i].kind != TY_NUM && at[i].kind != TY_DATETIME) {
                    diag_error(D(s), args[i]->span, DIAG_BAD_FUNCTION_ARG, "%s needs numbers, not %s", full,
                               tn(at[i], b1));
                    return type_error();
                }
                if (!type_eq(at[i], at[0])) {
                    Diag *g = diag_error(D(s), args[i]->span, DIAG_BAD_FUNCTION_ARG,
                                         "arguments of %s must be alike: %s and %s", full, tn(at[0], b1),
                                         tn(at[i], b2));
                    diag_hint(g, "give every argument the same unit kind, e.g. all durations");
                    return type_error();
                }
            }
            return e->ty = at[0];
        case FN_ABS:
            if (at[0].kind != TY_NUM) {
                diag_error(D(s), args[0]->span, DIAG_BAD_FUNCTION_ARG, "abs needs a number, not %s", tn(at[0], b1));
                return type_error();
            }
            return e->ty = at[0];
        default:
            for (uint32_t i = 0; i < nargs; i++)
                if (!type_is_dimensionless(at[i])) {
                    Diag *g = diag_error(D(s), args[i]->span, DIAG_BAD_FUNCTION_ARG,
                                         "%s needs a plain number, not %s", full, tn(at[i], b1));
                    if (at[i].kind == TY_NUM)
                        diag_hint(g, "divide by a unit to get a number, e.g. %s(x / 1 h)", full);
                    return type_error();
                }
            return e->ty = TYPE_NUMBER;
        }
    }

    if (cx->scope == SCOPE_WHERE_MACHINE || cx->scope == SCOPE_WHERE_ORDER) {
        Diag *g = diag_error(D(s), e->span, DIAG_RESTRICTION_VALUE, "'%s' cannot be used in the restriction of %s",
                             full, cx->what);
        diag_hint(g, "a restriction reads the %s's values and the built-in functions",
                  cx->scope == SCOPE_WHERE_MACHINE ? "machine" : "order");
        for (uint32_t i = 0; i < nargs; i++) sema_expr(s, cx, args[i]->as.attr.value);
        return type_error();
    }
    if (cx->scope != SCOPE_RULE) {
        Diag *g = diag_error(D(s), e->span, cx->scope == SCOPE_CONST ? DIAG_NOT_CONSTANT : DIAG_CONTEXT,
                             "rule '%s' cannot be used here", full);
        diag_hint(g, cx->scope == SCOPE_CONST ? "this setting needs a fixed value"
                                              : "the objective is made of plan measures");
        return type_error();
    }
    int32_t ent = sema_lookup(s, cx->ns, callee);
    if (ent < 0) {
        Diag *g = diag_error(D(s), callee->span, DIAG_UNKNOWN_FUNCTION, "unknown function or rule '%s'", full);
        const char *words[TK_COUNTOF(fns)];
        for (size_t i = 0; i < TK_COUNTOF(fns); i++) words[i] = fns[i].name;
        const char *best = nearest(full, words, TK_COUNTOF(fns));
        if (!best) best = sema_suggest(s, full, ENT_RULE, false);
        if (best) diag_suggest(g, callee->span, best);
        for (uint32_t i = 0; i < nargs; i++) sema_expr(s, cx, args[i]->as.attr.value);
        return type_error();
    }
    Type rt = check_rule_ref(s, cx, e, ent, true);
    if (rt.kind == TY_ERROR && e->refkind != REF_RULE) return rt;
    SemRule *r = &s->rules.data[e->ref];
    /* match arguments: positional first, then by name; each parameter once */
    bool given[64] = {false};
    bool bad = false;
    if (r->nparams > 64) return type_error();
    bool named_seen = false;
    for (uint32_t i = 0; i < nargs; i++) {
        AstNode *a = args[i];
        int32_t pi = -1;
        if (a->as.attr.name) {
            named_seen = true;
            for (uint32_t k = 0; k < r->nparams; k++)
                if (r->params[k].name == a->as.attr.name) pi = (int32_t)k;
            if (pi < 0) {
                diag_error(D(s), a->as.attr.name_span, DIAG_BAD_ARGUMENTS, "rule '%s' has no parameter '%s'",
                           S(s, r->name), S(s, a->as.attr.name));
                bad = true;
                sema_expr(s, cx, a->as.attr.value);
                continue;
            }
        } else {
            if (named_seen) {
                diag_error(D(s), a->span, DIAG_BAD_ARGUMENTS, "positional argument after a named one");
                bad = true;
                continue;
            }
            if (i >= r->nparams) {
                diag_error(D(s), a->span, DIAG_BAD_ARGUMENTS, "rule '%s' takes %u argument%s", S(s, r->name),
                           r->nparams, r->nparams == 1 ? "" : "s");
                bad = true;
                continue;
            }
            pi = (int32_t)i;
        }
        if (given[pi]) {
            diag_error(D(s), a->span, DIAG_BAD_ARGUMENTS, "parameter '%s' is given twice", S(s, r->params[pi].name));
            bad = true;
            continue;
        }
        given[pi] = true;
        a->ref = pi;
        Type t = as_value(sema_expr(s, cx, a->as.attr.value));
        if (t.kind != TY_ERROR && r->params[pi].ty.kind != TY_ERROR && !type_eq(t, r->params[pi].ty)) {
            char b1[64], b2[64];
            diag_error(D(s), a->span, DIAG_WRONG_TYPE, "parameter '%s' of '%s' is %s, not %s",
                       S(s, r->params[pi].name), S(s, r->name), tn(r->params[pi].ty, b1), tn(t, b2));
            bad = true;
        }
    }
    for (uint32_t k = 0; k < r->nparams; k++)
        if (!given[k] && !r->params[k].dflt) {
            diag_error(D(s), e->span, DIAG_BAD_ARGUMENTS, "rule '%s' needs a value for '%s'", S(s, r->name),
                       S(s, r->params[k].name));
            bad = true;
        }
    if (bad || rt.kind == TY_ERROR) return type_error();
    return e->ty = rt;
}

/* ---- operators --------------------------------------------------------------- */
static Type binary_expr(Sema *s, const ExprCtx *cx, AstNode *e)
{
    Type l = as_value(sema_expr(s, cx, e->as.binary.lhs));
    Type r = as_value(sema_expr(s, cx, e->as.binary.rhs));
    if (l.kind == TY_ERROR || r.kind == TY_ERROR) return type_error();
    AstOp op = e->as.binary.op;
    char b1[64], b2[64];
    switch (op) {
    case OP_AND: case OP_OR:
        if (l.kind != TY_BOOL || r.kind != TY_BOOL) {
            AstNode *bad = l.kind != TY_BOOL ? e->as.binary.lhs : e->as.binary.rhs;
            diag_error(D(s), bad->span, DIAG_NOT_BOOLEAN, "'%s' needs true or false on both sides, not %s",
                       ast_op_str(op), tn(l.kind != TY_BOOL ? l : r, b1));
            return type_error();
        }
        return e->ty = type_of(TY_BOOL);
    case OP_EQ: case OP_NE: case OP_LT: case OP_LE: case OP_GT: case OP_GE: {
        bool ordered = op != OP_EQ && op != OP_NE;
        if (!type_eq(l, r)) {
            Diag *g = diag_error(D(s), e->span, DIAG_TYPE_MISMATCH, "cannot compare %s with %s", tn(l, b1),
                                 tn(r, b2));
            if (l.kind == TY_NUM && r.kind == TY_NUM && (type_is_dimensionless(l) || type_is_dimensionless(r)))
                diag_hint(g, "give the number its unit, e.g. 30 min");
            return type_error();
        }
        if (ordered && (l.kind == TY_STRING || l.kind == TY_BOOL)) {
            diag_error(D(s), e->span, DIAG_NOT_ORDERED, "%s can be compared with == and != only", tn(l, b1));
            return type_error();
        }
        return e->ty = type_of(TY_BOOL);
    }
    case OP_ADD: case OP_SUB:
        if (l.kind == TY_NUM && r.kind == TY_NUM && type_eq(l, r)) return e->ty = l;
        if (l.kind == TY_DATETIME && type_is_duration(r)) return e->ty = l;
        if (op == OP_ADD && type_is_duration(l) && r.kind == TY_DATETIME) return e->ty = r;
        if (op == OP_SUB && l.kind == TY_DATETIME && r.kind == TY_DATETIME) return e->ty = TYPE_DURATION;
        {
            Diag *g = diag_error(D(s), e->span, DIAG_TYPE_MISMATCH, "cannot %s %s and %s",
                                 op == OP_ADD ? "add" : "subtract", tn(l, b1), tn(r, b2));
            if (l.kind == TY_NUM && r.kind == TY_NUM && (type_is_dimensionless(l) || type_is_dimensionless(r)))
                diag_hint(g, "give the number its unit, e.g. 30 min or 5 EUR");
            else if (l.kind == TY_DATETIME && r.kind == TY_DATETIME)
                diag_hint(g, "two dates can be subtracted, giving a duration, but not added");
        }
        return type_error();
    case OP_MUL: case OP_DIV:
        if (l.kind == TY_NUM && r.kind == TY_NUM) {
            Type t = op == OP_MUL ? type_mul(l, r) : type_div(l, r);
            for (int k = 0; k < DIM__COUNT; k++)
                if (t.dim[k] > 6 || t.dim[k] < -6) {
                    diag_error(D(s), e->span, DIAG_TYPE_MISMATCH, "unit powers this large make no sense");
                    return type_error();
                }
            return e->ty = t;
        }
        diag_error(D(s), e->span, DIAG_TYPE_MISMATCH, "cannot %s %s by %s",
                   op == OP_MUL ? "multiply" : "divide", tn(l, b1), tn(r, b2));
        return type_error();
    case OP_NEG: case OP_NOT: break;
    }
    TK_UNREACHABLE();
}

static Type num_literal(Sema *s, AstNode *e)
{
    Sym u = e->as.num.unit;
    if (!u) {
        e->as.num.base = e->as.num.value;
        return e->ty = TYPE_NUMBER;
    }
    int8_t dim[DIM__COUNT];
    double scale;
    const Unit *cur;
    const char *txt = S(s, u);
    if (!unit_parse(txt, strlen(txt), dim, &scale, &cur)) {
        diag_error(D(s), e->as.num.unit_span, DIAG_WRONG_TYPE, "'%s' is not a unit", txt);
        return type_error();
    }
    if (cur) {
        Sym cs = intern_cstr(&s->m->strs, cur->name);
        if (!s->plant.currency) s->plant.currency = cs;
        else if (s->plant.currency != cs) {
            Diag *g;
            if (s->currency_at.file) {
                g = diag_error(D(s), e->as.num.unit_span, DIAG_CURRENCY_MISMATCH,
                               "money in %s, but the model's currency is %s", cur->name, S(s, s->plant.currency));
                diag_note(g, s->currency_at, "the model's first amount of money is in %s", S(s, s->plant.currency));
                diag_hint(g, "a model uses one currency; name it in the plant block: currency %s", cur->name);
            } else {
                g = diag_error(D(s), e->as.num.unit_span, DIAG_CURRENCY_MISMATCH,
                               "money in %s, but the plant's currency is %s", cur->name, S(s, s->plant.currency));
                diag_hint(g, "convert the amount to %s; a model uses one currency", S(s, s->plant.currency));
            }
            return type_error();
        }
    }
    e->as.num.base = e->as.num.value * scale;
    Type t = type_num(dim[0], dim[1], dim[2], dim[3]);
    return e->ty = t;
}

static Type expr_node(Sema *s, const ExprCtx *cx, AstNode *e);

/* Levels are counted across the rules an expression uses, as every pass
 * that inlines them recurses (SEMA_MAX_RULE_DEPTH); the check itself stops
 * there, so a chain of thousands of rules, or a cycle of them, is an error
 * and not a stack overflow. */
static void rules_too_deep(Sema *s, const AstNode *e)
{
    if (s->rules_too_deep) return;
    s->rules_too_deep = true;
    Diag *g = diag_error(D(s), e->span, DIAG_TOO_DEEP,
                         "rules that use rules nest more than %d levels deep here, counting the levels of each "
                         "expression",
                         SEMA_MAX_RULE_DEPTH);
    diag_hint(g, "a rule may use rules that use rules, but not without end: see docs/limits.md");
}

Type sema_expr(Sema *s, const ExprCtx *cx, AstNode *e)
{
    if (!e) return type_error();
    if (s->depth >= SEMA_MAX_RULE_DEPTH) {
        rules_too_deep(s, e);
        return type_error();
    }
    if (++s->depth > s->reach) s->reach = s->depth;
    s->nodes++;
    Type t = expr_node(s, cx, e);
    s->depth--;
    return t;
}

static Type expr_node(Sema *s, const ExprCtx *cx, AstNode *e)
{
    char b1[64], b2[64];
    switch ((AstKind)e->kind) {
    case AST_ERROR: return type_error();
    case AST_NUM:
        if (isnan(e->as.num.value)) { /* a bare unit, as in `unit kg` */
            diag_error(D(s), e->span, DIAG_WRONG_TYPE, "a unit alone is not a value");
            return type_error();
        }
        return num_literal(s, e);
    case AST_STR: return e->ty = type_of(TY_STRING);
    case AST_BOOL: return e->ty = type_of(TY_BOOL);
    case AST_DATE: return e->ty = type_of(TY_DATE);
    case AST_DATETIME: return e->ty = type_of(TY_DATETIME);
    case AST_NAME: return name_expr(s, cx, e);
    case AST_CALL: return call_expr(s, cx, e);
    case AST_BINARY: return binary_expr(s, cx, e);
    case AST_UNARY: {
        Type t = as_value(sema_expr(s, cx, e->as.unary.operand));
        if (t.kind == TY_ERROR) return t;
        if (e->as.unary.op == OP_NOT) {
            if (t.kind != TY_BOOL) {
                diag_error(D(s), e->as.unary.operand->span, DIAG_NOT_BOOLEAN, "'not' needs true or false, not %s",
                           tn(t, b1));
                return type_error();
            }
            return e->ty = t;
        }
        if (t.kind != TY_NUM) {
            diag_error(D(s), e->as.unary.operand->span, DIAG_TYPE_MISMATCH, "cannot negate %s", tn(t, b1));
            return type_error();
        }
        return e->ty = t;
    }
    case AST_IF: {
        Type c = as_value(sema_expr(s, cx, e->as.cond.cond));
        Type t = as_value(sema_expr(s, cx, e->as.cond.then));
        Type f = as_value(sema_expr(s, cx, e->as.cond.els));
        if (c.kind != TY_ERROR && c.kind != TY_BOOL) {
            Diag *g = diag_error(D(s), e->as.cond.cond->span, DIAG_NOT_BOOLEAN,
                                 "the condition of 'if' must be true or false, not %s", tn(c, b1));
            diag_hint(g, "compare it, e.g. x > 0");
            return type_error();
        }
        if (c.kind == TY_ERROR || t.kind == TY_ERROR || f.kind == TY_ERROR) return type_error();
        if (!type_eq(t, f)) {
            Diag *g = diag_error(D(s), e->span, DIAG_BRANCH_MISMATCH,
                                 "'then' gives %s but 'else' gives %s", tn(t, b1), tn(f, b2));
            diag_hint(g, "both branches must have the same type and unit kind");
            return type_error();
        }
        return e->ty = t;
    }
    default:
        diag_error(D(s), e->span, DIAG_SYNTAX, "not an expression");
        return type_error();
    }
}

/* ---- rules --------------------------------------------------------------------- */
void sema_check_rule(Sema *s, int32_t idx)
{
    SemRule *r = &s->rules.data[idx];
    if (r->state == 2) return;
    if (r->state == 1) {
        StrBuf b = {0};
        uint32_t k = 0;
        while (k < s->nrule_stack && s->rule_stack[k] != idx) k++;
        for (uint32_t q = k; q < s->nrule_stack; q++) sb_printf(&b, "%s -> ", S(s, s->rules.data[s->rule_stack[q]].name));
        sb_puts(&b, S(s, r->name));
        Diag *g = diag_error(D(s), r->span, DIAG_RULE_CYCLE, "rule '%s' refers to itself: %s", S(s, r->name), sb_cstr(&b));
        diag_hint(g, "rules are expressions, not loops: a rule may use other rules but not itself");
        sb_free(&b);
        r->ty = type_error();
        return;
    }
    r->state = 1;
    if (s->nrule_stack < TK_COUNTOF(s->rule_stack)) s->rule_stack[s->nrule_stack++] = idx;
    uint32_t entry = s->depth, reach0 = s->reach;
    uint64_t nodes0 = s->nodes;
    s->reach = s->depth;
    s->nodes = 0;
    int32_t ent = r->entity;
    Sym ns = s->entities.data[ent].ns;
    AstNode *decl = s->entities.data[ent].decl;
    /* parameters: their type is that of their default, else a plain number */
    uint32_t np = decl->as.rule.params.len;
    SemParam *params = np ? arena_alloc(&s->m->arena, np * sizeof(SemParam)) : NULL;
    ExprCtx cc = {SCOPE_CONST, ns, NULL, "a parameter's default"};
    for (uint32_t i = 0; i < np; i++) {
        AstNode *p = decl->as.rule.params.items[i];
        params[i].name = p->as.attr.name;
        params[i].dflt = p->as.attr.value;
        params[i].ty = p->as.attr.value ? as_value(sema_expr(s, &cc, p->as.attr.value)) : TYPE_NUMBER;
        for (uint32_t k = 0; k < i; k++)
            if (params[k].name == params[i].name)
                diag_error(D(s), p->as.attr.name_span, DIAG_DUPLICATE, "parameter '%s' is declared twice",
                           S(s, params[i].name));
    }
    r = &s->rules.data[idx];
    r->params = params;
    r->nparams = np;
    ExprCtx cx = {SCOPE_RULE, ns, r};
    Type t = as_value(sema_expr(s, &cx, r->body));
    r = &s->rules.data[idx]; /* the table does not move during checking, but be safe */
    if (r->state == 1) r->ty = t;
    r->state = 2;
    r->height = s->reach - entry;
    r->size = s->nodes;
    if (s->reach < reach0) s->reach = reach0;
    s->nodes = nodes0;
    if (r->size > SEMA_MAX_RULE_SIZE) {
        Diag *g = diag_error(D(s), r->span, DIAG_RULE_TOO_LARGE,
                             "rule '%s' is more than %d operations with the rules it calls written out", S(s, r->name),
                             SEMA_MAX_RULE_SIZE);
        diag_hint(g, "each call of a rule with parameters is a copy of it: call it fewer times, or give the "
                     "value a rule without parameters (see docs/limits.md)");
        r->ty = type_error();
        r->size = 0; /* reported here, not again at each rule that calls it */
    }
    if (s->nrule_stack && s->rule_stack[s->nrule_stack - 1] == idx) s->nrule_stack--;
}

/* ---- values of the moment -------------------------------------------------------- */
/* Values that belong to a dispatch decision rather than to the job and the
 * sequence: a machine's setup and cost may not read them, so that a sequence
 * of jobs always has the same setups and costs, whoever plans it (the
 * search, takt verify). */
static bool momentary(RuleVar v)
{
    switch (v) {
    case RV_NOW: case RV_REMAINING_WORK: case RV_JOB_REMAINING_WORK: case RV_JOB_REMAINING_OPS: case RV_JOB_READY:
    case RV_MACHINE_QUEUE: case RV_MACHINE_MEAN_TIME:
        return true;
    default: return false;
    }
}

typedef struct MomentFind {
    Sema *s;
    const AstNode *found;  /* where the value is read: the name, or the rule used */
    const AstNode *inner;  /* the value itself */
} MomentFind;

static bool find_moment(AstNode *n, void *ctx);

/* Whether rule ri reads a value of the moment, looked at once per rule (a
 * rule used twice by each of forty others is not looked at 2^40 times). The
 * recursion follows the rules' uses, which checking bounded (E0007). */
static const AstNode *rule_moment(Sema *s, int32_t ri)
{
    SemRule *r = &s->rules.data[ri];
    if (r->moment == 0) {
        r->moment = 1;
        MomentFind mf = {s, NULL, NULL};
        ast_visit(r->body, find_moment, &mf);
        r = &s->rules.data[ri];
        r->moment_at = mf.inner;
        r->moment = mf.inner ? 3 : 2;
    }
    return r->moment == 3 ? r->moment_at : NULL;
}

static bool find_moment(AstNode *n, void *ctx)
{
    MomentFind *mf = ctx;
    if ((n->kind == AST_NAME || n->kind == AST_CALL) && n->refkind == REF_ATTR && !ATTR_REF_USER(n->ref) &&
        momentary((RuleVar)ATTR_REF_ID(n->ref))) {
        mf->found = mf->inner = n;
        return false;
    }
    if ((n->kind == AST_NAME || n->kind == AST_CALL) && n->refkind == REF_RULE) {
        const AstNode *in = rule_moment(mf->s, n->ref);
        if (in) {
            mf->found = n; /* point at the use of the rule */
            mf->inner = in;
            return false;
        }
    }
    return true;
}

void sema_check_static(Sema *s, AstNode *e, const char *what)
{
    MomentFind mf = {s, NULL, NULL};
    ast_visit(e, find_moment, &mf);
    if (!mf.found) return;
    char buf[512], ibuf[512];
    const AstNode *f = mf.found;
    const AstNode *nm = f->kind == AST_CALL ? f->as.call.callee : f;
    ast_name_str(nm, &s->m->strs, buf, sizeof buf);
    ast_name_str(mf.inner, &s->m->strs, ibuf, sizeof ibuf);
    Diag *g;
    if (f == mf.inner)
        g = diag_error(D(s), f->span, DIAG_CONTEXT, "%s cannot depend on '%s', a value of the dispatch decision", what,
                       buf);
    else
        g = diag_error(D(s), f->span, DIAG_CONTEXT,
                       "%s cannot depend on rule '%s': it reads '%s', a value of the dispatch decision", what, buf, ibuf);
    diag_hint(g, "a setup or cost may read the job, the job before it, the order, the operation and the machine; "
                 "now, machine.queue, machine.mean_time, remaining_work and job.ready belong to dispatch rules");
}

/* ---- constant folding ------------------------------------------------------------ */
/* strict: a setting's value, where dividing by zero is surely a mistake
 * (E0418); otherwise a rule's, which follows the run-time rules (x / 0 = 0). */
static bool fold(Sema *s, const AstNode *e, double *v, Sym *str, bool strict)
{
    *str = SYM_NONE;
    switch ((AstKind)e->kind) {
    case AST_NUM: *v = e->as.num.base; return true;
    case AST_STR: *v = 0; *str = e->as.str.value; return true;
    case AST_BOOL: *v = e->as.boolean.value ? 1 : 0; return true;
    case AST_DATE: case AST_DATETIME: *v = (double)e->as.dt.minutes; return true;
    case AST_UNARY: {
        double x;
        if (!fold(s, e->as.unary.operand, &x, str, strict)) return false;
        *v = e->as.unary.op == OP_NEG ? -x : (x == 0 ? 1 : 0);
        return true;
    }
    case AST_BINARY: {
        double a, b;
        Sym sa, sb;
        if (!fold(s, e->as.binary.lhs, &a, &sa, strict) || !fold(s, e->as.binary.rhs, &b, &sb, strict)) return false;
        switch (e->as.binary.op) {
        case OP_ADD: *v = a + b; break;
        case OP_SUB: *v = a - b; break;
        case OP_MUL: *v = a * b; break;
        case OP_DIV:
            if (b == 0 && strict) {
                diag_error(D(s), e->span, DIAG_BAD_VALUE, "division by zero");
                return false;
            }
            *v = vo_div(a, b);
            break;
        case OP_EQ: *v = sa || sb ? (sa == sb) : (a == b); break;
        case OP_NE: *v = sa || sb ? (sa != sb) : (a != b); break;
        case OP_LT: *v = a < b; break;
        case OP_LE: *v = a <= b; break;
        case OP_GT: *v = a > b; break;
        case OP_GE: *v = a >= b; break;
        case OP_AND: *v = (a != 0) && (b != 0); break;
        case OP_OR: *v = (a != 0) || (b != 0); break;
        default: return false;
        }
        return true;
    }
    case AST_IF: {
        double c;
        Sym cs;
        if (!fold(s, e->as.cond.cond, &c, &cs, strict)) return false;
        return fold(s, c != 0 ? e->as.cond.then : e->as.cond.els, v, str, strict);
    }
    case AST_CALL: {
        if (e->refkind != REF_FN) return false;
        double a[64];
        uint32_t n = e->as.call.args.len;
        if (n > 64 || n == 0) return false;
        for (uint32_t i = 0; i < n; i++) {
            Sym dummy;
            if (!fold(s, e->as.call.args.items[i]->as.attr.value, &a[i], &dummy, strict)) return false;
        }
        switch ((BuiltinFn)e->ref) {
        case FN_MIN: *v = a[0]; for (uint32_t i = 1; i < n; i++) *v = vo_min(*v, a[i]); break;
        case FN_MAX: *v = a[0]; for (uint32_t i = 1; i < n; i++) *v = vo_max(*v, a[i]); break;
        case FN_ABS: *v = fabs(a[0]); break;
        case FN_EXP: *v = exp(a[0]); break;
        case FN_LOG: *v = vo_log(a[0]); break;
        case FN_SQRT: *v = vo_sqrt(a[0]); break;
        case FN_FLOOR: *v = floor(a[0]); break;
        case FN_CEIL: *v = ceil(a[0]); break;
        case FN_ROUND: *v = vo_round(a[0]); break;
        case FN_POW: *v = vo_pow(a[0], a[1]); break;
        case FN_CLAMP: *v = vo_clamp(a[0], a[1], a[2]); break;
        default: return false;
        }
        return true;
    }
    default: return false;
    }
}

bool sema_fold_rule(Sema *s, const AstNode *e, double *num)
{
    Sym str;
    *num = 0;
    if (!fold(s, e, num, &str, false)) return false;
    *num = vo_nan0(*num);
    return true;
}

/* A constant within the range of its kind (docs/limits.md), else E0420-E0423. */
bool sema_in_range(Sema *s, const AstNode *e, double x)
{
    Type t = e->ty;
    char b[64];
    if (t.kind == TY_DATE || t.kind == TY_DATETIME) {
        double lo = (double)date_from_ymd(TAKT_MIN_YEAR, 1, 1) * 1440;
        double hi = (double)date_from_ymd(TAKT_MAX_YEAR + 1, 1, 1) * 1440;
        if (x >= lo && x < hi) return true;
        Diag *g = diag_error(D(s), e->span, DIAG_DATE_RANGE, "date outside the years %d to %d", TAKT_MIN_YEAR,
                             TAKT_MAX_YEAR);
        diag_hint(g, "see docs/limits.md");
        return false;
    }
    if (t.kind != TY_NUM) return true;
    double max = TAKT_MAX_NUMBER;
    const char *what = "number larger than 1e15";
    if (type_is_duration(t)) {
        if (fabs(x) <= TAKT_MAX_MINUTES) return true;
        Diag *g = diag_error(D(s), e->span, DIAG_DURATION_RANGE, "duration longer than 100 years");
        diag_hint(g, "durations are at most 100 years (%.0f min); see docs/limits.md", TAKT_MAX_MINUTES);
        return false;
    }
    if (t.dim[DIM_MONEY]) {
        /* rates are held per minute: compare them per hour, as written */
        double v = t.dim[DIM_TIME] < 0 ? x * 60 : x;
        if (fabs(v) <= TAKT_MAX_MONEY) return true;
        Diag *g = diag_error(D(s), e->span, DIAG_MONEY_RANGE, "%s of more than 1e12", tn(t, b));
        diag_hint(g, "amounts, prices and rates are at most 1e12 in the plant's currency; see docs/limits.md");
        return false;
    }
    if (!type_is_dimensionless(t)) {
        max = TAKT_MAX_QTY;
        what = "quantity larger than 1e12";
    }
    if (fabs(x) <= max) return true;
    Diag *g = diag_error(D(s), e->span, DIAG_QTY_RANGE, "%s", what);
    diag_hint(g, "see docs/limits.md");
    return false;
}

bool sema_const_value(Sema *s, const AstNode *e, double *num, Sym *str)
{
    *num = 0;
    *str = SYM_NONE;
    if (!fold(s, e, num, str, true)) return false;
    if (!isfinite(*num)) {
        diag_error(D(s), e->span, DIAG_BAD_VALUE, "value is too large");
        return false;
    }
    return sema_in_range(s, e, *num);
}
