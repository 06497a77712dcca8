/* test_viz_code.c — the code view (C): the code behind each picture, kept in sync by the hooks.
 *
 *   embedded   the sources built into the program are ref/'s files, byte for byte
 *   sites      every event kind records the function and line that raised it, and that line of
 *              the embedded source raises that kind (GPT_EVENT(GPT_EV_<KIND>, ...)) inside that
 *              function; the functions are the ones the view expects
 *   tags       every tagged line a picture explains is in its function exactly once and holds
 *              the code the tag names (so moving or editing ref/ cannot break the map silently)
 *   values     the live values equal the trace's numbers: attention score and weight, the scale,
 *              the bars' probability, the draw's uniform number and the running total around it
 *   viewer     C opens the view beside the attention heatmap, Tab moves to the next picture, the
 *              wheel scrolls, C closes; the `code` lesson directive and its errors
 */
#define _POSIX_C_SOURCE 200809L
#include "check.h"
#include "codeview.h"
#include "viz_options.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MODEL "assets/models/classroom"

/* ---------------------------------------------------------------------------------------------- */

static void test_embedded(void)
{
    CHECK(source_file_count >= 20, "the sources of ref/ are built in (%d files)", source_file_count);
    for (int i = 0; i < source_file_count; i++) {
        const SourceFile *f = &source_files[i];
        size_t len;
        GbError err;
        char *disk = gb_read_file(f->name, 1 << 24, &len, &err);
        CHECK(disk != NULL, "%s is readable from the source tree", f->name);
        if (!disk) continue;
        size_t at = 0;
        int same = 1;
        for (int n = 0; n < f->n_lines && same; n++) {
            size_t l = strlen(f->lines[n]);
            same = at + l <= len && memcmp(disk + at, f->lines[n], l) == 0 &&
                   (at + l == len || disk[at + l] == '\n');
            at += l + 1;
        }
        CHECK(same && (at == len || at == len + 1), "%s built in byte for byte (%d lines)", f->name, f->n_lines);
        free(disk);
    }
    CHECK(source_find("gpt.c") == source_find("ref/gpt.c") && source_find("gpt.c"), "a file is found by its name");
    CHECK(source_find("nothere.c") == NULL, "an unknown file is not found");
    char tag[64];
    CHECK(source_tag("    x = 1;   /* @score */", tag, sizeof tag) == 0 && !strcmp(tag, "score"), "a tag is read");
    CHECK(source_tag("    x = 1;   /* why: q @ k */", tag, sizeof tag) == -1, "a spaced @ is not a tag");
    CHECK(source_tag("    x = 1;", tag, sizeof tag) == -1, "a line without a comment has no tag");
}

/* ---------------------------------------------------------------------------------------------- */

static GbSite sites[GPT_EV_COUNT];
static int seen[GPT_EV_COUNT];

static void record_site(const GptEvent *ev, void *user)
{
    (void)user;
    sites[ev->kind] = ev->site;
    seen[ev->kind]++;
}

static void test_sites(void)
{
    static const char *const want_func[GPT_EV_COUNT] = {"begin", "gpt_forward", "attention", "gpt_forward",
                                                       "gpt_forward", "gen_predict", "gen_step"};
    static const char *const kind_code[GPT_EV_COUNT] = {"GPT_EV_TOKENS", "GPT_EV_EMBED", "GPT_EV_ATTN",
                                                       "GPT_EV_RESID", "GPT_EV_LOGITS", "GPT_EV_PROBS", "GPT_EV_SAMPLE"};
    GptModel m;
    Tokenizer tok;
    Generator g;
    GbError err;
    int ok = gpt_load(&m, MODEL, &err) == 0;
    CHECK(ok, "load %s: %s", MODEL, ok ? "" : err.msg);
    if (!ok) return;
    ok = tok_load(&tok, MODEL, &err) == 0 && gen_init(&g, &m, &tok, sampler_defaults(), &err) == 0;
    CHECK(ok, "tokenizer and generator");
    if (!ok) { gpt_free(&m); return; }
    gpt_sethook(&m, record_site, GPT_MASK_ALL, NULL);
    const char *prompt = "The Eiffel Tower is located in";
    int id = 0;
    ok = gen_start(&g, prompt, strlen(prompt), "prompt", &err) == 0 && gen_step(&g, -1, &id, &err) == 0;
    CHECK(ok, "generate one token");
    for (int k = 0; k < GPT_EV_COUNT; k++) {
        const GbSite *s = &sites[k];
        CHECK(seen[k] > 0 && s->file && s->func, "%s: raised, with a site", trace_kind_name(k));
        if (!s->file) continue;
        const SourceFile *f = source_find(s->file);
        CHECK(f != NULL, "%s: its file %s is built in", trace_kind_name(k), s->file);
        const char *line = source_line(f, s->line);
        CHECK(line && strstr(line, kind_code[k]) && strstr(line, "GPT_EVENT("),
              "%s: %s line %d raises it: '%s'", trace_kind_name(k), s->file, s->line, line ? line : "(no such line)");
        char name[64];
        int first, last;
        CHECK(source_function_at(f, s->line, name, sizeof name, &first, &last) == 0 && !strcmp(name, s->func),
              "%s: line %d is inside %s() (%s)", trace_kind_name(k), s->line, s->func, name);
        CHECK(!strcmp(s->func, want_func[k]), "%s: raised in %s(), where the view expects it (%s)",
              trace_kind_name(k), want_func[k], s->func);
    }
    /* A forced token is raised at the same place, and ids-only prompts too. */
    memset(seen, 0, sizeof seen);
    GbSite before = sites[GPT_EV_SAMPLE];
    ok = gen_step(&g, id, &id, &err) == 0;
    CHECK(ok && seen[GPT_EV_SAMPLE] == 1 && sites[GPT_EV_SAMPLE].line == before.line, "a forced token's site");
    gen_free(&g);
    tok_free(&tok);
    gpt_free(&m);
}

/* ---------------------------------------------------------------------------------------------- */

static const char *const tag_code[][2] = {
    {"one symbol per byte", "byte_token[piece[i]]"}, {"lowest rank", "heap_pop(s)"},
    {"merge", "t->merges[c.rank].result"}, {"scale", "1.0f / sqrtf((float)HS)"}, {"mask", "t <= pos"},
    {"score", "gb_dot(q, k_cache"}, {"softmax", "softmax(weights, pos + 1)"}, {"weighted sum", "weights[t] * v[i]"},
    {"temperature", "/ s->temperature"}, {"top-k", "GPT_CUT_TOP_K"}, {"top-p", "GPT_CUT_TOP_P"},
    {"renormalise", "probs[i] / left"}, {"uniform number", "rng_uniform(rng)"}, {"running total", "cdf += probs[i]"},
    {"lands here", "u < cdf"}, {"token row", "w->wte + (size_t)token"}, {"position row", "w->wpe + (size_t)pos"},
    {"sum", "token_vec[i] + pos_vec[i]"}, {"attention adds", "s->x[i] += s->proj[i]"},
    {"MLP adds", "s->x[i] += s->proj[i]"}, {"final LayerNorm", "w->ln_f_w"}, {"LM head", "s->logits[v] = gb_dot"},
};

static const char *code_for_tag(const char *func, const char *tag)
{
    if (!strcmp(tag, "softmax") && !strcmp(func, "sampler_distribution")) return "probs[i] / sum";
    for (size_t i = 0; i < sizeof tag_code / sizeof tag_code[0]; i++)
        if (!strcmp(tag_code[i][0], tag)) return tag_code[i][1];
    return NULL;
}

static void test_tags(void)
{
    /* The functions a picture shows when its event names none: where the trace says it was raised. */
    static const char *const raised_in[GPT_EV_COUNT][2] = {
        {"generate.c", "begin"}, {"gpt.c", "gpt_forward"}, {"gpt.c", "attention"}, {"gpt.c", "gpt_forward"},
        {"gpt.c", "gpt_forward"}, {"generate.c", "gen_predict"}, {"generate.c", "gen_step"}};
    int total = 0;
    for (int i = 0; i < code_spec_count; i++) {
        const CodeSpec *sp = &code_specs[i];
        const char *file = sp->file ? sp->file : raised_in[sp->kind][0];
        const char *func = sp->func ? sp->func : raised_in[sp->kind][1];
        const SourceFile *f = source_find(file);
        int first = 0, last = -1;
        CHECK(f && source_function(f, func, &first, &last) == 0, "picture %d: %s() is in %s", sp->picture, func, file);
        for (int k = 0; sp->tags[k]; k++) {
            int found = 0, where = 0;
            char tag[64];
            for (int n = first; n <= last; n++)
                if (source_tag(f->lines[n - 1], tag, sizeof tag) == 0 && !strcmp(tag, sp->tags[k])) { found++; where = n; }
            const char *code = code_for_tag(func, sp->tags[k]);
            CHECK(found == 1, "%s(): the tag @%s is there once (%d)", func, sp->tags[k], found);
            CHECK(code && where && strstr(f->lines[where - 1], code), "%s(): line %d tagged @%s holds '%s'", func, where,
                  sp->tags[k], code ? code : "?");
            total++;
        }
    }
    CHECK(total >= 20, "%d tagged lines checked", total);
}

/* ---------------------------------------------------------------------------------------------- */

static const CodeMark *find_mark(const CodeView *cv, const char *tag, int sec)
{
    for (int i = 0; i < cv->sec[sec].n_marks; i++)
        if (!strcmp(cv->sec[sec].marks[i].tag, tag)) return &cv->sec[sec].marks[i];
    return NULL;
}

/* The mark's value is the trace's number, and its text shows it. */
static void value_is(const CodeView *cv, int sec, const char *tag, double want, const char *fmt)
{
    const CodeMark *m = find_mark(cv, tag, sec);
    CHECK(m && m->has_value && m->value == want, "@%s: %.6f, the trace's %.6f", tag, m ? m->value : NAN, want);
    char shown[64];
    snprintf(shown, sizeof shown, fmt, want);
    CHECK(m && strstr(m->text, shown), "@%s says %s: '%s'", tag, shown, m ? m->text : "");
}

static void test_values(void)
{
    ViewerOptions o = viz_test_options(MODEL);
    o.prompt = "The cat sat on the";
    o.steps = 3;
    o.sampling.temperature = 0.8f;
    o.sampling.top_k = 5;
    Viewer *v = calloc(1, sizeof *v);
    GbError err;
    int ok = viewer_open(v, &o, &err) == 0 && v->session.loaded;
    CHECK(ok, "open the viewer on %s", MODEL);
    if (!ok) { viewer_close(v); free(v); return; }
    frame(v);
    const Trace *t = &v->session.trace;
    const Scene *s = &v->scene;
    CodeView cv;

    /* Attention: the focus row, the layer and head on screen, the key it weighs most. */
    press(v, "Down .");
    CHECK(codeview_build(s, PANEL_ATTENTION, -1, &cv) == 0 && cv.n == 1 && !strcmp(cv.sec[0].func, "attention"),
          "attention: one section, attention()");
    CHECK(cv.sec[0].site_inside && cv.sec[0].site.line > cv.sec[0].first, "attention: the ATTN site is inside it");
    int q = s->focus, L = v->view.layer, H = v->view.head;
    const float *sc = trace_attn_scores(t, q, L, H), *wt = trace_attn_weights(t, q, L, H);
    int k = 0;
    for (int i = 1; i <= q; i++) if (wt[i] > wt[k]) k = i;
    int HS = t->config.n_embd / t->config.n_head;
    value_is(&cv, 0, "scale", 1.0f / sqrtf((float)HS), "%.4f");
    value_is(&cv, 0, "score", sc[k], "%.3f");
    value_is(&cv, 0, "softmax", wt[k], "%.3f");
    value_is(&cv, 0, "mask", q + 1, "%.0f");

    /* The bars: the next token's distribution; values for the top bar, then a hovered one. */
    CHECK(codeview_build(s, PANEL_PROBS, -1, &cv) == 0 && cv.n == 2, "bars: two sections");
    const Bars *b = s->bars;
    const float *logits = t->pos[b->pos].logits;
    int V = t->config.vocab_size;
    float *p = malloc((size_t)V * sizeof *p);
    uint8_t *cut = malloc((size_t)V);
    int *order = malloc((size_t)V * sizeof *order);
    sampler_distribution(&v->session.settings, logits, V, p, cut, order);
    value_is(&cv, 0, "renormalise", p[b->ids[0]], "%.3f");
    float max = logits[0];
    for (int i = 1; i < V; i++) if (logits[i] > max) max = logits[i];
    int other = b->ids[2];
    CHECK(codeview_build(s, PANEL_PROBS, other, &cv) == 0, "bars, hovering the third bar");
    value_is(&cv, 0, "temperature", (double)((logits[other] - max) / 0.8f), "%.3f");
    value_is(&cv, 0, "renormalise", p[other], "%.3f");
    const CodeMark *mk = find_mark(&cv, "top-k", 0);
    CHECK(mk && strstr(mk->text, "k = 5") && strstr(mk->text, "kept"), "top-k: '%s'", mk ? mk->text : "");

    /* Step back: the bars show a step that was drawn; u and the running total are the trace's. */
    press(v, "Left");
    CHECK(codeview_build(s, PANEL_PROBS, -1, &cv) == 0, "bars of a drawn step");
    const TraceStep *ts = &t->steps[s->bars->step];
    CHECK(ts->u >= 0.0f && ts->u < 1.0f, "the trace kept the draw's number (%.4f)", (double)ts->u);
    value_is(&cv, 1, "uniform number", ts->u, "%.4f");
    double before = 0.0;
    for (int i = 0; i < ts->id; i++) before += ts->probs[i];
    double after = before + ts->probs[ts->id];
    mk = find_mark(&cv, "running total", 1);
    CHECK(mk && fabs(mk->value - after) < 1e-6, "running total %.6f = the sum up to the chosen token %.6f",
          mk ? mk->value : NAN, after);
    CHECK((double)ts->u >= before - 1e-6 && (double)ts->u < after + 1e-6,
          "u %.4f lands inside the chosen token's slice [%.4f, %.4f)", (double)ts->u, before, after);
    value_is(&cv, 1, "lands here", ts->id, "%.0f");

    /* Tokens, neighbours, lens: the selected token. */
    press(v, "Home");
    CHECK(codeview_build(s, PANEL_NEIGHBOURS, -1, &cv) == 0, "neighbours");
    const TracePos *fp = &t->pos[s->focus];
    int C = t->config.n_embd;
    value_is(&cv, 0, "token row", fp->embed[0], "%.3f");
    value_is(&cv, 0, "position row", fp->embed[C], "%.3f");
    value_is(&cv, 0, "sum", fp->embed[2 * C], "%.3f");
    CHECK(codeview_build(s, PANEL_LENS, -1, &cv) == 0, "lens");
    value_is(&cv, 0, "LM head", fp->logits[sampler_argmax(fp->logits, V)], "%.3f");
    v->view.selected = 4;   /* " the": a prompt token made by a merge */
    frame(v);
    CHECK(codeview_build(s, PANEL_TOKENS, -1, &cv) == 0 && !strcmp(cv.sec[0].func, "bpe_piece"), "tokens: bpe_piece()");
    int id = t->pos[4].id, rank = -1;
    for (int r = 0; r < v->session.tok.n_merges; r++) if (v->session.tok.merges[r].result == id) { rank = r; break; }
    CHECK(rank >= 0, "' the' is made by a merge");
    value_is(&cv, 0, "lowest rank", rank, "%.0f");
    value_is(&cv, 0, "merge", id, "%.0f");

    /* The viewer: C, Tab, the wheel, C. */
    v->view.selected = -1;
    press(v, "C");
    CHECK(v->view.code && v->view.code_for == PANEL_ATTENTION, "C opens the code view on the attention heatmap");
    const Hit *h = NULL;
    for (int i = 0; i < v->ui.n_hits; i++) if (v->ui.hits[i].kind == HIT_CODE) h = &v->ui.hits[i];
    CHECK(h != NULL, "the code panel is on screen");
    press(v, "Tab");
    CHECK(v->view.code_for == PANEL_PROBS, "Tab: the bars' code");
    if (h) {
        SDL_Event e;
        memset(&e, 0, sizeof e);
        e.type = SDL_MOUSEMOTION;
        e.motion.x = h->r.x + h->r.w / 2;
        e.motion.y = h->r.y + h->r.h / 2;
        viewer_handle_event(v, &e);
        frame(v);
        memset(&e, 0, sizeof e);
        e.type = SDL_MOUSEWHEEL;
        e.wheel.y = -2;
        viewer_handle_event(v, &e);
        CHECK(v->view.code_scroll == 6, "the wheel scrolls the code (%d rows)", v->view.code_scroll);
    }
    press(v, "Tab Tab Tab Tab");
    CHECK(v->view.code_for == PANEL_ATTENTION && v->view.code_scroll == 0, "Tab goes round the five pictures");
    press(v, "C");
    CHECK(!v->view.code, "C closes it");
    free(p);
    free(cut);
    free(order);
    viewer_close(v);
    free(v);
}

static void test_lesson_directive(void)
{
    const char *good = "title T\nsummary S\nprompt The cat\ncode attention softmax\nsay look\ncode probs\nsay more\ncode off\nsay done\n";
    Lesson L;
    GbError err;
    int ok = lesson_parse(&L, "t.lesson", good, strlen(good), &err) == 0;
    CHECK(ok, "code directives parse: %s", ok ? "" : err.msg);
    if (ok) {
        int n = 0;
        for (int i = 0; i < L.n; i++)
            if (L.d[i].op == LD_CODE) {
                n++;
                if (n == 1) CHECK(L.d[i].i1 == PANEL_ATTENTION && !strcmp(L.d[i].text, "softmax"), "code attention softmax");
                if (n == 3) CHECK(L.d[i].i1 == -1, "code off");
            }
        CHECK(n == 3, "three code directives");
        lesson_free(&L);
    }
    const char *bad1 = "title T\nsummary S\nprompt The cat\ncode heatmap\nsay x\n";
    CHECK(lesson_parse(&L, "t.lesson", bad1, strlen(bad1), &err) == -1 && strstr(err.msg, "t.lesson:4:") &&
          strstr(err.msg, "'code' expects"), "an unknown picture is refused: %s", err.msg);
    const char *bad2 = "title T\nsummary S\nprompt The cat\ncode attention softmaxx\nsay x\n";
    CHECK(lesson_parse(&L, "t.lesson", bad2, strlen(bad2), &err) == -1 && strstr(err.msg, "no line tagged 'softmaxx'"),
          "an unknown tag is refused: %s", err.msg);
}

int main(void)
{
    test_embedded();
    test_sites();
    test_tags();
    test_values();
    test_lesson_directive();
    return check_report("test_viz_code");
}
