/* fc_select.c: the automatic choice of a method for a series, its
 * prediction intervals, and the safety stock they suggest
 * (docs/forecast.md, "Choosing a method").
 *
 * A series is intermittent when its mean interval between demands is 1.32
 * periods or more (Syntetos, Boylan and Croston 2005); seasonal when it has
 * three seasons or more and passes the 90% autocorrelation test at lag m.
 * Each candidate method is fitted on the series less its last L periods,
 * then forecasts from every origin in those L periods, with the parameters
 * fixed, as far as the data go (rolling origin, Tashman 2000). The method
 * with the smallest mean absolute error over all those forecasts is chosen
 * and fitted again on the whole series. */
#include <math.h>
#include <string.h>

#include "compiler/base.h"
#include "forecast.h"

static bool all_nonnegative(const double *y, int n)
{
    for (int t = 0; t < n; t++)
        if (y[t] < 0) return false;
    return true;
}

static bool all_positive(const double *y, int n)
{
    for (int t = 0; t < n; t++)
        if (!(y[t] > 0)) return false;
    return true;
}

typedef struct Errs {
    double abs, sq, smape;
    long count;
} Errs;

static int candidates(bool intermittent, bool seasonal, bool positive, FcMethod *c)
{
    int k = 0;
    if (intermittent) {
        static const FcMethod l[] = {FC_SBA, FC_CROSTON, FC_TSB, FC_SES, FC_MOVING_AVG, FC_NAIVE};
        for (size_t i = 0; i < TK_COUNTOF(l); i++) c[k++] = l[i];
        return k;
    }
    static const FcMethod l[] = {FC_COMB, FC_THETA, FC_DAMPED, FC_SES, FC_HOLT, FC_NAIVE};
    for (size_t i = 0; i < TK_COUNTOF(l); i++) c[k++] = l[i];
    if (seasonal) {
        c[k++] = FC_HW_ADD;
        if (positive) c[k++] = FC_HW_MUL;
        c[k++] = FC_SNAIVE;
    }
    return k;
}

void fc_auto_free(FcAutoResult *r)
{
    tk_free(r->fc);
    tk_free(r->lo);
    tk_free(r->hi);
    tk_free(r->sigma);
    r->fc = r->lo = r->hi = r->sigma = NULL;
}

/* The mean of the parts' forecasts (and fitted values) over y[0..n). */
static FcStatus run_mean(const FcModel *parts, int np, const double *y, int n, double *fitted, double *fc, int h,
                         double *tmpf, double *tmpc)
{
    for (int i = 0; i < np; i++) {
        if (fc_run(&parts[i], y, n, fitted ? tmpf : NULL, tmpc, h) != FC_OK) return FC_TOO_SHORT;
        for (int k = 0; k < h; k++) fc[k] = i ? fc[k] + tmpc[k] : tmpc[k];
        if (fitted)
            for (int t = 0; t < n; t++) fitted[t] = i ? fitted[t] + tmpf[t] : tmpf[t];
    }
    for (int k = 0; k < h; k++) fc[k] /= np;
    if (fitted)
        for (int t = 0; t < n; t++) fitted[t] /= np;
    return FC_OK;
}

/* Rolling-origin errors of the mean of the parts from origins [o1, o2),
 * up to h steps ahead (fewer where the data end). */
static void rolling(const FcModel *parts, int np, const double *y, int o1, int o2, int n, int h, double *buf,
                    double *tmp, Errs *e)
{
    memset(e, 0, sizeof *e);
    for (int o = o1; o < o2; o++) {
        int kk = n - o < h ? n - o : h;
        if (run_mean(parts, np, y, o, NULL, buf, kk, NULL, tmp) != FC_OK) continue;
        for (int k = 0; k < kk; k++) {
            double a = y[o + k], f = buf[k], den = fabs(a) + fabs(f);
            e->abs += fabs(a - f);
            e->sq += (a - f) * (a - f);
            if (den > 0) e->smape += 200 * fabs(a - f) / den;
            e->count++;
        }
    }
}

static bool adjusts(bool seasonal, FcMethod m)
{
    return seasonal && !fc_method_is_seasonal(m) && !fc_method_is_intermittent(m);
}

FcStatus fc_auto(const double *y, int n, const FcAutoOptions *opt, FcAutoResult *out)
{
    memset(out, 0, sizeof *out);
    int h = opt->h < 1 ? 1 : opt->h, m = opt->m < 1 ? 1 : opt->m;
    int combine = opt->combine < 1 ? 1 : opt->combine > FC_MAX_COMBINE ? FC_MAX_COMBINE : opt->combine;
    out->fc = tk_xalloc((size_t)h * sizeof(double));
    out->lo = tk_xalloc((size_t)h * sizeof(double));
    out->hi = tk_xalloc((size_t)h * sizeof(double));
    out->sigma = tk_xalloc((size_t)h * sizeof(double));
    out->mase_holdout = out->smape_holdout = out->mase_in = NAN;
    int nz = 0;
    for (int t = 0; t < n; t++) nz += y[t] != 0;
    if (nz == 0) {
        /* nothing was ever sold: nothing is forecast */
        out->nparts = 1;
        out->parts[0].method = FC_NAIVE;
        out->parts[0].m = m;
        out->parts[0].phi = 1;
        memset(out->fc, 0, (size_t)h * sizeof(double));
        memset(out->lo, 0, (size_t)h * sizeof(double));
        memset(out->hi, 0, (size_t)h * sizeof(double));
        memset(out->sigma, 0, (size_t)h * sizeof(double));
        return FC_NO_DEMAND;
    }
    bool nonneg = all_nonnegative(y, n), positive = all_positive(y, n);
    out->intermittent = (double)n / nz >= 1.32 && n >= 2;
    bool seasonal_ok = m > 1 && n >= 3 * m;
    out->short_for_seasons = m > 1 && !seasonal_ok && !out->intermittent;
    bool seasonal = !out->intermittent && seasonal_ok && fc_seasonality_test(y, n, m);
    /* intermittent demand: the one best method (a mean of several did worse
     * on the car parts series, docs/forecast.md) */
    if (out->intermittent) combine = 1;

    FcMethod cand[16];
    int nc;
    if (opt->force != FC__COUNT) {
        /* a seasonal method needs two seasons, multiplicative seasons
         * positive data, an intermittent one some demand: otherwise the
         * choice is made as without a forced method, and said */
        FcModel probe;
        if (fc_fit(opt->force, y, n, m, false, &probe) == FC_OK) {
            cand[0] = opt->force;
            nc = 1;
            combine = 1;
        } else {
            out->forced_fallback = true;
            nc = candidates(out->intermittent, seasonal, positive, cand);
        }
    } else nc = candidates(out->intermittent, seasonal, positive, cand);
    out->ncandidates = nc;

    /* the holdout: at most h periods, a quarter of the series, two seasons */
    int L = n / 4 < h ? n / 4 : h;
    if (m > 1 && L > 2 * m) L = 2 * m;
    if (L > 0 && n - L < 3) L = 0;
    double *buf = tk_xalloc((size_t)h * sizeof(double)), *tmpc = tk_xalloc((size_t)h * sizeof(double));
    FcModel trunc[16];
    double mae[16];
    int ord[16], nok = 0;
    if (L > 0) {
        for (int i = 0; i < nc; i++) {
            if (fc_fit(cand[i], y, n - L, m, adjusts(seasonal, cand[i]), &trunc[i]) != FC_OK) continue;
            Errs e;
            rolling(&trunc[i], 1, y, n - L, n, n, h, buf, tmpc, &e);
            if (!e.count) continue;
            /* intermittent demand is ranked by squared errors: absolute
             * errors reward forecasting no demand at all */
            mae[i] = (out->intermittent ? e.sq : e.abs) / (double)e.count;
            /* in order of error, ties in the order of the candidates */
            int j = nok++;
            while (j > 0 && mae[ord[j - 1]] > mae[i]) ord[j] = ord[j - 1], j--;
            ord[j] = i;
        }
    }
    int np = 0;
    if (nok) {
        for (int j = 0; j < nok && np < combine; j++)
            if (fc_fit(cand[ord[j]], y, n, m, adjusts(seasonal, cand[ord[j]]), &out->parts[np]) == FC_OK) np++;
    }
    if (!np) {
        /* too short to compare: the forced method, else SES, else naive */
        FcMethod pick = nc == 1 ? cand[0] : FC_SES;
        if (fc_fit(pick, y, n, m, adjusts(seasonal, pick), &out->parts[0]) != FC_OK)
            fc_fit(FC_NAIVE, y, n, m, false, &out->parts[0]);
        np = 1;
        nok = 0;
    }
    out->nparts = np;

    /* the holdout error of what was chosen, from the same origins */
    if (nok) {
        FcModel tp[FC_MAX_COMBINE];
        int ntp = 0;
        for (int j = 0; j < nok && ntp < np; j++) tp[ntp++] = trunc[ord[j]];
        Errs e;
        rolling(tp, ntp, y, n - L, n, n, h, buf, tmpc, &e);
        double scale = fc_mase_scale(y, n - L, m);
        if (!(scale > 0)) scale = fc_mase_scale(y, n - L, 1);
        if (e.count) {
            out->holdout = L;
            out->smape_holdout = e.smape / (double)e.count;
            out->mase_holdout = scale > 0 ? e.abs / (double)e.count / scale : NAN;
        }
    }

    /* forecasts and in-sample errors */
    double *fit = tk_xalloc((size_t)n * sizeof(double)), *tmpf = tk_xalloc((size_t)n * sizeof(double));
    run_mean(out->parts, np, y, n, fit, out->fc, h, tmpf, tmpc);
    tk_free(tmpf);
    double sse = 0, sae = 0;
    int ne = 0;
    for (int t = 0; t < n; t++)
        if (fit[t] == fit[t]) sse += (y[t] - fit[t]) * (y[t] - fit[t]), sae += fabs(y[t] - fit[t]), ne++;
    tk_free(fit);
    out->rmse1 = ne ? sqrt(sse / ne) : 0;
    out->mae_in = ne ? sae / ne : 0;
    double scale = fc_mase_scale(y, n, m);
    if (!(scale > 0)) scale = fc_mase_scale(y, n, 1);
    out->mase_in = scale > 0 ? out->mae_in / scale : NAN;

    /* the spread of the error at each horizon: the in-sample errors k steps
     * ahead from the last 60 origins; where fewer than 6 are known, the
     * one-step error grown as a random walk's */
    int minlen = 0;
    for (int i = 0; i < np; i++) {
        int ml = fc_min_length(out->parts[i].method, m);
        if (ml > minlen) minlen = ml;
    }
    int o1 = n - 60 > minlen ? n - 60 : minlen;
    double *s2 = tk_xalloc((size_t)h * sizeof(double));
    long *cnt = tk_xalloc((size_t)h * sizeof(long));
    memset(s2, 0, (size_t)h * sizeof(double));
    memset(cnt, 0, (size_t)h * sizeof(long));
    for (int o = o1; o < n; o++) {
        int kk = n - o < h ? n - o : h;
        if (run_mean(out->parts, np, y, o, NULL, buf, kk, NULL, tmpc) != FC_OK) continue;
        for (int k = 0; k < kk; k++) {
            double e = y[o + k] - buf[k];
            s2[k] += e * e;
            cnt[k]++;
        }
    }
    for (int k = 0; k < h; k++) {
        double s = cnt[k] >= 6 ? sqrt(s2[k] / (double)cnt[k]) : out->rmse1 * sqrt(k + 1.0);
        if (k == 0 && out->rmse1 > s) s = out->rmse1;
        if (k > 0 && s < out->sigma[k - 1]) s = out->sigma[k - 1];
        out->sigma[k] = s;
    }
    tk_free(s2);
    tk_free(cnt);
    tk_free(buf);
    tk_free(tmpc);
    double level = opt->level > 0 && opt->level < 1 ? opt->level : 0.95;
    double z = fc_normal_quantile(0.5 + level / 2);
    for (int k = 0; k < h; k++) {
        if (nonneg && out->fc[k] < 0) out->fc[k] = 0; /* demand is not negative */
        out->lo[k] = out->fc[k] - z * out->sigma[k];
        out->hi[k] = out->fc[k] + z * out->sigma[k];
        if (nonneg && out->lo[k] < 0) out->lo[k] = 0;
    }
    return FC_OK;
}

/* Acklam's rational approximation, refined by one step of Halley's method
 * with erfc: good to about 1e-15. */
double fc_normal_quantile(double p)
{
    if (!(p > 0)) return -INFINITY;
    if (!(p < 1)) return INFINITY;
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                               1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                               6.680131188771972e+01, -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                               -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                               3.754408661907416e+00};
    double x, q, r;
    if (p < 0.02425) {
        q = sqrt(-2 * log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else if (p > 1 - 0.02425) {
        q = sqrt(-2 * log(1 - p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else {
        q = p - 0.5;
        r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
    double e = 0.5 * erfc(-x / sqrt(2)) - p;
    double u = e * 2.5066282746310002 * exp(x * x / 2);
    return x - u / (1 + x * u / 2);
}

double fc_safety_stock(double rmse1, double lead_periods, double service)
{
    if (!(lead_periods > 0) || !(rmse1 > 0) || !(service > 0.5)) return 0;
    if (service >= 1) return INFINITY;
    return fc_normal_quantile(service) * rmse1 * sqrt(lead_periods);
}
