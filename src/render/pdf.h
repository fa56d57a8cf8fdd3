/* pdf.h — the PDF back end: a display list drawn through cairo on a PDF surface, vector shapes and
 * text in the fonts the PNG uses (subset and embedded by cairo), for LaTeX/beamer slides.
 *
 * Drawing rules are those of svg.h (outline inside the rect, hatching x + y = k * spacing,
 * arrow shafts stopping at the head, anchors naming a point of the text's box on the canvas).
 * One canvas pixel is one PDF point (1/72 inch) times the scale: `pdftoppm -r 72` gives back an
 * image the size of the PNG at scale 1. */
#ifndef PDF_H
#define PDF_H

#include <stdbool.h>

#include "dl.h"
#include "font.h"
#include "sl_util.h"

/* Pages larger than this many points on a side are refused (PDF viewers' own limit is 14 400). */
#define PDF_MAX_SIDE 14400

/* Writes l as a one-page PDF to path through a temporary file and a rename. fonts (borrowed)
 * names the font files the text is drawn with (regular and bold). On failure (incomplete list,
 * page too large, unwritable folder, cairo error) returns false with `path: error: ...` in err
 * and leaves no file behind. */
bool pdf_write_file(const dl_list *l, const char *path, float scale, font_lib *fonts, sl_err *err);

#endif
