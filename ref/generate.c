/* generate.c — the generation loop. See generate.h. */
#include "generate.h"

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

int gen_start(Generator *g, const char *text, size_t len, const char *source, GbError *err)
{
    GptModel *m = g->model;
    TokList list = {0};
    if (!g->tok) return gb_fail(err, source, "no tokenizer loaded (hint: the model folder needs "
                                "vocab.json and merges.txt)");
    if (tok_encode(g->tok, text, len, &list, err)) { tok_list_free(&list); return -1; }
    int rc = -1;
    if (list.n == 0) {
        gb_fail(err, source, "the prompt is empty (hint: give at least one character to continue "
                "from)");
        goto done;
    }
    if (list.n > m->config.n_ctx) {
        gb_fail(err, source, "the prompt is %d tokens but the model's context window holds %d "
                "(hint: shorten the prompt)", list.n, m->config.n_ctx);
        goto done;
    }
    for (int i = 0; i < list.n; i++)
        if (list.ids[i] < 0 || list.ids[i] >= m->config.vocab_size) {
            gb_fail(err, source, "token id %d is outside the model's vocabulary of %d (hint: the "
                    "tokenizer files belong to a different model)", list.ids[i], m->config.vocab_size);
            goto done;
        }
    memcpy(g->tokens, list.ids, (size_t)list.n * sizeof *g->tokens);
    g->n_tokens = g->n_prompt = list.n;
    g->n_computed = 0;
    g->n_steps = 0;
    m->step = 0;
    if (GPT_WANTS(m, GPT_EV_TOKENS)) {
        GptEvent ev = {0};
        ev.kind = GPT_EV_TOKENS;
        ev.pos = ev.layer = ev.head = ev.token = -1;
        ev.n = list.n;
        ev.ids = list.ids;
        ev.span_start = list.start;
        ev.span_end = list.end;
        ev.text = text;
        ev.text_len = (int)len;
        gpt_emit(m, &ev);
    }
    rc = 0;
done:
    tok_list_free(&list);
    return rc;
}

int gen_start_ids(Generator *g, const int *ids, int n, GbError *err)
{
    GptModel *m = g->model;
    if (n < 1 || n > m->config.n_ctx)
        return gb_fail(err, "glassbox", "a prompt needs 1..%d tokens, got %d", m->config.n_ctx, n);
    for (int i = 0; i < n; i++)
        if (ids[i] < 0 || ids[i] >= m->config.vocab_size)
            return gb_fail(err, "glassbox", "token id %d is outside the vocabulary", ids[i]);
    memcpy(g->tokens, ids, (size_t)n * sizeof *ids);
    g->n_tokens = g->n_prompt = n;
    g->n_computed = g->n_steps = 0;
    m->step = 0;
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
        for (int pos = g->n_computed; pos < g->n_tokens; pos++)
            logits = gpt_forward(m, g->tokens[pos], pos);
        memcpy(g->logits, logits, (size_t)V * sizeof *g->logits);
        g->n_computed = g->n_tokens;
    }

    /* The distribution we actually sample from. */
    sampler_distribution(&g->settings, g->logits, V, g->probs, g->cut, g->order);
    if (GPT_WANTS(m, GPT_EV_PROBS)) {
        GptEvent ev = {0};
        ev.kind = GPT_EV_PROBS;
        ev.pos = g->n_tokens - 1;
        ev.layer = ev.head = ev.token = -1;
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
    if (forced < 0) {
        Rng rng;
        rng_seed(&rng, g->settings.seed, (uint64_t)g->n_steps);
        chosen = sampler_draw(&rng, g->probs, V);
    }
    if (GPT_WANTS(m, GPT_EV_SAMPLE)) {
        GptEvent ev = {0};
        ev.kind = GPT_EV_SAMPLE;
        ev.pos = pos;
        ev.layer = ev.head = -1;
        ev.token = chosen;
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
