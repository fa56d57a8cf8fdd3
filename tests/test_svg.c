/* test_svg.c — the SVG back end: well-formed XML for every command (checked by a small checker
 * here, and by xmllint when installed), one shape per rect, escaping, text anchors, output equal to
 * a saved golden file, and files written whole or not at all. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "test_util.h"

#include <dirent.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "svg.h"

/* ---- a small XML well-formedness checker (elements, attributes, entities, UTF-8) ---- */

typedef struct {
    const char *p, *end;
    const char *stack[64];
    size_t stack_len[64];
    int depth;
} xml_in;

static bool xml_name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == ':' || c == '.';
}

static size_t xml_name(xml_in *x)
{
    size_t n = 0;
    while (x->p + n < x->end && xml_name_char(x->p[n]))
        n++;
    x->p += n;
    return n;
}

static void xml_space(xml_in *x)
{
    while (x->p < x->end && strchr(" \t\r\n", *x->p))
        x->p++;
}

/* `&name;` or `&#N;` at x->p. */
static bool xml_entity(xml_in *x)
{
    static const char *const names[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"};
    for (size_t i = 0; i < 5; i++) {
        size_t n = strlen(names[i]);
        if ((size_t)(x->end - x->p) >= n && memcmp(x->p, names[i], n) == 0) {
            x->p += n;
            return true;
        }
    }
    return false;
}

/* Character data up to '<' (or the closing quote q inside an attribute): entities, UTF-8. */
static bool xml_chars(xml_in *x, char q)
{
    while (x->p < x->end && *x->p != '<' && *x->p != q) {
        unsigned char c = (unsigned char)*x->p;
        if (c == '&') {
            if (!xml_entity(x))
                return false;
            continue;
        }
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            return false;
        int more = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
        if (more < 0 || x->end - x->p <= more)
            return false;
        for (int i = 1; i <= more; i++)
            if (((unsigned char)x->p[i] & 0xc0) != 0x80)
                return false;
        x->p += 1 + more;
    }
    return true;
}

/* Attributes up to '>' or '/>', each name="value" and each name once. */
static bool xml_attrs(xml_in *x)
{
    const char *seen[32];
    size_t seen_len[32], nseen = 0;
    for (;;) {
        const char *before = x->p;
        xml_space(x);
        if (x->p >= x->end)
            return false;
        if (*x->p == '>' || *x->p == '/' || *x->p == '?')
            return true;
        if (x->p == before)
            return false;   /* attributes must be separated by space */
        const char *name = x->p;
        size_t n = xml_name(x);
        if (n == 0 || x->p >= x->end || *x->p != '=' || x->p + 1 >= x->end || x->p[1] != '"')
            return false;
        for (size_t i = 0; i < nseen; i++)
            if (seen_len[i] == n && memcmp(seen[i], name, n) == 0)
                return false;
        if (nseen < 32)
            seen[nseen] = name, seen_len[nseen++] = n;
        x->p += 2;
        if (!xml_chars(x, '"') || x->p >= x->end || *x->p != '"')
            return false;
        x->p++;
    }
}

/* A tag at x->p (just past '<'): start, end, empty, or the <?xml ...?> declaration. */
static bool xml_tag(xml_in *x)
{
    if (*x->p == '?') {
        x->p++;
        if (xml_name(x) == 0 || !xml_attrs(x) || x->end - x->p < 2 || memcmp(x->p, "?>", 2) != 0)
            return false;
        x->p += 2;
        return true;
    }
    bool closing = *x->p == '/';
    x->p += closing;
    const char *name = x->p;
    size_t n = xml_name(x);
    if (n == 0)
        return false;
    if (closing) {
        xml_space(x);
        if (x->depth == 0 || x->p >= x->end || *x->p != '>')
            return false;
        x->depth--;
        x->p++;
        return x->stack_len[x->depth] == n && memcmp(x->stack[x->depth], name, n) == 0;
    }
    if (!xml_attrs(x))
        return false;
    if (*x->p == '/') {
        x->p++;
        return x->p < x->end && *x->p++ == '>';
    }
    if (*x->p != '>' || x->depth == 64)
        return false;
    x->p++;
    x->stack[x->depth] = name;
    x->stack_len[x->depth++] = n;
    return true;
}

/* True when s is one well-formed element (with an optional declaration before it). */
static bool xml_well_formed(const char *s, size_t len)
{
    xml_in x = {.p = s, .end = s + len};
    bool root_seen = false;
    while (x.p < x.end) {
        if (!xml_chars(&x, '\0'))
            return false;
        if (x.p >= x.end)
            break;
        x.p++;
        if (x.p >= x.end)
            return false;
        bool decl = *x.p == '?';
        if (!decl && x.depth == 0 && root_seen)
            return false;   /* a second root element */
        if (!xml_tag(&x))
            return false;
        root_seen |= !decl;
    }
    return root_seen && x.depth == 0;
}

static void checker_rejects_malformed_xml(void **state)
{
    static const char *const bad[] = {
        "<a>",                       /* unclosed */
        "<a></b>",                   /* mismatched */
        "<a x=\"1></a>",             /* unterminated attribute */
        "<a x=1/>",                  /* unquoted attribute */
        "<a x=\"1\" x=\"2\"/>",      /* duplicate attribute */
        "<a>&</a>",                  /* bare ampersand */
        "<a>x < y</a>",              /* bare less-than */
        "<a>\xff</a>",               /* invalid UTF-8 */
        "<a>\x01</a>",               /* control character */
        "<a/><b/>",                  /* two roots */
        "<a x=\"<\"/>",              /* '<' in an attribute */
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        if (xml_well_formed(bad[i], strlen(bad[i])))
            fail_msg("checker accepted malformed case %zu: %s", i, bad[i]);
    }
    const char *good = "<?xml version=\"1.0\"?>\n<a x=\"1 &amp; 2\"><b/>t&lt;\xc3\xa9</a>\n";
    assert_true(xml_well_formed(good, strlen(good)));
}

/* ---- helpers ---- */

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static bool have_xmllint(void)
{
    return system("command -v xmllint >/dev/null 2>&1") == 0;
}

/* Runs xmllint --noout on the text; true when it accepts it (or is not installed). */
static bool xmllint_accepts(const char *text, size_t len)
{
    if (!have_xmllint())
        return true;
    char path[] = "/tmp/schedlab-test-svg-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, len), (ssize_t)len);
    close(fd);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "xmllint --noout '%s'", path);
    int rc = system(cmd);
    unlink(path);
    return rc == 0;
}

/* A list with every command type, texts that need escaping, and a clip that is cleared. */
static void build_all(dl_list *l)
{
    dl_init(l);
    dl_reset(l, 320, 200, DL_RGBA(255, 255, 255, 255));
    dl_push_rect(l, 10, 10, 50, 30, DL_RGBA(200, 40, 40, 255), DL_RGBA(0, 0, 0, 255), 2);
    dl_push_rect(l, 70, 10, 50, 30, DL_RGBA(40, 40, 200, 128), 0, 0);
    dl_push_hatch(l, 130, 10, 60, 30, DL_RGBA(0, 0, 0, 255), DL_RGBA(230, 230, 230, 255), 6);
    dl_push_line(l, 10, 60, 300, 60, 1, DL_RGBA(128, 128, 128, 255), 4, 3);
    dl_push_arrow(l, 10, 80, 200, 120, 2, 10, DL_RGBA(90, 40, 140, 255), true);
    float tri[6] = {250, 100, 290, 100, 270, 130};
    dl_push_poly(l, tri, 3, DL_RGBA(0, 140, 60, 255));
    dl_push_clip(l, 0, 140, 160, 60);
    static const char label[] = "a<b & \"c\" 'd' \xe2\x9c\x93 \xff\x01 end";
    dl_push_text(l, 20, 150, 14, DL_RGBA(0, 0, 0, 255), DL_ANCHOR_TL, true, false, label, sizeof label - 1);
    dl_push_text(l, 300, 190, 12, DL_RGBA(0, 0, 0, 255), DL_ANCHOR_BC, false, true, "temps", 5);
    dl_push_clip(l, 0, 0, -1, -1);
    dl_push_rect(l, 200, 150, 20, 20, DL_RGBA(0, 0, 0, 255), 0, 0);
}

/* ---- rendering ---- */

static void every_command_gives_well_formed_svg(void **state)
{
    dl_list l;
    build_all(&l);
    sl_err err = {0};
    size_t len = 0;
    char *svg = svg_render(&l, &len, &err);
    assert_non_null(svg);
    assert_int_equal(strlen(svg), len);
    assert_true(xml_well_formed(svg, len));
    assert_true(xmllint_accepts(svg, len));
    assert_non_null(strstr(svg, "viewBox=\"0 0 320 200\""));
    assert_non_null(strstr(svg, "width=\"320\" height=\"200\""));
    assert_non_null(strstr(svg, "stroke-dasharray=\"4 3\""));
    assert_int_equal(count(svg, "<pattern "), 1);
    assert_int_equal(count(svg, "fill=\"url(#h0)\""), 1);
    assert_int_equal(count(svg, "<polygon "), 3);   /* the triangle and two arrow heads */
    assert_int_equal(count(svg, "<text "), 2);
    assert_int_equal(count(svg, "font-family=\"'DejaVu Sans', 'Bitstream Vera Sans', Verdana, Arial, sans-serif\""), 2);
    assert_int_equal(count(svg, "font-weight=\"bold\""), 1);
    assert_non_null(strstr(svg, "transform=\"rotate(-90 300 190)\""));
    assert_int_equal(count(svg, "<clipPath "), 1);
    assert_int_equal(count(svg, "clip-path=\"url(#c0)\""), 1);
    assert_non_null(strstr(svg, "fill-opacity=\"0.502\""));
    free(svg);
    dl_free(&l);
}

static void text_is_escaped_and_bad_bytes_replaced(void **state)
{
    dl_list l;
    build_all(&l);
    char *svg = svg_render(&l, NULL, NULL);
    assert_non_null(svg);
    assert_non_null(strstr(svg, ">a&lt;b &amp; &quot;c&quot; &apos;d&apos; \xe2\x9c\x93 "
                                "\xef\xbf\xbd\xef\xbf\xbd end</text>"));
    free(svg);
    dl_free(&l);
}

static void one_rect_element_per_rect(void **state)
{
    static const int cases[] = {0, 1, 7, 100};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        dl_list l;
        dl_init(&l);
        dl_reset(&l, 100, 100, DL_RGBA(255, 255, 255, 255));
        for (int k = 0; k < cases[i]; k++)
            dl_push_rect(&l, (float)k, 1, 2, 3, DL_RGBA(k, 0, 0, 255), 0, 0);
        char *svg = svg_render(&l, NULL, NULL);
        assert_non_null(svg);
        /* plus one for the background */
        assert_int_equal(count(svg, "<rect "), (size_t)cases[i] + 1);
        free(svg);
        dl_free(&l);
    }
}

static void rect_outline_lies_inside_the_rect(void **state)
{
    dl_list l;
    dl_init(&l);
    dl_reset(&l, 100, 100, 0);
    dl_push_rect(&l, 10, 20, 30, 40, DL_RGBA(255, 0, 0, 255), DL_RGBA(0, 0, 255, 255), 2);
    char *svg = svg_render(&l, NULL, NULL);
    assert_non_null(strstr(svg, "<rect x=\"11\" y=\"21\" width=\"28\" height=\"38\" fill=\"#ff0000\" "
                                "stroke=\"#0000ff\" stroke-width=\"2\"/>"));
    assert_non_null(strstr(svg, "fill=\"none\"/>"));   /* transparent background */
    free(svg);
    dl_free(&l);
}

static void numbers_are_short_and_always_valid(void **state)
{
    static const struct { float in; const char *out; } cases[] = {
        {3, "x=\"3\""}, {10.5f, "x=\"10.5\""}, {0.126f, "x=\"0.13\""}, {-0.001f, "x=\"0\""},
        {-2.25f, "x=\"-2.25\""}, {NAN, "x=\"0\""}, {INFINITY, "x=\"0\""}, {1e9f, "x=\"10000000\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        dl_list l;
        dl_init(&l);
        dl_reset(&l, 10, 10, 0);
        dl_push_rect(&l, cases[i].in, 0, 1, 1, DL_RGBA(1, 2, 3, 255), 0, 0);
        char *svg = svg_render(&l, NULL, NULL);
        if (!strstr(svg, cases[i].out))
            fail_msg("case %zu: expected %s in %s", i, cases[i].out, svg);
        free(svg);
        dl_free(&l);
    }
}

/* A text of size 10 anchored at (5, 5): its box spans 9.28 above the baseline (DejaVu Sans'
 * ascent, 1901/2048 em) and 2.36 below (483/2048 em), 11.64 in all, so the baseline is at
 * 5 + 9.28 = 14.28 for a top anchor, 5 + 9.28 - 11.64 / 2 = 8.46 for a middle one and
 * 5 - 2.36 = 2.64 for a bottom one; vertical text takes the offset from the column. */
static void text_anchor_maps_to_svg_alignment(void **state)
{
    static const struct {
        dl_anchor a;
        bool vertical;
        const char *y, *anchor;
    } cases[] = {
        {DL_ANCHOR_TL, false, "y=\"14.28\"", "text-anchor=\"start\""},
        {DL_ANCHOR_MC, false, "y=\"8.46\"", "text-anchor=\"middle\""},
        {DL_ANCHOR_BR, false, "y=\"2.64\"", "text-anchor=\"end\""},
        {DL_ANCHOR_ML, false, "y=\"8.46\"", "text-anchor=\"start\""},
        /* vertical: the text starts at the canvas bottom and its top faces the canvas left */
        {DL_ANCHOR_TL, true, "y=\"14.28\"", "text-anchor=\"end\""},
        {DL_ANCHOR_BL, true, "y=\"14.28\"", "text-anchor=\"start\""},
        {DL_ANCHOR_MC, true, "y=\"8.46\"", "text-anchor=\"middle\""},
        {DL_ANCHOR_BR, true, "y=\"2.64\"", "text-anchor=\"start\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        dl_list l;
        dl_init(&l);
        dl_reset(&l, 10, 10, 0);
        dl_push_text(&l, 5, 5, 10, DL_RGBA(0, 0, 0, 255), cases[i].a, false, cases[i].vertical, "x", 1);
        char *svg = svg_render(&l, NULL, NULL);
        if (!strstr(svg, cases[i].y) || !strstr(svg, cases[i].anchor))
            fail_msg("case %zu: expected %s and %s in %s", i, cases[i].y, cases[i].anchor, svg);
        if (strstr(svg, "dominant-baseline"))
            fail_msg("case %zu: dominant-baseline in %s", i, svg);
        free(svg);
        dl_free(&l);
    }
}

static void hatch_patterns_are_shared(void **state)
{
    dl_list l;
    dl_init(&l);
    dl_reset(&l, 100, 100, 0);
    for (int i = 0; i < 5; i++)
        dl_push_hatch(&l, i * 10.0f, 0, 10, 10, DL_RGBA(0, 0, 0, 255), 0, 6);
    dl_push_hatch(&l, 60, 0, 10, 10, DL_RGBA(255, 0, 0, 255), 0, 6);
    char *svg = svg_render(&l, NULL, NULL);
    assert_int_equal(count(svg, "<pattern "), 2);
    assert_int_equal(count(svg, "url(#h0)"), 5);
    assert_int_equal(count(svg, "url(#h1)"), 1);
    assert_true(xml_well_formed(svg, strlen(svg)));
    free(svg);
    dl_free(&l);
}

/* ---- files ---- */

static void file_holds_the_rendered_svg_and_no_temporary(void **state)
{
    char dir[] = "/tmp/schedlab-test-svg-XXXXXX", path[600];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/out.svg", dir);
    dl_list l;
    build_all(&l);
    sl_err err = {0};
    assert_true(svg_write_file(&l, path, &err));
    assert_false(err.set);
    size_t want_len = 0, got_len = 0;
    char *want = svg_render(&l, &want_len, NULL), *got = tu_read_all(path, &got_len);
    assert_non_null(got);
    assert_int_equal(got_len, want_len);
    assert_memory_equal(got, want, want_len);
    assert_int_equal(tu_entries_in(dir), 1);
    free(want);
    free(got);
    dl_free(&l);
    tu_remove_dir(dir);
}

static void unwritable_folder_fails_with_message_and_no_file(void **state)
{
    char dir[] = "/tmp/schedlab-test-svg-XXXXXX", path[600];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/missing/out.svg", dir);
    dl_list l;
    build_all(&l);
    sl_err err = {0};
    assert_false(svg_write_file(&l, path, &err));
    assert_true(err.set);
    assert_non_null(strstr(err.msg, path));
    assert_non_null(strstr(err.msg, "error: cannot create a file there: No such file or directory"));
    assert_int_equal(tu_entries_in(dir), 0);
    dl_free(&l);
    tu_remove_dir(dir);
}

/* A file size limit stands in for a full disk: writes fail with EFBIG instead of ENOSPC. */
static void full_disk_keeps_the_old_file_and_leaves_no_temporary(void **state)
{
    char dir[] = "/tmp/schedlab-test-svg-XXXXXX", path[600];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/out.svg", dir);
    FILE *old = fopen(path, "w");
    fputs("old", old);
    fclose(old);
    dl_list l;
    build_all(&l);
    struct rlimit was, small = {.rlim_cur = 100, .rlim_max = RLIM_INFINITY};
    getrlimit(RLIMIT_FSIZE, &was);
    small.rlim_max = was.rlim_max;
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
    sl_err err = {0};
    bool ok = svg_write_file(&l, path, &err);
    setrlimit(RLIMIT_FSIZE, &was);
    signal(SIGXFSZ, prev);
    assert_false(ok);
    assert_non_null(strstr(err.msg, "error: write failed: File too large"));
    assert_int_equal(tu_entries_in(dir), 1);
    size_t len = 0;
    char *kept = tu_read_all(path, &len);
    assert_string_equal(kept, "old");
    free(kept);
    dl_free(&l);
    tu_remove_dir(dir);
}

/* The SVG of build_all must equal GOLDEN_ALL byte for byte, so any change of the output shows in
 * review. After an intended change, regenerate it (from tests/, where ctest runs the test):
 *     cd tests && SCHEDLAB_UPDATE_GOLDEN=1 ../build/tests/test_svg
 * and look at the diff before committing it. */
#define GOLDEN_ALL "golden/svg_all_commands.svg"

static void output_matches_the_golden_file(void **state)
{
    dl_list l;
    build_all(&l);
    size_t len = 0, want_len = 0;
    char *svg = svg_render(&l, &len, NULL);
    assert_non_null(svg);
    if (getenv("SCHEDLAB_UPDATE_GOLDEN")) {
        FILE *f = fopen(GOLDEN_ALL, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(svg, 1, len, f), len);
        assert_int_equal(fclose(f), 0);
        print_message("rewrote %s\n", GOLDEN_ALL);
    }
    char *want = tu_read_all(GOLDEN_ALL, &want_len);
    if (!want)
        fail_msg("cannot read %s (run from tests/; see the comment above to create it)", GOLDEN_ALL);
    size_t i = 0;
    while (i < len && i < want_len && svg[i] == want[i])
        i++;
    if (i != len || len != want_len)
        fail_msg("SVG differs from %s at byte %zu: got \"%.60s\", expected \"%.60s\"", GOLDEN_ALL, i,
                 svg + i, want + (i < want_len ? i : want_len));
    free(want);
    free(svg);
    dl_free(&l);
}

static void overflowed_list_is_refused(void **state)
{
    char dir[] = "/tmp/schedlab-test-svg-XXXXXX", path[600];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/out.svg", dir);
    dl_list l;
    build_all(&l);
    l.overflow = true;
    sl_err err = {0};
    assert_false(svg_write_file(&l, path, &err));
    assert_non_null(strstr(err.msg, "incomplete"));
    assert_int_equal(tu_entries_in(dir), 0);
    dl_free(&l);
    tu_remove_dir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(checker_rejects_malformed_xml),
        cmocka_unit_test(every_command_gives_well_formed_svg),
        cmocka_unit_test(text_is_escaped_and_bad_bytes_replaced),
        cmocka_unit_test(one_rect_element_per_rect),
        cmocka_unit_test(rect_outline_lies_inside_the_rect),
        cmocka_unit_test(numbers_are_short_and_always_valid),
        cmocka_unit_test(text_anchor_maps_to_svg_alignment),
        cmocka_unit_test(hatch_patterns_are_shared),
        cmocka_unit_test(file_holds_the_rendered_svg_and_no_temporary),
        cmocka_unit_test(unwritable_folder_fails_with_message_and_no_file),
        cmocka_unit_test(full_disk_keeps_the_old_file_and_leaves_no_temporary),
        cmocka_unit_test(overflowed_list_is_refused),
        cmocka_unit_test(output_matches_the_golden_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
