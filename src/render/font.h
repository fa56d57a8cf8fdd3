/* font.h — text for the SDL back ends: finds the font files (fontconfig's "DejaVu Sans" regular and
 * bold, or a --font file), opens one TTF_Font per pixel size on demand, measures text for layout,
 * and keeps rendered strings as textures so that an unchanged frame renders no text with TTF. */
#ifndef FONT_H
#define FONT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <SDL.h>
#include <SDL_ttf.h>

#include "dl.h"
#include "sl_util.h"

#define FONT_FAMILY "DejaVu Sans"
#define FONT_MIN_PX 1
#define FONT_MAX_PX 512   /* larger sizes are clamped: a glyph that big is a layout bug */
#define FONT_MAX_OPEN 32  /* open TTF_Fonts (size x weight); the least recently used is closed */

/* The font files and the TTF_Fonts opened from them. Opaque. */
typedef struct font_lib font_lib;

/* path: a TrueType/OpenType file for all text (bold is then synthesized by SDL_ttf), or NULL to
 * ask fontconfig for FONT_FAMILY regular and bold. Takes a TTF_Init reference (released by
 * font_lib_free); needs no SDL_Init. NULL with a message in err when no usable font is found:
 * `schedlab: error: no font found (install fonts-dejavu-core or pass --font PATH)`, or
 * `PATH: error: cannot open the font (...)` for a bad --font. Caller frees with font_lib_free. */
font_lib *font_lib_new(const char *path, sl_err *err);
void font_lib_free(font_lib *lib);

/* The file used for regular or bold text; owned by lib. */
const char *font_lib_path(const font_lib *lib, bool bold);

/* The font at px pixels (clamped to FONT_MIN_PX..FONT_MAX_PX), opened on first use; owned by lib
 * and valid until FONT_MAX_OPEN other sizes have been asked for since. NULL if it cannot be
 * opened; the first such error is kept for font_lib_error. */
TTF_Font *font_get(font_lib *lib, int px, bool bold);

/* The first error met while opening fonts after font_lib_new, or NULL. */
const char *font_lib_error(const font_lib *lib);

/* A dl_measure callback (ctx is the font_lib): width in pixels of s[0..len) at size, measured
 * with TTF_SizeUTF8 at the nearest whole pixel size; dl_measure_approx if the font fails. */
float font_width(void *lib, const char *s, size_t len, float size, bool bold);

/* {font_width, lib}: what layout needs to measure text. */
dl_measure font_measure(font_lib *lib);

/* Rendered strings as textures of one SDL_Renderer, keyed by (text, pixel size, bold, colour);
 * bounded in entries and texture bytes, evicting with the clock algorithm. Opaque. */
typedef struct font_cache font_cache;

typedef struct {
    uint64_t hits;       /* lookups answered from the cache */
    uint64_t misses;     /* lookups that had to render */
    uint64_t renders;    /* TTF_Render calls: 0 more across a frame that did not change */
    uint64_t evictions;  /* textures dropped to stay within the bounds */
    uint64_t failures;   /* strings that could not be rendered (font, TTF or texture error) */
    size_t entries;      /* textures held now */
    size_t bytes;        /* their size, 4 bytes per pixel */
} font_stats;

#define FONT_CACHE_ENTRIES 4096
#define FONT_CACHE_BYTES ((size_t)64 << 20)

/* A cache for textures of r with fonts from lib (borrowed: lib and r must outlive the cache; lib
 * may be NULL, every text then fails). max_entries / max_bytes of 0 take the defaults above. NULL
 * with a message in err on allocation failure. */
font_cache *font_cache_new(font_lib *lib, SDL_Renderer *r, size_t max_entries, size_t max_bytes,
                           sl_err *err);
void font_cache_free(font_cache *c);

/* Drops every texture, e.g. after SDL_RENDER_TARGETS_RESET or SDL_RENDER_DEVICE_RESET. */
void font_cache_clear(font_cache *c);

/* The texture showing s[0..len) (UTF-8, stops at a NUL byte) at px pixels in colour col, its size
 * in *w, *h. Owned by the cache: valid until the next call. NULL for empty text or on failure. */
SDL_Texture *font_cache_text(font_cache *c, const char *s, size_t len, int px, bool bold,
                             dl_color col, int *w, int *h);

font_stats font_cache_stats(const font_cache *c);

#endif
