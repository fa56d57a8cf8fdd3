/* view.c — the table of views and what their users share: finding a view by name, the time axis
 * of any view, showing a span and fitting. */
#include "view.h"

#include <string.h>

/* Adding a view: one line here, one in view.h's view_id (same order). */
static const view_ops *const view_table[VIEW_COUNT] = {
    [VIEW_TIMELINE] = &lay_timeline_ops,
    [VIEW_COURSE] = &lay_course_ops,
    [VIEW_COMPARE] = &lay_compare_ops,
    [VIEW_SWEEP] = &lay_sweep_ops,
};

const view_ops *view_get(view_id id)
{
    return (unsigned)id < VIEW_COUNT ? view_table[id] : NULL;
}

const view_ops *view_find(const char *name)
{
    for (int i = 0; name && i < VIEW_COUNT; i++)
        if (strcmp(view_table[i]->name, name) == 0)
            return view_table[i];
    return NULL;
}

lay_geom view_time_geom(const view_ops *ops, void *ctx, const lay_view *v, const lay_geom *g, const dl_measure *m)
{
    return ops->time_geom ? ops->time_geom(ctx, v, g, m) : *g;
}

void view_show_span(const view_ops *ops, void *ctx, lay_view *v, const lay_geom *g, const dl_measure *m, int64_t a,
                    int64_t b)
{
    if (!ops->timed)
        return;
    lay_geom tg = view_time_geom(ops, ctx, v, g, m);
    lay_show_span(v, &tg, a, b);
}

void view_span(const view_ops *ops, void *ctx, const lay_view *v, const lay_geom *g, const dl_measure *m, int64_t *a,
               int64_t *b)
{
    lay_geom tg = view_time_geom(ops, ctx, v, g, m);
    *a = lay_t_of(v, &tg, tg.plot_x);
    *b = lay_t_of(v, &tg, tg.plot_x + tg.plot_w);
}

void view_fit(const view_ops *ops, void *ctx, lay_view *v, const lay_geom *g, const dl_measure *m, int64_t end)
{
    if (ops->timed && ops->fit)
        ops->fit(ctx, v, g, m, end);
}
