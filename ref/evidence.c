/* evidence.c — the evidence index: counting what followed each context, writing it, reading it
 * back, and looking up the longest known ending of a text. See evidence.h for the file format.
 *
 * Counting, the idea: cut the text into pieces and give each distinct piece a number (its id).
 * For contexts of k pieces, list every position p of the text (the piece at p is the "next"
 * piece, the k pieces before it the context) and sort the positions so that equal contexts come
 * together, and within one context equal next pieces come together. Then one pass over the
 * sorted list sees each context as one run, and each next piece inside it as a shorter run:
 * the run lengths are the counts. The sort is a radix sort (one stable counting sort per piece
 * of the key, least significant first), so it is linear in the text and needs no comparisons.
 */
#include "evidence.h"
#include "tokenizer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EVIDENCE_MAX_FILE ((size_t)1 << 30)

// ----------------------------------------------------------------------------
// Pieces: the text as a list of piece ids

typedef struct {
    const char *text;
    size_t n;               /* number of pieces in the text */
    size_t *start;          /* (n + 1) where each piece starts; start[n] is the text length */
    uint32_t *id;           /* (n) the id of each piece */
    uint32_t n_ids;         /* distinct pieces */
    size_t *first;          /* (n_ids) a position where each distinct piece occurs */
} PieceList;

static uint64_t hash_bytes(const char *s, size_t len)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211u;
    }
    return h;
}

static void pieces_free(PieceList *p)
{
    free(p->start);
    free(p->id);
    free(p->first);
    memset(p, 0, sizeof *p);
}

/* Cut text into pieces and number the distinct ones (ids in order of first appearance), with an
 * open-addressing hash table from a piece's bytes to its id. */
static int pieces_split(PieceList *p, const char *text, size_t len)
{
    memset(p, 0, sizeof *p);
    p->text = text;
    size_t n = 0;
    for (size_t pos = 0; pos < len; pos = tok_next_piece(text, len, pos)) n++;
    if (n >= UINT32_MAX) return -1;
    p->n = n;
    size_t cap = 1024;
    while (cap < 2 * n) cap *= 2;   /* a power of two, at most half full even if all differ */
    uint32_t *slot = malloc(cap * sizeof *slot);    /* id + 1, or 0 for empty */
    p->start = malloc((n + 1) * sizeof *p->start);
    p->id = malloc((n ? n : 1) * sizeof *p->id);
    p->first = malloc((n ? n : 1) * sizeof *p->first);
    if (!slot || !p->start || !p->id || !p->first) {
        free(slot);
        pieces_free(p);
        return -1;
    }
    memset(slot, 0, cap * sizeof *slot);
    size_t pos = 0;
    for (size_t i = 0; i < n; i++) {
        size_t end = tok_next_piece(text, len, pos);
        p->start[i] = pos;
        size_t h = (size_t)hash_bytes(text + pos, end - pos) & (cap - 1);
        for (;;) {
            if (slot[h] == 0) {                           /* a new piece */
                p->first[p->n_ids] = i;
                slot[h] = ++p->n_ids;
                break;
            }
            size_t j = p->first[slot[h] - 1];                /* j < i, so start[j + 1] is set */
            size_t jlen = p->start[j + 1] - p->start[j];
            if (jlen == end - pos && memcmp(text + p->start[j], text + pos, jlen) == 0) break;
            h = (h + 1) & (cap - 1);
        }
        p->id[i] = slot[h] - 1;
        pos = end;
    }
    p->start[n] = len;
    free(slot);
    return 0;
}

static const char *piece_bytes(const PieceList *p, uint32_t id, size_t *len)
{
    size_t i = p->first[id];
    *len = p->start[i + 1] - p->start[i];
    return p->text + p->start[i];
}

// ----------------------------------------------------------------------------
// Counting: radix sort of positions, then runs

/* One stable counting-sort pass: order the positions in `in` by the id of the piece `back`
 * places before them, into `out`. */
static void sort_pass(const PieceList *p, const uint32_t *in, uint32_t *out, size_t n, int back,
                      size_t *bucket)
{
    memset(bucket, 0, ((size_t)p->n_ids + 1) * sizeof *bucket);
    for (size_t i = 0; i < n; i++) bucket[p->id[in[i] - (uint32_t)back] + 1]++;
    for (uint32_t v = 0; v < p->n_ids; v++) bucket[v + 1] += bucket[v];   /* starts of buckets */
    for (size_t i = 0; i < n; i++) out[bucket[p->id[in[i] - (uint32_t)back]]++] = in[i];
}

/* One kept context, before it is written. */
typedef struct {
    const char *context;
    size_t context_len;
    uint64_t total;
    int n_next;
    size_t next_at;         /* its next pieces are Counted[next_at .. next_at + n_next) */
} Kept;

typedef struct {
    uint32_t id;
    uint32_t count;
} Counted;

typedef struct {
    Kept *kept;
    size_t n_kept, cap_kept;
    Counted *counted;
    size_t n_counted, cap_counted;
} KeptList;

static int bytes_order(const char *a, size_t alen, const char *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);
    if (c) return c;
    return alen < blen ? -1 : alen > blen;
}

/* Is next piece x better than y: more frequent, or as frequent and first in byte order? */
static int better(const PieceList *p, Counted x, Counted y)
{
    if (x.count != y.count) return x.count > y.count;
    size_t xl, yl;
    const char *xs = piece_bytes(p, x.id, &xl), *ys = piece_bytes(p, y.id, &yl);
    return bytes_order(xs, xl, ys, yl) < 0;
}

/* Insert c into best[0..*n) (kept in order, at most top long). */
static void keep_best(const PieceList *p, Counted *best, int *n, int top, Counted c)
{
    int i = *n < top ? (*n)++ : top;
    if (i == top && !better(p, c, best[top - 1])) return;
    if (i == top) i = top - 1;
    while (i > 0 && better(p, c, best[i - 1])) {
        best[i] = best[i - 1];
        i--;
    }
    best[i] = c;
}

static int kept_add(KeptList *k, const char *context, size_t context_len, uint64_t total,
                    const Counted *best, int n_best)
{
    if (k->n_kept == k->cap_kept) {
        size_t cap = k->cap_kept ? 2 * k->cap_kept : 1024;
        Kept *t = realloc(k->kept, cap * sizeof *t);
        if (!t) return -1;
        k->kept = t;
        k->cap_kept = cap;
    }
    while (k->n_counted + (size_t)n_best > k->cap_counted) {
        size_t cap = k->cap_counted ? 2 * k->cap_counted : 4096;
        Counted *t = realloc(k->counted, cap * sizeof *t);
        if (!t) return -1;
        k->counted = t;
        k->cap_counted = cap;
    }
    Kept *e = &k->kept[k->n_kept++];
    e->context = context;
    e->context_len = context_len;
    e->total = total;
    e->n_next = n_best;
    e->next_at = k->n_counted;
    memcpy(k->counted + k->n_counted, best, (size_t)n_best * sizeof *best);
    k->n_counted += (size_t)n_best;
    return 0;
}

/* The contexts of exactly `order` pieces: sort the positions, walk the runs, keep the frequent. */
static int count_order(const PieceList *p, int order, const EvidenceOptions *opt, KeptList *out,
                       uint32_t *pos, uint32_t *tmp, size_t *bucket, Counted *best)
{
    size_t n = 0;
    for (size_t i = (size_t)order; i < p->n; i++) pos[n++] = (uint32_t)i;
    /* Least significant first: the next piece, then the context from its last piece back to
     * its first, so the final order is (first context piece, ..., last, next piece). */
    for (int back = 0; back <= order; back++) {
        sort_pass(p, pos, tmp, n, back, bucket);
        uint32_t *t = pos; pos = tmp; tmp = t;
    }
    /* After an odd number of passes the sorted list is in the caller's tmp; pos points at it. */
    size_t i = 0;
    while (i < n) {
        size_t j = i;                                         /* the context's run: [i, j) */
        while (j < n && memcmp(&p->id[pos[j] - (uint32_t)order], &p->id[pos[i] - (uint32_t)order],
                               (size_t)order * sizeof(uint32_t)) == 0)
            j++;
        if (j - i >= opt->min_count) {
            int n_best = 0;
            for (size_t a = i; a < j;) {                      /* each next piece's run: [a, b) */
                size_t b = a;
                while (b < j && p->id[pos[b]] == p->id[pos[a]]) b++;
                Counted c = {p->id[pos[a]], (uint32_t)(b - a)};
                keep_best(p, best, &n_best, opt->top, c);
                a = b;
            }
            size_t from = p->start[pos[i] - (uint32_t)order], to = p->start[pos[i]];
            if (kept_add(out, p->text + from, to - from, j - i, best, n_best)) return -1;
        }
        i = j;
    }
    return 0;
}

static int kept_order(const void *a, const void *b)
{
    const Kept *x = a, *y = b;
    return bytes_order(x->context, x->context_len, y->context, y->context_len);
}

// ----------------------------------------------------------------------------
// Writing

/* Write s[0..len) with \\ \t \n \r escaped, and a leading # as \# (a line that starts with #
 * is a comment). */
static void put_escaped(FILE *f, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (i == 0 && s[0] == '#') {
            fputs("\\#", f);
            continue;
        }
        switch (s[i]) {
        case '\\': fputs("\\\\", f); break;
        case '\t': fputs("\\t", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        default: fputc(s[i], f); break;
        }
    }
}

static int write_index(const char *path, const PieceList *p, const KeptList *k,
                       const EvidenceOptions *opt, GbError *err)
{
    GbOutFile out;
    if (gb_create(&out, path, err)) return -1;
    FILE *f = out.fp;
    fprintf(f, "%s\n", EVIDENCE_MAGIC);
    fprintf(f, "# contexts of 1..%d pieces seen at least %u times, with their %d most frequent "
            "next pieces\n", opt->max_context, (unsigned)opt->min_count, opt->top);
    fprintf(f, "# context<TAB>total<TAB>piece<TAB>count... (see ref/evidence.h)\n");
    for (size_t i = 0; i < k->n_kept; i++) {
        const Kept *e = &k->kept[i];
        put_escaped(f, e->context, e->context_len);
        fprintf(f, "\t%llu", (unsigned long long)e->total);
        for (int j = 0; j < e->n_next; j++) {
            const Counted *c = &k->counted[e->next_at + (size_t)j];
            size_t len;
            const char *s = piece_bytes(p, c->id, &len);
            fputc('\t', f);
            put_escaped(f, s, len);
            fprintf(f, "\t%u", (unsigned)c->count);
        }
        fputc('\n', f);
    }
    return gb_commit(&out, err);
}

int evidence_write(const char *text, size_t len, const EvidenceOptions *opt, const char *path,
                   GbError *err)
{
    if (opt->max_context < 1 || opt->max_context > EVIDENCE_MAX_CONTEXT || opt->min_count < 1 ||
        opt->top < 1 || opt->top > 1000)
        return gb_fail(err, path, "bad options: contexts of 1..%d pieces, a minimum count of at "
                       "least 1 and 1..1000 next pieces (hint: check the command line)",
                       EVIDENCE_MAX_CONTEXT);
    PieceList p;
    if (pieces_split(&p, text, len))
        return gb_fail(err, path, "out of memory cutting %zu bytes into pieces", len);
    size_t n_pos = p.n ? p.n : 1;
    uint32_t *pos = malloc(n_pos * sizeof *pos), *tmp = malloc(n_pos * sizeof *tmp);
    size_t *bucket = malloc(((size_t)p.n_ids + 1) * sizeof *bucket);
    Counted *best = malloc((size_t)opt->top * sizeof *best);
    KeptList k = {0};
    int rc = -1;
    if (!pos || !tmp || !bucket || !best) {
        gb_fail(err, path, "out of memory counting %zu pieces", p.n);
        goto done;
    }
    for (int order = 1; order <= opt->max_context; order++) {
        if (count_order(&p, order, opt, &k, pos, tmp, bucket, best)) {
            gb_fail(err, path, "out of memory keeping contexts");
            goto done;
        }
    }
    qsort(k.kept, k.n_kept, sizeof *k.kept, kept_order);
    rc = write_index(path, &p, &k, opt, err);
done:
    free(pos);
    free(tmp);
    free(bucket);
    free(best);
    free(k.kept);
    free(k.counted);
    pieces_free(&p);
    return rc;
}

// ----------------------------------------------------------------------------
// Reading and checking

/* Undo the escapes of s[0..len) in place. Returns the new length, or -1 for a bad escape. */
static long unescape(char *s, size_t len)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] != '\\') { s[o++] = s[i]; continue; }
        if (++i == len) return -1;
        switch (s[i]) {
        case '\\': s[o++] = '\\'; break;
        case 't': s[o++] = '\t'; break;
        case 'n': s[o++] = '\n'; break;
        case 'r': s[o++] = '\r'; break;
        case '#': s[o++] = '#'; break;
        default: return -1;
        }
    }
    s[o] = 0;
    return (long)o;
}

/* A whole decimal number 1..max, digits only. Returns 0 and sets *v, or -1. */
static int parse_count(const char *s, uint64_t max, uint64_t *v)
{
    uint64_t x = 0;
    if (!*s) return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9') return -1;
        unsigned d = (unsigned)(*s - '0');
        if (x > (max - d) / 10) return -1;
        x = x * 10 + d;
    }
    if (x == 0) return -1;
    *v = x;
    return 0;
}

/* How many pieces s[0..len) has when a letter follows it (as evidence_lookup cuts text). */
static int count_pieces(const char *s, size_t len)
{
    char buf[1024];
    if (len + 1 > sizeof buf) return EVIDENCE_MAX_CONTEXT + 1;
    memcpy(buf, s, len);
    buf[len] = 'x';
    int n = 0;
    for (size_t pos = 0; pos < len; pos = tok_next_piece(buf, len + 1, pos)) n++;
    return n;
}

/* Parse one data line (NUL-terminated, tabs not yet split) into ix->entries[ix->n_entries];
 * its next pieces go to ix->next[*next_used ...]. */
static int parse_line(EvidenceIndex *ix, size_t *next_used, char *line, const char *where,
                      GbError *err)
{
    char *field[2 * 1000 + 2];
    int n = 0;
    for (char *s = line;;) {
        if (n == (int)(sizeof field / sizeof field[0]))
            return gb_fail(err, where, "too many fields (hint: at most 1000 next pieces per line)");
        field[n++] = s;
        char *tab = strchr(s, '\t');
        if (!tab) break;
        *tab = 0;
        s = tab + 1;
    }
    if (n < 4 || n % 2 != 0)
        return gb_fail(err, where, "expected context, total and pairs of piece and count, found "
                       "%d field%s (hint: fields are separated by single tabs)", n, n == 1 ? "" : "s");
    EvidenceEntry *e = &ix->entries[ix->n_entries];
    long clen = unescape(field[0], strlen(field[0]));
    if (clen < 0)
        return gb_fail(err, where, "bad escape in the context (hint: only \\\\ \\t \\n \\r \\#)");
    if (clen == 0) return gb_fail(err, where, "empty context (hint: a context has 1 to %d pieces)",
                                  EVIDENCE_MAX_CONTEXT);
    e->context = field[0];
    e->context_len = (size_t)clen;
    e->n_pieces = count_pieces(e->context, e->context_len);
    if (e->n_pieces > EVIDENCE_MAX_CONTEXT)
        return gb_fail(err, where, "the context has more than %d pieces (hint: the index holds "
                       "short contexts only)", EVIDENCE_MAX_CONTEXT);
    if (parse_count(field[1], UINT64_MAX / 2, &e->total))
        return gb_fail(err, where, "total '%s' is not a whole number from 1 (hint: the second "
                       "field counts the context's occurrences)", field[1]);
    e->n_next = (n - 2) / 2;
    EvidenceNext *next = ix->next + *next_used;
    e->next = next;
    uint64_t sum = 0;
    for (int j = 0; j < e->n_next; j++) {
        char *piece = field[2 + 2 * j], *count = field[3 + 2 * j];
        long plen = unescape(piece, strlen(piece));
        if (plen < 0)
            return gb_fail(err, where, "bad escape in next piece %d (hint: only \\\\ \\t \\n \\r "
                           "\\#)", j + 1);
        if (plen == 0 || tok_next_piece(piece, (size_t)plen, 0) != (size_t)plen)
            return gb_fail(err, where, "next piece %d is not exactly one piece (hint: a piece is "
                           "a word with its leading space, a number, punctuation or whitespace)", j + 1);
        uint64_t c;
        if (parse_count(count, UINT32_MAX, &c))
            return gb_fail(err, where, "count '%s' of next piece %d is not a whole number from 1 "
                           "to %u (hint: a count says how often the piece followed the context)",
                           count, j + 1, (unsigned)UINT32_MAX);
        if (j > 0 && c > next[j - 1].count)
            return gb_fail(err, where, "next piece %d is more frequent than the one before it "
                           "(hint: most frequent first)", j + 1);
        next[j].piece = piece;
        next[j].piece_len = (size_t)plen;
        next[j].count = (uint32_t)c;
        sum += c;
    }
    if (sum > e->total)
        return gb_fail(err, where, "the counts add up to %llu, more than the total %llu (hint: "
                       "the total counts every occurrence of the context)",
                       (unsigned long long)sum, (unsigned long long)e->total);
    if (ix->n_entries > 0) {
        const EvidenceEntry *prev = &ix->entries[ix->n_entries - 1];
        int c = bytes_order(prev->context, prev->context_len, e->context, e->context_len);
        if (c >= 0)
            return gb_fail(err, where, "%s (hint: lines are sorted by context, each context once)",
                           c == 0 ? "the same context as the line before" : "out of order");
    }
    if (e->n_pieces > ix->max_context) ix->max_context = e->n_pieces;
    ix->n_entries++;
    *next_used += (size_t)e->n_next;
    return 0;
}

int evidence_load(EvidenceIndex *ix, const char *path, GbError *err)
{
    memset(ix, 0, sizeof *ix);
    size_t len;
    char *data = gb_read_file(path, EVIDENCE_MAX_FILE, &len, err);
    if (!data) return -1;
    if (strlen(data) != len) {
        free(data);
        return gb_fail(err, path, "contains a NUL byte (hint: an evidence index is a text file)");
    }
    size_t magic = strlen(EVIDENCE_MAGIC);
    if (len < magic || memcmp(data, EVIDENCE_MAGIC, magic) != 0 ||
        (data[magic] != '\n' && data[magic] != 0)) {
        free(data);
        return gb_fail(err, path, "not an evidence index: the first line must be '%s' (hint: "
                       "write one with corpusgen --evidence)", EVIDENCE_MAGIC);
    }
    /* Upper bounds for the arrays: one entry per line, one next piece per two tabs. */
    size_t lines = 1, tabs = 0;
    for (size_t i = 0; i < len; i++) {
        lines += data[i] == '\n';
        tabs += data[i] == '\t';
    }
    if (lines > INT32_MAX) {
        free(data);
        return gb_fail(err, path, "too many lines (%zu) (hint: write a smaller index with a higher "
                       "minimum count)", lines);
    }
    ix->data = data;
    ix->entries = malloc(lines * sizeof *ix->entries);
    ix->next = malloc((tabs / 2 + 1) * sizeof *ix->next);
    if (!ix->entries || !ix->next) {
        evidence_free(ix);
        return gb_fail(err, path, "out of memory for %zu lines (hint: write a smaller index)",
                       lines);
    }
    /* Line 1 is the magic; a line starting with '#' is a comment; every other line is a
     * context. The file may or may not end with a newline. */
    char *line = data, *end = data + len;
    size_t next_used = 0;
    for (long line_no = 1; line < end; line_no++) {
        char *nl = strchr(line, '\n');
        if (nl) *nl = 0;
        char where[GB_PATH_MAX + 32];
        snprintf(where, sizeof where, "%s:%ld", path, line_no);
        if (line_no > 1 && line[0] != '#') {
            int bad = line[0] == 0 ? gb_fail(err, where, "empty line (hint: every line after the "
                                             "header is context, total, piece, count ...)")
                                   : parse_line(ix, &next_used, line, where, err);
            if (bad) {
                evidence_free(ix);
                return -1;
            }
        }
        line = nl ? nl + 1 : end;
    }
    return 0;
}

void evidence_free(EvidenceIndex *ix)
{
    free(ix->data);
    free(ix->entries);
    free(ix->next);
    memset(ix, 0, sizeof *ix);
}

// ----------------------------------------------------------------------------
// Looking up

const EvidenceEntry *evidence_find(const EvidenceIndex *ix, const char *context, size_t len)
{
    int lo = 0, hi = ix->n_entries;        /* binary search over the sorted contexts */
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        const EvidenceEntry *e = &ix->entries[mid];
        int c = bytes_order(e->context, e->context_len, context, len);
        if (c == 0) return e;
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return NULL;
}

const EvidenceEntry *evidence_lookup(const EvidenceIndex *ix, const char *text, size_t len)
{
    if (ix->max_context < 1) return NULL;
    /* Cut the text into pieces as if the next word followed it: append " x" (or "x" if the text
     * already ends in whitespace, which then joins the x). The piece holding the x is the one
     * the model is about to write: the context ends where it starts. Remember where the last
     * max_context whole pieces start. */
    int ends_in_space = len > 0 && strchr(" \t\n\r\f\v", text[len - 1]) != NULL;
    const char *after = ends_in_space ? "x" : " x";
    size_t extra = strlen(after);
    char *buf = malloc(len + extra);
    if (!buf) return NULL;
    memcpy(buf, text, len);
    memcpy(buf + len, after, extra);
    size_t ring[EVIDENCE_MAX_CONTEXT + 1];
    int n = 0;
    size_t pos = 0, end = len;
    while (pos < len + extra) {
        size_t next = tok_next_piece(buf, len + extra, pos);
        if (next > len) { end = pos; break; }
        ring[n++ % (EVIDENCE_MAX_CONTEXT + 1)] = pos;
        pos = next;
    }
    free(buf);
    int most = n < ix->max_context ? n : ix->max_context;
    for (int k = most; k >= 1; k--) {
        size_t from = ring[(n - k) % (EVIDENCE_MAX_CONTEXT + 1)];
        const EvidenceEntry *e = evidence_find(ix, text + from, end - from);
        if (e) return e;
    }
    return NULL;
}
