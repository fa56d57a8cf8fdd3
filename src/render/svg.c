/* svg.c — display list to SVG text: one switch over the commands, output built in memory. */
#include "svg.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sl_file.h"

/* DejaVu Sans first (the font the layout measured), then Bitstream Vera Sans (the same shapes and
 * metrics), then what every system has. */
#define SVG_FONT_FAMILY "'DejaVu Sans', 'Bitstream Vera Sans', Verdana, Arial, sans-serif"

/* Distinct hatch patterns kept for reuse; past this each further hatch defines its own. */
enum { SVG_MAX_PATTERNS = 64 };

/* Coordinates past this are clamped: they are off any canvas and would only bloat the file. */
#define SVG_COORD_MAX 1e7f

typedef struct {
    char *p;
    size_t len, cap;
    bool failed;     /* an append did not fit: the document is incomplete */
} svg_buf;

typedef struct {
    dl_color fg;
    float spacing;
} svg_pattern;

typedef struct {
    svg_buf out;
    bool in_clip;        /* a <g clip-path> is open */
    unsigned nclip;      /* clip paths defined so far (their ids) */
    unsigned nhatch;     /* hatch patterns defined so far (their ids) */
    svg_pattern pat[SVG_MAX_PATTERNS];
} svg_doc;

static void buf_put(svg_buf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (!SL_GROW(b->p, b->cap, b->len + n + 1, SVG_MAX_BYTES)) {
        b->failed = true;
        return;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void buf_str(svg_buf *b, const char *s)
{
    buf_put(b, s, strlen(s));
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void buf_printf(svg_buf *b, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    /* Only short, fixed formats come through here; a longer one is a bug, not input. */
    if (n < 0 || (size_t)n >= sizeof tmp) {
        b->failed = true;
        return;
    }
    buf_put(b, tmp, (size_t)n);
}

/* A number with at most `decimals` decimals and no trailing zeros; never "nan" or "inf". */
static void buf_num_prec(svg_buf *b, float v, int decimals)
{
    if (!isfinite(v))
        v = 0;
    v = fmaxf(-SVG_COORD_MAX, fminf(SVG_COORD_MAX, v));
    char tmp[40];
    int n = snprintf(tmp, sizeof tmp, "%.*f", decimals, (double)v);
    while (n > 1 && tmp[n - 1] == '0')
        n--;
    if (tmp[n - 1] == '.')
        n--;
    bool minus_zero = n == 2 && tmp[0] == '-' && tmp[1] == '0';   /* -0.001 rounds to "-0" */
    buf_put(b, minus_zero ? "0" : tmp, minus_zero ? 1 : (size_t)n);
}

/* Coordinates: a hundredth of a pixel is below what any back end shows. */
static void buf_num(svg_buf *b, float v)
{
    buf_num_prec(b, v, 2);
}

/* ` name="value"` with a number value. */
static void buf_attr(svg_buf *b, const char *name, float v)
{
    buf_printf(b, " %s=\"", name);
    buf_num(b, v);
    buf_put(b, "\"", 1);
}

/* ` fill="#rrggbb" fill-opacity="0.5"` (or stroke); fully transparent becomes "none". */
static void buf_paint(svg_buf *b, const char *what, dl_color c)
{
    if (DL_A(c) == 0) {
        buf_printf(b, " %s=\"none\"", what);
        return;
    }
    buf_printf(b, " %s=\"#%02x%02x%02x\"", what, DL_R(c), DL_G(c), DL_B(c));
    if (DL_A(c) != 255)
        buf_printf(b, " %s-opacity=\"%.3g\"", what, DL_A(c) / 255.0);
}

/* Length of the valid UTF-8 sequence at s (1..4) that XML allows, or 0 if there is none. */
static size_t utf8_xml_char(const unsigned char *s, size_t n)
{
    unsigned c = s[0], cp, need;
    if (c < 0x80)
        return (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') ? 1 : 0;
    if (c >= 0xc2 && c <= 0xdf)
        need = 1, cp = c & 0x1f;
    else if (c >= 0xe0 && c <= 0xef)
        need = 2, cp = c & 0x0f;
    else if (c >= 0xf0 && c <= 0xf4)
        need = 3, cp = c & 0x07;
    else
        return 0;
    if (n < need + 1)
        return 0;
    for (unsigned i = 1; i <= need; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3f);
    }
    static const unsigned min_cp[4] = {0, 0x80, 0x800, 0x10000};
    bool ok = cp >= min_cp[need] && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) &&
              cp != 0xfffe && cp != 0xffff;
    return ok ? need + 1 : 0;
}

/* Text content, escaped; anything XML cannot carry becomes U+FFFD. */
static void buf_text(svg_buf *b, const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t k = utf8_xml_char(u + i, n - i);
        if (k == 0) {
            buf_str(b, "\xef\xbf\xbd");
            i++;
            continue;
        }
        switch (u[i]) {
        case '&': buf_str(b, "&amp;"); break;
        case '<': buf_str(b, "&lt;"); break;
        case '>': buf_str(b, "&gt;"); break;
        case '"': buf_str(b, "&quot;"); break;
        case '\'': buf_str(b, "&apos;"); break;
        default: buf_put(b, s + i, k); break;
        }
        i += k;
    }
}

/* Rectangle with positive width and height, whichever corner it was given from. */
static void norm_rect(float *x, float *y, float *w, float *h)
{
    if (*w < 0)
        *x += *w, *w = -*w;
    if (*h < 0)
        *y += *h, *h = -*h;
}

static void svg_rect(svg_doc *d, const dl_rect *r)
{
    float x = r->x, y = r->y, w = r->w, h = r->h_;
    norm_rect(&x, &y, &w, &h);
    bool stroke = r->stroke_w > 0 && DL_A(r->stroke) != 0;
    /* The outline lies inside the rect: inset by half its width, as the SDL back end draws it. */
    float sw = stroke ? fminf(r->stroke_w, fminf(w, h)) : 0, in = sw / 2;
    buf_str(&d->out, "<rect");
    buf_attr(&d->out, "x", x + in);
    buf_attr(&d->out, "y", y + in);
    buf_attr(&d->out, "width", w - sw);
    buf_attr(&d->out, "height", h - sw);
    buf_paint(&d->out, "fill", r->fill);
    if (stroke) {
        buf_paint(&d->out, "stroke", r->stroke);
        buf_attr(&d->out, "stroke-width", sw);
    }
    buf_str(&d->out, "/>\n");
}

/* The id of the pattern hatching with fg at spacing, defining it on first use. */
static unsigned svg_pattern_id(svg_doc *d, dl_color fg, float spacing)
{
    unsigned kept = d->nhatch < SVG_MAX_PATTERNS ? d->nhatch : SVG_MAX_PATTERNS;
    for (unsigned i = 0; i < kept; i++)
        if (d->pat[i].fg == fg && d->pat[i].spacing == spacing)
            return i;
    unsigned id = d->nhatch++;
    if (id < SVG_MAX_PATTERNS)
        d->pat[id] = (svg_pattern){fg, spacing};
    /* Vertical lines every spacing/sqrt(2), turned 45 degrees: the lines x + y = k * spacing. The
     * tile is repeated thousands of times across a canvas, so its size gets more decimals. */
    float step = spacing / sqrtf(2.0f);
    buf_printf(&d->out, "<defs><pattern id=\"h%u\" patternUnits=\"userSpaceOnUse\" width=\"", id);
    buf_num_prec(&d->out, step, 5);
    buf_str(&d->out, "\" height=\"");
    buf_num_prec(&d->out, step, 5);
    buf_str(&d->out, "\" patternTransform=\"rotate(45)\"><path d=\"M0,0V");
    buf_num_prec(&d->out, step, 5);
    buf_str(&d->out, "M");
    buf_num_prec(&d->out, step, 5);
    buf_str(&d->out, ",0V");
    buf_num_prec(&d->out, step, 5);
    buf_str(&d->out, "\"");
    buf_paint(&d->out, "stroke", fg);
    buf_str(&d->out, " stroke-width=\"1\"/></pattern></defs>\n");
    return id;
}

static void svg_hatch(svg_doc *d, const dl_hatch *r)
{
    float x = r->x, y = r->y, w = r->w, h = r->h_;
    norm_rect(&x, &y, &w, &h);
    float spacing = r->spacing > 0 && isfinite(r->spacing) ? r->spacing : 6;
    unsigned id = DL_A(r->fg) ? svg_pattern_id(d, r->fg, spacing) : 0;
    for (int layer = 0; layer < 2; layer++) {
        if (layer == 0 ? DL_A(r->bg) == 0 : DL_A(r->fg) == 0)
            continue;
        buf_str(&d->out, "<rect");
        buf_attr(&d->out, "x", x);
        buf_attr(&d->out, "y", y);
        buf_attr(&d->out, "width", w);
        buf_attr(&d->out, "height", h);
        if (layer == 0)
            buf_paint(&d->out, "fill", r->bg);
        else
            buf_printf(&d->out, " fill=\"url(#h%u)\"", id);
        buf_str(&d->out, "/>\n");
    }
}

static void svg_segment(svg_doc *d, float x0, float y0, float x1, float y1, float width, dl_color c)
{
    buf_str(&d->out, "<line");
    buf_attr(&d->out, "x1", x0);
    buf_attr(&d->out, "y1", y0);
    buf_attr(&d->out, "x2", x1);
    buf_attr(&d->out, "y2", y1);
    buf_paint(&d->out, "stroke", c);
    buf_attr(&d->out, "stroke-width", width > 0 ? width : 1);
}

static void svg_line(svg_doc *d, const dl_line *l)
{
    svg_segment(d, l->x0, l->y0, l->x1, l->y1, l->width, l->color);
    if (l->dash > 0) {
        buf_str(&d->out, " stroke-dasharray=\"");
        buf_num(&d->out, l->dash);
        buf_str(&d->out, " ");
        buf_num(&d->out, l->gap > 0 ? l->gap : l->dash);
        buf_str(&d->out, "\"");
    }
    buf_str(&d->out, "/>\n");
}

static void svg_points(svg_doc *d, const float *pts, unsigned n, dl_color c)
{
    buf_str(&d->out, "<polygon points=\"");
    for (unsigned i = 0; i < n; i++) {
        if (i)
            buf_str(&d->out, " ");
        buf_num(&d->out, pts[2 * i]);
        buf_str(&d->out, ",");
        buf_num(&d->out, pts[2 * i + 1]);
    }
    buf_str(&d->out, "\"");
    buf_paint(&d->out, "fill", c);
    buf_str(&d->out, "/>\n");
}

static void svg_arrow(svg_doc *d, const dl_arrow *a)
{
    float end[6], start[6], sx = a->x0, sy = a->y0, ex = a->x1, ey = a->y1;
    dl_arrow_head(a->x0, a->y0, a->x1, a->y1, a->head, end);
    dl_arrow_head_base(end, a->x0, a->y0, a->x1, a->y1, &ex, &ey);
    if (a->both) {
        dl_arrow_head(a->x1, a->y1, a->x0, a->y0, a->head, start);
        dl_arrow_head_base(start, a->x1, a->y1, a->x0, a->y0, &sx, &sy);
    }
    svg_segment(d, sx, sy, ex, ey, a->width, a->color);
    buf_str(&d->out, "/>\n");
    if (!(a->head > 0))   /* no head: a plain line */
        return;
    svg_points(d, end, 3, a->color);
    if (a->both)
        svg_points(d, start, 3, a->color);
}

/* DejaVu Sans' ascent and descent (hhea: 1901 and 483 of 2048 units per em): SDL_ttf's text box,
 * which the layout's anchors name a point of, reaches this far above and below the baseline. The
 * baseline is computed from them, because `dominant-baseline` is read differently by every
 * consumer (librsvg ignores it on rotated text, slide software ignores it altogether). */
#define SVG_ASCENT (1901.0f / 2048.0f)
#define SVG_DESCENT (483.0f / 2048.0f)

/* How far below the anchor point the baseline lies, for an anchor in row 0 (top), 1 (middle) or 2
 * (bottom) of the text's box across its lines. */
static float svg_baseline(unsigned row, float size)
{
    return size * (SVG_ASCENT - (SVG_ASCENT + SVG_DESCENT) * (float)row / 2);
}

/* The text-anchor that puts the given point of the box along the text at x. For vertical text
 * (turned 90 degrees counter-clockwise) the text's start is the canvas bottom and its top the
 * canvas left: along the text is the anchor's row, across it the column. */
static void svg_text_anchor(svg_doc *d, unsigned col, unsigned row, bool vertical)
{
    static const char *const along[3] = {"start", "middle", "end"};
    buf_printf(&d->out, " text-anchor=\"%s\"", along[vertical ? 2 - row : col]);
}

static void svg_text(svg_doc *d, const dl_text *t)
{
    unsigned anchor = t->anchor <= DL_ANCHOR_BR ? t->anchor : DL_ANCHOR_TL;
    unsigned col = anchor % 3, row = anchor / 3;   /* col: left/centre/right, row: top/middle/bottom */
    buf_str(&d->out, "<text");
    buf_attr(&d->out, "x", t->x);
    /* Before the rotation about (x, y), "below" is the canvas' right: the same offset serves. */
    buf_attr(&d->out, "y", t->y + svg_baseline(t->vertical ? col : row, t->size));
    buf_str(&d->out, " font-family=\"" SVG_FONT_FAMILY "\"");
    buf_attr(&d->out, "font-size", t->size);
    if (t->bold)
        buf_str(&d->out, " font-weight=\"bold\"");
    svg_text_anchor(d, col, row, t->vertical);
    buf_paint(&d->out, "fill", t->color);
    if (t->vertical) {
        buf_str(&d->out, " transform=\"rotate(-90 ");
        buf_num(&d->out, t->x);
        buf_str(&d->out, " ");
        buf_num(&d->out, t->y);
        buf_str(&d->out, ")\"");
    }
    buf_str(&d->out, ">");
    buf_text(&d->out, t->text, t->len);
    buf_str(&d->out, "</text>\n");
}

/* Closes the open clip group; a clip with w >= 0 opens a new one (replacing, not nesting). */
static void svg_clip(svg_doc *d, const dl_clip *c)
{
    if (d->in_clip)
        buf_str(&d->out, "</g>\n");
    d->in_clip = c->w >= 0;
    if (!d->in_clip)
        return;
    unsigned id = d->nclip++;
    buf_printf(&d->out, "<clipPath id=\"c%u\"><rect", id);
    buf_attr(&d->out, "x", c->x);
    buf_attr(&d->out, "y", c->y);
    buf_attr(&d->out, "width", c->w);
    buf_attr(&d->out, "height", fmaxf(c->h_, 0));
    buf_printf(&d->out, "/></clipPath>\n<g clip-path=\"url(#c%u)\">\n", id);
}

static void svg_command(svg_doc *d, const dl_head *h)
{
    switch ((dl_type)h->type) {
    case DL_RECT: svg_rect(d, (const dl_rect *)h); break;
    case DL_HATCH: svg_hatch(d, (const dl_hatch *)h); break;
    case DL_LINE: svg_line(d, (const dl_line *)h); break;
    case DL_ARROW: svg_arrow(d, (const dl_arrow *)h); break;
    case DL_POLY: {
        const dl_poly *p = (const dl_poly *)h;
        if (p->n >= 3)
            svg_points(d, p->pts, p->n, p->color);
        break;
    }
    case DL_TEXT: svg_text(d, (const dl_text *)h); break;
    case DL_CLIP: svg_clip(d, (const dl_clip *)h); break;
    case DL_TYPE_COUNT: break;
    }
}

/* size: the document's width and height per unit of the list (its viewBox stays the list's). */
static void svg_open(svg_doc *d, const dl_list *l, float size)
{
    float w = l->width > 0 ? l->width : 1, h = l->height > 0 ? l->height : 1;
    buf_str(&d->out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                     "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" xml:space=\"preserve\"");
    buf_attr(&d->out, "width", w * size);
    buf_attr(&d->out, "height", h * size);
    buf_str(&d->out, " viewBox=\"0 0 ");
    buf_num(&d->out, w);
    buf_str(&d->out, " ");
    buf_num(&d->out, h);
    buf_str(&d->out, "\">\n<rect");
    buf_attr(&d->out, "width", w);
    buf_attr(&d->out, "height", h);
    buf_paint(&d->out, "fill", l->background);
    buf_str(&d->out, "/>\n");
}

/* The document as a new string, or NULL when it did not fit (memory or SVG_MAX_BYTES). */
static char *svg_build(const dl_list *l, float size, size_t *len)
{
    svg_doc d;
    memset(&d, 0, sizeof d);
    svg_open(&d, l, size > 0 ? size : 1);
    for (const dl_head *h = dl_first(l); h; h = dl_next(l, h))
        svg_command(&d, h);
    if (d.in_clip)
        buf_str(&d.out, "</g>\n");
    buf_str(&d.out, "</svg>\n");
    if (d.out.failed) {
        free(d.out.p);
        return NULL;
    }
    *len = d.out.len;
    return d.out.p;
}

char *svg_render(const dl_list *l, size_t *len, sl_err *err)
{
    size_t n = 0;
    char *text = svg_build(l, 1, &n);
    if (!text)
        sl_fail(err, "schedlab: error: out of memory (or document past %zu bytes)", SVG_MAX_BYTES);
    else if (len)
        *len = n;
    return text;
}

bool svg_write_file(const dl_list *l, const char *path, sl_err *err)
{
    return svg_write_file_sized(l, path, 1, err);
}

bool svg_write_file_sized(const dl_list *l, const char *path, float size, sl_err *err)
{
    if (l->overflow)
        return sl_fail(err, "%s: error: the display list is incomplete (out of memory while drawing)",
                       path);
    size_t n = 0;
    char *text = svg_build(l, size, &n);
    if (!text)
        return sl_fail(err, "%s: error: out of memory (or document past %zu bytes)", path, SVG_MAX_BYTES);
    sl_file f;
    bool ok = sl_file_open(&f, path, err);
    if (ok) {
        sl_file_write(&f, text, n);
        ok = sl_file_commit(&f, err);
    }
    free(text);
    return ok;
}
