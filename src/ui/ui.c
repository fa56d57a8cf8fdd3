/* ui.c — the window's life: start-up (arguments, scenario, font, SDL, window), the event loop
 * (asleep in SDL_WaitEvent unless the playhead plays or a script runs), the frame (the screen's
 * layout, status bar, tooltip and overlays into one display list, then rsdl_draw), and what
 * replaces the run: reloads and the presenter's next / previous scenario. */
#include "ui_int.h"

#include <langinfo.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UI_FRAME_MS 16          /* playhead frames: about 60 per second */
#define UI_WATCH_MS 500         /* how often the scenario file's mtime is checked */

void ui_note(ui *u, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(u->note, sizeof u->note, fmt, ap);
    va_end(ap);
    u->dirty = true;
}

const char *ui_tr(const ui *u, ui_str_key k)
{
    return ui_str(u->view.lang, k);
}

void ui_set_title(ui *u)
{
    char t[512];
    const scn *s = u->doc.run ? &u->doc.run->s : &u->doc.base;
    const char *title = scn_str(s, s->cfg.title), *path = u->doc.path;
    snprintf(t, sizeof t, "schedlab%s%s%s%s", *title ? " \xE2\x80\x94 " : "", title, path ? " \xE2\x80\x94 " : "",
             path ? path : "");
    SDL_SetWindowTitle(u->win, t);
}

/* The unit filter the user chose, on the new run's lanes (a request index or a template name
 * that no longer exists drops it). */
static void refilter(ui *u)
{
    lay_ctx *c = &u->doc.run->lay;
    bool ok = u->filter == UI_FILTER_NONE || (u->filter == UI_FILTER_REQ && lay_filter_req(c, u->filter_req)) ||
              (u->filter == UI_FILTER_TMPL && lay_filter_tmpl(c, u->filter_tmpl));
    if (!ok)
        u->filter = UI_FILTER_NONE;
}

void ui_apply_core_rows(ui *u)
{
    lay_ctx *c = &u->doc.run->lay;
    int32_t g = lay_cores_group(c);
    if (g >= 0)
        lay_group_set_hidden(c, (uint32_t)g, lay_cores_repeat_loops(c) && !u->show_cores);
}

void ui_after_run(ui *u)
{
    ui_apply_core_rows(u);   /* not carried from the run before: it may have been of another model */
    const trc *t = &u->doc.run->t;
    int64_t end = ui_end(u);
    if (u->view.selected >= (int32_t)t->nreqs)
        u->view.selected = -1;
    if (u->view.playhead > end)
        u->view.playhead = end;
    u->ph_exact = (double)u->view.playhead;
    refilter(u);
    /* The view keeps its time window, unless that window now lies wholly after the run. */
    if (ui_view_timed(u) && lay_t_of(&u->view, &u->tgeom, u->tgeom.plot_x) >= end)
        u->fit = true;
    if (u->screen == UI_SCREEN_SWEEP)
        ui_view_sweep(u);
    u->dirty = true;   /* the frame re-fits when u->fit: the plot width may have changed too */
}

void ui_reload(ui *u)
{
    ui_doc_reload(&u->doc);   /* the run follows in ui_work_event; a read error shows at once */
    u->dirty = true;
}

/* The scenario at path starts running; it replaces the one showing when its run is done
 * (opened()). A file that cannot be read is skipped (its error in the note) so that a broken
 * file does not stop the presentation. */
static bool open_file(ui *u, const char *path)
{
    sl_err err = {0};
    if (!ui_doc_switch(&u->doc, path, &err)) {
        ui_note(u, "%s", err.msg);
        return false;
    }
    u->dirty = true;
    return true;
}

/* The run of the file PageDown / PageUp opened is done: it shows from the start. */
static void opened(ui *u)
{
    ui_watch_retire(&u->retired, u->watch);
    u->watch = ui_watch_start(u->doc.path, u->ev_reload, UI_WATCH_MS);
    u->view.selected = -1;
    u->filter = UI_FILTER_NONE;
    u->fit = true;
    ui_after_run(u);
    ui_set_title(u);
    const scn *s = &u->doc.run->s;
    const char *slash = strrchr(u->doc.path, '/');
    char opened_note[sizeof u->note];
    snprintf(opened_note, sizeof opened_note, ui_tr(u, UI_S_OPENED), slash ? slash + 1 : u->doc.path,
             scn_str(s, s->cfg.title));
    if (u->skipped[0]) {   /* say which file was passed over, and where its error is */
        char why[sizeof u->note];
        snprintf(why, sizeof why, ui_tr(u, UI_S_SKIPPED), u->skipped);
        ui_note(u, "%s   (%s)", opened_note, why);
    } else {
        ui_note(u, "%s", opened_note);
    }
}

uint64_t ui_busy_seconds(const ui *u)
{
    const ui_job *j = u->doc.work.running;
    return j ? (SDL_GetTicks64() - j->started) / 1000 : 0;
}

/* A simulation finished on the worker: what it replaced shows, or why it failed. */
void ui_work_event(ui *u, const SDL_Event *e)
{
    ui_doc_done r;
    bool first = u->doc.run == NULL;
    if (!ui_doc_event(&u->doc, e, &r))
        return;
    u->dirty = true;
    if (!r.ok) {
        if (r.cancelled)
            ui_note(u, "%s", ui_tr(u, UI_S_CANCELLED));
        else if (r.kind == UI_JOB_APPLY || r.kind == UI_JOB_SWITCH)
            ui_note(u, "%s", r.msg);
        else if (r.kind == UI_JOB_OPEN)
            fprintf(stderr, "%s\n", r.msg);   /* also in the error box: the window waits for a fix */
        if (r.kind == UI_JOB_COMPARE && r.cancelled && u->screen == UI_SCREEN_COMPARE)
            ui_view_switch(u, UI_SCREEN_MAIN, u->course);
        return;
    }
    switch (r.kind) {
    case UI_JOB_OPEN: ui_after_run(u); ui_set_title(u); break;
    case UI_JOB_RELOAD:
        ui_after_run(u);
        ui_set_title(u);
        if (!first)
            ui_note(u, ui_tr(u, UI_S_RELOADED), u->doc.path ? u->doc.path : ui_tr(u, UI_S_BUILTIN));
        break;
    case UI_JOB_SWITCH: opened(u); break;
    case UI_JOB_APPLY: ui_after_run(u); break;
    case UI_JOB_COMPARE: ui_view_switch(u, u->screen, u->course); break;   /* the same span on its axis */
    }
}

#define UI_BROWSE_TRIES 64   /* broken files skipped in a row before giving up */

void ui_open_next(ui *u, int dir)
{
    char next[4096], folder[4096];
    const char *from = u->doc.path;
    sl_err err = {0};
    u->skipped[0] = '\0';
    for (int k = 0; k < UI_BROWSE_TRIES; k++) {
        int r = ui_browse(from, dir, next, sizeof next, folder, sizeof folder, &err);
        if (r < 0) {
            ui_note(u, "%s", err.msg);
            return;
        }
        if (r == 0) {
            if (!u->skipped[0])
                ui_note(u, ui_tr(u, dir > 0 ? UI_S_NO_NEXT : UI_S_NO_PREV), folder);
            return;   /* else the note says why the last file was skipped */
        }
        if (open_file(u, next))
            return;
        snprintf(u->skipped, sizeof u->skipped, "%s", u->note);
        snprintf(u->skipped_path, sizeof u->skipped_path, "%s", next);
        from = u->skipped_path;
    }
}

/* ---- The frame ------------------------------------------------------------------------------ */

/* Over an aggregate row: its value in that pixel column; over a segment: what it did. */
static void tooltip(ui *u)
{
    lay_seg_info seg;
    lay_agg_hit ah;
    char buf[1024];
    if (u->tip_on && u->drag == UI_DRAG_NONE && ui_view_tip(u, u->mx, u->my, buf, sizeof buf)) {
        lay_tooltip(&u->view, &u->geom, &u->meas, u->mx, u->my, buf, &u->dl);
        return;
    }
    if (!u->view.hover_on || u->drag != UI_DRAG_NONE || !ui_view_single(u))
        return;
    if (!u->course && lay_agg_at(&u->doc.run->lay, &u->view, &u->geom, u->mx, u->my, &ah))
        lay_agg_describe(&ah, u->view.lang, buf, sizeof buf);
    else if (!ui_view_seg_at(u, u->mx, u->my, &seg) || (u->view.playhead_on && seg.start >= u->view.playhead))
        return;
    else
        lay_describe_seg(&u->doc.run->t, u->view.lang, &seg, buf, sizeof buf);
    lay_tooltip(&u->view, &u->geom, &u->meas, u->mx, u->my, buf, &u->dl);
}

/* SCHEDLAB_UI_STATS=1: one line per frame on stderr (what a frame costs in this window, and
 * whether an unchanged frame rendered any text). */
static void frame_stats(ui *u, uint64_t t0, uint64_t t1, uint64_t t2)
{
    double f = 1000.0 / (double)SDL_GetPerformanceFrequency();
    font_stats fs = font_cache_stats(rsdl_text_cache(u->rs));
    fprintf(stderr, "frame %llu: layout %.2f ms, draw %.2f ms, %zu commands, %llu texts rendered so far\n",
            (unsigned long long)++u->frames, (double)(t1 - t0) * f, (double)(t2 - t1) * f, u->dl.count,
            (unsigned long long)fs.renders);
}

#define UI_STATUS_TEXT 12.0f   /* the status bar's text size at font scale 1, as the layout draws it */

/* The status bar's text as it fits the window: whole parts (they are separated by three spaces)
 * dropped from the end with an ellipsis rather than a word cut at the edge (lecture mode's large
 * text on a narrow screen). u->status keeps all of it (expect-status reads it). */
static const char *status_fit(const ui *u, char *out, size_t n)
{
    float fs = u->geom.fs > 0 ? u->geom.fs : 1, size = UI_STATUS_TEXT * fs, room = u->geom.w - 16 * fs;
    const char *more = " \xE2\x80\xA6";
    snprintf(out, n, "%s", u->status);
    size_t len = strlen(out);
    bool cut = false;
    while (len > 0 && u->meas.width(u->meas.ctx, out, len, size, false) +
                              (cut ? u->meas.width(u->meas.ctx, more, strlen(more), size, false) : 0) > room) {
        char *sep = NULL;
        for (char *p = strstr(out, "   "); p && p < out + len; p = strstr(p + 3, "   "))
            if (p > out)
                sep = p;
        if (!sep)
            break;   /* one part left: the layout clips it */
        len = (size_t)(sep - out);
        out[len] = '\0';
        cut = true;
    }
    if (cut && len + strlen(more) < n)
        memcpy(out + len, more, strlen(more) + 1);
    return out;
}

/* Lays out into the display list (layout's frame, then the window's own layers on top), draws. */
static void render(ui *u)
{
    uint64_t t0 = SDL_GetPerformanceCounter();
    if (!ui_size_fits(u)) {   /* too large to draw: shrink it; its resize event redraws */
        ui_size_enforce(u);
        u->dirty = false;
        return;
    }
    if (u->doc.run) {
        ui_view_prepare(u);
        ui_view_draw(u);
        ui_why_draw(u, &u->dl);
    } else {
        ui_view_empty(u);   /* the first run is still simulating, or failed */
    }
    ui_status_build(u);
    char shown[sizeof u->status];
    lay_status_bar(&u->view, &u->geom, status_fit(u, shown, sizeof shown), &u->dl);
    if (u->doc.run)
        tooltip(u);
    if (u->doc.error_on)
        ui_error_draw(u, &u->dl);
    if (u->help_on)
        ui_help_draw(u, &u->dl);
    uint64_t t1 = SDL_GetPerformanceCounter();
    rsdl_draw(u->rs, &u->dl, u->scale);
    uint64_t t2 = SDL_GetPerformanceCounter();
    ui_script_shot(u);
    SDL_RenderPresent(u->ren);
    u->dirty = false;
    if (u->stats)
        frame_stats(u, t0, t1, t2);
}

/* ---- The loop ------------------------------------------------------------------------------- */

static void tick(ui *u)
{
    if (ui_doc_busy(&u->doc) || ui_real_busy(u->real))
        u->dirty = u->dirty || ui_busy_seconds(u) + ui_real_seconds(u->real) != u->busy_shown;
    if (!u->playing)
        return;
    uint64_t now = SDL_GetTicks64();
    int64_t end = ui_end(u);
    u->ph_exact += (double)(now - u->last_tick) / 1000.0 * u->speed;
    u->last_tick = now;
    if (u->ph_exact >= (double)end) {
        u->ph_exact = (double)end;
        u->playing = false;
    }
    u->view.playhead = (int64_t)u->ph_exact;
    ui_follow_playhead(u);
    u->dirty = true;
}

#define UI_BUSY_MS 250         /* while a simulation runs, the status bar's seconds count this often */

/* ms to wait for an event: -1 forever (nothing moves), else until the next playhead frame, script
 * command or count of a running simulation's seconds. */
static int timeout(const ui *u)
{
    int t = ui_script_timeout(u);
    if (ui_doc_busy(&u->doc) || ui_real_busy(u->real))
        t = t < 0 || t > UI_BUSY_MS ? UI_BUSY_MS : t;
    if (u->playing) {
        int64_t left = (int64_t)(u->last_tick + UI_FRAME_MS) - (int64_t)SDL_GetTicks64();
        int f = left < 0 ? 0 : (int)left;
        t = t < 0 || f < t ? f : t;
    }
    return t;
}

static void loop(ui *u)
{
    SDL_Event e;
    while (!u->quit) {
        if (u->dirty)
            render(u);
        if (u->script)
            ui_script_step(u);
        if (u->quit)
            break;
        int t = timeout(u);
        if (t < 0 ? SDL_WaitEvent(&e) : SDL_WaitEventTimeout(&e, t)) {
            ui_event(u, &e);
            while (!u->quit && SDL_PollEvent(&e))
                ui_event(u, &e);
        }
        tick(u);
    }
}

/* ---- Start-up and tear-down --------------------------------------------------------------- */

static int fail(int code, const char *what, const char *detail)
{
    fprintf(stderr, "schedlab: error: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    return code;
}

static int open_window(ui *u)
{
    sl_err err = {0};
    uint32_t flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
    int w = u->args.width, h = u->args.height;
    if (ui_size_cap(u, &w, &h))
        ui_note(u, ui_tr(u, UI_S_SIZE_CAPPED), w, h);
    u->win = SDL_CreateWindow("schedlab", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
    if (!u->win)
        return fail(UI_INTERNAL, "cannot open a window", SDL_GetError());
    u->ren = SDL_CreateRenderer(u->win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (!u->ren)
        u->ren = SDL_CreateRenderer(u->win, -1, SDL_RENDERER_SOFTWARE);
    if (!u->ren)
        return fail(UI_INTERNAL, "cannot create a renderer", SDL_GetError());
    u->rs = rsdl_new(u->ren, u->fonts, &err);
    if (!u->rs)
        return fprintf(stderr, "%s\n", err.msg), UI_INTERNAL;
    ui_size_enforce(u);   /* the renderer's own limit, and HiDPI's pixels per point, known now */
    ui_set_title(u);
    return UI_OK;
}

/* Xlib converts window titles through the C library's character type locale: under "C" a title
 * with an accent or a dash never reaches the window manager. Only LC_CTYPE changes (numbers are
 * still read and printed the "C" way). */
static void utf8_ctype(void)
{
    if (setlocale(LC_CTYPE, "") && strcmp(nl_langinfo(CODESET), "UTF-8") == 0)
        return;
    if (!setlocale(LC_CTYPE, "C.UTF-8"))
        setlocale(LC_CTYPE, "C");
}

static int start(ui *u)
{
    sl_err err = {0};
    u->view.lang = u->args.lang_on ? u->args.lang : lay_lang_from_locale();
    int code = ui_doc_open(&u->doc, &u->args, &err);
    if (code != UI_OK)
        return fprintf(stderr, "%s\n", err.set ? err.msg : "schedlab: error: cannot open the scenario"), code;
    if (!u->args.lang_on && u->doc.base.cfg.lang)   /* the scenario's `lang` before the locale */
        u->view.lang = (lay_lang)(u->doc.base.cfg.lang - 1);
    if (!(u->fonts = font_lib_new(u->args.font, &err)))
        return fprintf(stderr, "%s\n", err.msg), UI_BAD_INPUT;
    u->meas = font_measure(u->fonts);
    utf8_ctype();
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0)
        return fail(UI_INTERNAL, "cannot start SDL", SDL_GetError());
    if (u->args.script && !ui_script_load(u->args.script, &u->script, &err))
        return fprintf(stderr, "%s\n", err.msg), UI_BAD_INPUT;
    if ((code = open_window(u)) != UI_OK)
        return code;
    if ((u->ev_reload = SDL_RegisterEvents(4)) == (uint32_t)-1)
        return fail(UI_INTERNAL, "cannot register events", SDL_GetError());
    u->ev_sweep = u->ev_reload + 1;
    u->ev_work = u->ev_reload + 2;
    u->ev_real = u->ev_reload + 3;
    if (u->doc.path)
        u->watch = ui_watch_start(u->doc.path, u->ev_reload, UI_WATCH_MS);
    u->sweep = ui_sweep_new(u->ev_sweep);
    u->real = ui_real_new(u->ev_real);
    ui_doc_start(&u->doc, u->ev_work);   /* the window draws while the first run simulates */
    if (u->args.lecture)
        ui_lecture(u, true);
    return UI_OK;
}

static void finish(ui *u)
{
    ui_watch_stop(u->watch);
    ui_work_stop(&u->doc.work);   /* cancels and joins the workers: before SDL_Quit */
    ui_sweep_free(u->sweep);
    ui_real_free(u->real);   /* waits for a real run still going (its deadline bounds it) */
    rsdl_free(u->rs);
    if (u->ren)
        SDL_DestroyRenderer(u->ren);
    if (u->win)
        SDL_DestroyWindow(u->win);
    SDL_Quit();
    ui_watch_free(u->watch);   /* after SDL_Quit: the timer thread is gone */
    ui_watch_free(u->retired);
    font_lib_free(u->fonts);
    ui_script_free(u->script);
    dl_free(&u->dl);
    ui_why_free(u);
    ui_view_free(u);
    ui_doc_free(&u->doc);
    ui_args_free(&u->args);
}

int ui_main(int argc, char **argv)
{
    ui *u = calloc(1, sizeof *u);
    int code;
    if (!u)
        return fail(UI_INTERNAL, "out of memory", NULL);
    dl_init(&u->dl);
    lay_view_init(&u->view);
    u->view.fill_rows = true;   /* a few lanes use the window's height on a projector */
    u->mag = 1;
    u->fit = u->dirty = true;
    u->stats = getenv("SCHEDLAB_UI_STATS") != NULL;
    if (ui_args_parse(&u->args, argc, argv) < 0)
        code = UI_BAD_INPUT;
    else if (u->args.help)
        code = fputs(ui_usage, stdout) < 0 ? UI_INTERNAL : UI_OK;
    else if ((code = start(u)) == UI_OK) {
        loop(u);
        code = u->exit_code;
    }
    finish(u);
    free(u);
    return code;
}
