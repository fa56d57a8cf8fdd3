/* ui_input.c — SDL events to changes of the view: pointer (hover, click, drag to pan, scrub the
 * playhead, wheel to zoom), keys (through the key table), window, reload and sweep events. Real
 * input and the script's pushed events take the same path. Time runs along x in timelines and
 * along y in course views: ui_view_along picks the coordinate. Sets u->dirty only when something
 * changed. */
#include "ui_int.h"

#include <math.h>
#include <stdlib.h>

#define UI_CLICK_SLOP 3.0f     /* pixels a press may move and still be a click */
#define UI_SCRUB_GRAB 8.0f     /* pixels around the playhead line where a press grabs it */
#define UI_WHEEL_ZOOM 1.2      /* per wheel notch */
#define UI_WHEEL_STEP 40.0f    /* pixels scrolled or panned per notch */

void ui_follow_playhead(ui *u)
{
    const lay_geom *g = &u->tgeom;
    double x = lay_x_of(&u->view, g, u->view.playhead);
    double hi = g->plot_x + 0.9 * g->plot_w;
    if (x > hi)
        lay_pan_px(&u->view, hi - x);   /* scrolls along while it plays */
    else if (x < g->plot_x)
        lay_pan_px(&u->view, g->plot_x + 0.1 * g->plot_w - x);
    else
        return;
    u->fit = false;
}

static void set_playhead_at(ui *u, float x, float y)
{
    int64_t t = lay_t_of(&u->view, &u->tgeom, ui_view_along(u, x, y)), end = ui_end(u);
    u->view.playhead = t < 0 ? 0 : t > end ? end : t;
    u->ph_exact = (double)u->view.playhead;
    u->dirty = true;
}

/* The hover hairline and tooltip follow the pointer inside the plot. */
static void hover(ui *u)
{
    bool on = u->mouse_in && u->drag == UI_DRAG_NONE && ui_view_single(u) && ui_view_in_plot(u, u->mx, u->my);
    if (on || u->view.hover_on)
        u->dirty = true;
    u->view.hover_on = on;
    char tip[256];
    bool t = u->mouse_in && u->drag == UI_DRAG_NONE && ui_view_tip(u, u->mx, u->my, tip, sizeof tip);
    if (t || u->tip_on)   /* the tooltip follows the pointer, and goes when it leaves the name */
        u->dirty = true;
    u->tip_on = t;
    u->view.hover_x = u->mx;
    u->view.hover_y = u->my;
}

static void click(ui *u, float x, float y)
{
    lay_ctx *c = &u->doc.run->lay;
    lay_seg_info seg;
    if (!ui_view_single(u))
        return;
    int32_t g = u->course ? -1 : lay_hit_header(c, &u->view, &u->geom, x, y);
    if (g >= 0) {
        lay_group_set_collapsed(c, (uint32_t)g, !c->groups[g].collapsed);
        lay_scroll(c, &u->view, &u->geom, 0);
        u->dirty = true;
        return;
    }
    if (ui_view_in_axis(u, x, y)) {   /* a click in the time axis puts the playhead there */
        u->view.playhead_on = true;
        u->playing = false;
        ui_speed_init(u);   /* the status bar shows it (not "0ns/s") */
        set_playhead_at(u, x, y);
        return;
    }
    if (!ui_view_in_plot(u, x, y))
        return;
    int32_t sel = ui_view_seg_at(u, x, y, &seg) && seg.req >= 0 ? seg.req : -1;
    u->view.selected = sel == u->view.selected ? -1 : sel;
    u->dirty = true;
}

/* Window points to layout points (lecture mode magnifies the layout). */
static float pt(const ui *u, int v)
{
    return (float)v / (u->mag > 0 ? u->mag : 1);
}

static void button_down(ui *u, const SDL_MouseButtonEvent *b)
{
    if (b->button != SDL_BUTTON_LEFT)
        return;
    u->mx = pt(u, b->x);
    u->my = pt(u, b->y);
    u->pressed = true;
    u->moved = false;
    u->press_x = u->mx;
    u->press_y = u->my;
    u->drag = UI_DRAG_PAN;
    if (u->view.playhead_on && ui_view_in_axis(u, u->mx, u->my) &&
        fabs(lay_x_of(&u->view, &u->tgeom, u->view.playhead) - ui_view_along(u, u->mx, u->my)) <= UI_SCRUB_GRAB) {
        u->drag = UI_DRAG_SCRUB;
        u->playing = false;
    }
    SDL_CaptureMouse(SDL_TRUE);
    hover(u);
}

static void button_up(ui *u, const SDL_MouseButtonEvent *b)
{
    if (b->button != SDL_BUTTON_LEFT || !u->pressed)
        return;
    u->mx = pt(u, b->x);
    u->my = pt(u, b->y);
    if (!u->moved && u->drag == UI_DRAG_PAN)
        click(u, u->mx, u->my);
    u->pressed = false;
    u->drag = UI_DRAG_NONE;
    SDL_CaptureMouse(SDL_FALSE);
    hover(u);
}

static void motion(ui *u, const SDL_MouseMotionEvent *m)
{
    float x = pt(u, m->x), y = pt(u, m->y), dx = x - u->mx, dy = y - u->my;
    u->mx = x;
    u->my = y;
    u->mouse_in = true;
    if (u->pressed && (fabsf(x - u->press_x) > UI_CLICK_SLOP || fabsf(y - u->press_y) > UI_CLICK_SLOP))
        u->moved = true;
    if (u->drag == UI_DRAG_SCRUB) {
        set_playhead_at(u, x, y);
    } else if (u->drag == UI_DRAG_PAN && u->moved && (dx != 0 || dy != 0) && ui_view_timed(u)) {
        lay_pan_px(&u->view, ui_view_along(u, dx, dy));   /* course view and panels: time runs down */
        if (u->screen == UI_SCREEN_MAIN && !u->course)
            lay_scroll(&u->doc.run->lay, &u->view, &u->geom, -dy);
        u->fit = false;
        u->dirty = true;
    }
    hover(u);
}

/* Where the wheel zooms: the pointer along the time axis (the comparison's axis lies inside its
 * panels, which do not say where: its middle). */
static float zoom_at(const ui *u)
{
    if (u->screen == UI_SCREEN_COMPARE || u->screen == UI_SCREEN_REAL)
        return u->tgeom.plot_x + u->tgeom.plot_w / 2;
    return ui_view_along(u, u->mx, u->my);
}

static void wheel(ui *u, const SDL_MouseWheelEvent *w)
{
    float sign = w->direction == SDL_MOUSEWHEEL_FLIPPED ? -1.0f : 1.0f;
    float dy = w->preciseY * sign, dx = w->preciseX * sign;
    bool timeline = u->screen == UI_SCREEN_MAIN && !u->course;
    bool shift = (SDL_GetModState() & KMOD_SHIFT) != 0;
    bool rows = timeline && (shift || u->mx < u->geom.plot_x);
    if (!ui_view_timed(u))
        return;
    if (dy != 0 && rows)
        lay_scroll(&u->doc.run->lay, &u->view, &u->geom, -dy * UI_WHEEL_STEP * u->view.font_scale);
    else if (dy != 0 && shift)   /* course views: Shift + wheel moves in time */
        lay_pan_px(&u->view, dy * UI_WHEEL_STEP);
    else if (dy != 0)
        lay_zoom_at(&u->view, &u->tgeom, zoom_at(u), pow(UI_WHEEL_ZOOM, dy), ui_end(u));
    if (dx != 0)
        lay_pan_px(&u->view, -dx * UI_WHEEL_STEP);
    u->fit = u->fit && rows && dx == 0;
    u->dirty = true;
}

static void window_event(ui *u, const SDL_WindowEvent *w)
{
    switch (w->event) {
    case SDL_WINDOWEVENT_LEAVE:
        u->mouse_in = false;
        hover(u);
        break;
    case SDL_WINDOWEVENT_ENTER:
        u->mouse_in = true;
        break;
    case SDL_WINDOWEVENT_MOVED:
    case SDL_WINDOWEVENT_FOCUS_GAINED:
    case SDL_WINDOWEVENT_FOCUS_LOST:
        break;
    case SDL_WINDOWEVENT_SIZE_CHANGED:
        ui_size_enforce(u);
        u->dirty = true;
        break;
    default:   /* exposed, resized, restored, maximized, display changed ... */
        u->dirty = true;
        break;
    }
}

/* Before the first run is adopted there is nothing to point at or re-simulate: only quitting,
 * Esc (stops the simulation), r and the watcher (read the file again) and the window's own
 * events count. */
static bool before_first_run(ui *u, const SDL_Event *e)
{
    if (u->doc.run)
        return false;
    bool key = e->type == SDL_KEYDOWN, ctrl = key && (e->key.keysym.mod & KMOD_CTRL);
    SDL_Keycode k = key ? e->key.keysym.sym : SDLK_UNKNOWN;
    if (e->type == SDL_QUIT || (k == SDLK_q && ctrl))
        u->quit = true;
    else if (e->type == SDL_WINDOWEVENT)
        u->dirty = true;
    else if (e->type == u->ev_work)
        ui_work_event(u, e);
    else if (e->type == u->ev_reload || (k == SDLK_r && !ctrl))
        ui_reload(u);
    else if (k == SDLK_ESCAPE)
        ui_doc_cancel(&u->doc);
    return true;
}

void ui_event(ui *u, const SDL_Event *e)
{
    if (before_first_run(u, e))
        return;
    switch (e->type) {
    case SDL_QUIT: u->quit = true; break;
    case SDL_WINDOWEVENT: window_event(u, &e->window); break;
    case SDL_KEYDOWN: ui_key_down(u, e->key.keysym.sym, e->key.keysym.mod); break;
    case SDL_TEXTINPUT: ui_key_text(u, e->text.text); break;
    case SDL_MOUSEMOTION: motion(u, &e->motion); break;
    case SDL_MOUSEBUTTONDOWN: button_down(u, &e->button); break;
    case SDL_MOUSEBUTTONUP: button_up(u, &e->button); break;
    case SDL_MOUSEWHEEL: wheel(u, &e->wheel); break;
    case SDL_RENDER_TARGETS_RESET:
    case SDL_RENDER_DEVICE_RESET:
        font_cache_clear(rsdl_text_cache(u->rs));
        u->dirty = true;
        break;
    default:
        if (e->type == u->ev_reload)
            ui_reload(u);
        else if (e->type == u->ev_work)
            ui_work_event(u, e);
        else if (e->type == u->ev_real)
            ui_real_done(u, e);
        else if (e->type == u->ev_sweep) {
            ui_sweep_event(u->sweep, e);
            u->dirty = u->dirty || u->screen == UI_SCREEN_SWEEP;
        }
        break;
    }
}
