/* test_dl.c — the display list: every command type round-trips, commands are 8-byte aligned,
 * reset keeps the buffer, oversize commands set the overflow flag, arrow heads point right. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dl.h"

static void push_one_of_each(dl_list *l)
{
    const float tri[6] = {0, 0, 10, 0, 5, 8};
    dl_push_rect(l, 1, 2, 3, 4, DL_RGBA(255, 0, 0, 255), DL_RGBA(0, 0, 0, 255), 1.5f);
    dl_push_hatch(l, 5, 6, 7, 8, DL_RGBA(1, 2, 3, 4), DL_RGBA(5, 6, 7, 8), 4);
    dl_push_line(l, 0, 1, 2, 3, 2, DL_RGBA(9, 9, 9, 255), 5, 3);
    dl_push_arrow(l, 10, 20, 30, 40, 1, 6, DL_RGBA(0, 0, 255, 255), true);
    dl_push_poly(l, tri, 3, DL_RGBA(0, 255, 0, 255));
    dl_push_text(l, 100, 50, 12, DL_RGBA(0, 0, 0, 255), DL_ANCHOR_BC, true, true, "250\xC2\xB5s", 6);
    dl_push_clip(l, 1, 1, 50, 60);
}

static void every_command_type_round_trips_in_order(void **state)
{
    dl_list l;
    dl_init(&l);
    dl_reset(&l, 640, 480, DL_RGBA(255, 255, 255, 255));
    push_one_of_each(&l);
    assert_int_equal(l.count, DL_TYPE_COUNT);
    assert_false(l.overflow);
    int seen = 0;
    for (const dl_head *h = dl_first(&l); h; h = dl_next(&l, h), seen++) {
        assert_int_equal(h->type, seen);   /* pushed in dl_type order */
        switch (h->type) {
        case DL_RECT: {
            const dl_rect *c = (const dl_rect *)h;
            assert_true(c->x == 1 && c->y == 2 && c->w == 3 && c->h_ == 4 && c->stroke_w == 1.5f);
            assert_int_equal(c->fill, DL_RGBA(255, 0, 0, 255));
            break;
        }
        case DL_HATCH: {
            const dl_hatch *c = (const dl_hatch *)h;
            assert_true(c->x == 5 && c->h_ == 8 && c->spacing == 4);
            assert_int_equal(c->bg, DL_RGBA(5, 6, 7, 8));
            break;
        }
        case DL_LINE: {
            const dl_line *c = (const dl_line *)h;
            assert_true(c->x1 == 2 && c->y1 == 3 && c->width == 2 && c->dash == 5 && c->gap == 3);
            break;
        }
        case DL_ARROW: {
            const dl_arrow *c = (const dl_arrow *)h;
            assert_true(c->x0 == 10 && c->y1 == 40 && c->head == 6 && c->both);
            break;
        }
        case DL_POLY: {
            const dl_poly *c = (const dl_poly *)h;
            assert_int_equal(c->n, 3);
            assert_true(c->pts[4] == 5 && c->pts[5] == 8);
            break;
        }
        case DL_TEXT: {
            const dl_text *c = (const dl_text *)h;
            assert_int_equal(c->len, 6);
            assert_memory_equal(c->text, "250\xC2\xB5s", 6);
            assert_true(c->anchor == DL_ANCHOR_BC && c->bold && c->vertical && c->size == 12);
            break;
        }
        case DL_CLIP: {
            const dl_clip *c = (const dl_clip *)h;
            assert_true(c->w == 50 && c->h_ == 60);
            break;
        }
        default: fail_msg("unexpected command type %d", h->type);
        }
    }
    assert_int_equal(seen, DL_TYPE_COUNT);
    dl_free(&l);
}

static void commands_are_8_byte_aligned_and_sized(void **state)
{
    dl_list l;
    dl_init(&l);
    dl_reset(&l, 10, 10, 0);
    for (size_t n = 0; n < 20; n++)   /* texts of every length mod 8 */
        dl_push_text(&l, 0, 0, 10, 0, DL_ANCHOR_TL, false, false, "abcdefghijklmnopqrst", n);
    push_one_of_each(&l);
    size_t total = 0, count = 0;
    for (const dl_head *h = dl_first(&l); h; h = dl_next(&l, h), count++) {
        assert_int_equal(h->size % 8, 0);
        assert_int_equal((uintptr_t)h % 8, 0);
        assert_true(h->size >= sizeof(dl_head));
        total += h->size;
    }
    assert_int_equal(count, l.count);
    assert_int_equal(total, l.len);
    dl_free(&l);
}

static void reset_keeps_capacity_and_clears_flags(void **state)
{
    dl_list l;
    dl_init(&l);
    dl_reset(&l, 10, 10, 0);
    for (int i = 0; i < 1000; i++)
        push_one_of_each(&l);
    size_t cap = l.cap;
    unsigned char *buf = l.buf;
    float big[2 * 9000] = {0};
    dl_push_poly(&l, big, 9000, 0);
    assert_true(l.overflow);
    dl_reset(&l, 20, 30, DL_RGBA(1, 2, 3, 4));
    assert_int_equal(l.len, 0);
    assert_int_equal(l.count, 0);
    assert_false(l.overflow);
    assert_null(dl_first(&l));
    assert_int_equal(l.cap, cap);
    assert_ptr_equal(l.buf, buf);
    assert_true(l.width == 20 && l.height == 30);
    assert_int_equal(l.background, DL_RGBA(1, 2, 3, 4));
    dl_free(&l);
}

static void oversize_poly_sets_overflow_and_pushes_nothing(void **state)
{
    dl_list l;
    dl_init(&l);
    dl_reset(&l, 10, 10, 0);
    static float pts[2 * 10000];
    dl_push_poly(&l, pts, 8000, 0);   /* 64 012 bytes: still fits a command */
    assert_false(l.overflow);
    assert_int_equal(l.count, 1);
    dl_push_poly(&l, pts, 10000, 0);  /* 80 012 bytes: does not */
    assert_true(l.overflow);
    assert_int_equal(l.count, 1);
    dl_free(&l);
}

static void long_text_is_cut_on_a_character_boundary(void **state)
{
    dl_list l;
    dl_init(&l);
    dl_reset(&l, 10, 10, 0);
    static char s[70000];
    for (size_t i = 0; i + 1 < sizeof s; i += 2)
        s[i] = '\xC3', s[i + 1] = '\xA9';   /* "é" repeated */
    dl_push_text(&l, 0, 0, 10, 0, DL_ANCHOR_TL, false, false, s, sizeof s);
    assert_false(l.overflow);
    const dl_text *t = (const dl_text *)dl_first(&l);
    assert_non_null(t);
    assert_true(t->len > 60000);
    assert_int_equal(t->len % 2, 0);   /* never half a character */
    assert_true(t->h.size % 8 == 0 && t->h.size >= offsetof(dl_text, text) + t->len);
    dl_free(&l);
}

static void free_and_empty_list_are_safe(void **state)
{
    dl_list l;
    dl_init(&l);
    assert_null(dl_first(&l));
    dl_free(&l);
    dl_free(&l);
    assert_null(l.buf);
}

typedef struct {
    float x0, y0, x1, y1, head;
    float want[6];
} head_case;

static void arrow_head_geometry(void **state)
{
    static const head_case cases[] = {
        {0, 0, 10, 0, 5, {10, 0, 5, 2, 5, -2}},          /* pointing right */
        {0, 0, 0, 10, 5, {0, 10, -2, 5, 2, 5}},          /* pointing down */
        {10, 0, 0, 0, 5, {0, 0, 5, -2, 5, 2}},           /* pointing left */
        {3, 3, 3, 3, 10, {3, 3, -7, 7, -7, -1}},         /* zero length: points right */
        {0, 0, 30, 40, 10, {30, 40, 20.8f, 34.4f, 27.2f, 29.6f}},  /* 3-4-5 slope */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const head_case *c = &cases[i];
        float out[6];
        dl_arrow_head(c->x0, c->y0, c->x1, c->y1, c->head, out);
        for (int k = 0; k < 6; k++)
            assert_float_equal(out[k], c->want[k], 1e-4);
    }
}

static void approx_measure_counts_characters_not_bytes(void **state)
{
    assert_float_equal(dl_measure_approx(NULL, "ab", 2, 10, false), 11.2, 1e-4);
    assert_float_equal(dl_measure_approx(NULL, "\xC2\xB5s", 3, 10, false), 11.2, 1e-4);
    assert_true(dl_measure_approx(NULL, "ab", 2, 10, true) > dl_measure_approx(NULL, "ab", 2, 10, false));
    assert_float_equal(dl_measure_approx(NULL, "", 0, 10, false), 0, 1e-6);
}

/* A panel's list placed at (100, 200) in a 300 x 150 box: every command type arrives once, in
 * order, moved by exactly (100, 200), the panel's clip cut to the box, and the box's clip around
 * it all (then cleared). A command type missing from dl_append_shifted would fail the count. */
static void append_shifted_moves_every_command_and_cuts_clips_to_the_box(void **state)
{
    dl_list src, out;
    dl_init(&src);
    dl_init(&out);
    push_one_of_each(&src);
    dl_push_clip(&src, -10, 100, 500, 20);   /* sticks out of the box on three sides */
    dl_append_shifted(&out, &src, 100, 200, 300, 150);
    assert_false(out.overflow);
    assert_int_equal(out.count, src.count + 2);   /* + the box's clip first, the clear last */
    const dl_head *h = dl_first(&out);
    const dl_clip *box = (const dl_clip *)h;
    assert_true(h->type == DL_CLIP && box->x == 100 && box->y == 200 && box->w == 300 && box->h_ == 150);
    int seen = 0;
    for (h = dl_next(&out, h); seen < DL_TYPE_COUNT; h = dl_next(&out, h), seen++) {
        assert_non_null(h);
        assert_int_equal(h->type, seen);
        switch ((dl_type)h->type) {
        case DL_RECT: assert_true(((const dl_rect *)h)->x == 101 && ((const dl_rect *)h)->y == 202); break;
        case DL_HATCH: assert_true(((const dl_hatch *)h)->x == 105 && ((const dl_hatch *)h)->y == 206); break;
        case DL_LINE: {
            const dl_line *c = (const dl_line *)h;
            assert_true(c->x0 == 100 && c->y0 == 201 && c->x1 == 102 && c->y1 == 203 && c->dash == 5);
            break;
        }
        case DL_ARROW: {
            const dl_arrow *c = (const dl_arrow *)h;
            assert_true(c->x0 == 110 && c->y0 == 220 && c->x1 == 130 && c->y1 == 240 && c->both);
            break;
        }
        case DL_POLY: {
            const dl_poly *c = (const dl_poly *)h;
            assert_int_equal(c->n, 3);
            assert_true(c->pts[0] == 100 && c->pts[1] == 200 && c->pts[4] == 105 && c->pts[5] == 208);
            break;
        }
        case DL_TEXT: {
            const dl_text *c = (const dl_text *)h;
            assert_true(c->x == 200 && c->y == 250 && c->len == 6 && memcmp(c->text, "250\xC2\xB5s", 6) == 0);
            break;
        }
        case DL_CLIP: {   /* (1, 1, 50, 60) inside the box: moved, not cut */
            const dl_clip *c = (const dl_clip *)h;
            assert_true(c->x == 101 && c->y == 201 && c->w == 50 && c->h_ == 60);
            break;
        }
        case DL_TYPE_COUNT: fail();
        }
    }
    const dl_clip *cut = (const dl_clip *)h;   /* (-10, 100, 500, 20) moved to (90, 300): cut to x 100..400 */
    assert_true(h->type == DL_CLIP && cut->x == 100 && cut->y == 300 && cut->w == 300 && cut->h_ == 20);
    h = dl_next(&out, h);
    assert_true(h && h->type == DL_CLIP && ((const dl_clip *)h)->w < 0);
    assert_null(dl_next(&out, h));
    dl_free(&src);
    dl_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_command_type_round_trips_in_order),
        cmocka_unit_test(commands_are_8_byte_aligned_and_sized),
        cmocka_unit_test(reset_keeps_capacity_and_clears_flags),
        cmocka_unit_test(oversize_poly_sets_overflow_and_pushes_nothing),
        cmocka_unit_test(long_text_is_cut_on_a_character_boundary),
        cmocka_unit_test(free_and_empty_list_are_safe),
        cmocka_unit_test(arrow_head_geometry),
        cmocka_unit_test(approx_measure_counts_characters_not_bytes),
        cmocka_unit_test(append_shifted_moves_every_command_and_cuts_clips_to_the_box),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
