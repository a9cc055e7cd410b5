/* plan.c: a plan's lifetime, its problems, and the measures of a finished
 * plan: makespan, lateness per customer order, costs and the objective. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime.h"

Plan *plan_new(const IrModel *ir)
{
    Plan *p = tk_xalloc(sizeof(Plan));
    memset(p, 0, sizeof *p);
    p->ir = ir;
    arena_init(&p->arena);
    p->orders = arena_alloc(&p->arena, (ir->norders + 1) * sizeof(OrderResult));
    return p;
}

void plan_free(Plan *p)
{
    if (!p) return;
    vec_free(&p->wos);
    vec_free(&p->ops);
    vec_free(&p->purchases);
    vec_free(&p->problems);
    arena_free(&p->arena);
    tk_free(p);
}

void plan_problem(Plan *p, DiagCode code, Span at, const char *hint, const char *fmt, ...)
{
    PlanProblem pr;
    pr.code = code;
    va_list ap;
    va_start(ap, fmt);
    char *m = tk_vfmt(fmt, ap);
    va_end(ap);
    pr.msg = arena_strdup(&p->arena, m);
    tk_free(m);
    pr.hint = hint ? arena_strdup(&p->arena, hint) : NULL;
    pr.span = at;
    vec_push(&p->problems, pr);
}

void plan_measure(Plan *p, Engine *eng)
{
    const IrModel *ir = p->ir;
    Measures *m = &p->m;
    memset(m, 0, sizeof *m);
    m->makespan_end = ir->start;
    for (uint32_t i = 0; i < p->ops.len; i++) {
        const Op *op = &p->ops.data[i];
        if (op->machine < 0) continue;
        if (op->end > m->makespan_end) m->makespan_end = op->end;
        m->machine_cost += op->cost;
        if (op->setup > 0) m->setups += 1;
        m->setup_time += op->setup;
    }
    for (uint32_t i = 0; i < p->wos.len; i++) {
        const WorkOrder *w = &p->wos.data[i];
        if (w->end > m->makespan_end) m->makespan_end = w->end;
        m->material_cost += w->material_cost;
    }
    m->makespan = (double)(m->makespan_end - ir->start);
    for (uint32_t i = 0; i < ir->norders; i++) {
        const IrOrder *o = &ir->orders[i];
        OrderResult *r = &p->orders[i];
        r->done = ir->start; /* from stock, if no work order serves it */
        for (uint32_t k = 0; k < p->order_wos[i].len; k++) {
            const WorkOrder *w = &p->wos.data[p->order_wos[i].data[k]];
            if (w->end > r->done) r->done = w->end;
        }
        r->lateness = r->done - o->due;
        double late = r->lateness > 0 ? (double)r->lateness : 0;
        m->tardiness += late;
        if (late > m->max_tardiness) m->max_tardiness = late;
        m->weighted_tardiness += o->priority * late;
        m->penalty += o->penalty * late;
        if (late > 0) m->late_orders += 1;
        int64_t from = o->release > ir->start ? o->release : ir->start;
        m->flow_time += (double)(r->done - from);
    }
    m->cost = m->machine_cost + m->material_cost;
    if (ir->objective_fn >= 0) {
        RuleEnv env;
        memset(&env, 0, sizeof env);
        env.var[RV_PLAN_MAKESPAN] = m->makespan;
        env.var[RV_PLAN_TARDINESS] = m->tardiness;
        env.var[RV_PLAN_MAX_TARDINESS] = m->max_tardiness;
        env.var[RV_PLAN_WEIGHTED_TARDINESS] = m->weighted_tardiness;
        env.var[RV_PLAN_PENALTY] = m->penalty;
        env.var[RV_PLAN_COST] = m->cost;
        env.var[RV_PLAN_SETUPS] = m->setups;
        env.var[RV_PLAN_SETUP_TIME] = m->setup_time;
        env.var[RV_PLAN_LATE_ORDERS] = m->late_orders;
        env.var[RV_PLAN_FLOW_TIME] = m->flow_time;
        for (int t = 0; t < ATAB__COUNT; t++) env.attr[t] = ir->default_attrs[t];
        m->objective = eng->eval(eng, ir->objective_fn, &env);
    } else m->objective = m->makespan;
}

/* Writes all of data to fd; false with errno set. */
static bool write_all(int fd, const char *data, size_t len)
{
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        off += (size_t)w;
    }
    return true;
}

bool write_file_atomic(const char *path, const char *data, size_t len)
{
    /* a device or a pipe (-o /dev/null, -o /dev/stdout) is written to as it
     * is: renaming a file over it would replace it */
    struct stat sb;
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode) && !S_ISDIR(sb.st_mode)) {
        int fd = open(path, O_WRONLY);
        if (fd < 0) return false;
        bool ok = write_all(fd, data, len);
        int e = errno;
        if (close(fd) != 0 && ok) return false;
        errno = e;
        return ok;
    }
    char *tmp = tk_fmt("%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        int e = errno;
        tk_free(tmp);
        errno = e;
        return false;
    }
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            close(fd);
            unlink(tmp);
            tk_free(tmp);
            errno = e;
            return false;
        }
        off += (size_t)w;
    }
    if (close(fd) != 0 || rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        tk_free(tmp);
        errno = e;
        return false;
    }
    tk_free(tmp);
    return true;
}

/* The sequence-dependent setup of a job of `product` on machine mc after a
 * job of `prev` (-1: the first on its unit): the sum over its setup-by blocks. */
double plan_setup_by(const IrModel *ir, const IrMachine *mc, int32_t product, int32_t prev)
{
    double total = 0;
    const double *cur = ir->products[product].attrs;
    for (uint32_t k = 0; k < mc->nsetup_by; k++) {
        const IrSetupBy *b = &mc->setup_by[k];
        if (prev < 0) {
            total += b->first;
            continue;
        }
        double a = ir->products[prev].attrs[b->attr], c = cur[b->attr];
        double t = a == c ? b->same : b->change;
        for (uint32_t q = 0; q < b->npairs; q++)
            if (b->pairs[q].from == a && b->pairs[q].to == c) {
                t = b->pairs[q].minutes;
                break;
            }
        total += t;
    }
    return total;
}
