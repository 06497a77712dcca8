/* tokenizer.c — GPT-2's byte-level BPE tokenizer: pre-tokenization, merges, loading, training.
 *
 * A language model reads integers, not text. GPT-2 turns text into integers in three steps, and
 * this file follows them in order:
 *
 *   1. Bytes. The text is taken as raw bytes (UTF-8 for ordinary text), so there is no
 *      "unknown character": ids 0..255 of the vocabulary stand for the 256 single bytes.
 *
 *   2. Pieces. A regular expression cuts the text into pieces — a word with the space before it,
 *      a run of digits, a run of punctuation, a run of whitespace:
 *
 *          "I'll pay 100$!!  ok" -> "I" "'ll" " pay" " 100" "$!!" " " " ok"
 *
 *      Merges (step 3) happen only inside a piece, so " pay" can become one token but "y 1" never
 *      can. GPT-2's regex needs Unicode letter and number classes; tok_next_piece implements it by
 *      hand with the tables in tokenizer_unicode.h (generated from JavaScript's regex engine).
 *
 *   3. Merges. Each piece starts as a list of one-byte tokens. merges.txt lists pairs of tokens
 *      in priority order ("Ġ t" first, then "Ġ a", "h e", ...); repeatedly, the adjacent pair
 *      with the best (lowest) rank is replaced by the token for its concatenation, until no
 *      adjacent pair has a rank. The tokens left are the output.
 *
 *          " the":  Ġ t h e  ->  Ġt h e  ->  Ġt he  ->  Ġthe        (ids 256, 258, 262 in GPT-2)
 *
 * vocab.json and merges.txt are text files, and a token may contain any bytes (a space, a
 * newline, half of a UTF-8 character), so GPT-2 writes each byte as one printable character:
 * the "byte-to-unicode alphabet" below. "Ġ" is U+0120 and stands for the space byte 0x20.
 *
 * The trainer (tok_train, at the end) runs step 3 backwards: starting from the 256 byte tokens,
 * it counts every adjacent pair of tokens in the training text's pieces, turns the most frequent
 * pair into a new token, updates the counts, and repeats until the vocabulary is full.
 *
 * What this file is not: it has no special-token parsing ("<|endoftext|>" in the text is encoded
 * as ordinary characters, as GPT-2's own encoder does), no normalisation, and no cache — each
 * piece is merged from scratch with a heap, which is fast enough (see docs/tokenizer.md).
 *
 * Invariants of a loaded Tokenizer:
 *   - ids are 0..vocab_size-1, each stands for a distinct non-empty byte string;
 *   - every byte value has a one-byte token (byte_token[b]);
 *   - every merge's left, right and result are tokens, and bytes(result) = bytes(left)+bytes(right);
 *   - no two merges have the same (left, right), so a pair has at most one rank.
 */
#define _POSIX_C_SOURCE 200809L /* mkdir */
#include "tokenizer.h"
#include "tokenizer_unicode.h"
#include "json.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Generous limits for files we read: GPT-2's vocab.json is 1 MB and its merges.txt 456 KB. */
#define TOK_MAX_FILE_BYTES ((size_t)512 << 20)

// ----------------------------------------------------------------------------
// The byte-to-unicode alphabet
//
// GPT-2's encoder.py:
//     bs = list(range(ord("!"), ord("~")+1)) + list(range(ord("¡"), ord("¬")+1))
//          + list(range(ord("®"), ord("ÿ")+1))
//     cs = bs[:]
//     n = 0
//     for b in range(2**8):
//         if b not in bs:
//             bs.append(b); cs.append(2**8+n); n += 1
//
// So 188 "printable" bytes stand for the character with the same number, and the other 68 bytes
// (controls, space, DEL, 0x80..0xA0, the soft hyphen 0xAD) stand for U+0100..U+0143 in byte order.

#define TOK_ALPHABET_END 0x144 /* every character of the alphabet is below U+0144 */

typedef struct {
    uint32_t char_of_byte[256];            /* byte -> code point */
    short byte_of_char[TOK_ALPHABET_END];  /* code point -> byte, or -1 if not in the alphabet */
} ByteAlphabet;

static int byte_is_printable(int b)
{
    return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
}

static void alphabet_init(ByteAlphabet *a)
{
    int n = 0;
    for (int c = 0; c < TOK_ALPHABET_END; c++) a->byte_of_char[c] = -1;
    for (int b = 0; b < 256; b++) {
        uint32_t c = byte_is_printable(b) ? (uint32_t)b : (uint32_t)(256 + n++);
        a->char_of_byte[b] = c;
        a->byte_of_char[c] = (short)b;
    }
}

/* Translate a token as written in vocab.json/merges.txt (UTF-8 text in the alphabet) into the raw
 * bytes it stands for. out must hold at least len bytes (each character gives one byte and takes
 * at least one). Returns the byte count, or -1 with *bad_char set to the first character outside
 * the alphabet (or UINT32_MAX if the text is not valid UTF-8). */
static long alphabet_decode(const ByteAlphabet *a, const char *text, size_t len,
                            unsigned char *out, uint32_t *bad_char)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    long n = 0;
    while (i < len) {
        uint32_t c;
        int k = gb_utf8_decode(s + i, len - i, &c);
        if (k == 0) { *bad_char = UINT32_MAX; return -1; }
        if (c >= TOK_ALPHABET_END || a->byte_of_char[c] < 0) { *bad_char = c; return -1; }
        out[n++] = (unsigned char)a->byte_of_char[c];
        i += (size_t)k;
    }
    return n;
}

/* For error messages: a short, printable, quoted rendering of text[0..len) (valid UTF-8 is kept,
 * control characters and stray bytes become \xNN, long text is cut with "..."). */
static const char *quote_for_message(char out[80], const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t o = 0, i = 0;
    out[o++] = '"';
    while (i < len && o < 64) {
        uint32_t c;
        int k = gb_utf8_decode(s + i, len - i, &c);
        if (k == 0 || c < 0x20 || c == 0x7F) {
            o += (size_t)snprintf(out + o, 80 - o, "\\x%02X", s[i]);
            i++;
        } else {
            memcpy(out + o, s + i, (size_t)k);
            o += (size_t)k;
            i += (size_t)k;
        }
    }
    if (i < len) { memcpy(out + o, "...", 3); o += 3; }
    out[o++] = '"';
    out[o] = 0;
    return out;
}

// ----------------------------------------------------------------------------
// Pre-tokenization: GPT-2's regex, by hand
//
//     /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu
//
// At each position the regex tries the alternatives from left to right and takes the first that
// matches. Every character is a letter (\p{L}), a number (\p{N}), whitespace (\s) or "other", so
// some alternative always matches and the pieces cover the text without gaps. Spelled out:
//
//   1. contractions: ' followed by s, t, re, ve, m, ll or d (lower case only);
//   2. an optional ASCII space, then a run of letters;
//   3. an optional ASCII space, then a run of numbers;
//   4. an optional ASCII space, then a run of "other" characters;
//   5. a run of whitespace that reaches the end of the text, or, if a non-space follows it, the
//      run minus its last character (\s+(?!\S) backtracks one character) — that last character
//      then starts the next piece, so " " + "word" becomes " word";
//   6. a single whitespace character (what is left when 5 cannot match).
//
// A byte that is not part of valid UTF-8 cannot occur in a JavaScript string; we count it as one
// "other" character, so "\xFF\xFE!" is one piece and " \xFF" another, and the text still splits
// into pieces that cover every byte.

/* The class of one code point: TOK_CHAR_LETTER, _NUMBER, _SPACE or _OTHER. */
static int char_class(uint32_t c)
{
    if (c < 0x80) { /* ASCII, the common case */
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return TOK_CHAR_LETTER;
        if (c >= '0' && c <= '9') return TOK_CHAR_NUMBER;
        if (c == ' ' || (c >= '\t' && c <= '\r')) return TOK_CHAR_SPACE;
        return TOK_CHAR_OTHER;
    }
    size_t lo = 0, hi = TOK_UNICODE_RANGE_COUNT; /* binary search in the sorted ranges */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c < tok_unicode_ranges[mid].first) hi = mid;
        else if (c > tok_unicode_ranges[mid].last) lo = mid + 1;
        else return tok_unicode_ranges[mid].cls;
    }
    return TOK_CHAR_OTHER;
}

/* The character at s[pos] (pos < len): returns its length in bytes and sets *cls. An invalid
 * UTF-8 byte is a one-byte "other" character. */
static size_t char_at(const unsigned char *s, size_t len, size_t pos, int *cls)
{
    uint32_t c;
    int k = gb_utf8_decode(s + pos, len - pos, &c);
    if (k == 0) { *cls = TOK_CHAR_OTHER; return 1; }
    *cls = char_class(c);
    return (size_t)k;
}

/* The end of the run of characters of class cls that starts at pos. */
static size_t run_end(const unsigned char *s, size_t len, size_t pos, int cls)
{
    while (pos < len) {
        int c;
        size_t k = char_at(s, len, pos, &c);
        if (c != cls) break;
        pos += k;
    }
    return pos;
}

/* Alternative 1: the length of a contraction starting at pos ('s 't 'm 'd 're 've 'll), or 0. */
static size_t contraction_length(const unsigned char *s, size_t len, size_t pos)
{
    if (s[pos] != '\'' || pos + 1 >= len) return 0;
    unsigned char a = s[pos + 1];
    if (a == 's' || a == 't' || a == 'm' || a == 'd') return 2;
    if (pos + 2 >= len) return 0;
    unsigned char b = s[pos + 2];
    if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) return 3;
    return 0;
}

size_t tok_next_piece(const char *text, size_t len, size_t pos)
{
    const unsigned char *s = (const unsigned char *)text;
    if (pos >= len) return len;

    size_t k = contraction_length(s, len, pos);                  /* 1. 's 't 're ... */
    if (k) return pos + k;

    int cls;
    size_t first = char_at(s, len, pos, &cls);
    if (s[pos] == ' ' && pos + 1 < len) {                         /* 2-4 with the leading space */
        int next_cls;
        char_at(s, len, pos + 1, &next_cls);
        if (next_cls != TOK_CHAR_SPACE) return run_end(s, len, pos + 1, next_cls);
    }
    if (cls != TOK_CHAR_SPACE) return run_end(s, len, pos, cls); /* 2-4 without it */

    /* 5-6: whitespace. Find the run and the start of its last character. */
    size_t end = pos + first, last_start = pos;
    while (end < len) {
        int c;
        size_t n = char_at(s, len, end, &c);
        if (c != TOK_CHAR_SPACE) break;
        last_start = end;
        end += n;
    }
    if (end == len || last_start == pos) return end;             /* 5 to the end, or 6 */
    return last_start;                                           /* 5: leave the last one */
}

// ----------------------------------------------------------------------------
// Hash tables
//
// Two open-addressing tables (linear probing, capacity a power of two, at most half full):
//   TokenIndex: token bytes -> id, storing only ids and comparing against the token byte arrays;
//   PairMap:    (left id, right id) -> an int (a merge rank when encoding, a pair's index when
//               training).

static uint64_t hash_bytes(const unsigned char *s, size_t len)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        h ^= s[i];
        h *= 1099511628211u;
    }
    return h;
}

static uint64_t hash_pair(uint64_t key)
{
    key ^= key >> 33; /* the finaliser of MurmurHash3: mixes all bits of both ids */
    key *= 0xff51afd7ed558ccdu;
    key ^= key >> 33;
    key *= 0xc4ceb3f64d55a8b9u;
    key ^= key >> 33;
    return key;
}

/* A power of two >= 2 * n (so the table stays at most half full), or 0 on overflow. */
static size_t table_capacity(size_t n)
{
    size_t cap = 16;
    while (cap < 2 * n) {
        if (cap > SIZE_MAX / 4) return 0;
        cap *= 2;
    }
    return cap;
}

typedef struct {
    int *slots;  /* (cap) a token id, or -1 for an empty slot */
    size_t cap;
} TokenIndex;

static int token_index_init(TokenIndex *x, size_t max_tokens)
{
    x->cap = table_capacity(max_tokens);
    x->slots = x->cap ? malloc(x->cap * sizeof *x->slots) : NULL;
    if (!x->slots) return -1;
    for (size_t i = 0; i < x->cap; i++) x->slots[i] = -1;
    return 0;
}

/* The slot holding the token spelled key[0..len), or the empty slot where it would go. */
static size_t token_index_slot(const TokenIndex *x, unsigned char *const *bytes, const int *lens,
                               const void *key, size_t len)
{
    size_t i = (size_t)hash_bytes(key, len) & (x->cap - 1);
    for (;;) {
        int id = x->slots[i];
        if (id < 0 || ((size_t)lens[id] == len && memcmp(bytes[id], key, len) == 0)) return i;
        i = (i + 1) & (x->cap - 1);
    }
}

typedef struct {
    uint64_t *keys;  /* (cap) left << 32 | right, or PAIR_EMPTY */
    int *values;     /* (cap) */
    size_t cap, count;
} PairMap;

#define PAIR_EMPTY UINT64_MAX

static uint64_t pair_key(int left, int right)
{
    return (uint64_t)(uint32_t)left << 32 | (uint32_t)right;
}

static int pair_map_init(PairMap *m, size_t expected)
{
    m->count = 0;
    m->cap = table_capacity(expected);
    m->keys = m->cap ? malloc(m->cap * sizeof *m->keys) : NULL;
    m->values = m->cap ? malloc(m->cap * sizeof *m->values) : NULL;
    if (!m->keys || !m->values) {
        free(m->keys);
        free(m->values);
        m->keys = NULL;
        m->values = NULL;
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++) m->keys[i] = PAIR_EMPTY;
    return 0;
}

static void pair_map_free(PairMap *m)
{
    free(m->keys);
    free(m->values);
    m->keys = NULL;
    m->values = NULL;
}

static size_t pair_map_slot(const PairMap *m, uint64_t key)
{
    size_t i = (size_t)hash_pair(key) & (m->cap - 1);
    while (m->keys[i] != PAIR_EMPTY && m->keys[i] != key) i = (i + 1) & (m->cap - 1);
    return i;
}

/* The value stored for (left, right), or -1. */
static int pair_map_get(const PairMap *m, int left, int right)
{
    size_t i = pair_map_slot(m, pair_key(left, right));
    return m->keys[i] == PAIR_EMPTY ? -1 : m->values[i];
}

/* Store value for a pair that is not in the map yet, doubling the table when it is half full. */
static int pair_map_put(PairMap *m, int left, int right, int value)
{
    if (2 * (m->count + 1) > m->cap) {
        PairMap bigger;
        if (m->cap > SIZE_MAX / 4 || pair_map_init(&bigger, m->cap) != 0) return -1;
        for (size_t i = 0; i < m->cap; i++) {
            if (m->keys[i] == PAIR_EMPTY) continue;
            size_t j = pair_map_slot(&bigger, m->keys[i]);
            bigger.keys[j] = m->keys[i];
            bigger.values[j] = m->values[i];
        }
        bigger.count = m->count;
        pair_map_free(m);
        *m = bigger;
    }
    size_t i = pair_map_slot(m, pair_key(left, right));
    m->keys[i] = pair_key(left, right);
    m->values[i] = value;
    m->count++;
    return 0;
}

// ----------------------------------------------------------------------------
// Loading vocab.json and merges.txt

struct TokImpl {
    unsigned char *arena; /* all token bytes, back to back; Tokenizer.bytes points into it */
    TokenIndex index;     /* token bytes -> id */
    PairMap ranks;        /* (left, right) -> rank, the index into Tokenizer.merges */
};

void tok_free(Tokenizer *t)
{
    if (!t) return;
    if (t->impl) {
        free(t->impl->arena);
        free(t->impl->index.slots);
        pair_map_free(&t->impl->ranks);
        free(t->impl);
    }
    free(t->bytes);
    free(t->len);
    free(t->merges);
    memset(t, 0, sizeof *t);
}

int tok_find(const Tokenizer *t, const void *bytes, size_t len)
{
    if (!t || !t->impl || !t->impl->index.slots || len == 0) return -1;
    size_t i = token_index_slot(&t->impl->index, t->bytes, t->len, bytes, len);
    return t->impl->index.slots[i];
}

/* Check one vocab.json member (key -> value) and store it: the token's bytes go to the arena at
 * *used, and t->bytes[id], t->len[id] and the index are filled. */
static int load_vocab_entry(Tokenizer *t, const ByteAlphabet *alphabet, const JsonValue *key,
                            const JsonValue *value, size_t *used, const char *path, GbError *err)
{
    char shown[80];
    const char *name = quote_for_message(shown, key->string, key->string_len);
    int n = t->vocab_size;
    long long id;
    if (value->type != JSON_NUMBER)
        return gb_fail(err, path, "token %s maps to something that is not a number "
                       "(hint: vocab.json maps each token string to an integer id)", name);
    if (!json_as_int(value, 0, n - 1, &id)) {
        if (!isfinite(value->number) || value->number != floor(value->number))
            return gb_fail(err, path, "token %s has id %g, which is not a whole number "
                           "(hint: ids are integers 0..%d)", name, value->number, n - 1);
        return gb_fail(err, path, "token %s has id %g, but with %d tokens the ids must be "
                       "0..%d without gaps (hint: renumber the ids)", name, value->number, n, n - 1);
    }
    if (t->bytes[id])
        return gb_fail(err, path, "id %lld is used twice, by %s and another token "
                       "(hint: each token needs its own id)", id, name);
    if (key->string_len == 0)
        return gb_fail(err, path, "the empty string is not a valid token (id %lld) "
                       "(hint: remove it; every token stands for at least one byte)", id);

    uint32_t bad;
    unsigned char *dst = t->impl->arena + *used;
    long len = alphabet_decode(alphabet, key->string, key->string_len, dst, &bad);
    if (len < 0)
        return gb_fail(err, path, "token %s (id %lld) contains U+%04X, which is not in GPT-2's "
                       "byte-to-unicode alphabet (hint: tokens are written one character per byte, "
                       "e.g. \"\xC4\xA0" "the\" for \" the\")", name, id, (unsigned)bad);

    size_t slot = token_index_slot(&t->impl->index, t->bytes, t->len, dst, (size_t)len);
    if (t->impl->index.slots[slot] >= 0)
        return gb_fail(err, path, "token %s appears twice (ids %d and %lld) "
                       "(hint: each token may appear once)", name, t->impl->index.slots[slot], id);
    t->bytes[id] = dst;
    t->len[id] = (int)len;
    t->impl->index.slots[slot] = (int)id;
    *used += (size_t)len;
    return 0;
}

/* Read vocab.json: a JSON object from token strings to the ids 0..n-1, each used once. */
static int load_vocab(Tokenizer *t, const ByteAlphabet *alphabet, const char *path, GbError *err)
{
    size_t size;
    char *text = gb_read_file(path, TOK_MAX_FILE_BYTES, &size, err);
    if (!text) return -1;
    char why[256];
    JsonValue *root = json_parse(text, size, why, sizeof why);
    free(text);
    if (!root)
        return gb_fail(err, path, "%s (hint: vocab.json must be valid JSON, e.g. {\"a\": 0, ...})", why);

    int rc = -1;
    if (root->type != JSON_OBJECT) {
        gb_fail(err, path, "the top level is not a JSON object (hint: vocab.json maps token "
                "strings to ids, like {\"!\": 0, \"\\\"\": 1, ...})");
        goto done;
    }
    if (root->count < 256 || root->count > TOK_MAX_VOCAB) {
        gb_fail(err, path, "has %zu entries, but a byte-level vocabulary has 256..%d "
                "(hint: is this the right file?)", root->count, TOK_MAX_VOCAB);
        goto done;
    }
    t->vocab_size = (int)root->count;

    /* Each character of a key gives one byte, so the keys' lengths bound the arena's size. */
    size_t arena_size = 0;
    for (size_t i = 0; i < root->count; i++) arena_size += root->keys[i].string_len;
    t->bytes = calloc(root->count, sizeof *t->bytes);
    t->len = calloc(root->count, sizeof *t->len);
    t->impl->arena = malloc(arena_size + 1);
    if (!t->bytes || !t->len || !t->impl->arena || token_index_init(&t->impl->index, root->count)) {
        gb_fail(err, path, "out of memory for %zu tokens", root->count);
        goto done;
    }
    size_t used = 0;
    for (size_t i = 0; i < root->count; i++)
        if (load_vocab_entry(t, alphabet, &root->keys[i], &root->items[i], &used, path, err)) goto done;

    /* n distinct ids in 0..n-1 cover them all; now make sure every byte has its token. */
    for (int b = 0; b < 256; b++) {
        unsigned char one = (unsigned char)b;
        t->byte_token[b] = tok_find(t, &one, 1);
        if (t->byte_token[b] < 0) {
            gb_fail(err, path, "has no token for the byte 0x%02X (U+%04X) (hint: a byte-level "
                    "vocabulary needs all 256 one-byte tokens)", b, (unsigned)alphabet->char_of_byte[b]);
            goto done;
        }
    }
    rc = 0;
done:
    json_free(root);
    return rc;
}

/* Split one merges.txt line into its two tokens and find their ids. line[0..len) excludes the
 * newline. The tokens' bytes are decoded into scratch (at least len bytes). */
static int parse_merge_line(const Tokenizer *t, const ByteAlphabet *alphabet, const char *line,
                            size_t len, unsigned char *scratch, TokMerge *merge, const char *path,
                            long line_no, GbError *err)
{
    const char *hint = "each line is two tokens separated by one space, like \"\xC4\xA0 t\"";
    if (len == 0)
        return gb_fail(err, path, "line %ld is empty (hint: %s)", line_no, hint);
    if (!gb_utf8_valid(line, len))
        return gb_fail(err, path, "line %ld is not valid UTF-8 (hint: %s)", line_no, hint);
    const char *space = memchr(line, ' ', len);
    if (!space)
        return gb_fail(err, path, "line %ld has no space between two tokens (hint: %s)", line_no, hint);
    size_t left_len = (size_t)(space - line), right_len = len - left_len - 1;
    if (left_len == 0 || right_len == 0 || memchr(space + 1, ' ', right_len))
        return gb_fail(err, path, "line %ld is not two tokens separated by one space (hint: %s)",
                       line_no, hint);

    const char *part[2] = {line, space + 1};
    size_t part_len[2] = {left_len, right_len};
    int id[2];
    long n[2];
    for (int k = 0; k < 2; k++) {
        char shown[80];
        uint32_t bad;
        unsigned char *dst = scratch + (k ? n[0] : 0);
        n[k] = alphabet_decode(alphabet, part[k], part_len[k], dst, &bad);
        if (n[k] < 0)
            return gb_fail(err, path, "line %ld: token %s contains U+%04X, which is not in GPT-2's "
                           "byte-to-unicode alphabet (hint: %s)", line_no,
                           quote_for_message(shown, part[k], part_len[k]), (unsigned)bad, hint);
        id[k] = tok_find(t, dst, (size_t)n[k]);
        if (id[k] < 0)
            return gb_fail(err, path, "line %ld: token %s is not in vocab.json (hint: merges.txt "
                           "and vocab.json must come from the same tokenizer)", line_no,
                           quote_for_message(shown, part[k], part_len[k]));
    }
    /* scratch now holds left's bytes followed by right's: the merged token, if it exists. */
    int result = tok_find(t, scratch, (size_t)(n[0] + n[1]));
    if (result < 0) {
        char shown[80];
        return gb_fail(err, path, "line %ld: merging %s gives a token that is not in vocab.json "
                       "(hint: every merge's result must be a vocabulary entry)", line_no,
                       quote_for_message(shown, line, len));
    }
    merge->left = id[0];
    merge->right = id[1];
    merge->result = result;
    return 0;
}

/* Read merges.txt: an optional "#version ..." first line, then one "left right" line per merge. */
static int load_merges(Tokenizer *t, const ByteAlphabet *alphabet, const char *path, GbError *err)
{
    size_t size;
    char *text = gb_read_file(path, TOK_MAX_FILE_BYTES, &size, err);
    if (!text) return -1;

    size_t lines = 1;
    for (size_t i = 0; i < size; i++) lines += (text[i] == '\n');
    unsigned char *scratch = malloc(size + 1);
    t->merges = malloc(lines * sizeof *t->merges);
    if (!scratch || !t->merges || pair_map_init(&t->impl->ranks, lines)) {
        free(text);
        free(scratch);
        return gb_fail(err, path, "out of memory for %zu lines", lines);
    }

    int rc = 0;
    long line_no = 0, first_merge_line = 1;
    size_t pos = 0;
    while (pos < size && rc == 0) {
        const char *line = text + pos;
        const char *newline = memchr(line, '\n', size - pos);
        size_t len = newline ? (size_t)(newline - line) : size - pos;
        pos += len + (newline != NULL);
        line_no++;
        if (len > 0 && line[len - 1] == '\r') len--; /* tolerate Windows line ends */
        if (line_no == 1 && len >= 8 && memcmp(line, "#version", 8) == 0) {
            first_merge_line = 2;
            continue;
        }
        TokMerge *m = &t->merges[t->n_merges];
        rc = parse_merge_line(t, alphabet, line, len, scratch, m, path, line_no, err);
        if (rc == 0 && pair_map_get(&t->impl->ranks, m->left, m->right) >= 0) {
            long earlier = first_merge_line + pair_map_get(&t->impl->ranks, m->left, m->right);
            rc = gb_fail(err, path, "line %ld repeats the merge on line %ld (hint: each pair may "
                         "be merged only once; delete one of the lines)", line_no, earlier);
        }
        if (rc == 0 && pair_map_put(&t->impl->ranks, m->left, m->right, t->n_merges))
            rc = gb_fail(err, path, "out of memory at line %ld", line_no);
        if (rc == 0) t->n_merges++;
    }
    free(scratch);
    free(text);
    return rc;
}

int tok_load(Tokenizer *t, const char *dir, GbError *err)
{
    memset(t, 0, sizeof *t);
    char vocab_path[4096], merges_path[4096];
    if (gb_path_join(vocab_path, sizeof vocab_path, dir, "vocab.json") ||
        gb_path_join(merges_path, sizeof merges_path, dir, "merges.txt"))
        return gb_fail(err, dir, "path is too long");
    t->impl = calloc(1, sizeof *t->impl);
    if (!t->impl) return gb_fail(err, dir, "out of memory");

    ByteAlphabet alphabet;
    alphabet_init(&alphabet);
    if (load_vocab(t, &alphabet, vocab_path, err) || load_merges(t, &alphabet, merges_path, err)) {
        tok_free(t);
        return -1;
    }
    return 0;
}

// ----------------------------------------------------------------------------
// Encoding: BPE on one piece
//
// GPT-2's bpe(token), in Python:
//     while True:
//         bigram = min(pairs, key=lambda pair: self.bpe_ranks.get(pair, float('inf')))
//         if bigram not in self.bpe_ranks: break
//         ...merge every occurrence of bigram in word, left to right...
//         pairs = get_pairs(word)
//
// Scanning the whole word for the best pair after every merge costs O(length^2), which is slow for
// a long piece (a 100 KB line of letters). We keep the same result with a heap:
//   - the piece is a doubly linked list of symbols (token ids); symbol i starts at byte i of the
//     piece, and when symbols i and j merge, i takes the merged id and j leaves the list;
//   - the heap holds (rank, i) for adjacent pairs that have a merge rank, best rank first and,
//     for equal ranks (the same pair), leftmost first;
//   - an entry can be stale (its pair was changed by an earlier merge): we look the rank of the
//     pair now at i up again and skip the entry if it differs.
// One subtlety makes it exactly Python's loop: Python merges *every* occurrence of the bigram
// before looking at the new pairs those merges made. So new pairs wait in `pending` until all
// entries of the current rank have been popped. (With GPT-2's own files a new pair always has a
// higher rank anyway; an arbitrary merges.txt need not.)

typedef struct {
    int rank;  /* the merge rank of the pair */
    int left;  /* the index of the pair's left symbol */
} BpeCandidate;

typedef struct {
    int *id, *prev, *next;   /* (n) per symbol: token id (-1 once merged away) and list links */
    BpeCandidate *heap;      /* (3n) a binary min-heap by (rank, left) */
    BpeCandidate *pending;   /* (2n) new pairs waiting for the current rank to finish */
    int heap_n, pending_n;
    size_t cap;              /* symbols the arrays have room for */
} BpeScratch;

static int scratch_reserve(BpeScratch *s, size_t n)
{
    if (n <= s->cap) return 0;
    if (n > (size_t)INT_MAX / 3) return -1; /* heap indices are ints */
    size_t cap = n < 64 ? 64 : n;
    int *id = realloc(s->id, cap * sizeof *id);
    if (id) s->id = id;
    int *prev = realloc(s->prev, cap * sizeof *prev);
    if (prev) s->prev = prev;
    int *next = realloc(s->next, cap * sizeof *next);
    if (next) s->next = next;
    BpeCandidate *heap = realloc(s->heap, 3 * cap * sizeof *heap);
    if (heap) s->heap = heap;
    BpeCandidate *pending = realloc(s->pending, 2 * cap * sizeof *pending);
    if (pending) s->pending = pending;
    if (!id || !prev || !next || !heap || !pending) return -1;
    s->cap = cap;
    return 0;
}

static void scratch_free(BpeScratch *s)
{
    free(s->id);
    free(s->prev);
    free(s->next);
    free(s->heap);
    free(s->pending);
}

static int candidate_before(BpeCandidate a, BpeCandidate b)
{
    return a.rank < b.rank || (a.rank == b.rank && a.left < b.left);
}

static void heap_push(BpeScratch *s, BpeCandidate c)
{
    int i = s->heap_n++;
    while (i > 0 && candidate_before(c, s->heap[(i - 1) / 2])) { /* sift up */
        s->heap[i] = s->heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    s->heap[i] = c;
}

static BpeCandidate heap_pop(BpeScratch *s)
{
    BpeCandidate top = s->heap[0], last = s->heap[--s->heap_n];
    int i = 0;
    for (;;) { /* sift the last entry down from the root */
        int child = 2 * i + 1;
        if (child >= s->heap_n) break;
        if (child + 1 < s->heap_n && candidate_before(s->heap[child + 1], s->heap[child])) child++;
        if (!candidate_before(s->heap[child], last)) break;
        s->heap[i] = s->heap[child];
        i = child;
    }
    if (s->heap_n > 0) s->heap[i] = last;
    return top;
}

/* The merge rank of the pair whose left symbol is i, or -1 (no right neighbour, or no rule). */
static int rank_at(const Tokenizer *t, const BpeScratch *s, int i)
{
    if (i < 0 || s->next[i] < 0) return -1;
    return pair_map_get(&t->impl->ranks, s->id[i], s->id[s->next[i]]);
}

static void add_candidate(const Tokenizer *t, BpeScratch *s, int i, int to_pending)
{
    int rank = rank_at(t, s, i);
    if (rank < 0) return;
    BpeCandidate c = {rank, i};
    if (to_pending) s->pending[s->pending_n++] = c;
    else heap_push(s, c);
}

/* Merge piece[0..n) (n >= 1). Afterwards the surviving symbols, from index 0 along next[], are
 * the piece's tokens. */
static void bpe_piece(const Tokenizer *t, const unsigned char *piece, int n, BpeScratch *s)
{
    for (int i = 0; i < n; i++) { /* one symbol per byte */
        s->id[i] = t->byte_token[piece[i]];                                /* @one symbol per byte */
        s->prev[i] = i - 1;
        s->next[i] = i + 1 < n ? i + 1 : -1;
    }
    s->heap_n = s->pending_n = 0;
    for (int i = 0; i + 1 < n; i++) add_candidate(t, s, i, 0);

    while (s->heap_n > 0) {
        BpeCandidate c = heap_pop(s);        /* the lowest rank: the rule learned earliest  @lowest rank */
        int i = c.left;
        if (s->id[i] >= 0 && rank_at(t, s, i) == c.rank) { /* still the same pair: merge it */
            int j = s->next[i];
            s->id[i] = t->merges[c.rank].result;                               /* @merge */
            s->id[j] = -1;
            s->next[i] = s->next[j];
            if (s->next[j] >= 0) s->prev[s->next[j]] = i;
            add_candidate(t, s, s->prev[i], 1); /* the new pairs (prev, merged), (merged, next) */
            add_candidate(t, s, i, 1);
        }
        if (s->heap_n == 0 || s->heap[0].rank != c.rank) { /* this rank is done */
            for (int k = 0; k < s->pending_n; k++) heap_push(s, s->pending[k]);
            s->pending_n = 0;
        }
    }
}

void tok_list_free(TokList *list)
{
    if (!list) return;
    free(list->ids);
    free(list->start);
    free(list->end);
    memset(list, 0, sizeof *list);
}

static int list_push(TokList *l, int id, int start, int end)
{
    if (l->n == l->cap) {
        if (l->cap > INT_MAX / 2) return -1;
        int cap = l->cap ? 2 * l->cap : 256;
        int *ids = realloc(l->ids, (size_t)cap * sizeof *ids);
        if (ids) l->ids = ids;
        int *starts = realloc(l->start, (size_t)cap * sizeof *starts);
        if (starts) l->start = starts;
        int *ends = realloc(l->end, (size_t)cap * sizeof *ends);
        if (ends) l->end = ends;
        if (!ids || !starts || !ends) return -1;
        l->cap = cap;
    }
    l->ids[l->n] = id;
    l->start[l->n] = start;
    l->end[l->n] = end;
    l->n++;
    return 0;
}

int tok_encode(const Tokenizer *t, const char *text, size_t len, TokList *out, GbError *err)
{
    if (len > INT_MAX)
        return gb_fail(err, "tokenizer", "cannot encode %zu bytes at once; spans are ints "
                       "(hint: encode the text in parts of at most %d bytes)", len, INT_MAX);
    BpeScratch s = {0};
    int rc = 0;
    size_t pos = 0;
    while (pos < len && rc == 0) {
        size_t end = tok_next_piece(text, len, pos);   /* step 2: the next piece */
        int n = (int)(end - pos);
        if (scratch_reserve(&s, (size_t)n)) { rc = -1; break; }
        bpe_piece(t, (const unsigned char *)text + pos, n, &s); /* step 3: its merges */
        for (int i = 0; i >= 0 && rc == 0; i = s.next[i]) {
            int start = (int)pos + i;
            rc = list_push(out, s.id[i], start, start + t->len[s.id[i]]);
        }
        pos = end;
    }
    scratch_free(&s);
    if (rc) return gb_fail(err, "tokenizer", "out of memory encoding %zu bytes", len);
    return 0;
}

// ----------------------------------------------------------------------------
// Decoding: each id stands for its bytes; concatenate them.

const unsigned char *tok_bytes(const Tokenizer *t, int id, int *len)
{
    if (!t || id < 0 || id >= t->vocab_size) {
        if (len) *len = 0;
        return (const unsigned char *)"";
    }
    if (len) *len = t->len[id];
    return t->bytes[id];
}

char *tok_decode(const Tokenizer *t, const int *ids, int n, size_t *len)
{
    size_t total = 0;
    for (int i = 0; i < n; i++) {
        int k;
        tok_bytes(t, ids[i], &k);
        if (gb_add_size(total, (size_t)k, &total)) return NULL;
    }
    char *out = malloc(total + 1);
    if (!out) return NULL;
    size_t pos = 0;
    for (int i = 0; i < n; i++) {
        int k;
        const unsigned char *b = tok_bytes(t, ids[i], &k);
        memcpy(out + pos, b, (size_t)k);
        pos += (size_t)k;
    }
    out[pos] = 0;
    if (len) *len = pos;
    return out;
}

// ----------------------------------------------------------------------------
// Training
//
// The trainer learns merges from text, GPT-2 style:
//
//   1. Cut the text into pieces (tok_next_piece) and count how often each distinct piece (a
//      "word") occurs. Merges never cross pieces, so "the" occurring 50,000 times is one word
//      with count 50,000, and the work depends on the number of distinct words, not the text size.
//   2. Each word starts as its bytes' tokens. Count every adjacent pair of tokens over all words,
//      weighted by word count, and remember for each pair which words contain it.
//   3. Repeat until the vocabulary is full: take the most frequent pair (A, B) — ties go to the
//      smallest id of A, then of B — make the token AB, and rewrite the words that contain the
//      pair, merging left to right exactly as the encoder would. Only those words change, and in
//      them only the pairs next to a merge, so only those counts are updated.
//
// If AB's bytes already exist as a token (made earlier from a different split, e.g. "ab"+"c" and
// then "a"+"bc"), the pair is set aside forever instead: vocab.json cannot hold the same token
// twice, and a second merge with the same result would let the encoder, which picks merges by
// rank, merge in a different order than the trainer did. (Left-to-right merging seems to keep
// this from happening on real text — we have not seen it — but the guard is cheap.) With this
// rule every merge makes a new token, the token made by merge r only takes part in later merges,
// and encoding the training text with the written files gives the trainer's tokens.
//
// Ids: 0..255 are the byte tokens in the order of their alphabet characters (GPT-2's order: '!'
// is 0, the space byte "Ġ" is 220), then one id per merge in merge order, and "<|endoftext|>" is
// the last id, as in GPT-2. The heap holds (count, pair) snapshots; when a pair's count changes we
// push a new snapshot, and a popped snapshot whose count is no longer current is skipped.

typedef struct {
    size_t offset;         /* the word's bytes are text[offset .. offset + len): its first use */
    int len;               /* its length in bytes */
    int64_t count;         /* how often it occurs in the text */
    size_t first_symbol;   /* its tokens now are symbols[first_symbol .. + n_symbols) */
    int n_symbols;
    int seen_at;           /* the merge step that last looked at it */
} TrainWord;

typedef struct {
    int left, right;       /* token ids */
    int64_t count;         /* occurrences, summed over words (times each word's count) */
    int *words;            /* (n_words) words that contain the pair, or did once */
    int n_words, cap_words;
    int banned;            /* its concatenation already is a token: never merge it */
    int touched_at;        /* the merge step that last changed count */
    int64_t count_before;  /* count before that step */
} TrainPair;

typedef struct {
    int64_t count;         /* a snapshot of pairs[pair].count */
    int left, right, pair;
} TrainCandidate;

typedef struct {
    const char *text;
    int step;                 /* the merge being made: 0 while counting, then 1, 2, ... */
    /* tokens (at most vocab_size) */
    unsigned char **bytes;    /* (vocab_size) each token's bytes, malloc'd */
    int *lens;                /* (vocab_size) */
    int n_tokens;
    TokenIndex index;         /* token bytes -> id */
    TokMerge *merges;         /* (vocab_size) the merges made so far, in order */
    int n_merges;
    /* the distinct words of the text */
    TrainWord *words;
    int n_words, cap_words;
    int *word_slots;          /* (word_slots_cap) hash table: word bytes -> word index, or -1 */
    size_t word_slots_cap;
    int *symbols;             /* every word's current tokens, back to back */
    /* the adjacent pairs */
    TrainPair *pairs;
    int n_pairs, cap_pairs;
    PairMap pair_index;       /* (left, right) -> index into pairs */
    int *touched;             /* pairs whose count changed in this step */
    int n_touched, cap_touched;
    TrainCandidate *heap;     /* best first: higher count, then smaller left, then smaller right */
    int heap_n, heap_cap;
} Trainer;

/* Make room in *array (of *cap elements of elem_size bytes) for index `need`. */
static int grow(void **array, int *cap, int need, size_t elem_size)
{
    if (need < *cap) return 0;
    if (need > INT_MAX / 2) return -1;
    int n = *cap ? *cap : 4; /* small: most pairs are in a few words */
    while (n <= need) n *= 2;
    void *bigger = realloc(*array, (size_t)n * elem_size);
    if (!bigger) return -1;
    *array = bigger;
    *cap = n;
    return 0;
}

/* The word_slots slot for the piece p[0..n): the slot of that word, or an empty one. */
static size_t word_slot(const Trainer *tr, const unsigned char *p, size_t n)
{
    size_t slot = (size_t)hash_bytes(p, n) & (tr->word_slots_cap - 1);
    for (;;) {
        int w = tr->word_slots[slot];
        if (w < 0) return slot;
        const TrainWord *word = &tr->words[w];
        if ((size_t)word->len == n && memcmp(tr->text + word->offset, p, n) == 0) return slot;
        slot = (slot + 1) & (tr->word_slots_cap - 1);
    }
}

/* Double the word hash table and re-insert every word. */
static int rehash_words(Trainer *tr)
{
    if (tr->word_slots_cap > SIZE_MAX / 2 / sizeof *tr->word_slots) return -1;
    size_t cap = tr->word_slots ? tr->word_slots_cap * 2 : 1 << 16;
    int *slots = malloc(cap * sizeof *slots);
    if (!slots) return -1;
    for (size_t i = 0; i < cap; i++) slots[i] = -1;
    free(tr->word_slots);
    tr->word_slots = slots;
    tr->word_slots_cap = cap;
    for (int w = 0; w < tr->n_words; w++) {
        const TrainWord *word = &tr->words[w];
        tr->word_slots[word_slot(tr, (const unsigned char *)tr->text + word->offset,
                                 (size_t)word->len)] = w;
    }
    return 0;
}

/* Step 1: cut the text into pieces and count each distinct piece. */
static int count_words(Trainer *tr, size_t len)
{
    if (rehash_words(tr)) return -1;
    size_t pos = 0;
    while (pos < len) {
        size_t end = tok_next_piece(tr->text, len, pos);
        size_t slot = word_slot(tr, (const unsigned char *)tr->text + pos, end - pos);
        if (tr->word_slots[slot] >= 0) {
            tr->words[tr->word_slots[slot]].count++;
        } else {
            if (grow((void **)&tr->words, &tr->cap_words, tr->n_words, sizeof *tr->words)) return -1;
            TrainWord *word = &tr->words[tr->n_words];
            memset(word, 0, sizeof *word);
            word->offset = pos;
            word->len = (int)(end - pos);
            word->count = 1;
            tr->word_slots[slot] = tr->n_words++;
            if (2 * (size_t)tr->n_words > tr->word_slots_cap && rehash_words(tr)) return -1;
        }
        pos = end;
    }
    return 0;
}

/* Add delta to the count of the pair (left, right), creating the pair if it is new, and note it
 * as touched in this step. If word >= 0, record that the word contains the pair. */
static int pair_change(Trainer *tr, int left, int right, int64_t delta, int word)
{
    int p = pair_map_get(&tr->pair_index, left, right);
    if (p < 0) {
        p = tr->n_pairs;
        if (grow((void **)&tr->pairs, &tr->cap_pairs, p, sizeof *tr->pairs) ||
            pair_map_put(&tr->pair_index, left, right, p)) return -1;
        TrainPair *fresh = &tr->pairs[p];
        memset(fresh, 0, sizeof *fresh);
        fresh->left = left;
        fresh->right = right;
        fresh->touched_at = -1;
        tr->n_pairs++;
    }
    TrainPair *pair = &tr->pairs[p];
    if (pair->touched_at != tr->step) {
        if (grow((void **)&tr->touched, &tr->cap_touched, tr->n_touched, sizeof *tr->touched))
            return -1;
        tr->touched[tr->n_touched++] = p;
        pair->touched_at = tr->step;
        pair->count_before = pair->count;
    }
    pair->count += delta;
    if (word >= 0 && (pair->n_words == 0 || pair->words[pair->n_words - 1] != word)) {
        if (grow((void **)&pair->words, &pair->cap_words, pair->n_words, sizeof *pair->words))
            return -1;
        pair->words[pair->n_words++] = word;
    }
    return 0;
}

static int candidate_better(TrainCandidate a, TrainCandidate b)
{
    if (a.count != b.count) return a.count > b.count;
    if (a.left != b.left) return a.left < b.left;
    return a.right < b.right;
}

static int train_heap_push(Trainer *tr, int p)
{
    if (grow((void **)&tr->heap, &tr->heap_cap, tr->heap_n, sizeof *tr->heap)) return -1;
    const TrainPair *pair = &tr->pairs[p];
    TrainCandidate c = {pair->count, pair->left, pair->right, p};
    int i = tr->heap_n++;
    while (i > 0 && candidate_better(c, tr->heap[(i - 1) / 2])) { /* sift up */
        tr->heap[i] = tr->heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    tr->heap[i] = c;
    return 0;
}

static TrainCandidate train_heap_pop(Trainer *tr)
{
    TrainCandidate top = tr->heap[0], last = tr->heap[--tr->heap_n];
    int i = 0;
    for (;;) { /* sift the last entry down from the root */
        int child = 2 * i + 1;
        if (child >= tr->heap_n) break;
        if (child + 1 < tr->heap_n && candidate_better(tr->heap[child + 1], tr->heap[child])) child++;
        if (!candidate_better(tr->heap[child], last)) break;
        tr->heap[i] = tr->heap[child];
        i = child;
    }
    if (tr->heap_n > 0) tr->heap[i] = last;
    return top;
}

/* End of a step: every pair whose count changed gets a fresh snapshot on the heap. */
static int push_touched(Trainer *tr)
{
    for (int k = 0; k < tr->n_touched; k++) {
        const TrainPair *pair = &tr->pairs[tr->touched[k]];
        if (pair->count > 0 && pair->count != pair->count_before && !pair->banned &&
            train_heap_push(tr, tr->touched[k])) return -1;
    }
    tr->n_touched = 0;
    return 0;
}

/* Step 2: every word as its byte tokens, and every adjacent pair counted. */
static int count_pairs(Trainer *tr, const int byte_id[256])
{
    size_t total = 0;
    for (int w = 0; w < tr->n_words; w++) total += (size_t)tr->words[w].len;
    tr->symbols = malloc((total ? total : 1) * sizeof *tr->symbols);
    if (!tr->symbols || pair_map_init(&tr->pair_index, 1 << 16)) return -1;
    size_t next = 0;
    for (int w = 0; w < tr->n_words; w++) {
        TrainWord *word = &tr->words[w];
        const unsigned char *p = (const unsigned char *)tr->text + word->offset;
        int *s = tr->symbols + next;
        word->first_symbol = next;
        word->n_symbols = word->len;
        next += (size_t)word->len;
        for (int i = 0; i < word->len; i++) s[i] = byte_id[p[i]];
        for (int i = 0; i + 1 < word->len; i++)
            if (pair_change(tr, s[i], s[i + 1], word->count, w)) return -1;
    }
    return push_touched(tr);
}

/* The most frequent pair that may be merged, or -1 when there is none left. */
static int best_pair(Trainer *tr)
{
    while (tr->heap_n > 0) {
        TrainCandidate c = train_heap_pop(tr);
        const TrainPair *pair = &tr->pairs[c.pair];
        if (!pair->banned && pair->count > 0 && pair->count == c.count) return c.pair;
    }
    return -1;
}

/* Rewrite word w with (left, right) -> merged, left to right, and update the pair counts.
 * Only pairs next to a merge site change: at a site "x A B y" the old pairs (x,A), (A,B) and
 * (B,y) lose the word's count and the new pairs (x,AB) and (AB,y) gain it. When two sites touch
 * ("A B A B"), the pair between them is the same one and must be counted once. */
static int rewrite_word(Trainer *tr, int w, int left, int right, int merged)
{
    TrainWord *word = &tr->words[w];
    int *s = tr->symbols + word->first_symbol;
    int n = word->n_symbols, m = 0, previous_site_end = -1;
    int64_t count = word->count;
    for (int i = 0; i < n;) { /* s[m++] = ... writes in place; m <= i, so s[i-1], s[i+2] are old */
        if (i + 1 < n && s[i] == left && s[i + 1] == right) {
            if (i > 0 && i - 1 != previous_site_end &&
                pair_change(tr, s[i - 1], left, -count, -1)) return -1;  /* (x, A) */
            if (pair_change(tr, left, right, -count, -1)) return -1;     /* (A, B) */
            if (i + 2 < n && pair_change(tr, right, s[i + 2], -count, -1)) return -1; /* (B, y) */
            previous_site_end = i + 1;
            s[m++] = merged;
            i += 2;
        } else {
            s[m++] = s[i++];
        }
    }
    word->n_symbols = m;
    for (int j = 0; j < m; j++) { /* every new pair has `merged` in it; add each once */
        if (s[j] != merged) continue;
        if (j > 0 && pair_change(tr, s[j - 1], merged, count, w)) return -1;
        if (j + 1 < m && s[j + 1] != merged && pair_change(tr, merged, s[j + 1], count, w))
            return -1;
    }
    return 0;
}

/* Give the token made of bytes[0..len) (malloc'd; the trainer takes it) the next id. */
static int add_token(Trainer *tr, unsigned char *bytes, int len)
{
    int id = tr->n_tokens++;
    tr->bytes[id] = bytes;
    tr->lens[id] = len;
    tr->index.slots[token_index_slot(&tr->index, tr->bytes, tr->lens, bytes, (size_t)len)] = id;
    return id;
}

/* Step 3, once: merge pair p everywhere, or ban it if its result is already a token.
 * Returns 1 if a merge was made, 0 if the pair was banned, -1 when out of memory. */
static int merge_pair(Trainer *tr, int p)
{
    int left = tr->pairs[p].left, right = tr->pairs[p].right;
    int n = tr->lens[left] + tr->lens[right];
    unsigned char *bytes = malloc((size_t)n);
    if (!bytes) return -1;
    memcpy(bytes, tr->bytes[left], (size_t)tr->lens[left]);
    memcpy(bytes + tr->lens[left], tr->bytes[right], (size_t)tr->lens[right]);
    if (tr->index.slots[token_index_slot(&tr->index, tr->bytes, tr->lens, bytes, (size_t)n)] >= 0) {
        free(bytes);
        tr->pairs[p].banned = 1;
        return 0;
    }
    int merged = add_token(tr, bytes, n);
    tr->merges[tr->n_merges++] = (TokMerge){left, right, merged};

    /* Take the pair's word list: the pair disappears from every word, so it is not needed again. */
    int *list = tr->pairs[p].words, n_list = tr->pairs[p].n_words;
    tr->pairs[p].words = NULL;
    tr->pairs[p].n_words = tr->pairs[p].cap_words = 0;
    tr->step++;
    int rc = 0;
    for (int k = 0; k < n_list && rc == 0; k++) {
        TrainWord *word = &tr->words[list[k]];
        if (word->seen_at == tr->step) continue; /* listed twice */
        word->seen_at = tr->step;
        rc = rewrite_word(tr, list[k], left, right, merged);
    }
    free(list);
    if (rc == 0) rc = push_touched(tr);
    return rc < 0 ? -1 : 1;
}

/* A growing text buffer for the output files; `failed` remembers an allocation failure. */
typedef struct {
    char *data;
    size_t len, cap;
    int failed;
} TextBuf;

static void buf_add(TextBuf *b, const void *data, size_t n)
{
    if (b->failed) return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1) cap *= 2;
        char *bigger = realloc(b->data, cap);
        if (!bigger) { b->failed = 1; return; }
        b->data = bigger;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, n);
    b->len += n;
}

/* Append a token in the byte-to-unicode alphabet; in_json escapes '"' and '\' for JSON. (The
 * alphabet has no control characters, spaces or newlines, so nothing else needs escaping.) */
static void buf_add_token(TextBuf *b, const ByteAlphabet *alphabet, const unsigned char *bytes,
                          int len, int in_json)
{
    for (int i = 0; i < len; i++) {
        char utf8[4];
        if (in_json && (bytes[i] == '"' || bytes[i] == '\\')) buf_add(b, "\\", 1);
        buf_add(b, utf8, (size_t)gb_utf8_encode(alphabet->char_of_byte[bytes[i]], utf8));
    }
}

/* Write out_dir/vocab.json (one "token": id per line, in id order) and out_dir/merges.txt. */
static int write_files(const Trainer *tr, const ByteAlphabet *alphabet, const char *vocab_path,
                       const char *merges_path, GbError *err)
{
    TextBuf vocab = {0}, merges = {0};
    buf_add(&vocab, "{\n", 2);
    for (int id = 0; id < tr->n_tokens; id++) {
        char tail[32];
        buf_add(&vocab, "  \"", 3);
        buf_add_token(&vocab, alphabet, tr->bytes[id], tr->lens[id], 1);
        int k = snprintf(tail, sizeof tail, "\": %d%s\n", id, id + 1 < tr->n_tokens ? "," : "");
        buf_add(&vocab, tail, (size_t)k);
    }
    buf_add(&vocab, "}\n", 2);

    buf_add(&merges, "#version: 0.2\n", 14);
    for (int r = 0; r < tr->n_merges; r++) {
        const TokMerge *m = &tr->merges[r];
        buf_add_token(&merges, alphabet, tr->bytes[m->left], tr->lens[m->left], 0);
        buf_add(&merges, " ", 1);
        buf_add_token(&merges, alphabet, tr->bytes[m->right], tr->lens[m->right], 0);
        buf_add(&merges, "\n", 1);
    }

    int rc;
    if (vocab.failed || merges.failed) rc = gb_fail(err, vocab_path, "out of memory writing");
    else rc = gb_write_file_atomic(vocab_path, vocab.data, vocab.len, err) ||
              gb_write_file_atomic(merges_path, merges.data, merges.len, err) ? -1 : 0;
    free(vocab.data);
    free(merges.data);
    return rc;
}

static void trainer_free(Trainer *tr)
{
    for (int id = 0; id < tr->n_tokens; id++) free(tr->bytes[id]);
    free(tr->bytes);
    free(tr->lens);
    free(tr->index.slots);
    free(tr->merges);
    free(tr->words);
    free(tr->word_slots);
    free(tr->symbols);
    for (int p = 0; p < tr->n_pairs; p++) free(tr->pairs[p].words);
    free(tr->pairs);
    pair_map_free(&tr->pair_index);
    free(tr->touched);
    free(tr->heap);
}

/* The 256 byte tokens, ids in the order of their alphabet characters (GPT-2's order). */
static int add_byte_tokens(Trainer *tr, const ByteAlphabet *alphabet, int byte_id[256])
{
    for (uint32_t c = 0; c < TOK_ALPHABET_END; c++) {
        int b = alphabet->byte_of_char[c];
        if (b < 0) continue;
        unsigned char *one = malloc(1);
        if (!one) return -1;
        one[0] = (unsigned char)b;
        byte_id[b] = add_token(tr, one, 1);
    }
    return 0;
}

int tok_train(const char *text, size_t len, int vocab_size, const char *out_dir, GbError *err)
{
    char vocab_path[4096], merges_path[4096];
    if (gb_path_join(vocab_path, sizeof vocab_path, out_dir, "vocab.json") ||
        gb_path_join(merges_path, sizeof merges_path, out_dir, "merges.txt"))
        return gb_fail(err, out_dir, "path is too long");
    if (vocab_size < 257 || vocab_size > TOK_MAX_VOCAB)
        return gb_fail(err, vocab_path, "cannot train a vocabulary of %d tokens (hint: vocab_size "
                       "must be 257..%d: 256 byte tokens, the merges, and <|endoftext|>)",
                       vocab_size, TOK_MAX_VOCAB);
    if (mkdir(out_dir, 0777) != 0 && errno != EEXIST)
        return gb_fail(err, out_dir, "cannot create the output folder: %s (hint: check that its "
                       "parent folder exists and is writable)", strerror(errno));
    if (len > INT_MAX)
        return gb_fail(err, vocab_path, "training text of %zu bytes is too large (hint: at most "
                       "%d bytes; a sample of the text learns nearly the same merges)", len, INT_MAX);

    ByteAlphabet alphabet;
    alphabet_init(&alphabet);
    Trainer tr;
    memset(&tr, 0, sizeof tr);
    tr.text = text;
    int byte_id[256];
    int rc = -1;
    tr.bytes = calloc((size_t)vocab_size, sizeof *tr.bytes);
    tr.lens = calloc((size_t)vocab_size, sizeof *tr.lens);
    tr.merges = calloc((size_t)vocab_size, sizeof *tr.merges);
    if (!tr.bytes || !tr.lens || !tr.merges || token_index_init(&tr.index, (size_t)vocab_size) ||
        add_byte_tokens(&tr, &alphabet, byte_id) || count_words(&tr, len) ||
        count_pairs(&tr, byte_id))
        goto out_of_memory;

    while (tr.n_tokens < vocab_size - 1) {   /* the last id is for <|endoftext|> */
        int p = best_pair(&tr);
        if (p < 0) {
            gb_fail(err, vocab_path, "the text runs out of pairs to merge after %d merges, so "
                    "vocab_size can be at most %d (hint: train on more text or ask for a smaller "
                    "vocab_size)", tr.n_merges, tr.n_merges + 257);
            goto done;
        }
        if (merge_pair(&tr, p) < 0) goto out_of_memory;
    }
    /* <|endoftext|> cannot collide with a learned token: merges stay inside one piece, and the
     * regex always cuts "<|", "endoftext" and "|>" apart. */
    unsigned char *eot = malloc(13);
    if (!eot) goto out_of_memory;
    memcpy(eot, "<|endoftext|>", 13);
    add_token(&tr, eot, 13);
    rc = write_files(&tr, &alphabet, vocab_path, merges_path, err);
    goto done;

out_of_memory:
    gb_fail(err, vocab_path, "out of memory while training on %zu bytes (hint: train on less "
            "text)", len);
done:
    trainer_free(&tr);
    return rc;
}
