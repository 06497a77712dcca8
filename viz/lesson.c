/* lesson.c — reading lesson files. See lesson.h and docs/lessons.md. */
#include "lesson.h"
#include "codetags.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ----------------------------------------------------------------------------------------------
 * Errors: "<file>:<line>: <problem>" */

static int fail_at(GbError *err, const char *name, int line, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int fail_at(GbError *err, const char *name, int line, const char *fmt, ...)
{
    char where[1100], msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (line > 0) snprintf(where, sizeof where, "%s:%d", name, line);
    else snprintf(where, sizeof where, "%s", name);
    return gb_fail(err, where, "%s", msg);
}

static char *dup_n(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

/* ----------------------------------------------------------------------------------------------
 * Words: a directive's value is read word by word. A word is a run of non-blank characters, or a
 * quoted token ("…" with \" \\ \n \t escapes). */

typedef struct {
    const char *p, *end;
    const char *name;
    int line;
    GbError *err;
} Words;

static void skip_blanks(Words *w)
{
    while (w->p < w->end && (*w->p == ' ' || *w->p == '\t')) w->p++;
}

static int at_end(Words *w)
{
    skip_blanks(w);
    return w->p >= w->end;
}

/* The next plain word into out (NUL-terminated). Returns its length, or -1 at the end. */
static int next_word(Words *w, char *out, size_t cap)
{
    skip_blanks(w);
    if (w->p >= w->end) return -1;
    const char *s = w->p;
    while (w->p < w->end && *w->p != ' ' && *w->p != '\t') w->p++;
    size_t n = (size_t)(w->p - s);
    if (n >= cap) n = cap - 1;
    memcpy(out, s, n);
    out[n] = 0;
    return (int)n;
}

/* A quoted token. Returns 0, or -1 with err. */
static int next_token(Words *w, LessonToken *t, const char *what)
{
    skip_blanks(w);
    if (w->p >= w->end || *w->p != '"')
        return fail_at(w->err, w->name, w->line, "expected %s in double quotes, like \" Paris\" (hint: the "
                       "space inside the quotes is part of the token: most words start with one)", what);
    w->p++;
    char buf[256];
    size_t n = 0;
    for (;;) {
        if (w->p >= w->end)
            return fail_at(w->err, w->name, w->line, "%s: the closing \" is missing", what);
        char c = *w->p++;
        if (c == '"') break;
        if (c == '\\') {
            if (w->p >= w->end) return fail_at(w->err, w->name, w->line, "%s: a \\ at the end of the line", what);
            char e = *w->p++;
            c = e == 'n' ? '\n' : e == 't' ? '\t' : e == '"' ? '"' : e == '\\' ? '\\' : 0;
            if (!c)
                return fail_at(w->err, w->name, w->line, "%s: unknown escape \\%c (hint: \\\" \\\\ \\n \\t)", what, e);
        }
        if (n + 1 >= sizeof buf) return fail_at(w->err, w->name, w->line, "%s: longer than %zu bytes", what, sizeof buf - 1);
        buf[n++] = c;
    }
    if (n == 0) return fail_at(w->err, w->name, w->line, "%s: empty token \"\"", what);
    t->text = dup_n(buf, n);
    if (!t->text) return fail_at(w->err, w->name, w->line, "out of memory");
    t->len = (int)n;
    t->id = -1;
    return 0;
}

/* A number in [lo, hi]; with allow_percent, "40%" gives 0.4 and sets *percent. */
static int next_number(Words *w, const char *what, double lo, double hi, int allow_percent, double *out, int *percent)
{
    char word[64];
    if (next_word(w, word, sizeof word) < 0)
        return fail_at(w->err, w->name, w->line, "expected %s (a number)", what);
    size_t n = strlen(word);
    int pc = allow_percent && n > 1 && word[n - 1] == '%';
    if (pc) word[n - 1] = 0;
    char *end;
    errno = 0;
    double v = strtod(word, &end);
    if (errno || end == word || *end || !isfinite(v))
        return fail_at(w->err, w->name, w->line, "%s: expected a number, got '%s'", what, word);
    if (pc) v /= 100.0;
    if (!(v >= lo && v <= hi)) {
        if (pc) return fail_at(w->err, w->name, w->line, "%s: %s%% is outside %g%%..%g%%", what, word, lo * 100, hi * 100);
        return fail_at(w->err, w->name, w->line, "%s: %s is outside %g..%g", what, word, lo, hi);
    }
    if (percent) *percent = pc;
    *out = v;
    return 0;
}

static int next_int(Words *w, const char *what, int lo, int hi, int *out)
{
    double v;
    if (next_number(w, what, lo, hi, 0, &v, NULL)) return -1;
    if (v != floor(v)) return fail_at(w->err, w->name, w->line, "%s: expected a whole number, got %g", what, v);
    *out = (int)v;
    return 0;
}

static int expect_end(Words *w, const char *directive)
{
    if (at_end(w)) return 0;
    char word[64];
    next_word(w, word, sizeof word);
    return fail_at(w->err, w->name, w->line, "'%s': unexpected '%s' at the end of the line", directive, word);
}

/* A range "LO HI" for probability / evidence checks. */
static int next_range(Words *w, LessonDirective *d, double max)
{
    int p1 = 0, p2 = 0;
    if (next_number(w, "the lowest value", 0, max, 1, &d->lo, &p1)) return -1;
    if (next_number(w, "the highest value", 0, max, 1, &d->hi, &p2)) return -1;
    if (p1 != p2) return fail_at(w->err, w->name, w->line, "write both ends of the range in percent, or neither");
    if (d->lo > d->hi) return fail_at(w->err, w->name, w->line, "the range goes from %g down to %g (hint: lowest first)", d->lo, d->hi);
    d->percent = p1;
    return 0;
}

/* ----------------------------------------------------------------------------------------------
 * Directives */

static const char *const panel_words[] = {"tokens", "attention", "probs", "neighbours", "lens"};

const char *lesson_check_name(int kind)
{
    static const char *const names[] = {"top", "probability", "above", "attends", "neighbour",
                                        "evidence", "split", "chosen", "loss"};
    if (kind == LC_LOSS_ABOVE) return "loss";
    if (kind == LC_LOGIT) return "logit";
    if (kind == LC_PARAMETERS) return "parameters";
    if (kind == LC_SHAPE) return "shape";
    if (kind == LC_FILE_BYTES) return "file-bytes";
    return kind >= 0 && kind <= LC_LOSS_BELOW ? names[kind] : "?";
}

static int parse_check(Words *w, LessonDirective *d)
{
    char kind[32];
    if (next_word(w, kind, sizeof kind) < 0)
        return fail_at(w->err, w->name, w->line, "'check' needs a kind: top, probability, logit, above, attends, "
                       "neighbour, evidence, split, chosen, loss, parameters, shape or file-bytes");
    if (!strcmp(kind, "top")) { d->kind = LC_TOP; return next_token(w, &d->tok[0], "the token"); }
    if (!strcmp(kind, "chosen")) { d->kind = LC_CHOSEN; return next_token(w, &d->tok[0], "the token"); }
    if (!strcmp(kind, "attends")) { d->kind = LC_ATTENDS; return next_token(w, &d->tok[0], "the token attended to"); }
    if (!strcmp(kind, "probability")) {
        d->kind = LC_PROBABILITY;
        if (next_token(w, &d->tok[0], "the token")) return -1;
        return next_range(w, d, 1.0);
    }
    if (!strcmp(kind, "parameters")) {
        d->kind = LC_PARAMETERS;
        return next_number(w, "the number of parameters", 0, 1e15, 0, &d->num, NULL);
    }
    if (!strcmp(kind, "file-bytes")) {
        d->kind = LC_FILE_BYTES;
        return next_number(w, "the size of model.safetensors in bytes", 0, 1e15, 0, &d->num, NULL);
    }
    if (!strcmp(kind, "shape")) {
        d->kind = LC_SHAPE;
        char name[64];
        if (next_word(w, name, sizeof name) < 0)
            return fail_at(w->err, w->name, w->line, "'check shape' needs a tensor name, like wte.weight");
        if (!(d->text = dup_n(name, strlen(name)))) return fail_at(w->err, w->name, w->line, "out of memory");
        if (next_int(w, "the first dimension", 1, 1 << 30, &d->i1)) return -1;
        d->i2 = 0;
        if (!at_end(w) && next_int(w, "the second dimension", 1, 1 << 30, &d->i2)) return -1;
        return 0;
    }
    if (!strcmp(kind, "logit")) {
        d->kind = LC_LOGIT;
        if (next_token(w, &d->tok[0], "the token")) return -1;
        if (next_number(w, "the lowest score", -1e9, 1e9, 0, &d->lo, NULL)) return -1;
        if (next_number(w, "the highest score", -1e9, 1e9, 0, &d->hi, NULL)) return -1;
        if (d->lo > d->hi) return fail_at(w->err, w->name, w->line, "the range goes from %g down to %g (hint: lowest first)", d->lo, d->hi);
        return 0;
    }
    if (!strcmp(kind, "above")) {
        d->kind = LC_ABOVE;
        if (next_token(w, &d->tok[0], "the token that ranks higher")) return -1;
        return next_token(w, &d->tok[1], "the token that ranks lower");
    }
    if (!strcmp(kind, "neighbour") || !strcmp(kind, "neighbor")) {
        d->kind = LC_NEIGHBOUR;
        if (next_token(w, &d->tok[0], "the neighbour")) return -1;
        if (next_token(w, &d->tok[1], "the token whose neighbours are meant")) return -1;
        return next_int(w, "how many nearest neighbours", 1, 100, &d->i1);
    }
    if (!strcmp(kind, "evidence")) {
        d->kind = LC_EVIDENCE;
        if (next_token(w, &d->tok[0], "the continuation")) return -1;
        return next_range(w, d, 1e12);
    }
    if (!strcmp(kind, "split")) {
        d->kind = LC_SPLIT;
        LessonToken t = {0};
        if (next_token(w, &t, "the text")) return -1;
        d->text = t.text;
        return next_int(w, "how many tokens", 1, 1000, &d->i1);
    }
    if (!strcmp(kind, "loss")) {
        char how[32];
        if (next_word(w, how, sizeof how) < 0 || (strcmp(how, "below") && strcmp(how, "above")))
            return fail_at(w->err, w->name, w->line, "expected 'check loss below N' or 'check loss above N'");
        d->kind = !strcmp(how, "below") ? LC_LOSS_BELOW : LC_LOSS_ABOVE;
        return next_number(w, "the loss", 0, 1000, 0, &d->lo, NULL);
    }
    return fail_at(w->err, w->name, w->line, "unknown check '%s' (hint: top, probability, logit, above, attends, "
                   "neighbour, evidence, split, chosen, loss, parameters, shape, file-bytes)", kind);
}

static int parse_highlight(Words *w, LessonDirective *d)
{
    char kind[32];
    if (next_word(w, kind, sizeof kind) < 0)
        return fail_at(w->err, w->name, w->line, "'highlight' needs what: token, head, bar, neighbour or none");
    if (!strcmp(kind, "none")) { d->kind = LH_NONE; return 0; }
    if (!strcmp(kind, "bar")) { d->kind = LH_BAR; return next_token(w, &d->tok[0], "the bar's token"); }
    if (!strcmp(kind, "neighbour") || !strcmp(kind, "neighbor")) {
        d->kind = LH_NEIGHBOUR;
        return next_token(w, &d->tok[0], "the neighbour's token");
    }
    if (!strcmp(kind, "head")) {
        d->kind = LH_HEAD;
        if (next_int(w, "the layer (1 is the first)", 1, 1000, &d->i1)) return -1;
        if (next_int(w, "the head (1 is the first)", 1, 1000, &d->i2)) return -1;
        d->i1--;
        d->i2--;
        return 0;
    }
    if (!strcmp(kind, "token")) {
        d->kind = LH_TOKEN;
        if (next_int(w, "the token's place in the strip (1 is the first)", 1, 100000, &d->i1)) return -1;
        d->i1--;
        return 0;
    }
    return fail_at(w->err, w->name, w->line, "unknown highlight '%s' (hint: token N, head LAYER HEAD, bar \"TOKEN\", "
                   "neighbour \"TOKEN\", none)", kind);
}

/* An ask's choices: one quoted token each, or plain text. */
static int add_choice(Words *w, LessonDirective *ask, const char *s, size_t n)
{
    if (ask->n_choices >= LESSON_MAX_CHOICES)
        return fail_at(w->err, w->name, w->line, "at most %d choices per ask", LESSON_MAX_CHOICES);
    int i = ask->n_choices;
    Words cw = *w;
    cw.p = s;
    cw.end = s + n;
    skip_blanks(&cw);
    int quoted = cw.p < cw.end && *cw.p == '"';
    if (quoted) {
        if (next_token(&cw, &ask->choice_tok[i], "the choice")) return -1;
        if (!at_end(&cw)) quoted = 0, free(ask->choice_tok[i].text), ask->choice_tok[i].text = NULL;
    }
    ask->choices[i] = quoted ? dup_n(ask->choice_tok[i].text, (size_t)ask->choice_tok[i].len) : dup_n(s, n);
    ask->n_choices++;   /* counted now, so that lesson_free frees it whatever happens next */
    if (!ask->choices[i]) return fail_at(w->err, w->name, w->line, "out of memory");
    if (i == 0) ask->choices_are_tokens = quoted;
    else if (ask->choices_are_tokens != quoted)
        return fail_at(w->err, w->name, w->line, "mix of quoted tokens and plain text among the choices "
                       "(hint: quote every choice, or none)");
    return 0;
}

/* ----------------------------------------------------------------------------------------------
 * The file */

static int grow(Lesson *L, int *cap)
{
    if (L->n < *cap) return 0;
    int nc = *cap ? *cap * 2 : 32;
    LessonDirective *d = realloc(L->d, (size_t)nc * sizeof *d);
    if (!d) return -1;
    L->d = d;
    *cap = nc;
    return 0;
}

/* Append text to *dst with a space between (continuation lines). */
static int append_text(char **dst, const char *s, size_t n)
{
    size_t old = *dst ? strlen(*dst) : 0;
    char *p = realloc(*dst, old + n + 2);
    if (!p) return -1;
    if (old) p[old++] = ' ';
    memcpy(p + old, s, n);
    p[old + n] = 0;
    *dst = p;
    return 0;
}

static int needs_prompt(const LessonDirective *d)
{
    switch (d->op) {
    case LD_STEP: case LD_FORCE: case LD_BACK: case LD_TRAIN: return 1;
    case LD_HIGHLIGHT: return d->kind == LH_TOKEN || d->kind == LH_BAR;
    case LD_CHECK: return d->kind != LC_SPLIT && d->kind != LC_NEIGHBOUR && d->kind != LC_LOSS_BELOW &&
                          d->kind != LC_LOSS_ABOVE && d->kind != LC_PARAMETERS && d->kind != LC_SHAPE &&
                          d->kind != LC_FILE_BYTES;
    case LD_ASK: return d->choices_are_tokens && d->answer < 0;
    default: return 0;
    }
}

/* An ask's choices are complete: two or more (or none), and plain-text choices need an answer. */
static int finish_ask(const LessonDirective *ask, const char *name, GbError *err)
{
    if (ask->n_choices == 1)
        return fail_at(err, name, ask->line, "an ask needs two or more choices, or none (a guess-the-next-word question)");
    if (ask->n_choices && !ask->choices_are_tokens && ask->answer < 0)
        return fail_at(err, name, ask->line, "this ask's choices are plain text, so it needs an 'answer' line (hint: "
                       "answer B; only choices that are quoted tokens are answered by the model)");
    return 0;
}

static const char *const directive_names[] = {
    "title", "summary", "prompt", "temperature", "top-k", "top-p", "seed", "panel", "code", "highlight", "say",
    "step", "force", "back", "ask", "choice", "answer", "check", "train", "finetune", "example", "restore",
    "evidence", "logits", "ids",
};

static int parse_lines(Lesson *L, const char *name, const char *text, size_t len, GbError *err)
{
    int cap = 0, line = 0;
    char **continued = NULL;      /* the text an indented line continues */
    int continued_line = 0;
    LessonDirective *ask = NULL, *finetune = NULL;
    int have_prompt = 0;
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol) eol = end;
        const char *s = p, *e = eol;
        p = eol < end ? eol + 1 : end;
        line++;
        if (e > s && e[-1] == '\r') e--;
        const char *t = s;
        while (t < e && (*t == ' ' || *t == '\t')) t++;
        while (e > t && (e[-1] == ' ' || e[-1] == '\t')) e--;
        if (t == e) { continued = NULL; continue; }       /* a blank line ends a paragraph */
        if (t == s && *t == '#') continue;                 /* a comment */
        if (t > s) {                                        /* indented: continues the text above */
            if (!continued)
                return fail_at(err, name, line, "an indented line must continue a title, summary, say or ask "
                               "(hint: start directives at the beginning of the line)");
            if (append_text(continued, t, (size_t)(e - t))) return fail_at(err, name, line, "out of memory");
            continued_line = line;
            continue;
        }
        (void)continued_line;
        continued = NULL;
        Words w = {t, e, name, line, err};
        char word[32];
        next_word(&w, word, sizeof word);
        skip_blanks(&w);
        const char *rest = w.p;
        size_t rest_n = (size_t)(e - rest);
        int known = -1;
        for (int i = 0; i < (int)(sizeof directive_names / sizeof directive_names[0]); i++)
            if (!strcmp(word, directive_names[i])) known = i;
        if (known < 0)
            return fail_at(err, name, line, "unknown directive '%s' (hint: title, summary, prompt, temperature, "
                           "top-k, top-p, seed, panel, highlight, say, step, force, back, ask, choice, answer, "
                           "check, train, finetune, example, restore, evidence, logits, ids; docs/lessons.md)", word);
        if (!strcmp(word, "title") || !strcmp(word, "summary")) {
            char **dst = word[0] == 't' ? &L->title : &L->summary;
            if (*dst) return fail_at(err, name, line, "a second '%s' (hint: a lesson has one)", word);
            if (!rest_n) return fail_at(err, name, line, "'%s' needs text", word);
            if (!(*dst = dup_n(rest, rest_n))) return fail_at(err, name, line, "out of memory");
            continued = dst;
            continue;
        }
        if (!strcmp(word, "choice")) {
            if (!ask) return fail_at(err, name, line, "'choice' must follow an 'ask'");
            if (!rest_n) return fail_at(err, name, line, "'choice' needs text");
            if (add_choice(&w, ask, rest, rest_n)) return -1;
            continue;
        }
        if (!strcmp(word, "answer")) {
            if (!ask || !ask->n_choices) return fail_at(err, name, line, "'answer' must follow an ask's choices");
            char a[32];
            if (next_word(&w, a, sizeof a) < 0 || strlen(a) != 1 || a[0] < 'A' || a[0] >= 'A' + ask->n_choices)
                return fail_at(err, name, line, "'answer' expects the letter of a choice, A to %c", 'A' + ask->n_choices - 1);
            ask->answer = a[0] - 'A';
            if (expect_end(&w, "answer")) return -1;
            continue;
        }
        if (!strcmp(word, "example")) {
            if (!finetune) return fail_at(err, name, line, "'example' must follow a 'finetune'");
            if (!rest_n) return fail_at(err, name, line, "'example' needs a sentence");
            char **ex = realloc(finetune->examples, (size_t)(finetune->n_examples + 1) * sizeof *ex);
            if (!ex) return fail_at(err, name, line, "out of memory");
            finetune->examples = ex;
            if (!(ex[finetune->n_examples] = dup_n(rest, rest_n))) return fail_at(err, name, line, "out of memory");
            finetune->n_examples++;
            continue;
        }
        if (ask && finish_ask(ask, name, err)) return -1;
        if (finetune && finetune->n_examples == 0)
            return fail_at(err, name, finetune->line, "'finetune' needs at least one 'example' line after it");
        ask = finetune = NULL;
        if (grow(L, &cap)) return fail_at(err, name, line, "out of memory");
        LessonDirective *d = &L->d[L->n];
        memset(d, 0, sizeof *d);
        d->line = line;
        d->answer = -1;
        L->n++;
        if (!strcmp(word, "prompt")) {
            d->op = LD_PROMPT;
            if (!rest_n) return fail_at(err, name, line, "'prompt' needs the text to continue");
            if (!(d->text = dup_n(rest, rest_n))) return fail_at(err, name, line, "out of memory");
            have_prompt = 1;
        } else if (!strcmp(word, "say")) {
            d->op = LD_SAY;
            if (!rest_n) return fail_at(err, name, line, "'say' needs text");
            if (!(d->text = dup_n(rest, rest_n))) return fail_at(err, name, line, "out of memory");
            continued = &d->text;
            L->n_stops++;
        } else if (!strcmp(word, "ask")) {
            d->op = LD_ASK;
            if (!rest_n) return fail_at(err, name, line, "'ask' needs a question");
            if (!(d->text = dup_n(rest, rest_n))) return fail_at(err, name, line, "out of memory");
            continued = &d->text;
            ask = d;
            L->n_stops += 2;
            L->n_asks++;
        } else if (!strcmp(word, "temperature")) {
            d->op = LD_TEMPERATURE;
            if (next_number(&w, "the temperature", 0, 5, 0, &d->num, NULL) || expect_end(&w, word)) return -1;
        } else if (!strcmp(word, "top-p")) {
            d->op = LD_TOP_P;
            if (next_number(&w, "top-p", 0, 1, 1, &d->num, NULL) || expect_end(&w, word)) return -1;
            if (d->num <= 0) return fail_at(err, name, line, "top-p must be above 0 (1 turns it off)");
        } else if (!strcmp(word, "top-k")) {
            d->op = LD_TOP_K;
            if (next_int(&w, "top-k", 0, 100000000, &d->i1) || expect_end(&w, word)) return -1;
        } else if (!strcmp(word, "seed")) {
            d->op = LD_SEED;
            if (next_int(&w, "the seed", 0, 2147483647, &d->i1) || expect_end(&w, word)) return -1;
        } else if (!strcmp(word, "step")) {
            d->op = LD_STEP;
            d->i1 = 1;
            if (!at_end(&w) && next_int(&w, "how many tokens to sample", 1, 10000, &d->i1)) return -1;
            if (expect_end(&w, word)) return -1;
        } else if (!strcmp(word, "back")) {
            d->op = LD_BACK;
            d->i1 = 1;
            if (!at_end(&w) && next_int(&w, "how many tokens to take back", 1, 10000, &d->i1)) return -1;
            if (expect_end(&w, word)) return -1;
        } else if (!strcmp(word, "force")) {
            d->op = LD_FORCE;
            if (next_token(&w, &d->tok[0], "the token to force") || expect_end(&w, word)) return -1;
        } else if (!strcmp(word, "panel")) {
            d->op = LD_PANEL;
            char v[32];
            d->i1 = -2;
            if (next_word(&w, v, sizeof v) >= 0) {
                if (!strcmp(v, "all")) d->i1 = LESSON_PANEL_ALL;
                else if (!strcmp(v, "training")) d->i1 = LESSON_PANEL_TRAINING;
                for (int i = 0; i < 5; i++) if (!strcmp(v, panel_words[i])) d->i1 = i;
            }
            if (d->i1 == -2)
                return fail_at(err, name, line, "'panel' expects all, tokens, attention, probs, neighbours, lens or training");
            if (expect_end(&w, word)) return -1;
        } else if (!strcmp(word, "code")) {
            d->op = LD_CODE;
            char v[32];
            d->i1 = -2;
            if (next_word(&w, v, sizeof v) >= 0) {
                if (!strcmp(v, "off")) d->i1 = -1;
                for (int i = 0; i < 5; i++) if (!strcmp(v, panel_words[i])) d->i1 = i;
            }
            if (d->i1 == -2)
                return fail_at(err, name, line, "'code' expects tokens, attention, probs, neighbours, lens or off");
            skip_blanks(&w);          /* the rest of the line: the tag to start near */
            const char *rest = w.p;
            size_t n = (size_t)(w.end - w.p);
            while (n && (rest[n - 1] == ' ' || rest[n - 1] == '\t' || rest[n - 1] == '\r')) n--;
            if (!(d->text = dup_n(rest, n))) return fail_at(err, name, line, "out of memory");
            if (n && (d->i1 < 0 || !code_tag_known(d->i1, d->text)))
                return fail_at(err, name, line, "the code view of %s has no line tagged '%s' (hint: the tags are in "
                               "docs/viewer.md, e.g. 'code attention softmax')", d->i1 < 0 ? "off" : panel_words[d->i1], d->text);
        } else if (!strcmp(word, "highlight")) {
            d->op = LD_HIGHLIGHT;
            if (parse_highlight(&w, d) || expect_end(&w, word)) return -1;
        } else if (!strcmp(word, "check")) {
            d->op = LD_CHECK;
            if (parse_check(&w, d) || expect_end(&w, word)) return -1;
            L->n_checks++;
        } else if (!strcmp(word, "train")) {
            d->op = LD_TRAIN;
            if (next_int(&w, "how many training steps", 1, 100000, &d->i1)) return -1;
            char file[512];
            if (next_word(&w, file, sizeof file) < 0)
                return fail_at(err, name, line, "'train' needs a text file to learn from, after the steps "
                               "(hint: train 300 stories.txt; the file is found next to the lesson)");
            if (!(d->text = dup_n(file, strlen(file)))) return fail_at(err, name, line, "out of memory");
            if (expect_end(&w, word)) return -1;
        } else if (!strcmp(word, "finetune")) {
            d->op = LD_FINETUNE;
            if (next_int(&w, "how many training steps", 1, 10000, &d->i1) || expect_end(&w, word)) return -1;
            finetune = d;
        } else if (!strcmp(word, "restore")) {
            d->op = LD_RESTORE;
            if (expect_end(&w, word)) return -1;
        } else if (!strcmp(word, "evidence") || !strcmp(word, "logits") || !strcmp(word, "ids")) {
            d->op = word[0] == 'e' ? LD_EVIDENCE : word[0] == 'l' ? LD_LOGITS : LD_IDS;
            char v[16];
            if (next_word(&w, v, sizeof v) < 0 || (strcmp(v, "on") && strcmp(v, "off")))
                return fail_at(err, name, line, "'%s' expects on or off", word);
            d->i1 = !strcmp(v, "on");
            if (expect_end(&w, word)) return -1;
        }
        if (needs_prompt(d) && !have_prompt && d->op != LD_ASK)
            return fail_at(err, name, line, "'%s' needs a prompt first (hint: add a line 'prompt The cat sat on the' "
                           "above it)", word);
    }
    if (ask && finish_ask(ask, name, err)) return -1;
    if (finetune && finetune->n_examples == 0)
        return fail_at(err, name, finetune->line, "'finetune' needs at least one 'example' line after it");
    /* Asks whose answer the model decides need a prompt too. */
    have_prompt = 0;
    for (int i = 0; i < L->n; i++) {
        if (L->d[i].op == LD_PROMPT) have_prompt = 1;
        if (L->d[i].op == LD_ASK && needs_prompt(&L->d[i]) && !have_prompt)
            return fail_at(err, name, L->d[i].line, "an ask about the next token needs a prompt first "
                           "(hint: add a line 'prompt ...' above it, or give the answer with 'answer A')");
    }
    (void)continued;
    if (!L->title) return fail_at(err, name, 0, "no 'title' line (hint: the first line of a lesson is 'title ...')");
    if (!L->summary) return fail_at(err, name, 0, "no 'summary' line (hint: one sentence for the lesson menu)");
    if (!L->n_stops) return fail_at(err, name, 0, "nothing to show: no 'say' or 'ask' line");
    return 0;
}

int lesson_parse(Lesson *L, const char *name, const char *text, size_t len, GbError *err)
{
    memset(L, 0, sizeof *L);
    snprintf(L->path, sizeof L->path, "%s", name);
    snprintf(L->dir, sizeof L->dir, "%s", name);
    char *slash = strrchr(L->dir, '/');
    if (slash) slash[slash == L->dir ? 1 : 0] = 0;
    else snprintf(L->dir, sizeof L->dir, ".");
    if (len > LESSON_MAX_BYTES)
        return fail_at(err, name, 0, "%zu bytes is too large for a lesson (at most %d) (hint: a lesson is a "
                       "short text file)", len, LESSON_MAX_BYTES);
    if (memchr(text, 0, len))
        return fail_at(err, name, 0, "not a text file: it contains NUL bytes (hint: a lesson is plain UTF-8 text)");
    /* Say which line is not UTF-8. */
    int line = 1;
    for (const char *p = text, *end = text + len; p < end;) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        size_t n = eol ? (size_t)(eol - p) : (size_t)(end - p);
        if (!gb_utf8_valid(p, n))
            return fail_at(err, name, line, "not valid UTF-8 (hint: save the lesson as UTF-8 text)");
        p += n + 1;
        line++;
    }
    if (parse_lines(L, name, text, len, err)) { lesson_free(L); return -1; }
    return 0;
}

int lesson_load(Lesson *L, const char *path, GbError *err)
{
    memset(L, 0, sizeof *L);
    size_t len;
    char *text = gb_read_file(path, LESSON_MAX_BYTES, &len, err);
    if (!text) {
        /* gb_read_file's message for a big file, with the lesson's hint */
        if (strstr(err->msg, "too large")) {
            char copy[1024];
            snprintf(copy, sizeof copy, "%s", err->msg);
            gb_fail(err, path, "too large for a lesson (at most %d bytes) (hint: a lesson is a short text file)",
                    LESSON_MAX_BYTES);
        }
        return -1;
    }
    int rc = lesson_parse(L, path, text, len, err);
    free(text);
    return rc;
}

static void free_token(LessonToken *t)
{
    free(t->text);
    t->text = NULL;
}

void lesson_free(Lesson *L)
{
    for (int i = 0; i < L->n; i++) {
        LessonDirective *d = &L->d[i];
        free(d->text);
        free_token(&d->tok[0]);
        free_token(&d->tok[1]);
        for (int c = 0; c < d->n_choices; c++) {
            free(d->choices[c]);
            free_token(&d->choice_tok[c]);
        }
        for (int e = 0; e < d->n_examples; e++) free(d->examples[e]);
        free(d->examples);
    }
    free(L->d);
    free(L->title);
    free(L->summary);
    memset(L, 0, sizeof *L);
}

/* ----------------------------------------------------------------------------------------------
 * Binding to a model */

static int bind_token(Lesson *L, int line, LessonToken *t, const Tokenizer *tok, GbError *err)
{
    if (!t->text) return 0;
    t->id = tok_find(tok, t->text, (size_t)t->len);
    if (t->id >= 0) return 0;
    /* Say how the model would split it. */
    TokList list = {0};
    char split[400] = "";
    if (tok_encode(tok, t->text, (size_t)t->len, &list, NULL) == 0) {
        size_t at = 0;
        for (int i = 0; i < list.n && at + 40 < sizeof split; i++) {
            size_t n;
            char *b = tok_decode(tok, &list.ids[i], 1, &n);
            if (!b) break;
            at += (size_t)snprintf(split + at, sizeof split - at, "%s\"%.*s\"", i ? " " : "", (int)(n > 30 ? 30 : n), b);
            free(b);
        }
    }
    int n = list.n;
    tok_list_free(&list);
    return fail_at(err, L->path, line, "\"%.*s\" is not one token of this model's vocabulary%s%s%s (hint: check "
                   "the leading space; glassbox tokenize shows how text splits)", t->len > 60 ? 60 : t->len, t->text,
                   n > 1 ? ": it splits into " : "", n > 1 ? split : "", n > 1 ? "" : "");
}

int lesson_bind(Lesson *L, const Tokenizer *tok, const GptConfig *c, GbError *err)
{
    for (int i = 0; i < L->n; i++) {
        LessonDirective *d = &L->d[i];
        if (bind_token(L, d->line, &d->tok[0], tok, err) || bind_token(L, d->line, &d->tok[1], tok, err)) return -1;
        if (d->choices_are_tokens)
            for (int k = 0; k < d->n_choices; k++)
                if (bind_token(L, d->line, &d->choice_tok[k], tok, err)) return -1;
        if (d->op == LD_HIGHLIGHT && d->kind == LH_HEAD) {
            if (d->i1 >= c->n_layer)
                return fail_at(err, L->path, d->line, "layer %d: the model has %d layer%s", d->i1 + 1, c->n_layer,
                               c->n_layer == 1 ? "" : "s");
            if (d->i2 >= c->n_head)
                return fail_at(err, L->path, d->line, "head %d: the model has %d head%s per layer", d->i2 + 1,
                               c->n_head, c->n_head == 1 ? "" : "s");
        }
        if (d->op == LD_TRAIN) {
            char path[GB_PATH_MAX];
            struct stat st;
            if (d->text[0] == '/') snprintf(path, sizeof path, "%s", d->text);
            else if (gb_path_join(path, sizeof path, L->dir, d->text)) return fail_at(err, L->path, d->line, "path too long");
            if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
                return fail_at(err, L->path, d->line, "%s: no such file to train on (hint: the file is found "
                               "next to the lesson)", path);
        }
    }
    return 0;
}
