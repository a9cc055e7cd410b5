/* history.h: sales or shipment history, read from CSV and bucketed into
 * weeks or months (docs/forecast.md, "The history file"). */
#ifndef TAKT_HISTORY_H
#define TAKT_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "compiler/base.h"

/* Limits, each checked with a clear error. */
#define HIST_MAX_ITEMS 100000      /* items in one history */
#define HIST_MAX_CELLS 20000000    /* item-periods, gaps included */
#define HIST_MAX_NAME 256          /* bytes of an item name */
#define HIST_MAX_FIELD 1024        /* bytes of one CSV field */
#define HIST_MAX_FIELDS 64         /* fields of one CSV record */
#define HIST_MAX_QTY 1e12          /* one quantity */

typedef enum HistBucket { HIST_AUTO, HIST_WEEK, HIST_MONTH } HistBucket;

/* A period is a bucket number: a month is year * 12 + month - 1; a week is
 * the number of Mondays from 1969-12-29 (weeks run Monday to Sunday). */
typedef struct HistSeries {
    char *item;
    uint32_t line;         /* its first line in the file */
    int32_t first;         /* the period of its first row */
    double *v;             /* one quantity per period, first .. the history's last; gaps are 0 */
    int n;
} HistSeries;

typedef struct History {
    HistBucket bucket;     /* HIST_WEEK or HIST_MONTH once read */
    int32_t last;          /* the last period of any item */
    HistSeries *series;    /* in the order of their first rows */
    uint32_t nseries;
} History;

/* Reads a history CSV: a header naming the columns item, date (or period)
 * and quantity, in any order and case (other columns are ignored), then one
 * row per item and date. bucket is the period wanted (HIST_AUTO: weeks if
 * the first row names an ISO week, 2025-W03, else months). Returns NULL, or
 * what is wrong (to free with tk_free) and in *line the line it is on. */
char *history_read(const char *text, size_t len, HistBucket bucket, History *out, uint32_t *line);
void history_free(History *h);

/* Whole numbers whose running total follows the forecasts f[0..h) (negative
 * ones count 0): each is the rounded total so far less the rounded total
 * before it, so that 0.3 a month for a year is 4 in all, not 0 or 12. */
void hist_round_running(const double *f, int h, double *q);

/* The first and last day (days from 1970-01-01) of a period. */
void hist_period_days(HistBucket b, int32_t period, int32_t *first, int32_t *last);
/* "2025-03" or "2025-W11" (ISO week of the period's Monday). */
void hist_period_label(HistBucket b, int32_t period, char *buf, size_t n);
/* Is s a name a model can give a product: letters, digits and _, not
 * starting with a digit, not a keyword, at most HIST_MAX_NAME bytes? */
bool hist_plain_name(const char *s);
/* Appends s for a text message, escaped as compiler/esc.h's esc_text does
 * (controls, bidi controls, bytes that are not UTF-8, a leading "::"): at
 * most max bytes of s, then "...". */
void hist_escape(StrBuf *b, const char *s, size_t max);

#endif
