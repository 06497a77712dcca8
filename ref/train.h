/* train.h — teaching the model: forward and backward over a batch, AdamW, and the training loop.
 *
 * Dimension legend as in gpt.h, plus B = batch (sequences per step) and T = the length of each
 * training sequence (T <= the context window).
 *
 * Which call for what:
 *   trainer_init / trainer_free   allocate gradients, optimiser state and activations for B x T
 *   trainer_forward               inputs (B, T) -> mean cross-entropy loss against targets (B, T)
 *   trainer_backward              after trainer_forward: gradients of that loss into tr->grads
 *   trainer_clip                  scale the gradients so their global L2 norm is at most max_norm
 *   trainer_adamw                 one AdamW update of the weights from the gradients
 *   trainer_lr                    the learning rate at a step: linear warmup, then cosine decay
 *   trainer_save / trainer_load   the optimiser state (moments, step) next to a checkpoint
 *
 * The model's own weights (model->w) are what is trained; after any number of steps gpt_save
 * writes them as a normal Hugging Face checkpoint and gpt_forward runs them.
 */
#ifndef GB_TRAIN_H
#define GB_TRAIN_H

#include <stddef.h>
#include <stdint.h>
#include "gpt.h"
#include "util.h"

/* Everything the forward pass must remember for the backward pass, per layer and position.
 * The llm.c layout: one allocation, named views. */
typedef struct {
    float *encoded;    /* (B, T, C)        token + position embedding */
    float *ln1;        /* (L, B, T, C)     ln_1 output */
    float *ln1_mean;   /* (L, B, T) */
    float *ln1_rstd;   /* (L, B, T)        1 / standard deviation */
    float *qkv;        /* (L, B, T, 3C) */
    float *atty;       /* (L, B, T, C)     attention output, heads side by side */
    float *preatt;     /* (L, B, NH, T, T) scaled scores */
    float *att;        /* (L, B, NH, T, T) attention weights */
    float *attproj;    /* (L, B, T, C) */
    float *residual2;  /* (L, B, T, C)     residual after attention */
    float *ln2;        /* (L, B, T, C) */
    float *ln2_mean;   /* (L, B, T) */
    float *ln2_rstd;   /* (L, B, T) */
    float *fch;        /* (L, B, T, C4)    MLP hidden before GELU */
    float *fch_gelu;   /* (L, B, T, C4) */
    float *fcproj;     /* (L, B, T, C) */
    float *residual3;  /* (L, B, T, C)     residual after the MLP: the block's output */
    float *lnf;        /* (B, T, C) */
    float *lnf_mean;   /* (B, T) */
    float *lnf_rstd;   /* (B, T) */
    float *logits;     /* (B, T, V) */
    float *probs;      /* (B, T, V)        softmax of the logits */
    float *losses;     /* (B, T)           -log probs[target] */
    float *memory;
} Activations;

typedef struct {
    float lr;            /* peak learning rate */
    float min_lr_frac;   /* the cosine decays to lr * min_lr_frac */
    int warmup_steps;
    int total_steps;
    float beta1, beta2;  /* AdamW */
    float eps;
    float weight_decay;  /* decoupled; applied to matrices and embeddings, not biases or LayerNorms */
    float grad_clip;     /* max global gradient norm; 0 = off */
} TrainSettings;

/* lr 1e-3 (a small model trains fast), 10% floor, warmup 100, betas (0.9, 0.95), eps 1e-8,
 * weight decay 0.1, clip 1.0. total_steps must be set by the caller. */
TrainSettings train_defaults(void);

typedef struct {
    GptModel *model;       /* not owned: the weights being trained */
    int B, T;
    GptWeights grads;      /* same layout as the weights */
    GptWeights m, v;       /* AdamW first and second moments */
    float *decay;          /* (params) 1 where weight decay applies, 0 elsewhere */
    Activations acts;      /* forward results kept for backward */
    Activations dacts;     /* their gradients (backward scratch) */
    const int *inputs;     /* (B, T) of the last trainer_forward, not owned */
    const int *targets;    /* (B, T) */
    int step;              /* AdamW updates done so far */
    float loss;            /* of the last trainer_forward */
} Trainer;

/* Allocate for batches of B sequences of T tokens (T <= n_ctx). Returns 0, or -1 with err. */
int trainer_init(Trainer *tr, GptModel *model, int B, int T, GbError *err);
void trainer_free(Trainer *tr);

/* Mean cross-entropy of predicting targets[b, t] from inputs[b, 0..t], over all B x T positions.
 * PyTorch: F.cross_entropy(model(inputs).view(-1, V), targets.view(-1)). Keeps the activations
 * and the two arrays (which must stay valid until trainer_backward). Ids are not checked here. */
float trainer_forward(Trainer *tr, const int *inputs, const int *targets);

/* Gradients of the last trainer_forward's loss with respect to every weight, into tr->grads
 * (overwritten, not accumulated). PyTorch: loss.backward() */
void trainer_backward(Trainer *tr);

/* Global L2 norm of the gradients; if it is above max_norm (> 0), scale them down to max_norm.
 * Returns the norm before clipping. PyTorch: torch.nn.utils.clip_grad_norm_ */
float trainer_clip(Trainer *tr, float max_norm);

/* One AdamW update with learning rate lr. PyTorch: torch.optim.AdamW(...).step() */
void trainer_adamw(Trainer *tr, const TrainSettings *s, float lr);

/* Learning rate for step (0-based): linear warmup to s->lr, then cosine down to lr * min_lr_frac
 * at total_steps. */
float trainer_lr(const TrainSettings *s, int step);

/* Optimiser state: dir/optimizer.safetensors (moments "m.<name>", "v.<name>", and "step").
 * trainer_load restores them (after gpt_load of the same dir). */
int trainer_save(const Trainer *tr, const char *dir, GbError *err);
int trainer_load(Trainer *tr, const char *dir, GbError *err);

#endif
