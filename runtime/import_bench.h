/* import_bench.h: classic scheduling benchmarks as Takt models. Reads job
 * shop (jssp) and flexible job shop (fjsp, Brandimarte .fjs) instance files
 * and writes the model `takt import` prints (docs/import.md). Nothing here
 * exits or prints: problems come back as messages. */
#ifndef TAKT_IMPORT_BENCH_H
#define TAKT_IMPORT_BENCH_H

#include "compiler/base.h"

typedef enum BenchKind { BENCH_JSSP, BENCH_FJSP } BenchKind;

/* One way to run an operation: a machine (counted from 0, whatever the file
 * counts from) and its processing time in time units. */
typedef struct BenchAlt {
    uint32_t machine;
    uint32_t time;
} BenchAlt;
typedef struct BenchOp {
    uint32_t alt, nalts;   /* alts[alt .. alt + nalts) */
} BenchOp;
typedef struct BenchJob {
    uint32_t op, nops;     /* ops[op .. op + nops), in precedence order */
} BenchJob;
TK_VEC(BenchAlts, BenchAlt);
TK_VEC(BenchOps, BenchOp);
TK_VEC(BenchJobs, BenchJob);

typedef struct BenchInstance {
    BenchKind kind;
    char *source;          /* the file name as given, for messages and the header */
    uint32_t nmachines;    /* as the header declares them */
    BenchJobs jobs;
    BenchOps ops;
    BenchAlts alts;
    int64_t work;          /* sum over operations of their longest time */
} BenchInstance;

typedef enum BenchStatus { BENCH_OK, BENCH_BAD_INSTANCE, BENCH_IO_ERROR } BenchStatus;

/* The largest total work an instance may have: the horizon written is the
 * work plus a day, and a Takt horizon is at most 20 years (docs/language.md,
 * "plant"). */
#define BENCH_MAX_WORK ((int64_t)20 * 366 * 1440 - 1440)

const char *bench_kind_name(BenchKind kind);           /* "jssp", "fjsp" */
bool bench_kind_parse(const char *name, BenchKind *kind);

/* Reads an instance from text. `name` is the file name shown in messages.
 * Returns NULL on success; else a message "NAME:LINE: what is wrong" that
 * the caller frees with tk_free, and `bi` is left empty. */
char *bench_parse(BenchInstance *bi, BenchKind kind, const char *name, const char *text, size_t len);
/* Reads an instance file. On BENCH_IO_ERROR (missing, unreadable, not a
 * regular file, too large) or BENCH_BAD_INSTANCE, *err is a message to free. */
BenchStatus bench_load(BenchInstance *bi, BenchKind kind, const char *path, char **err);
/* Appends the model for the instance: deterministic, and clean under
 * `takt check --werror`. */
void bench_write_model(const BenchInstance *bi, StrBuf *out);

/* Due dates and weights written by a rule (docs/import.md, "Due dates and
 * weights"): job j is due floor(f x its total processing time) minutes
 * after the start, f = num / den, and with singer_pinedo the first 20% of
 * the jobs weigh 4, the next 60% 2 and the last 20% 1 (Singer and Pinedo).
 * The objective is then the total weighted tardiness (the tardiness without
 * weights). A job shop (jssp) rule: every operation has one time. */
typedef struct BenchDue {
    int64_t num, den;      /* den 0: no due dates (the makespan model) */
    bool singer_pinedo;
} BenchDue;
/* f is a decimal number above 0 and at most BENCH_MAX_DUE_FACTOR, with at
 * most BENCH_MAX_DUE_DECIMALS decimals ("1.3"). */
#define BENCH_MAX_DUE_FACTOR 100
#define BENCH_MAX_DUE_DECIMALS 6
/* Reads f into due; false if it is not such a number. */
bool bench_due_factor_parse(const char *text, BenchDue *due);
/* Job j's due date in minutes after the start, and its weight (1 without
 * the rule). */
int64_t bench_due_minutes(const BenchInstance *bi, const BenchDue *due, uint32_t job);
uint32_t bench_singer_pinedo_weight(uint32_t njobs, uint32_t job);
/* NULL if the due dates fit the longest horizon a model may have, else a
 * message to free with tk_free. */
char *bench_due_check(const BenchInstance *bi, const BenchDue *due);
/* bench_write_model with due dates and weights by the rule (due NULL or
 * due->den 0: the makespan model). */
void bench_write_model_due(const BenchInstance *bi, const BenchDue *due, StrBuf *out);
void bench_free(BenchInstance *bi);

#endif
