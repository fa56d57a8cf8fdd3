/* font.c — fontconfig lookup, TTF_Fonts per size, measuring, and the texture cache of strings. */
#include "font.h"

#include <fontconfig/fontconfig.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FONT_NOT_FOUND \
    "schedlab: error: no font found (install fonts-dejavu-core or pass --font PATH)"

typedef struct {
    TTF_Font *font;
    int px;
    bool bold;
    uint64_t last_use;
} font_open_entry;

struct font_lib {
    char *path[2];          /* regular, bold */
    bool synth_bold;        /* one file for both: bold through TTF_STYLE_BOLD */
    font_open_entry open[FONT_MAX_OPEN];
    size_t nopen;
    uint64_t tick;          /* use counter for least-recently-used closing */
    sl_err error;           /* first failure after construction */
};

/* ---- finding the files ---- */

/* The file fontconfig picks for FONT_FAMILY at weight, as a new string; NULL if none. */
static char *fc_find(FcConfig *cfg, int weight)
{
    char *out = NULL;
    FcPattern *pat = FcPatternCreate();
    FcPattern *match = NULL;
    FcResult res = FcResultNoMatch;
    if (!pat)
        goto done;
    FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)FONT_FAMILY);
    FcPatternAddInteger(pat, FC_WEIGHT, weight);
    FcPatternAddBool(pat, FC_SCALABLE, FcTrue);
    FcConfigSubstitute(cfg, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    match = FcFontMatch(cfg, pat, &res);
    FcChar8 *file = NULL;
    if (match && res == FcResultMatch && FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch)
        out = sl_strndup((const char *)file, strlen((const char *)file));
done:
    if (match)
        FcPatternDestroy(match);
    if (pat)
        FcPatternDestroy(pat);
    return out;
}

/* Fills lib->path from fontconfig. Uses its own FcConfig rather than FcInit's global one. */
static bool fc_lookup(font_lib *lib, sl_err *err)
{
    FcConfig *cfg = FcInitLoadConfigAndFonts();
    if (!cfg)
        return sl_fail(err, FONT_NOT_FOUND);
    lib->path[0] = fc_find(cfg, FC_WEIGHT_REGULAR);
    lib->path[1] = fc_find(cfg, FC_WEIGHT_BOLD);
    FcConfigDestroy(cfg);
    if (!lib->path[0])
        return sl_fail(err, FONT_NOT_FOUND);
    if (!lib->path[1] || strcmp(lib->path[0], lib->path[1]) == 0) {
        free(lib->path[1]);
        lib->path[1] = sl_strndup(lib->path[0], strlen(lib->path[0]));
        lib->synth_bold = true;
    }
    return lib->path[1] != NULL || sl_fail(err, "schedlab: error: out of memory");
}

/* Opens each file once so a bad font is reported now, not as missing text later. */
static bool font_probe(font_lib *lib, const char *given, sl_err *err)
{
    for (int b = 0; b < 2; b++) {
        TTF_Font *f = TTF_OpenFont(lib->path[b], 12);
        if (!f && given)
            return sl_fail(err, "%s: error: cannot open the font (%s)", given, TTF_GetError());
        if (!f)
            return sl_fail(err, FONT_NOT_FOUND " [fontconfig chose %s: %s]", lib->path[b],
                           TTF_GetError());
        TTF_CloseFont(f);
    }
    return true;
}

font_lib *font_lib_new(const char *path, sl_err *err)
{
    if (TTF_Init() != 0) {
        sl_fail(err, "schedlab: error: cannot start SDL_ttf: %s", TTF_GetError());
        return NULL;
    }
    font_lib *lib = calloc(1, sizeof *lib);
    if (!lib) {
        sl_fail(err, "schedlab: error: out of memory");
        goto fail;
    }
    if (path) {
        lib->path[0] = sl_strndup(path, strlen(path));
        lib->path[1] = sl_strndup(path, strlen(path));
        lib->synth_bold = true;
        if (!lib->path[0] || !lib->path[1]) {
            sl_fail(err, "schedlab: error: out of memory");
            goto fail;
        }
    } else if (!fc_lookup(lib, err)) {
        goto fail;
    }
    if (!font_probe(lib, path, err))
        goto fail;
    return lib;
fail:
    if (lib) {
        free(lib->path[0]);
        free(lib->path[1]);
        free(lib);
    }
    TTF_Quit();
    return NULL;
}

void font_lib_free(font_lib *lib)
{
    if (!lib)
        return;
    for (size_t i = 0; i < lib->nopen; i++)
        TTF_CloseFont(lib->open[i].font);
    free(lib->path[0]);
    free(lib->path[1]);
    free(lib);
    TTF_Quit();
}

const char *font_lib_path(const font_lib *lib, bool bold)
{
    return lib->path[bold ? 1 : 0];
}

const char *font_lib_error(const font_lib *lib)
{
    return lib->error.set ? lib->error.msg : NULL;
}

/* ---- fonts per size ---- */

/* The slot for a new font: a free one, else the least recently used after closing it. */
static font_open_entry *font_slot(font_lib *lib)
{
    if (lib->nopen < FONT_MAX_OPEN)
        return &lib->open[lib->nopen++];
    font_open_entry *lru = &lib->open[0];
    for (size_t i = 1; i < lib->nopen; i++)
        if (lib->open[i].last_use < lru->last_use)
            lru = &lib->open[i];
    TTF_CloseFont(lru->font);
    lru->font = NULL;
    return lru;
}

TTF_Font *font_get(font_lib *lib, int px, bool bold)
{
    px = px < FONT_MIN_PX ? FONT_MIN_PX : px > FONT_MAX_PX ? FONT_MAX_PX : px;
    lib->tick++;
    for (size_t i = 0; i < lib->nopen; i++) {
        font_open_entry *e = &lib->open[i];
        if (e->px == px && e->bold == bold && e->font) {
            e->last_use = lib->tick;
            return e->font;
        }
    }
    TTF_Font *f = TTF_OpenFont(lib->path[bold ? 1 : 0], px);
    if (!f) {
        sl_fail(&lib->error, "%s: error: cannot open the font at %dpx (%s)", lib->path[bold ? 1 : 0],
                px, TTF_GetError());
        return NULL;
    }
    if (bold && lib->synth_bold)
        TTF_SetFontStyle(f, TTF_STYLE_BOLD);
    font_open_entry *e = font_slot(lib);
    *e = (font_open_entry){f, px, bold, lib->tick};
    return f;
}

/* ---- measuring ---- */

/* s[0..len) NUL-terminated, in buf if it fits, else in a new allocation stored in *heap. */
static const char *font_cstr(const char *s, size_t len, char *buf, size_t cap, char **heap)
{
    *heap = NULL;
    if (len < cap) {
        memcpy(buf, s, len);
        buf[len] = '\0';
        return buf;
    }
    *heap = sl_strndup(s, len);
    return *heap;
}

static int font_px(float size)
{
    if (!(size >= FONT_MIN_PX))   /* also NaN */
        return FONT_MIN_PX;
    return size >= FONT_MAX_PX ? FONT_MAX_PX : (int)lroundf(size);
}

float font_width(void *ctx, const char *s, size_t len, float size, bool bold)
{
    font_lib *lib = ctx;
    TTF_Font *f = font_get(lib, font_px(size), bold);
    char buf[256], *heap;
    const char *z = f ? font_cstr(s, len, buf, sizeof buf, &heap) : NULL;
    int w = 0, h = 0;
    bool ok = z && TTF_SizeUTF8(f, z, &w, &h) == 0;
    if (z)
        free(heap);
    if (!ok)
        return dl_measure_approx(NULL, s, len, size, bold);
    /* Measured at a whole pixel size; scale to the fractional one asked for. */
    return (float)w * size / (float)font_px(size);
}

dl_measure font_measure(font_lib *lib)
{
    return (dl_measure){font_width, lib};
}

/* ---- the texture cache ---- */

typedef struct {
    uint64_t hash;
    char *text;          /* the key's bytes, owned */
    size_t len;
    int px;
    bool bold;
    bool used;           /* holds a texture (else on the free list) */
    bool ref;            /* looked up since the clock hand last passed */
    dl_color color;
    SDL_Texture *tex;
    int w, h;
    int32_t next;        /* next in the bucket chain, or in the free list; -1 ends */
} font_entry;

struct font_cache {
    font_lib *lib;
    SDL_Renderer *r;
    font_entry *e;
    size_t cap;
    int32_t *bucket;
    size_t nbucket;      /* power of two, at least 2 * cap */
    int32_t free_head;
    size_t hand;
    size_t max_bytes;
    font_stats st;
    char *scratch;       /* NUL-terminated copy of the text for TTF; grows to the longest */
    size_t scratch_cap;
};

static uint64_t font_hash(const char *s, size_t len, int px, bool bold, dl_color col)
{
    uint64_t h = 1469598103934665603u;   /* FNV-1a */
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    uint64_t extra[3] = {(uint64_t)px, bold, col};
    for (int i = 0; i < 3; i++)
        h = (h ^ extra[i]) * 1099511628211u;
    return h;
}

/* Links every entry into the free list and empties the buckets. */
static void cache_reset_lists(font_cache *c)
{
    for (size_t i = 0; i < c->nbucket; i++)
        c->bucket[i] = -1;
    for (size_t i = 0; i < c->cap; i++)
        c->e[i].next = i + 1 < c->cap ? (int32_t)(i + 1) : -1;
    c->free_head = 0;
    c->hand = 0;
}

font_cache *font_cache_new(font_lib *lib, SDL_Renderer *r, size_t max_entries, size_t max_bytes,
                           sl_err *err)
{
    max_entries = max_entries ? max_entries : FONT_CACHE_ENTRIES;
    if (max_entries > INT32_MAX / 4)
        max_entries = INT32_MAX / 4;
    font_cache *c = calloc(1, sizeof *c);
    if (!c)
        goto fail;
    c->lib = lib;
    c->r = r;
    c->cap = max_entries;
    c->max_bytes = max_bytes ? max_bytes : FONT_CACHE_BYTES;
    for (c->nbucket = 16; c->nbucket < 2 * c->cap; c->nbucket *= 2)
        ;
    c->e = calloc(c->cap, sizeof *c->e);
    c->bucket = malloc(c->nbucket * sizeof *c->bucket);
    if (!c->e || !c->bucket)
        goto fail;
    cache_reset_lists(c);
    return c;
fail:
    if (c) {
        free(c->e);
        free(c->bucket);
        free(c);
    }
    sl_fail(err, "schedlab: error: out of memory (text cache)");
    return NULL;
}

/* Unlinks entry i from its bucket, frees its texture and key, and puts it on the free list. */
static void cache_drop(font_cache *c, int32_t i)
{
    font_entry *e = &c->e[i];
    int32_t *link = &c->bucket[e->hash & (c->nbucket - 1)];
    while (*link != i)
        link = &c->e[*link].next;
    *link = e->next;
    SDL_DestroyTexture(e->tex);
    free(e->text);
    c->st.bytes -= (size_t)e->w * (size_t)e->h * 4;
    c->st.entries--;
    *e = (font_entry){.next = c->free_head};
    c->free_head = i;
}

/* Clock: the first entry under the hand not looked up since the last sweep goes. */
static void cache_evict_one(font_cache *c)
{
    for (;;) {
        font_entry *e = &c->e[c->hand];
        size_t at = c->hand;
        c->hand = (c->hand + 1) % c->cap;
        if (!e->used)
            continue;
        if (e->ref) {
            e->ref = false;
            continue;
        }
        cache_drop(c, (int32_t)at);
        c->st.evictions++;
        return;
    }
}

void font_cache_clear(font_cache *c)
{
    for (size_t i = 0; i < c->cap; i++) {
        if (c->e[i].used) {
            SDL_DestroyTexture(c->e[i].tex);
            free(c->e[i].text);
        }
        c->e[i] = (font_entry){0};
    }
    c->st.entries = 0;
    c->st.bytes = 0;
    cache_reset_lists(c);
}

void font_cache_free(font_cache *c)
{
    if (!c)
        return;
    font_cache_clear(c);
    free(c->e);
    free(c->bucket);
    free(c->scratch);
    free(c);
}

font_stats font_cache_stats(const font_cache *c)
{
    return c->st;
}

static font_entry *cache_find(font_cache *c, uint64_t hash, const char *s, size_t len, int px,
                              bool bold, dl_color col)
{
    for (int32_t i = c->bucket[hash & (c->nbucket - 1)]; i >= 0; i = c->e[i].next) {
        font_entry *e = &c->e[i];
        if (e->hash == hash && e->len == len && e->px == px && e->bold == bold && e->color == col &&
            memcmp(e->text, s, len) == 0)
            return e;
    }
    return NULL;
}

/* The string rendered by TTF as a blended texture; NULL on failure. */
static SDL_Texture *cache_render(font_cache *c, const char *s, size_t len, int px, bool bold,
                                 dl_color col)
{
    TTF_Font *f = c->lib ? font_get(c->lib, px, bold) : NULL;
    if (!f || !SL_GROW(c->scratch, c->scratch_cap, len + 1, (size_t)1 << 20))
        return NULL;
    memcpy(c->scratch, s, len);
    c->scratch[len] = '\0';
    c->st.renders++;
    SDL_Surface *surf = TTF_RenderUTF8_Blended(f, c->scratch, (SDL_Color){DL_R(col), DL_G(col), DL_B(col), 255});
    if (!surf)
        return NULL;
    SDL_Texture *tex = SDL_CreateTextureFromSurface(c->r, surf);
    SDL_FreeSurface(surf);
    if (tex) {
        SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_BLEND);
        SDL_SetTextureAlphaMod(tex, DL_A(col));
    }
    return tex;
}

/* Stores a rendered texture under its key, evicting to stay within the bounds. */
static font_entry *cache_insert(font_cache *c, uint64_t hash, const char *s, size_t len, int px,
                                bool bold, dl_color col, SDL_Texture *tex)
{
    int w = 0, h = 0;
    SDL_QueryTexture(tex, NULL, NULL, &w, &h);
    size_t bytes = (size_t)w * (size_t)h * 4;
    while (c->st.entries > 0 && (c->free_head < 0 || c->st.bytes + bytes > c->max_bytes))
        cache_evict_one(c);
    char *key = sl_strndup(s, len);
    if (!key || c->free_head < 0) {
        free(key);
        SDL_DestroyTexture(tex);
        return NULL;
    }
    int32_t i = c->free_head;
    font_entry *e = &c->e[i];
    c->free_head = e->next;
    int32_t *b = &c->bucket[hash & (c->nbucket - 1)];
    *e = (font_entry){hash, key, len, px, bold, true, true, col, tex, w, h, *b};
    *b = i;
    c->st.entries++;
    c->st.bytes += bytes;
    return e;
}

SDL_Texture *font_cache_text(font_cache *c, const char *s, size_t len, int px, bool bold,
                             dl_color col, int *w, int *h)
{
    len = strnlen(s, len);
    if (len == 0)
        return NULL;
    px = px < FONT_MIN_PX ? FONT_MIN_PX : px > FONT_MAX_PX ? FONT_MAX_PX : px;
    uint64_t hash = font_hash(s, len, px, bold, col);
    font_entry *e = cache_find(c, hash, s, len, px, bold, col);
    if (e) {
        c->st.hits++;
    } else {
        c->st.misses++;
        SDL_Texture *tex = cache_render(c, s, len, px, bold, col);
        e = tex ? cache_insert(c, hash, s, len, px, bold, col, tex) : NULL;
        if (!e) {
            c->st.failures++;
            return NULL;
        }
    }
    e->ref = true;
    *w = e->w;
    *h = e->h;
    return e->tex;
}
