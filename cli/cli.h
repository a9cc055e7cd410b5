/* cli.h: the takt command — shared option handling for its subcommands. */
#ifndef TAKT_CLI_H
#define TAKT_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "compiler/diag.h"
#include "compiler/model.h"
#include "runtime/compare.h"

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
/* An option with a value, written "--name VALUE" or "--name=VALUE": its
 * value when argv[*i] is that option (*i then past the value), else NULL
 * (also for "--name" with nothing after it: an unknown option). */
const char *cli_opt_value(int argc, char **argv, int *i, const char *name);
/* The subcommand running ("plan"), or "" before one is known. */
extern const char *cli_cmd;

/* The whole of a file named on the command line (a plan, a CSV), read as
 * files_read_named allows (docs/security.md), or NULL with a message
 * ("takt CMD: cannot read ...") printed; what names its kind for the
 * message ("a plan"). A big buffer, freed with tk_big_free (or kept by
 * sources_add_owned); a byte-order mark is not part of it. */
#define CLI_MAX_FILE ((uint64_t)1 << 31)
char *cli_read_file(const char *cmd, const char *path, const char *what, size_t *len);

/* Standard output. cli_write_stdout writes and flushes; false, with the
 * message printed once, if standard output is one of the input files
 * (cli_stdout_guard) or a write failed (cli_stdout_failed also tells
 * whether anything written before failed). Every failure makes the exit
 * code 2 when the command ends. */
bool cli_write_stdout(const char *data, size_t len);
bool cli_stdout_guard(void);
bool cli_stdout_failed(void);

/* Pins CSV files named on the command line (--pins FILE.csv), read as
 * cli_read_file does, into the model's sources and Model.extra_pins, to be
 * checked with the model; false with the message printed. */
bool cli_load_pins(Model *m, const char *cmd, const char *const *paths, int n);

/* Refuses outputs (files to write, by name; NULL entries skipped) that are
 * one of the inputs, or the same file as another output: false with a
 * message. what[i] names output i ("plan"). */
bool cli_check_outputs(const char *cmd, const char *const *outs, const char *const *what, int n);

/* Set by takt sweep before it runs a job's takt plan: --format=json names
 * the report's form alone, the diagnostics stay text on standard error. */
extern bool cli_plan_json_report_only;

int cmd_check(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_fmt(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_forecast(int argc, char **argv);
int cmd_dispatch(int argc, char **argv);
int cmd_lsp(int argc, char **argv);
int cmd_compare(int argc, char **argv);
/* takt compare's parts, for takt plan --compare too (cmd_compare.c). A plan
 * file, or a folder's *.plan files sorted by name, appended to paths (a
 * message naming cmd printed if the folder cannot be read or holds none). */
#define COMPARE_MAX 1024 /* plans in one comparison (docs/limits.md) */
bool compare_add_path(const char *cmd, const char *a, char ***paths, uint32_t *n, uint32_t *cap);
/* Reads each plan at paths with the scenario it names of the model of
 * files[0..nfiles), verifies it
 * against that variant (a plan that does not hold is reported and not
 * compared: exit code 1), and writes the comparison in format fmt to out,
 * base first: given if not NULL, else the plan of the model without a
 * scenario, else the first. Returns an exit code. */
int compare_plans(const char *cmd, const char **files, int nfiles, char **paths, uint32_t n, const CmpPlan *given,
                  CmpFormat fmt, StrBuf *out);
int cmd_sweep(int argc, char **argv);
int cmd_merge_plan(int argc, char **argv);

#endif
