/* gpt.h — the GPT-2 model: configuration, weights, the forward pass with a KV cache, and hooks.
 *
 * Dimension legend (used in every shape comment in ref/):
 *   L  = layers            NH = attention heads     HS = head size = C / NH
 *   C  = channels (width)  C4 = MLP width (4C)      T  = context length (positions)
 *   V  = vocabulary size   pos = the position being computed (0-based)
 *
 * Which call for what:
 *   gpt_load / gpt_free      open a model folder in the Hugging Face GPT-2 layout, free it
 *   gpt_init_random          a model with random weights (tests, benchmarks, training)
 *   gpt_save                 write config.json + model.safetensors in the Hugging Face layout
 *   gpt_forward              run one token at one position through the model -> logits (V)
 *   gpt_sethook              ask for events (see "Hooks" below)
 *   gpt_emit                 deliver an event to the hook (used by generate.c for TOKENS,
 *                            PROBS, SAMPLE, which happen outside the forward pass)
 *
 * Hooks. One callback type, one event struct, a mask (like Lua's lua_sethook). A hook is called
 * only for the event kinds in its mask, and an event nobody asked for costs one branch: nothing is
 * computed or copied for it. Event data points into the model's own buffers and is const: a hook
 * reads, copies what it wants to keep, and returns; it must not write through the pointers or keep
 * them (they are overwritten by the next position). A hook cannot recurse: events raised while a
 * hook runs are dropped, and gpt_forward called from inside a hook does nothing and returns NULL.
 *
 * Every event says where it was raised (ev->site: file, function, line), and each event is raised
 * in the function that computed what it reports, so the viewer's code view can show the code
 * behind a picture. Inside those functions, the lines that do the work end in a comment tag
 * naming the step (@score, @softmax, ...); the code view highlights them and shows their values.
 */
#ifndef GB_GPT_H
#define GB_GPT_H

#include <stddef.h>
#include <stdint.h>
#include "util.h"

/* ----------------------------------------------------------------------------------------------
 * Configuration: the numbers in config.json that fix every tensor's shape. */
typedef struct {
    int n_layer;              /* L */
    int n_head;               /* NH */
    int n_embd;               /* C */
    int n_inner;              /* C4, the MLP width (config "n_inner"; null means 4 * C) */
    int n_ctx;                /* T, the context window (config "n_positions") */
    int vocab_size;           /* V */
    float layer_norm_epsilon; /* added to the variance in every LayerNorm */
} GptConfig;

/* Read and validate dir/config.json. */
int gpt_config_load(GptConfig *c, const char *path, GbError *err);
/* Check that a config describes a model glassbox can build (sizes positive, C divisible by NH,
 * parameter count within limits). `where` names the source in the message. */
int gpt_config_check(const GptConfig *c, const char *where, GbError *err);
/* Number of parameters (floats) the config implies. */
size_t gpt_param_count(const GptConfig *c);

/* ----------------------------------------------------------------------------------------------
 * Weights: one allocation (`memory`), with a named view for every tensor, in the order and the
 * layout of the Hugging Face checkpoint. Linear layers are GPT-2 "Conv1D" layers, stored
 * (in, out): y = x @ W + b. */
typedef struct {
    float *wte;          /* (V, C)      token embeddings; also the LM head (tied)      wte.weight */
    float *wpe;          /* (T, C)      position embeddings                            wpe.weight */
    float *ln_1_w;       /* (L, C)      LayerNorm before attention                h.N.ln_1.weight */
    float *ln_1_b;       /* (L, C)                                                  h.N.ln_1.bias */
    float *attn_w;       /* (L, C, 3C)  query, key, value projection       h.N.attn.c_attn.weight */
    float *attn_b;       /* (L, 3C)                                          h.N.attn.c_attn.bias */
    float *attn_proj_w;  /* (L, C, C)   attention output projection        h.N.attn.c_proj.weight */
    float *attn_proj_b;  /* (L, C)                                           h.N.attn.c_proj.bias */
    float *ln_2_w;       /* (L, C)      LayerNorm before the MLP                  h.N.ln_2.weight */
    float *ln_2_b;       /* (L, C)                                                  h.N.ln_2.bias */
    float *fc_w;         /* (L, C, C4)  MLP up-projection                     h.N.mlp.c_fc.weight */
    float *fc_b;         /* (L, C4)                                             h.N.mlp.c_fc.bias */
    float *fc_proj_w;    /* (L, C4, C)  MLP down-projection                 h.N.mlp.c_proj.weight */
    float *fc_proj_b;    /* (L, C)                                            h.N.mlp.c_proj.bias */
    float *ln_f_w;       /* (C)         final LayerNorm                               ln_f.weight */
    float *ln_f_b;       /* (C)                                                         ln_f.bias */
    float *memory;       /* all of the above, gpt_param_count() floats */
} GptWeights;

/* Point every view of w into memory (gpt_param_count floats), in checkpoint order. The same
 * layout serves for gradients and optimiser moments (train.c). */
void gpt_weights_point(GptWeights *w, float *memory, const GptConfig *c);

/* One named tensor of a GptWeights view, as the checkpoint names it. */
typedef struct {
    char name[64];       /* e.g. "h.3.attn.c_attn.weight" */
    float *data;         /* into the view's memory */
    int ndim;            /* 1 or 2 */
    int64_t shape[2];
} GptTensor;

#define GPT_MAX_TENSORS(c) (4 + 12 * (c)->n_layer)
/* List every tensor of view w (weights, gradients, ...) into out, which has room for
 * GPT_MAX_TENSORS(c) entries. Returns how many (4 + 12 L). */
int gpt_tensors(const GptWeights *w, const GptConfig *c, GptTensor *out);

/* Activations for the position being computed, plus the KV cache of all earlier positions. */
typedef struct {
    float *x;            /* (C)        the residual stream */
    float *xn;           /* (C)        x after a LayerNorm */
    float *qkv;          /* (3C)       query, key and value of this position */
    float *att;          /* (C)        attention output, heads side by side */
    float *scores;       /* (NH, T)    pre-softmax scores q.k / sqrt(HS) over positions 0..pos */
    float *weights;      /* (NH, T)    softmax of the scores: the attention weights */
    float *proj;         /* (C)        output of a projection, before it joins the residual */
    float *hidden;       /* (C4)       MLP hidden layer */
    float *logits;       /* (V)        the output */
    float *key_cache;    /* (L, T, C)  keys of every position computed so far */
    float *value_cache;  /* (L, T, C)  values of every position computed so far */
    float *memory;       /* all of the above in one allocation */
} GptRunState;

/* ----------------------------------------------------------------------------------------------
 * Hooks. */
typedef enum {
    GPT_EV_TOKENS,   /* the prompt was split into tokens: ids, n, span_start/span_end, text */
    GPT_EV_EMBED,    /* at pos: token_vec = wte[id], pos_vec = wpe[pos], vec = their sum (n = C) */
    GPT_EV_ATTN,     /* layer, head, pos: scores (pre-softmax, scaled) and weights over keys
                        0..pos (n = pos + 1) */
    GPT_EV_RESID,    /* layer, pos: vec = residual stream after block `layer` (n = C) */
    GPT_EV_LOGITS,   /* pos: vec = raw logits (n = V) */
    GPT_EV_PROBS,    /* pos: vec = the distribution sampled from (n = V), after temperature,
                        top-k and top-p; cut[i] says which cut removed token i (GptCut);
                        logits = the raw logits it came from; temperature, top_k, top_p */
    GPT_EV_SAMPLE,   /* pos: token chosen (forced or drawn), p = its probability in PROBS;
                        text/text_len = the token's bytes */
    GPT_EV_COUNT
} GptEventKind;

#define GPT_MASK(kind) (1u << (kind))
#define GPT_MASK_ALL ((1u << GPT_EV_COUNT) - 1u)

typedef enum { GPT_CUT_KEPT = 0, GPT_CUT_TOP_K = 1, GPT_CUT_TOP_P = 2 } GptCut;

typedef struct {
    GptEventKind kind;
    int step;                  /* generation step this event belongs to (see generate.h), or -1 */
    int pos;                   /* the sequence position the event is about, or -1 */
    int layer;                 /* ATTN, RESID: the block (0..L-1); else -1 */
    int head;                  /* ATTN: the head (0..NH-1); else -1 */
    int n;                     /* length of vec / scores / weights / ids */
    const float *vec;          /* EMBED sum, RESID, LOGITS, PROBS */
    const float *token_vec;    /* EMBED: the token's row of wte */
    const float *pos_vec;      /* EMBED: the position's row of wpe */
    const float *scores;       /* ATTN */
    const float *weights;      /* ATTN */
    const float *logits;       /* PROBS: the raw logits */
    const uint8_t *cut;        /* PROBS: (n) GptCut per token */
    float temperature;         /* PROBS */
    int top_k;                 /* PROBS: 0 = off */
    float top_p;               /* PROBS: 1 = off */
    const int *ids;            /* TOKENS: (n) token ids */
    const int *span_start;     /* TOKENS: (n) byte offset where each token starts in text */
    const int *span_end;       /* TOKENS: (n) byte offset just past each token */
    const char *text;          /* TOKENS: the prompt; SAMPLE: the chosen token's bytes */
    int text_len;              /* length of text in bytes */
    int token;                 /* SAMPLE: the chosen id; EMBED: the id at pos */
    int forced;                /* SAMPLE: 1 if the token was forced rather than drawn */
    float p;                   /* SAMPLE: probability of the chosen token */
    float u;                   /* SAMPLE: the uniform number the draw used; -1 if forced */
    GbSite site;               /* the line in ref/ that raised the event (every kind) */
} GptEvent;

typedef void (*gpt_hook)(const GptEvent *ev, void *user);

/* ----------------------------------------------------------------------------------------------
 * The model. Caller-owned; fill with gpt_load or gpt_init_random, release with gpt_free. */
typedef struct {
    GptConfig config;
    GptWeights w;
    GptRunState s;
    gpt_hook hook;             /* set with gpt_sethook */
    unsigned hook_mask;
    void *hook_user;
    int in_hook;               /* 1 while a hook runs: events raised then are dropped */
    int step;                  /* stamped on every event; the generator keeps it current */
    int nonfinite_layer;       /* where gpt_forward first met a NaN or Inf since this was last set to
                                  -1: the block (0..L-1) whose output had one, or L for the logits */
    int nonfinite_pos;         /* and at which position */
    char dir[4096];            /* the folder the model was loaded from ("" if none) */
} GptModel;

/* Load dir/config.json and dir/model.safetensors. Returns 0, or -1 with err naming the file and
 * the problem; on failure nothing needs freeing. */
int gpt_load(GptModel *m, const char *dir, GbError *err);
/* Allocate a model for config c with random weights from seed (GPT-2's initialisation: normal
 * with std 0.02, LayerNorm weights 1, biases 0; `noisy` adds noise to LayerNorms and biases so
 * that tests exercise every parameter). */
int gpt_init_random(GptModel *m, const GptConfig *c, uint64_t seed, int noisy, GbError *err);
/* Start the position embeddings as sines and cosines, scaled by amplitude:
 * wpe[pos][2i] = a sin(2 pi pos / L_i), wpe[pos][2i+1] the cosine, with wavelengths L_i spaced
 * evenly on a log scale from 2 positions (the pair that flips sign at every step) to twice the
 * context. The original Transformer's wavelengths (2 pi up to 2 pi * 10000) suit 10,000-token
 * texts; in a context of 128 they make neighbouring positions alike (cosine 0.97 between the
 * rows of position p and p - 1, against 0.65 here), and a head trying to look one place back
 * sees a blur of the last three. They are still learned; the start only makes "how far back"
 * easy to compute, which a previous-token head needs. glassbox train uses GPT_SINE_AMPLITUDE: as large as the token
 * embeddings grow (a row's length is 0.2 * sqrt(C / 2), 1.96 for width 192), so that after the
 * LayerNorm the position is a good part of what a head sees. */
#define GPT_SINE_AMPLITUDE 0.2f
void gpt_init_positions_sine(GptModel *m, float amplitude);
/* Write dir/config.json and dir/model.safetensors (F32). The folder must exist. */
int gpt_save(const GptModel *m, const char *dir, GbError *err);
void gpt_free(GptModel *m);

void gpt_sethook(GptModel *m, gpt_hook hook, unsigned mask, void *user);
/* Deliver ev to the hook if its kind is in the mask (stamping ev->step). */
void gpt_emit(GptModel *m, GptEvent *ev);
/* A new event of `kind` about position pos, raised on this line (its site), every other field
 * "not applicable" (-1, 0 or NULL); the caller fills in what its kind uses. */
#define GPT_EVENT(kind, pos) gpt_event((kind), (pos), GB_HERE)
GptEvent gpt_event(GptEventKind kind, int pos, GbSite site);
/* 1 if a hook wants events of this kind: the guard at every emitting call site. */
#define GPT_WANTS(m, kind) ((m)->hook && ((m)->hook_mask & GPT_MASK(kind)))

/* Run token `token` at position `pos` (0 <= pos < T) through the model, reading the KV cache for
 * positions 0..pos-1 (which must have been computed, in order, by earlier calls) and writing
 * position pos into it. Returns the logits (V), valid until the next call; NULL if called from
 * inside a hook. */
const float *gpt_forward(GptModel *m, int token, int pos);

/* Logit lens: apply the final LayerNorm and the LM head to any residual vector (C) -> out (V). */
void gpt_lens(const GptModel *m, const float *resid, float *out);

#endif
