/* verify_calendar.h: takt verify's own reading of a calendar. The planner
 * reads the working intervals ir_lower.c compiles; verify works the working
 * time out again from the calendar's definition as written (the IR keeps
 * it), by the rules of docs/language.md §6 alone, so that a mistake in one
 * reading cannot hide in the other. Small and plain on purpose: each day of
 * the horizon is a row of 1440 minutes, set by the shifts of the day before
 * and of the day itself, cleared by what is closed, set again by overtime.
 * tests/unit/test_calendar.c holds both readings to each other. */
#ifndef TAKT_VERIFY_CALENDAR_H
#define TAKT_VERIFY_CALENDAR_H

#include "runtime.h"

typedef struct VCal VCal;

/* The working time of calendar ci of the model within its horizon. */
VCal *vcal_build(const IrModel *ir, int32_t ci);
void vcal_free(VCal *c);

/* Is minute t (from t to t + 1) working time? */
bool vcal_open_at(const VCal *c, int64_t t);
/* The end of the unbroken working time minute t lies in (t itself if it is
 * not working time). */
int64_t vcal_stretch_end(const VCal *c, int64_t t);
/* Working minutes in [a, b). */
int64_t vcal_work_between(const VCal *c, int64_t a, int64_t b);
/* The first working minute at or after t; INT64_MAX if none in the horizon. */
int64_t vcal_next_open(const VCal *c, int64_t t);
/* The latest start of dur working minutes that end by `end`; INT64_MIN if
 * the horizon has too little working time before it. */
int64_t vcal_start_for(const VCal *c, int64_t end, int64_t dur);

/* Goods are received at t when the receiving calendar is open at t or t is
 * where its working time ends (a dock open 07:00-15:00 takes goods at 15:00;
 * docs/language.md, "receiving"). */
bool vcal_receives_at(const VCal *c, int64_t t);
/* The first time at or after t goods are received; INT64_MAX if none. */
int64_t vcal_next_receiving(const VCal *c, int64_t t);

#endif
