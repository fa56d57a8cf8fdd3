/* png.h — headless PNG export: draws a display list with the SDL software renderer on an offscreen
 * surface (no display, no X server, no SDL_Init(SDL_INIT_VIDEO)) and saves it with SDL_image
 * through a temporary file in the same folder and a rename, so a failed export leaves no file. */
#ifndef PNG_H
#define PNG_H

#include <stdbool.h>

#include <SDL.h>

#include "dl.h"
#include "font.h"
#include "sl_util.h"

/* Images larger than this on a side (after scaling) are refused. */
#define PNG_MAX_SIDE 16384

/* Pixels drawn at most for one image: it is drawn up to 3 times finer on each side and averaged
 * down (anti-aliasing that SDL's software renderer lacks), less finely for a large image. */
#define PNG_SS_PIXELS ((double)(32 << 20))

/* The list drawn at scale (2: twice the pixels on each side), anti-aliased, on a new surface of
 * ceil(width * scale) x ceil(height * scale) pixels, RGB888 when the background is opaque, else
 * ARGB8888 (a PNG with alpha). fonts is borrowed and may be NULL when the
 * list has no text. Caller frees with SDL_FreeSurface. NULL with a message in err on failure. */
SDL_Surface *png_render(const dl_list *l, float scale, font_lib *fonts, sl_err *err);

/* Saves s as a PNG at path through a temporary + rename. On failure (unwritable folder, full
 * disk) returns false with `path: error: ...` in err, and leaves no file behind. */
bool png_save(SDL_Surface *s, const char *path, sl_err *err);

/* png_render then png_save. fonts (borrowed) may be NULL: fonts are then looked up through
 * fontconfig for this call, and only if the list has text. Refuses an overflowed list. */
bool png_write_file(const dl_list *l, const char *path, float scale, font_lib *fonts, sl_err *err);

#endif
