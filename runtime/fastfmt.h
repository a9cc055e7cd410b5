/* fastfmt.h: number and time formatting for the writers of large files, the
 * plan file and the schedule CSV, without printf. Each function writes the
 * very bytes its counterpart (named below) would, takes a shortcut only where
 * that is proven to agree (see fastfmt.c), and calls the counterpart
 * otherwise. Each returns the length of its text and puts a NUL after it;
 * dst must hold FASTFMT_MAX bytes. */
#ifndef TAKT_FASTFMT_H
#define TAKT_FASTFMT_H

#include <stddef.h>
#include <stdint.h>

#define FASTFMT_MAX 48

size_t fastfmt_i64(char *dst, int64_t v);            /* "%lld"                           */
size_t fastfmt_datetime(char *dst, int64_t minutes); /* fmt_datetime: "2026-12-01T06:00" */
size_t fastfmt_double(char *dst, double v);          /* fmt_double: "2.4", "40", "0.1"   */
/* "%.2f", but only for |v| < 1e13 that is a whole number of cents as a
 * double (what round(x * 100) / 100 gives); 0 for any other v, which the
 * caller then prints with "%.2f" itself (that text may be longer than
 * FASTFMT_MAX). */
size_t fastfmt_cents(char *dst, double v);

#endif
