/* trace.c — the recorder. See trace.h. */
#define _POSIX_C_SOURCE 200809L
#include "trace.h"
#include "json.h"
#include "sampler.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void trace_init(Trace *t, const GptConfig *c)
{
    memset(t, 0, sizeof *t);
    t->config = *c;
}

static void pos_clear_activations(TracePos *p)
{
    free(p->embed);
    free(p->attn);
    free(p->resid);
    free(p->logits);
    p->embed = p->attn = p->resid = p->logits = NULL;
    p->computed = 0;
}

static void pos_free(TracePos *p)
{
    pos_clear_activations(p);
    free(p->bytes);
    p->bytes = NULL;
}

static void step_free(TraceStep *s)
{
    free(s->probs);
    free(s->cut);
    s->probs = NULL;
    s->cut = NULL;
}

void trace_free(Trace *t)
{
    for (int i = 0; i < t->n_pos; i++) pos_free(&t->pos[i]);
    for (int i = 0; i < t->n_steps; i++) step_free(&t->steps[i]);
    free(t->pos);
    free(t->steps);
    free(t->prompt);
    memset(t, 0, sizeof *t);
}

void trace_truncate(Trace *t, int k)
{
    if (k < 0) k = 0;
    if (k >= t->n_steps) return;
    for (int i = k; i < t->n_steps; i++) step_free(&t->steps[i]);
    t->n_steps = k;
    int keep = t->n_prompt + k;
    for (int i = keep; i < t->n_pos; i++) pos_free(&t->pos[i]);
    if (t->n_pos > keep) t->n_pos = keep;
    if (keep > 0 && keep <= t->n_pos) pos_clear_activations(&t->pos[keep - 1]);
}

/* The record for position p, growing the array (new entries zeroed) as needed. */
static TracePos *pos_at(Trace *t, int p)
{
    if (p < 0) return NULL;
    if (p >= t->cap_pos) {
        int cap = t->cap_pos ? t->cap_pos : 64;
        while (cap <= p) cap *= 2;
        TracePos *np = realloc(t->pos, (size_t)cap * sizeof *np);
        if (!np) return NULL;
        memset(np + t->cap_pos, 0, (size_t)(cap - t->cap_pos) * sizeof *np);
        t->pos = np;
        t->cap_pos = cap;
    }
    while (t->n_pos <= p) {
        TracePos *q = &t->pos[t->n_pos++];
        memset(q, 0, sizeof *q);
        q->id = -1;
        q->step = -1;
        q->span_start = q->span_end = -1;
    }
    return &t->pos[p];
}

static TraceStep *step_at(Trace *t, int k)
{
    if (k < 0) return NULL;
    if (k >= t->cap_steps) {
        int cap = t->cap_steps ? t->cap_steps : 64;
        while (cap <= k) cap *= 2;
        TraceStep *ns = realloc(t->steps, (size_t)cap * sizeof *ns);
        if (!ns) return NULL;
        memset(ns + t->cap_steps, 0, (size_t)(cap - t->cap_steps) * sizeof *ns);
        t->steps = ns;
        t->cap_steps = cap;
    }
    while (t->n_steps <= k) {
        TraceStep *s = &t->steps[t->n_steps++];
        memset(s, 0, sizeof *s);
        s->id = -1;
        s->u = -1.0f;
    }
    return &t->steps[k];
}

/* Copy n floats into *dst (allocating it with `total` floats if needed) at offset. */
static int keep_floats(float **dst, size_t total, size_t offset, const float *src, size_t n)
{
    if (!*dst) {
        *dst = calloc(total, sizeof **dst);
        if (!*dst) return -1;
    }
    memcpy(*dst + offset, src, n * sizeof *src);
    return 0;
}

static size_t attn_offset(const GptConfig *c, int pos, int layer, int head)
{
    return (((size_t)layer * (size_t)c->n_head + (size_t)head) * 2) * (size_t)(pos + 1);
}

static int record(Trace *t, const GptEvent *ev)
{
    const GptConfig *c = &t->config;
    size_t C = (size_t)c->n_embd, V = (size_t)c->vocab_size, L = (size_t)c->n_layer;
    switch (ev->kind) {
    case GPT_EV_TOKENS: {
        for (int i = 0; i < t->n_pos; i++) pos_free(&t->pos[i]);
        for (int i = 0; i < t->n_steps; i++) step_free(&t->steps[i]);
        t->n_pos = t->n_steps = 0;
        free(t->prompt);
        t->prompt = malloc((size_t)ev->text_len + 1);
        if (!t->prompt) return -1;
        memcpy(t->prompt, ev->text, (size_t)ev->text_len);
        t->prompt[ev->text_len] = 0;
        t->prompt_len = ev->text_len;
        t->n_prompt = ev->n;
        for (int i = 0; i < ev->n; i++) {
            TracePos *p = pos_at(t, i);
            if (!p) return -1;
            p->id = ev->ids[i];
            p->source = TRACE_PROMPT;
            p->span_start = ev->span_start[i];
            p->span_end = ev->span_end[i];
            p->n_bytes = ev->span_end[i] - ev->span_start[i];
            p->bytes = malloc((size_t)p->n_bytes + 1);
            if (!p->bytes) return -1;
            memcpy(p->bytes, ev->text + ev->span_start[i], (size_t)p->n_bytes);
        }
        return 0;
    }
    case GPT_EV_EMBED: {
        TracePos *p = pos_at(t, ev->pos);
        if (!p) return -1;
        pos_clear_activations(p); /* a recomputed position replaces its old record */
        p->computed = 1;
        return keep_floats(&p->embed, 3 * C, 0, ev->token_vec, C) ||
               keep_floats(&p->embed, 3 * C, C, ev->pos_vec, C) ||
               keep_floats(&p->embed, 3 * C, 2 * C, ev->vec, C);
    }
    case GPT_EV_ATTN: {
        TracePos *p = pos_at(t, ev->pos);
        if (!p) return -1;
        size_t total = L * (size_t)c->n_head * 2 * (size_t)(ev->pos + 1);
        size_t off = attn_offset(c, ev->pos, ev->layer, ev->head);
        return keep_floats(&p->attn, total, off, ev->scores, (size_t)ev->n) ||
               keep_floats(&p->attn, total, off + (size_t)ev->n, ev->weights, (size_t)ev->n);
    }
    case GPT_EV_RESID: {
        TracePos *p = pos_at(t, ev->pos);
        if (!p) return -1;
        return keep_floats(&p->resid, L * C, (size_t)ev->layer * C, ev->vec, C);
    }
    case GPT_EV_LOGITS: {
        TracePos *p = pos_at(t, ev->pos);
        if (!p) return -1;
        return keep_floats(&p->logits, V, 0, ev->vec, V);
    }
    case GPT_EV_PROBS: {
        TraceStep *s = step_at(t, ev->step);
        if (!s) return -1;
        s->pos = ev->pos;
        s->temperature = ev->temperature;
        s->top_k = ev->top_k;
        s->top_p = ev->top_p;
        if (keep_floats(&s->probs, V, 0, ev->vec, V)) return -1;
        if (!s->cut && !(s->cut = malloc(V))) return -1;
        memcpy(s->cut, ev->cut, V);
        return 0;
    }
    case GPT_EV_SAMPLE: {
        TraceStep *s = step_at(t, ev->step);
        if (!s) return -1;
        s->id = ev->token;
        s->forced = ev->forced;
        s->p = ev->p;
        s->u = ev->u;
        TracePos *p = pos_at(t, t->n_prompt + ev->step);
        if (!p) return -1;
        pos_free(p);
        p->id = ev->token;
        p->source = ev->forced ? TRACE_FORCED : TRACE_SAMPLED;
        p->step = ev->step;
        p->span_start = p->span_end = -1;
        p->n_bytes = ev->text_len;
        p->bytes = malloc((size_t)ev->text_len + 1);
        if (!p->bytes) return -1;
        memcpy(p->bytes, ev->text, (size_t)ev->text_len);
        return 0;
    }
    default:
        return 0;
    }
}

void trace_hook(const GptEvent *ev, void *user)
{
    Trace *t = user;
    if (ev->kind >= 0 && ev->kind < GPT_EV_COUNT) t->sites[ev->kind] = ev->site;
    if (record(t, ev)) t->out_of_memory = 1;
}

const char *trace_kind_name(GptEventKind kind)
{
    static const char *const names[GPT_EV_COUNT] = {"tokens", "embed", "attn", "resid", "logits", "probs", "sample"};
    return kind >= 0 && kind < GPT_EV_COUNT ? names[kind] : "?";
}

const float *trace_attn_scores(const Trace *t, int pos, int layer, int head)
{
    if (pos < 0 || pos >= t->n_pos || !t->pos[pos].attn || layer < 0 || layer >= t->config.n_layer ||
        head < 0 || head >= t->config.n_head)
        return NULL;
    return t->pos[pos].attn + attn_offset(&t->config, pos, layer, head);
}

const float *trace_attn_weights(const Trace *t, int pos, int layer, int head)
{
    const float *s = trace_attn_scores(t, pos, layer, head);
    return s ? s + pos + 1 : NULL;
}

/* ----------------------------------------------------------------------------------------------
 * JSON export */

static void put_float(FILE *f, float x)
{
    if (isfinite(x)) fprintf(f, "%.9g", (double)x);
    else fputs("null", f);
}

static void put_floats(FILE *f, const float *x, size_t n)
{
    fputc('[', f);
    for (size_t i = 0; i < n; i++) {
        if (i) fputc(',', f);
        put_float(f, x[i]);
    }
    fputc(']', f);
}

static void put_bytes(FILE *f, const unsigned char *b, int n)
{
    fputc('[', f);
    for (int i = 0; i < n; i++) fprintf(f, "%s%d", i ? "," : "", b[i]);
    fputc(']', f);
}

static const char *source_name(TraceSource s)
{
    return s == TRACE_PROMPT ? "prompt" : s == TRACE_SAMPLED ? "sampled" : "forced";
}

static void write_position(FILE *f, const Trace *t, int i)
{
    const GptConfig *c = &t->config;
    const TracePos *p = &t->pos[i];
    size_t C = (size_t)c->n_embd;
    fprintf(f, "{\"pos\":%d,\"id\":%d,\"text\":", i, p->id);
    json_write_string(f, (const char *)p->bytes, (size_t)p->n_bytes);
    fputs(",\"bytes\":", f);
    put_bytes(f, p->bytes, p->n_bytes);
    fprintf(f, ",\"source\":\"%s\",\"step\":", source_name(p->source));
    if (p->step >= 0) fprintf(f, "%d", p->step); else fputs("null", f);
    if (p->span_start >= 0) fprintf(f, ",\"span\":[%d,%d]", p->span_start, p->span_end);
    else fputs(",\"span\":null", f);
    fputs(",\n  \"embed\":", f);
    if (p->embed) {
        fputs("{\"token\":", f); put_floats(f, p->embed, C);
        fputs(",\"position\":", f); put_floats(f, p->embed + C, C);
        fputs(",\"sum\":", f); put_floats(f, p->embed + 2 * C, C);
        fputc('}', f);
    } else fputs("null", f);
    fputs(",\n  \"attn\":", f);
    if (p->attn) {
        fputc('[', f);
        for (int l = 0; l < c->n_layer; l++) {
            fputs(l ? ",[" : "[", f);
            for (int h = 0; h < c->n_head; h++) {
                fputs(h ? ",{\"scores\":" : "{\"scores\":", f);
                put_floats(f, trace_attn_scores(t, i, l, h), (size_t)i + 1);
                fputs(",\"weights\":", f);
                put_floats(f, trace_attn_weights(t, i, l, h), (size_t)i + 1);
                fputc('}', f);
            }
            fputc(']', f);
        }
        fputc(']', f);
    } else fputs("null", f);
    fputs(",\n  \"resid\":", f);
    if (p->resid) {
        fputc('[', f);
        for (int l = 0; l < c->n_layer; l++) {
            if (l) fputc(',', f);
            put_floats(f, p->resid + (size_t)l * C, C);
        }
        fputc(']', f);
    } else fputs("null", f);
    fputc('}', f);
}

static void write_step(FILE *f, const Trace *t, const Tokenizer *tok, int k)
{
    const TraceStep *s = &t->steps[k];
    size_t V = (size_t)t->config.vocab_size;
    const TracePos *chosen = (t->n_prompt + k < t->n_pos) ? &t->pos[t->n_prompt + k] : NULL;
    if (s->id >= 0 && chosen) {
        fprintf(f, "{\"step\":%d,\"pos\":%d,\"id\":%d,\"text\":", k, s->pos, s->id);
        json_write_string(f, (const char *)chosen->bytes, (size_t)chosen->n_bytes);
        fprintf(f, ",\"forced\":%s,\"p\":", s->forced ? "true" : "false");
        put_float(f, s->p);
        fputs(",\"u\":", f);
        if (s->u >= 0.0f) put_float(f, s->u); else fputs("null", f);
    } else { /* predicted, not chosen yet */
        fprintf(f, "{\"step\":%d,\"pos\":%d,\"id\":null,\"text\":null,\"forced\":false,\"p\":null,\"u\":null", k, s->pos);
    }
    fputs(",\"temperature\":", f);
    put_float(f, s->temperature);
    fprintf(f, ",\"top_k\":%d,\"top_p\":", s->top_k);
    put_float(f, s->top_p);
    fputs(",\n  \"logits\":", f);
    const float *logits = (s->pos >= 0 && s->pos < t->n_pos) ? t->pos[s->pos].logits : NULL;
    if (logits) put_floats(f, logits, V); else fputs("null", f);
    fputs(",\n  \"probs\":", f);
    if (s->probs) put_floats(f, s->probs, V); else fputs("null", f);
    fputs(",\n  \"cut\":", f);
    if (s->cut) {
        fputc('[', f);
        for (size_t i = 0; i < V; i++) fprintf(f, i ? ",%d" : "%d", s->cut[i]);
        fputc(']', f);
    } else fputs("null", f);
    fputs(",\n  \"top\":[", f);
    if (s->probs) {
        int ids[10];
        int n = sampler_top(s->probs, (int)V, ids, 10);
        for (int i = 0; i < n; i++) {
            int n_bytes = 0;
            const unsigned char *b = tok ? tok_bytes(tok, ids[i], &n_bytes) : NULL;
            fprintf(f, "%s[%d,", i ? "," : "", ids[i]);
            json_write_string(f, (const char *)b, (size_t)n_bytes);
            fputc(',', f);
            put_float(f, s->probs[ids[i]]);
            fputc(']', f);
        }
    }
    fputs("]}", f);
}

int trace_write_json(const Trace *t, const Tokenizer *tok, const char *path, const char *model_dir, float temperature,
                     int top_k, float top_p, uint64_t seed, GbError *err)
{
    const GptConfig *c = &t->config;
    GbOutFile out;
    if (gb_create(&out, path, err)) return -1;
    FILE *f = out.fp;
    fputs("{\"format\":\"glassbox-trace\",\"version\":1,\n\"model\":{\"dir\":", f);
    json_write_string(f, model_dir ? model_dir : "", model_dir ? strlen(model_dir) : 0);
    fprintf(f, ",\"n_layer\":%d,\"n_head\":%d,\"n_embd\":%d,\"n_ctx\":%d,\"vocab_size\":%d},\n",
            c->n_layer, c->n_head, c->n_embd, c->n_ctx, c->vocab_size);
    fputs("\"prompt\":", f);
    json_write_string(f, t->prompt ? t->prompt : "", (size_t)t->prompt_len);
    fputs(",\n\"settings\":{\"temperature\":", f);
    put_float(f, temperature);
    fprintf(f, ",\"top_k\":%d,\"top_p\":", top_k);
    put_float(f, top_p);
    fprintf(f, ",\"seed\":%llu},\n\"sites\":{", (unsigned long long)seed);
    int first = 1;
    for (int k = 0; k < GPT_EV_COUNT; k++) {
        const GbSite *site = &t->sites[k];
        if (!site->file) continue;
        fprintf(f, "%s\"%s\":{\"file\":", first ? "" : ",", trace_kind_name((GptEventKind)k));
        json_write_string(f, site->file, strlen(site->file));
        fputs(",\"function\":", f);
        json_write_string(f, site->func, strlen(site->func));
        fprintf(f, ",\"line\":%d}", site->line);
        first = 0;
    }
    fputs("},\n\"positions\":[\n", f);
    for (int i = 0; i < t->n_pos; i++) {
        if (i) fputs(",\n", f);
        write_position(f, t, i);
    }
    fputs("],\n\"steps\":[\n", f);
    for (int k = 0; k < t->n_steps; k++) {
        if (k) fputs(",\n", f);
        write_step(f, t, tok, k);
    }
    fputs("]}\n", f);
    return gb_commit(&out, err);
}
