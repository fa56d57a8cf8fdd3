/* dl.h — the display list: a flat buffer of drawing commands in pixel coordinates that every back
 * end (SDL window, PNG, SVG) walks with one switch. Owns its buffer; knows nothing of SDL. */
#ifndef DL_H
#define DL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Colours are 0xRRGGBBAA. */
typedef uint32_t dl_color;
#define DL_RGBA(r, g, b, a) (((dl_color)(r) << 24) | ((dl_color)(g) << 16) | ((dl_color)(b) << 8) | (dl_color)(a))
#define DL_R(c) ((uint8_t)((c) >> 24))
#define DL_G(c) ((uint8_t)((c) >> 16))
#define DL_B(c) ((uint8_t)((c) >> 8))
#define DL_A(c) ((uint8_t)(c))

typedef enum {
    DL_RECT,    /* filled rectangle, optional outline */
    DL_HATCH,   /* rectangle hatched with diagonal lines (ready-but-waiting) */
    DL_LINE,    /* straight line, width, optional dash */
    DL_ARROW,   /* line with a filled head at the end (and optionally the start) */
    DL_POLY,    /* filled convex polygon (triangles, markers) */
    DL_TEXT,    /* a run of UTF-8 text */
    DL_CLIP,    /* restrict following commands to a rectangle; w < 0 clears */
    DL_TYPE_COUNT
} dl_type;

typedef enum {  /* where (x, y) sits on the text's box */
    DL_ANCHOR_TL, DL_ANCHOR_TC, DL_ANCHOR_TR,
    DL_ANCHOR_ML, DL_ANCHOR_MC, DL_ANCHOR_MR,
    DL_ANCHOR_BL, DL_ANCHOR_BC, DL_ANCHOR_BR
} dl_anchor;

/* Every command starts with this header; `size` is the whole command's size in bytes. */
typedef struct {
    uint16_t type;
    uint16_t size;
} dl_head;

typedef struct { dl_head h; float x, y, w, h_; dl_color fill, stroke; float stroke_w; } dl_rect;
typedef struct { dl_head h; float x, y, w, h_; dl_color fg, bg; float spacing; } dl_hatch;
typedef struct { dl_head h; float x0, y0, x1, y1, width; dl_color color; float dash, gap; } dl_line;
typedef struct { dl_head h; float x0, y0, x1, y1, width, head; dl_color color; bool both; } dl_arrow;
typedef struct { dl_head h; dl_color color; uint16_t n; float pts[]; /* x0,y0,x1,y1,... */ } dl_poly;
typedef struct {
    dl_head h;
    float x, y, size;     /* size: pixel height of the font */
    dl_color color;
    uint8_t anchor;       /* dl_anchor */
    uint8_t bold;
    uint8_t vertical;     /* 1: rotated 90 degrees counter-clockwise (reads bottom to top) */
    uint16_t len;         /* bytes of text, not NUL-terminated */
    char text[];
} dl_text;
typedef struct { dl_head h; float x, y, w, h_; } dl_clip;

#define DL_MAX_BYTES ((size_t)1 << 30)

typedef struct {
    unsigned char *buf;
    size_t len, cap;
    size_t count;        /* commands */
    bool overflow;       /* a push failed (allocation or DL_MAX_BYTES): the frame is incomplete */
    float width, height; /* the canvas size the list was laid out for */
    dl_color background;
} dl_list;

void dl_init(dl_list *l);
void dl_free(dl_list *l);
/* Empties the list, keeping its buffer (no allocation per frame once warm). */
void dl_reset(dl_list *l, float width, float height, dl_color background);

void dl_push_rect(dl_list *l, float x, float y, float w, float h, dl_color fill, dl_color stroke, float stroke_w);
void dl_push_hatch(dl_list *l, float x, float y, float w, float h, dl_color fg, dl_color bg, float spacing);
void dl_push_line(dl_list *l, float x0, float y0, float x1, float y1, float width, dl_color c, float dash, float gap);
void dl_push_arrow(dl_list *l, float x0, float y0, float x1, float y1, float width, float head, dl_color c, bool both);
void dl_push_poly(dl_list *l, const float *pts, uint16_t n, dl_color c);
void dl_push_text(dl_list *l, float x, float y, float size, dl_color c, dl_anchor a, bool bold, bool vertical,
                  const char *s, size_t len);
void dl_push_clip(dl_list *l, float x, float y, float w, float h);

/* Appends src's commands to out moved by (x, y) and kept inside the box (x, y, w, h): a list laid
 * out on a canvas of its own placed as a panel of another (the comparison's panels). Clips of src
 * are moved and cut to the box; out's clip is cleared after. */
void dl_append_shifted(dl_list *out, const dl_list *src, float x, float y, float w, float h);

/* Iteration: for (const dl_head *h = dl_first(l); h; h = dl_next(l, h)) switch (h->type) ... */
const dl_head *dl_first(const dl_list *l);
const dl_head *dl_next(const dl_list *l, const dl_head *h);

/* The filled triangle of an arrow head at (x1, y1) pointing away from (x0, y0): 6 floats. Shared
 * by every back end so arrows look the same everywhere. */
void dl_arrow_head(float x0, float y0, float x1, float y1, float head, float out[6]);
/* Where the shaft of an arrow from (x0, y0) meets the head tri drawn at (x1, y1): the head's vertex
 * nearest the tail, projected on the shaft. The vector back ends stop the shaft there. */
void dl_arrow_head_base(const float tri[6], float x0, float y0, float x1, float y1, float *bx, float *by);

/* Measures text for layout without knowing the renderer: width in pixels of s[0..len) at size. */
typedef struct {
    float (*width)(void *ctx, const char *s, size_t len, float size, bool bold);
    void *ctx;
} dl_measure;

/* A measure that needs no font (about 0.56 em per character): tests and fallbacks. */
float dl_measure_approx(void *ctx, const char *s, size_t len, float size, bool bold);

#endif
