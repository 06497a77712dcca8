/* corpus.h — the classroom corpus generator: simple English written from a seed.
 *
 * The classroom model is trained on text this program writes: short stories, facts and "probe"
 * sentences with designed probabilities. Nothing is copied from real text. Because every word
 * comes from a random choice whose probability we know, the generator can also say how
 * surprising its own text is: the sum of -ln p over every choice it made (in nats). Divided by
 * the number of tokens, that is the entropy floor — the loss no model of this text can beat.
 *
 * Which file does what:
 *
 *   gen.c      the engine: choices and their self-information, the text buffer, slots, and the
 *              template language below. Knows nothing about stories or facts.
 *   words.c    word tables: names, animals, colours, places, foods, toys, feelings ...
 *   facts.c    fact tables (countries, capitals, landmarks, categories, animal facts) and the
 *              phrasings each fact is written in, including the held-out phrasings
 *   scenes.c   probe sentences with designed next-word distributions, counting, days, months
 *   stories.c  the plot patterns
 *   corpus.c   the document mix, the generation loop, and the tables written as .tsv files
 *   main.c     the command line
 *
 * The template language (cg_expand)
 * ---------------------------------
 * Stories and facts are written as templates, so that each plot beat can be phrased in many
 * ways without a page of C per sentence:
 *
 *   text          copied as it is
 *   {a|b|c}       one of the alternatives, each with probability 1/3 (nested freely)
 *   [text]        the text or nothing, each with probability 1/2
 *   <K>           the value of slot K: a character's name or a noun ("Mia", "kite")
 *   <K:form>      a form of slot K. Characters: he He him Him his His self (pronouns for the
 *                 character's gender), kind ("girl", "dog", "mom"), a ("a girl"), Cap ("The
 *                 lion"), who / Who (the name, or — when a pronoun would be clear, see
 *                 gen.c — the name or the pronoun, 1/2 each). Nouns: a ("a kite"),
 *                 A ("A kite"), s ("kites"), S, Cap ("Kite"). A lone "a" before a word
 *                 that takes "an" is corrected as it is written ("a <col> kite").
 *   <%table>      a word drawn uniformly from a word table (words.c), e.g. <%colour>; forms as
 *                 for nouns: <%food:a>
 *   ^             at the start of a sentence: "Then ", "Soon ", "After that, " or "Later "
 *                 (1/10 each), or nothing and a capital letter (6/10): "^<H:who> ran."
 *   (K: line)     character K says the line, with a speech tag chosen at random:
 *                     "Line," said Mia.   "Line," Mia said.   Mia said, "Line."   "Line," she said.
 *                 The tag verb follows the line's last mark: . said, ? asked, ! shouted/called.
 *                 (K verb: line) sets the verb: (H whispered: Look.)
 *
 * Slots are set by the story or fact before it expands its templates (cg_set_char,
 * cg_set_noun); the characters' genders make the pronouns agree across sentences.
 *
 * Probabilities and self-information
 * ----------------------------------
 * Every random choice goes through cg_choose, which draws an index with integer weights
 * (exactly, by rejection sampling on PCG32 output: no floating point decides anything, so the
 * same seed gives the same bytes on every machine) and adds -ln p of the chosen index to
 * g->nats. A choice among one option costs nothing and is not counted.
 *
 * The sum is the self-information of the *choices*. It equals the self-information of the *text*
 * only if no two different sequences of choices write the same text; the templates are written
 * so that they do not (the tests enumerate every template to check), see docs/corpus.md.
 */
#ifndef CORPUS_H
#define CORPUS_H

#include "rng.h"
#include "util.h"

#include <stddef.h>
#include <stdint.h>

#define COUNT(a) ((int)(sizeof(a) / sizeof((a)[0])))

// ----------------------------------------------------------------------------
// Words and characters

/* A noun with its plural; many == NULL means the regular plural (+s, +es, y -> ies). */
typedef struct {
    const char *one;
    const char *many;
} Noun;

/* A named list of nouns, drawn from by <%name> in templates. */
typedef struct {
    const char *name;
    const Noun *words;
    int n;
} WordTable;

/* GENDER_UNSET: he or she, drawn (1/2 each) the first time a pronoun is needed, so a story
 * that never uses one does not pay for the choice (the fable animals). */
enum { GENDER_GIRL, GENDER_BOY, GENDER_IT, GENDER_THEY, GENDER_UNSET };

/* Someone in a story: a child, an adult, a pet, an animal. */
typedef struct {
    const char *name;   /* "Mia", "Mom", "Rex", "the lion" */
    const char *kind;   /* "girl", "mom", "dog", "lion" */
    int gender;         /* GENDER_*: picks he/she/it/they */
} Character;

// ----------------------------------------------------------------------------
// The generator state

#define CG_MAX_SLOTS 48
#define CG_KEY_MAX 12

typedef struct Gen Gen;
typedef struct Slot Slot;
/* Fills a lazy slot (sets s->ch or s->noun) the first time a template uses it. */
typedef void (*SlotPicker)(Gen *g, Slot *s, const void *arg);

struct Slot {
    char key[CG_KEY_MAX];
    int is_char;        /* 1: ch is set; 0: noun is set */
    Character ch;
    Noun noun;
    SlotPicker pick;    /* non-NULL: not drawn yet; drawn on first use, then set to NULL */
    const void *pick_arg;
    int named;          /* the character's name has been written */
    uint64_t mentioned_at;  /* when it was last mentioned (Gen.mentions), for clear pronouns */
};

/* Script mode, for tests: choices are read from pick[] instead of the random generator, and
 * each choice's number of options and probability is recorded, so a test can walk every path
 * through a template (see cg_script_next). */
typedef struct {
    int *pick;          /* (n) the option taken at each choice */
    int *options;       /* (n) how many options that choice had */
    double *prob;       /* (n) the probability of the option taken */
    int n, cap;         /* choices recorded so far, capacity */
    int pos;            /* the next choice to replay */
} GenScript;

struct Gen {
    Rng rng;
    char *text;         /* everything written so far (NUL-terminated), you free with cg_free */
    size_t len, cap;
    size_t doc_start;   /* where the current document begins */
    double nats;        /* sum of -ln p over every choice made */
    uint64_t choices;   /* choices with more than one option */
    int doc_kind;       /* the kind of the last document (corpus.c's DOC_*), for tests */
    uint32_t echo_weight;   /* echo games per 100 other documents (corpusgen --echo); 0: none */
    int plot;           /* the plot of the last story, for tests */
    int cap_next;       /* '^' took no connector: the next letter written is capitalised */
    uint64_t mentions;  /* counts mentions of characters, see Slot.mentioned_at */
    Slot slots[CG_MAX_SLOTS];
    int n_slots;
    GenScript *script;  /* NULL normally; set by tests to replay and enumerate choices */
};

void cg_init(Gen *g, uint64_t seed);
void cg_free(Gen *g);

// ----------------------------------------------------------------------------
// Choices: the only source of randomness

/* An index in [0, n) with probability weight[i] / sum(weight), or 1/n when weight is NULL.
 * Adds -ln p to g->nats. */
int cg_choose(Gen *g, int n, const uint32_t *weight);
static inline int cg_uniform(Gen *g, int n) { return cg_choose(g, n, NULL); }
/* 1 with probability num/den, else 0. */
int cg_chance(Gen *g, uint32_t num, uint32_t den);
/* k distinct indices from [0, n) (a partial shuffle: the first has probability 1/n, the second
 * 1/(n-1) given the first, ...). */
void cg_distinct(Gen *g, int n, int k, int *out);

// ----------------------------------------------------------------------------
// Writing text

void cg_put(Gen *g, const char *s);
void cg_putn(Gen *g, const char *s, size_t n);
/* Start a document / end it with the blank line that separates documents. */
void cg_begin_doc(Gen *g);
void cg_end_doc(Gen *g);
/* Expand a template (see the top of this file) and write it as the next sentence(s) of the
 * document: a space goes before it unless it starts the document. */
void cg_sentence(Gen *g, const char *template_text);
/* Expand a template in place, with no space before it. */
void cg_expand(Gen *g, const char *template_text);

/* A bank: the alternative phrasings of one story beat or fact. cg_beat picks one uniformly and
 * writes it with cg_sentence. */
typedef struct {
    const char *name;
    const char *const *t;
    int n;
} Bank;
#define BANK(arr) {#arr, arr, COUNT(arr)}
void cg_beat(Gen *g, const Bank *b);

// ----------------------------------------------------------------------------
// Slots

void cg_clear_slots(Gen *g);
void cg_set_char(Gen *g, const char *key, Character c);
void cg_set_noun(Gen *g, const char *key, Noun n);
void cg_set_word(Gen *g, const char *key, const char *word);  /* a noun without a plural */
/* Lazy slots: nothing is drawn until a template first uses the slot. A choice the text never
 * shows would add self-information that is not in the text, so stories declare their cast and
 * props lazily and only what a story mentions is ever drawn. */
void cg_set_lazy(Gen *g, const char *key, SlotPicker pick, const void *arg);
void cg_set_lazy_table(Gen *g, const char *key, const char *table);  /* a word of a table */
/* The slot with this key, drawn if it was lazy; NULL if there is none. */
Slot *cg_slot(Gen *g, const char *key);
/* Make slot `key` a copy of slot `from` (drawn first if lazy), e.g. the asker of a quiz. */
void cg_alias(Gen *g, const char *key, const char *from);

// ----------------------------------------------------------------------------
// Word helpers

/* "a" or "an" for a word ("an apple", "a unicorn", "an hour"). */
const char *cg_article(const char *word);
/* The plural of a noun into out (capacity cap). */
void cg_plural(const Noun *n, char *out, size_t cap);

// ----------------------------------------------------------------------------
// Script mode (tests)

/* Allocate and free a script. While g->script is set, cg_choose replays script->pick and then
 * takes option 0 at every new choice. */
GenScript *cg_script_new(void);
void cg_script_free(GenScript *s);
/* Before a run: rewind. After a run: advance to the next path in depth-first order (the last
 * choice that has an untried option takes it, later choices are forgotten). Returns 0 when every
 * path has been walked. The probability of the path just run is cg_script_prob. */
void cg_script_rewind(GenScript *s);
int cg_script_next(GenScript *s);
double cg_script_prob(const GenScript *s);

// ----------------------------------------------------------------------------
// Tables from the other files

/* words.c */
const WordTable *words_table(const char *name, size_t len);   /* NULL if unknown */
const WordTable *words_table_at(int i);                        /* every table; NULL past the end */
extern const Character girls[], boys[], pets[], adults[], teachers[];
extern const int n_girls, n_boys, n_pets, n_adults, n_teachers;
Character pick_child(Gen *g);                         /* a girl or a boy, 1/2 each */
Character pick_pet(Gen *g, const char *kind);         /* a named pet of that kind ("dog") */
Character pick_adult(Gen *g);
Character pick_teacher(Gen *g);

/* Every story bank, so that the tests can walk every template. */
typedef struct {
    const Bank *const *banks;
    int n;
} BankList;
extern const BankList story_banks;   /* stories.c */

/* facts.c */
void fact_document(Gen *g);          /* a paragraph of capital, landmark, category or animal facts */
void fact_quiz_line(Gen *g, const char *asker, const char *answerer);   /* used by stories */
/* Call add(word, user) for every word a fact answers with: countries, capitals, languages, landmarks
 * and their cities, category items (kept out of the echo game's lists). */
void facts_each_word(void (*add)(const char *word, void *user), void *user);
/* scenes.c */
void scene_document(Gen *g);         /* probe sentences: "The cat sat on the mat." ... */
void sequence_document(Gen *g);      /* counting, sums, days, months */
void echo_document(Gen *g);          /* a child says words, a parrot says them back */
#define ECHO_MIN_WORDS 6
#define ECHO_MAX_WORDS 30
#define ECHO_FILL 100                 /* the parrot repeats a list until it has said this many words */
int echo_repeats(int n);             /* how many times the parrot says a list of n words */
int echo_pool_words(const char *const **words);   /* the echo game's words (tests) */
void scene_sit(Gen *g, const char *subject, const char *kind);   /* "<subject> sat on the mat." */
/* stories.c */
void story_document(Gen *g);
extern const char *const story_plot_names[];
extern const int story_plot_count;
void story_plot(Gen *g, int plot);   /* write one story of that plot (tests) */

// ----------------------------------------------------------------------------
// The held-out facts, the fact prompts and the probes (facts.c, scenes.c)

/* One "prompt -> next word" line of heldout.tsv or facts.tsv. */
typedef struct {
    char prompt[160];       /* "Japan's capital is" */
    char next[64];          /* the next word: "Tokyo" (the model's next token is " Tokyo") */
    char answer[64];        /* the whole answer: "New York" when next is "New" */
    char subject[64];       /* "Japan", "the Statue of Liberty" */
    char phrasing[32];      /* which phrasing: "capital-held-A" */
} FactPrompt;
int facts_heldout(FactPrompt *out, int cap);   /* returns how many */
int facts_seen(FactPrompt *out, int cap);

typedef struct {
    const char *prompt;             /* "The cat sat on the" */
    const char *const *words;       /* the next words, without their leading space */
    const uint32_t *weight;         /* designed weights (they sum to 100: percentages) */
    int n;
} Probe;
extern const Probe probes[];
extern const int probe_count;

// ----------------------------------------------------------------------------
// corpus.c: the whole corpus

enum { DOC_STORY, DOC_FACTS, DOC_SCENE, DOC_SEQUENCE, DOC_ECHO, DOC_KINDS };
extern const char *const doc_kind_names[DOC_KINDS];
extern const uint32_t doc_kind_weight[DOC_KINDS];

/* Write one document of a kind chosen by doc_kind_weight (echo: g->echo_weight). */
void corpus_document(Gen *g);
/* Write documents until at least `bytes` bytes are written. The text for a seed is the same
 * whatever the size: a bigger size only writes more documents after it. */
void corpus_generate(Gen *g, size_t bytes);

/* Write heldout.tsv, facts.tsv, probes.tsv. Return 0, or -1 with err filled. */
int corpus_write_heldout(const char *path, GbError *err);
int corpus_write_facts(const char *path, GbError *err);
int corpus_write_probes(const char *path, GbError *err);

#endif
