/* rsdl.c — display list to SDL_Renderer calls: one switch; shapes as integer rects or triangles. */
#include "rsdl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Triangles are sent in batches of about this many vertices (one SDL_RenderGeometry each); a
 * polygon of up to 65535 points goes as one batch, hence the larger limit. */
enum { RSDL_BATCH = 4096, RSDL_MAX_VERTICES = 1 << 17 };

/* Dashes or hatch lines per command past which the pattern is stretched: bounds a frame's work. */
enum { RSDL_MAX_PIECES = 20000 };

/* Device coordinates are kept within this: far off any screen, and safe to round to int. */
#define RSDL_COORD_MAX 1e6f

/* Hatch tiles (see draw_hatch): how many styles are kept, and a tile's size before rounding up to
 * a whole number of periods of its pattern. */
enum { RSDL_TILES = 32, RSDL_TILE_W = 512, RSDL_TILE_H = 48, RSDL_MAX_PERIOD = 256 };

/* One hatch style drawn once on a texture, lines and background, as hatch_lines draws it. The
 * tile proper lies at (pad, pad) of its texture: SDL truncates vertex coordinates towards zero,
 * so lines drawn from negative coordinates would land a fraction of a pixel off those the canvas
 * gets; with a margin every vertex of the tile's lines is positive. */
typedef struct {
    SDL_Texture *tex;      /* NULL: a free slot */
    dl_color fg, bg;
    float sp, w;           /* spacing and line width in device pixels */
    int tw, th;            /* the tile's size: whole periods of the pattern */
    int pad;               /* the margin around it: whole periods too */
    uint64_t used;         /* when last used, for eviction */
} rs_tile;

struct rsdl {
    SDL_Renderer *r;
    font_cache *text;
    float s;               /* scale of the frame being drawn */
    float snap;            /* added to vertices: 0.5 where SDL truncates them to whole pixels */
    bool ok;               /* nothing left out so far in this frame */
    bool clip_on;          /* clip rect set on r */
    bool clip_empty;       /* the clip covers nothing: skip drawing until the next DL_CLIP */
    SDL_Rect clip;
    SDL_Vertex *v;         /* pending triangles */
    int *idx;
    size_t nv, ni, capv, capi;
    bool tiles_on;         /* hatch tiles in use: a software renderer, which never loses textures */
    rs_tile tiles[RSDL_TILES];
    uint64_t clock;        /* hatches drawn so far: the tiles' use stamps */
};

rsdl *rsdl_new(SDL_Renderer *r, font_lib *fonts, sl_err *err)
{
    rsdl *rs = calloc(1, sizeof *rs);
    if (!rs) {
        sl_fail(err, "schedlab: error: out of memory");
        return NULL;
    }
    rs->r = r;
    rs->text = font_cache_new(fonts, r, 0, 0, err);
    if (!rs->text) {
        free(rs);
        return NULL;
    }
    SDL_SetRenderDrawBlendMode(r, SDL_BLENDMODE_BLEND);
    /* SDL's software renderer truncates geometry to whole pixels; half a pixel turns that into
     * rounding, so triangles meet the rounded rects instead of sitting up to a pixel up-left. */
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(r, &info) == 0 && (info.flags & SDL_RENDERER_SOFTWARE)) {
        rs->snap = 0.5f;
        rs->tiles_on = (info.flags & SDL_RENDERER_TARGETTEXTURE) != 0;
    }
    return rs;
}

void rsdl_free(rsdl *rs)
{
    if (!rs)
        return;
    font_cache_free(rs->text);
    for (int i = 0; i < RSDL_TILES; i++)
        if (rs->tiles[i].tex)
            SDL_DestroyTexture(rs->tiles[i].tex);
    free(rs->v);
    free(rs->idx);
    free(rs);
}

font_cache *rsdl_text_cache(rsdl *rs)
{
    return rs->text;
}

/* A coordinate clamped to +-RSDL_COORD_MAX, NaN to the low end (fmaxf drops a NaN): a broken
 * command draws something odd instead of feeding SDL an out-of-range float-to-int conversion. */
static float rs_clamp(float v)
{
    return fminf(fmaxf(v, -RSDL_COORD_MAX), RSDL_COORD_MAX);
}

static SDL_Color rs_color(dl_color c)
{
    return (SDL_Color){DL_R(c), DL_G(c), DL_B(c), DL_A(c)};
}

/* ---- triangles ---- */

/* Triangles wait in a batch across commands (lines, arrows, polygons) and go to SDL in one call
 * when something else is drawn (a fill, a copy, text), the clip changes or the frame ends: the
 * order of what reaches the pixels is the list's, with a call per few thousand vertices instead
 * of one or two per command. */
static void geo_flush(rsdl *rs)
{
    if (rs->ni && SDL_RenderGeometry(rs->r, NULL, rs->v, (int)rs->nv, rs->idx, (int)rs->ni) != 0)
        rs->ok = false;
    rs->nv = rs->ni = 0;
}

/* Room for nv more vertices and ni more indices; false (frame marked incomplete) if none. */
static bool geo_room(rsdl *rs, size_t nv, size_t ni)
{
    if (rs->nv + nv > RSDL_BATCH)
        geo_flush(rs);
    if (SL_GROW(rs->v, rs->capv, rs->nv + nv, RSDL_MAX_VERTICES) &&
        SL_GROW(rs->idx, rs->capi, rs->ni + ni, 3 * RSDL_MAX_VERTICES))
        return true;
    rs->ok = false;
    return false;
}

static void geo_vertex(rsdl *rs, float x, float y, SDL_Color c)
{
    rs->v[rs->nv++] = (SDL_Vertex){{rs_clamp(x) + rs->snap, rs_clamp(y) + rs->snap}, c, {0, 0}};
}

/* A quad from four vertices already appended at base, in order around it. */
static void geo_quad(rsdl *rs, int base, int a, int b, int c, int d)
{
    int q[6] = {a, b, c, a, c, d};
    for (int i = 0; i < 6; i++)
        rs->idx[rs->ni++] = base + q[i];
}

/* A segment of width w as a solid core plus 1-pixel edges fading to transparent: SDL has no
 * anti-aliasing, and the fade is what keeps slanted lines from looking like staircases. */
static void geo_segment(rsdl *rs, float x0, float y0, float x1, float y1, float w, SDL_Color c)
{
    float dx = x1 - x0, dy = y1 - y0, len = hypotf(dx, dy);
    if (!(len > 1e-3f) || !geo_room(rs, 8, 18))
        return;
    if (w < 1) {   /* thinner than a pixel: same coverage, spread over one pixel */
        c.a = (Uint8)lroundf(c.a * fmaxf(w, 0));
        w = 1;
    }
    float nx = -dy / len, ny = dx / len, in = w / 2 - 0.5f, out = w / 2 + 0.5f;
    const float off[4] = {-out, -in, in, out};
    SDL_Color clear = c;
    clear.a = 0;
    int base = (int)rs->nv;
    for (int end = 0; end < 2; end++)
        for (int i = 0; i < 4; i++)
            geo_vertex(rs, (end ? x1 : x0) + nx * off[i], (end ? y1 : y0) + ny * off[i],
                       i == 0 || i == 3 ? clear : c);
    for (int i = 0; i < 3; i++)
        geo_quad(rs, base, i, i + 1, 5 + i, 4 + i);
}

/* A filled convex polygon of n list-space points as a triangle fan. */
static void geo_fan(rsdl *rs, const float *pts, unsigned n, SDL_Color c)
{
    if (n < 3 || !geo_room(rs, n, 3 * (size_t)(n - 2)))
        return;
    int base = (int)rs->nv;
    for (unsigned i = 0; i < n; i++)
        geo_vertex(rs, pts[2 * i] * rs->s, pts[2 * i + 1] * rs->s, c);
    for (unsigned i = 1; i + 1 < n; i++) {
        rs->idx[rs->ni++] = base;
        rs->idx[rs->ni++] = base + (int)i;
        rs->idx[rs->ni++] = base + (int)i + 1;
    }
}

/* A 1-pixel band outside the edge (x0,y0)-(x1,y1) fading from c to transparent; (nx, ny) is the
 * outward unit normal. Outside only, so an opaque shape's own pixels are never blended twice. */
static void geo_fringe(rsdl *rs, float x0, float y0, float x1, float y1, float nx, float ny, SDL_Color c)
{
    if (!geo_room(rs, 4, 6))
        return;
    SDL_Color clear = c;
    clear.a = 0;
    int base = (int)rs->nv;
    geo_vertex(rs, x0, y0, c);
    geo_vertex(rs, x1, y1, c);
    geo_vertex(rs, x1 + nx, y1 + ny, clear);
    geo_vertex(rs, x0 + nx, y0 + ny, clear);
    geo_quad(rs, base, 0, 1, 2, 3);
}

/* A convex polygon of n list-space points, its edges faded outward like lines (no anti-aliasing
 * in SDL); the fade is skipped for a translucent fill, where it would show as a darker rim. */
static void geo_polygon(rsdl *rs, const float *pts, unsigned n, dl_color c)
{
    geo_fan(rs, pts, n, rs_color(c));
    if (n < 3 || DL_A(c) != 255)
        return;
    float s = rs->s, area2 = 0;
    for (unsigned i = 0; i < n; i++) {
        unsigned j = (i + 1) % n;
        area2 += pts[2 * i] * pts[2 * j + 1] - pts[2 * j] * pts[2 * i + 1];
    }
    float side = area2 > 0 ? 1 : -1;   /* area2 > 0: the inside is left of each edge, (-dy, dx) */
    for (unsigned i = 0; i < n; i++) {
        unsigned j = (i + 1) % n;
        float x0 = pts[2 * i] * s, y0 = pts[2 * i + 1] * s, x1 = pts[2 * j] * s, y1 = pts[2 * j + 1] * s;
        float len = hypotf(x1 - x0, y1 - y0);
        if (len > 1e-3f)
            geo_fringe(rs, x0, y0, x1, y1, side * (y1 - y0) / len, -side * (x1 - x0) / len, rs_color(c));
    }
}

/* ---- rectangles ---- */

/* The device pixels a list-space rect covers, edges rounded so adjacent rects share no pixel. */
static SDL_Rect rs_rect(const rsdl *rs, float x, float y, float w, float h)
{
    float x0 = rs_clamp(fminf(x, x + w) * rs->s), x1 = rs_clamp(fmaxf(x, x + w) * rs->s);
    float y0 = rs_clamp(fminf(y, y + h) * rs->s), y1 = rs_clamp(fmaxf(y, y + h) * rs->s);
    long X0 = lroundf(x0), Y0 = lroundf(y0);
    return (SDL_Rect){(int)X0, (int)Y0, (int)(lroundf(x1) - X0), (int)(lroundf(y1) - Y0)};
}

static void rs_fill(rsdl *rs, SDL_Rect r, dl_color c)
{
    if (r.w <= 0 || r.h <= 0 || DL_A(c) == 0)
        return;
    geo_flush(rs);   /* pending triangles come first */
    /* An opaque fill needs no blending, and the software renderer fills ~30 times faster without. */
    SDL_SetRenderDrawBlendMode(rs->r, DL_A(c) == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
    SDL_SetRenderDrawColor(rs->r, DL_R(c), DL_G(c), DL_B(c), DL_A(c));
    if (SDL_RenderFillRect(rs->r, &r) != 0)
        rs->ok = false;
    SDL_SetRenderDrawBlendMode(rs->r, SDL_BLENDMODE_BLEND);
}

/* An outline sw pixels wide inside r, as four rects that do not overlap (alpha blends once). */
static void rs_outline(rsdl *rs, SDL_Rect r, int sw, dl_color c)
{
    if (2 * sw >= SDL_min(r.w, r.h)) {
        rs_fill(rs, r, c);
        return;
    }
    int inner_h = r.h - 2 * sw;
    rs_fill(rs, (SDL_Rect){r.x, r.y, r.w, sw}, c);
    rs_fill(rs, (SDL_Rect){r.x, r.y + r.h - sw, r.w, sw}, c);
    rs_fill(rs, (SDL_Rect){r.x, r.y + sw, sw, inner_h}, c);
    rs_fill(rs, (SDL_Rect){r.x + r.w - sw, r.y + sw, sw, inner_h}, c);
}

static void draw_rect(rsdl *rs, const dl_rect *d)
{
    SDL_Rect r = rs_rect(rs, d->x, d->y, d->w, d->h_);
    rs_fill(rs, r, d->fill);
    if (d->stroke_w > 0 && DL_A(d->stroke))
        rs_outline(rs, r, (int)SDL_max(1, lroundf(d->stroke_w * rs->s)), d->stroke);
}

/* ---- clipping ---- */

static void clip_apply(rsdl *rs, bool on, SDL_Rect r)
{
    geo_flush(rs);   /* pending triangles are drawn under the clip they were made for */
    rs->clip_on = on;
    rs->clip = r;
    rs->clip_empty = on && (r.w <= 0 || r.h <= 0);
    if (!rs->clip_empty && SDL_RenderSetClipRect(rs->r, on ? &r : NULL) != 0)
        rs->ok = false;
}

static void draw_clip(rsdl *rs, const dl_clip *d)
{
    if (d->w < 0)
        clip_apply(rs, false, (SDL_Rect){0, 0, 0, 0});
    else
        clip_apply(rs, true, rs_rect(rs, d->x, d->y, d->w, fmaxf(d->h_, 0)));
}

/* ---- hatching ---- */

/* The lines x + y = k * sp crossing r, cut to r widened by a margin (the clip rect trims them). */
static void hatch_lines(rsdl *rs, SDL_Rect r, float sp, float w, SDL_Color c)
{
    float m = w + 2, x0 = r.x - m, y0 = r.y - m, x1 = r.x + r.w + m, y1 = r.y + r.h + m;
    long k0 = (long)floorf((x0 + y0) / sp), k1 = (long)ceilf((x1 + y1) / sp);
    for (long k = k0; k <= k1; k++) {
        float cst = (float)k * sp, xa = fmaxf(x0, cst - y1), xb = fminf(x1, cst - y0);
        if (xa < xb)
            geo_segment(rs, xa, cst - xa, xb, cst - xb, w, c);
    }
    geo_flush(rs);
}

/* The pattern's period in whole pixels: the least multiple of sp that is an exact integer (7 for
 * 3.5), or 0 when there is none small enough (the lines are then drawn one by one). */
static int hatch_period(float sp)
{
    for (int m = 1; m <= 64; m++) {
        float p = (float)m * sp;
        if (p > RSDL_MAX_PERIOD)
            return 0;
        if (p == floorf(p))
            return (int)p;
    }
    return 0;
}

/* Draws the tile of a style: its background, then the lines x + y = k * sp across it as
 * hatch_lines draws them on the canvas (a tile's origin is a multiple of the period on the
 * canvas, so the same lines fall on the same pixels). False on an SDL failure. */
static bool tile_paint(rsdl *rs, rs_tile *t)
{
    geo_flush(rs);
    if (SDL_SetRenderTarget(rs->r, t->tex) != 0)
        return false;
    SDL_RenderSetClipRect(rs->r, NULL);
    SDL_Rect r = {t->pad, t->pad, t->tw, t->th};
    rs_fill(rs, r, t->bg);
    hatch_lines(rs, r, t->sp, t->w, rs_color(t->fg));
    bool ok = SDL_SetRenderTarget(rs->r, NULL) == 0;
    clip_apply(rs, rs->clip_on, rs->clip);   /* the canvas's clip, which the target switch reset */
    return ok;
}

/* The tile of a style, painted on first use; the least recently used one makes room. NULL when
 * tiles cannot do it (no exact period, an SDL failure): the caller draws the lines itself. */
static rs_tile *tile_get(rsdl *rs, dl_color fg, dl_color bg, float sp, float w)
{
    rs_tile *t = &rs->tiles[0];
    for (int i = 0; i < RSDL_TILES; i++) {
        rs_tile *c = &rs->tiles[i];
        if (c->tex && c->fg == fg && c->bg == bg && c->sp == sp && c->w == w) {
            c->used = ++rs->clock;
            return c;
        }
        if (!c->tex || (t->tex && c->used < t->used))
            t = c;
    }
    int period = hatch_period(sp);
    if (period == 0)
        return NULL;
    int tw = (RSDL_TILE_W + period - 1) / period * period, th = (RSDL_TILE_H + period - 1) / period * period;
    int pad = ((int)w + 4 + period - 1) / period * period;   /* past hatch_lines' margin of w + 2 */
    if (!t->tex || t->tw != tw || t->th != th || t->pad != pad) {
        if (t->tex)
            SDL_DestroyTexture(t->tex);
        t->tex = SDL_CreateTexture(rs->r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET, tw + 2 * pad,
                                   th + 2 * pad);
        if (!t->tex)
            return NULL;
        SDL_SetTextureBlendMode(t->tex, SDL_BLENDMODE_NONE);
    }
    *t = (rs_tile){t->tex, fg, bg, sp, w, tw, th, pad, ++rs->clock};
    if (!tile_paint(rs, t)) {
        SDL_DestroyTexture(t->tex);
        t->tex = NULL;
        return NULL;
    }
    return t;
}

/* Covers cut with copies of the tile laid on the canvas from (0, 0). */
static void tile_cover(rsdl *rs, const rs_tile *t, SDL_Rect cut)
{
    int x0 = cut.x / t->tw - (cut.x % t->tw < 0), y0 = cut.y / t->th - (cut.y % t->th < 0);   /* floor */
    for (int ty = y0; ty * t->th < cut.y + cut.h; ty++)
        for (int tx = x0; tx * t->tw < cut.x + cut.w; tx++) {
            SDL_Rect cell = {tx * t->tw, ty * t->th, t->tw, t->th}, d;
            if (!SDL_IntersectRect(&cell, &cut, &d))
                continue;
            SDL_Rect src = {t->pad + d.x - cell.x, t->pad + d.y - cell.y, d.w, d.h};
            if (SDL_RenderCopy(rs->r, t->tex, &src, &d) != 0)
                rs->ok = false;
        }
}

/* Hatching drawn line by line costs a triangle strip per line and blends every pixel of it: a
 * frame of 34 ready bars across 1920 pixels took 30 ms. An opaque style on the software renderer
 * is drawn once on a tile and copied (the copy is exact: the tile holds the same pixels). */
static void draw_hatch(rsdl *rs, const dl_hatch *d)
{
    SDL_Rect r = rs_rect(rs, d->x, d->y, d->w, d->h_), cut = r;
    if (r.w <= 0 || r.h <= 0 || (rs->clip_on && !SDL_IntersectRect(&r, &rs->clip, &cut)))
        return;
    float sp = (d->spacing > 0 && isfinite(d->spacing) ? d->spacing : 6) * rs->s;
    sp = fmaxf(sp, fmaxf(2.0f, (float)(r.w + r.h) / RSDL_MAX_PIECES));
    float w = fmaxf(1.0f, rs->s);
    /* Tiles only where they give the very pixels of the lines: an opaque background, and a line
     * width in half pixels (at a scale like 1.25 the lines' fringes fall a little differently
     * from one line to the next, and a tile would make them all alike). */
    bool tiled = rs->tiles_on && DL_A(d->bg) == 255 && DL_A(d->fg) != 0 && 2 * w == floorf(2 * w);
    rs_tile *t = tiled ? tile_get(rs, d->fg, d->bg, sp, w) : NULL;
    if (t) {
        geo_flush(rs);
        tile_cover(rs, t, cut);
        return;
    }
    rs_fill(rs, r, d->bg);
    if (DL_A(d->fg) == 0)
        return;
    bool was_on = rs->clip_on;
    SDL_Rect was = rs->clip;
    clip_apply(rs, true, cut);
    hatch_lines(rs, r, sp, w, rs_color(d->fg));
    clip_apply(rs, was_on, was);
}

/* ---- lines and arrows ---- */

/* A horizontal or vertical piece as a pixel-aligned rect: crisp, where fading edges would blur. */
static void axis_piece(rsdl *rs, float x0, float y0, float x1, float y1, float w, dl_color c)
{
    if (w < 1) {
        c = (c & ~(dl_color)0xff) | (dl_color)lroundf(DL_A(c) * fmaxf(w, 0));
        w = 1;
    }
    long t = lroundf(fminf(w, RSDL_COORD_MAX));
    x0 = rs_clamp(x0), y0 = rs_clamp(y0), x1 = rs_clamp(x1), y1 = rs_clamp(y1);
    bool horiz = fabsf(x1 - x0) >= fabsf(y1 - y0);
    float along0 = horiz ? fminf(x0, x1) : fminf(y0, y1), along1 = horiz ? fmaxf(x0, x1) : fmaxf(y0, y1);
    long a0 = lroundf(along0), a1 = lroundf(along1), c0 = lroundf((horiz ? y0 : x0) - t / 2.0f);
    SDL_Rect r = horiz ? (SDL_Rect){(int)a0, (int)c0, (int)(a1 - a0), (int)t}
                       : (SDL_Rect){(int)c0, (int)a0, (int)t, (int)(a1 - a0)};
    rs_fill(rs, r, c);
}

static void piece(rsdl *rs, float x0, float y0, float x1, float y1, float w, dl_color c)
{
    if (fabsf(x1 - x0) < 0.5f || fabsf(y1 - y0) < 0.5f)
        axis_piece(rs, x0, y0, x1, y1, w, c);
    else
        geo_segment(rs, x0, y0, x1, y1, w, rs_color(c));
}

/* A line in device pixels, solid or as dash-long pieces separated by gap. */
static void stroke_line(rsdl *rs, float x0, float y0, float x1, float y1, float w, dl_color c,
                        float dash, float gap)
{
    float len = hypotf(x1 - x0, y1 - y0);
    if (!(dash > 0) || !(len > dash)) {
        piece(rs, x0, y0, x1, y1, w, c);
        return;
    }
    gap = gap > 0 ? gap : dash;
    float period = fmaxf(dash + gap, len / RSDL_MAX_PIECES), ux = (x1 - x0) / len, uy = (y1 - y0) / len;
    /* An integer count of pieces: a float counter could stop advancing on a long line. */
    int pieces = (int)ceilf(len / period);
    for (int i = 0; i < pieces; i++) {
        float at = (float)i * period, end = fminf(at + dash, len);
        piece(rs, x0 + ux * at, y0 + uy * at, x0 + ux * end, y0 + uy * end, w, c);
    }
}

static void draw_line(rsdl *rs, const dl_line *d)
{
    float s = rs->s, w = d->width > 0 ? d->width * s : s;
    stroke_line(rs, d->x0 * s, d->y0 * s, d->x1 * s, d->y1 * s, w, d->color, d->dash * s, d->gap * s);
}

/* Where the shaft meets a head drawn at (x1, y1): the head's vertex nearest the tail, projected. */
static void head_base(const float tri[6], float x0, float y0, float x1, float y1, float *bx, float *by)
{
    float dx = x1 - x0, dy = y1 - y0, d2 = dx * dx + dy * dy, t = 1;
    if (d2 <= 0) {
        *bx = x1, *by = y1;
        return;
    }
    for (int i = 0; i < 3; i++)
        t = fminf(t, ((tri[2 * i] - x0) * dx + (tri[2 * i + 1] - y0) * dy) / d2);
    t = fmaxf(t, 0);
    *bx = x0 + t * dx, *by = y0 + t * dy;
}

/* The head at (x1, y1) pointing away from (x0, y0), filled, and its base point in *bx, *by. */
static void arrow_head(rsdl *rs, float x0, float y0, float x1, float y1, float head, dl_color c,
                       float *bx, float *by)
{
    float tri[6];
    dl_arrow_head(x0, y0, x1, y1, head, tri);
    head_base(tri, x0, y0, x1, y1, bx, by);
    if (head > 0)
        geo_polygon(rs, tri, 3, c);
}

static void draw_arrow(rsdl *rs, const dl_arrow *d)
{
    float s = rs->s, sx = d->x0, sy = d->y0, ex, ey;
    arrow_head(rs, d->x0, d->y0, d->x1, d->y1, d->head, d->color, &ex, &ey);
    if (d->both)
        arrow_head(rs, d->x1, d->y1, d->x0, d->y0, d->head, d->color, &sx, &sy);
    /* The shaft goes half a pixel into each head so no seam shows between them. */
    float dx = ex - sx, dy = ey - sy, len = hypotf(dx, dy);
    float over = len > 0 && d->head > 0 ? 0.5f / (len * s) : 0, back = d->both ? over : 0;
    float w = d->width > 0 ? d->width * s : s;
    stroke_line(rs, (sx - dx * back) * s, (sy - dy * back) * s, (ex + dx * over) * s,
                (ey + dy * over) * s, w, d->color, 0, 0);
}

static void draw_poly(rsdl *rs, const dl_poly *d)
{
    geo_polygon(rs, d->pts, d->n, d->color);
}

/* ---- text ---- */

static void draw_text(rsdl *rs, const dl_text *d)
{
    if (d->len == 0 || DL_A(d->color) == 0)
        return;
    geo_flush(rs);
    int tw, th, px = (int)lroundf(fminf(fmaxf(d->size * rs->s, FONT_MIN_PX), FONT_MAX_PX));
    SDL_Texture *tex = font_cache_text(rs->text, d->text, d->len, px, d->bold, d->color, &tw, &th);
    if (!tex) {
        rs->ok = false;
        return;
    }
    unsigned anchor = d->anchor <= DL_ANCHOR_BR ? d->anchor : DL_ANCHOR_TL;
    float bw = d->vertical ? th : tw, bh = d->vertical ? tw : th;   /* the box on the canvas */
    unsigned col = anchor % 3, row = anchor / 3;   /* anchors are a 3 x 3 grid, row by row */
    float cx = rs_clamp(d->x * rs->s) + bw * (1 - (float)col) / 2;   /* the box's centre */
    float cy = rs_clamp(d->y * rs->s) + bh * (1 - (float)row) / 2;
    SDL_Rect dst = {(int)lroundf(cx - tw / 2.0f), (int)lroundf(cy - th / 2.0f), tw, th};
    int rc = d->vertical ? SDL_RenderCopyEx(rs->r, tex, NULL, &dst, -90.0, NULL, SDL_FLIP_NONE)
                         : SDL_RenderCopy(rs->r, tex, NULL, &dst);
    if (rc != 0)
        rs->ok = false;
}

/* ---- the frame ---- */

static void draw_command(rsdl *rs, const dl_head *h)
{
    if (rs->clip_empty && h->type != DL_CLIP)
        return;
    switch ((dl_type)h->type) {
    case DL_RECT: draw_rect(rs, (const dl_rect *)h); break;
    case DL_HATCH: draw_hatch(rs, (const dl_hatch *)h); break;
    case DL_LINE: draw_line(rs, (const dl_line *)h); break;
    case DL_ARROW: draw_arrow(rs, (const dl_arrow *)h); break;
    case DL_POLY: draw_poly(rs, (const dl_poly *)h); break;
    case DL_TEXT: draw_text(rs, (const dl_text *)h); break;
    case DL_CLIP: draw_clip(rs, (const dl_clip *)h); break;
    case DL_TYPE_COUNT: break;
    }
}

bool rsdl_draw(rsdl *rs, const dl_list *l, float scale)
{
    rs->s = scale > 0 && isfinite(scale) ? scale : 1;
    rs->ok = !l->overflow;
    clip_apply(rs, false, (SDL_Rect){0, 0, 0, 0});
    dl_color bg = l->background;
    SDL_SetRenderDrawColor(rs->r, DL_R(bg), DL_G(bg), DL_B(bg), DL_A(bg));
    if (SDL_RenderClear(rs->r) != 0)
        rs->ok = false;
    for (const dl_head *h = dl_first(l); h; h = dl_next(l, h))
        draw_command(rs, h);
    geo_flush(rs);
    clip_apply(rs, false, (SDL_Rect){0, 0, 0, 0});
    return rs->ok;
}
