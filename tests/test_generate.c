/* test_generate.c — the generation loop and the trace: determinism, events of every step,
 * stepping back, branching (force another token at step k), the context limit, JSON export. */
#define _POSIX_C_SOURCE 200809L
#include "check.h"
#include "generate.h"
#include "json.h"
#include "trace.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[256];

static const char *text =
    "The cat sat on the mat. The dog sat on the rug. Once upon a time, Lily found a red ball. "
    "\"Can I play?\" asked Tom. It's 12 o'clock; we'll eat 3 apples. The Eiffel Tower is in Paris.\n";

static int embeds, probs_events;
static void count_hook(const GptEvent *ev, void *user)
{
    (void)user;
    embeds += ev->kind == GPT_EV_EMBED;
    probs_events += ev->kind == GPT_EV_PROBS;
}

/* Run n steps from prompt with settings; tokens go to out. */
static int run(GptModel *m, const Tokenizer *tok, SamplerSettings s, const char *prompt, int n, int *out)
{
    Generator g;
    GbError err;
    if (gen_init(&g, m, tok, s, &err) || gen_start(&g, prompt, strlen(prompt), "prompt", &err)) return -1;
    for (int k = 0; k < n; k++)
        if (gen_step(&g, -1, &out[k], &err)) { gen_free(&g); return -1; }
    gen_free(&g);
    return 0;
}

static int same_floats(const float *a, const float *b, size_t n)
{
    return a && b && memcmp(a, b, n * sizeof *a) == 0;
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/glassbox-gen-XXXXXX");
    if (!mkdtemp(dir)) return 1;
    GbError err;
    Tokenizer tok;
    GptModel m;
    GptConfig c = {2, 3, 24, 96, 24, 300, 1e-5f};
    size_t tl = strlen(text), reps = 10;
    char *big = malloc(tl * reps + 1);
    for (size_t r = 0; r < reps; r++) memcpy(big + r * tl, text, tl);
    int ok = tok_train(big, tl * reps, c.vocab_size, dir, &err) == 0;
    free(big);
    CHECK(ok, "train tokenizer: %s", err.msg);
    if (!ok || tok_load(&tok, dir, &err) || gpt_init_random(&m, &c, 5, 1, &err)) {
        CHECK(0, "setup: %s", err.msg);
        return check_report("test_generate");
    }
    /* Sharpen the random model so that sampling settings matter: scale the LM head up. */
    for (size_t i = 0; i < (size_t)c.vocab_size * c.n_embd; i++) m.w.wte[i] *= 20.0f;

    /* Determinism: same seed, same tokens; another seed, (almost surely) other tokens. */
    SamplerSettings s = {1.0f, 0, 1.0f, 1234};
    int a[12], b[12], d[12];
    CHECK(run(&m, &tok, s, "The cat", 12, a) == 0 && run(&m, &tok, s, "The cat", 12, b) == 0 &&
          memcmp(a, b, sizeof a) == 0, "same seed gives the same tokens");
    s.seed = 99;
    CHECK(run(&m, &tok, s, "The cat", 12, d) == 0 && memcmp(a, d, sizeof a) != 0, "another seed, other tokens");
    SamplerSettings greedy = {0.0f, 0, 1.0f, 1};
    int greedy1[6], greedy2[6];
    greedy.seed = 5;
    run(&m, &tok, greedy, "The cat", 6, greedy1);
    greedy.seed = 6;
    run(&m, &tok, greedy, "The cat", 6, greedy2);
    CHECK(memcmp(greedy1, greedy2, sizeof greedy1) == 0, "temperature 0 ignores the seed");

    /* The trace of a generation. */
    Trace t;
    trace_init(&t, &c);
    gpt_sethook(&m, trace_hook, TRACE_MASK, &t);
    Generator g;
    s = (SamplerSettings){0.9f, 40, 0.95f, 7};
    const char *prompt = "The cat sat on";
    gen_init(&g, &m, &tok, s, &err);
    CHECK(gen_start(&g, prompt, strlen(prompt), "prompt", &err) == 0, "start");
    int P = g.n_prompt, ids[8];
    for (int k = 0; k < 8; k++) gen_step(&g, -1, &ids[k], &err);
    CHECK(t.n_prompt == P && t.n_pos == P + 8 && t.n_steps == 8, "trace has %d positions, %d steps", t.n_pos, t.n_steps);
    int spans_ok = t.pos[0].span_start == 0 && t.pos[P - 1].span_end == (int)strlen(prompt);
    for (int i = 1; i < P; i++) spans_ok &= t.pos[i].span_start == t.pos[i - 1].span_end;
    CHECK(spans_ok, "prompt token spans tile the prompt");
    int computed_ok = 1;
    for (int i = 0; i < t.n_pos; i++) computed_ok &= t.pos[i].computed == (i < t.n_pos - 1);
    CHECK(computed_ok, "every position but the last chosen one has activations");
    int steps_ok = 1;
    for (int k = 0; k < 8; k++) {
        steps_ok &= t.steps[k].id == ids[k] && t.steps[k].pos == P + k - 1 && t.pos[P + k].id == ids[k] &&
                    t.pos[P + k].source == TRACE_SAMPLED && t.steps[k].probs[ids[k]] > 0 &&
                    t.steps[k].p == t.steps[k].probs[ids[k]];
        int n_kept = 0;
        for (int v = 0; v < c.vocab_size; v++) n_kept += t.steps[k].cut[v] == GPT_CUT_KEPT;
        steps_ok &= n_kept <= 40;
    }
    CHECK(steps_ok, "each step records its position, choice, probability and at most top-k kept tokens");

    /* Step back and branch: force another token at step 3, continue, and compare with a fresh run
     * that forces the same token. */
    int k = 3;
    int forced = (ids[k] + 1) % c.vocab_size;
    float *old_step2 = malloc((size_t)c.vocab_size * sizeof(float));
    memcpy(old_step2, t.steps[2].probs, (size_t)c.vocab_size * sizeof(float));
    trace_truncate(&t, k);
    gen_rewind(&g, k);
    CHECK(t.n_steps == k && t.n_pos == P + k && !t.pos[P + k - 1].computed, "truncate keeps steps before k");
    int branch[5];
    gen_step(&g, forced, &branch[0], &err);
    for (int j = 1; j < 5; j++) gen_step(&g, -1, &branch[j], &err);
    CHECK(branch[0] == forced && t.steps[k].forced && t.pos[P + k].source == TRACE_FORCED, "step %d is forced", k);
    CHECK(same_floats(t.steps[2].probs, old_step2, (size_t)c.vocab_size), "steps before the branch are untouched");
    free(old_step2);

    Trace t2;
    trace_init(&t2, &c);
    gpt_sethook(&m, trace_hook, TRACE_MASK, &t2);
    Generator g2;
    gen_init(&g2, &m, &tok, s, &err);
    gen_start(&g2, prompt, strlen(prompt), "prompt", &err);
    int ids2[8];
    for (int j = 0; j < k; j++) gen_step(&g2, ids[j], &ids2[j], &err);
    gen_step(&g2, forced, &ids2[k], &err);
    for (int j = k + 1; j < k + 5; j++) gen_step(&g2, -1, &ids2[j], &err);
    CHECK(memcmp(branch + 1, ids2 + k + 1, 4 * sizeof(int)) == 0, "a branch continues exactly like a fresh run");
    int branch_same = t.n_pos == t2.n_pos;
    for (int i = 0; branch_same && i < t.n_pos - 1; i++) {
        size_t attn = (size_t)c.n_layer * c.n_head * 2 * (size_t)(i + 1);
        branch_same &= same_floats(t.pos[i].attn, t2.pos[i].attn, attn) &&
                       same_floats(t.pos[i].resid, t2.pos[i].resid, (size_t)c.n_layer * c.n_embd) &&
                       same_floats(t.pos[i].logits, t2.pos[i].logits, (size_t)c.vocab_size);
    }
    CHECK(branch_same, "the branched trace equals the fresh run's trace, bit for bit");
    gen_free(&g2);

    /* JSON export parses and has the documented shape. */
    char path[512];
    snprintf(path, sizeof path, "%s/trace.json", dir);
    CHECK(trace_write_json(&t, &tok, path, dir, s.temperature, s.top_k, s.top_p, s.seed, &err) == 0,
          "write json: %s", err.msg);
    size_t len;
    char *json = gb_read_file(path, 1u << 30, &len, &err);
    char jerr[256];
    JsonValue *root = json ? json_parse(json, len, jerr, sizeof jerr) : NULL;
    CHECK(root != NULL, "trace JSON parses");
    if (root) {
        const JsonValue *pos = json_get(root, "positions"), *steps = json_get(root, "steps");
        CHECK(pos && pos->count == (size_t)t.n_pos && steps && steps->count == (size_t)t.n_steps,
              "positions and steps counts");
        const JsonValue *p0 = pos ? &pos->items[1] : NULL;
        const JsonValue *attn = p0 ? json_get(p0, "attn") : NULL;
        CHECK(attn && attn->count == (size_t)c.n_layer && attn->items[0].count == (size_t)c.n_head &&
              json_get(&attn->items[0].items[0], "weights")->count == 2, "attn is [L][H]{scores,weights}");
        const JsonValue *s0 = steps ? &steps->items[k] : NULL;
        CHECK(s0 && json_get(s0, "forced")->boolean == 1 && json_get(s0, "probs")->count == (size_t)c.vocab_size &&
              json_get(s0, "top")->count == 10, "steps carry forced, probs, top");
        CHECK(json_get(json_get(root, "settings"), "top_k")->number == 40, "settings recorded");
        json_free(root);
    }
    free(json);

    /* A trace of a generation started from ids: the prompt is the tokens' bytes side by side. */
    {
        Trace ti;
        trace_init(&ti, &c);
        gpt_sethook(&m, trace_hook, TRACE_MASK, &ti);
        Generator gi;
        gen_init(&gi, &m, &tok, s, &err);
        int pids[3] = {ids[0], ids[1], ids[2]}, out;
        CHECK(gen_start_ids(&gi, pids, 3, &err) == 0, "start from ids");
        gen_step(&gi, -1, &out, &err);
        gen_step(&gi, -1, &out, &err);
        size_t want_len = 0;
        for (int i = 0; i < 3; i++) { int n; tok_bytes(&tok, pids[i], &n); want_len += (size_t)n; }
        CHECK(ti.n_prompt == 3 && ti.n_pos == 5 && ti.pos[0].id == pids[0] && ti.pos[2].id == pids[2] &&
              ti.pos[2].computed && ti.pos[3].source == TRACE_SAMPLED && ti.prompt_len == (int)want_len &&
              ti.pos[2].span_end == (int)want_len, "trace of an id prompt: %d prompt tokens, %d positions",
              ti.n_prompt, ti.n_pos);
        gen_free(&gi);
        trace_free(&ti);
    }

    /* Predict without choosing: the forward pass runs once per position however often the
     * distribution is recomputed, and the step then uses the settings in force. */
    {
        gpt_sethook(&m, count_hook, GPT_MASK(GPT_EV_EMBED) | GPT_MASK(GPT_EV_PROBS), NULL);
        Generator gp;
        gen_init(&gp, &m, &tok, (SamplerSettings){1.0f, 0, 1.0f, 3}, &err);
        gen_start(&gp, prompt, strlen(prompt), "prompt", &err);
        embeds = probs_events = 0;
        gen_predict(&gp, &err);
        float p_warm = gp.probs[sampler_argmax(gp.probs, c.vocab_size)];
        gp.settings.temperature = 0.3f;
        gen_predict(&gp, &err);
        float p_cold = gp.probs[sampler_argmax(gp.probs, c.vocab_size)];
        CHECK(embeds == gp.n_prompt && probs_events == 2, "two predictions, one forward pass per position "
              "(%d EMBED, %d PROBS)", embeds, probs_events);
        CHECK(p_cold > p_warm, "a lower temperature sharpens the prediction (%g > %g)", (double)p_cold, (double)p_warm);
        int chosen;
        gen_step(&gp, -1, &chosen, &err);
        CHECK(embeds == gp.n_prompt && probs_events == 3 && gp.probs[chosen] > 0,
              "the step after predicting runs no forward pass again");
        gen_free(&gp);
    }

    /* The context limit: a prompt of exactly T tokens allows one step, then the window is full. */
    gpt_sethook(&m, NULL, 0, NULL);
    gen_rewind(&g, 0);
    int full[64];
    for (int i = 0; i < c.n_ctx; i++) full[i] = i % 200;
    CHECK(gen_start_ids(&g, full, c.n_ctx, &err) == 0, "prompt of exactly T tokens");
    int id;
    CHECK(gen_step(&g, -1, &id, &err) == 0, "one step at the last position");
    CHECK(gen_step(&g, -1, &id, &err) != 0 && strstr(err.msg, "context window"), "then the window is full: %s", err.msg);
    CHECK(gen_start_ids(&g, full, c.n_ctx + 1, &err) != 0, "T+1 tokens refused");
    char longp[400];
    memset(longp, 'x', sizeof longp - 1);
    for (size_t i = 0; i < sizeof longp - 1; i += 2) longp[i] = ' ';
    longp[sizeof longp - 1] = 0;
    CHECK(gen_start(&g, longp, strlen(longp), "--prompt", &err) != 0 && strstr(err.msg, "--prompt") &&
          strstr(err.msg, "context window"), "a prompt longer than the context: %s", err.msg);
    CHECK(gen_start(&g, "", 0, "--prompt", &err) != 0 && strstr(err.msg, "empty"), "empty prompt refused");
    CHECK(gen_step(&g, c.vocab_size, &id, &err) != 0, "forcing an id outside the vocabulary is refused");

    gen_free(&g);
    trace_free(&t);
    trace_free(&t2);
    tok_free(&tok);
    gpt_free(&m);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    return check_report("test_generate");
}
