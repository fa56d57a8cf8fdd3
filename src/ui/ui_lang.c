/* ui_lang.c — the window's own strings (status bar, notes, help) in English and French: the
 * UI_LANG lines of assets/lang/en.h and fr.h, the files that also hold the layout's strings (whose
 * LANG lines only lay_str.c reads). Keys are the UI_STRINGS list of ui_int.h. */
#include "ui_int.h"

/* A key the list does not know is a compile error here (UI_S_<KEY> undeclared); a key a file
 * lacks stays NULL and ui_str gives English (tests/test_ui_lang.c fails on it). */
#define LANG(k, text)
#define UI_LANG(k, text) [UI_S_##k] = (text),
static const char *const ui_en[UI_S_COUNT] = {
#include "lang/en.h"
};
static const char *const ui_fr[UI_S_COUNT] = {
#include "lang/fr.h"
};
#undef UI_LANG
#undef LANG

static const char *const ui_keys_names[UI_S_COUNT] = {
#define UI_STR_NAME(k) [UI_S_##k] = #k,
    UI_STRINGS(UI_STR_NAME)
#undef UI_STR_NAME
};

const char *ui_str(lay_lang lang, ui_str_key k)
{
    if ((unsigned)k >= UI_S_COUNT)
        return "";
    const char *s = lang == LAY_LANG_FR ? ui_fr[k] : ui_en[k];
    return s ? s : ui_en[k] ? ui_en[k] : "";
}

const char *ui_str_key_name(ui_str_key k)
{
    return (unsigned)k < UI_S_COUNT ? ui_keys_names[k] : NULL;
}

const char *ui_str_raw(lay_lang lang, ui_str_key k)
{
    if ((unsigned)k >= UI_S_COUNT || (unsigned)lang >= LAY_LANG_COUNT)
        return NULL;
    return lang == LAY_LANG_FR ? ui_fr[k] : ui_en[k];
}
