/* rsdl.h — the SDL back end: draws a display list on an SDL_Renderer (window or offscreen) with one
 * switch, in drawable pixels; text comes from a font_cache, so an unchanged frame renders no text
 * with TTF. Draws what svg.h describes (inner outlines, canvas-aligned hatching, arrow shafts
 * stopping at their heads, text anchors on the box the text covers on the canvas). */
#ifndef RSDL_H
#define RSDL_H

#include <stdbool.h>

#include <SDL.h>

#include "dl.h"
#include "font.h"
#include "sl_util.h"

/* Drawing state for one renderer. Opaque. */
typedef struct rsdl rsdl;

/* A back end drawing on r with fonts from fonts (both borrowed: they must outlive it; free it
 * before destroying r). Sets r's draw blend mode to SDL_BLENDMODE_BLEND. NULL with a message in
 * err on allocation failure. */
rsdl *rsdl_new(SDL_Renderer *r, font_lib *fonts, sl_err *err);
void rsdl_free(rsdl *rs);

/* Clears r to the list's background and draws every command, coordinates multiplied by scale
 * (drawable pixels per list unit: 2 on a HiDPI screen, or for a PNG at twice the size). Does not
 * present. Leaves r unclipped. False when something was left out (text that could not be
 * rendered, an SDL failure, or a list marked as overflowed); the rest is drawn anyway. */
bool rsdl_draw(rsdl *rs, const dl_list *l, float scale);

/* The text cache: for its statistics, or font_cache_clear after a render-targets reset. */
font_cache *rsdl_text_cache(rsdl *rs);

#endif
