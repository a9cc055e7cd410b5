/* import_bench.c: job shop and flexible job shop instances, read strictly and
 * written as Takt models.
 *
 * Both formats are lines of whole numbers. jssp: "J M", then one line per job
 * of M pairs "machine time", machines counted from 0. fjsp (Brandimarte
 * .fjs): "J M F", then one line per job "n  k m t ... m t  k m t ...": n
 * operations, each with k pairs "machine time", machines counted from 1; F,
 * the mean number of machines per operation, is informational. Any spaces
 * separate numbers, blank lines are skipped, and the last line may lack its
 * newline. The first problem found is reported as "FILE:LINE: message".
 *
 * The model follows one mapping, which programs reading its plans rely on
 * (docs/import.md): start 2000-01-01 00:00, one minute per time unit, machine
 * i (from 0) is `Mi`, job i is order `ji` for one piece of product `pi`, whose
 * steps are `o0`, `o1`, ...; the objective is the makespan, or with due dates
 * and weights by a rule (bench_write_model_due) the weighted tardiness. */
#include "import_bench.h"

#include "compiler/ast.h"
#include "compiler/files.h"
#include "compiler/ir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_INSTANCE_SIZE (64u << 20)
/* Machines are m0, m1, ... (docs/import.md). */
#define MACHINE "m"
#define MAX_NUMBER 999999999 /* larger whole numbers are refused as too large */

const char *bench_kind_name(BenchKind kind) { return kind == BENCH_JSSP ? "jssp" : "fjsp"; }

bool bench_kind_parse(const char *name, BenchKind *kind)
{
    if (strcmp(name, "jssp") == 0) *kind = BENCH_JSSP;
    else if (strcmp(name, "fjsp") == 0) *kind = BENCH_FJSP;
    else return false;
    return true;
}

void bench_free(BenchInstance *bi)
{
    tk_free(bi->source);
    vec_free(&bi->jobs);
    vec_free(&bi->ops);
    vec_free(&bi->alts);
    memset(bi, 0, sizeof *bi);
}

/* ---- Lines and tokens ---------------------------------------------------- */
typedef struct Tok {
    const char *s;
    uint32_t n;
} Tok;
TK_VEC(TokVec, Tok);

typedef struct Reader {
    const char *name;
    const char *p, *end;
    uint32_t line;       /* the line next_line read last */
    TokVec toks;         /* its tokens */
    char *err;
    char shown[48];      /* a token as messages show it */
} Reader;

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }
static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Reads the next line that is not blank and splits it at spaces; false at
 * the end of the text (r->line is then the last line). */
static bool next_line(Reader *r)
{
    while (r->p < r->end) {
        const char *q = r->p;
        r->line++;
        r->toks.len = 0;
        for (;;) {
            while (q < r->end && is_blank(*q)) q++;
            if (q == r->end || *q == '\n') break;
            const char *s = q;
            while (q < r->end && *q != '\n' && !is_blank(*q)) q++;
            vec_push(&r->toks, ((Tok){s, (uint32_t)(q - s)}));
        }
        r->p = q < r->end ? q + 1 : q;
        if (r->toks.len) return true;
    }
    return false;
}

static bool fail(Reader *r, const char *fmt, ...) TK_PRINTF(2, 3);
static bool fail(Reader *r, const char *fmt, ...)
{
    if (r->err) return false;
    va_list ap;
    va_start(ap, fmt);
    char *msg = tk_vfmt(fmt, ap);
    va_end(ap);
    r->err = tk_fmt("%s:%u: %s", r->name, r->line ? r->line : 1, msg);
    tk_free(msg);
    return false;
}

/* The token as a message shows it: printable ASCII, cut short if long. */
static const char *show(Reader *r, Tok t)
{
    size_t o = 0, cap = sizeof r->shown;
    for (uint32_t i = 0; i < t.n; i++) {
        unsigned char c = (unsigned char)t.s[i];
        if (o + 8 >= cap) {
            memcpy(r->shown + o, "...", 4);
            return r->shown;
        }
        if (c >= 0x20 && c < 0x7f && c != '\'' && c != '\\') r->shown[o++] = (char)c;
        else o += (size_t)snprintf(r->shown + o, cap - o, "\\x%02x", c);
    }
    r->shown[o] = 0;
    return r->shown;
}

/* ---- Numbers ------------------------------------------------------------- */
typedef enum NumKind { NUM_INT, NUM_DECIMAL, NUM_TOO_LARGE, NUM_NONE } NumKind;

/* A whole number is an optional '-' and digits. A decimal (3.5, 1e3) is told
 * apart only to say what is wrong with it. */
static NumKind scan_number(Tok t, int64_t *out)
{
    uint32_t i = 0;
    bool neg = t.n > 0 && t.s[0] == '-';
    if (neg) i++;
    uint32_t first = i;
    int64_t v = 0;
    while (i < t.n && is_digit(t.s[i])) {
        v = v * 10 + (t.s[i] - '0');
        if (v > MAX_NUMBER) v = MAX_NUMBER + 1;
        i++;
    }
    uint32_t nint = i - first;
    if (i == t.n && nint > 0) {
        if (v > MAX_NUMBER) return NUM_TOO_LARGE;
        *out = neg ? -v : v;
        return NUM_INT;
    }
    uint32_t nfrac = 0;
    if (i < t.n && t.s[i] == '.')
        for (i++; i < t.n && is_digit(t.s[i]); i++) nfrac++;
    if (nint + nfrac == 0) return NUM_NONE;
    if (i < t.n && (t.s[i] == 'e' || t.s[i] == 'E')) {
        i++;
        if (i < t.n && (t.s[i] == '-' || t.s[i] == '+')) i++;
        uint32_t nexp = 0;
        for (; i < t.n && is_digit(t.s[i]); i++) nexp++;
        if (nexp == 0) return NUM_NONE;
    }
    return i == t.n ? NUM_DECIMAL : NUM_NONE;
}

/* Reads a whole number; `what` names it in messages ("the time of operation 3"). */
static bool read_int(Reader *r, Tok t, const char *what, int64_t *v)
{
    switch (scan_number(t, v)) {
    case NUM_INT: return true;
    case NUM_DECIMAL: return fail(r, "%s must be a whole number, found '%s'", what, show(r, t));
    case NUM_TOO_LARGE: return fail(r, "%s is too large: %s", what, show(r, t));
    case NUM_NONE: break;
    }
    return fail(r, "expected a whole number for %s, found '%s'", what, show(r, t));
}

/* A count of jobs, machines or operations: at least 1. */
static bool read_count(Reader *r, Tok t, const char *what, int64_t *v)
{
    if (!read_int(r, t, what, v)) return false;
    if (*v < 1) return fail(r, "%s must be at least 1, found %lld", what, (long long)*v);
    return true;
}

/* A machine of operation `op` (from 1), numbered from `base` in the file;
 * stored from 0. */
static bool read_machine(Reader *r, Tok t, uint32_t op, int base, int64_t nmachines, uint32_t *m)
{
    char what[64];
    snprintf(what, sizeof what, "the machine of operation %u", op);
    int64_t v;
    if (!read_int(r, t, what, &v)) return false;
    if (v < base || v >= nmachines + base)
        return fail(r, "machine %lld of operation %u is out of range %d..%lld", (long long)v, op, base,
                    (long long)(nmachines + base - 1));
    *m = (uint32_t)(v - base);
    return true;
}

static bool read_time(Reader *r, Tok t, uint32_t op, uint32_t *time)
{
    char what[64];
    snprintf(what, sizeof what, "the time of operation %u", op);
    int64_t v;
    if (!read_int(r, t, what, &v)) return false;
    if (v < 0) return fail(r, "%s must not be negative, found %lld", what, (long long)v);
    *time = (uint32_t)v;
    return true;
}

static bool read_header(Reader *r, const char *form, uint32_t nfields)
{
    if (!next_line(r)) {
        r->line = 1;
        return fail(r, "the file is empty; expected the header '%s'", form);
    }
    if (r->toks.len != nfields)
        return fail(r, "expected the header '%s' (%u numbers), found %u value%s", form, nfields, r->toks.len,
                    r->toks.len == 1 ? "" : "s");
    return true;
}

static bool expect_job_line(Reader *r, int64_t njobs, uint32_t j)
{
    if (next_line(r)) return true;
    return fail(r, "the file ends after %u of %lld jobs", j, (long long)njobs);
}

static bool expect_end(Reader *r, int64_t njobs)
{
    if (!next_line(r)) return true;
    return fail(r, "expected the end of the file after %lld job%s, found '%s'", (long long)njobs,
                njobs == 1 ? "" : "s", show(r, r->toks.data[0]));
}

static const char *pair_rest(uint32_t ntoks)
{
    return ntoks % 2 ? " and a machine without its time" : "";
}

/* Adds an operation of the alternatives pushed since `first`. */
static void add_op(BenchInstance *bi, uint32_t first)
{
    uint32_t longest = 0;
    for (uint32_t a = first; a < bi->alts.len; a++) longest = TK_MAX(longest, bi->alts.data[a].time);
    bi->work += longest;
    vec_push(&bi->ops, ((BenchOp){first, bi->alts.len - first}));
}

/* ---- jssp ---------------------------------------------------------------- */
static bool parse_jssp(Reader *r, BenchInstance *bi)
{
    int64_t njobs, nmachines;
    if (!read_header(r, "JOBS MACHINES", 2)) return false;
    if (!read_count(r, r->toks.data[0], "the number of jobs", &njobs)) return false;
    if (!read_count(r, r->toks.data[1], "the number of machines", &nmachines)) return false;
    bi->nmachines = (uint32_t)nmachines;
    int64_t want = 2 * nmachines;
    for (uint32_t j = 0; j < njobs; j++) {
        if (!expect_job_line(r, njobs, j)) return false;
        uint32_t ntoks = r->toks.len;
        uint32_t have = (int64_t)ntoks < want ? ntoks : (uint32_t)want;
        BenchJob job = {bi->ops.len, 0};
        for (uint32_t i = 0; i < have; i += 2) {
            uint32_t op = i / 2 + 1;
            BenchAlt alt = {0, 0};
            if (!read_machine(r, r->toks.data[i], op, 0, nmachines, &alt.machine)) return false;
            if (i + 1 < have && !read_time(r, r->toks.data[i + 1], op, &alt.time)) return false;
            if (i + 1 >= have) break;
            uint32_t first = bi->alts.len;
            vec_push(&bi->alts, alt);
            add_op(bi, first);
            job.nops++;
        }
        if ((int64_t)ntoks < want)
            return fail(r, "expected %lld (machine, time) pairs, found %u%s", (long long)nmachines, ntoks / 2,
                        pair_rest(ntoks));
        if ((int64_t)ntoks > want)
            return fail(r, "unexpected '%s' after %lld (machine, time) pairs", show(r, r->toks.data[want]),
                        (long long)nmachines);
        vec_push(&bi->jobs, job);
    }
    return expect_end(r, njobs);
}

/* ---- fjsp ---------------------------------------------------------------- */
static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* The alternatives of one operation name each machine once. */
static bool check_distinct(Reader *r, const BenchInstance *bi, uint32_t first, uint32_t op, U32Vec *scratch)
{
    scratch->len = 0;
    for (uint32_t a = first; a < bi->alts.len; a++) vec_push(scratch, bi->alts.data[a].machine);
    qsort(scratch->data, scratch->len, sizeof(uint32_t), cmp_u32);
    for (uint32_t i = 1; i < scratch->len; i++)
        if (scratch->data[i] == scratch->data[i - 1])
            return fail(r, "operation %u lists machine %u twice", op, scratch->data[i] + 1);
    return true;
}

static bool parse_fjsp_job(Reader *r, BenchInstance *bi, int64_t nmachines, U32Vec *scratch)
{
    const Tok *t = r->toks.data;
    uint32_t ntoks = r->toks.len, i = 1;
    int64_t nops;
    if (!read_count(r, t[0], "the number of operations", &nops)) return false;
    BenchJob job = {bi->ops.len, 0};
    for (uint32_t op = 1; op <= nops; op++) {
        if (i == ntoks) return fail(r, "expected %lld operations, found %u", (long long)nops, op - 1);
        char what[64];
        snprintf(what, sizeof what, "the number of machines of operation %u", op);
        int64_t k;
        if (!read_count(r, t[i++], what, &k)) return false;
        if (k > nmachines)
            return fail(r, "operation %u lists %lld machines, but the instance has %lld", op, (long long)k,
                        (long long)nmachines);
        uint32_t avail = ntoks - i;
        uint32_t first = bi->alts.len;
        for (uint32_t a = 0; a < k && 2 * a < avail; a++) {
            BenchAlt alt = {0, 0};
            if (!read_machine(r, t[i + 2 * a], op, 1, nmachines, &alt.machine)) return false;
            if (2 * a + 1 == avail) break;
            if (!read_time(r, t[i + 2 * a + 1], op, &alt.time)) return false;
            vec_push(&bi->alts, alt);
        }
        if ((int64_t)avail < 2 * k)
            return fail(r, "expected %lld (machine, time) pair%s for operation %u, found %u%s", (long long)k,
                        k == 1 ? "" : "s", op, avail / 2, pair_rest(avail));
        i += (uint32_t)(2 * k);
        if (!check_distinct(r, bi, first, op, scratch)) return false;
        add_op(bi, first);
        job.nops++;
    }
    if (i < ntoks)
        return fail(r, "unexpected '%s' after the %lld operation%s of the job", show(r, t[i]), (long long)nops,
                    nops == 1 ? "" : "s");
    vec_push(&bi->jobs, job);
    return true;
}

static bool parse_fjsp(Reader *r, BenchInstance *bi)
{
    int64_t njobs, nmachines, flex;
    if (!read_header(r, "JOBS MACHINES FLEXIBILITY", 3)) return false;
    if (!read_count(r, r->toks.data[0], "the number of jobs", &njobs)) return false;
    if (!read_count(r, r->toks.data[1], "the number of machines", &nmachines)) return false;
    Tok f = r->toks.data[2];
    NumKind fk = scan_number(f, &flex);
    if (fk == NUM_NONE || f.s[0] == '-')
        return fail(r, "the flexibility (machines per operation) must be a number not below 0, found '%s'",
                    show(r, f));
    bi->nmachines = (uint32_t)nmachines;
    U32Vec scratch = {0};
    bool ok = true;
    for (uint32_t j = 0; ok && j < njobs; j++)
        ok = expect_job_line(r, njobs, j) && parse_fjsp_job(r, bi, nmachines, &scratch);
    vec_free(&scratch);
    return ok && expect_end(r, njobs);
}

/* ---- Reading ------------------------------------------------------------- */
char *bench_parse(BenchInstance *bi, BenchKind kind, const char *name, const char *text, size_t len)
{
    memset(bi, 0, sizeof *bi);
    bi->kind = kind;
    bi->source = tk_strdup(name);
    Reader r = {0};
    r.name = name;
    r.p = text;
    r.end = text + len;
    bool ok = kind == BENCH_JSSP ? parse_jssp(&r, bi) : parse_fjsp(&r, bi);
    if (ok && bi->work > BENCH_MAX_WORK)
        r.err = tk_fmt("%s: the operations take %lld time units in all; with a day added, that is longer "
                       "than the longest horizon a model may have (20 years, %lld minutes)",
                       name, (long long)bi->work, (long long)BENCH_MAX_WORK + 1440);
    vec_free(&r.toks);
    if (r.err) bench_free(bi);
    return r.err;
}

BenchStatus bench_load(BenchInstance *bi, BenchKind kind, const char *path, char **err)
{
    memset(bi, 0, sizeof *bi);
    *err = NULL;
    FileText ft;
    if (files_read_named(path, MAX_INSTANCE_SIZE, "an instance file", &ft, err) != FILE_OK) return BENCH_IO_ERROR;
    *err = bench_parse(bi, kind, path, ft.text, ft.len);
    tk_big_free(ft.text);
    return *err ? BENCH_BAD_INSTANCE : BENCH_OK;
}

/* ---- Writing ------------------------------------------------------------- */
/* The file's name without its folders, kept to characters that are safe in a
 * comment and a string. */
static void put_base_name(StrBuf *b, const char *path, bool strip_ext)
{
    const char *s = strrchr(path, '/');
    s = s ? s + 1 : path;
    size_t n = strlen(s);
    const char *dot = strrchr(s, '.');
    if (strip_ext && dot && dot != s) n = (size_t)(dot - s);
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || strchr("_-.+ ", c);
        sb_putc(b, safe ? c : '_');
    }
}

/* Machines no operation uses are left out of the model (takt check would warn
 * about them); the others keep the names of their place in the file. Returns
 * the machines used, in order. */
static void used_machines(const BenchInstance *bi, U32Vec *used)
{
    for (uint32_t a = 0; a < bi->alts.len; a++) vec_push(used, bi->alts.data[a].machine);
    if (used->len) qsort(used->data, used->len, sizeof(uint32_t), cmp_u32);
    uint32_t n = 0;
    for (uint32_t i = 0; i < used->len; i++)
        if (n == 0 || used->data[i] != used->data[n - 1]) used->data[n++] = used->data[i];
    used->len = n;
}

static void put_range(StrBuf *b, uint32_t lo, uint32_t hi, bool *first)
{
    sb_puts(b, *first ? "" : ", ");
    *first = false;
    if (lo == hi) sb_printf(b, MACHINE "%u", lo);
    else sb_printf(b, MACHINE "%u-" MACHINE "%u", lo, hi);
}

static void put_unused(StrBuf *b, const BenchInstance *bi, const U32Vec *used)
{
    uint32_t nunused = bi->nmachines - used->len;
    if (nunused == 0) return;
    sb_puts(b, "//\n// No operation uses ");
    bool first = true;
    uint32_t next = 0; /* the first machine not yet accounted for */
    for (uint32_t i = 0; i <= used->len; i++) {
        uint32_t m = i < used->len ? used->data[i] : bi->nmachines;
        if (m > next) put_range(b, next, m - 1, &first);
        next = m + 1;
    }
    sb_printf(b, ", so the model leaves %s out.\n", nunused == 1 ? "it" : "them");
}

/* f as a decimal number, as short as it goes: 1.3, 2, 1.125. */
static void put_factor(StrBuf *b, const BenchDue *due)
{
    sb_printf(b, "%lld", (long long)(due->num / due->den));
    int64_t rest = due->num % due->den;
    if (!rest) return;
    sb_putc(b, '.');
    for (int64_t d = due->den / 10; rest && d; d /= 10) {
        sb_putc(b, (char)('0' + rest / d));
        rest %= d;
    }
}

static bool due_on(const BenchDue *due) { return due && due->den > 0; }

static void put_header(StrBuf *b, const BenchInstance *bi, const U32Vec *used, const BenchDue *due)
{
    bool flex = bi->kind == BENCH_FJSP;
    const char *kind = bench_kind_name(bi->kind);
    sb_puts(b, "// ");
    put_base_name(b, bi->source, false);
    sb_printf(b, ": a %s benchmark instance (%s).\n", flex ? "flexible job shop" : "job shop", kind);
    sb_printf(b, "// %u job%s, %u machine%s, %u operation%s", bi->jobs.len, bi->jobs.len == 1 ? "" : "s",
              bi->nmachines, bi->nmachines == 1 ? "" : "s", bi->ops.len, bi->ops.len == 1 ? "" : "s");
    if (flex) sb_printf(b, ", %.2f machines per operation on average", (double)bi->alts.len / bi->ops.len);
    sb_printf(b, ".\n// Written by `takt import %s`; the mapping is described in docs/import.md.\n", kind);
    sb_puts(b, "//\n"
               "// One time unit of the instance is one minute. The plant starts at\n"
               "// 2000-01-01 00:00 and its machines are always open, so the makespan of a\n"
               "// plan is the number of minutes from the start to the latest end of an\n"
               "// operation.\n"
               "//\n");
    if (flex)
        sb_puts(b, "// Machine k of the file (counted from 1) is m<k-1>; job i (from 0) is order\n"
                   "// j<i> for one piece of product p<i>, whose routing steps o0, o1, ... are the\n"
                   "// job's operations in order, each listing the machines that may run it with\n"
                   "// their own times.\n");
    else
        sb_puts(b, "// Machine i of the file (counted from 0) is m<i>; job i (from 0) is order\n"
                   "// j<i> for one piece of product p<i>, whose routing steps o0, o1, ... are the\n"
                   "// job's operations in order, each on its machine for its time.\n");
    if (!due_on(due)) sb_puts(b, "// Due dates are the end of the first day; only the makespan counts.\n");
    else {
        sb_puts(b, "// Job i is due floor(f * its total processing time) minutes after the\n"
                   "// start, f = ");
        put_factor(b, due);
        if (due->singer_pinedo)
            sb_puts(b, ", and weighs 4, 2 or 1 by the rule of Singer and Pinedo:\n"
                       "// the first 20% of the jobs 4, the next 60% 2, the last 20% 1. The\n"
                       "// objective is the total weighted tardiness (order priorities are the\n"
                       "// weights).\n");
        else sb_puts(b, ". The objective is the total tardiness.\n");
    }
    put_unused(b, bi, used);
}

/* ---- Due dates and weights by a rule --------------------------------------- */
bool bench_due_factor_parse(const char *text, BenchDue *due)
{
    int64_t num = 0, den = 1;
    const char *p = text;
    int digits = 0, decimals = -1;
    for (; *p; p++) {
        if (*p == '.' && decimals < 0 && digits > 0) {
            decimals = 0;
            continue;
        }
        if (!is_digit(*p)) return false;
        if (decimals >= 0 && ++decimals > BENCH_MAX_DUE_DECIMALS) return false;
        if (++digits > 12) return false; /* far above the largest factor */
        num = num * 10 + (*p - '0');
        if (decimals > 0) den *= 10;
    }
    if (!digits || decimals == 0) return false; /* "", "1." */
    if (num == 0 || num > (int64_t)BENCH_MAX_DUE_FACTOR * den) return false;
    due->num = num;
    due->den = den;
    return true;
}

/* The job's total processing time: its operations' times (each at its
 * longest, should one have alternatives). */
static int64_t job_work(const BenchInstance *bi, uint32_t j)
{
    const BenchJob *job = &bi->jobs.data[j];
    int64_t w = 0;
    for (uint32_t o = 0; o < job->nops; o++) {
        const BenchOp *op = &bi->ops.data[job->op + o];
        uint32_t t = 0;
        for (uint32_t a = 0; a < op->nalts; a++)
            if (bi->alts.data[op->alt + a].time > t) t = bi->alts.data[op->alt + a].time;
        w += t;
    }
    return w;
}

int64_t bench_due_minutes(const BenchInstance *bi, const BenchDue *due, uint32_t job)
{
    /* exact: f is a fraction, the work at most BENCH_MAX_WORK, so the
     * product stays far inside 64 bits */
    return job_work(bi, job) * due->num / due->den;
}

uint32_t bench_singer_pinedo_weight(uint32_t njobs, uint32_t job)
{
    uint64_t at = (uint64_t)job + 1; /* counted from 1 */
    if (5 * at <= njobs) return 4;                  /* the first 20% */
    if (5 * at <= 4 * (uint64_t)njobs) return 2;    /* the next 60% */
    return 1;
}

char *bench_due_check(const BenchInstance *bi, const BenchDue *due)
{
    if (!due_on(due)) return NULL;
    for (uint32_t j = 0; j < bi->jobs.len; j++)
        if (bench_due_minutes(bi, due, j) > BENCH_MAX_WORK)
            return tk_fmt("%s: job %u would be due %lld minutes after the start, past the longest "
                                    "horizon a model may have (20 years less a day): give a smaller --due-factor",
                                    bi->source, j, (long long)bench_due_minutes(bi, due, j));
    return NULL;
}

void bench_write_model(const BenchInstance *bi, StrBuf *b) { bench_write_model_due(bi, NULL, b); }

void bench_write_model_due(const BenchInstance *bi, const BenchDue *due, StrBuf *b)
{
    U32Vec used = {0};
    used_machines(bi, &used);
    put_header(b, bi, &used, due);
    const int64_t start = (int64_t)date_from_ymd(2000, 1, 1) * 1440;
    int64_t horizon = bi->work;
    if (due_on(due))
        for (uint32_t j = 0; j < bi->jobs.len; j++)
            if (bench_due_minutes(bi, due, j) > horizon) horizon = bench_due_minutes(bi, due, j);

    if (due_on(due) && horizon > bi->work)
        sb_puts(b, "\n// The horizon is the latest due date plus a day.\n");
    else sb_puts(b, "\n// The horizon is the work of all operations, each at its longest, plus a day.\n");
    sb_puts(b, "plant \"");
    put_base_name(b, bi->source, true);
    sb_printf(b, "\" { start 2000-01-01 00:00  horizon %lld min }\n\n", (long long)(horizon + 1440));
    for (uint32_t i = 0; i < used.len; i++) sb_printf(b, "machine " MACHINE "%u { units 1 }\n", used.data[i]);
    vec_free(&used);

    for (uint32_t j = 0; j < bi->jobs.len; j++) {
        const BenchJob *job = &bi->jobs.data[j];
        int width = snprintf(NULL, 0, "o%u", job->nops ? job->nops - 1 : 0);
        sb_printf(b, "\nproduct p%u {\n  routing {\n", j);
        for (uint32_t o = 0; o < job->nops; o++) {
            const BenchOp *op = &bi->ops.data[job->op + o];
            char name[16];
            snprintf(name, sizeof name, "o%u", o);
            sb_printf(b, "    %-*s on ", width, name);
            const BenchAlt *alt = &bi->alts.data[op->alt];
            if (op->nalts == 1) {
                sb_printf(b, MACHINE "%u run %u min\n", alt->machine, alt->time);
                continue;
            }
            for (uint32_t a = 0; a < op->nalts; a++)
                sb_printf(b, "%s" MACHINE "%u (run %u min)", a ? " | " : "", alt[a].machine, alt[a].time);
            sb_putc(b, '\n');
        }
        if (!due_on(due)) {
            sb_printf(b, "  }\n}\norder j%u { p%u 1  due 2000-01-01 }\n", j, j);
            continue;
        }
        char when[40];
        fmt_datetime_sp(when, sizeof when, start + bench_due_minutes(bi, due, j));
        sb_printf(b, "  }\n}\norder j%u { p%u 1  due %s", j, j, when);
        if (due->singer_pinedo) sb_printf(b, "  priority %u", bench_singer_pinedo_weight(bi->jobs.len, j));
        sb_puts(b, " }\n");
    }
    if (!due_on(due)) sb_puts(b, "\nschedule { minimize makespan }\n");
    else sb_printf(b, "\nschedule { minimize %s }\n", due->singer_pinedo ? "weighted_tardiness" : "tardiness");
}
