/* test_ui_lang.c — the window's own strings (the UI_LANG lines of assets/lang/en.h and fr.h) and the
 * names of the pictures s / S save: every key has a text in both languages, French is translated,
 * a format takes the same arguments in both languages (a mismatch would crash a printf), unknown
 * keys and languages fall back; file names follow SCENARIO-VIEW-MODEL-DATE-TIME.EXT. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "ui_int.h"

/* ---- Strings ------------------------------------------------------------------------------ */

static void every_key_has_english_and_french_text(void **state)
{
    (void)state;
    for (int k = 0; k < UI_S_COUNT; k++) {
        const char *en = ui_str_raw(LAY_LANG_EN, (ui_str_key)k), *fr = ui_str_raw(LAY_LANG_FR, (ui_str_key)k);
        if (!en || !*en || !fr || !*fr)
            fail_msg("UI_LANG(%s, ...): missing or empty in %s", ui_str_key_name((ui_str_key)k),
                     !en || !*en ? "en.h" : "fr.h");
    }
}

static void french_differs_from_english(void **state)
{
    (void)state;
    for (int k = 0; k < UI_S_COUNT; k++) {
        const char *en = ui_str(LAY_LANG_EN, (ui_str_key)k), *fr = ui_str(LAY_LANG_FR, (ui_str_key)k);
        if (strcmp(en, fr) == 0)
            fail_msg("UI_LANG(%s, \"%s\"): not translated in fr.h", ui_str_key_name((ui_str_key)k), en);
    }
}

/* The printf conversions of fmt in order ("%.*s" "%u" ...), '%%' left out, joined by spaces. */
static void conversions(const char *fmt, char *out, size_t n)
{
    size_t len = 0;
    out[0] = '\0';
    for (const char *p = fmt; (p = strchr(p, '%')) != NULL;) {
        if (p[1] == '%') {
            p += 2;
            continue;
        }
        size_t c = strspn(p + 1, "#0- +'.*0123456789hlLqjzt") + 2;   /* flags ... conversion */
        len += (size_t)snprintf(out + len, n - len, "%.*s ", (int)c, p);
        if (len >= n)
            fail_msg("too many conversions in '%s'", fmt);
        p += c;
    }
}

static void formats_take_the_same_arguments_in_both_languages(void **state)
{
    (void)state;
    int formats = 0;
    for (int k = 0; k < UI_S_COUNT; k++) {
        char a[128], b[128];
        conversions(ui_str(LAY_LANG_EN, (ui_str_key)k), a, sizeof a);
        conversions(ui_str(LAY_LANG_FR, (ui_str_key)k), b, sizeof b);
        if (strcmp(a, b) != 0)
            fail_msg("UI_LANG(%s): English takes '%s', French '%s'", ui_str_key_name((ui_str_key)k), a, b);
        formats += a[0] != '\0';
    }
    assert_true(formats >= 20);   /* the parser found the formats: CORES, PLAYHEAD, SCN_ERROR ... */
}

static void the_conversion_parser_sees_a_swapped_argument(void **state)
{
    (void)state;
    char a[64], b[64];
    conversions("playhead %s (%s, speed %s/s) 100%%", a, sizeof a);
    assert_string_equal(a, "%s %s %s ");
    conversions("error at %.*s: %llu of %zu", a, sizeof a);
    conversions("%zu sur %llu, erreur en %.*s", b, sizeof b);
    assert_string_equal(a, "%.*s %llu %zu ");
    assert_string_not_equal(a, b);
}

static void unknown_keys_and_languages_fall_back(void **state)
{
    (void)state;
    assert_string_equal(ui_str(LAY_LANG_EN, UI_S_COUNT), "");
    assert_string_equal(ui_str(LAY_LANG_COUNT, UI_S_GIL_ON), ui_str(LAY_LANG_EN, UI_S_GIL_ON));
    assert_null(ui_str_key_name(UI_S_COUNT));
    assert_null(ui_str_raw(LAY_LANG_COUNT, UI_S_GIL_ON));
    assert_string_equal(ui_str_key_name(UI_S_SAVED), "SAVED");
    assert_string_equal(ui_str(LAY_LANG_FR, UI_S_GIL_ON), "GIL actif");
    assert_string_equal(ui_str(LAY_LANG_EN, UI_S_SAVED), "saved %s");
    assert_string_equal(ui_str(LAY_LANG_FR, UI_S_KEY_ESC), "\xC3\x89" "chap");
}

/* ---- Names of saved pictures ---------------------------------------------------------------- */

static const struct {
    const char *path;      /* the scenario file, NULL: the built-in one */
    ui_screen screen;
    bool course, svg;
    scn_model model;
    const char *want;
} name_cases[] = {
    {NULL, UI_SCREEN_MAIN, false, false, SCN_THREADS, "default-timeline-threads-20261123-221530.png"},
    {"scenarios/w8-s1-fig5.scn", UI_SCREEN_MAIN, true, false, SCN_THREADS,
     "w8-s1-fig5-course-threads-20261123-221530.png"},
    {"w8-s1-fig5.scn", UI_SCREEN_MAIN, false, true, SCN_COROUTINES, "w8-s1-fig5-timeline-coroutines-20261123-221530.svg"},
    {"/abs/dir/x.scn", UI_SCREEN_COMPARE, true, false, SCN_SEQUENTIAL, "x-compare-all-20261123-221530.png"},
    {"a/b/load test.scn", UI_SCREEN_SWEEP, false, true, SCN_PROCESSES, "load_test-sweep-all-20261123-221530.svg"},
    {"noext", UI_SCREEN_MAIN, false, false, SCN_SEQUENTIAL, "noext-timeline-sequential-20261123-221530.png"},
    {"dir/.scn", UI_SCREEN_MAIN, false, false, SCN_PROCESSES, "_scn-timeline-processes-20261123-221530.png"},
    {"d/caf\xC3\xA9;rm *.scn", UI_SCREEN_MAIN, false, false, SCN_THREADS,
     "caf\xC3\xA9_rm__-timeline-threads-20261123-221530.png"},
};

static void saved_pictures_are_named_after_scenario_view_model_and_time(void **state)
{
    (void)state;
    setenv("TZ", "UTC", 1);
    tzset();
    struct tm tm = {.tm_year = 2026 - 1900, .tm_mon = 10, .tm_mday = 23, .tm_hour = 22, .tm_min = 15, .tm_sec = 30};
    time_t at = mktime(&tm);   /* in UTC, as the name is */
    assert_true(at != (time_t)-1);
    for (size_t i = 0; i < sizeof name_cases / sizeof name_cases[0]; i++) {
        ui *u = calloc(1, sizeof *u);
        ui_run *r = calloc(1, sizeof *r);
        assert_non_null(u);
        assert_non_null(r);
        u->doc.path = (char *)name_cases[i].path;
        u->doc.run = r;
        r->s.cfg.model = (uint8_t)name_cases[i].model;
        u->screen = name_cases[i].screen;
        u->course = name_cases[i].course;
        char name[256];
        ui_export_name(u, name_cases[i].svg, at, name, sizeof name);
        if (strcmp(name, name_cases[i].want) != 0)
            fail_msg("case %zu (%s): got '%s', expected '%s'", i, name_cases[i].path ? name_cases[i].path : "NULL",
                     name, name_cases[i].want);
        free(r);
        free(u);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_key_has_english_and_french_text),
        cmocka_unit_test(french_differs_from_english),
        cmocka_unit_test(formats_take_the_same_arguments_in_both_languages),
        cmocka_unit_test(the_conversion_parser_sees_a_swapped_argument),
        cmocka_unit_test(unknown_keys_and_languages_fall_back),
        cmocka_unit_test(saved_pictures_are_named_after_scenario_view_model_and_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
