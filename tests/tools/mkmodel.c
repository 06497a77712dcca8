/* mkmodel.c — write a random GPT-2 model folder in the Hugging Face layout, for tests and
 * benchmarks: config.json + model.safetensors (random weights, glassbox's own writer) and, unless
 * --no-tokenizer, vocab.json + merges.txt trained on a built-in text.
 *
 * usage: mkmodel --out DIR [--layers L] [--heads H] [--embd C] [--ctx T] [--vocab V] [--seed S]
 *                [--no-tokenizer]
 */
#define _POSIX_C_SOURCE 200809L
#include "gpt.h"
#include "tokenizer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *sample =
    "The cat sat on the mat. The dog sat on the rug. A cat and a dog are animals. "
    "The Eiffel Tower is located in Paris. Paris is the capital of France. "
    "Once upon a time, a little girl named Lily found a red ball in the park. She was happy. "
    "\"Can I play?\" asked Tom. \"Yes!\" said Lily. They played all day, and then they went home. "
    "It's 12 o'clock; we'll eat 3 apples, 4 pears and 10 grapes. I don't know why he'd say that.\n"
    "Numbers: 1, 22, 333, 4444. Symbols: (a) [b] {c} <d> #e $f %g &h *i +j -k /l =m ?n @o ~p.\n";

int main(int argc, char **argv)
{
    GptConfig c = {2, 2, 16, 64, 32, 300, 1e-5f};
    const char *out = NULL;
    unsigned long seed = 1;
    int tokenizer = 1, inner_set = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--no-tokenizer") == 0) { tokenizer = 0; continue; }
        if (!v) { fprintf(stderr, "mkmodel: %s needs a value\n", a); return 2; }
        i++;
        if (strcmp(a, "--out") == 0) out = v;
        else if (strcmp(a, "--layers") == 0) c.n_layer = atoi(v);
        else if (strcmp(a, "--heads") == 0) c.n_head = atoi(v);
        else if (strcmp(a, "--embd") == 0) c.n_embd = atoi(v);
        else if (strcmp(a, "--inner") == 0) { c.n_inner = atoi(v); inner_set = 1; }
        else if (strcmp(a, "--ctx") == 0) c.n_ctx = atoi(v);
        else if (strcmp(a, "--vocab") == 0) c.vocab_size = atoi(v);
        else if (strcmp(a, "--seed") == 0) seed = strtoul(v, NULL, 10);
        else { fprintf(stderr, "mkmodel: unknown option %s\n", a); return 2; }
    }
    if (!out) { fprintf(stderr, "usage: mkmodel --out DIR [--layers L] ...\n"); return 2; }
    if (!inner_set) c.n_inner = 4 * c.n_embd;
    mkdir(out, 0755);
    GbError err;
    if (tokenizer) {
        /* Repeat the sample so that merges have something to count. */
        size_t n = strlen(sample), reps = 20;
        char *text = malloc(n * reps + 1);
        for (size_t r = 0; r < reps; r++) memcpy(text + r * n, sample, n);
        text[n * reps] = 0;
        int rc = tok_train(text, n * reps, c.vocab_size, out, &err);
        free(text);
        if (rc) { fprintf(stderr, "mkmodel: %s\n", err.msg); return 1; }
    }
    GptModel m;
    if (gpt_init_random(&m, &c, seed, 1, &err) || gpt_save(&m, out, &err)) {
        fprintf(stderr, "mkmodel: %s\n", err.msg);
        return 1;
    }
    gpt_free(&m);
    return 0;
}
