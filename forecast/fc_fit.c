/* fc_fit.c: fitting the methods of fc_methods.c to a series, and running a
 * fitted method.
 *
 * Smoothing parameters are chosen by least squares of the in-sample
 * one-step errors, inside bounds (docs/forecast.md, "Fitting"): one
 * parameter by a grid then golden-section search, several by a bounded
 * Nelder-Mead simplex started from fixed points. Both are deterministic.
 * Initial states are not free parameters: for SES, Holt and Theta the
 * one-step forecasts are linear in them, so for given smoothing parameters
 * the best initial states are a small least-squares problem solved exactly
 * ("profiled"); Holt-Winters starts from the first two seasons, Croston and
 * TSB from the first demand. So a fitted model is its smoothing parameters,
 * and running it on a longer series (a later origin) re-derives its initial
 * states by the same rule. */
#include <float.h>
#include <math.h>
#include <string.h>

#include "compiler/base.h"
#include "forecast.h"

/* ---- names ------------------------------------------------------------------- */
static const char *const keys[FC__COUNT] = {"naive", "snaive", "ma", "ses", "holt", "damped", "hw_add", "hw_mul",
                                            "theta", "croston", "sba", "tsb", "comb"};
static const char *const titles[FC__COUNT] = {
    "naive",        "seasonal naive",   "moving average",  "simple exponential smoothing",
    "Holt",         "damped trend",     "Holt-Winters additive", "Holt-Winters multiplicative",
    "Theta",        "Croston",          "SBA",             "TSB",
    "SES/damped/Theta combination"};

const char *fc_method_key(FcMethod m) { return m < FC__COUNT ? keys[m] : "?"; }
const char *fc_method_title(FcMethod m) { return m < FC__COUNT ? titles[m] : "?"; }

FcMethod fc_method_parse(const char *key)
{
    for (int i = 0; i < FC__COUNT; i++)
        if (strcmp(keys[i], key) == 0) return (FcMethod)i;
    return FC__COUNT;
}

bool fc_method_is_seasonal(FcMethod m) { return m == FC_SNAIVE || m == FC_HW_ADD || m == FC_HW_MUL; }
bool fc_method_is_intermittent(FcMethod m) { return m == FC_CROSTON || m == FC_SBA || m == FC_TSB; }

int fc_min_length(FcMethod method, int m)
{
    switch (method) {
    case FC_SNAIVE: return m > 1 ? m : 1;
    case FC_HW_ADD: case FC_HW_MUL: return m > 1 ? 2 * m : 4;
    case FC_HOLT: case FC_DAMPED: case FC_THETA: case FC_COMB: return 3;
    case FC_MOVING_AVG: case FC_SES: return 2;
    default: return 1;
    }
}

/* ---- the optimisers ------------------------------------------------------------ */
typedef double (*ObjFn)(const double *x, void *ctx);

static double safe(double v) { return v == v && v < DBL_MAX ? v : DBL_MAX; }

/* One parameter in [lo, hi]: the best of a grid, refined by golden-section
 * search between its neighbours. */
static double minimize_1d(ObjFn f, void *ctx, double lo, double hi, double *xbest)
{
    enum { GRID = 12 };
    double bx = lo, bf = DBL_MAX;
    int bi = 0;
    for (int i = 0; i < GRID; i++) {
        double x = lo + (hi - lo) * i / (GRID - 1), v = safe(f(&x, ctx));
        if (v < bf) bf = v, bx = x, bi = i;
    }
    double a = lo + (hi - lo) * (bi > 0 ? bi - 1 : 0) / (GRID - 1);
    double b = lo + (hi - lo) * (bi < GRID - 1 ? bi + 1 : GRID - 1) / (GRID - 1);
    const double g = 0.6180339887498949;
    double c = b - g * (b - a), d = a + g * (b - a);
    double fc = safe(f(&c, ctx)), fd = safe(f(&d, ctx));
    for (int it = 0; it < 60 && b - a > 1e-7 * (hi - lo); it++) {
        if (fc < fd) {
            b = d, d = c, fd = fc;
            c = b - g * (b - a);
            fc = safe(f(&c, ctx));
        } else {
            a = c, c = d, fc = fd;
            d = a + g * (b - a);
            fd = safe(f(&d, ctx));
        }
    }
    if (fc < bf) bf = fc, bx = c;
    if (fd < bf) bf = fd, bx = d;
    *xbest = bx;
    return bf;
}

static void clamp_box(double *x, int d, const double *lo, const double *hi)
{
    for (int i = 0; i < d; i++) x[i] = x[i] < lo[i] ? lo[i] : x[i] > hi[i] ? hi[i] : x[i];
}

/* Nelder-Mead in the box [lo, hi] (points outside are moved to its
 * surface), from x; the best point found replaces x. Restarted once from
 * the best point, which shakes off a simplex that has collapsed. */
static double minimize_nd(ObjFn f, void *ctx, int d, double *x, const double *lo, const double *hi, int maxeval)
{
    enum { MAXD = 4 };
    double p[MAXD + 1][MAXD], v[MAXD + 1];
    double best = DBL_MAX;
    int evals = 0;
    for (int round = 0; round < 2; round++) {
        for (int i = 0; i <= d; i++) {
            memcpy(p[i], x, (size_t)d * sizeof(double));
            if (i) {
                double step = 0.1 * (hi[i - 1] - lo[i - 1]);
                p[i][i - 1] += p[i][i - 1] + step <= hi[i - 1] ? step : -step;
            }
            clamp_box(p[i], d, lo, hi);
            v[i] = safe(f(p[i], ctx));
            evals++;
        }
        while (evals < maxeval) {
            /* order: best first */
            for (int i = 1; i <= d; i++)
                for (int j = i; j > 0 && v[j] < v[j - 1]; j--) {
                    double t = v[j];
                    v[j] = v[j - 1], v[j - 1] = t;
                    for (int k = 0; k < d; k++) t = p[j][k], p[j][k] = p[j - 1][k], p[j - 1][k] = t;
                }
            double size = 0;
            for (int i = 1; i <= d; i++)
                for (int k = 0; k < d; k++) size = fmax(size, fabs(p[i][k] - p[0][k]) / (hi[k] - lo[k]));
            if (size < 1e-6 || (v[d] - v[0]) <= 1e-12 * (fabs(v[0]) + 1e-300)) break;
            double c[MAXD] = {0}, r[MAXD], e[MAXD];
            for (int i = 0; i < d; i++)
                for (int k = 0; k < d; k++) c[k] += p[i][k] / d;
            for (int k = 0; k < d; k++) r[k] = c[k] + (c[k] - p[d][k]);
            clamp_box(r, d, lo, hi);
            double fr = safe(f(r, ctx));
            evals++;
            if (fr < v[0]) {
                for (int k = 0; k < d; k++) e[k] = c[k] + 2 * (c[k] - p[d][k]);
                clamp_box(e, d, lo, hi);
                double fe = safe(f(e, ctx));
                evals++;
                if (fe < fr) memcpy(p[d], e, sizeof e), v[d] = fe;
                else memcpy(p[d], r, sizeof r), v[d] = fr;
            } else if (fr < v[d - 1]) {
                memcpy(p[d], r, sizeof r), v[d] = fr;
            } else {
                /* contract towards the better of the worst and its reflection */
                bool outside = fr < v[d];
                for (int k = 0; k < d; k++) e[k] = c[k] + 0.5 * ((outside ? r[k] : p[d][k]) - c[k]);
                double fe = safe(f(e, ctx));
                evals++;
                if (fe < (outside ? fr : v[d])) memcpy(p[d], e, sizeof e), v[d] = fe;
                else {
                    for (int i = 1; i <= d; i++) {
                        for (int k = 0; k < d; k++) p[i][k] = p[0][k] + 0.5 * (p[i][k] - p[0][k]);
                        v[i] = safe(f(p[i], ctx));
                        evals++;
                    }
                }
            }
        }
        int bi = 0;
        for (int i = 1; i <= d; i++)
            if (v[i] < v[bi]) bi = i;
        if (v[bi] < best) {
            best = v[bi];
            memcpy(x, p[bi], (size_t)d * sizeof(double));
        }
    }
    return best;
}

/* ---- profiled initial states ------------------------------------------------------ */
/* SES with alpha: the one-step forecasts are c_t + (1-alpha)^t l0, c_t the
 * forecasts from l0 = 0. The SSE in l0 is a parabola: its minimum, exactly. */
static double ses_profile(const double *y, int n, double alpha, double *l0)
{
    double c = 0, d = 1, sdd = 0, sde = 0, see = 0;
    for (int t = 0; t < n; t++) {
        double e = y[t] - c;
        sdd += d * d, sde += d * e, see += e * e;
        c += alpha * (y[t] - c);
        d *= 1 - alpha;
    }
    *l0 = sde / sdd;
    return see - sde * sde / sdd;
}

/* Holt with (alpha, beta, phi): the one-step forecasts are linear in the
 * initial level and trend; the best pair from the 2 x 2 normal equations. */
static double holt_profile(const double *y, int n, double alpha, double beta, double phi, double *l0, double *b0)
{
    double cl = 0, cb = 0;          /* from zero states, with the data */
    double ul = 1, ub = 0;          /* the response to a unit initial level */
    double vl = 0, vb = 1;          /* ... and to a unit initial trend */
    double s11 = 0, s12 = 0, s22 = 0, s1e = 0, s2e = 0, see = 0;
    for (int t = 0; t < n; t++) {
        double fc = cl + phi * cb, fu = ul + phi * ub, fv = vl + phi * vb, e = y[t] - fc;
        s11 += fu * fu, s12 += fu * fv, s22 += fv * fv, s1e += fu * e, s2e += fv * e, see += e * e;
        /* l' = alpha y + (1 - alpha) f; b' = beta (l' - l) + (1 - beta) phi b */
        double nl = alpha * y[t] + (1 - alpha) * fc;
        cb = beta * (nl - cl) + (1 - beta) * phi * cb, cl = nl;
        nl = (1 - alpha) * fu;
        ub = beta * (nl - ul) + (1 - beta) * phi * ub, ul = nl;
        nl = (1 - alpha) * fv;
        vb = beta * (nl - vl) + (1 - beta) * phi * vb, vl = nl;
    }
    double det = s11 * s22 - s12 * s12;
    if (!(det > 1e-12 * s11 * s22)) {
        *l0 = s1e / s11, *b0 = 0;
        return see - s1e * s1e / s11;
    }
    *l0 = (s22 * s1e - s12 * s2e) / det;
    *b0 = (s11 * s2e - s12 * s1e) / det;
    return see - (*l0 * s1e + *b0 * s2e);
}

/* Theta: the series 2y - line, whose SES errors are twice the method's. */
static double *theta_z(const double *y, int n)
{
    double tm = (n + 1) / 2.0, ym = 0, sxy = 0, sxx = 0;
    for (int t = 0; t < n; t++) ym += y[t];
    ym /= n;
    for (int t = 0; t < n; t++) sxy += ((t + 1) - tm) * (y[t] - ym), sxx += ((t + 1) - tm) * ((t + 1) - tm);
    double b = sxx > 0 ? sxy / sxx : 0, a = ym - b * tm;
    double *z = tk_xalloc((size_t)n * sizeof(double));
    for (int t = 0; t < n; t++) z[t] = 2 * y[t] - (a + b * (t + 1));
    return z;
}

/* Holt-Winters' start from the first two seasons: the trend from the
 * difference of their means, the level extrapolated to just before y[0],
 * the seasonal states from both seasons less the trend line. */
static void hw_start(const double *y, int m, bool mul, double *l0, double *b0, double *s0)
{
    double m1 = 0, m2 = 0;
    for (int j = 0; j < m; j++) m1 += y[j], m2 += y[m + j];
    m1 /= m, m2 /= m;
    double b = (m2 - m1) / m;
    *b0 = b;
    *l0 = m1 - b * (m + 1) / 2.0;
    double tot = 0;
    for (int j = 0; j < m; j++) {
        double s = 0;
        for (int i = 0; i < 2; i++) {
            double line = m1 + b * (i * m + j - (m - 1) / 2.0);
            s += mul ? (line > 0 ? y[i * m + j] / line : 1) : y[i * m + j] - line;
        }
        s0[j] = s / 2;
        tot += s0[j];
    }
    tot /= m;
    for (int j = 0; j < m; j++) {
        if (mul) s0[j] = tot > 0 ? s0[j] / tot : 1;
        else s0[j] -= tot;
    }
}

/* Croston and TSB start from the first demand: its size, and (Croston) the
 * periods up to it or (TSB) one over that as the probability of demand. */
static void intermittent_start(const double *y, int n, double *z0, double *p0)
{
    int first = 0;
    while (first < n && y[first] == 0) first++;
    *z0 = first < n ? y[first] : 0;
    *p0 = first + 1;
}

/* ---- objectives ------------------------------------------------------------------ */
typedef struct Ctx {
    const double *y;
    int n, m;
    bool mul;
    double l0, b0, s0[FC_MAX_M], z0, p0;
    double *buf;   /* n fitted values */
    double phi;    /* fixed phi (Holt) */
    bool sba;
} Ctx;

static double sse_of(const double *y, const double *f, int n, int from)
{
    double s = 0;
    for (int t = from; t < n; t++)
        if (f[t] == f[t]) s += (y[t] - f[t]) * (y[t] - f[t]);
    return s;
}

static double obj_ses(const double *x, void *cx)
{
    Ctx *c = cx;
    double l0;
    return ses_profile(c->y, c->n, x[0], &l0);
}

static double obj_holt(const double *x, void *cx)
{
    Ctx *c = cx;
    double l0, b0;
    return holt_profile(c->y, c->n, x[0], x[1], c->phi, &l0, &b0);
}

static double obj_damped(const double *x, void *cx)
{
    Ctx *c = cx;
    double l0, b0;
    return holt_profile(c->y, c->n, x[0], x[1], x[2], &l0, &b0);
}

static double obj_hw(const double *x, void *cx)
{
    Ctx *c = cx;
    fc_hw(c->y, c->n, c->m, c->mul, x[0], x[1], x[2], x[3], c->l0, c->b0, c->s0, c->buf, NULL, 0);
    return sse_of(c->y, c->buf, c->n, 0);
}

static double obj_croston(const double *x, void *cx)
{
    Ctx *c = cx;
    fc_croston(c->y, c->n, c->sba, x[0], c->z0, c->p0, c->buf, NULL, 0);
    return sse_of(c->y, c->buf, c->n, 0);
}

static double obj_tsb(const double *x, void *cx)
{
    Ctx *c = cx;
    fc_tsb(c->y, c->n, x[0], x[1], c->z0, 1 / c->p0, c->buf, NULL, 0);
    return sse_of(c->y, c->buf, c->n, 0);
}

/* Bounds: alpha, beta, gamma in [1e-4, 0.9999]; a damped trend's phi in
 * [0.8, 0.98]; Holt-Winters' phi in [0.8, 1]; Croston, SBA and TSB smooth
 * with alpha (and TSB's beta) in [0.01, 0.5]. */
#define PMIN 1e-4
#define PMAX 0.9999

/* ---- fitting -------------------------------------------------------------------- */
static bool all_positive(const double *y, int n)
{
    for (int t = 0; t < n; t++)
        if (!(y[t] > 0)) return false;
    return true;
}

static bool any_demand(const double *y, int n)
{
    for (int t = 0; t < n; t++)
        if (y[t] != 0) return true;
    return false;
}

static FcStatus fit_core(FcModel *md, const double *y, int n)
{
    int m = md->m;
    Ctx c;
    memset(&c, 0, sizeof c);
    c.y = y, c.n = n, c.m = m;
    switch (md->method) {
    case FC_NAIVE: case FC_SNAIVE: break;
    case FC_MOVING_AVG: {
        /* k in 1..kmax by the mean squared one-step error over a common window */
        int kmax = n / 2 < 24 ? n / 2 : 24;
        if (kmax < 1) kmax = 1;
        double best = DBL_MAX, *f = tk_xalloc((size_t)n * sizeof(double));
        md->k = 1;
        for (int k = 1; k <= kmax; k++) {
            fc_moving_avg(y, n, k, f, NULL, 0);
            double s = sse_of(y, f, n, kmax);
            if (s < best) best = s, md->k = k;
        }
        tk_free(f);
        break;
    }
    case FC_SES: minimize_1d(obj_ses, &c, PMIN, PMAX, &md->alpha); break;
    case FC_HOLT: case FC_DAMPED: {
        double x[3] = {0.3, 0.05, 0.94}, lo[3] = {PMIN, PMIN, 0.8}, hi[3] = {PMAX, PMAX, 0.98};
        c.phi = 1;
        if (md->method == FC_HOLT) minimize_nd(obj_holt, &c, 2, x, lo, hi, 400);
        else minimize_nd(obj_damped, &c, 3, x, lo, hi, 600);
        md->alpha = x[0], md->beta = x[1], md->phi = md->method == FC_HOLT ? 1 : x[2];
        break;
    }
    case FC_THETA: {
        double *z = theta_z(y, n);
        c.y = z;
        minimize_1d(obj_ses, &c, PMIN, PMAX, &md->alpha);
        tk_free(z);
        break;
    }
    case FC_HW_ADD: case FC_HW_MUL: {
        c.mul = md->method == FC_HW_MUL;
        hw_start(y, m, c.mul, &c.l0, &c.b0, c.s0);
        c.buf = tk_xalloc((size_t)n * sizeof(double));
        double x[4] = {0.3, 0.05, 0.1, 0.98}, lo[4] = {PMIN, PMIN, PMIN, 0.8}, hi[4] = {PMAX, PMAX, PMAX, 1};
        minimize_nd(obj_hw, &c, 4, x, lo, hi, 800);
        md->alpha = x[0], md->beta = x[1], md->gamma = x[2], md->phi = x[3];
        tk_free(c.buf);
        break;
    }
    case FC_CROSTON: case FC_SBA: case FC_TSB: {
        intermittent_start(y, n, &c.z0, &c.p0);
        c.sba = md->method == FC_SBA;
        c.buf = tk_xalloc((size_t)n * sizeof(double));
        if (md->method == FC_TSB) {
            double x[2] = {0.1, 0.1}, lo[2] = {0.01, 0.01}, hi[2] = {0.5, 0.5};
            minimize_nd(obj_tsb, &c, 2, x, lo, hi, 300);
            md->alpha = x[0], md->beta = x[1];
        } else minimize_1d(obj_croston, &c, 0.01, 0.5, &md->alpha);
        tk_free(c.buf);
        break;
    }
    case FC_COMB: {
        FcModel part = *md;
        part.method = FC_SES;
        fit_core(&part, y, n);
        md->comb[0] = part.alpha;
        part.method = FC_DAMPED;
        fit_core(&part, y, n);
        md->comb[1] = part.alpha, md->comb[2] = part.beta, md->comb[3] = part.phi;
        part.method = FC_THETA;
        fit_core(&part, y, n);
        md->comb[4] = part.alpha;
        break;
    }
    case FC__COUNT: TK_UNREACHABLE();
    }
    return FC_OK;
}

/* The series seasonally adjusted (a copy), or NULL if it cannot be: fewer
 * than two seasons. idx receives the indices. */
static double *adjust(const double *y, int n, int m, bool additive, double *idx)
{
    if (!fc_seasonal_indices(y, n, m, additive, idx)) return NULL;
    double *a = tk_xalloc((size_t)n * sizeof(double));
    for (int t = 0; t < n; t++) a[t] = additive ? y[t] - idx[t % m] : y[t] / idx[t % m];
    return a;
}

FcStatus fc_fit(FcMethod method, const double *y, int n, int m, bool seasonal_adj, FcModel *out)
{
    memset(out, 0, sizeof *out);
    out->method = method;
    out->m = m < 1 ? 1 : m;
    out->phi = 1;
    if (n < fc_min_length(method, out->m)) return FC_TOO_SHORT;
    if (method == FC_HW_MUL && !all_positive(y, n)) return FC_NOT_POSITIVE;
    if (fc_method_is_intermittent(method) && !any_demand(y, n)) return FC_NO_DEMAND;
    const double *ys = y;
    double idx[FC_MAX_M], *adj = NULL;
    if (seasonal_adj && !fc_method_is_seasonal(method) && out->m > 1) {
        bool additive = !all_positive(y, n);
        adj = adjust(y, n, out->m, additive, idx);
        if (adj) {
            out->seasonal_adj = true;
            out->additive_adj = additive;
            ys = adj;
        }
    }
    FcStatus st = fit_core(out, ys, n);
    tk_free(adj);
    if (st != FC_OK) return st;
    /* the in-sample one-step errors of the fitted model */
    double *f = tk_xalloc((size_t)n * sizeof(double));
    fc_run(out, y, n, f, NULL, 0);
    out->sse = 0, out->nerr = 0;
    for (int t = 0; t < n; t++)
        if (f[t] == f[t]) out->sse += (y[t] - f[t]) * (y[t] - f[t]), out->nerr++;
    tk_free(f);
    return FC_OK;
}

/* ---- running ---------------------------------------------------------------------- */
static void run_core(const FcModel *md, const double *y, int n, double *fitted, double *fc, int h)
{
    int m = md->m;
    switch (md->method) {
    case FC_NAIVE: fc_naive(y, n, fitted, fc, h); break;
    case FC_SNAIVE: fc_snaive(y, n, m, fitted, fc, h); break;
    case FC_MOVING_AVG: fc_moving_avg(y, n, md->k, fitted, fc, h); break;
    case FC_SES: {
        double l0;
        ses_profile(y, n, md->alpha, &l0);
        fc_ses(y, n, md->alpha, l0, fitted, fc, h);
        break;
    }
    case FC_HOLT: case FC_DAMPED: {
        double l0, b0;
        holt_profile(y, n, md->alpha, md->beta, md->phi, &l0, &b0);
        fc_holt(y, n, md->alpha, md->beta, md->phi, l0, b0, fitted, fc, h);
        break;
    }
    case FC_THETA: {
        double l0, *z = theta_z(y, n);
        ses_profile(z, n, md->alpha, &l0);
        tk_free(z);
        fc_theta(y, n, md->alpha, l0, fitted, fc, h);
        break;
    }
    case FC_HW_ADD: case FC_HW_MUL: {
        double l0, b0, s0[FC_MAX_M];
        bool mul = md->method == FC_HW_MUL;
        hw_start(y, m, mul, &l0, &b0, s0);
        fc_hw(y, n, m, mul, md->alpha, md->beta, md->gamma, md->phi, l0, b0, s0, fitted, fc, h);
        break;
    }
    case FC_CROSTON: case FC_SBA: case FC_TSB: {
        double z0, p0;
        intermittent_start(y, n, &z0, &p0);
        if (md->method == FC_TSB) fc_tsb(y, n, md->alpha, md->beta, z0, 1 / p0, fitted, fc, h);
        else fc_croston(y, n, md->method == FC_SBA, md->alpha, z0, p0, fitted, fc, h);
        break;
    }
    case FC_COMB: {
        FcModel part[3];
        for (int i = 0; i < 3; i++) part[i] = *md;
        part[0].method = FC_SES, part[0].alpha = md->comb[0];
        part[1].method = FC_DAMPED, part[1].alpha = md->comb[1], part[1].beta = md->comb[2];
        part[1].phi = md->comb[3];
        part[2].method = FC_THETA, part[2].alpha = md->comb[4];
        double *pf = fitted ? tk_xalloc((size_t)n * sizeof(double)) : NULL;
        double *pc = h ? tk_xalloc((size_t)h * sizeof(double)) : NULL;
        if (fitted)
            for (int t = 0; t < n; t++) fitted[t] = 0;
        for (int k = 0; k < h; k++) fc[k] = 0;
        for (int i = 0; i < 3; i++) {
            run_core(&part[i], y, n, pf, pc, h);
            if (fitted)
                for (int t = 0; t < n; t++) fitted[t] += pf[t] / 3;
            for (int k = 0; k < h; k++) fc[k] += pc[k] / 3;
        }
        tk_free(pf);
        tk_free(pc);
        break;
    }
    case FC__COUNT: TK_UNREACHABLE();
    }
}

FcStatus fc_run(const FcModel *md, const double *y, int n, double *fitted, double *fc, int h)
{
    if (n < fc_min_length(md->method, md->m)) return FC_TOO_SHORT;
    double *own = NULL;
    if (h > 0 && !fc) fc = own = tk_xalloc((size_t)h * sizeof(double));
    if (!md->seasonal_adj) {
        run_core(md, y, n, fitted, fc, h);
        tk_free(own);
        return FC_OK;
    }
    int m = md->m;
    bool additive = md->additive_adj || !all_positive(y, n);
    double idx[FC_MAX_M], *adj = adjust(y, n, m, additive, idx);
    if (!adj) {
        run_core(md, y, n, fitted, fc, h);
        tk_free(own);
        return FC_OK;
    }
    run_core(md, adj, n, fitted, fc, h);
    tk_free(adj);
    if (fitted)
        for (int t = 0; t < n; t++) fitted[t] = additive ? fitted[t] + idx[t % m] : fitted[t] * idx[t % m];
    for (int k = 0; k < h; k++) fc[k] = additive ? fc[k] + idx[(n + k) % m] : fc[k] * idx[(n + k) % m];
    tk_free(own);
    return FC_OK;
}
