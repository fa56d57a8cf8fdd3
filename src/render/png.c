/* png.c — offscreen software rendering of a display list, saved with IMG_SavePNG_RW. */
#include "png.h"

#include <math.h>

#include <SDL_image.h>

#include "sl_file.h"
#include "rsdl.h"

/* The image size for l at scale, or false with a message when it is empty or too large. */
static bool png_size(const dl_list *l, float scale, int *w, int *h, sl_err *err)
{
    if (!(scale > 0) || !isfinite(scale))
        return sl_fail(err, "schedlab: error: expected a scale above 0, got %g", (double)scale);
    double fw = ceil((double)l->width * scale), fh = ceil((double)l->height * scale);
    if (!(fw >= 1 && fh >= 1 && fw <= PNG_MAX_SIDE && fh <= PNG_MAX_SIDE))
        return sl_fail(err, "schedlab: error: image of %gx%g pixels (each side must be 1 to %d)", fw, fh,
                       PNG_MAX_SIDE);
    *w = (int)fw;
    *h = (int)fh;
    return true;
}

/* How many times finer the image is drawn before being averaged down: SDL's software renderer
 * neither anti-aliases nor places triangles finer than a pixel, and averaging fixes both. Bounded
 * by PNG_SS_PIXELS drawn pixels; a huge export gets less smoothing rather than a huge buffer. */
static int png_supersample(int w, int h)
{
    double px = (double)w * h;
    return px * 9 <= PNG_SS_PIXELS ? 3 : px * 4 <= PNG_SS_PIXELS ? 2 : 1;
}

/* Draws l at scale on a new surface of w x h pixels; NULL with a message on failure. */
static SDL_Surface *png_draw(const dl_list *l, float scale, int w, int h, Uint32 format, font_lib *fonts,
                             sl_err *err)
{
    SDL_Renderer *r = NULL;
    rsdl *rs = NULL;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, format);
    if (!s || !(r = SDL_CreateSoftwareRenderer(s))) {
        sl_fail(err, "schedlab: error: cannot create a %dx%d offscreen image: %s", w, h, SDL_GetError());
        goto fail;
    }
    if (!(rs = rsdl_new(r, fonts, err)))
        goto fail;
    /* An export is kept, so it must be whole: a missing text fails it, unlike in a window. */
    if (!rsdl_draw(rs, l, scale)) {
        const char *why = fonts ? font_lib_error(fonts) : "no fonts were given";
        sl_fail(err, "schedlab: error: part of the image could not be drawn (%s)",
                why ? why : SDL_GetError());
        goto fail;
    }
    SDL_RenderFlush(r);
    rsdl_free(rs);
    SDL_DestroyRenderer(r);
    return s;
fail:
    rsdl_free(rs);
    if (r)
        SDL_DestroyRenderer(r);
    SDL_FreeSurface(s);
    return NULL;
}

/* Averages each k x k block of src (32-bit 0xAARRGGBB, alpha ignored when opaque) into one pixel
 * of dst, weighting colours by alpha so transparent pixels do not darken the edges. */
static void png_downsample(SDL_Surface *src, SDL_Surface *dst, int k, bool opaque)
{
    for (int y = 0; y < dst->h; y++) {
        Uint32 *out = (Uint32 *)((Uint8 *)dst->pixels + (size_t)y * (size_t)dst->pitch);
        for (int x = 0; x < dst->w; x++) {
            uint64_t sum[4] = {0, 0, 0, 0};   /* alpha, then alpha-weighted r, g, b */
            for (int j = 0; j < k; j++) {
                const Uint32 *in = (const Uint32 *)((const Uint8 *)src->pixels +
                                                    (size_t)(y * k + j) * (size_t)src->pitch) + x * k;
                for (int i = 0; i < k; i++) {
                    Uint32 v = in[i], a = opaque ? 255 : v >> 24;
                    sum[0] += a;
                    for (int c = 1; c < 4; c++)
                        sum[c] += a * ((v >> (24 - 8 * c)) & 0xff);
                }
            }
            Uint32 pix = (Uint32)((sum[0] + (uint64_t)k * k / 2) / ((uint64_t)k * k)) << 24;
            for (int c = 1; c < 4 && sum[0]; c++)
                pix |= (Uint32)((sum[c] + sum[0] / 2) / sum[0]) << (24 - 8 * c);
            out[x] = pix;
        }
    }
}

SDL_Surface *png_render(const dl_list *l, float scale, font_lib *fonts, sl_err *err)
{
    int w = 0, h = 0;   /* set by png_size on success (the analyzer cannot see sl_fail return false) */
    if (!png_size(l, scale, &w, &h, err))
        return NULL;
    /* An opaque background gives an image without alpha: SDL's blending rounds the destination
     * alpha, which would leave opaque shapes very slightly transparent in the PNG. */
    bool opaque = DL_A(l->background) == 255;
    Uint32 format = opaque ? SDL_PIXELFORMAT_RGB888 : SDL_PIXELFORMAT_ARGB8888;
    int k = png_supersample(w, h);
    SDL_Surface *big = png_draw(l, scale * (float)k, w * k, h * k, format, fonts, err);
    if (!big || k == 1)
        return big;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, format);
    if (!s)
        sl_fail(err, "schedlab: error: cannot create a %dx%d image: %s", w, h, SDL_GetError());
    else
        png_downsample(big, s, k, opaque);
    SDL_FreeSurface(big);
    return s;
}

/* SDL_RWops writing into an sl_file: SDL_image does not check its writes, the sl_file remembers. */
static size_t SDLCALL rw_write(SDL_RWops *rw, const void *p, size_t size, size_t num)
{
    sl_file *f = rw->hidden.unknown.data1;
    return sl_file_write(f, p, size * num) ? num : 0;
}

static Sint64 SDLCALL rw_size(SDL_RWops *rw) { return -1; }
static Sint64 SDLCALL rw_seek(SDL_RWops *rw, Sint64 off, int whence) { return SDL_SetError("not seekable"); }
static size_t SDLCALL rw_read(SDL_RWops *rw, void *p, size_t size, size_t num) { return 0; }
static int SDLCALL rw_close(SDL_RWops *rw) { SDL_FreeRW(rw); return 0; }

bool png_save(SDL_Surface *s, const char *path, sl_err *err)
{
    sl_file f;
    if (!sl_file_open(&f, path, err))
        return false;
    SDL_RWops *rw = SDL_AllocRW();
    if (!rw) {
        sl_file_abort(&f);
        return sl_fail(err, "%s: error: out of memory", path);
    }
    rw->size = rw_size;
    rw->seek = rw_seek;
    rw->read = rw_read;
    rw->write = rw_write;
    rw->close = rw_close;
    rw->type = SDL_RWOPS_UNKNOWN;
    rw->hidden.unknown.data1 = &f;
    if (IMG_SavePNG_RW(s, rw, 1) != 0 && f.err == 0) {
        sl_file_abort(&f);
        return sl_fail(err, "%s: error: cannot encode the PNG: %s", path, IMG_GetError());
    }
    return sl_file_commit(&f, err);
}

static bool has_text(const dl_list *l)
{
    for (const dl_head *h = dl_first(l); h; h = dl_next(l, h))
        if (h->type == DL_TEXT)
            return true;
    return false;
}

bool png_write_file(const dl_list *l, const char *path, float scale, font_lib *fonts, sl_err *err)
{
    if (l->overflow)
        return sl_fail(err, "%s: error: the display list is incomplete (out of memory while drawing)",
                       path);
    font_lib *own = NULL;
    if (!fonts && has_text(l) && !(fonts = own = font_lib_new(NULL, err)))
        return false;
    SDL_Surface *s = png_render(l, scale, fonts, err);
    bool ok = s && png_save(s, path, err);
    SDL_FreeSurface(s);
    font_lib_free(own);
    return ok;
}
