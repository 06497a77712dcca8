/* scenes.c — probe sentences with designed next-word distributions, short scenes around them,
 * and sequences (counting, sums, days, months).
 *
 * A probe is a prompt whose next word the corpus draws from a table we chose, so a lesson can
 * show a distribution it knows: after "The cat sat on the" the corpus writes " mat" 40% of the
 * time, " rug" 12%, ... " piano" 1% (the lecture's high-temperature surprise). The prompt is
 * written only by this file (and by stories through scene_sit, with the same tables), so the
 * designed table is exactly the corpus's next-word distribution after the prompt. The tables
 * are listed in corpus/probes.tsv (corpusgen --probes).
 */
#include "corpus.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// ----------------------------------------------------------------------------
// The probe tables (weights sum to 100, so a weight is a percentage)

static const char *const cat_sit_w[] = {"mat", "rug", "sofa", "chair", "bed", "floor",
                                         "box", "table", "step", "grass", "piano"};
static const uint32_t cat_sit_p[] = {40, 12, 10, 8, 8, 7, 5, 4, 3, 2, 1};
static const char *const dog_sit_w[] = {"floor", "rug", "grass", "mat", "sofa", "step", "bed",
                                         "chair"};
static const uint32_t dog_sit_p[] = {30, 20, 15, 10, 10, 8, 5, 2};
static const char *const bird_sit_w[] = {"branch", "fence", "roof", "wall", "gate"};
static const uint32_t bird_sit_p[] = {50, 20, 15, 10, 5};
static const char *const sky_w[] = {"blue", "grey", "clear", "dark", "bright", "pink"};
static const uint32_t sky_p[] = {60, 15, 10, 8, 5, 2};
static const char *const grass_w[] = {"green", "wet", "tall", "soft"};
static const uint32_t grass_p[] = {80, 10, 5, 5};
static const char *const sun_w[] = {"hot", "bright", "yellow", "big", "warm"};
static const uint32_t sun_p[] = {30, 30, 20, 10, 10};
static const char *const snow_w[] = {"white", "cold", "soft"};
static const uint32_t snow_p[] = {60, 30, 10};
static const char *const sea_w[] = {"blue", "deep", "big", "cold", "calm"};
static const uint32_t sea_p[] = {50, 20, 15, 10, 5};
static const char *const fav_w[] = {"blue", "red", "green", "pink", "purple", "yellow", "orange",
                                     "black"};
static const uint32_t fav_p[] = {25, 20, 15, 10, 10, 10, 5, 5};
/* Written by facts.c (landmark_located): the city 75% + "city, country" 20% = the city 95%. */
static const char *const eiffel_w[] = {"Paris", "France", "the"};
static const uint32_t eiffel_p[] = {95, 3, 2};

#define PROBE(prompt, w, p) {prompt, w, p, COUNT(w)}
const Probe probes[] = {
    PROBE("The cat sat on the", cat_sit_w, cat_sit_p),
    PROBE("The dog sat on the", dog_sit_w, dog_sit_p),
    PROBE("The bird sat on the", bird_sit_w, bird_sit_p),
    PROBE("The sky is", sky_w, sky_p),
    PROBE("The grass is", grass_w, grass_p),
    PROBE("The sun is", sun_w, sun_p),
    PROBE("The snow is", snow_w, snow_p),
    PROBE("The sea is", sea_w, sea_p),
    PROBE("My favourite colour is", fav_w, fav_p),
    PROBE("The Eiffel Tower is located in", eiffel_w, eiffel_p),
};
const int probe_count = COUNT(probes);

/* Draw the probe's next word and write it with the space before it. */
static void probe_word(Gen *g, const Probe *p)
{
    cg_put(g, " ");
    cg_put(g, p->words[cg_choose(g, p->n, p->weight)]);
}

// ----------------------------------------------------------------------------
// Sitting: "The cat sat on the mat." — also used by stories for their pets

/* After the place: the sentence ends (1/2) or goes on with something the animal did. */
static const char *const sit_end_cat[] = {".", " and purred.", " and went to sleep.",
                                          " and licked <S:his> paws.", " and looked out of the window."};
static const char *const sit_end_dog[] = {".", " and wagged <S:his> tail.", " and went to sleep.",
                                          " and waited for a treat.", " and barked."};
static const char *const sit_end_bird[] = {".", " and sang.", " and looked around.",
                                           " and flapped <S:his> wings."};
static const char *const sit_end_other[] = {".", " and went to sleep.", " and looked around."};
static const uint32_t sit_end_p[5] = {4, 1, 1, 1, 1};   /* "." half the time */

/* The character in slot S sits somewhere: its kind picks the table. */
void scene_sit(Gen *g, const char *subject_template, const char *kind)
{
    const Probe *p = &probes[1];
    const char *const *end = sit_end_other;
    int n_end = COUNT(sit_end_other);
    if (!strcmp(kind, "cat") || !strcmp(kind, "kitten")) {
        p = &probes[0]; end = sit_end_cat; n_end = COUNT(sit_end_cat);
    } else if (!strcmp(kind, "dog") || !strcmp(kind, "puppy")) {
        p = &probes[1]; end = sit_end_dog; n_end = COUNT(sit_end_dog);
    } else if (!strcmp(kind, "bird")) {
        p = &probes[2]; end = sit_end_bird; n_end = COUNT(sit_end_bird);
    }
    uint32_t w[5];
    for (int i = 0; i < n_end; i++) w[i] = sit_end_p[i];
    w[0] = (uint32_t)(n_end - 1);                            /* "." as likely as all the rest */
    cg_sentence(g, subject_template);
    cg_put(g, " sat on the");
    probe_word(g, p);
    cg_expand(g, end[cg_choose(g, n_end, w)]);
}

// ----------------------------------------------------------------------------
// Scenes: a few sentences about a place, with probes among them

static void probe_sentence(Gen *g, int which, const char *after)
{
    cg_sentence(g, probes[which].prompt);
    probe_word(g, &probes[which]);
    cg_expand(g, after);
}

/* What colour things are: a small true table for the colour words. */
static const struct { Noun thing; const char *colour; } colour_of[] = {
    {{"banana", 0}, "yellow"}, {{"lemon", 0}, "yellow"}, {{"strawberry", 0}, "red"},
    {{"cherry", 0}, "red"}, {{"tomato", "tomatoes"}, "red"}, {{"carrot", 0}, "orange"},
    {{"frog", 0}, "green"}, {{"leaf", "leaves"}, "green"}, {{"crow", 0}, "black"},
    {{"polar bear", 0}, "white"}, {{"elephant", 0}, "grey"}, {{"flamingo", 0}, "pink"},
    {{"pumpkin", 0}, "orange"}, {{"plum", 0}, "purple"}, {{"cucumber", 0}, "green"},
    {{"lime", 0}, "green"}, {{"swan", 0}, "white"}, {{"mouse", "mice"}, "grey"},
};
static const char *const colour_of_t[] = {
    "<X:A> is <V>.", "What colour is <X:a>? It is <V>.", "Most <X:s> are <V>.",
    "<X:A> is usually <V>.",
};

static const char *const weather_t[] = {
    "It is a {sunny|windy|rainy|cloudy|cold|warm|snowy} day.",
    "The wind is {blowing|strong|gentle} today.",
    "{Today|This morning} it is {sunny|raining|snowing|windy|foggy}.",
    "There are {white|grey|dark|big} clouds in the sky.",
    "The trees are {green|tall|old|full of birds}.",
    "The {leaves|flowers} are {red|yellow|green|pink|purple}.",
    "A <%animal> is in the <%place>.",
    "{Two|Three|Four} <%farm_animal:s> are in the field.",
    "The birds are singing in the trees.",
    "The <%flower:s> in the garden are <%colour>.",
};

static void scene_line(Gen *g)
{
    /* Case 10 (weather and the like) has weight 8: each case must write text no other case
     * can, or the count of nats would be too high (see test_corpus). */
    static const uint32_t weight[13] = {6, 4, 2, 4, 3, 3, 3, 2, 2, 3, 8, 1, 1};
    int which = cg_choose(g, 13, weight);
    switch (which) {
    case 0: case 1: case 2: {
        static const Character sitter[3] = {
            {"the cat", "cat", GENDER_IT}, {"the dog", "dog", GENDER_IT}, {"the bird", "bird", GENDER_IT},
        };
        cg_set_char(g, "S", sitter[which]);
        scene_sit(g, "<S:Cap>", sitter[which].kind);
        break;
    }
    case 3: probe_sentence(g, 3, "{.| today.}"); break;
    case 4: probe_sentence(g, 4, "{.| and the flowers are out.}"); break;
    case 5: probe_sentence(g, 5, "{.| today.| in the sky.}"); break;
    case 6: probe_sentence(g, 6, "{.| and deep.| on the ground.}"); break;
    case 7: probe_sentence(g, 7, "{.| today.| and the waves are small.}"); break;
    case 8: probe_sentence(g, 8, "{.|. What is your favourite colour?}"); break;
    case 9: {
        int k = cg_uniform(g, COUNT(colour_of));
        cg_set_noun(g, "X", colour_of[k].thing);
        cg_set_word(g, "V", colour_of[k].colour);
        cg_sentence(g, colour_of_t[cg_uniform(g, COUNT(colour_of_t))]);
        break;
    }
    case 10: cg_sentence(g, weather_t[cg_uniform(g, COUNT(weather_t))]); break;
    case 11: cg_sentence(g, "Look at the <%colour> <%toy>."); break;
    default:
        cg_sentence(g, "The <%animal> is {sleeping|eating|playing|hiding} {now|in the sun|under a tree}.");
        break;
    }
}

void scene_document(Gen *g)
{
    int k = 2 + cg_uniform(g, 4);                /* 2..5 sentences */
    for (int i = 0; i < k; i++) scene_line(g);
}

// ----------------------------------------------------------------------------
// Sequences: counting, small sums, days, months, seasons

static const char *const numbers[] = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
};
static const char *const days[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                   "Saturday", "Sunday"};
static const char *const months[] = {"January", "February", "March", "April", "May", "June",
                                     "July", "August", "September", "October", "November",
                                     "December"};
static const char *const seasons[] = {"spring", "summer", "autumn", "winter"};

/* "one, two, three" — n words of a cyclic (days) or plain list from `first`, capitalised. */
static void put_list(Gen *g, const char *const *w, int n_w, int first, int n, int cyclic)
{
    for (int i = 0; i < n; i++) {
        const char *s = w[cyclic ? (first + i) % n_w : first + i];
        if (i > 0) cg_put(g, ", ");
        if (i == 0 && s[0] >= 'a' && s[0] <= 'z') {
            char c = (char)(s[0] - 'a' + 'A');
            cg_putn(g, &c, 1);
            cg_put(g, s + 1);
        } else {
            cg_put(g, s);
        }
    }
}

static void counting(Gen *g)
{
    static const char *const intro[] = {"Let's count.", "Count with me.", "We can count.",
                                        "Can you count?"};
    int first = 1 + cg_uniform(g, 6), n = 3 + cg_uniform(g, 8);   /* from 1..6, 3..10 numbers */
    cg_sentence(g, intro[cg_uniform(g, COUNT(intro))]);
    cg_sentence(g, "");
    put_list(g, numbers, COUNT(numbers), first, n, 0);
    cg_put(g, ".");
}

/* One sum a + b <= 10: a uniform in 1..9, then b uniform in 1..10-a. */
static void one_sum(Gen *g)
{
    static const char *const sum_t[] = {
        "<a:Cap> plus <b> is <c>.", "What is <a> plus <b>? It is <c>.", "<a:Cap> and <b> make <c>.",
        "If you have <a> <X:s> and you get <b> more, you have <c> <X:s>.",
    };
    int a = 1 + cg_uniform(g, 9), b = 1 + cg_uniform(g, 10 - a);
    cg_set_word(g, "a", numbers[a]);
    cg_set_word(g, "b", numbers[b]);
    cg_set_word(g, "c", numbers[a + b]);
    cg_set_lazy_table(g, "X", "food");
    /* "you have one apples" would be wrong: the last phrasing needs a >= 2 */
    cg_sentence(g, sum_t[cg_uniform(g, a >= 2 ? COUNT(sum_t) : COUNT(sum_t) - 1)]);
}

static void sums(Gen *g)
{
    int k = 2 + cg_uniform(g, 3);
    for (int i = 0; i < k; i++) one_sum(g);
}

static void calendar_of(Gen *g, int which);

/* The days, months or seasons: a run of the list, or "after X comes Y" facts. */
static void calendar(Gen *g)
{
    calendar_of(g, cg_uniform(g, 3));
}

/* which: 0 days, 1 months, 2 seasons. */
static void calendar_of(Gen *g, int which)
{
    static const char *const after_t[] = {
        "After <x> comes <y>.", "The day after <x> is <y>.", "<y:Cap> comes after <x>.",
        "<x:Cap> comes before <y>.",
    };
    static const char *const after_month_t[] = {
        "After <x> comes <y>.", "The month after <x> is <y>.", "<y:Cap> comes after <x>.",
        "<x:Cap> comes before <y>.",
    };
    static const char *const after_season_t[] = {
        "After <x> comes <y>.", "<y:Cap> comes after <x>.", "<x:Cap> comes before <y>.",
    };
    const char *const *w = which == 0 ? days : which == 1 ? months : seasons;
    int n_w = which == 0 ? COUNT(days) : which == 1 ? COUNT(months) : COUNT(seasons);
    static const char *const count_t[3] = {
        "There are seven days in a week.", "There are twelve months in a year.",
        "There are four seasons in a year.",
    };
    if (cg_uniform(g, 2)) cg_sentence(g, count_t[which]);
    if (cg_uniform(g, 2)) {                                 /* a run of the list */
        cg_sentence(g, "");
        int first = cg_uniform(g, n_w);          /* two statements: C leaves the order of */
        int n = 3 + cg_uniform(g, n_w - 2);      /* arguments open, and seeds must not depend on it */
        put_list(g, w, n_w, first, n, 1);
        cg_put(g, ".");
    } else {                                                 /* two or three "after" facts */
        int k = 2 + cg_uniform(g, 2);
        for (int i = 0; i < k; i++) {
            int x = cg_uniform(g, n_w);
            cg_set_word(g, "x", w[x]);
            cg_set_word(g, "y", w[(x + 1) % n_w]);
            if (which == 0) cg_sentence(g, after_t[cg_uniform(g, COUNT(after_t))]);
            else if (which == 1) cg_sentence(g, after_month_t[cg_uniform(g, COUNT(after_month_t))]);
            else cg_sentence(g, after_season_t[cg_uniform(g, COUNT(after_season_t))]);
        }
    }
}

void sequence_document(Gen *g)
{
    switch (cg_uniform(g, 3)) {
    case 0: counting(g); break;
    case 1: sums(g); break;
    default: calendar(g); break;
    }
}

// ----------------------------------------------------------------------------
// The echo game: a child says a list of words and a parrot says it back, several times. Every
// list after the first is copied, so it costs nothing to predict for a model that looks back and
// copies: what an induction head does, with a previous-token head in an earlier layer saying
// which word came before. Stories alone give little to copy (their repeated words are names).

/* The words of the corpus itself: every word of a 4 MB sample written with the same generator
 * (seed ECHO_POOL_SEED, no echo games), each spelling once, sorted, except the words of the facts
 * (countries, capitals, category items), so that lists of random words do not put a country next
 * to the wrong capital. Words of every kind (names, animals, verbs, "the", "because"), so that
 * what is learnt is copying itself and not a few words. A list drawn from it says which words
 * were drawn, and nothing else. */
#define ECHO_POOL_SEED 4242
#define ECHO_POOL_BYTES 4000000
static const char *echo_pool[4096];
static int echo_pool_n;

typedef struct { char **words; int n, cap; } WordSet;

static void wordset_add(const char *w, size_t len, void *user)
{
    WordSet *s = user;
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 1024;
        char **grown = realloc(s->words, (size_t)s->cap * sizeof *grown);
        if (!grown) abort();
        s->words = grown;
    }
    char *copy = malloc(len + 1);
    if (!copy) abort();
    memcpy(copy, w, len);
    copy[len] = 0;
    s->words[s->n++] = copy;
}

static void fact_word_add(const char *w, void *user)   /* "United States": both words */
{
    for (const char *p = w; *p;) {
        const char *e = strchr(p, ' ');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        wordset_add(p, len, user);
        p += len + (e != NULL);
    }
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int wordset_has(const WordSet *s, const char *w)
{
    return bsearch(&w, s->words, (size_t)s->n, sizeof *s->words, by_string) != NULL;
}

static void echo_pool_build(void)
{
    WordSet facts = {0}, seen = {0};
    facts_each_word(fact_word_add, &facts);
    qsort(facts.words, (size_t)facts.n, sizeof *facts.words, by_string);
    Gen sample;
    cg_init(&sample, ECHO_POOL_SEED);
    corpus_generate(&sample, ECHO_POOL_BYTES);
    /* Words: runs of letters between spaces, with the punctuation around them taken off ("Tom,"
     * is Tom); a run with anything else inside ("didn't", "x-ray") is not a word here. */
    for (const char *p = sample.text; *p;) {
        while (*p && isspace((unsigned char)*p)) p++;
        const char *e = p;
        while (*e && !isspace((unsigned char)*e)) e++;
        const char *w = p, *we = e;
        while (w < we && !isalpha((unsigned char)*w)) w++;
        while (we > w && !isalpha((unsigned char)we[-1])) we--;
        int letters = we > w;
        for (const char *c = w; c < we; c++) letters &= isalpha((unsigned char)*c) != 0;
        if (letters) wordset_add(w, (size_t)(we - w), &seen);
        p = e;
    }
    cg_free(&sample);
    qsort(seen.words, (size_t)seen.n, sizeof *seen.words, by_string);
    for (int i = 0; i < seen.n; i++) {   /* sorted: a repeat follows the word it repeats */
        int repeat = i + 1 < seen.n && strcmp(seen.words[i], seen.words[i + 1]) == 0;
        if (!repeat && !wordset_has(&facts, seen.words[i]) && echo_pool_n < COUNT(echo_pool))
            echo_pool[echo_pool_n++] = seen.words[i];
        else
            free(seen.words[i]);
    }
    free(seen.words);
    for (int i = 0; i < facts.n; i++) free(facts.words[i]);
    free(facts.words);
}

int echo_pool_words(const char *const **words)
{
    if (!echo_pool_n) echo_pool_build();
    *words = echo_pool;
    return echo_pool_n;
}

/* " cat red bus": no commas, so the word before says which word comes next. */
static void put_words(Gen *g, const int *idx, int n)
{
    for (int i = 0; i < n; i++) {
        cg_put(g, " ");
        cg_put(g, echo_pool[idx[i]]);
    }
}

/* "six" … "twenty", "twenty-one" … "thirty": the list's length, as the child says it. */
static void echo_count_word(int n, char *buf, size_t size)
{
    if (n <= 20) snprintf(buf, size, "%s", numbers[n]);
    else if (n < 30) snprintf(buf, size, "twenty-%s", numbers[n - 20]);
    else snprintf(buf, size, "thirty");
}

/* How many times the parrot says a list of n words: enough to fill ECHO_FILL words, so that a
 * whole training window can be copying (and at least twice). The count follows from n: it costs
 * nothing to predict. */
int echo_repeats(int n)
{
    int r = (ECHO_FILL + n - 1) / n;
    return r < 2 ? 2 : r;
}

void echo_document(Gen *g)
{
    static const char *const intro_t[] = {
        "<A> had a parrot that copied every word.", "<A> played the echo game with <A:his> parrot.",
        "<A> and <A:his> parrot played a word game.",
    };
    static const char *const back_t[] = {
        "The parrot said them back again and again:", "The parrot said them over and over:",
        "Then the parrot copied <A:him> again and again:",
    };
    const char *const *pool;
    int n_pool = echo_pool_words(&pool);
    cg_clear_slots(g);
    cg_set_char(g, "A", pick_child(g));
    cg_sentence(g, intro_t[cg_uniform(g, COUNT(intro_t))]);
    int n = ECHO_MIN_WORDS + cg_uniform(g, ECHO_MAX_WORDS - ECHO_MIN_WORDS + 1);
    int idx[ECHO_MAX_WORDS];
    for (int i = 0; i < n; i++) idx[i] = cg_uniform(g, n_pool);
    static char count[32];                     /* the slot keeps a pointer to it */
    echo_count_word(n, count, sizeof count);
    cg_set_word(g, "N", count);
    cg_sentence(g, "<A:Who> said <N> words:");
    put_words(g, idx, n);
    cg_put(g, ".");
    cg_sentence(g, back_t[cg_uniform(g, COUNT(back_t))]);
    for (int r = echo_repeats(n); r > 0; r--) {   /* " a b c. a b c. a b c." */
        put_words(g, idx, n);
        cg_put(g, ".");
    }
}
