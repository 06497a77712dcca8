/* test_tokenizer.c — tests for ref/tokenizer.c that need nothing but the C library.
 *
 * What is checked:
 *   - the pre-tokenizer on hand-written examples of each rule of GPT-2's regex;
 *   - the trainer on a tiny text whose merges we work out by hand (this pins the tie-breaking),
 *     its limits (bad vocab_size, too little text), and its determinism (train twice, compare);
 *   - a trained vocabulary (400 tokens) loads, and 2000+ random byte strings (invalid UTF-8, NUL,
 *     emoji, CJK, whitespace runs, pieces of the training text) encode to spans that are
 *     contiguous and cover the text, decode back exactly, and give the same ids as a slow
 *     reference encoder that applies the merges one rank at a time;
 *   - tok_load rejects broken files with a message naming the file (and the line, for merges.txt).
 * GPT-2's real vocabulary is tested against a JavaScript encoder in tests/tokenizer/test_gpt2.sh.
 */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include "check.h"
#include "tokenizer.h"
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

// ----------------------------------------------------------------------------
// Helpers

static char scratch_dir[64];

static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static uint32_t rnd(uint32_t n) /* xorshift64*, uniform enough for test data */
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * 2685821657736338717u) >> 33) % n;
}

/* A growing byte string. */
typedef struct {
    char *data;
    size_t len, cap;
} Str;

static void str_add(Str *s, const void *data, size_t n)
{
    if (s->len + n + 1 > s->cap) {
        s->cap = (s->len + n + 1) * 2;
        s->data = realloc(s->data, s->cap);
        if (!s->data) { fprintf(stderr, "out of memory\n"); exit(1); }
    }
    memcpy(s->data + s->len, data, n);
    s->len += n;
    s->data[s->len] = 0;
}

static void str_adds(Str *s, const char *text) { str_add(s, text, strlen(text)); }

static void write_file(const char *dir, const char *name, const char *data, size_t len)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "cannot write %s\n", path);
        exit(1);
    }
}

static char *read_whole(const char *dir, const char *name, size_t *len)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return gb_read_file(path, (size_t)1 << 28, len, NULL);
}

static void remove_in(const char *dir, const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    remove(path);
}

/* out = scratch_dir/name, an existing empty folder. */
static void make_dir(char *out, size_t cap, const char *name)
{
    snprintf(out, cap, "%s/%s", scratch_dir, name);
    mkdir(out, 0777);
    remove_in(out, "vocab.json");
    remove_in(out, "merges.txt");
}

/* GPT-2's bytes_to_unicode, written again from its description (an independent check of the
 * alphabet in tokenizer.c): the printable bytes stand for themselves, the others for U+0100... */
static uint32_t byte_char(int b)
{
    int printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
    if (printable) return (uint32_t)b;
    int n = 0;
    for (int c = 0; c < b; c++)
        n += !((c >= '!' && c <= '~') || (c >= 0xA1 && c <= 0xAC) || (c >= 0xAE));
    return 256u + (uint32_t)n;
}

/* Append bytes written in the alphabet, escaped for a JSON string. */
static void add_alphabet(Str *s, const unsigned char *bytes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char utf8[4];
        if (bytes[i] == '"' || bytes[i] == '\\') str_adds(s, "\\");
        str_add(s, utf8, (size_t)gb_utf8_encode(byte_char(bytes[i]), utf8));
    }
}

/* A vocab.json body with the 256 byte tokens at ids 0..255 (in byte order), without the braces. */
static void add_byte_vocab(Str *s)
{
    for (int b = 0; b < 256; b++) {
        unsigned char one = (unsigned char)b;
        char tail[32];
        str_adds(s, b ? ", \"" : "\"");
        add_alphabet(s, &one, 1);
        snprintf(tail, sizeof tail, "\": %d", b);
        str_adds(s, tail);
    }
}

// ----------------------------------------------------------------------------
// The pre-tokenizer

/* Cut text into pieces and join them with '|' for easy comparison. */
static void pieces_of(const char *text, size_t len, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t pos = 0; pos < len;) {
        size_t end = tok_next_piece(text, len, pos);
        if (o && o < cap) out[o++] = '|';
        for (size_t i = pos; i < end && o + 1 < cap; i++) out[o++] = text[i];
        pos = end;
    }
    out[o < cap ? o : cap - 1] = 0;
}

static void test_pieces(void)
{
    static const char *cases[][2] = {
        {"Hello world", "Hello| world"},
        {"I'll pay 100$!!  ok", "I|'ll| pay| 100|$!!| | ok"},         /* contraction, numbers */
        {"don't 'S 's", "don|'t| '|S| '|s"},                            /* only lower case; " '" */
        {"a  \n b", "a|  \n| b"},              /* a whitespace run leaves its last char */
        {"x\n\ny", "x|\n|\n|y"},              /* ...which joins the next piece only if ' ' */
        {"end   ", "end|   "},                  /* ...unless it reaches the end */
        {"caf\xC3\xA9 \xE6\xBC\xA2\xE5\xAD\x97!", "caf\xC3\xA9| \xE6\xBC\xA2\xE5\xAD\x97|!"},
        {"e\xCC\x81", "e|\xCC\x81"},            /* a combining mark is not a letter */
        {"12abc", "12|abc"},
        {" \xFF\xFE!x", " \xFF\xFE!|x"},        /* invalid bytes are "other" characters */
        {"\xC2\xA0x", "\xC2\xA0|x"},            /* U+00A0 is whitespace, but only ' ' joins */
        {"''s", "''|s"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char got[128];
        pieces_of(cases[i][0], strlen(cases[i][0]), got, sizeof got);
        CHECK(strcmp(got, cases[i][1]) == 0, "pieces of \"%s\": got \"%s\", want \"%s\"",
              cases[i][0], got, cases[i][1]);
    }
    char nul_text[] = {'a', 0, 0, 'b', ' ', 0};
    char got[32];
    pieces_of(nul_text, sizeof nul_text, got, sizeof got);
    CHECK(memcmp(got, "a|\0\0|b| \0", 10) == 0, "pieces of a text with NUL bytes");
}

// ----------------------------------------------------------------------------
// The trainer on a text small enough to follow by hand

static void test_train_by_hand(void)
{
    /* "aaabdaaabac" is one piece. Byte ids: 'a' = 64, 'b' = 65, 'c' = 66, 'd' = 67.
     *   pairs: aa 4, ab 2, bd da ba ac 1       -> merge a a       (256 "aa")
     *   aa a b d aa a b a c: (aa,a) 2, (a,b) 2 -> tie, smaller left id: a b (257 "ab")
     *   aa ab d aa ab a c:   (aa,ab) 2         -> aa ab           (258 "aaab")
     *   aaab d aaab a c:     all 1, smallest left is a (64) -> a c (259), then d aaab (260),
     *   then aaab daaab (261), then aaabdaaab ac (262): the whole word; nothing is left. */
    static const char *want = "#version: 0.2\na a\na b\naa ab\na c\nd aaab\naaab daaab\n"
                              "aaabdaaab ac\n";
    char dir[128];
    GbError err;
    make_dir(dir, sizeof dir, "byhand");
    int rc = tok_train("aaabdaaabac", 11, 264, dir, &err);
    CHECK(rc == 0, "train aaabdaaabac to 264 tokens: %s", rc ? err.msg : "");
    size_t len = 0;
    char *merges = read_whole(dir, "merges.txt", &len);
    CHECK(merges && len == strlen(want) && memcmp(merges, want, len) == 0,
          "merges by hand: got\n%s\nwant\n%s", merges ? merges : "(none)", want);
    free(merges);

    Tokenizer t;
    rc = tok_load(&t, dir, &err);
    CHECK(rc == 0, "load the hand-trained vocabulary: %s", rc ? err.msg : "");
    if (rc == 0) {
        TokList list = {0};
        tok_encode(&t, "aaabdaaabac", 11, &list, &err);
        CHECK(list.n == 1 && list.ids[0] == 262, "aaabdaaabac is one token (262), got %d tokens",
              list.n);
        int n;
        const unsigned char *eot = tok_bytes(&t, 263, &n);
        CHECK(n == 13 && memcmp(eot, "<|endoftext|>", 13) == 0, "the last id is <|endoftext|>");
        tok_list_free(&list);
        tok_free(&t);
    }

    rc = tok_train("aaabdaaabac", 11, 265, dir, &err);
    CHECK(rc != 0 && strstr(err.msg, "at most 264") && strstr(err.msg, "vocab.json"),
          "training past the last pair says how far it can go: %s", err.msg);
    rc = tok_train("", 0, 300, dir, &err);
    CHECK(rc != 0 && strstr(err.msg, "at most 257"), "training on no text fails: %s", err.msg);
    rc = tok_train("abc", 3, 256, dir, &err);
    CHECK(rc != 0 && strstr(err.msg, "257"), "vocab_size 256 is refused: %s", err.msg);
    rc = tok_train("abc", 3, TOK_MAX_VOCAB + 1, dir, &err);
    CHECK(rc != 0 && strstr(err.msg, "vocab_size"), "a huge vocab_size is refused: %s", err.msg);
    rc = tok_train("abc", 3, 258, "/nonexistent-glassbox-dir/sub", &err);
    CHECK(rc != 0 && strstr(err.msg, "/nonexistent-glassbox-dir/sub"),
          "an output folder that cannot be made is named: %s", err.msg);
    remove_in(dir, "vocab.json");
    remove_in(dir, "merges.txt");
}

// ----------------------------------------------------------------------------
// Training text and random strings

static const char *WORDS[] = {
    "the", "of", "and", "to", "in", "is", "you", "that", "it", "he", "was", "for", "on", "are",
    "with", "they", "be", "at", "one", "have", "this", "from", "word", "but", "what", "some",
    "tokenizer", "attention", "classroom", "model", "Hello", "World", "GPT", "don't", "I'll",
    "it's", "we're", "3.14", "2024", "1,000", "caf\xC3\xA9", "na\xC3\xAFve", "\xE6\xBC\xA2\xE5\xAD\x97",
    "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E", "\xF0\x9F\x98\x80", "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82",
    "!!", "...", "(x)", "--", "\"quoted\"",
};
#define N_WORDS (sizeof WORDS / sizeof WORDS[0])

static void make_training_text(Str *text)
{
    for (int sentence = 0; sentence < 3000; sentence++) {
        int n = 3 + (int)rnd(12);
        for (int i = 0; i < n; i++) {
            if (i) str_adds(text, rnd(20) ? " " : "  ");
            /* a rough Zipf law: low indices much more often */
            str_adds(text, WORDS[rnd((uint32_t)(rnd(N_WORDS) + 1))]);
        }
        str_adds(text, rnd(4) ? ". " : ".\n\n");
    }
}

/* A code point from pools that exercise each class and UTF-8 length. */
static uint32_t random_char(void)
{
    static const uint32_t pools[][2] = {
        {'a', 'z'}, {'A', 'Z'}, {'0', '9'}, {' ', '/'}, {'\t', '\r'}, {0xA0, 0xFF},
        {0x300, 0x36F}, {0x391, 0x3C9}, {0x410, 0x44F}, {0x2000, 0x200B}, {0x3000, 0x3002},
        {0x4E00, 0x4FFF}, {0xAC00, 0xAC40}, {0xFEFF, 0xFEFF}, {0x1F300, 0x1F64F}, {0x10000, 0x10FFFF},
    };
    const uint32_t *p = pools[rnd(sizeof pools / sizeof pools[0])];
    uint32_t c = p[0] + rnd(p[1] - p[0] + 1);
    return (c >= 0xD800 && c <= 0xDFFF) ? 'x' : c;
}

/* The i-th random test string: several kinds, all deterministic. */
static void random_string(int i, const Str *training, Str *out)
{
    out->len = 0;
    str_add(out, "", 0);
    int n = (int)rnd(60);
    switch (i % 6) {
    case 0: /* any bytes at all: mostly invalid UTF-8 */
        for (int k = 0; k < n; k++) { char b = (char)rnd(256); str_add(out, &b, 1); }
        break;
    case 1: /* valid UTF-8 from every class: letters, digits, marks, CJK, emoji, spaces */
        for (int k = 0; k < n; k++) {
            char utf8[4];
            str_add(out, utf8, (size_t)gb_utf8_encode(random_char(), utf8));
        }
        break;
    case 2: /* NUL bytes among words */
        for (int k = 0; k < n / 4 + 1; k++) {
            str_add(out, "\0", 1);
            str_adds(out, WORDS[rnd(N_WORDS)]);
            if (rnd(2)) str_add(out, " \0\0", 3);
        }
        break;
    case 3: /* long whitespace runs between words */
        for (int k = 0; k < n / 8 + 1; k++) {
            int run = (int)rnd(200);
            for (int r = 0; r < run; r++) str_add(out, &" \t\n\r  "[rnd(6)], 1);
            str_adds(out, WORDS[rnd(N_WORDS)]);
        }
        break;
    case 4: { /* a slice of the training text, often cutting a UTF-8 character in two */
        size_t start = rnd((uint32_t)training->len), len = rnd(300);
        if (start + len > training->len) len = training->len - start;
        str_add(out, training->data + start, len);
        break;
    }
    default: /* a mix of all of the above */
        for (int k = 0; k < n / 4 + 1; k++) {
            char utf8[4];
            switch (rnd(5)) {
            case 0: str_adds(out, WORDS[rnd(N_WORDS)]); break;
            case 1: { char b = (char)rnd(256); str_add(out, &b, 1); break; }
            case 2: str_add(out, utf8, (size_t)gb_utf8_encode(random_char(), utf8)); break;
            case 3: str_add(out, "   \n\t", 1 + rnd(5)); break;
            default: str_add(out, "'s'll'", 1 + rnd(6)); break;
            }
        }
    }
}

/* The slow, obvious encoder: cut the pieces, then for each merge in rank order, merge its pair
 * everywhere in each piece, left to right. For vocabularies made by tok_train this is exactly
 * what GPT-2's bpe() computes; tok_encode gets there faster with a heap. */
static int reference_encode(const Tokenizer *t, const char *text, size_t len, int **ids)
{
    int n = 0;
    *ids = malloc((len + 1) * sizeof **ids);
    for (size_t pos = 0; pos < len;) {
        size_t end = tok_next_piece(text, len, pos);
        int *s = *ids + n, m = (int)(end - pos);
        for (int i = 0; i < m; i++) s[i] = t->byte_token[(unsigned char)text[pos + i]];
        for (int r = 0; r < t->n_merges && m > 1; r++) {
            const TokMerge *merge = &t->merges[r];
            int k = 0;
            for (int i = 0; i < m;) {
                if (i + 1 < m && s[i] == merge->left && s[i + 1] == merge->right) {
                    s[k++] = merge->result;
                    i += 2;
                } else {
                    s[k++] = s[i++];
                }
            }
            m = k;
        }
        n += m;
        pos = end;
    }
    return n;
}

/* Encode text and check every promise: spans, bytes, decoding, and the reference ids. Returns
 * 1 if all hold, else prints why and returns 0. */
static int round_trip(const Tokenizer *t, const char *text, size_t len, const char *what)
{
    TokList list = {0};
    GbError err;
    if (tok_encode(t, text, len, &list, &err)) {
        fprintf(stderr, "%s: tok_encode failed: %s\n", what, err.msg);
        return 0;
    }
    const char *why = NULL;
    int expect = 0;
    for (int i = 0; i < list.n && !why; i++) {
        int k;
        const unsigned char *b = tok_bytes(t, list.ids[i], &k);
        if (list.start[i] != expect) why = "spans are not contiguous";
        else if (list.end[i] - list.start[i] != k || memcmp(text + list.start[i], b, (size_t)k))
            why = "a span's bytes are not its token's bytes";
        expect = list.end[i];
    }
    if (!why && (size_t)expect != len) why = "spans do not cover the text";
    size_t back_len;
    char *back = tok_decode(t, list.ids, list.n, &back_len);
    if (!why && (!back || back_len != len || memcmp(back, text, len))) why = "decode differs";
    int *ref;
    int n_ref = reference_encode(t, text, len, &ref);
    if (!why && (n_ref != list.n || (n_ref && memcmp(ref, list.ids, (size_t)n_ref * sizeof *ref))))
        why = "ids differ from the reference encoder";
    if (why) fprintf(stderr, "%s (%zu bytes): %s\n", what, len, why);
    free(ref);
    free(back);
    tok_list_free(&list);
    return why == NULL;
}

static void test_trained_vocabulary(const Str *training)
{
    char dir_a[128], dir_b[128];
    GbError err;
    make_dir(dir_a, sizeof dir_a, "train_a");
    make_dir(dir_b, sizeof dir_b, "train_b");

    double t0 = gb_now();
    int rc = tok_train(training->data, training->len, 400, dir_a, &err);
    printf("trained 400 tokens on %zu bytes in %.3f s\n", training->len, gb_now() - t0);
    CHECK(rc == 0, "train 400 tokens: %s", rc ? err.msg : "");
    rc = tok_train(training->data, training->len, 400, dir_b, &err);
    CHECK(rc == 0, "train again: %s", rc ? err.msg : "");
    const char *names[] = {"vocab.json", "merges.txt"};
    for (int k = 0; k < 2; k++) { /* deterministic: byte-identical files */
        size_t la = 0, lb = 0;
        char *a = read_whole(dir_a, names[k], &la), *b = read_whole(dir_b, names[k], &lb);
        CHECK(a && b && la == lb && memcmp(a, b, la) == 0, "training twice gives the same %s",
              names[k]);
        free(a);
        free(b);
    }

    Tokenizer t;
    rc = tok_load(&t, dir_a, &err);
    CHECK(rc == 0, "load the trained vocabulary: %s", rc ? err.msg : "");
    if (rc) return;
    CHECK(t.vocab_size == 400 && t.n_merges == 400 - 257, "400 tokens and 143 merges, got %d and %d",
          t.vocab_size, t.n_merges);
    CHECK(t.byte_token['!'] == 0 && t.byte_token[' '] == 220 && t.byte_token[0] == 188 &&
          t.byte_token[0xFF] == 187, "byte ids follow GPT-2's order ('!' 0, ' ' 220, 0x00 188)");
    int all_ok = 1;
    for (int r = 0; r < t.n_merges; r++) { /* merge r makes the new token 256 + r */
        const TokMerge *m = &t.merges[r];
        all_ok &= m->result == 256 + r && m->left < m->result && m->right < m->result &&
                  t.len[m->result] == t.len[m->left] + t.len[m->right];
    }
    CHECK(all_ok, "each merge makes the next id from tokens made before it");
    CHECK(tok_find(&t, "<|endoftext|>", 13) == 399, "<|endoftext|> is the last id");
    CHECK(tok_find(&t, "no such token", 13) == -1, "tok_find of an unknown token is -1");

    /* The training text itself, then the random strings. */
    CHECK(round_trip(&t, training->data, training->len, "training text"),
          "the training text round-trips and matches the reference encoder");
    Str s = {0};
    int n_strings = 2400;
    for (int i = 0; i < n_strings; i++) {
        char what[64];
        random_string(i, training, &s);
        snprintf(what, sizeof what, "random string %d (kind %d)", i, i % 6);
        CHECK(round_trip(&t, s.data, s.len, what), "%s round-trips", what);
    }
    printf("round-tripped %d random strings\n", n_strings);

    /* Long pieces: a megabyte of one letter, and of random letters, is one piece each. */
    s.len = 0;
    for (int i = 0; i < 1 << 20; i++) str_add(&s, "e", 1);
    t0 = gb_now();
    CHECK(round_trip(&t, s.data, s.len, "1 MB of 'e'"), "1 MB of 'e' round-trips");
    s.len = 0;
    for (int i = 0; i < 1 << 18; i++) str_add(&s, &"etaoinshrdlu"[rnd(12)], 1);
    CHECK(round_trip(&t, s.data, s.len, "256 KB of letters"), "256 KB of letters round-trips");
    printf("long pieces took %.3f s (including the slow reference encoder)\n", gb_now() - t0);

    /* tok_encode appends; tok_bytes and tok_decode ignore ids out of range. */
    TokList list = {0};
    tok_encode(&t, "the model", 9, &list, &err);
    int first = list.n;
    tok_encode(&t, "the model", 9, &list, &err);
    CHECK(list.n == 2 * first && list.start[first] == 0, "a second tok_encode appends");
    int bad_ids[] = {-1, 400, 1 << 30};
    size_t len = 99;
    char *text = tok_decode(&t, bad_ids, 3, &len);
    CHECK(text && len == 0 && text[0] == 0, "ids out of range decode to nothing");
    int k = 5;
    CHECK(tok_bytes(&t, -7, &k) && k == 0, "tok_bytes of a bad id is empty");
    free(text);
    tok_list_free(&list);
    free(s.data);
    tok_free(&t);
    for (int d = 0; d < 2; d++)
        for (int f = 0; f < 2; f++) remove_in(d ? dir_b : dir_a, names[f]);
}

// ----------------------------------------------------------------------------
// Broken files

/* Write vocab.json and merges.txt (NULL: leave it out), load, and check that loading fails with
 * a message containing each of the given words. */
static void expect_load_error(const char *vocab, const char *merges, const char *what,
                              const char *word1, const char *word2)
{
    char dir[128];
    make_dir(dir, sizeof dir, "bad");
    if (vocab) write_file(dir, "vocab.json", vocab, strlen(vocab));
    if (merges) write_file(dir, "merges.txt", merges, strlen(merges));
    Tokenizer t;
    GbError err = {{0}};
    int rc = tok_load(&t, dir, &err);
    CHECK(rc != 0, "%s: tok_load should fail", what);
    if (rc == 0) { tok_free(&t); return; }
    CHECK(strstr(err.msg, word1) && (!word2 || strstr(err.msg, word2)),
          "%s: message should mention \"%s\"%s%s: %s", what, word1, word2 ? " and " : "",
          word2 ? word2 : "", err.msg);
    CHECK(!strstr(err.msg, "hint") || strstr(err.msg, "(hint: "), "%s: hint format", what);
}

static void test_bad_files(void)
{
    Str ok = {0}; /* a valid vocabulary: bytes, plus "ab" (256), "abc" (257), "Ġt" (258) */
    str_adds(&ok, "{");
    add_byte_vocab(&ok);
    str_adds(&ok, ", \"ab\": 256, \"abc\": 257, \"\xC4\xA0t\": 258}");
    const char *merges = "#version: 0.2\na b\nab c\n\xC4\xA0 t\n";

    /* First, that it is valid, with or without the version line and with CRLF line ends. */
    const char *variants[] = {merges, "a b\nab c\n\xC4\xA0 t", "#version: 0.2\r\na b\r\nab c\r\n"};
    for (int v = 0; v < 3; v++) {
        char dir[128];
        make_dir(dir, sizeof dir, "bad");
        write_file(dir, "vocab.json", ok.data, ok.len);
        write_file(dir, "merges.txt", variants[v], strlen(variants[v]));
        Tokenizer t;
        GbError err;
        int rc = tok_load(&t, dir, &err);
        CHECK(rc == 0 && t.n_merges == (v == 2 ? 2 : 3), "valid files, variant %d: %s", v,
              rc ? err.msg : "wrong merge count");
        if (rc == 0) {
            TokList list = {0};
            tok_encode(&t, "abc t", 5, &list, &err);
            /* abc, then Ġt (variant 2 lacks the Ġ t merge: Ġ, t) */
            CHECK(list.n == (v == 2 ? 3 : 2) && list.ids[0] == 257 && (v == 2 || list.ids[1] == 258),
                  "\"abc t\" encodes as abc Ġt, variant %d", v);
            tok_list_free(&list);
            tok_free(&t);
        }
    }

    expect_load_error(NULL, NULL, "missing vocab.json", "vocab.json", "cannot open");
    expect_load_error(ok.data, NULL, "missing merges.txt", "merges.txt", "cannot open");
    expect_load_error("{\"a\": 0,", merges, "truncated JSON", "vocab.json", "invalid JSON");
    expect_load_error("[1, 2, 3]", merges, "not an object", "vocab.json", "object");
    expect_load_error("{\"a\": 0}", merges, "too few tokens", "vocab.json", "256");

    /* Edit the valid vocabulary's extra entries. */
    struct { const char *tail, *what, *word; } vocab_cases[] = {
        {", \"ab\": 256, \"abc\": 258}", "an id gap", "without gaps"},
        {", \"ab\": 256, \"abc\": 256}", "a duplicate id", "used twice"},
        {", \"ab\": 256, \"abc\": 256.5}", "a fractional id", "whole number"},
        {", \"ab\": 256, \"abc\": -1}", "a negative id", "without gaps"},
        {", \"ab\": 256, \"abc\": 1e300}", "a huge id", "without gaps"},
        {", \"ab\": 256, \"abc\": 1e999}", "an infinite id", "whole number"},
        {", \"ab\": 256, \"abc\": \"257\"}", "a string id", "not a number"},
        {", \"ab\": 256, \"a c\": 257}", "a plain space in a token", "U+0020"},
        {", \"ab\": 256, \"\xE4\xB8\xAD\": 257}", "a CJK character in a token", "U+4E2D"},
        {", \"ab\": 256, \"ab\": 257}", "a duplicate token", "appears twice"},
        {", \"ab\": 256, \"\": 257}", "an empty token", "empty"},
    };
    for (size_t i = 0; i < sizeof vocab_cases / sizeof vocab_cases[0]; i++) {
        Str v = {0};
        str_adds(&v, "{");
        add_byte_vocab(&v);
        str_adds(&v, vocab_cases[i].tail);
        expect_load_error(v.data, "a b\n", vocab_cases[i].what, "vocab.json", vocab_cases[i].word);
        free(v.data);
    }
    /* 257 tokens but byte 0xFF replaced by "ab": a byte has no token. */
    Str v = {0};
    str_adds(&v, "{");
    add_byte_vocab(&v);
    char *last = strstr(v.data, "\"\xC3\xBF\": 255"); /* ÿ is byte 0xFF */
    if (last) memcpy(last, "\"ab\"", 4); /* both 4 bytes: '"', 0xC3 0xBF, '"' */
    str_adds(&v, ", \"abc\": 256}");
    expect_load_error(v.data, "", "a missing byte token", "vocab.json", "0xFF");
    free(v.data);

    struct { const char *merges, *what, *word; } merge_cases[] = {
        {"#version: 0.2\na b\nab zz\n", "an unknown token", "line 3"},
        {"a b\nabc\n", "a line without a space", "line 2"},
        {"a b\na b c\n", "a line with three tokens", "line 2"},
        {"a b\n a\n", "a leading space", "line 2"},
        {"a c\n", "a merge whose result is not a token", "line 1"},
        {"a b\nab c\na b\n", "a repeated merge", "line 3 repeats the merge on line 1"},
        {"a b\n\nab c\n", "an empty line", "line 2 is empty"},
        {"a b\nab \xFF\n", "invalid UTF-8", "line 2 is not valid UTF-8"},
        {"a b\nab \xE4\xB8\xAD\n", "a character outside the alphabet", "U+4E2D"},
    };
    for (size_t i = 0; i < sizeof merge_cases / sizeof merge_cases[0]; i++)
        expect_load_error(ok.data, merge_cases[i].merges, merge_cases[i].what, "merges.txt",
                          merge_cases[i].word);
    free(ok.data);
}

/* GPT-2's bpe() merges every occurrence of the best pair before it looks at the pairs those
 * merges made. With merges "ab a" (rank 0) and "a b" (rank 1), "abab" becomes ab ab: merging
 * the first "a b" makes the pair (ab, a) with the better rank 0, but the second "a b" goes first.
 * (GPT-2's own files never have a newer pair with a better rank; hand-made files can.) */
static void test_merge_pass_order(void)
{
    Str vocab = {0};
    str_adds(&vocab, "{");
    add_byte_vocab(&vocab);
    str_adds(&vocab, ", \"ab\": 256, \"aba\": 257}");
    char dir[128];
    make_dir(dir, sizeof dir, "bad");
    write_file(dir, "vocab.json", vocab.data, vocab.len);
    write_file(dir, "merges.txt", "ab a\na b\n", 9);
    free(vocab.data);
    Tokenizer t;
    GbError err;
    int rc = tok_load(&t, dir, &err);
    CHECK(rc == 0, "load the pass-order vocabulary: %s", rc ? err.msg : "");
    if (rc) return;
    TokList list = {0};
    tok_encode(&t, "abab", 4, &list, &err);
    CHECK(list.n == 2 && list.ids[0] == 256 && list.ids[1] == 256,
          "abab encodes as ab ab (got %d tokens, first %d)", list.n, list.n ? list.ids[0] : -1);
    tok_list_free(&list);
    tok_free(&t);
}

int main(void)
{
    snprintf(scratch_dir, sizeof scratch_dir, "/tmp/glassbox_tok_XXXXXX");
    if (!mkdtemp(scratch_dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_pieces();
    test_train_by_hand();
    Str training = {0};
    make_training_text(&training);
    test_trained_vocabulary(&training);
    test_bad_files();
    test_merge_pass_order();
    free(training.data);

    const char *subdirs[] = {"byhand", "train_a", "train_b", "bad"};
    for (int i = 0; i < 4; i++) {
        char dir[128];
        snprintf(dir, sizeof dir, "%s/%s", scratch_dir, subdirs[i]);
        remove_in(dir, "vocab.json");
        remove_in(dir, "merges.txt");
        rmdir(dir);
    }
    rmdir(scratch_dir);
    return check_report("test_tokenizer");
}
