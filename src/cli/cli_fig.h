/* cli_fig.h — the options that make a picture slide-ready, for the verbs that draw (render): parsed
 * once, applied to the view state (lay_view) so that the layout knows what a figure looks like. */
#ifndef CLI_FIG_H
#define CLI_FIG_H

#include <stdbool.h>
#include <stdint.h>

#include "lay_view.h"

/* Slide-ready pictures (cli_fig.c): --style figure|full, --status on|off, --legend on|off,
 * --bars time|uniform, --guides full|short|off, --ticks D, --tick-labels time|index. */
typedef struct {
    const char *style, *status, *legend, *bars, *guides, *ticks, *tick_labels;
} cli_fig_args;

typedef struct {
    bool figure, status, legend, tick_index;
    uint8_t bars, guides;    /* lay_bars, lay_guides */
    int64_t tick_step;       /* 0: automatic */
} cli_fig;

/* In figure style the main names (host or lane names) are this share of the picture's width. */
#define CLI_FIG_TEXT 0.036f

/* Takes argv[*i] when it is one of the options above: 1 taken, 0 not ours, -1 missing value. */
int cli_fig_arg(cli_fig_args *a, int argc, char **argv, int *i, const char *verb);
/* The options' values with their defaults (figure style: no status bar, no legend, uniform bars,
 * no guides); false after a message for a bad value. */
bool cli_fig_parse(const cli_fig_args *a, const char *verb, cli_fig *f);
/* Applies f to v; in figure style text_px (the main names' size at font scale 1) is scaled to
 * CLI_FIG_TEXT of width. */
void cli_fig_view(const cli_fig *f, lay_view *v, float width, float text_px);

#endif
