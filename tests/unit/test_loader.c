/* test_loader.c: files, imports, modules and refusals of bad files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

void suite_loader(void)
{
    CU_pSuite s = CU_add_suite("loader", setup, teardown);
    ADD_TEST(s, imports_join_files);
    ADD_TEST(s, import_cycle_is_shown);
    ADD_TEST(s, bad_imports);
    ADD_TEST(s, refuses_bad_bytes);
    ADD_TEST(s, large_files_are_refused);
    ADD_TEST(s, modules_from_takt_path);
    ADD_TEST(s, embedded_stdlib_matches_source);
}
