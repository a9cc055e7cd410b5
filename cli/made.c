/* made.c: what a plan records of how it was made — the `made-by` record
 * (docs/plan-format.md): the takt version and source revision, the digest
 * of the model, and the search's seed, iteration bound and threads — and
 * `takt --version`. The revision is fixed at build time (cmake/revision.cmake);
 * takt never runs git. */
#include <math.h>
#include <string.h>

#include "made.h"
#include "compiler/ir.h"
#include "compiler/sha256.h"
#include "takt_revision.h"

const char *cli_version(void) { return TAKT_VERSION; }
const char *cli_revision(void) { return TAKT_REVISION; }

void cli_model_digest(const Model *m, char hex[65])
{
    /* every file the model read, in the order read: its length in decimal,
     * a line feed, its bytes (so that `printf '%s\n' $(wc -c < f); cat f`
     * for each file, piped to sha256sum, gives the same) */
    Sha256 s;
    sha256_init(&s);
    for (uint32_t i = 1; i < m->sources.count; i++) {
        const SourceFile *sf = sources_get(&m->sources, (FileId)i);
        if (!sf) continue;
        char len[32];
        int n = snprintf(len, sizeof len, "%u\n", sf->len);
        sha256_update(&s, len, (size_t)n);
        sha256_update(&s, sf->text, sf->len);
    }
    uint8_t d[32];
    sha256_final(&s, d);
    sha256_hex(d, hex);
}

void cli_made_line(StrBuf *b, const MadeBy *mb)
{
    sb_printf(b, "made-by takt version %s revision %s model sha256:%s seed %llu iterations %lld threads %d",
              cli_version(), cli_revision(), mb->model, (unsigned long long)mb->seed, (long long)mb->iterations,
              mb->threads);
    if (mb->search_seconds > 0) {
        char v[40];
        fmt_double(v, sizeof v, mb->search_seconds);
        sb_printf(b, " search-seconds %s", v);
    }
    if (mb->release) sb_printf(b, " release %s", mb->release);
    sb_putc(b, '\n');
}

void cli_insert_made(StrBuf *plan, const MadeBy *mb)
{
    /* after the `takt-plan N` line (1, or 2 with batches), the first line
     * that starts so */
    if (!plan->data) return;
    const char *hdr = strncmp(plan->data, "takt-plan ", 10) == 0 ? plan->data : strstr(plan->data, "\ntakt-plan ");
    if (!hdr) return;
    if (*hdr == '\n') hdr++;
    const char *eol = strchr(hdr, '\n');
    if (!eol) return;
    size_t at = (size_t)(eol + 1 - plan->data);
    StrBuf line = {0};
    cli_made_line(&line, mb);
    sb_putn(plan, line.data, line.len); /* room */
    memmove(plan->data + at + line.len, plan->data + at, plan->len - line.len - at);
    memcpy(plan->data + at, line.data, line.len);
    sb_free(&line);
}
