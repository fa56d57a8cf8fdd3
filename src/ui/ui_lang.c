/* ui_lang.c — the window's own strings (status bar, notes, help title) in English and French, from
 * the one UI_STRINGS table of ui_int.h; the layout's strings live in lay_str (assets/lang). */
#include "ui_int.h"

static const char *const ui_en[UI_S_COUNT] = {
#define UI_STR_EN(k, en, fr) [UI_S_##k] = (en),
    UI_STRINGS(UI_STR_EN)
#undef UI_STR_EN
};

static const char *const ui_fr[UI_S_COUNT] = {
#define UI_STR_FR(k, en, fr) [UI_S_##k] = (fr),
    UI_STRINGS(UI_STR_FR)
#undef UI_STR_FR
};

const char *ui_str(lay_lang lang, ui_str_key k)
{
    if ((unsigned)k >= UI_S_COUNT)
        return "";
    return lang == LAY_LANG_FR ? ui_fr[k] : ui_en[k];
}
