/* page.h: the plan as one self-contained HTML page (page.c), its data for
 * the page's script (page_data.c), and the page's own CSS and JavaScript
 * (runtime/page/, embedded at build time by cmake/embed_page.cmake). */
#ifndef TAKT_PAGE_H
#define TAKT_PAGE_H

#include "views.h"

/* Tables on the page without JavaScript show at most this many rows (the
 * script shows them all); the chart without JavaScript is drawn (as the
 * SVG of takt plan --gantt) for plans of at most PAGE_SVG_OPS operations. */
#define PAGE_ROWS 2000
#define PAGE_SVG_OPS 5000
/* A table of more rows than this is in <noscript>, and the script shows it
 * as a table that builds only the rows in view. */
#define PAGE_BASE_ROWS 300

/* The JSON value the page's script reads; times from t0. */
void page_data(const PlanViews *v, int64_t t0, const ChartKeys *keys, StrBuf *out);

extern const unsigned char takt_page_css[], takt_page_js[];
extern const size_t takt_page_css_len, takt_page_js_len;

#endif
