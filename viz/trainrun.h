/* trainrun.h — a training run the viewer can show while it happens: the lessons' "watch it learn"
 * (a small model from random weights, on a text file) and "fine-tune" (the model on screen, on a
 * handful of example sentences).
 *
 * The run advances a few optimiser steps at a time (trainrun_advance with a time budget), so the
 * viewer stays responsive and redraws the loss curve between steps. It records what a class wants
 * to see change: the loss at every step, the model's continuation of a probe prompt at a few
 * moments, and its next-token probabilities for that prompt now.
 *
 * No SDL: the tests drive a run directly.
 */
#ifndef GB_TRAINRUN_H
#define GB_TRAINRUN_H

#include "generate.h"
#include "rng.h"
#include "train.h"

#define TRAINRUN_SAMPLES 6
#define TRAINRUN_BARS 5

typedef struct {
    int step;                   /* optimiser steps done when it was written */
    char text[160];             /* the probe prompt's continuation */
} TrainSample;

typedef struct {
    int active;                 /* a run was started (it may be finished) */
    int finetune;               /* 1: the model trained is someone else's (the session's) */
    int directive;              /* the lesson directive that started it (the player's business) */
    GptModel own;               /* the small model trained from scratch */
    GptModel *model;            /* what is trained: &own, or the session's model */
    const Tokenizer *tok;
    Trainer tr;
    TrainSettings settings;
    int *data;                  /* token ids to learn from */
    int n_data;
    int *inputs, *targets;      /* (B, T) */
    int total, done;            /* steps */
    float *loss;                /* (total) the loss at each step */
    float start_loss;           /* the loss before any step (on the first batch) */
    uint64_t seed;
    char probe[256];            /* the prompt whose continuation and bars are shown */
    TrainSample samples[TRAINRUN_SAMPLES];
    int n_samples;
    int n_bars;                 /* the probe's most likely next tokens now */
    int bar_ids[TRAINRUN_BARS];
    float bar_p[TRAINRUN_BARS];
    double seconds;             /* spent training so far */
    char error[512];
} TrainRun;

/* A new model (layers x heads, width, context) with random weights and tok's vocabulary, to be
 * trained for `steps` on the text in data_path. Returns 0, or -1 with err. */
int trainrun_scratch(TrainRun *r, const Tokenizer *tok, const char *data_path, int layers, int heads,
                     int width, int context, int steps, uint64_t seed, const char *probe, GbError *err);
/* Fine-tune `model` in place on example sentences for `steps`. Any hook on the model is removed
 * while the run works with it and put back after. Returns 0, or -1 with err. */
int trainrun_finetune(TrainRun *r, GptModel *model, const Tokenizer *tok, char *const *examples, int n,
                      int steps, uint64_t seed, const char *probe, GbError *err);
/* Do optimiser steps for about `budget` seconds (at least one). Returns 1 when the run is done. */
int trainrun_advance(TrainRun *r, double budget);
/* Run to the end. */
void trainrun_finish(TrainRun *r);
int trainrun_done(const TrainRun *r);
/* The mean loss of the last 10 steps (of a run shorter than 50 steps, its last fifth): the
 * curve's end, less noisy than one step. */
float trainrun_recent_loss(const TrainRun *r);
void trainrun_free(TrainRun *r);

#endif
