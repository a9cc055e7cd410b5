/* cmd_merge_plan.c: `takt merge-plan BASE OURS THEIRS PATH` — a git merge
 * driver for plan files (docs/ci.md, "A merge driver for plans"). A plan is
 * made from its model, so two sides' plans are never merged line by line:
 * the driver works out the merged commit's tree with git merge-tree, checks
 * the merged model out into a folder of its own, and plans it again with the
 * search OURS records, writing the plan to OURS. When it cannot (the models
 * conflict, the plan records no repeatable search, git is not merging two
 * commits it can name) it exits 1 and the plan stays in conflict, with the
 * reason on standard error. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "made.h"
#include "plan_check.h"
#include "compiler/esc.h"
#include "runtime/plan_read.h"

extern char **environ;

static const char merge_plan_help[] =
    "usage: takt merge-plan [--model MODEL] BASE OURS THEIRS PATH\n"
    "\n"
    "A git merge driver for plan files: in .gitattributes `*.plan merge=takt-plan`,\n"
    "and in the repository's configuration\n"
    "\n"
    "  git config merge.takt-plan.name 'takt: plan again from the merged model'\n"
    "  git config merge.takt-plan.driver 'takt merge-plan --model model/main.takt %O %A %B %P'\n"
    "\n"
    "Instead of merging the plan's lines, it plans again: the merged model (the\n"
    "model files of the merge, worked out by git merge-tree and checked out into\n"
    "a folder of their own) with the seed, iteration bound and threads OURS's\n"
    "made-by record gives, and writes that plan to OURS, so that the merge\n"
    "commits the plan of the merged model (takt plan --check passes on it).\n"
    "\n"
    "options:\n"
    "  --model MODEL   the plan's model, as a path in the repository; without it,\n"
    "                  the .takt file of our side whose files the made-by\n"
    "                  record's digest names (the plan's folder searched first)\n"
    "  -q, --quiet     nothing on standard error when it succeeds\n"
    "\n"
    "Run by git in the top folder of the work tree, during git merge or git pull.\n"
    "Exit codes: 0 the merged plan is in OURS; 1 it is not (the models conflict,\n"
    "the merged model has errors or cannot be planned, the plan records no\n"
    "repeatable search, or git is not merging two commits): the plan stays in\n"
    "conflict, to be made with takt plan after the merge; 2 usage.\n";

/* The environment a nested run sees: git merge-tree calls the repository's
 * merge drivers too, and this one must not recurse. */
#define NESTED_ENV "TAKT_MERGE_PLAN_NESTED"

static bool quiet;

static void say(const char *fmt, ...) TK_PRINTF(1, 2);
static void say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = tk_vfmt(fmt, ap);
    va_end(ap);
    fprintf(stderr, "takt merge-plan: %s\n", esc_show(msg));
    tk_free(msg);
}

/* Runs argv (found on PATH) with extra environment entries (NULL-ended, or
 * NULL), standard input from /dev/null; its standard output into out (or
 * discarded when out is NULL), standard error discarded when quiet_err.
 * Returns its exit status, or -1 if it could not run. */
static int run(char *const *argv, const char *const *extra, StrBuf *out, bool quiet_err)
{
    size_t n = 0, k = 0;
    while (environ[n]) n++;
    size_t ne = 0;
    while (extra && extra[ne]) ne++;
    char **env = tk_xalloc((n + ne + 1) * sizeof *env);
    for (size_t i = 0; i < n; i++) env[k++] = environ[i];
    for (size_t i = 0; i < ne; i++) env[k++] = (char *)extra[i];
    env[k] = NULL;
    int fds[2] = {-1, -1};
    if (out && pipe(fds) != 0) {
        tk_free(env);
        return -1;
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    if (out) {
        posix_spawn_file_actions_adddup2(&fa, fds[1], STDOUT_FILENO);
        posix_spawn_file_actions_addclose(&fa, fds[0]);
        posix_spawn_file_actions_addclose(&fa, fds[1]);
    } else posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    if (quiet_err) posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    pid_t pid;
    int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, env);
    posix_spawn_file_actions_destroy(&fa);
    tk_free(env);
    if (out) close(fds[1]);
    if (rc != 0) {
        if (out) close(fds[0]);
        errno = rc;
        return -1;
    }
    if (out) {
        char buf[8192];
        ssize_t r;
        while ((r = read(fds[0], buf, sizeof buf)) > 0 || (r < 0 && errno == EINTR))
            if (r > 0) sb_putn(out, buf, (size_t)r);
        close(fds[0]);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR) return -1;
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* git's output, its last line feed removed; NULL if git failed. */
static char *git_out(char *const *argv, const char *const *extra)
{
    StrBuf b = {0};
    int rc = run(argv, extra, &b, true);
    if (rc != 0) {
        sb_free(&b);
        return NULL;
    }
    while (b.len && b.data[b.len - 1] == '\n') b.len--;
    char *s = tk_strndup(b.data ? b.data : "", b.len);
    sb_free(&b);
    return s;
}

static bool is_hex_name(const char *s, size_t n)
{
    if (n != 40 && n != 64) return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return false;
    return true;
}

/* The commit being merged into HEAD: git names it to merge drivers as
 * GITHEAD_<commit>; MERGE_HEAD when git has written it. NULL if neither
 * names exactly one commit. */
static char *their_commit(void)
{
    char *found = NULL;
    int nfound = 0;
    for (char **e = environ; *e; e++) {
        if (strncmp(*e, "GITHEAD_", 8) != 0) continue;
        const char *h = *e + 8, *eq = strchr(h, '=');
        if (!eq || !is_hex_name(h, (size_t)(eq - h))) continue;
        if (!found) found = tk_strndup(h, (size_t)(eq - h));
        nfound++;
    }
    if (nfound == 1) return found;
    tk_free(found);
    if (nfound > 1) return NULL; /* an octopus: not two sides */
    char *argv[] = {"git", "rev-parse", "-q", "--verify", "MERGE_HEAD^{commit}", NULL};
    return git_out(argv, NULL);
}

/* The blob at rev:path equals the file's bytes? */
static bool same_blob(const char *rev, const char *path, const char *file)
{
    char *spec = tk_fmt("%s:%s", rev, path);
    char *a1[] = {"git", "rev-parse", "-q", "--verify", spec, NULL};
    char *want = git_out(a1, NULL);
    tk_free(spec);
    char *a2[] = {"git", "hash-object", "--no-filters", "--", (char *)file, NULL};
    char *have = git_out(a2, NULL);
    bool same = want && have && strcmp(want, have) == 0;
    tk_free(want);
    tk_free(have);
    return same;
}

/* Checks tree out into dir (made) through an index of its own, as git
 * checks out a work tree (attributes, line ends), and marks dir as the
 * project of the models in it (docs/security.md). */
static bool checkout_tree(const char *tree, const char *dir, const char *index)
{
    if (mkdir(dir, 0700) != 0) return false;
    char *envi = tk_fmt("GIT_INDEX_FILE=%s", index);
    const char *extra[] = {envi, NULL};
    char *a1[] = {"git", "read-tree", (char *)tree, NULL};
    char *wt = tk_fmt("--work-tree=%s", dir);
    char *a2[] = {"git", wt, "checkout-index", "-a", "-f", NULL};
    bool ok = run(a1, extra, NULL, false) == 0 && run(a2, extra, NULL, false) == 0;
    tk_free(envi);
    tk_free(wt);
    char *g = tk_fmt("%s/.git", dir);
    if (ok && mkdir(g, 0700) != 0 && errno != EEXIST) ok = false;
    tk_free(g);
    return ok;
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)ftw;
    return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* The digest of the model rooted at path, as its plan's made-by record
 * gives it; false if the model cannot be read. */
static bool digest_of(const char *path, char hex[65])
{
    Model *m = model_new(cli_exe);
    const char *files[] = {path};
    bool ok = model_check_paths(m, files, 1) && !diag_has_errors(&m->diags);
    if (ok) cli_model_digest(m, hex);
    model_free(m);
    return ok;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The .takt file of the tree checked out in dir whose files have the
 * digest `want`: the plan's folder first, then the others in git's order.
 * Returns its path in the repository (malloc'd) or NULL. */
static char *find_model(const char *tree, const char *dir, const char *plan_path, const char *want)
{
    char *a[] = {"git", "ls-tree", "-r", "-z", "--name-only", (char *)tree, NULL};
    StrBuf names = {0};
    if (run(a, NULL, &names, true) != 0) {
        sb_free(&names);
        return NULL;
    }
    char *pdir = files_dir_of(plan_path);
    size_t pdl = strcmp(pdir, ".") == 0 ? 0 : strlen(pdir);
    char *found = NULL;
    for (int pass = 0; pass < 2 && !found; pass++) {
        for (size_t off = 0; off < names.len && !found;) {
            const char *name = names.data + off;
            off += strlen(name) + 1;
            if (!ends_with(name, ".takt")) continue;
            const char *slash = strrchr(name, '/');
            size_t nd = slash ? (size_t)(slash - name) : 0;
            bool beside = nd == pdl && strncmp(name, pdir, pdl) == 0;
            if (beside != (pass == 0)) continue;
            char *full = tk_fmt("%s/%s", dir, name);
            char hex[65];
            if (digest_of(full, hex) && strcmp(hex, want) == 0) found = tk_strdup(name);
            tk_free(full);
        }
    }
    free(pdir);
    sb_free(&names);
    return found;
}

int cmd_merge_plan(int argc, char **argv)
{
    const char *model = NULL;
    const char *args[4];
    int nargs = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (cli_is_help(a)) {
            fputs(merge_plan_help, stdout);
            return EXIT_CLEAN;
        }
        if (strcmp(a, "--model") == 0 && i + 1 < argc) model = argv[++i];
        else if (strncmp(a, "--model=", 8) == 0) model = a + 8;
        else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) quiet = true;
        else if (a[0] == '-' && a[1]) return cli_usage_error("merge-plan", "unknown option '%s'", a);
        else if (nargs == 4) return cli_usage_error("merge-plan", "expected BASE OURS THEIRS PATH, and nothing more");
        else args[nargs++] = a;
    }
    if (nargs != 4) return cli_usage_error("merge-plan", "expected BASE OURS THEIRS PATH (git's %%O %%A %%B %%P)");
    const char *base = args[0], *ours = args[1], *theirs = args[2], *path = args[3];
    if (model && (model[0] == '/' || !ends_with(model, ".takt")))
        return cli_usage_error("merge-plan", "--model names the model as a path in the repository, a .takt file: '%s'",
                               model);
    if (getenv(NESTED_ENV)) return EXIT_MODEL; /* inside our own git merge-tree: left to the outer run */

    int code = EXIT_MODEL;
    char *their = NULL, *mbase = NULL, *tree = NULL, *tmp = NULL, *text = NULL, *found = NULL;
    Model *sm = NULL;
    PlanFile pf;
    memset(&pf, 0, sizeof pf);

    /* how our plan was made */
    size_t len = 0;
    text = cli_read_file("merge-plan", ours, "a plan", &len);
    if (!text) goto out;
    sm = model_new(cli_exe);
    const char *ptext = text;
    FileId fid = sources_add_owned(&sm->sources, path, path, text, len); /* the sources keep it */
    text = NULL;
    MadeOptions mo;
    if (!plan_read(&pf, fid, ptext, len, &sm->diags) || sm->diags.nerrors || pf.csv) {
        diags_sort(&sm->diags);
        CliDiagOpts dopt;
        cli_diag_defaults(&dopt);
        cli_report(sm, &dopt);
        say("our side's %s cannot be read as a plan: resolve it by planning again after the merge", path);
        goto out;
    }
    if (!pf.made.has || !pf.made.model || strncmp(pf.made.model, "sha256:", 7) != 0 ||
        !plan_check_options(&pf, &mo, &sm->diags) || !mo.has_seed || !mo.has_iterations) {
        CliDiagOpts dopt;
        cli_diag_defaults(&dopt);
        cli_report(sm, &dopt);
        say("our side's %s does not record a repeatable search (made-by: seed, iterations, model digest): "
            "plan again after the merge",
            path);
        goto out;
    }

    /* the two commits git merges, and that they are the ones of these files */
    their = their_commit();
    char *a_base[] = {"git", "merge-base", "HEAD", their ? their : "", NULL};
    if (their) mbase = git_out(a_base, NULL);
    if (!their || !mbase) {
        say("git is not merging two commits this driver can name (git merge or git pull): plan %s again "
            "after it",
            path);
        goto out;
    }
    if (!same_blob("HEAD", path, ours) || !same_blob(their, path, theirs) || !same_blob(mbase, path, base)) {
        say("the versions of %s git merges are not those of HEAD, %.12s and their merge base: plan it again "
            "after the merge",
            path, their);
        goto out;
    }

    /* the merged tree; its conflicts, if any, show in the model's check */
    const char *nested[] = {NESTED_ENV "=1", NULL};
    char *a_mt[] = {"git", "merge-tree", "--write-tree", "--no-messages", "HEAD", their, NULL};
    StrBuf mt = {0};
    int mrc = run(a_mt, nested, &mt, true);
    if ((mrc == 0 || mrc == 1) && mt.len >= 40) {
        size_t n = strcspn(sb_cstr(&mt), "\n");
        if (is_hex_name(mt.data, n)) tree = tk_strndup(mt.data, n);
    }
    sb_free(&mt);
    if (!tree) {
        say("git merge-tree cannot work out the merge (git 2.38 or later is needed): plan %s again after it", path);
        goto out;
    }

    char tmpl[] = "/tmp/takt-merge-plan-XXXXXX";
    const char *td = getenv("TMPDIR");
    tmp = td && *td ? tk_fmt("%s/takt-merge-plan-XXXXXX", td) : tk_strdup(tmpl);
    if (!mkdtemp(tmp)) {
        say("cannot make a temporary folder: %s", strerror(errno));
        tk_free(tmp);
        tmp = NULL;
        goto out;
    }
    char *idx = tk_fmt("%s/index", tmp), *otree = tk_fmt("%s/ours", tmp), *mtree = tk_fmt("%s/merged", tmp);
    bool ok = true;
    if (!model) {
        /* the model of our plan: the .takt file whose files the record's digest names */
        char *idx0 = tk_fmt("%s/index.ours", tmp);
        ok = checkout_tree("HEAD", otree, idx0);
        tk_free(idx0);
        if (ok) found = find_model("HEAD", otree, path, pf.made.model + 7);
        if (!found) {
            say("no .takt file of our side has the files %s was made from (its made-by digest): give the model "
                "with --model",
                path);
            ok = false;
        }
        model = found;
    }
    if (ok && !checkout_tree(tree, mtree, idx)) {
        say("cannot check the merged tree out into %s", mtree);
        ok = false;
    }
    if (ok) {
        /* plan the merged model as our plan was planned */
        char *mpath = tk_fmt("%s/%s", mtree, model);
        char seed[32], iters[32], threads[32];
        snprintf(seed, sizeof seed, "%llu", (unsigned long long)mo.seed);
        snprintf(iters, sizeof iters, "%lld", (long long)mo.iterations);
        snprintf(threads, sizeof threads, "%d", mo.has_threads ? mo.threads : 0);
        const char *pargv[20];
        int pn = 0;
        pargv[pn++] = "plan";
        pargv[pn++] = "-q";
        pargv[pn++] = "--no-report";
        pargv[pn++] = "--color=never";
        pargv[pn++] = "--seed";
        pargv[pn++] = seed;
        pargv[pn++] = "--iterations";
        pargv[pn++] = iters;
        if (mo.has_threads) {
            pargv[pn++] = "--threads";
            pargv[pn++] = threads;
        }
        if (pf.scenario) {
            pargv[pn++] = "--scenario";
            pargv[pn++] = pf.scenario;
        }
        /* into the temporary folder: OURS was read, and takt plan writes
         * over no file it read */
        char *newplan = tk_fmt("%s/plan", tmp);
        pargv[pn++] = "-o";
        pargv[pn++] = newplan;
        pargv[pn++] = mpath; /* absolute: never taken for an option */
        pargv[pn] = NULL;
        int prc = cmd_plan(pn, (char **)pargv);
        size_t plen = 0;
        char *merged = prc == EXIT_CLEAN ? cli_read_file("merge-plan", newplan, "a plan", &plen) : NULL;
        if (merged) {
            if (write_file_atomic(ours, merged, plen)) {
                code = EXIT_CLEAN;
                if (!quiet) say("%s: planned again from the merged %s", path, model);
            } else say("cannot write %s: %s", ours, strerror(errno));
            tk_big_free(merged);
        } else if (prc == EXIT_CLEAN) {
            /* cli_read_file said why */
        } else
            say("the merged %s cannot be planned (above; conflicts in the model show as errors): resolve it, "
                "then plan %s again",
                model, path);
        tk_free(mpath);
        tk_free(newplan);
    }
    tk_free(idx);
    tk_free(otree);
    tk_free(mtree);

out:
    if (tmp) nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
    tk_free(tmp);
    tk_free(found);
    tk_free(tree);
    tk_free(their);
    tk_free(mbase);
    plan_file_free(&pf);
    if (sm) model_free(sm); /* and our plan's text, which its sources keep */
    tk_big_free(text);
    return code;
}
