/* lens.c — the logit lens. See lens.h. */
#include "lens.h"
#include "sampler.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int lens_init(Lens *l, const GptConfig *c, GbError *err)
{
    memset(l, 0, sizeof *l);
    l->rows = c->n_layer + 1;
    l->n_pos = c->n_ctx + 1;
    size_t cells = (size_t)l->n_pos * (size_t)l->rows * LENS_TOP;
    l->valid = calloc((size_t)l->n_pos, 1);
    l->ids = malloc(cells * sizeof *l->ids);
    l->p = malloc(cells * sizeof *l->p);
    l->logits = malloc((size_t)c->vocab_size * sizeof *l->logits);
    if (!l->valid || !l->ids || !l->p || !l->logits) {
        lens_free(l);
        return gb_fail(err, "glassbox", "out of memory for the logit lens");
    }
    return 0;
}

void lens_free(Lens *l)
{
    free(l->valid);
    free(l->ids);
    free(l->p);
    free(l->logits);
    memset(l, 0, sizeof *l);
}

void lens_forget_from(Lens *l, int pos)
{
    if (pos < 0) pos = 0;
    if (pos < l->n_pos) memset(l->valid + pos, 0, (size_t)(l->n_pos - pos));
}

static size_t cell(const Lens *l, int pos, int row)
{
    return ((size_t)pos * (size_t)l->rows + (size_t)row) * LENS_TOP;
}

/* logits -> the LENS_TOP most likely ids and their softmax probabilities. */
static void top_of(const float *logits, int V, int *ids, float *p)
{
    int n = sampler_top(logits, V, ids, LENS_TOP);
    double max = logits[ids[0]], sum = 0.0;
    for (int v = 0; v < V; v++) sum += exp((double)logits[v] - max);
    for (int i = 0; i < LENS_TOP; i++) {
        if (i >= n) { ids[i] = -1; p[i] = 0; continue; }
        p[i] = (float)(exp((double)logits[ids[i]] - max) / sum);
    }
}

int lens_compute(Lens *l, const GptModel *m, const Trace *t, int pos)
{
    if (pos < 0 || pos >= t->n_pos || pos >= l->n_pos) return -1;
    const TracePos *tp = &t->pos[pos];
    if (!tp->computed || !tp->resid || !tp->embed) return -1;
    if (l->valid[pos]) return 0;
    int C = m->config.n_embd, V = m->config.vocab_size;
    for (int row = 0; row < l->rows; row++) {
        /* Row 0: the embedding sum entering block 0; row l + 1: the stream after block l. */
        const float *x = row == 0 ? tp->embed + 2 * (size_t)C : tp->resid + (size_t)(row - 1) * C;
        gpt_lens(m, x, l->logits);
        top_of(l->logits, V, l->ids + cell(l, pos, row), l->p + cell(l, pos, row));
    }
    l->valid[pos] = 1;
    return 0;
}

const int *lens_ids(const Lens *l, int pos, int row)
{
    return l->ids + cell(l, pos, row);
}

const float *lens_probs(const Lens *l, int pos, int row)
{
    return l->p + cell(l, pos, row);
}
