/* fmt.h: the canonical layout of a model file (takt fmt). */
#ifndef TAKT_FMT_H
#define TAKT_FMT_H

#include "ast.h"

/* The file, formatted: a malloc'd string. root must come from a parse
 * without syntax errors. */
char *fmt_file(const AstNode *root, const SourceFile *src, const Interner *strs);

#endif
