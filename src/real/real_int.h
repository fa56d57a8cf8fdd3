/* real_int.h — what the files of src/real share: the drawn durations of a request's steps (the
 * simulation's own draws) and the embedded client driver. */
#ifndef REAL_INT_H
#define REAL_INT_H

#include "real.h"

/* The duration the simulation draws for step `step` of the request instance (tmpl, inst):
 * which 0 the duration or serve time, 1 the request's latency, 2 the reply's (sim_step_dur). */
int64_t real_step_dur(const scn *s, uint32_t tmpl, uint32_t inst, uint32_t step, uint32_t which);

/* The scenario step of a trace request's template. */
const scn_step *real_step(const scn *s, uint32_t tmpl, uint32_t step);

#endif
