/* udiff.h: a unified diff of two texts, line by line (takt fmt --diff).
 *
 * The hunks are those of a shortest edit script (Myers' algorithm, after
 * the common first and last lines are set aside) while the two texts
 * differ in at most UDIFF_MAX_EDITS lines; beyond that the differing middle
 * is shown as one change, all of it removed and all of it added: still a
 * correct diff, not the shortest (docs/limits.md). Time and memory are
 * linear in the texts times that bound at most. */
#ifndef TAKT_UDIFF_H
#define TAKT_UDIFF_H

#include "base.h"

#define UDIFF_MAX_EDITS 1000 /* lines removed plus added for which the shortest diff is looked for */
#define UDIFF_CONTEXT 3      /* unchanged lines shown around a change */

/* Appends to out the unified diff from a[0..an) to b[0..bn): the lines
 * "--- LABEL_A" and "+++ LABEL_B", then each hunk, "@@ -l,s +l,s @@" and
 * its lines (' ' the same, '-' removed, '+' added; "\ No newline at end of
 * file" after a last line without one). Nothing when the texts are the
 * same. Each line's text is shown through esc_textn: a tab as it is, other
 * control characters (the \r of a CRLF line end) and bytes that are not
 * UTF-8 escaped, so a diff cannot forge a line of a CI log. Returns the
 * number of hunks. */
uint32_t udiff(const char *a, size_t an, const char *b, size_t bn, const char *label_a, const char *label_b,
               StrBuf *out);

#endif
