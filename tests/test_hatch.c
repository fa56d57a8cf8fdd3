/* test_hatch.c — the SDL back end's hatch tiles: a hatch on an opaque background is copied from a
 * cached tile, and must give the very pixels of the same background filled and the lines drawn
 * one by one (what a hatch on a transparent background does). Rects cross the tiles' seams, sit
 * at fractional positions, under clips, at scales 1, 1.5 and 2, with more styles than the cache
 * holds, drawn twice (the second time from the cache). Runs without a display. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "rsdl.h"

#define W 1280
#define H 400

typedef struct {
    const char *name;
    float scale;
    float spacing;
    int styles;          /* distinct background colours, cycled over the rects */
    bool clip;           /* a clip like the plot's, cutting some rects */
} hatch_case;

static const hatch_case CASES[] = {
    {"ready, scale 1", 1.0f, 5.0f, 1, false},
    {"GIL, scale 1", 1.0f, 3.5f, 1, true},
    {"ready, scale 2", 2.0f, 5.0f, 3, false},
    {"GIL, scale 2", 2.0f, 3.5f, 3, true},
    {"scale 1.5", 1.5f, 5.0f, 2, true},
    {"more styles than tiles", 1.0f, 5.0f, 40, true},
};

/* The rects of a case, in list units: wide ones crossing seams, tall ones, fractional ones. */
static void rects(dl_list *l, const hatch_case *c, bool tiled)
{
    const float sx = (float)W / c->scale, sy = (float)H / c->scale;
    dl_color fg = DL_RGBA(60, 60, 70, 255);
    for (int i = 0; i < 48; i++) {
        float x = 20.0f + (float)((i * 137) % 600) / c->scale + (float)(i % 3) * 0.3f;
        float y = 20.0f + (float)((i * 53) % 300) / c->scale + (float)(i % 4) * 0.25f;
        float w = (i % 5 == 0 ? sx - x - 10 : 30.0f + (float)((i * 71) % 500) / c->scale);
        float h = (i % 7 == 0 ? sy - y - 10 : 15.0f / c->scale + (float)(i % 3));
        int k = i % c->styles;
        dl_color bg = DL_RGBA(150 + (k * 37) % 100, 180 + (k * 11) % 70, 200 + (k * 5) % 50, 255);
        if (c->clip && i == 24)
            dl_push_clip(l, 100.0f / c->scale, 40.0f / c->scale, 900.0f / c->scale, 300.0f / c->scale);
        if (tiled) {
            dl_push_hatch(l, x, y, w, h, fg, bg, c->spacing);
        } else {
            dl_push_rect(l, x, y, w, h, bg, 0, 0);
            dl_push_hatch(l, x, y, w, h, fg, bg & ~(dl_color)0xFF, c->spacing);   /* lines only */
        }
    }
}

/* Draws the case's list twice on a fresh software renderer; the pixels into out. */
static void render(const hatch_case *c, bool tiled, uint32_t *out)
{
    sl_err err = {0};
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(s);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
    assert_non_null(r);
    rsdl *rs = rsdl_new(r, NULL, &err);
    assert_non_null(rs);
    dl_list l;
    dl_init(&l);
    dl_reset(&l, (float)W / c->scale, (float)H / c->scale, DL_RGBA(245, 245, 245, 255));
    rects(&l, c, tiled);
    for (int pass = 0; pass < 2; pass++)
        assert_true(rsdl_draw(rs, &l, c->scale));
    SDL_LockSurface(s);
    for (int y = 0; y < H; y++)
        memcpy(out + (size_t)y * W, (const uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch, W * 4);
    SDL_UnlockSurface(s);
    dl_free(&l);
    rsdl_free(rs);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(s);
}

static void tiles_give_the_pixels_of_lines_drawn_one_by_one(void **state)
{
    (void)state;
    static uint32_t a[W * H], b[W * H];
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        render(&CASES[i], true, a);
        render(&CASES[i], false, b);
        size_t differ = 0, first = 0;
        for (size_t p = 0; p < (size_t)W * H; p++)
            if (a[p] != b[p] && differ++ == 0)
                first = p;
        if (differ)
            fail_msg("%s: %zu pixels differ, the first at (%zu,%zu): %08x tiled, %08x drawn", CASES[i].name,
                     differ, first % W, first / W, a[first], b[first]);
    }
}

/* The lines are where they belong: x + y = k * spacing through the canvas, dark on the tile as on
 * the lines (a check that the comparison above is not between two blank pictures). */
static void tiled_lines_fall_on_the_canvas_diagonals(void **state)
{
    (void)state;
    static uint32_t a[W * H];
    const hatch_case c = {"one wide bar", 1.0f, 5.0f, 1, false};
    render(&c, true, a);
    int dark = 0, light = 0;
    for (int y = 21; y < 34; y++)   /* inside rect 0, which covers the canvas from (20, 20) */
        for (int x = 600; x < 1200; x++) {
            uint32_t p = a[(size_t)y * W + (size_t)x];
            int red = (int)((p >> 16) & 0xFF);
            if ((x + y) % 5 == 0)
                dark += red < 120;
            else if ((x + y) % 5 == 2)
                light += red > 140;
        }
    assert_int_equal(dark, 13 * 600 / 5);
    assert_int_equal(light, 13 * 600 / 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tiles_give_the_pixels_of_lines_drawn_one_by_one),
        cmocka_unit_test(tiled_lines_fall_on_the_canvas_diagonals),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
