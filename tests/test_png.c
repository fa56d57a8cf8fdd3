/* test_png.c — headless PNG export and the SDL back end behind it: pixels at known places (with
 * scale 1 and 2), failures that leave no file, fonts, and the text cache (an unchanged frame
 * renders no text with TTF). Runs with DISPLAY unset: no X server is needed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_util.h"

#include <dirent.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <SDL_image.h>

#include "png.h"
#include "rsdl.h"

#define WHITE DL_RGBA(255, 255, 255, 255)
#define BLACK DL_RGBA(0, 0, 0, 255)
#define RED DL_RGBA(220, 30, 30, 255)
#define BLUE DL_RGBA(20, 40, 200, 255)
#define GREEN DL_RGBA(0, 140, 50, 255)
#define GREY DL_RGBA(128, 128, 128, 255)
#define PALE DL_RGBA(240, 230, 200, 255)

/* ---- helpers ---- */

static dl_color pixel(SDL_Surface *s, int x, int y)
{
    assert_true(x >= 0 && y >= 0 && x < s->w && y < s->h);
    SDL_LockSurface(s);
    const uint8_t *row = (const uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch;
    Uint32 v = 0;
    memcpy(&v, row + (size_t)x * s->format->BytesPerPixel, s->format->BytesPerPixel);
    SDL_UnlockSurface(s);
    Uint8 r, g, b, a;
    SDL_GetRGBA(v, s->format, &r, &g, &b, &a);
    return DL_RGBA(r, g, b, a);
}

static void expect_pixel(SDL_Surface *s, int x, int y, dl_color want)
{
    dl_color got = pixel(s, x, y);
    if (got != want)
        fail_msg("pixel (%d,%d): expected %08x, got %08x", x, y, want, got);
}

static bool dark(dl_color c)
{
    return DL_R(c) < 100 && DL_G(c) < 100 && DL_B(c) < 100;
}

/* The box of dark pixels inside [x0,x1)x[y0,y1): false if there is none. */
static bool dark_box(SDL_Surface *s, int x0, int y0, int x1, int y1, int box[4])
{
    box[0] = box[1] = INT32_MAX;
    box[2] = box[3] = -1;
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
            if (dark(pixel(s, x, y))) {
                box[0] = x < box[0] ? x : box[0];
                box[1] = y < box[1] ? y : box[1];
                box[2] = x > box[2] ? x : box[2];
                box[3] = y > box[3] ? y : box[3];
            }
    return box[2] >= 0;
}

/* The scene every pixel test reads (list units; the image is 120 x 80 at scale 1):
 *   red rect (10,10)-(40,30) with a 2-unit black outline; blue arrow (50,50)->(90,50), head 10;
 *   grey dashed line y=70 from x=10 to x=110, dash 6 gap 4; hatch (60,5)-(110,35) grey on pale;
 *   green triangle; a clip (0,40)-(30,80) that cuts a green rect (0,40)-(60,60) at x=30. */
static void build_scene(dl_list *l)
{
    dl_init(l);
    dl_reset(l, 120, 80, WHITE);
    dl_push_rect(l, 10, 10, 30, 20, RED, BLACK, 2);
    dl_push_arrow(l, 50, 50, 90, 50, 2, 10, BLUE, false);
    dl_push_line(l, 10, 70, 110, 70, 2, GREY, 6, 4);
    dl_push_hatch(l, 60, 5, 50, 30, GREY, PALE, 8);
    float tri[6] = {100, 45, 115, 45, 107.5f, 60};
    dl_push_poly(l, tri, 3, GREEN);
    dl_push_clip(l, 0, 40, 30, 40);
    dl_push_rect(l, 0, 40, 60, 20, GREEN, 0, 0);
    dl_push_clip(l, 0, 0, -1, -1);
}

/* Checks the scene at a scale; positions are list units times scale, sampled mid-pixel. */
static void expect_scene(SDL_Surface *s, int k)
{
    assert_int_equal(s->w, 120 * k);
    assert_int_equal(s->h, 80 * k);
    expect_pixel(s, 2 * k, 2 * k, WHITE);               /* background */
    expect_pixel(s, 25 * k, 20 * k, RED);               /* rect inside */
    expect_pixel(s, 10 * k, 10 * k, BLACK);             /* outline, inside the rect's corner */
    expect_pixel(s, 41 * k, 20 * k, WHITE);             /* just right of the rect */
    expect_pixel(s, 85 * k, 50 * k, BLUE);              /* arrow head, near its tip */
    expect_pixel(s, 82 * k, 48 * k, BLUE);              /* arrow head, near its base, off the shaft */
    expect_pixel(s, 86 * k, 45 * k, WHITE);             /* outside the head */
    expect_pixel(s, 92 * k, 50 * k, WHITE);             /* past the tip */
    expect_pixel(s, 65 * k, 50 * k, BLUE);              /* shaft */
    expect_pixel(s, 13 * k, 70 * k, GREY);              /* first dash */
    expect_pixel(s, 18 * k, 70 * k, WHITE);             /* first gap */
    expect_pixel(s, 23 * k, 70 * k, GREY);              /* second dash */
    expect_pixel(s, 107 * k, 50 * k, GREEN);            /* triangle */
    expect_pixel(s, 20 * k, 50 * k, GREEN);             /* clipped rect, inside the clip */
    expect_pixel(s, 45 * k, 50 * k, WHITE);             /* clipped rect, outside the clip */
}

/* Hatching: both colours inside, lines on x + y = k * spacing, nothing outside the rect. */
static void expect_hatch(SDL_Surface *s, int k)
{
    int fg = 0, bg = 0;
    for (int x = 60 * k; x < 110 * k; x++) {
        dl_color c = pixel(s, x, 20 * k);
        fg += DL_R(c) < 200;
        bg += c == PALE;
    }
    assert_true(fg > 0 && bg > fg);
    /* x + y = 96 is a hatch line (spacing 8); at y = 20 it runs through the centre of the pixel
     * whose left edge is half a device pixel before x = 76. */
    assert_true(DL_R(pixel(s, 76 * k - 1, 20 * k)) < 200);
    expect_pixel(s, 80 * k, 20 * k, PALE);   /* half-way between two lines */
    expect_pixel(s, 60 * k - 1, 20 * k, WHITE);
    expect_pixel(s, 85 * k, 35 * k, WHITE);
}

/* ---- headless rendering ---- */

static void scene_pixels_at_scale_1_and_2(void **state)
{
    dl_list l;
    build_scene(&l);
    for (int k = 1; k <= 2; k++) {
        sl_err err = {0};
        SDL_Surface *s = png_render(&l, (float)k, NULL, &err);
        if (!s)
            fail_msg("%s", err.msg);
        expect_scene(s, k);
        expect_hatch(s, k);
        SDL_FreeSurface(s);
    }
    dl_free(&l);
}

static void png_file_loads_back_with_the_same_pixels(void **state)
{
    char dir[] = "/tmp/schedlab-test-png-XXXXXX", path[600];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/out.png", dir);
    dl_list l;
    build_scene(&l);
    for (int k = 1; k <= 2; k++) {
        sl_err err = {0};
        if (!png_write_file(&l, path, (float)k, NULL, &err))
            fail_msg("%s", err.msg);
        SDL_Surface *s = IMG_Load(path);
        assert_non_null(s);
        expect_scene(s, k);
        SDL_FreeSurface(s);
        assert_int_equal(tu_entries_in(dir), 1);   /* the file, no temporary */
    }
    dl_free(&l);
    tu_remove_dir(dir);
}

static void unwritable_folder_fails_and_leaves_nothing(void **state)
{
    char dir[] = "/tmp/schedlab-test-png-XXXXXX", path[600];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/missing/out.png", dir);
    dl_list l;
    build_scene(&l);
    sl_err err = {0};
    assert_false(png_write_file(&l, path, 1, NULL, &err));
    assert_non_null(strstr(err.msg, path));
    assert_non_null(strstr(err.msg, "error: cannot create a file there: No such file or directory"));
    assert_int_equal(tu_entries_in(dir), 0);
    dl_free(&l);
    tu_remove_dir(dir);
}

/* A file size limit stands in for a full disk: writes fail with EFBIG instead of ENOSPC. */
static void full_disk_fails_and_leaves_nothing(void **state)
{
    char dir[] = "/tmp/schedlab-test-png-XXXXXX", path[600];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/out.png", dir);
    dl_list l;
    build_scene(&l);
    struct rlimit was, small;
    getrlimit(RLIMIT_FSIZE, &was);
    small = (struct rlimit){.rlim_cur = 200, .rlim_max = was.rlim_max};
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
    sl_err err = {0};
    bool ok = png_write_file(&l, path, 2, NULL, &err);
    setrlimit(RLIMIT_FSIZE, &was);
    signal(SIGXFSZ, prev);
    assert_false(ok);
    assert_non_null(strstr(err.msg, "error: write failed: File too large"));
    assert_int_equal(tu_entries_in(dir), 0);
    dl_free(&l);
    tu_remove_dir(dir);
}

static void bad_sizes_are_refused(void **state)
{
    static const struct { float w, h, scale; } cases[] = {
        {0, 10, 1}, {10, 0, 1}, {10, 10, 0}, {10, 10, -1}, {20000, 10, 1}, {10000, 10, 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        dl_list l;
        dl_init(&l);
        dl_reset(&l, cases[i].w, cases[i].h, WHITE);
        sl_err err = {0};
        SDL_Surface *s = png_render(&l, cases[i].scale, NULL, &err);
        if (s)
            fail_msg("case %zu rendered", i);
        assert_non_null(strstr(err.msg, "error:"));
        dl_free(&l);
    }
}

/* NaN, infinite and huge coordinates are layout bugs; they must not crash or hang the back end. */
static void broken_coordinates_are_survived(void **state)
{
    sl_err err = {0};
    font_lib *fonts = font_lib_new(NULL, &err);
    assert_non_null(fonts);
    dl_list l;
    dl_init(&l);
    dl_reset(&l, 50, 50, WHITE);
    dl_push_rect(&l, NAN, 0, 10, 10, RED, BLACK, 1);
    dl_push_rect(&l, 0, 0, INFINITY, -INFINITY, RED, BLACK, INFINITY);
    dl_push_line(&l, -1e30f, 5, 1e30f, 40, 2, BLACK, 3, 3);
    dl_push_line(&l, NAN, 5, 10, NAN, NAN, BLACK, NAN, NAN);
    dl_push_arrow(&l, 0, 0, NAN, 1e30f, 2, 1e30f, BLUE, true);
    dl_push_hatch(&l, -1e20f, -1e20f, 2e20f, 2e20f, GREY, PALE, 0.001f);
    float pts[6] = {NAN, 0, 1e30f, -1e30f, 5, INFINITY};
    dl_push_poly(&l, pts, 3, GREEN);
    dl_push_text(&l, NAN, INFINITY, 1e9f, BLACK, DL_ANCHOR_MC, false, true, "x", 1);
    dl_push_clip(&l, NAN, 0, 1e30f, NAN);
    dl_push_rect(&l, 0, 0, 50, 50, RED, 0, 0);
    dl_push_clip(&l, 0, 0, -1, 0);
    SDL_Surface *s = png_render(&l, 1, fonts, &err);
    if (!s)
        fail_msg("%s", err.msg);
    assert_int_equal(s->w, 50);
    SDL_FreeSurface(s);
    dl_free(&l);
    font_lib_free(fonts);
}

/* ---- fonts and text ---- */

static void text_is_drawn_where_its_anchor_says(void **state)
{
    sl_err err = {0};
    font_lib *fonts = font_lib_new(NULL, &err);
    if (!fonts)
        fail_msg("%s", err.msg);
    dl_list l;
    dl_init(&l);
    dl_reset(&l, 200, 200, WHITE);
    dl_push_text(&l, 10, 10, 16, BLACK, DL_ANCHOR_TL, false, false, "Hello", 5);
    dl_push_text(&l, 190, 190, 16, BLACK, DL_ANCHOR_BR, true, true, "Vertical", 8);
    SDL_Surface *s = png_render(&l, 1, fonts, &err);
    if (!s)
        fail_msg("%s", err.msg);
    int box[4];
    assert_true(dark_box(s, 0, 0, 100, 60, box));
    assert_true(box[0] >= 10 && box[0] <= 13 && box[1] >= 10 && box[1] <= 16);
    int width = (int)font_width(fonts, "Hello", 5, 16, false);
    assert_true(box[2] - box[0] + 1 <= width && box[2] - box[0] + 1 >= width - 4);
    assert_true(box[3] - box[1] < 20);
    /* rotated: taller than wide, its box ending at (190, 190) */
    assert_true(dark_box(s, 100, 60, 200, 200, box));
    assert_true(box[3] - box[1] > 2 * (box[2] - box[0]));
    assert_true(box[2] <= 189 && box[2] >= 180 && box[3] <= 189 && box[3] >= 180);
    SDL_FreeSurface(s);
    dl_free(&l);
    font_lib_free(fonts);
}

static void measure_grows_with_text_and_size(void **state)
{
    sl_err err = {0};
    font_lib *fonts = font_lib_new(NULL, &err);
    assert_non_null(fonts);
    dl_measure m = font_measure(fonts);
    float a = m.width(m.ctx, "Hello", 5, 12, false), b = m.width(m.ctx, "Hello Hello", 11, 12, false);
    float big = m.width(m.ctx, "Hello", 5, 24, false), bold = m.width(m.ctx, "Hello", 5, 12, true);
    assert_true(a > 15 && a < 60);
    assert_true(b > 2 * a);
    assert_true(big > 1.8f * a && big < 2.2f * a);
    assert_true(bold > a);
    assert_non_null(strstr(font_lib_path(fonts, false), ".ttf"));
    font_lib_free(fonts);
}

static void bad_font_path_gives_a_clear_error(void **state)
{
    sl_err err = {0};
    assert_null(font_lib_new("/nonexistent/font.ttf", &err));
    assert_non_null(strstr(err.msg, "/nonexistent/font.ttf: error: cannot open the font"));
}

/* fontconfig with a configuration that lists no font folder finds nothing. */
static void no_font_found_gives_the_documented_message(void **state)
{
    char conf[] = "/tmp/schedlab-test-fonts-XXXXXX";
    int fd = mkstemp(conf);
    assert_true(fd >= 0);
    const char *text = "<?xml version=\"1.0\"?>\n<fontconfig></fontconfig>\n";
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    const char *was = getenv("FONTCONFIG_FILE");
    char *saved = was ? strdup(was) : NULL;
    setenv("FONTCONFIG_FILE", conf, 1);
    sl_err err = {0};
    font_lib *fonts = font_lib_new(NULL, &err);
    if (saved)
        setenv("FONTCONFIG_FILE", saved, 1);
    else
        unsetenv("FONTCONFIG_FILE");
    free(saved);
    unlink(conf);
    assert_null(fonts);
    assert_string_equal(err.msg,
                        "schedlab: error: no font found (install fonts-dejavu-core or pass --font PATH)");
}

static void given_font_file_is_used_for_both_weights(void **state)
{
    sl_err err = {0};
    font_lib *found = font_lib_new(NULL, &err);
    assert_non_null(found);
    font_lib *given = font_lib_new(font_lib_path(found, false), &err);
    assert_non_null(given);
    assert_string_equal(font_lib_path(given, true), font_lib_path(found, false));
    assert_non_null(font_get(given, 14, true));
    assert_int_equal(TTF_GetFontStyle(font_get(given, 14, true)) & TTF_STYLE_BOLD, TTF_STYLE_BOLD);
    font_lib_free(given);
    font_lib_free(found);
}

/* A software renderer on a surface: what png_render uses, kept open across frames. */
typedef struct {
    SDL_Surface *surf;
    SDL_Renderer *r;
    font_lib *fonts;
    rsdl *rs;
} canvas;

static void canvas_open(canvas *c)
{
    sl_err err = {0};
    c->surf = SDL_CreateRGBSurfaceWithFormat(0, 300, 100, 32, SDL_PIXELFORMAT_ARGB8888);
    c->r = SDL_CreateSoftwareRenderer(c->surf);
    c->fonts = font_lib_new(NULL, &err);
    assert_true(c->surf && c->r && c->fonts);
    c->rs = rsdl_new(c->r, c->fonts, &err);
    assert_non_null(c->rs);
}

static void canvas_close(canvas *c)
{
    rsdl_free(c->rs);
    SDL_DestroyRenderer(c->r);
    SDL_FreeSurface(c->surf);
    font_lib_free(c->fonts);
}

static void labels(dl_list *l, int n)
{
    static const char *const text[] = {"thread 1", "thread 2", "commutations", "temps"};
    dl_reset(l, 300, 100, WHITE);
    for (int i = 0; i < n; i++)
        dl_push_text(l, 10, 10 + 20.0f * i, 14, BLACK, DL_ANCHOR_TL, i == 2, false, text[i], strlen(text[i]));
}

static void unchanged_frame_renders_no_text_with_ttf(void **state)
{
    canvas c;
    canvas_open(&c);
    dl_list l;
    dl_init(&l);
    labels(&l, 4);
    assert_true(rsdl_draw(c.rs, &l, 1));
    font_stats first = font_cache_stats(rsdl_text_cache(c.rs));
    assert_int_equal(first.renders, 4);
    assert_int_equal(first.misses, 4);
    assert_int_equal(first.entries, 4);
    assert_true(rsdl_draw(c.rs, &l, 1));
    font_stats second = font_cache_stats(rsdl_text_cache(c.rs));
    assert_int_equal(second.renders, first.renders);
    assert_int_equal(second.hits, first.hits + 4);
    /* another scale is another pixel size: rendered again, once */
    assert_true(rsdl_draw(c.rs, &l, 2));
    assert_true(rsdl_draw(c.rs, &l, 2));
    assert_int_equal(font_cache_stats(rsdl_text_cache(c.rs)).renders, first.renders + 4);
    dl_free(&l);
    canvas_close(&c);
}

static void cache_stays_within_its_bounds(void **state)
{
    canvas c;
    canvas_open(&c);
    sl_err err = {0};
    font_cache *cache = font_cache_new(c.fonts, c.r, 3, 0, &err);
    assert_non_null(cache);
    char s[16];
    int w, h;
    for (int i = 0; i < 10; i++) {
        snprintf(s, sizeof s, "label %d", i);
        assert_non_null(font_cache_text(cache, s, strlen(s), 12, false, BLACK, &w, &h));
        assert_true(w > 0 && h > 0);
    }
    font_stats st = font_cache_stats(cache);
    assert_int_equal(st.entries, 3);
    assert_int_equal(st.evictions, 7);
    /* the last one is still there; a byte bound of one texture keeps just one */
    assert_non_null(font_cache_text(cache, "label 9", 7, 12, false, BLACK, &w, &h));
    assert_int_equal(font_cache_stats(cache).hits, 1);
    font_cache *tiny = font_cache_new(c.fonts, c.r, 0, (size_t)w * (size_t)h * 4, &err);
    for (int i = 0; i < 5; i++)
        font_cache_text(tiny, "label 9", 7, 12, false, i % 2 ? BLACK : RED, &w, &h);
    assert_int_equal(font_cache_stats(tiny).entries, 1);
    assert_int_equal(font_cache_stats(tiny).renders, 5);
    /* empty text is no text, not a failure */
    assert_null(font_cache_text(cache, "", 0, 12, false, BLACK, &w, &h));
    assert_int_equal(font_cache_stats(cache).failures, 0);
    font_cache_clear(cache);
    assert_int_equal(font_cache_stats(cache).entries, 0);
    font_cache_free(tiny);
    font_cache_free(cache);
    canvas_close(&c);
}

static void text_without_fonts_fails_the_export(void **state)
{
    dl_list l;
    dl_init(&l);
    labels(&l, 1);
    sl_err err = {0};
    assert_null(png_render(&l, 1, NULL, &err));
    assert_non_null(strstr(err.msg, "could not be drawn"));
    dl_free(&l);
}

int main(void)
{
    unsetenv("DISPLAY");
    unsetenv("WAYLAND_DISPLAY");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scene_pixels_at_scale_1_and_2),
        cmocka_unit_test(png_file_loads_back_with_the_same_pixels),
        cmocka_unit_test(unwritable_folder_fails_and_leaves_nothing),
        cmocka_unit_test(full_disk_fails_and_leaves_nothing),
        cmocka_unit_test(bad_sizes_are_refused),
        cmocka_unit_test(broken_coordinates_are_survived),
        cmocka_unit_test(text_is_drawn_where_its_anchor_says),
        cmocka_unit_test(measure_grows_with_text_and_size),
        cmocka_unit_test(bad_font_path_gives_a_clear_error),
        cmocka_unit_test(no_font_found_gives_the_documented_message),
        cmocka_unit_test(given_font_file_is_used_for_both_weights),
        cmocka_unit_test(unchanged_frame_renders_no_text_with_ttf),
        cmocka_unit_test(cache_stays_within_its_bounds),
        cmocka_unit_test(text_without_fonts_fails_the_export),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
