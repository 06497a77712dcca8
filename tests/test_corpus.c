/* test_corpus.c — the corpus generator (corpus/): determinism, well-formed text, pronouns that
 * agree with names, fact tables and held-out phrasings, the designed probe frequencies, and the
 * self-information accounting.
 *
 * The generator is a program (build/corpusgen), not part of ref/, so this test compiles its
 * sources in (all but main.c) to reach its internals: script mode, the banks and the tables.
 *
 * The accounting check is the important one. The generator adds -ln p for every choice; that
 * sum is the self-information of the *text* only if no two different choice sequences write
 * the same text. So for every story bank and every fact and probe sentence, the test walks
 * every path through the template (script mode), and checks that (1) the path probabilities
 * sum to 1, (2) no two paths write the same text, and (3) a sentence drawn at random reports
 * exactly -ln P(text), with P(text) summed independently over the enumerated paths.
 */
#include "check.h"

#include "../corpus/gen.c"
#include "../corpus/words.c"
#include "../corpus/facts.c"
#include "../corpus/scenes.c"
#include "../corpus/stories.c"
#include "../corpus/corpus.c"

#include "tokenizer.h"

#include <ctype.h>
#include <math.h>

/* FNV-1a of the first 100,000 bytes for seed 1. Generator changes that alter the text on
 * purpose must update it (and regenerate the classroom model); anything else that changes it
 * is a determinism bug. */
#define GOLDEN_BYTES 100000
#define GOLDEN_HASH 0x3ff6cdd2c260c465ULL

static uint64_t fnv1a(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211u;
    }
    return h;
}

/* A sample corpus: every test reads the same one. 12 MB, so that each seen fact prompt occurs
 * about a dozen times (in 4 MB some occur only once or twice, too few to judge what follows them). */
static Gen sample;

/* The first occurrence of needle in hay[0..n), or NULL. (Not strstr: under AddressSanitizer
 * strstr measures the whole 12 MB haystack on every call.) */
static const char *find(const char *hay, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    const char *end = hay + n;
    while (hay + k <= end) {
        const char *p = memchr(hay, needle[0], (size_t)(end - hay));
        if (!p || p + k > end) return NULL;
        if (memcmp(p, needle, k) == 0) return p;
        hay = p + 1;
    }
    return NULL;
}

/* The same from p to the end of the sample. */
static const char *find_in_sample(const char *p, const char *needle)
{
    return find(p, (size_t)(sample.text + sample.len - p), needle);
}

// ----------------------------------------------------------------------------
// Determinism

static void test_determinism(void)
{
    Gen a, b, c, d;
    cg_init(&a, 1);
    cg_init(&b, 1);
    cg_init(&c, 2);
    cg_init(&d, 1);
    corpus_generate(&a, 300000);
    corpus_generate(&b, 300000);
    corpus_generate(&c, 300000);
    corpus_generate(&d, 100000);
    CHECK(a.len == b.len && memcmp(a.text, b.text, a.len) == 0, "seed 1 twice gave different text");
    CHECK(a.nats == b.nats && a.choices == b.choices, "seed 1 twice gave different accounting");
    CHECK(!(a.len == c.len && memcmp(a.text, c.text, a.len) == 0), "seeds 1 and 2 gave the same text");
    CHECK(d.len <= a.len && memcmp(a.text, d.text, d.len) == 0,
          "a smaller size is not a prefix of a larger one with the same seed");
    uint64_t h = fnv1a(a.text, GOLDEN_BYTES);
    printf("golden hash of the first %d bytes of seed 1: 0x%016llxULL\n", GOLDEN_BYTES,
           (unsigned long long)h);
    CHECK(h == GOLDEN_HASH, "seed 1 no longer writes the golden text "
          "(hash 0x%016llx; update GOLDEN_HASH only if the generator was changed on purpose)",
          (unsigned long long)h);
    cg_free(&a);
    cg_free(&b);
    cg_free(&c);
    cg_free(&d);
}

// ----------------------------------------------------------------------------
// Well-formed text

/* Walk the sample document by document. fn gets each document (without the blank line). */
static void for_each_doc(const Gen *g, void (*fn)(const char *doc, size_t n, void *arg), void *arg)
{
    size_t i = 0;
    while (i < g->len) {
        const char *end = find(g->text + i, g->len - i, "\n\n");
        size_t n = end ? (size_t)(end - (g->text + i)) : g->len - i;
        fn(g->text + i, n, arg);
        i += n + 2;
    }
}

typedef struct {
    int docs, bad_char, bad_space, bad_end, bad_quotes, bad_after_stop, bad_article;
    char example[200];
} Shape;

static void note(Shape *s, const char *doc, size_t n, size_t at)
{
    if (s->example[0]) return;
    size_t from = at > 60 ? at - 60 : 0, len = n - from < 120 ? n - from : 120;
    snprintf(s->example, sizeof s->example, "...%.*s...", (int)len, doc + from);
}

static int word_is(const char *s, size_t n, size_t at, const char *w)
{
    size_t k = strlen(w);
    return at + k <= n && memcmp(s + at, w, k) == 0 && (at == 0 || !isalpha((unsigned char)s[at - 1])) &&
           (at + k == n || !isalpha((unsigned char)s[at + k]));
}

static void check_shape(const char *doc, size_t n, void *arg)
{
    Shape *s = arg;
    s->docs++;
    int in_quote = 0, quotes = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)doc[i];
        if (isalnum(c) && c != 'a' && c != 'A') continue;     /* the common case: nothing to check */
        if (c < 0x20 || c > 0x7e) { s->bad_char++; note(s, doc, n, i); }
        if (c == ' ' && (i == 0 || i + 1 == n || doc[i + 1] == ' ' || strchr(",.!?", doc[i + 1]))) {
            s->bad_space++;
            note(s, doc, n, i);
        }
        if (c == '"') {
            quotes++;
            in_quote = !in_quote;
            /* An opening quote starts a capitalised line; a closing one follows , . ! or ? */
            int bad = in_quote ? !(i + 1 < n && isupper((unsigned char)doc[i + 1]))
                               : !(i > 0 && strchr(",.!?", doc[i - 1]));
            if (bad) {
                s->bad_quotes++;
                note(s, doc, n, i);
            }
        }
        /* After a full stop, ! or ? and a space (outside quotes), a new sentence starts. */
        if (!in_quote && (c == '.' || c == '!' || c == '?') && i + 2 < n && doc[i + 1] == ' ' &&
            !(isupper((unsigned char)doc[i + 2]) || doc[i + 2] == '"')) {
            s->bad_after_stop++;
            note(s, doc, n, i);
        }
        int lone_a = (c == 'a' || c == 'A') && (word_is(doc, n, i, "a") || word_is(doc, n, i, "A"));
        if (lone_a && i + 2 < n && doc[i + 1] == ' ' && isalpha((unsigned char)doc[i + 2])) {
            char w[32];
            size_t k = 0;
            while (k < 31 && i + 2 + k < n && isalpha((unsigned char)doc[i + 2 + k])) {
                w[k] = doc[i + 2 + k];
                k++;
            }
            w[k] = 0;
            if (strcmp(cg_article(w), "a") != 0) { s->bad_article++; note(s, doc, n, i); }
        }
    }
    if (quotes % 2) { s->bad_quotes++; note(s, doc, n, 0); }
    int ends_ok = n >= 1 && (strchr(".!?", doc[n - 1]) ||
                             (n >= 2 && doc[n - 1] == '"' && strchr(".!?", doc[n - 2])));
    if (!ends_ok) { s->bad_end++; note(s, doc, n, n - 1); }
}

static void test_shape(void)
{
    Shape s = {0};
    for_each_doc(&sample, check_shape, &s);
    CHECK(s.docs > 1000, "only %d documents in the sample", s.docs);
    CHECK(s.bad_char == 0, "%d characters outside printable ASCII, e.g. %s", s.bad_char, s.example);
    CHECK(s.bad_space == 0, "%d misplaced spaces, e.g. %s", s.bad_space, s.example);
    CHECK(s.bad_end == 0, "%d documents do not end in . ! or ?, e.g. %s", s.bad_end, s.example);
    CHECK(s.bad_quotes == 0, "%d unbalanced or misplaced quotes, e.g. %s", s.bad_quotes, s.example);
    CHECK(s.bad_after_stop == 0, "%d sentences start in lower case, e.g. %s", s.bad_after_stop, s.example);
    CHECK(s.bad_article == 0, "%d wrong articles (a/an), e.g. %s", s.bad_article, s.example);
    printf("shape: %d documents checked\n", s.docs);
}

// ----------------------------------------------------------------------------
// Pronouns agree with names
//
// The names tell the genders: every name is in exactly one of the tables of girls, boys and
// pets (each pet has a gender), and Mom, Grandma, Miss, Mrs are women, Dad, Grandpa, Mr men.
// A story whose gendered characters are all girls and women must never say he, him, his or
// himself; one with only boys and men never she, her or herself. Stories with both are not
// checked this way (the generator's pronoun rule is checked by the next test instead), nor are
// fables, whose animals have no names.

/* The words of a document (runs of letters), for the checks below. */
typedef struct {
    char w[256][24];
    int n;
} Words;

static void words_of(const char *doc, size_t n, Words *out)
{
    out->n = 0;
    for (size_t i = 0; i < n && out->n < 256;) {
        if (!isalpha((unsigned char)doc[i])) { i++; continue; }
        size_t k = 0;
        while (i < n && isalpha((unsigned char)doc[i])) {
            if (k < 23) out->w[out->n][k++] = doc[i];
            i++;
        }
        out->w[out->n++][k] = 0;
    }
}

static int has_name(const Words *w, const Character *t, int count, int gender)
{
    for (int i = 0; i < w->n; i++)
        for (int k = 0; k < count; k++)
            if (t[k].gender == gender && !strcmp(w->w[i], t[k].name)) return 1;
    return 0;
}

/* Teachers' names are two words: their title tells the gender. */
static int word_count(const Words *w, const char *const *words)
{
    int c = 0;
    for (int i = 0; i < w->n; i++)
        for (int k = 0; words[k]; k++)
            c += !strcmp(w->w[i], words[k]);
    return c;
}

/* "a girl named X": X must be a girl's name (and a boy's for a boy). Returns how many are not. */
static int wrong_introductions(const char *doc, size_t n)
{
    static const char *const intro[4] = {"girl named ", "girl called ", "boy named ", "boy called "};
    int wrong = 0;
    for (size_t i = 0; i + 12 < n; i++) {
        int which = -1;
        for (int k = 0; k < 4; k++) {
            const char *kind = k < 2 ? "girl" : "boy";
            if (word_is(doc, n, i, kind) && !strncmp(doc + i, intro[k], strlen(intro[k]))) which = k;
        }
        if (which < 0) continue;
        const char *name = doc + i + strlen(intro[which]);
        const Character *t = which < 2 ? girls : boys;
        int count = which < 2 ? n_girls : n_boys, ok = 0;
        for (int k = 0; k < count; k++) {
            size_t len = strlen(t[k].name);
            ok |= !strncmp(name, t[k].name, len) && !isalpha((unsigned char)name[len]);
        }
        wrong += !ok;
    }
    return wrong;
}

static void test_pronouns(void)
{
    static const char *const women[] = {"Mom", "mom", "Grandma", "grandma", "Miss", "Mrs", NULL};
    static const char *const men[] = {"Dad", "dad", "Grandpa", "grandpa", "Mr", NULL};
    static const char *const his[] = {"he", "He", "him", "his", "His", "himself", NULL};
    static const char *const hers[] = {"she", "She", "her", "Her", "herself", NULL};
    int checked = 0, stories = 0, wrong = 0, intro_wrong = 0, per_plot[32] = {0};
    char example[1024] = "";
    Gen g;
    cg_init(&g, 7);
    for (int round = 0; round < 60; round++)
        for (int plot = 0; plot < story_plot_count; plot++) {
            cg_begin_doc(&g);
            story_plot(&g, plot);
            const char *doc = g.text + g.doc_start;
            size_t n = g.len - g.doc_start;
            stories++;
            static Words w;
            words_of(doc, n, &w);
            int f = has_name(&w, girls, n_girls, GENDER_GIRL) | has_name(&w, pets, n_pets, GENDER_GIRL) |
                    (word_count(&w, women) > 0);
            int m = has_name(&w, boys, n_boys, GENDER_BOY) | has_name(&w, pets, n_pets, GENDER_BOY) |
                    (word_count(&w, men) > 0);
            if (plot != story_plot_count - 1 && f != m) {
                checked++;
                per_plot[plot]++;
                int bad = f ? word_count(&w, his) : word_count(&w, hers);
                if (bad) {
                    wrong++;
                    if (!example[0])
                        snprintf(example, sizeof example, "%.*s", (int)(n < 1000 ? n : 1000), doc);
                }
            }
            intro_wrong += wrong_introductions(doc, n);
            cg_end_doc(&g);
        }
    CHECK(wrong == 0, "%d of %d single-gender stories use a pronoun of the other gender, e.g. %s",
          wrong, checked, example);
    CHECK(intro_wrong == 0, "%d introductions name a girl with a boy's name or the other way",
          intro_wrong);
    CHECK(checked * 5 >= stories, "only %d of %d stories could be checked (want at least 20%%)",
          checked, stories);
    for (int p = 0; p + 1 < story_plot_count; p++)
        CHECK(per_plot[p] > 0, "no single-gender story of plot '%s' was checked", story_plot_names[p]);
    printf("pronouns: %d of %d stories were single-gender and checked\n", checked, stories);
    cg_free(&g);
}

/* The generator's own rule: a pronoun stands for a character only when no other character of
 * the same gender was mentioned more recently. Two girls, one after the other: "she" must
 * not be drawn for the first. */
static void test_pronoun_rule(void)
{
    Gen g;
    cg_init(&g, 3);
    int pronoun_for_first = 0, pronoun_for_second = 0;
    for (int i = 0; i < 400; i++) {
        cg_begin_doc(&g);
        cg_set_char(&g, "H", girls[0]);
        cg_set_char(&g, "F", girls[1]);
        cg_sentence(&g, "<H> met <F>.");
        size_t at = g.len;
        cg_sentence(&g, "<H:Who> smiled.");
        pronoun_for_first += strncmp(g.text + at, " She", 4) == 0;
        at = g.len;
        cg_sentence(&g, "<H:Who> smiled.");    /* now H is the last mentioned: either is fine */
        pronoun_for_second += strncmp(g.text + at, " She", 4) == 0;
        cg_end_doc(&g);
    }
    CHECK(pronoun_for_first == 0, "\"she\" stood for a girl %d times right after another girl was named",
          pronoun_for_first);
    CHECK(pronoun_for_second > 100 && pronoun_for_second < 300,
          "once she was the last named, \"she\" came %d of 400 times (want about half)", pronoun_for_second);
    cg_free(&g);
}

// ----------------------------------------------------------------------------
// Facts: the tables, the held-out phrasings, the .tsv files

static size_t count_in(const Gen *g, const char *needle)
{
    size_t c = 0, k = strlen(needle);
    for (const char *p = g->text; (p = find(p, (size_t)(g->text + g->len - p), needle)) != NULL; p += k) c++;
    return c;
}

static void test_facts(void)
{
    FactPrompt held[64], seen[64];
    int n_held = facts_heldout(held, 64), n_seen = facts_seen(seen, 64);
    CHECK(n_held == 20, "%d held-out prompts (want 10 facts x 2 phrasings)", n_held);
    CHECK(n_seen >= 10, "only %d seen fact prompts", n_seen);
    int designated = 0;
    for (int i = 0; i < COUNT(countries); i++) designated += countries[i].designated;
    for (int i = 0; i < COUNT(landmarks); i++) designated += landmarks[i].designated;
    CHECK(designated == 10, "%d designated test facts (want 10)", designated);

    for (int i = 0; i < n_held; i++) {
        const FactPrompt *p = &held[i];
        /* Never written in the held-out phrasing ... */
        CHECK(count_in(&sample, p->prompt) == 0, "held-out prompt \"%s\" occurs in the corpus", p->prompt);
        /* ... and the answer is a real fact of the tables, taught in other phrasings. */
        CHECK(strncmp(p->answer, p->next, strlen(p->next)) == 0 && p->next[0],
              "held-out answer \"%s\" does not start with its next word \"%s\"", p->answer, p->next);
        char taught[256];
        if (strncmp(p->phrasing, "capital", 7) == 0)
            snprintf(taught, sizeof taught, "The capital of %.60s is %.60s.", p->subject, p->answer);
        else
            snprintf(taught, sizeof taught, "is located in %.60s", p->answer);
        CHECK(count_in(&sample, taught) > 0, "the fact behind \"%s\" is never taught (no \"%s\")",
              p->prompt, taught);
        CHECK(count_in(&sample, p->subject) >= 10, "the subject \"%s\" of a held-out prompt occurs "
              "fewer than 10 times", p->subject);
    }
    /* The held-out phrasings themselves are taught, with the other facts. */
    static const char *const phrasings[] = {"'s capital is ", " has a capital city called ",
                                            " stands in the city of ", ", you have to go to "};
    for (int i = 0; i < COUNT(phrasings); i++)
        CHECK(count_in(&sample, phrasings[i]) >= 20, "the held-out phrasing \"%s\" is used for "
              "fewer than 20 other facts", phrasings[i]);
    /* A seen prompt is followed by its answer (nearly always). */
    for (int i = 0; i < n_seen; i++) {
        char prompt_space[200], with_answer[260];
        snprintf(prompt_space, sizeof prompt_space, "%.160s ", seen[i].prompt);
        snprintf(with_answer, sizeof with_answer, "%.160s %.64s", seen[i].prompt, seen[i].next);
        size_t all = count_in(&sample, prompt_space), right = count_in(&sample, with_answer);
        /* Landmarks are followed by the city 95% of the time by design, so allow for chance. */
        CHECK(all >= 3 && right * 10 >= all * 8, "seen prompt \"%s\": %zu times, followed by \"%s\" "
              "%zu times (want at least 3, and 80%%)", seen[i].prompt, all, seen[i].next, right);
    }
    /* The committed tables are what the generator writes now. */
    static const char *const files[3] = {"corpus/heldout.tsv", "corpus/facts.tsv", "corpus/probes.tsv"};
    for (int i = 0; i < 3; i++) {
        char tmp[256];
        const char *build = getenv("BUILD");         /* tests/run.sh says where builds go */
        snprintf(tmp, sizeof tmp, "%.200s/test_corpus_%d.tsv", build && *build ? build : "build", i);
        GbError err;
        int rc = i == 0 ? corpus_write_heldout(tmp, &err) : i == 1 ? corpus_write_facts(tmp, &err)
                                                                    : corpus_write_probes(tmp, &err);
        CHECK(rc == 0, "writing %s: %s", tmp, rc ? err.msg : "");
        size_t a_len = 0, b_len = 0;
        char *a = gb_read_file(tmp, 1 << 20, &a_len, &err), *b = gb_read_file(files[i], 1 << 20, &b_len, &err);
        CHECK(a && b && a_len == b_len && memcmp(a, b, a_len) == 0,
              "%s is not what corpusgen writes now (hint: regenerate it, see docs/corpus.md)", files[i]);
        free(a);
        free(b);
        remove(tmp);
    }
}

// ----------------------------------------------------------------------------
// Probes: the designed next-word frequencies

static void test_probes(void)
{
    for (int i = 0; i < probe_count; i++) {
        const Probe *p = &probes[i];
        uint32_t total_w = 0;
        for (int j = 0; j < p->n; j++) total_w += p->weight[j];
        size_t k = strlen(p->prompt), total = 0, counts[16] = {0}, other = 0;
        for (const char *s = sample.text; (s = find_in_sample(s, p->prompt)) != NULL; s += k) {
            if (s > sample.text && isalpha((unsigned char)s[-1])) continue;
            const char *w = s + k;
            int found = -1;
            for (int j = 0; j < p->n; j++) {
                size_t wl = strlen(p->words[j]);
                if (w[0] == ' ' && strncmp(w + 1, p->words[j], wl) == 0 && !isalpha((unsigned char)w[1 + wl]))
                    found = j;
            }
            total++;
            if (found < 0) other++;
            else counts[found]++;
        }
        CHECK(total >= 100, "probe \"%s\" occurs only %zu times in the sample", p->prompt, total);
        CHECK(other == 0, "probe \"%s\" was followed %zu times by a word outside its table", p->prompt, other);
        double worst = 0;
        for (int j = 0; j < p->n && total > 0; j++) {
            double want = (double)p->weight[j] / total_w, got = (double)counts[j] / (double)total;
            double tol = 4.5 * sqrt(want * (1 - want) / (double)total) + 0.005;
            CHECK(fabs(got - want) <= tol, "probe \"%s\" -> \"%s\": %.3f, designed %.3f (tolerance %.3f, n=%zu)",
                  p->prompt, p->words[j], got, want, tol, total);
            if (fabs(got - want) > worst) worst = fabs(got - want);
        }
        printf("probe %-32s n=%5zu  max |measured - designed| = %.3f\n", p->prompt, total, worst);
    }
}

// ----------------------------------------------------------------------------
// Self-information: enumerate every path of a template

/* One enumerated output: the hash of its text and its probability. */
typedef struct {
    uint64_t hash;
    double p;
} Output;

typedef struct {
    Output *out;
    int n, cap;
    double total_p;
    int truncated;
} Outputs;

typedef void (*Writer)(Gen *g, const void *arg);

/* Walk every path of writer (up to limit) in script mode. Each path starts from setup(). */
static void enumerate(Writer setup, Writer writer, const void *arg, int limit, Outputs *o)
{
    Gen g;
    cg_init(&g, 0);
    GenScript *script = cg_script_new();
    g.script = script;
    memset(o, 0, sizeof *o);
    do {
        cg_script_rewind(script);
        g.len = 0;
        g.text[0] = 0;
        cg_begin_doc(&g);
        g.mentions = 0;
        if (setup) setup(&g, arg);
        writer(&g, arg);
        double p = cg_script_prob(script);
        if (o->n == o->cap) {
            o->cap = o->cap ? 2 * o->cap : 1024;
            o->out = realloc(o->out, (size_t)o->cap * sizeof *o->out);
        }
        o->out[o->n].hash = fnv1a(g.text, g.len);
        o->out[o->n].p = p;
        o->n++;
        o->total_p += p;
        if (o->n >= limit) { o->truncated = 1; break; }
    } while (cg_script_next(script));
    cg_script_free(script);
    g.script = NULL;
    cg_free(&g);
}

static int by_hash(const void *a, const void *b)
{
    uint64_t x = ((const Output *)a)->hash, y = ((const Output *)b)->hash;
    return x < y ? -1 : x > y;
}

/* Paths with probability 0 (a phrasing held out for this fact) are not outputs. Returns the
 * number of texts written by more than one path. */
static int duplicates(Outputs *o)
{
    int k = 0;
    for (int i = 0; i < o->n; i++)
        if (o->out[i].p > 0) o->out[k++] = o->out[i];
    o->n = k;
    qsort(o->out, (size_t)o->n, sizeof *o->out, by_hash);
    int dup = 0;
    for (int i = 1; i < o->n; i++) dup += o->out[i].hash == o->out[i - 1].hash;
    return dup;
}

static double prob_of(const Outputs *o, uint64_t hash)
{
    int lo = 0, hi = o->n;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (o->out[mid].hash < hash) lo = mid + 1;
        else hi = mid;
    }
    double p = 0;
    for (int i = lo; i < o->n && o->out[i].hash == hash; i++) p += o->out[i].p;
    return p;
}

/* The cast every story bank may use, fixed (nothing lazy, so no extra paths). */
static void story_cast(Gen *g, const void *arg)
{
    (void)arg;
    cg_set_char(g, "H", girls[0]);
    cg_set_char(g, "F", boys[0]);
    cg_set_char(g, "G", girls[1]);
    cg_set_char(g, "A", adults[1]);
    cg_set_char(g, "T", teachers[0]);
    cg_set_char(g, "P", pets[0]);
    cg_set_char(g, "B", needy[0].who);
    cg_set_char(g, "BB", (Character){"the lion", "lion", GENDER_BOY});
    cg_set_char(g, "SS", (Character){"the mouse", "mouse", GENDER_GIRL});
    cg_set_char(g, "S", pets[0]);
    static const char *const words[][2] = {
        {"col", "orange"}, {"toy", "kite"}, {"thing", "hat"}, {"food", "apple"}, {"place", "park"},
        {"furn", "bed"}, {"room", "kitchen"}, {"game", "tag"}, {"age", "eight"}, {"D", "a cake"},
        {"Dt", "the cake"}, {"how", "baked"}, {"how2", "baked"}, {"i1", "flour"}, {"i2", "eggs"},
        {"i3", "sugar"}, {"dest", "the zoo"}, {"veh", "train"}, {"W1", "a tower"}, {"W2", "the tower"},
        {"with", "wooden blocks"}, {"where", "in the garden"}, {"psound", "a bark"}, {"goal", "gate"},
        {"move", "scampered"}, {"tool", "teeth"},
    };
    for (int i = 0; i < COUNT(words); i++) cg_set_word(g, words[i][0], words[i][1]);
}

static void write_bank(Gen *g, const void *arg) { cg_beat(g, arg); }

static void test_story_banks(void)
{
    int banks = 0, truncated = 0, bad_sum = 0, dup_banks = 0;
    long paths = 0;
    for (int b = 0; b < story_banks.n; b++) {
        const Bank *bank = story_banks.banks[b];
        Outputs o;
        enumerate(story_cast, write_bank, bank, 200000, &o);
        banks++;
        paths += o.n;
        truncated += o.truncated;
        if (!o.truncated && fabs(o.total_p - 1) > 1e-9) {
            bad_sum++;
            CHECK(0, "bank %s: path probabilities sum to %.12f", bank->name, o.total_p);
        }
        int dup = duplicates(&o);
        if (dup) {
            dup_banks++;
            CHECK(0, "bank %s: %d texts are written by more than one path (the entropy count "
                  "would be too high)", bank->name, dup);
        }
        free(o.out);
    }
    CHECK(banks == story_banks.n && bad_sum == 0 && dup_banks == 0, "story banks: %d with a bad "
          "sum, %d with duplicate texts", bad_sum, dup_banks);
    printf("story banks: %d banks, %ld paths walked, %d cut at 200000 paths\n", banks, paths, truncated);
}

/* Every template bank in corpus/stories.c is in story_banks, so the test above saw them all. */
static void test_bank_registry(void)
{
    size_t len;
    GbError err;
    char *src = gb_read_file("corpus/stories.c", 1 << 22, &len, &err);
    CHECK(src != NULL, "cannot read corpus/stories.c: %s", src ? "" : err.msg);
    if (!src) return;
    int declared = 0, missing = 0;
    const char *decl = "\nstatic const char *const ";
    for (const char *p = src; (p = strstr(p, decl)) != NULL; p++) {
        const char *name = p + strlen(decl);
        size_t n = strcspn(name, "[");
        declared++;
        int found = 0;
        for (int b = 0; b < story_banks.n; b++)
            found |= strlen(story_banks.banks[b]->name) == n && !strncmp(story_banks.banks[b]->name, name, n);
        if (!found) {
            missing++;
            CHECK(0, "bank %.*s is not in story_banks (add it to the list at the end of stories.c)", (int)n, name);
        }
    }
    CHECK(declared == story_banks.n && missing == 0, "%d banks declared, %d registered", declared, story_banks.n);
    free(src);
}

/* Fact and probe sentences: all paths, then draws compared with -ln P(text). */
static void write_capital(Gen *g, const void *arg) { capital_fact(g, arg, 0); }
static void write_landmark(Gen *g, const void *arg) { landmark_fact(g, arg); }
static void write_category(Gen *g, const void *arg) { (void)arg; category_fact(g); }
static void write_scene_line(Gen *g, const void *arg) { (void)arg; scene_line(g); }
static void write_animal_facts(Gen *g, const void *arg) { animal_facts_about(g, arg); }
static void write_counting(Gen *g, const void *arg) { (void)arg; counting(g); }
static void write_sum(Gen *g, const void *arg) { (void)arg; one_sum(g); }
static void write_calendar(Gen *g, const void *arg) { calendar_of(g, *(const int *)arg); }
static void write_scene_sit(Gen *g, const void *arg)
{
    cg_set_char(g, "S", (Character){"the cat", "cat", GENDER_IT});
    scene_sit(g, "<S:Cap>", arg);
}

static void check_writer(const char *what, Writer writer, const void *arg, int draws)
{
    Outputs o;
    enumerate(NULL, writer, arg, 2000000, &o);
    CHECK(!o.truncated, "%s: more than 2000000 paths", what);
    CHECK(fabs(o.total_p - 1) < 1e-9, "%s: path probabilities sum to %.12f", what, o.total_p);
    int dup = duplicates(&o);
    CHECK(dup == 0, "%s: %d texts are written by more than one path", what, dup);
    /* Draw at random; the generator's count must be -ln P(text). */
    Gen g;
    cg_init(&g, 11);
    double worst = 0;
    for (int i = 0; i < draws; i++) {
        g.len = 0;
        g.text[0] = 0;
        cg_begin_doc(&g);
        g.mentions = 0;
        double before = g.nats;
        writer(&g, arg);
        double p = prob_of(&o, fnv1a(g.text, g.len));
        double diff = fabs((g.nats - before) - (-log(p)));
        if (!(diff <= worst)) worst = diff;
    }
    CHECK(worst < 1e-9, "%s: reported self-information differs from -ln P(text) by %g nats", what, worst);
    printf("self-information: %-28s %8d texts, max difference %.1e nats\n", what, o.n, worst);
    cg_free(&g);
    free(o.out);
}

static const Country *country_named(const char *name)
{
    for (int i = 0; i < COUNT(countries); i++)
        if (!strcmp(countries[i].name, name)) return &countries[i];
    return NULL;
}

static const Landmark *landmark_named(const char *name)
{
    for (int i = 0; i < COUNT(landmarks); i++)
        if (!strcmp(landmarks[i].name, name)) return &landmarks[i];
    return NULL;
}

static void test_self_information(void)
{
    check_writer("capital fact (France)", write_capital, country_named("France"), 200);
    check_writer("capital fact (Japan, held out)", write_capital, country_named("Japan"), 200);
    check_writer("capital fact (the Netherlands)", write_capital, country_named("the Netherlands"), 200);
    check_writer("landmark fact (Eiffel Tower)", write_landmark, landmark_named("the Eiffel Tower"), 200);
    check_writer("landmark fact (Big Ben, held out)", write_landmark, landmark_named("Big Ben"), 200);
    check_writer("category fact", write_category, NULL, 300);
    check_writer("scene sentence", write_scene_line, NULL, 300);
    check_writer("animal facts (dog)", write_animal_facts, &animal_facts[0], 300);
    check_writer("animal facts (spider)", write_animal_facts, &animal_facts[13], 300);
    check_writer("sitting (cat table)", write_scene_sit, "cat", 300);
    check_writer("counting", write_counting, NULL, 300);
    check_writer("one sum", write_sum, NULL, 300);
    static const int days = 0, seasons = 2;
    check_writer("days", write_calendar, &days, 300);
    check_writer("seasons", write_calendar, &seasons, 300);
}

/* The whole corpus: the total is the sum over documents, and nats per piece is in the range
 * the docs state. */
static void test_totals(void)
{
    Gen g;
    cg_init(&g, 5);
    double sum = 0;
    while (g.len < 500000) {
        double before = g.nats;
        corpus_document(&g);
        sum += g.nats - before;
    }
    CHECK(fabs(sum - g.nats) < 1e-6 * g.nats, "per-document nats add up to %.3f, total %.3f", sum, g.nats);
    size_t pieces = 0;
    for (size_t pos = 0; pos < g.len; pos = tok_next_piece(g.text, g.len, pos)) pieces++;
    double per_piece = g.nats / (double)pieces;
    CHECK(per_piece > 0.3 && per_piece < 1.5, "%.3f nats per piece, outside 0.3..1.5", per_piece);
    printf("totals: %zu bytes, %zu pieces, %llu choices, %.0f nats, %.3f nats per piece\n", g.len,
           pieces, (unsigned long long)g.choices, g.nats, per_piece);
    cg_free(&g);
}

// ----------------------------------------------------------------------------
// The echo game: the parrot says exactly the list it heard, and the number word is the count

/* facts_each_word: count the fact words (each word of "the Eiffel Tower") that are in the echo pool. */
typedef struct { const char *const *pool; int n_pool, found, words; } FactWords;

static void fact_word_in_pool(const char *w, void *user)
{
    FactWords *f = user;
    for (const char *p = w; *p;) {
        const char *e = strchr(p, ' ');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        f->words++;
        for (int i = 0; i < f->n_pool; i++)
            if (strlen(f->pool[i]) == len && !strncmp(f->pool[i], p, len)) {
                printf("  fact word '%.*s' is in the echo pool\n", (int)len, p);
                f->found++;
            }
        p += len + (e != NULL);
    }
}

static void test_echo(void)
{
    static const char *const numbers[] = {"zero", "one", "two", "three", "four", "five", "six", "seven",
                                          "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen",
                                          "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
                                          "twenty-one", "twenty-two", "twenty-three", "twenty-four",
                                          "twenty-five", "twenty-six", "twenty-seven", "twenty-eight",
                                          "twenty-nine", "thirty"};
    _Static_assert(COUNT(numbers) == ECHO_MAX_WORDS + 1, "a number word for every list length");
    const char *const *pool;
    int n_pool = echo_pool_words(&pool), games = 0, counted = 0, in_pool = 0, copied = 0, repeats_ok = 0;
    int dups = 0, lengths[ECHO_MAX_WORDS + 1] = {0};
    for (int i = 0; i < n_pool; i++)
        for (int j = 0; j < i; j++)
            if (strcmp(pool[i], pool[j]) == 0) printf("  echo word '%s' is in the pool twice\n", pool[i]), dups++;
    CHECK(dups == 0, "every echo word is in the pool once (%d duplicates)", dups);
    FactWords fw = {pool, n_pool, 0, 0};
    facts_each_word(fact_word_in_pool, &fw);
    CHECK(fw.words > 300 && fw.found == 0, "no word of a fact is in the echo pool (%d of %d)", fw.found, fw.words);
    int sorted = 1;
    for (int i = 1; i < n_pool; i++) sorted &= strcmp(pool[i - 1], pool[i]) < 0;
    CHECK(sorted, "the echo pool is sorted, so it is the same on every machine");
    /* Off by default: the sample (weight 0) has none, and is the text the golden hash pins. */
    CHECK(count_in(&sample, "The parrot said them") == 0, "echo games in a corpus without --echo");
    Gen echo;
    cg_init(&echo, 5);
    echo.echo_weight = 16;
    corpus_generate(&echo, 3000000);
    const char *etext = echo.text, *eend = echo.text + echo.len;
    for (const char *s = etext; (s = find(s, (size_t)(eend - s), " words:")) != NULL; s += 7) {
        /* "<A> said <number> words: a b c. The parrot said them back again and again: a b c. a b c." */
        const char *num_end = s, *num = s;
        while (num > etext && num[-1] != ' ') num--;
        int n = -1;
        for (int i = ECHO_MIN_WORDS; i <= ECHO_MAX_WORDS; i++)
            if ((size_t)(num_end - num) == strlen(numbers[i]) && !strncmp(num, numbers[i], (size_t)(num_end - num))) n = i;
        const char *list = s + 7, *dot = strchr(list, '.');
        if (!dot) continue;
        games++;
        int items = 0, known = 1;
        for (const char *p = list; p < dot;) {   /* " a b c" */
            const char *w = p + 1, *e = w;
            while (e < dot && *e != ' ') e++;
            int found = 0;
            for (int i = 0; i < n_pool && !found; i++) found = (size_t)(e - w) == strlen(pool[i]) && !strncmp(w, pool[i], (size_t)(e - w));
            known &= found;
            items++;
            p = e;
        }
        counted += items == n;
        if (items == n) lengths[n]++;
        in_pool += known;
        /* The parrot's sentence ends in a colon; then " a b c." again and again to the document's end. */
        const char *end = strstr(dot, "\n\n");
        if (!end) end = eend;
        const char *colon = memchr(dot, ':', (size_t)(end - dot));
        int reps = 0, same = colon != NULL;
        size_t len = (size_t)(dot + 1 - list);   /* " a b c." */
        for (const char *r = colon ? colon + 1 : end; r < end; r += len, reps++)
            same &= (size_t)(end - r) >= len && !memcmp(r, list, len);
        copied += same;
        repeats_ok += n > 0 && reps == echo_repeats(n) && reps >= 2 && reps * n >= ECHO_FILL;
    }
    int all_lengths = 1;
    for (int n = ECHO_MIN_WORDS; n <= ECHO_MAX_WORDS; n++) all_lengths &= lengths[n] > 0;
    CHECK(games >= 1000, "a corpus with 16 echo games in 116 documents has them (%d)", games);
    CHECK(n_pool >= 1500, "the echo pool has the corpus's words (%d)", n_pool);
    CHECK(counted == games, "the number word is the number of words (%d of %d)", counted, games);
    CHECK(all_lengths, "lists of every length from %d to %d words", ECHO_MIN_WORDS, ECHO_MAX_WORDS);
    CHECK(in_pool == games, "every listed word is an echo word (%d of %d)", in_pool, games);
    CHECK(copied == games, "the parrot says back exactly what it heard, every time (%d of %d)", copied, games);
    CHECK(repeats_ok == games, "the parrot says the list until it has said %d words, at least twice (%d of %d)",
          ECHO_FILL, repeats_ok, games);
    CHECK(echo_repeats(6) == 17 && echo_repeats(30) == 4 && echo_repeats(100) == 2 && echo_repeats(200) == 2,
          "repeats: 6 words 17 times, 30 words 4 times, never fewer than 2");
    cg_free(&echo);
}

int main(void)
{
    cg_init(&sample, 1);
    corpus_generate(&sample, 12000000);
    test_determinism();
    test_shape();
    test_pronouns();
    test_pronoun_rule();
    test_facts();
    test_probes();
    test_echo();
    test_bank_registry();
    test_story_banks();
    test_self_information();
    test_totals();
    cg_free(&sample);
    return check_report("test_corpus");
}
