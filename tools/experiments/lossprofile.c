/* lossprofile: per-position loss of a model on a text, windows of T with stride T/2. */
#include "gpt.h"
#include "tokenizer.h"
#include "train.h"
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv)
{
    if (argc < 4) { fprintf(stderr, "usage: lossprofile MODEL TEXT MAXTOKENS\n"); return 2; }
    GbError err;
    GptModel m; Tokenizer tok;
    if (gpt_load(&m, argv[1], &err) || tok_load(&tok, argv[1], &err)) { fprintf(stderr, "%s\n", err.msg); return 1; }
    size_t len; char *text = gb_read_file(argv[2], 1 << 28, &len, &err);
    TokList ids = {0}; tok_encode(&tok, text, len, &ids, &err);
    int T = m.config.n_ctx, B = 8, maxt = atoi(argv[3]);
    Trainer tr; trainer_init(&tr, &m, B, T, &err);
    double pos_sum[1024] = {0}; long pos_n[1024] = {0};
    double strided = 0; long strided_n = 0;
    int *in = malloc(sizeof(int) * B * T), *tg = malloc(sizeof(int) * B * T);
    size_t start = 0; int first = 1;
    while (start + (size_t)T + 1 < (size_t)ids.n && start < (size_t)maxt) {
        size_t starts[8]; int nb = 0;
        for (; nb < B && start + (size_t)T + 1 < (size_t)ids.n; nb++, start += (size_t)T / 2) starts[nb] = start;
        for (int b = nb; b < B; b++) starts[b] = starts[0];
        for (int b = 0; b < B; b++) for (int t = 0; t < T; t++) { in[b*T+t] = ids.ids[starts[b]+t]; tg[b*T+t] = ids.ids[starts[b]+t+1]; }
        trainer_forward(&tr, in, tg);
        for (int b = 0; b < nb; b++) for (int t = 0; t < T; t++) {
            double l = tr.acts.losses[b*T+t];
            pos_sum[t] += l; pos_n[t]++;
            if (t >= T / 2 || first) { strided += l; strided_n++; }
            if (t == T - 1) first = 0;
        }
    }
    double all = 0; long alln = 0;
    for (int t = 0; t < T; t++) { all += pos_sum[t]; alln += pos_n[t]; }
    printf("tokens %d, windows avg loss (all positions) %.4f, strided (context >= %d) %.4f\n", ids.n, all/alln, T/2, strided/strided_n);
    int edges[] = {0,1,2,4,8,16,32,64,128,256,512,1024};
    for (int e = 0; edges[e+1] <= T; e++) {
        double s = 0; long n = 0;
        for (int t = edges[e]; t < edges[e+1]; t++) { s += pos_sum[t]; n += pos_n[t]; }
        printf("  positions %3d-%3d: %.4f\n", edges[e], edges[e+1]-1, s/n);
    }
    return 0;
}
