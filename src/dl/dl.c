/* dl.c — the display list: commands appended to one growable byte buffer, walked in order.
 * Every command starts on an 8-byte boundary (sizes are rounded up), so back ends read floats
 * in place; the only allocation is the buffer doubling, none per command once it is warm. */
#include "dl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DL_ALIGN 8u
#define DL_MAX_CMD 0xFFF8u   /* largest command: its size must fit dl_head.size (uint16_t), aligned */

static size_t align_up(size_t n)
{
    return (n + DL_ALIGN - 1) & ~(size_t)(DL_ALIGN - 1);
}

void dl_init(dl_list *l)
{
    memset(l, 0, sizeof *l);
}

void dl_free(dl_list *l)
{
    free(l->buf);
    memset(l, 0, sizeof *l);
}

void dl_reset(dl_list *l, float width, float height, dl_color background)
{
    l->len = 0;
    l->count = 0;
    l->overflow = false;
    l->width = width;
    l->height = height;
    l->background = background;
}

/* Makes room for need more bytes, doubling up to DL_MAX_BYTES. */
static bool reserve(dl_list *l, size_t need)
{
    if (l->len + need <= l->cap)
        return true;
    if (need > DL_MAX_BYTES - l->len)
        return false;
    size_t ncap = l->cap ? l->cap : 4096;
    while (ncap < l->len + need)
        ncap = ncap > DL_MAX_BYTES / 2 ? DL_MAX_BYTES : ncap * 2;
    unsigned char *p = realloc(l->buf, ncap);
    if (!p)
        return false;
    l->buf = p;
    l->cap = ncap;
    return true;
}

/* Appends a zeroed command of `size` bytes (rounded up to 8) and returns it; NULL after setting
 * the overflow flag when the command is too big or the buffer cannot grow. */
static void *push(dl_list *l, dl_type type, size_t size)
{
    size = align_up(size);
    if (size > DL_MAX_CMD || !reserve(l, size)) {
        l->overflow = true;
        return NULL;
    }
    dl_head *h = (dl_head *)(l->buf + l->len);
    memset(h, 0, size);
    h->type = (uint16_t)type;
    h->size = (uint16_t)size;
    l->len += size;
    l->count++;
    return h;
}

void dl_push_rect(dl_list *l, float x, float y, float w, float h, dl_color fill, dl_color stroke, float stroke_w)
{
    dl_rect *c = push(l, DL_RECT, sizeof *c);
    if (!c)
        return;
    c->x = x, c->y = y, c->w = w, c->h_ = h;
    c->fill = fill, c->stroke = stroke, c->stroke_w = stroke_w;
}

void dl_push_hatch(dl_list *l, float x, float y, float w, float h, dl_color fg, dl_color bg, float spacing)
{
    dl_hatch *c = push(l, DL_HATCH, sizeof *c);
    if (!c)
        return;
    c->x = x, c->y = y, c->w = w, c->h_ = h;
    c->fg = fg, c->bg = bg, c->spacing = spacing;
}

void dl_push_line(dl_list *l, float x0, float y0, float x1, float y1, float width, dl_color col, float dash, float gap)
{
    dl_line *c = push(l, DL_LINE, sizeof *c);
    if (!c)
        return;
    c->x0 = x0, c->y0 = y0, c->x1 = x1, c->y1 = y1;
    c->width = width, c->color = col, c->dash = dash, c->gap = gap;
}

void dl_push_arrow(dl_list *l, float x0, float y0, float x1, float y1, float width, float head, dl_color col, bool both)
{
    dl_arrow *c = push(l, DL_ARROW, sizeof *c);
    if (!c)
        return;
    c->x0 = x0, c->y0 = y0, c->x1 = x1, c->y1 = y1;
    c->width = width, c->head = head, c->color = col, c->both = both;
}

/* A polygon too big for one command is refused (overflow), never cut: a cut polygon is a lie. */
void dl_push_poly(dl_list *l, const float *pts, uint16_t n, dl_color col)
{
    dl_poly *c = push(l, DL_POLY, offsetof(dl_poly, pts) + (size_t)n * 2 * sizeof(float));
    if (!c)
        return;
    c->color = col;
    c->n = n;
    if (n)
        memcpy(c->pts, pts, (size_t)n * 2 * sizeof(float));
}

/* Longest prefix of s[0..len) of at most max bytes that does not cut a UTF-8 sequence. */
static size_t utf8_prefix(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    size_t n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

/* Text too long for one command is cut at a character boundary (a label, never a document);
 * a NUL follows the bytes as a convenience, though len is what counts. */
void dl_push_text(dl_list *l, float x, float y, float size, dl_color col, dl_anchor a, bool bold, bool vertical,
                  const char *s, size_t len)
{
    len = utf8_prefix(s, len, DL_MAX_CMD - offsetof(dl_text, text) - 1);
    dl_text *c = push(l, DL_TEXT, offsetof(dl_text, text) + len + 1);
    if (!c)
        return;
    c->x = x, c->y = y, c->size = size, c->color = col;
    c->anchor = (uint8_t)a, c->bold = bold, c->vertical = vertical;
    c->len = (uint16_t)len;
    if (len)
        memcpy(c->text, s, len);
}

void dl_push_clip(dl_list *l, float x, float y, float w, float h)
{
    dl_clip *c = push(l, DL_CLIP, sizeof *c);
    if (!c)
        return;
    c->x = x, c->y = y, c->w = w, c->h_ = h;
}

/* Moves one command by (dx, dy) in place. No default: a new command type without its case here
 * is a compiler error (-Wswitch), not a command that silently vanishes from shifted copies. */
static void shift(dl_head *h, float dx, float dy)
{
    switch ((dl_type)h->type) {
    case DL_RECT: ((dl_rect *)h)->x += dx, ((dl_rect *)h)->y += dy; break;
    case DL_HATCH: ((dl_hatch *)h)->x += dx, ((dl_hatch *)h)->y += dy; break;
    case DL_LINE: {
        dl_line *l = (dl_line *)h;
        l->x0 += dx, l->y0 += dy, l->x1 += dx, l->y1 += dy;
        break;
    }
    case DL_ARROW: {
        dl_arrow *a = (dl_arrow *)h;
        a->x0 += dx, a->y0 += dy, a->x1 += dx, a->y1 += dy;
        break;
    }
    case DL_POLY: {
        dl_poly *p = (dl_poly *)h;
        for (uint16_t i = 0; i < p->n; i++)
            p->pts[2 * i] += dx, p->pts[2 * i + 1] += dy;
        break;
    }
    case DL_TEXT: ((dl_text *)h)->x += dx, ((dl_text *)h)->y += dy; break;
    case DL_CLIP: ((dl_clip *)h)->x += dx, ((dl_clip *)h)->y += dy; break;
    case DL_TYPE_COUNT: break;
    }
}

/* A clip of the panel (w < 0: none) moved into the box and cut to it. */
static void clip_into(dl_list *out, const dl_clip *r, float x, float y, float w, float h)
{
    if (r->w < 0) {
        dl_push_clip(out, x, y, w, h);
        return;
    }
    float x0 = r->x + x, y0 = r->y + y, x1 = x0 + r->w, y1 = y0 + r->h_;
    x0 = x0 > x ? x0 : x, y0 = y0 > y ? y0 : y;
    x1 = x1 < x + w ? x1 : x + w, y1 = y1 < y + h ? y1 : y + h;
    dl_push_clip(out, x0, y0, x1 > x0 ? x1 - x0 : 0, y1 > y0 ? y1 - y0 : 0);
}

void dl_append_shifted(dl_list *out, const dl_list *src, float x, float y, float w, float h)
{
    dl_push_clip(out, x, y, w, h);
    for (const dl_head *s = dl_first(src); s; s = dl_next(src, s)) {
        if (s->type == DL_CLIP) {
            clip_into(out, (const dl_clip *)s, x, y, w, h);
            continue;
        }
        dl_head *c = push(out, (dl_type)s->type, s->size);
        if (!c)
            return;
        memcpy(c, s, s->size);
        shift(c, x, y);
    }
    dl_push_clip(out, 0, 0, -1, -1);
}

const dl_head *dl_first(const dl_list *l)
{
    return l->len ? (const dl_head *)l->buf : NULL;
}

const dl_head *dl_next(const dl_list *l, const dl_head *h)
{
    const unsigned char *p = (const unsigned char *)h + h->size;
    return p < l->buf + l->len ? (const dl_head *)p : NULL;
}

/* The head is an isosceles triangle: tip at (x1, y1), base `head` pixels back along the line,
 * base width 0.8 * head. A zero-length line points right, so the head is still drawn. */
void dl_arrow_head(float x0, float y0, float x1, float y1, float head, float out[6])
{
    float dx = x1 - x0, dy = y1 - y0;
    float len = sqrtf(dx * dx + dy * dy);
    if (len < 1e-6f)
        dx = 1, dy = 0, len = 1;
    dx /= len, dy /= len;
    float bx = x1 - dx * head, by = y1 - dy * head;
    float hw = 0.4f * head;
    out[0] = x1, out[1] = y1;
    out[2] = bx - dy * hw, out[3] = by + dx * hw;
    out[4] = bx + dy * hw, out[5] = by - dx * hw;
}

/* Counts characters, not bytes, so "µs" measures as two. Bold glyphs are a little wider. */
float dl_measure_approx(void *ctx, const char *s, size_t len, float size, bool bold)
{
    size_t chars = 0;
    for (size_t i = 0; i < len; i++)
        chars += ((unsigned char)s[i] & 0xC0) != 0x80;
    return (float)chars * size * (bold ? 0.60f : 0.56f);
}

void dl_arrow_head_base(const float tri[6], float x0, float y0, float x1, float y1, float *bx, float *by)
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
