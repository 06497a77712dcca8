/* cli.c — the terminal commands: generate, tokenize, trace, bench.
 *
 * Each command parses its options, loads what it needs, and prints. They share one option parser
 * (Options) so the same flag means the same thing everywhere.
 */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include "generate.h"
#include "gpt.h"
#include "json.h"
#include "rng.h"
#include "sampler.h"
#include "tokenizer.h"
#include "trace.h"
#include "train.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#ifdef _OPENMP
#include <omp.h>
#endif

int cli_error(const char *msg)
{
    fprintf(stderr, "glassbox: %s\n", msg);
    return 1;
}

/* ----------------------------------------------------------------------------------------------
 * Options shared by the commands */

typedef struct {
    const char *model;
    const char *prompt;
    const char *out;
    const char *text;       /* tokenize: the positional TEXT */
    int steps;
    int json;
    int train;              /* bench: measure training instead of decoding */
    int help;
    int tokens;             /* bench */
    int prompt_len;         /* bench */
    SamplerSettings sampling;
} Options;

static int parse_long(const char *flag, const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi) {
        fprintf(stderr, "glassbox: %s: expected a whole number from %ld to %ld, got '%s'\n", flag,
                lo, hi, s);
        return -1;
    }
    *out = v;
    return 0;
}

static int parse_float(const char *flag, const char *s, float lo, float hi, float *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !(v >= lo && v <= hi)) {
        fprintf(stderr, "glassbox: %s: expected a number from %g to %g, got '%s'\n", flag, (double)lo,
                (double)hi, s);
        return -1;
    }
    *out = (float)v;
    return 0;
}

/* 1 if the space-separated list has the word. */
static int has_word(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; (p = strstr(p, word)) != NULL; p += n)
        if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == 0)) return 1;
    return 0;
}

/* The classroom model in glassbox's data folder (gb_find_assets), or NULL after saying where it
 * looked. */
static const char *cli_default_model(void)
{
    static char dir[GB_PATH_MAX];
    char assets[GB_PATH_MAX];
    GbError err;
    if (gb_find_assets(assets, sizeof assets, &err)) {
        fprintf(stderr, "glassbox: %s\n", err.msg);
        return NULL;
    }
    if (gb_path_join(dir, sizeof dir, assets, "models/classroom")) return GB_DEFAULT_MODEL;
    return dir;
}

/* Parse argv; `allowed` lists the flags this command takes (e.g. "model prompt steps json").
 * Returns 0, or -1 after printing what was wrong. */
static int parse_options(int argc, char **argv, const char *command, const char *allowed, Options *o)
{
    memset(o, 0, sizeof *o);
    o->model = NULL;
    o->steps = -1;
    o->tokens = 32;
    o->prompt_len = 16;
    o->sampling = sampler_defaults();
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) { o->help = 1; continue; }
        if (strncmp(a, "--", 2) != 0) {
            if (has_word(allowed, "text") && !o->text) { o->text = a; continue; }
            fprintf(stderr, "glassbox: %s: unexpected argument '%s' (hint: glassbox %s --help)\n",
                    command, a, command);
            return -1;
        }
        const char *name = a + 2;
        char want[64];
        snprintf(want, sizeof want, "%s", name);
        for (char *c = want; *c; c++) if (*c == '-') *c = '_';
        if (!has_word(allowed, want) || strcmp(want, "text") == 0) {
            fprintf(stderr, "glassbox: %s: unknown option '%s' (hint: glassbox %s --help)\n", command,
                    a, command);
            return -1;
        }
        if (strcmp(want, "json") == 0) { o->json = 1; continue; }
        if (strcmp(want, "train") == 0) { o->train = 1; continue; }
        if (i + 1 >= argc) {
            fprintf(stderr, "glassbox: %s: %s needs a value\n", command, a);
            return -1;
        }
        const char *v = argv[++i];
        long l;
        if (strcmp(want, "model") == 0) o->model = v;
        else if (strcmp(want, "prompt") == 0) o->prompt = v;
        else if (strcmp(want, "out") == 0) o->out = v;
        else if (strcmp(want, "steps") == 0) {
            if (parse_long(a, v, 0, 1000000, &l)) return -1;
            o->steps = (int)l;
        } else if (strcmp(want, "tokens") == 0) {
            if (parse_long(a, v, 1, 100000, &l)) return -1;
            o->tokens = (int)l;
        } else if (strcmp(want, "prompt_len") == 0) {
            if (parse_long(a, v, 1, 100000, &l)) return -1;
            o->prompt_len = (int)l;
        } else if (strcmp(want, "seed") == 0) {
            if (parse_long(a, v, 0, 2147483647L, &l)) return -1;
            o->sampling.seed = (uint64_t)l;
        } else if (strcmp(want, "top_k") == 0) {
            if (parse_long(a, v, 0, 100000000L, &l)) return -1;
            o->sampling.top_k = (int)l;
        } else if (strcmp(want, "temperature") == 0) {
            if (parse_float(a, v, 0.0f, 1000.0f, &o->sampling.temperature)) return -1;
        } else if (strcmp(want, "top_p") == 0) {
            if (parse_float(a, v, 0.0f, 1.0f, &o->sampling.top_p)) return -1;
            if (o->sampling.top_p <= 0.0f) {
                fprintf(stderr, "glassbox: --top-p: must be greater than 0 (hint: 1 turns it off)\n");
                return -1;
            }
        }
    }
    if (!o->model && !o->help && has_word(allowed, "model") && !(o->model = cli_default_model())) return -1;
    return 0;
}

/* Load the model and its tokenizer from o->model. */
static int load_model(const Options *o, GptModel *m, Tokenizer *tok)
{
    GbError err;
    struct stat st;
    if (stat(o->model, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "glassbox: %s: no such model folder (hint: give --model DIR, a folder with "
                "config.json, model.safetensors, vocab.json and merges.txt)\n", o->model);
        return 1;
    }
    if (gpt_load(m, o->model, &err)) return cli_error(err.msg);
    if (tok_load(tok, o->model, &err)) { gpt_free(m); return cli_error(err.msg); }
    if (tok->vocab_size > m->config.vocab_size) {
        fprintf(stderr, "glassbox: %s/vocab.json: %d tokens, but config.json's vocab_size is %d "
                "(hint: the tokenizer belongs to a different model)\n", o->model, tok->vocab_size,
                m->config.vocab_size);
        tok_free(tok);
        gpt_free(m);
        return 1;
    }
    return 0;
}

/* ----------------------------------------------------------------------------------------------
 * glassbox generate */

static const char *generate_help =
    "usage: glassbox generate [--model DIR] --prompt TEXT [--steps N] [--temperature T]\n"
    "                         [--top-k K] [--top-p P] [--seed S] [--json]\n"
    "\n"
    "Continue TEXT with N new tokens (default 20) and print the continuation.\n"
    "  --model DIR        model folder (config.json, model.safetensors, vocab.json, merges.txt);\n"
    "                     default " GB_DEFAULT_MODEL "\n"
    "  --temperature T    0 = always the most likely token, 1 = the model's own odds (default 1)\n"
    "  --top-k K          only the K most likely tokens can be drawn (0 = off, default)\n"
    "  --top-p P          only the most likely tokens adding up to P can be drawn (1 = off)\n"
    "  --seed S           the same seed gives the same tokens every time (default 42)\n"
    "  --json             one JSON object per token: {\"step\",\"id\",\"text\",\"p\",\"top\"}\n"
    "                     with the 10 most likely candidates of the distribution sampled from\n"
    "\n"
    "When the context window is full, the model goes on reading only the last half of it: the\n"
    "older tokens are dropped and the kept ones are run again from position 0 (a sliding window;\n"
    "each window draws with its own seed, derived from --seed). So N can be any number.\n"
    "\n"
    "example: glassbox generate --prompt \"The cat sat on the\" --steps 5 --temperature 0\n";

/* Print {"step","id","text","p","top":[[id,text,p],...]} for one step. */
static void print_step_json(const Generator *g, int step, int id)
{
    int top[10];
    int n = sampler_top(g->probs, g->model->config.vocab_size, top, 10);
    int len;
    const unsigned char *b = tok_bytes(g->tok, id, &len);
    printf("{\"step\":%d,\"id\":%d,\"text\":", step, id);
    json_write_string(stdout, (const char *)b, (size_t)len);
    printf(",\"p\":%.9g,\"top\":[", (double)g->probs[id]);
    for (int i = 0; i < n; i++) {
        b = tok_bytes(g->tok, top[i], &len);
        printf("%s[%d,", i ? "," : "", top[i]);
        json_write_string(stdout, (const char *)b, (size_t)len);
        printf(",%.9g]", (double)g->probs[top[i]]);
    }
    printf("]}\n");
}

int cli_generate(int argc, char **argv)
{
    Options o;
    if (parse_options(argc, argv, "generate", "model prompt steps temperature top_k top_p seed json", &o))
        return 2;
    if (o.help) { fputs(generate_help, stdout); return 0; }
    if (!o.prompt) return cli_error("generate: --prompt is required (hint: glassbox generate --help)");
    if (o.steps < 0) o.steps = 20;
    GptModel m;
    Tokenizer tok;
    if (load_model(&o, &m, &tok)) return 1;
    Generator g;
    GbError err;
    int rc = 1;
    if (gen_init(&g, &m, &tok, o.sampling, &err)) { cli_error(err.msg); goto out; }
    if (gen_start(&g, o.prompt, strlen(o.prompt), "--prompt", &err)) { cli_error(err.msg); goto out_gen; }
    int T = m.config.n_ctx, *keep = malloc((size_t)T * sizeof *keep);
    if (!keep) { cli_error("generate: out of memory"); goto out_gen; }
    for (int k = 0, window = 0; k < o.steps; k++) {
        if (g.n_tokens >= T) {
            /* The window is full: slide it. Keep the last half and read it again from position
             * 0, with the next window's seed, so that no window repeats another's draws. */
            int n = T / 2 > 0 ? T / 2 : 1;
            memcpy(keep, g.tokens + g.n_tokens - n, (size_t)n * sizeof *keep);
            g.settings.seed = o.sampling.seed + 0x9E3779B97F4A7C15ULL * (uint64_t)++window;
            if (gen_start_ids(&g, keep, n, &err)) { free(keep); cli_error(err.msg); goto out_gen; }
        }
        int id;
        if (gen_step(&g, -1, &id, &err)) { free(keep); cli_error(err.msg); goto out_gen; }
        if (o.json) {
            print_step_json(&g, k, id);
        } else {
            int len;
            const unsigned char *b = tok_bytes(&tok, id, &len);
            fwrite(b, 1, (size_t)len, stdout);
        }
        fflush(stdout);
    }
    free(keep);
    if (!o.json) putchar('\n');
    rc = 0;
out_gen:
    gen_free(&g);
out:
    tok_free(&tok);
    gpt_free(&m);
    return rc;
}

/* ----------------------------------------------------------------------------------------------
 * glassbox tokenize */

static const char *tokenize_help =
    "usage: glassbox tokenize [--model DIR] TEXT [--json]\n"
    "\n"
    "Split TEXT into tokens and show each token's id and byte span. DIR needs only vocab.json\n"
    "and merges.txt. Spaces inside tokens are shown as '\xC2\xB7', newlines as '\\n'.\n"
    "  --json    {\"tokens\":[{\"id\",\"text\",\"start\",\"end\"},...]}\n"
    "\n"
    "example: glassbox tokenize \"Tokenization splits words into pieces\"\n";

/* Print a token's bytes readably: visible spaces, escaped control bytes, \xNN for bytes that are
 * not valid UTF-8 on their own. */
static void print_visible(const unsigned char *b, int n)
{
    int i = 0;
    while (i < n) {
        uint32_t cp;
        int k = gb_utf8_decode(b + i, (size_t)(n - i), &cp);
        if (k == 0) { printf("\\x%02X", b[i]); i++; continue; }
        if (cp == ' ') fputs("\xC2\xB7", stdout);
        else if (cp == '\n') fputs("\\n", stdout);
        else if (cp == '\t') fputs("\\t", stdout);
        else if (cp == '\r') fputs("\\r", stdout);
        else if (cp < 0x20 || cp == 0x7F) printf("\\x%02X", (unsigned)cp);
        else fwrite(b + i, 1, (size_t)k, stdout);
        i += k;
    }
}

int cli_tokenize(int argc, char **argv)
{
    Options o;
    if (parse_options(argc, argv, "tokenize", "model json text", &o)) return 2;
    if (o.help) { fputs(tokenize_help, stdout); return 0; }
    if (!o.text) return cli_error("tokenize: give the TEXT to split (hint: glassbox tokenize --help)");
    Tokenizer tok;
    GbError err;
    if (tok_load(&tok, o.model, &err)) return cli_error(err.msg);
    TokList list = {0};
    size_t len = strlen(o.text);
    if (tok_encode(&tok, o.text, len, &list, &err)) {
        tok_list_free(&list);
        tok_free(&tok);
        return cli_error(err.msg);
    }
    if (o.json) {
        printf("{\"tokens\":[");
        for (int i = 0; i < list.n; i++) {
            printf("%s{\"id\":%d,\"text\":", i ? "," : "", list.ids[i]);
            json_write_string(stdout, o.text + list.start[i], (size_t)(list.end[i] - list.start[i]));
            printf(",\"start\":%d,\"end\":%d}", list.start[i], list.end[i]);
        }
        printf("]}\n");
    } else {
        printf("%d tokens, %zu bytes\n", list.n, len);
        for (int i = 0; i < list.n; i++) {
            printf("%6d  [%d, %d)  ", list.ids[i], list.start[i], list.end[i]);
            print_visible((const unsigned char *)o.text + list.start[i], list.end[i] - list.start[i]);
            putchar('\n');
        }
    }
    tok_list_free(&list);
    tok_free(&tok);
    return 0;
}

/* ----------------------------------------------------------------------------------------------
 * glassbox trace */

static const char *trace_help =
    "usage: glassbox trace [--model DIR] --prompt TEXT [--steps N] [--temperature T] [--top-k K]\n"
    "                      [--top-p P] [--seed S] --out FILE.json\n"
    "\n"
    "Generate N tokens (default 10) and write everything the model computed along the way —\n"
    "tokens, embeddings, attention of every layer and head, residual stream, logits, the\n"
    "distribution sampled from and each choice — as JSON (docs/trace-format.md). With\n"
    "--steps 0 it records the prompt and the distribution for the first new token.\n"
    "\n"
    "example: glassbox trace --prompt \"The cat sat on the\" --steps 3 --out cat.json\n";

int cli_trace(int argc, char **argv)
{
    Options o;
    if (parse_options(argc, argv, "trace", "model prompt steps temperature top_k top_p seed out", &o))
        return 2;
    if (o.help) { fputs(trace_help, stdout); return 0; }
    if (!o.prompt) return cli_error("trace: --prompt is required (hint: glassbox trace --help)");
    if (!o.out) return cli_error("trace: --out FILE.json is required (hint: glassbox trace --help)");
    if (o.steps < 0) o.steps = 10;
    GptModel m;
    Tokenizer tok;
    if (load_model(&o, &m, &tok)) return 1;
    Trace trace;
    trace_init(&trace, &m.config);
    gpt_sethook(&m, trace_hook, TRACE_MASK, &trace);
    Generator g;
    GbError err;
    int rc = 1;
    if (gen_init(&g, &m, &tok, o.sampling, &err)) { cli_error(err.msg); goto out; }
    if (gen_start(&g, o.prompt, strlen(o.prompt), "--prompt", &err)) { cli_error(err.msg); goto out_gen; }
    for (int k = 0; k < o.steps; k++) {
        if (g.n_tokens > m.config.n_ctx) {
            fprintf(stderr, "glassbox: stopped after %d tokens: the context window (%d tokens) is full\n",
                    k, m.config.n_ctx);
            break;
        }
        int id;
        if (gen_step(&g, -1, &id, &err)) { cli_error(err.msg); goto out_gen; }
    }
    /* With no steps, still run the prompt: the trace then holds its activations and the
     * distribution for the first new token, not yet chosen. */
    if (o.steps == 0 && gen_predict(&g, &err)) { cli_error(err.msg); goto out_gen; }
    if (trace.out_of_memory) { cli_error("trace: out of memory while recording"); goto out_gen; }
    if (trace_write_json(&trace, &tok, o.out, o.model, o.sampling.temperature, o.sampling.top_k,
                         o.sampling.top_p, o.sampling.seed, &err)) {
        cli_error(err.msg);
        goto out_gen;
    }
    rc = 0;
out_gen:
    gen_free(&g);
out:
    trace_free(&trace);
    tok_free(&tok);
    gpt_free(&m);
    return rc;
}

/* ----------------------------------------------------------------------------------------------
 * glassbox bench */

static const char *bench_help =
    "usage: glassbox bench [--model DIR] [--tokens N] [--prompt-len P] [--json]\n"
    "       glassbox bench --train [--model DIR] [--json]\n"
    "\n"
    "Measure decode speed: N tokens (default 32) after a P-token prompt (default 16), once with\n"
    "no hooks and once recording the full trace, alternating runs; and the machine's memory\n"
    "bandwidth. Decoding one token reads every weight once, so tokens/s x weight bytes is the\n"
    "bandwidth the forward pass achieves. The model needs no tokenizer (ids are random).\n"
    "With --train: training tokens/s (forward, backward, clipping, AdamW) on random batches of\n"
    "16 sequences of the model's context length, best of three timed runs of 5 steps.\n"
    "\n"
    "example: glassbox bench --model build/bench-model --tokens 32\n";

/* Memory bandwidth: read a 512 MB buffer (sum) and copy it, with every thread. GB/s counts
 * bytes read (sum) and bytes read + written (copy). */
static void measure_bandwidth(double *read_gbs, double *copy_gbs)
{
    size_t n = (size_t)128 << 20; /* floats: 512 MB */
    float *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    *read_gbs = *copy_gbs = 0;
    if (!a || !b) { free(a); free(b); return; }
    #pragma omp parallel for schedule(static)
    for (size_t i = 0; i < n; i++) { a[i] = (float)(i & 1023); b[i] = 0; }
    double best_read = 1e30, best_copy = 1e30, sink = 0;
    for (int rep = 0; rep < 5; rep++) {
        double t0 = gb_now();
        double total = 0;
        #pragma omp parallel for schedule(static) reduction(+ : total)
        for (size_t blk = 0; blk < n / 4096; blk++) {
            float acc[8] = {0};
            const float *p = a + blk * 4096;
            for (int i = 0; i < 4096; i += 8)
                for (int k = 0; k < 8; k++) acc[k] += p[i + k];
            total += acc[0] + acc[1] + acc[2] + acc[3] + acc[4] + acc[5] + acc[6] + acc[7];
        }
        double t1 = gb_now();
        sink += total;
        #pragma omp parallel for schedule(static)
        for (size_t blk = 0; blk < n / 4096; blk++) memcpy(b + blk * 4096, a + blk * 4096, 4096 * sizeof *a);
        double t2 = gb_now();
        if (t1 - t0 < best_read) best_read = t1 - t0;
        if (t2 - t1 < best_copy) best_copy = t2 - t1;
    }
    *read_gbs = (double)(n * sizeof *a) / best_read / 1e9;
    *copy_gbs = 2.0 * (double)(n * sizeof *a) / best_copy / 1e9;
    if (sink == 42.0) fputc(' ', stderr); /* keep the reads from being optimised away */
    free(a);
    free(b);
}

/* Training speed: random batches through trainer_forward/backward/clip/adamw. */
static int bench_train(const Options *o)
{
    GptModel m;
    GbError err;
    if (gpt_load(&m, o->model, &err)) return cli_error(err.msg);
    int B = 16, T = m.config.n_ctx < 128 ? m.config.n_ctx : 128;
    Trainer tr;
    if (trainer_init(&tr, &m, B, T, &err)) { gpt_free(&m); return cli_error(err.msg); }
    int *in = malloc((size_t)B * T * sizeof *in), *tg = malloc((size_t)B * T * sizeof *tg);
    Rng rng;
    rng_seed(&rng, 3, 3);
    for (int i = 0; i < B * T; i++) {
        in[i] = (int)(rng_u32(&rng) % (uint32_t)m.config.vocab_size);
        tg[i] = (int)(rng_u32(&rng) % (uint32_t)m.config.vocab_size);
    }
    TrainSettings s = train_defaults();
    s.total_steps = 1000;
    double best = 0;
    for (int rep = 0; rep < 4; rep++) { /* the first run warms up and is not counted */
        double t0 = gb_now();
        for (int k = 0; k < 5; k++) {
            trainer_forward(&tr, in, tg);
            trainer_backward(&tr);
            trainer_clip(&tr, s.grad_clip);
            trainer_adamw(&tr, &s, 1e-4f);
        }
        double rate = 5.0 * B * T / (gb_now() - t0);
        if (rep > 0 && rate > best) best = rate;
    }
    if (o->json)
        printf("{\"train_tokens_per_s\":%.1f,\"batch\":%d,\"seq\":%d,\"params\":%zu}\n", best, B, T,
               gpt_param_count(&m.config));
    else
        printf("training         %.0f tokens/s (batch %d x %d, %.2f M parameters)\n", best, B, T,
               gpt_param_count(&m.config) / 1e6);
    free(in);
    free(tg);
    trainer_free(&tr);
    gpt_free(&m);
    return 0;
}

/* Decode n tokens after a prompt of p random tokens; returns tokens/s of the decode part. */
static double decode_run(GptModel *m, Generator *g, const int *prompt, int p, const int *ids, int n,
                         Trace *trace)
{
    GbError err;
    if (trace) {
        trace_free(trace);
        trace_init(trace, &m->config);
        gpt_sethook(m, trace_hook, TRACE_MASK, trace);
    } else {
        gpt_sethook(m, NULL, 0, NULL);
    }
    if (gen_start_ids(g, prompt, p, &err)) return 0;
    int id;
    if (gen_step(g, ids[0], &id, &err)) return 0; /* the prompt, not timed */
    double t0 = gb_now();
    for (int k = 1; k <= n; k++)
        if (gen_step(g, ids[k], &id, &err)) return 0;
    return n / (gb_now() - t0);
}

int cli_bench(int argc, char **argv)
{
    Options o;
    if (parse_options(argc, argv, "bench", "model tokens prompt_len json train", &o)) return 2;
    if (o.help) { fputs(bench_help, stdout); return 0; }
    if (o.train) return bench_train(&o);
    GptModel m;
    GbError err;
    double t0 = gb_now();
    if (gpt_load(&m, o.model, &err)) return cli_error(err.msg);
    double load_s = gb_now() - t0;
    const GptConfig *c = &m.config;
    if (o.prompt_len + o.tokens + 1 > c->n_ctx) {
        gpt_free(&m);
        return cli_error("bench: --prompt-len + --tokens must fit in the context window");
    }
    int total = o.prompt_len + o.tokens + 1;
    int *ids = malloc((size_t)total * sizeof *ids);
    Generator g;
    if (!ids || gen_init(&g, &m, NULL, sampler_defaults(), &err)) {
        free(ids);
        gpt_free(&m);
        return cli_error("bench: out of memory");
    }
    Rng rng;
    rng_seed(&rng, 1, 1);
    for (int i = 0; i < total; i++) ids[i] = (int)(rng_u32(&rng) % (uint32_t)c->vocab_size);
    Trace trace;
    trace_init(&trace, c);
    /* Alternate the two modes so that a noisy neighbour hurts both alike; keep the best of each. */
    double off = 0, on = 0;
    decode_run(&m, &g, ids, o.prompt_len, ids + o.prompt_len, 2, NULL); /* warm up */
    for (int rep = 0; rep < 5; rep++) {
        double a = decode_run(&m, &g, ids, o.prompt_len, ids + o.prompt_len, o.tokens, NULL);
        double b = decode_run(&m, &g, ids, o.prompt_len, ids + o.prompt_len, o.tokens, &trace);
        if (a > off) off = a;
        if (b > on) on = b;
    }
    gpt_sethook(&m, NULL, 0, NULL);
    double read_gbs, copy_gbs;
    measure_bandwidth(&read_gbs, &copy_gbs);
    /* Bytes of weights one decode step reads: everything but the position table, of which it
     * reads one row. */
    double weight_bytes = 4.0 * (double)(gpt_param_count(c) - (size_t)c->n_ctx * c->n_embd + c->n_embd);
    int threads = 1;
#ifdef _OPENMP
    threads = omp_get_max_threads();
#endif
    if (o.json) {
        printf("{\"threads\":%d,\"params\":%zu,\"load_s\":%.4f,\"tokens\":%d,\"prompt_len\":%d,"
               "\"tokens_per_s_hooks_off\":%.3f,\"tokens_per_s_trace\":%.3f,\"weight_bytes\":%.0f,"
               "\"achieved_gbs\":%.3f,\"read_gbs\":%.3f,\"copy_gbs\":%.3f}\n",
               threads, gpt_param_count(c), load_s, o.tokens, o.prompt_len, off, on, weight_bytes,
               weight_bytes * off / 1e9, read_gbs, copy_gbs);
    } else {
        printf("model            %s (%d layers, %d heads, %d wide, %d vocab, %.1f M parameters)\n",
               o.model, c->n_layer, c->n_head, c->n_embd, c->vocab_size, gpt_param_count(c) / 1e6);
        printf("threads          %d\n", threads);
        printf("load             %.3f s\n", load_s);
        printf("decode, no hooks %.2f tokens/s\n", off);
        printf("decode, trace    %.2f tokens/s (%.1f%% slower)\n", on, 100.0 * (1.0 - on / off));
        printf("bandwidth        %.2f GB/s achieved (%.0f MB of weights per token)\n",
               weight_bytes * off / 1e9, weight_bytes / 1e6);
        printf("machine          %.2f GB/s read, %.2f GB/s copy (read + write)\n", read_gbs, copy_gbs);
        printf("ratio            %.0f%% of read bandwidth\n", 100.0 * weight_bytes * off / 1e9 / read_gbs);
    }
    trace_free(&trace);
    gen_free(&g);
    free(ids);
    gpt_free(&m);
    return 0;
}
