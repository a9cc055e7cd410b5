/* test_files.c: what takt may read (names on the command line, symbolic
 * links, projects, trusted folders), byte-order marks, inputs and outputs,
 * and temporaries removed when a signal ends the process. */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "compiler/files.h"
#include "test.h"

static char dir[256];

static int setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/takt-files-XXXXXX");
    if (!mkdtemp(dir)) return 1;
    /* the real path: /tmp may be a link */
    char *r = realpath(dir, NULL);
    if (!r) return 1;
    snprintf(dir, sizeof dir, "%s", r);
    free(r);
    return 0;
}

static int teardown(void)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : 1;
}

static char *at(const char *name)
{
    static char buf[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static void put(const char *name, const char *text)
{
    FILE *f = fopen(at(name), "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(text, f);
    fclose(f);
}

/* Runs fn with the working directory at dir/sub, then back. */
static char *old_cwd;
static void enter(const char *sub)
{
    old_cwd = getcwd(NULL, 0);
    CU_ASSERT_EQUAL_FATAL(chdir(at(sub)), 0);
}
static void leave(void)
{
    CU_ASSERT_EQUAL(chdir(old_cwd), 0);
    free(old_cwd);
}

static void names_on_the_command_line(void)
{
    mkdir(at("proj"), 0755);
    mkdir(at("proj/model"), 0755);
    mkdir(at("proj/model/v2"), 0755);
    mkdir(at("outside"), 0755);
    put("outside/secret.takt", "SECRET\n");
    put("proj/model/v2/main.takt", "plant { start 2026-12-01 }\n");
    CU_ASSERT_EQUAL(symlink("v2/main.takt", at("proj/model/main.takt")), 0);
    CU_ASSERT_EQUAL(symlink("../../outside/secret.takt", at("proj/model/evil.takt")), 0);
    CU_ASSERT_EQUAL(symlink("../outside", at("proj/linked")), 0);

    char *real, *leads;
    FileLink cwd_rule;
    enter("proj");
    /* a link inside its folder is followed */
    CU_ASSERT_EQUAL(files_resolve_named("model/main.takt", &real, &leads, &cwd_rule), FILE_OK);
    CU_ASSERT_STRING_EQUAL(real, at("proj/model/v2/main.takt"));
    tk_free(real);
    /* a link out of its folder is not, and says where it leads */
    CU_ASSERT_EQUAL(files_resolve_named("model/evil.takt", &real, &leads, &cwd_rule), FILE_OUTSIDE);
    CU_ASSERT_PTR_NULL(real);
    CU_ASSERT_STRING_EQUAL(leads, at("outside/secret.takt"));
    CU_ASSERT_EQUAL(cwd_rule, LINK_OUT_OF_FOLDER);
    tk_free(leads);
    /* a folder of the working directory that is a link out of it */
    CU_ASSERT_EQUAL(files_resolve_named("linked/secret.takt", &real, &leads, &cwd_rule), FILE_OUTSIDE);
    CU_ASSERT_EQUAL(cwd_rule, LINK_OUT_OF_CWD);
    CU_ASSERT_STRING_EQUAL(leads, at("outside"));
    tk_free(leads);
    /* the same by an absolute name inside the working directory */
    CU_ASSERT_EQUAL(files_resolve_named(at("proj/linked/secret.takt"), &real, &leads, &cwd_rule), FILE_OUTSIDE);
    tk_free(leads);
    /* a name that says it is outside is read where it says */
    CU_ASSERT_EQUAL(files_resolve_named("../outside/secret.takt", &real, &leads, &cwd_rule), FILE_OK);
    tk_free(real);
    CU_ASSERT_EQUAL(files_resolve_named("model/none.takt", &real, &leads, &cwd_rule), FILE_MISSING);
    CU_ASSERT_EQUAL(files_resolve_named("nofolder/none.takt", &real, &leads, &cwd_rule), FILE_MISSING);
    /* a trusted folder lets both links through */
    CU_ASSERT_TRUE(files_trust(at("outside")));
    CU_ASSERT_EQUAL(files_resolve_named("model/evil.takt", &real, &leads, &cwd_rule), FILE_OK);
    tk_free(real);
    CU_ASSERT_EQUAL(files_resolve_named("linked/secret.takt", &real, &leads, &cwd_rule), FILE_OK);
    tk_free(real);
    files_trust_reset();
    CU_ASSERT_FALSE(files_trust(at("no-such-folder")));
    /* a link into .git, even inside its folder, unless the name says .git */
    mkdir(at("proj/.git"), 0755);
    put("proj/.git/config", "token\n");
    CU_ASSERT_EQUAL(symlink(".git/config", at("proj/current.plan")), 0);
    CU_ASSERT_EQUAL(files_resolve_named("current.plan", &real, &leads, &cwd_rule), FILE_OUTSIDE);
    CU_ASSERT_EQUAL(cwd_rule, LINK_INTO_GIT);
    tk_free(leads);
    CU_ASSERT_EQUAL(files_resolve_named(".git/config", &real, &leads, &cwd_rule), FILE_OK);
    tk_free(real);
    leave();

    /* the message names the file and where it leads, never its text */
    FileText ft;
    char *msg;
    enter("proj");
    CU_ASSERT_EQUAL(files_read_named("model/evil.takt", 1 << 20, "a plan", &ft, &msg), FILE_OUTSIDE);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "'model/evil.takt'"));
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "outside the folder it is named in"));
    CU_ASSERT_PTR_NULL(strstr(msg, "SECRET"));
    CU_ASSERT_PTR_NULL(ft.text);
    tk_free(msg);
    CU_ASSERT_EQUAL(files_read_named("model", 1 << 20, "a plan", &ft, &msg), FILE_NOT_FILE);
    CU_ASSERT_STRING_EQUAL(msg, "'model' is a directory or special file, not a plan");
    tk_free(msg);
    leave();
}

static void paths_and_projects(void)
{
    char *s = files_lexical("/a/./b/../c//d/..");
    CU_ASSERT_STRING_EQUAL(s, "/a/c");
    tk_free(s);
    s = files_lexical("/../..");
    CU_ASSERT_STRING_EQUAL(s, "/");
    tk_free(s);
    CU_ASSERT_TRUE(files_inside("/a/b", "/a"));
    CU_ASSERT_TRUE(files_inside("/a", "/a"));
    CU_ASSERT_FALSE(files_inside("/ab", "/a"));
    CU_ASSERT_TRUE(files_inside("/x", "/"));

    /* the git work tree above a folder, else the folder itself */
    mkdir(at("repo"), 0755);
    mkdir(at("repo/.git"), 0755);
    mkdir(at("repo/a"), 0755);
    mkdir(at("repo/a/b"), 0755);
    mkdir(at("plain"), 0755);
    mkdir(at("plain/sub"), 0755);
    s = files_project_of(at("repo/a/b"));
    CU_ASSERT_STRING_EQUAL(s, at("repo"));
    tk_free(s);
    s = files_project_of(at("plain/sub"));
    CU_ASSERT_STRING_EQUAL(s, at("plain/sub"));
    tk_free(s);
    /* a linked work tree or a submodule has a .git file */
    mkdir(at("wt"), 0755);
    mkdir(at("wt/m"), 0755);
    put("wt/.git", "gitdir: /elsewhere\n");
    s = files_project_of(at("wt/m"));
    CU_ASSERT_STRING_EQUAL(s, at("wt"));
    tk_free(s);

    /* a file that does not exist yet: where it would be */
    s = files_real(at("repo/a/../a/new.plan"));
    CU_ASSERT_STRING_EQUAL(s, at("repo/a/new.plan"));
    tk_free(s);
    CU_ASSERT_PTR_NULL(files_real(at("repo/none/new.plan")));

    ReadArea a = {0};
    CU_ASSERT_TRUE(read_area_add(&a, at("repo/a")));
    CU_ASSERT_FALSE(read_area_add(&a, at("repo/none")));
    CU_ASSERT_TRUE(read_area_has(&a, at("repo/a/b/x.takt")));
    CU_ASSERT_FALSE(read_area_has(&a, at("repo/ab")));
    read_area_free(&a);
}

static void byte_order_marks(void)
{
    put("bom.takt", "\xEF\xBB\xBFplant { }\n");
    put("nobom.takt", "plant { }\n");
    FileText a, b;
    CU_ASSERT_EQUAL_FATAL(files_read(at("bom.takt"), 1 << 20, &a), FILE_OK);
    CU_ASSERT_EQUAL_FATAL(files_read(at("nobom.takt"), 1 << 20, &b), FILE_OK);
    CU_ASSERT_TRUE(a.bom);
    CU_ASSERT_FALSE(b.bom);
    CU_ASSERT_EQUAL(a.len, b.len);
    CU_ASSERT_EQUAL(memcmp(a.text, b.text, b.len + 2), 0); /* the text, and two NULs after it */
    tk_big_free(a.text);
    tk_big_free(b.text);
    /* a file that is only a mark is empty */
    put("onlybom.takt", "\xEF\xBB\xBF");
    CU_ASSERT_EQUAL_FATAL(files_read(at("onlybom.takt"), 1 << 20, &a), FILE_OK);
    CU_ASSERT_EQUAL(a.len, 0);
    tk_big_free(a.text);
    CU_ASSERT_EQUAL(files_bom_len("\xEF\xBB", 2), 0);
    CU_ASSERT_EQUAL(files_bom_len("\xEF\xBB\xBF", 3), 3);
    /* a read through a link at the last step is refused */
    CU_ASSERT_EQUAL(symlink("nobom.takt", at("link.takt")), 0);
    CU_ASSERT_EQUAL(files_read(at("link.takt"), 1 << 20, &a), FILE_OUTSIDE);
    /* a FIFO is not read (and opening it does not wait) */
    CU_ASSERT_EQUAL(mkfifo(at("fifo.takt"), 0644), 0);
    CU_ASSERT_EQUAL(files_read(at("fifo.takt"), 1 << 20, &a), FILE_NOT_FILE);
    put("big.takt", "0123456789");
    CU_ASSERT_EQUAL(files_read(at("big.takt"), 5, &a), FILE_TOO_LARGE);
}

static void outputs_and_inputs(void)
{
    put("in.takt", "x\n");
    put("other.takt", "y\n");
    FileText t;
    CU_ASSERT_EQUAL_FATAL(files_read(at("in.takt"), 1 << 20, &t), FILE_OK);
    tk_big_free(t.text);
    CU_ASSERT_TRUE(files_is_input(at("in.takt")));
    CU_ASSERT_FALSE(files_is_input(at("other.takt")));
    CU_ASSERT_FALSE(files_is_input(at("none.takt")));
    /* by device and inode: a link and a hard link are the input too */
    CU_ASSERT_EQUAL(symlink("in.takt", at("sym.takt")), 0);
    CU_ASSERT_EQUAL(link(at("in.takt"), at("hard.takt")), 0);
    CU_ASSERT_TRUE(files_is_input(at("sym.takt")));
    CU_ASSERT_TRUE(files_is_input(at("hard.takt")));
    CU_ASSERT_FALSE(files_is_input("/dev/null"));
    /* two names of one output */
    mkdir(at("o"), 0755);
    CU_ASSERT_TRUE(files_same_output(at("o/a.plan"), at("o/../o/a.plan")));
    CU_ASSERT_FALSE(files_same_output(at("o/a.plan"), at("o/b.plan")));
    CU_ASSERT_TRUE(files_same_output(at("sym.takt"), at("in.takt")));
    CU_ASSERT_FALSE(files_same_output("/dev/null", "/dev/null")); /* a device takes both */
}

static int count_temps(const char *sub)
{
    DIR *d = opendir(at(sub));
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strstr(e->d_name, ".tmp-")) n++;
    closedir(d);
    return n;
}

/* A child makes a temporary, as write_file_atomic does, and is sent sig
 * while it is there; returns how the child ended (its wait status). */
static int signalled_while_writing(const char *sub, int sig, bool ignored)
{
    pid_t pid = fork();
    if (pid == 0) {
        if (ignored) signal(sig, SIG_IGN);
        char *tmp;
        char path[600];
        snprintf(path, sizeof path, "%s/%s/out.plan", dir, sub);
        int fd = files_temp_create(path, &tmp);
        if (fd < 0) _exit(3);
        if (write(fd, "half", 4) != 4) _exit(3);
        kill(getpid(), sig);
        /* still here: the signal is ignored; the writer goes on and ends well */
        files_temp_done(&tmp, true);
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return status;
}

static void temporaries_removed_on_signals(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t k = 0; k < TK_COUNTOF(sigs); k++) {
        mkdir(at("sig"), 0755);
        int st = signalled_while_writing("sig", sigs[k], false);
        CU_ASSERT_TRUE(WIFSIGNALED(st) && WTERMSIG(st) == sigs[k]);
        CU_ASSERT_EQUAL(count_temps("sig"), 0);
    }
    /* an ignored signal (nohup) stays ignored */
    int st = signalled_while_writing("sig", SIGHUP, true);
    CU_ASSERT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    CU_ASSERT_EQUAL(count_temps("sig"), 0);
    /* and the handlers are the process's own again once nothing is written */
    struct sigaction sa;
    sigaction(SIGTERM, NULL, &sa);
    CU_ASSERT_PTR_EQUAL(sa.sa_handler, SIG_DFL);
}

static void atomic_writes(void)
{
    mkdir(at("w"), 0755);
    CU_ASSERT_TRUE(write_file_atomic(at("w/a.txt"), "hello\n", 6));
    FileText t;
    CU_ASSERT_EQUAL_FATAL(files_read(at("w/a.txt"), 100, &t), FILE_OK);
    CU_ASSERT_EQUAL(t.len, 6);
    tk_big_free(t.text);
    /* a write that cannot be made leaves nothing behind */
    CU_ASSERT_FALSE(write_file_atomic(at("w/none/a.txt"), "x", 1));
    CU_ASSERT_EQUAL(errno, ENOENT);
    CU_ASSERT_FALSE(write_file_atomic("/dev/full", "x", 1));
    CU_ASSERT_EQUAL(errno, ENOSPC);
    CU_ASSERT_EQUAL(count_temps("w"), 0);
}

void suite_files(void)
{
    CU_pSuite s = CU_add_suite("files", setup, teardown);
    ADD_TEST(s, names_on_the_command_line);
    ADD_TEST(s, paths_and_projects);
    ADD_TEST(s, byte_order_marks);
    ADD_TEST(s, outputs_and_inputs);
    ADD_TEST(s, temporaries_removed_on_signals);
    ADD_TEST(s, atomic_writes);
}
