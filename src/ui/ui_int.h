/* ui_int.h — what the ui_*.c files share and nobody else sees: the window's whole state in one
 * struct (no globals), the document (scenario + its last good run), the key table, the script. */
#ifndef UI_INT_H
#define UI_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <SDL.h>

#include "dl.h"
#include "font.h"
#include "lay.h"
#include "rsdl.h"
#include "scn.h"
#include "sim.h"
#include "sl_util.h"
#include "trc.h"
#include "ui.h"

/* ---- Command line (ui_args.c) ------------------------------------------------------------ */

typedef struct {
    const char *file;      /* NULL: the built-in scenario */
    char **sets;           /* "KEY=VALUE" in command-line order (--model M becomes model=M); owned */
    int nsets;
    const char *font;      /* --font, or NULL for fontconfig */
    const char *script;    /* --script, or NULL */
    int width, height;     /* initial window size in points */
    bool help;
} ui_args;

/* Parses argv[1..argc). Returns -1 after printing a usage error, 0 when parsed. */
int ui_args_parse(ui_args *a, int argc, char **argv);
void ui_args_free(ui_args *a);
extern const char ui_usage[];

/* ---- The document: scenario, the knobs the keys turn, the last good run (ui_doc.c) -------- */

/* What the keys changed; applied after the command line's sets at every (re)load so a reload
 * keeps them. */
typedef struct {
    bool model_on, cores_on, slice_on, gil_on, scale_on, repeat_on;
    uint8_t model;
    uint32_t cores;
    int64_t slice;
    bool gil;
    double scale;
    uint32_t repeat;
} ui_knobs;

/* One simulated run. On the heap: lay.t points at t, so a run never moves. */
typedef struct {
    scn s;                 /* the scenario that ran (file + sets + knobs) */
    trc t;
    sim_metrics m;
    lay_ctx lay;
} ui_run;

typedef struct {
    const ui_args *args;
    scn base;              /* the file with the command line's sets */
    ui_knobs knobs;
    ui_run *run;           /* never NULL once ui_doc_open succeeded */
    char error[512];       /* the last load/simulation error, shown over the last good run */
    bool error_on;
} ui_doc;

/* First load: UI_OK, or UI_BAD_INPUT (the scenario or a --set is wrong) / UI_INTERNAL (the
 * simulation hit a limit) with the message in err. ui_doc_free is allowed either way. */
int ui_doc_open(ui_doc *d, const ui_args *a, sl_err *err);
/* Re-reads the file; on failure keeps the last good run and sets d->error. True if replaced. */
bool ui_doc_reload(ui_doc *d);
/* Runs base + k; on success adopts k and the new run, else keeps both and says why in err.
 * A scenario error shown over the run stays until a reload succeeds. */
bool ui_doc_apply(ui_doc *d, const ui_knobs *k, sl_err *err);
void ui_doc_free(ui_doc *d);
/* The count of the first `repeat` statement of the run's scenario, or 0 when there is none. */
uint32_t ui_doc_repeat(const ui_doc *d);

/* ---- The file watcher (ui_watch.c): an SDL timer that stats the file every interval and pushes
 *      one event of type `event` when its mtime, size or inode changed ------------------------ */

typedef struct ui_watch ui_watch;
ui_watch *ui_watch_start(const char *path, uint32_t event, uint32_t interval_ms);
/* Cancels the timer. A callback already running may still read w: free it with ui_watch_free
 * only after SDL_Quit, which joins the timer thread. */
void ui_watch_stop(ui_watch *w);
void ui_watch_free(ui_watch *w);

/* ---- The script (ui_script.c) -------------------------------------------------------------- */

typedef struct ui_script ui_script;
/* Parses the whole file first; false with `FILE:LINE:COL: error: ...` in err. Needs SDL_Init. */
bool ui_script_load(const char *path, ui_script **out, sl_err *err);
void ui_script_free(ui_script *s);

/* ---- The window's state --------------------------------------------------------------------- */

typedef enum { UI_DRAG_NONE, UI_DRAG_PAN, UI_DRAG_SCRUB } ui_drag;

typedef struct ui {
    ui_args args;
    ui_doc doc;
    font_lib *fonts;
    dl_measure meas;
    SDL_Window *win;
    SDL_Renderer *ren;
    rsdl *rs;
    dl_list dl;
    lay_view view;
    lay_geom geom;
    float win_w, win_h;    /* points: what layout and mouse events use */
    float scale;           /* drawable pixels per point (2 on HiDPI) */
    uint32_t ev_reload;    /* user event type pushed by the watcher */
    ui_watch *watch;

    bool dirty;            /* redraw at the next turn of the loop */
    bool quit;
    bool fit;              /* the view fits the whole run: re-fit after re-simulating */
    bool help_on;
    bool fullscreen;
    bool swallow_text;     /* the key down just handled was a shortcut: drop its text event */

    float mx, my;          /* last pointer position */
    bool mouse_in;
    ui_drag drag;
    bool pressed, moved;
    float press_x, press_y;

    bool playing;
    double speed;          /* playhead: simulated ns per real second; 0 until first played */
    double ph_exact;       /* the playhead with its fraction of a ns, while playing */
    uint64_t last_tick;    /* SDL_GetTicks64 of the last playhead advance */

    char note[256];        /* a transient message appended to the status bar */
    char status[1024];     /* the status bar text of the last frame (expect-status reads it) */

    ui_script *script;
    uint64_t script_wait;  /* SDL_GetTicks64 before which the script does nothing */
    const char *shot_path; /* screenshot to take at the next frame (owned by the script) */
    int exit_code;
    bool stats;            /* SCHEDLAB_UI_STATS: print each frame's cost on stderr */
    uint64_t frames;
} ui;

/* ui.c */
/* After a new run replaced the old one: re-fit if the view fits, clamp selection and playhead. */
void ui_after_run(ui *u);
/* `r` and the watcher: reload the file, or show its error over the last good run. */
void ui_reload(ui *u);
int64_t ui_end(const ui *u);   /* the run's last instant (>= 1 ns) */
void ui_fit(ui *u);            /* the whole run across the plot */
void ui_note(ui *u, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* ui_input.c: every SDL event goes through here, real or pushed by the script. */
void ui_event(ui *u, const SDL_Event *e);
/* Keeps the playhead inside the plot by panning. */
void ui_follow_playhead(ui *u);

/* ui_keys.c: the one key table. */
bool ui_key_down(ui *u, SDL_Keycode sym, uint16_t mod);   /* true when a shortcut ran */
bool ui_key_text(ui *u, const char *text);
/* Fills out with the help overlay's two columns, generated from the table. */
void ui_help_draw(ui *u, dl_list *out);

/* ui_overlay.c */
void ui_status_build(ui *u);
void ui_error_draw(ui *u, dl_list *out);

/* ui_script.c: runs the next commands once the loop is idle; false when finished. */
void ui_script_step(ui *u);
/* ms until the script wants to run again: 0 now, -1 never (no script / finished). */
int ui_script_timeout(const ui *u);
/* Called by the renderer after drawing and before presenting a frame. */
void ui_script_shot(ui *u);

#endif
