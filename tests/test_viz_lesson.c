/* test_viz_lesson.c — lesson files and the lesson player.
 *
 *   parser     directives, continuation lines, quoted tokens, pages; every malformed input gives
 *              "<file>:<line>: <reason>": unknown directive, bad numbers, missing prompt, a token
 *              the vocabulary lacks, a layer the model lacks, 10 MB, binary junk, invalid UTF-8
 *   player     on the classroom model, headless: pages in order, a question hides the bars and
 *              the lens until the reveal, Back gives exactly the page before, checks that hold
 *              and checks that fail, leaving keeps the lesson's tokens, fine-tuning changes the
 *              weights and leaving puts them back, the menu (L) lists lessons and a broken one
 *              leaves the viewer usable, the corpus evidence (E)
 */
#define _POSIX_C_SOURCE 200809L
#include "check.h"
#include "viewer.h"
#include "viz_options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MODEL "assets/models/classroom"

static char tmp[256];

static int parse(Lesson *L, const char *text, GbError *err)
{
    return lesson_parse(L, "t.lesson", text, strlen(text), err);
}

/* The text must fail to parse with a message containing `want`. */
static void bad(const char *text, const char *want)
{
    Lesson L;
    GbError err = {{0}};
    int rc = parse(&L, text, &err);
    CHECK(rc == -1, "rejected: %.60s", text);
    CHECK(strstr(err.msg, want) != NULL, "message for %.40s...: want '%s', got '%s'", text, want, err.msg);
    if (rc == 0) lesson_free(&L);
}

static void test_parser(void)
{
    const char *good =
        "# a comment\n"
        "title Hello\n"
        "summary A first lesson\n"
        "  in two lines.\n"
        "prompt The cat sat on the\n"
        "temperature 0.5\n"
        "top-k 5\n"
        "top-p 90%\n"
        "seed 3\n"
        "panel probs\n"
        "highlight head 2 3\n"
        "say The model *guesses*\n"
        "\tthe next word.\n"
        "\n"
        "ask Which one?\n"
        "choice \" mat\"\n"
        "choice \" rug\"\n"
        "check probability \" mat\" 10% 90%\n"
        "check above \" mat\" \" rug\"\n"
        "check neighbour \" dog\" \" cat\" 10\n"
        "check split \"a \\\"quoted\\\" word\" 5\n"
        "ask What do you think?\n"
        "choice A guess\n"
        "choice Another guess\n"
        "answer B\n"
        "step 2\n"
        "force \"\\n\"\n"
        "say Done.\r\n";
    Lesson L;
    GbError err;
    int rc = parse(&L, good, &err);
    CHECK(rc == 0, "parse a good lesson: %s", err.msg);
    if (rc) return;
    CHECK(!strcmp(L.title, "Hello") && !strcmp(L.summary, "A first lesson in two lines."), "title and summary (%s)", L.summary);
    CHECK(L.n_stops == 6 && L.n_asks == 2 && L.n_checks == 4, "6 pages, 2 asks, 4 checks (%d %d %d)", L.n_stops, L.n_asks, L.n_checks);
    int say = -1, ask = -1, force = -1, split = -1, ask2 = -1, hl = -1, topp = -1;
    for (int i = 0; i < L.n; i++) {
        const LessonDirective *d = &L.d[i];
        if (d->op == LD_SAY && say < 0) say = i;
        if (d->op == LD_ASK) { if (ask < 0) ask = i; else ask2 = i; }
        if (d->op == LD_FORCE) force = i;
        if (d->op == LD_CHECK && d->kind == LC_SPLIT) split = i;
        if (d->op == LD_HIGHLIGHT) hl = i;
        if (d->op == LD_TOP_P) topp = i;
    }
    CHECK(say >= 0 && !strcmp(L.d[say].text, "The model *guesses* the next word."), "say joins its lines: '%s'", say >= 0 ? L.d[say].text : "");
    CHECK(say >= 0 && L.d[say].line == 12, "say is on line 12 (%d)", say >= 0 ? L.d[say].line : -1);
    CHECK(ask >= 0 && L.d[ask].n_choices == 2 && L.d[ask].choices_are_tokens && L.d[ask].answer == -1 &&
          L.d[ask].choice_tok[1].len == 4 && !memcmp(L.d[ask].choice_tok[1].text, " rug", 4), "token choices");
    CHECK(ask2 >= 0 && !L.d[ask2].choices_are_tokens && L.d[ask2].answer == 1 && !strcmp(L.d[ask2].choices[1], "Another guess"),
          "plain choices with an answer");
    CHECK(force >= 0 && L.d[force].tok[0].len == 1 && L.d[force].tok[0].text[0] == '\n', "escapes in tokens");
    CHECK(split >= 0 && !strcmp(L.d[split].text, "a \"quoted\" word") && L.d[split].i1 == 5, "split check");
    CHECK(hl >= 0 && L.d[hl].kind == LH_HEAD && L.d[hl].i1 == 1 && L.d[hl].i2 == 2, "heads are written 1-based");
    CHECK(topp >= 0 && L.d[topp].num > 0.899 && L.d[topp].num < 0.901, "top-p 90%% is 0.9");
    lesson_free(&L);

    bad("title t\nsummary s\nsay hi\njump 3\n", "t.lesson:4: unknown directive 'jump'");
    bad("title t\nsummary s\ntemperature hot\nsay hi\n", "t.lesson:3: the temperature: expected a number, got 'hot'");
    bad("title t\nsummary s\ntemperature 9\nsay hi\n", "t.lesson:3: the temperature: 9 is outside 0..5");
    bad("title t\nsummary s\nstep 2.5\nsay hi\n", "t.lesson:3: how many tokens to sample: expected a whole number");
    bad("title t\nsummary s\nsay hi\nstep 3\n", "t.lesson:4: 'step' needs a prompt first");
    bad("title t\nsummary s\ncheck top \" Paris\"\nsay hi\n", "t.lesson:3: 'check' needs a prompt first");
    bad("title t\nsummary s\nprompt x\ncheck top Paris\nsay hi\n", "t.lesson:4: expected the token in double quotes");
    bad("title t\nsummary s\nprompt x\ncheck top \" Paris\nsay hi\n", "t.lesson:4: the token: the closing \" is missing");
    bad("title t\nsummary s\nprompt x\ncheck probability \" a\" 50% 10%\nsay hi\n", "t.lesson:4: the range goes from 0.5 down to 0.1");
    bad("title t\nsummary s\nprompt x\ncheck probability \" a\" 10% 0.5\nsay hi\n", "t.lesson:4: write both ends of the range in percent");
    bad("title t\nsummary s\nprompt x\ncheck wobbles \" a\"\nsay hi\n", "t.lesson:4: unknown check 'wobbles'");
    bad("title t\nsummary s\nprompt x\nstep 1 2\nsay hi\n", "t.lesson:4: 'step': unexpected '2'");
    bad("title t\nsummary s\nprompt x\n  indented\nsay hi\n", "t.lesson:4: an indented line must continue");
    bad("title t\nsummary s\nchoice \" a\"\nsay hi\n", "t.lesson:3: 'choice' must follow an 'ask'");
    bad("title t\nsummary s\nask Q?\nchoice a\nchoice b\nanswer C\n", "t.lesson:6: 'answer' expects the letter of a choice, A to B");
    bad("title t\nsummary s\nask Q?\nchoice a\n", "t.lesson:3: an ask needs two or more choices");
    bad("title t\nsummary s\nask Q?\nchoice a\nchoice b\nsay x\n", "t.lesson:3: this ask's choices are plain text, so it needs an 'answer'");
    bad("title t\nsummary s\nprompt x\ncheck logit \" a\" 5 -5\nsay x\n", "t.lesson:4: the range goes from 5 down to -5");
    bad("title t\nsummary s\nlogits maybe\nsay x\n", "t.lesson:3: 'logits' expects on or off");
    bad("title t\nsummary s\ncheck shape wte.weight 0\nsay x\n", "t.lesson:3: the first dimension: 0 is outside");
    bad("title t\nsummary s\ncheck shape\nsay x\n", "t.lesson:3: 'check shape' needs a tensor name");
    bad("title t\nsummary s\ncheck parameters many\nsay x\n", "t.lesson:3: the number of parameters: expected a number");
    bad("title t\nsummary s\nask Q?\nchoice \" a\"\nchoice b\n", "t.lesson:5: mix of quoted tokens and plain text");
    bad("title t\nsummary s\nprompt x\nfinetune 5\nsay hi\n", "t.lesson:4: 'finetune' needs at least one 'example'");
    bad("title t\nsummary s\nprompt x\ntrain 50\nsay hi\n", "t.lesson:4: 'train' needs a text file");
    bad("title t\nsummary s\npanel everything\nsay hi\n", "t.lesson:3: 'panel' expects all, tokens");
    bad("title t\nsummary s\ntitle u\nsay hi\n", "t.lesson:3: a second 'title'");
    bad("summary s\nsay hi\n", "t.lesson: no 'title' line");
    bad("title t\nsay hi\n", "t.lesson: no 'summary' line");
    bad("title t\nsummary s\nprompt x\n", "t.lesson: nothing to show");
    bad("", "t.lesson: no 'title' line");
    bad("title t\nsummary s\nsay caf\xC3 broken\n", "t.lesson:3: not valid UTF-8");
    {   /* binary junk */
        char junk[64];
        for (int i = 0; i < 64; i++) junk[i] = (char)(i * 37 + 11);
        Lesson J;
        GbError e;
        CHECK(lesson_parse(&J, "junk.lesson", junk, sizeof junk, &e) == -1 && strstr(e.msg, "junk.lesson:1: not valid UTF-8"),
              "binary junk: %s", e.msg);
        junk[5] = 0;
        CHECK(lesson_parse(&J, "junk.lesson", junk, sizeof junk, &e) == -1 && strstr(e.msg, "junk.lesson: not a text file"),
              "binary junk with NUL bytes: %s", e.msg);
    }
    {   /* 10 MB */
        char path[300];
        snprintf(path, sizeof path, "%s/big.lesson", tmp);
        FILE *f = fopen(path, "wb");
        CHECK(f != NULL, "write a big file");
        if (f) {
            fputs("title big\nsummary big\n", f);
            for (int i = 0; i < 10 * 1000 * 1000 / 16; i++) fputs("say big big big\n", f);
            fclose(f);
        }
        Lesson B;
        GbError e;
        CHECK(lesson_load(&B, path, &e) == -1 && strstr(e.msg, "too large for a lesson"), "10 MB: %s", e.msg);
        unlink(path);
    }
}

static void test_bind(const Tokenizer *tok, const GptConfig *c)
{
    Lesson L;
    GbError err;
    const char *text = "title t\nsummary s\nprompt x\ncheck top \" Parisianesque\"\nsay hi\n";
    CHECK(parse(&L, text, &err) == 0, "parse: %s", err.msg);
    CHECK(lesson_bind(&L, tok, c, &err) == -1 && strstr(err.msg, "t.lesson:4: \" Parisianesque\" is not one token") &&
          strstr(err.msg, "it splits into"), "a token the vocabulary lacks: %s", err.msg);
    lesson_free(&L);
    CHECK(parse(&L, "title t\nsummary s\nhighlight head 9 1\nsay hi\n", &err) == 0, "parse: %s", err.msg);
    CHECK(lesson_bind(&L, tok, c, &err) == -1 && strstr(err.msg, "t.lesson:3: layer 9: the model has 4 layers"),
          "a layer the model lacks: %s", err.msg);
    lesson_free(&L);
    CHECK(parse(&L, "title t\nsummary s\nhighlight head 1 7\nsay hi\n", &err) == 0, "parse: %s", err.msg);
    CHECK(lesson_bind(&L, tok, c, &err) == -1 && strstr(err.msg, "head 7: the model has 6 heads"), "a head the model lacks: %s", err.msg);
    lesson_free(&L);
    CHECK(parse(&L, "title t\nsummary s\nprompt x\ntrain 10 no-such-file.txt\nsay hi\n", &err) == 0, "parse: %s", err.msg);
    CHECK(lesson_bind(&L, tok, c, &err) == -1 && strstr(err.msg, "t.lesson:4:") && strstr(err.msg, "no such file to train on"),
          "a missing training file: %s", err.msg);
    lesson_free(&L);
}

/* The map's first axis is the top principal direction of the length-normalised embedding table:
 * recover the direction from the projections (d = Xᵀ x0) and compare its Rayleigh quotient with
 * the largest eigenvalue of the covariance, found by power iteration here. */
static void test_map(EmbedMap *e)
{
    embed_wait(e);
    int V = e->V, C = e->C;
    double *mean = calloc((size_t)C, sizeof *mean), *cov = calloc((size_t)C * C, sizeof *cov);
    double *d = calloc((size_t)C, sizeof *d), *b = malloc((size_t)C * sizeof *b), *t = malloc((size_t)C * sizeof *t);
    double *row = malloc((size_t)C * sizeof *row);
    for (int v = 0; v < V; v++)
        for (int c = 0; c < C; c++) mean[c] += e->wte[(size_t)v * C + c] * e->inv_norm[v] / V;
    for (int v = 0; v < V; v++) {
        for (int c = 0; c < C; c++) row[c] = e->wte[(size_t)v * C + c] * e->inv_norm[v] - mean[c];
        for (int i = 0; i < C; i++) {
            d[i] += row[i] * e->xy[(size_t)v * 2];
            for (int j = 0; j < C; j++) cov[(size_t)i * C + j] += row[i] * row[j];
        }
    }
    for (int i = 0; i < C; i++) b[i] = 1.0 / (i + 1);
    double top = 0;
    for (int it = 0; it < 500; it++) {
        double n = 0;
        for (int i = 0; i < C; i++) {
            t[i] = 0;
            for (int j = 0; j < C; j++) t[i] += cov[(size_t)i * C + j] * b[j];
            n += t[i] * t[i];
        }
        top = sqrt(n);
        for (int i = 0; i < C; i++) b[i] = t[i] / top;
    }
    double dn = 0, q = 0;
    for (int i = 0; i < C; i++) dn += d[i] * d[i];
    for (int i = 0; i < C; i++)
        for (int j = 0; j < C; j++) q += d[i] * cov[(size_t)i * C + j] * d[j];
    q /= dn;
    CHECK(q > 0.99 * top, "the map's first axis is the top principal direction (Rayleigh quotient %.4f of %.4f)", q, top);
    free(mean); free(cov); free(d); free(b); free(t); free(row);
}

/* ----------------------------------------------------------------------------------------------
 * The player */

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f) return;
    fputs(text, f);
    fclose(f);
}

static int count_hits(const Viewer *v, int kind)
{
    int n = 0;
    for (int i = 0; i < v->ui.n_hits; i++) n += v->ui.hits[i].kind == kind;
    return n;
}

/* The tokens on screen as a string of ids. */
static void strip(const Viewer *v, char *out, size_t cap)
{
    size_t at = 0;
    out[0] = 0;
    for (int i = 0; i <= session_last_pos(&v->session) && at + 12 < cap; i++)
        at += (size_t)snprintf(out + at, cap - at, "%d ", v->session.trace.pos[i].id);
}

static const char *player_lesson =
    "title Player test\n"
    "summary Pages, a question, checks.\n"
    "prompt The Eiffel Tower is located in\n"
    "say Page one.\n"
    "ask Which word comes next?\n"
    "choice \" London\"\n"
    "choice \" Paris\"\n"
    "check top \" Paris\"\n"
    "check above \" Paris\" \" London\"\n"
    "check evidence \" Paris\" 50% 100%\n"
    "evidence on\n"
    "say Page four.\n"
    "seed 5\n"
    "step 3\n"
    "highlight bar \" the\"\n"
    "check probability \" Paris\" 0% 100%\n"
    "say Page five.\n"
    "prompt The cat sat on the\n"
    "check top \" Paris\"\n"
    "check neighbour \" dog\" \" cat\" 50\n"
    "check parameters 2590849\n"
    "check shape wte.weight 4096 192\n"
    "check shape ln_f.weight 192\n"
    "check shape wte.weight 192 4096\n"
    "say Page six, after a claim the model does not back.\n";

static void test_player(void)
{
    char path[600], dir[300];
    snprintf(path, sizeof path, "%s/player.lesson", tmp);
    write_file(path, player_lesson);
    ViewerOptions o = viz_test_options(MODEL);
    Viewer *v = calloc(1, sizeof *v);
    GbError err;
    int rc = viewer_open(v, &o, &err);
    CHECK(rc == 0 && v->session.loaded, "open the classroom model: %s", rc ? err.msg : v->load_problem);
    if (rc || !v->session.loaded) { viewer_close(v); free(v); return; }
    frame(v);
    test_bind(&v->session.tok, &v->session.model.config);
    test_map(&v->embed);

    /* Free play first: the lesson must give this state back... its tokens, that is. */
    rc = player_start(v, path, &err);
    CHECK(rc == 0, "start the lesson: %s", err.msg);
    if (rc) { viewer_close(v); free(v); return; }
    Player *p = &v->player;
    frame(v);
    CHECK(p->active && p->stop == 0 && p->page && !strcmp(p->page->text, "Page one."), "page 1 (stop %d)", p->stop);
    CHECK(count_hits(v, HIT_BAR) > 0, "free bars on a say page");

    press(v, "Space");
    CHECK(p->stop == 1 && p->page->op == LD_ASK && !p->revealed && v->view.quiz, "page 2: the question");
    CHECK(count_hits(v, HIT_BAR) == 0, "the bars are hidden while the question is open (%d bars)", count_hits(v, HIT_BAR));
    press(v, "Right");
    CHECK(p->stop == 2 && p->revealed && !v->view.quiz, "page 3: the reveal");
    CHECK(p->answer == 1, "the model decides the answer: Paris (choice B), got %d", p->answer);
    CHECK(p->choice_p[1] > 0.5f && p->choice_p[0] < 0.1f, "the choices' probabilities (%.3f, %.3f)", (double)p->choice_p[0], (double)p->choice_p[1]);
    CHECK(count_hits(v, HIT_BAR) > 0, "the bars are back after the reveal");

    press(v, "PageDown");
    CHECK(p->stop == 3 && !strcmp(p->page->text, "Page four."), "page 4");
    CHECK(p->passed == 3 && p->failed == 0 && p->n_results == 3, "three checks held (%d passed, %d failed)", p->passed, p->failed);
    CHECK(v->view.evidence && v->scene.evidence && v->scene.evidence->valid && v->scene.evidence->total > 100,
          "evidence on: the corpus saw this text (%llu times)", v->scene.evidence ? (unsigned long long)v->scene.evidence->total : 0ULL);
    int paris = tok_find(&v->session.tok, " Paris", 6);
    CHECK(v->scene.evidence && evidence_count(v->scene.evidence, paris) * 2 > v->scene.evidence->total, "Paris followed most of the time");

    press(v, "Space");
    CHECK(p->stop == 4 && session_chosen(&v->session) == 3 && v->view.hl_bar == tok_find(&v->session.tok, " the", 4),
          "page 5: three tokens sampled, a bar highlighted");
    char page5[512], again[512];
    strip(v, page5, sizeof page5);

    press(v, "Space");
    CHECK(p->stop == 5 && p->failed == 3, "page 6: the checks that do not hold are counted (%d failed)", p->failed);
    CHECK(p->passed == 3 + 1 + 1 + 2, "and the ones that hold (%d passed)", p->passed);
    int warned = 0;
    for (int i = 0; i < p->n_results; i++) warned |= !p->results[i].ok && strstr(p->results[i].text, "but the model's is") != NULL;
    CHECK(warned, "the failed check says what the model shows");
    press(v, "Space");
    CHECK(p->stop == 5, "Next on the last page stays there");

    /* Back replays: exactly the page before, then the one before that. */
    press(v, "Left");
    strip(v, again, sizeof again);
    CHECK(p->stop == 4 && !strcmp(page5, again), "back to page 5 with the same tokens ('%s' vs '%s')", page5, again);
    press(v, "PageUp");
    press(v, "BackSpace");
    CHECK(p->stop == 2 && p->revealed, "back to the reveal");
    press(v, "Left");
    CHECK(p->stop == 1 && v->view.quiz && count_hits(v, HIT_BAR) == 0, "back to the open question: bars hidden again");
    press(v, "Space Space Space");
    strip(v, again, sizeof again);
    CHECK(p->stop == 4 && !strcmp(page5, again), "forward again: the same draws");

    /* Leaving keeps the lesson's tokens on screen; the slide keys sample again. */
    press(v, "Escape");
    strip(v, again, sizeof again);
    CHECK(!p->active && !strcmp(page5, again), "Esc leaves the lesson, its tokens stay");
    int chosen = session_chosen(&v->session);
    press(v, "Space");
    CHECK(session_chosen(&v->session) == chosen + 1, "free play: Space samples again");

    /* Fine-tuning changes the weights; leaving puts them back exactly. */
    size_t bytes = gpt_param_count(&v->session.model.config) * sizeof(float);
    float *before = malloc(bytes);
    memcpy(before, v->session.model.w.memory, bytes);
    snprintf(path, sizeof path, "%s/finetune.lesson", tmp);
    write_file(path, "title Fine-tune\nsummary s\nprompt The cat sat on the\nsay before\nfinetune 8\n"
                     "example The cat sat on the sofa.\nexample The cat sat on the sofa and slept.\n"
                     "check loss below 20\nsay after\n");
    rc = player_start(v, path, &err);
    CHECK(rc == 0, "start the fine-tune lesson: %s", err.msg);
    int sofa = tok_find(&v->session.tok, " sofa", 5);
    const float *logits;
    (void)logits;
    Bars b0, b1;
    session_bars(&v->session, v->session.cursor, &b0);
    float p_before = v->session.probs[sofa];
    press(v, "Space");
    while (p->busy) player_update(v, 1.0);
    frame(v);
    session_bars(&v->session, v->session.cursor, &b1);
    float p_after = v->session.probs[sofa];
    CHECK(p->stop == 1 && v->run.active && v->run.done == 8 && p->weights_changed, "fine-tuned 8 steps");
    CHECK(p_after > p_before * 2, "fine-tuning raised p(' sofa') from %.4f to %.4f", (double)p_before, (double)p_after);
    CHECK(memcmp(before, v->session.model.w.memory, bytes) != 0, "the weights changed");
    press(v, "Escape");
    CHECK(!p->active && memcmp(before, v->session.model.w.memory, bytes) == 0, "leaving puts the weights back exactly");
    free(before);

    /* The menu: lessons from $GLASSBOX_LESSONS; a broken one is listed with its problem, and
     * starting it leaves the viewer in free play with a message. */
    snprintf(dir, sizeof dir, "%s/menu", tmp);
    mkdir(dir, 0755);
    snprintf(path, sizeof path, "%s/01-good.lesson", dir);
    write_file(path, "title Good one\nsummary It works.\nsay hi\n");
    snprintf(path, sizeof path, "%s/02-bad.lesson", dir);
    write_file(path, "title Bad one\nsummary s\nwobble\nsay hi\n");
    snprintf(path, sizeof path, "%s/03-bad-token.lesson", dir);
    write_file(path, "title Bad token\nsummary s\nprompt x\ncheck top \" zzqqxx\"\nsay hi\n");
    setenv("GLASSBOX_LESSONS", dir, 1);
    press(v, "L");
    CHECK(v->menu.open && v->menu.n == 3, "the menu lists 3 lessons (%d)", v->menu.n);
    CHECK(v->menu.n == 3 && !v->menu.e[0].problem[0] && !strcmp(v->menu.e[0].title, "Good one") &&
          strstr(v->menu.e[1].problem, "02-bad.lesson:3: unknown directive") && strstr(v->menu.e[2].problem, "is not one token"),
          "each entry: title, or its problem");
    CHECK(count_hits(v, HIT_LESSON) == 3, "three clickable entries");
    press(v, "Down Return");
    CHECK(!p->active && v->view.message[0] && v->view.message_error, "a broken lesson: a message, no lesson (%s)", v->view.message);
    CHECK(v->menu.open, "the menu stays open, showing what is wrong");
    press(v, "Escape Space");
    CHECK(session_chosen(&v->session) >= 1, "the viewer stays usable");
    press(v, "L 1");
    CHECK(p->active && !strcmp(p->lesson.title, "Good one"), "1 in the menu starts the first lesson");
    press(v, "Escape");
    unsetenv("GLASSBOX_LESSONS");
    viewer_close(v);
    free(v);
}

int main(void)
{
    snprintf(tmp, sizeof tmp, "/tmp/glassbox-lesson-XXXXXX");
    if (!mkdtemp(tmp)) return 1;
    test_parser();
    struct stat st;
    if (stat(MODEL "/model.safetensors", &st) == 0) test_player();
    else CHECK(0, "the classroom model is missing (%s)", MODEL);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmp);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", tmp);
    return check_report("test_viz_lesson");
}
