/* test_lexer.c: tokens, literals and operator precedence, through the
 * parser and the AST printer. */
#include <stdlib.h>
#include <string.h>

#include "test.h"

/* Parses "rule r = EXPR" and prints the expression. */
static char *parse_expr(const char *expr, unsigned *nerrors)
{
    char src[2048];
    snprintf(src, sizeof src, "rule r = %s\n", expr);
    Model *m = model_new(NULL);
    loader_load_buffer(m, "t.takt", src, strlen(src));
    *nerrors = m->diags.nerrors;
    StrBuf b = {0};
    AstNode *root = m->loader.files.data[0].root;
    if (root && root->as.file.items.len == 1 && root->as.file.items.items[0]->kind == AST_RULE)
        ast_print_expr(root->as.file.items.items[0]->as.rule.body, &m->strs, &b);
    char *s = strdup(sb_cstr(&b));
    sb_free(&b);
    model_free(m);
    return s;
}

static const struct {
    const char *src, *printed;
} exprs[] = {
    {"1 + 2 * 3", "(1 + (2 * 3))"},
    {"1 - 2 - 3", "((1 - 2) - 3)"},
    {"-a * b", "((-a) * b)"},
    {"a < b and not c or x", "(((a < b) and (not c)) or x)"},
    {"if a then 1 else 2 + 3", "(if a then 1 else (2 + 3))"},
    {"if a then b else if c then x else y", "(if a then b else (if c then x else y))"},
    {"15 min", "15 min"},
    {"4 min each", "4 min each"},
    {"38 EUR/h * 2 h", "(38 EUR/h * 2 h)"},
    {"10_000 + 1.5e3", "(10000 + 1500)"},
    {"order.due - now", "(order.due - now)"},
    {"machine.cost", "machine.cost"},
    {"std.atc(k: 3)", "std.atc(k: 3)"},
    {"min(a, b, 2 h)", "min(a, b, 2 h)"},
    {"2026-12-10", "2026-12-10"},
    {"2026-12-10 14:30", "2026-12-10 14:30"},
    {"2026-12-10T06:05", "2026-12-10 06:05"},
    {"\"a\\\"b\"", "\"a\\\"b\""},
    {"(((1)))", "1"},
};

static void expressions_parse(void)
{
    for (size_t i = 0; i < TK_COUNTOF(exprs); i++) {
        unsigned ne;
        char *got = parse_expr(exprs[i].src, &ne);
        CU_ASSERT_EQUAL(ne, 0);
        if (strcmp(got, exprs[i].printed) != 0) fprintf(stderr, "\n  %s -> %s\n", exprs[i].src, got);
        CU_ASSERT_STRING_EQUAL(got, exprs[i].printed);
        free(got);
    }
}

static void bad_literals(void)
{
    static const char *const bad[] = {"2026-02-30", "2026-1-5", "25:00", "1e999999", "\"a\\qb\""};
    for (size_t i = 0; i < TK_COUNTOF(bad); i++) {
        unsigned ne;
        char *got = parse_expr(bad[i], &ne);
        CU_ASSERT_TRUE(ne > 0);
        free(got);
    }
}

static void deep_nesting_is_bounded(void)
{
    /* 10,000 nested parentheses, unary minuses and a long chain: each is
     * one E0007, never a crash */
    size_t n = 10000;
    char *src = malloc(4 * n + 64);
    const char *shapes[] = {"(", "-", "not "};
    for (int k = 0; k < 3; k++) {
        strcpy(src, "rule r = ");
        for (size_t i = 0; i < n; i++) strcat(src, shapes[k]);
        strcat(src, "1");
        if (k == 0)
            for (size_t i = 0; i < n; i++) strcat(src, ")");
        Model *m = test_check(src);
        CU_ASSERT_EQUAL(test_count(m, DIAG_TOO_DEEP), 1);
        model_free(m);
    }
    strcpy(src, "rule r = 1");
    for (size_t i = 0; i < n; i++) strcat(src, "+1");
    Model *m = test_check(src);
    CU_ASSERT_EQUAL(test_count(m, DIAG_TOO_DEEP), 1);
    model_free(m);
    free(src);
}

static void recovery_reports_each_block(void)
{
    /* three blocks, each with its own syntax error, all reported: the last
     * two are settings without their value (E0426) */
    Model *m = test_check("machine a { units 2 2 }\nmachine b { cost + }\nmachine c { units ) }\n");
    CU_ASSERT_EQUAL(test_count(m, DIAG_SYNTAX), 1);
    CU_ASSERT_EQUAL(test_count(m, DIAG_MISSING_VALUE), 2);
    model_free(m);
}

static void compound_units_need_units(void)
{
    unsigned ne;
    char *got = parse_expr("a/b", &ne); /* names, not a unit: division */
    CU_ASSERT_STRING_EQUAL(got, "(a / b)");
    free(got);
    got = parse_expr("3 EUR/h", &ne);
    CU_ASSERT_STRING_EQUAL(got, "3 EUR/h");
    free(got);
}

/* ast_name_str: a name's parts joined by dots, cut to the buffer. */
static void dotted_names_print_whole_or_cut(void)
{
    Interner in;
    intern_init(&in);
    Sym parts[3] = {intern(&in, "std", 3), intern(&in, "atc", 3), intern(&in, "slack", 5)};
    AstNode n;
    memset(&n, 0, sizeof n);
    n.kind = AST_NAME;
    n.as.name.parts = parts;
    static const struct {
        uint32_t parts;
        size_t n;
        const char *want;
    } cases[] = {
        {1, 64, "std"}, {3, 64, "std.atc.slack"}, {3, 14, "std.atc.slack"}, {3, 13, "std.atc.slac"},
        {3, 8, "std.atc"}, {3, 5, "std."}, {3, 4, "std"}, {2, 3, "st"}, {3, 1, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[64];
        memset(buf, 'x', sizeof buf);
        n.as.name.n = cases[i].parts;
        CU_ASSERT_STRING_EQUAL(ast_name_str(&n, &in, buf, cases[i].n), cases[i].want);
    }
    n.kind = AST_NUM;
    char buf[8];
    CU_ASSERT_STRING_EQUAL(ast_name_str(&n, &in, buf, sizeof buf), "");
    intern_free(&in);
}

void suite_lexer(void)
{
    CU_pSuite s = CU_add_suite("lexer", NULL, NULL);
    ADD_TEST(s, expressions_parse);
    ADD_TEST(s, bad_literals);
    ADD_TEST(s, deep_nesting_is_bounded);
    ADD_TEST(s, recovery_reports_each_block);
    ADD_TEST(s, compound_units_need_units);
    ADD_TEST(s, dotted_names_print_whole_or_cut);
}
