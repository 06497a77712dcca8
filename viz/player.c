/* player.c — playing a lesson in the viewer: running its directives on the session, stopping at
 * its pages, checking its claims, and the menu of lessons. See viewer.h and docs/lessons.md.
 *
 * Going forward runs the directives between this page and the next on the viewer as it is (so a
 * token the teacher clicked on stays). Going back replays the lesson from its start to the page
 * before: the replay is exact because every draw is seeded (generate.h), and a training run that
 * already finished is not run again. */
#define _DEFAULT_SOURCE /* realpath */
#include "codeview.h"
#include "viewer.h"

#include <dirent.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define DEFAULT_PROMPT "The cat sat on the"
/* The small model the training lesson trains from scratch. */
#define MINI_LAYERS 2
#define MINI_HEADS 4
#define MINI_WIDTH 64
#define MINI_CONTEXT 64

/* ----------------------------------------------------------------------------------------------
 * Results of checks */

/* A token's text for a message: quoted, newlines as \n. */
static void quote(char *out, size_t cap, const Tokenizer *tok, int id)
{
    size_t n = 0;
    char *b = id >= 0 ? tok_decode(tok, &id, 1, &n) : NULL;
    size_t k = 0;
    if (cap < 8) { if (cap) out[0] = 0; free(b); return; }
    out[k++] = '"';
    for (size_t i = 0; b && i < n && k + 4 < cap; i++) {
        if (b[i] == '\n') { out[k++] = '\\'; out[k++] = 'n'; }
        else if (b[i] == '\t') { out[k++] = '\\'; out[k++] = 't'; }
        else out[k++] = b[i];
    }
    if (!b) k += (size_t)snprintf(out + k, cap - k - 2, "#%d", id);
    out[k++] = '"';
    out[k] = 0;
    free(b);
}

static void result(Viewer *v, const LessonDirective *d, int ok, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void result(Viewer *v, const LessonDirective *d, int ok, const char *fmt, ...)
{
    Player *p = &v->player;
    CheckResult r;
    r.ok = ok;
    r.line = d->line;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r.text, sizeof r.text, fmt, ap);
    va_end(ap);
    if (ok) p->passed++;
    else p->failed++;
    if (p->n_results < PLAYER_RESULTS) p->results[p->n_results++] = r;
    else if (!ok) p->results[PLAYER_RESULTS - 1] = r;  /* a failure is never crowded out */
    if (p->log)
        fprintf(p->log, "  %s %s:%d: %s\n", ok ? "check ok  " : "CHECK FAILED", p->lesson.path, d->line, r.text);
}

/* A probability in percent, readable when it is tiny: 96.4%, 0.21%, 0.0031%. */
static const char *pct(char *buf, size_t cap, double p)
{
    double x = 100.0 * p;
    if (x >= 1 || x == 0) snprintf(buf, cap, "%.1f%%", x);
    else snprintf(buf, cap, "%.2g%%", x);
    return buf;
}

/* ----------------------------------------------------------------------------------------------
 * The model's distribution at the cursor, with the settings in force (what the bars show). */

static int distribution(Viewer *v, const float **logits)
{
    Session *s = &v->session;
    if (s->full) return -1;
    int last = session_last_pos(s);
    if (last < 0 || last >= s->trace.n_pos || !s->trace.pos[last].logits) return -1;
    *logits = s->trace.pos[last].logits;
    sampler_distribution(&s->settings, *logits, s->model.config.vocab_size, v->player.probs, v->player.cut,
                         v->player.order);
    return 0;
}

static void run_check(Viewer *v, const LessonDirective *d)
{
    Session *s = &v->session;
    Player *p = &v->player;
    const Tokenizer *tok = &s->tok;
    int V = s->model.config.vocab_size;
    char a[160], b[160];
    quote(a, sizeof a, tok, d->tok[0].id);
    quote(b, sizeof b, tok, d->tok[1].id);
    const float *logits;
    switch (d->kind) {
    case LC_TOP: case LC_PROBABILITY: case LC_ABOVE: case LC_LOGIT: {
        if (distribution(v, &logits)) { result(v, d, 0, "there is no next-token distribution (the context window is full)"); return; }
        int top = 0;
        for (int i = 1; i < V; i++) if (logits[i] > logits[top]) top = i;
        float pa = p->probs[d->tok[0].id];
        char x[32], y[32];
        pct(x, sizeof x, pa);
        if (d->kind == LC_TOP) {
            char t[160];
            quote(t, sizeof t, tok, top);
            if (top == d->tok[0].id) result(v, d, 1, "the top token is %s (%s)", a, x);
            else result(v, d, 0, "the lesson says the top token is %s, but the model's is %s (%s; %s has %s)",
                        a, t, pct(y, sizeof y, p->probs[top]), a, x);
        } else if (d->kind == LC_PROBABILITY) {
            int ok = pa >= d->lo && pa <= d->hi;
            result(v, d, ok, "p(%s) is %s, %s %g%% to %g%%", a, x, ok ? "within" : "but the lesson says",
                   100.0 * d->lo, 100.0 * d->hi);
        } else if (d->kind == LC_LOGIT) {
            double l = logits[d->tok[0].id];
            int ok = l >= d->lo && l <= d->hi;
            result(v, d, ok, "the score (logit) of %s is %.2f, %s %g to %g", a, l, ok ? "within" : "but the lesson says",
                   d->lo, d->hi);
        } else {
            int ra = sampler_rank(logits, V, d->tok[0].id), rb = sampler_rank(logits, V, d->tok[1].id);
            pct(y, sizeof y, p->probs[d->tok[1].id]);
            if (ra < rb) result(v, d, 1, "%s (rank %d, %s) ranks above %s (rank %d, %s)", a, ra + 1, x, b, rb + 1, y);
            else result(v, d, 0, "the lesson says %s ranks above %s, but %s is rank %d (%s) and %s rank %d (%s)",
                        a, b, a, ra + 1, x, b, rb + 1, y);
        }
        return;
    }
    case LC_CHOSEN: {
        int last = session_last_pos(s);
        int id = last >= 0 ? s->trace.pos[last].id : -1;
        char t[160];
        quote(t, sizeof t, tok, id);
        if (id == d->tok[0].id) result(v, d, 1, "the last token is %s", a);
        else result(v, d, 0, "the lesson says the last token is %s, but it is %s", a, t);
        return;
    }
    case LC_ATTENDS: {
        int layer = v->view.layer, head = v->view.head;
        int q = v->view.selected >= 0 ? v->view.selected : session_last_pos(s);
        const float *w = q >= 0 ? trace_attn_weights(&s->trace, q, layer, head) : NULL;
        if (!w) { result(v, d, 0, "no attention recorded at that position"); return; }
        int best = 0;
        for (int k = 1; k <= q; k++) if (w[k] > w[best]) best = k;
        char qt[160], kt[160];
        quote(qt, sizeof qt, tok, s->trace.pos[q].id);
        quote(kt, sizeof kt, tok, s->trace.pos[best].id);
        if (s->trace.pos[best].id == d->tok[0].id)
            result(v, d, 1, "layer %d head %d, reading from %s, attends most to %s (%.0f%%)", layer + 1, head + 1, qt, kt,
                   100.0 * w[best]);
        else
            result(v, d, 0, "the lesson says layer %d head %d, reading from %s, attends most to %s, but it attends "
                   "most to %s (%.0f%%)", layer + 1, head + 1, qt, a, kt, 100.0 * w[best]);
        return;
    }
    case LC_NEIGHBOUR: {
        embed_wait(&v->embed);
        int ids[100];
        float sc[100];
        int n = embed_neighbours(&v->embed, d->tok[1].id, d->i1, ids, sc);
        for (int i = 0; i < n; i++)
            if (ids[i] == d->tok[0].id) {
                result(v, d, 1, "%s is neighbour %d of %s (cosine similarity %.2f)", a, i + 1, b, (double)sc[i]);
                return;
            }
        result(v, d, 0, "the lesson says %s is among the %d nearest neighbours of %s, but it is not (cosine %.2f)",
               a, d->i1, b, v->embed.inv_norm ? (double)embed_cosine(&v->embed, d->tok[0].id, d->tok[1].id) : 0.0);
        return;
    }
    case LC_EVIDENCE: {
        if (!s->has_evidence) { result(v, d, 0, "this model folder has no evidence index (evidence.tsv)"); return; }
        Evidence ev;
        session_evidence(s, session_last_pos(s), &ev);
        if (!ev.valid) { result(v, d, 0, "the corpus never had this text"); return; }
        uint64_t c = evidence_count(&ev, d->tok[0].id);
        double share = ev.total ? (double)c / (double)ev.total : 0;
        double got = d->percent ? share : (double)c;
        int ok = got >= d->lo && got <= d->hi;
        if (d->percent)
            result(v, d, ok, "after \"%s\" the corpus had %s %llu of %llu times (%.1f%%), %s %g%% to %g%%", ev.context, a,
                   (unsigned long long)c, (unsigned long long)ev.total, 100.0 * share, ok ? "within" : "but the lesson says",
                   100.0 * d->lo, 100.0 * d->hi);
        else
            result(v, d, ok, "after \"%s\" the corpus had %s %llu of %llu times, %s %g to %g", ev.context, a,
                   (unsigned long long)c, (unsigned long long)ev.total, ok ? "within" : "but the lesson says", d->lo, d->hi);
        return;
    }
    case LC_SPLIT: {
        TokList list = {0};
        GbError err;
        if (tok_encode(tok, d->text, strlen(d->text), &list, &err)) { result(v, d, 0, "%s", err.msg); return; }
        char parts[300] = "";
        size_t at = 0;
        for (int i = 0; i < list.n && at + 40 < sizeof parts; i++) {
            char t[64];
            quote(t, sizeof t, tok, list.ids[i]);
            at += (size_t)snprintf(parts + at, sizeof parts - at, "%s%s", i ? " " : "", t);
        }
        int ok = list.n == d->i1;
        result(v, d, ok, "\"%s\" splits into %d token%s: %s%s", d->text, list.n, list.n == 1 ? "" : "s", parts,
               ok ? "" : " (the lesson says otherwise)");
        tok_list_free(&list);
        return;
    }
    case LC_PARAMETERS: {
        double n = (double)gpt_param_count(&s->model.config);
        if (n == d->num) result(v, d, 1, "the model has %.0f parameters", n);
        else result(v, d, 0, "the model has %.0f parameters, but the lesson says %.0f", n, d->num);
        return;
    }
    case LC_FILE_BYTES: {
        char path[GB_PATH_MAX];
        struct stat st;
        if (gb_path_join(path, sizeof path, s->dir, "model.safetensors") || stat(path, &st) != 0) {
            result(v, d, 0, "cannot find the model's model.safetensors");
            return;
        }
        int ok = (double)st.st_size == d->num;
        if (ok) result(v, d, 1, "model.safetensors is %lld bytes", (long long)st.st_size);
        else result(v, d, 0, "model.safetensors is %lld bytes, but the lesson says %.0f", (long long)st.st_size, d->num);
        return;
    }
    case LC_SHAPE: {
        GptTensor *t = malloc((size_t)GPT_MAX_TENSORS(&s->model.config) * sizeof *t);
        int n = t ? gpt_tensors(&s->model.w, &s->model.config, t) : 0, found = -1;
        for (int i = 0; i < n; i++) if (!strcmp(t[i].name, d->text)) found = i;
        if (found < 0) result(v, d, 0, "the model has no tensor called %s", d->text);
        else {
            const GptTensor *x = &t[found];
            int ok = x->ndim == (d->i2 ? 2 : 1) && x->shape[0] == d->i1 && (!d->i2 || x->shape[1] == d->i2);
            char shape[64];
            if (x->ndim == 2) snprintf(shape, sizeof shape, "%lld x %lld", (long long)x->shape[0], (long long)x->shape[1]);
            else snprintf(shape, sizeof shape, "%lld", (long long)x->shape[0]);
            result(v, d, ok, "%s is %s%s", d->text, shape, ok ? "" : ", not what the lesson says");
        }
        free(t);
        return;
    }
    case LC_LOSS_BELOW: case LC_LOSS_ABOVE: {
        if (!v->run.active) { result(v, d, 0, "no training run yet (hint: put a train or finetune line above)"); return; }
        float l = trainrun_recent_loss(&v->run);
        int ok = d->kind == LC_LOSS_BELOW ? l < d->lo : l > d->lo;
        result(v, d, ok, "the loss after %d steps is %.2f (it started at %.2f), %s %s %g", v->run.done, (double)l,
               (double)v->run.start_loss, ok ? "which is" : "but the lesson says it is", d->kind == LC_LOSS_BELOW ? "below" : "above", d->lo);
        return;
    }
    default: return;
    }
}

/* ----------------------------------------------------------------------------------------------
 * Running directives */

static void runtime_error(Viewer *v, const LessonDirective *d, const GbError *err)
{
    const char *m = err->msg;
    if (strncmp(m, "glassbox: ", 10) == 0) m += 10;
    result(v, d, 0, "%s", m);
}

static void set_settings(Viewer *v, const LessonDirective *d, SamplerSettings st)
{
    GbError err;
    if (session_set_settings(&v->session, st, &err)) runtime_error(v, d, &err);
}

static int refresh_prompt(Viewer *v, const LessonDirective *d)
{
    Session *s = &v->session;
    GbError err;
    /* a copy: the trace frees its prompt when it records the new one */
    char *prompt = malloc((size_t)s->trace.prompt_len + 1);
    if (!prompt) return -1;
    memcpy(prompt, s->trace.prompt, (size_t)s->trace.prompt_len + 1);
    int rc = session_set_prompt(s, prompt, (size_t)s->trace.prompt_len, &err);
    free(prompt);
    if (rc) {
        if (d) runtime_error(v, d, &err);
        return -1;
    }
    return 0;
}

static void restore_weights(Viewer *v)
{
    Player *p = &v->player;
    if (v->run.active && v->run.finetune) trainrun_free(&v->run);
    if (!p->weights_changed) return;
    memcpy(v->session.model.w.memory, p->saved_weights, gpt_param_count(&v->session.model.config) * sizeof(float));
    p->weights_changed = 0;
    refresh_prompt(v, NULL);
}

/* The right answer of an ask: given, or the token choice the model ranks highest. */
static void decide(Viewer *v, const LessonDirective *d)
{
    Player *p = &v->player;
    p->answer = d->answer;
    for (int i = 0; i < LESSON_MAX_CHOICES; i++) p->choice_p[i] = -1;
    const float *logits;
    if (!d->choices_are_tokens || distribution(v, &logits)) return;
    int best = -1;
    for (int i = 0; i < d->n_choices; i++) {
        int id = d->choice_tok[i].id;
        p->choice_p[i] = p->probs[id];
        if (best < 0 || logits[id] > logits[d->choice_tok[best].id]) best = i;
    }
    if (p->answer < 0) p->answer = best;
}

/* Run one directive. Returns 1 if it is a page (the player stops there), 2 if it started a
 * training run the next page must wait for, else 0. */
static int run_directive(Viewer *v, const LessonDirective *d)
{
    Session *s = &v->session;
    Player *p = &v->player;
    View *w = &v->view;
    SamplerSettings st = s->settings;
    GbError err;
    switch (d->op) {
    case LD_PROMPT:
        if (session_set_prompt(s, d->text, strlen(d->text), &err)) runtime_error(v, d, &err);
        w->selected = -1;
        break;
    case LD_TEMPERATURE: st.temperature = (float)d->num; set_settings(v, d, st); break;
    case LD_TOP_K: st.top_k = d->i1; set_settings(v, d, st); break;
    case LD_TOP_P: st.top_p = (float)d->num; set_settings(v, d, st); break;
    case LD_SEED: st.seed = (uint64_t)d->i1; set_settings(v, d, st); break;
    case LD_PANEL: p->panel = d->i1; break;
    case LD_EVIDENCE: w->evidence = d->i1; break;
    case LD_LOGITS: w->show_logits = d->i1; break;
    case LD_IDS: w->show_ids = d->i1; break;
    case LD_CODE:
        w->code = d->i1 >= 0;
        if (d->i1 >= 0) w->code_for = d->i1;
        w->code_scroll = 0;
        snprintf(w->code_tag, sizeof w->code_tag, "%s", d->text ? d->text : "");
        break;
    case LD_HIGHLIGHT:
        switch (d->kind) {
        case LH_NONE: w->hl_bar = w->hl_neighbour = -1; w->hl_head = 0; w->selected = -1; break;
        case LH_TOKEN:
            if (d->i1 > session_last_pos(s)) {
                result(v, d, 0, "highlight token %d: the strip has only %d tokens", d->i1 + 1, session_last_pos(s) + 1);
                break;
            }
            w->selected = d->i1;
            break;
        case LH_HEAD: w->layer = d->i1; w->head = d->i2; w->hl_head = 1; break;
        case LH_BAR: w->hl_bar = d->tok[0].id; break;
        case LH_NEIGHBOUR: w->hl_neighbour = d->tok[0].id; break;
        default: break;
        }
        break;
    case LD_STEP:
        for (int i = 0; i < d->i1; i++)
            if (session_next(s, &err)) { runtime_error(v, d, &err); break; }
        w->selected = -1;
        break;
    case LD_BACK:
        for (int i = 0; i < d->i1; i++) session_back(s);
        w->selected = -1;
        break;
    case LD_FORCE:
        if (session_force(s, d->tok[0].id, &err)) runtime_error(v, d, &err);
        w->selected = -1;
        break;
    case LD_CHECK: run_check(v, d); break;
    case LD_SAY: p->page = d; p->revealed = 1; p->answer = -1; return 1;
    case LD_ASK: p->page = d; p->revealed = 0; decide(v, d); return 1;
    case LD_RESTORE: restore_weights(v); break;
    case LD_TRAIN: {
        int idx = (int)(d - p->lesson.d);
        if (v->run.active && !v->run.finetune && v->run.directive == idx && trainrun_done(&v->run)) break;
        trainrun_free(&v->run);
        char path[GB_PATH_MAX];
        if (d->text[0] == '/') snprintf(path, sizeof path, "%s", d->text);
        else gb_path_join(path, sizeof path, p->lesson.dir, d->text);
        const GptConfig *c = &s->model.config;
        if (trainrun_scratch(&v->run, &s->tok, path, MINI_LAYERS, MINI_HEADS, MINI_WIDTH,
                             c->n_ctx < MINI_CONTEXT ? c->n_ctx : MINI_CONTEXT, d->i1, s->settings.seed, s->trace.prompt,
                             &err)) { runtime_error(v, d, &err); break; }
        v->run.directive = idx;
        return 2;
    }
    case LD_FINETUNE: {
        trainrun_free(&v->run);
        size_t bytes = gpt_param_count(&s->model.config) * sizeof(float);
        if (!p->saved_weights && !(p->saved_weights = malloc(bytes))) {
            result(v, d, 0, "out of memory for a copy of the weights");
            break;
        }
        if (!p->weights_changed) memcpy(p->saved_weights, s->model.w.memory, bytes);
        p->weights_changed = 1;
        if (trainrun_finetune(&v->run, &s->model, &s->tok, d->examples, d->n_examples, d->i1, s->settings.seed,
                              s->trace.prompt, &err)) { runtime_error(v, d, &err); break; }
        v->run.directive = (int)(d - p->lesson.d);
        return 2;
    }
    default: break;
    }
    return 0;
}

/* A training run finished: a fine-tuned model predicts its prompt again with its new weights. */
static void run_finished(Viewer *v)
{
    Player *p = &v->player;
    p->busy = 0;
    if (v->run.finetune) refresh_prompt(v, &p->lesson.d[v->run.directive]);
    if (p->log)
        fprintf(p->log, "  trained %d steps in %.1f s: loss %.2f -> %.2f\n", v->run.done, v->run.seconds,
                (double)v->run.start_loss, (double)trainrun_recent_loss(&v->run));
}

static void log_page(Viewer *v)
{
    Player *p = &v->player;
    if (!p->log || !p->page) return;
    const LessonDirective *d = p->page;
    fprintf(p->log, "page %d/%d (line %d) %s: %.70s%s\n", p->stop + 1, p->lesson.n_stops, d->line,
            d->op == LD_ASK ? (p->revealed ? "answer" : "ask") : "say", d->text, strlen(d->text) > 70 ? "..." : "");
    if (d->op == LD_ASK && p->revealed && p->answer >= 0)
        fprintf(p->log, "  answer: %c. %s\n", 'A' + p->answer, d->choices[p->answer]);
    if (v->view.code) { /* which code is on screen, from the sources built into the program */
        static CodeView cv;
        v->scene.trace = &v->session.trace;
        if (codeview_build(&v->scene, v->view.code_for, -1, &cv)) {
            fprintf(p->log, "  code view: %s\n", cv.title);
            return;
        }
        for (int k = 0; k < cv.n; k++)
            fprintf(p->log, "  code view: %s %s() lines %d-%d, %d tagged lines\n", cv.sec[k].file->name,
                    cv.sec[k].func, cv.sec[k].first, cv.sec[k].last, cv.sec[k].n_marks);
    }
}

/* Run directives until the next page. With wait = 0 a training run leaves the player busy (the
 * viewer advances it between frames); with wait = 1 it runs to the end here. */
static void run_to_page(Viewer *v, int wait)
{
    Player *p = &v->player;
    while (p->pc < p->lesson.n) {
        if (p->busy) {
            if (!wait) return;
            trainrun_finish(&v->run);
            run_finished(v);
        }
        const LessonDirective *d = &p->lesson.d[p->pc++];
        int r = run_directive(v, d);
        if (r == 1) {
            p->stop++;
            v->view.quiz = d->op == LD_ASK;
            log_page(v);
            return;
        }
        if (r == 2) p->busy = 1;
    }
    if (p->busy && wait) {
        trainrun_finish(&v->run);
        run_finished(v);
    }
}

static void clear_page(Viewer *v)
{
    Player *p = &v->player;
    p->n_results = 0;
    v->view.quiz = 0;
}

/* The state a lesson starts from: the default prompt and settings, nothing highlighted. */
static void reset_state(Viewer *v)
{
    Player *p = &v->player;
    View *w = &v->view;
    restore_weights(v);
    p->stop = -1;
    p->pc = 0;
    p->page = NULL;
    p->busy = 0;
    p->panel = LESSON_PANEL_ALL;
    p->answer = -1;
    p->passed = p->failed = 0;
    clear_page(v);
    w->selected = -1;
    w->layer = w->head = 0;
    w->hl_bar = w->hl_neighbour = -1;
    w->hl_head = 0;
    w->evidence = 0;
    w->show_logits = 0;
    w->show_ids = 0;
    w->code = 0;
    w->code_scroll = 0;
    w->anim_step = -1;
    w->editing = 0;
    Session *s = &v->session;
    GbError err;
    session_set_settings(s, sampler_defaults(), &err);
    session_set_prompt(s, DEFAULT_PROMPT, strlen(DEFAULT_PROMPT), &err);
}

int player_start(Viewer *v, const char *path, GbError *err)
{
    Player *p = &v->player;
    if (!v->session.loaded)
        return gb_fail(err, path, "no model to play the lesson on (hint: the lesson needs the classroom model)");
    Lesson L;
    if (lesson_load(&L, path, err)) return -1;
    if (lesson_bind(&L, &v->session.tok, &v->session.model.config, err)) { lesson_free(&L); return -1; }
    if (p->active) player_leave(v);
    FILE *log = p->log;
    float *saved = p->saved_weights;
    memset(p, 0, sizeof *p);
    p->log = log;
    p->saved_weights = saved;
    int V = v->session.model.config.vocab_size;
    p->probs = malloc((size_t)V * sizeof *p->probs);
    p->cut = malloc((size_t)V);
    p->order = malloc((size_t)V * sizeof *p->order);
    if (!p->probs || !p->cut || !p->order) {
        lesson_free(&L);
        free(p->probs); free(p->cut); free(p->order);
        p->probs = NULL; p->cut = NULL; p->order = NULL;
        return gb_fail(err, path, "out of memory");
    }
    p->lesson = L;
    p->active = 1;
    const Trace *t = &v->session.trace;
    snprintf(p->saved_prompt, sizeof p->saved_prompt, "%.*s", t->prompt_len < 2047 ? t->prompt_len : 2047, t->prompt);
    if (p->log) fprintf(p->log, "lesson %s: %s (%d pages, %d questions, %d checks)\n", path, L.title, L.n_stops, L.n_asks,
                        L.n_checks);
    reset_state(v);
    run_to_page(v, 0);
    v->menu.open = 0;
    v->dirty = 1;
    return 0;
}

void player_next(Viewer *v)
{
    Player *p = &v->player;
    if (!p->active) return;
    v->dirty = 1;
    if (p->busy) {   /* Next while training: skip to its end */
        trainrun_finish(&v->run);
        run_finished(v);
        run_to_page(v, 0);
        return;
    }
    if (p->stop >= p->lesson.n_stops - 1 && !(p->page && p->page->op == LD_ASK && !p->revealed)) {
        if (p->pc < p->lesson.n) {   /* lines after the last page (a last check, a restore) */
            clear_page(v);
            run_to_page(v, 1);
        }
        return;
    }
    if (p->page && p->page->op == LD_ASK && !p->revealed) {
        p->revealed = 1;
        p->stop++;
        v->view.quiz = 0;
        decide(v, p->page);
        log_page(v);
        return;
    }
    clear_page(v);
    run_to_page(v, 0);
}

int player_goto(Viewer *v, int stop)
{
    Player *p = &v->player;
    if (!p->active) return -1;
    if (stop < 0) stop = 0;
    if (stop >= p->lesson.n_stops) stop = p->lesson.n_stops - 1;
    FILE *log = p->log;
    p->log = NULL;      /* a replay is not news */
    reset_state(v);
    while (p->stop < stop) {
        int before = p->stop;
        if (p->page && p->page->op == LD_ASK && !p->revealed) {
            p->revealed = 1;
            p->stop++;
            v->view.quiz = 0;
            decide(v, p->page);
        } else {
            clear_page(v);
            run_to_page(v, 1);
        }
        if (p->stop == before) break;
    }
    p->log = log;
    v->dirty = 1;
    return 0;
}

void player_back(Viewer *v)
{
    Player *p = &v->player;
    if (!p->active || p->stop <= 0) return;
    if (p->busy) { trainrun_finish(&v->run); run_finished(v); }
    player_goto(v, p->stop - 1);
}

void player_update(Viewer *v, double budget)
{
    Player *p = &v->player;
    if (!p->active || !p->busy) return;
    v->dirty = 1;
    if (!trainrun_advance(&v->run, budget)) return;
    run_finished(v);
    run_to_page(v, 0);
}

void player_leave(Viewer *v)
{
    Player *p = &v->player;
    if (!p->active) return;
    if (p->busy) { trainrun_finish(&v->run); run_finished(v); }
    int changed = p->weights_changed;
    restore_weights(v);
    trainrun_free(&v->run);
    lesson_free(&p->lesson);
    free(p->probs); free(p->cut); free(p->order);
    p->probs = NULL; p->cut = NULL; p->order = NULL;
    p->active = 0;
    p->page = NULL;
    v->view.quiz = 0;
    v->view.hl_bar = v->view.hl_neighbour = -1;
    v->view.hl_head = 0;
    v->dirty = 1;
    (void)changed;
}

void player_free(Viewer *v)
{
    player_leave(v);
    free(v->player.saved_weights);
    v->player.saved_weights = NULL;
    trainrun_free(&v->run);
    menu_free(v);
}

/* ----------------------------------------------------------------------------------------------
 * The menu */

static int by_path(const void *a, const void *b)
{
    return strcmp(((const MenuEntry *)a)->path, ((const MenuEntry *)b)->path);
}

void menu_free(Viewer *v)
{
    free(v->menu.e);
    v->menu.e = NULL;
    v->menu.n = 0;
}

void menu_scan(Viewer *v)
{
    LessonMenu *m = &v->menu;
    menu_free(v);
    m->problem[0] = 0;
    const char *env = getenv("GLASSBOX_LESSONS");
    if (env && *env) snprintf(m->dir, sizeof m->dir, "%s", env);
    else {
        char dir[GB_PATH_MAX];
        snprintf(dir, sizeof dir, "%s/../lessons", v->assets);
        char *real = realpath(dir, NULL);
        snprintf(m->dir, sizeof m->dir, "%.1000s", real ? real : dir);
        free(real);
    }
    DIR *d = opendir(m->dir);
    if (!d) {
        snprintf(m->problem, sizeof m->problem, "%.500s: no lessons folder (hint: set GLASSBOX_LESSONS)", m->dir);
        return;
    }
    int cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (n < 8 || strcmp(e->d_name + n - 7, ".lesson") != 0 || e->d_name[0] == '.') continue;
        if (m->n == cap) {
            cap = cap ? cap * 2 : 16;
            MenuEntry *ne = realloc(m->e, (size_t)cap * sizeof *ne);
            if (!ne) break;
            m->e = ne;
        }
        MenuEntry *me = &m->e[m->n++];
        memset(me, 0, sizeof *me);
        snprintf(me->path, sizeof me->path, "%.700s/%.250s", m->dir, e->d_name);
    }
    closedir(d);
    if (m->n) qsort(m->e, (size_t)m->n, sizeof *m->e, by_path);
    for (int i = 0; i < m->n; i++) {
        MenuEntry *me = &m->e[i];
        Lesson L;
        GbError err;
        if (lesson_load(&L, me->path, &err) == 0) {
            snprintf(me->title, sizeof me->title, "%s", L.title);
            snprintf(me->summary, sizeof me->summary, "%s", L.summary);
            if (v->session.loaded && lesson_bind(&L, &v->session.tok, &v->session.model.config, &err))
                snprintf(me->problem, sizeof me->problem, "%.590s", strncmp(err.msg, "glassbox: ", 10) ? err.msg : err.msg + 10);
            lesson_free(&L);
        } else {
            const char *slash = strrchr(me->path, '/');
            snprintf(me->title, sizeof me->title, "%.150s", slash ? slash + 1 : me->path);
            snprintf(me->problem, sizeof me->problem, "%.590s", strncmp(err.msg, "glassbox: ", 10) ? err.msg : err.msg + 10);
        }
    }
    if (!m->n) snprintf(m->problem, sizeof m->problem, "%.500s: no .lesson files here", m->dir);
    if (m->sel >= m->n) m->sel = 0;
}
