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
enum { CSV_ORDER, CSV_OPERATION, CSV_MACHINE, CSV_UNIT, CSV_START, CSV_END, CSV_QTY, CSV_GOOD, CSV_USES, CSV_OVERRUN, CSV_TRANSFER,
       CSV_MAX_COLS,
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
    const char *wo, *step, *machine;  /* step as written: assemble, or a sublot assemble#2 */
    int32_t unit;                    /* from 1, as written; 0 for work sent to a subcontractor */
    int64_t start, end;
    double setup, run;               /* -1 if not given (CSV) */
    double qty, good;                /* the pieces it starts (a sublot's share) and makes good, where scrap or
                                      * sublots are planned; NAN if not given */
    uint8_t actual;                  /* 0, 1 done, 2 running */
    uint8_t pinned;                  /* 0, or PIN_MODEL, PIN_FIRM, PIN_FROZEN (runtime.h): as the plan says */
    bool sub;                        /* sent to a subcontractor (machine names it) */
    const char *uses;                /* resource units held, as written (POOL:UNIT, by ',' or ' '); NULL if none */
    Span uses_span;
    const char *batches;             /* cycles of a batch machine it is in (N:QTY,...), as written; NULL if none */
    int64_t within;                  /* its time window in minutes, -1 if not given */
    int64_t overrun;                 /* minutes its window is exceeded by as the plan says, 0 if not given */
    double transfer;                 /* its transfer quantity (pieces), 0 if none, NAN if not given */
    Span batches_span;
    Span span;
} PfOp;

/* A subcontract order: work sent out (version 2). */
typedef struct PfSubcontract {
    const char *subcontractor, *wo, *step, *product;
    double qty, cost;
    int64_t send, back;
    Span span;
} PfSubcontract;

/* A cycle of a batch machine (version 2): `batch MACHINE NUMBER ...` */
typedef struct PfBatch {
    const char *machine;
    double number;                   /* from 1, as written */
    int32_t unit;                    /* from 1, as written */
    int64_t start, end;
    double pieces, load;             /* NAN if not given */
    uint8_t actual;                  /* 1 done, 2 running: a cycle the shop floor reported; 0: planned */
    const char *ref;                 /* the shop floor's name for a reported cycle; NULL: none given */
    Span span;
} PfBatch;

typedef struct PfPurchase {
    const char *material;
    double qty;
    int64_t order_at, arrive;
    Span span;
} PfPurchase;

/* A purchase of a product (make or buy; version 2): `buy PRODUCT NEED ...` */
typedef struct PfBuy {
    const char *product, *need;      /* the need: the name the work orders making it would have */
    double qty, need_qty, cost;      /* need_qty, cost: NAN if not given */
    int64_t order_at, arrive;
    Span span;
} PfBuy;

typedef struct PfMeasure {
    const char *key, *value;
} PfMeasure;

/* The measures the format defines, parsed from the `measures` record. */
typedef struct PfMeasures {
    double objective, makespan, tardiness, late_orders, penalty, cost, setups, setup_time;
    int64_t finish;
} PfMeasures;

/* How the plan was made: the `made-by` record (docs/plan-format.md). */
typedef struct PfMade {
    bool has;
    const char *tool, *version, *revision, *model; /* NULL when not given */
    const char *seed, *iterations, *threads;        /* as written; NULL when not given */
    double search_seconds;                          /* NAN when not given */
    const char *release;                            /* the release policy --release gave; NULL when not given */
    Span span;
} PfMade;

typedef struct PlanFile {
    Arena arena;
    FileId file;
    bool csv;                        /* a schedule CSV: ops only */
    uint8_t csv_col[CSV_MAX_COLS];   /* each column of the CSV: CSV_ORDER ... CSV_OVERRUN */
    uint32_t csv_ncols;
    bool csv_uses;                   /* with the resources column (CSV_USES) */
    bool csv_overrun;                /* with the overrun column (time windows not held) */
    bool csv_transfer;               /* with the transfer column (transfer lots) */
    bool has_plant, has_measures;
    const char *plant, *currency;
    const char *scenario;            /* the plant line's scenario, NULL if none */
    int64_t start, end;
    Span plant_span, measures_span;
    TK_VEC_OF(PfMeasure) measures;   /* every key and value, as written */
    PfMeasures known;                /* the known ones, parsed */
    TK_VEC_OF(PfOrder) orders;
    TK_VEC_OF(PfWorkOrder) wos;
    TK_VEC_OF(PfOp) ops;
    TK_VEC_OF(PfPurchase) purchases;
    PfMade made;
    TK_VEC_OF(PfSubcontract) subcontracts;
    TK_VEC_OF(PfBatch) batches;
    TK_VEC_OF(PfBuy) buys;
    int version;                     /* 1 or 2; 0 for a schedule CSV */
} PlanFile;

/* Reads text (registered as `file` in the sources) into pf. Unreadable lines
 * and a missing header (E0601) and a truncated last line (E0613) are errors
 * in d. Returns false if the file could not be read as a plan at all; pf
 * must be freed either way. */
bool plan_read(PlanFile *pf, FileId file, const char *text, size_t len, Diags *d);
void plan_file_free(PlanFile *pf);

/* The scenario a plan's plant line names, before the model is checked (a
 * plan of a scenario is verified against that scenario): a copy the caller
 * frees, or NULL if the text has none. */
char *plan_peek_scenario(const char *text, size_t len);

/* "2026-12-07T06:00" -> minutes since 1970-01-01; false if malformed. */
bool plan_parse_time(const char *s, int64_t *out);

#endif
