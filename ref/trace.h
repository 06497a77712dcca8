/* trace.h — a recorder, built on hooks, that keeps every event of every step of a generation.
 *
 * The trace is what the viewer draws from: it never looks inside the model. Install trace_hook
 * with TRACE_MASK and the trace fills itself:
 *
 *   positions   one TracePos per token of the sequence (prompt, then chosen tokens): its id,
 *               bytes, where it came from, and — once the model has run on it — its embedding,
 *               the attention rows of every layer and head, the residual stream after every
 *               block, and the logits it produced
 *   steps       one TraceStep per chosen token: the position whose logits were used, the
 *               distribution sampled from (after temperature / top-k / top-p) with its cuts, the
 *               sampler settings, and the choice
 *
 * Stepping back is just an index into steps. Branching — forcing another token at step k — is
 * trace_truncate(trace, k) together with gen_rewind(generator, k), then gen_step with the forced
 * token: the trace drops everything from step k on and records the new branch as it happens.
 *
 * Memory: per position, 3C (embedding) + 2 L NH (pos+1) (attention) + L C (residuals) + V
 * (logits) floats; per step, V floats (probs) + V bytes (cut).
 */
#ifndef GB_TRACE_H
#define GB_TRACE_H

#include <stdint.h>
#include "gpt.h"
#include "tokenizer.h"

#define TRACE_MASK GPT_MASK_ALL

typedef enum { TRACE_PROMPT = 0, TRACE_SAMPLED = 1, TRACE_FORCED = 2 } TraceSource;

typedef struct {
    int id;                  /* token id */
    TraceSource source;
    int step;                /* the step that chose it (-1 for prompt tokens) */
    int span_start, span_end;/* byte span in the prompt (prompt tokens), else -1 */
    unsigned char *bytes;    /* the token's bytes */
    int n_bytes;
    int computed;            /* 1 once the model has run on this position */
    float *embed;            /* (3, C)  token vector, position vector, their sum */
    float *attn;             /* (L, NH, 2, pos+1)  scores, then weights, per layer and head */
    float *resid;            /* (L, C)  residual stream after each block */
    float *logits;           /* (V)     raw logits at this position */
} TracePos;

typedef struct {
    int pos;                 /* the position whose logits were used */
    int id;                  /* the chosen token (-1 until SAMPLE arrives) */
    int forced;
    float p;                 /* its probability in probs */
    float u;                 /* the uniform number the draw used (-1: forced, or not chosen yet) */
    float temperature, top_p;
    int top_k;
    float *probs;            /* (V) the distribution sampled from */
    uint8_t *cut;            /* (V) GptCut per token */
} TraceStep;

typedef struct {
    GptConfig config;
    char *prompt;            /* the prompt text (NUL-terminated copy) */
    int prompt_len;
    int n_prompt;            /* prompt tokens */
    TracePos *pos;
    int n_pos, cap_pos;
    TraceStep *steps;
    int n_steps, cap_steps;
    int out_of_memory;       /* set if an event could not be recorded */
    GbSite sites[GPT_EV_COUNT];  /* where in ref/ each kind of event was last raised (file NULL:
                                    none yet), for the code view */
} Trace;

/* The name of an event kind as the trace's JSON writes it: "tokens", "embed", "attn", ... */
const char *trace_kind_name(GptEventKind kind);

void trace_init(Trace *t, const GptConfig *c);
void trace_free(Trace *t);
/* The hook: gpt_sethook(model, trace_hook, TRACE_MASK, &trace). */
void trace_hook(const GptEvent *ev, void *user);
/* Forget steps k, k+1, ... and the tokens they chose; the last kept position's activations are
 * cleared too, because gen_step recomputes it. */
void trace_truncate(Trace *t, int k);

/* Attention of query position `pos` in layer/head: scores and weights over keys 0..pos
 * (pos + 1 floats each). NULL if that position was not computed. */
const float *trace_attn_scores(const Trace *t, int pos, int layer, int head);
const float *trace_attn_weights(const Trace *t, int pos, int layer, int head);

/* Write the whole trace as JSON (schema: docs/trace-format.md). tok (may be NULL) names the top
 * candidates; the settings record how the trace was made; model_dir is informational. Written
 * atomically: on failure no file is left. */
int trace_write_json(const Trace *t, const Tokenizer *tok, const char *path, const char *model_dir,
                     float temperature, int top_k, float top_p, uint64_t seed, GbError *err);

#endif
