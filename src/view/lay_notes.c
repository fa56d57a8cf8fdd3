/* lay_notes.c — the lecturer's notes of the scenario (trc_note), drawn in the header row of the
 * host they are about: a diamond at their start, a bar along the row's bottom to their end, their text when it fits. */
#include "lay_int.h"

#include <string.h>

/* The group whose header carries notes about host (-1: the client's first group with a header). */
static int32_t note_group(const lay_ctx *c, int32_t host)
{
    for (uint32_t g = 0; g < c->ngroups; g++) {
        const lay_group *gr = &c->groups[g];
        bool client = gr->kind != LAY_GROUP_SERVER && gr->kind != LAY_GROUP_POOL && gr->kind != LAY_GROUP_RES;
        /* the client's first group that has a header showing (the cores may be hidden) */
        if (host < 0 ? client && gr->row >= 0 && !lay_group_lone(c, g) : gr->kind == LAY_GROUP_SERVER && gr->host == host)
            return (int32_t)g;
    }
    return -1;
}

static void one_note(const lay_fr *f, const trc_note *n, const lay_row *r, float *label_right)
{
    const lay_geom *g = f->g;
    float fs = f->fs, rh = r->h * lay_rfs(g), y = lay_row_y(f->c, f->v, g, r), ym = y + rh / 2, s = 4 * fs;
    if (y + rh < g->plot_y || y > g->plot_y + g->plot_h)
        return;
    int64_t to = n->to < f->tr ? n->to : f->tr;
    double x0 = g->plot_x + lay_xrel(f->v, n->from), x1 = g->plot_x + lay_xrel(f->v, to);
    if (x1 < g->plot_x - 10 || x0 > g->plot_x + g->plot_w + 10)
        return;
    if (x1 > x0 + 1)
        dl_push_rect(f->out, (float)x0, y + rh - 4 * fs, (float)(x1 - x0), 2.5f * fs, f->th->note, 0, 0);
    float fx = (float)x0, dia[8] = {fx, ym - s, fx + s, ym, fx, ym + s, fx - s, ym};
    dl_push_poly(f->out, dia, 4, f->th->note);
    const char *text = n->text ? n->text : "";
    float tx = fx + 2 * s, size = LAY_TEXT_SMALL * fs;
    if (tx < *label_right || !*text)
        return;
    dl_push_text(f->out, tx, ym, size, f->th->note, DL_ANCHOR_ML, true, false, text, strlen(text));
    *label_right = tx + lay_measure(f->m, text, strlen(text), size, true) + 2 * s;
}

/* Notes are few (written by hand), so every frame looks at all of them. Labels that would run
 * into the previous one on the same row are left out. */
void lay_draw_notes(const lay_fr *f)
{
    const trc *t = f->t;
    float right[8];
    int32_t rows[8];
    int nr = 0;
    for (size_t i = 0; i < t->nnotes && t->notes; i++) {
        const trc_note *n = &t->notes[i];
        int32_t g = note_group(f->c, n->host), r = g < 0 ? -1 : f->c->groups[g].row;
        if (r < 0 || n->from > f->tr)
            continue;
        int k = 0;
        while (k < nr && rows[k] != r)
            k++;
        if (k == nr && nr < 8)
            rows[nr] = r, right[nr] = -1e30f, nr++;
        float none = -1e30f;
        one_note(f, n, &f->c->rows[r], k < nr ? &right[k] : &none);
    }
}
