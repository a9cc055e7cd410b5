/* fuzz_lsp.c: libFuzzer harness — bytes to takt lsp as its input stream,
 * after an initialize and the opening of a small model, so that requests
 * about a document reach the queries. Frames, JSON, methods, parameters,
 * positions and edits are all the fuzzer's. Any crash, hang, leak or
 * sanitizer report is a bug. Seeds: tests/fuzz/seeds/lsp (whole sessions). */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lsp/lsp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void frame(FILE *f, const char *body)
{
    fprintf(f, "Content-Length: %zu\r\n\r\n%s", strlen(body), body);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int sink = -1;
    if (sink < 0) sink = open("/dev/null", O_WRONLY);
    FILE *in = tmpfile();
    if (!in) return 0;
    frame(in, "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"rootUri\":null}}");
    frame(in, "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":"
              "{\"uri\":\"file:///fuzz/main.takt\",\"version\":1,\"text\":\"plant { start 2026-12-01 }\\n"
              "machine welder { units 2 }\\nmaterial tube { unit m }\\nproduct p { bom { tube 2 m } routing {\\n"
              "cut on welder run 1 min each\\nweld on weldr run 2 min after cut\\n} }\\n"
              "rule r(k = 1) = job.remaining_work * k\\norder \\\"A\\\" { p 1 due 2026-12-20 }\\n"
              "schedule { dispatch r }\\n\"}}}");
    fwrite(data, 1, size, in);
    fflush(in);
    lseek(fileno(in), 0, SEEK_SET);
    LspOptions o = {NULL, 0, false};
    lsp_serve(fileno(in), sink, &o);
    fclose(in);
    return 0;
}
