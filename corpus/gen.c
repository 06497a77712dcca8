/* gen.c — the generator's engine: choices and their self-information, the text buffer, slots,
 * and the template language (see corpus.h for the language and why it exists).
 *
 * Invariant: every random decision is one call to cg_choose, and cg_choose adds exactly the
 * self-information of what it chose to g->nats. Nothing else touches the random generator.
 *
 * Rule for every file of the generator: never two random calls in one expression or argument
 * list (f(g, cg_uniform(g, 3), cg_uniform(g, 4))). C does not fix the order in which they are
 * evaluated, so gcc and clang would draw them in different orders and write different corpora
 * from the same seed. Use one statement per draw. (tests/test_corpus.c keeps a hash of the text
 * for seed 1, so a build that draws in another order fails the test.)
 */
#include "corpus.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A template error is a bug in corpus/, not bad input: say where and stop. */
static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "corpusgen: internal error: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    exit(2);
}

void cg_init(Gen *g, uint64_t seed)
{
    memset(g, 0, sizeof *g);
    rng_seed(&g->rng, seed, 0x6c617373726f6f6dULL); /* the stream is "lassroom" in ASCII */
    g->cap = 1 << 16;
    g->text = malloc(g->cap);
    if (!g->text) die("out of memory");
    g->text[0] = 0;
}

void cg_free(Gen *g)
{
    free(g->text);
    g->text = NULL;
    g->len = g->cap = 0;
}

// ----------------------------------------------------------------------------
// Choices

/* Uniform in [0, n) without modulo bias: draws below 2^32 mod n are thrown away, so each of
 * the n results covers exactly the same number of 32-bit values. */
static uint32_t uniform_below(Rng *r, uint32_t n)
{
    uint32_t reject_below = (0u - n) % n;    /* 2^32 mod n */
    for (;;) {
        uint32_t x = rng_u32(r);
        if (x >= reject_below) return x % n;
    }
}

static void script_record(GenScript *s, int pick, int options, double p)
{
    if (s->n == s->cap) {
        int cap = s->cap ? 2 * s->cap : 64;
        int *pick2 = realloc(s->pick, (size_t)cap * sizeof *pick2);
        if (pick2) s->pick = pick2;
        int *opt2 = realloc(s->options, (size_t)cap * sizeof *opt2);
        if (opt2) s->options = opt2;
        double *prob2 = realloc(s->prob, (size_t)cap * sizeof *prob2);
        if (prob2) s->prob = prob2;
        if (!pick2 || !opt2 || !prob2) die("out of memory");
        s->cap = cap;
    }
    s->pick[s->n] = pick;
    s->options[s->n] = options;
    s->prob[s->n] = p;
    s->n++;
}

int cg_choose(Gen *g, int n, const uint32_t *weight)
{
    if (n < 1) die("a choice among %d options", n);
    uint64_t total = (uint64_t)n;
    if (weight) {
        total = 0;
        for (int i = 0; i < n; i++) total += weight[i];
        if (total == 0 || total > UINT32_MAX) die("choice weights sum to %llu", (unsigned long long)total);
    }

    int k = 0;
    if (g->script) {                                  /* tests: replay, or take option 0 */
        GenScript *s = g->script;
        if (s->pos < s->n) {
            k = s->pick[s->pos];
            if (s->options[s->pos] != n) die("script replay diverged");
        }
    } else if (n > 1) {
        uint32_t x = uniform_below(&g->rng, (uint32_t)total);
        if (!weight) {
            k = (int)x;
        } else {
            while (x >= weight[k]) x -= weight[k++];
        }
    }

    double p = weight ? (double)weight[k] / (double)total : 1.0 / n;
    if (g->script) {
        GenScript *s = g->script;
        if (s->pos < s->n) s->prob[s->pos] = p;
        else script_record(s, k, n, p);
        s->pos++;
    }
    if (n > 1) {
        g->choices++;
        g->nats -= log(p);
    }
    return k;
}

int cg_chance(Gen *g, uint32_t num, uint32_t den)
{
    uint32_t w[2] = {den - num, num};
    return cg_choose(g, 2, w);
}

void cg_distinct(Gen *g, int n, int k, int *out)
{
    int idx[256];
    if (n > 256 || k > n) die("cg_distinct(%d, %d)", n, k);
    for (int i = 0; i < n; i++) idx[i] = i;
    for (int i = 0; i < k; i++) {                     /* Fisher-Yates, stopped after k steps */
        int j = i + cg_uniform(g, n - i);
        int t = idx[i]; idx[i] = idx[j]; idx[j] = t;
        out[i] = idx[i];
    }
}

// ----------------------------------------------------------------------------
// Script mode

GenScript *cg_script_new(void)
{
    GenScript *s = calloc(1, sizeof *s);
    if (!s) die("out of memory");
    return s;
}

void cg_script_free(GenScript *s)
{
    if (!s) return;
    free(s->pick);
    free(s->options);
    free(s->prob);
    free(s);
}

void cg_script_rewind(GenScript *s) { s->pos = 0; }

int cg_script_next(GenScript *s)
{
    s->n = s->pos;                    /* forget choices a shorter path did not make */
    while (s->n > 0) {
        int i = s->n - 1;
        if (s->pick[i] + 1 < s->options[i]) {
            s->pick[i]++;
            s->pos = 0;
            return 1;
        }
        s->n--;
    }
    return 0;
}

double cg_script_prob(const GenScript *s)
{
    double p = 1;
    for (int i = 0; i < s->pos; i++) p *= s->prob[i];
    return p;
}

// ----------------------------------------------------------------------------
// The text buffer

static int is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* Templates write "a <col> kite" without knowing the colour; when the word after a lone "a"
 * takes "an" ("an orange kite"), the "a" becomes "an" here, as the word is written. */
static void fix_article(Gen *g, const char *s, size_t n)
{
    if (n == 0 || !is_letter(s[0]) || g->len < 2 || g->text[g->len - 1] != ' ') return;
    char a = g->text[g->len - 2];
    if ((a != 'a' && a != 'A') || (g->len >= 3 && is_letter(g->text[g->len - 3]))) return;
    char word[16];
    size_t k = 0;
    while (k < n && k < sizeof word - 1 && is_letter(s[k])) { word[k] = s[k]; k++; }
    word[k] = 0;
    if (strcmp(cg_article(word), "an") != 0) return;
    g->text[g->len - 1] = 'n';
    g->text[g->len] = 0;
    cg_putn(g, " ", 1);
}

void cg_putn(Gen *g, const char *s, size_t n)
{
    fix_article(g, s, n);
    if (g->cap_next && n > 0) {            /* '^' chose no connector: capitalise this word */
        g->cap_next = 0;
        char first = (char)toupper((unsigned char)s[0]);
        cg_putn(g, &first, 1);
        s++;
        n--;
    }
    if (g->len + n + 1 > g->cap) {
        size_t cap = g->cap;
        while (g->len + n + 1 > cap) cap *= 2;
        char *t = realloc(g->text, cap);
        if (!t) die("out of memory (%zu bytes)", cap);
        g->text = t;
        g->cap = cap;
    }
    memcpy(g->text + g->len, s, n);
    g->len += n;
    g->text[g->len] = 0;
}

void cg_put(Gen *g, const char *s) { cg_putn(g, s, strlen(s)); }

void cg_begin_doc(Gen *g)
{
    g->doc_start = g->len;
    cg_clear_slots(g);
}

void cg_end_doc(Gen *g) { cg_put(g, "\n\n"); }

// ----------------------------------------------------------------------------
// Slots

void cg_clear_slots(Gen *g) { g->n_slots = 0; }

static Slot *slot_for(Gen *g, const char *key)
{
    for (int i = 0; i < g->n_slots; i++)
        if (strcmp(g->slots[i].key, key) == 0) return &g->slots[i];
    if (g->n_slots == CG_MAX_SLOTS) die("more than %d slots", CG_MAX_SLOTS);
    if (strlen(key) >= CG_KEY_MAX) die("slot key '%s' is too long", key);
    Slot *s = &g->slots[g->n_slots++];
    memset(s, 0, sizeof *s);
    strcpy(s->key, key);
    return s;
}

void cg_set_char(Gen *g, const char *key, Character c)
{
    Slot *s = slot_for(g, key);
    s->is_char = 1;
    s->ch = c;
    s->pick = NULL;
    s->named = 0;
}

void cg_set_noun(Gen *g, const char *key, Noun n)
{
    Slot *s = slot_for(g, key);
    s->is_char = 0;
    s->noun = n;
    s->pick = NULL;
}

void cg_set_lazy(Gen *g, const char *key, SlotPicker pick, const void *arg)
{
    Slot *s = slot_for(g, key);
    s->pick = pick;
    s->pick_arg = arg;
}

static void pick_from_table(Gen *g, Slot *s, const void *arg)
{
    const WordTable *t = arg;
    s->is_char = 0;
    s->noun = t->words[cg_uniform(g, t->n)];
}

void cg_set_lazy_table(Gen *g, const char *key, const char *table)
{
    const WordTable *t = words_table(table, strlen(table));
    if (!t) die("unknown word table '%s'", table);
    cg_set_lazy(g, key, pick_from_table, t);
}

void cg_set_word(Gen *g, const char *key, const char *word)
{
    Noun n = {word, NULL};
    cg_set_noun(g, key, n);
}

/* The slot named key[0..len), drawn now if it is lazy and not drawn yet. */
static Slot *find_slot(Gen *g, const char *key, size_t len)
{
    for (int i = 0; i < g->n_slots; i++) {
        Slot *s = &g->slots[i];
        if (strlen(s->key) != len || memcmp(s->key, key, len) != 0) continue;
        if (s->pick) {
            SlotPicker pick = s->pick;
            s->pick = NULL;
            pick(g, s, s->pick_arg);
        }
        return s;
    }
    return NULL;
}

Slot *cg_slot(Gen *g, const char *key) { return find_slot(g, key, strlen(key)); }

void cg_alias(Gen *g, const char *key, const char *from)
{
    Slot *src = cg_slot(g, from);
    if (!src) die("cg_alias: slot '%s' is not set", from);
    Slot copy = *src;
    Slot *dst = slot_for(g, key);
    memcpy(copy.key, dst->key, sizeof copy.key);
    *dst = copy;
}

// ----------------------------------------------------------------------------
// Word helpers

const char *cg_article(const char *w)
{
    static const char *const an_words[] = {"hour", "honest", "heir"};
    static const char *const a_words[] = {"uni", "use", "usu", "eu", "one", "once"};
    for (int i = 0; i < COUNT(a_words); i++)
        if (strncmp(w, a_words[i], strlen(a_words[i])) == 0) return "a";
    for (int i = 0; i < COUNT(an_words); i++)
        if (strncmp(w, an_words[i], strlen(an_words[i])) == 0) return "an";
    return strchr("aeiouAEIOU", w[0]) && w[0] ? "an" : "a";
}

void cg_plural(const Noun *n, char *out, size_t cap)
{
    if (n->many) {
        snprintf(out, cap, "%s", n->many);
        return;
    }
    size_t len = strlen(n->one);
    const char *w = n->one;
    char last = len ? w[len - 1] : 0, before = len > 1 ? w[len - 2] : 0;
    if (last == 's' || last == 'x' || last == 'z' || (last == 'h' && (before == 'c' || before == 's')))
        snprintf(out, cap, "%ses", w);
    else if (last == 'y' && !strchr("aeiou", before))
        snprintf(out, cap, "%.*sies", (int)(len - 1), w);
    else
        snprintf(out, cap, "%ss", w);
}

/* Write s with its first letter in upper case. */
static void put_capitalized(Gen *g, const char *s)
{
    if (!*s) return;
    char first = (char)toupper((unsigned char)s[0]);
    cg_putn(g, &first, 1);
    cg_put(g, s + 1);
}

// ----------------------------------------------------------------------------
// The template language

/* The pronouns of each gender: he He him Him his His self. */
static const char *const pronouns[4][7] = {
    [GENDER_GIRL] = {"she", "She", "her", "Her", "her", "Her", "herself"},
    [GENDER_BOY]  = {"he", "He", "him", "Him", "his", "His", "himself"},
    [GENDER_IT]   = {"it", "It", "it", "It", "its", "Its", "itself"},
    [GENDER_THEY] = {"they", "They", "them", "Them", "their", "Their", "themselves"},
};
static const char *const pronoun_forms[7] = {"he", "He", "him", "Him", "his", "His", "self"};

static int form_is(const char *form, size_t len, const char *name)
{
    return strlen(name) == len && memcmp(form, name, len) == 0;
}

/* Note that the character in slot s was just mentioned (by name or pronoun). */
static void mentioned(Gen *g, Slot *s)
{
    s->mentioned_at = ++g->mentions;
}

/* May a pronoun stand for s? Only if its name has been written and no other character who
 * takes the same pronoun was mentioned after it ("Mia and Zoe ... she" would be unclear). */
static int pronoun_is_clear(const Gen *g, const Slot *s)
{
    if (!s->named) return 0;
    for (int i = 0; i < g->n_slots; i++) {
        const Slot *o = &g->slots[i];
        if (o == s || !o->is_char || o->pick || o->mentioned_at <= s->mentioned_at) continue;
        if (o->ch.gender == s->ch.gender || o->ch.gender == GENDER_UNSET || s->ch.gender == GENDER_UNSET)
            return 0;
    }
    return 1;
}

/* The character's gender, drawn now if it is GENDER_UNSET. */
static int gender_of(Gen *g, Slot *s)
{
    if (s->ch.gender == GENDER_UNSET) s->ch.gender = cg_uniform(g, 2) ? GENDER_BOY : GENDER_GIRL;
    return s->ch.gender;
}

static void put_character(Gen *g, Slot *s, const char *form, size_t flen)
{
    const Character *c = &s->ch;
    if (flen == 0 || form_is(form, flen, "Cap")) {
        if (flen == 0) cg_put(g, c->name); else put_capitalized(g, c->name);
        s->named = 1;
        mentioned(g, s);
        return;
    }
    if (form_is(form, flen, "kind")) { cg_put(g, c->kind); return; }
    if (form_is(form, flen, "a")) {
        cg_put(g, cg_article(c->kind));
        cg_put(g, " ");
        cg_put(g, c->kind);
        return;
    }
    /* Who/who: the name or, once the name is known, the pronoun (1/2 each). */
    if (form_is(form, flen, "Who") || form_is(form, flen, "who")) {
        if (pronoun_is_clear(g, s) && cg_uniform(g, 2)) {
            cg_put(g, pronouns[gender_of(g, s)][form[0] == 'W' ? 1 : 0]);
        } else {
            if (form[0] == 'W') put_capitalized(g, c->name); else cg_put(g, c->name);
            s->named = 1;
        }
        mentioned(g, s);
        return;
    }
    for (int i = 0; i < 7; i++)
        if (form_is(form, flen, pronoun_forms[i])) {
            cg_put(g, pronouns[gender_of(g, s)][i]);
            mentioned(g, s);
            return;
        }
    die("unknown character form '%.*s' for %s", (int)flen, form, c->name);
}

static void put_noun(Gen *g, const Noun *n, const char *form, size_t flen)
{
    char plural[64];
    if (flen == 0) { cg_put(g, n->one); return; }
    if (form_is(form, flen, "Cap")) { put_capitalized(g, n->one); return; }
    if (form_is(form, flen, "a") || form_is(form, flen, "A")) {
        const char *art = cg_article(n->one);
        if (form[0] == 'A') put_capitalized(g, art); else cg_put(g, art);
        cg_put(g, " ");
        cg_put(g, n->one);
        return;
    }
    if (form_is(form, flen, "s") || form_is(form, flen, "S")) {
        cg_plural(n, plural, sizeof plural);
        if (form[0] == 'S') put_capitalized(g, plural); else cg_put(g, plural);
        return;
    }
    die("unknown noun form '%.*s' for %s", (int)flen, form, n->one);
}

/* Where the bracket opened at s[0] closes. All four bracket pairs nest together, so a '|' or a
 * ']' inside an inner group never ends an outer one. */
static const char *closing(const char *s, const char *end)
{
    int depth = 0;
    for (const char *p = s; p < end; p++) {
        if (strchr("{[<(", *p)) depth++;
        else if (strchr("}]>)", *p) && --depth == 0) return p;
    }
    die("unbalanced bracket in template \"%.*s\"", (int)(end - s), s);
    return NULL;
}

static void expand(Gen *g, const char *s, const char *end);

/* {a|b|c}: split at the top-level bars and expand one alternative. */
static void expand_choice(Gen *g, const char *s, const char *close)
{
    const char *start[64], *stop[64];
    int n = 0, depth = 0;
    start[0] = s + 1;
    for (const char *p = s + 1; p < close; p++) {
        if (strchr("{[<(", *p)) depth++;
        else if (strchr("}]>)", *p)) depth--;
        else if (*p == '|' && depth == 0) {
            if (n == 63) die("more than 64 alternatives");
            stop[n++] = p;
            start[n] = p + 1;
        }
    }
    stop[n++] = close;
    int k = cg_uniform(g, n);
    expand(g, start[k], stop[k]);
}

/* <K>, <K:form>, <%table>, <%table:form> */
static void expand_slot(Gen *g, const char *s, const char *close)
{
    const char *key = s + 1, *colon = memchr(key, ':', (size_t)(close - key));
    const char *key_end = colon ? colon : close;
    const char *form = colon ? colon + 1 : close;
    size_t flen = (size_t)(close - form);
    if (*key == '%') {
        const WordTable *t = words_table(key + 1, (size_t)(key_end - key - 1));
        if (!t) die("unknown word table '%.*s'", (int)(key_end - key - 1), key + 1);
        put_noun(g, &t->words[cg_uniform(g, t->n)], form, flen);
        return;
    }
    Slot *slot = find_slot(g, key, (size_t)(key_end - key));
    if (!slot) die("slot '%.*s' is not set", (int)(key_end - key), key);
    if (slot->is_char) put_character(g, slot, form, flen);
    else put_noun(g, &slot->noun, form, flen);
}

/* (K: line) or (K verb: line): the character says the line, with a speech tag. */
static void expand_speech(Gen *g, const char *s, const char *close)
{
    const char *colon = memchr(s, ':', (size_t)(close - s));
    if (!colon || colon[1] != ' ') die("speech needs '(K: line)': \"%.*s\"", (int)(close - s + 1), s);
    const char *key = s + 1, *space = memchr(key, ' ', (size_t)(colon - key));
    const char *key_end = space ? space : colon;
    Slot *slot = find_slot(g, key, (size_t)(key_end - key));
    if (!slot || !slot->is_char) die("speaker '%.*s' is not a character", (int)(key_end - key), key);
    const Character *c = &slot->ch;

    /* Expand the line where it will go, then take it back out to wrap it in quotes. */
    size_t at = g->len;
    expand(g, colon + 2, close);
    char line[1024];
    size_t n = g->len - at;
    if (n == 0 || n >= sizeof line) die("speech line of %zu bytes", n);
    memcpy(line, g->text + at, n);
    line[n] = 0;
    g->len = at;
    g->text[at] = 0;

    char mark = line[n - 1];
    if (!strchr(".?!", mark)) die("speech line must end in . ? or !: \"%s\"", line);
    char verb[32];
    if (space) {
        snprintf(verb, sizeof verb, "%.*s", (int)(colon - space - 1), space + 1);
    } else if (mark == '.') {
        strcpy(verb, "said");
    } else if (mark == '?') {
        strcpy(verb, "asked");
    } else {
        strcpy(verb, cg_uniform(g, 2) ? "called" : "shouted");
    }
    /* In the three forms where the tag follows, a statement's full stop becomes a comma. */
    char quoted[1030];
    if (mark == '.') snprintf(quoted, sizeof quoted, "\"%.*s,\"", (int)(n - 1), line);
    else snprintf(quoted, sizeof quoted, "\"%s\"", line);

    /* "she said" only when it is clear who she is. */
    int form = cg_uniform(g, pronoun_is_clear(g, slot) ? 4 : 3);
    slot->named = 1;
    mentioned(g, slot);
    switch (form) {
    case 0:                                               /* "Line," said Mia. */
        cg_put(g, quoted); cg_put(g, " "); cg_put(g, verb); cg_put(g, " ");
        cg_put(g, c->name); cg_put(g, ".");
        break;
    case 1:                                               /* "Line," Mia said. */
        cg_put(g, quoted); cg_put(g, " "); cg_put(g, c->name); cg_put(g, " ");
        cg_put(g, verb); cg_put(g, ".");
        break;
    case 2:                                               /* Mia said, "Line." */
        put_capitalized(g, c->name); cg_put(g, " "); cg_put(g, verb); cg_put(g, ", \"");
        cg_put(g, line); cg_put(g, "\"");
        break;
    default:                                              /* "Line," she said. */
        cg_put(g, quoted); cg_put(g, " "); cg_put(g, pronouns[gender_of(g, slot)][0]); cg_put(g, " ");
        cg_put(g, verb); cg_put(g, ".");
        break;
    }
}

/* '^': a connector ("Then ", "Soon ", "After that, ", "Later ", 1/10 each), else (6/10) nothing
 * and the next word is capitalised. Written before a lower-case <H:who>: "^<H:who> ran." */
static void expand_connector(Gen *g)
{
    static const char *const connector[] = {"Then ", "Soon ", "After that, ", "Later "};
    static const uint32_t weight[5] = {6, 1, 1, 1, 1};
    int k = cg_choose(g, 5, weight);
    if (k == 0) g->cap_next = 1;
    else cg_put(g, connector[k - 1]);
}

static void expand(Gen *g, const char *s, const char *end)
{
    while (s < end) {
        if (*s == '^') {
            expand_connector(g);
            s++;
            continue;
        }
        const char *lit = s;
        while (s < end && !strchr("{[<(^", *s)) {
            if (strchr("}]>)|", *s)) die("stray '%c' in template \"%.*s\"", *s, (int)(end - lit), lit);
            s++;
        }
        if (s > lit) cg_putn(g, lit, (size_t)(s - lit));
        if (s == end) break;
        if (*s == '^') continue;
        const char *close = closing(s, end);
        switch (*s) {
        case '{': expand_choice(g, s, close); break;
        case '[': if (cg_uniform(g, 2)) expand(g, s + 1, close); break;
        case '<': expand_slot(g, s, close); break;
        default: expand_speech(g, s, close); break;
        }
        s = close + 1;
    }
}

void cg_expand(Gen *g, const char *t) { expand(g, t, t + strlen(t)); }

void cg_sentence(Gen *g, const char *t)
{
    if (g->len > g->doc_start) cg_put(g, " ");
    cg_expand(g, t);
}

void cg_beat(Gen *g, const Bank *b) { cg_sentence(g, b->t[cg_uniform(g, b->n)]); }
