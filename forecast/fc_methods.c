/* fc_methods.c: the forecasting methods themselves, each a recursion over
 * the series with its parameters and initial states given (docs/forecast.md
 * has the formulas). Fitting the parameters is fc_fit.c's job; these only
 * compute, so that each can be checked against values worked out by hand. */
#include <math.h>
#include <string.h>

#include "compiler/base.h"
#include "forecast.h"

static void put(double *a, int i, double v)
{
    if (a) a[i] = v;
}

void fc_naive(const double *y, int n, double *fitted, double *fc, int h)
{
    for (int t = 0; t < n; t++) put(fitted, t, t ? y[t - 1] : NAN);
    for (int k = 0; k < h; k++) put(fc, k, n ? y[n - 1] : 0);
}

void fc_snaive(const double *y, int n, int m, double *fitted, double *fc, int h)
{
    if (m < 1) m = 1;
    for (int t = 0; t < n; t++) put(fitted, t, t >= m ? y[t - m] : NAN);
    for (int k = 0; k < h; k++) {
        /* the same position one season (or more) before the end */
        int t = n - m + k % m;
        put(fc, k, t >= 0 && t < n ? y[t] : n ? y[n - 1] : 0);
    }
}

void fc_moving_avg(const double *y, int n, int k, double *fitted, double *fc, int h)
{
    if (k < 1) k = 1;
    double sum = 0;
    for (int t = 0; t < n; t++) {
        put(fitted, t, t >= k ? sum / k : NAN);
        sum += y[t];
        if (t >= k) sum -= y[t - k];
    }
    int w = n < k ? n : k;
    double last = 0;
    for (int t = n - w; t < n; t++) last += y[t];
    last = w ? last / w : 0;
    for (int i = 0; i < h; i++) put(fc, i, last);
}

void fc_ses(const double *y, int n, double alpha, double l0, double *fitted, double *fc, int h)
{
    double l = l0;
    for (int t = 0; t < n; t++) {
        put(fitted, t, l);
        l += alpha * (y[t] - l);
    }
    for (int k = 0; k < h; k++) put(fc, k, l);
}

void fc_holt(const double *y, int n, double alpha, double beta, double phi, double l0, double b0, double *fitted,
             double *fc, int h)
{
    double l = l0, b = b0;
    for (int t = 0; t < n; t++) {
        double f = l + phi * b;
        put(fitted, t, f);
        double ln = alpha * y[t] + (1 - alpha) * f;
        b = beta * (ln - l) + (1 - beta) * phi * b;
        l = ln;
    }
    double damp = 0, p = 1;
    for (int k = 0; k < h; k++) {
        p *= phi;
        damp += p; /* phi + phi^2 + ... + phi^(k+1) */
        put(fc, k, l + damp * b);
    }
}

void fc_hw(const double *y, int n, int m, bool multiplicative, double alpha, double beta, double gamma, double phi,
           double l0, double b0, const double *s0, double *fitted, double *fc, int h)
{
    double s[FC_MAX_M];
    if (m < 1) m = 1;
    if (m > FC_MAX_M) m = FC_MAX_M;
    memcpy(s, s0, (size_t)m * sizeof(double));
    double l = l0, b = b0;
    for (int t = 0; t < n; t++) {
        int j = t % m; /* s[j] is the state of period t - m */
        double base = l + phi * b, ln;
        if (multiplicative) {
            put(fitted, t, base * s[j]);
            ln = s[j] != 0 ? alpha * y[t] / s[j] + (1 - alpha) * base : base;
            b = beta * (ln - l) + (1 - beta) * phi * b;
            if (ln > 0) s[j] = gamma * y[t] / ln + (1 - gamma) * s[j];
        } else {
            put(fitted, t, base + s[j]);
            ln = alpha * (y[t] - s[j]) + (1 - alpha) * base;
            b = beta * (ln - l) + (1 - beta) * phi * b;
            s[j] = gamma * (y[t] - ln) + (1 - gamma) * s[j];
        }
        l = ln;
    }
    double damp = 0, p = 1;
    for (int k = 0; k < h; k++) {
        p *= phi;
        damp += p;
        double base = l + damp * b, sj = s[(n + k) % m];
        put(fc, k, multiplicative ? base * sj : base + sj);
    }
}

/* The least-squares line a + b t over t = 1..n. */
static void fit_line(const double *y, int n, double *a, double *b)
{
    double tm = (n + 1) / 2.0, ym = 0;
    for (int t = 0; t < n; t++) ym += y[t];
    ym = n ? ym / n : 0;
    double sxy = 0, sxx = 0;
    for (int t = 0; t < n; t++) {
        double dx = (t + 1) - tm;
        sxy += dx * (y[t] - ym);
        sxx += dx * dx;
    }
    *b = sxx > 0 ? sxy / sxx : 0;
    *a = ym - *b * tm;
}

void fc_theta(const double *y, int n, double alpha, double l0, double *fitted, double *fc, int h)
{
    double a, b;
    fit_line(y, n, &a, &b);
    double l = l0;
    for (int t = 0; t < n; t++) {
        double line = a + b * (t + 1), z = 2 * y[t] - line;
        put(fitted, t, 0.5 * line + 0.5 * l);
        l += alpha * (z - l);
    }
    for (int k = 0; k < h; k++) put(fc, k, 0.5 * (a + b * (n + k + 1)) + 0.5 * l);
}

void fc_croston(const double *y, int n, bool sba, double alpha, double z0, double p0, double *fitted, double *fc,
                int h)
{
    double z = z0, p = p0 > 0 ? p0 : 1, f = sba ? 1 - alpha / 2 : 1;
    int q = 1; /* periods since the last demand, this one included */
    for (int t = 0; t < n; t++) {
        put(fitted, t, f * z / p);
        if (y[t] != 0) {
            z += alpha * (y[t] - z);
            p += alpha * (q - p);
            q = 1;
        } else q++;
    }
    for (int k = 0; k < h; k++) put(fc, k, f * z / p);
}

void fc_tsb(const double *y, int n, double alpha, double beta, double z0, double p0, double *fitted, double *fc,
            int h)
{
    double z = z0, p = p0;
    for (int t = 0; t < n; t++) {
        put(fitted, t, p * z);
        if (y[t] != 0) {
            z += alpha * (y[t] - z);
            p += beta * (1 - p);
        } else p -= beta * p;
    }
    for (int k = 0; k < h; k++) put(fc, k, p * z);
}

/* ---- seasons ---------------------------------------------------------------- */
bool fc_seasonality_test(const double *y, int n, int m)
{
    if (m < 2 || n < 2 * m) return false;
    double mean = 0;
    for (int t = 0; t < n; t++) mean += y[t];
    mean /= n;
    double den = 0;
    for (int t = 0; t < n; t++) den += (y[t] - mean) * (y[t] - mean);
    if (!(den > 0)) return false;
    double sum2 = 0, rm = 0;
    for (int k = 1; k <= m; k++) {
        double num = 0;
        for (int t = k; t < n; t++) num += (y[t] - mean) * (y[t - k] - mean);
        double r = num / den;
        if (k < m) sum2 += r * r;
        else rm = r;
    }
    return fabs(rm) > 1.645 * sqrt((1 + 2 * sum2) / n);
}

bool fc_seasonal_indices(const double *y, int n, int m, bool additive, double *idx)
{
    if (m < 2 || m > FC_MAX_M || n < 2 * m) return false;
    double sum[FC_MAX_M] = {0};
    int cnt[FC_MAX_M] = {0};
    /* prefix sums: P[i] = y[0] + ... + y[i-1] */
    double *P = tk_xalloc(((size_t)n + 1) * sizeof(double));
    P[0] = 0;
    for (int t = 0; t < n; t++) P[t + 1] = P[t] + y[t];
    /* the centred moving average at t: of order m (odd m), or 2 x m (even
     * m: the two ends at half weight) */
    int half = m / 2;
    for (int t = half; t + half < n; t++) {
        double trend = m % 2 ? (P[t + half + 1] - P[t - half]) / m
                             : (P[t + half] - P[t - half] + P[t + half + 1] - P[t - half + 1]) / (2.0 * m);
        if (!additive && !(trend > 0)) continue;
        sum[t % m] += additive ? y[t] - trend : y[t] / trend;
        cnt[t % m]++;
    }
    tk_free(P);
    double tot = 0;
    for (int j = 0; j < m; j++) {
        if (!cnt[j]) return false;
        idx[j] = sum[j] / cnt[j];
        tot += idx[j];
    }
    tot /= m;
    for (int j = 0; j < m; j++) {
        if (additive) idx[j] -= tot;
        else {
            if (!(tot > 0)) return false;
            idx[j] /= tot;
            if (!(idx[j] > 0)) return false;
        }
    }
    return true;
}

/* ---- accuracy ------------------------------------------------------------------ */
double fc_smape(const double *actual, const double *fc, int h)
{
    if (h <= 0) return NAN;
    double s = 0;
    for (int k = 0; k < h; k++) {
        double den = fabs(actual[k]) + fabs(fc[k]);
        if (den > 0) s += 200 * fabs(fc[k] - actual[k]) / den;
    }
    return s / h;
}

double fc_mase_scale(const double *y, int n, int m)
{
    if (m < 1) m = 1;
    if (n <= m) return 0;
    double s = 0;
    for (int t = m; t < n; t++) s += fabs(y[t] - y[t - m]);
    return s / (n - m);
}
