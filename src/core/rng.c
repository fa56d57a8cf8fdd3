/* rng.c — sampling durations from counter-based random numbers. */
#include "rng.h"

#include <math.h>

double rng_unit(uint64_t key)
{
    /* 53 random bits, shifted by half a step so the result is never 0 nor 1. */
    return ((double)(rng_mix(key) >> 11) + 0.5) * (1.0 / 9007199254740992.0);
}

static int64_t clamp_dur(double x)
{
    if (!(x > 0.0))
        return 0;
    if (x >= (double)SCN_MAX_DURATION)
        return SCN_MAX_DURATION;
    return (int64_t)llround(x);
}

int64_t rng_sample(const scn_dist *d, uint64_t key)
{
    switch (d->kind) {
    case SCN_DIST_EXP:
        return clamp_dur(-(double)d->a * log(rng_unit(key)));
    case SCN_DIST_UNIFORM:
        return d->a + (int64_t)((double)(d->b - d->a) * rng_unit(key) + 0.5) ;
    default:
        return d->a;
    }
}
