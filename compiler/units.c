/* units.c: the table of units of measure and type arithmetic.
 * Base units: minute, plant currency, metre, kilogram (docs/language.md,
 * "Units"). The lexer uses unit_is_unit_text() to tell a unit from a name. */
#include "units.h"

#include <stdio.h>
#include <string.h>

#define T(n, s) {n, {1, 0, 0, 0}, s, false}
#define MONEY(n) {n, {0, 1, 0, 0}, 1.0, true}
#define L(n, s, e) {n, {0, 0, e, 0}, s, false}
#define M(n, s) {n, {0, 0, 0, 1}, s, false}
#define C(n) {n, {0, 0, 0, 0}, 1.0, false}

static const Unit units[] = {
    /* time */
    T("s", 1.0 / 60), T("sec", 1.0 / 60), T("secs", 1.0 / 60), T("second", 1.0 / 60), T("seconds", 1.0 / 60),
    T("min", 1), T("mins", 1), T("minute", 1), T("minutes", 1),
    T("h", 60), T("hr", 60), T("hrs", 60), T("hour", 60), T("hours", 60),
    T("d", 1440), T("day", 1440), T("days", 1440),
    T("wk", 10080), T("week", 10080), T("weeks", 10080),
    /* money: ISO 4217 codes */
    MONEY("EUR"), MONEY("USD"), MONEY("GBP"), MONEY("CHF"), MONEY("JPY"), MONEY("CNY"), MONEY("SEK"),
    MONEY("NOK"), MONEY("DKK"), MONEY("PLN"), MONEY("CZK"), MONEY("HUF"), MONEY("RON"), MONEY("BGN"),
    MONEY("CAD"), MONEY("AUD"), MONEY("NZD"), MONEY("INR"), MONEY("BRL"), MONEY("MXN"), MONEY("KRW"),
    MONEY("ZAR"), MONEY("SGD"), MONEY("HKD"), MONEY("TRY"), MONEY("ILS"), MONEY("AED"), MONEY("THB"),
    /* counts */
    C("pcs"), C("pc"), C("piece"), C("pieces"), C("ea"),
    /* a percentage: 70% is 0.7 */
    {"%", {0, 0, 0, 0}, 0.01, false},
    /* length, area, volume */
    L("mm", 0.001, 1), L("cm", 0.01, 1), L("m", 1, 1), L("km", 1000, 1),
    L("mm2", 1e-6, 2), L("cm2", 1e-4, 2), L("m2", 1, 2),
    L("ml", 1e-6, 3), L("mL", 1e-6, 3), L("L", 0.001, 3), L("cm3", 1e-6, 3), L("m3", 1, 3),
    /* mass */
    M("g", 0.001), M("kg", 1), M("tonne", 1000), M("tonnes", 1000),
};

const Unit *unit_find(const char *name, size_t len)
{
    /* a model has a unit after nearly every number: the first letter first */
    if (len == 0) return NULL;
    for (size_t i = 0; i < TK_COUNTOF(units); i++)
        if (units[i].name[0] == name[0] && strlen(units[i].name) == len && memcmp(units[i].name, name, len) == 0)
            return &units[i];
    return NULL;
}

bool unit_parse(const char *text, size_t len, int8_t dim[DIM__COUNT], double *scale, const Unit **currency)
{
    memset(dim, 0, DIM__COUNT);
    *scale = 1.0;
    *currency = NULL;
    size_t i = 0;
    int part = 0;
    while (i <= len) {
        size_t j = i;
        while (j < len && text[j] != '/') j++;
        const Unit *u = unit_find(text + i, j - i);
        if (!u) return false;
        int sign = part == 0 ? 1 : -1;
        for (int k = 0; k < DIM__COUNT; k++) dim[k] = (int8_t)(dim[k] + sign * u->dim[k]);
        if (sign > 0) *scale *= u->scale;
        else *scale /= u->scale;
        if (u->currency) *currency = u;
        part++;
        i = j + 1;
    }
    return true;
}

bool unit_is_unit_text(const char *text, size_t len)
{
    int8_t dim[DIM__COUNT];
    double scale;
    const Unit *cur;
    return unit_parse(text, len, dim, &scale, &cur);
}

const char *unit_suggest(const char *name)
{
    if (!name || !*name) return NULL;
    const char *best = NULL;
    int bestd = 3;
    size_t n = strlen(name);
    for (size_t i = 0; i < TK_COUNTOF(units); i++) {
        int limit = n <= 3 ? 1 : 2;
        int d = tk_edit_distance(name, units[i].name, limit);
        if (d <= limit && d < bestd) {
            bestd = d;
            best = units[i].name;
        }
    }
    return best;
}

const char *const *unit_names(void)
{
    static const char *names[TK_COUNTOF(units) + 1];
    if (!names[0])
        for (size_t i = 0; i < TK_COUNTOF(units); i++) names[i] = units[i].name;
    return names;
}

Type type_num(int t, int money, int len, int mass)
{
    Type ty = {TY_NUM, {(int8_t)t, (int8_t)money, (int8_t)len, (int8_t)mass}};
    return ty;
}

Type type_of(TypeKind k)
{
    Type t;
    memset(&t, 0, sizeof t);
    t.kind = (uint8_t)k;
    return t;
}

bool type_eq(Type a, Type b)
{
    if (a.kind != b.kind) return false;
    if (a.kind != TY_NUM) return true;
    return memcmp(a.dim, b.dim, DIM__COUNT) == 0;
}

bool type_is_num(Type t) { return t.kind == TY_NUM; }
bool type_is_dimensionless(Type t) { return type_eq(t, TYPE_NUMBER); }
bool type_is_duration(Type t) { return type_eq(t, TYPE_DURATION); }
bool type_is_money(Type t) { return type_eq(t, TYPE_MONEY); }

Type type_mul(Type a, Type b)
{
    Type t = type_num(0, 0, 0, 0);
    for (int k = 0; k < DIM__COUNT; k++) t.dim[k] = (int8_t)(a.dim[k] + b.dim[k]);
    return t;
}

Type type_div(Type a, Type b)
{
    Type t = type_num(0, 0, 0, 0);
    for (int k = 0; k < DIM__COUNT; k++) t.dim[k] = (int8_t)(a.dim[k] - b.dim[k]);
    return t;
}

static const char *dim_word(int k, int e)
{
    switch (k) {
    case DIM_TIME: return "duration";
    case DIM_MONEY: return "money";
    case DIM_LENGTH: return e == 2 ? "area" : e == 3 ? "volume" : "length";
    case DIM_MASS: return "mass";
    }
    return "?";
}

static const char *dim_per(int k, int e)
{
    switch (k) {
    case DIM_TIME: return "hour";
    case DIM_MONEY: return "money";
    case DIM_LENGTH: return e == 2 ? "square metre" : e == 3 ? "cubic metre" : "metre";
    case DIM_MASS: return "kilogram";
    }
    return "?";
}

const char *type_name(Type t, char *buf, size_t n)
{
    switch ((TypeKind)t.kind) {
    case TY_ERROR: return "<error>";
    case TY_BOOL: return "boolean";
    case TY_STRING: return "string";
    case TY_DATETIME: return "date-time";
    case TY_DATE: return "date";
    case TY_TIME: return "time of day";
    case TY_NUM: break;
    }
    /* numerator: the positive exponents; simple cases get plain words */
    int npos = 0, nneg = 0;
    for (int k = 0; k < DIM__COUNT; k++) {
        if (t.dim[k] > 0) npos++;
        if (t.dim[k] < 0) nneg++;
    }
    if (npos == 0 && nneg == 0) return "number";
    size_t used = 0;
    buf[0] = 0;
    bool any = false;
    for (int k = 0; k < DIM__COUNT; k++) {
        if (t.dim[k] <= 0) continue;
        bool single = !(k == DIM_LENGTH && t.dim[k] <= 3) && t.dim[k] > 1;
        used += (size_t)snprintf(buf + used, used < n ? n - used : 0, "%s%s%s", any ? " x " : "",
                                 dim_word(k, t.dim[k]), single ? "^n" : "");
        any = true;
    }
    if (!any) used += (size_t)snprintf(buf + used, used < n ? n - used : 0, "number");
    for (int k = 0; k < DIM__COUNT; k++) {
        if (t.dim[k] >= 0) continue;
        used += (size_t)snprintf(buf + used, used < n ? n - used : 0, " per %s", dim_per(k, -t.dim[k]));
    }
    return buf;
}

const char *type_phrase(Type t, char *buf, size_t n)
{
    char tmp[96];
    const char *name = type_name(t, tmp, sizeof tmp);
    const char *art = t.kind == TY_ERROR || strncmp(name, "money", 5) == 0 ? ""
                      : strchr("aeiou", name[0])                        ? "an "
                                                                        : "a ";
    snprintf(buf, n, "%s%s", art, name); /* into buf: name may be in tmp */
    return buf;
}
