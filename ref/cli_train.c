/* cli_train.c — `glassbox train`: from a text file to a model folder.
 *
 *   1. the tokenizer: if the folder has no vocab.json, train a byte-level BPE on the text (or on
 *      the --tokenizer-data text);
 *   2. the data: tokenize the whole text; the last 5% of the tokens are held out for validation;
 *   3. the model: new random weights (or, with --resume, the folder's checkpoint and optimiser);
 *   4. the loop: sample a batch of windows, forward, backward, clip, AdamW; every so often
 *      measure the validation loss and save a checkpoint (Hugging Face layout, so every
 *      checkpoint is a model glassbox and Python tools can open).
 *
 * Everything random is seeded: the same data, settings and seed give the same model.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include "gpt.h"
#include "json.h"
#include "rng.h"
#include "tokenizer.h"
#include "train.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *train_help =
    "usage: glassbox train --data FILE --out DIR [options]\n"
    "\n"
    "Train a GPT-2 model on a text file. DIR receives config.json, model.safetensors, vocab.json,\n"
    "merges.txt (trained first if DIR has none), optimizer.safetensors and training.json.\n"
    "  --layers L        blocks (default 6)            --heads H      attention heads (default 6)\n"
    "  --width C         channels (default 192)        --context T    sequence length (default 128)\n"
    "  --vocab V         BPE vocabulary size for a new tokenizer (default 4096)\n"
    "  --tokenizer-data FILE  train a new tokenizer on FILE instead of the --data text\n"
    "  --steps N         optimiser steps (default 2000), or --minutes M to fit a time budget\n"
    "  --batch B         sequences per step (default 16)\n"
    "  --lr LR           peak learning rate (default 0.001), --warmup N steps (default 100)\n"
    "  --seed S          initial weights and batch order (default 1)\n"
    "  --positions P     how position embeddings start: random (GPT-2, default) or sine\n"
    "                    (sines and cosines of amplitude 0.2, then learned like the rest);\n"
    "                    with --resume, the checkpoint's training.json says which\n"
    "  --eval-every N    validation loss every N steps (default 100)\n"
    "  --save-every N    checkpoint every N steps (default 500; also at the end and on Ctrl+C)\n"
    "  --resume          continue from the checkpoint in DIR\n"
    "\n"
    "Ctrl+C saves a checkpoint and stops; --resume continues exactly where it stopped.\n"
    "\n"
    "example: glassbox train --data stories.txt --out mymodel --steps 300 --width 64 --layers 2\n";

static volatile sig_atomic_t interrupted;
static void on_sigint(int sig) { (void)sig; interrupted = 1; }

typedef struct {
    const char *data, *out, *tok_data;   /* tok_data: train a new tokenizer on this text instead */
    int layers, heads, width, context, vocab, steps, batch, warmup, eval_every, save_every, resume;
    float lr, minutes;
    unsigned long seed;
    int sine_positions;
} TrainOptions;

static int parse_int(const char *flag, const char *v, long lo, long hi, int *out)
{
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (errno || end == v || *end || x < lo || x > hi) {
        fprintf(stderr, "glassbox: %s: expected a whole number from %ld to %ld, got '%s'\n", flag, lo, hi, v);
        return -1;
    }
    *out = (int)x;
    return 0;
}

static int parse_train_options(int argc, char **argv, TrainOptions *o, int *help)
{
    *o = (TrainOptions){NULL, NULL, NULL, 6, 6, 192, 128, 4096, 2000, 16, 100, 100, 500, 0, 1e-3f, 0, 1, 0};
    *help = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) { *help = 1; continue; }
        if (!strcmp(a, "--resume")) { o->resume = 1; continue; }
        if (i + 1 >= argc) {
            fprintf(stderr, "glassbox: train: %s needs a value (hint: glassbox train --help)\n", a);
            return -1;
        }
        const char *v = argv[++i];
        int bad = 0;
        if (!strcmp(a, "--data")) o->data = v;
        else if (!strcmp(a, "--out")) o->out = v;
        else if (!strcmp(a, "--tokenizer-data")) o->tok_data = v;
        else if (!strcmp(a, "--layers")) bad = parse_int(a, v, 1, 64, &o->layers);
        else if (!strcmp(a, "--heads")) bad = parse_int(a, v, 1, 64, &o->heads);
        else if (!strcmp(a, "--width")) bad = parse_int(a, v, 1, 4096, &o->width);
        else if (!strcmp(a, "--context")) bad = parse_int(a, v, 2, 4096, &o->context);
        else if (!strcmp(a, "--vocab")) bad = parse_int(a, v, 257, 65536, &o->vocab);
        else if (!strcmp(a, "--steps")) bad = parse_int(a, v, 1, 10000000, &o->steps);
        else if (!strcmp(a, "--batch")) bad = parse_int(a, v, 1, 4096, &o->batch);
        else if (!strcmp(a, "--warmup")) bad = parse_int(a, v, 0, 10000000, &o->warmup);
        else if (!strcmp(a, "--eval-every")) bad = parse_int(a, v, 1, 10000000, &o->eval_every);
        else if (!strcmp(a, "--save-every")) bad = parse_int(a, v, 1, 10000000, &o->save_every);
        else if (!strcmp(a, "--seed")) { int s; bad = parse_int(a, v, 0, 2147483647, &s); o->seed = (unsigned long)s; }
        else if (!strcmp(a, "--positions")) {
            if (!strcmp(v, "sine")) o->sine_positions = 1;
            else if (!strcmp(v, "random")) o->sine_positions = 0;
            else {
                fprintf(stderr, "glassbox: train: --positions: expected random or sine, got '%s'\n", v);
                return -1;
            }
        } else if (!strcmp(a, "--lr") || !strcmp(a, "--minutes")) {
            char *end;
            double x = strtod(v, &end);
            if (end == v || *end || !(x > 0 && x < 1e6)) {
                fprintf(stderr, "glassbox: %s: expected a positive number, got '%s'\n", a, v);
                return -1;
            }
            if (!strcmp(a, "--lr")) o->lr = (float)x; else o->minutes = (float)x;
        } else {
            fprintf(stderr, "glassbox: train: unknown option '%s' (hint: glassbox train --help)\n", a);
            return -1;
        }
        if (bad) return -1;
    }
    return 0;
}

/* Make sure dir exists and has a tokenizer; train one on text (or on o->tok_data) if it has none. */
static int ensure_tokenizer(const TrainOptions *o, const char *text, size_t len, Tokenizer *tok)
{
    GbError err;
    char path[GB_PATH_MAX];
    char *tok_text = NULL;
    if (o->tok_data) {   /* read it before anything is created */
        tok_text = gb_read_file(o->tok_data, (size_t)2 << 30, &len, &err);
        if (!tok_text) { cli_error(err.msg); return -1; }
        text = tok_text;
    }
    mkdir(o->out, 0755);
    struct stat st;
    if (stat(o->out, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "glassbox: %s: cannot create the output folder (hint: check the path)\n", o->out);
        free(tok_text);
        return -1;
    }
    gb_path_join(path, sizeof path, o->out, "vocab.json");
    if (stat(path, &st) != 0) {
        printf("training a %d-token BPE vocabulary on %s ...\n", o->vocab, o->tok_data ? o->tok_data : o->data);
        fflush(stdout);
        double t0 = gb_now();
        if (tok_train(text, len, o->vocab, o->out, &err)) { free(tok_text); cli_error(err.msg); return -1; }
        printf("  done in %.1f s\n", gb_now() - t0);
    }
    free(tok_text);
    if (tok_load(tok, o->out, &err)) { cli_error(err.msg); return -1; }
    return 0;
}

/* Mean loss over a fixed set of validation windows (the same every time it is called). */
static float evaluate(Trainer *tr, const int *val, size_t n_val, int *inputs, int *targets, unsigned long seed)
{
    int B = tr->B, T = tr->T, batches = 4;
    double sum = 0.0;
    Rng rng;
    rng_seed(&rng, seed, 999);
    for (int k = 0; k < batches; k++) {
        for (int b = 0; b < B; b++) {
            size_t start = (size_t)rng_u32(&rng) % (n_val - (size_t)T);
            memcpy(inputs + b * T, val + start, (size_t)T * sizeof *inputs);
            memcpy(targets + b * T, val + start + 1, (size_t)T * sizeof *targets);
        }
        sum += trainer_forward(tr, inputs, targets);
    }
    return (float)(sum / batches);
}

/* With --resume the weights already exist: how their position embeddings started is what the
 * checkpoint's training.json recorded, and the new training.json keeps saying so. */
static void resumed_positions(TrainOptions *o)
{
    char path[GB_PATH_MAX];
    GbError err;
    size_t len;
    char *text;
    if (gb_path_join(path, sizeof path, o->out, "training.json") ||
        !(text = gb_read_file(path, 1 << 20, &len, &err)))
        return;
    char jerr[128];
    JsonValue *root = json_parse(text, len, jerr, sizeof jerr);
    const JsonValue *v = root ? json_get(root, "positions") : NULL;
    if (v && v->type == JSON_STRING) o->sine_positions = !strcmp(v->string, "sine");
    json_free(root);
    free(text);
}

static int save_checkpoint(Trainer *tr, const TrainOptions *o, const TrainSettings *s, float loss,
                           float val_loss, double tokens_per_s, size_t n_train, size_t n_val)
{
    GbError err;
    if (gpt_save(tr->model, o->out, &err) || trainer_save(tr, o->out, &err)) { cli_error(err.msg); return -1; }
    char json[2048], path[GB_PATH_MAX];
    const GptConfig *c = &tr->model->config;
    int len = snprintf(json, sizeof json,
        "{\n  \"step\": %d,\n  \"total_steps\": %d,\n  \"batch\": %d,\n  \"context\": %d,\n"
        "  \"lr\": %g,\n  \"warmup\": %d,\n  \"seed\": %lu,\n  \"weight_decay\": %g,\n"
        "  \"grad_clip\": %g,\n  \"parameters\": %zu,\n  \"train_tokens\": %zu,\n"
        "  \"val_tokens\": %zu,\n  \"train_loss\": %.6f,\n  \"val_loss\": %.6f,\n"
        "  \"val_perplexity\": %.4f,\n  \"tokens_per_s\": %.1f,\n  \"positions\": \"%s\",\n"
        "  \"data\": \"%s\"\n}\n",
        tr->step, s->total_steps, tr->B, tr->T, (double)s->lr, s->warmup_steps, o->seed,
        (double)s->weight_decay, (double)s->grad_clip, gpt_param_count(c), n_train, n_val,
        (double)loss, (double)val_loss, exp((double)val_loss), tokens_per_s,
        o->sine_positions ? "sine" : "random", o->data);
    gb_path_join(path, sizeof path, o->out, "training.json");
    if (gb_write_file_atomic(path, json, (size_t)len, &err)) { cli_error(err.msg); return -1; }
    return 0;
}

static void format_eta(double seconds, char *out, size_t cap)
{
    int s = (int)(seconds + 0.5);
    if (s >= 3600) snprintf(out, cap, "%dh%02dm", s / 3600, s / 60 % 60);
    else snprintf(out, cap, "%dm%02ds", s / 60, s % 60);
}

int cli_train(int argc, char **argv)
{
    TrainOptions o;
    int help;
    if (parse_train_options(argc, argv, &o, &help)) return 2;
    if (help) { fputs(train_help, stdout); return 0; }
    if (!o.data || !o.out) return cli_error("train: --data FILE and --out DIR are required (hint: glassbox train --help)");
    GbError err;
    size_t len;
    char *text = gb_read_file(o.data, (size_t)2 << 30, &len, &err);
    if (!text) return cli_error(err.msg);
    Tokenizer tok;
    if (ensure_tokenizer(&o, text, len, &tok)) { free(text); return 1; }

    /* The data: all tokens; the last 5% are for validation only. */
    TokList ids = {0};
    if (tok_encode(&tok, text, len, &ids, &err)) { free(text); tok_free(&tok); return cli_error(err.msg); }
    free(text);
    size_t n_val = (size_t)ids.n / 20, n_train = (size_t)ids.n - n_val;
    if (n_val < (size_t)o.context + 1 || n_train < (size_t)o.context + 1) {
        fprintf(stderr, "glassbox: %s: only %d tokens, too few for a context of %d (hint: give more "
                "text or a smaller --context)\n", o.data, ids.n, o.context);
        tok_list_free(&ids);
        tok_free(&tok);
        return 1;
    }
    const int *train = ids.ids, *val = ids.ids + n_train;

    /* The model. */
    GptModel m;
    Trainer tr;
    int rc = 1;
    if (o.resume) {
        if (gpt_load(&m, o.out, &err)) { cli_error(err.msg); goto out_tok; }
        resumed_positions(&o);
        o.context = o.context < m.config.n_ctx ? o.context : m.config.n_ctx;
    } else {
        GptConfig c = {o.layers, o.heads, o.width, 4 * o.width, o.context, tok.vocab_size, 1e-5f};
        if (gpt_init_random(&m, &c, o.seed, 0, &err)) { cli_error(err.msg); goto out_tok; }
        if (o.sine_positions) gpt_init_positions_sine(&m, GPT_SINE_AMPLITUDE);
    }
    if (tok.vocab_size > m.config.vocab_size) {
        fprintf(stderr, "glassbox: %s: the tokenizer has %d tokens but the model only %d\n", o.out,
                tok.vocab_size, m.config.vocab_size);
        goto out_model;
    }
    if (trainer_init(&tr, &m, o.batch, o.context, &err)) { cli_error(err.msg); goto out_model; }
    if (o.resume && trainer_load(&tr, o.out, &err)) { cli_error(err.msg); goto out_trainer; }

    TrainSettings s = train_defaults();
    s.lr = o.lr;
    s.warmup_steps = o.warmup;
    s.total_steps = o.steps;
    int B = o.batch, T = o.context;
    int *inputs = malloc((size_t)B * T * sizeof *inputs), *targets = malloc((size_t)B * T * sizeof *targets);
    if (!inputs || !targets) { cli_error("train: out of memory"); free(inputs); free(targets); goto out_trainer; }

    printf("model: %d layers, %d heads, width %d, context %d, vocabulary %d: %.2f M parameters\n",
           m.config.n_layer, m.config.n_head, m.config.n_embd, m.config.n_ctx, m.config.vocab_size,
           gpt_param_count(&m.config) / 1e6);
    printf("data: %zu training tokens, %zu validation tokens; batch %d x %d tokens per step\n",
           n_train, n_val, B, T);
    fflush(stdout);

    interrupted = 0;
    signal(SIGINT, on_sigint);
    double t_start = gb_now(), t_last = t_start;
    int steps_timed = 0;
    float loss = NAN, val_loss = evaluate(&tr, val, n_val, inputs, targets, o.seed);
    printf("step %5d  validation loss %.4f (perplexity %.1f)\n", tr.step, (double)val_loss, exp((double)val_loss));
    double tokens_per_s = 0;
    while (tr.step < s.total_steps && !interrupted) {
        /* A batch: B random windows of T + 1 tokens; the window's own seed makes it reproducible
         * (and the same after --resume). */
        Rng rng;
        rng_seed(&rng, o.seed, 1000 + (uint64_t)tr.step);
        for (int b = 0; b < B; b++) {
            size_t start = (size_t)rng_u32(&rng) % (n_train - (size_t)T);
            memcpy(inputs + b * T, train + start, (size_t)T * sizeof *inputs);
            memcpy(targets + b * T, train + start + 1, (size_t)T * sizeof *targets);
        }
        loss = trainer_forward(&tr, inputs, targets);
        trainer_backward(&tr);
        float norm = trainer_clip(&tr, s.grad_clip);
        float lr = trainer_lr(&s, tr.step);
        trainer_adamw(&tr, &s, lr);
        steps_timed++;

        double now = gb_now();
        tokens_per_s = (double)steps_timed * B * T / (now - t_start);
        if (o.minutes > 0 && steps_timed == 5) {
            /* Fit the schedule into the time budget, measured on the first steps. */
            s.total_steps = tr.step + (int)((o.minutes * 60.0 - (now - t_start)) / ((now - t_start) / 5));
            if (s.total_steps < tr.step + 1) s.total_steps = tr.step + 1;
        }
        int last = tr.step >= s.total_steps || interrupted;
        if (tr.step % o.eval_every == 0 || last) {
            val_loss = evaluate(&tr, val, n_val, inputs, targets, o.seed);
            char eta[32];
            format_eta((s.total_steps - tr.step) * (now - t_start) / steps_timed, eta, sizeof eta);
            printf("step %5d/%d  loss %.4f  validation %.4f (perplexity %.1f)  |grad| %.2f  lr %.2e  "
                   "%.0f tokens/s  ETA %s\n", tr.step, s.total_steps, (double)loss, (double)val_loss,
                   exp((double)val_loss), (double)norm, (double)lr, tokens_per_s, eta);
            fflush(stdout);
        } else if (now - t_last > 10.0) {
            printf("step %5d/%d  loss %.4f  %.0f tokens/s\n", tr.step, s.total_steps, (double)loss, tokens_per_s);
            fflush(stdout);
            t_last = now;
        }
        if (tr.step % o.save_every == 0 && !last)
            if (save_checkpoint(&tr, &o, &s, loss, val_loss, tokens_per_s, n_train, n_val)) goto out_buffers;
    }
    if (save_checkpoint(&tr, &o, &s, loss, val_loss, tokens_per_s, n_train, n_val)) goto out_buffers;
    if (interrupted)
        printf("stopped at step %d; checkpoint saved in %s (continue with --resume)\n", tr.step, o.out);
    else
        printf("done: %d steps in %.1f s; model saved in %s\n", tr.step, gb_now() - t_start, o.out);
    rc = 0;
out_buffers:
    signal(SIGINT, SIG_DFL);
    free(inputs);
    free(targets);
out_trainer:
    trainer_free(&tr);
out_model:
    gpt_free(&m);
out_tok:
    tok_list_free(&ids);
    tok_free(&tok);
    return rc;
}
