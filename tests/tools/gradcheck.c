/* gradcheck.c — expose ref/train.c to the PyTorch oracle (tests/oracle/test_grad.py).
 *
 *   gradcheck --model DIR --tokens FILE --batch B --seq T --out GRADS.safetensors
 *       FILE holds B * (T + 1) token ids (whitespace separated); sequence b is ids
 *       [b*(T+1), (b+1)*(T+1)): inputs are its first T ids, targets its last T. Writes the loss
 *       (tensor "loss", shape [1]) and the gradient of every weight under its checkpoint name.
 *   gradcheck ... --adamw-steps N [--lr LR] [--wd WD] [--clip C]
 *       N AdamW steps on that same batch (betas 0.9/0.95, eps 1e-8, constant lr); prints one JSON
 *       line per step: {"step": k, "loss": loss before the update, "norm": gradient norm}.
 */
#include "gpt.h"
#include "safetensors.h"
#include "train.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    const char *model_dir = NULL, *tokens_path = NULL, *out = NULL;
    int B = 2, T = 8, steps = 0;
    float lr = 1e-3f, wd = 0.1f, clip = 0.0f;
    for (int i = 1; i + 1 < argc; i += 2) {
        const char *a = argv[i], *v = argv[i + 1];
        if (!strcmp(a, "--model")) model_dir = v;
        else if (!strcmp(a, "--tokens")) tokens_path = v;
        else if (!strcmp(a, "--out")) out = v;
        else if (!strcmp(a, "--batch")) B = atoi(v);
        else if (!strcmp(a, "--seq")) T = atoi(v);
        else if (!strcmp(a, "--adamw-steps")) steps = atoi(v);
        else if (!strcmp(a, "--lr")) lr = (float)atof(v);
        else if (!strcmp(a, "--wd")) wd = (float)atof(v);
        else if (!strcmp(a, "--clip")) clip = (float)atof(v);
        else { fprintf(stderr, "gradcheck: unknown option %s\n", a); return 2; }
    }
    if (!model_dir || !tokens_path || (!out && steps == 0)) {
        fprintf(stderr, "usage: gradcheck --model DIR --tokens FILE --batch B --seq T (--out F | --adamw-steps N)\n");
        return 2;
    }
    GptModel m;
    GbError err;
    if (gpt_load(&m, model_dir, &err)) { fprintf(stderr, "gradcheck: %s\n", err.msg); return 1; }
    int n = B * (T + 1);
    int *ids = malloc((size_t)n * sizeof *ids), *inputs = malloc((size_t)B * T * sizeof *inputs),
        *targets = malloc((size_t)B * T * sizeof *targets);
    FILE *f = fopen(tokens_path, "r");
    for (int i = 0; i < n; i++)
        if (!f || fscanf(f, "%d", &ids[i]) != 1 || ids[i] < 0 || ids[i] >= m.config.vocab_size) {
            fprintf(stderr, "gradcheck: %s: need %d valid token ids\n", tokens_path, n);
            return 1;
        }
    fclose(f);
    for (int b = 0; b < B; b++)
        for (int t = 0; t < T; t++) {
            inputs[b * T + t] = ids[b * (T + 1) + t];
            targets[b * T + t] = ids[b * (T + 1) + t + 1];
        }
    Trainer tr;
    if (trainer_init(&tr, &m, B, T, &err)) { fprintf(stderr, "gradcheck: %s\n", err.msg); return 1; }
    int rc = 0;
    if (steps > 0) {
        TrainSettings s = train_defaults();
        s.weight_decay = wd;
        for (int k = 0; k < steps; k++) {
            float loss = trainer_forward(&tr, inputs, targets);
            trainer_backward(&tr);
            float norm = trainer_clip(&tr, clip);
            trainer_adamw(&tr, &s, lr);
            printf("{\"step\": %d, \"loss\": %.9g, \"norm\": %.9g}\n", k, (double)loss, (double)norm);
        }
    } else {
        float loss = trainer_forward(&tr, inputs, targets);
        trainer_backward(&tr);
        int nt = GPT_MAX_TENSORS(&m.config);
        GptTensor *list = malloc((size_t)nt * sizeof *list);
        StWriteTensor *w = malloc(((size_t)nt + 1) * sizeof *w);
        gpt_tensors(&tr.grads, &m.config, list);
        for (int i = 0; i < nt; i++)
            w[i] = (StWriteTensor){list[i].name, list[i].data, list[i].ndim, {list[i].shape[0], list[i].shape[1]}};
        w[nt] = (StWriteTensor){"loss", &loss, 1, {1}};
        if (st_write(out, w, nt + 1, NULL, &err)) { fprintf(stderr, "gradcheck: %s\n", err.msg); rc = 1; }
        free(list);
        free(w);
    }
    trainer_free(&tr);
    gpt_free(&m);
    free(ids);
    free(inputs);
    free(targets);
    return rc;
}
