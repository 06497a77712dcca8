/* evidence.h — how often each next word followed a context in the training text.
 *
 * A lecture explains next-word prediction like this: "you have seen ten articles, and every time
 * this sentence came up, the next word was Paris". The evidence index makes that sentence
 * checkable: for every short context in the corpus it records how often each next word came
 * after it. The viewer shows it beside the model's probabilities ("the corpus had ' Paris' after
 * this 951 times out of 1000"), and the model tests compare the two.
 *
 * Which call do I use for what:
 *
 *   evidence_write     text -> an index file (corpusgen --evidence uses it)
 *   evidence_load      index file -> EvidenceIndex (checks every line; bad files get a message)
 *   evidence_lookup    the text so far -> the entry of its longest known ending
 *   evidence_find      one exact context -> its entry
 *   evidence_free      frees what evidence_load allocated
 *
 * Glossary:
 *   piece    what a "word" is here: a piece of GPT-2's pre-tokenizer (tok_next_piece in
 *            tokenizer.h) — a word with the space before it (" Paris"), a number, a run of
 *            punctuation (".", "?\""), or whitespace ("\n"). Tokens never cross pieces, so a
 *            piece is one token or a few, and the model's next token is the start of the next
 *            piece. Pieces are kept exactly as written, leading space included.
 *   context  1 to max_context pieces in a row, written as their bytes joined together
 *            (" is located in" is the three pieces " is", " located", " in").
 *   total    how often the context occurred with some piece after it.
 *
 * The file (text, UTF-8, one context per line):
 *
 *   glassbox-evidence 1
 *   # a line that starts with # is a comment
 *   <context> TAB <total> TAB <piece> TAB <count> [TAB <piece> TAB <count>] ...
 *
 * Lines are sorted by the context's bytes (as memcmp orders them, a prefix first), each context
 * once. The pieces after a context are its most frequent ones, most frequent first (ties in byte
 * order); their counts add up to at most total — the rest is "something else". In contexts and
 * pieces, backslash, tab, newline and carriage return are written \\ \t \n \r, and a # at
 * the start of a context as \# (so that the line is not a comment).
 */
#ifndef GB_EVIDENCE_H
#define GB_EVIDENCE_H

#include "util.h"

#include <stddef.h>
#include <stdint.h>

#define EVIDENCE_MAX_CONTEXT 8
#define EVIDENCE_MAGIC "glassbox-evidence 1"

typedef struct {
    int max_context;        /* longest context, in pieces: 1..EVIDENCE_MAX_CONTEXT */
    uint32_t min_count;     /* keep a context only if it occurred at least this often (>= 1) */
    int top;                /* keep at most this many next pieces per context (>= 1) */
} EvidenceOptions;

typedef struct {
    const char *piece;      /* the next piece, exactly as in the text (" Paris", ".", "\n") */
    size_t piece_len;
    uint32_t count;         /* how often it followed the context */
} EvidenceNext;

typedef struct {
    const char *context;    /* the context's bytes (NUL-terminated; may contain newlines) */
    size_t context_len;
    int n_pieces;           /* how many pieces the context has */
    uint64_t total;         /* how often the context occurred followed by any piece */
    int n_next;
    const EvidenceNext *next;   /* (n_next) most frequent first */
} EvidenceEntry;

typedef struct {
    char *data;             /* the file's bytes, unescaped in place; entries point into it */
    EvidenceEntry *entries; /* (n_entries) sorted by context bytes */
    int n_entries;
    EvidenceNext *next;     /* every entry's next pieces, one array */
    int max_context;        /* the most pieces any context has */
} EvidenceIndex;

/* Count every context of 1..opt->max_context pieces in text[0..len) and the piece that followed
 * it, keep the contexts seen at least opt->min_count times with their opt->top most frequent
 * next pieces, and write the index to path (atomically). Deterministic: the same text and
 * options give the same file. Returns 0, or -1 with err. */
int evidence_write(const char *text, size_t len, const EvidenceOptions *opt, const char *path,
                   GbError *err);

/* Read and check an index. The file is untrusted: any malformed line gives
 * "<file>:<line>: <what is wrong> (hint: ...)". Returns 0, or -1 with err (and nothing to
 * free). On success, free with evidence_free. */
int evidence_load(EvidenceIndex *ix, const char *path, GbError *err);
void evidence_free(EvidenceIndex *ix);

/* The entry for exactly this context, or NULL. */
const EvidenceEntry *evidence_find(const EvidenceIndex *ix, const char *context, size_t len);

/* The entry for the longest ending of text[0..len) (at most max_context pieces) that the index
 * knows, or NULL if not even its last piece is known. The text is cut into pieces as if a
 * word followed it, because the model is about to write the next piece: so "on the " ends in
 * the piece " the" (its trailing space belongs to the next piece), and a closing "\n\n" splits
 * as it does before the next document. The entry's n_pieces says how much of the text matched. */
const EvidenceEntry *evidence_lookup(const EvidenceIndex *ix, const char *text, size_t len);

#endif
