/* cli.h: the takt command — shared option handling for its subcommands. */
#ifndef TAKT_CLI_H
#define TAKT_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "compiler/diag.h"
#include "compiler/model.h"

enum { EXIT_CLEAN = 0, EXIT_MODEL = 1, EXIT_USAGE = 2 };

typedef struct CliDiagOpts {
    DiagFormat format;
    int color;      /* -1 auto, 0 never, 1 always */
    bool werror;
    bool quiet;
} CliDiagOpts;

extern const char *cli_exe;

/* Returns 1 if arg was a diagnostics option (consumed), 0 if not, -1 on a bad
 * value (message printed). */
int cli_diag_option(CliDiagOpts *o, const char *arg);
void cli_diag_defaults(CliDiagOpts *o);
/* Prints the model's diagnostics; returns the exit code they call for. */
int cli_report(Model *m, const CliDiagOpts *o);
int cli_usage_error(const char *cmd, const char *fmt, ...) TK_PRINTF(2, 3);
bool cli_is_help(const char *arg);
/* The whole of a regular file, NUL-terminated, or NULL with a message
 * ("takt CMD: cannot read ...") printed: a big buffer, freed with
 * tk_big_free (or kept by sources_add_owned). */
#define CLI_MAX_FILE ((uint64_t)1 << 31)
char *cli_read_file(const char *cmd, const char *path, size_t *len);

int cmd_check(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_fmt(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_forecast(int argc, char **argv);

#endif
