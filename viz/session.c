/* session.c — the viewer's model side. See session.h. */
#define _POSIX_C_SOURCE 200809L
#include "session.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void changed(Session *s, int pos)
{
    s->version++;
    if (pos < s->changed_from) s->changed_from = pos < 0 ? 0 : pos;
}

/* Predict the distribution for the token after the last one in the sequence, if the context
 * window has room for it. */
static int predict(Session *s, GbError *err)
{
    s->full = s->gen.n_tokens > s->model.config.n_ctx;
    if (s->full) return 0;
    s->gen.settings = s->settings;
    if (gen_predict(&s->gen, err)) return -1;
    if (s->trace.out_of_memory) return gb_fail(err, "glassbox", "out of memory while recording the trace");
    return 0;
}

int session_open(Session *s, const char *dir, const char *prompt, SamplerSettings settings, GbError *err)
{
    memset(s, 0, sizeof *s);
    s->changed_from = INT_MAX;
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return gb_fail(err, dir, "no such model folder (hint: give --model DIR, a folder with "
                       "config.json, model.safetensors, vocab.json and merges.txt)");
    if (sampler_check(&settings, err)) return -1;
    if (gpt_load(&s->model, dir, err)) return -1;
    if (tok_load(&s->tok, dir, err)) { gpt_free(&s->model); return -1; }
    const GptConfig *c = &s->model.config;
    if (s->tok.vocab_size > c->vocab_size) {
        gb_fail(err, dir, "vocab.json has %d tokens, but config.json's vocab_size is %d (hint: the "
                "tokenizer belongs to a different model)", s->tok.vocab_size, c->vocab_size);
        tok_free(&s->tok);
        gpt_free(&s->model);
        return -1;
    }
    snprintf(s->dir, sizeof s->dir, "%s", dir);
    size_t V = (size_t)c->vocab_size;
    s->probs = malloc(V * sizeof *s->probs);
    s->probs_temp = malloc(V * sizeof *s->probs_temp);
    s->cut = malloc(V);
    s->cut_temp = malloc(V);
    s->order = malloc(V * sizeof *s->order);
    trace_init(&s->trace, c);
    int oom = !s->probs || !s->probs_temp || !s->cut || !s->cut_temp || !s->order;
    if (oom || gen_init(&s->gen, &s->model, &s->tok, settings, err)) {
        if (oom) gb_fail(err, "glassbox", "out of memory");
        free(s->probs); free(s->probs_temp); free(s->cut); free(s->cut_temp); free(s->order);
        trace_free(&s->trace);
        tok_free(&s->tok);
        gpt_free(&s->model);
        return -1;
    }
    gpt_sethook(&s->model, trace_hook, TRACE_MASK, &s->trace);
    /* The corpus evidence is optional: a model trained elsewhere has none. */
    char path[GB_PATH_MAX];
    GbError ev_err;
    if (gb_path_join(path, sizeof path, dir, "evidence.tsv") == 0 && stat(path, &st) == 0) {
        if (evidence_load(&s->evidence, path, &ev_err) == 0) s->has_evidence = 1;
        else snprintf(s->evidence_problem, sizeof s->evidence_problem, "%.1000s",
                      strncmp(ev_err.msg, "glassbox: ", 10) == 0 ? ev_err.msg + 10 : ev_err.msg);
    }
    s->settings = s->initial = settings;
    s->loaded = 1;
    if (session_set_prompt(s, prompt, strlen(prompt), err)) {
        session_close(s);
        return -1;
    }
    return 0;
}

void session_close(Session *s)
{
    if (!s->loaded) return;
    gen_free(&s->gen);
    if (s->has_evidence) evidence_free(&s->evidence);
    trace_free(&s->trace);
    tok_free(&s->tok);
    gpt_free(&s->model);
    free(s->probs);
    free(s->probs_temp);
    free(s->cut);
    free(s->cut_temp);
    free(s->order);
    memset(s, 0, sizeof *s);
}

int session_chosen(const Session *s)
{
    return s->gen.n_steps;
}

int session_last_pos(const Session *s)
{
    return s->trace.n_prompt + s->cursor - 1;
}

int session_set_prompt(Session *s, const char *text, size_t len, GbError *err)
{
    if (gen_start(&s->gen, text, len, "prompt", err)) return -1; /* nothing changed */
    s->cursor = 0;
    changed(s, 0);
    return predict(s, err);
}

/* Forget the steps from the cursor on, so that the next gen_step is step `cursor` again. With
 * nothing chosen after the cursor there is nothing to forget: the pending prediction is simply
 * made again. */
static void rewind_to_cursor(Session *s)
{
    int k = s->cursor;
    if (k >= s->gen.n_steps) return;
    trace_truncate(&s->trace, k);
    gen_rewind(&s->gen, k);
    s->full = 0;
    changed(s, s->trace.n_prompt + k - 1);
}

/* Choose the token at the cursor (forced >= 0, or drawn) and predict the one after it. */
static int choose(Session *s, int forced, GbError *err)
{
    rewind_to_cursor(s);
    if (s->full)
        return gb_fail(err, "glassbox", "the context window (%d tokens) is full (hint: step back, "
                       "or press R to start again)", s->model.config.n_ctx);
    s->gen.settings = s->settings;
    int id;
    if (gen_step(&s->gen, forced, &id, err)) {
        GbError ignored;
        predict(s, &ignored); /* put the pending distribution back */
        return -1;
    }
    s->cursor++;
    changed(s, s->trace.n_prompt + s->cursor - 2);
    return predict(s, err);
}

static int same_settings(const TraceStep *t, const SamplerSettings *s)
{
    return t->temperature == s->temperature && t->top_k == s->top_k && t->top_p == s->top_p;
}

int session_next(Session *s, GbError *err)
{
    int k = s->cursor;
    if (k < s->gen.n_steps && same_settings(&s->trace.steps[k], &s->settings)) {
        s->cursor++;
        s->version++;
        return 0;
    }
    return choose(s, -1, err);
}

int session_back(Session *s)
{
    if (s->cursor == 0) return 0;
    s->cursor--;
    s->version++;
    return 1;
}

int session_force(Session *s, int id, GbError *err)
{
    if (id < 0 || id >= s->model.config.vocab_size)
        return gb_fail(err, "glassbox", "token id %d is outside the vocabulary (0..%d)", id,
                       s->model.config.vocab_size - 1);
    return choose(s, id, err);
}

int session_set_settings(Session *s, SamplerSettings settings, GbError *err)
{
    if (sampler_check(&settings, err)) return -1;
    s->settings = settings;
    s->version++;
    /* At the end of the trace the pending distribution is recorded again with the new settings. */
    if (s->cursor == s->gen.n_steps) return predict(s, err);
    return 0;
}

int session_reset(Session *s, GbError *err)
{
    s->settings = s->initial;
    s->cursor = 0;
    rewind_to_cursor(s);
    s->version++;
    return predict(s, err);
}

/* ----------------------------------------------------------------------------------------------
 * Bars */

void session_bars(Session *s, int step, Bars *b)
{
    memset(b, 0, sizeof *b);
    b->chosen = -1;
    b->chosen_rank = -1;
    b->settings = s->settings;
    const Trace *t = &s->trace;
    int V = t->config.vocab_size;
    if (step < 0 || step >= t->n_steps) return;
    const TraceStep *ts = &t->steps[step];
    if (ts->pos < 0 || ts->pos >= t->n_pos || !t->pos[ts->pos].logits) return;
    const float *logits = t->pos[ts->pos].logits;

    /* The distribution with the settings now in force, and with temperature alone. */
    SamplerSettings temp_only = s->settings;
    temp_only.top_k = 0;
    temp_only.top_p = 1.0f;
    sampler_distribution(&s->settings, logits, V, s->probs, s->cut, s->order);
    sampler_distribution(&temp_only, logits, V, s->probs_temp, s->cut_temp, s->order);

    b->valid = 1;
    b->step = step;
    b->pos = ts->pos;
    b->n = sampler_top(logits, V, b->ids, BARS_MAX);
    for (int i = 0; i < b->n; i++) {
        b->p[i] = s->probs[b->ids[i]];
        b->p_temp[i] = s->probs_temp[b->ids[i]];
        b->cut[i] = s->cut[b->ids[i]];
        b->logit[i] = logits[b->ids[i]];
    }
    b->kept = 0;
    for (int i = 0; i < V; i++) b->kept += s->cut[i] == GPT_CUT_KEPT;
    if (ts->id >= 0 && step < s->gen.n_steps) {
        b->chosen = ts->id;
        b->chosen_forced = ts->forced;
        b->chosen_rank = sampler_rank(logits, V, ts->id);
        b->chosen_p = s->probs[ts->id];
        b->chosen_p_temp = s->probs_temp[ts->id];
        b->chosen_cut = s->cut[ts->id];
        b->same_settings = same_settings(ts, &s->settings);
    }
}

/* ----------------------------------------------------------------------------------------------
 * Evidence */

void session_evidence(const Session *s, int pos, Evidence *ev)
{
    memset(ev, 0, sizeof *ev);
    const Trace *t = &s->trace;
    if (!s->has_evidence || pos < 0 || pos >= t->n_pos) return;
    /* The text so far: the last few hundred bytes are plenty for 8 words. */
    char text[1024];
    size_t len = 0;
    int first = pos;
    for (size_t n = 0; first > 0 && n + (size_t)t->pos[first - 1].n_bytes < sizeof text / 2; first--)
        n += (size_t)t->pos[first - 1].n_bytes;
    for (int i = first; i <= pos; i++) {
        const TracePos *p = &t->pos[i];
        if (len + (size_t)p->n_bytes > sizeof text) break;
        memcpy(text + len, p->bytes, (size_t)p->n_bytes);
        len += (size_t)p->n_bytes;
    }
    const EvidenceEntry *e = evidence_lookup(&s->evidence, text, len);
    if (!e) return;
    ev->valid = 1;
    snprintf(ev->context, sizeof ev->context, "%.*s", (int)(e->context_len < 150 ? e->context_len : 150), e->context);
    ev->context_pieces = e->n_pieces;
    ev->total = e->total;
    for (int j = 0; j < e->n_next; j++) {
        TokList list = {0};
        if (tok_encode(&s->tok, e->next[j].piece, e->next[j].piece_len, &list, NULL) || list.n == 0) {
            tok_list_free(&list);
            continue;
        }
        int id = list.ids[0];
        tok_list_free(&list);
        int k = 0;
        while (k < ev->n && ev->ids[k] != id) k++;
        if (k == ev->n) {
            if (ev->n == EVIDENCE_SHOWN) continue;
            ev->ids[ev->n] = id;
            ev->counts[ev->n++] = 0;
        }
        ev->counts[k] += e->next[j].count;
        ev->listed += e->next[j].count;
    }
}

uint64_t evidence_count(const Evidence *ev, int id)
{
    for (int k = 0; k < ev->n; k++)
        if (ev->ids[k] == id) return ev->counts[k];
    return 0;
}
