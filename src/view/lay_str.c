/* lay_str.c — the strings the layout draws, one table per language compiled in from
 * assets/lang/<lang>.h (LANG(KEY, "text") lines), and the status line built from them. */
#include "lay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A key a table does not know is a compile error here (LAY_S_<KEY> undeclared). */
#define LANG(k, text) [LAY_S_##k] = (text),
static const char *const str_en[LAY_S_COUNT] = {
#include "lang/en.h"
};
static const char *const str_fr[LAY_S_COUNT] = {
#include "lang/fr.h"
};
#undef LANG

static const char *const str_keys[LAY_S_COUNT] = {
#define LAY_STR_KEY(k, key) [LAY_S_##k] = (key),
    LAY_STRINGS(LAY_STR_KEY)
#undef LAY_STR_KEY
};

static const char *const *const str_tables[LAY_LANG_COUNT] = {
    [LAY_LANG_EN] = str_en,
    [LAY_LANG_FR] = str_fr,
};

static const char *const lang_names[LAY_LANG_COUNT] = {[LAY_LANG_EN] = "en", [LAY_LANG_FR] = "fr"};

const char *lay_str(lay_lang lang, lay_str_key k)
{
    if ((unsigned)k >= LAY_S_COUNT)
        return "";
    const char *const *tab = (unsigned)lang < LAY_LANG_COUNT ? str_tables[lang] : str_en;
    return tab[k] ? tab[k] : str_en[k] ? str_en[k] : "";
}

const char *lay_str_key_name(lay_str_key k)
{
    return (unsigned)k < LAY_S_COUNT ? str_keys[k] : NULL;
}

const char *lay_state_str(lay_lang lang, trc_state s)
{
    static const lay_str_key keys[TRC_STATE_COUNT] = {
        [TRC_RUN] = LAY_S_STATE_RUN,         [TRC_READY] = LAY_S_STATE_READY,
        [TRC_GIL] = LAY_S_STATE_GIL,         [TRC_WAIT] = LAY_S_STATE_WAIT,
        [TRC_BLOCKED] = LAY_S_STATE_BLOCKED, [TRC_SWITCH] = LAY_S_STATE_SWITCH,
        [TRC_SPAWN] = LAY_S_STATE_SPAWN,     [TRC_SERVE] = LAY_S_STATE_SERVE,
        [TRC_QUEUED] = LAY_S_STATE_QUEUED,   [TRC_AWAIT] = LAY_S_STATE_AWAIT,
        [TRC_LOCKWAIT] = LAY_S_STATE_LOCKWAIT, [TRC_QWAIT] = LAY_S_STATE_QWAIT,
    };
    return (unsigned)s < TRC_STATE_COUNT ? lay_str(lang, keys[s]) : "?";
}

const char *lay_lane_name(const trc *t, uint32_t lane, lay_lang lang, char *buf, size_t n)
{
    static const lay_str_key words[TRC_WORD_COUNT] = {
        [TRC_WORD_CORE] = LAY_S_WORD_CORE,     [TRC_WORD_MAIN] = LAY_S_WORD_MAIN,
        [TRC_WORD_PROCESS] = LAY_S_WORD_PROCESS, [TRC_WORD_THREAD] = LAY_S_WORD_THREAD,
        [TRC_WORD_WORKER] = LAY_S_WORD_WORKER, [TRC_WORD_LOOP] = LAY_S_WORD_LOOP,
        [TRC_WORD_COROUTINE] = LAY_S_WORD_COROUTINE,
    };
    const trc_lane *l = &t->lanes[lane];
    if (l->word == TRC_WORD_NONE || l->word >= TRC_WORD_COUNT)
        return l->name ? l->name : "";
    if (l->has_number)
        snprintf(buf, n, "%s %d", lay_str(lang, words[l->word]), (int)l->number);
    else
        snprintf(buf, n, "%s", lay_str(lang, words[l->word]));
    return buf;
}

/* Past this many requests a figure is not what is drawn: no search for a lane's request. */
#define FIG_NAME_REQS 4096

const char *lay_lane_fig_name(const trc *t, uint32_t lane, lay_lang lang, char *buf, size_t n)
{
    const trc_lane *l = &t->lanes[lane];
    int32_t found = -1;
    bool unit = l->kind == TRC_LANE_UNIT || l->kind == TRC_LANE_CORO;
    for (size_t i = 0; unit && t->nreqs <= FIG_NAME_REQS && i < t->nreqs; i++) {
        if (t->reqs[i].lane != (int32_t)lane)
            continue;
        if (found >= 0)   /* two requests ran here: a worker, not one request's unit */
            return lay_lane_name(t, lane, lang, buf, n);
        found = (int32_t)i;
    }
    if (found < 0 || t->reqs[found].tmpl >= t->ntmpls)
        return lay_lane_name(t, lane, lang, buf, n);
    const trc_tmpl *tm = &t->tmpls[t->reqs[found].tmpl];
    if (tm->count != 1 || !tm->name)
        return lay_lane_name(t, lane, lang, buf, n);
    return tm->name;
}

const char *lay_mark_str(lay_lang lang, trc_mark_kind k)
{
    static const lay_str_key keys[TRC_MARK_KIND_COUNT] = {
        [TRC_MK_AWAIT] = LAY_S_MARK_AWAIT, [TRC_MK_RETURN] = LAY_S_MARK_RETURN,
        [TRC_MK_SPAWN] = LAY_S_MARK_SPAWN, [TRC_MK_FAIL] = LAY_S_MARK_FAIL,
        [TRC_MK_SWITCH] = LAY_S_MARK_SWITCH, [TRC_MK_NOTE] = LAY_S_MARK_NOTE,
        [TRC_MK_TIMEOUT] = LAY_S_MARK_TIMEOUT, [TRC_MK_DEADLOCK] = LAY_S_MARK_DEADLOCK,
        [TRC_MK_ERROR] = LAY_S_MARK_ERROR,
    };
    return (unsigned)k < TRC_MARK_KIND_COUNT ? lay_str(lang, keys[k]) : "?";
}

const char *lay_model_str(lay_lang lang, scn_model m)
{
    static const lay_str_key keys[SCN_MODEL_COUNT] = {
        [SCN_SEQUENTIAL] = LAY_S_MODEL_SEQUENTIAL, [SCN_PROCESSES] = LAY_S_MODEL_PROCESSES,
        [SCN_THREADS] = LAY_S_MODEL_THREADS,       [SCN_COROUTINES] = LAY_S_MODEL_COROUTINES,
    };
    return (unsigned)m < SCN_MODEL_COUNT ? lay_str(lang, keys[m]) : "?";
}

bool lay_lang_from_name(const char *name, lay_lang *out)
{
    for (int i = 0; i < LAY_LANG_COUNT; i++)
        if (name && strcasecmp(name, lang_names[i]) == 0)
            return *out = (lay_lang)i, true;
    return false;
}

const char *lay_lang_name(lay_lang lang)
{
    return (unsigned)lang < LAY_LANG_COUNT ? lang_names[lang] : lang_names[LAY_LANG_EN];
}

lay_lang lay_lang_from_locale(void)
{
    static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        const char *v = getenv(vars[i]);
        if (v && *v)
            return strncasecmp(v, "fr", 2) == 0 ? LAY_LANG_FR : LAY_LANG_EN;
    }
    return LAY_LANG_EN;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* A unit after a number: its length in s, and what French writes for it in *fr (NULL: as is). */
static size_t unit_at(const char *s, const char **fr)
{
    static const struct { const char *en, *fr; } units[] = {
        {"KiB", "Kio"}, {"MiB", "Mio"}, {"GiB", "Gio"}, {"TiB", "Tio"}, {"PiB", "Pio"}, {"B", "o"},
        {"ms", NULL}, {"\xC2\xB5s", NULL}, {"ns", NULL}, {"s", NULL}, {"%", NULL},
    };
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        size_t k = strlen(units[i].en);
        char next = s[k];
        bool word_ends = !(next >= 'a' && next <= 'z') && !(next >= 'A' && next <= 'Z');
        if (strncmp(s, units[i].en, k) == 0 && word_ends)
            return *fr = units[i].fr, k;
    }
    return 0;
}

char *lay_localize(lay_lang lang, char *buf, size_t n)
{
    if (lang != LAY_LANG_FR || n == 0)
        return buf;
    char out[256];
    size_t o = 0, len = strlen(buf);
    size_t run = 0;   /* digits left in the integer part being copied (0: not in one) */
    for (size_t i = 0; i < len && o + 8 < sizeof out; i++) {
        char c = buf[i];
        bool after_digit = i > 0 && is_digit(buf[i - 1]);
        if (is_digit(c) && !after_digit && !(i > 0 && (buf[i - 1] == '.' || buf[i - 1] == ','))) {
            run = 0;
            while (is_digit(buf[i + run]))
                run++;
            run = run >= 5 ? run : 0;   /* "10 000", but "1500" stays whole, as French usage has it */
        }
        if (run > 0) {
            if (run % 3 == 0 && after_digit)
                out[o++] = ' ';
            out[o++] = c;
            run--;
            continue;
        }
        if (c == '.' && after_digit && is_digit(buf[i + 1])) {
            out[o++] = ',';
            continue;
        }
        const char *fr = NULL;
        size_t k = after_digit ? unit_at(buf + i, &fr) : 0;
        if (k) {
            const char *u = fr ? fr : buf + i;
            size_t ul = fr ? strlen(fr) : k;
            out[o++] = ' ';
            memcpy(out + o, u, ul);
            o += ul, i += k - 1;
            continue;
        }
        out[o++] = c;
    }
    out[o] = '\0';
    size_t keep = o < n ? o : n - 1;
    while (keep > 0 && keep < o && ((unsigned char)out[keep] & 0xC0) == 0x80)
        keep--;   /* not inside a UTF-8 sequence */
    memcpy(buf, out, keep);
    buf[keep] = '\0';
    return buf;
}

char *lay_status_text(char *buf, size_t n, lay_lang lang, scn_model model, const char *params,
                      const sim_metrics *m)
{
    char mk[48], mem[48], util[32];
    sl_fmt_dur(m->makespan_ns, mk, sizeof mk);
    sl_fmt_size(m->peak_memory_bytes, mem, sizeof mem);
    snprintf(util, sizeof util, "%.0f%%", m->utilization * 100.0);
    lay_localize(lang, mk, sizeof mk);
    lay_localize(lang, mem, sizeof mem);
    lay_localize(lang, util, sizeof util);
    snprintf(buf, n, "%s%s%s   %s %s   %s %s   %s %llu   %s %s   %s %llu", lay_model_str(lang, model),
             params && *params ? "  " : "", params ? params : "",
             lay_str(lang, LAY_S_STATUS_MAKESPAN), mk,
             lay_str(lang, LAY_S_STATUS_UTIL), util,
             lay_str(lang, LAY_S_STATUS_SWITCHES), (unsigned long long)m->context_switches,
             lay_str(lang, LAY_S_STATUS_PEAK_MEM), mem,
             lay_str(lang, LAY_S_STATUS_FAILED), (unsigned long long)m->failed);
    size_t len = strlen(buf);
    if (m->timeouts && len < n)
        len += (size_t)snprintf(buf + len, n - len, "   %s %llu", lay_str(lang, LAY_S_STATUS_TIMEOUTS),
                                (unsigned long long)m->timeouts);
    if (m->deadlock_units && len < n) {
        char at[32];
        lay_fmt_dur(m->deadlock_ns, lang, at, sizeof at);
        snprintf(buf + len, n - len, "   %s %s (%llu)", lay_str(lang, LAY_S_STATUS_DEADLOCK), at,
                 (unsigned long long)m->deadlock_units);
    }
    return buf;
}
