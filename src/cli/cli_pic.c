/* cli_pic.c — writing a display list as a picture for the verbs that export one: the file's
 * extension chooses the back end (.svg: vector, .png: the SDL software renderer, no display,
 * .pdf: vector through cairo). */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "svg.h"
#ifdef SCHEDLAB_HAVE_PNG
#include "pdf.h"
#include "png.h"
#endif

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

bool cli_pic_kind_ok(const char *path)
{
#ifdef SCHEDLAB_HAVE_PNG
    if (ends_with(path, ".png") || ends_with(path, ".pdf"))
        return true;
#endif
    return ends_with(path, ".svg");
}

bool cli_write_pic(const dl_list *l, const char *path, float scale, const char *font, sl_err *err)
{
    if (ends_with(path, ".svg"))
        return svg_write_file(l, path, err);
#ifdef SCHEDLAB_HAVE_PNG
    bool pdf = ends_with(path, ".pdf");
    if (ends_with(path, ".png") || pdf) {
        font_lib *fonts = font_lib_new(font, err);
        if (!fonts)
            return false;
        bool ok = pdf ? pdf_write_file(l, path, scale, fonts, err) : png_write_file(l, path, scale, fonts, err);
        font_lib_free(fonts);
        return ok;
    }
#else
    (void)scale;
    (void)font;
#endif
    return sl_fail(err, "%s: error: expected a file name ending in .png, .svg or .pdf", path);
}

bool cli_font_ok(const char *font)
{
    if (!font)
        return true;
    sl_err err = {0};
#ifdef SCHEDLAB_HAVE_PNG
    font_lib *lib = font_lib_new(font, &err);
    font_lib_free(lib);
    if (lib)
        return true;
#else
    FILE *f = fopen(font, "rb");
    if (f) {
        fclose(f);
        return true;
    }
    sl_fail(&err, "%s: error: cannot open the font (%s)", font, strerror(errno));
#endif
    cli_print_error(&err);
    return false;
}

dl_measure cli_pic_measure(const char *path, const char *font, void **owned)
{
    *owned = NULL;
#ifdef SCHEDLAB_HAVE_PNG
    sl_err err = {0};
    font_lib *fonts = ends_with(path, ".png") || ends_with(path, ".svg") || ends_with(path, ".pdf") ? font_lib_new(font, &err) : NULL;
    if (fonts) {
        *owned = fonts;
        return font_measure(fonts);
    }
#else
    (void)path;
    (void)font;
#endif
    return (dl_measure){dl_measure_approx, NULL};
}

void cli_pic_measure_free(void *owned)
{
#ifdef SCHEDLAB_HAVE_PNG
    font_lib_free(owned);
#else
    (void)owned;
#endif
}
