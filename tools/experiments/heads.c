/* heads: best previous-token head and best induction head, as tests/test_model.c measures them. */
#include "gpt.h"
#include "tokenizer.h"
#include "rng.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static GptModel model;
static int mode, half; static double sum[256]; static long cnt[256];
static void hook(const GptEvent *ev, void *u)
{
    (void)u; if (ev->kind != GPT_EV_ATTN) return;
    int k = ev->layer * model.config.n_head + ev->head;
    if (mode == 0 && ev->pos >= 1) { sum[k] += ev->weights[ev->pos - 1]; cnt[k]++; }
    if (mode == 1 && ev->pos >= half) { sum[k] += ev->weights[ev->pos - half + 1]; cnt[k]++; }
}
static void best(const char *what)
{
    int n = model.config.n_layer * model.config.n_head, b = 0;
    for (int k = 0; k < n; k++) if (sum[k] / cnt[k] > sum[b] / cnt[b]) b = k;
    printf("%s: layer %d head %d: %.3f   (all:", what, b / model.config.n_head, b % model.config.n_head, sum[b] / cnt[b]);
    for (int k = 0; k < n; k++) printf(" %.2f", sum[k] / cnt[k]);
    printf(")\n");
}
int main(int argc, char **argv)
{
    GbError err; Tokenizer tok;
    if (gpt_load(&model, argv[1], &err) || tok_load(&tok, argv[1], &err)) { fprintf(stderr, "%s\n", err.msg); return 1; }
    size_t len; char *corpus = gb_read_file(argv[2], 1 << 26, &len, &err);
    TokList ids = {0}; tok_encode(&tok, corpus, 200000, &ids, &err);
    gpt_sethook(&model, hook, GPT_MASK(GPT_EV_ATTN), NULL);
    for (int w = 0; w < 20; w++) for (int p = 0; p < 64; p++) gpt_forward(&model, ids.ids[w * 997 + p], p);
    best("previous-token");
    memset(sum, 0, sizeof sum); memset(cnt, 0, sizeof cnt); mode = 1; half = 24;
    Rng rng; rng_seed(&rng, 7, 7);
    for (int r = 0; r < 10; r++) {
        int seq[48];
        for (int i = 0; i < 24; i++) seq[i] = seq[24 + i] = 256 + (int)(rng_u32(&rng) % (uint32_t)(tok.vocab_size - 257));
        for (int p = 0; p < 48; p++) gpt_forward(&model, seq[p], p);
    }
    best("induction");
    return 0;
}
