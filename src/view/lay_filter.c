/* lay_filter.c — the timeline's unit filter: only the unit and coroutine lanes that ran a request
 * of one template, or one request, show; the aggregate rows count only those requests. */
#include "lay_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { FILTER_NONE, FILTER_TMPL, FILTER_REQ };

struct lay_filter {
    uint8_t *lane_in;        /* per lane: passes the filter */
    int kind;
    int32_t req;
    const char *name;        /* the template's name, owned by the trace */
};

void lay_filter_free(lay_ctx *c)
{
    if (c->filter)
        free(c->filter->lane_in);
    free(c->filter);
    c->filter = NULL;
}

static bool filterable(const trc_lane *l)
{
    return l->kind == TRC_LANE_UNIT || l->kind == TRC_LANE_CORO;
}

bool lay_lane_filtered_in(const lay_ctx *c, uint32_t lane)
{
    const struct lay_filter *f = c->filter;
    return !f || f->kind == FILTER_NONE || lane >= c->t->nlanes || f->lane_in[lane];
}

bool lay_req_filtered_in(const lay_ctx *c, size_t r)
{
    const struct lay_filter *f = c->filter;
    const trc *t = c->t;
    if (!f || f->kind == FILTER_NONE)
        return true;
    if (f->kind == FILTER_REQ)
        return (int32_t)r == f->req;
    return t->reqs[r].tmpl < t->ntmpls && t->tmpls[t->reqs[r].tmpl].name &&
           strcmp(t->tmpls[t->reqs[r].tmpl].name, f->name) == 0;
}

/* Recomputes lane_in from the filter; false when no request passes it. */
static bool apply(lay_ctx *c)
{
    struct lay_filter *f = c->filter;
    const trc *t = c->t;
    for (size_t l = 0; l < t->nlanes; l++)
        f->lane_in[l] = !filterable(&t->lanes[l]);
    size_t hits = 0;
    for (size_t r = 0; r < t->nreqs; r++) {
        if (!lay_req_filtered_in(c, r))
            continue;
        hits++;
        if (t->reqs[r].lane >= 0 && (size_t)t->reqs[r].lane < t->nlanes)
            f->lane_in[t->reqs[r].lane] = 1;
    }
    lay_agg_filter_changed(c);
    return hits > 0;
}

/* Sets the filter (kind, name, req) if some request passes it; else restores the old one. */
static bool set(lay_ctx *c, int kind, const char *name, int32_t req)
{
    if (!c->filter) {
        c->filter = calloc(1, sizeof *c->filter);
        if (!c->filter || !(c->filter->lane_in = malloc(c->t->nlanes + 1))) {
            lay_filter_free(c);
            return false;
        }
    }
    struct lay_filter *f = c->filter, old = *f;
    f->kind = kind, f->name = name, f->req = req;
    if (apply(c))
        return true;
    f->kind = old.kind, f->name = old.name, f->req = old.req;
    apply(c);
    return false;
}

bool lay_filter_tmpl(lay_ctx *c, const char *name)
{
    const trc *t = c->t;
    for (size_t i = 0; name && i < t->ntmpls; i++)
        if (t->tmpls[i].name && strcmp(t->tmpls[i].name, name) == 0)
            return set(c, FILTER_TMPL, t->tmpls[i].name, -1);
    return false;
}

bool lay_filter_req(lay_ctx *c, int32_t req)
{
    const trc *t = c->t;
    if (req < 0 || (size_t)req >= t->nreqs || t->reqs[req].lane < 0 || (size_t)t->reqs[req].lane >= t->nlanes)
        return false;
    return set(c, FILTER_REQ, NULL, req);
}

void lay_filter_clear(lay_ctx *c)
{
    if (!c->filter || c->filter->kind == FILTER_NONE)
        return;
    c->filter->kind = FILTER_NONE;
    lay_agg_filter_changed(c);
}

char *lay_filter_text(const lay_ctx *c, char *buf, size_t n)
{
    const struct lay_filter *f = c->filter;
    const trc *t = c->t;
    if (n)
        buf[0] = '\0';
    if (!f || !n || f->kind == FILTER_NONE)
        return buf;
    if (f->kind == FILTER_TMPL) {
        snprintf(buf, n, "%s", f->name);
        return buf;
    }
    const trc_req *r = &t->reqs[f->req];
    const char *name = r->tmpl < t->ntmpls && t->tmpls[r->tmpl].name ? t->tmpls[r->tmpl].name : "?";
    snprintf(buf, n, "%s #%u", name, r->instance + 1);
    return buf;
}
