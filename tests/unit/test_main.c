/* test_main.c: runs every CUnit suite; exits non-zero if any test failed. */
#include <CUnit/Basic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

Model *test_check(const char *src)
{
    Model *m = model_new(NULL);
    model_check_buffer(m, "test.takt", src, strlen(src));
    return m;
}

bool test_has(const Model *m, DiagCode code) { return test_count(m, code) > 0; }

unsigned test_count(const Model *m, DiagCode code)
{
    unsigned n = 0;
    for (uint32_t i = 0; i < m->diags.len; i++)
        if (m->diags.items[i].code == code) n++;
    return n;
}

char *test_render(const Model *m)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    DiagRenderOpts o = {DIAG_FORMAT_TEXT, false, false};
    diags_render(&m->diags, &m->sources, &o, f);
    fclose(f);
    return buf;
}

TestPlan test_plan(const char *src)
{
    TestPlan r;
    memset(&r, 0, sizeof r);
    r.m = test_check(src);
    if (r.m->diags.nerrors) {
        char *t = test_render(r.m);
        fprintf(stderr, "\n%s", t);
        free(t);
    }
    CU_ASSERT_EQUAL_FATAL(r.m->diags.nerrors, 0);
    r.ir = ir_lower(r.m);
    r.eng = engine_interp_new(r.ir);
    r.p = plan_new(r.ir);
    mrp_explode(r.p);
    r.ok = r.p->problems.len == 0 && sched_run(r.p, r.eng);
    plan_measure(r.p, r.eng);
    return r;
}

void test_plan_free(TestPlan *t)
{
    plan_free(t->p);
    t->eng->free(t->eng);
    ir_free(t->ir);
    model_free(t->m);
}

int main(int argc, char **argv)
{
    if (CU_initialize_registry() != CUE_SUCCESS) return 2;
    suite_base();
    suite_units();
    suite_lexer();
    suite_sema();
    suite_diag();
    suite_loader();
    suite_ir();
    suite_plan();
    suite_jit();
    suite_import();
    suite_search();
    suite_gantt();
    suite_verify();
    suite_diff();
    suite_plan_read();
    suite_fastfmt();
    suite_esc();
    suite_sha256();
    suite_files();
    suite_views();
    suite_forecast();
    suite_calendar();
    suite_mrp();
    suite_buy();
    suite_udiff();
    suite_flow();
    CU_basic_set_mode(CU_BRM_VERBOSE);
    if (argc > 1) {
        /* run one suite by name */
        CU_pSuite s = CU_get_suite(argv[1]);
        if (!s) {
            fprintf(stderr, "no suite '%s'\n", argv[1]);
            CU_cleanup_registry();
            return 2;
        }
        CU_basic_run_suite(s);
    } else {
        CU_basic_run_tests();
    }
    unsigned failures = CU_get_number_of_failure_records();
    CU_cleanup_registry();
    return failures ? 1 : 0;
}
