/* generate.h — the generation loop: prompt -> tokens -> forward -> distribution -> token -> repeat.
 *
 * A Generator ties a model, a tokenizer and the sampler together and raises the events that
 * happen outside the forward pass (TOKENS, PROBS, SAMPLE) through the model's hook.
 *
 * Steps. Step k chooses the k-th new token. It first runs the model on every position that has
 * not been computed yet (for step 0: the whole prompt; after that: the token step k-1 chose),
 * then turns the logits of the last position into a distribution and picks from it. So all the
 * events of step k describe how token k was chosen, and the model's events carry m->step = k.
 *
 * Randomness. Step k draws with a PCG stream seeded by (seed, k), so going back and stepping again
 * gives the same token, and a branch at step k does not change what later steps would draw.
 *
 *   gen_init / gen_free    set up for a model and tokenizer
 *   gen_start              tokenize a prompt and make it the sequence (raises TOKENS)
 *   gen_predict            compute the distribution for the next token without choosing (raises
 *                          PROBS); call it again after changing the settings
 *   gen_step               choose the next token (drawn, or forced) and append it; predicts first
 *   gen_rewind             forget every step from k on (for stepping back and branching)
 */
#ifndef GB_GENERATE_H
#define GB_GENERATE_H

#include "gpt.h"
#include "sampler.h"
#include "tokenizer.h"

typedef struct {
    GptModel *model;           /* not owned */
    const Tokenizer *tok;      /* not owned; may be NULL when only ids are used */
    SamplerSettings settings;  /* may be changed between steps */
    int *tokens;               /* (T + 1) the sequence: prompt, then chosen tokens */
    int n_tokens;
    int n_prompt;              /* how many of tokens came from the prompt */
    int n_computed;            /* positions 0..n_computed-1 are in the KV cache */
    int n_steps;               /* tokens chosen so far */
    float *logits;             /* (V) logits of the last computed position */
    float *probs;              /* (V) the distribution for the next token */
    uint8_t *cut;              /* (V) its cuts */
    int *order;                /* (V) scratch for the sampler */
} Generator;

int gen_init(Generator *g, GptModel *m, const Tokenizer *tok, SamplerSettings settings, GbError *err);
void gen_free(Generator *g);

/* Make text[0..len) the prompt. `source` names it in errors (a file name, or "prompt"). Fails
 * if the prompt is empty or has more tokens than the context window. */
int gen_start(Generator *g, const char *text, size_t len, const char *source, GbError *err);

/* Make ids[0..n) the prompt directly (benchmarks, tests, a viewer replaying ids). Raises TOKENS
 * with the tokens' bytes side by side as the text (empty if there is no tokenizer). */
int gen_start_ids(Generator *g, const int *ids, int n, GbError *err);

/* Run the model on the positions not yet computed and compute the distribution for the next
 * token with the current settings, into g->probs / g->cut (raises PROBS). Choosing nothing, it
 * can be called any number of times; the forward pass runs only once per position. */
int gen_predict(Generator *g, GbError *err);

/* Choose the next token (after predicting with the current settings): forced >= 0 forces that id, forced < 0 draws one. The chosen id goes to
 * *token. Fails (with a message) when the context window is full or forced is not a valid id. */
int gen_step(Generator *g, int forced, int *token, GbError *err);

/* Forget steps k, k+1, ... (0 <= k <= n_steps). The next gen_step is step k again. */
void gen_rewind(Generator *g, int k);

#endif
