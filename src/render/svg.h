/* svg.h — the SVG back end: turns a display list into a standalone SVG document with real vector
 * shapes (hatching as a pattern, text as <text>) and no SDL. Promises well-formed XML for any list:
 * text bytes that are not valid UTF-8 or not allowed in XML come out as U+FFFD.
 *
 * Drawing rules shared with the SDL back end (rsdl.h), so both outputs look alike:
 * - a rect's outline lies inside the rect (stroke_w pixels wide);
 * - hatching is lines x + y = k * spacing in canvas coordinates (so neighbouring hatched rects line
 *   up), 1 pixel wide, over the bg colour;
 * - an arrow's shaft stops at the base of its head(s), built by dl_arrow_head;
 * - a text's anchor names a point of the box the text covers on the canvas; for vertical text
 *   (rotated 90 degrees counter-clockwise) that is the box after rotation. The box is SDL_ttf's:
 *   DejaVu Sans' ascent above the baseline and its descent below; the SVG gives the baseline
 *   itself (no dominant-baseline, which consumers read differently). */
#ifndef SVG_H
#define SVG_H

#include <stdbool.h>
#include <stddef.h>

#include "dl.h"
#include "sl_util.h"

/* Output past this many bytes is refused rather than grown further. */
#define SVG_MAX_BYTES ((size_t)1 << 31)

/* The SVG of l as a new NUL-terminated string; its length in *len when len is not NULL. Caller
 * frees. NULL with a message in err on allocation failure or past SVG_MAX_BYTES. */
char *svg_render(const dl_list *l, size_t *len, sl_err *err);

/* Writes the SVG of l to path through a temporary file in the same folder and a rename. On
 * failure (incomplete list, unwritable folder, full disk) returns false with `path: error: ...` in
 * err and leaves no file behind; an existing file at path is left untouched. */
bool svg_write_file(const dl_list *l, const char *path, sl_err *err);
/* The same with width and height `size` times the list's (a window that magnifies its layout:
 * the picture has the window's size, its viewBox the list's units). */
bool svg_write_file_sized(const dl_list *l, const char *path, float size, sl_err *err);

#endif
