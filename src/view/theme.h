/* theme.h — the colours the layout draws with: light (the course figures), dark, high contrast.
 * Themes are constant tables (nothing to free); request colours come from the scenario when it
 * gives one, else from a colour-blind-safe palette (Okabe–Ito) indexed by request. */
#ifndef THEME_H
#define THEME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dl.h"
#include "trc.h"

typedef enum { THEME_LIGHT, THEME_DARK, THEME_CONTRAST, THEME_COUNT } theme_id;

typedef struct {
    const char *name;          /* "light", "dark", "contrast" (for --theme and settings files) */
    dl_color bg;               /* canvas */
    dl_color plot_bg_alt;      /* every other lane row, faintly banded */
    dl_color fg, fg_dim;       /* text; secondary text (axis labels, counts) */
    dl_color grid;             /* axis grid lines */
    dl_color lane_line;        /* the baseline under each lane's bars */
    dl_color header_bg, header_fg;  /* group header rows */
    dl_color panel_bg;         /* axis band, label column, legend, status bar */
    dl_color panel_line;       /* their borders */
    dl_color hatch_ready;      /* hatch lines of TRC_READY */
    dl_color hatch_gil;        /* hatch lines of TRC_GIL: a different colour on purpose */
    dl_color blocked;          /* outline of the TRC_BLOCKED bar */
    dl_color switch_fill;      /* TRC_SWITCH block */
    dl_color switch_mark;      /* the "commutation" line across a core bar */
    dl_color spawn;            /* TRC_SPAWN block and spawn markers */
    dl_color fail;             /* failure cross */
    dl_color marker;           /* await / return arrows */
    dl_color note;             /* lecturer's note markers */
    dl_color msg;              /* message arrows when the request has no colour of its own */
    dl_color select;           /* outline of the selected request's shapes */
    dl_color playhead;
    dl_color hover;
    dl_color text_on_dark, text_on_light;  /* labels drawn on bars */
    float dim;                 /* 0..1: how far unselected shapes fade toward bg */
    const dl_color *palette;   /* request colours */
    size_t npalette;
} theme;

/* The theme of that id; an unknown id gives the light theme. */
const theme *theme_get(theme_id id);

/* The id named `name` ("light", "dark", "contrast"); false when there is none. */
bool theme_from_name(const char *name, theme_id *out);

/* A request's colour: its template's colour when the scenario gave one, else palette[req % n];
 * req < 0 (work on behalf of nobody) gives fg_dim. */
dl_color theme_req_color(const theme *th, const trc *t, int32_t req);

/* c moved a fraction f (0..1) of the way toward to; alpha from c. */
dl_color theme_mix(dl_color c, dl_color to, float f);

/* The readable text colour on a fill (dark text on light fills, light on dark). */
dl_color theme_text_on(const theme *th, dl_color fill);

#endif
