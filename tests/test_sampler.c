/* test_sampler.c — the distribution after temperature / top-k / top-p, and the draw.
 *
 * The expected distribution is computed here independently (in double precision, with a plain
 * selection instead of a sort), then 200,000 seeded draws are compared with it by a chi-square
 * test. Tokens a cut removed must never be drawn. Temperature 0 must be argmax. */
#include "check.h"
#include "gpt.h"
#include "rng.h"
#include "sampler.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define V 24
#define DRAWS 200000

/* Expected probabilities, the slow and obvious way. */
static void expected(const float *logits, float T, int k, float p, double *out)
{
    double q[V], max = -1e300, z = 0;
    for (int i = 0; i < V; i++) if (logits[i] > max) max = logits[i];
    for (int i = 0; i < V; i++) z += q[i] = exp((logits[i] - max) / T);
    for (int i = 0; i < V; i++) q[i] /= z;
    int rank[V], used[V] = {0};
    for (int r = 0; r < V; r++) {      /* selection: the r-th most probable, smaller id on ties */
        int best = -1;
        for (int i = 0; i < V; i++) if (!used[i] && (best < 0 || q[i] > q[best])) best = i;
        used[best] = 1;
        rank[r] = best;
    }
    int kept = (k > 0 && k < V) ? k : V;
    if (p < 1.0f) {
        double total = 0, run = 0;
        for (int r = 0; r < kept; r++) total += q[rank[r]];
        int r = 0;
        while (r < kept) { run += q[rank[r]] / total; r++; if (run >= p) break; }
        kept = r;
    }
    double left = 0;
    for (int i = 0; i < V; i++) out[i] = 0;
    for (int r = 0; r < kept; r++) left += q[rank[r]];
    for (int r = 0; r < kept; r++) out[rank[r]] = q[rank[r]] / left;
}

/* Upper critical value of chi-square with df degrees of freedom at alpha = 0.001
 * (Wilson-Hilferty approximation; z = 3.0902). */
static double chi2_critical(int df)
{
    double z = 3.0902, a = 2.0 / (9.0 * df);
    double t = 1.0 - a + z * sqrt(a);
    return df * t * t * t;
}

static void test_setting(const float *logits, float T, int k, float p, uint64_t seed)
{
    SamplerSettings s = {T, k, p, seed};
    float probs[V];
    uint8_t cut[V];
    int order[V];
    double want[V];
    sampler_distribution(&s, logits, V, probs, cut, order);
    expected(logits, T, k, p, want);
    double max_diff = 0;
    int cut_ok = 1;
    for (int i = 0; i < V; i++) {
        max_diff = fmax(max_diff, fabs(probs[i] - want[i]));
        if ((want[i] == 0) != (probs[i] == 0)) cut_ok = 0;
        if ((cut[i] != GPT_CUT_KEPT) != (probs[i] == 0)) cut_ok = 0;
    }
    CHECK(max_diff < 1e-6, "T=%g k=%d p=%g: probabilities match (max diff %g)", (double)T, k, (double)p, max_diff);
    CHECK(cut_ok, "T=%g k=%d p=%g: exactly the cut tokens have probability 0", (double)T, k, (double)p);
    /* Which cut removed what: top-k removes ranks >= k; top-p only removes survivors of top-k. */
    if (k > 0) {
        int n_topk = 0;
        for (int i = 0; i < V; i++) n_topk += cut[i] == GPT_CUT_TOP_K;
        CHECK(n_topk == V - k, "top-k=%d removed %d tokens", k, n_topk);
    }

    Rng rng;
    rng_seed(&rng, seed, 0);
    long count[V] = {0};
    for (int d = 0; d < DRAWS; d++) count[sampler_draw(&rng, probs, V, NULL)]++;
    double chi2 = 0;
    int df = -1, drew_cut = 0;
    for (int i = 0; i < V; i++) {
        if (want[i] == 0) { drew_cut += count[i] != 0; continue; }
        double e = want[i] * DRAWS;
        chi2 += (count[i] - e) * (count[i] - e) / e;
        df++;
    }
    CHECK(drew_cut == 0, "T=%g k=%d p=%g: no removed token was ever drawn", (double)T, k, (double)p);
    if (df >= 1) {
        printf("  T=%-4g top-k=%-2d top-p=%-4g  %d kept  chi2 = %7.2f (df %d, 0.1%% critical %.2f)\n",
               (double)T, k, (double)p, df + 1, chi2, df, chi2_critical(df));
        CHECK(chi2 < chi2_critical(df), "T=%g k=%d p=%g: frequencies match (chi2 %.2f, df %d)", (double)T,
              k, (double)p, chi2, df);
    } else {
        CHECK(count[sampler_argmax(probs, V)] == DRAWS, "a single kept token is always drawn");
    }
}

int main(void)
{
    float logits[V];
    Rng r;
    rng_seed(&r, 2024, 3);
    for (int i = 0; i < V; i++) logits[i] = 2.0f * rng_normal(&r);
    logits[5] = logits[9]; /* a tie */

    test_setting(logits, 1.0f, 0, 1.0f, 1);
    test_setting(logits, 0.5f, 0, 1.0f, 2);
    test_setting(logits, 2.0f, 0, 1.0f, 3);
    test_setting(logits, 1.0f, 5, 1.0f, 4);
    test_setting(logits, 1.0f, 0, 0.7f, 5);
    test_setting(logits, 1.3f, 8, 0.9f, 6);
    test_setting(logits, 0.8f, 1, 1.0f, 7);
    test_setting(logits, 1.0f, 0, 1e-6f, 8);

    /* Temperature 0 is argmax, every time, whatever the seed. */
    SamplerSettings greedy = {0.0f, 0, 1.0f, 9};
    float probs[V];
    uint8_t cut[V];
    int order[V];
    sampler_distribution(&greedy, logits, V, probs, cut, order);
    int best = 0;
    for (int i = 1; i < V; i++) if (logits[i] > logits[best]) best = i;
    int all_best = 1;
    for (uint64_t seed = 0; seed < 1000; seed++) {
        Rng g;
        rng_seed(&g, seed, seed);
        all_best &= sampler_draw(&g, probs, V, NULL) == best;
    }
    CHECK(probs[best] == 1.0f && all_best, "temperature 0 always picks the argmax (%d)", best);

    /* The same seed gives the same sequence. */
    Rng a, b;
    rng_seed(&a, 77, 5);
    rng_seed(&b, 77, 5);
    int same = 1;
    for (int i = 0; i < 1000; i++) same &= rng_u32(&a) == rng_u32(&b);
    CHECK(same, "same seed, same numbers");
    rng_seed(&b, 78, 5);
    CHECK(rng_u32(&a) != rng_u32(&b), "another seed, other numbers");
    /* The reference PCG32 demo (seed 42, stream 54) pins the generator across machines. */
    Rng pcg;
    rng_seed(&pcg, 42, 54);
    uint32_t x0 = rng_u32(&pcg), x1 = rng_u32(&pcg), x2 = rng_u32(&pcg);
    CHECK(x0 == 0xa15c02b7u && x1 == 0x7b47f409u && x2 == 0xba1d3330u, "PCG32 reference output "
          "(%08x %08x %08x)", x0, x1, x2);

    /* Top candidates: largest first, the smaller id first among equals, at most V of them. */
    float x[6] = {0.1f, 0.5f, 0.2f, 0.5f, 0.0f, 0.2f};
    int top[8];
    int n = sampler_top(x, 6, top, 4);
    CHECK(n == 4 && top[0] == 1 && top[1] == 3 && top[2] == 2 && top[3] == 5, "top 4 with ties: %d %d %d %d",
          top[0], top[1], top[2], top[3]);
    CHECK(sampler_top(x, 6, top, 8) == 6 && top[5] == 4, "asking for more than V gives V");
    /* A token's rank is its place in that order. */
    int ranks_agree = 1;
    for (int i = 0; i < 6; i++) ranks_agree &= top[sampler_rank(x, 6, top[i])] == top[i] && sampler_rank(x, 6, top[i]) == i;
    CHECK(ranks_agree, "sampler_rank gives each token's place in sampler_top's order, ties included");

    SamplerSettings bad = {-1.0f, 0, 1.0f, 0};
    GbError err;
    CHECK(sampler_check(&bad, &err) != 0, "negative temperature refused");
    bad = (SamplerSettings){1.0f, 0, 0.0f, 0};
    CHECK(sampler_check(&bad, &err) != 0, "top-p 0 refused");
    return check_report("test_sampler");
}
