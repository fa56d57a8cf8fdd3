/* test_lay_msgs.c — message arrows at scale: a zoomed-out frame draws O(pixels) arrows however many
 * messages there are (one per row and column, a head a head's width apart), a zoomed-in one every
 * message with its head, and with thousands of lanes expanded the arrows of exactly the messages
 * with an end on a row that shows, each once, taken from the rows' own messages. */
#include <math.h>
#include <stdlib.h>

#include "lay.h"
#include "lay_agg.h"
#include "test_util.h"

#define US SL_NS_PER_US

static const dl_measure measure = {dl_measure_approx, NULL};

typedef tu_tl fx;
#define fx_new tu_tl_new
#define fx_end tu_tl_end

static uint32_t add_lane(fx *f, trc_lane_kind k, int32_t host, const char *name)
{
    return tu_add_lane(&f->t, k, host, -1, name);
}

static void add_msg(fx *f, uint32_t from, uint32_t to, int64_t t0, int64_t t1)
{
    trc_msg m = {t0, t1, from, to, -1, 0, TRC_MSG_REQUEST};
    sl_err err = {0};
    assert_true(trc_add_msg(&f->t, &m, &err));
}

/* A run-long segment on lane 0 gives the trace its extent; 1800 x 900, no legend. */
static void fx_start(fx *f)
{
    tu_add_seg(&f->t, 0, 0, f->t.end > 0 ? f->t.end : 1, TRC_RUN, -1, -1);
    lay_view_init(&f->v);
    f->v.show_legend = false;
    tu_tl_start(f, 1800, 900, &measure);
}

static void fx_frame(fx *f)
{
    tu_tl_frame(f, &measure);
}

/* Arrows, and shafts: lines of an arrow's width (1.25) that run between two rows (|dy| > 10). */
static void count_msgs(const fx *f, size_t *arrows, size_t *shafts)
{
    *arrows = *shafts = 0;
    for (const dl_head *h = dl_first(&f->dl); h; h = dl_next(&f->dl, h)) {
        if (h->type == DL_ARROW)
            ++*arrows;
        const dl_line *l = (const dl_line *)h;
        if (h->type == DL_LINE && l->width == 1.25f && fabsf(l->y1 - l->y0) > 10)
            ++*shafts;
    }
}

/* 200 000 calls back and forth between a client lane and a server lane, 0.5 us each, 1 us apart:
 * fitted to 1800 pixels, a column holds more than a hundred of them. */
static void zoomed_out_arrows_follow_pixels_not_messages(void **state)
{
    (void)state;
    fx *f = fx_new();
    uint32_t a = add_lane(f, TRC_LANE_UNIT, -1, "main"), b = add_lane(f, TRC_LANE_SERVER, 0, "server");
    for (int64_t i = 0; i < 200000; i++)
        add_msg(f, i % 2 ? b : a, i % 2 ? a : b, i * US, i * US + US / 2);
    fx_start(f);
    lay_fit(&f->v, &f->g, f->t.end);
    fx_frame(f);
    size_t arrows, shafts, cols = (size_t)f->g.plot_w;
    count_msgs(f, &arrows, &shafts);
    print_message("%zu arrows, %zu shafts, %zu columns\n", arrows, shafts, cols);
    assert_true(arrows + shafts >= 2 * cols * 9 / 10);   /* both ways in nearly every column of the run */
    assert_true(arrows + shafts <= 2 * cols + 8);        /* one per direction and column */
    assert_true(arrows >= 2 * cols / 6);                 /* heads all along, each way ... */
    assert_true(arrows <= 2 * (cols / 5 + 2));           /* ... a head's width (5 px) apart */
    fx_end(f);
}

/* The same calls seen 20 us wide: every one in view is an arrow with its head. */
static void zoomed_in_every_message_has_its_head(void **state)
{
    (void)state;
    fx *f = fx_new();
    uint32_t a = add_lane(f, TRC_LANE_UNIT, -1, "main"), b = add_lane(f, TRC_LANE_SERVER, 0, "server");
    for (int64_t i = 0; i < 200000; i++)
        add_msg(f, i % 2 ? b : a, i % 2 ? a : b, i * US, i * US + US / 2);
    fx_start(f);
    f->v.t0 = 100000 * US + 600;   /* calls 100 001 .. 100 020 start inside, none at an edge */
    f->v.ns_per_px = 20.0 * US / f->g.plot_w;
    fx_frame(f);
    size_t arrows, shafts;
    count_msgs(f, &arrows, &shafts);
    assert_int_equal(arrows, 20);
    assert_int_equal(shafts, 0);
    fx_end(f);
}

/* 3 000 thread lanes, thread i calling thread i + 1 at i * 10 us, and each calling the server:
 * expanded and scrolled to the middle, 1 ms wide (a call every 6 pixels on the server's row).
 * Expected: the calls in view with an end on rows [top - 1, bottom] (the rows that show and one
 * more each side), each drawn once; found by looking at every message. */
static void expanded_rows_draw_their_own_arrows_once(void **state)
{
    (void)state;
    enum { N = 3000 };
    fx *f = fx_new();
    uint32_t lanes[N];
    for (int i = 0; i < N; i++)
        lanes[i] = add_lane(f, TRC_LANE_UNIT, -1, "thread");
    uint32_t srv = add_lane(f, TRC_LANE_SERVER, 0, "server");
    for (int64_t i = 0; i < N; i++) {
        if (i + 1 < N)
            add_msg(f, lanes[i], lanes[i + 1], i * 10 * US, i * 10 * US + 2 * US);
        add_msg(f, lanes[i], srv, i * 10 * US + 5 * US, i * 10 * US + 6 * US);
    }
    fx_start(f);
    for (uint32_t g = 0; g < f->c.ngroups; g++)
        lay_group_set_agg(&f->c, g, LAY_AGG_OFF);
    f->g = lay_geometry(&f->c, &f->v, 1800, 900, &measure);
    lay_scroll(&f->c, &f->v, &f->g, lay_content_height(&f->c, &f->v) / 2);
    f->v.t0 = 14500 * US;
    f->v.ns_per_px = 1000.0 * US / f->g.plot_w;
    fx_frame(f);
    int32_t top = -1, bot = -1;   /* rows of the first lane showing and of the first below the plot */
    for (int i = 0; i < N; i++) {
        float y, h;
        assert_true(lay_lane_rect(&f->c, &f->v, &f->g, lanes[i], &y, &h));
        if (top < 0 && y + h > f->g.plot_y)
            top = lay_lane_row(&f->c, lanes[i]);
        if (bot < 0 && y >= f->g.plot_y + f->g.plot_h)
            bot = lay_lane_row(&f->c, lanes[i]);
    }
    assert_true(top > 0 && bot > top);
    size_t want = 0;
    for (size_t k = 0; k < f->t.nmsgs; k++) {
        const trc_msg *m = &f->t.msgs[k];
        int32_t rf = lay_lane_row(&f->c, m->from), rt = lay_lane_row(&f->c, m->to);
        bool in_time = m->t0 <= lay_t_of(&f->v, &f->g, f->g.plot_x + f->g.plot_w) && m->t1 >= f->v.t0;
        if (in_time && ((rf >= top - 1 && rf <= bot) || (rt >= top - 1 && rt <= bot)))
            want++;
    }
    size_t arrows, shafts;
    count_msgs(f, &arrows, &shafts);
    print_message("rows %d..%d: %zu calls in view, %zu arrows, %zu shafts\n", top, bot, want, arrows, shafts);
    assert_true(want > 20);
    assert_int_equal(arrows + shafts, want);
    fx_end(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(zoomed_out_arrows_follow_pixels_not_messages),
        cmocka_unit_test(zoomed_in_every_message_has_its_head),
        cmocka_unit_test(expanded_rows_draw_their_own_arrows_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
