/* text_table.c: the report's plain text tables (text_table.h). */
#include <string.h>

#include "compiler/esc.h"
#include "text_table.h"

void tt_cell(TextTable *t, const char *s)
{
    vec_push(&t->at, (uint32_t)t->cells.len);
    esc_text(&t->cells, s);
    sb_putc(&t->cells, 0);
}

void tt_row(TextTable *t, const char *const *cells)
{
    for (uint32_t c = 0; c < t->cols; c++) tt_cell(t, cells[c]);
}

uint32_t tt_rows(const TextTable *t) { return t->at.len / t->cols; }

void tt_free(TextTable *t)
{
    sb_free(&t->cells);
    vec_free(&t->at);
    memset(t, 0, sizeof *t);
}

/* The width of a cell: its characters (a cell is escaped, so UTF-8) */
static size_t width_of(const char *s)
{
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void pad(StrBuf *o, size_t from, size_t to)
{
    for (; from < to; from++) sb_putc(o, ' ');
}

void tt_print(TextTable *t, StrBuf *o)
{
    uint32_t rows = tt_rows(t);
    size_t *w = tk_xalloc(t->cols * sizeof(size_t));
    memset(w, 0, t->cols * sizeof(size_t));
    for (uint32_t k = 0; k < rows * t->cols; k++) {
        size_t l = width_of(t->cells.data + t->at.data[k]);
        if (l > w[k % t->cols]) w[k % t->cols] = l;
    }
    for (uint32_t r = 0; r < rows; r++) {
        sb_puts(o, "  ");
        for (uint32_t c = 0; c < t->cols; c++) {
            const char *s = t->cells.data + t->at.data[r * t->cols + c];
            size_t l = width_of(s);
            bool right = t->align[c] == 'r';
            if (right) pad(o, l, w[c]);
            sb_puts(o, s);
            if (c + 1 < t->cols) {
                if (!right) pad(o, l, w[c]);
                sb_puts(o, "  ");
            }
        }
        /* no trailing spaces */
        while (o->len && o->data[o->len - 1] == ' ') o->data[--o->len] = 0;
        sb_putc(o, '\n');
        if (r == 0) {
            size_t total = 0;
            for (uint32_t c = 0; c < t->cols; c++) total += w[c] + (c + 1 < t->cols ? 2 : 0);
            sb_puts(o, "  ");
            for (size_t i = 0; i < total; i++) sb_putc(o, '-');
            sb_putc(o, '\n');
        }
    }
    tk_free(w);
    tt_free(t);
}
