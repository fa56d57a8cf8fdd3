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

/* ---- Command line (ui_args.c) ------------------------------------------------------------ */

typedef struct {
    const char *file;      /* NULL: the built-in scenario */
    char **sets;           /* "KEY=VALUE" in command-line order (--model M becomes model=M); owned */
    int nsets;
    const char *font;      /* --font, or NULL for fontconfig */
    const char *script;    /* --script, or NULL */
    int width, height;     /* initial window size in points */
    bool lang_on;          /* --lang given: lang, else the locale's */
    lay_lang lang;
    bool lecture;          /* --lecture: start in lecture mode */
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
typedef struct {
    trc t[SCN_MODEL_COUNT];
    sim_metrics m[SCN_MODEL_COUNT];
    int n;                 /* runs simulated (all of them once lc is ready) */
    lay_compare lc;
    bool lc_ready;
} ui_cmp;

typedef struct {
    const ui_args *args;
    char *path;            /* the scenario file (owned), NULL: the built-in scenario */
    bool sets_on;          /* apply the command line's --model/--set (the first file only) */
    scn base;              /* the file with the command line's sets */
    ui_knobs knobs;
    ui_run *run;           /* never NULL once ui_doc_open succeeded */
    ui_cmp *cmp;           /* NULL until the comparison is asked for; dropped by a new run */
    uint64_t gen;          /* counts the runs adopted: what a sweep was computed for */
    char error[512];       /* the last load/simulation error, shown over the last good run */
    bool error_on;
} ui_doc;

/* First load of a->file (NULL: the built-in scenario) with a's sets: UI_OK, or UI_BAD_INPUT (the
 * scenario or a --set is wrong) / UI_INTERNAL (the simulation hit a limit) with the message in
 * err. ui_doc_free is allowed either way. */
int ui_doc_open(ui_doc *d, const ui_args *a, sl_err *err);
/* Replaces the scenario by the file at path as it is written (no knobs, no command-line sets).
 * On failure nothing changes and err says why. */
bool ui_doc_switch(ui_doc *d, const char *path, sl_err *err);
/* Re-reads the file; on failure keeps the last good run and sets d->error. True if replaced. */
bool ui_doc_reload(ui_doc *d);
/* Runs base + k; on success adopts k and the new run, else keeps both and says why in err.
 * A scenario error shown over the run stays until a reload succeeds. */
bool ui_doc_apply(ui_doc *d, const ui_knobs *k, sl_err *err);
void ui_doc_free(ui_doc *d);
/* The count of the first `repeat` statement of the run's scenario, or 0 when there is none. */
uint32_t ui_doc_repeat(const ui_doc *d);
/* The run's course view, built on first use; NULL with a message in err when memory ran out. */
lay_course *ui_doc_course(ui_doc *d, sl_err *err);
/* The comparison of the current scenario and knobs under every model, simulated on first use;
 * NULL with a message in err when a run hit a limit. */
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
/* Sweeps a copy of s (tagged gen) now, or as soon as the sweep running now is done (a newer
 * request replaces one still waiting). False with a message when s cannot be copied. */
bool ui_sweep_request(ui_sweep *w, const scn *s, uint64_t gen, sl_err *err);
/* Handles an event of the sweep's type on the main thread: joins a finished worker, keeps its
 * result if it is the latest request, starts the waiting one. */
void ui_sweep_event(ui_sweep *w, const SDL_Event *e);
ui_sweep_state ui_sweep_status(const ui_sweep *w, uint64_t *gen, size_t *done, size_t *total);
/* The last finished sweep's result (UI_SWEEP_DONE) or its error message (UI_SWEEP_FAILED). */
const swp_result *ui_sweep_result(const ui_sweep *w);
const char *ui_sweep_error(const ui_sweep *w);
/* Waits for a running worker (swp_run cannot be cancelled), then frees everything. */
void ui_sweep_free(ui_sweep *w);

/* ---- The window's own strings, in both languages (ui_lang.c); the layout's are in lay_str ---- */

#define UI_STRINGS(X)                                                                            \
    X(CORES, "cores %u", "cœurs %u")                                                             \
    X(TIMESLICE, "timeslice %s", "quantum %s")                                                   \
    X(GIL_ON, "GIL on", "GIL actif")                                                             \
    X(GIL_OFF, "GIL off", "GIL inactif")                                                         \
    X(REQUESTS, "requests %llu", "requêtes %llu")                                                \
    X(LATENCY, "latency \xC3\x97%g", "latence \xC3\x97%g")                                       \
    X(PLAYHEAD, "playhead %s (%s, speed %s/s)", "tête de lecture %s (%s, vitesse %s/s)")         \
    X(PLAYING, "playing", "en lecture")                                                          \
    X(PAUSED, "paused", "en pause")                                                              \
    X(SELECTED, "selected %s #%u", "sélection %s n°%u")                                         \
    X(FILTER, "showing %s", "seulement %s")                                                      \
    X(SCN_ERROR, "scenario error at %.*s: showing the last good run",                            \
      "erreur du scénario en %.*s : la dernière bonne exécution reste affichée")                 \
    X(NO_EVENT_LATER, "no later event", "pas d'événement après")                                 \
    X(NO_EVENT_EARLIER, "no earlier event", "pas d'événement avant")                             \
    X(LEAST_CORE, "1 core is the least", "1 cœur au moins")                                      \
    X(SLICE_RANGE, "the timeslice stays between 1us and 10s", "le quantum reste entre 1us et 10s") \
    X(NO_REPEAT, "this scenario has no 'repeat': n / N change nothing",                          \
      "ce scénario n'a pas de 'repeat' : n / N ne changent rien")                                \
    X(LEAST_REQUEST, "1 request is the least", "1 requête au moins")                             \
    X(LATENCY_RANGE, "the latency scale stays between 1/1024 and 1024",                          \
      "l'échelle de latence reste entre 1/1024 et 1024")                                         \
    X(SPEED, "playhead speed %s/s", "vitesse de lecture %s/s")                                   \
    X(RELOADED, "reloaded %s", "%s relu")                                                        \
    X(BUILTIN, "the built-in scenario", "le scénario intégré")                                   \
    X(OPENED, "%s \xE2\x80\x94 %s", "%s \xE2\x80\x94 %s")                                          \
    X(NO_NEXT, "no scenario after this one in %s", "pas de scénario après celui-ci dans %s")     \
    X(NO_PREV, "no scenario before this one in %s", "pas de scénario avant celui-ci dans %s")    \
    X(SKIPPED, "skipped %s", "sauté : %s")                                                         \
    X(COMPARE, "%s %s", "%s %s")                                                                 \
    X(SWEEP_NEEDS_REPEAT, "this scenario has no 'repeat': the sweep plot (p) needs one",         \
      "ce scénario n'a pas de 'repeat' : le graphe de montée en charge (p) en demande un")       \
    X(SWEEP_COMPUTING, "computing the sweep\xE2\x80\xA6 %zu/%zu runs",                             \
      "calcul de la montée en charge\xE2\x80\xA6 %zu/%zu exécutions")                              \
    X(SWEEP_PEAK, "sweep, peak throughput (at N requests):", "montée en charge, débit max (pour N requêtes) :") \
    X(SWEEP_FAILED, "the sweep failed: %s", "la montée en charge a échoué : %s")                 \
    X(NO_SELECTION, "select a request first (click a bar)", "sélectionnez d'abord une requête (clic sur une barre)") \
    X(NO_FILTER_REQ, "this request ran on no lane", "cette requête n'a tourné sur aucune ligne") \
    X(FILTER_OFF, "every unit shows again", "toutes les unités sont de nouveau affichées")       \
    X(AGG_NONE, "point at a group (its header or a lane) to aggregate it",                       \
      "pointez un groupe (son en-tête ou une ligne) pour l'agréger")                             \
    X(AGG_ON, "%s: aggregated", "%s : agrégé")                                                   \
    X(AGG_OFF, "%s: one lane per unit", "%s : une ligne par unité")                              \
    X(AGG_CANNOT, "%s: nothing to aggregate", "%s : rien à agréger")                             \
    X(LANGUAGE, "English", "français")                                                           \
    X(LECTURE_ON, "lecture mode (L: back)", "mode cours (L : retour)")                           \
    X(NOTES_ON, "notes on", "annotations affichées")                                             \
    X(NOTES_OFF, "notes off", "annotations masquées")                                            \
    X(COURSE_ONLY, "the course view's notes: press v first", "les annotations de la vue cours : appuyez d'abord sur v") \
    X(HELP_TITLE, "schedlab keys (? or Esc closes)", "touches de schedlab (? ou Échap ferme)")      \
    X(ERROR_BOX, "The scenario has an error; the last good run stays on screen:",                \
      "Le scénario a une erreur ; la dernière bonne exécution reste affichée :")

typedef enum {
#define UI_STR_ENUM(k, en, fr) UI_S_##k,
    UI_STRINGS(UI_STR_ENUM)
#undef UI_STR_ENUM
    UI_S_COUNT
} ui_str_key;

/* The text of k in lang (English for an unknown lang). Formats take the same arguments in both. */
const char *ui_str(lay_lang lang, ui_str_key k);

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
} ui_screen;

/* The unit filter the user chose, re-applied to every new run. */
typedef enum { UI_FILTER_NONE, UI_FILTER_REQ, UI_FILTER_TMPL } ui_filter_kind;

/* What lecture mode changed, to put back when it ends. */
typedef struct {
    theme_id theme;
    bool show_legend;
    bool fullscreen;
} ui_saved;

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
    lay_geom geom;         /* the screen's layout: timeline, course view, or (compare, sweep) the
                              area above the status bar with the status band */
    lay_geom tgeom;        /* the same with time along x: plot_x/plot_w is the time axis (course:
                              lay_course_time_geom; compare: plot_x 0) */
    ui_screen screen;
    bool course;           /* v: the course view instead of the timeline (main and compare) */
    bool notes;            /* x: the course view's "processing / delay / wait" notes */
    bool lecture;
    ui_saved saved;        /* before lecture mode */
    ui_filter_kind filter;
    int32_t filter_req;
    char filter_tmpl[96];
    ui_sweep *sweep;
    uint32_t ev_sweep;     /* user event type posted by the sweep's worker */
    float win_w, win_h;    /* points: what layout and mouse events use */
    float scale;           /* drawable pixels per point (2 on HiDPI, times mag) */
    int out_w, out_h;      /* the renderer's output size in pixels at the last frame */
    float mag;             /* window points per layout point: 1, or UI_LECTURE_MAG (text, lines and
                              bars all grow alike, as on a HiDPI screen) */
    uint32_t ev_reload;    /* user event type pushed by the watcher */
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
/* After a new run replaced the old one: re-fit if the view fits, clamp selection and playhead,
 * re-apply the filter, recompute the sweep when it shows. */
void ui_after_run(ui *u);
/* `r` and the watcher: reload the file, or show its error over the last good run. */
void ui_reload(ui *u);
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
/* The sweep for the current run: started when it is not already running or done for it. */
void ui_view_sweep(ui *u);

/* ui_input.c: every SDL event goes through here, real or pushed by the script. */
void ui_event(ui *u, const SDL_Event *e);
/* Keeps the playhead inside the plot by panning. */
void ui_follow_playhead(ui *u);

/* ui_keys.c: the one key table. */
/* Lecture mode on (full screen, everything 1.6 x larger, high contrast, no legend) or back. */
#define UI_LECTURE_MAG 1.6f
void ui_lecture(ui *u, bool on);
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
