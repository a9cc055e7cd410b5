/* test_units.c: the unit table, unit expressions and type arithmetic. */
#include <string.h>

#include "test.h"

static const struct {
    const char *unit;
    double scale;
    int t, money, len, mass;
} unit_cases[] = {
    {"min", 1, 1, 0, 0, 0},          {"h", 60, 1, 0, 0, 0},          {"d", 1440, 1, 0, 0, 0},
    {"weeks", 10080, 1, 0, 0, 0},    {"s", 1.0 / 60, 1, 0, 0, 0},    {"EUR", 1, 0, 1, 0, 0},
    {"EUR/h", 1.0 / 60, -1, 1, 0, 0}, {"EUR/day", 1.0 / 1440, -1, 1, 0, 0}, {"EUR/m", 1, 0, 1, -1, 0},
    {"mm", 0.001, 0, 0, 1, 0},       {"m2", 1, 0, 0, 2, 0},          {"L", 0.001, 0, 0, 3, 0},
    {"kg", 1, 0, 0, 0, 1},           {"g", 0.001, 0, 0, 0, 1},       {"pcs", 1, 0, 0, 0, 0},
    {"min/pcs", 1, 1, 0, 0, 0},      {"USD/kg", 1, 0, 1, 0, -1},
};

static void units_parse(void)
{
    for (size_t i = 0; i < TK_COUNTOF(unit_cases); i++) {
        int8_t dim[DIM__COUNT];
        double scale;
        const Unit *cur;
        const char *u = unit_cases[i].unit;
        CU_ASSERT_TRUE_FATAL(unit_parse(u, strlen(u), dim, &scale, &cur));
        CU_ASSERT_DOUBLE_EQUAL(scale, unit_cases[i].scale, 1e-12);
        CU_ASSERT_EQUAL(dim[DIM_TIME], unit_cases[i].t);
        CU_ASSERT_EQUAL(dim[DIM_MONEY], unit_cases[i].money);
        CU_ASSERT_EQUAL(dim[DIM_LENGTH], unit_cases[i].len);
        CU_ASSERT_EQUAL(dim[DIM_MASS], unit_cases[i].mass);
    }
}

static void units_reject(void)
{
    static const char *const bad[] = {"mins2", "EUR/x", "foo", "h/", "", "Eur"};
    for (size_t i = 0; i < TK_COUNTOF(bad); i++) CU_ASSERT_FALSE(unit_is_unit_text(bad[i], strlen(bad[i])));
    CU_ASSERT_STRING_EQUAL(unit_suggest("mns"), "mins");
    CU_ASSERT_STRING_EQUAL(unit_suggest("hrs"), "hrs");
    CU_ASSERT_PTR_NULL(unit_suggest("bicycle"));
}

static void type_arithmetic(void)
{
    char b[64];
    CU_ASSERT_TRUE(type_eq(type_mul(TYPE_MONEY_RATE, TYPE_DURATION), TYPE_MONEY));
    CU_ASSERT_TRUE(type_eq(type_div(TYPE_DURATION, TYPE_DURATION), TYPE_NUMBER));
    CU_ASSERT_STRING_EQUAL(type_name(TYPE_DURATION, b, sizeof b), "duration");
    CU_ASSERT_STRING_EQUAL(type_name(TYPE_MONEY_RATE, b, sizeof b), "money per hour");
    CU_ASSERT_STRING_EQUAL(type_phrase(TYPE_MONEY, b, sizeof b), "money");
    CU_ASSERT_STRING_EQUAL(type_phrase(TYPE_DURATION, b, sizeof b), "a duration");
    CU_ASSERT_STRING_EQUAL(type_phrase(type_num(0, 0, 2, 0), b, sizeof b), "an area");
    CU_ASSERT_FALSE(type_eq(type_of(TY_STRING), type_of(TY_BOOL)));
}

void suite_units(void)
{
    CU_pSuite s = CU_add_suite("units", NULL, NULL);
    ADD_TEST(s, units_parse);
    ADD_TEST(s, units_reject);
    ADD_TEST(s, type_arithmetic);
}
