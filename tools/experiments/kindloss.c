/* kindloss: model loss per document kind (strided windows: every counted token has >= T/2 context). */
#include "gpt.h"
#include "tokenizer.h"
#include "train.h"
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv)
{
    if (argc < 5) { fprintf(stderr, "usage: kindloss MODEL TEXT DOCS MAXTOKENS\n"); return 2; }
    GbError err; GptModel m; Tokenizer tok;
    if (gpt_load(&m, argv[1], &err) || tok_load(&tok, argv[1], &err)) { fprintf(stderr, "%s\n", err.msg); return 1; }
    size_t len; char *text = gb_read_file(argv[2], 1 << 28, &len, &err);
    TokList ids = {0}; tok_encode(&tok, text, len, &ids, &err);
    int *kind = calloc(len + 1, sizeof(int)); double nats[8] = {0};
    FILE *f = fopen(argv[3], "r"); int k; size_t a, b; double n;
    while (fscanf(f, "%d %zu %zu %lf", &k, &a, &b, &n) == 4) { for (size_t i = a; i < b && i < len; i++) kind[i] = k; nats[k] += n; }
    long ktok[8] = {0}; for (int i = 0; i < ids.n; i++) ktok[kind[ids.start[i]]]++;
    int T = m.config.n_ctx, B = 8, maxt = atoi(argv[4]);
    Trainer tr; trainer_init(&tr, &m, B, T, &err);
    double ks[8] = {0}; long kn[8] = {0};
    int *in = malloc(sizeof(int) * B * T), *tg = malloc(sizeof(int) * B * T);
    size_t start = 0; int first = 1;
    while (start + (size_t)T + 1 < (size_t)ids.n && start < (size_t)maxt) {
        size_t starts[8]; int nb = 0;
        for (; nb < B && start + (size_t)T + 1 < (size_t)ids.n; nb++, start += (size_t)T / 2) starts[nb] = start;
        for (int bb = nb; bb < B; bb++) starts[bb] = starts[0];
        for (int bb = 0; bb < B; bb++) for (int t = 0; t < T; t++) { in[bb*T+t] = ids.ids[starts[bb]+t]; tg[bb*T+t] = ids.ids[starts[bb]+t+1]; }
        trainer_forward(&tr, in, tg);
        for (int bb = 0; bb < nb; bb++) for (int t = 0; t < T; t++) {
            if (!(t >= T / 2 || first)) continue;
            int kk = kind[ids.start[starts[bb] + t + 1]];
            ks[kk] += tr.acts.losses[bb*T+t]; kn[kk]++;
            if (t == T - 1) first = 0;
        }
    }
    const char *names[] = {"story", "facts", "scene", "sequence"};
    double tl = 0, tn = 0, tf = 0, tt = 0;
    for (int i = 0; i < 4; i++) {
        double floor = nats[i] / ktok[i], loss = ks[i] / kn[i];
        printf("%-9s tokens %6ld (%4.1f%%)  floor %.4f  model %.4f  (+%.0f%%)  excess share %.4f nats/token\n", names[i], ktok[i],
               100.0 * ktok[i] / ids.n, floor, loss, 100 * (loss / floor - 1), (loss - floor) * ktok[i] / ids.n);
        tl += ks[i]; tn += kn[i]; tf += nats[i]; tt += ktok[i];
    }
    printf("all       floor %.4f  model %.4f\n", tf / tt, tl / tn);
    return 0;
}
