/* forecast.h: forecasting methods over arrays of doubles — the library
 * behind `takt forecast` and the `history` of a model (docs/forecast.md).
 *
 * Everything here is a pure function of its arguments: a series y[0..n) of
 * equally spaced observations (demand per week or per month, zeros
 * included), a season length m (52 for weeks, 12 for months; 1 for none)
 * and a horizon h. Nothing reads files, prints or exits; the same input
 * gives the same output, bit for bit.
 *
 *   fc_fit()       a method's smoothing parameters, fitted to a series by
 *                  least squares of the in-sample one-step errors
 *   fc_run()       the fitted method over a series: one-step fitted values
 *                  and the forecasts after its end
 *   fc_auto()      every candidate method, compared by a rolling-origin
 *                  holdout, the best chosen (or a combination), with
 *                  prediction intervals and its errors
 *
 * Limits: a series has at most FC_MAX_N observations and a horizon at most
 * FC_MAX_H periods; a season at most FC_MAX_M. Callers check them. */
#ifndef TAKT_FORECAST_H
#define TAKT_FORECAST_H

#include <stdbool.h>
#include <stdint.h>

#define FC_MAX_N 100000
#define FC_MAX_H 1000
#define FC_MAX_M 53

typedef enum FcMethod {
    FC_NAIVE,        /* the last value */
    FC_SNAIVE,       /* the value one season before */
    FC_MOVING_AVG,   /* mean of the last k values, k fitted */
    FC_SES,          /* simple exponential smoothing */
    FC_HOLT,         /* Holt's linear trend */
    FC_DAMPED,       /* Holt's trend, damped */
    FC_HW_ADD,       /* Holt-Winters, additive seasons */
    FC_HW_MUL,       /* Holt-Winters, multiplicative seasons */
    FC_THETA,        /* the Theta method (Assimakopoulos & Nikolopoulos 2000) */
    FC_CROSTON,      /* Croston's method for intermittent demand */
    FC_SBA,          /* Syntetos-Boylan approximation */
    FC_TSB,          /* Teunter-Syntetos-Babai */
    FC_COMB,         /* the mean of SES, damped trend and Theta */
    FC__COUNT
} FcMethod;

/* "ses", "holt", ... as the command line and the reports name them, and
 * the name as a person reads it ("simple exponential smoothing"). */
const char *fc_method_key(FcMethod m);
const char *fc_method_title(FcMethod m);
/* FC__COUNT if key names no method. */
FcMethod fc_method_parse(const char *key);
/* A method that models seasons itself (seasonal naive, Holt-Winters). */
bool fc_method_is_seasonal(FcMethod m);
/* A method for intermittent demand (Croston, SBA, TSB). */
bool fc_method_is_intermittent(FcMethod m);

/* A fitted method. `seasonal_adj`: the series was divided by (or, with
 * zeros or negatives, reduced by) classical seasonal indices before the
 * method saw it, and the forecasts are seasonalised again. */
typedef struct FcModel {
    FcMethod method;
    int m;                 /* season length used (1: none) */
    bool seasonal_adj;
    bool additive_adj;     /* the indices are differences, not ratios */
    double alpha, beta, gamma, phi;
    int k;                 /* moving average window */
    double comb[5];        /* comb: SES alpha; damped alpha, beta, phi; Theta alpha */
    double sse;            /* in-sample one-step squared errors, summed */
    int nerr;              /* how many one-step errors that sum holds */
} FcModel;

/* Status of a fit or a forecast. */
typedef enum FcStatus {
    FC_OK,
    FC_TOO_SHORT,          /* too few observations for this method */
    FC_NOT_POSITIVE,       /* multiplicative seasons need positive data */
    FC_NO_DEMAND           /* an intermittent method on a series of zeros */
} FcStatus;

/* The fewest observations the method needs with season m. */
int fc_min_length(FcMethod method, int m);

/* Fits method to y[0..n) (season m): its smoothing parameters by least
 * squares of the one-step errors, each kept in its documented bounds; the
 * initial states are estimated from the data by each method's own rule
 * (docs/forecast.md). With seasonal_adj the series is seasonally adjusted
 * first (non-seasonal methods only). */
FcStatus fc_fit(FcMethod method, const double *y, int n, int m, bool seasonal_adj, FcModel *out);

/* Runs a fitted model over y[0..n): fitted[t] is the forecast of y[t] made
 * at t-1 (NAN where there is none), fc[0..h) the forecasts for n, n+1, ...
 * Either may be NULL. The series may be longer than the one the model was
 * fitted on: that is how a model is evaluated from later origins. */
FcStatus fc_run(const FcModel *model, const double *y, int n, double *fitted, double *fc, int h);

/* ---- the methods, one by one (explicit parameters and initial states) ---
 * Each writes the one-step fitted values (fitted[t], t < n; NAN where none)
 * and h forecasts; the initial states come before the first observation. */
void fc_naive(const double *y, int n, double *fitted, double *fc, int h);
void fc_snaive(const double *y, int n, int m, double *fitted, double *fc, int h);
void fc_moving_avg(const double *y, int n, int k, double *fitted, double *fc, int h);
void fc_ses(const double *y, int n, double alpha, double l0, double *fitted, double *fc, int h);
/* Holt: phi = 1 is the linear trend, phi < 1 damps it. */
void fc_holt(const double *y, int n, double alpha, double beta, double phi, double l0, double b0, double *fitted,
             double *fc, int h);
/* Holt-Winters: s0[0..m) are the seasonal states of the m periods before
 * y[0], the oldest first. */
void fc_hw(const double *y, int n, int m, bool multiplicative, double alpha, double beta, double gamma, double phi,
           double l0, double b0, const double *s0, double *fitted, double *fc, int h);
/* Theta: the line a + b t (t from 1) fitted by least squares, SES with
 * alpha on 2y - line (initial level l0), the forecast the mean of both. */
void fc_theta(const double *y, int n, double alpha, double l0, double *fitted, double *fc, int h);
/* Croston (sba = false) and SBA: sizes and intervals smoothed with alpha
 * from z0 and p0; TSB: sizes with alpha, the probability of demand with
 * beta, from z0 and p0. */
void fc_croston(const double *y, int n, bool sba, double alpha, double z0, double p0, double *fitted, double *fc,
                int h);
void fc_tsb(const double *y, int n, double alpha, double beta, double z0, double p0, double *fitted, double *fc,
            int h);

/* ---- seasons ---------------------------------------------------------------
 * The 90% test of M3's benchmarks: the autocorrelation at lag m exceeds
 * 1.645 sqrt((1 + 2 sum_{k<m} r_k^2) / n). Needs n >= 2m. */
bool fc_seasonality_test(const double *y, int n, int m);
/* Classical decomposition (centred moving average of order m, 2 x m when m
 * is even): idx[0..m) the seasonal index of each position t mod m,
 * normalised to mean 1 (ratios) or 0 (additive). False if n < 2m. */
bool fc_seasonal_indices(const double *y, int n, int m, bool additive, double *idx);

/* ---- accuracy --------------------------------------------------------------- */
/* sMAPE as M3 defined it: the mean over k of 200 |F - A| / (|F| + |A|)
 * (a term with F = A = 0 counts 0). */
double fc_smape(const double *actual, const double *fc, int h);
/* The mean absolute error of y[m..n) against y[t - m]: MASE's scale. 0 if
 * n <= m or the series repeats itself exactly. */
double fc_mase_scale(const double *y, int n, int m);

/* ---- automatic choice ---------------------------------------------------- */
#define FC_MAX_COMBINE 5

typedef struct FcAutoOptions {
    int m;                  /* season length: 12 (months), 52 (weeks), 1 */
    int h;                  /* periods to forecast */
    FcMethod force;         /* FC__COUNT: choose; else this method only */
    int combine;            /* the mean of the best this many (1..FC_MAX_COMBINE); 1 for intermittent demand */
    double level;           /* of the prediction intervals, e.g. 0.95 */
} FcAutoOptions;

typedef struct FcAutoResult {
    FcModel parts[FC_MAX_COMBINE]; /* the methods chosen, best first, fitted on the whole series */
    int nparts;             /* the forecast is the mean of their forecasts */
    bool intermittent;      /* the series was classed as intermittent */
    bool short_for_seasons; /* a smooth series with too few observations for seasonal methods */
    bool forced_fallback;   /* the forced method could not be used: parts say what was */
    double *fc, *lo, *hi;   /* h forecasts and the interval around them (caller frees) */
    double *sigma;          /* h standard deviations of the error at each horizon */
    double rmse1;           /* in-sample one-step error (root mean square) */
    double mae_in;          /* in-sample one-step mean absolute error */
    double mase_in;         /* ... scaled by fc_mase_scale (NAN if the scale is 0) */
    double mase_holdout;    /* rolling-origin holdout error, scaled (NAN if none) */
    double smape_holdout;   /* the same as sMAPE (NAN if none) */
    int holdout;            /* periods in the holdout (0: the series was too short) */
    int ncandidates;        /* methods compared */
} FcAutoResult;

/* Forecasts y[0..n) h periods ahead. n >= 1. Returns FC_OK, or
 * FC_NO_DEMAND for a series of zeros (forecast 0 all the same: one part,
 * naive). */
FcStatus fc_auto(const double *y, int n, const FcAutoOptions *opt, FcAutoResult *out);
void fc_auto_free(FcAutoResult *r);

/* z such that P(Z <= z) = p for a standard normal Z, 0 < p < 1. */
double fc_normal_quantile(double p);
/* Safety stock for a cycle service level: z(service) * rmse1 * sqrt(lead)
 * with lead in periods (docs/forecast.md). */
double fc_safety_stock(double rmse1, double lead_periods, double service);

#endif
