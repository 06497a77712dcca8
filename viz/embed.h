/* embed.h — the embedding table as a map: nearest neighbours by cosine similarity, and a 2-D
 * picture of all V token vectors (the first two principal components of wte).
 *
 * wte is model data, not an activation, so it is not in the trace: this module reads the model's
 * table (read-only) once per model. For a GPT-2-sized table (50257 x 768) the work takes a few
 * seconds, so it runs on a worker thread and reports its progress; the window stays responsive and
 * the panel shows a progress bar until it is done.
 *
 * PCA: every row scaled to length 1 (so the map agrees with the cosine neighbours: a token's
 * length says mostly how frequent it is, not what it means), minus the mean row: X (V, C). Subspace iteration finds the top directions: start
 * from k random orthonormal columns Q (C, k), repeat Q = orth(Xᵀ X Q), then solve the small
 * k x k problem (Rayleigh-Ritz) and keep the two largest. Deterministic: a fixed seed, one thread,
 * and each direction's sign fixed so that most of the table's skew is on its positive side.
 */
#ifndef GB_EMBED_H
#define GB_EMBED_H

#include <SDL.h>

typedef struct {
    const float *wte;         /* (V, C) not owned */
    int V, C;
    float *inv_norm;          /* (V) 1 / |wte[v]| (0 for a zero row) */
    float *xy;                /* (V, 2) the first two principal components of each row */
    float lo[2], hi[2];       /* the range the map shows (0.5% .. 99.5% of each axis) */
    float *scores;            /* (V) scratch for neighbour search (main thread only) */
    SDL_Thread *thread;
    SDL_atomic_t progress;    /* 0 .. 1000 */
    SDL_atomic_t done;        /* 1 when inv_norm and xy are ready */
    SDL_atomic_t cancel;
    SDL_atomic_t failed;      /* out of memory: no map, no neighbours */
} EmbedMap;

/* Start the analysis of wte (V, C). background = 0 computes it now (small tables, tests). */
void embed_start(EmbedMap *e, const float *wte, int V, int C, int background);
int embed_ready(EmbedMap *e);
float embed_progress(EmbedMap *e);        /* 0 .. 1 */
void embed_wait(EmbedMap *e);
void embed_free(EmbedMap *e);             /* stops the worker if it is still running */

/* The k nearest tokens to token id by cosine similarity (itself excluded), best first. Returns
 * how many were found (0 if the map is not ready). */
int embed_neighbours(EmbedMap *e, int id, int k, int *ids, float *scores);
/* Cosine similarity of two tokens (the map must be ready). */
float embed_cosine(const EmbedMap *e, int a, int b);

#endif
