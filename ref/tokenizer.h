/* tokenizer.h — GPT-2 byte-level BPE: load vocab.json + merges.txt, encode text to token ids with
 * each token's byte span, decode ids back to bytes, and train a new vocabulary from text.
 *
 * Which call do I use for what:
 *   tok_load / tok_free     read a tokenizer from a folder holding vocab.json and merges.txt
 *   tok_encode              text -> token ids, each with the byte span [start, end) it covers
 *   tok_decode, tok_bytes   token ids -> bytes
 *   tok_find                bytes -> the id of the token spelled exactly so (or -1)
 *   tok_next_piece          GPT-2's pre-tokenizer: where the regex piece starting at pos ends
 *   tok_train               text -> a new vocab.json + merges.txt
 *
 * Glossary:
 *   token     an entry of the vocabulary: an id and the bytes it stands for. Ids 0..255 (in
 *             GPT-2's vocabulary and in ours) stand for single bytes, so every text can be encoded.
 *   merge     a rule "token A followed by token B becomes token AB". merges.txt lists them in
 *             priority order; a merge's line number (from 0) is its rank, lower merges first.
 *   piece     a chunk of text cut out by GPT-2's pre-tokenization regex (a word with its leading
 *             space, a number, a punctuation run, a whitespace run). Merges never cross pieces.
 *   byte-to-unicode alphabet
 *             vocab.json and merges.txt cannot hold raw bytes, so GPT-2 writes each byte as one
 *             printable character: '!'..'~', '¡'..'¬' and '®'..'ÿ' stand for themselves, the other
 *             68 bytes become U+0100 upward ("Ġ" = U+0120 is the space byte). "Ġthe" is " the".
 *
 * See docs/tokenizer.md for the algorithm, the file formats and the trainer's tie-breaking.
 */
#ifndef GB_TOKENIZER_H
#define GB_TOKENIZER_H

#include <stddef.h>
#include "util.h"

/* The largest vocabulary tok_load accepts and tok_train makes (GPT-2 has 50257 tokens). */
#define TOK_MAX_VOCAB (1 << 20)

/* The result of encoding: n tokens; token i is ids[i] and covers text bytes [start[i], end[i]).
 * Caller owns it: zero-initialise, pass to tok_encode (which appends), free with tok_list_free. */
typedef struct {
    int *ids;
    int *start;
    int *end;
    int n, cap;
} TokList;

void tok_list_free(TokList *list);

/* One line of merges.txt, as ids: `left` followed by `right` becomes `result`. */
typedef struct {
    int left, right, result;
} TokMerge;

typedef struct TokImpl TokImpl; /* hash tables, private to tokenizer.c */

typedef struct {
    int vocab_size;          /* number of entries in vocab.json (ids 0..vocab_size-1) */
    unsigned char **bytes;   /* (vocab_size) the raw bytes each id stands for */
    int *len;                /* (vocab_size) their lengths (always >= 1) */
    int n_merges;            /* lines in merges.txt (after the version header) */
    TokMerge *merges;        /* (n_merges) the merges in rank order: merges[0] applies first */
    int byte_token[256];     /* the id of the one-byte token for each byte value */
    TokImpl *impl;
} Tokenizer;

/* Load dir/vocab.json and dir/merges.txt. Returns 0, or -1 with err naming the file and problem.
 * On success the caller frees with tok_free. On failure nothing needs freeing.
 * Both files are untrusted: every id, token and merge line is checked (see docs/tokenizer.md). */
int tok_load(Tokenizer *t, const char *dir, GbError *err);
void tok_free(Tokenizer *t);

/* Encode text[0..len) (any bytes: invalid UTF-8, NUL, ...) and append the tokens to out.
 * The spans of the appended tokens are contiguous and cover [0, len) exactly.
 * Returns 0, or -1 when out of memory or when len does not fit in an int (spans are ints).
 * Safe to call from several threads at once on the same Tokenizer. */
int tok_encode(const Tokenizer *t, const char *text, size_t len, TokList *out, GbError *err);

/* The bytes of one token (not NUL-terminated); *len gets the length. Ids out of range give "". */
const unsigned char *tok_bytes(const Tokenizer *t, int id, int *len);

/* Decode ids[0..n) into a malloc'd NUL-terminated buffer (caller frees); *len gets the byte count.
 * Ids out of range contribute nothing. Returns NULL only when out of memory. */
char *tok_decode(const Tokenizer *t, const int *ids, int n, size_t *len);

/* The id of the token whose bytes are exactly bytes[0..len), or -1 if there is none. */
int tok_find(const Tokenizer *t, const void *bytes, size_t len);

/* GPT-2's pre-tokenizer, one piece at a time: for pos < len, return the end (exclusive) of the
 * piece of text[0..len) that starts at pos; always > pos. Calling it from 0 until it returns len
 * cuts the text exactly as the JavaScript regex
 *     /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu
 * would, where a byte that is not part of valid UTF-8 counts as one "other" character. */
size_t tok_next_piece(const char *text, size_t len, size_t pos);

/* Train a byte-level BPE vocabulary of vocab_size entries (256 byte tokens + merges + the
 * "<|endoftext|>" token) on text[0..len), and write out_dir/vocab.json and out_dir/merges.txt
 * (each atomically). Deterministic: the same text and size give byte-identical files.
 * vocab_size must be in 257..TOK_MAX_VOCAB, and the text must have enough distinct adjacent pairs
 * to learn vocab_size - 257 merges; otherwise -1 with err saying the largest size it could reach. */
int tok_train(const char *text, size_t len, int vocab_size, const char *out_dir, GbError *err);

#endif
