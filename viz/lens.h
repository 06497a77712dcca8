/* lens.h — the logit lens: what the model would predict if it stopped early.
 *
 * The residual stream after block l, put through the final LayerNorm and the LM head (gpt_lens),
 * gives a distribution over the vocabulary: "what layer l thinks comes next". Row 0 is the
 * embedding (token + position vector) before any block; row L, after the last block, is exactly
 * the model's own logits. The residual vectors come from the trace; ln_f and wte are model data.
 *
 * Computing a row costs a V x C product, so the rows are computed for a position only when a panel
 * asks, and kept: positions do not change unless the trace is truncated before them.
 */
#ifndef GB_LENS_H
#define GB_LENS_H

#include "gpt.h"
#include "trace.h"

#define LENS_TOP 3

typedef struct {
    int rows;                 /* L + 1 */
    int n_pos;                /* T */
    unsigned char *valid;     /* (T) the position's rows are computed */
    int *ids;                 /* (T, L + 1, LENS_TOP) the most likely tokens per row */
    float *p;                 /* (T, L + 1, LENS_TOP) their probabilities (softmax, temperature 1) */
    float *logits;            /* (V) scratch */
} Lens;

int lens_init(Lens *l, const GptConfig *c, GbError *err);
void lens_free(Lens *l);
/* Forget positions pos, pos + 1, ... (their activations were recomputed). */
void lens_forget_from(Lens *l, int pos);
/* Make sure position pos's rows are computed. Returns 0, or -1 if the trace has no activations
 * for pos. */
int lens_compute(Lens *l, const GptModel *m, const Trace *t, int pos);
/* Row r (0 = embedding, l + 1 = after block l) of a computed position. */
const int *lens_ids(const Lens *l, int pos, int row);
const float *lens_probs(const Lens *l, int pos, int row);

#endif
