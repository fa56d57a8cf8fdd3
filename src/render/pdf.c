/* pdf.c — display list to PDF through cairo: one switch over the commands, as svg.c and rsdl.c. */
#include "pdf.h"

#include <math.h>
#include <string.h>

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>

#include "sl_file.h"

/* Hatch lines per command past which they are spaced further apart: bounds a page's size. */
enum { PDF_MAX_HATCH_LINES = 4096 };

typedef struct {
    cairo_t *cr;
    cairo_font_face_t *face[2];   /* regular, bold */
} pdf_doc;

static void set_color(cairo_t *cr, dl_color c)
{
    cairo_set_source_rgba(cr, DL_R(c) / 255.0, DL_G(c) / 255.0, DL_B(c) / 255.0, DL_A(c) / 255.0);
}

static void norm_rect(float *x, float *y, float *w, float *h)
{
    if (*w < 0)
        *x += *w, *w = -*w;
    if (*h < 0)
        *y += *h, *h = -*h;
}

static void pdf_rect(cairo_t *cr, const dl_rect *r)
{
    float x = r->x, y = r->y, w = r->w, h = r->h_;
    norm_rect(&x, &y, &w, &h);
    if (DL_A(r->fill)) {
        cairo_rectangle(cr, x, y, w, h);
        set_color(cr, r->fill);
        cairo_fill(cr);
    }
    if (!(r->stroke_w > 0) || DL_A(r->stroke) == 0)
        return;
    /* The outline lies inside the rect, as in the other back ends. */
    float sw = fminf(r->stroke_w, fminf(w, h)), in = sw / 2;
    cairo_rectangle(cr, x + in, y + in, w - sw, h - sw);
    cairo_set_line_width(cr, sw);
    set_color(cr, r->stroke);
    cairo_stroke(cr);
}

static void pdf_hatch(cairo_t *cr, const dl_hatch *d)
{
    float x = d->x, y = d->y, w = d->w, h = d->h_;
    norm_rect(&x, &y, &w, &h);
    if (!(w > 0 && h > 0))
        return;
    if (DL_A(d->bg)) {
        cairo_rectangle(cr, x, y, w, h);
        set_color(cr, d->bg);
        cairo_fill(cr);
    }
    if (DL_A(d->fg) == 0)
        return;
    float sp = d->spacing > 0 && isfinite(d->spacing) ? d->spacing : 6;
    sp = fmaxf(sp, (w + h) / PDF_MAX_HATCH_LINES);
    cairo_save(cr);
    cairo_rectangle(cr, x, y, w, h);
    cairo_clip(cr);
    /* The lines x + y = k * sp that cross the rect, drawn from above it to below it. */
    for (double k = (double)floorf((x + y) / sp); k * sp <= x + w + y + h; k++) {
        double c = k * sp;
        cairo_move_to(cr, c - (y - 1), y - 1);
        cairo_line_to(cr, c - (y + h + 1), y + h + 1);
    }
    cairo_set_line_width(cr, 1);
    set_color(cr, d->fg);
    cairo_stroke(cr);
    cairo_restore(cr);
}

static void stroke_segment(cairo_t *cr, double x0, double y0, double x1, double y1, float width, dl_color c)
{
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
    cairo_set_line_width(cr, width > 0 ? width : 1);
    set_color(cr, c);
    cairo_stroke(cr);
}

static void pdf_line(cairo_t *cr, const dl_line *l)
{
    if (l->dash > 0) {
        double dash[2] = {l->dash, l->gap > 0 ? l->gap : l->dash};
        cairo_set_dash(cr, dash, 2, 0);
    }
    stroke_segment(cr, l->x0, l->y0, l->x1, l->y1, l->width, l->color);
    cairo_set_dash(cr, NULL, 0, 0);
}

static void fill_points(cairo_t *cr, const float *pts, unsigned n, dl_color c)
{
    cairo_new_path(cr);   /* a text leaves a current point, which line_to would start from */
    for (unsigned i = 0; i < n; i++)
        cairo_line_to(cr, pts[2 * i], pts[2 * i + 1]);
    cairo_close_path(cr);
    set_color(cr, c);
    cairo_fill(cr);
}

static void pdf_arrow(cairo_t *cr, const dl_arrow *a)
{
    float end[6], start[6], sx = a->x0, sy = a->y0, ex = a->x1, ey = a->y1;
    bool head = a->head > 0;
    if (head) {
        dl_arrow_head(a->x0, a->y0, a->x1, a->y1, a->head, end);
        dl_arrow_head_base(end, a->x0, a->y0, a->x1, a->y1, &ex, &ey);
        if (a->both) {
            dl_arrow_head(a->x1, a->y1, a->x0, a->y0, a->head, start);
            dl_arrow_head_base(start, a->x1, a->y1, a->x0, a->y0, &sx, &sy);
        }
    }
    stroke_segment(cr, sx, sy, ex, ey, a->width, a->color);
    if (!head)
        return;
    fill_points(cr, end, 3, a->color);
    if (a->both)
        fill_points(cr, start, 3, a->color);
}

/* Text: the anchor names a point of the box [0, advance] x [-ascent, descent] around the
 * baseline (turned 90 degrees counter-clockwise for vertical text), as SDL_ttf's boxes do. */
static void pdf_text(pdf_doc *d, const dl_text *t)
{
    if (t->len == 0 || DL_A(t->color) == 0 || !(t->size > 0))
        return;
    char buf[1024];
    size_t n = t->len < sizeof buf - 1 ? t->len : sizeof buf - 1;
    memcpy(buf, t->text, n);
    buf[n] = '\0';
    cairo_t *cr = d->cr;
    cairo_set_font_face(cr, d->face[t->bold ? 1 : 0]);
    cairo_set_font_size(cr, t->size);
    cairo_font_extents_t fe;
    cairo_text_extents_t te;
    cairo_font_extents(cr, &fe);
    cairo_text_extents(cr, buf, &te);
    double along = te.x_advance, across = fe.ascent + fe.descent;
    double bw = t->vertical ? across : along, bh = t->vertical ? along : across;
    unsigned anchor = t->anchor <= DL_ANCHOR_BR ? t->anchor : DL_ANCHOR_TL;
    unsigned col = anchor % 3, row = anchor / 3;   /* anchors are a 3 x 3 grid, row by row */
    double left = t->x - bw * col / 2, top = t->y - bh * row / 2;
    cairo_save(cr);
    if (t->vertical) {   /* the text's start at the box's bottom, its top at the box's left */
        cairo_translate(cr, left + fe.ascent, top + bh);
        cairo_rotate(cr, -1.57079632679489661923);   /* -pi/2 (M_PI is not C11) */
    } else {
        cairo_translate(cr, left, top + fe.ascent);
    }
    cairo_move_to(cr, 0, 0);
    set_color(cr, t->color);
    cairo_show_text(cr, buf);
    cairo_new_path(cr);
    cairo_restore(cr);
}

/* A clip replaces the previous one (no nesting), as in the other back ends. */
static void pdf_clip(cairo_t *cr, const dl_clip *c)
{
    cairo_reset_clip(cr);
    if (c->w < 0)
        return;
    cairo_rectangle(cr, c->x, c->y, c->w, fmaxf(c->h_, 0));
    cairo_clip(cr);
}

static void pdf_command(pdf_doc *d, const dl_head *h)
{
    switch ((dl_type)h->type) {
    case DL_RECT: pdf_rect(d->cr, (const dl_rect *)h); break;
    case DL_HATCH: pdf_hatch(d->cr, (const dl_hatch *)h); break;
    case DL_LINE: pdf_line(d->cr, (const dl_line *)h); break;
    case DL_ARROW: pdf_arrow(d->cr, (const dl_arrow *)h); break;
    case DL_POLY: {
        const dl_poly *p = (const dl_poly *)h;
        if (p->n >= 3)
            fill_points(d->cr, p->pts, p->n, p->color);
        break;
    }
    case DL_TEXT: pdf_text(d, (const dl_text *)h); break;
    case DL_CLIP: pdf_clip(d->cr, (const dl_clip *)h); break;
    case DL_TYPE_COUNT: break;
    }
}

/* The face of a font file through a fontconfig pattern (cairo keeps its own reference); bold is
 * synthesized when regular and bold are the same file, as SDL_ttf does for --font. */
static cairo_font_face_t *face_for(const char *path, bool embolden)
{
    FcPattern *p = FcPatternCreate();
    if (!p)
        return NULL;
    FcPatternAddString(p, FC_FILE, (const FcChar8 *)path);
    FcPatternAddInteger(p, FC_INDEX, 0);
    FcPatternAddBool(p, FC_EMBOLDEN, embolden ? FcTrue : FcFalse);
    cairo_font_face_t *f = cairo_ft_font_face_create_for_pattern(p);
    FcPatternDestroy(p);
    if (f && cairo_font_face_status(f) != CAIRO_STATUS_SUCCESS) {
        cairo_font_face_destroy(f);
        return NULL;
    }
    return f;
}

static cairo_status_t write_sl_file(void *closure, const unsigned char *data, unsigned int len)
{
    return sl_file_write(closure, data, len) ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

/* Draws l on an open PDF surface; false when cairo reports an error. */
static bool pdf_draw(cairo_surface_t *surf, const dl_list *l, float scale, font_lib *fonts)
{
    const char *reg = font_lib_path(fonts, false), *bold = font_lib_path(fonts, true);
    pdf_doc d = {cairo_create(surf), {face_for(reg, false), face_for(bold, strcmp(reg, bold) == 0)}};
    bool ok = d.face[0] && d.face[1];
    if (ok) {
        /* Widths as the layout measured them: no hinting of metrics to whole points. */
        cairo_font_options_t *fo = cairo_font_options_create();
        cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
        cairo_set_font_options(d.cr, fo);
        cairo_font_options_destroy(fo);
        cairo_scale(d.cr, scale, scale);
        cairo_rectangle(d.cr, 0, 0, l->width, l->height);
        set_color(d.cr, l->background);
        cairo_fill(d.cr);
        for (const dl_head *h = dl_first(l); h; h = dl_next(l, h))
            pdf_command(&d, h);
        cairo_show_page(d.cr);
        ok = cairo_status(d.cr) == CAIRO_STATUS_SUCCESS;
    }
    cairo_destroy(d.cr);
    for (int i = 0; i < 2; i++)
        if (d.face[i])
            cairo_font_face_destroy(d.face[i]);
    return ok;
}

bool pdf_write_file(const dl_list *l, const char *path, float scale, font_lib *fonts, sl_err *err)
{
    if (l->overflow)
        return sl_fail(err, "%s: error: the display list is incomplete (out of memory while drawing)", path);
    if (!(scale > 0) || !isfinite(scale))
        return sl_fail(err, "%s: error: expected a scale above 0, got %g", path, (double)scale);
    double w = ceil((double)l->width * scale), h = ceil((double)l->height * scale);
    if (!(w >= 1 && h >= 1 && w <= PDF_MAX_SIDE && h <= PDF_MAX_SIDE))
        return sl_fail(err, "%s: error: page of %gx%g points (each side must be 1 to %d)", path, w, h,
                       PDF_MAX_SIDE);
    sl_file f;
    if (!sl_file_open(&f, path, err))
        return false;
    cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(write_sl_file, &f, w, h);
    bool drawn = cairo_surface_status(surf) == CAIRO_STATUS_SUCCESS && pdf_draw(surf, l, scale, fonts);
    cairo_surface_finish(surf);   /* writes the fonts and the trailer */
    drawn = drawn && cairo_surface_status(surf) == CAIRO_STATUS_SUCCESS;
    cairo_status_t st = cairo_surface_status(surf);
    cairo_surface_destroy(surf);
    if (!drawn && f.err == 0) {
        sl_file_abort(&f);
        return sl_fail(err, "%s: error: cannot draw the PDF (%s)", path,
                       st == CAIRO_STATUS_SUCCESS ? "the font could not be loaded" : cairo_status_to_string(st));
    }
    return sl_file_commit(&f, err);
}
