/* web_api.h — the C API of the web edition (src/web/web_api.c): what the page's JavaScript calls in
 * the WebAssembly module, and what native tests call. Every function takes the handle web_new made;
 * each is described where web_api.c defines it. Times are doubles of nanoseconds. */
#ifndef WEB_API_H
#define WEB_API_H

typedef struct web web;

web *web_new(void);
void web_delete(web *w);
int web_parse(web *w, const char *text);
const char *web_error(web *w);
int web_error_line(web *w);
int web_error_col(web *w);
int web_simulate(web *w, const char *sets);
const char *web_metrics_json(web *w);
double web_makespan(web *w);
int web_model(web *w);
const char *web_title(web *w);
int web_repeat(web *w);
int web_cores(web *w);
double web_timeslice(web *w);
int web_gil(web *w);
double web_latency_scale(web *w);
int web_set_view(web *w, int view, float width, float height);
void web_set_opts(web *w, int theme_no, int lang, float font_scale, int notes, int cstyle, int show_msgs,
                  int show_legend);
double web_end(web *w);
void web_fit(web *w);
void web_zoom(web *w, float x, float y, double factor);
void web_pan(web *w, float dx, float dy);
double web_t0(web *w);
double web_t1(web *w);
double web_time_at(web *w, float x, float y);
void web_set_window(web *w, double t0, double t1);
void web_set_playhead(web *w, int on, double t);
void web_set_selected(web *w, int req);
void web_set_hover(web *w, int on, float x, float y);
double web_next_event(web *w, double t);
double web_prev_event(web *w, double t);
int web_hit(web *w, float x, float y);
int web_hit_req(web *w);
int web_click(web *w, float x, float y);
const char *web_hit_text(web *w);
int web_sweep(web *w, const char *counts);
const void *web_sweep_bytes(web *w, int *len);
int web_sweep_load(web *w, const void *bytes, int len);
int web_has_sweep(web *w);
int web_frame(web *w);
const unsigned char *web_dl_data(web *w);
int web_dl_len(web *w);
unsigned web_dl_bg(web *w);
void web_tooltip(web *w, float x, float y);
const char *web_svg(web *w);
const int *web_dl_layout(void);

#endif
