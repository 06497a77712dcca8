/* rng.h — PCG32, a small, fast, statistically good random number generator (O'Neill, 2014).
 *
 * glassbox needs randomness twice: drawing the next token and initialising weights. Both must be
 * reproducible: the same seed gives the same sequence on every machine and every run, so a
 * teacher can replay a lesson exactly. PCG32 keeps 64 bits of state, advances it with a linear
 * congruential step and outputs a permuted 32-bit value.
 */
#ifndef GB_RNG_H
#define GB_RNG_H

#include <stdint.h>

typedef struct {
    uint64_t state;
    uint64_t inc;    /* must be odd */
} Rng;

void rng_seed(Rng *r, uint64_t seed, uint64_t stream);
uint32_t rng_u32(Rng *r);
/* Uniform in [0, 1), with 24 random bits (every value is exactly representable as a float). */
float rng_uniform(Rng *r);
/* Standard normal (Box-Muller). */
float rng_normal(Rng *r);

#endif
