/* cli_html.c — `schedlab export FILE --format html`: one self-contained page (the web edition with
 * its WebAssembly inside) showing that scenario, to open from disk or in a notebook cell.
 *
 * The native program does not need emscripten: it reads the single-file page that scripts/web.sh
 * built (build-web/site/schedlab-page.html) at run time, from the first of $SCHEDLAB_WEB_PAGE, the
 * path the build tree knows (SCHEDLAB_WEB_PAGE_BUILD) and ../share/schedlab/ next to the program,
 * and replaces its placeholder by the scenario's text and the command line's --model/--set. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim.h"
#include "sl_file.h"

#define HTML_PLACEHOLDER "/*SCHEDLAB_EMBED*/null"
#define HTML_PAGE_NAME "schedlab-page.html"
#define HTML_MAX_INPUT ((size_t)64 << 20)

#ifndef SCHEDLAB_WEB_PAGE_BUILD
#define SCHEDLAB_WEB_PAGE_BUILD ""
#endif

typedef struct {
    char *p;
    size_t len, cap;
    bool failed;
} html_buf;

static void put(html_buf *b, const char *s, size_t n)
{
    if (b->failed || !SL_GROW(b->p, b->cap, b->len + n + 1, (size_t)1 << 31)) {
        b->failed = true;
        return;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

/* A JSON string that is also safe inside a <script> element: no "</", no raw U+2028/2029. */
static void put_json_str(html_buf *b, const char *s, size_t n)
{
    put(b, "\"", 1);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\', esc[1] = (char)c;
            put(b, esc, 2);
        } else if (c == '\n') {
            put(b, "\\n", 2);
        } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            put(b, esc, 6);
        } else if (c == 0xe2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
                   ((unsigned char)s[i + 2] == 0xa8 || (unsigned char)s[i + 2] == 0xa9)) {
            put(b, (unsigned char)s[i + 2] == 0xa8 ? "\\u2028" : "\\u2029", 6);
            i += 2;
        } else {
            put(b, s + i, 1);
        }
    }
    put(b, "\"", 1);
}

/* The whole of f (a file or standard input) into a new NUL-terminated buffer; NULL after err. */
static char *read_all(FILE *f, const char *name, size_t *len, sl_err *err)
{
    char *buf = NULL;
    size_t cap = 0;
    *len = 0;
    do {
        if (!SL_GROW(buf, cap, *len + 65536, HTML_MAX_INPUT)) {
            free(buf);
            sl_fail(err, "%s: error: larger than %zu MiB", name, HTML_MAX_INPUT >> 20);
            return NULL;
        }
        *len += fread(buf + *len, 1, cap - *len - 1, f);
    } while (!feof(f) && !ferror(f));
    if (ferror(f)) {
        free(buf);
        sl_fail(err, "%s: error: cannot read: %s", name, strerror(errno));
        return NULL;
    }
    buf[*len] = '\0';
    return buf;
}

static char *read_file(const char *path, size_t *len, sl_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        sl_fail(err, "%s: error: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    char *text = read_all(f, path, len, err);
    fclose(f);
    return text;
}

/* The scenario's text as the command line names it (FILE, '-' or the built-in one). */
static char *scenario_text(const cli_scn_args *a, size_t *len, sl_err *err)
{
    if (!a->file) {
        *len = strlen(scn_default_text);
        return sl_strndup(scn_default_text, *len);
    }
    if (strcmp(a->file, "-") == 0)
        return read_all(stdin, "<stdin>", len, err);
    return read_file(a->file, len, err);
}

/* --model M as model=M, --max-events N as limit.events=N, --set KEY=VALUE as it is: what the page
 * applies over the text (a value too long for buf is cut, and then refused by scn_set). */
static const char *override_kv(const cli_override *o, char *buf, size_t n)
{
    if (o->key)
        snprintf(buf, n, "%s=%s", o->key, o->kv);
    else if (o->kv)
        return o->kv;
    else
        snprintf(buf, n, "model=%s", scn_model_name((scn_model)o->model));
    return buf;
}

/* The scenario must parse and run here: the page would only show the same error. */
static int check_scenario(const cli_scn_args *a, const char *text, size_t len)
{
    scn s;
    sl_err err = {0};
    char kv[256];
    const char *path = !a->file ? CLI_DEFAULT_PATH : strcmp(a->file, "-") == 0 ? "<stdin>" : a->file;
    bool ok = scn_parse(path, text, len, &s, &err);
    for (int k = 0; ok && k < a->novr; k++)
        ok = scn_set(&s, override_kv(&a->ovr[k], kv, sizeof kv), &err);
    if (!ok) {
        fprintf(stderr, "%s\n", err.msg);
        return CLI_BAD_INPUT;
    }
    sim_metrics m;
    const sim_opts so = {.record_trace = false};
    ok = sim_run(&s, &so, NULL, &m, &err);
    scn_free(&s);
    if (!ok)
        cli_print_error(&err);
    return ok ? CLI_OK : CLI_INTERNAL;
}

/* <dir of this program>/../share/schedlab/schedlab-page.html, or "" when /proc cannot say. */
static void installed_path(char *out, size_t n)
{
    char exe[4096];
    out[0] = '\0';
    ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (k <= 0)
        return;
    exe[k] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash)
        *slash = '\0';
    snprintf(out, n, "%s/../share/schedlab/" HTML_PAGE_NAME, exe);
}

/* The page template: the first place that has one; NULL after a message naming them all. */
static char *read_page(size_t *len)
{
    char inst[4200];
    installed_path(inst, sizeof inst);
    const char *env = getenv("SCHEDLAB_WEB_PAGE");
    const char *where[] = {env && *env ? env : NULL, SCHEDLAB_WEB_PAGE_BUILD, inst};
    for (size_t i = 0; i < sizeof where / sizeof where[0]; i++) {
        sl_err err = {0};
        if (!where[i] || !*where[i] || access(where[i], R_OK) != 0)
            continue;
        char *page = read_file(where[i], len, &err);
        if (!page)
            fprintf(stderr, "%s\n", err.msg);
        return page;
    }
    fprintf(stderr, "schedlab: error: export --format html needs the web page that 'bash scripts/web.sh' builds "
                    "(with emscripten); looked in $SCHEDLAB_WEB_PAGE, %s and %s\n",
            *SCHEDLAB_WEB_PAGE_BUILD ? SCHEDLAB_WEB_PAGE_BUILD : "(no build path)", *inst ? inst : "(no install path)");
    return NULL;
}

/* page with its placeholder replaced by {"name": ..., "text": ..., "sets": [...]}. */
static bool fill_page(html_buf *b, const char *page, size_t plen, const cli_scn_args *a, const char *text,
                      size_t tlen)
{
    const char *at = strstr(page, HTML_PLACEHOLDER);
    if (!at) {
        fputs("schedlab: error: the web page has no place for the scenario (rebuild it: bash scripts/web.sh)\n",
              stderr);
        return false;
    }
    const char *name = !a->file || strcmp(a->file, "-") == 0 ? "" : a->file;
    const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
    char kv[256];
    put(b, page, (size_t)(at - page));
    put(b, "{\"name\": ", 9);
    put_json_str(b, base, strlen(base));
    put(b, ", \"text\": ", 10);
    put_json_str(b, text, tlen);
    put(b, ", \"sets\": [", 11);
    for (int k = 0; k < a->novr; k++) {
        const char *s = override_kv(&a->ovr[k], kv, sizeof kv);
        if (k)
            put(b, ", ", 2);
        put_json_str(b, s, strlen(s));
    }
    put(b, "]}", 2);
    size_t rest = strlen(HTML_PLACEHOLDER) + (size_t)(at - page);
    put(b, page + rest, plen - rest);
    if (b->failed)
        fputs("schedlab: error: out of memory\n", stderr);
    return !b->failed;
}

static int write_out(const html_buf *b, const char *out)
{
    if (!out || strcmp(out, "-") == 0)
        return fwrite(b->p, 1, b->len, stdout) == b->len && fflush(stdout) == 0 ? CLI_OK : CLI_INTERNAL;
    sl_file f;
    sl_err err = {0};
    bool ok = sl_file_open(&f, out, &err) && (sl_file_write(&f, b->p, b->len), sl_file_commit(&f, &err));
    if (!ok)
        cli_print_error(&err);
    return ok ? CLI_OK : CLI_INTERNAL;
}

int cli_export_html(const cli_scn_args *a, const char *out)
{
    sl_err err = {0};
    size_t tlen = 0, plen = 0;
    if (!cli_output_ok(out, a, NULL))
        return CLI_BAD_INPUT;
    char *text = scenario_text(a, &tlen, &err);
    if (!text) {
        fprintf(stderr, "%s\n", err.set ? err.msg : "schedlab: error: out of memory");
        return CLI_BAD_INPUT;
    }
    int code = check_scenario(a, text, tlen);
    char *page = code == CLI_OK ? read_page(&plen) : NULL;
    html_buf b = {0};
    if (code == CLI_OK)
        code = page && fill_page(&b, page, plen, a, text, tlen) ? write_out(&b, out) : CLI_INTERNAL;
    free(b.p);
    free(page);
    free(text);
    return code;
}
