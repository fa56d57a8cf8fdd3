/* ui_export.c — s / S: the picture of what the window shows, from the display list of the frame on
 * screen (so the file is what the user saw, overlays included): PNG through the software renderer
 * at the window's pixels times --scale, SVG as vectors. Files are named after the scenario, the
 * view, the model and the time, in --out-dir or the current folder; the note says where the file
 * went or why it did not, and the back ends leave no partial file. */
#include "ui_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "png.h"
#include "svg.h"

#define UI_EXPORT_TRIES 100   /* -2 ... -99 after a name already taken in the same second */

/* The scenario file's name without its folder and ".scn", each ASCII byte that would need quoting
 * in a shell as '_' (UTF-8 letters stay); "default" for the built-in scenario. */
static void scenario_part(const ui *u, char *out, size_t n)
{
    const char *path = u->doc.path, *slash = path ? strrchr(path, '/') : NULL;
    const char *base = slash ? slash + 1 : path;
    size_t len = base ? strlen(base) : 0;
    if (len > 4 && strcmp(base + len - 4, ".scn") == 0)
        len -= 4;
    if (len == 0) {
        snprintf(out, n, "default");
        return;
    }
    snprintf(out, n, "%.*s", (int)len, base);
    for (char *p = out; *p; p++)
        if ((unsigned char)*p < 0x80 && !strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+-", *p))
            *p = '_';
    if (out[0] == '.' || out[0] == '-')   /* neither a hidden file nor an option to a shell command */
        out[0] = '_';
}

static const char *view_part(const ui *u)
{
    switch (u->screen) {
    case UI_SCREEN_COMPARE: return "compare";
    case UI_SCREEN_SWEEP: return "sweep";
    case UI_SCREEN_REAL: return "real";
    case UI_SCREEN_MAIN: break;
    }
    return u->course ? "course" : "timeline";
}

/* The comparison and the sweep show every model. */
static const char *model_part(const ui *u)
{
    if (u->screen != UI_SCREEN_MAIN)
        return "all";
    return scn_model_name((scn_model)u->doc.run->s.cfg.model);
}

void ui_export_name(const ui *u, bool svg, time_t now, char *out, size_t n)
{
    char scn_name[128], stamp[32] = "00000000-000000";
    struct tm tm;
    if (localtime_r(&now, &tm))
        strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    scenario_part(u, scn_name, sizeof scn_name);
    snprintf(out, n, "%s-%s-%s-%s.%s", scn_name, view_part(u), model_part(u), stamp, svg ? "svg" : "png");
}

/* dir/name, with -2, -3 ... before the extension when that file exists already (two saves in
 * one second). False when no free name was found. */
static bool free_path(const char *dir, const char *name, char *out, size_t n)
{
    const char *dot = strrchr(name, '.');
    int stem = (int)(dot ? (size_t)(dot - name) : strlen(name));
    const char *sep = dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/";
    struct stat st;
    for (int k = 1; k < UI_EXPORT_TRIES; k++) {
        int len = k == 1 ? snprintf(out, n, "%s%s%s", dir, sep, name)
                         : snprintf(out, n, "%s%s%.*s-%d%s", dir, sep, stem, name, k, dot ? dot : "");
        if (len < 0 || (size_t)len >= n)
            return false;
        if (lstat(out, &st) != 0)
            return true;   /* free, or the folder cannot be read: the write says why */
    }
    return false;
}

/* Pixels per layout point for the PNG: the last frame's (drawable pixels, lecture mode's
 * magnification) times --scale, nudged down so that float rounding never adds a row or column
 * to the window's size. */
static float png_scale(const ui *u, bool *capped)
{
    float es = ui_size_export_scale(u, u->args.export_scale > 0 ? u->args.export_scale : 1, capped);
    float s = u->scale * es;
    double want = floor((double)u->out_w * es + 0.5);
    for (int k = 0; k < 8 && u->dl.width > 0 && ceil((double)u->dl.width * s) > want; k++)
        s = nextafterf(s, 0);
    return s;
}

/* Where the note says the file went: the folder as given, or the current folder in full. */
static void shown_path(const ui *u, const char *path, char *out, size_t n)
{
    char cwd[2048];
    int len;   /* a path longer than the status bar is cut: it still says where */
    if (!u->args.out_dir && getcwd(cwd, sizeof cwd))
        len = snprintf(out, n, "%s/%s", cwd, path + 2);   /* path is "./NAME" */
    else
        len = snprintf(out, n, "%s", path);
    if (len < 0 && n)
        out[0] = '\0';
}

void ui_export(ui *u, bool svg)
{
    char name[256], path[4096], shown[4096];
    sl_err err = {0};
    const char *dir = u->args.out_dir ? u->args.out_dir : ".";
    bool capped = false;
    ui_export_name(u, svg, time(NULL), name, sizeof name);
    bool ok = free_path(dir, name, path, sizeof path) ||
              sl_fail(&err, "%s: error: no free file name for %s in this folder", dir, name);
    dl_list fig;   /* --style figure: the view drawn as a figure, not the screen */
    dl_init(&fig);
    const dl_list *l = u->args.figure && ui_view_figure(u, &fig) ? &fig : &u->dl;
    if (ok)
        ok = svg ? svg_write_file_sized(l, path, l == &u->dl ? u->mag : 1, &err)
                 : png_write_file(l, path, png_scale(u, &capped), u->fonts, &err);
    dl_free(&fig);
    if (!ok) {
        ui_note(u, ui_tr(u, UI_S_NOT_SAVED), err.set ? err.msg : "schedlab: error: the picture could not be written");
        return;
    }
    shown_path(u, path, shown, sizeof shown);
    ui_note(u, ui_tr(u, UI_S_SAVED), shown);
    if (capped) {   /* say the picture is smaller than --scale asked */
        char saved[sizeof u->note], why[256];
        float es = ui_size_export_scale(u, u->args.export_scale, &capped);
        snprintf(saved, sizeof saved, "%s", u->note);
        snprintf(why, sizeof why, ui_tr(u, UI_S_SIZE_CAPPED), (int)((float)u->out_w * es), (int)((float)u->out_h * es));
        ui_note(u, "%s   (%s)", saved, why);
    }
}
