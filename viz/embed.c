/* embed.c — neighbours and the PCA map of the embedding table. See embed.h. */
#include "embed.h"
#include "rng.h"
#include "sampler.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PCA_K 6        /* directions iterated together (2 wanted + 4 to converge faster); at most C */
#define PCA_ITERS 6    /* subspace iterations */

/* Eight running sums so the compiler can vectorise without reordering additions. */
static float dot(const float *a, const float *b, int n)
{
    float s[8] = {0};
    int i = 0;
    for (; i + 8 <= n; i += 8)
        for (int k = 0; k < 8; k++) s[k] += a[i + k] * b[i + k];
    float total = ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
    for (; i < n; i++) total += a[i] * b[i];
    return total;
}

/* Progress: `passes` passes over the table, each reported every 1024 rows. */
typedef struct {
    EmbedMap *e;
    int pass, passes;
} Progress;

static int tick(Progress *p, int row)
{
    if ((row & 1023) == 0) {
        double f = (p->pass + (double)row / p->e->V) / p->passes;
        SDL_AtomicSet(&p->e->progress, (int)(1000.0 * f));
    }
    return SDL_AtomicGet(&p->e->cancel);
}

/* Orthonormalise the k columns of q (n, k) in place (modified Gram-Schmidt). */
static void orthonormalise(double *q, int n, int k)
{
    for (int j = 0; j < k; j++) {
        for (int i = 0; i < j; i++) {
            double r = 0;
            for (int c = 0; c < n; c++) r += q[c * k + i] * q[c * k + j];
            for (int c = 0; c < n; c++) q[c * k + j] -= r * q[c * k + i];
        }
        double norm = 0;
        for (int c = 0; c < n; c++) norm += q[c * k + j] * q[c * k + j];
        norm = sqrt(norm);
        for (int c = 0; c < n; c++) q[c * k + j] = norm > 1e-30 ? q[c * k + j] / norm : (c == j);
    }
}

/* Directions to iterate: PCA_K, or fewer for a narrow table. */
static int directions(const EmbedMap *e)
{
    return e->C < PCA_K ? e->C : PCA_K;
}

/* y (V, k) = (X - mean) q: each row projected on the k directions. */
static int project(Progress *p, const double *q, const double *mean, float *y)
{
    EmbedMap *e = p->e;
    int C = e->C, k = directions(e);
    double mq[PCA_K] = {0};
    for (int c = 0; c < C; c++)
        for (int j = 0; j < k; j++) mq[j] += mean[c] * q[c * k + j];
    for (int v = 0; v < e->V; v++) {
        if (tick(p, v)) return -1;
        const float *x = e->wte + (size_t)v * C;
        double acc[PCA_K] = {0}, n = e->inv_norm[v];
        for (int c = 0; c < C; c++)
            for (int j = 0; j < k; j++) acc[j] += (double)x[c] * n * q[c * k + j];
        for (int j = 0; j < k; j++) y[(size_t)v * k + j] = (float)(acc[j] - mq[j]);
    }
    p->pass++;
    return 0;
}

/* q (C, k) = (X - mean)ᵀ y, then orthonormalised. */
static int back_project(Progress *p, const float *y, const double *mean, double *q)
{
    EmbedMap *e = p->e;
    int C = e->C, k = directions(e);
    double ysum[PCA_K] = {0};
    memset(q, 0, (size_t)C * k * sizeof *q);
    for (int v = 0; v < e->V; v++) {
        if (tick(p, v)) return -1;
        const float *x = e->wte + (size_t)v * C;
        const float *yv = y + (size_t)v * k;
        double n = e->inv_norm[v];
        for (int j = 0; j < k; j++) ysum[j] += yv[j];
        for (int c = 0; c < C; c++)
            for (int j = 0; j < k; j++) q[c * k + j] += (double)x[c] * n * yv[j];
    }
    for (int c = 0; c < C; c++)
        for (int j = 0; j < k; j++) q[c * k + j] -= mean[c] * ysum[j];
    orthonormalise(q, C, k);
    p->pass++;
    return 0;
}

/* Eigenvectors of the symmetric k x k matrix a (destroyed), by cyclic Jacobi rotations: columns
 * of vec, eigenvalues in val. */
static void jacobi(int k, double a[PCA_K][PCA_K], double vec[PCA_K][PCA_K], double val[PCA_K])
{
    for (int i = 0; i < k; i++)
        for (int j = 0; j < k; j++) vec[i][j] = i == j;
    for (int sweep = 0; sweep < 100; sweep++) {
        double off = 0;
        for (int i = 0; i < k; i++)
            for (int j = i + 1; j < k; j++) off += a[i][j] * a[i][j];
        if (off < 1e-22) break;
        for (int p = 0; p < k; p++)
            for (int q = p + 1; q < k; q++) {
                if (fabs(a[p][q]) < 1e-300) continue;
                double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                double t = (theta >= 0 ? 1 : -1) / (fabs(theta) + sqrt(theta * theta + 1));
                double c = 1 / sqrt(t * t + 1), s = t * c;
                for (int r = 0; r < k; r++) { /* a = Jᵀ a J */
                    double arp = a[r][p], arq = a[r][q];
                    a[r][p] = c * arp - s * arq;
                    a[r][q] = s * arp + c * arq;
                }
                for (int r = 0; r < k; r++) {
                    double apr = a[p][r], aqr = a[q][r];
                    a[p][r] = c * apr - s * aqr;
                    a[q][r] = s * apr + c * aqr;
                }
                for (int r = 0; r < k; r++) {
                    double vrp = vec[r][p], vrq = vec[r][q];
                    vec[r][p] = c * vrp - s * vrq;
                    vec[r][q] = s * vrp + c * vrq;
                }
            }
    }
    for (int i = 0; i < k; i++) val[i] = a[i][i];
}

static int by_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* The map's range on each axis: 0.5% .. 99.5%, so a few outliers do not squeeze the rest. */
static void axis_ranges(EmbedMap *e, float *tmp)
{
    for (int a = 0; a < 2; a++) {
        for (int v = 0; v < e->V; v++) tmp[v] = e->xy[(size_t)v * 2 + a];
        qsort(tmp, (size_t)e->V, sizeof *tmp, by_float);
        int lo = (int)(0.005 * (e->V - 1)), hi = (int)(0.995 * (e->V - 1) + 0.5);
        e->lo[a] = tmp[lo];
        e->hi[a] = tmp[hi];
        if (!(e->hi[a] > e->lo[a])) { e->lo[a] -= 1; e->hi[a] += 1; }
    }
}

static int analyse(EmbedMap *e)
{
    int V = e->V, C = e->C, k = directions(e);
    Progress p = {e, 0, 2 + 2 * PCA_ITERS + 1};
    double *mean = calloc((size_t)C, sizeof *mean);
    double *q = malloc((size_t)C * k * sizeof *q);
    float *y = malloc((size_t)V * k * sizeof *y);
    int rc = -1;
    if (!mean || !q || !y) goto out;

    /* Norms (for cosine similarity) and the mean row. */
    for (int v = 0; v < V; v++) {
        if (tick(&p, v)) goto out;
        const float *x = e->wte + (size_t)v * C;
        float n2 = dot(x, x, C);
        e->inv_norm[v] = n2 > 0 ? 1.0f / sqrtf(n2) : 0.0f;
        for (int c = 0; c < C; c++) mean[c] += (double)x[c] * e->inv_norm[v];
    }
    for (int c = 0; c < C; c++) mean[c] /= V;
    p.pass++;

    /* Subspace iteration from a seeded random start. */
    Rng rng;
    rng_seed(&rng, 2024, 7);
    for (int i = 0; i < C * k; i++) q[i] = rng_uniform(&rng) - 0.5;
    orthonormalise(q, C, k);
    p.pass++;
    for (int it = 0; it < PCA_ITERS; it++)
        if (project(&p, q, mean, y) || back_project(&p, y, mean, q)) goto out;

    /* Rayleigh-Ritz: the k x k matrix yᵀy, its eigenvectors, the two largest. */
    if (project(&p, q, mean, y)) goto out;
    double b[PCA_K][PCA_K] = {{0}}, vec[PCA_K][PCA_K], val[PCA_K];
    for (int v = 0; v < V; v++)
        for (int i = 0; i < k; i++)
            for (int j = 0; j < k; j++) b[i][j] += (double)y[(size_t)v * k + i] * y[(size_t)v * k + j];
    jacobi(k, b, vec, val);
    int first = 0, second = -1;
    for (int i = 1; i < k; i++) if (val[i] > val[first]) first = i;
    for (int i = 0; i < k; i++)
        if (i != first && (second < 0 || val[i] > val[second])) second = i;
    int axis[2] = {first, second}; /* second is -1 for a one-channel table: its map is a line */
    for (int a = 0; a < 2; a++) {
        double skew = 0;
        for (int v = 0; v < V; v++) {
            double s = 0;
            for (int j = 0; axis[a] >= 0 && j < k; j++) s += (double)y[(size_t)v * k + j] * vec[j][axis[a]];
            e->xy[(size_t)v * 2 + a] = (float)s;
            skew += s * s * s;
        }
        if (skew < 0)
            for (int v = 0; v < V; v++) e->xy[(size_t)v * 2 + a] = -e->xy[(size_t)v * 2 + a];
    }
    axis_ranges(e, y); /* y (V * k floats) is no longer needed: reuse it */
    rc = 0;
out:
    free(mean);
    free(q);
    free(y);
    return rc;
}

static int worker(void *arg)
{
    EmbedMap *e = arg;
    if (analyse(e) == 0) {
        SDL_AtomicSet(&e->progress, 1000);
        SDL_AtomicSet(&e->done, 1);
    } else if (!SDL_AtomicGet(&e->cancel)) {
        SDL_AtomicSet(&e->failed, 1);
    }
    return 0;
}

void embed_start(EmbedMap *e, const float *wte, int V, int C, int background)
{
    memset(e, 0, sizeof *e);
    e->wte = wte;
    e->V = V;
    e->C = C;
    e->inv_norm = malloc((size_t)V * sizeof *e->inv_norm);
    e->xy = malloc((size_t)V * 2 * sizeof *e->xy);
    e->scores = malloc((size_t)V * sizeof *e->scores);
    if (!e->inv_norm || !e->xy || !e->scores) { SDL_AtomicSet(&e->failed, 1); return; }
    if (background) e->thread = SDL_CreateThread(worker, "glassbox-embed", e);
    if (!e->thread) worker(e); /* small table, or no threads: do it now */
}

int embed_ready(EmbedMap *e)
{
    return SDL_AtomicGet(&e->done);
}

float embed_progress(EmbedMap *e)
{
    return (float)SDL_AtomicGet(&e->progress) / 1000.0f;
}

void embed_wait(EmbedMap *e)
{
    if (e->thread) SDL_WaitThread(e->thread, NULL);
    e->thread = NULL;
}

void embed_free(EmbedMap *e)
{
    SDL_AtomicSet(&e->cancel, 1);
    embed_wait(e);
    free(e->inv_norm);
    free(e->xy);
    free(e->scores);
    memset(e, 0, sizeof *e);
}

float embed_cosine(const EmbedMap *e, int a, int b)
{
    const float *x = e->wte + (size_t)a * e->C, *y = e->wte + (size_t)b * e->C;
    return dot(x, y, e->C) * e->inv_norm[a] * e->inv_norm[b];
}

int embed_neighbours(EmbedMap *e, int id, int k, int *ids, float *scores)
{
    if (!embed_ready(e) || id < 0 || id >= e->V) return 0;
    int V = e->V;
    if (k > V - 1) k = V - 1; /* never the token itself */
    if (k <= 0) return 0;
    #pragma omp parallel for schedule(static)
    for (int v = 0; v < V; v++) e->scores[v] = embed_cosine(e, id, v);
    e->scores[id] = -INFINITY;
    int n = sampler_top(e->scores, V, ids, k);
    for (int i = 0; i < n; i++) scores[i] = e->scores[ids[i]];
    return n;
}
