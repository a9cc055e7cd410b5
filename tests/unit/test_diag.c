/* test_diag.c: rendering of diagnostics as text, JSON, SARIF and GitHub
 * annotations, their order, and the cap on how many are kept. */
#include <stdlib.h>
#include <string.h>

#include "test.h"

static char *render(Model *m, DiagFormat f, bool werror)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    DiagRenderOpts o = {f, false, werror};
    diags_render(&m->diags, &m->sources, &o, out);
    fclose(out);
    return buf;
}

static const char *src =
    "plant { start 2026-12-01 }\n"
    "machine welder { }\n"
    "product p { routing {\n"
    "\tweld on weldr run 1 min each\n"
    "} }\n"
    "order \"A\" { p 1 due 2026-11-01 }\n";

static void text_has_snippet_and_hint(void)
{
    Model *m = test_check(src);
    char *t = render(m, DIAG_FORMAT_TEXT, false);
    /* the tab is shown as one space so the underline lines up */
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "test.takt:4:10: error[E0203]: unknown machine 'weldr'\n"
                                     "  |\n"
                                     "4 |  weld on weldr run 1 min each\n"
                                     "  |          ^~~~~\n"
                                     "  = hint: did you mean 'welder'?\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "test.takt:6:21: warning[W0001]"));
    /* source order: the error on line 4 before the warning on line 6 */
    CU_ASSERT_TRUE(strstr(t, "E0203") < strstr(t, "W0001"));
    free(t);
    t = render(m, DIAG_FORMAT_TEXT, true);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "test.takt:6:21: error[W0001]"));
    free(t);
    model_free(m);
}

static void json_is_a_versioned_object(void)
{
    Model *m = test_check(src);
    char *t = render(m, DIAG_FORMAT_JSON, false);
    CU_ASSERT_EQUAL(strncmp(t, "{\n  \"format\": \"takt-diagnostics\",\n  \"version\": 1,\n  \"errors\": 1,\n"
                               "  \"warnings\": 1,\n  \"suppressed\": 0,\n  \"diagnostics\": [\n  ",
                            strlen("{\n  \"format\": \"takt-diagnostics\",\n  \"version\": 1,\n  \"errors\": 1,\n"
                                   "  \"warnings\": 1,\n  \"suppressed\": 0,\n  \"diagnostics\": [\n  ")),
                    0);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "{\"file\": \"test.takt\", \"line\": 4, \"column\": 10, \"end_line\": 4, "
                                     "\"end_column\": 15, \"severity\": \"error\", \"code\": \"E0203\", "
                                     "\"message\": \"unknown machine 'weldr'\", "
                                     "\"hints\": [\"did you mean 'welder'?\"], \"notes\": []}"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"severity\": \"warning\""));
    CU_ASSERT_EQUAL(strcmp(t + strlen(t) - 7, "\n  ]\n}\n"), 0);
    free(t);
    /* --werror: the warning counts as an error */
    t = render(m, DIAG_FORMAT_JSON, true);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"errors\": 2,\n  \"warnings\": 0,"));
    free(t);
    model_free(m);
    Model *clean = test_check("plant { start 2026-12-01 }\n");
    t = render(clean, DIAG_FORMAT_JSON, false);
    CU_ASSERT_STRING_EQUAL(t, "{\n  \"format\": \"takt-diagnostics\",\n  \"version\": 1,\n  \"errors\": 0,\n"
                              "  \"warnings\": 0,\n  \"suppressed\": 0,\n  \"diagnostics\": []\n}\n");
    free(t);
    model_free(clean);
}

static void sarif_results_and_rules(void)
{
    Model *m = test_check(src);
    char *t = render(m, DIAG_FORMAT_SARIF, false);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"version\": \"2.1.0\""));
    /* the rules the results name, in order of first use, from diag_codes.def */
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "{\"id\": \"E0203\", \"name\": \"UnknownMachine\", \"shortDescription\": {\"text\": "));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "{\"ruleId\": \"E0203\", \"ruleIndex\": 0, \"level\": \"error\", \"message\": "
                                     "{\"text\": \"unknown machine 'weldr'\\nhint: did you mean 'welder'?\"}, \"locations\": "
                                     "[{\"physicalLocation\": {\"artifactLocation\": {\"uri\": \"test.takt\", \"uriBaseId\": "
                                     "\"%SRCROOT%\"}, \"region\": {\"startLine\": 4, \"startColumn\": 10, \"endLine\": 4, "
                                     "\"endColumn\": 15}}}]}"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "\"ruleIndex\": 1, \"level\": \"warning\""));
    free(t);
    t = render(m, DIAG_FORMAT_SARIF, true);
    CU_ASSERT_PTR_NULL(strstr(t, "\"level\": \"warning\", \"message\""));
    free(t);
    model_free(m);
}

static void github_annotations(void)
{
    Model *m = test_check(src);
    char *t = render(m, DIAG_FORMAT_GITHUB, false);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "::error file=test.takt,line=4,col=10,endLine=4,endColumn=15,title=E0203::"
                                     "unknown machine 'weldr'%0Ahint: did you mean 'welder'?\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "::warning file=test.takt,line=6,"));
    free(t);
    model_free(m);
}

static void json_escapes(void)
{
    StrBuf b = {0};
    json_escape(&b, "a\"b\\c\nd\x01");
    CU_ASSERT_STRING_EQUAL(sb_cstr(&b), "\"a\\\"b\\\\c\\nd\\u0001\"");
    sb_free(&b);
}

static void notes_point_at_first_definition(void)
{
    Model *m = test_check("plant { start 2026-12-01 }\nmachine saw { }\nmachine saw { }\n");
    char *t = render(m, DIAG_FORMAT_TEXT, false);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "test.takt:3:9: error[E0202]: machine 'saw' is defined twice"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "test.takt:2:9: note: 'saw' was first defined here, as a machine"));
    free(t);
    model_free(m);
}

static void flood_is_capped(void)
{
    /* thousands of bad characters: a bounded report, with a count of the rest */
    size_t n = 20000;
    char *s = malloc(n * 2 + 1);
    for (size_t i = 0; i < n; i++) {
        s[2 * i] = '$';
        s[2 * i + 1] = '\n';
    }
    s[2 * n] = 0;
    Model *m = test_check(s);
    CU_ASSERT_TRUE(m->diags.len <= 500);
    CU_ASSERT_TRUE(m->diags.suppressed > 0);
    CU_ASSERT_TRUE(m->diags.nerrors >= n);
    char *t = render(m, DIAG_FORMAT_TEXT, false);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "further diagnostics not shown"));
    free(t);
    model_free(m);
    free(s);
}

static void codes_round_trip(void)
{
    for (int c = 1; c < DIAG__COUNT; c++) {
        CU_ASSERT_EQUAL((int)diag_code_parse(diag_code_str((DiagCode)c)), c);
        CU_ASSERT_TRUE(strlen(diag_code_title((DiagCode)c)) > 0);
    }
    CU_ASSERT_EQUAL(diag_code_parse("E9999"), DIAG_NONE);
}

/* A "did you mean" hint carries its fix: the name in place of the mistake,
 * which an editor applies as a quick fix; a name without a near one has none. */
static void suggestion_carries_a_fix(void)
{
    Model *m = test_check(src);
    const Diag *g = NULL;
    for (uint32_t i = 0; i < m->diags.len; i++)
        if (m->diags.items[i].code == DIAG_UNKNOWN_MACHINE) g = &m->diags.items[i];
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g->fix.text);
    CU_ASSERT_STRING_EQUAL(g->fix.text, "welder");
    const SourceFile *sf = sources_get(&m->sources, g->fix.span.file);
    CU_ASSERT_EQUAL(g->fix.span.hi - g->fix.span.lo, 5);
    CU_ASSERT_EQUAL(memcmp(sf->text + g->fix.span.lo, "weldr", 5), 0);
    model_free(m);
    Model *far = test_check("plant { start 2026-12-01 }\nmachine welder { }\n"
                            "product p { routing { weld on zzzzzzzz run 1 min each } }\n");
    for (uint32_t i = 0; i < far->diags.len; i++)
        if (far->diags.items[i].code == DIAG_UNKNOWN_MACHINE) CU_ASSERT_PTR_NULL(far->diags.items[i].fix.text);
    model_free(far);
}

void suite_diag(void)
{
    CU_pSuite s = CU_add_suite("diag", NULL, NULL);
    ADD_TEST(s, text_has_snippet_and_hint);
    ADD_TEST(s, json_is_a_versioned_object);
    ADD_TEST(s, sarif_results_and_rules);
    ADD_TEST(s, github_annotations);
    ADD_TEST(s, json_escapes);
    ADD_TEST(s, notes_point_at_first_definition);
    ADD_TEST(s, flood_is_capped);
    ADD_TEST(s, codes_round_trip);
    ADD_TEST(s, suggestion_carries_a_fix);
}
