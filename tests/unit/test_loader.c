/* test_loader.c: files, imports, modules and refusals of bad files, and
 * what a model may read (docs/security.md). */
#define _XOPEN_SOURCE 700 /* symlink, mkfifo */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compiler/files.h"
#include "test.h"

static char dir[256];

static int setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/takt-loader-XXXXXX");
    return mkdtemp(dir) ? 0 : 1;
}

static int teardown(void)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : 1;
}

static void put(const char *name, const char *text, size_t len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fwrite(text, 1, len, f);
    fclose(f);
}

static Model *load(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    Model *m = model_new(NULL);
    const char *paths[1] = {path};
    model_check_paths(m, paths, 1);
    return m;
}

#define PUT(n, s) put(n, s, strlen(s))
#define PLANT "plant { start 2026-12-01 }\n"

static void imports_join_files(void)
{
    PUT("a.takt", PLANT "import \"b.takt\"\nimport \"sub/c.takt\"\nmachine saw { }\n"
                        "product p { routing { x on press run 1 min each } }\norder \"o\" { p 1 due 2026-12-09 }\n");
    PUT("b.takt", "import \"sub/c.takt\"\nmachine press { calendar cc }\n");
    mkdir(strcat(strcpy((char[512]){0}, dir), "/sub"), 0755);
    PUT("sub/c.takt", "calendar cc { mon 06:00-14:00 }\n");
    Model *m = load("a.takt");
    CU_ASSERT_EQUAL(m->diags.nerrors, 0);
    CU_ASSERT_EQUAL(m->loader.files.len, 3); /* c.takt imported twice, loaded once */
    model_free(m);
}

static void import_cycle_is_shown(void)
{
    PUT("x.takt", PLANT "import \"y.takt\"\n");
    PUT("y.takt", "import \"z.takt\"\n");
    PUT("z.takt", "import \"y.takt\"\n");
    Model *m = load("x.takt");
    CU_ASSERT_EQUAL_FATAL(test_count(m, DIAG_IMPORT_CYCLE), 1);
    for (uint32_t i = 0; i < m->diags.len; i++)
        if (m->diags.items[i].code == DIAG_IMPORT_CYCLE) {
            CU_ASSERT_PTR_NOT_NULL(strstr(m->diags.items[i].msg, "y.takt -> "));
            CU_ASSERT_PTR_NOT_NULL(strstr(m->diags.items[i].msg, "z.takt -> "));
        }
    model_free(m);
}

static void bad_imports(void)
{
    PUT("d.takt", PLANT "import \"nowhere.takt\"\nimport \"sub\"\nimport std.nothing\nimport \"\"\n");
    Model *m = load("d.takt");
    CU_ASSERT_TRUE(test_has(m, DIAG_CANNOT_READ));
    CU_ASSERT_TRUE(test_has(m, DIAG_NOT_A_FILE));
    CU_ASSERT_TRUE(test_has(m, DIAG_NO_MODULE));
    model_free(m);
    m = load("missing-root.takt");
    CU_ASSERT_TRUE(test_has(m, DIAG_CANNOT_READ));
    CU_ASSERT_EQUAL(m->diags.items[0].span.file, 0); /* no file to point into */
    model_free(m);
}

static void refuses_bad_bytes(void)
{
    put("bin.takt", "plant { start 2026-12-01 }\n\xff\xfe garbage", 38);
    Model *m = load("bin.takt");
    CU_ASSERT_EQUAL(test_count(m, DIAG_BAD_ENCODING), 1);
    CU_ASSERT_EQUAL(m->diags.nerrors, 1); /* one clear error, no cascade */
    model_free(m);
    put("nul.takt", "plant { start 2026-12-01 }\n\0\0", 29);
    m = load("nul.takt");
    CU_ASSERT_EQUAL(test_count(m, DIAG_NUL_BYTE), 1);
    model_free(m);
    /* overlong and surrogate encodings are not UTF-8 either */
    put("over.takt", "// \xc0\xaf\n", 6);
    m = load("over.takt");
    CU_ASSERT_EQUAL(test_count(m, DIAG_BAD_ENCODING), 1);
    model_free(m);
    put("surr.takt", "// \xed\xa0\x80\n", 7);
    m = load("surr.takt");
    CU_ASSERT_EQUAL(test_count(m, DIAG_BAD_ENCODING), 1);
    model_free(m);
    /* valid UTF-8 in strings and comments is fine */
    PUT("utf.takt", "// Fräsmaschine\nplant \"Müller & Söhne\" { start 2026-12-01 }\n");
    m = load("utf.takt");
    CU_ASSERT_EQUAL(m->diags.nerrors, 0);
    model_free(m);
}

static void large_files_are_refused(void)
{
    PUT("big.takt", PLANT "// padding padding padding padding padding\n");
    char path[512];
    snprintf(path, sizeof path, "%s/big.takt", dir);
    Model *m = model_new(NULL);
    m->loader.max_file_size = 16;
    const char *paths[1] = {path};
    model_check_paths(m, paths, 1);
    CU_ASSERT_TRUE(test_has(m, DIAG_FILE_TOO_LARGE));
    model_free(m);
}

static void modules_from_takt_path(void)
{
    mkdir(strcat(strcpy((char[512]){0}, dir), "/lib"), 0755);
    mkdir(strcat(strcpy((char[512]){0}, dir), "/lib/shop"), 0755);
    PUT("lib/shop/cals.takt", "calendar early { mon-fri 05:00-13:00 }\n");
    PUT("m.takt", PLANT "import shop.cals\nimport std.calendars\nmachine saw { calendar shop.early }\n"
                        "machine press { calendar std.two_shifts }\n"
                        "product p { routing { x on saw run 1 min each\n y on press run 1 min each } }\n"
                        "order \"o\" { p 1 due 2026-12-09 }\n");
    char lib[512];
    snprintf(lib, sizeof lib, "%s/lib", dir);
    setenv("TAKT_PATH", lib, 1);
    Model *m = load("m.takt");
    unsetenv("TAKT_PATH");
    if (m->diags.nerrors) {
        char *r = test_render(m);
        fprintf(stderr, "%s", r);
        free(r);
    }
    CU_ASSERT_EQUAL(m->diags.nerrors, 0);
    model_free(m);
}

static char *test_path(const char *name)
{
    static char buf[2][512];
    static int k;
    k ^= 1;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

/* Whether any diagnostic's message has text in it. */
static bool msg_has(const Model *m, const char *text)
{
    for (uint32_t i = 0; i < m->diags.len; i++)
        if (strstr(m->diags.items[i].msg, text)) return true;
    return false;
}

static void imports_stay_in_the_project(void)
{
    /* dir/p is a project (a folder outside any git work tree); dir/out is not in it */
    mkdir(test_path("p"), 0755);
    mkdir(test_path("out"), 0755);
    PUT("out/secret.takt", "SECRET-TEXT\n");
    PUT("out/other.takt", "machine press { }\n");
    PUT("p/notes.txt", "SECRET-NOTE\n");
    symlink("../out", test_path("p/lib"));                   /* a folder that leads out */
    symlink("../out/secret.takt", test_path("p/sec.takt"));  /* a model file that leads out */
    symlink("notes.txt", test_path("p/notes.takt"));         /* a .takt name for a text file */
    mkfifo(test_path("p/fifo.takt"), 0644);
    PUT("p/m.takt", PLANT "import \"lib/secret.takt\"\nimport \"sec.takt\"\nimport \"../out/other.takt\"\n"
                          "import \"notes.txt\"\nimport \"notes.takt\"\nimport \"fifo.takt\"\n"
                          "import \"/proc/self/environ\"\n");
    Model *m = load("p/m.takt");
    CU_ASSERT_EQUAL(test_count(m, DIAG_OUTSIDE_PROJECT), 4);
    CU_ASSERT_EQUAL(test_count(m, DIAG_NOT_A_MODEL_FILE), 2);
    CU_ASSERT_EQUAL(test_count(m, DIAG_NOT_A_FILE), 1);
    CU_ASSERT_TRUE(msg_has(m, "a symbolic link leads it to"));
    CU_ASSERT_TRUE(msg_has(m, "which is not a model file"));
    CU_ASSERT_EQUAL(m->loader.files.len, 1); /* nothing but the root was read */
    char *r = test_render(m);
    CU_ASSERT_PTR_NULL(strstr(r, "SECRET"));
    free(r);
    model_free(m);

    /* a folder a trusted user allows is read */
    CU_ASSERT_TRUE(files_trust(test_path("out")));
    PUT("p/t.takt", PLANT "import \"../out/other.takt\"\nimport \"lib/other.takt\"\n");
    m = load("p/t.takt");
    CU_ASSERT_EQUAL(m->diags.nerrors, 0);
    CU_ASSERT_EQUAL(m->loader.files.len, 2); /* one file by two names */
    model_free(m);
    files_trust_reset();
}

static void the_project_is_the_git_work_tree(void)
{
    /* repo/plants/a imports ../../shared: inside the work tree, allowed */
    mkdir(test_path("repo"), 0755);
    mkdir(test_path("repo/plants"), 0755);
    mkdir(test_path("repo/plants/a"), 0755);
    mkdir(test_path("repo/shared"), 0755);
    PUT("repo/shared/cal.takt", "calendar cc { mon 06:00-14:00 }\n");
    PUT("repo/plants/a/main.takt", PLANT "import \"../../shared/cal.takt\"\n");
    Model *m = load("repo/plants/a/main.takt");
    CU_ASSERT_EQUAL(test_count(m, DIAG_OUTSIDE_PROJECT), 1); /* no work tree yet: the folder is the project */
    model_free(m);
    mkdir(test_path("repo/.git"), 0755);
    m = load("repo/plants/a/main.takt");
    CU_ASSERT_EQUAL(test_count(m, DIAG_OUTSIDE_PROJECT), 0);
    CU_ASSERT_EQUAL(m->loader.files.len, 2);
    model_free(m);
    /* the standard library is read from its own folder */
    PUT("repo/plants/a/std.takt", PLANT "import std.calendars\nimport std.rules\n");
    m = load("repo/plants/a/std.takt");
    CU_ASSERT_EQUAL(m->diags.nerrors, 0);
    model_free(m);
}

static void modules_stay_in_their_folder(void)
{
    mkdir(test_path("mods"), 0755);
    mkdir(test_path("mods/shop"), 0755);
    PUT("elsewhere.takt", "SECRET-MODULE\n");
    symlink("../../elsewhere.takt", test_path("mods/shop/cals.takt"));
    PUT("mm.takt", PLANT "import shop.cals\n");
    setenv("TAKT_PATH", test_path("mods"), 1);
    Model *m = load("mm.takt");
    unsetenv("TAKT_PATH");
    CU_ASSERT_EQUAL(test_count(m, DIAG_OUTSIDE_PROJECT), 0); /* dir is the project: elsewhere.takt is in it */
    model_free(m);
    /* from a project of its own, the link out of the search folder is refused */
    mkdir(test_path("proj2"), 0755);
    PUT("proj2/mm.takt", PLANT "import shop.cals\n");
    setenv("TAKT_PATH", test_path("mods"), 1);
    m = load("proj2/mm.takt");
    unsetenv("TAKT_PATH");
    CU_ASSERT_EQUAL(test_count(m, DIAG_OUTSIDE_PROJECT), 1);
    char *r = test_render(m);
    CU_ASSERT_PTR_NULL(strstr(r, "SECRET"));
    free(r);
    model_free(m);
}

static void byte_order_mark_is_not_text(void)
{
    /* the same model with and without a mark: the same diagnostics, columns included */
    PUT("nb.takt", PLANT "machine saw { units 0 } oops\n");
    PUT("wb.takt", "\xEF\xBB\xBF" PLANT "machine saw { units 0 } oops\n");
    Model *a = load("nb.takt"), *b = load("wb.takt");
    char *ra = test_render(a), *rb = test_render(b);
    CU_ASSERT_TRUE(a->diags.nerrors > 0);
    /* the renderings differ only in the file's name */
    for (char *p = ra; (p = strstr(p, "nb.takt")); p++) p[0] = 'w';
    CU_ASSERT_STRING_EQUAL(ra, rb);
    CU_ASSERT_TRUE(b->loader.files.data[0].bom);
    CU_ASSERT_FALSE(a->loader.files.data[0].bom);
    free(ra);
    free(rb);
    model_free(a);
    model_free(b);
    /* an imported file's mark too, and a mark in a buffer */
    PUT("imp.takt", "\xEF\xBB\xBFmachine press { }\n");
    PUT("root.takt", PLANT "import \"imp.takt\"\n");
    a = load("root.takt");
    CU_ASSERT_EQUAL(a->diags.nerrors, 0);
    model_free(a);
    a = test_check("\xEF\xBB\xBF" PLANT);
    CU_ASSERT_EQUAL(a->diags.nerrors, 0);
    model_free(a);
}

static void embedded_stdlib_matches_source(void)
{
    /* the copy built into the binary is the stdlib/ of this tree */
    for (const EmbeddedFile *e = takt_embedded_stdlib; e->path; e++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", TAKT_SOURCE_STDLIB, e->path);
        FILE *f = fopen(path, "rb");
        CU_ASSERT_PTR_NOT_NULL_FATAL(f);
        char *buf = malloc(e->len + 1);
        size_t n = fread(buf, 1, e->len + 1, f);
        fclose(f);
        CU_ASSERT_EQUAL(n, e->len);
        CU_ASSERT_EQUAL(memcmp(buf, e->text, e->len), 0);
        free(buf);
    }
    CU_ASSERT_PTR_NOT_NULL(takt_embedded_stdlib[0].path);
}

static void mkdirs(const char *rel)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    for (char *c = path + strlen(dir) + 1; *c; c++)
        if (*c == '/') {
            *c = 0;
            mkdir(path, 0755);
            *c = '/';
        }
    mkdir(path, 0755);
}

#define PART "product p { bom { steel 2 }  routing { x on saw run 1 min each } }\n"
#define ROOT_OF(part) PLANT "import \"" part "\"\nmachine saw { }\nmaterial steel { cost 1 EUR }\n"

/* E0214: a file checked alone, which a model file near it imports */
static void part_of_a_model(void)
{
    /* the importer in a folder above, in the same git work tree, shown as
     * the path to it */
    mkdirs("m1/parts");
    mkdirs("m1/.git");
    PUT("m1/main.takt", ROOT_OF("parts/p.takt"));
    PUT("m1/parts/p.takt", PART);
    Model *m = load("m1/parts/p.takt");
    CU_ASSERT_EQUAL(test_count(m, DIAG_IMPORTED_FILE), 1);
    CU_ASSERT_EQUAL(test_count(m, DIAG_UNKNOWN_MACHINE) + test_count(m, DIAG_UNKNOWN_ITEM), 0);
    CU_ASSERT_EQUAL(test_count(m, DIAG_PLANT_COUNT), 0);
    CU_ASSERT_EQUAL(m->diags.nerrors, 1);
    CU_ASSERT_PTR_NOT_NULL(m->diags.len ? strstr(m->diags.items[0].msg, "m1/main.takt") : NULL);
    model_free(m);
    /* importers of importers, up to the root */
    mkdirs("m2/sub/parts");
    mkdirs("m2/.git");
    PUT("m2/main.takt", ROOT_OF("sub/all.takt"));
    PUT("m2/sub/all.takt", "import \"parts/p.takt\"\n");
    PUT("m2/sub/parts/p.takt", PART);
    m = load("m2/sub/parts/p.takt");
    CU_ASSERT_EQUAL(test_count(m, DIAG_IMPORTED_FILE), 1);
    CU_ASSERT_PTR_NOT_NULL(m->diags.len ? strstr(m->diags.items[0].msg, "main.takt") : NULL);
    model_free(m);
    /* not above the git work tree that holds the file */
    mkdirs("m3/g/parts");
    mkdirs("m3/g/.git");
    PUT("m3/main.takt", ROOT_OF("g/parts/p.takt"));
    PUT("m3/g/parts/p.takt", PART);
    m = load("m3/g/parts/p.takt");
    CU_ASSERT_EQUAL(test_count(m, DIAG_IMPORTED_FILE), 0);
    CU_ASSERT(test_count(m, DIAG_UNKNOWN_MACHINE) > 0);
    model_free(m);
    /* an importer behind a symbolic link is not read */
    mkdirs("m4/real");
    PUT("m4/real/importer.takt", ROOT_OF("../p.takt"));
    PUT("m4/p.takt", PART);
    char target[512], link[512];
    snprintf(target, sizeof target, "%s/m4/real/importer.takt", dir);
    snprintf(link, sizeof link, "%s/m4/link.takt", dir);
    CU_ASSERT_EQUAL_FATAL(symlink(target, link), 0);
    m = load("m4/p.takt");
    CU_ASSERT_EQUAL(test_count(m, DIAG_IMPORTED_FILE), 0);
    model_free(m);
    /* outside a git work tree, the project is the file's folder: no folder
     * above it is read */
    mkdirs("m6/parts");
    PUT("m6/main.takt", ROOT_OF("parts/p.takt"));
    PUT("m6/parts/p.takt", PART);
    m = load("m6/parts/p.takt");
    CU_ASSERT_EQUAL(test_count(m, DIAG_IMPORTED_FILE), 0);
    model_free(m);
    /* most unknown names not declared by the importer either: no E0214 */
    mkdirs("m5");
    PUT("m5/main.takt", PLANT "import \"p.takt\"\n");
    PUT("m5/p.takt", PART);
    m = load("m5/p.takt");
    CU_ASSERT_EQUAL(test_count(m, DIAG_IMPORTED_FILE), 0);
    CU_ASSERT(test_count(m, DIAG_UNKNOWN_MACHINE) > 0);
    model_free(m);
}

void suite_loader(void)
{
    CU_pSuite s = CU_add_suite("loader", setup, teardown);
    ADD_TEST(s, imports_join_files);
    ADD_TEST(s, import_cycle_is_shown);
    ADD_TEST(s, bad_imports);
    ADD_TEST(s, refuses_bad_bytes);
    ADD_TEST(s, large_files_are_refused);
    ADD_TEST(s, modules_from_takt_path);
    ADD_TEST(s, imports_stay_in_the_project);
    ADD_TEST(s, the_project_is_the_git_work_tree);
    ADD_TEST(s, modules_stay_in_their_folder);
    ADD_TEST(s, byte_order_mark_is_not_text);
    ADD_TEST(s, embedded_stdlib_matches_source);
    ADD_TEST(s, part_of_a_model);
}
