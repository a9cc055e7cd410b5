/* made.h: how a plan was made (cli/made.c, docs/plan-format.md "made-by"). */
#ifndef TAKT_MADE_H
#define TAKT_MADE_H

#include "compiler/model.h"

typedef struct MadeBy {
    char model[65];         /* sha256 of the model's files, hex */
    uint64_t seed;
    int64_t iterations;     /* the bound of each search; 0: dispatching only */
    int threads;
    double search_seconds;  /* > 0: the search was bounded by time too */
    const char *release;    /* the release policy --release gave, NULL if none */
} MadeBy;

const char *cli_version(void);
const char *cli_revision(void);
/* The digest of every file the model read (its .takt files and history
 * CSVs), in the order read. */
void cli_model_digest(const Model *m, char hex[65]);
/* "made-by takt version ... threads 2\n" */
void cli_made_line(StrBuf *b, const MadeBy *mb);
/* Inserts the made-by line into a plan file's text, after its `takt-plan N` line. */
void cli_insert_made(StrBuf *plan, const MadeBy *mb);

#endif
