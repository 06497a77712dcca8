#include "gpt.h"
#include <math.h>
#include <stdio.h>
int main(int argc, char **argv)
{
    GbError err; GptModel m;
    if (gpt_load(&m, argv[1], &err)) { fprintf(stderr, "%s\n", err.msg); return 1; }
    int C = m.config.n_embd; double a = 0, b = 0;
    for (int v = 0; v < m.config.vocab_size; v++) { double s = 0; for (int i = 0; i < C; i++) s += m.w.wte[(size_t)v*C+i]*m.w.wte[(size_t)v*C+i]; a += sqrt(s); }
    for (int p = 0; p < m.config.n_ctx; p++) { double s = 0; for (int i = 0; i < C; i++) s += m.w.wpe[(size_t)p*C+i]*m.w.wpe[(size_t)p*C+i]; b += sqrt(s); }
    printf("mean |wte row| %.4f   mean |wpe row| %.4f\n", a / m.config.vocab_size, b / m.config.n_ctx);
    /* cosine of wpe[p] with wpe[p-1] and wpe[p-10] */
    double c1 = 0, c10 = 0; int n1 = 0, n10 = 0;
    for (int p = 10; p < m.config.n_ctx; p++) {
        double d1 = 0, d10 = 0, x = 0, y1 = 0, y10 = 0;
        for (int i = 0; i < C; i++) { float u = m.w.wpe[(size_t)p*C+i], v1 = m.w.wpe[(size_t)(p-1)*C+i], v10 = m.w.wpe[(size_t)(p-10)*C+i];
            d1 += u*v1; d10 += u*v10; x += u*u; y1 += v1*v1; y10 += v10*v10; }
        c1 += d1 / sqrt(x*y1); n1++; c10 += d10 / sqrt(x*y10); n10++;
    }
    printf("cos(wpe[p], wpe[p-1]) %.3f   cos(wpe[p], wpe[p-10]) %.3f\n", c1/n1, c10/n10);
    return 0;
}
