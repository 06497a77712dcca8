/* test_gpt.c — the forward pass and its hooks, on random models.
 *
 * The PyTorch oracle (tests/oracle/) checks the numbers against an independent implementation;
 * this file checks the properties that make the C code trustworthy on its own:
 *   - the KV cache: decoding position by position gives exactly the logits of recomputing the
 *     whole prefix from an empty cache, at every position;
 *   - hooks: every event arrives with the right kind, position, layer, head and length; a mask
 *     delivers only what it names; logits are bit-identical with and without hooks;
 *   - attention rows are probability distributions; EMBED's sum is token + position;
 *   - the logit lens of the last block equals the real logits.
 */
#include "check.h"
#include "gpt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int count[GPT_EV_COUNT];
    int bad_shape;
    int bad_attn;
    int bad_embed;
    int last_resid_pos, last_resid_layer;
    float resid_last[4096];
    const GptConfig *c;
} Seen;

static void hook(const GptEvent *ev, void *user)
{
    Seen *s = user;
    const GptConfig *c = s->c;
    s->count[ev->kind]++;
    switch (ev->kind) {
    case GPT_EV_EMBED:
        if (ev->n != c->n_embd || ev->layer != -1 || !ev->token_vec || !ev->pos_vec) s->bad_shape++;
        for (int i = 0; i < ev->n; i++)
            if (ev->vec[i] != ev->token_vec[i] + ev->pos_vec[i]) { s->bad_embed++; break; }
        break;
    case GPT_EV_ATTN: {
        if (ev->n != ev->pos + 1 || ev->layer < 0 || ev->layer >= c->n_layer || ev->head < 0 ||
            ev->head >= c->n_head)
            s->bad_shape++;
        double sum = 0;
        for (int i = 0; i < ev->n; i++) {
            if (!(ev->weights[i] >= 0.0f)) s->bad_attn++;
            sum += ev->weights[i];
        }
        if (fabs(sum - 1.0) > 1e-5) s->bad_attn++;
        /* softmax(scores) == weights */
        float max = ev->scores[0];
        for (int i = 1; i < ev->n; i++) if (ev->scores[i] > max) max = ev->scores[i];
        double z = 0;
        for (int i = 0; i < ev->n; i++) z += exp((double)ev->scores[i] - max);
        for (int i = 0; i < ev->n; i++)
            if (fabs(exp((double)ev->scores[i] - max) / z - ev->weights[i]) > 1e-5) { s->bad_attn++; break; }
        break;
    }
    case GPT_EV_RESID:
        if (ev->n != c->n_embd || ev->layer < 0 || ev->layer >= c->n_layer) s->bad_shape++;
        s->last_resid_pos = ev->pos;
        s->last_resid_layer = ev->layer;
        memcpy(s->resid_last, ev->vec, (size_t)ev->n * sizeof(float));
        break;
    case GPT_EV_LOGITS:
        if (ev->n != c->vocab_size) s->bad_shape++;
        break;
    default:
        break;
    }
}

static void test_config(const GptConfig *c, uint64_t seed)
{
    GptModel m, fresh;
    GbError err;
    if (gpt_init_random(&m, c, seed, 1, &err) || gpt_init_random(&fresh, c, seed, 1, &err)) {
        CHECK(0, "init: %s", err.msg);
        return;
    }
    int T = c->n_ctx, V = c->vocab_size;
    int *ids = malloc((size_t)T * sizeof *ids);
    for (int i = 0; i < T; i++) ids[i] = (int)((i * 7919u + seed) % (unsigned)V);
    float *inc = malloc((size_t)T * V * sizeof *inc);
    float *lens = malloc((size_t)V * sizeof *lens);

    /* Decode the whole context with every hook on. */
    Seen seen;
    memset(&seen, 0, sizeof seen);
    seen.c = c;
    gpt_sethook(&m, hook, GPT_MASK_ALL, &seen);
    for (int p = 0; p < T; p++) memcpy(inc + (size_t)p * V, gpt_forward(&m, ids[p], p), (size_t)V * sizeof(float));
    CHECK(seen.count[GPT_EV_EMBED] == T, "one EMBED per position (%d)", seen.count[GPT_EV_EMBED]);
    CHECK(seen.count[GPT_EV_ATTN] == T * c->n_layer * c->n_head, "one ATTN per position, layer, head");
    CHECK(seen.count[GPT_EV_RESID] == T * c->n_layer, "one RESID per position and layer");
    CHECK(seen.count[GPT_EV_LOGITS] == T, "one LOGITS per position");
    CHECK(seen.bad_shape == 0, "event shapes (%d bad)", seen.bad_shape);
    CHECK(seen.bad_attn == 0, "attention weights are softmax(scores) and sum to 1 (%d bad)", seen.bad_attn);
    CHECK(seen.bad_embed == 0, "EMBED sum is token + position");

    /* The logit lens applied to the last block's residual is the model's own output. */
    gpt_lens(&m, seen.resid_last, lens);
    float lens_diff = 0;
    for (int v = 0; v < V; v++) lens_diff = fmaxf(lens_diff, fabsf(lens[v] - inc[(size_t)(T - 1) * V + v]));
    CHECK(lens_diff == 0.0f, "logit lens of the last block equals the logits (max diff %g)", (double)lens_diff);

    /* Full recomputation: for every prefix, an empty cache and positions 0..p again. Without
     * hooks, the numbers must be bit-identical to the hooked incremental run. */
    float max_diff = 0;
    for (int p = 0; p < T; p++) {
        memset(fresh.s.key_cache, 0xFF, (size_t)c->n_layer * T * c->n_embd * sizeof(float)); /* NaN garbage */
        memset(fresh.s.value_cache, 0xFF, (size_t)c->n_layer * T * c->n_embd * sizeof(float));
        const float *logits = NULL;
        for (int q = 0; q <= p; q++) logits = gpt_forward(&fresh, ids[q], q);
        for (int v = 0; v < V; v++) {
            float d = fabsf(logits[v] - inc[(size_t)p * V + v]);
            if (!(d <= max_diff)) max_diff = isnan(d) ? INFINITY : d;
        }
    }
    printf("  L=%d NH=%d C=%d T=%d V=%d: KV cache vs recompute max |diff| = %g\n", c->n_layer,
           c->n_head, c->n_embd, T, V, (double)max_diff);
    CHECK(max_diff == 0.0f, "KV-cache decoding equals full recomputation, hooks on vs off (max diff %g)",
          (double)max_diff);

    /* A mask delivers only what it names. */
    memset(&seen, 0, sizeof seen);
    seen.c = c;
    gpt_sethook(&m, hook, GPT_MASK(GPT_EV_RESID), &seen);
    gpt_forward(&m, ids[0], 0);
    CHECK(seen.count[GPT_EV_RESID] == c->n_layer && seen.count[GPT_EV_EMBED] == 0 &&
          seen.count[GPT_EV_ATTN] == 0 && seen.count[GPT_EV_LOGITS] == 0, "mask RESID gives only RESID");
    gpt_sethook(&m, NULL, GPT_MASK_ALL, &seen);
    memset(&seen, 0, sizeof seen);
    gpt_forward(&m, ids[0], 0);
    CHECK(seen.count[GPT_EV_EMBED] + seen.count[GPT_EV_LOGITS] == 0, "no hook, no events");

    free(ids);
    free(inc);
    free(lens);
    gpt_free(&m);
    gpt_free(&fresh);
}

/* A hook that tries to run the model from inside itself: refused, and nothing changes. */
static int nested_calls, nested_refused;
static GptModel *nested_model;
static void reentrant_hook(const GptEvent *ev, void *user)
{
    (void)user;
    nested_calls++;
    if (ev->kind == GPT_EV_ATTN || ev->kind == GPT_EV_LOGITS)
        nested_refused += gpt_forward(nested_model, 3, 1) == NULL;
}

int main(void)
{
    GptConfig configs[] = {
        {1, 1, 8, 32, 12, 17, 1e-5f},
        {2, 3, 24, 96, 20, 50, 1e-5f},   /* odd head count */
        {3, 5, 40, 160, 16, 64, 1e-5f},
        {2, 4, 32, 40, 9, 300, 1e-3f},   /* n_inner not 4C, unusual epsilon */
        {1, 2, 200, 800, 6, 129, 1e-5f}, /* wide: matmul blocks with a remainder */
    };
    for (size_t i = 0; i < sizeof configs / sizeof configs[0]; i++) test_config(&configs[i], 11 + i);

    GptModel m, plain;
    GbError err;
    GptConfig c = {1, 2, 8, 32, 4, 10, 1e-5f};
    gpt_init_random(&m, &c, 3, 1, &err);
    gpt_init_random(&plain, &c, 3, 1, &err);
    nested_model = &m;
    gpt_sethook(&m, reentrant_hook, GPT_MASK_ALL, NULL);
    gpt_forward(&m, 1, 0);
    const float *hooked = gpt_forward(&m, 2, 1);
    gpt_forward(&plain, 1, 0);
    const float *expect = gpt_forward(&plain, 2, 1);
    /* Each position raises 1 EMBED + 2 ATTN + 1 RESID + 1 LOGITS = 5 events; the forward passes
     * tried inside the ATTN and LOGITS hooks are refused and raise nothing. */
    CHECK(nested_calls == 10 && nested_refused == 6, "a hook cannot run the model (%d calls, %d refused)",
          nested_calls, nested_refused);
    CHECK(memcmp(hooked, expect, (size_t)c.vocab_size * sizeof(float)) == 0,
          "logits are unchanged by a hook that tried to run the model");
    gpt_free(&m);
    gpt_free(&plain);

    GptConfig bad = {2, 3, 16, 64, 8, 10, 1e-5f};
    CHECK(gpt_config_check(&bad, "x", &err) != 0 && strstr(err.msg, "divisible"), "16 wide, 3 heads refused");
    return check_report("test_gpt");
}
