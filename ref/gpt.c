/* gpt.c — GPT-2, one position at a time, in plain C.
 *
 * This file is meant to be read top to bottom. It holds everything the "runner" needs to turn
 * a token into a prediction for the next one:
 *
 *   1. the configuration (config.json) and its checks
 *   2. the weights: one allocation, named views, loading from model.safetensors
 *   3. the building blocks: LayerNorm, matmul, GELU, softmax
 *   4. the forward pass for one new position, with a KV cache, raising hook events
 *
 * The forward pass follows Hugging Face's GPT2Model line by line; each step names the PyTorch
 * line it mirrors. It is deliberately not clever: one token at a time (as in generation), float32
 * everywhere, the matmuls split across cores with OpenMP when it is available (the `#pragma omp`
 * lines are ignored by a compiler without OpenMP and the code means the same).
 *
 * What it is not: a trainer (no backward pass here) or a batched inference engine.
 */
#include "gpt.h"
#include "json.h"
#include "rng.h"
#include "safetensors.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

/* ----------------------------------------------------------------------------------------------
 * 1. Configuration */

/* Limits that keep every size computation far from overflow and refuse absurd files early.
 * GPT-2 XL (48 layers, 1600 wide, 25 heads, 50257 tokens, 1024 positions) fits comfortably. */
#define GPT_MAX_LAYERS 256
#define GPT_MAX_WIDTH 16384
#define GPT_MAX_VOCAB (1 << 20)
#define GPT_MAX_CTX (1 << 16)
#define GPT_MAX_PARAMS ((size_t)4 << 30)

size_t gpt_param_count(const GptConfig *c)
{
    size_t C = (size_t)c->n_embd, C4 = (size_t)c->n_inner, L = (size_t)c->n_layer;
    size_t per_layer = 2 * C            /* ln_1 */
                     + C * 3 * C + 3 * C /* c_attn */
                     + C * C + C         /* attn c_proj */
                     + 2 * C            /* ln_2 */
                     + C * C4 + C4       /* c_fc */
                     + C4 * C + C;       /* mlp c_proj */
    return (size_t)c->vocab_size * C + (size_t)c->n_ctx * C + L * per_layer + 2 * C;
}

int gpt_config_check(const GptConfig *c, const char *where, GbError *err)
{
    if (c->n_layer < 1 || c->n_layer > GPT_MAX_LAYERS)
        return gb_fail(err, where, "n_layer is %d, expected 1..%d", c->n_layer, GPT_MAX_LAYERS);
    if (c->n_head < 1 || c->n_head > GPT_MAX_WIDTH)
        return gb_fail(err, where, "n_head is %d, expected 1..%d", c->n_head, GPT_MAX_WIDTH);
    if (c->n_embd < 1 || c->n_embd > GPT_MAX_WIDTH)
        return gb_fail(err, where, "n_embd is %d, expected 1..%d", c->n_embd, GPT_MAX_WIDTH);
    if (c->n_embd % c->n_head != 0)
        return gb_fail(err, where, "n_embd %d is not divisible by n_head %d (hint: every head gets "
                       "n_embd / n_head channels)", c->n_embd, c->n_head);
    if (c->n_inner < 1 || c->n_inner > 4 * GPT_MAX_WIDTH)
        return gb_fail(err, where, "n_inner is %d, expected 1..%d", c->n_inner, 4 * GPT_MAX_WIDTH);
    if (c->n_ctx < 1 || c->n_ctx > GPT_MAX_CTX)
        return gb_fail(err, where, "n_positions is %d, expected 1..%d", c->n_ctx, GPT_MAX_CTX);
    if (c->vocab_size < 1 || c->vocab_size > GPT_MAX_VOCAB)
        return gb_fail(err, where, "vocab_size is %d, expected 1..%d", c->vocab_size, GPT_MAX_VOCAB);
    if (!(c->layer_norm_epsilon > 0.0f) || !isfinite(c->layer_norm_epsilon) || c->layer_norm_epsilon > 1.0f)
        return gb_fail(err, where, "layer_norm_epsilon must be a small positive number");
    if (gpt_param_count(c) > GPT_MAX_PARAMS)
        return gb_fail(err, where, "%zu parameters is more than glassbox can hold (at most %zu)",
                       gpt_param_count(c), GPT_MAX_PARAMS);
    return 0;
}

/* Read an integer field; `alt` is an older name for the same field (GPT-2's "n_ctx"). */
static int config_int(const JsonValue *root, const char *key, const char *alt, int *out,
                      const char *path, GbError *err)
{
    const JsonValue *v = json_get(root, key);
    if (!v && alt) v = json_get(root, alt);
    long long x;
    if (!v)
        return gb_fail(err, path, "missing \"%s\" (hint: a GPT-2 config.json has n_layer, n_head, "
                       "n_embd, n_positions and vocab_size)", key);
    if (!json_as_int(v, 0, 1LL << 30, &x))
        return gb_fail(err, path, "\"%s\" must be a non-negative integer (hint: GPT-2's config.json "
                       "has \"%s\": 12 or similar)", key, key);
    *out = (int)x;
    return 0;
}

int gpt_config_load(GptConfig *c, const char *path, GbError *err)
{
    size_t len;
    char *text = gb_read_file(path, 1 << 20, &len, err);
    if (!text) return -1;
    char jerr[256];
    JsonValue *root = json_parse(text, len, jerr, sizeof jerr);
    free(text);
    if (!root) return gb_fail(err, path, "%s (hint: config.json must be valid JSON)", jerr);
    int rc = -1;
    memset(c, 0, sizeof *c);
    if (root->type != JSON_OBJECT) { gb_fail(err, path, "expected a JSON object"); goto done; }
    if (config_int(root, "n_layer", NULL, &c->n_layer, path, err) ||
        config_int(root, "n_head", NULL, &c->n_head, path, err) ||
        config_int(root, "n_embd", NULL, &c->n_embd, path, err) ||
        config_int(root, "n_positions", "n_ctx", &c->n_ctx, path, err) ||
        config_int(root, "vocab_size", NULL, &c->vocab_size, path, err))
        goto done;
    const JsonValue *inner = json_get(root, "n_inner");
    if (inner && inner->type != JSON_NULL) {
        if (config_int(root, "n_inner", NULL, &c->n_inner, path, err)) goto done;
    } else {
        c->n_inner = 4 * c->n_embd;
    }
    c->layer_norm_epsilon = 1e-5f;
    const JsonValue *eps = json_get(root, "layer_norm_epsilon");
    if (eps) {
        if (eps->type != JSON_NUMBER) { gb_fail(err, path, "\"layer_norm_epsilon\" must be a number"); goto done; }
        c->layer_norm_epsilon = (float)eps->number;
    }
    const JsonValue *act = json_get(root, "activation_function");
    if (act && (act->type != JSON_STRING ||
                (strcmp(act->string, "gelu_new") != 0 && strcmp(act->string, "gelu_pytorch_tanh") != 0 &&
                 strcmp(act->string, "gelu_fast") != 0))) {
        gb_fail(err, path, "activation_function \"%s\" is not supported (hint: glassbox implements "
                "GPT-2's tanh GELU, \"gelu_new\")", act->type == JSON_STRING ? act->string : "?");
        goto done;
    }
    rc = gpt_config_check(c, path, err);
done:
    json_free(root);
    return rc;
}

/* ----------------------------------------------------------------------------------------------
 * 2. Weights and run state: one allocation each, carved into named views. */

void gpt_weights_point(GptWeights *w, float *memory, const GptConfig *c)
{
    size_t C = (size_t)c->n_embd, C4 = (size_t)c->n_inner, L = (size_t)c->n_layer;
    float *p = w->memory = memory;
    w->wte = p;         p += (size_t)c->vocab_size * C;
    w->wpe = p;         p += (size_t)c->n_ctx * C;
    w->ln_1_w = p;      p += L * C;
    w->ln_1_b = p;      p += L * C;
    w->attn_w = p;      p += L * C * 3 * C;
    w->attn_b = p;      p += L * 3 * C;
    w->attn_proj_w = p; p += L * C * C;
    w->attn_proj_b = p; p += L * C;
    w->ln_2_w = p;      p += L * C;
    w->ln_2_b = p;      p += L * C;
    w->fc_w = p;        p += L * C * C4;
    w->fc_b = p;        p += L * C4;
    w->fc_proj_w = p;   p += L * C4 * C;
    w->fc_proj_b = p;   p += L * C;
    w->ln_f_w = p;      p += C;
    w->ln_f_b = p;
}

static int state_alloc(GptRunState *s, const GptConfig *c, GbError *err)
{
    size_t C = (size_t)c->n_embd, T = (size_t)c->n_ctx, NH = (size_t)c->n_head;
    size_t n = C + C + 3 * C + C + 2 * NH * T + C + (size_t)c->n_inner + (size_t)c->vocab_size +
               2 * (size_t)c->n_layer * T * C;
    s->memory = calloc(n, sizeof(float));
    if (!s->memory) return gb_fail(err, "glassbox", "out of memory for activations (%zu floats)", n);
    float *p = s->memory;
    s->x = p;           p += C;
    s->xn = p;          p += C;
    s->qkv = p;         p += 3 * C;
    s->att = p;         p += C;
    s->scores = p;      p += NH * T;
    s->weights = p;     p += NH * T;
    s->proj = p;        p += C;
    s->hidden = p;      p += (size_t)c->n_inner;
    s->logits = p;      p += (size_t)c->vocab_size;
    s->key_cache = p;   p += (size_t)c->n_layer * T * C;
    s->value_cache = p;
    return 0;
}

static int model_alloc(GptModel *m, const GptConfig *c, GbError *err)
{
    memset(m, 0, sizeof *m);
    m->config = *c;
    m->step = -1;
    m->nonfinite_layer = -1;
    float *memory = malloc(gpt_param_count(c) * sizeof(float));
    if (!memory) return gb_fail(err, "glassbox", "out of memory for %zu parameters", gpt_param_count(c));
    gpt_weights_point(&m->w, memory, c);
    if (state_alloc(&m->s, c, err)) { free(m->w.memory); m->w.memory = NULL; return -1; }
    return 0;
}

void gpt_free(GptModel *m)
{
    free(m->w.memory);
    free(m->s.memory);
    m->w.memory = m->s.memory = NULL;
}

int gpt_tensors(const GptWeights *w, const GptConfig *c, GptTensor *slots)
{
    int64_t C = c->n_embd, C4 = c->n_inner;
    int n = 0;
#define SLOT(nm, ptr, d0, d1, nd)                                                     \
    do {                                                                              \
        snprintf(slots[n].name, sizeof slots[n].name, "%s", nm);                      \
        slots[n].data = (ptr); slots[n].ndim = (nd);                                   \
        slots[n].shape[0] = (d0); slots[n].shape[1] = (d1); n++;                      \
    } while (0)
    SLOT("wte.weight", w->wte, c->vocab_size, C, 2);
    SLOT("wpe.weight", w->wpe, c->n_ctx, C, 2);
    for (int l = 0; l < c->n_layer; l++) {
        char nm[64];
        size_t L = (size_t)l;
#define LAYER(suffix, ptr, d0, d1, nd)                                                \
        do { snprintf(nm, sizeof nm, "h.%d.%s", l, suffix); SLOT(nm, ptr, d0, d1, nd); } while (0)
        LAYER("ln_1.weight", w->ln_1_w + L * C, C, 0, 1);
        LAYER("ln_1.bias", w->ln_1_b + L * C, C, 0, 1);
        LAYER("attn.c_attn.weight", w->attn_w + L * C * 3 * C, C, 3 * C, 2);
        LAYER("attn.c_attn.bias", w->attn_b + L * 3 * C, 3 * C, 0, 1);
        LAYER("attn.c_proj.weight", w->attn_proj_w + L * C * C, C, C, 2);
        LAYER("attn.c_proj.bias", w->attn_proj_b + L * C, C, 0, 1);
        LAYER("ln_2.weight", w->ln_2_w + L * C, C, 0, 1);
        LAYER("ln_2.bias", w->ln_2_b + L * C, C, 0, 1);
        LAYER("mlp.c_fc.weight", w->fc_w + L * C * C4, C, C4, 2);
        LAYER("mlp.c_fc.bias", w->fc_b + L * C4, C4, 0, 1);
        LAYER("mlp.c_proj.weight", w->fc_proj_w + L * C4 * C, C4, C, 2);
        LAYER("mlp.c_proj.bias", w->fc_proj_b + L * C, C, 0, 1);
#undef LAYER
    }
    SLOT("ln_f.weight", w->ln_f_w, C, 0, 1);
    SLOT("ln_f.bias", w->ln_f_b, C, 0, 1);
#undef SLOT
    return n;
}

/* Tensors a checkpoint may carry that glassbox does not need: the causal-mask buffers of older
 * exports (attention masking is done in code), and an explicit copy of the LM head, which must
 * equal wte (GPT-2 ties them; check_lm_head makes sure). */
static int ignorable(const char *name)
{
    size_t n = strlen(name);
    return (n >= 10 && strcmp(name + n - 10, ".attn.bias") == 0) ||
           (n >= 17 && strcmp(name + n - 17, ".attn.masked_bias") == 0) ||
           strcmp(name, "lm_head.weight") == 0;
}

/* If the file stores lm_head.weight, it must be wte itself: glassbox's LM head is tied. */
static int check_lm_head(const GptModel *m, const StFile *st, GbError *err)
{
    const StTensor *t = st_find(st, "lm_head.weight");
    if (!t) return 0;
    const GptConfig *c = &m->config;
    size_t numel = (size_t)c->vocab_size * (size_t)c->n_embd;
    if (t->ndim != 2 || t->shape[0] != c->vocab_size || t->shape[1] != c->n_embd)
        return gb_fail(err, st->path, "lm_head.weight is not shaped like wte.weight (hint: glassbox "
                       "runs GPT-2, whose LM head is tied to the token embeddings)");
    float *head = malloc(numel * sizeof *head);
    if (!head) return gb_fail(err, st->path, "out of memory");
    int rc = st_read_f32(st, t, head, err);
    if (rc == 0 && memcmp(head, m->w.wte, numel * sizeof *head) != 0)
        rc = gb_fail(err, st->path, "lm_head.weight differs from wte.weight (hint: glassbox runs "
                     "GPT-2, whose LM head is tied to the token embeddings)");
    free(head);
    return rc;
}

static const char *strip_prefix(const char *name)
{
    return strncmp(name, "transformer.", 12) == 0 ? name + 12 : name;
}

static int load_weights(GptModel *m, const char *path, GbError *err)
{
    StFile st;
    if (st_open(&st, path, err)) return -1;
    int max_slots = 4 + 12 * m->config.n_layer;
    GptTensor *slots = malloc((size_t)max_slots * sizeof *slots);
    char *seen = calloc((size_t)max_slots, 1);
    int rc = -1;
    if (!slots || !seen) { gb_fail(err, path, "out of memory"); goto done; }
    int n = gpt_tensors(&m->w, &m->config, slots);
    /* Every tensor in the file must be one we know (or may ignore), with the right shape. */
    for (int i = 0; i < st.n_tensors; i++) {
        const StTensor *t = &st.tensors[i];
        const char *name = strip_prefix(t->name);
        if (ignorable(name)) continue;
        int k = 0;
        while (k < n && strcmp(slots[k].name, name) != 0) k++;
        if (k == n) {
            gb_fail(err, path, "unexpected tensor '%s' (hint: does config.json describe this model? "
                    "it says n_layer = %d)", t->name, m->config.n_layer);
            goto done;
        }
        if (seen[k]) {
            gb_fail(err, path, "tensor '%s' appears twice, with and without the 'transformer.' "
                    "prefix (hint: the file is corrupt or a merge of two checkpoints)", name);
            goto done;
        }
        seen[k] = 1;
        int shape_ok = t->ndim == slots[k].ndim;
        for (int d = 0; shape_ok && d < t->ndim; d++) shape_ok = t->shape[d] == slots[k].shape[d];
        if (!shape_ok) {
            char want[64], got[64] = "";
            if (slots[k].ndim == 2)
                snprintf(want, sizeof want, "[%lld, %lld]", (long long)slots[k].shape[0], (long long)slots[k].shape[1]);
            else
                snprintf(want, sizeof want, "[%lld]", (long long)slots[k].shape[0]);
            size_t g = 0;
            for (int d = 0; d < t->ndim && g < sizeof got - 24; d++)
                g += (size_t)snprintf(got + g, sizeof got - g, "%s%lld", d ? ", " : "", (long long)t->shape[d]);
            gb_fail(err, path, "tensor '%s' has shape [%s] but config.json implies %s (hint: the "
                    "config and the weights belong to different models)", t->name, got, want);
            goto done;
        }
        if (t->dtype == ST_OTHER) {
            gb_fail(err, path, "tensor '%s' has dtype %s (hint: glassbox reads F32, F16 and BF16)",
                    t->name, t->dtype_name);
            goto done;
        }
        if (st_read_f32(&st, t, slots[k].data, err)) goto done;
        size_t numel = t->numel;
        for (size_t j = 0; j < numel; j++)
            if (!isfinite(slots[k].data[j])) {
                gb_fail(err, path, "tensor '%s' holds a non-finite value (NaN or Inf) at index %zu "
                        "(hint: the weights are corrupt or training diverged)", t->name, j);
                goto done;
            }
    }
    for (int k = 0; k < n; k++)
        if (!seen[k]) {
            gb_fail(err, path, "tensor '%s' is missing (hint: is this a GPT-2 checkpoint in the "
                    "Hugging Face layout?)", slots[k].name);
            goto done;
        }
    rc = check_lm_head(m, &st, err);
done:
    free(slots);
    free(seen);
    st_close(&st);
    return rc;
}

int gpt_load(GptModel *m, const char *dir, GbError *err)
{
    char path[4200];
    GptConfig c;
    if (gb_path_join(path, sizeof path, dir, "config.json")) return gb_fail(err, dir, "path too long");
    if (gpt_config_load(&c, path, err)) return -1;
    if (model_alloc(m, &c, err)) return -1;
    snprintf(m->dir, sizeof m->dir, "%s", dir);
    gb_path_join(path, sizeof path, dir, "model.safetensors");
    if (load_weights(m, path, err)) { gpt_free(m); return -1; }
    return 0;
}

int gpt_init_random(GptModel *m, const GptConfig *c, uint64_t seed, int noisy, GbError *err)
{
    if (gpt_config_check(c, "config", err) || model_alloc(m, c, err)) return -1;
    Rng rng;
    rng_seed(&rng, seed, 7);
    GptTensor *slots = malloc((size_t)(4 + 12 * c->n_layer) * sizeof *slots);
    if (!slots) { gpt_free(m); return gb_fail(err, "glassbox", "out of memory"); }
    int n = gpt_tensors(&m->w, &m->config, slots);
    for (int k = 0; k < n; k++) {
        size_t numel = (size_t)slots[k].shape[0] * (size_t)(slots[k].ndim == 2 ? slots[k].shape[1] : 1);
        int is_ln_weight = strstr(slots[k].name, "ln_") && strstr(slots[k].name, ".weight");
        for (size_t j = 0; j < numel; j++) {
            float v;
            if (slots[k].ndim == 2) v = 0.02f * rng_normal(&rng);         /* nn.init.normal_(std=0.02) */
            else if (is_ln_weight) v = 1.0f + (noisy ? 0.1f * rng_normal(&rng) : 0.0f);
            else v = noisy ? 0.02f * rng_normal(&rng) : 0.0f;             /* biases */
            slots[k].data[j] = v;
        }
    }
    free(slots);
    return 0;
}

void gpt_init_positions_sine(GptModel *m, float amplitude)
{
    int T = m->config.n_ctx, C = m->config.n_embd, pairs = C / 2;
    double shortest = 2.0, longest = 2.0 * T;   /* wavelengths, in positions */
    for (int pos = 0; pos < T; pos++)
        for (int i = 0; i < C; i += 2) {
            double k = pairs > 1 ? (double)(i / 2) / (pairs - 1) : 0.0;
            double wavelength = shortest * pow(longest / shortest, k);
            double angle = 2.0 * 3.14159265358979323846 * pos / wavelength;
            m->w.wpe[(size_t)pos * C + i] = amplitude * (float)sin(angle);
            if (i + 1 < C) m->w.wpe[(size_t)pos * C + i + 1] = amplitude * (float)cos(angle);
        }
}

int gpt_save(const GptModel *m, const char *dir, GbError *err)
{
    const GptConfig *c = &m->config;
    char path[4200], cfg[1024];
    if (gb_path_join(path, sizeof path, dir, "config.json")) return gb_fail(err, dir, "path too long");
    int len = snprintf(cfg, sizeof cfg,
        "{\n  \"model_type\": \"gpt2\",\n  \"architectures\": [\"GPT2LMHeadModel\"],\n"
        "  \"activation_function\": \"gelu_new\",\n  \"n_layer\": %d,\n  \"n_head\": %d,\n"
        "  \"n_embd\": %d,\n  \"n_inner\": %d,\n  \"n_positions\": %d,\n  \"n_ctx\": %d,\n"
        "  \"vocab_size\": %d,\n  \"layer_norm_epsilon\": %.9g,\n  \"tie_word_embeddings\": true\n}\n",
        c->n_layer, c->n_head, c->n_embd, c->n_inner, c->n_ctx, c->n_ctx, c->vocab_size,
        (double)c->layer_norm_epsilon);
    GptTensor *slots = malloc((size_t)(4 + 12 * c->n_layer) * sizeof *slots);
    StWriteTensor *out = malloc((size_t)(4 + 12 * c->n_layer) * sizeof *out);
    if (!slots || !out) { free(slots); free(out); return gb_fail(err, dir, "out of memory"); }
    int n = gpt_tensors(&m->w, &m->config, slots);
    for (int k = 0; k < n; k++) {
        out[k].name = slots[k].name;
        out[k].data = slots[k].data;
        out[k].ndim = slots[k].ndim;
        out[k].shape[0] = slots[k].shape[0];
        out[k].shape[1] = slots[k].shape[1];
    }
    gb_path_join(path, sizeof path, dir, "model.safetensors");
    int rc = st_write(path, out, n, "{\"format\":\"pt\",\"writer\":\"glassbox\"}", err);
    free(slots);
    free(out);
    if (rc) return -1;
    gb_path_join(path, sizeof path, dir, "config.json");
    return gb_write_file_atomic(path, cfg, (size_t)len, err);
}

/* ----------------------------------------------------------------------------------------------
 * Hooks */

void gpt_sethook(GptModel *m, gpt_hook hook, unsigned mask, void *user)
{
    m->hook = hook;
    m->hook_mask = hook ? mask : 0;
    m->hook_user = user;
}

void gpt_emit(GptModel *m, GptEvent *ev)
{
    if (!GPT_WANTS(m, ev->kind) || m->in_hook) return;
    ev->step = m->step;
    m->in_hook = 1;
    m->hook(ev, m->hook_user);
    m->in_hook = 0;
}

GptEvent gpt_event(GptEventKind kind, int pos, GbSite site)
{
    GptEvent ev;
    memset(&ev, 0, sizeof ev);
    ev.kind = kind;
    ev.pos = pos;
    ev.layer = ev.head = ev.token = -1;
    ev.u = -1.0f;
    ev.site = site;
    return ev;
}

/* ----------------------------------------------------------------------------------------------
 * 3. Building blocks */

/* out = (x - mean(x)) / sqrt(var(x) + eps) * weight + bias          (C)
 * PyTorch: nn.LayerNorm(C, eps)(x) — the variance is the biased one (divide by C). */
static void layernorm(float *out, const float *x, const float *weight, const float *bias, int C, float eps)
{
    float mean = 0.0f;
    for (int i = 0; i < C; i++) mean += x[i];
    mean /= (float)C;
    float var = 0.0f;
    for (int i = 0; i < C; i++) var += (x[i] - mean) * (x[i] - mean);
    var /= (float)C;
    float rstd = 1.0f / sqrtf(var + eps);
    for (int i = 0; i < C; i++) out[i] = (x[i] - mean) * rstd * weight[i] + bias[i];
}

/* y = x @ W + b, with W stored (in, out) as GPT-2's Conv1D does.       x (in) -> y (out)
 * PyTorch: torch.addmm(bias, x, weight)
 *
 * Row i of W says how much input i adds to every output, so we walk W row by row, reading it
 * front to back (what memory likes best), and add x[i] * W[i, j0:j1] into outputs j0..j1-1. */
static void matmul_columns(float *restrict y, const float *restrict x, const float *restrict w,
                           const float *restrict b, int in, int out, int j0, int j1)
{
    for (int j = j0; j < j1; j++) y[j] = b[j];
    for (int i = 0; i < in; i++) {
        const float *restrict row = w + (size_t)i * (size_t)out;
        float xi = x[i];
        for (int j = j0; j < j1; j++) y[j] += xi * row[j];
    }
}

/* Products smaller than this (multiply-adds) run on one core. */
#define GPT_PARALLEL_MIN (1 << 20)

/* With several cores, each takes its own contiguous slice of the outputs (a multiple of 16
 * wide). Every output is still the same sum in the same order, so the result does not depend
 * on the number of cores. A small product stays on one core: waking the others costs more than
 * it saves, and far more when something else keeps them busy. */
static void matmul(float *y, const float *x, const float *w, const float *b, int in, int out)
{
    #pragma omp parallel if ((long long)in * out >= GPT_PARALLEL_MIN)
    {
        int parts = 1, part = 0;
#ifdef _OPENMP
        parts = omp_get_num_threads();
        part = omp_get_thread_num();
#endif
        int j0 = (int)((long long)out * part / parts) & ~15;
        int j1 = part + 1 == parts ? out : (int)((long long)out * (part + 1) / parts) & ~15;
        matmul_columns(y, x, w, b, in, out, j0, j1);
    }
}

/* GELU with the tanh approximation GPT-2 was trained with.
 * PyTorch: F.gelu(x, approximate="tanh") */
static void gelu(float *x, int n)
{
    const float s = 0.7978845608028654f; /* sqrt(2 / pi) */
    for (int i = 0; i < n; i++) {
        float v = x[i];
        x[i] = 0.5f * v * (1.0f + tanhf(s * (v + 0.044715f * v * v * v)));
    }
}

/* In place: x = exp(x - max) / sum(exp(x - max)). Subtracting the max changes nothing
 * mathematically and keeps exp() from overflowing. PyTorch: F.softmax(x, dim=-1) */
static void softmax(float *x, int n)
{
    float max = x[0];
    for (int i = 1; i < n; i++) if (x[i] > max) max = x[i];
    float sum = 0.0f;
    for (int i = 0; i < n; i++) { x[i] = expf(x[i] - max); sum += x[i]; }
    for (int i = 0; i < n; i++) x[i] /= sum;
}

/* ----------------------------------------------------------------------------------------------
 * 4. The forward pass */

/* Causal self-attention of position pos in layer l, for every head.
 *   in:  s->qkv (3C) = [q | k | v] of this position; the KV cache of positions 0..pos-1
 *   out: s->att (C), the heads' outputs side by side; s->scores, s->weights (NH, T)
 * Raises one ATTN event per head once every head is computed. */
static void attention(GptModel *m, int l, int pos)
{
    const GptConfig *c = &m->config;
    GptRunState *s = &m->s;
    int C = c->n_embd, NH = c->n_head, HS = C / NH, T = c->n_ctx;
    float *k_cache = s->key_cache + (size_t)l * T * C;   /* (T, C) this layer's keys */
    float *v_cache = s->value_cache + (size_t)l * T * C; /* (T, C) this layer's values */

    /* Remember this position's key and value: later positions will look back at them.
     * PyTorch: k = torch.cat([past_k, k]); v = torch.cat([past_v, v]) */
    memcpy(k_cache + (size_t)pos * C, s->qkv + C, (size_t)C * sizeof(float));
    memcpy(v_cache + (size_t)pos * C, s->qkv + 2 * C, (size_t)C * sizeof(float));

    const float scale = 1.0f / sqrtf((float)HS);                           /* @scale */
    for (int h = 0; h < NH; h++) {
        const float *q = s->qkv + h * HS;        /* (HS) this head's query */
        float *scores = s->scores + h * T;       /* (pos + 1) */
        float *weights = s->weights + h * T;     /* (pos + 1) */

        /* How well does this query match each earlier key? Positions after pos do not exist
         * yet: that is the causal mask, and with a KV cache it is simply where the loop stops.
         * PyTorch: att = (q @ k.transpose(-2, -1)) / math.sqrt(HS); att.masked_fill(mask, -inf) */
        for (int t = 0; t <= pos; t++)                                     /* @mask */
            scores[t] = gb_dot(q, k_cache + (size_t)t * C + h * HS, HS) * scale;  /* @score */

        /* Scores become weights that are positive and sum to 1.  PyTorch: F.softmax(att, -1) */
        memcpy(weights, scores, (size_t)(pos + 1) * sizeof(float));
        softmax(weights, pos + 1);                                         /* @softmax */

        /* The head's output is the weighted average of the values.  PyTorch: y = att @ v */
        float *out = s->att + h * HS;            /* (HS) */
        for (int i = 0; i < HS; i++) out[i] = 0.0f;
        for (int t = 0; t <= pos; t++) {
            const float *v = v_cache + (size_t)t * C + h * HS;
            for (int i = 0; i < HS; i++) out[i] += weights[t] * v[i];      /* @weighted sum */
        }
    }

    if (!GPT_WANTS(m, GPT_EV_ATTN)) return;
    for (int h = 0; h < NH; h++) {
        GptEvent ev = GPT_EVENT(GPT_EV_ATTN, pos);
        ev.layer = l;
        ev.head = h;
        ev.n = pos + 1;
        ev.scores = s->scores + (size_t)h * T;
        ev.weights = s->weights + (size_t)h * T;
        gpt_emit(m, &ev);
    }
}

/* 1 if none of x[0..n) is NaN or Inf. (Weights are checked when they are loaded, but finite
 * weights can still overflow: the forward pass says where, rather than pass garbage on.) */
static int all_finite(const float *x, int n)
{
    float acc = 0.0f;
    for (int i = 0; i < n; i++) acc += x[i] * 0.0f;  /* 0 * finite = 0; 0 * Inf and NaN = NaN */
    return acc == 0.0f;
}

const float *gpt_forward(GptModel *m, int token, int pos)
{
    const GptConfig *c = &m->config;
    const GptWeights *w = &m->w;
    GptRunState *s = &m->s;
    int C = c->n_embd, C4 = c->n_inner, V = c->vocab_size;
    float eps = c->layer_norm_epsilon;
    if (m->in_hook) return NULL; /* a hook may look, not run the model: that would overwrite the
                                    activations the event it is handling points to */

    /* Token embedding plus position embedding.       x (C)
     * PyTorch: x = self.wte(idx) + self.wpe(pos) */
    const float *token_vec = w->wte + (size_t)token * C;                   /* @token row */
    const float *pos_vec = w->wpe + (size_t)pos * C;                       /* @position row */
    for (int i = 0; i < C; i++) s->x[i] = token_vec[i] + pos_vec[i];       /* @sum */
    if (GPT_WANTS(m, GPT_EV_EMBED)) {
        GptEvent ev = GPT_EVENT(GPT_EV_EMBED, pos);
        ev.n = C;
        ev.token = token;
        ev.token_vec = token_vec;
        ev.pos_vec = pos_vec;
        ev.vec = s->x;
        gpt_emit(m, &ev);
    }

    for (int l = 0; l < c->n_layer; l++) {
        size_t L = (size_t)l;
        /* Attention: every position gathers information from the positions before it.
         * PyTorch: x = x + self.attn(self.ln_1(x)) */
        layernorm(s->xn, s->x, w->ln_1_w + L * C, w->ln_1_b + L * C, C, eps);        /* (C) */
        matmul(s->qkv, s->xn, w->attn_w + L * C * 3 * C, w->attn_b + L * 3 * C, C, 3 * C); /* (3C) */
        attention(m, l, pos);                                                      /* (C) */
        matmul(s->proj, s->att, w->attn_proj_w + L * C * C, w->attn_proj_b + L * C, C, C); /* (C) */
        for (int i = 0; i < C; i++) s->x[i] += s->proj[i];                 /* @attention adds */

        /* MLP: each position thinks on its own.
         * PyTorch: x = x + self.mlp(self.ln_2(x)), mlp = c_proj(gelu(c_fc(x))) */
        layernorm(s->xn, s->x, w->ln_2_w + L * C, w->ln_2_b + L * C, C, eps);        /* (C) */
        matmul(s->hidden, s->xn, w->fc_w + L * C * C4, w->fc_b + L * C4, C, C4);    /* (C4) */
        gelu(s->hidden, C4);
        matmul(s->proj, s->hidden, w->fc_proj_w + L * C4 * C, w->fc_proj_b + L * C, C4, C); /* (C) */
        for (int i = 0; i < C; i++) s->x[i] += s->proj[i];                 /* @MLP adds */

        if (m->nonfinite_layer < 0 && !all_finite(s->x, C)) { m->nonfinite_layer = l; m->nonfinite_pos = pos; }
        if (GPT_WANTS(m, GPT_EV_RESID)) {
            GptEvent ev = GPT_EVENT(GPT_EV_RESID, pos);
            ev.layer = l;
            ev.n = C;
            ev.vec = s->x;
            gpt_emit(m, &ev);
        }
    }

    /* Final LayerNorm, then one score per vocabulary entry: how well the result matches each
     * token's embedding (the LM head shares its weights with wte).           logits (V)
     * PyTorch: logits = self.ln_f(x) @ self.wte.weight.T */
    layernorm(s->xn, s->x, w->ln_f_w, w->ln_f_b, C, eps);                  /* @final LayerNorm */
    #pragma omp parallel for schedule(static) if ((long long)V * C >= GPT_PARALLEL_MIN)
    for (int v = 0; v < V; v++) s->logits[v] = gb_dot(s->xn, w->wte + (size_t)v * C, C); /* @LM head */
    if (m->nonfinite_layer < 0 && !all_finite(s->logits, V)) { m->nonfinite_layer = c->n_layer; m->nonfinite_pos = pos; }
    if (GPT_WANTS(m, GPT_EV_LOGITS)) {
        GptEvent ev = GPT_EVENT(GPT_EV_LOGITS, pos);
        ev.n = V;
        ev.vec = s->logits;
        gpt_emit(m, &ev);
    }
    return s->logits;
}

void gpt_lens(const GptModel *m, const float *resid, float *out)
{
    const GptConfig *c = &m->config;
    int C = c->n_embd;
    float *xn = malloc((size_t)C * sizeof *xn);
    if (!xn) return;
    layernorm(xn, resid, m->w.ln_f_w, m->w.ln_f_b, C, c->layer_norm_epsilon);
    #pragma omp parallel for schedule(static) if ((long long)c->vocab_size * C >= GPT_PARALLEL_MIN)
    for (int v = 0; v < c->vocab_size; v++) out[v] = gb_dot(xn, m->w.wte + (size_t)v * C, C);
    free(xn);
}
