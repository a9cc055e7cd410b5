/* import_actuals.h: shop-floor CSV exports as a Takt actuals block
 * (`takt import actuals`, docs/actuals.md). */
#ifndef TAKT_IMPORT_ACTUALS_H
#define TAKT_IMPORT_ACTUALS_H

#include "compiler/ir.h"

/* Appends the records of one CSV file (operations or receipts, by its
 * header) as lines of an actuals block. Returns NULL, or a message
 * "NAME:LINE: what is wrong" for the caller to free; out then holds the
 * lines before it. */
char *actuals_from_csv(const char *name, const char *text, size_t len, StrBuf *out);

#endif
