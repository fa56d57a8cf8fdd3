/* ui_int.h — what the ui_*.c files share and nobody else sees: the window's whole state in one
 * struct (no globals), the document (scenario + its last good run), the key table, the script. */
#ifndef UI_INT_H
#define UI_INT_H

#include <stdbool.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <SDL.h>

#include "dl.h"
#include "font.h"
#include "lay.h"
#include "lay_agg.h"
#include "lay_compare.h"
#include "lay_course.h"
#include "rsdl.h"
#include "scn.h"
#include "sim.h"
#include "sl_util.h"
#include "swp.h"
#include "trc.h"
#include "ui.h"
#include "view.h"

/* ---- Command line (ui_args.c) ------------------------------------------------------------ */

#define UI_EXPORT_MAX_SCALE 8.0f   /* --scale, as for `schedlab render` */

typedef struct {
    const char *file;      /* NULL: the built-in scenario */
    char **sets;           /* "KEY=VALUE" in command-line order (--model M becomes model=M); owned */
    int nsets;
    const char *font;      /* --font, or NULL for fontconfig */
    const char *script;    /* --script, or NULL */
    const char *out_dir;   /* --out-dir: where s / S save pictures, or NULL for the current folder */
    float export_scale;    /* --scale: a saved PNG has this many times the window's pixels (1) */
    int width, height;     /* initial window size in points */
    bool lang_on;          /* --lang given: lang, else the locale's */
    lay_lang lang;
    bool lecture;          /* --lecture: start in lecture mode */
    bool figure;           /* --style figure: s / S save the view as `render --style figure` draws it */
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

/* One simulated run. On the heap: lay.t and course.t point at t, so a run never moves. */
typedef struct {
    scn s;                 /* the scenario that ran (file + sets + knobs) */
    trc t;
    sim_metrics m;
    lay_ctx lay;
    lay_course course;     /* the course view's indexes, built the first time it shows */
    bool course_ready;
} ui_run;

/* The same workload under every model, for the comparison view; built when it first shows and
 * again after the run changed (the model knob aside: every model runs anyway). */
typedef struct ui_cmp {
    trc t[SCN_MODEL_COUNT];
    sim_metrics m[SCN_MODEL_COUNT];
    int n;                 /* runs simulated (all of them once lc is ready) */
    lay_compare lc;
    bool lc_ready;
} ui_cmp;

/* ---- Simulations off the event loop: ui_doc.c prepares a job (the scenario read, the knobs
 *      applied) and adopts its result; ui_work.c runs it on a worker thread ------------------- */

typedef enum { UI_JOB_OPEN, UI_JOB_RELOAD, UI_JOB_SWITCH, UI_JOB_APPLY, UI_JOB_COMPARE } ui_job_kind;

/* One simulation. The worker reads input and cancel and writes run/cmp, ok, err; the main thread
 * reads the rest while it runs, and the results only after the worker's event. */
typedef struct ui_job {
    ui_job_kind kind;
    scn input;             /* what the worker simulates: base + knobs, its own copy */
    scn base;              /* RELOAD, SWITCH: the file as read, adopted on success */
    char *path;            /* SWITCH: the file (owned) */
    ui_knobs knobs;        /* adopted on success */
    scn_config cfg;        /* input's configuration and first repeat count: what keys build on */
    uint32_t repeat;
    ui_run *run;           /* the result of every kind but COMPARE */
    struct ui_cmp *cmp;    /* COMPARE's result */
    bool ok;
    sl_err err;
    atomic_int cancel;     /* set by the main thread: sim_run fails with "cancelled" soon after */
    SDL_Thread *thread;
    uint32_t event;
    uint64_t started;      /* SDL_GetTicks64 when its worker started */
} ui_job;

/* Worker thread: simulates j->input into j->run (or every model into j->cmp). */
void ui_job_run(ui_job *j);
void ui_job_free(ui_job *j);

typedef struct {
    uint32_t event;        /* the user event type a finished worker posts */
    ui_job *running;       /* at most one worker */
    ui_job *waiting;       /* the newest job asked for while one runs */
} ui_work;

/* Starts j now, or cancels the running job and queues j behind it (replacing a waiting one). */
void ui_work_submit(ui_work *w, ui_job *j);
/* On the work event: joins the worker; returns its job (the caller frees it) when nothing newer
 * was asked for, else frees it, starts the waiting one and returns NULL. */
ui_job *ui_work_done(ui_work *w, const SDL_Event *e);
bool ui_work_busy(const ui_work *w);
const ui_job *ui_work_latest(const ui_work *w);   /* waiting, else running, else NULL */
void ui_work_cancel(ui_work *w);                  /* cancels the running job, drops the waiting one */
void ui_work_stop(ui_work *w);                    /* cancels, joins and frees (before SDL_Quit) */

typedef struct {
    const ui_args *args;
    char *path;            /* the scenario file (owned), NULL: the built-in scenario */
    bool sets_on;          /* apply the command line's --model/--set (the first file only) */
    scn base;              /* the file with the command line's sets */
    ui_knobs knobs;
    ui_run *run;           /* NULL until the first run is adopted */
    struct ui_cmp *cmp;    /* NULL until the comparison is adopted; dropped by a new run */
    uint64_t gen;          /* counts the runs adopted: what a sweep was computed for */
    uint64_t cmp_failed_gen;   /* the run whose comparison failed (cmp_error says why) */
    char cmp_error[512];
    char error[512];       /* the last load/simulation error, shown over the last good run */
    bool error_on;
    ui_work work;
    ui_job *first;         /* the first run, prepared before the window exists */
} ui_doc;

/* What a finished job did (ui_doc_event). */
typedef struct {
    ui_job_kind kind;
    bool ok;
    bool cancelled;
    char msg[512];         /* why it failed */
} ui_doc_done;

/* Reads a->file (NULL: the built-in scenario) with a's sets and prepares the first run: UI_OK, or
 * UI_BAD_INPUT (the scenario or a --set is wrong) with the message in err. ui_doc_free is allowed
 * either way. */
int ui_doc_open(ui_doc *d, const ui_args *a, sl_err *err);
/* Starts the first run on a worker; it posts `event` (the work event) when done. */
void ui_doc_start(ui_doc *d, uint32_t event);
/* Reads the file at path as it is written (no knobs, no command-line sets) and starts its run;
 * it replaces the scenario when done. False with a message when the file cannot be read. */
bool ui_doc_switch(ui_doc *d, const char *path, sl_err *err);
/* Re-reads the file and starts its run; on a read error keeps the last good run, sets d->error
 * and returns false. */
bool ui_doc_reload(ui_doc *d);
/* Starts a run of base + k; when it succeeds k and the run are adopted. False with a message when
 * a knob cannot be applied. A scenario error shown over the run stays until a reload succeeds. */
bool ui_doc_apply(ui_doc *d, const ui_knobs *k, sl_err *err);
/* On the work event: true when a job finished that is the newest asked for — adopted if it
 * succeeded (else a reload's or the first run's error is kept in d->error) — with what it did. */
bool ui_doc_event(ui_doc *d, const SDL_Event *e, ui_doc_done *out);
bool ui_doc_busy(const ui_doc *d);
void ui_doc_cancel(ui_doc *d);
void ui_doc_free(ui_doc *d);
/* The knobs, configuration and first `repeat` count (0: none) of the newest run asked for — the
 * running or waiting one, else the run showing: keys pressed in a row build on each other. */
ui_knobs ui_doc_knobs(const ui_doc *d);
const scn_config *ui_doc_cfg(const ui_doc *d);
uint32_t ui_doc_repeat(const ui_doc *d);
/* The run's course view, built on first use; NULL with a message in err when memory ran out. */
lay_course *ui_doc_course(ui_doc *d, sl_err *err);
/* The comparison of the current scenario and knobs under every model: NULL while it is simulated
 * (started here when no other job runs) or, with a message in err, when it failed. */
lay_compare *ui_doc_compare(ui_doc *d, sl_err *err);

/* ---- The file watcher (ui_watch.c): an SDL timer that stats the file every interval and pushes
 *      one event of type `event` when its mtime, size or inode changed ------------------------ */

typedef struct ui_watch ui_watch;
ui_watch *ui_watch_start(const char *path, uint32_t event, uint32_t interval_ms);
/* Cancels the timer. A callback already running may still read w: free it with ui_watch_free
 * only after SDL_Quit, which joins the timer thread. */
void ui_watch_stop(ui_watch *w);
/* Stops w and keeps it on *list until ui_watch_free(*list) after SDL_Quit (another file shows). */
void ui_watch_retire(ui_watch **list, ui_watch *w);
/* Frees w and the watches retired behind it. */
void ui_watch_free(ui_watch *w);

/* ---- The scale sweep in the background (ui_sweep.c): swp_run on a worker thread (SDL_Thread)
 *      that touches nothing of SDL but SDL_PushEvent; one sweep at a time, the latest request
 *      queued behind it ------------------------------------------------------------------- */

typedef enum { UI_SWEEP_NONE, UI_SWEEP_RUNNING, UI_SWEEP_DONE, UI_SWEEP_FAILED } ui_sweep_state;

typedef struct ui_sweep ui_sweep;
/* event: the user event type the worker posts (progress and completion). NULL: out of memory. */
ui_sweep *ui_sweep_new(uint32_t event);
/* Sweeps a copy of s (tagged gen) now, or as soon as the sweep running now has stopped (it is
 * cancelled; a newer request replaces one still waiting). False with a message when s cannot be
 * copied. */
bool ui_sweep_request(ui_sweep *w, const scn *s, uint64_t gen, sl_err *err);
/* Handles an event of the sweep's type on the main thread: joins a finished worker, keeps its
 * result if it is the latest request, starts the waiting one. */
void ui_sweep_event(ui_sweep *w, const SDL_Event *e);
ui_sweep_state ui_sweep_status(const ui_sweep *w, uint64_t *gen, size_t *done, size_t *total);
/* The last finished sweep's result (UI_SWEEP_DONE) or its error message (UI_SWEEP_FAILED). */
const swp_result *ui_sweep_result(const ui_sweep *w);
const char *ui_sweep_error(const ui_sweep *w);
/* Cancels a running worker and waits for it (a few ms), then frees everything. */
void ui_sweep_free(ui_sweep *w);

/* ---- Real runs (ui_real.c): `R` runs the scenario for real (src/real) on a worker thread of
 *      its own, then the comparison shows the measured run above the simulated one -------------- */

typedef struct ui_real ui_real;
/* event: the user event type the worker posts when done. NULL: out of memory. */
ui_real *ui_real_new(uint32_t event);
/* Simulates a copy of s, then runs it for real, on the worker (nothing new while one runs). False
 * with a message when s cannot be copied or the thread cannot start. */
bool ui_real_start(ui_real *r, const scn *s, sl_err *err);
/* On the worker's event: joins it; true when both runs succeeded and their comparison (panels
 * named in lang) is ready, else false with the message in err. */
bool ui_real_event(ui_real *r, const SDL_Event *e, lay_lang lang, sl_err *err);
bool ui_real_busy(const ui_real *r);
uint64_t ui_real_seconds(const ui_real *r);   /* whole seconds the running one has taken */
/* The last good comparison (NULL while one runs or before any); its metrics: 0 measured, 1 simulated. */
lay_compare *ui_real_compare(ui_real *r);
const sim_metrics *ui_real_metrics(const ui_real *r, int which);
/* Waits for a running worker (a real run stops by its deadline), then frees everything. */
void ui_real_free(ui_real *r);
/* R on the window: starts the real run (or goes back from its comparison); the worker's event
 * (ui_real_done) shows the comparison or says why it failed; the status bar's part. */
struct ui;
void ui_real_key(struct ui *u);
void ui_real_done(struct ui *u, const SDL_Event *e);
void ui_real_status(struct ui *u, char *out, size_t n);

/* ---- The window's own strings (ui_lang.c): status bar, notes, help. Their texts are the
 *      UI_LANG(KEY, "text") lines of assets/lang/en.h and fr.h, next to the layout's ----------- */

#define UI_STRINGS(X)                                                                            \
    X(CORES) X(TIMESLICE) X(GIL_ON) X(GIL_OFF) X(REQUESTS) X(LATENCY) X(PLAYHEAD) X(PLAYING)     \
    X(PAUSED) X(SELECTED) X(FILTER) X(SCN_ERROR) X(NO_EVENT_LATER) X(NO_EVENT_EARLIER)           \
    X(LEAST_CORE) X(SLICE_RANGE) X(NO_REPEAT) X(LEAST_REQUEST) X(LATENCY_RANGE) X(SPEED)         \
    X(RELOADED) X(BUILTIN) X(OPENED) X(NO_NEXT) X(NO_PREV) X(SKIPPED) X(SWEEP_NEEDS_REPEAT)      \
    X(SWEEP_COMPUTING) X(SWEEP_PEAK) X(SWEEP_FAILED) X(NO_SELECTION) X(NO_FILTER_REQ)            \
    X(FILTER_OFF) X(AGG_NONE) X(AGG_ON) X(AGG_OFF) X(AGG_CANNOT) X(LANGUAGE) X(LECTURE_ON)       \
    X(NOTES_ON) X(NOTES_OFF) X(COURSE_ONLY) X(ERROR_BOX) X(SAVED) X(NOT_SAVED) X(HELP_TITLE)     \
    X(SEC_MOVE) X(SEC_VIEWS) X(SEC_LOOK) X(SEC_RUN) X(SEC_PLAYHEAD) X(SEC_WINDOW)                \
    X(KEY_LEFT_RIGHT) X(KEY_UP_DOWN) X(KEY_WHEEL) X(KEY_DRAG) X(KEY_CLICK) X(KEY_ESC)            \
    X(KEY_PAGES) X(KEY_SPACE) X(DO_PAN) X(DO_SCROLL) X(DO_ZOOM) X(DO_FIT) X(DO_WHEEL) X(DO_DRAG) \
    X(DO_COURSE) X(DO_COMPARE) X(DO_SWEEP) X(DO_NOTES) X(DO_BROWSE) X(DO_CLICK) X(DO_ESC)        \
    X(DO_MSGS) X(DO_LEGEND) X(DO_AGG) X(DO_FILTER) X(DO_MODELS) X(DO_CORES) X(DO_SLICE)          \
    X(DO_REQUESTS) X(DO_LATENCY) X(DO_GIL) X(DO_RELOAD) X(DO_PLAY) X(DO_SPEED) X(DO_SCRUB)       \
    X(DO_LECTURE) X(DO_LANG) X(DO_THEME) X(DO_FULLSCREEN) X(DO_FONT) X(DO_SAVE) X(DO_HELP)       \
    X(DO_QUIT) X(SIMULATING) X(SIMULATING_FIRST) X(CANCELLED) X(SIZE_CAPPED) X(DO_CORE_ROWS)          \
    X(CORE_ROWS_ON) X(CORE_ROWS_OFF) X(CORE_ROWS_ALWAYS) X(DO_REAL) X(REAL_RUNNING) X(REAL_FAILED)  \
    X(REAL_MEASURED) X(REAL_SIMULATED) X(REAL_RATIO) X(REAL_ALREADY)

typedef enum {
#define UI_STR_ENUM(k) UI_S_##k,
    UI_STRINGS(UI_STR_ENUM)
#undef UI_STR_ENUM
    UI_S_COUNT
} ui_str_key;

/* The text of k in lang (English for an unknown lang or a missing line, "" for an unknown key).
 * Formats take the same arguments in both. */
const char *ui_str(lay_lang lang, ui_str_key k);
/* "CORES" for UI_S_CORES; NULL for an unknown key. */
const char *ui_str_key_name(ui_str_key k);
/* The text exactly as lang's file has it: NULL when the file lacks the line (for the tests). */
const char *ui_str_raw(lay_lang lang, ui_str_key k);

/* ---- Browsing the scenario folder (ui_browse.c) --------------------------------------------- */

/* The .scn file after (dir > 0) or before (dir < 0) current in its folder, in byte order of the
 * names, into out; current NULL (the built-in scenario): the first or last one of the project's
 * scenarios/ folder (found from the source tree, else ./scenarios). Returns 1 found, 0 none
 * (folder in *folder), -1 the folder cannot be read (message in err). */
int ui_browse(const char *current, int dir, char *out, size_t n, char *folder, size_t fn, sl_err *err);

/* ---- The script (ui_script.c) -------------------------------------------------------------- */

typedef struct ui_script ui_script;
/* Parses the whole file first; false with `FILE:LINE:COL: error: ...` in err. Needs SDL_Init. */
bool ui_script_load(const char *path, ui_script **out, sl_err *err);
void ui_script_free(ui_script *s);

/* ---- The window's state --------------------------------------------------------------------- */

typedef enum { UI_DRAG_NONE, UI_DRAG_PAN, UI_DRAG_SCRUB } ui_drag;

/* What fills the window above the status bar. */
typedef enum {
    UI_SCREEN_MAIN,        /* the run: timeline, or course view when ui.course */
    UI_SCREEN_COMPARE,     /* every model on one time scale: course panels or stacked timelines */
    UI_SCREEN_SWEEP,       /* throughput against request count (no time axis) */
    UI_SCREEN_REAL,        /* R: the run measured on this machine above its simulation */
} ui_screen;

/* The unit filter the user chose, re-applied to every new run. */
typedef enum { UI_FILTER_NONE, UI_FILTER_REQ, UI_FILTER_TMPL } ui_filter_kind;

/* What lecture mode changed, to put back when it ends. */
typedef struct {
    theme_id theme;
    bool show_legend;
    bool fullscreen;
} ui_saved;

typedef struct ui {   // NOLINT(clang-analyzer-optin.performance.Padding): one per window, grouped by meaning
    ui_args args;
    ui_doc doc;
    font_lib *fonts;
    dl_measure meas;
    SDL_Window *win;
    SDL_Renderer *ren;
    rsdl *rs;
    dl_list dl;
    lay_view view;
    lay_geom geom;         /* the screen's layout: timeline, course view, or (compare, sweep) the
                              area above the status bar with the status band */
    lay_geom tgeom;        /* the same with time along x: plot_x/plot_w is the time axis (course:
                              lay_course_time_geom; compare: plot_x 0) */
    ui_screen screen;
    bool course;           /* v: the course view instead of the timeline (main and compare) */
    void *view_ctx[VIEW_COUNT];     /* a view's context the window made through its create (ui_view.c's
                                       screens without a context of the window's own) ... */
    uint64_t view_ctx_gen[VIEW_COUNT];   /* ... for run doc.gen + 1 (0: never made) */
    bool notes;            /* x: the course view's "processing / delay / wait" notes */
    bool show_cores;       /* o: the core rows even when they only repeat the event loops */
    bool lecture;
    ui_saved saved;        /* before lecture mode */
    ui_filter_kind filter;
    int32_t filter_req;
    char filter_tmpl[96];
    ui_sweep *sweep;
    uint32_t ev_sweep;     /* user event type posted by the sweep's worker */
    ui_real *real;
    uint32_t ev_real;      /* user event type posted by the real run's worker (ui_real.c) */
    float win_w, win_h;    /* points: what layout and mouse events use */
    float scale;           /* drawable pixels per point (2 on HiDPI, times mag) */
    int out_w, out_h;      /* the renderer's output size in pixels at the last frame (PNG saves) */
    float mag;             /* window points per layout point, from the window's size and lecture
                              mode at each frame (ui_view.c: text, lines and bars all grow alike,
                              as on a HiDPI screen) */
    uint32_t ev_reload;    /* user event type pushed by the watcher */
    uint32_t ev_work;      /* user event type posted by the simulation worker (ui_work.c) */
    uint64_t busy_shown;   /* the seconds of simulation the status bar showed last */
    char skipped[512];     /* PageDown / PageUp: why the last file passed over was skipped */
    char skipped_path[4096];
    ui_watch *watch;
    ui_watch *retired;     /* watches of files shown before (PageDown / PageUp) */

    bool dirty;            /* redraw at the next turn of the loop */
    bool quit;
    bool fit;              /* the view fits the whole run: re-fit after re-simulating */
    bool help_on;
    bool fullscreen;
    SDL_Rect windowed;     /* the window before it went full screen */
    bool swallow_text;     /* the key down just handled was a shortcut: drop its text event */

    float mx, my;          /* last pointer position */
    bool mouse_in;
    bool tip_on;              /* the pointer is over an abbreviated name: its tooltip shows */
    ui_drag drag;
    bool pressed, moved;
    float press_x, press_y;

    bool playing;
    double speed;          /* playhead: simulated ns per real second; 0 until first played */
    double ph_exact;       /* the playhead with its fraction of a ns, while playing */
    uint64_t last_tick;    /* SDL_GetTicks64 of the last playhead advance */

    char note[512];        /* a transient message put first in the status bar */
    char status[1024];     /* the status bar text of the last frame (expect-status reads it) */

    ui_script *script;
    uint64_t script_wait;  /* SDL_GetTicks64 before which the script does nothing */
    const char *shot_path; /* screenshot to take at the next frame (owned by the script) */
    int exit_code;
    bool stats;            /* SCHEDLAB_UI_STATS: print each frame's cost on stderr */
    uint64_t frames;
    struct ui_why *why;    /* the run's decisions and the one narrated (ui_why.c), or NULL */
} ui;

/* ui.c */
/* After a new run replaced the old one: re-fit if the view fits, clamp selection and playhead,
 * re-apply the filter, recompute the sweep when it shows. */
void ui_after_run(ui *u);
/* The run's core rows hidden when they only repeat its event loops, unless the user showed them. */
void ui_apply_core_rows(ui *u);
/* `r` and the watcher: reload the file, or show its error over the last good run. */
void ui_reload(ui *u);
/* The simulation worker's event: adopts its run (or comparison) and says what changed. */
void ui_work_event(ui *u, const SDL_Event *e);

/* Whole seconds the running simulation has taken so far (0 when none runs). */
uint64_t ui_busy_seconds(const ui *u);
/* PageDown / PageUp: the next / previous scenario of the folder, view, theme and language kept. */
void ui_open_next(ui *u, int dir);
/* The window's title: the scenario's title and file. */
void ui_set_title(ui *u);
void ui_note(ui *u, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* The window's string k in the view's language. */
const char *ui_tr(const ui *u, ui_str_key k);

/* ui_view.c: the screens (timeline, course view, comparison, sweep plot) behind one interface. */
int64_t ui_end(const ui *u);   /* the shown runs' last instant (>= 1 ns) */
void ui_fit(ui *u);            /* the whole run along the time axis */
/* Measures the window, builds what the screen needs (course indexes, the comparison's runs),
 * sets geom and tgeom, fits when u->fit. Falls back to the timeline with a note on failure. */
void ui_view_prepare(ui *u);
/* Lays out the screen (not the status bar) into u->dl. */
void ui_view_draw(ui *u);
/* Before the first run is adopted: the window's size measured and an empty screen with a line
 * saying what happens. */
void ui_view_empty(ui *u);
/* The current view as `render --style figure` draws it (no status bar, legend, overlays; text
 * sized to the window; the course view's bars uniform over the whole run, the timeline's span
 * as on screen) into out, at the window's size; false for the sweep plot (not a figure). */
bool ui_view_figure(ui *u, dl_list *out);
/* The name of the view the screen shows (view.h), ready or not: picture file names. */
const char *ui_view_name(const ui *u);
/* Destroys the contexts the window made through a view's create. */
void ui_view_free(ui *u);
/* Switches screen and view keeping the time window (unless it fits the run). */
void ui_view_switch(ui *u, ui_screen screen, bool course);
/* Whether the screen has a time axis, and whether it shows one run (tooltips, selection). */
bool ui_view_timed(const ui *u);
bool ui_view_single(const ui *u);
/* Where along the time axis canvas point (x, y) lies (x for timelines, y for course views), and
 * whether it lies in the band of time labels (playhead clicks and scrubbing). */
float ui_view_along(const ui *u, float x, float y);
bool ui_view_in_axis(const ui *u, float x, float y);
bool ui_view_in_plot(const ui *u, float x, float y);
/* The segment under (x, y) on the main screen (timeline or course view); false when none. */
bool ui_view_seg_at(ui *u, float x, float y, lay_seg_info *out);
/* The full text of what is drawn shortened under (x, y) (an abbreviated host name); false if none. */
bool ui_view_tip(ui *u, float x, float y, char *buf, size_t n);
/* The screen's nearest event strictly after (dir > 0) or before `from`: false when none. */
bool ui_view_step(ui *u, int dir, int64_t from, int64_t *t);
/* The sweep for the current run: started when it is not already running or done for it. */
void ui_view_sweep(ui *u);

/* ui_input.c: every SDL event goes through here, real or pushed by the script. */
void ui_event(ui *u, const SDL_Event *e);
/* Keeps the playhead inside the plot by panning. */
void ui_follow_playhead(ui *u);

/* ui_keys.c: the one key table. */
/* Lecture mode on (full screen, everything 1.25 x larger than the window's size gives and at
 * least 1.6 x, high contrast, no legend) or back. */
#define UI_LECTURE_MAG 1.6f
void ui_lecture(ui *u, bool on);
bool ui_key_down(ui *u, SDL_Keycode sym, uint16_t mod);   /* true when a shortcut ran */
bool ui_key_text(ui *u, const char *text);
/* The playhead's speed when it has none yet: the visible window in about ten seconds. */
void ui_speed_init(ui *u);
/* Fills out with the help overlay's two columns, generated from the table. */
void ui_help_draw(ui *u, dl_list *out);

/* ui_overlay.c */
void ui_status_build(ui *u);
void ui_error_draw(ui *u, dl_list *out);

/* ui_size.c: the largest window and picture (see there why). */
#define UI_MAX_SIDE 16384             /* pixels on a side, or the renderer's texture limit if smaller */
#define UI_MAX_PIXELS (16u << 20)     /* pixels in a frame: 64 MiB at 4 bytes a pixel */
#define UI_EXPORT_PIXELS_FACTOR 4.0   /* a saved PNG may have this many times more (one buffer) */
/* Brings w x h (window points) within the caps; true when it had to. */
bool ui_size_cap(const ui *u, int *w, int *h);
/* Whether the window's size is within the caps (a frame is drawn only then). */
bool ui_size_fits(const ui *u);
/* Sets the window's largest size and shrinks it (with a note) when it is over the caps. */
void ui_size_enforce(ui *u);
/* --scale for a saved PNG of the last frame, lowered (capped true) when the picture would be over
 * UI_EXPORT_PIXELS_FACTOR frames' worth of pixels. */
float ui_size_export_scale(const ui *u, float scale, bool *capped);
/* ui_why.c: narration. With the playhead paused on one run, Left/Right step through the run's
 * events and decisions merged (every decision of an instant in turn): 1 with *t the next (dir > 0)
 * or previous stop, 0 when none is left, -1 when the run has no decisions (another screen,
 * playing): step events alone. */
int ui_why_step(ui *u, int dir, int64_t *t);
/* The caption panel and the outlines of the lanes of the decision narrated now, if any. */
void ui_why_draw(ui *u, dl_list *out);
/* Puts "decision K/N" first in the status bar text while a decision is narrated. */
void ui_why_status(ui *u, char *buf, size_t n);
void ui_why_free(ui *u);

/* ui_export.c: saving what shows. */
/* s / S: the display list of the last frame as a PNG at the window's pixels times --scale (svg
 * false) or as an SVG, in --out-dir or the current folder, named
 * SCENARIO-VIEW-MODEL-YYYYMMDD-HHMMSS[-N].EXT; the note says where, or why it failed. A failed
 * save leaves no file (the back ends write a temporary and rename it). */
void ui_export(ui *u, bool svg);
/* The file name (no folder) for a picture of the window's current view, taken at time `now`. */
void ui_export_name(const ui *u, bool svg, time_t now, char *out, size_t n);

/* ui_script.c: runs the next commands once the loop is idle; false when finished. */
void ui_script_step(ui *u);
/* ms until the script wants to run again: 0 now, -1 never (no script / finished). */
int ui_script_timeout(const ui *u);
/* Called by the renderer after drawing and before presenting a frame. */
void ui_script_shot(ui *u);

#endif
