/* sampler.c — temperature, top-k, top-p and the draw. See sampler.h for the order of operations. */
#include "sampler.h"
#include "gpt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

SamplerSettings sampler_defaults(void)
{
    SamplerSettings s = {1.0f, 0, 1.0f, 42};
    return s;
}

int sampler_check(const SamplerSettings *s, GbError *err)
{
    if (!(s->temperature >= 0.0f) || !isfinite(s->temperature) || s->temperature > 1000.0f)
        return gb_fail(err, "sampler", "temperature must be between 0 and 1000 (hint: 0 is greedy, "
                       "1 is the model's own distribution)");
    if (s->top_k < 0) return gb_fail(err, "sampler", "top-k must be 0 (off) or a positive number");
    if (!(s->top_p > 0.0f && s->top_p <= 1.0f))
        return gb_fail(err, "sampler", "top-p must be in (0, 1] (hint: 1 turns it off)");
    return 0;
}

int sampler_argmax(const float *x, int V)
{
    int best = 0;
    for (int i = 1; i < V; i++) if (x[i] > x[best]) best = i;
    return best;
}

int sampler_top(const float *x, int V, int *out, int k)
{
    /* Keep a sorted list of the best k seen so far; a newcomer is inserted from the end. */
    int n = 0;
    if (k <= 0) return 0;
    for (int i = 0; i < V; i++) {
        if (n == k && x[i] <= x[out[n - 1]]) continue;
        int j = n < k ? n++ : n - 1;
        while (j > 0 && x[out[j - 1]] < x[i]) { out[j] = out[j - 1]; j--; }
        out[j] = i;
    }
    return n;
}

/* qsort's comparator context: C's qsort has none, so the probabilities travel in a static. The
 * sampler is called from one thread at a time. */
static const float *sort_probs;

static int by_prob_desc(const void *a, const void *b)
{
    int i = *(const int *)a, j = *(const int *)b;
    if (sort_probs[i] != sort_probs[j]) return sort_probs[i] < sort_probs[j] ? 1 : -1;
    return (i > j) - (i < j);
}

void sampler_distribution(const SamplerSettings *s, const float *logits, int V, float *probs,
                          uint8_t *cut, int *order)
{
    memset(cut, GPT_CUT_KEPT, (size_t)V);

    /* 1. Temperature. Dividing the logits by T < 1 sharpens the distribution, T > 1 flattens it;
     * as T goes to 0 all probability goes to the most likely token, so T = 0 is greedy.
     * PyTorch: probs = F.softmax(logits / T, dim=-1) */
    if (s->temperature == 0.0f) {
        int best = sampler_argmax(logits, V);
        for (int i = 0; i < V; i++) probs[i] = 0.0f;
        probs[best] = 1.0f;
        return;
    }
    float max = logits[0];
    for (int i = 1; i < V; i++) if (logits[i] > max) max = logits[i];
    double sum = 0.0;
    for (int i = 0; i < V; i++) {
        probs[i] = expf((logits[i] - max) / s->temperature);               /* @temperature */
        sum += probs[i];
    }
    for (int i = 0; i < V; i++) probs[i] = (float)(probs[i] / sum);        /* @softmax */
    if (s->top_k <= 0 && s->top_p >= 1.0f) return;

    /* Rank the tokens from most to least probable. */
    for (int i = 0; i < V; i++) order[i] = i;
    sort_probs = probs;
    qsort(order, (size_t)V, sizeof *order, by_prob_desc);

    /* 2. Top-k: only the k most probable tokens stay in the running. */
    int kept = V;
    if (s->top_k > 0 && s->top_k < V) {
        for (int r = s->top_k; r < V; r++) cut[order[r]] = GPT_CUT_TOP_K;  /* @top-k */
        kept = s->top_k;
    }

    /* 3. Top-p ("nucleus"): walk down the ranking, adding probabilities (renormalised over the
     * tokens top-k kept) until they reach p; everything after that point is cut. */
    if (s->top_p < 1.0f) {
        double total = 0.0, run = 0.0;
        for (int r = 0; r < kept; r++) total += probs[order[r]];
        int r = 0;
        while (r < kept) {
            run += probs[order[r]] / total;
            r++;
            if (run >= s->top_p) break;
        }
        for (int q = r; q < kept; q++) cut[order[q]] = GPT_CUT_TOP_P;     /* @top-p */
        kept = r;
    }

    /* 4. Renormalise what is left. */
    double left = 0.0;
    for (int r = 0; r < kept; r++) left += probs[order[r]];
    for (int i = 0; i < V; i++) probs[i] = cut[i] ? 0.0f : (float)(probs[i] / left); /* @renormalise */
}

int sampler_draw(Rng *rng, const float *probs, int V, float *u_out)
{
    /* Inverse transform sampling: lay the probabilities end to end on [0, 1) and see where a
     * uniform random number lands. */
    float u = rng_uniform(rng);                                            /* @uniform number */
    if (u_out) *u_out = u;
    double cdf = 0.0;
    int last = 0;
    for (int i = 0; i < V; i++) {
        if (probs[i] <= 0.0f) continue;
        cdf += probs[i];                                                   /* @running total */
        last = i;
        if (u < cdf) return i;                                             /* @lands here */
    }
    return last; /* rounding left the total a hair below u */
}

int sampler_rank(const float *x, int V, int id)
{
    int r = 0;
    for (int i = 0; i < V; i++)
        if (x[i] > x[id] || (x[i] == x[id] && i < id)) r++;
    return r;
}
