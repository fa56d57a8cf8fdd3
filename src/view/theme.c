/* theme.c — the three themes and the request colours. */
#include "theme.h"

#include <string.h>

#define C(hex) ((dl_color)(((uint32_t)(hex) << 8) | 0xFFu))   /* 0xRRGGBB, opaque */

/* Okabe & Ito (2008), "Color Universal Design", without black (it reads as a switch block):
 * distinguishable with the common colour-vision deficiencies. */
static const dl_color okabe_ito[] = {
    C(0xE69F00), C(0x56B4E9), C(0x009E73), C(0xCC79A7), C(0x0072B2), C(0xD55E00), C(0xF0E442),
};

/* Paul Tol's "bright" scheme, for projectors: saturated, still colour-blind safe. */
static const dl_color tol_bright[] = {
    C(0x4477AA), C(0xEE6677), C(0x228833), C(0xCCBB44), C(0x66CCEE), C(0xAA3377),
};

#define PAL(p) (p), (sizeof (p) / sizeof (p)[0])

static const theme themes[THEME_COUNT] = {
    [THEME_LIGHT] = {
        .name = "light", .bg = C(0xFFFFFF), .plot_bg_alt = C(0xF6F7F9), .fg = C(0x1A1A1A),
        .fg_dim = C(0x6B6B6B), .grid = C(0xE3E5E8), .lane_line = C(0x9A9A9A),
        .header_bg = C(0xE9ECF1), .header_fg = C(0x1A1A1A), .panel_bg = C(0xFAFAFB),
        .panel_line = C(0xC9CDD3), .hatch_ready = C(0x7A7A7A), .hatch_gil = C(0xB2182B),
        .blocked = C(0x222222), .switch_fill = C(0x4D4D4D), .switch_mark = C(0xFFFFFF),
        .spawn = C(0x8C6D31), .fail = C(0xD00000), .marker = C(0x111111), .note = C(0x2B6CB0),
        .msg = C(0x555555), .select = C(0x000000), .playhead = C(0xD00000), .hover = C(0x2B6CB0),
        .text_on_dark = C(0xFFFFFF), .text_on_light = C(0x111111), .dim = 0.75f,
        .palette = PAL(okabe_ito),
    },
    [THEME_DARK] = {
        .name = "dark", .bg = C(0x1E1F22), .plot_bg_alt = C(0x25272B), .fg = C(0xE6E6E6),
        .fg_dim = C(0x9A9DA3), .grid = C(0x34373C), .lane_line = C(0x5A5D63),
        .header_bg = C(0x2E3136), .header_fg = C(0xE6E6E6), .panel_bg = C(0x232428),
        .panel_line = C(0x41444A), .hatch_ready = C(0xB0B0B0), .hatch_gil = C(0xFF7B7B),
        .blocked = C(0xE6E6E6), .switch_fill = C(0x8A8A8A), .switch_mark = C(0x000000),
        .spawn = C(0xC9A45C), .fail = C(0xFF4D4D), .marker = C(0xE6E6E6), .note = C(0x7DB3F0),
        .msg = C(0xAAAAAA), .select = C(0xFFFFFF), .playhead = C(0xFF5A5A), .hover = C(0x7DB3F0),
        .text_on_dark = C(0xFFFFFF), .text_on_light = C(0x111111), .dim = 0.7f,
        .palette = PAL(okabe_ito),
    },
    [THEME_CONTRAST] = {
        .name = "contrast", .bg = C(0xFFFFFF), .plot_bg_alt = C(0xF0F0F0), .fg = C(0x000000),
        .fg_dim = C(0x303030), .grid = C(0xBDBDBD), .lane_line = C(0x000000),
        .header_bg = C(0xD6D6D6), .header_fg = C(0x000000), .panel_bg = C(0xFFFFFF),
        .panel_line = C(0x000000), .hatch_ready = C(0x000000), .hatch_gil = C(0xC00000),
        .blocked = C(0x000000), .switch_fill = C(0x000000), .switch_mark = C(0xFFFFFF),
        .spawn = C(0x6A3D00), .fail = C(0xE00000), .marker = C(0x000000), .note = C(0x0000C0),
        .msg = C(0x000000), .select = C(0x000000), .playhead = C(0xE00000), .hover = C(0x0000C0),
        .text_on_dark = C(0xFFFFFF), .text_on_light = C(0x000000), .dim = 0.8f,
        .palette = PAL(tol_bright),
    },
};

const theme *theme_get(theme_id id)
{
    return (unsigned)id < THEME_COUNT ? &themes[id] : &themes[THEME_LIGHT];
}

bool theme_from_name(const char *name, theme_id *out)
{
    for (int i = 0; i < THEME_COUNT; i++) {
        if (strcmp(themes[i].name, name) == 0) {
            *out = (theme_id)i;
            return true;
        }
    }
    return false;
}

dl_color theme_req_color(const theme *th, const trc *t, int32_t req)
{
    if (req < 0)
        return th->fg_dim;
    if ((size_t)req < t->nreqs && t->reqs[req].tmpl < t->ntmpls) {
        const trc_tmpl *tm = &t->tmpls[t->reqs[req].tmpl];
        if (tm->has_color)
            return C(tm->color & 0xFFFFFFu);
    }
    return th->palette[(uint32_t)req % th->npalette];
}

static uint8_t mix8(uint8_t a, uint8_t b, float f)
{
    return (uint8_t)((float)a + ((float)b - (float)a) * f + 0.5f);
}

dl_color theme_mix(dl_color c, dl_color to, float f)
{
    return DL_RGBA(mix8(DL_R(c), DL_R(to), f), mix8(DL_G(c), DL_G(to), f), mix8(DL_B(c), DL_B(to), f), DL_A(c));
}

/* Relative luminance with the sRGB weights, without gamma: good enough to pick black or white. */
dl_color theme_text_on(const theme *th, dl_color fill)
{
    float y = 0.2126f * DL_R(fill) + 0.7152f * DL_G(fill) + 0.0722f * DL_B(fill);
    return y < 140.0f ? th->text_on_dark : th->text_on_light;
}
