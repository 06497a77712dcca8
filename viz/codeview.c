/* codeview.c — see codeview.h. */
#include "codeview.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const titles[PANEL_COUNT] = {
    "The code that split the text into tokens",
    "The code that computed this attention heatmap",
    "The code that turned scores into these bars, and drew a token",
    "The code that looked up this token's embedding",
    "The code that turns the residual stream into scores",
};

/* ----------------------------------------------------------------------------------------------
 * Words for the numbers */

/* A token's bytes for a sentence, quoted, whitespace as it is (the panel makes it visible). */
static void token_words(const Scene *s, int id, char *out, size_t cap)
{
    int len = 0;
    const unsigned char *b = scene_token(s, id, &len);
    size_t o = 0;
    if (cap < 8) { if (cap) out[0] = 0; return; }
    out[o++] = '\'';
    for (int i = 0; i < len && o + 6 < cap; i++) {
        unsigned char c = b[i];
        if (c == '\n') { out[o++] = '\\'; out[o++] = 'n'; }
        else if (c < 32) o += (size_t)snprintf(out + o, cap - o, "\\x%02x", c);
        else out[o++] = (char)c;
    }
    out[o++] = '\'';
    out[o] = 0;
}

/* The first values of a vector: "[0.123, -0.401, 0.052, ...]". */
static void vector_words(const float *x, int n, char *out, size_t cap)
{
    size_t o = (size_t)snprintf(out, cap, "[");
    for (int i = 0; i < n && i < 3 && o < cap; i++)
        o += (size_t)snprintf(out + o, cap - o, "%s%.3f", i ? ", " : "", (double)x[i]);
    if (o < cap) snprintf(out + o, cap - o, "%s]", n > 3 ? ", \xE2\x80\xA6" : "");
}

static CodeMark *mark(CodeSection *sec, const char *tag)
{
    for (int i = 0; i < sec->n_marks; i++)
        if (strcmp(sec->marks[i].tag, tag) == 0) return &sec->marks[i];
    return NULL;
}

static void say(CodeSection *sec, const char *tag, int has_value, double value, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

static void say(CodeSection *sec, const char *tag, int has_value, double value, const char *fmt, ...)
{
    CodeMark *m = mark(sec, tag);
    if (!m) return;
    m->has_value = has_value;
    m->value = value;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m->text, sizeof m->text, fmt, ap);
    va_end(ap);
}

/* ----------------------------------------------------------------------------------------------
 * Live values, one picture at a time */

static void tokens_values(const Scene *s, CodeSection *sec)
{
    const Trace *t = s->trace;
    if (s->focus < 0 || s->focus >= t->n_pos) return;
    int id = t->pos[s->focus].id, n = t->pos[s->focus].n_bytes;
    char w[96];
    token_words(s, id, w, sizeof w);
    if (t->pos[s->focus].source == TRACE_PROMPT)
        say(sec, "one symbol per byte", 1, n, "%d: %s starts as %d one-byte symbol%s", n, w, n, n == 1 ? "" : "s");
    else
        say(sec, "one symbol per byte", 1, n, "%d: %s was sampled, not split; typed, it would start as %d "
            "one-byte symbol%s", n, w, n, n == 1 ? "" : "s");
    const Tokenizer *tok = s->tok;
    int rank = -1;
    for (int r = 0; tok && r < tok->n_merges; r++)
        if (tok->merges[r].result == id) { rank = r; break; }
    if (rank < 0) {
        say(sec, "lowest rank", 0, 0, "%s is a single byte: no merge rule made it", w);
        say(sec, "merge", 0, 0, "no merge: the byte's own token, id %d", id);
        return;
    }
    char l[96], r[96];
    token_words(s, tok->merges[rank].left, l, sizeof l);
    token_words(s, tok->merges[rank].right, r, sizeof r);
    say(sec, "lowest rank", 1, rank, "%d: the rule that made %s is rank %d of %d (earlier ranks go first)",
        rank, w, rank, tok->n_merges);
    say(sec, "merge", 1, id, "%d: merges[%d]: %s + %s \xE2\x86\x92 %s", id, rank, l, r, w);
}

static void attention_values(const Scene *s, CodeSection *sec)
{
    const Trace *t = s->trace;
    const GptConfig *c = &t->config;
    int q = s->focus, layer = s->view->layer, head = s->view->head;
    int HS = c->n_embd / c->n_head;
    const float scale = 1.0f / sqrtf((float)HS);  /* computed exactly as attention() does */
    say(sec, "scale", 1, scale, "%.4f = 1 / \xE2\x88\x9A%d (the head size)", (double)scale, HS);
    const float *scores = trace_attn_scores(t, q, layer, head);
    const float *weights = trace_attn_weights(t, q, layer, head);
    if (!scores || !weights) return;
    int later = c->n_ctx - (q + 1);
    say(sec, "mask", 1, q + 1, "%d: keys t = 0 \xE2\x80\xA6 %d; the %d positions after them do not exist yet",
        q + 1, q, later);
    int k = 0;
    for (int i = 1; i <= q; i++) if (weights[i] > weights[k]) k = i;
    char qw[96], kw[96];
    token_words(s, t->pos[q].id, qw, sizeof qw);
    token_words(s, t->pos[k].id, kw, sizeof kw);
    say(sec, "score", 1, scores[k], "%.3f: scores[%d], query %s \xC2\xB7 key %s, layer %d head %d",
        (double)scores[k], k, qw, kw, layer + 1, head + 1);
    say(sec, "softmax", 1, weights[k], "%.3f: weights[%d], the largest in this row", (double)weights[k], k);
    double sum = 0.0;
    for (int i = 0; i <= q; i++) sum += weights[i];
    say(sec, "weighted sum", 1, sum, "%.3f: the %d weights add up to 1, so out is an average of the values",
        sum, q + 1);
}

static void probs_values(const Scene *s, CodeSection *dist, CodeSection *draw, int hover)
{
    const Bars *b = s->bars;
    const Trace *t = s->trace;
    if (!b || !b->valid || b->pos < 0 || b->pos >= t->n_pos || !t->pos[b->pos].logits) return;
    const float *logits = t->pos[b->pos].logits;
    int V = t->config.vocab_size;
    int id = b->chosen >= 0 ? b->chosen : (b->n > 0 ? b->ids[0] : -1);
    for (int i = 0; i < b->n; i++) if (b->ids[i] == hover) id = hover;
    if (id < 0) return;
    int bar = -1;
    for (int i = 0; i < b->n; i++) if (b->ids[i] == id) bar = i;
    float p_temp = bar >= 0 ? b->p_temp[bar] : b->chosen_p_temp;
    float p = bar >= 0 ? b->p[bar] : b->chosen_p;
    uint8_t cut = bar >= 0 ? b->cut[bar] : b->chosen_cut;
    const SamplerSettings *st = &b->settings;
    char w[96];
    token_words(s, id, w, sizeof w);
    float max = logits[0];
    for (int i = 1; i < V; i++) if (logits[i] > max) max = logits[i];
    if (st->temperature == 0.0f) {
        say(dist, "temperature", 0, 0, "T = 0: greedy, every bit of probability on the top token");
    } else {
        double scaled = (double)((logits[id] - max) / st->temperature);
        say(dist, "temperature", 1, scaled, "%.3f: %s (logit %.3f \xE2\x88\x92 max %.3f) / T %.2f", scaled, w,
            (double)logits[id], (double)max, (double)st->temperature);
        say(dist, "softmax", 1, p_temp, "%.3f: p(%s) after temperature, before any cut", (double)p_temp, w);
    }
    int rank = sampler_rank(logits, V, id);
    if (st->top_k > 0) say(dist, "top-k", 0, 0, "k = %d: %s is number %d, so it is %s", st->top_k, w, rank + 1,
                           cut == GPT_CUT_TOP_K ? "cut" : "kept");
    else say(dist, "top-k", 0, 0, "top-k is off: nothing is cut here");
    if (st->top_p < 1.0f) say(dist, "top-p", 0, 0, "p = %.2f: %s is %s", (double)st->top_p, w,
                              cut == GPT_CUT_TOP_P ? "cut" : cut ? "already cut" : "inside the nucleus, kept");
    else say(dist, "top-p", 0, 0, "top-p is off: nothing is cut here");
    say(dist, "renormalise", 1, p, "%.3f: p(%s), the height of its bar", (double)p, w);

    int step = b->step;
    const TraceStep *ts = step >= 0 && step < t->n_steps ? &t->steps[step] : NULL;
    if (id != b->chosen) {
        char c[96];
        if (b->chosen >= 0) token_words(s, b->chosen, c, sizeof c);
        say(draw, "uniform number", 0, 0, b->chosen >= 0 ? "the draw chose %s, not this bar" : "%snot drawn yet: press Space to draw",
            b->chosen >= 0 ? c : "");
        return;
    }
    if (!ts || ts->id < 0 || b->chosen < 0) {
        say(draw, "uniform number", 0, 0, "not drawn yet: press Space to draw");
        return;
    }
    if (ts->forced) {
        say(draw, "uniform number", 0, 0, "no draw: %s was forced", w);
        return;
    }
    if (ts->u < 0.0f || !ts->probs) return;
    say(draw, "uniform number", 1, ts->u, "%.4f: u, uniform on [0, 1)", (double)ts->u);
    double before = 0.0;
    for (int i = 0; i < ts->id && i < V; i++) if (ts->probs[i] > 0.0f) before += ts->probs[i];
    double after = before + ts->probs[ts->id];
    say(draw, "running total", 1, after, "%.4f: the total reaches it at %s (it was %.4f before)", after, w, before);
    say(draw, "lands here", 1, ts->id, "%d: u %.4f < %.4f, so %s is chosen", ts->id, (double)ts->u, after, w);
}

static void neighbours_values(const Scene *s, CodeSection *sec)
{
    const Trace *t = s->trace;
    if (s->focus < 0 || s->focus >= t->n_pos || !t->pos[s->focus].embed) return;
    const TracePos *p = &t->pos[s->focus];
    int C = t->config.n_embd;
    char v[120], w[96];
    token_words(s, p->id, w, sizeof w);
    vector_words(p->embed, C, v, sizeof v);
    say(sec, "token row", 1, p->embed[0], "wte[%d] = %s, %s's %d numbers", p->id, v, w, C);
    vector_words(p->embed + C, C, v, sizeof v);
    say(sec, "position row", 1, p->embed[C], "wpe[%d] = %s", s->focus, v);
    vector_words(p->embed + 2 * C, C, v, sizeof v);
    say(sec, "sum", 1, p->embed[2 * C], "x = %s, what block 1 receives", v);
}

static void lens_values(const Scene *s, CodeSection *sec)
{
    const Trace *t = s->trace;
    if (s->focus < 0 || s->focus >= t->n_pos || !t->pos[s->focus].resid || !t->pos[s->focus].logits) return;
    const TracePos *p = &t->pos[s->focus];
    int C = t->config.n_embd, L = t->config.n_layer, V = t->config.vocab_size;
    say(sec, "attention adds", 0, 0, "each of the %d blocks adds what attention found to x", L);
    char v[120], w[96];
    vector_words(p->resid + (size_t)(L - 1) * C, C, v, sizeof v);
    say(sec, "MLP adds", 1, p->resid[(size_t)(L - 1) * C], "x after block %d = %s (the lens reads x after every block)", L, v);
    say(sec, "final LayerNorm", 0, 0, "x is normalised (mean 0, variance 1), then scaled");
    int top = sampler_argmax(p->logits, V);
    token_words(s, top, w, sizeof w);
    say(sec, "LM head", 1, p->logits[top], "%.3f: logits[%d], %s, the largest of %d", (double)p->logits[top], top, w, V);
}

/* ----------------------------------------------------------------------------------------------
 * Sections */

static int section(const Scene *s, const CodeSpec *sp, CodeSection *sec, char *why, size_t cap)
{
    memset(sec, 0, sizeof *sec);
    sec->kind = sp->kind;
    sec->site = s->trace->sites[sp->kind];
    const char *file = sp->file ? sp->file : sec->site.file;
    if (!file) { snprintf(why, cap, "no %s event has been recorded yet", trace_kind_name(sp->kind)); return -1; }
    sec->file = source_find(file);
    if (!sec->file) { snprintf(why, cap, "%s is not built into this program", file); return -1; }
    if (sp->func) {
        snprintf(sec->func, sizeof sec->func, "%s", sp->func);
        if (source_function(sec->file, sp->func, &sec->first, &sec->last)) {
            snprintf(why, cap, "%s has no function %s()", sec->file->name, sp->func);
            return -1;
        }
    } else if (source_function_at(sec->file, sec->site.line, sec->func, (int)sizeof sec->func, &sec->first,
                                  &sec->last)) {
        snprintf(why, cap, "%s line %d is not inside a function", sec->file->name, sec->site.line);
        return -1;
    }
    const SourceFile *site_file = sec->site.file ? source_find(sec->site.file) : NULL;
    sec->site_inside = site_file == sec->file && sec->site.line >= sec->first && sec->site.line <= sec->last;
    for (int i = 0; sp->tags[i] && sec->n_marks < CODE_MARKS; i++) {
        CodeMark *m = &sec->marks[sec->n_marks++];
        snprintf(m->tag, sizeof m->tag, "%s", sp->tags[i]);
        char tag[64];
        for (int n = sec->first; n <= sec->last; n++)
            if (source_tag(sec->file->lines[n - 1], tag, sizeof tag) == 0 && strcmp(tag, m->tag) == 0) {
                m->line = n;
                break;
            }
    }
    return 0;
}

int codeview_build(const Scene *s, int picture, int hover_bar, CodeView *out)
{
    memset(out, 0, sizeof *out);
    out->picture = picture;
    if (picture < 0 || picture >= PANEL_COUNT) { snprintf(out->title, sizeof out->title, "no picture chosen"); return -1; }
    snprintf(out->title, sizeof out->title, "%s", titles[picture]);
    for (int i = 0; i < code_spec_count && out->n < CODE_SECTIONS; i++) {
        if (code_specs[i].picture != picture) continue;
        char why[160];
        if (section(s, &code_specs[i], &out->sec[out->n], why, sizeof why)) {
            snprintf(out->title, sizeof out->title, "No code to show: %s", why);
            return -1;
        }
        out->n++;
    }
    switch (picture) {
    case PANEL_TOKENS: tokens_values(s, &out->sec[0]); break;
    case PANEL_ATTENTION: attention_values(s, &out->sec[0]); break;
    case PANEL_PROBS: probs_values(s, &out->sec[0], &out->sec[1], hover_bar); break;
    case PANEL_NEIGHBOURS: neighbours_values(s, &out->sec[0]); break;
    case PANEL_LENS: lens_values(s, &out->sec[0]); break;
    }
    return 0;
}
