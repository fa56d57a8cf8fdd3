/* ui_size.c — the largest window and picture schedlab draws: what the renderer can hold (its
 * largest texture side, SDL_RendererInfo) and a memory bound on the pixels of one frame. A window
 * made larger (--width/--height, a script's resize, the window manager) is brought back to the
 * cap with a note; a frame at a size over it is not drawn (the software renderer crashes on a
 * 32767 x 32767 surface, and 16384 x 16384 took 30 s and 4 GB). */
#include "ui_int.h"

#include <math.h>

/* The drawable's pixels per window point (2 on HiDPI), 1 when unknown. */
static double px_per_pt(const ui *u)
{
    int ww, wh, ow, oh;
    if (!u->win || !u->ren)
        return 1;
    SDL_GetWindowSize(u->win, &ww, &wh);
    if (ww <= 0 || SDL_GetRendererOutputSize(u->ren, &ow, &oh) != 0 || ow <= 0)
        return 1;
    return (double)ow / (double)ww;
}

/* The largest side in pixels: UI_MAX_SIDE, or less when the renderer's textures are smaller. */
static int max_side(const ui *u)
{
    SDL_RendererInfo info;
    int side = UI_MAX_SIDE;
    if (u->ren && SDL_GetRendererInfo(u->ren, &info) == 0) {
        if (info.max_texture_width > 0 && info.max_texture_width < side)
            side = info.max_texture_width;
        if (info.max_texture_height > 0 && info.max_texture_height < side)
            side = info.max_texture_height;
    }
    return side;
}

bool ui_size_cap(const ui *u, int *w, int *h)
{
    double r = px_per_pt(u), side = floor((double)max_side(u) / r);
    double cw = *w < side ? *w : side, ch = *h < side ? *h : side;
    double px = cw * ch * r * r;
    if (px > (double)UI_MAX_PIXELS) {
        double f = sqrt((double)UI_MAX_PIXELS / px);
        cw = floor(cw * f);
        ch = floor(ch * f);
    }
    cw = cw < 1 ? 1 : cw;
    ch = ch < 1 ? 1 : ch;
    bool capped = (int)cw != *w || (int)ch != *h;
    *w = (int)cw;
    *h = (int)ch;
    return capped;
}

bool ui_size_fits(const ui *u)
{
    int w, h;
    SDL_GetWindowSize(u->win, &w, &h);
    return !ui_size_cap(u, &w, &h);
}

void ui_size_enforce(ui *u)
{
    int w, h;
    double r = px_per_pt(u);
    int side = (int)floor((double)max_side(u) / r);
    SDL_SetWindowMaximumSize(u->win, side, side);
    SDL_GetWindowSize(u->win, &w, &h);
    if (!ui_size_cap(u, &w, &h))
        return;
    SDL_SetWindowSize(u->win, w, h);
    ui_note(u, ui_tr(u, UI_S_SIZE_CAPPED), w, h);
}

float ui_size_export_scale(const ui *u, float scale, bool *capped)
{
    double px = (double)u->out_w * (double)u->out_h * (double)scale * (double)scale;
    *capped = px > (double)UI_MAX_PIXELS * UI_EXPORT_PIXELS_FACTOR;
    if (!*capped)
        return scale;
    /* a hair under the bound: the back end rounds each side up */
    return (float)((double)scale * sqrt((double)UI_MAX_PIXELS * UI_EXPORT_PIXELS_FACTOR / px) * 0.999);
}
