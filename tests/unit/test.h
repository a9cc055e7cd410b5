/* test.h: helpers shared by the CUnit suites. */
#ifndef TAKT_TEST_H
#define TAKT_TEST_H

#include <CUnit/CUnit.h>

#include "compiler/model.h"
#include "compiler/sema.h"
#include "runtime/runtime.h"

/* Checks a model given as text; the caller frees it with model_free. */
Model *test_check(const char *src);
/* True if the model has a diagnostic with this code. */
bool test_has(const Model *m, DiagCode code);
/* Number of diagnostics with this code. */
unsigned test_count(const Model *m, DiagCode code);
/* The diagnostics rendered as text without colour, for messages in asserts. */
char *test_render(const Model *m);

/* A model given as text, checked (it must be clean), lowered and planned by
 * the dispatching pass with the interpreter; ok if everything was planned. */
typedef struct TestPlan {
    Model *m;
    IrModel *ir;
    Engine *eng;
    Plan *p;
    bool ok;
} TestPlan;
TestPlan test_plan(const char *src);
void test_plan_free(TestPlan *t);

#define ADD_TEST(suite, fn) CU_add_test(suite, #fn, fn)

void suite_base(void);
void suite_units(void);
void suite_lexer(void);
void suite_sema(void);
void suite_diag(void);
void suite_loader(void);
void suite_ir(void);
void suite_plan(void);
void suite_jit(void);
void suite_import(void);
void suite_search(void);
void suite_gantt(void);
void suite_verify(void);
void suite_diff(void);
void suite_plan_read(void);
void suite_fastfmt(void);
void suite_esc(void);
void suite_sha256(void);
void suite_files(void);
void suite_views(void);
void suite_forecast(void);
void suite_calendar(void);
void suite_mrp(void);
void suite_buy(void);
void suite_udiff(void);
void suite_flow(void);

#endif
