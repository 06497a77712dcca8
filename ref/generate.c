/* generate.c — the generation loop. See generate.h. */
#include "generate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int gen_init(Generator *g, GptModel *m, const Tokenizer *tok, SamplerSettings settings, GbError *err)
{
    memset(g, 0, sizeof *g);
    if (sampler_check(&settings, err)) return -1;
    int V = m->config.vocab_size;
    g->model = m;
    g->tok = tok;
    g->settings = settings;
    g->tokens = malloc(((size_t)m->config.n_ctx + 1) * sizeof *g->tokens);
    g->probs = malloc((size_t)V * sizeof *g->probs);
    g->logits = malloc((size_t)V * sizeof *g->logits);
    g->cut = malloc((size_t)V);
    g->order = malloc((size_t)V * sizeof *g->order);
    if (!g->tokens || !g->probs || !g->logits || !g->cut || !g->order) {
        gen_free(g);
        return gb_fail(err, "glassbox", "out of memory");
    }
    return 0;
}

void gen_free(Generator *g)
{
    free(g->tokens);
    free(g->probs);
    free(g->logits);
    free(g->cut);
    free(g->order);
    memset(g, 0, sizeof *g);
}

/* Make ids[0..n) the sequence and raise TOKENS. start/end give each token's bytes in text. */
static void begin(Generator *g, const int *ids, int n, const int *start, const int *end,
                  const char *text, size_t len)
{
    GptModel *m = g->model;
    memcpy(g->tokens, ids, (size_t)n * sizeof *g->tokens);
    g->n_tokens = g->n_prompt = n;
    g->n_computed = 0;
    g->n_steps = 0;
    m->step = 0;
    if (GPT_WANTS(m, GPT_EV_TOKENS)) {
        GptEvent ev = GPT_EVENT(GPT_EV_TOKENS, -1);
        ev.n = n;
        ev.ids = ids;
        ev.span_start = start;
        ev.span_end = end;
        ev.text = text;
        ev.text_len = (int)len;
        gpt_emit(m, &ev);
    }
}

/* Every id must be a row of wte. */
static int check_ids(const Generator *g, const int *ids, int n, const char *source, GbError *err)
{
    const GptConfig *c = &g->model->config;
    if (n == 0)
        return gb_fail(err, source, "the prompt is empty (hint: give at least one character to "
                       "continue from)");
    if (n > c->n_ctx)
        return gb_fail(err, source, "the prompt is %d tokens but the model's context window holds "
                       "%d (hint: shorten the prompt)", n, c->n_ctx);
    for (int i = 0; i < n; i++)
        if (ids[i] < 0 || ids[i] >= c->vocab_size)
            return gb_fail(err, source, "token id %d is outside the model's vocabulary of %d (hint: "
                           "the tokenizer files belong to a different model)", ids[i], c->vocab_size);
    return 0;
}

int gen_start(Generator *g, const char *text, size_t len, const char *source, GbError *err)
{
    if (!g->tok) return gb_fail(err, source, "no tokenizer loaded (hint: the model folder needs "
                                "vocab.json and merges.txt)");
    TokList list = {0};
    int rc = tok_encode(g->tok, text, len, &list, err);
    if (rc == 0) rc = check_ids(g, list.ids, list.n, source, err);
    if (rc == 0) begin(g, list.ids, list.n, list.start, list.end, text, len);
    tok_list_free(&list);
    return rc;
}

int gen_start_ids(Generator *g, const int *ids, int n, GbError *err)
{
    if (check_ids(g, ids, n, "prompt", err)) return -1;
    /* The text is the tokens' bytes side by side (empty without a tokenizer). */
    int *start = malloc((size_t)n * sizeof *start), *end = malloc((size_t)n * sizeof *end);
    size_t len = 0;
    char *text = NULL;
    if (start && end) {
        for (int i = 0; i < n; i++) {
            int k = 0;
            if (g->tok) tok_bytes(g->tok, ids[i], &k);
            start[i] = (int)len;
            len += (size_t)k;
            end[i] = (int)len;
        }
        text = malloc(len + 1);
    }
    if (!text) {
        free(start);
        free(end);
        return gb_fail(err, "glassbox", "out of memory");
    }
    for (int i = 0; i < n; i++) {
        int k = 0;
        const unsigned char *b = g->tok ? tok_bytes(g->tok, ids[i], &k) : NULL;
        if (k) memcpy(text + start[i], b, (size_t)k);
    }
    text[len] = 0;
    begin(g, ids, n, start, end, text, len);
    free(start);
    free(end);
    free(text);
    return 0;
}

int gen_predict(Generator *g, GbError *err)
{
    GptModel *m = g->model;
    int V = m->config.vocab_size, T = m->config.n_ctx;
    if (g->n_tokens == 0) return gb_fail(err, "glassbox", "no prompt (hint: call gen_start first)");
    if (g->n_tokens > T)
        return gb_fail(err, "glassbox", "the context window is full (%d tokens) (hint: the model "
                       "cannot look further back; start again with a shorter prompt)", T);
    m->step = g->n_steps;

    /* Run every position not yet in the KV cache; the last one's logits predict the next token.
     * They are kept, so predicting again (say, with a new temperature) needs no forward pass. */
    if (g->n_computed < g->n_tokens) {
        const float *logits = NULL;
        m->nonfinite_layer = -1;
        for (int pos = g->n_computed; pos < g->n_tokens; pos++)
            logits = gpt_forward(m, g->tokens[pos], pos);
        if (m->nonfinite_layer >= 0) {
            char where[64];
            if (m->nonfinite_layer < m->config.n_layer) snprintf(where, sizeof where, "in layer %d", m->nonfinite_layer + 1);
            else snprintf(where, sizeof where, "in the logits");
            return gb_fail(err, m->dir[0] ? m->dir : "glassbox", "the forward pass produced a non-finite value "
                           "(NaN or Inf) first %s, at position %d (hint: the weights are too large or corrupt: "
                           "this model cannot run)", where, m->nonfinite_pos);
        }
        memcpy(g->logits, logits, (size_t)V * sizeof *g->logits);
        g->n_computed = g->n_tokens;
    }

    /* The distribution we actually sample from. */
    sampler_distribution(&g->settings, g->logits, V, g->probs, g->cut, g->order);
    if (GPT_WANTS(m, GPT_EV_PROBS)) {
        GptEvent ev = GPT_EVENT(GPT_EV_PROBS, g->n_tokens - 1);
        ev.n = V;
        ev.vec = g->probs;
        ev.logits = g->logits;
        ev.cut = g->cut;
        ev.temperature = g->settings.temperature;
        ev.top_k = g->settings.top_k;
        ev.top_p = g->settings.top_p;
        gpt_emit(m, &ev);
    }
    return 0;
}

int gen_step(Generator *g, int forced, int *token, GbError *err)
{
    GptModel *m = g->model;
    int V = m->config.vocab_size;
    if (forced >= V)
        return gb_fail(err, "glassbox", "token id %d is outside the vocabulary (0..%d)", forced, V - 1);
    if (gen_predict(g, err)) return -1;
    int pos = g->n_tokens - 1;

    /* The choice. */
    int chosen = forced;
    float u = -1.0f;
    if (forced < 0) {
        Rng rng;
        rng_seed(&rng, g->settings.seed, (uint64_t)g->n_steps);
        chosen = sampler_draw(&rng, g->probs, V, &u);
    }
    if (GPT_WANTS(m, GPT_EV_SAMPLE)) {
        GptEvent ev = GPT_EVENT(GPT_EV_SAMPLE, pos);
        ev.token = chosen;
        ev.u = u;
        ev.forced = forced >= 0;
        ev.p = g->probs[chosen];
        int n = 0;
        ev.text = g->tok ? (const char *)tok_bytes(g->tok, chosen, &n) : "";
        ev.text_len = n;
        gpt_emit(m, &ev);
    }
    g->tokens[g->n_tokens++] = chosen;
    g->n_steps++;
    m->step = g->n_steps;
    *token = chosen;
    return 0;
}

void gen_rewind(Generator *g, int k)
{
    if (k < 0) k = 0;
    if (k >= g->n_steps) return;
    g->n_steps = k;
    g->n_tokens = g->n_prompt + k;
    /* The last kept token must be run again to get its logits back; earlier positions' keys and
     * values are still valid because they depend only on the tokens before them. */
    if (g->n_computed > g->n_tokens - 1) g->n_computed = g->n_tokens - 1;
    g->model->step = k;
}
