/* words.c — the word tables every story and fact draws from.
 *
 * The vocabulary is kept small on purpose (a few thousand distinct words in the whole corpus),
 * so that a BPE vocabulary of 2048-4096 tokens holds nearly every word as one token. Names are
 * unique to one table: a girl's name is never a boy's or a pet's, so the tests can tell a
 * character's gender from the name alone and check the pronouns that follow.
 *
 * Spelling is British (colour, favourite, neighbour); parents are "Mom" and "Dad". Everything is
 * plain ASCII.
 */
#include "corpus.h"

#include <string.h>

// ----------------------------------------------------------------------------
// People and pets

const Character girls[] = {
    {"Mia", "girl", GENDER_GIRL},    {"Lily", "girl", GENDER_GIRL},   {"Emma", "girl", GENDER_GIRL},
    {"Anna", "girl", GENDER_GIRL},   {"Zoe", "girl", GENDER_GIRL},    {"Lucy", "girl", GENDER_GIRL},
    {"Ella", "girl", GENDER_GIRL},   {"Sara", "girl", GENDER_GIRL},   {"Amy", "girl", GENDER_GIRL},
    {"Ruby", "girl", GENDER_GIRL},   {"Kate", "girl", GENDER_GIRL},   {"Rosa", "girl", GENDER_GIRL},
    {"Nina", "girl", GENDER_GIRL},   {"Maya", "girl", GENDER_GIRL},   {"Ava", "girl", GENDER_GIRL},
    {"Grace", "girl", GENDER_GIRL},  {"Chloe", "girl", GENDER_GIRL},  {"Hannah", "girl", GENDER_GIRL},
    {"Isla", "girl", GENDER_GIRL},   {"Alice", "girl", GENDER_GIRL},  {"Julia", "girl", GENDER_GIRL},
    {"Eva", "girl", GENDER_GIRL},    {"Rita", "girl", GENDER_GIRL},  {"Leah", "girl", GENDER_GIRL},
    {"Holly", "girl", GENDER_GIRL},  {"Amara", "girl", GENDER_GIRL},  {"Aisha", "girl", GENDER_GIRL},
    {"Yuki", "girl", GENDER_GIRL},   {"Priya", "girl", GENDER_GIRL},  {"Mei", "girl", GENDER_GIRL},
    {"Fatima", "girl", GENDER_GIRL}, {"Layla", "girl", GENDER_GIRL},  {"Olivia", "girl", GENDER_GIRL},
    {"Jenny", "girl", GENDER_GIRL},  {"Molly", "girl", GENDER_GIRL},  {"Clara", "girl", GENDER_GIRL},
    {"Ivy", "girl", GENDER_GIRL},    {"Nora", "girl", GENDER_GIRL},   {"Hana", "girl", GENDER_GIRL},
    {"Lena", "girl", GENDER_GIRL},
};
const int n_girls = COUNT(girls);

const Character boys[] = {
    {"Tom", "boy", GENDER_BOY},    {"Ben", "boy", GENDER_BOY},    {"Sam", "boy", GENDER_BOY},
    {"Leo", "boy", GENDER_BOY},    {"Jack", "boy", GENDER_BOY},   {"Tim", "boy", GENDER_BOY},
    {"Noah", "boy", GENDER_BOY},   {"Liam", "boy", GENDER_BOY},   {"Finn", "boy", GENDER_BOY},
    {"Jake", "boy", GENDER_BOY},   {"Omar", "boy", GENDER_BOY},   {"Ravi", "boy", GENDER_BOY},
    {"Luca", "boy", GENDER_BOY},   {"Ali", "boy", GENDER_BOY},    {"Kofi", "boy", GENDER_BOY},
    {"Ivan", "boy", GENDER_BOY},   {"Adam", "boy", GENDER_BOY},   {"Dan", "boy", GENDER_BOY},
    {"Joe", "boy", GENDER_BOY},    {"Owen", "boy", GENDER_BOY},   {"Lucas", "boy", GENDER_BOY},
    {"Ethan", "boy", GENDER_BOY},  {"Ryan", "boy", GENDER_BOY},   {"Harry", "boy", GENDER_BOY},
    {"Oscar", "boy", GENDER_BOY},  {"Theo", "boy", GENDER_BOY},   {"Hugo", "boy", GENDER_BOY},
    {"Felix", "boy", GENDER_BOY},  {"Kai", "boy", GENDER_BOY},    {"Arjun", "boy", GENDER_BOY},
    {"Chen", "boy", GENDER_BOY},   {"Yusuf", "boy", GENDER_BOY},  {"Mateo", "boy", GENDER_BOY},
    {"Diego", "boy", GENDER_BOY},  {"Amir", "boy", GENDER_BOY},   {"Kwame", "boy", GENDER_BOY},
    {"Hiro", "boy", GENDER_BOY},   {"Nico", "boy", GENDER_BOY},   {"Pablo", "boy", GENDER_BOY},
    {"Eli", "boy", GENDER_BOY},
};
const int n_boys = COUNT(boys);

/* Pets have names of their own (none is a child's name) and a kind. */
const Character pets[] = {
    {"Rex", "dog", GENDER_BOY},       {"Buddy", "dog", GENDER_BOY},     {"Bruno", "dog", GENDER_BOY},
    {"Bella", "dog", GENDER_GIRL},    {"Daisy", "dog", GENDER_GIRL},    {"Rosie", "dog", GENDER_GIRL},
    {"Spot", "puppy", GENDER_BOY},    {"Patch", "puppy", GENDER_BOY},   {"Luna", "puppy", GENDER_GIRL},
    {"Poppy", "puppy", GENDER_GIRL},  {"Milo", "cat", GENDER_BOY},      {"Whiskers", "cat", GENDER_BOY},
    {"Coco", "cat", GENDER_GIRL},     {"Misty", "cat", GENDER_GIRL},    {"Ginger", "cat", GENDER_GIRL},
    {"Smudge", "kitten", GENDER_BOY},  {"Socks", "kitten", GENDER_BOY},  {"Mittens", "kitten", GENDER_GIRL},
    {"Snowy", "kitten", GENDER_GIRL}, {"Thumper", "rabbit", GENDER_BOY}, {"Clover", "rabbit", GENDER_GIRL},
    {"Fluffy", "rabbit", GENDER_GIRL}, {"Peanut", "hamster", GENDER_BOY}, {"Nibbles", "hamster", GENDER_GIRL},
    {"Shelly", "tortoise", GENDER_GIRL}, {"Speedy", "tortoise", GENDER_BOY},
};
const int n_pets = COUNT(pets);

/* Adults are named by what the child calls them; kind is the lower-case word ("his mom"). */
const Character adults[] = {
    {"Mom", "mom", GENDER_GIRL},
    {"Dad", "dad", GENDER_BOY},
    {"Grandma", "grandma", GENDER_GIRL},
    {"Grandpa", "grandpa", GENDER_BOY},
};
const int n_adults = COUNT(adults);

const Character teachers[] = {
    {"Miss Green", "teacher", GENDER_GIRL}, {"Mrs Lee", "teacher", GENDER_GIRL},
    {"Miss Bell", "teacher", GENDER_GIRL},  {"Mrs Wood", "teacher", GENDER_GIRL},
    {"Mr Hill", "teacher", GENDER_BOY},     {"Mr Park", "teacher", GENDER_BOY},
    {"Mr Brown", "teacher", GENDER_BOY},    {"Mr Khan", "teacher", GENDER_BOY},
};
const int n_teachers = COUNT(teachers);

// ----------------------------------------------------------------------------
// Word tables (drawn from with <%name> in templates)

static const Noun colour[] = {
    {"red", 0}, {"blue", 0}, {"green", 0}, {"yellow", 0}, {"pink", 0}, {"purple", 0},
    {"orange", 0}, {"white", 0}, {"black", 0}, {"brown", 0}, {"grey", 0}, {"gold", 0},
    {"silver", 0},
};

/* Good and bad feelings, for "Mia felt happy." */
static const Noun happy[] = {
    {"happy", 0}, {"glad", 0}, {"proud", 0}, {"excited", 0}, {"cheerful", 0}, {"joyful", 0},
    {"pleased", 0},
};
static const Noun sad[] = {
    {"sad", 0}, {"upset", 0}, {"worried", 0}, {"lonely", 0}, {"unhappy", 0}, {"gloomy", 0},
};
static const Noun scared[] = {{"scared", 0}, {"afraid", 0}, {"frightened", 0}, {"nervous", 0}};

/* Toys and things a child owns; every one works with "played with the ___". */
static const Noun toy[] = {
    {"ball", 0}, {"kite", 0}, {"doll", 0}, {"teddy bear", 0}, {"robot", 0}, {"puzzle", 0},
    {"drum", 0}, {"toy car", 0}, {"toy train", 0}, {"toy boat", 0}, {"balloon", 0},
    {"yoyo", 0}, {"spinning top", 0}, {"jigsaw", 0}, {"rocket", 0}, {"dinosaur", 0},
    {"truck", 0}, {"whistle", 0},
};

/* Small things that get lost. */
static const Noun small_thing[] = {
    {"hat", 0}, {"scarf", 0}, {"key", 0}, {"shoe", 0}, {"glove", 0}, {"book", 0},
    {"marble", 0}, {"crayon", 0}, {"ring", 0}, {"sock", 0}, {"shell", 0}, {"badge", 0},
    {"pencil", 0}, {"button", 0}, {"bracelet", 0}, {"notebook", 0},
};

static const Noun food[] = {
    {"apple", 0}, {"banana", 0}, {"pear", 0}, {"orange", 0}, {"cookie", 0}, {"sandwich", 0},
    {"muffin", 0}, {"cupcake", 0}, {"plum", 0}, {"peach", 0}, {"carrot", 0}, {"pancake", 0},
    {"biscuit", 0}, {"bun", 0}, {"cherry", 0}, {"strawberry", 0},
};

/* Outdoor places you go "to the ___" and are "at the ___". */
static const Noun place[] = {
    {"park", 0}, {"beach", 0}, {"forest", 0}, {"farm", 0}, {"zoo", 0}, {"river", 0},
    {"lake", 0}, {"hill", 0}, {"pond", 0}, {"playground", 0}, {"market", 0}, {"garden", 0},
    {"meadow", 0}, {"field", 0}, {"woods", "woods"}, {"seaside", 0},
};

/* Where something lost can be: "under the ___", "behind the ___". */
static const Noun furniture[] = {
    {"bed", 0}, {"sofa", 0}, {"table", 0}, {"chair", 0}, {"desk", 0}, {"door", 0},
    {"cupboard", 0}, {"shelf", "shelves"}, {"box", 0}, {"basket", 0}, {"curtain", 0},
    {"pillow", 0}, {"rug", 0}, {"bookcase", 0},
};

static const Noun room[] = {
    {"kitchen", 0}, {"bedroom", 0}, {"bathroom", 0}, {"hall", 0}, {"living room", 0},
    {"garden", 0}, {"shed", 0}, {"attic", 0}, {"garage", 0},
};

/* Wild and farm animals (the pets table has the named ones). */
static const Noun animal[] = {
    {"cat", 0}, {"dog", 0}, {"rabbit", 0}, {"horse", 0}, {"cow", 0}, {"pig", 0},
    {"sheep", "sheep"}, {"goat", 0}, {"duck", 0}, {"hen", 0}, {"frog", 0}, {"mouse", "mice"},
    {"owl", 0}, {"fox", 0}, {"bear", 0}, {"deer", "deer"}, {"squirrel", 0}, {"hedgehog", 0},
    {"lion", 0}, {"tiger", 0}, {"elephant", 0}, {"monkey", 0}, {"giraffe", 0}, {"zebra", 0},
    {"bird", 0}, {"puppy", "puppies"}, {"kitten", 0}, {"turtle", 0}, {"donkey", 0},
    {"penguin", 0},
};
static const Noun zoo_animal[] = {
    {"lion", 0}, {"tiger", 0}, {"elephant", 0}, {"monkey", 0}, {"giraffe", 0}, {"zebra", 0},
    {"penguin", 0}, {"bear", 0}, {"hippo", 0}, {"camel", 0}, {"kangaroo", 0}, {"parrot", 0},
    {"crocodile", 0}, {"panda", 0},
};
static const Noun farm_animal[] = {
    {"cow", 0}, {"pig", 0}, {"sheep", "sheep"}, {"goat", 0}, {"duck", 0}, {"hen", 0},
    {"horse", 0}, {"donkey", 0}, {"goose", "geese"}, {"lamb", 0},
};
static const Noun sea_thing[] = {
    {"crab", 0}, {"shell", 0}, {"starfish", "starfish"}, {"seagull", 0}, {"boat", 0},
    {"wave", 0}, {"rock pool", 0}, {"fish", "fish"},
};

static const Noun adjective[] = {
    {"big", 0}, {"small", 0}, {"little", 0}, {"tiny", 0}, {"huge", 0}, {"old", 0},
    {"new", 0}, {"shiny", 0}, {"soft", 0}, {"round", 0},
};
/* How a child is: "a kind girl". */
static const Noun trait[] = {
    {"kind", 0}, {"happy", 0}, {"curious", 0}, {"clever", 0}, {"brave", 0}, {"shy", 0},
    {"funny", 0}, {"gentle", 0}, {"busy", 0}, {"cheerful", 0}, {"quiet", 0}, {"friendly", 0},
};
/* What a child loves doing: "Mia loved to ___." */
static const Noun hobby[] = {
    {"draw", 0}, {"sing", 0}, {"dance", 0}, {"read", 0}, {"run", 0}, {"swim", 0},
    {"paint", 0}, {"climb trees", 0}, {"play outside", 0}, {"help at home", 0},
    {"ride a bike", 0}, {"make things", 0}, {"tell jokes", 0}, {"look at the stars", 0},
};
static const Noun game[] = {
    {"tag", 0}, {"hide and seek", 0}, {"catch", 0}, {"hopscotch", 0}, {"football", 0},
    {"skipping", 0}, {"a board game", 0}, {"a guessing game", 0},
};
static const Noun home[] = {
    {"small town", 0}, {"little village", 0}, {"big city", 0}, {"house by the sea", 0},
    {"cottage near a forest", 0}, {"flat above a shop", 0}, {"farm", 0},
    {"house on a hill", 0}, {"yellow house", 0}, {"blue house", 0},
};
static const Noun time_of_day[] = {
    {"One morning", 0}, {"One afternoon", 0}, {"One evening", 0}, {"One day", 0},
    {"One sunny day", 0}, {"On Saturday", 0}, {"On Sunday", 0}, {"After school", 0},
    {"One summer day", 0}, {"Early one morning", 0}, {"Last week", 0}, {"Yesterday", 0},
};
static const Noun number_small[] = {
    {"two", 0}, {"three", 0}, {"four", 0}, {"five", 0}, {"six", 0},
};
static const Noun age[] = {
    {"four", 0}, {"five", 0}, {"six", 0}, {"seven", 0}, {"eight", 0}, {"nine", 0},
};
static const Noun sound[] = {
    {"a bang", 0}, {"a squeak", 0}, {"a creak", 0}, {"a tap", 0}, {"a thump", 0},
    {"a scratch", 0}, {"a rustle", 0},
};
static const Noun vehicle[] = {
    {"car", 0}, {"bus", 0}, {"train", 0}, {"boat", 0},
};
static const Noun flower[] = {
    {"rose", 0}, {"daisy", 0}, {"tulip", 0}, {"sunflower", 0}, {"poppy", "poppies"},
    {"bluebell", 0},
};
static const Noun sweet[] = {
    {"cake", 0}, {"pie", 0}, {"pudding", 0}, {"tart", 0}, {"jelly", 0}, {"ice cream", 0},
};

#define TABLE(name) {#name, name, COUNT(name)}
static const WordTable word_tables[] = {
    TABLE(colour), TABLE(happy), TABLE(sad), TABLE(scared), TABLE(toy), TABLE(small_thing),
    TABLE(food), TABLE(place), TABLE(furniture), TABLE(room), TABLE(animal),
    TABLE(zoo_animal), TABLE(farm_animal), TABLE(sea_thing), TABLE(adjective), TABLE(trait),
    TABLE(hobby), TABLE(game), TABLE(home), TABLE(time_of_day), TABLE(number_small),
    TABLE(age), TABLE(sound), TABLE(vehicle), TABLE(flower), TABLE(sweet),
};

const WordTable *words_table(const char *name, size_t len)
{
    for (int i = 0; i < COUNT(word_tables); i++)
        if (strlen(word_tables[i].name) == len && memcmp(word_tables[i].name, name, len) == 0)
            return &word_tables[i];
    return NULL;
}

const WordTable *words_table_at(int i)
{
    return i >= 0 && i < COUNT(word_tables) ? &word_tables[i] : NULL;
}

// ----------------------------------------------------------------------------
// Picking characters

Character pick_child(Gen *g)
{
    if (cg_uniform(g, 2)) return boys[cg_uniform(g, n_boys)];
    return girls[cg_uniform(g, n_girls)];
}

Character pick_pet(Gen *g, const char *kind)
{
    int idx[64], n = 0;
    for (int i = 0; i < n_pets; i++)
        if (!kind || strcmp(pets[i].kind, kind) == 0) idx[n++] = i;
    return pets[idx[cg_uniform(g, n)]];
}

Character pick_adult(Gen *g) { return adults[cg_uniform(g, n_adults)]; }
Character pick_teacher(Gen *g) { return teachers[cg_uniform(g, n_teachers)]; }
