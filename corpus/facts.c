/* facts.c — true facts from curated tables, each written in many phrasings.
 *
 * A small model learns a fact, rather than one sentence, only if it meets the fact in many
 * different sentences. So every kind of fact here has 8-13 phrasings, and every fact is written
 * in all of them — except for ten *designated test facts*, which are never written in two of
 * their phrasings (the held-out phrasings). The model tests ask those facts in exactly those
 * phrasings ("Japan's capital is" -> " Tokyo"), which the model has seen only for other facts.
 * corpusgen --heldout writes the prompts (corpus/heldout.tsv), --facts the seen ones.
 *
 * Tables: countries (capital, continent, main language), landmarks (city, country), categories
 * ("A cat is an animal."), animal facts (sound, baby, home, legs). All plain ASCII; accents are
 * dropped (Bogota, Brasilia). A language or continent is left out (NULL) where one word would be
 * wrong or disputed.
 */
#include "corpus.h"

#include <stdio.h>
#include <string.h>

// ----------------------------------------------------------------------------
// Countries

typedef struct {
    const char *name;       /* "France", "the United Kingdom" */
    const char *capital;
    const char *continent;  /* NULL: not one continent */
    const char *language;   /* NULL: no single main language */
    int designated;         /* 1: a test fact, never in the held-out phrasings */
} Country;

static const Country countries[] = {
    {"France", "Paris", "Europe", "French", 0},
    {"Germany", "Berlin", "Europe", "German", 1},
    {"Italy", "Rome", "Europe", "Italian", 1},
    {"Spain", "Madrid", "Europe", "Spanish", 1},
    {"Portugal", "Lisbon", "Europe", "Portuguese", 0},
    {"Greece", "Athens", "Europe", "Greek", 1},
    {"Ireland", "Dublin", "Europe", "English", 0},
    {"Norway", "Oslo", "Europe", "Norwegian", 0},
    {"Sweden", "Stockholm", "Europe", "Swedish", 0},
    {"Finland", "Helsinki", "Europe", "Finnish", 0},
    {"Denmark", "Copenhagen", "Europe", "Danish", 0},
    {"Poland", "Warsaw", "Europe", "Polish", 0},
    {"Austria", "Vienna", "Europe", "German", 0},
    {"Hungary", "Budapest", "Europe", "Hungarian", 0},
    {"the Netherlands", "Amsterdam", "Europe", "Dutch", 0},
    {"Belgium", "Brussels", "Europe", NULL, 0},
    {"Switzerland", "Bern", "Europe", NULL, 0},
    {"the Czech Republic", "Prague", "Europe", "Czech", 0},
    {"Romania", "Bucharest", "Europe", "Romanian", 0},
    {"Bulgaria", "Sofia", "Europe", "Bulgarian", 0},
    {"Croatia", "Zagreb", "Europe", "Croatian", 0},
    {"Serbia", "Belgrade", "Europe", "Serbian", 0},
    {"Ukraine", "Kyiv", "Europe", "Ukrainian", 0},
    {"Russia", "Moscow", NULL, "Russian", 0},
    {"Iceland", "Reykjavik", "Europe", "Icelandic", 0},
    {"the United Kingdom", "London", "Europe", "English", 0},
    {"Estonia", "Tallinn", "Europe", "Estonian", 0},
    {"Latvia", "Riga", "Europe", "Latvian", 0},
    {"Lithuania", "Vilnius", "Europe", "Lithuanian", 0},
    {"Slovakia", "Bratislava", "Europe", "Slovak", 0},
    {"Turkey", "Ankara", NULL, "Turkish", 0},
    {"Japan", "Tokyo", "Asia", "Japanese", 1},
    {"China", "Beijing", "Asia", "Chinese", 0},
    {"India", "New Delhi", "Asia", NULL, 0},
    {"South Korea", "Seoul", "Asia", "Korean", 0},
    {"Thailand", "Bangkok", "Asia", "Thai", 0},
    {"Vietnam", "Hanoi", "Asia", "Vietnamese", 0},
    {"the Philippines", "Manila", "Asia", NULL, 0},
    {"Malaysia", "Kuala Lumpur", "Asia", "Malay", 0},
    {"Nepal", "Kathmandu", "Asia", "Nepali", 0},
    {"Pakistan", "Islamabad", "Asia", NULL, 0},
    {"Bangladesh", "Dhaka", "Asia", "Bengali", 0},
    {"Iran", "Tehran", "Asia", "Persian", 0},
    {"Iraq", "Baghdad", "Asia", NULL, 0},
    {"Saudi Arabia", "Riyadh", "Asia", "Arabic", 0},
    {"Mongolia", "Ulaanbaatar", "Asia", "Mongolian", 0},
    {"Qatar", "Doha", "Asia", "Arabic", 0},
    {"Jordan", "Amman", "Asia", "Arabic", 0},
    {"Syria", "Damascus", "Asia", "Arabic", 0},
    {"Lebanon", "Beirut", "Asia", "Arabic", 0},
    {"Laos", "Vientiane", "Asia", "Lao", 0},
    {"Cambodia", "Phnom Penh", "Asia", "Khmer", 0},
    {"Egypt", "Cairo", "Africa", "Arabic", 1},
    {"Kenya", "Nairobi", "Africa", NULL, 0},
    {"Nigeria", "Abuja", "Africa", "English", 0},
    {"Ghana", "Accra", "Africa", "English", 0},
    {"Ethiopia", "Addis Ababa", "Africa", "Amharic", 0},
    {"Morocco", "Rabat", "Africa", NULL, 0},
    {"Senegal", "Dakar", "Africa", "French", 0},
    {"Uganda", "Kampala", "Africa", NULL, 0},
    {"Algeria", "Algiers", "Africa", "Arabic", 0},
    {"Tunisia", "Tunis", "Africa", "Arabic", 0},
    {"Mali", "Bamako", "Africa", NULL, 0},
    {"Zimbabwe", "Harare", "Africa", NULL, 0},
    {"Zambia", "Lusaka", "Africa", "English", 0},
    {"Angola", "Luanda", "Africa", "Portuguese", 0},
    {"Sudan", "Khartoum", "Africa", "Arabic", 0},
    {"Rwanda", "Kigali", "Africa", NULL, 0},
    {"Somalia", "Mogadishu", "Africa", "Somali", 0},
    {"Libya", "Tripoli", "Africa", "Arabic", 0},
    {"Namibia", "Windhoek", "Africa", "English", 0},
    {"the United States", "Washington", "North America", "English", 0},
    {"Canada", "Ottawa", "North America", NULL, 0},
    {"Mexico", "Mexico City", "North America", "Spanish", 0},
    {"Cuba", "Havana", "North America", "Spanish", 0},
    {"Jamaica", "Kingston", "North America", "English", 0},
    {"Panama", "Panama City", "North America", "Spanish", 0},
    {"Costa Rica", "San Jose", "North America", "Spanish", 0},
    {"Guatemala", "Guatemala City", "North America", "Spanish", 0},
    {"Brazil", "Brasilia", "South America", "Portuguese", 0},
    {"Argentina", "Buenos Aires", "South America", "Spanish", 0},
    {"Chile", "Santiago", "South America", "Spanish", 0},
    {"Peru", "Lima", "South America", "Spanish", 0},
    {"Colombia", "Bogota", "South America", "Spanish", 0},
    {"Venezuela", "Caracas", "South America", "Spanish", 0},
    {"Ecuador", "Quito", "South America", "Spanish", 0},
    {"Uruguay", "Montevideo", "South America", "Spanish", 0},
    {"Australia", "Canberra", "Oceania", "English", 0},
    {"New Zealand", "Wellington", "Oceania", "English", 0},
    {"Fiji", "Suva", "Oceania", NULL, 0},
};

/* The phrasings of "K is the capital of C". The last two are the held-out phrasings: never used
 * for a designated country. Each ends with the capital, so its prompt is everything before it. */
static const char *const capital_t[] = {
    "The capital of <C> is <K>.",
    "<K> is the capital of <C>.",
    "What is the capital of <C>? It is <K>.",
    "What is the capital of <C>? The capital of <C> is <K>.",
    "The capital city of <C> is <K>.",
    "<K> is the capital city of <C>.",
    "<C:Cap> is a country. Its capital is <K>.",
    "Which city is the capital of <C>? The answer is <K>.",
    "<K> is a city in <C>. It is the capital.",
    "If you travel to <C>, you can visit <K>, the capital.",
    "Q: What is the capital of <C>? A: <K>.",
    "<C:Cap>'s capital is <K>.",                          /* held out (A) */
    "<C:Cap> has a capital city called <K>.",             /* held out (B) */
};
enum { CAPITAL_HELD_A = 11, CAPITAL_HELD_B = 12 };

static const char *const continent_t[] = {
    "<C:Cap> is a country in <N>.",
    "<C:Cap> is in <N>.",
    "You can find <C> in <N>.",
    "<C:Cap> is one of the countries of <N>.",
};
static const char *const language_t[] = {
    "People in <C> speak <L>.",
    "In <C>, most people speak <L>.",
    "The main language of <C> is <L>.",
    "<L> is the main language in <C>.",
};

/* "France's" reads well; "the United States's" and "Laos's" do not. */
static int possessive_ok(const Country *c)
{
    size_t n = strlen(c->name);
    return strncmp(c->name, "the ", 4) != 0 && c->name[n - 1] != 's';
}

static int capital_allowed(const Country *c, int phrasing)
{
    if (phrasing == CAPITAL_HELD_A) return !c->designated && possessive_ok(c);
    if (phrasing == CAPITAL_HELD_B) return !c->designated;
    return 1;
}

static void set_country(Gen *g, const Country *c)
{
    cg_set_word(g, "C", c->name);
    cg_set_word(g, "K", c->capital);
    if (c->continent) cg_set_word(g, "N", c->continent);
    if (c->language) cg_set_word(g, "L", c->language);
}

/* "K is the capital of C" in one of the phrasings allowed for C, equally likely; name_first: only
 * the phrasings that start with the country's name (which a document's first sentence uses). */
static void capital_fact(Gen *g, const Country *c, int name_first)
{
    uint32_t w[COUNT(capital_t)];
    for (int i = 0; i < COUNT(capital_t); i++)
        w[i] = (uint32_t)(capital_allowed(c, i) &&
                          (!name_first || strncmp(capital_t[i], "<C:Cap>", 7) == 0));
    set_country(g, c);
    cg_sentence(g, capital_t[cg_choose(g, COUNT(capital_t), w)]);
}

// ----------------------------------------------------------------------------
// Landmarks

typedef struct {
    const char *name;       /* "the Eiffel Tower", "Big Ben" */
    const char *city;
    const char *country;
    uint32_t weight;        /* how often it is picked, relative to the others */
    int designated;
} Landmark;

/* The Eiffel Tower is the lecture's example, so it comes up eight times as often. */
static const Landmark landmarks[] = {
    {"the Eiffel Tower", "Paris", "France", 8, 0},
    {"the Louvre", "Paris", "France", 1, 0},
    {"the Arc de Triomphe", "Paris", "France", 1, 0},
    {"Big Ben", "London", "the United Kingdom", 1, 1},
    {"Tower Bridge", "London", "the United Kingdom", 1, 0},
    {"Buckingham Palace", "London", "the United Kingdom", 1, 0},
    {"the Colosseum", "Rome", "Italy", 1, 1},
    {"the Trevi Fountain", "Rome", "Italy", 1, 0},
    {"the Leaning Tower of Pisa", "Pisa", "Italy", 1, 0},
    {"the Statue of Liberty", "New York", "the United States", 1, 1},
    {"the Empire State Building", "New York", "the United States", 1, 0},
    {"the Golden Gate Bridge", "San Francisco", "the United States", 1, 0},
    {"the Space Needle", "Seattle", "the United States", 1, 0},
    {"the Sydney Opera House", "Sydney", "Australia", 1, 0},
    {"the Taj Mahal", "Agra", "India", 1, 0},
    {"the Kremlin", "Moscow", "Russia", 1, 0},
    {"the Brandenburg Gate", "Berlin", "Germany", 1, 1},
    {"the Sagrada Familia", "Barcelona", "Spain", 1, 0},
    {"the Alhambra", "Granada", "Spain", 1, 0},
    {"the Acropolis", "Athens", "Greece", 1, 0},
    {"the Great Pyramid", "Giza", "Egypt", 1, 0},
    {"the Forbidden City", "Beijing", "China", 1, 0},
    {"the Burj Khalifa", "Dubai", "the United Arab Emirates", 1, 0},
    {"the CN Tower", "Toronto", "Canada", 1, 0},
    {"Tokyo Tower", "Tokyo", "Japan", 1, 0},
    {"the Little Mermaid statue", "Copenhagen", "Denmark", 1, 0},
    {"the Atomium", "Brussels", "Belgium", 1, 0},
    {"Hagia Sophia", "Istanbul", "Turkey", 1, 0},
    {"the Blue Mosque", "Istanbul", "Turkey", 1, 0},
    {"Table Mountain", "Cape Town", "South Africa", 1, 0},
    {"Christ the Redeemer", "Rio de Janeiro", "Brazil", 1, 0},
};

/* Phrasing 0 ("is located in") is written by landmark_located with a designed continuation;
 * the last two are held out for the designated landmarks. */
static const char *const landmark_t[] = {
    NULL,
    "<M:Cap> is in <Y>.",
    "Where is <M>? It is in <Y>.",
    "Where is <M>? <M:Cap> is in <Y>, <O>.",
    "You can see <M> in <Y>.",
    "<Y> is home to <M>.",
    "<M:Cap> is a famous landmark in <Y>.",
    "If you visit <Y>, you can see <M>.",
    "Many people travel to <Y> to see <M>.",
    "<M:Cap> is one of the famous sights of <Y>.",
    "<M:Cap> stands in the city of <Y>.",                 /* held out (A) */
    "To see <M>, you have to go to <Y>.",                 /* held out (B) */
};
enum { LANDMARK_LOCATED = 0, LANDMARK_HELD_A = 10, LANDMARK_HELD_B = 11 };

/* "The Eiffel Tower is located in" and what comes next, as designed for the lecture's example
 * (Paris 97%, then France, the, ...): the city 75%, "city, country" 20%, the country 3%, "the
 * city of <city>" 2%. So the next word is the city 95% of the time. */
static const uint32_t located_weight[4] = {75, 20, 3, 2};
static const char *const located_t[4] = {" <Y>.", " <Y>, <O>.", " <O>.", " the city of <Y>."};

static void landmark_located(Gen *g)
{
    cg_sentence(g, "<M:Cap> is located in");
    cg_expand(g, located_t[cg_choose(g, 4, located_weight)]);
}

static void set_landmark(Gen *g, const Landmark *m)
{
    cg_set_word(g, "M", m->name);
    cg_set_word(g, "Y", m->city);
    cg_set_word(g, "O", m->country);
}

static void landmark_fact(Gen *g, const Landmark *m)
{
    uint32_t w[COUNT(landmark_t)];
    for (int i = 0; i < COUNT(landmark_t); i++)
        w[i] = (m->designated && (i == LANDMARK_HELD_A || i == LANDMARK_HELD_B)) ? 0 : 1;
    w[LANDMARK_LOCATED] = 3;      /* the lecture's phrasing, three times as often as the others */
    set_landmark(g, m);
    int k = cg_choose(g, COUNT(landmark_t), w);
    if (k == LANDMARK_LOCATED) landmark_located(g);
    else cg_sentence(g, landmark_t[k]);
}

/* A landmark by weight, never one of used[0..n_used) (so a paragraph does not repeat one). */
static const Landmark *pick_landmark_except(Gen *g, const int *used, int n_used, int *index)
{
    uint32_t w[COUNT(landmarks)];
    for (int i = 0; i < COUNT(landmarks); i++) w[i] = landmarks[i].weight;
    for (int j = 0; j < n_used; j++) w[used[j]] = 0;
    int k = cg_choose(g, COUNT(landmarks), w);
    if (index) *index = k;
    return &landmarks[k];
}

static const Landmark *pick_landmark(Gen *g) { return pick_landmark_except(g, NULL, 0, NULL); }

// ----------------------------------------------------------------------------
// Categories: "A cat is an animal." "Red is a colour."

typedef struct {
    Noun name;              /* "animal" / "animals" */
    int countable;          /* items take a/an ("a cat"); otherwise bare ("red", "Monday") */
    int family;             /* categories of one family may overlap (a bird is an animal) */
    const Noun *items;
    int n;
} Category;

static const Noun cat_animal[] = {
    {"cat", 0}, {"dog", 0}, {"horse", 0}, {"cow", 0}, {"pig", 0}, {"sheep", "sheep"},
    {"goat", 0}, {"rabbit", 0}, {"mouse", "mice"}, {"lion", 0}, {"tiger", 0}, {"elephant", 0},
    {"monkey", 0}, {"bear", 0}, {"fox", 0}, {"giraffe", 0}, {"zebra", 0}, {"squirrel", 0},
    {"hedgehog", 0}, {"frog", 0},
};
static const Noun cat_bird[] = {
    {"owl", 0}, {"duck", 0}, {"hen", 0}, {"parrot", 0}, {"robin", 0}, {"eagle", 0},
    {"penguin", 0}, {"swan", 0}, {"crow", 0}, {"pigeon", 0}, {"goose", "geese"},
};
static const Noun cat_insect[] = {
    {"bee", 0}, {"ant", 0}, {"butterfly", 0}, {"ladybird", 0}, {"beetle", 0}, {"fly", "flies"},
    {"moth", 0}, {"grasshopper", 0},
};
static const Noun cat_fruit[] = {
    {"apple", 0}, {"banana", 0}, {"pear", 0}, {"orange", 0}, {"grape", 0}, {"cherry", 0},
    {"plum", 0}, {"peach", "peaches"}, {"lemon", 0}, {"mango", "mangoes"}, {"strawberry", 0},
    {"melon", 0}, {"pineapple", 0},
};
static const Noun cat_vegetable[] = {
    {"carrot", 0}, {"potato", "potatoes"}, {"onion", 0}, {"pea", 0}, {"bean", 0},
    {"cabbage", 0}, {"lettuce", 0}, {"leek", 0}, {"turnip", 0}, {"parsnip", 0}, {"radish", 0},
};
static const Noun cat_vehicle[] = {
    {"car", 0}, {"bus", "buses"}, {"train", 0}, {"bike", 0}, {"boat", 0}, {"plane", 0},
    {"truck", 0}, {"tractor", 0}, {"ship", 0}, {"van", 0}, {"scooter", 0}, {"taxi", 0},
};
static const Noun cat_instrument[] = {
    {"piano", 0}, {"drum", 0}, {"guitar", 0}, {"violin", 0}, {"flute", 0}, {"trumpet", 0},
    {"harp", 0}, {"recorder", 0}, {"cello", 0},
};
static const Noun cat_tool[] = {
    {"hammer", 0}, {"saw", 0}, {"spade", 0}, {"rake", 0}, {"spanner", 0}, {"drill", 0},
    {"screwdriver", 0},
};
static const Noun cat_shape[] = {
    {"circle", 0}, {"square", 0}, {"triangle", 0}, {"rectangle", 0}, {"oval", 0},
};
static const Noun cat_flower[] = {
    {"rose", 0}, {"daisy", 0}, {"tulip", 0}, {"sunflower", 0}, {"poppy", 0}, {"bluebell", 0},
};
static const Noun cat_toy[] = {
    {"kite", 0}, {"doll", 0}, {"ball", 0}, {"yoyo", 0}, {"puzzle", 0}, {"teddy bear", 0},
};
static const Noun cat_colour[] = {
    {"red", 0}, {"blue", 0}, {"green", 0}, {"yellow", 0}, {"pink", 0}, {"purple", 0},
    {"orange", 0}, {"white", 0}, {"black", 0}, {"brown", 0}, {"grey", 0},
};
static const Noun cat_day[] = {
    {"Monday", 0}, {"Tuesday", 0}, {"Wednesday", 0}, {"Thursday", 0}, {"Friday", 0},
    {"Saturday", 0}, {"Sunday", 0},
};
static const Noun cat_month[] = {
    {"January", 0}, {"February", 0}, {"March", 0}, {"April", 0}, {"May", 0}, {"June", 0},
    {"July", 0}, {"August", 0}, {"September", 0}, {"October", 0}, {"November", 0},
    {"December", 0},
};
static const Noun cat_season[] = {{"spring", 0}, {"summer", 0}, {"autumn", 0}, {"winter", 0}};
static const Noun cat_planet[] = {
    {"Mercury", 0}, {"Venus", 0}, {"Earth", 0}, {"Mars", 0}, {"Jupiter", 0}, {"Saturn", 0},
    {"Uranus", 0}, {"Neptune", 0},
};
static const Noun cat_drink[] = {
    {"milk", 0}, {"water", 0}, {"tea", 0}, {"juice", 0}, {"lemonade", 0}, {"cocoa", 0},
};
static const Noun cat_metal[] = {
    {"gold", 0}, {"silver", 0}, {"iron", 0}, {"copper", 0}, {"tin", 0},
};

#define CATEGORY(one, many, countable, family, items) \
    {{one, many}, countable, family, items, COUNT(items)}
static const Category categories[] = {
    CATEGORY("animal", 0, 1, 1, cat_animal),
    CATEGORY("bird", 0, 1, 1, cat_bird),
    CATEGORY("insect", 0, 1, 1, cat_insect),
    CATEGORY("fruit", 0, 1, 2, cat_fruit),
    CATEGORY("vegetable", 0, 1, 3, cat_vegetable),
    CATEGORY("vehicle", 0, 1, 4, cat_vehicle),
    CATEGORY("musical instrument", 0, 1, 5, cat_instrument),
    CATEGORY("tool", 0, 1, 6, cat_tool),
    CATEGORY("shape", 0, 1, 7, cat_shape),
    CATEGORY("flower", 0, 1, 8, cat_flower),
    CATEGORY("toy", 0, 1, 9, cat_toy),
    CATEGORY("colour", 0, 0, 10, cat_colour),
    CATEGORY("day of the week", "days of the week", 0, 11, cat_day),
    CATEGORY("month of the year", "months of the year", 0, 12, cat_month),
    CATEGORY("season", 0, 0, 13, cat_season),
    CATEGORY("planet", 0, 0, 14, cat_planet),
    CATEGORY("drink", 0, 0, 15, cat_drink),
    CATEGORY("metal", 0, 0, 16, cat_metal),
};

/* X is the item, Y and W two more of the same category, Z one of a category of another family. */
static const char *const countable_t[] = {
    "<X:A> is <K:a>.",
    "<X:S> are <K:s>.",
    "Is <X:a> <K:a>? Yes, <X:a> is <K:a>.",
    "<X:S> are a kind of <K>.",
    "<X:A> is <K:a>, and so is <Y:a>.",
    "Which one is <K:a>, <X:a> or <Z:a>? <X:A> is <K:a>.",
    "Which one is <K:a>, <Z:a> or <X:a>? <X:A> is <K:a>.",
    "<Z:A> is not <K:a>, but <X:a> is.",
    "Here are some <K:s>: <X:a>, <Y:a> and <W:a>.",
    "<X:S>, <Y:s> and <W:s> are all <K:s>.",
};
static const char *const uncountable_t[] = {
    "<X:Cap> is <K:a>.",
    "<X:Cap> and <Y> are <K:s>.",
    "Is <X> <K:a>? Yes, <X> is <K:a>.",
    "Which one is <K:a>, <X> or <Z>? <X:Cap> is <K:a>.",
    "Which one is <K:a>, <Z> or <X>? <X:Cap> is <K:a>.",
    "Here are some <K:s>: <X>, <Y> and <W>.",
    "<X:Cap>, <Y> and <W> are all <K:s>.",
};

/* The noun in slot `key` if it has been drawn, else NULL. Looks without drawing. */
static const char *drawn_noun(const Gen *g, const char *key)
{
    for (int i = 0; i < g->n_slots; i++)
        if (strcmp(g->slots[i].key, key) == 0 && !g->slots[i].pick && !g->slots[i].is_char)
            return g->slots[i].noun.one;
    return NULL;
}

/* Lazy pickers for Y and W: another item of the same category, different from X (and Y). */
static void pick_other_item(Gen *g, Slot *s, const void *arg)
{
    const Category *k = arg;
    const char *x = drawn_noun(g, "X"), *y = drawn_noun(g, "Y");
    int idx[32], n = 0;
    for (int i = 0; i < k->n; i++)
        if (!(x && strcmp(k->items[i].one, x) == 0) && !(y && strcmp(k->items[i].one, y) == 0))
            idx[n++] = i;
    s->is_char = 0;
    s->noun = k->items[idx[cg_uniform(g, n)]];
}

/* Lazy picker for Z: an item of a category of another family, of the same countability. */
static void pick_distractor(Gen *g, Slot *s, const void *arg)
{
    const Category *k = arg;
    int other[COUNT(categories)], n_other = 0;
    for (int i = 0; i < COUNT(categories); i++)
        if (categories[i].family != k->family && categories[i].countable == k->countable)
            other[n_other++] = i;
    const Category *z = &categories[other[cg_uniform(g, n_other)]];
    s->is_char = 0;
    s->noun = z->items[cg_uniform(g, z->n)];
}

static void category_fact(Gen *g)
{
    const Category *k = &categories[cg_uniform(g, COUNT(categories))];
    cg_set_noun(g, "K", k->name);
    cg_set_noun(g, "X", k->items[cg_uniform(g, k->n)]);
    cg_set_lazy(g, "Y", pick_other_item, k);
    cg_set_lazy(g, "W", pick_other_item, k);
    cg_set_lazy(g, "Z", pick_distractor, k);
    if (k->countable) cg_sentence(g, countable_t[cg_uniform(g, COUNT(countable_t))]);
    else cg_sentence(g, uncountable_t[cg_uniform(g, COUNT(uncountable_t))]);
}

// ----------------------------------------------------------------------------
// Animal facts: what it says, its baby, its home, its legs

typedef struct {
    Noun kind;
    const char *says;       /* "barks" (NULL: none) */
    const char *say;        /* "bark" */
    const char *sound;      /* "woof" (NULL: none) */
    Noun baby;              /* {"puppy", "puppies"} (one == NULL: none) */
    const char *home_one;   /* "in a kennel" (NULL: none) */
    const char *home_many;  /* "in kennels" */
    const char *legs;       /* "four", "no" */
} AnimalFacts;

static const AnimalFacts animal_facts[] = {
    {{"dog", 0}, "barks", "bark", "woof", {"puppy", "puppies"}, "in a kennel", "in kennels", "four"},
    {{"cat", 0}, "meows", "meow", "meow", {"kitten", 0}, NULL, NULL, "four"},
    {{"cow", 0}, "moos", "moo", "moo", {"calf", "calves"}, "on a farm", "on farms", "four"},
    {{"pig", 0}, "oinks", "oink", "oink", {"piglet", 0}, "in a sty", "in sties", "four"},
    {{"sheep", "sheep"}, "bleats", "bleat", "baa", {"lamb", 0}, "in a field", "in fields", "four"},
    {{"horse", 0}, "neighs", "neigh", "neigh", {"foal", 0}, "in a stable", "in stables", "four"},
    {{"duck", 0}, "quacks", "quack", "quack", {"duckling", 0}, "on a pond", "on ponds", "two"},
    {{"hen", 0}, "clucks", "cluck", "cluck", {"chick", 0}, "in a henhouse", "in henhouses", "two"},
    {{"owl", 0}, "hoots", "hoot", "hoo", {"owlet", 0}, "in a tree", "in trees", "two"},
    {{"lion", 0}, "roars", "roar", NULL, {"cub", 0}, "in a den", "in dens", "four"},
    {{"bear", 0}, "growls", "growl", NULL, {"cub", 0}, "in a cave", "in caves", "four"},
    {{"frog", 0}, "croaks", "croak", "ribbit", {"tadpole", 0}, "in a pond", "in ponds", "four"},
    {{"bee", 0}, "buzzes", "buzz", "buzz", {NULL, 0}, "in a hive", "in hives", "six"},
    {{"spider", 0}, NULL, NULL, NULL, {NULL, 0}, "in a web", "in webs", "eight"},
    {{"bird", 0}, "sings", "sing", "tweet", {"chick", 0}, "in a nest", "in nests", "two"},
    {{"mouse", "mice"}, "squeaks", "squeak", "squeak", {NULL, 0}, "in a hole", "in holes", "four"},
    {{"rabbit", 0}, NULL, NULL, NULL, {"kit", 0}, "in a burrow", "in burrows", "four"},
    {{"fox", 0}, NULL, NULL, NULL, {"cub", 0}, "in a den", "in dens", "four"},
    {{"snake", 0}, "hisses", "hiss", "hiss", {NULL, 0}, NULL, NULL, "no"},
    {{"ant", 0}, NULL, NULL, NULL, {NULL, 0}, "in a nest", "in nests", "six"},
    {{"goat", 0}, "bleats", "bleat", NULL, {"kid", 0}, "on a farm", "on farms", "four"},
    {{"kangaroo", 0}, NULL, NULL, NULL, {"joey", 0}, NULL, NULL, "two"},
};

static const char *const says_t[] = {
    "<X:S> <v>.", "<X:A> <vs>.", "Listen! <X:A> <vs>.", "You can hear <X:a> when it <vs>.",
};
static const char *const sound_t[] = {
    "<X:A> says <s>.", "What does <X:a> say? It says <s>.", "The <X> goes <s>, <s>.",
};
static const char *const baby_t[] = {
    "A baby <X> is called <B:a>.", "<B:A> is a baby <X>.", "A young <X> is called <B:a>.",
    "Baby <X:s> are called <B:s>.",
};
static const char *const home_t[] = {
    "<X:A> lives <h1>.", "<X:S> live <h2>.", "Where does <X:a> live? It lives <h1>.",
};
static const char *const legs_t[] = {
    "<X:A> has <n> legs.", "<X:S> have <n> legs.",
    "How many legs does <X:a> have? It has <n> legs.",
};

/* Two or more facts about one animal, in random order. */
static void animal_facts_about(Gen *g, const AnimalFacts *a)
{
    cg_set_noun(g, "X", a->kind);
    int kinds[5], n = 0;
    if (a->says) { kinds[n++] = 0; cg_set_word(g, "v", a->say); cg_set_word(g, "vs", a->says); }
    if (a->sound) { kinds[n++] = 1; cg_set_word(g, "s", a->sound); }
    if (a->baby.one) { kinds[n++] = 2; cg_set_noun(g, "B", a->baby); }
    if (a->home_one) {
        kinds[n++] = 3;
        cg_set_word(g, "h1", a->home_one);
        cg_set_word(g, "h2", a->home_many);
    }
    kinds[n++] = 4;
    cg_set_word(g, "n", a->legs);
    int order[5], k = n < 2 ? n : 2 + cg_uniform(g, n - 1);   /* 2..n facts, in random order */
    cg_distinct(g, n, k, order);
    for (int i = 0; i < k; i++) {
        switch (kinds[order[i]]) {
        case 0: cg_sentence(g, says_t[cg_uniform(g, COUNT(says_t))]); break;
        case 1: cg_sentence(g, sound_t[cg_uniform(g, COUNT(sound_t))]); break;
        case 2: cg_sentence(g, baby_t[cg_uniform(g, COUNT(baby_t))]); break;
        case 3: cg_sentence(g, home_t[cg_uniform(g, COUNT(home_t))]); break;
        default: cg_sentence(g, legs_t[cg_uniform(g, COUNT(legs_t))]); break;
        }
    }
}

static void animal_facts_paragraph(Gen *g)
{
    animal_facts_about(g, &animal_facts[cg_uniform(g, COUNT(animal_facts))]);
}

// ----------------------------------------------------------------------------
// Fact documents

static const Country *pick_country(Gen *g) { return &countries[cg_uniform(g, COUNT(countries))]; }

/* Fact documents about countries open with a country's name. A document's first word has no
 * space before it, so "Japan" there is another token than " Japan" inside a sentence, and a user
 * who types "Japan's capital is" starts with that token: the model must know it as well as the
 * other. (In a corpus where only one fact document in a thousand opened with a given country, the
 * tokenizer split "Japan" there into "J" "apan" and the model did not recognise the pieces.) */

/* Three to five capitals of different countries; the first in a phrasing that starts with its
 * name. */
static void capitals_paragraph(Gen *g)
{
    int idx[5], k = 3 + cg_uniform(g, 3);
    cg_distinct(g, COUNT(countries), k, idx);
    for (int i = 0; i < k; i++) capital_fact(g, &countries[idx[i]], i == 0);
}

/* One country, the way an encyclopedia entry opens. Equally likely: one of the three continent
 * sentences that start with its name, then its capital; or its capital in a phrasing that starts
 * with its name, then with probability 1/2 its continent. Then, each with probability 1/2, its
 * language and one of its landmarks. */
static const int opening_continent_t[] = {0, 1, 3};     /* the continent_t entries "<C:Cap> ..." */

static void country_paragraph(Gen *g)
{
    const Country *c = pick_country(g);
    int n_open = c->continent ? COUNT(opening_continent_t) + 1 : 1;
    int open = cg_uniform(g, n_open);
    if (open < n_open - 1) {
        set_country(g, c);
        cg_sentence(g, continent_t[opening_continent_t[open]]);
        capital_fact(g, c, 0);
    } else {
        capital_fact(g, c, 1);
        if (c->continent && cg_uniform(g, 2))
            cg_sentence(g, continent_t[cg_uniform(g, COUNT(continent_t))]);
    }
    if (c->language && cg_uniform(g, 2))
        cg_sentence(g, language_t[cg_uniform(g, COUNT(language_t))]);
    int here[8], n = 0;
    for (int i = 0; i < COUNT(landmarks) && n < 8; i++)
        if (strcmp(landmarks[i].country, c->name) == 0) here[n++] = i;
    if (n && cg_uniform(g, 2)) landmark_fact(g, &landmarks[here[cg_uniform(g, n)]]);
}

/* Two to four different landmarks. */
static void landmarks_paragraph(Gen *g)
{
    int k = 2 + cg_uniform(g, 3), used[4];
    for (int i = 0; i < k; i++) landmark_fact(g, pick_landmark_except(g, used, i, &used[i]));
}

static void categories_paragraph(Gen *g)
{
    int k = 3 + cg_uniform(g, 3);
    for (int i = 0; i < k; i++) category_fact(g);
}

void fact_document(Gen *g)
{
    static const uint32_t weight[5] = {3, 6, 3, 3, 2};
    switch (cg_choose(g, 5, weight)) {
    case 0: capitals_paragraph(g); break;
    case 1: country_paragraph(g); break;
    case 2: landmarks_paragraph(g); break;
    case 3: categories_paragraph(g); break;
    default: animal_facts_paragraph(g); break;
    }
}

// ----------------------------------------------------------------------------
// Facts inside stories: a question and its answer, asked by one character of another

static const char *const quiz_capital_t[] = {
    "(qa: What is the capital of <C>?) (qb: It is <K>.)",
    "(qa: Do you know the capital of <C>?) (qb: Yes! It is <K>.)",
    "(qa: Which city is the capital of <C>?) (qb: <K>!)",
};
static const char *const quiz_landmark_t[] = {
    "(qa: Where is <M>?) (qb: It is in <Y>.)",
    "(qa: Which city has <M>?) (qb: <Y> has <M>.)",
    "(qa: In which city can you see <M>?) (qb: You can see it in <Y>.)",
};
static const char *const quiz_category_t[] = {
    "(qa: Is <X:a> <K:a>?) (qb: Yes, <X:a> is <K:a>.)",
    "(qa: Can you name <K:a>?) (qb: <X:A> is <K:a>.)",
};

void fact_quiz_line(Gen *g, const char *asker, const char *answerer)
{
    cg_alias(g, "qa", asker);
    cg_alias(g, "qb", answerer);
    switch (cg_uniform(g, 3)) {
    case 0:
        set_country(g, pick_country(g));
        cg_sentence(g, quiz_capital_t[cg_uniform(g, COUNT(quiz_capital_t))]);
        break;
    case 1:
        set_landmark(g, pick_landmark(g));
        cg_sentence(g, quiz_landmark_t[cg_uniform(g, COUNT(quiz_landmark_t))]);
        break;
    default: {
        const Category *k = &categories[cg_uniform(g, 11)];   /* the countable ones */
        cg_set_noun(g, "K", k->name);
        cg_set_noun(g, "X", k->items[cg_uniform(g, k->n)]);
        cg_sentence(g, quiz_category_t[cg_uniform(g, COUNT(quiz_category_t))]);
        break;
    }
    }
}

// ----------------------------------------------------------------------------
// The prompts for the model tests

/* Render a phrasing with the answer replaced by a marker and cut there: the prompt is what
 * comes before the answer (without the space before it). */
static void prompt_of(const char *t, const char *answer_key, Gen *g, char *out, size_t cap)
{
    cg_set_word(g, answer_key, "\001");
    size_t at = g->len;
    cg_expand(g, t);
    char *mark = strchr(g->text + at, '\001');
    size_t n = (size_t)(mark - (g->text + at));
    while (n && g->text[at + n - 1] == ' ') n--;
    snprintf(out, cap, "%.*s", (int)n, g->text + at);
    g->len = at;
    g->text[at] = 0;
}

static void first_word(const char *s, char *out, size_t cap)
{
    size_t n = strcspn(s, " ,.");
    snprintf(out, cap, "%.*s", (int)n, s);
}

/* Add the prompt of template t whose answer is slot `key` (already set to `answer`). */
static int add_prompt(FactPrompt *out, int n, int cap, Gen *g, const char *t, const char *key,
                      const char *answer, const char *subject, const char *phrasing)
{
    if (n >= cap) return n;
    FactPrompt *p = &out[n];
    prompt_of(t, key, g, p->prompt, sizeof p->prompt);
    first_word(answer, p->next, sizeof p->next);
    snprintf(p->answer, sizeof p->answer, "%s", answer);
    snprintf(p->subject, sizeof p->subject, "%s", subject);
    snprintf(p->phrasing, sizeof p->phrasing, "%s", phrasing);
    return n + 1;
}

int facts_heldout(FactPrompt *out, int cap)
{
    Gen g;
    cg_init(&g, 0);
    int n = 0;
    for (int i = 0; i < COUNT(countries); i++) {
        const Country *c = &countries[i];
        if (!c->designated) continue;
        set_country(&g, c);
        n = add_prompt(out, n, cap, &g, capital_t[CAPITAL_HELD_A], "K", c->capital, c->name,
                       "capital-held-A");
        n = add_prompt(out, n, cap, &g, capital_t[CAPITAL_HELD_B], "K", c->capital, c->name,
                       "capital-held-B");
    }
    for (int i = 0; i < COUNT(landmarks); i++) {
        const Landmark *m = &landmarks[i];
        if (!m->designated) continue;
        set_landmark(&g, m);
        n = add_prompt(out, n, cap, &g, landmark_t[LANDMARK_HELD_A], "Y", m->city, m->name,
                       "landmark-held-A");
        n = add_prompt(out, n, cap, &g, landmark_t[LANDMARK_HELD_B], "Y", m->city, m->name,
                       "landmark-held-B");
    }
    cg_free(&g);
    return n;
}

/* Fact prompts in phrasings the corpus uses for them (for the top-1 test). */
int facts_seen(FactPrompt *out, int cap)
{
    static const char *const capital_of[] = {"France", "Japan", "Kenya", "Brazil", "Canada",
                                             "Egypt", "Norway", "Peru"};
    static const char *const located[] = {"the Eiffel Tower", "Big Ben", "the Colosseum",
                                          "the Statue of Liberty", "the Taj Mahal"};
    static const struct { const char *item, *category; int countable; } kinds[] = {
        {"cat", "animal", 1}, {"apple", "fruit", 1}, {"rose", "flower", 1},
        {"hammer", "tool", 1}, {"red", "colour", 0}, {"Mars", "planet", 0},
    };
    Gen g;
    cg_init(&g, 0);
    int n = 0;
    for (int j = 0; j < COUNT(capital_of); j++)
        for (int i = 0; i < COUNT(countries); i++)
            if (strcmp(countries[i].name, capital_of[j]) == 0) {
                set_country(&g, &countries[i]);
                n = add_prompt(out, n, cap, &g, capital_t[0], "K", countries[i].capital,
                               countries[i].name, "capital-0");
            }
    /* Phrasing 0 of a landmark: "is located in" and then the city 95% of the time. */
    for (int j = 0; j < COUNT(located); j++)
        for (int i = 0; i < COUNT(landmarks); i++)
            if (strcmp(landmarks[i].name, located[j]) == 0) {
                set_landmark(&g, &landmarks[i]);
                n = add_prompt(out, n, cap, &g, "<M:Cap> is located in <Y>.", "Y",
                               landmarks[i].city, landmarks[i].name, "landmark-0");
            }
    /* Category phrasing 0: the article belongs to the prompt ("A cat is an" -> animal). */
    for (int j = 0; j < COUNT(kinds); j++) {
        cg_set_word(&g, "X", kinds[j].item);
        cg_set_word(&g, "KA", cg_article(kinds[j].category));
        cg_set_word(&g, "KK", kinds[j].category);
        const char *t = kinds[j].countable ? "<X:A> is <KA> <KK>." : "<X:Cap> is <KA> <KK>.";
        n = add_prompt(out, n, cap, &g, t, "KK", kinds[j].category, kinds[j].item, "category-0");
    }
    cg_set_word(&g, "BB", "puppy");
    n = add_prompt(out, n, cap, &g, "A baby dog is called a <BB>.", "BB", "puppy", "dog", "baby-0");
    cg_free(&g);
    return n;
}

void facts_each_word(void (*add)(const char *word, void *user), void *user)
{
    for (int i = 0; i < COUNT(countries); i++) {
        add(countries[i].name, user);
        add(countries[i].capital, user);
        if (countries[i].continent) add(countries[i].continent, user);
        if (countries[i].language) add(countries[i].language, user);
    }
    for (int i = 0; i < COUNT(landmarks); i++) {
        add(landmarks[i].name, user);
        add(landmarks[i].city, user);
    }
    for (int i = 0; i < COUNT(categories); i++)
        for (int j = 0; j < categories[i].n; j++) add(categories[i].items[j].one, user);
}
