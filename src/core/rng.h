/* rng.h — counter-based random numbers: a value is a pure function of (seed, keys), so every
 * model draws the same durations for the same request step and a run is reproducible byte for byte. */
#ifndef RNG_H
#define RNG_H

#include <stdint.h>
#include "scn.h"

/* splitmix64 finaliser: a good 64-bit mix of x. */
static inline uint64_t rng_mix(uint64_t x)
{
    x += UINT64_C(0x9e3779b97f4a7c15);
    x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
    return x ^ (x >> 31);
}

/* A 64-bit key for the draw number `which` of `step` of request instance `inst`. */
static inline uint64_t rng_key(uint64_t seed, uint64_t inst, uint64_t step, uint64_t which)
{
    return rng_mix(seed ^ rng_mix(inst ^ rng_mix(step * 4 + which)));
}

/* A uniform double in (0, 1) from a key. */
double rng_unit(uint64_t key);

/* Samples d with the randomness of key; the result is clamped to [0, SCN_MAX_DURATION]. */
int64_t rng_sample(const scn_dist *d, uint64_t key);

#endif
