/* test_evidence.c — the evidence index (ref/evidence.c): counts against a brute-force count,
 * longest-suffix lookup, escapes, determinism, and bad files with clear messages.
 *
 * The corpus here is small and random (a toy grammar with a few fixed phrases, so that some
 * contexts are frequent and some next words are certain), so the brute force — scan every
 * position of the text for every context — stays fast. */
#include "check.h"
#include "evidence.h"
#include "rng.h"
#include "tokenizer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Scratch files go where tests/run.sh builds (BUILD), "build" by default. */
static char INDEX_PATH[256], BAD_PATH[256], GOOD_PATH[256];

static void scratch_paths(void)
{
    const char *build = getenv("BUILD");
    if (!build || !*build) build = "build";
    snprintf(INDEX_PATH, sizeof INDEX_PATH, "%.200s/test_evidence.tsv", build);
    snprintf(BAD_PATH, sizeof BAD_PATH, "%.200s/test_evidence_bad.tsv", build);
    snprintf(GOOD_PATH, sizeof GOOD_PATH, "%.200s/test_evidence_good.tsv", build);
}

// ----------------------------------------------------------------------------
// A small corpus

typedef struct {
    char *s;
    size_t len, cap;
} Text;

static void put(Text *t, const char *s)
{
    size_t n = strlen(s);
    if (t->len + n + 1 > t->cap) {
        t->cap = 2 * (t->len + n + 1);
        t->s = realloc(t->s, t->cap);
    }
    memcpy(t->s + t->len, s, n + 1);
    t->len += n;
}

static void toy_corpus(Text *t, uint64_t seed, int docs)
{
    static const char *const who[] = {"The cat", "The dog", "Mia", "Tom", "A bird"};
    static const char *const where[] = {"mat", "mat", "mat", "rug", "sofa", "piano"};
    static const char *const city[] = {"Paris", "Paris", "Paris", "Paris", "France"};
    Rng r;
    rng_seed(&r, seed, 1);
    for (int d = 0; d < docs; d++) {
        int n = 2 + (int)(rng_u32(&r) % 4);
        for (int i = 0; i < n; i++) {
            if (i) put(t, " ");
            switch (rng_u32(&r) % 4) {
            case 0:
                put(t, who[rng_u32(&r) % 5]);
                put(t, " sat on the ");
                put(t, where[rng_u32(&r) % 6]);
                put(t, ".");
                break;
            case 1:
                put(t, "The Eiffel Tower is located in ");
                put(t, city[rng_u32(&r) % 5]);
                put(t, ".");
                break;
            case 2:
                put(t, "\"Can I play?\" asked ");
                put(t, who[2 + rng_u32(&r) % 2]);
                put(t, ". It's fun!");
                break;
            default:
                put(t, who[rng_u32(&r) % 5]);
                put(t, rng_u32(&r) % 2 ? " ran home." : " was happy.");
                break;
            }
        }
        put(t, "\n\n");
    }
}

// ----------------------------------------------------------------------------
// Brute force

typedef struct {
    size_t *start;      /* (n + 1) */
    size_t n;
} Pieces;

static void split(const Text *t, Pieces *p)
{
    p->n = 0;
    for (size_t pos = 0; pos < t->len; pos = tok_next_piece(t->s, t->len, pos)) p->n++;
    p->start = malloc((p->n + 1) * sizeof *p->start);
    size_t i = 0;
    for (size_t pos = 0; pos < t->len; pos = tok_next_piece(t->s, t->len, pos)) p->start[i++] = pos;
    p->start[p->n] = t->len;
}

/* How often the context (k pieces, bytes ctx[0..len)) occurs followed by some piece, and by
 * `piece` (when not NULL). */
static uint64_t count(const Text *t, const Pieces *p, int k, const char *ctx, size_t len,
                      const char *piece, size_t piece_len, uint64_t *with_piece)
{
    uint64_t total = 0, with = 0;
    for (size_t i = (size_t)k; i < p->n; i++) {
        size_t from = p->start[i - (size_t)k], to = p->start[i];
        if (to - from != len || memcmp(t->s + from, ctx, len) != 0) continue;
        total++;
        size_t nl = p->start[i + 1] - p->start[i];
        if (piece && nl == piece_len && memcmp(t->s + p->start[i], piece, nl) == 0) with++;
    }
    if (with_piece) *with_piece = with;
    return total;
}

static void test_counts(void)
{
    Text t = {0};
    toy_corpus(&t, 42, 400);
    EvidenceOptions opt = {5, 3, 4};
    GbError err;
    int rc = evidence_write(t.s, t.len, &opt, INDEX_PATH, &err);
    CHECK(rc == 0, "evidence_write: %s", rc ? err.msg : "");
    EvidenceIndex ix;
    rc = evidence_load(&ix, INDEX_PATH, &err);
    CHECK(rc == 0, "evidence_load: %s", rc ? err.msg : "");
    if (rc) { free(t.s); return; }
    Pieces p;
    split(&t, &p);
    CHECK(ix.n_entries > 50, "only %d contexts in the index", ix.n_entries);
    CHECK(ix.max_context == 5, "max_context %d, want 5", ix.max_context);

    /* Every entry: the total and every listed count match the brute-force count, the listed
     * pieces are the most frequent ones, in order. */
    int bad_total = 0, bad_count = 0, bad_order = 0;
    for (int e = 0; e < ix.n_entries; e++) {
        const EvidenceEntry *x = &ix.entries[e];
        uint64_t total = count(&t, &p, x->n_pieces, x->context, x->context_len, NULL, 0, NULL);
        bad_total += total != x->total;
        uint64_t listed = 0;
        for (int j = 0; j < x->n_next; j++) {
            uint64_t with;
            count(&t, &p, x->n_pieces, x->context, x->context_len, x->next[j].piece, x->next[j].piece_len, &with);
            bad_count += with != x->next[j].count;
            listed += with;
            if (j > 0) bad_order += x->next[j].count > x->next[j - 1].count;
        }
        /* If pieces were left out, none of them can be more frequent than the last listed. */
        if (x->n_next == opt.top && listed < x->total) {
            uint32_t last = x->next[x->n_next - 1].count;
            for (size_t i = (size_t)x->n_pieces; i < p.n; i++) {
                size_t from = p.start[i - (size_t)x->n_pieces];
                if (p.start[i] - from != x->context_len || memcmp(t.s + from, x->context, x->context_len)) continue;
                uint64_t with;
                count(&t, &p, x->n_pieces, x->context, x->context_len, t.s + p.start[i],
                      p.start[i + 1] - p.start[i], &with);
                int is_listed = 0;
                for (int j = 0; j < x->n_next; j++)
                    is_listed |= x->next[j].piece_len == p.start[i + 1] - p.start[i] &&
                                 !memcmp(x->next[j].piece, t.s + p.start[i], x->next[j].piece_len);
                if (!is_listed && with > last) bad_order++;
            }
        }
    }
    CHECK(bad_total == 0, "%d contexts have a total different from the brute-force count", bad_total);
    CHECK(bad_count == 0, "%d next-piece counts differ from the brute-force count", bad_count);
    CHECK(bad_order == 0, "%d next pieces are out of order or a more frequent one was left out", bad_order);

    /* Every context of 1..5 pieces seen at least min_count times is in the index. */
    int missing = 0, seen = 0;
    for (int k = 1; k <= opt.max_context; k++)
        for (size_t i = (size_t)k; i < p.n; i += 7) {          /* a sample of positions */
            size_t from = p.start[i - (size_t)k], len = p.start[i] - from;
            uint64_t total = count(&t, &p, k, t.s + from, len, NULL, 0, NULL);
            if (total < opt.min_count) continue;
            seen++;
            missing += evidence_find(&ix, t.s + from, len) == NULL;
        }
    CHECK(seen > 100 && missing == 0, "%d of %d frequent contexts are missing from the index", missing, seen);

    /* A certain continuation and a designed one. */
    const EvidenceEntry *x = evidence_find(&ix, " Eiffel Tower is located in", 27);
    CHECK(x && x->n_next >= 2 && !strcmp(x->next[0].piece, " Paris") && !strcmp(x->next[1].piece, " France") &&
          x->next[0].count > 3 * x->next[1].count, "\" Eiffel Tower is located in\" is not mostly \" Paris\"");
    x = evidence_find(&ix, " sat on the", 11);
    CHECK(x && !strcmp(x->next[0].piece, " mat"), "\" sat on the\" is not mostly \" mat\"");
    printf("counts: %d contexts checked against a brute-force count over %zu pieces\n", ix.n_entries, p.n);
    free(p.start);
    evidence_free(&ix);
    free(t.s);
}

// ----------------------------------------------------------------------------
// Lookup

static void test_lookup(void)
{
    Text t = {0};
    toy_corpus(&t, 7, 300);
    EvidenceOptions opt = {6, 2, 8};
    GbError err;
    EvidenceIndex ix;
    int rc = evidence_write(t.s, t.len, &opt, INDEX_PATH, &err) || evidence_load(&ix, INDEX_PATH, &err);
    CHECK(rc == 0, "write/load: %s", rc ? err.msg : "");
    if (rc) { free(t.s); return; }
    const char *q = "Once upon a time. The Eiffel Tower is located in";
    const EvidenceEntry *e = evidence_lookup(&ix, q, strlen(q));
    CHECK(e && e->n_pieces == 6 && !strcmp(e->context, " The Eiffel Tower is located in"),
          "lookup of the Eiffel prompt matched \"%s\"", e ? e->context : "(nothing)");
    /* A trailing space belongs to the next piece: the same context. */
    const char *q2 = "Once upon a time. The Eiffel Tower is located in ";
    const EvidenceEntry *e2 = evidence_lookup(&ix, q2, strlen(q2));
    CHECK(e2 == e, "a trailing space changed the lookup");
    /* An unknown word falls back to the longest known ending. */
    const char *q3 = "the zebra sat on the";
    e = evidence_lookup(&ix, q3, strlen(q3));
    CHECK(e && !strcmp(e->context, " sat on the"), "fallback matched \"%s\"", e ? e->context : "(nothing)");
    const char *q4 = "zebra";
    CHECK(evidence_lookup(&ix, q4, strlen(q4)) == NULL, "an unknown last piece matched something");
    /* After a blank line: the corpus's documents start there. */
    const char *q5 = "It's fun!\n\n";
    e = evidence_lookup(&ix, q5, strlen(q5));
    CHECK(e && e->context_len >= 2 && !memcmp(e->context + e->context_len - 2, "\n\n", 2),
          "a text ending in a blank line matched \"%s\"", e ? e->context : "(nothing)");
    CHECK(evidence_lookup(&ix, "", 0) == NULL, "the empty text matched something");
    evidence_free(&ix);
    free(t.s);
}

// ----------------------------------------------------------------------------
// Escapes and determinism

static void test_escapes_and_determinism(void)
{
    const char *text = "a\tb \\x a\tb \\x a\tb \\x\r\n a\tb \\x";
    EvidenceOptions opt = {2, 2, 3};
    GbError err;
    EvidenceIndex ix;
    int rc = evidence_write(text, strlen(text), &opt, INDEX_PATH, &err) || evidence_load(&ix, INDEX_PATH, &err);
    CHECK(rc == 0, "write/load with tabs and backslashes: %s", rc ? err.msg : "");
    if (rc) return;
    int tab = 0, backslash = 0;
    for (int i = 0; i < ix.n_entries; i++) {
        tab |= memchr(ix.entries[i].context, '\t', ix.entries[i].context_len) != NULL;
        for (int j = 0; j < ix.entries[i].n_next; j++)
            backslash |= memchr(ix.entries[i].next[j].piece, '\\', ix.entries[i].next[j].piece_len) != NULL;
    }
    CHECK(tab && backslash, "tabs or backslashes did not survive the round trip");
    evidence_free(&ix);

    Text t = {0};
    toy_corpus(&t, 3, 200);
    size_t a_len, b_len;
    rc = evidence_write(t.s, t.len, &opt, INDEX_PATH, &err);
    char *a = gb_read_file(INDEX_PATH, 1 << 24, &a_len, &err);
    rc |= evidence_write(t.s, t.len, &opt, INDEX_PATH, &err);
    char *b = gb_read_file(INDEX_PATH, 1 << 24, &b_len, &err);
    CHECK(rc == 0 && a && b && a_len == b_len && !memcmp(a, b, a_len), "the same text gave two different indexes");
    free(a);
    free(b);
    free(t.s);
    opt.max_context = 0;
    CHECK(evidence_write("x", 1, &opt, INDEX_PATH, &err) != 0, "max_context 0 was accepted");
}

// ----------------------------------------------------------------------------
// Bad files

static void expect_error(const char *what, const char *content, size_t len, const char *where)
{
    const char *path = BAD_PATH;
    FILE *f = fopen(path, "wb");
    if (!f) { CHECK(0, "cannot write %s", path); return; }
    fwrite(content, 1, len, f);
    fclose(f);
    EvidenceIndex ix;
    GbError err;
    int rc = evidence_load(&ix, path, &err);
    char want[512];
    snprintf(want, sizeof want, "%s%s", path, where);
    CHECK(rc != 0, "%s: accepted", what);
    if (rc == 0) { evidence_free(&ix); return; }
    CHECK(strncmp(err.msg, want, strlen(want)) == 0 && strstr(err.msg, "hint"),
          "%s: message \"%s\" should start with \"%s\" and give a hint", what, err.msg, want);
    remove(path);
}

#define BAD(what, content, where) expect_error(what, content, sizeof(content) - 1, where)
#define HEAD EVIDENCE_MAGIC "\n# comment\n"

static void test_bad_files(void)
{
    EvidenceIndex ix;
    GbError err;
    CHECK(evidence_load(&ix, "build/no-such-evidence.tsv", &err) != 0 && strstr(err.msg, "no-such-evidence"),
          "a missing file was accepted or not named");
    BAD("empty file", "", ": not an evidence index");
    BAD("wrong magic", "glassbox-evidence 2\n a\t1\t b\t1\n", ": not an evidence index");
    BAD("NUL byte", HEAD " a\t2\t b\0\t1\n", ": contains a NUL");
    BAD("too few fields", HEAD " a\t2\n", ":3: expected context");
    BAD("odd field count", HEAD " a\t2\t b\t1\t c\n", ":3: expected context");
    BAD("total not a number", HEAD " a\tmany\t b\t1\n", ":3: total");
    BAD("total overflow", HEAD " a\t99999999999999999999999\t b\t1\n", ":3: total");
    BAD("zero count", HEAD " a\t2\t b\t0\n", ":3: count");
    BAD("negative count", HEAD " a\t2\t b\t-1\n", ":3: count");
    BAD("count too big", HEAD " a\t9999999999\t b\t4294967296\n", ":3: count");
    BAD("counts increasing", HEAD " a\t9\t b\t1\t c\t2\n", ":3: next piece 2 is more frequent");
    BAD("counts above total", HEAD " a\t2\t b\t2\t c\t1\n", ":3: the counts add up");
    BAD("unsorted", HEAD " b\t2\t c\t1\n a\t2\t c\t1\n", ":4: out of order");
    BAD("duplicate", HEAD " a\t2\t c\t1\n a\t2\t c\t1\n", ":4: the same context");
    BAD("bad escape", HEAD " a\\q\t2\t c\t1\n", ":3: bad escape");
    BAD("unsorted after an escaped #", HEAD "\\#\t2\t c\t1\n a\t2\t c\t1\n", ":4: out of order");
    BAD("trailing backslash", HEAD " a\t2\t c\\\t1\n", ":3: bad escape");
    BAD("empty context", HEAD "\t2\t c\t1\n", ":3: empty context");
    BAD("empty line", HEAD " a\t2\t c\t1\n\n b\t2\t c\t1\n", ":4: empty line");
    BAD("two pieces as one", HEAD " a\t2\t the cat\t1\n", ":3: next piece 1 is not exactly one piece");
    BAD("context too long", HEAD " a b c d e f g h i\t2\t c\t1\n", ":3: the context has more than");
    BAD("windows line end", HEAD " a\t2\t c\t1\r\n", ":3: count");
    /* Good files are accepted: no trailing newline, a context starting with '#' after the header. */
    const char *good = EVIDENCE_MAGIC "\n# comment\n a\t3\t b\t2\t c\t1\n# another comment\n\\#\t2\t c\t1";
    FILE *f = fopen(GOOD_PATH, "wb");
    if (f) {
        fputs(good, f);
        fclose(f);
    }
    int rc = evidence_load(&ix, GOOD_PATH, &err);
    CHECK(rc == 0, "a good file was refused: %s", rc ? err.msg : "");
    if (rc == 0) {
        CHECK(ix.n_entries == 2 && evidence_find(&ix, "#", 1) && evidence_find(&ix, " a", 2) &&
              evidence_find(&ix, " a", 2)->next[1].count == 1, "the good file was read wrongly");
        evidence_free(&ix);
    }
    remove(GOOD_PATH);
}

int main(void)
{
    scratch_paths();
    test_counts();
    test_lookup();
    test_escapes_and_determinism();
    test_bad_files();
    remove(INDEX_PATH);
    return check_report("test_evidence");
}
