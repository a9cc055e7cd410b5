/* import_actuals.c: a shop-floor export (CSV) as a Takt actuals block
 * (docs/actuals.md, "Importing from the shop floor"). Two kinds of file,
 * told apart by their header (columns in any order, names case-insensitive):
 *
 *   operations  work_order, operation, machine, start   (required)
 *               unit, end, good, scrap, setup, used,    (optional)
 *               resources, batch, pieces
 *   receipts    material, qty, received                 (required)
 *               unit, reference                         (optional)
 *   issues      material, qty, issued                   (required)
 *               unit, reference (a note)                (optional)
 *
 * A UTF-8 byte-order mark at the start is skipped; any field, the header's
 * too, may be quoted (RFC 4180).
 * Times are 2026-12-07T06:00 or 2026-12-07 06:00; setup is in minutes; used
 * lists materials as "steel_tube=100 m; powder=2.5 kg"; resources the resource
 * units that ran it as the plan file writes them, "fitter:2; setter:1" (or
 * separated by commas). A row with a batch (the shop floor's name for a
 * cycle of a batch machine) is a member of that cycle: the rows of one
 * batch, machine and unit, wherever they are in the file, become one
 * `batch MACHINE UNIT "BATCH" { start … end … op WO STEP [PIECES] … }`
 * (docs/actuals.md, "Batch machines"), and must agree on start and end.
 * The block is text:
 * `takt check` then checks names, machines and quantities against the model.
 * Nothing here exits or prints; problems come back as "NAME:LINE: message". */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/esc.h"
#include "import_actuals.h"

#include "compiler/files.h"

enum {
    C_WO, C_OP, C_MACHINE, C_UNIT, C_START, C_END, C_GOOD, C_SCRAP, C_SETUP, C_USED,
    C_MATERIAL, C_QTY, C_RECEIVED, C_REF, C_ISSUED, C_RESOURCES, C_BATCH, C_PIECES, C__COUNT
};
static const char *const colnames[C__COUNT] = {"work_order", "operation", "machine", "unit", "start", "end", "good",
                                               "scrap", "setup", "used", "material", "qty", "received", "reference",
                                               "issued", "resources", "batch", "pieces"};



/* One CSV record (RFC 4180: quotes, doubled quotes, commas and newlines in
 * quotes). Returns the number of fields, -1 at the end, -2 on a quote left open. */
static int csv_record(const char *t, size_t len, size_t *pos, StrBuf *fields, int max, uint32_t *line)
{
    size_t i = *pos;
    if (i >= len) return -1;
    int n = 0;
    for (;;) {
        if (n == max) return -3;
        StrBuf *f = &fields[n++];
        f->len = 0;
        if (f->data) f->data[0] = 0;
        if (i < len && t[i] == '"') {
            i++;
            for (;;) {
                if (i >= len) return -2;
                if (t[i] == '"') {
                    if (i + 1 < len && t[i + 1] == '"') {
                        sb_putc(f, '"');
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                if (t[i] == '\n') (*line)++;
                sb_putc(f, t[i++]);
            }
        } else
            while (i < len && t[i] != ',' && t[i] != '\n' && t[i] != '\r') sb_putc(f, t[i++]);
        sb_cstr(f);
        if (i < len && t[i] == ',') {
            i++;
            continue;
        }
        if (i < len && t[i] == '\r') i++;
        if (i < len && t[i] == '\n') i++;
        (*line)++;
        break;
    }
    *pos = i;
    return n;
}

static char *trim(char *s)
{
    while (*s && isspace((unsigned char)*s)) s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1])) s[--n] = 0;
    return s;
}

/* "2026-12-07T06:00" or "2026-12-07 06:00" -> "2026-12-07 06:00"; false if not. */
static bool norm_time(const char *s, char *out, size_t n)
{
    int y, mo, d, h, mi;
    char sep, tail;
    if (strlen(s) != 16) return false;
    if (sscanf(s, "%4d-%2d-%2d%c%2d:%2d%c", &y, &mo, &d, &sep, &h, &mi, &tail) != 6) return false;
    if ((sep != 'T' && sep != ' ') || !date_valid(y, mo, d) || h < 0 || h > 23 || mi < 0 || mi > 59) return false;
    snprintf(out, n, "%04d-%02d-%02d %02d:%02d", y, mo, d, h, mi);
    return true;
}

static bool is_number(const char *s)
{
    char *end;
    if (!*s) return false;
    strtod(s, &end);
    return *end == 0;
}

static bool plain_name(const char *s)
{
    if (!*s || isdigit((unsigned char)*s)) return false;
    for (const char *c = s; *c; c++)
        if (!isalnum((unsigned char)*c) && *c != '_') return false;
    return true;
}

/* What in a field a Takt string cannot hold, described; NULL if nothing.
 * A note (note) may have tabs and line breaks, written \t and \n (a CR LF
 * is a line break); a name has neither. Bidi controls are refused too: the
 * block is source text that people review. */
static const char *unwritable(const char *s, bool note)
{
    size_t n = strlen(s);
    for (size_t i = esc_find(s, n); i < n;) {
        uint32_t cp;
        EscClass cls;
        uint32_t len = esc_char(s + i, n - i, &cp, &cls);
        if (note && (cp == '\t' || cp == '\n' || (cp == '\r' && s[i + 1] == '\n'))) {
            i += len;
            i += esc_find(s + i, n - i);
            continue;
        }
        if (cls == ESC_INVALID) return "a byte that is not UTF-8";
        if (cp == '\n' || cp == '\r') return "a line break";
        if (cp == '\t') return "a tab";
        return cls == ESC_CONTROL ? "a control character" : "a bidi control or line separator";
    }
    return NULL;
}

/* A Takt string: \" \\ \n \t are its escapes (docs/language.md); the
 * field holds nothing else it cannot write (unwritable) */
static void put_string(StrBuf *o, const char *s)
{
    sb_putc(o, '"');
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') sb_putc(o, '\\'), sb_putc(o, *s);
        else if (*s == '\n') sb_puts(o, "\\n");
        else if (*s == '\t') sb_puts(o, "\\t");
        else if (*s != '\r') sb_putc(o, *s);
    }
    sb_putc(o, '"');
}

/* A member row of a cycle, kept until the file is read: the rows of one
 * cycle may lie anywhere in it. */
typedef struct CycleRow {
    char *batch, *machine, *unit, *start, *end, *wo, *op, *pieces;
    uint32_t line;
} CycleRow;

static int cycle_row_cmp(const void *a, const void *b)
{
    const CycleRow *x = a, *y = b;
    int c = strcmp(x->batch, y->batch);
    if (!c) c = strcmp(x->machine, y->machine);
    if (!c) c = strcmp(x->unit, y->unit);
    if (!c) c = x->line < y->line ? -1 : x->line > y->line;
    return c;
}

static void cycle_rows_free(CycleRow *r, uint32_t n)
{
    for (uint32_t k = 0; k < n; k++) {
        tk_free(r[k].batch), tk_free(r[k].machine), tk_free(r[k].unit), tk_free(r[k].start);
        tk_free(r[k].end), tk_free(r[k].wo), tk_free(r[k].op), tk_free(r[k].pieces);
    }
}

/* The cycles, each as one batch record of its rows (sorted by batch,
 * machine, unit, line); NULL, or what is wrong. */
static char *put_cycles(const char *name, CycleRow *r, uint32_t n, StrBuf *out)
{
    qsort(r, n, sizeof *r, cycle_row_cmp);
    for (uint32_t k = 0; k < n;) {
        uint32_t e = k + 1;
        while (e < n && !strcmp(r[e].batch, r[k].batch) && !strcmp(r[e].machine, r[k].machine) && !strcmp(r[e].unit, r[k].unit))
            e++;
        for (uint32_t q = k + 1; q < e; q++)
            if (strcmp(r[q].start, r[k].start) || strcmp(r[q].end, r[k].end))
                return tk_fmt("%s:%u: batch '%s' on %s %s is given another start or end than on line %u", name, r[q].line,
                              r[k].batch, r[k].machine, r[k].unit, r[k].line);
        sb_printf(out, "  batch %s %s ", r[k].machine, r[k].unit);
        put_string(out, r[k].batch);
        sb_printf(out, " { start %s", r[k].start);
        if (*r[k].end) sb_printf(out, "  end %s", r[k].end);
        for (uint32_t q = k; q < e; q++) {
            sb_puts(out, "  op ");
            put_string(out, r[q].wo);
            sb_printf(out, " %s", r[q].op);
            if (*r[q].pieces) sb_printf(out, " %s", r[q].pieces);
        }
        sb_puts(out, " }\n");
        k = e;
    }
    return NULL;
}

char *actuals_from_csv(const char *name, const char *text, size_t len, StrBuf *out)
{
    enum { MAXF = 32 };
    StrBuf f[MAXF];
    memset(f, 0, sizeof f);
    TK_VEC_OF(CycleRow) cyc = {0}; /* members of cycles, written at the end */
    size_t pos = files_bom_len(text, len); /* a spreadsheet's byte-order mark is not the header's */
    uint32_t line = 1, at;
    char *err = NULL;
    int col[C__COUNT];
    for (int c = 0; c < C__COUNT; c++) col[c] = -1;
    at = line;
    int nh = csv_record(text, len, &pos, f, MAXF, &line);
    if (nh < 1) {
        err = tk_fmt("%s:1: %s", name, nh == -1 ? "the file is empty" : "the header cannot be read");
        goto done;
    }
    for (int k = 0; k < nh; k++) {
        char *h = trim(f[k].data ? f[k].data : (char *)"");
        for (char *c = h; *c; c++) *c = (char)tolower((unsigned char)*c);
        for (int c = 0; c < C__COUNT; c++)
            if (strcmp(h, colnames[c]) == 0) {
                if (col[c] >= 0) {
                    err = tk_fmt("%s:1: the column '%s' is given twice", name, h);
                    goto done;
                }
                col[c] = k;
            }
    }
    bool ops = col[C_WO] >= 0 || col[C_OP] >= 0, issues = !ops && col[C_ISSUED] >= 0;
    const int need_ops[] = {C_WO, C_OP, C_MACHINE, C_START}, need_rec[] = {C_MATERIAL, C_QTY, C_RECEIVED},
              need_iss[] = {C_MATERIAL, C_QTY, C_ISSUED};
    const int *need = ops ? need_ops : issues ? need_iss : need_rec;
    int nneed = ops ? 4 : 3;
    for (int k = 0; k < nneed; k++)
        if (col[need[k]] < 0) {
            err = tk_fmt("%s:1: no column '%s'; %s", name, colnames[need[k]],
                         ops ? "operations need work_order, operation, machine and start"
                             : "receipts need material, qty and received, issues material, qty and issued "
                               "(operations: work_order, operation, machine, start)");
            goto done;
        }
    int c_time = issues ? C_ISSUED : C_RECEIVED;
    for (;;) {
        at = line;
        int n = csv_record(text, len, &pos, f, MAXF, &line);
        if (n == -1) break;
        if (n == -2) {
            err = tk_fmt("%s:%u: a quoted field is not closed", name, at);
            goto done;
        }
        if (n == -3) {
            err = tk_fmt("%s:%u: too many fields", name, at);
            goto done;
        }
        if (n == 1 && !*trim(f[0].data)) continue; /* a blank line */
        if (n != nh) {
            err = tk_fmt("%s:%u: %d fields, but the header has %d", name, at, n, nh);
            goto done;
        }
        const char *v[C__COUNT];
        for (int c = 0; c < C__COUNT; c++) v[c] = col[c] >= 0 ? trim(f[col[c]].data) : "";
        char t1[20], t2[20];
        if (ops) {
            for (int k = 0; k < nneed; k++)
                if (!*v[need[k]]) {
                    err = tk_fmt("%s:%u: '%s' is empty", name, at, colnames[need[k]]);
                    goto done;
                }
            if (!norm_time(v[C_START], t1, sizeof t1) || (*v[C_END] && !norm_time(v[C_END], t2, sizeof t2))) {
                err = tk_fmt("%s:%u: a time must be written 2026-12-07T06:00 or 2026-12-07 06:00", name, at);
                goto done;
            }
            const char *why = unwritable(v[C_WO], false);
            if (why) {
                err = tk_fmt("%s:%u: the work order '%s' holds %s", name, at, v[C_WO], why);
                goto done;
            }
            if (!plain_name(v[C_OP]) || !plain_name(v[C_MACHINE])) {
                err = tk_fmt("%s:%u: '%s' on '%s': step and machine names are letters, digits and _", name, at, v[C_OP],
                             v[C_MACHINE]);
                goto done;
            }
            const char *nums[] = {v[C_UNIT], v[C_GOOD], v[C_SCRAP], v[C_SETUP], v[C_PIECES]};
            for (int k = 0; k < 5; k++)
                if (*nums[k] && !is_number(nums[k])) {
                    err = tk_fmt("%s:%u: '%s' is not a number", name, at, nums[k]);
                    goto done;
                }
            if (*v[C_BATCH]) {
                /* a member of a cycle reported whole: written with its cycle, at the end */
                why = unwritable(v[C_BATCH], false);
                if (why) {
                    err = tk_fmt("%s:%u: the batch '%s' holds %s", name, at, v[C_BATCH], why);
                    goto done;
                }
                if (*v[C_GOOD] || *v[C_SCRAP] || *v[C_SETUP] || *v[C_USED] || *v[C_RESOURCES]) {
                    err = tk_fmt("%s:%u: a member of batch '%s' takes its pieces, not good, scrap, setup, used or resources: "
                                 "a cycle is reported whole (docs/actuals.md)", name, at, v[C_BATCH]);
                    goto done;
                }
                CycleRow r = {tk_strdup(v[C_BATCH]), tk_strdup(v[C_MACHINE]), tk_strdup(*v[C_UNIT] ? v[C_UNIT] : "1"),
                              tk_strdup(t1), tk_strdup(*v[C_END] ? t2 : ""), tk_strdup(v[C_WO]), tk_strdup(v[C_OP]),
                              tk_strdup(v[C_PIECES]), at};
                vec_push(&cyc, r);
                continue;
            }
            if (*v[C_PIECES]) {
                err = tk_fmt("%s:%u: pieces are a member's of a cycle: the row names no batch", name, at);
                goto done;
            }
            sb_puts(out, "  op ");
            put_string(out, v[C_WO]);
            sb_printf(out, " %s on %s %s { start %s", v[C_OP], v[C_MACHINE], *v[C_UNIT] ? v[C_UNIT] : "1", t1);
            if (*v[C_END]) sb_printf(out, "  end %s", t2);
            if (*v[C_SETUP]) sb_printf(out, "  setup %s min", v[C_SETUP]);
            if (*v[C_GOOD]) sb_printf(out, "  good %s", v[C_GOOD]);
            if (*v[C_SCRAP]) sb_printf(out, "  scrap %s", v[C_SCRAP]);
            /* resources: "fitter:2; setter:1" (the plan file's POOL:UNIT) */
            char *res = tk_strdup(v[C_RESOURCES]);
            char *rsave = NULL;
            for (char *item = strtok_r(res, ";,", &rsave); item; item = strtok_r(NULL, ";,", &rsave)) {
                char *pool = trim(item);
                if (!*pool) continue;
                char *colon = strchr(pool, ':');
                char *unit = colon ? trim(colon + 1) : (char *)"";
                if (colon) *colon = 0;
                pool = trim(pool);
                size_t nd = strspn(unit, "0123456789");
                /* a name and a unit from 1: nothing else reaches the model's text */
                if (!colon || !plain_name(pool) || !nd || unit[nd] || nd > 9 || strspn(unit, "0") == nd) {
                    err = tk_fmt("%s:%u: '%s%s%s' in resources: write RESOURCE:UNIT (units from 1), e.g. fitter:2", name, at,
                                 pool, colon ? ":" : "", unit);
                    tk_free(res);
                    goto done;
                }
                sb_printf(out, "  with %s %s", pool, unit + strspn(unit, "0"));
            }
            tk_free(res);
            /* used: "steel_tube=100 m; powder=2.5 kg" */
            char *used = tk_strdup(v[C_USED]);
            char *save = NULL;
            for (char *item = strtok_r(used, ";", &save); item; item = strtok_r(NULL, ";", &save)) {
                char *eq = strchr(item, '=');
                char *mat = trim(item);
                if (!eq) {
                    err = tk_fmt("%s:%u: '%s' in used: write MATERIAL=QUANTITY, e.g. steel_tube=100 m", name, at, mat);
                    tk_free(used);
                    goto done;
                }
                *eq = 0;
                mat = trim(mat);
                char *qty = trim(eq + 1);
                char *e;
                strtod(qty, &e);
                char *uom = e;
                while (*uom == ' ') uom++;
                /* a number and a unit name: nothing else reaches the model's text */
                if (!plain_name(mat) || e == qty || (*uom && !plain_name(uom))) {
                    err = tk_fmt("%s:%u: '%s=%s' in used: write MATERIAL=QUANTITY, e.g. steel_tube=100 m", name, at, mat, qty);
                    tk_free(used);
                    goto done;
                }
                sb_printf(out, "  used %s %s", mat, qty);
            }
            tk_free(used);
            sb_puts(out, " }\n");
        } else {
            for (int k = 0; k < nneed; k++)
                if (!*v[need[k]]) {
                    err = tk_fmt("%s:%u: '%s' is empty", name, at, colnames[need[k]]);
                    goto done;
                }
            if (!norm_time(v[c_time], t1, sizeof t1)) {
                err = tk_fmt("%s:%u: a time must be written 2026-12-07T06:00 or 2026-12-07 06:00", name, at);
                goto done;
            }
            if (!plain_name(v[C_MATERIAL]) || !is_number(v[C_QTY]) || (*v[C_UNIT] && !plain_name(v[C_UNIT]))) {
                err = tk_fmt("%s:%u: '%s %s %s' is not a material and a quantity", name, at, v[C_MATERIAL], v[C_QTY],
                             v[C_UNIT]);
                goto done;
            }
            const char *why = unwritable(v[C_REF], true);
            if (why) {
                err = tk_fmt("%s:%u: the reference '%s' holds %s", name, at, v[C_REF], why);
                goto done;
            }
            sb_printf(out, "  %s %s %s%s%s on %s", issues ? "issued" : "received", v[C_MATERIAL], v[C_QTY],
                      *v[C_UNIT] ? " " : "", v[C_UNIT], t1);
            if (*v[C_REF]) {
                sb_putc(out, ' ');
                put_string(out, v[C_REF]);
            }
            sb_putc(out, '\n');
        }
    }
    if (cyc.len) err = put_cycles(name, cyc.data, cyc.len, out);
done:
    cycle_rows_free(cyc.data, cyc.len);
    vec_free(&cyc);
    for (int k = 0; k < MAXF; k++) sb_free(&f[k]);
    return err;
}
