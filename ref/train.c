/* train.c — backward pass and AdamW for GPT-2, over a batch of B sequences of T tokens.
 *
 * Training asks one question over and over: how should every weight change so that the model
 * gives a little more probability to the token that really came next? The forward pass computes
 * the loss (cross-entropy: -log of the probability given to the right token, averaged over all
 * B x T positions); the backward pass walks the same layers in reverse and applies the chain rule
 * to get d loss / d weight for every weight; AdamW then nudges each weight against its gradient.
 *
 * The layers come in forward/backward pairs, as in llm.c's train_gpt2.c:
 *
 *   encoder        token + position embedding
 *   layernorm      (x - mean) / std * weight + bias
 *   matmul         x @ W + b, with W stored (in, out) as GPT-2's Conv1D layers are
 *   attention      causal multi-head self-attention
 *   gelu           tanh approximation
 *   residual       a + b
 *   lm_head        logits = x @ wte^T (tied to the token embeddings)
 *   crossentropy   softmax and -log p[target]
 *
 * Each backward function ADDS its gradients into the arrays it is given (+=), because a tensor
 * used twice (the residual stream, wte) collects gradient from both uses. trainer_backward zeroes
 * everything first.
 *
 * Unlike gpt.c, which runs one position at a time for generation, this file works on whole
 * sequences at once (all T positions in parallel), which is how models are trained. The numbers
 * are the same: tests/oracle/ checks the gradients against PyTorch's autograd.
 *
 * Speed: nearly all the time goes into matrix products, done by one routine, gemm(), which keeps
 * a 6 x 16 tile of the output in registers (6 x 32 on processors with AVX-512). On x86-64 it is
 * compiled for SSE2, AVX2 and AVX-512, and the best one the processor supports is used. Everything is deterministic:
 * every output element is summed in the same order whatever the number of threads.
 */
#define _POSIX_C_SOURCE 200809L
#include "train.h"
#include "safetensors.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ----------------------------------------------------------------------------------------------
 * Matrix product: out (M, N) = a (M, K) @ b (K, N), or out += a @ b when accumulate is set.
 *
 * The obvious triple loop is correct but slow, because it reads `out` from memory for every
 * multiply. Here each thread computes 6 rows x 16 columns of the output at a time, keeping those
 * 96 sums in registers while it runs down K. */

#if defined(__SANITIZE_ADDRESS__)
#define GB_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GB_ASAN 1
#endif
#endif
#if defined(__x86_64__) && defined(__GNUC__) && !defined(GB_ASAN)
#define GEMM_X86 1
#define GEMM_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define GEMM_CLONES
#endif

#define TILE_M 6

/* Eight (or sixteen) floats side by side: GNU C vectors, which gcc and clang map onto SIMD
 * registers. `x * v` with a float x multiplies every lane. */
typedef float Vec8 __attribute__((vector_size(32)));
typedef float Vec16 __attribute__((vector_size(64)));

/* The product to compute. a is read through strides, so that a transposed matrix needs no
 * copy: element (m, k) of a is a[m * a_row + k * a_col]. */
typedef struct {
    float *out;            /* (M, N) */
    const float *a;        /* (M, K), strided */
    size_t a_row, a_col;
    const float *b;        /* (K, N) */
    int M, K, N;
    int accumulate;        /* out += a @ b instead of out = a @ b */
} Gemm;

static void tile_store(const Gemm *g, int m0, int n0, int rows, int cols, const float *acc, int ld)
{
    for (int r = 0; r < rows; r++) {
        float *o = g->out + (size_t)(m0 + r) * g->N + n0;
        for (int c = 0; c < cols; c++) o[c] = g->accumulate ? o[c] + acc[r * ld + c] : acc[r * ld + c];
    }
}

/* Any tile, plainly: for the ragged edges of the matrix. */
static void tile_plain(const Gemm *g, int m0, int n0, int rows, int cols)
{
    float acc[TILE_M * 32] = {0};
    for (int k = 0; k < g->K; k++) {
        const float *bk = g->b + (size_t)k * g->N + n0;
        for (int r = 0; r < rows; r++) {
            float ar = g->a[(size_t)(m0 + r) * g->a_row + (size_t)k * g->a_col];
            for (int c = 0; c < cols; c++) acc[r * 32 + c] += ar * bk[c];
        }
    }
    tile_store(g, m0, n0, rows, cols, acc, 32);
}

/* A full 6 x 16 tile: 96 sums in twelve 8-float registers; per k, two loads of b, six numbers
 * of a, twelve vector multiply-adds. */
GEMM_CLONES
static void tile_6x16(const Gemm *g, int m0, int n0, const float *bp, size_t ldb)
{
    Vec8 c[TILE_M][2] = {{{0}}};
    for (int k = 0; k < g->K; k++) {
        const float *bk = bp + (size_t)k * ldb;
        const float *ak = g->a + (size_t)m0 * g->a_row + (size_t)k * g->a_col;
        Vec8 b0, b1;
        memcpy(&b0, bk, sizeof b0);
        memcpy(&b1, bk + 8, sizeof b1);
        for (int r = 0; r < TILE_M; r++) {
            float ar = ak[(size_t)r * g->a_row];
            c[r][0] += ar * b0;
            c[r][1] += ar * b1;
        }
    }
    float acc[TILE_M * 16];
    memcpy(acc, c, sizeof acc);
    tile_store(g, m0, n0, TILE_M, 16, acc, 16);
}

#ifdef GEMM_X86
/* The same with 16-float registers, for processors with AVX-512: a 6 x 32 tile. */
__attribute__((target("avx512f")))
static void tile_6x32(const Gemm *g, int m0, int n0, const float *bp, size_t ldb)
{
    Vec16 c[TILE_M][2] = {{{0}}};
    for (int k = 0; k < g->K; k++) {
        const float *bk = bp + (size_t)k * ldb;
        const float *ak = g->a + (size_t)m0 * g->a_row + (size_t)k * g->a_col;
        Vec16 b0, b1;
        memcpy(&b0, bk, sizeof b0);
        memcpy(&b1, bk + 16, sizeof b1);
        for (int r = 0; r < TILE_M; r++) {
            float ar = ak[(size_t)r * g->a_row];
            c[r][0] += ar * b0;
            c[r][1] += ar * b1;
        }
    }
    float acc[TILE_M * 32];
    memcpy(acc, c, sizeof acc);
    tile_store(g, m0, n0, TILE_M, 32, acc, 32);
}
#endif

static void gemm_run(const Gemm *g)
{
    int wide = 0;
#ifdef GEMM_X86
    wide = __builtin_cpu_supports("avx512f");
#endif
    int TN = wide ? 32 : 16;
    int tiles_m = (g->M + TILE_M - 1) / TILE_M, tiles_n = (g->N + TN - 1) / TN;
    /* Tiles go down a strip of columns before moving right, so the strip of b they all read
     * stays in the cache. Threads take tiles as they become free (dynamic), so a core that is
     * busy with something else does not hold the others up. Each thread copies the strip it
     * works on into a contiguous panel first: read straight from b, the strip's rows lie N
     * floats apart, and for a wide b (the LM head's 4096 columns) they all fall into the same
     * few cache sets and keep evicting each other. */
    #pragma omp parallel
    {
        float *panel = malloc((size_t)g->K * (size_t)TN * sizeof *panel);
        int packed = -1;
        #pragma omp for schedule(dynamic, 8)
        for (int t = 0; t < tiles_m * tiles_n; t++) {
            int strip = t / tiles_m;
            int m0 = (t % tiles_m) * TILE_M, n0 = strip * TN;
            int rows = g->M - m0 < TILE_M ? g->M - m0 : TILE_M, cols = g->N - n0 < TN ? g->N - n0 : TN;
            if (rows < TILE_M || cols < TN) { tile_plain(g, m0, n0, rows, cols); continue; }
            const float *bp = g->b + n0;
            size_t ldb = (size_t)g->N;
            if (panel) {
                if (packed != strip) {
                    for (int k = 0; k < g->K; k++)
                        memcpy(panel + (size_t)k * TN, g->b + (size_t)k * g->N + n0, (size_t)TN * sizeof *panel);
                    packed = strip;
                }
                bp = panel;
                ldb = (size_t)TN;
            }
#ifdef GEMM_X86
            if (wide) tile_6x32(g, m0, n0, bp, ldb);
            else
#endif
                tile_6x16(g, m0, n0, bp, ldb);
        }
        free(panel);
    }
}

/* out (M, N) = a (M, K) @ b (K, N), or += when accumulate is set. */
static void gemm(float *out, const float *a, const float *b, int M, int K, int N, int accumulate)
{
    Gemm g = {out, a, (size_t)K, 1, b, M, K, N, accumulate};
    gemm_run(&g);
}

/* The same with a given transposed: a is stored (K, M), and a^T @ b is computed. */
static void gemm_at(float *out, const float *a, const float *b, int M, int K, int N, int accumulate)
{
    Gemm g = {out, a, 1, (size_t)M, b, M, K, N, accumulate};
    gemm_run(&g);
}

/* y += a * x over n floats (y and x never overlap). */
static void axpy(float *restrict y, float a, const float *restrict x, int n)
{
    for (int i = 0; i < n; i++) y[i] += a * x[i];
}

/* out (cols, rows) = in (rows, cols) transposed. */
static void transpose(float *out, const float *in, int rows, int cols)
{
    #pragma omp parallel for schedule(static)
    for (int r = 0; r < rows; r++)
        for (int c = 0; c < cols; c++) out[(size_t)c * rows + r] = in[(size_t)r * cols + c];
}

/* ----------------------------------------------------------------------------------------------
 * The layers, forward and backward. N = B * T positions. */

/* out[b,t,:] = wte[inp[b,t],:] + wpe[t,:]              PyTorch: wte(idx) + wpe(pos) */
static void encoder_forward(float *out, const int *inp, const float *wte, const float *wpe, int B,
                            int T, int C)
{
    for (int b = 0; b < B; b++)
        for (int t = 0; t < T; t++) {
            float *o = out + ((size_t)b * T + t) * C;
            const float *tok = wte + (size_t)inp[b * T + t] * C, *pos = wpe + (size_t)t * C;
            for (int i = 0; i < C; i++) o[i] = tok[i] + pos[i];
        }
}

/* An embedding row's gradient is the sum of the gradients of every place it was used. */
static void encoder_backward(float *dwte, float *dwpe, const float *dout, const int *inp, int B,
                             int T, int C)
{
    for (int b = 0; b < B; b++)
        for (int t = 0; t < T; t++) {
            const float *d = dout + ((size_t)b * T + t) * C;
            float *dtok = dwte + (size_t)inp[b * T + t] * C, *dpos = dwpe + (size_t)t * C;
            for (int i = 0; i < C; i++) { dtok[i] += d[i]; dpos[i] += d[i]; }
        }
}

/* PyTorch: nn.LayerNorm(C). mean and rstd (1 / std) are kept for the backward pass. */
static void layernorm_forward(float *out, float *mean, float *rstd, const float *inp,
                              const float *weight, const float *bias, int N, int C, float eps)
{
    #pragma omp parallel for schedule(static)
    for (int n = 0; n < N; n++) {
        const float *x = inp + (size_t)n * C;
        float m = 0.0f;
        for (int i = 0; i < C; i++) m += x[i];
        m /= (float)C;
        float v = 0.0f;
        for (int i = 0; i < C; i++) v += (x[i] - m) * (x[i] - m);
        v /= (float)C;
        float s = 1.0f / sqrtf(v + eps);
        float *o = out + (size_t)n * C;
        for (int i = 0; i < C; i++) o[i] = (x[i] - m) * s * weight[i] + bias[i];
        mean[n] = m;
        rstd[n] = s;
    }
}

/* With norm = (x - mean) * rstd and y = norm * w + b:
 *   dw += dy * norm,   db += dy,
 *   dx += rstd * (dy*w - mean(dy*w) - norm * mean(dy*w * norm))
 * (the last line is the gradient through the mean and the standard deviation). */
static void layernorm_backward(float *dinp, float *dweight, float *dbias, const float *dout,
                               const float *inp, const float *weight, const float *mean,
                               const float *rstd, int N, int C)
{
    #pragma omp parallel for schedule(static)
    for (int n = 0; n < N; n++) {
        const float *dy = dout + (size_t)n * C, *x = inp + (size_t)n * C;
        float *dx = dinp + (size_t)n * C;
        float m = mean[n], s = rstd[n];
        float dnorm_mean = 0.0f, dnorm_norm_mean = 0.0f;
        for (int i = 0; i < C; i++) {
            float norm = (x[i] - m) * s;
            float dnorm = weight[i] * dy[i];
            dnorm_mean += dnorm;
            dnorm_norm_mean += dnorm * norm;
        }
        dnorm_mean /= (float)C;
        dnorm_norm_mean /= (float)C;
        for (int i = 0; i < C; i++) {
            float norm = (x[i] - m) * s;
            float dnorm = weight[i] * dy[i];
            dx[i] += (dnorm - dnorm_mean - norm * dnorm_norm_mean) * s;
        }
    }
    /* The weight and bias gradients sum over positions: one thread per channel. */
    #pragma omp parallel for schedule(static)
    for (int i = 0; i < C; i++) {
        float dw = 0.0f, db = 0.0f;
        for (int n = 0; n < N; n++) {
            float dy = dout[(size_t)n * C + i];
            dw += (inp[(size_t)n * C + i] - mean[n]) * rstd[n] * dy;
            db += dy;
        }
        dweight[i] += dw;
        dbias[i] += db;
    }
}

/* out (N, OUT) = inp (N, IN) @ weight (IN, OUT) + bias.       PyTorch: Conv1D, torch.addmm */
static void matmul_forward(float *out, const float *inp, const float *weight, const float *bias,
                           int N, int IN, int OUT)
{
    gemm(out, inp, weight, N, IN, OUT, 0);
    #pragma omp parallel for schedule(static)
    for (int n = 0; n < N; n++)
        for (int o = 0; o < OUT; o++) out[(size_t)n * OUT + o] += bias[o];
}

/* For out = inp @ W + b:
 *   dinp += dout @ W^T,   dW += inp^T @ dout,   db += sum over positions of dout.
 * `scratch` holds W^T (IN * OUT floats). */
static void matmul_backward(float *dinp, float *dweight, float *dbias, const float *dout,
                            const float *inp, const float *weight, int N, int IN, int OUT,
                            float *scratch)
{
    transpose(scratch, weight, IN, OUT);               /* W^T (OUT, IN) */
    gemm(dinp, dout, scratch, N, OUT, IN, 1);
    gemm_at(dweight, inp, dout, IN, N, OUT, 1);         /* inp^T @ dout */
    #pragma omp parallel for schedule(static)
    for (int o = 0; o < OUT; o++) {
        float sum = 0.0f;
        for (int n = 0; n < N; n++) sum += dout[(size_t)n * OUT + o];
        dbias[o] += sum;
    }
}

/* Causal self-attention over whole sequences.
 *   qkv (B, T, 3C) -> out (B, T, C); preatt, att (B, NH, T, T), zero above the diagonal.
 * PyTorch: att = softmax((q @ k^T) / sqrt(HS) masked causally); y = att @ v */
GEMM_CLONES
static void attention_forward_head(float *out, float *preatt, float *att, const float *qkv, int b, int h,
                                   int T, int C, int NH)
{
    int HS = C / NH;
    float scale = 1.0f / sqrtf((float)HS);
            for (int t = 0; t < T; t++) {
                const float *q = qkv + ((size_t)b * T + t) * 3 * C + h * HS;
                float *pre = preatt + (((size_t)b * NH + h) * T + t) * T;
                float *w = att + (((size_t)b * NH + h) * T + t) * T;
                float max = -INFINITY;
                for (int t2 = 0; t2 <= t; t2++) {
                    const float *k = qkv + ((size_t)b * T + t2) * 3 * C + C + h * HS;
                    pre[t2] = gb_dot(q, k, HS) * scale;
                    if (pre[t2] > max) max = pre[t2];
                }
                float sum = 0.0f;
                for (int t2 = 0; t2 <= t; t2++) { w[t2] = expf(pre[t2] - max); sum += w[t2]; }
                for (int t2 = 0; t2 <= t; t2++) w[t2] /= sum;
                for (int t2 = t + 1; t2 < T; t2++) pre[t2] = w[t2] = 0.0f;
                float *o = out + ((size_t)b * T + t) * C + h * HS;
                for (int i = 0; i < HS; i++) o[i] = 0.0f;
                for (int t2 = 0; t2 <= t; t2++)
                    axpy(o, w[t2], qkv + ((size_t)b * T + t2) * 3 * C + 2 * C + h * HS, HS);
            }
}

static void attention_forward(float *out, float *preatt, float *att, const float *qkv, int B,
                              int T, int C, int NH)
{
    #pragma omp parallel for collapse(2) schedule(dynamic, 1)
    for (int b = 0; b < B; b++)
        for (int h = 0; h < NH; h++) attention_forward_head(out, preatt, att, qkv, b, h, T, C, NH);
}

/* Backward through y = att @ v, att = softmax(preatt), preatt = q k^T * scale:
 *   datt = dy . v        dv += att * dy
 *   dpreatt = att * (datt - sum(att * datt))            (softmax backward)
 *   dq += dpreatt @ k * scale,    dk += dpreatt^T @ q * scale
 * Each (batch, head) pair touches only its own slice of dqkv, so pairs run in parallel. */
/* One (batch, head) pair; compiled for AVX2 too (like the matrix product), picked at run time. */
GEMM_CLONES
static void attention_backward_head(float *dqkv, float *dpreatt, float *datt, const float *dout,
                                    const float *qkv, const float *att, int b, int h, int T, int C, int NH)
{
    int HS = C / NH;
    float scale = 1.0f / sqrtf((float)HS);
            for (int t = T - 1; t >= 0; t--) {
                size_t row = (((size_t)b * NH + h) * T + t) * T;
                const float *w = att + row;
                float *dw = datt + row, *dpre = dpreatt + row;
                const float *dy = dout + ((size_t)b * T + t) * C + h * HS;
                const float *q = qkv + ((size_t)b * T + t) * 3 * C + h * HS;
                float *dq = dqkv + ((size_t)b * T + t) * 3 * C + h * HS;
                for (int t2 = 0; t2 <= t; t2++) {
                    const float *v = qkv + ((size_t)b * T + t2) * 3 * C + 2 * C + h * HS;
                    float *dv = dqkv + ((size_t)b * T + t2) * 3 * C + 2 * C + h * HS;
                    axpy(dv, w[t2], dy, HS);
                    dw[t2] = gb_dot(v, dy, HS);
                }
                float dot_wd = 0.0f;
                for (int t2 = 0; t2 <= t; t2++) dot_wd += w[t2] * dw[t2];
                for (int t2 = 0; t2 <= t; t2++) dpre[t2] = w[t2] * (dw[t2] - dot_wd);
                for (int t2 = 0; t2 <= t; t2++) {
                    const float *k = qkv + ((size_t)b * T + t2) * 3 * C + C + h * HS;
                    float *dk = dqkv + ((size_t)b * T + t2) * 3 * C + C + h * HS;
                    float g = dpre[t2] * scale;
                    axpy(dq, g, k, HS);
                    axpy(dk, g, q, HS);
                }
            }
}

static void attention_backward(float *dqkv, float *dpreatt, float *datt, const float *dout,
                               const float *qkv, const float *att, int B, int T, int C, int NH)
{
    #pragma omp parallel for collapse(2) schedule(dynamic, 1)
    for (int b = 0; b < B; b++)
        for (int h = 0; h < NH; h++) attention_backward_head(dqkv, dpreatt, datt, dout, qkv, att, b, h, T, C, NH);
}

#define GELU_SCALE 0.7978845608028654f /* sqrt(2 / pi) */

/* tanh(u) = 2 / (1 + exp(-2u)) - 1: the same function, several times faster than tanhf. */
static float fast_tanh(float u)
{
    return 2.0f / (1.0f + expf(-2.0f * u)) - 1.0f;
}

/* PyTorch: F.gelu(x, approximate="tanh") */
static void gelu_forward(float *out, const float *inp, size_t n)
{
    #pragma omp parallel for schedule(static)
    for (size_t i = 0; i < n; i++) {
        float x = inp[i];
        out[i] = 0.5f * x * (1.0f + fast_tanh(GELU_SCALE * (x + 0.044715f * x * x * x)));
    }
}

/* d/dx of 0.5 x (1 + tanh(u)), u = s (x + 0.044715 x^3):
 *   0.5 (1 + tanh u) + 0.5 x (1 - tanh^2 u) s (1 + 3 * 0.044715 x^2) */
static void gelu_backward(float *dinp, const float *inp, const float *dout, size_t n)
{
    #pragma omp parallel for schedule(static)
    for (size_t i = 0; i < n; i++) {
        float x = inp[i];
        float u = GELU_SCALE * (x + 0.044715f * x * x * x);
        float th = fast_tanh(u);
        float sech2 = 1.0f - th * th;
        float local = 0.5f * (1.0f + th) + 0.5f * x * sech2 * GELU_SCALE * (1.0f + 3.0f * 0.044715f * x * x);
        dinp[i] += local * dout[i];
    }
}

static void residual_forward(float *out, const float *a, const float *b, size_t n)
{
    for (size_t i = 0; i < n; i++) out[i] = a[i] + b[i];
}

/* The gradient of a sum flows unchanged to both terms. */
static void residual_backward(float *da, float *db, const float *dout, size_t n)
{
    for (size_t i = 0; i < n; i++) { da[i] += dout[i]; db[i] += dout[i]; }
}

/* logits (N, V) = x (N, C) @ wte^T.  `scratch` holds wte^T (C * V floats). */
static void lm_head_forward(float *logits, const float *x, const float *wte, int N, int C, int V,
                            float *scratch)
{
    transpose(scratch, wte, V, C);
    gemm(logits, x, scratch, N, C, V, 0);
}

/* dx += dlogits @ wte;  dwte += dlogits^T @ x. */
static void lm_head_backward(float *dx, float *dwte, const float *dlogits, const float *x,
                             const float *wte, int N, int C, int V)
{
    gemm(dx, dlogits, wte, N, V, C, 1);
    gemm_at(dwte, dlogits, x, V, N, C, 1);             /* dlogits^T @ x */
}

/* probs = softmax(logits); losses[n] = -log probs[n, target[n]]. */
static void crossentropy_forward(float *probs, float *losses, const float *logits,
                                 const int *targets, int N, int V)
{
    #pragma omp parallel for schedule(static)
    for (int n = 0; n < N; n++) {
        const float *l = logits + (size_t)n * V;
        float *p = probs + (size_t)n * V;
        float max = l[0];
        for (int v = 1; v < V; v++) if (l[v] > max) max = l[v];
        double sum = 0.0;
        for (int v = 0; v < V; v++) { p[v] = expf(l[v] - max); sum += p[v]; }
        for (int v = 0; v < V; v++) p[v] = (float)(p[v] / sum);
        losses[n] = -logf(p[targets[n]] > 1e-30f ? p[targets[n]] : 1e-30f);
    }
}

/* d mean(loss) / d logits = (probs - onehot(target)) / N: the famous "prediction minus truth". */
static void crossentropy_backward(float *dlogits, const float *probs, const int *targets, int N, int V)
{
    float scale = 1.0f / (float)N;
    #pragma omp parallel for schedule(static)
    for (int n = 0; n < N; n++) {
        float *d = dlogits + (size_t)n * V;
        const float *p = probs + (size_t)n * V;
        for (int v = 0; v < V; v++) d[v] = p[v] * scale;
        d[targets[n]] -= scale;
    }
}

/* ----------------------------------------------------------------------------------------------
 * The trainer */

TrainSettings train_defaults(void)
{
    TrainSettings s = {1e-3f, 0.1f, 100, 0, 0.9f, 0.95f, 1e-8f, 0.1f, 1.0f};
    return s;
}

static size_t acts_point(Activations *a, float *p, const GptConfig *c, int B, int T)
{
    size_t L = (size_t)c->n_layer, C = (size_t)c->n_embd, C4 = (size_t)c->n_inner,
           NH = (size_t)c->n_head, V = (size_t)c->vocab_size, BT = (size_t)B * (size_t)T;
    size_t sizes[] = {BT * C, L * BT * C, L * BT, L * BT, L * BT * 3 * C, L * BT * C,
                      L * B * NH * T * T, L * B * NH * T * T, L * BT * C, L * BT * C, L * BT * C,
                      L * BT, L * BT, L * BT * C4, L * BT * C4, L * BT * C, L * BT * C, BT * C,
                      BT, BT, BT * V, BT * V, BT};
    float **views[] = {&a->encoded, &a->ln1, &a->ln1_mean, &a->ln1_rstd, &a->qkv, &a->atty,
                       &a->preatt, &a->att, &a->attproj, &a->residual2, &a->ln2, &a->ln2_mean,
                       &a->ln2_rstd, &a->fch, &a->fch_gelu, &a->fcproj, &a->residual3, &a->lnf,
                       &a->lnf_mean, &a->lnf_rstd, &a->logits, &a->probs, &a->losses};
    size_t total = 0;
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        if (p) *views[i] = p + total;
        total += sizes[i];
    }
    if (p) a->memory = p;
    return total;
}

/* Scratch space for transposes: the larger of a layer's W^T and wte^T. */
static size_t scratch_size(const GptConfig *c)
{
    size_t C = (size_t)c->n_embd, C4 = (size_t)c->n_inner, V = (size_t)c->vocab_size;
    return C * C4 > C * V ? C * C4 : C * V;
}

int trainer_init(Trainer *tr, GptModel *model, int B, int T, GbError *err)
{
    memset(tr, 0, sizeof *tr);
    const GptConfig *c = &model->config;
    if (B < 1 || T < 1 || T > c->n_ctx)
        return gb_fail(err, "train", "batch %d x sequence %d: the sequence must be 1..%d tokens "
                       "(hint: --context cannot exceed the model's n_positions)", B, T, c->n_ctx);
    tr->model = model;
    tr->B = B;
    tr->T = T;
    size_t P = gpt_param_count(c);
    size_t A = acts_point(&tr->acts, NULL, c, B, T);
    float *params = calloc(3 * P, sizeof(float));
    float *decay = malloc(P * sizeof(float));
    float *acts = malloc(A * sizeof(float));
    float *dacts = malloc((A + scratch_size(c)) * sizeof(float));
    if (!params || !decay || !acts || !dacts) {
        free(params); free(decay); free(acts); free(dacts);
        return gb_fail(err, "train", "out of memory for a batch of %d x %d (%.0f MB of activations) "
                       "(hint: use a smaller --batch or --context)", B, T, 2.0 * A * 4 / 1e6);
    }
    gpt_weights_point(&tr->grads, params, c);
    gpt_weights_point(&tr->m, params + P, c);
    gpt_weights_point(&tr->v, params + 2 * P, c);
    acts_point(&tr->acts, acts, c, B, T);
    acts_point(&tr->dacts, dacts, c, B, T);
    /* Weight decay pulls the matrices and the token embeddings towards zero, but not biases and
     * LayerNorm gains (the 1-D tensors), nor the position embeddings: shrunk, they would say less
     * and less about where a token is, and a head that looks exactly one place back needs them to
     * say it loudly. */
    GptWeights dv;
    gpt_weights_point(&dv, decay, c);
    GptTensor *list = malloc((size_t)GPT_MAX_TENSORS(c) * sizeof *list);
    if (!list) { trainer_free(tr); free(decay); return gb_fail(err, "train", "out of memory"); }
    int n = gpt_tensors(&dv, c, list);
    for (int i = 0; i < n; i++) {
        size_t numel = (size_t)list[i].shape[0] * (size_t)(list[i].ndim == 2 ? list[i].shape[1] : 1);
        for (size_t j = 0; j < numel; j++) list[i].data[j] = list[i].ndim == 2 ? 1.0f : 0.0f;
    }
    free(list);
    for (size_t j = 0; j < (size_t)c->n_ctx * c->n_embd; j++) dv.wpe[j] = 0.0f;
    tr->decay = decay;
    return 0;
}

void trainer_free(Trainer *tr)
{
    free(tr->grads.memory);
    free(tr->decay);
    free(tr->acts.memory);
    free(tr->dacts.memory);
    memset(tr, 0, sizeof *tr);
}

float trainer_forward(Trainer *tr, const int *inputs, const int *targets)
{
    const GptConfig *c = &tr->model->config;
    const GptWeights *w = &tr->model->w;
    Activations *a = &tr->acts;
    int B = tr->B, T = tr->T, N = B * T;
    int C = c->n_embd, C4 = c->n_inner, NH = c->n_head, V = c->vocab_size;
    float eps = c->layer_norm_epsilon;
    size_t n_acts = acts_point(&tr->dacts, NULL, c, B, T);
    float *scratch = tr->dacts.memory + n_acts;
    tr->inputs = inputs;
    tr->targets = targets;

    encoder_forward(a->encoded, inputs, w->wte, w->wpe, B, T, C);        /* (B, T, C) */
    const float *x = a->encoded;
    for (int l = 0; l < c->n_layer; l++) {
        size_t L = (size_t)l, NC = (size_t)N * C;
        float *ln1 = a->ln1 + L * NC, *qkv = a->qkv + L * NC * 3, *atty = a->atty + L * NC;
        float *preatt = a->preatt + L * B * NH * T * T, *att = a->att + L * B * NH * T * T;
        float *attproj = a->attproj + L * NC, *res2 = a->residual2 + L * NC, *ln2 = a->ln2 + L * NC;
        float *fch = a->fch + L * N * C4, *fch_gelu = a->fch_gelu + L * N * C4;
        float *fcproj = a->fcproj + L * NC, *res3 = a->residual3 + L * NC;

        /* x = x + attn(ln_1(x)) */
        layernorm_forward(ln1, a->ln1_mean + L * N, a->ln1_rstd + L * N, x, w->ln_1_w + L * C,
                          w->ln_1_b + L * C, N, C, eps);
        matmul_forward(qkv, ln1, w->attn_w + L * C * 3 * C, w->attn_b + L * 3 * C, N, C, 3 * C);
        attention_forward(atty, preatt, att, qkv, B, T, C, NH);
        matmul_forward(attproj, atty, w->attn_proj_w + L * C * C, w->attn_proj_b + L * C, N, C, C);
        residual_forward(res2, x, attproj, NC);
        /* x = x + mlp(ln_2(x)) */
        layernorm_forward(ln2, a->ln2_mean + L * N, a->ln2_rstd + L * N, res2, w->ln_2_w + L * C,
                          w->ln_2_b + L * C, N, C, eps);
        matmul_forward(fch, ln2, w->fc_w + L * C * C4, w->fc_b + L * C4, N, C, C4);
        gelu_forward(fch_gelu, fch, (size_t)N * C4);
        matmul_forward(fcproj, fch_gelu, w->fc_proj_w + L * C4 * C, w->fc_proj_b + L * C, N, C4, C);
        residual_forward(res3, res2, fcproj, NC);
        x = res3;
    }
    layernorm_forward(a->lnf, a->lnf_mean, a->lnf_rstd, x, w->ln_f_w, w->ln_f_b, N, C, eps);
    lm_head_forward(a->logits, a->lnf, w->wte, N, C, V, scratch);
    crossentropy_forward(a->probs, a->losses, a->logits, targets, N, V);
    double sum = 0.0;
    for (int n = 0; n < N; n++) sum += a->losses[n];
    tr->loss = (float)(sum / N);
    return tr->loss;
}

void trainer_backward(Trainer *tr)
{
    const GptConfig *c = &tr->model->config;
    const GptWeights *w = &tr->model->w;
    GptWeights *g = &tr->grads;
    Activations *a = &tr->acts, *d = &tr->dacts;
    int B = tr->B, T = tr->T, N = B * T;
    int C = c->n_embd, C4 = c->n_inner, NH = c->n_head, V = c->vocab_size;
    size_t A = acts_point(d, NULL, c, B, T);
    float *scratch = d->memory + A;
    memset(g->memory, 0, gpt_param_count(c) * sizeof(float));
    memset(d->memory, 0, A * sizeof(float));

    /* The loss, the LM head and the final LayerNorm. */
    crossentropy_backward(d->logits, a->probs, tr->targets, N, V);
    lm_head_backward(d->lnf, g->wte, d->logits, a->lnf, w->wte, N, C, V);
    const float *x_last = a->residual3 + (size_t)(c->n_layer - 1) * N * C;
    float *dx_last = d->residual3 + (size_t)(c->n_layer - 1) * N * C;
    layernorm_backward(dx_last, g->ln_f_w, g->ln_f_b, d->lnf, x_last, w->ln_f_w, a->lnf_mean,
                       a->lnf_rstd, N, C);

    /* The blocks, last to first. dres3 is the gradient arriving at this block's output. */
    for (int l = c->n_layer - 1; l >= 0; l--) {
        size_t L = (size_t)l, NC = (size_t)N * C;
        const float *x_in = l == 0 ? a->encoded : a->residual3 + (L - 1) * NC;
        float *dx_in = l == 0 ? d->encoded : d->residual3 + (L - 1) * NC;
        float *dres3 = d->residual3 + L * NC;

        /* x3 = x2 + mlp(ln_2(x2)) */
        residual_backward(d->residual2 + L * NC, d->fcproj + L * NC, dres3, NC);
        matmul_backward(d->fch_gelu + L * N * C4, g->fc_proj_w + L * C4 * C, g->fc_proj_b + L * C,
                        d->fcproj + L * NC, a->fch_gelu + L * N * C4, w->fc_proj_w + L * C4 * C, N,
                        C4, C, scratch);
        gelu_backward(d->fch + L * N * C4, a->fch + L * N * C4, d->fch_gelu + L * N * C4, (size_t)N * C4);
        matmul_backward(d->ln2 + L * NC, g->fc_w + L * C * C4, g->fc_b + L * C4, d->fch + L * N * C4,
                        a->ln2 + L * NC, w->fc_w + L * C * C4, N, C, C4, scratch);
        layernorm_backward(d->residual2 + L * NC, g->ln_2_w + L * C, g->ln_2_b + L * C, d->ln2 + L * NC,
                           a->residual2 + L * NC, w->ln_2_w + L * C, a->ln2_mean + L * N,
                           a->ln2_rstd + L * N, N, C);

        /* x2 = x + attn(ln_1(x)) */
        residual_backward(dx_in, d->attproj + L * NC, d->residual2 + L * NC, NC);
        matmul_backward(d->atty + L * NC, g->attn_proj_w + L * C * C, g->attn_proj_b + L * C,
                        d->attproj + L * NC, a->atty + L * NC, w->attn_proj_w + L * C * C, N, C, C,
                        scratch);
        size_t att_off = L * B * NH * T * T;
        attention_backward(d->qkv + L * NC * 3, d->preatt + att_off, d->att + att_off, d->atty + L * NC,
                           a->qkv + L * NC * 3, a->att + att_off, B, T, C, NH);
        matmul_backward(d->ln1 + L * NC, g->attn_w + L * C * 3 * C, g->attn_b + L * 3 * C,
                        d->qkv + L * NC * 3, a->ln1 + L * NC, w->attn_w + L * C * 3 * C, N, C, 3 * C,
                        scratch);
        layernorm_backward(dx_in, g->ln_1_w + L * C, g->ln_1_b + L * C, d->ln1 + L * NC, x_in,
                           w->ln_1_w + L * C, a->ln1_mean + L * N, a->ln1_rstd + L * N, N, C);
    }
    encoder_backward(g->wte, g->wpe, d->encoded, tr->inputs, B, T, C);
}

float trainer_clip(Trainer *tr, float max_norm)
{
    size_t P = gpt_param_count(&tr->model->config);
    float *g = tr->grads.memory;
    double sum = 0.0;
    for (size_t i = 0; i < P; i++) sum += (double)g[i] * g[i];
    float norm = (float)sqrt(sum);
    if (max_norm > 0.0f && norm > max_norm) {
        float scale = max_norm / (norm + 1e-6f);
        for (size_t i = 0; i < P; i++) g[i] *= scale;
    }
    return norm;
}

/* AdamW (Loshchilov & Hutter): Adam's update, plus weight decay applied directly to the weight
 * ("decoupled") rather than through the gradient:
 *   m = b1 m + (1 - b1) g            running mean of the gradient
 *   v = b2 v + (1 - b2) g^2          running mean of its square
 *   w -= lr * (m_hat / (sqrt(v_hat) + eps) + wd * w),  with m_hat, v_hat bias-corrected */
void trainer_adamw(Trainer *tr, const TrainSettings *s, float lr)
{
    size_t P = gpt_param_count(&tr->model->config);
    float *w = tr->model->w.memory, *g = tr->grads.memory, *m = tr->m.memory, *v = tr->v.memory;
    tr->step++;
    float c1 = 1.0f - powf(s->beta1, (float)tr->step), c2 = 1.0f - powf(s->beta2, (float)tr->step);
    #pragma omp parallel for schedule(static)
    for (size_t i = 0; i < P; i++) {
        m[i] = s->beta1 * m[i] + (1.0f - s->beta1) * g[i];
        v[i] = s->beta2 * v[i] + (1.0f - s->beta2) * g[i] * g[i];
        float m_hat = m[i] / c1, v_hat = v[i] / c2;
        w[i] -= lr * (m_hat / (sqrtf(v_hat) + s->eps) + s->weight_decay * tr->decay[i] * w[i]);
    }
}

float trainer_lr(const TrainSettings *s, int step)
{
    if (step < s->warmup_steps) return s->lr * (float)(step + 1) / (float)s->warmup_steps;
    if (s->total_steps <= s->warmup_steps) return s->lr;
    float progress = (float)(step - s->warmup_steps) / (float)(s->total_steps - s->warmup_steps);
    if (progress > 1.0f) progress = 1.0f;
    float cosine = 0.5f * (1.0f + cosf(3.14159265358979f * progress));
    float min_lr = s->lr * s->min_lr_frac;
    return min_lr + (s->lr - min_lr) * cosine;
}

/* ----------------------------------------------------------------------------------------------
 * Optimiser state on disk: the moments as safetensors "m.<name>" and "v.<name>". */

int trainer_save(const Trainer *tr, const char *dir, GbError *err)
{
    const GptConfig *c = &tr->model->config;
    int n = GPT_MAX_TENSORS(c);
    GptTensor *mt = malloc((size_t)n * sizeof *mt), *vt = malloc((size_t)n * sizeof *vt);
    StWriteTensor *out = malloc((2 * (size_t)n + 1) * sizeof *out);
    char (*names)[72] = malloc(2 * (size_t)n * sizeof *names);
    float step = (float)tr->step; /* exact up to 2^24 steps */
    int rc = -1;
    if (!mt || !vt || !out || !names) { gb_fail(err, dir, "out of memory"); goto done; }
    gpt_tensors(&tr->m, c, mt);
    gpt_tensors(&tr->v, c, vt);
    for (int i = 0; i < n; i++) {
        for (int k = 0; k < 2; k++) {
            GptTensor *t = k ? &vt[i] : &mt[i];
            StWriteTensor *o = &out[2 * i + k];
            snprintf(names[2 * i + k], sizeof names[0], "%s.%s", k ? "v" : "m", t->name);
            o->name = names[2 * i + k];
            o->data = t->data;
            o->ndim = t->ndim;
            o->shape[0] = t->shape[0];
            o->shape[1] = t->shape[1];
        }
    }
    out[2 * n] = (StWriteTensor){"step", &step, 1, {1}};
    char path[GB_PATH_MAX];
    if (gb_path_join(path, sizeof path, dir, "optimizer.safetensors")) { gb_fail(err, dir, "path too long"); goto done; }
    rc = st_write(path, out, 2 * n + 1, "{\"writer\":\"glassbox\"}", err);
done:
    free(mt); free(vt); free(out); free(names);
    return rc;
}

int trainer_load(Trainer *tr, const char *dir, GbError *err)
{
    const GptConfig *c = &tr->model->config;
    char path[GB_PATH_MAX];
    if (gb_path_join(path, sizeof path, dir, "optimizer.safetensors")) return gb_fail(err, dir, "path too long");
    StFile st;
    if (st_open(&st, path, err)) return -1;
    int n = GPT_MAX_TENSORS(c), rc = -1;
    GptTensor *list = malloc((size_t)n * sizeof *list);
    if (!list) { gb_fail(err, path, "out of memory"); goto done; }
    for (int k = 0; k < 2; k++) {
        gpt_tensors(k ? &tr->v : &tr->m, c, list);
        for (int i = 0; i < n; i++) {
            char name[80];
            snprintf(name, sizeof name, "%s.%s", k ? "v" : "m", list[i].name);
            const StTensor *t = st_find(&st, name);
            size_t numel = (size_t)list[i].shape[0] * (size_t)(list[i].ndim == 2 ? list[i].shape[1] : 1);
            if (!t || t->numel != numel) {
                gb_fail(err, path, "optimizer state '%s' is missing or has the wrong size (hint: "
                        "the checkpoint and its optimizer.safetensors do not match)", name);
                goto done;
            }
            if (st_read_f32(&st, t, list[i].data, err)) goto done;
        }
    }
    const StTensor *t = st_find(&st, "step");
    float step;
    if (!t || t->numel != 1 || st_read_f32(&st, t, &step, err) || !(step >= 0 && step < 16777216.0f)) {
        gb_fail(err, path, "missing or bad 'step' (hint: the file is not glassbox optimizer state)");
        goto done;
    }
    tr->step = (int)step;
    rc = 0;
done:
    free(list);
    st_close(&st);
    return rc;
}
