/* text_table.h: the plain text tables of the report (report.c,
 * report_flow.c, report_views.c): a header row, a rule under it, columns
 * padded to their widest cell (counted in characters, cells being UTF-8),
 * each aligned left or right, two spaces between columns and no trailing
 * spaces. Cells are escaped for people as they are added (compiler/esc.h),
 * so a name cannot forge a line of the report. */
#ifndef TAKT_TEXT_TABLE_H
#define TAKT_TEXT_TABLE_H

#include "compiler/base.h"

typedef struct TextTable {
    StrBuf cells;           /* escaped cells, NUL-separated */
    TK_VEC_OF(uint32_t) at; /* where each cell starts */
    uint32_t cols;
    const char *align;      /* 'l' or 'r' per column */
} TextTable;

/* An empty table of n columns aligned by align ("lrr…", one letter a column). */
#define TEXT_TABLE(n, align) {{0}, {0}, (n), (align)}

/* One cell, the next in row order. */
void tt_cell(TextTable *t, const char *s);
/* A whole row: t->cols cells. */
void tt_row(TextTable *t, const char *const *cells);
/* The rows so far, the header's among them. */
uint32_t tt_rows(const TextTable *t);
/* Frees a table not printed. */
void tt_free(TextTable *t);
/* Lays the table out on o, indented by two spaces, and frees it. */
void tt_print(TextTable *t, StrBuf *o);

#endif
