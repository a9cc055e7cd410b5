/* plan_read.h: reads a plan back — the plan file `takt plan -o` writes
 * (docs/plan-format.md) or a schedule CSV (`order,operation,machine,unit,
 * start,end`, as `--schedule` writes it or another tool makes it) — for
 * `takt verify` and `takt diff`. Every record keeps its span in the file, so
 * diagnostics point at the line. Lines that cannot be read are diagnostics
 * (E0601), and so is a file cut off in the middle of a line (E0613); the rest
 * of the file is still read. Keys a reader does not know are skipped, as the
 * format asks. A UTF-8 byte-order mark at the start is skipped, and the
 * CSV's header and fields may be quoted (RFC 4180). */
#ifndef TAKT_PLAN_READ_H
#define TAKT_PLAN_READ_H

#include "compiler/diag.h"

/* Times are minutes since 1970-01-01 (plant-local), -1 when the record
 * does not give them; other numbers not given are NAN, except an op's setup
 * and run (-1). */
/* The schedule CSV's columns: the six it always has, and those it may. */
enum { CSV_ORDER, CSV_OPERATION, CSV_MACHINE, CSV_UNIT, CSV_START, CSV_END, CSV_QTY, CSV_GOOD, CSV_MAX_COLS,
       CSV_UNKNOWN = 255 };

typedef struct PfOrder {
    const char *name, *product;
    double qty;
    int64_t due, done;
    double lateness;                 /* minutes, negative when early */
    Span span;
} PfOrder;

typedef struct PfWorkOrder {
    const char *name, *product;
    const char *for_order, *parent;  /* NULL if none */
    double qty;
    int64_t release, due, start, end;
    int64_t materials;               /* when its last material arrives; -1 if not given */
    Span span;
} PfWorkOrder;

typedef struct PfOp {
    const char *wo, *step, *machine;
    int32_t unit;                    /* from 1, as written */
    int64_t start, end;
    double setup, run;               /* -1 if not given (CSV) */
    double qty, good;                /* the pieces it starts and makes good, where scrap is planned; NAN if not given */
    uint8_t actual;                  /* 0, 1 done, 2 running */
    Span span;
} PfOp;

typedef struct PfPurchase {
    const char *material;
    double qty;
    int64_t order_at, arrive;
    Span span;
} PfPurchase;

typedef struct PfMeasure {
    const char *key, *value;
} PfMeasure;

/* The measures the format defines, parsed from the `measures` record. */
typedef struct PfMeasures {
    double objective, makespan, tardiness, late_orders, penalty, cost, setups, setup_time;
    int64_t finish;
} PfMeasures;

typedef struct PlanFile {
    Arena arena;
    FileId file;
    bool csv;                        /* a schedule CSV: ops only */
    uint8_t csv_col[CSV_MAX_COLS];   /* each column of the CSV: CSV_ORDER ... CSV_GOOD */
    uint32_t csv_ncols;
    bool has_plant, has_measures;
    const char *plant, *currency;
    int64_t start, end;
    Span plant_span, measures_span;
    TK_VEC_OF(PfMeasure) measures;   /* every key and value, as written */
    PfMeasures known;                /* the known ones, parsed */
    TK_VEC_OF(PfOrder) orders;
    TK_VEC_OF(PfWorkOrder) wos;
    TK_VEC_OF(PfOp) ops;
    TK_VEC_OF(PfPurchase) purchases;
} PlanFile;

/* Reads text (registered as `file` in the sources) into pf. Unreadable lines
 * and a missing header (E0601) and a truncated last line (E0613) are errors
 * in d. Returns false if the file could not be read as a plan at all; pf
 * must be freed either way. */
bool plan_read(PlanFile *pf, FileId file, const char *text, size_t len, Diags *d);
void plan_file_free(PlanFile *pf);

/* "2026-12-07T06:00" -> minutes since 1970-01-01; false if malformed. */
bool plan_parse_time(const char *s, int64_t *out);

#endif
