/* viz_model.h — the small random model every viewer test uses: a tokenizer trained on a few
 * lines of English (with an emoji and a tab, for the token display) and random weights whose LM
 * head is sharpened so that the probabilities are not flat (settings then visibly matter). */
#ifndef GB_VIZ_MODEL_H
#define GB_VIZ_MODEL_H

#include <stdlib.h>
#include <string.h>
#include "gpt.h"
#include "tokenizer.h"

static const char *viz_model_text =
    "The cat sat on the mat. The dog sat on the rug. Once upon a time, Lily found a red ball. "
    "\"Can I play?\" asked Tom. It's 12 o'clock; we'll eat 3 apples. The Eiffel Tower is in Paris. "
    "A smile \xF0\x9F\x99\x82 and a tab\there.\n";

/* Write the model into dir (which must exist), with a context of n_ctx tokens. */
static int viz_make_model(const char *dir, int n_ctx, GbError *err)
{
    GptConfig c = {2, 4, 32, 128, n_ctx, 300, 1e-5f};
    size_t n = strlen(viz_model_text), reps = 12;
    char *big = malloc(n * reps + 1);
    if (!big) return -1;
    for (size_t r = 0; r < reps; r++) memcpy(big + r * n, viz_model_text, n);
    int rc = tok_train(big, n * reps, c.vocab_size, dir, err);
    free(big);
    GptModel m;
    if (rc || gpt_init_random(&m, &c, 11, 1, err)) return -1;
    for (size_t i = 0; i < (size_t)c.vocab_size * c.n_embd; i++) m.w.wte[i] *= 6.0f;
    rc = gpt_save(&m, dir, err);
    gpt_free(&m);
    return rc;
}

#endif
