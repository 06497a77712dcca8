/* trainrun.c — a training run shown while it happens. See trainrun.h. */
#include "trainrun.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SAMPLE_TOKENS 12
#define FINETUNE_BATCH 4
#define SCRATCH_BATCH 8

/* The probe: what the model predicts after the prompt now, and a short continuation. The model's
 * hook is off meanwhile, so the session's trace does not see the probe. */
static void probe(TrainRun *r, int record_sample)
{
    GptModel *m = r->model;
    gpt_hook hook = m->hook;
    unsigned mask = m->hook_mask;
    void *user = m->hook_user;
    gpt_sethook(m, NULL, 0, NULL);
    Generator g;
    SamplerSettings st = sampler_defaults();
    st.temperature = 0.8f;
    st.seed = r->seed;
    GbError err;
    if (gen_init(&g, m, r->tok, st, &err) == 0) {
        if (gen_start(&g, r->probe, strlen(r->probe), "probe", &err) == 0 && gen_predict(&g, &err) == 0) {
            r->n_bars = sampler_top(g.probs, m->config.vocab_size, r->bar_ids, TRAINRUN_BARS);
            for (int i = 0; i < r->n_bars; i++) r->bar_p[i] = g.probs[r->bar_ids[i]];
            if (record_sample && r->n_samples < TRAINRUN_SAMPLES) {
                int n = 0, id;
                int ids[SAMPLE_TOKENS];
                while (n < SAMPLE_TOKENS && g.n_tokens < m->config.n_ctx && gen_step(&g, -1, &id, &err) == 0)
                    ids[n++] = id;
                size_t len = 0;
                char *text = tok_decode(r->tok, ids, n, &len);
                TrainSample *s = &r->samples[r->n_samples++];
                s->step = r->done;
                /* Whole characters only: an untrained model writes stray bytes of characters. */
                size_t k = 0;
                for (size_t i = 0; text && i < len;) {
                    uint32_t cp;
                    int n = gb_utf8_decode((const unsigned char *)text + i, len - i, &cp);
                    if (n <= 0) { i++; continue; }
                    if (k + (size_t)n + 1 > sizeof s->text) break;
                    if (cp == '\n' || cp == '\t') s->text[k++] = ' ';
                    else memcpy(s->text + k, text + i, (size_t)n), k += (size_t)n;
                    i += (size_t)n;
                }
                s->text[k] = 0;
                free(text);
            }
        }
        gen_free(&g);
    }
    gpt_sethook(m, hook, mask, user);
}

static int start(TrainRun *r, int B, int steps, const char *probe_text, uint64_t seed, GbError *err)
{
    int T = r->model->config.n_ctx < 64 ? r->model->config.n_ctx : 64;
    if (r->n_data < 2) return gb_fail(err, "train", "no text to learn from");
    if (T > r->n_data - 1) T = r->n_data - 1;
    r->seed = seed;
    r->total = steps;
    snprintf(r->probe, sizeof r->probe, "%s", probe_text);
    r->loss = calloc((size_t)steps, sizeof *r->loss);
    r->inputs = malloc((size_t)B * T * sizeof *r->inputs);
    r->targets = malloc((size_t)B * T * sizeof *r->targets);
    if (!r->loss || !r->inputs || !r->targets) return gb_fail(err, "train", "out of memory");
    if (trainer_init(&r->tr, r->model, B, T, err)) return -1;
    r->active = 1;
    probe(r, 1);
    return 0;
}

static void batch(TrainRun *r, int step)
{
    int B = r->tr.B, T = r->tr.T;
    Rng rng;
    rng_seed(&rng, r->seed, 5000 + (uint64_t)step);
    for (int b = 0; b < B; b++) {
        size_t span = (size_t)(r->n_data - T);
        size_t at = span ? rng_u32(&rng) % span : 0;
        memcpy(r->inputs + b * T, r->data + at, (size_t)T * sizeof *r->inputs);
        memcpy(r->targets + b * T, r->data + at + 1, (size_t)T * sizeof *r->targets);
    }
}

int trainrun_scratch(TrainRun *r, const Tokenizer *tok, const char *data_path, int layers, int heads,
                     int width, int context, int steps, uint64_t seed, const char *probe_text, GbError *err)
{
    memset(r, 0, sizeof *r);
    r->tok = tok;
    size_t len;
    char *text = gb_read_file(data_path, (size_t)64 << 20, &len, err);
    if (!text) return -1;
    TokList ids = {0};
    int rc = tok_encode(tok, text, len, &ids, err);
    free(text);
    if (rc) { tok_list_free(&ids); return -1; }
    r->data = ids.ids;           /* the list's ids array is ours now */
    r->n_data = ids.n;
    ids.ids = NULL;
    tok_list_free(&ids);
    if (r->n_data < context + 1) {
        trainrun_free(r);
        return gb_fail(err, data_path, "only %d tokens: too little text to train on (hint: give a longer file)", r->n_data);
    }
    GptConfig c = {layers, heads, width, 4 * width, context, tok->vocab_size, 1e-5f};
    if (gpt_init_random(&r->own, &c, seed, 0, err)) { trainrun_free(r); return -1; }
    r->model = &r->own;
    r->settings = train_defaults();
    r->settings.lr = 3e-3f;
    r->settings.warmup_steps = steps / 10 > 0 ? steps / 10 : 1;
    r->settings.total_steps = steps;
    if (start(r, SCRATCH_BATCH, steps, probe_text, seed, err)) { trainrun_free(r); return -1; }
    return 0;
}

int trainrun_finetune(TrainRun *r, GptModel *model, const Tokenizer *tok, char *const *examples, int n,
                      int steps, uint64_t seed, const char *probe_text, GbError *err)
{
    memset(r, 0, sizeof *r);
    r->tok = tok;
    r->finetune = 1;
    r->model = model;
    /* The examples, each a little document, repeated until there is a context's worth. */
    TokList ids = {0};
    int T = model->config.n_ctx < 64 ? model->config.n_ctx : 64;
    for (int round = 0; ids.n < 4 * T + 1 && round < 10000; round++)
        for (int i = 0; i < n; i++) {
            char buf[1100];
            int len = snprintf(buf, sizeof buf, "%s\n\n", examples[i]);
            if (len >= (int)sizeof buf) len = (int)sizeof buf - 1;
            if (tok_encode(tok, buf, (size_t)len, &ids, err)) { tok_list_free(&ids); return -1; }
        }
    r->data = ids.ids;
    r->n_data = ids.n;
    ids.ids = NULL;
    tok_list_free(&ids);
    r->settings = train_defaults();
    r->settings.lr = 5e-4f;
    r->settings.min_lr_frac = 1.0f;
    r->settings.warmup_steps = 0;
    r->settings.weight_decay = 0;
    r->settings.total_steps = steps;
    gpt_hook hook = model->hook;
    unsigned mask = model->hook_mask;
    void *user = model->hook_user;
    gpt_sethook(model, NULL, 0, NULL);
    int rc = start(r, FINETUNE_BATCH, steps, probe_text, seed, err);
    gpt_sethook(model, hook, mask, user);
    if (rc) { trainrun_free(r); return -1; }
    return 0;
}

int trainrun_done(const TrainRun *r)
{
    return r->active && r->done >= r->total;
}

int trainrun_advance(TrainRun *r, double budget)
{
    if (!r->active) return 1;
    double t0 = gb_now();
    while (r->done < r->total) {
        batch(r, r->done);
        float loss = trainer_forward(&r->tr, r->inputs, r->targets);
        if (r->done == 0) r->start_loss = loss;
        trainer_backward(&r->tr);
        trainer_clip(&r->tr, r->settings.grad_clip);
        trainer_adamw(&r->tr, &r->settings, trainer_lr(&r->settings, r->done));
        r->loss[r->done++] = loss;
        /* a continuation at 1/5, 2/5, ... of the run */
        int every = r->total / (TRAINRUN_SAMPLES - 1) > 0 ? r->total / (TRAINRUN_SAMPLES - 1) : 1;
        int sample = r->done % every == 0 || r->done == r->total;
        if (sample || r->done % 5 == 0) probe(r, sample && r->n_samples < TRAINRUN_SAMPLES);
        if (gb_now() - t0 >= budget) break;
    }
    r->seconds += gb_now() - t0;
    return r->done >= r->total;
}

void trainrun_finish(TrainRun *r)
{
    while (!trainrun_advance(r, 1.0)) {}
}

float trainrun_recent_loss(const TrainRun *r)
{
    if (!r->active || r->done == 0) return NAN;
    /* the last 10 steps; of a short run, its last fifth */
    int n = r->done / 5 < 10 ? r->done / 5 : 10;
    if (n < 1) n = 1;
    double s = 0;
    for (int i = r->done - n; i < r->done; i++) s += r->loss[i];
    return (float)(s / n);
}

void trainrun_free(TrainRun *r)
{
    if (r->active) trainer_free(&r->tr);
    if (r->model == &r->own) gpt_free(&r->own);
    free(r->data);
    free(r->loss);
    free(r->inputs);
    free(r->targets);
    memset(r, 0, sizeof *r);
}
