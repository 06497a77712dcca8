/* main.c — corpusgen, the command line of the corpus generator.
 *
 *   corpusgen --seed S --size MB --out FILE [--evidence FILE.tsv] [--stats] [--echo N]
 *   corpusgen --heldout FILE --facts FILE --probes FILE
 *
 * See docs/corpus.md for what it writes.
 */
#define _POSIX_C_SOURCE 200809L
#include "corpus.h"
#include "evidence.h"
#include "tokenizer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage =
    "usage: corpusgen [--seed S] [--size MB] --out FILE [--evidence FILE.tsv] [--stats] [--echo N]\n"
    "                 [--evidence-context N] [--evidence-min N] [--evidence-top N]\n"
    "       corpusgen [--heldout FILE] [--facts FILE] [--probes FILE]\n"
    "\n"
    "  --seed S              random seed (default 1); the same seed writes the same bytes\n"
    "  --size MB             write at least this many megabytes (10^6 bytes; default 10)\n"
    "  --out FILE            the corpus: documents separated by a blank line\n"
    "  --stats               print bytes, words, choices and their self-information in nats\n"
    "  --echo N              add N echo games to every 100 other documents (default 0: none);\n"
    "                        a game is a word list said back by a parrot, for learning to copy\n"
    "  --evidence FILE.tsv   also write the evidence index (see ref/evidence.h)\n"
    "  --evidence-context N  longest context in pieces (default 6)\n"
    "  --evidence-min N      keep contexts seen at least N times (default 40)\n"
    "  --evidence-top N      keep the N most frequent next pieces (default 8)\n"
    "  --heldout FILE        write the held-out fact prompts (corpus/heldout.tsv)\n"
    "  --facts FILE          write the seen fact prompts (corpus/facts.tsv)\n"
    "  --probes FILE         write the probes and their designed distributions (corpus/probes.tsv)\n";

typedef struct {
    uint64_t seed;
    double size_mb;
    const char *out, *evidence, *heldout, *facts, *probes;
    int stats;
    uint32_t echo;
    EvidenceOptions ev;
} Options;

static int fail(const char *msg)
{
    fprintf(stderr, "corpusgen: %s\n", msg);
    return 1;
}

static int parse_number(const char *flag, const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !(v >= lo && v <= hi)) {
        fprintf(stderr, "corpusgen: %s: expected a number from %g to %g, got '%s' (hint: "
                "corpusgen --help)\n", flag, lo, hi, s);
        return -1;
    }
    *out = v;
    return 0;
}

static int parse_whole(const char *flag, const char *s, double lo, double hi, double *out)
{
    if (parse_number(flag, s, lo, hi, out)) return -1;
    if (*out != (double)(uint64_t)*out) {
        fprintf(stderr, "corpusgen: %s: expected a whole number, got '%s' (hint: corpusgen "
                "--help)\n", flag, s);
        return -1;
    }
    return 0;
}

static int parse_options(int argc, char **argv, Options *o)
{
    memset(o, 0, sizeof *o);
    o->seed = 1;
    o->size_mb = 10;
    o->ev = (EvidenceOptions){6, 40, 8};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        double v;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            fputs(usage, stdout);
            exit(0);
        }
        if (!strcmp(a, "--stats")) { o->stats = 1; continue; }
        static const char *const valued[] = {"--seed", "--size", "--out", "--evidence",
                                             "--evidence-context", "--evidence-min",
                                             "--evidence-top", "--heldout", "--facts", "--probes",
                                             "--echo"};
        int known = 0;
        for (int k = 0; k < COUNT(valued); k++) known |= !strcmp(a, valued[k]);
        if (!known) {
            fprintf(stderr, "corpusgen: unknown option '%s' (hint: corpusgen --help)\n", a);
            return -1;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "corpusgen: %s needs a value (hint: corpusgen --help)\n", a);
            return -1;
        }
        const char *val = argv[++i];
        if (!strcmp(a, "--seed")) {
            if (parse_whole(a, val, 0, 9007199254740992.0, &v)) return -1;
            o->seed = (uint64_t)v;
        } else if (!strcmp(a, "--size")) {
            if (parse_number(a, val, 0.001, 2000, &o->size_mb)) return -1;
        } else if (!strcmp(a, "--out")) {
            o->out = val;
        } else if (!strcmp(a, "--evidence")) {
            o->evidence = val;
        } else if (!strcmp(a, "--evidence-context")) {
            if (parse_whole(a, val, 1, EVIDENCE_MAX_CONTEXT, &v)) return -1;
            o->ev.max_context = (int)v;
        } else if (!strcmp(a, "--evidence-min")) {
            if (parse_whole(a, val, 1, 1e9, &v)) return -1;
            o->ev.min_count = (uint32_t)v;
        } else if (!strcmp(a, "--evidence-top")) {
            if (parse_whole(a, val, 1, 1000, &v)) return -1;
            o->ev.top = (int)v;
        } else if (!strcmp(a, "--echo")) {
            if (parse_whole(a, val, 0, 10000, &v)) return -1;
            o->echo = (uint32_t)v;
        } else if (!strcmp(a, "--heldout")) {
            o->heldout = val;
        } else if (!strcmp(a, "--facts")) {
            o->facts = val;
        } else {
            o->probes = val;
        }
    }
    if (!o->out && (o->evidence || o->stats)) {
        fprintf(stderr, "corpusgen: --evidence and --stats need --out FILE (hint: corpusgen --help)\n");
        return -1;
    }
    if (!o->out && !o->heldout && !o->facts && !o->probes) {
        fputs(usage, stderr);
        return -1;
    }
    return 0;
}

// ----------------------------------------------------------------------------
// Statistics

/* The number of distinct words: pieces that start with a letter after their optional space,
 * counted once whatever the space (" Paris" and "Paris" are one word). */
static size_t distinct_words(const char *text, size_t len)
{
    size_t cap = 1 << 16, n = 0;
    size_t *start = calloc(cap, sizeof *start), *wlen = calloc(cap, sizeof *wlen);
    if (!start || !wlen) { free(start); free(wlen); return 0; }
    for (size_t pos = 0; pos < len;) {
        size_t end = tok_next_piece(text, len, pos), s = pos + (text[pos] == ' ');
        pos = end;
        if (s >= end || !((text[s] >= 'a' && text[s] <= 'z') || (text[s] >= 'A' && text[s] <= 'Z')))
            continue;
        uint64_t h = 1469598103934665603u;
        for (size_t i = s; i < end; i++) h = (h ^ (unsigned char)text[i]) * 1099511628211u;
        size_t k = (size_t)h & (cap - 1);
        while (wlen[k] && !(wlen[k] == end - s && memcmp(text + start[k], text + s, end - s) == 0))
            k = (k + 1) & (cap - 1);
        if (wlen[k]) continue;
        start[k] = s;
        wlen[k] = end - s;
        if (++n * 2 > cap) break;               /* more than 32768 words: stop counting */
    }
    free(start);
    free(wlen);
    return n;
}

static void print_stats(const Gen *g, double seconds)
{
    size_t words = 0, pieces = 0;
    for (size_t i = 0; i < g->len; i++)
        words += g->text[i] != ' ' && g->text[i] != '\n' &&
                 (i == 0 || g->text[i - 1] == ' ' || g->text[i - 1] == '\n');
    for (size_t pos = 0; pos < g->len; pos = tok_next_piece(g->text, g->len, pos)) pieces++;
    printf("bytes %zu\n", g->len);
    printf("words %zu\n", words);
    printf("pieces %zu\n", pieces);
    printf("distinct_words %zu\n", distinct_words(g->text, g->len));
    printf("choices %llu\n", (unsigned long long)g->choices);
    printf("nats %.1f\n", g->nats);
    printf("nats_per_byte %.4f\n", g->nats / (double)g->len);
    printf("nats_per_word %.4f\n", g->nats / (double)words);
    printf("nats_per_piece %.4f\n", g->nats / (double)pieces);
    printf("seconds %.2f\n", seconds);
    printf("mb_per_second %.1f\n", (double)g->len / 1e6 / (seconds > 0 ? seconds : 1e-9));
}

// ----------------------------------------------------------------------------

int main(int argc, char **argv)
{
    Options o;
    if (parse_options(argc, argv, &o)) return 2;
    GbError err;
    if (o.heldout && corpus_write_heldout(o.heldout, &err)) return fail(err.msg);
    if (o.facts && corpus_write_facts(o.facts, &err)) return fail(err.msg);
    if (o.probes && corpus_write_probes(o.probes, &err)) return fail(err.msg);
    if (!o.out) return 0;

    Gen g;
    cg_init(&g, o.seed);
    g.echo_weight = o.echo;
    double t0 = gb_now();
    corpus_generate(&g, (size_t)(o.size_mb * 1e6));
    double seconds = gb_now() - t0;
    int rc = 0;
    if (gb_write_file_atomic(o.out, g.text, g.len, &err)) rc = fail(err.msg);
    if (!rc && o.evidence && evidence_write(g.text, g.len, &o.ev, o.evidence, &err)) rc = fail(err.msg);
    if (!rc && o.stats) print_stats(&g, seconds);
    cg_free(&g);
    return rc;
}
