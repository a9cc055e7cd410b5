/* test_forecast.c: the forecasting methods against values worked out by
 * hand from their published recursions (the arithmetic is in the comments),
 * the fitting against a grid of parameters, and the automatic choice. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "forecast/forecast.h"
#include "forecast/history.h"
#include "test.h"

#define TWO_PI 6.283185307179586
#define EQ(a, b) CU_ASSERT_DOUBLE_EQUAL((a), (b), 1e-9)
#define NAN_AT(a) CU_ASSERT((a) != (a))

static void naive_and_seasonal_naive(void)
{
    const double y[] = {3, 5, 4};
    double f[3], fc[2];
    fc_naive(y, 3, f, fc, 2);
    NAN_AT(f[0]);
    EQ(f[1], 3); EQ(f[2], 5); EQ(fc[0], 4); EQ(fc[1], 4);

    /* m = 2: y[t - 2]; the forecast of t = 5, 6, 7 is y[3], y[4], y[3] */
    const double s[] = {1, 2, 3, 4, 5};
    double g[5], sc[3];
    fc_snaive(s, 5, 2, g, sc, 3);
    NAN_AT(g[0]); NAN_AT(g[1]);
    EQ(g[2], 1); EQ(g[3], 2); EQ(g[4], 3);
    EQ(sc[0], 4); EQ(sc[1], 5); EQ(sc[2], 4);
}

static void moving_average(void)
{
    const double y[] = {2, 4, 6, 8};
    double f[4], fc[1];
    fc_moving_avg(y, 4, 2, f, fc, 1);
    NAN_AT(f[0]); NAN_AT(f[1]);
    EQ(f[2], 3); EQ(f[3], 5); EQ(fc[0], 7);
}

static void simple_exponential_smoothing(void)
{
    /* alpha 0.5 from 10: 10, 11 (10 + 0.5 * 2), 9.5 (11 - 0.5 * 3), then 9.75 */
    const double y[] = {12, 8, 10};
    double f[3], fc[2];
    fc_ses(y, 3, 0.5, 10, f, fc, 2);
    EQ(f[0], 10); EQ(f[1], 11); EQ(f[2], 9.5); EQ(fc[0], 9.75); EQ(fc[1], 9.75);
}

static void holt_linear_and_damped(void)
{
    /* alpha = beta = 0.5, l0 10, b0 1:
     * t0: f 11, l 0.5*12 + 0.5*11 = 11.5, b 0.5*1.5 + 0.5*1 = 1.25
     * t1: f 12.75, l 6.5 + 6.375 = 12.875, b 0.5*1.375 + 0.625 = 1.3125 */
    const double y[] = {12, 13};
    double f[2], fc[2];
    fc_holt(y, 2, 0.5, 0.5, 1, 10, 1, f, fc, 2);
    EQ(f[0], 11); EQ(f[1], 12.75); EQ(fc[0], 14.1875); EQ(fc[1], 15.5);
    /* phi 0.5: t0: f 10.5, l 11.25, b 0.625 + 0.25 = 0.875
     * t1: f 11.6875, l 6.5 + 5.84375 = 12.34375, b 0.546875 + 0.21875 = 0.765625
     * forecasts: l + 0.5 b, l + 0.75 b */
    fc_holt(y, 2, 0.5, 0.5, 0.5, 10, 1, f, fc, 2);
    EQ(f[0], 10.5); EQ(f[1], 11.6875); EQ(fc[0], 12.7265625); EQ(fc[1], 12.91796875);
}

static void holt_winters(void)
{
    /* additive, m 2, alpha = beta = gamma = 0.5, l0 10, b0 0, s0 (-1, 1):
     * t0: f 9, l 0.5*(9+1) + 5 = 10, b 0, s[0] 0.5*(9-10) - 0.5 = -1
     * t1: f 11, l 0.5*(12-1) + 5 = 10.5, b 0.25, s[1] 0.5*1.5 + 0.5 = 1.25
     * forecasts: 10.75 - 1, 11 + 1.25 */
    const double s0[] = {-1, 1}, y[] = {9, 12};
    double f[2], fc[2];
    fc_hw(y, 2, 2, false, 0.5, 0.5, 0.5, 1, 10, 0, s0, f, fc, 2);
    EQ(f[0], 9); EQ(f[1], 11); EQ(fc[0], 9.75); EQ(fc[1], 12.25);
    /* multiplicative, s0 (0.8, 1.2), y (8, 13):
     * t0: f 8, l 0.5*8/0.8 + 5 = 10, b 0, s[0] 0.5*0.8 + 0.4 = 0.8
     * t1: f 12, l 0.5*13/1.2 + 5 = 10.41666.., b 0.208333.., s[1] 0.5*13/10.41666.. + 0.6 = 1.224
     * forecasts: 10.625 * 0.8 = 8.5, 10.8333.. * 1.224 = 13.26 */
    const double m0[] = {0.8, 1.2}, z[] = {8, 13};
    fc_hw(z, 2, 2, true, 0.5, 0.5, 0.5, 1, 10, 0, m0, f, fc, 2);
    EQ(f[0], 8); EQ(f[1], 12); EQ(fc[0], 8.5); EQ(fc[1], 13.26);
}

static void theta_method(void)
{
    /* y (2, 1, 4, 3): the line 1 + 0.6 t (1.6, 2.2, 2.8, 3.4); 2y - line
     * (2.4, -0.2, 5.2, 2.6); SES alpha 0.5 from 2: 2, 2.2, 1.0, 3.1, then
     * 2.85. Fitted: half of each: 1.8, 2.2, 1.9, 3.25; forecasts
     * 0.5 * (1 + 0.6 * 5) + 1.425 = 3.425 and 2.3 + 1.425 = 3.725 */
    const double y[] = {2, 1, 4, 3};
    double f[4], fc[2];
    fc_theta(y, 4, 0.5, 2, f, fc, 2);
    EQ(f[0], 1.8); EQ(f[1], 2.2); EQ(f[2], 1.9); EQ(f[3], 3.25);
    EQ(fc[0], 3.425); EQ(fc[1], 3.725);
}

static void croston_sba_tsb(void)
{
    /* alpha 0.5 from size 4, interval 2: sizes update at t1 (6: 5) and t4
     * (2: 3.5), intervals at t1 (2: 2) and t4 (3: 2.5); forecast 3.5/2.5 */
    const double y[] = {0, 6, 0, 0, 2};
    double f[5], fc[1];
    fc_croston(y, 5, false, 0.5, 4, 2, f, fc, 1);
    EQ(f[0], 2); EQ(f[1], 2); EQ(f[2], 2.5); EQ(f[3], 2.5); EQ(f[4], 2.5); EQ(fc[0], 1.4);
    /* SBA: the same times 1 - alpha/2 */
    fc_croston(y, 5, true, 0.5, 4, 2, f, fc, 1);
    EQ(f[0], 1.5); EQ(f[2], 1.875); EQ(fc[0], 1.05);
    /* TSB alpha = beta = 0.5 from size 4, probability 0.5:
     * t0: 2, p 0.25; t1: 1, z 5, p 0.625; t2: 3.125, p 0.3125; forecast 1.5625 */
    fc_tsb(y, 3, 0.5, 0.5, 4, 0.5, f, fc, 1);
    EQ(f[0], 2); EQ(f[1], 1); EQ(f[2], 3.125); EQ(fc[0], 1.5625);
}

static void seasons(void)
{
    /* an exact pattern on a constant level: its indices come back */
    const double pat[4] = {0.5, 1, 1.5, 1};
    double y[16], idx[4];
    for (int t = 0; t < 16; t++) y[t] = 100 * pat[t % 4];
    CU_ASSERT_TRUE(fc_seasonal_indices(y, 16, 4, false, idx));
    for (int j = 0; j < 4; j++) CU_ASSERT_DOUBLE_EQUAL(idx[j], pat[j], 1e-12);
    CU_ASSERT_TRUE(fc_seasonal_indices(y, 16, 4, true, idx));
    for (int j = 0; j < 4; j++) CU_ASSERT_DOUBLE_EQUAL(idx[j], 100 * pat[j] - 100, 1e-12);
    CU_ASSERT_FALSE(fc_seasonal_indices(y, 7, 4, false, idx)); /* fewer than two seasons */
    CU_ASSERT_TRUE(fc_seasonality_test(y, 16, 4));
    /* a straight line is not seasonal */
    for (int t = 0; t < 16; t++) y[t] = 10 + t;
    CU_ASSERT_FALSE(fc_seasonality_test(y, 16, 4));
    /* r_m of (1, 2, 1, 2, ...) at m = 3 is negative and small against its
     * lags 1 and 2: not seasonal at 3 */
    for (int t = 0; t < 12; t++) y[t] = 1 + t % 2;
    CU_ASSERT_FALSE(fc_seasonality_test(y, 12, 3));
}

static void accuracy_measures(void)
{
    const double a[] = {100, 200, 0}, f[] = {110, 180, 0};
    /* (200*10/210 + 200*20/380 + 0) / 3 */
    EQ(fc_smape(a, f, 3), (2000.0 / 210 + 4000.0 / 380) / 3);
    const double y[] = {1, 3, 2, 5};
    EQ(fc_mase_scale(y, 4, 1), 2.0);      /* (2 + 1 + 3) / 3 */
    EQ(fc_mase_scale(y, 4, 2), 1.5);      /* (1 + 2) / 2 */
    EQ(fc_mase_scale(y, 2, 2), 0.0);
}

static void normal_quantile_and_safety_stock(void)
{
    CU_ASSERT_DOUBLE_EQUAL(fc_normal_quantile(0.975), 1.959963984540054, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(fc_normal_quantile(0.95), 1.6448536269514722, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(fc_normal_quantile(0.5), 0, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(fc_normal_quantile(0.01), -2.3263478740408408, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(fc_normal_quantile(1e-10), -6.361340902404056, 1e-9);
    /* 1.6449 * 10 * sqrt(4) */
    CU_ASSERT_DOUBLE_EQUAL(fc_safety_stock(10, 4, 0.95), 2 * 16.448536269514722, 1e-9);
    EQ(fc_safety_stock(10, 0, 0.95), 0);
    EQ(fc_safety_stock(10, 4, 0.4), 0);
}

/* A deterministic noise in [-1, 1). */
static double noise(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return ((*s >> 8) & 0xFFFF) / 32768.0 - 1;
}

static double sse_of(const double *y, const double *f, int n)
{
    double s = 0;
    for (int t = 0; t < n; t++)
        if (f[t] == f[t]) s += (y[t] - f[t]) * (y[t] - f[t]);
    return s;
}

/* A fitted model is no worse than any point of a grid of its parameters
 * (the same initial-state rule applied to each). */
static void fits_beat_a_grid(void)
{
    unsigned seed = 7;
    double y[60], f[60];
    for (int t = 0; t < 60; t++) y[t] = 50 + 0.8 * t + 6 * sin(t * 0.7) + 4 * noise(&seed);
    FcModel md;
    CU_ASSERT_EQUAL(fc_fit(FC_SES, y, 60, 1, false, &md), FC_OK);
    double best = md.sse;
    for (double a = 0.05; a < 1; a += 0.05) {
        FcModel g = md;
        g.alpha = a;
        fc_run(&g, y, 60, f, NULL, 0);
        CU_ASSERT(best <= sse_of(y, f, 60) * (1 + 1e-9));
    }
    CU_ASSERT_EQUAL(fc_fit(FC_DAMPED, y, 60, 1, false, &md), FC_OK);
    best = md.sse;
    CU_ASSERT(md.phi >= 0.8 && md.phi <= 0.98);
    for (double a = 0.1; a < 1; a += 0.2)
        for (double b = 0.05; b < 1; b += 0.2)
            for (double p = 0.8; p <= 0.98; p += 0.06) {
                FcModel g = md;
                g.alpha = a, g.beta = b, g.phi = p;
                fc_run(&g, y, 60, f, NULL, 0);
                CU_ASSERT(best <= sse_of(y, f, 60) * (1 + 1e-6));
            }
    /* seasonal: Holt-Winters on 4 seasons of a pattern with trend */
    double z[48];
    for (int t = 0; t < 48; t++) z[t] = (100 + t) * (1 + 0.3 * sin(t * TWO_PI / 12)) + 2 * noise(&seed);
    CU_ASSERT_EQUAL(fc_fit(FC_HW_MUL, z, 48, 12, false, &md), FC_OK);
    best = md.sse;
    for (double a = 0.1; a < 1; a += 0.2)
        for (double b = 0.05; b < 1; b += 0.3)
            for (double g = 0.05; g < 1; g += 0.3) {
                FcModel q = md;
                q.alpha = a, q.beta = b, q.gamma = g, q.phi = 1;
                fc_run(&q, z, 48, f, NULL, 0);
                CU_ASSERT(best <= sse_of(z, f, 48) * (1 + 1e-6));
            }
}

/* Holt's profiled initial states find a straight line exactly. */
static void holt_finds_a_line(void)
{
    double y[20], fc[3];
    for (int t = 0; t < 20; t++) y[t] = 3 + 2 * t;
    FcModel md;
    CU_ASSERT_EQUAL(fc_fit(FC_HOLT, y, 20, 1, false, &md), FC_OK);
    CU_ASSERT(md.sse < 1e-12);
    fc_run(&md, y, 20, NULL, fc, 3);
    for (int k = 0; k < 3; k++) CU_ASSERT_DOUBLE_EQUAL(fc[k], 3 + 2 * (20 + k), 1e-6);
}

static void fit_refuses_what_it_cannot(void)
{
    const double y[] = {1, 0, 2, 3, 1, 2};
    FcModel md;
    CU_ASSERT_EQUAL(fc_fit(FC_HW_ADD, y, 6, 12, false, &md), FC_TOO_SHORT);
    double p[30];
    for (int t = 0; t < 30; t++) p[t] = t % 3;
    CU_ASSERT_EQUAL(fc_fit(FC_HW_MUL, p, 30, 3, false, &md), FC_NOT_POSITIVE);
    const double zero[] = {0, 0, 0, 0};
    CU_ASSERT_EQUAL(fc_fit(FC_CROSTON, zero, 4, 1, false, &md), FC_NO_DEMAND);
    CU_ASSERT_EQUAL(fc_method_parse("hw_mul"), FC_HW_MUL);
    CU_ASSERT_EQUAL(fc_method_parse("arima"), FC__COUNT);
}

static void auto_seasonal_series(void)
{
    unsigned seed = 3;
    double y[72];
    for (int t = 0; t < 72; t++) y[t] = (200 + 2 * t) * (1 + 0.4 * cos(t * TWO_PI / 12)) + 5 * noise(&seed);
    FcAutoOptions o = {12, 12, FC__COUNT, 3, 0.9};
    FcAutoResult r, r2;
    CU_ASSERT_EQUAL(fc_auto(y, 60, &o, &r), FC_OK);
    CU_ASSERT_FALSE(r.intermittent);
    CU_ASSERT_EQUAL(r.nparts, 3);
    for (int i = 0; i < r.nparts; i++)
        CU_ASSERT(r.parts[i].seasonal_adj || fc_method_is_seasonal(r.parts[i].method));
    /* the forecasts of the last 12 observations are close, and inside the
     * intervals, which widen with the horizon */
    CU_ASSERT(fc_smape(y + 60, r.fc, 12) < 5);
    for (int k = 0; k < 12; k++) {
        CU_ASSERT(r.lo[k] <= r.fc[k] && r.fc[k] <= r.hi[k]);
        if (k) CU_ASSERT(r.sigma[k] >= r.sigma[k - 1]);
    }
    CU_ASSERT(r.holdout > 0 && r.mase_holdout == r.mase_holdout);
    /* deterministic, bit for bit */
    fc_auto(y, 60, &o, &r2);
    CU_ASSERT_EQUAL(memcmp(r.fc, r2.fc, 12 * sizeof(double)), 0);
    CU_ASSERT_EQUAL(memcmp(r.hi, r2.hi, 12 * sizeof(double)), 0);
    fc_auto_free(&r);
    fc_auto_free(&r2);
}

static void auto_intermittent_and_edges(void)
{
    double y[40];
    for (int t = 0; t < 40; t++) y[t] = t % 5 == 2 ? 3 + t % 3 : 0;
    FcAutoOptions o = {12, 6, FC__COUNT, 3, 0.95};
    FcAutoResult r;
    CU_ASSERT_EQUAL(fc_auto(y, 40, &o, &r), FC_OK);
    CU_ASSERT_TRUE(r.intermittent);
    CU_ASSERT_EQUAL(r.nparts, 1);
    CU_ASSERT(r.fc[0] > 0.3 && r.fc[0] < 1.6); /* about 4 every 5 periods */
    CU_ASSERT(r.lo[0] >= 0);
    fc_auto_free(&r);
    /* nothing sold: nothing forecast */
    double zero[10] = {0};
    CU_ASSERT_EQUAL(fc_auto(zero, 10, &o, &r), FC_NO_DEMAND);
    CU_ASSERT_EQUAL(r.fc[5], 0);
    fc_auto_free(&r);
    /* a forced seasonal method on one season: the choice falls back */
    double s[14];
    for (int t = 0; t < 14; t++) s[t] = 10 + t % 4;
    o.force = FC_HW_ADD;
    CU_ASSERT_EQUAL(fc_auto(s, 14, &o, &r), FC_OK);
    CU_ASSERT_TRUE(r.forced_fallback);
    CU_ASSERT_TRUE(r.short_for_seasons);
    CU_ASSERT(r.parts[0].method != FC_HW_ADD);
    fc_auto_free(&r);
    /* one observation */
    const double one[] = {7};
    o.force = FC__COUNT;
    CU_ASSERT_EQUAL(fc_auto(one, 1, &o, &r), FC_OK);
    CU_ASSERT_EQUAL(r.fc[0], 7);
    fc_auto_free(&r);
}


static char *read_ok(const char *csv, HistBucket b, History *h)
{
    uint32_t line = 0;
    char *err = history_read(csv, strlen(csv), b, h, &line);
    if (err) fprintf(stderr, "\nline %u: %s\n", line, err);
    return err;
}

static void history_months_and_weeks(void)
{
    History h;
    /* dates summed into months; a gap is 0; every item runs to the file's
     * last month; items may interleave */
    const char *csv = "item,date,quantity\n"
                      "a,2025-01-03,2\nb,2025-02-01,7\na,2025-01-20,3\na,2025-03-31,4\n";
    char *err = read_ok(csv, HIST_AUTO, &h);
    CU_ASSERT_PTR_NULL_FATAL(err);
    CU_ASSERT_EQUAL(h.bucket, HIST_MONTH);
    CU_ASSERT_EQUAL(h.nseries, 2);
    CU_ASSERT_STRING_EQUAL(h.series[0].item, "a");
    CU_ASSERT_EQUAL(h.series[0].n, 3);
    EQ(h.series[0].v[0], 5); EQ(h.series[0].v[1], 0); EQ(h.series[0].v[2], 4);
    CU_ASSERT_EQUAL(h.series[1].n, 2); /* February and March */
    EQ(h.series[1].v[0], 7); EQ(h.series[1].v[1], 0);
    CU_ASSERT_EQUAL(h.series[1].line, 3);
    char lab[16];
    hist_period_label(HIST_MONTH, h.last, lab, sizeof lab);
    CU_ASSERT_STRING_EQUAL(lab, "2025-03");
    history_free(&h);
    /* ISO weeks, quoted, with a byte-order mark and CRLF: 2026-W01 starts
     * on Monday 2025-12-29 */
    const char *wk = "\xEF\xBB\xBF\"Item\",\"Week\",\"Qty\"\r\n\"x\",\"2026-W01\",\"3\"\r\nx,2026-W03,1\r\n";
    err = read_ok(wk, HIST_AUTO, &h);
    CU_ASSERT_PTR_NULL_FATAL(err);
    CU_ASSERT_EQUAL(h.bucket, HIST_WEEK);
    CU_ASSERT_EQUAL(h.series[0].n, 3);
    int32_t d1, d2;
    hist_period_days(HIST_WEEK, h.series[0].first, &d1, &d2);
    CU_ASSERT_EQUAL(d1, date_from_ymd(2025, 12, 29));
    CU_ASSERT_EQUAL(d2, date_from_ymd(2026, 1, 4));
    hist_period_label(HIST_WEEK, h.series[0].first, lab, sizeof lab);
    CU_ASSERT_STRING_EQUAL(lab, "2026-W01");
    history_free(&h);
    /* a date in weekly history counts in its week: Sunday 2026-01-04 is W01 */
    err = read_ok("item,date,quantity\nx,2026-01-04,2\nx,2026-01-05,5\n", HIST_WEEK, &h);
    CU_ASSERT_PTR_NULL_FATAL(err);
    CU_ASSERT_EQUAL(h.series[0].n, 2);
    history_free(&h);
    /* 2020 has a week 53, 2021 not */
    err = read_ok("item,period,quantity\nx,2020-W53,1\n", HIST_AUTO, &h);
    CU_ASSERT_PTR_NULL(err);
    history_free(&h);
    uint32_t line;
    const char *w53 = "item,period,quantity\nx,2021-W53,1\n";
    err = history_read(w53, strlen(w53), HIST_AUTO, &h, &line);
    CU_ASSERT_PTR_NOT_NULL(err);
    CU_ASSERT_EQUAL(line, 2);
    tk_free(err);
}

static void history_refusals(void)
{
    static const struct { const char *csv; uint32_t line; const char *says; } cases[] = {
        {"item,date,quantity\nx,2025-02-01,1\nx,2025-01-01,1\n", 3, "date order"},
        {"item,date,quantity\nx,2025-02-01,1\ny,2025-02-01,1\nx,2025-02-01,1\n", 4, "given twice"},
        {"item,period,quantity\nx,2025-02,1\nx,2025-02-11,1\n", 3, "given twice"},
        {"item,date,quantity\nx,2025-02-01,-1\n", 2, "negative"},
        {"item,date,quantity\nx,2025-02-30,1\n", 2, "is not a date"},
        {"item,date,quantity\nx,1899-12-01,1\n", 2, "is not a date"},
        {"item,date,quantity\nx,2025-02-01,1e13\n", 2, "more than 10^12"},
        {"item,date,quantity\nx,2025-02-01,nan\n", 2, "not a number"},
        {"item,date,quantity\n9x,2025-02-01,1\n", 2, "not a product name"},
        {"item,date\nx,2025-02-01\n", 1, "no column 'quantity'"},
        {"item,date,qty,quantity\n", 1, "two columns give the quantity"},
        {"item,date,quantity\n", 2, "no rows"},
        {"item,date,quantity\nx,\"2025-02-01,1\n", 2, "not closed"},
        {"item,date,quantity\nx,\"2025-02-01\"z,1\n", 2, "after a closing quote"},
    };
    for (size_t i = 0; i < TK_COUNTOF(cases); i++) {
        History h;
        uint32_t line = 0;
        char *err = history_read(cases[i].csv, strlen(cases[i].csv), HIST_AUTO, &h, &line);
        CU_ASSERT_PTR_NOT_NULL(err);
        if (!err) continue;
        CU_ASSERT_EQUAL(line, cases[i].line);
        CU_ASSERT_PTR_NOT_NULL(strstr(err, cases[i].says));
        if (!strstr(err, cases[i].says) || line != cases[i].line)
            fprintf(stderr, "\ncase %zu: line %u: %s\n", i, line, err);
        tk_free(err);
    }
}

static void history_helpers(void)
{
    /* 0.3 a month for a year: 4 in all, each period the rounded running total's step */
    double f[12], q[12], want[12] = {0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1};
    for (int k = 0; k < 12; k++) f[k] = 0.3;
    hist_round_running(f, 12, q);
    for (int k = 0; k < 12; k++) EQ(q[k], want[k]);
    CU_ASSERT_TRUE(hist_plain_name("gateway_g2"));
    CU_ASSERT_FALSE(hist_plain_name("2x"));
    CU_ASSERT_FALSE(hist_plain_name("if"));
    CU_ASSERT_FALSE(hist_plain_name("a-b"));
    CU_ASSERT_FALSE(hist_plain_name(""));
    StrBuf b = {0};
    hist_escape(&b, "a\x1b[1m\xc3\xa9\xff\n", 100);
    CU_ASSERT_STRING_EQUAL(sb_cstr(&b), "a\\x1b[1m\xc3\xa9\\xff\\n");
    b.len = 0;
    hist_escape(&b, "::error file=x", 100); /* not a workflow command */
    CU_ASSERT_STRING_EQUAL(sb_cstr(&b), "\\x3a:error file=x");
    b.len = 0;
    hist_escape(&b, "abcdef", 3);
    CU_ASSERT_STRING_EQUAL(sb_cstr(&b), "abc...");
    sb_free(&b);
}

/* A model's history becomes forecast periods in the IR: from the month
 * after it to the month of the plan's end; a constant history forecasts
 * itself; orders due in a month consume its forecast. */
static void history_in_the_plan(void)
{
    TestPlan t = test_plan("plant { start 2026-01-12 06:00  horizon 6 weeks }\n"
                           "machine bench { }\n"
                           "product shelf { routing { cut on bench run 1 min each } }\n"
                           "history shelf {\n"
                           "  2025-09-01 .. 2025-09-30 10  2025-10-01 .. 2025-10-31 10\n"
                           "  2025-11-01 .. 2025-11-30 10  2025-12-01 .. 2025-12-31 10\n"
                           "}\n"
                           "order o { shelf 4  due 2026-01-20 }\n");
    CU_ASSERT_TRUE(t.ok);
    CU_ASSERT_EQUAL_FATAL(t.ir->nforecasts, 1);
    const IrForecast *f = &t.ir->forecasts[0];
    CU_ASSERT_EQUAL_FATAL(f->nperiods, 2); /* January and February 2026 */
    CU_ASSERT_EQUAL(f->periods[0].from, (int64_t)date_from_ymd(2026, 1, 1) * 1440);
    CU_ASSERT_EQUAL(f->periods[0].to, (int64_t)date_from_ymd(2026, 2, 1) * 1440);
    CU_ASSERT_EQUAL(f->periods[1].to, (int64_t)date_from_ymd(2026, 3, 1) * 1440);
    EQ(f->periods[0].qty, 10);
    EQ(f->periods[1].qty, 10);
    /* January: the order's 4 and the forecast's other 6 */
    double jan = 0;
    for (uint32_t i = 0; i < t.p->wos.len; i++)
        if (strncmp(t.p->wos.data[i].name, "FC-shelf-2026-01-01", 19) == 0) jan += t.p->wos.data[i].qty;
    EQ(jan, 6);
    test_plan_free(&t);
}

void suite_forecast(void)
{
    CU_pSuite s = CU_add_suite("forecast", NULL, NULL);
    ADD_TEST(s, naive_and_seasonal_naive);
    ADD_TEST(s, moving_average);
    ADD_TEST(s, simple_exponential_smoothing);
    ADD_TEST(s, holt_linear_and_damped);
    ADD_TEST(s, holt_winters);
    ADD_TEST(s, theta_method);
    ADD_TEST(s, croston_sba_tsb);
    ADD_TEST(s, seasons);
    ADD_TEST(s, accuracy_measures);
    ADD_TEST(s, normal_quantile_and_safety_stock);
    ADD_TEST(s, fits_beat_a_grid);
    ADD_TEST(s, holt_finds_a_line);
    ADD_TEST(s, fit_refuses_what_it_cannot);
    ADD_TEST(s, auto_seasonal_series);
    ADD_TEST(s, auto_intermittent_and_edges);
    ADD_TEST(s, history_months_and_weeks);
    ADD_TEST(s, history_refusals);
    ADD_TEST(s, history_helpers);
    ADD_TEST(s, history_in_the_plan);
}
