/* tok_ids.c — a command-line driver for ref/tokenizer.c, used by tests/tokenizer/test_gpt2.sh and
 * for measuring speed. Not part of glassbox itself.
 *
 *   tok_ids encode DIR       stdin: one text per line, hex-encoded bytes (so any byte can be
 *                            passed). stdout, one line per text: the token ids separated by
 *                            spaces, a tab, then "ok" if decoding gives the text back and the
 *                            spans are contiguous, cover the text and match each token's bytes,
 *                            or "bad: <why>" if not.
 *   tok_ids pieces           stdin as above. stdout: the end offsets of the pre-tokenizer's
 *                            pieces, in bytes, separated by spaces.
 *   tok_ids bench DIR FILE   encode FILE repeatedly for about 2 seconds; print MB/s.
 *   tok_ids train FILE VOCAB_SIZE OUT_DIR
 *                            train on FILE, write OUT_DIR/vocab.json and merges.txt; print time.
 *
 * Errors are printed as `tok_ids: <msg>` and exit with status 1.
 */
#define _POSIX_C_SOURCE 200809L
#include "tokenizer.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int die(const char *msg)
{
    fprintf(stderr, "tok_ids: %s\n", msg);
    return 1;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decode a hex line in place; returns the byte count or -1 if it is not hex. */
static long unhex(char *line)
{
    size_t n = strcspn(line, "\r\n");
    if (n % 2) return -1;
    for (size_t i = 0; i < n; i += 2) {
        int hi = hex_value(line[i]), lo = hex_value(line[i + 1]);
        if (hi < 0 || lo < 0) return -1;
        line[i / 2] = (char)(hi * 16 + lo);
    }
    return (long)(n / 2);
}

/* Check what the encoder promises for one text; returns NULL or a reason. */
static const char *check_tokens(const Tokenizer *t, const char *text, size_t len, const TokList *l)
{
    int expect = 0;
    for (int i = 0; i < l->n; i++) {
        int k;
        const unsigned char *b = tok_bytes(t, l->ids[i], &k);
        if (l->start[i] != expect) return "spans are not contiguous";
        if (l->end[i] - l->start[i] != k || memcmp(text + l->start[i], b, (size_t)k) != 0)
            return "a span's bytes differ from its token's bytes";
        expect = l->end[i];
    }
    if ((size_t)expect != len) return "spans do not cover the text";
    size_t got;
    char *back = tok_decode(t, l->ids, l->n, &got);
    int same = back && got == len && memcmp(back, text, len) == 0;
    free(back);
    return same ? NULL : "decode does not give the text back";
}

static int cmd_encode(const char *dir)
{
    Tokenizer t;
    GbError err;
    if (tok_load(&t, dir, &err)) return die(err.msg);
    char *line = NULL;
    size_t cap = 0;
    int rc = 0;
    while (getline(&line, &cap, stdin) >= 0) {
        long n = unhex(line);
        if (n < 0) { rc = die("input line is not hex"); break; }
        TokList list = {0};
        if (tok_encode(&t, line, (size_t)n, &list, &err)) { rc = die(err.msg); break; }
        for (int i = 0; i < list.n; i++) printf(i ? " %d" : "%d", list.ids[i]);
        const char *why = check_tokens(&t, line, (size_t)n, &list);
        if (why) printf("\tbad: %s\n", why);
        else printf("\tok\n");
        tok_list_free(&list);
    }
    free(line);
    tok_free(&t);
    return rc;
}

static int cmd_pieces(void)
{
    char *line = NULL;
    size_t cap = 0;
    int rc = 0;
    while (getline(&line, &cap, stdin) >= 0) {
        long n = unhex(line);
        if (n < 0) { rc = die("input line is not hex"); break; }
        for (size_t pos = 0; pos < (size_t)n;) {
            pos = tok_next_piece(line, (size_t)n, pos);
            printf(pos == (size_t)n ? "%zu" : "%zu ", pos);
        }
        printf("\n");
    }
    free(line);
    return rc;
}

static int cmd_bench(const char *dir, const char *file)
{
    Tokenizer t;
    GbError err;
    size_t len;
    if (tok_load(&t, dir, &err)) return die(err.msg);
    char *text = gb_read_file(file, (size_t)1 << 30, &len, &err);
    if (!text) { tok_free(&t); return die(err.msg); }
    double t0 = gb_now(), elapsed = 0;
    size_t done = 0;
    long tokens = 0;
    while (elapsed < 2.0) {
        TokList list = {0};
        if (tok_encode(&t, text, len, &list, &err)) { free(text); tok_free(&t); return die(err.msg); }
        tokens = list.n;
        tok_list_free(&list);
        done += len;
        elapsed = gb_now() - t0;
    }
    printf("encoded %zu bytes into %ld tokens: %.2f MB/s\n", len, tokens, done / elapsed / 1e6);
    free(text);
    tok_free(&t);
    return 0;
}

static int cmd_train(const char *file, const char *size, const char *out_dir)
{
    GbError err;
    size_t len;
    char *text = gb_read_file(file, (size_t)1 << 31, &len, &err);
    if (!text) return die(err.msg);
    double t0 = gb_now();
    int rc = tok_train(text, len, atoi(size), out_dir, &err);
    double elapsed = gb_now() - t0;
    free(text);
    if (rc) return die(err.msg);
    printf("trained a vocabulary of %s tokens on %zu bytes in %.2f s\n", size, len, elapsed);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "encode") == 0) return cmd_encode(argv[2]);
    if (argc == 2 && strcmp(argv[1], "pieces") == 0) return cmd_pieces();
    if (argc == 4 && strcmp(argv[1], "bench") == 0) return cmd_bench(argv[2], argv[3]);
    if (argc == 5 && strcmp(argv[1], "train") == 0) return cmd_train(argv[2], argv[3], argv[4]);
    fprintf(stderr, "usage: tok_ids encode DIR | pieces | bench DIR FILE | "
                    "train FILE VOCAB_SIZE OUT_DIR  (inputs are hex lines on stdin)\n");
    return 2;
}
