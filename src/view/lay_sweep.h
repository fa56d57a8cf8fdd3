/* lay_sweep.h — the scale sweep's plot as a display list: log-scale count on x, throughput on y,
 * one line per model, the points where a model starts failing or collapsing marked. No SDL. */
#ifndef LAY_SWEEP_H
#define LAY_SWEEP_H

#include "dl.h"
#include "lay_str.h"
#include "swp.h"
#include "theme.h"

/* The sweep plot's context for the view interface: a result and its title (or NULL), not owned;
 * status keeps a status band at the bottom. */
typedef struct {
    const swp_result *r;
    const char *title;
    bool status;
} lay_sweep_src;

/* Resets out to a w x h canvas and draws the plot of r; title may be NULL; fs scales text. why: a
 * panel under the plot says why each model stops, at its failing point (else its collapse, else
 * the last count): CPU per request split into useful work, creation, switching and calls, and
 * memory at the peak as a share of the budget. */
void lay_sweep(const swp_result *r, const char *title, theme_id th, lay_lang lang, float w, float h, float fs,
               bool why, const dl_measure *m, dl_list *out);

#endif
