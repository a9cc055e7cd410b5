/* units.h: units of measure and the value types of the language.
 *
 * A quantity's type is a vector of exponents over four base dimensions
 * (time, money, length, mass); counts are dimensionless. Every unit has a
 * scale to its dimension's base unit: the minute, the plant currency, the
 * metre and the kilogram (docs/language.md, "Units"). */
#ifndef TAKT_UNITS_H
#define TAKT_UNITS_H

#include "base.h"

enum { DIM_TIME, DIM_MONEY, DIM_LENGTH, DIM_MASS, DIM__COUNT };

typedef enum TypeKind {
    TY_ERROR,    /* poison: an error was reported, stay quiet */
    TY_NUM,      /* number or quantity: see dim[] */
    TY_BOOL,
    TY_STRING,
    TY_DATETIME, /* a point in time; dates are midnight */
    TY_DATE,     /* a date literal (before it is used as a datetime) */
    TY_TIME,     /* a time of day, only in calendars */
} TypeKind;

typedef struct Type {
    uint8_t kind;
    int8_t dim[DIM__COUNT];
} Type;

typedef struct Unit {
    const char *name;
    int8_t dim[DIM__COUNT];
    double scale;       /* value in base units of one of this unit */
    bool currency;      /* an ISO 4217 code */
} Unit;

/* Look up a simple unit name ("min", "EUR", "kg"); NULL if not a unit. */
const Unit *unit_find(const char *name, size_t len);
/* Parse a unit expression as the lexer hands it over: "min", "EUR/h",
 * "EUR/m". Returns false if a part is not a unit. On success fills the
 * combined dimensions and scale, and the currency part if any (else NULL). */
bool unit_parse(const char *text, size_t len, int8_t dim[DIM__COUNT], double *scale, const Unit **currency);
/* True if every '/'-separated part of text is a unit name. */
bool unit_is_unit_text(const char *text, size_t len);
/* Nearest unit name by edit distance, for hints; NULL if none is close. */
const char *unit_suggest(const char *name);
/* All unit names, for documentation tests; NULL-terminated. */
const char *const *unit_names(void);

Type type_num(int t, int money, int len, int mass);
Type type_of(TypeKind k);
static inline Type type_error(void) { return type_of(TY_ERROR); }
bool type_eq(Type a, Type b);
bool type_is_num(Type t);
bool type_is_dimensionless(Type t);
bool type_is_duration(Type t);
bool type_is_money(Type t);
Type type_mul(Type a, Type b);
Type type_div(Type a, Type b);
/* A readable name: "number", "duration", "money", "money per hour" ... */
const char *type_name(Type t, char *buf, size_t n);
/* The same with an article where English wants one: "a duration", "money". */
const char *type_phrase(Type t, char *buf, size_t n);

#define TYPE_NUMBER type_num(0, 0, 0, 0)
#define TYPE_DURATION type_num(1, 0, 0, 0)
#define TYPE_MONEY type_num(0, 1, 0, 0)
#define TYPE_MONEY_RATE type_num(-1, 1, 0, 0)

#endif
