/* sampler.h — from logits to the next token: temperature, top-k, top-p, and a seeded draw.
 *
 * The sampler is split in two on purpose. sampler_distribution() turns raw logits into the exact
 * distribution that will be sampled from, and says which tokens each cut removed — that is what
 * the probability bars show, and the viewer calls it again whenever a slider moves. sampler_draw()
 * then picks one token from that distribution with a PCG random number.
 *
 * The order of operations is GPT-2's (and Hugging Face's):
 *   1. temperature   logits / T, then softmax  (T = 0 means greedy: all mass on the argmax)
 *   2. top-k         keep the k most probable tokens (k = 0: off)
 *   3. top-p         keep the smallest set of the most probable tokens whose probabilities add
 *                    up to at least p (p = 1: off); always at least one token
 *   4. renormalise   the kept probabilities are divided by their sum
 * Ties are broken by the smaller token id, so the result never depends on sort stability.
 */
#ifndef GB_SAMPLER_H
#define GB_SAMPLER_H

#include <stdint.h>
#include "rng.h"
#include "util.h"

typedef struct {
    float temperature;   /* 0 = greedy; default 1 */
    int top_k;           /* 0 = off */
    float top_p;         /* 1 = off */
    uint64_t seed;
} SamplerSettings;

/* temperature 1, top-k off, top-p off, seed 42 */
SamplerSettings sampler_defaults(void);
/* Check the ranges (temperature >= 0 and finite, top_k >= 0, 0 < top_p <= 1). */
int sampler_check(const SamplerSettings *s, GbError *err);

/* logits (V) -> probs (V) and cut (V, a GptCut per token). `order` is scratch space for V ints
 * (caller-provided so the hot path does not allocate). */
void sampler_distribution(const SamplerSettings *s, const float *logits, int V, float *probs,
                          uint8_t *cut, int *order);

/* Draw a token from probs (V) using one uniform number from rng, which goes to *u (u may be
 * NULL). Only tokens with p > 0 can be drawn. */
int sampler_draw(Rng *rng, const float *probs, int V, float *u);

/* The k ids with the largest values in x (V), largest first, the smaller id first among equals.
 * Writes min(k, V) ids to out and returns how many. */
int sampler_top(const float *x, int V, int *out, int k);

/* The rank of id in x (V) in sampler_top's order: how many ids come before it (a larger value,
 * or an equal value and a smaller id). 0 is the top. */
int sampler_rank(const float *x, int V, int id);

/* The id with the largest value (the smallest id among equals). */
int sampler_argmax(const float *x, int V);

#endif
