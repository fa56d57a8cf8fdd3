/* real_int.h — what the files of src/real share: the drawn durations of a request's steps (the
 * simulation's own draws) and the embedded client driver. */
#ifndef REAL_INT_H
#define REAL_INT_H

#include <signal.h>

#include "real.h"

/* The duration the simulation draws for step `step` of the request instance (tmpl, inst):
 * which 0 the duration or serve time, 1 the request's latency, 2 the reply's (sim_step_dur). */
int64_t real_step_dur(const scn *s, uint32_t tmpl, uint32_t inst, uint32_t step, uint32_t which);

/* The scenario step of a trace request's template. */
const scn_step *real_step(const scn *s, uint32_t tmpl, uint32_t step);

#define REAL_PYTHON "/usr/bin/python3"

/* Runs `python -I -S script a b` in a process group of its own; kills the whole group when it
 * ends or at limit_ns, whichever comes first. False with a message when it failed or was killed. */
bool real_python(const char *python, const char *script, const char *a, const char *b, int64_t limit_ns,
                 const sigset_t *mask, sl_err *err);

/* SIGINT, SIGTERM and SIGHUP are blocked in schedlab (every thread) while a client runs, and
 * polled: a Ctrl-C kills the client's process group, then schedlab fails with a message. */
void real_stop_signals(sigset_t *set);
void real_block_signals(sigset_t *old);
void real_restore_signals(const sigset_t *old);

/* Reads a whole file (malloc'd, *len bytes). */
bool real_read_file(const char *path, char **text, size_t *len, sl_err *err);

#endif
