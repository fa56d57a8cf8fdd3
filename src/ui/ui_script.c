/* ui_script.c — --script FILE: one command per line, parsed whole before the window opens, then
 * run one command per turn of the event loop once the previous command's events were handled and
 * drawn. Input commands push SDL events into the same queue as real input, so a script takes the
 * real code paths. The end of the script quits. */
#include "ui_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "png.h"

#define UI_SCRIPT_MAX_BYTES ((size_t)1 << 20)
#define UI_SCRIPT_MAX_CMDS 100000u
#define UI_RESIZE_MAX_MS 500      /* a resize the window manager refuses stops being awaited */
#define UI_DRAG_STEPS 8           /* motion events between a drag's press and release */
#define UI_POLL_MS 20             /* wait-status and resize look at the window this often */

typedef enum {
    SC_KEY, SC_CLICK, SC_MOVE, SC_DRAG, SC_WHEEL, SC_WAIT, SC_WAIT_STATUS, SC_RESIZE, SC_SHOT, SC_EXPECT, SC_QUIT,
    SC_ASYNC
} sc_op;

static const struct {
    const char *name;
    uint8_t op;
    uint8_t nums;   /* integer arguments */
} sc_ops[] = {
    {"key", SC_KEY, 0},      {"click", SC_CLICK, 2},          {"move", SC_MOVE, 2},
    {"drag", SC_DRAG, 4},    {"wheel", SC_WHEEL, 3},          {"wait", SC_WAIT, 1},
    {"wait-status", SC_WAIT_STATUS, 1},
    {"resize", SC_RESIZE, 2}, {"screenshot", SC_SHOT, 0},     {"expect-status", SC_EXPECT, 0},
    {"quit", SC_QUIT, 0},    {"async", SC_ASYNC, 0},
};

typedef struct {
    uint8_t op;
    int line;
    int32_t a[4];
    SDL_Keycode sym;
    uint16_t mod;
    char text[4];          /* SC_KEY: what SDL_TEXTINPUT carries, "" for none */
    char *str;             /* SC_SHOT: the path; SC_EXPECT, SC_WAIT_STATUS: the substring (owned) */
} sc_cmd;

struct ui_script {
    char *path;
    sc_cmd *cmds;
    size_t n, cap, next;
    const sc_cmd *waiting; /* a wait-status not yet satisfied */
    uint64_t deadline;     /* SDL_GetTicks64 when it fails */
    const sc_cmd *resizing;/* a resize the window does not show yet */
    bool async;            /* after `async`: commands no longer wait for simulations to finish */
    uint64_t resize_end;   /* SDL_GetTicks64 when it is given up on */
    int resize_w, resize_h;/* the size it waits for: the one asked, within ui_size_cap */
};

/* ---- Parsing ------------------------------------------------------------------------------ */

typedef struct {
    const char *path;
    int line;
    const char *start;   /* the line */
    const char *p;       /* the next character */
    sl_err *err;
} sc_lex;

static bool sc_fail(sc_lex *L, const char *at, const char *expected, size_t toklen)
{
    char tok[64];
    size_t n = toklen < sizeof tok - 1 ? toklen : sizeof tok - 1;
    memcpy(tok, at, n);
    tok[n] = '\0';
    return sl_fail(L->err, "%s:%d:%d: error: expected %s, got '%s'", L->path, L->line, (int)(at - L->start) + 1,
                   expected, toklen ? tok : "end of line");
}

static void skip_blank(sc_lex *L)
{
    while (*L->p == ' ' || *L->p == '\t')
        L->p++;
}

/* The next whitespace-separated word: its start, and its length in *n (0 at the end of line). */
static const char *word(sc_lex *L, size_t *n)
{
    skip_blank(L);
    const char *w = L->p;
    while (*L->p && *L->p != ' ' && *L->p != '\t')
        L->p++;
    *n = (size_t)(L->p - w);
    return w;
}

static bool number(sc_lex *L, int32_t *out)
{
    size_t n;
    const char *w = word(L, &n);
    char buf[16];
    char *end;
    if (n == 0 || n >= sizeof buf)
        return sc_fail(L, w, "a number", n);
    memcpy(buf, w, n);
    buf[n] = '\0';
    errno = 0;
    long v = strtol(buf, &end, 10);
    if (*end || errno || v < -1000000 || v > 1000000)
        return sc_fail(L, w, "a number", n);
    *out = (int32_t)v;
    return true;
}

static const struct {
    const char *name;
    SDL_Keycode sym;
} sc_alias[] = {
    {"plus", '+'},          {"minus", '-'},         {"equal", '='},    {"equals", '='},
    {"question", '?'},      {"less", '<'},          {"greater", '>'},  {"comma", ','},
    {"period", '.'},        {"bracketleft", '['},   {"bracketright", ']'},
    {"slash", '/'},         {"space", ' '},         {"esc", SDLK_ESCAPE},
};

/* [ctrl+|shift+|alt+]... NAME: an alias above, one character, or an SDL key name (Left, F11). */
static bool key_name(sc_lex *L, sc_cmd *c)
{
    size_t n;
    const char *w = word(L, &n), *k = w;
    char name[64];
    static const struct { const char *p; uint16_t mod; } mods[] = {
        {"ctrl+", KMOD_LCTRL}, {"shift+", KMOD_LSHIFT}, {"alt+", KMOD_LALT}};
    for (bool again = true; again;) {
        again = false;
        for (size_t i = 0; i < 3; i++) {
            size_t pl = strlen(mods[i].p);
            if ((size_t)(w + n - k) > pl && strncasecmp(k, mods[i].p, pl) == 0) {
                c->mod |= mods[i].mod;
                k += pl;
                again = true;
            }
        }
    }
    size_t kl = (size_t)(w + n - k);
    if (kl == 0 || kl >= sizeof name)
        return sc_fail(L, w, "a key name (such as 2, C, space, Left, F11, ctrl+plus)", n);
    memcpy(name, k, kl);
    name[kl] = '\0';
    c->sym = SDLK_UNKNOWN;
    for (size_t i = 0; i < sizeof sc_alias / sizeof sc_alias[0]; i++)
        if (strcasecmp(name, sc_alias[i].name) == 0)
            c->sym = sc_alias[i].sym;
    if (c->sym == SDLK_UNKNOWN)
        c->sym = SDL_GetKeyFromName(name);
    if (c->sym == SDLK_UNKNOWN)
        return sc_fail(L, w, "a key name (such as 2, C, space, Left, F11, ctrl+plus)", n);
    if (kl == 1 && isupper((unsigned char)name[0]))
        c->mod |= KMOD_LSHIFT;
    /* What a keyboard would also type: printable keys without Ctrl or Alt. */
    if (!(c->mod & (KMOD_CTRL | KMOD_ALT)) && c->sym >= 0x20 && c->sym < 0x7f) {
        char ch = (char)c->sym;
        c->text[0] = (c->mod & KMOD_SHIFT) && islower((unsigned char)ch) ? (char)toupper((unsigned char)ch) : ch;
    }
    return true;
}

/* The rest of the line, trimmed, as an owned string. */
static bool rest(sc_lex *L, sc_cmd *c, const char *what)
{
    skip_blank(L);
    size_t n = strlen(L->p);
    while (n > 0 && (L->p[n - 1] == ' ' || L->p[n - 1] == '\t'))
        n--;
    if (n == 0)
        return sc_fail(L, L->p, what, 0);
    if (!(c->str = sl_strndup(L->p, n)))
        return sl_fail(L->err, "schedlab: error: out of memory");
    L->p += strlen(L->p);
    return true;
}

static bool command(sc_lex *L, sc_cmd *c)
{
    size_t n;
    const char *w = word(L, &n);
    int op = -1;
    for (size_t i = 0; i < sizeof sc_ops / sizeof sc_ops[0]; i++)
        if (strlen(sc_ops[i].name) == n && strncmp(sc_ops[i].name, w, n) == 0)
            op = (int)i;
    if (op < 0)
        return sc_fail(L, w, "a command (key, click, move, drag, wheel, wait, wait-status, resize, "
                       "screenshot, expect-status, quit)", n);
    c->op = sc_ops[op].op;
    for (int k = 0; k < sc_ops[op].nums; k++)
        if (!number(L, &c->a[k]))
            return false;
    if (c->op == SC_KEY && !key_name(L, c))
        return false;
    if (c->op == SC_SHOT && !rest(L, c, "a file name"))
        return false;
    if ((c->op == SC_EXPECT || c->op == SC_WAIT_STATUS) && !rest(L, c, "the text the status bar must contain"))
        return false;
    if (((c->op == SC_WAIT || c->op == SC_WAIT_STATUS) && c->a[0] < 0) || (c->op == SC_RESIZE && (c->a[0] < 1 || c->a[1] < 1)))
        return sc_fail(L, w, c->op == SC_WAIT ? "a wait of 0 ms or more" : "a positive size", n);
    w = word(L, &n);
    return n == 0 || sc_fail(L, w, "the end of the line", n);
}

/* line := blank | '#' comment | command */
static bool parse_line(ui_script *s, sc_lex *L)
{
    skip_blank(L);
    if (*L->p == '\0' || *L->p == '#')
        return true;
    if (!SL_GROW(s->cmds, s->cap, s->n + 1, UI_SCRIPT_MAX_CMDS))
        return sl_fail(L->err, "%s:%d:1: error: too many commands (limit is %u)", L->path, L->line,
                       UI_SCRIPT_MAX_CMDS);
    sc_cmd *c = &s->cmds[s->n];
    memset(c, 0, sizeof *c);
    c->line = L->line;
    bool ok = command(L, c);
    s->n++;   /* counted even when it failed: its string is freed with the rest */
    return ok;
}

static char *read_all(const char *path, sl_err *err)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, len = 0;
    if (!f) {
        sl_fail(err, "%s: error: cannot open the script: %s", path, strerror(errno));
        return NULL;
    }
    do {
        if (!SL_GROW(buf, cap, len + 4097, UI_SCRIPT_MAX_BYTES)) {
            sl_fail(err, "%s: error: script larger than %zu KiB", path, UI_SCRIPT_MAX_BYTES >> 10);
            free(buf);
            buf = NULL;
            break;
        }
        len += fread(buf + len, 1, cap - len - 1, f);
    } while (!feof(f) && !ferror(f));
    if (buf)
        buf[len] = '\0';
    fclose(f);
    return buf;
}

bool ui_script_load(const char *path, ui_script **out, sl_err *err)
{
    ui_script *s = calloc(1, sizeof *s);
    char *text = read_all(path, err);
    bool ok = s && text && (s->path = sl_strndup(path, strlen(path)));
    if (!s || !text) {
        if (!err->set)
            sl_fail(err, "schedlab: error: out of memory");
        ok = false;
    }
    sc_lex L = {path, 0, NULL, NULL, err};
    for (char *line = text, *nl; ok && line; line = nl) {
        nl = strchr(line, '\n');
        if (nl)
            *nl++ = '\0';
        size_t len = strlen(line);
        if (len && line[len - 1] == '\r')
            line[len - 1] = '\0';
        L.line++;
        L.start = L.p = line;
        ok = parse_line(s, &L);
    }
    free(text);
    if (!ok) {
        ui_script_free(s);
        s = NULL;
    }
    *out = s;
    return ok;
}

void ui_script_free(ui_script *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        free(s->cmds[i].str);
    free(s->cmds);
    free(s->path);
    free(s);
}

/* ---- Running ------------------------------------------------------------------------------- */

static void push(SDL_Event *e)
{
    e->common.timestamp = SDL_GetTicks();
    SDL_PushEvent(e);
}

static void push_key(ui *u, const sc_cmd *c)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.windowID = SDL_GetWindowID(u->win);
    e.key.state = SDL_PRESSED;
    e.key.keysym.sym = c->sym;
    e.key.keysym.scancode = SDL_GetScancodeFromKey(c->sym);
    e.key.keysym.mod = c->mod;
    push(&e);
    if (c->text[0]) {
        SDL_Event t;
        memset(&t, 0, sizeof t);
        t.type = SDL_TEXTINPUT;
        t.text.windowID = e.key.windowID;
        memcpy(t.text.text, c->text, sizeof c->text);
        push(&t);
    }
    e.type = SDL_KEYUP;
    e.key.state = SDL_RELEASED;
    push(&e);
}

static void push_motion(ui *u, int x, int y, uint32_t buttons)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEMOTION;
    e.motion.windowID = SDL_GetWindowID(u->win);
    e.motion.state = buttons;
    e.motion.x = x;
    e.motion.y = y;
    push(&e);
}

static void push_button(ui *u, int x, int y, bool down)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = down ? SDL_MOUSEBUTTONDOWN : SDL_MOUSEBUTTONUP;
    e.button.windowID = SDL_GetWindowID(u->win);
    e.button.button = SDL_BUTTON_LEFT;
    e.button.state = down ? SDL_PRESSED : SDL_RELEASED;
    e.button.clicks = 1;
    e.button.x = x;
    e.button.y = y;
    push(&e);
}

static void push_wheel(ui *u, int x, int y, int n)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    push_motion(u, x, y, 0);
    e.type = SDL_MOUSEWHEEL;
    e.wheel.windowID = SDL_GetWindowID(u->win);
    e.wheel.y = n;
    e.wheel.preciseY = (float)n;
    e.wheel.direction = SDL_MOUSEWHEEL_NORMAL;
    e.wheel.mouseX = x;
    e.wheel.mouseY = y;
    push(&e);
}

static void push_drag(ui *u, const int32_t *a)
{
    push_motion(u, a[0], a[1], 0);
    push_button(u, a[0], a[1], true);
    for (int k = 1; k <= UI_DRAG_STEPS; k++)
        push_motion(u, a[0] + (a[2] - a[0]) * k / UI_DRAG_STEPS, a[1] + (a[3] - a[1]) * k / UI_DRAG_STEPS,
                    SDL_BUTTON_LMASK);
    push_button(u, a[2], a[3], false);
}

static void expect(ui *u, const sc_cmd *c)
{
    if (strstr(u->status, c->str))
        return;
    fprintf(stderr, "%s:%d:1: error: expected the status bar to contain '%s', got '%s'\n", u->script->path, c->line,
            c->str, u->status);
    u->exit_code = UI_EXPECT_FAILED;
    u->quit = true;
}

/* A wait-status: done once the status bar holds its text; expect's failure at the deadline. */
static bool still_waiting(ui *u)
{
    ui_script *s = u->script;
    if (!s->waiting)
        return false;
    if (strstr(u->status, s->waiting->str) || SDL_GetTicks64() >= s->deadline) {
        expect(u, s->waiting);
        s->waiting = NULL;
        return false;
    }
    return true;
}

static void run(ui *u, const sc_cmd *c)
{
    const int32_t *a = c->a;
    switch ((sc_op)c->op) {
    case SC_KEY: push_key(u, c); break;
    case SC_CLICK:
        push_motion(u, a[0], a[1], 0);
        push_button(u, a[0], a[1], true);
        push_button(u, a[0], a[1], false);
        break;
    case SC_MOVE: push_motion(u, a[0], a[1], 0); break;
    case SC_DRAG: push_drag(u, a); break;
    case SC_WHEEL: push_wheel(u, a[0], a[1], a[2]); break;
    case SC_WAIT: u->script_wait = SDL_GetTicks64() + (uint64_t)a[0]; break;
    case SC_WAIT_STATUS:
        u->script->waiting = c;
        u->script->deadline = SDL_GetTicks64() + (uint64_t)a[0];
        break;
    case SC_RESIZE:
        u->script->resize_w = a[0];
        u->script->resize_h = a[1];
        if (ui_size_cap(u, &u->script->resize_w, &u->script->resize_h))
            ui_note(u, ui_tr(u, UI_S_SIZE_CAPPED), u->script->resize_w, u->script->resize_h);
        SDL_SetWindowSize(u->win, u->script->resize_w, u->script->resize_h);
        u->script->resizing = c;
        u->script->resize_end = SDL_GetTicks64() + UI_RESIZE_MAX_MS;
        u->dirty = true;
        break;
    case SC_SHOT: u->shot_path = c->str; u->dirty = true; break;
    case SC_EXPECT: expect(u, c); break;
    case SC_QUIT: u->quit = true; break;
    case SC_ASYNC: u->script->async = true; break;
    }
}

/* A resize is done once the window has the size asked for (the X server answers asynchronously)
 * and a frame was drawn at that size; or, refused, after UI_RESIZE_MAX_MS. */
static bool resize_pending(ui *u)
{
    ui_script *s = u->script;
    int w, h;
    if (!s->resizing)
        return false;
    SDL_GetWindowSize(u->win, &w, &h);
    if ((w == s->resize_w && h == s->resize_h) || SDL_GetTicks64() >= s->resize_end) {
        s->resizing = NULL;
        u->dirty = true;   /* the next command runs after a frame at the new size */
    }
    return true;
}

/* Ready for the next command: no wait pending, no screenshot pending, no simulation running
 * (unless the script said `async`), the queue drained. */
static bool waits_for_work(const ui *u)
{
    const ui_script *s = u->script;
    return !s->async && ui_doc_busy(&u->doc) && !(s->next < s->n && s->cmds[s->next].op == SC_ASYNC);
}

static bool ready(ui *u)
{
    if (u->shot_path || SDL_GetTicks64() < u->script_wait || waits_for_work(u))
        return false;
    SDL_PumpEvents();
    return SDL_PeepEvents(NULL, 0, SDL_PEEKEVENT, SDL_FIRSTEVENT, SDL_LASTEVENT) == 0 && !resize_pending(u);
}

void ui_script_step(ui *u)
{
    ui_script *s = u->script;
    if (u->dirty || !ready(u) || still_waiting(u) || u->quit)
        return;
    if (s->next >= s->n) {
        u->quit = true;
        return;
    }
    run(u, &s->cmds[s->next++]);
}

int ui_script_timeout(const ui *u)
{
    if (!u->script || u->quit)
        return -1;
    if (u->shot_path || u->dirty)
        return 0;
    if (u->script->waiting || u->script->resizing)
        return UI_POLL_MS;
    if (waits_for_work(u))
        return -1;   /* the worker's event wakes the loop */
    uint64_t now = SDL_GetTicks64();
    return now < u->script_wait ? (int)(u->script_wait - now) : 0;
}

void ui_script_shot(ui *u)
{
    sl_err err = {0};
    int w, h;
    if (!u->shot_path)
        return;
    SDL_GetRendererOutputSize(u->ren, &w, &h);
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 24, SDL_PIXELFORMAT_RGB24);
    if (!s || SDL_RenderReadPixels(u->ren, NULL, SDL_PIXELFORMAT_RGB24, s->pixels, s->pitch) != 0)
        sl_fail(&err, "%s: error: cannot read the window's pixels: %s", u->shot_path, SDL_GetError());
    else
        png_save(s, u->shot_path, &err);
    SDL_FreeSurface(s);
    u->shot_path = NULL;
    if (err.set) {
        fprintf(stderr, "%s\n", err.msg);
        u->exit_code = UI_INTERNAL;
        u->quit = true;
    }
}
