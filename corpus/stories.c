/* stories.c — short stories from eighteen plot patterns.
 *
 * A story is a sequence of beats (an opening, a problem, what the characters do, an ending);
 * each beat is a bank of alternative phrasings, and each phrasing has choices inside it. So the
 * same plot comes out in thousands of different wordings, and a model trained on them has to
 * learn the language, not a few sentences.
 *
 * The cast lives in slots (see corpus.h): H the hero (a girl or a boy), F and G friends, A an
 * adult (Mom, Dad, Grandma, Grandpa), T a teacher, P a named pet, B an animal in need. Props:
 * col (a colour), toy, thing (a small thing), food, place, furn (furniture), room. Everything but
 * the hero is lazy: it is drawn when a template first mentions it, so a story never pays for a
 * choice it does not show. Pronouns come from the character (<H:he>, <F:his>), so they always
 * agree with the name.
 *
 * Rules the templates keep (the tests check them on generated text):
 *   - a character is named before a pronoun refers to them, and speech starts a sentence;
 *   - no two phrasings of a beat (or alternatives of a choice) write the same text;
 *   - the keys C K M Y O X Z W S qa qb belong to facts.c and scenes.c;
 *   - "sat on the" is written only by scene_sit (the probe tables).
 */
#include "corpus.h"

#include <string.h>

#define beat(g, bank) cg_sentence(g, bank[cg_uniform(g, COUNT(bank))])
#define maybe(g, bank) do { if (cg_uniform(g, 2)) beat(g, bank); } while (0)

// ----------------------------------------------------------------------------
// The cast

static int is_child(const Character *c)
{
    return strcmp(c->kind, "girl") == 0 || strcmp(c->kind, "boy") == 0;
}

/* A child whose name no drawn slot has yet. */
static void pick_new_child(Gen *g, Slot *s, const void *arg)
{
    (void)arg;
    const Character *taken[CG_MAX_SLOTS];
    int n_taken = 0;
    for (int i = 0; i < g->n_slots; i++)
        if (&g->slots[i] != s && !g->slots[i].pick && g->slots[i].is_char && is_child(&g->slots[i].ch))
            taken[n_taken++] = &g->slots[i].ch;
    int boy = cg_uniform(g, 2);
    const Character *t = boy ? boys : girls;
    int n = boy ? n_boys : n_girls, free_idx[64], n_free = 0;
    for (int i = 0; i < n; i++) {
        int used = 0;
        for (int j = 0; j < n_taken; j++) used |= strcmp(t[i].name, taken[j]->name) == 0;
        if (!used) free_idx[n_free++] = i;
    }
    s->is_char = 1;
    s->ch = t[free_idx[cg_uniform(g, n_free)]];
}

static void pick_adult_slot(Gen *g, Slot *s, const void *arg)
{
    (void)arg;
    s->is_char = 1;
    s->ch = pick_adult(g);
}

static void pick_teacher_slot(Gen *g, Slot *s, const void *arg)
{
    (void)arg;
    s->is_char = 1;
    s->ch = pick_teacher(g);
}

static void pick_pet_slot(Gen *g, Slot *s, const void *arg)
{
    s->is_char = 1;
    s->ch = pick_pet(g, arg);
}

/* The hero now, everyone and everything else when first mentioned. */
static void cast(Gen *g)
{
    cg_set_char(g, "H", pick_child(g));
    cg_set_lazy(g, "F", pick_new_child, NULL);
    cg_set_lazy(g, "G", pick_new_child, NULL);
    cg_set_lazy(g, "A", pick_adult_slot, NULL);
    cg_set_lazy(g, "T", pick_teacher_slot, NULL);
    cg_set_lazy(g, "P", pick_pet_slot, NULL);
    cg_set_lazy_table(g, "col", "colour");
    cg_set_lazy_table(g, "toy", "toy");
    cg_set_lazy_table(g, "thing", "small_thing");
    cg_set_lazy_table(g, "food", "food");
    cg_set_lazy_table(g, "place", "place");
    cg_set_lazy_table(g, "furn", "furniture");
    cg_set_lazy_table(g, "room", "room");
    cg_set_lazy_table(g, "game", "game");
    cg_set_lazy_table(g, "age", "age");
}

// ----------------------------------------------------------------------------
// Beats every plot can use

static const char *const OPEN[] = {
    "Once upon a time, there was a [little ]<H:kind> named <H>.",
    "Once upon a time, there was a <%trait> <H:kind> called <H>.",
    "There was once a {little|young|<%trait>} <H:kind> named <H>.",
    "<H> was a <%trait> <H:kind> who lived in a <%home>.",
    "Once there was a <H:kind>. <H:His> name was <H>.",
    "Long ago, in a {little|quiet|faraway|sleepy} village, there lived a <H:kind> named <H>.",
    "This is a story about a {<%trait> |little |}<H:kind> named <H>.",
    "<H> was <age:a> year old <H:kind> {who lived in a <%home>|with a big smile|who loved <%animal:s>}.",
    "In a <%home>, there lived a <%trait> <H:kind> called <H>.",
    "<H> was a <H:kind> with {a big smile|bright eyes|a loud laugh|lots of ideas}.",
    "There was a <H:kind> called <H>, and <H:he> was {very|always|a little bit} <%trait>.",
    "Have you met <H>? <H:He> is a <%trait> <H:kind> {from a <%home>|who loves to <%hobby>}.",
};
static const char *const OPEN_MORE[] = {
    "<H:He> loved to <%hobby>[ more than anything].",
    "<H:He> lived with <H:his> <A:kind> in a <%home>.",
    "<H:His> favourite colour was <col>.",
    "Everyone said <H:he> was very <%trait>.",
    "<H:He> had {curly|straight|short|long} {brown|black|red|fair} hair.",
    "<H:He> was <age> years old.",
    "<H:He> liked <%animal:s>, <%flower:s> and <%food:s>.",
    "<H:His> best toy was a <%colour> <%toy>.",
    "Every {morning|day|evening}, <H:he> {sang|read|drew|played} with <H:his> <A:kind>.",
};
static const char *const TIME[] = {
    "<%time_of_day>, <H> {went|walked|ran|skipped} to the <place>.",
    "<%time_of_day>, <H> was playing in the <place>.",
    "<%time_of_day>, the sun was {shining|warm|bright}, and <H> {went|ran} outside.",
    "<%time_of_day>, <H> {woke up early|got up early|jumped out of bed}.",
};
/* Scenery and feelings, dropped in between beats to make each telling different. */
static const char *const OUTSIDE[] = {
    "The sun was {shining|warm|bright} {and the sky was blue|over the hills|above the trees}.",
    "{A soft|A cool|A gentle|A warm} wind {was blowing|moved the leaves|made the grass dance}.",
    "Birds were {singing|chirping|calling} in the {trees|bushes|hedges}.",
    "<%animal:A> {ran|hopped|walked|looked} {past|by|across the path|out from a bush}.",
    "<%flower:S> were growing {by the path|in the grass|near the fence|along the wall}.",
    "There were {puddles|leaves|little stones|daisies} all over the {path|ground|grass}.",
    "{Far away|In the distance|High up in the sky}, <H> could see {a kite|a plane|a big cloud|the hills}.",
    "It was a {warm|cool|bright|windy|cloudy|lovely} {morning|afternoon|day}.",
    "The {grass|air|ground} was {wet|soft|warm|cold} {after the rain|in the sun|under <H:his> feet}.",
    "{Butterflies|Bees|Ladybirds|Dragonflies} {flew|buzzed|danced} over the {flowers|grass|pond}.",
};
static const char *const INSIDE[] = {
    "The {kitchen|house|room} was {warm|quiet|cosy|bright}.",
    "{A clock|The old clock} ticked on the wall.",
    "Outside, {the rain was tapping on the window|the wind was blowing|a bird was singing|a dog was barking}.",
    "The {lamp|fire|sun through the window} made the room {warm|golden|bright}.",
    "There was a smell of {toast|cake|soup|flowers} in the air.",
    "{Music was playing|The radio was on|Everything was still} {in the kitchen|downstairs|in the next room}.",
};
static const char *const GLAD[] = {
    "<H:Who> felt <%happy>.",
    "<H:His> heart felt {light|warm|full}.",
    "<H:Who> {hummed|sang|whistled} a {little|happy|funny} song.",
    "<H:Who> could not stop smiling.",
    "<H:Who> {laughed|giggled|clapped <H:his> hands} with joy.",
    "{What a|It was such a} {good|lovely|happy|fun} {day|time|moment}!",
};
static const char *const END[] = {
    "It was the best day {ever|of the whole year|in a long time}.",
    "<H:Who> smiled. It had been a {good|wonderful|happy|lovely} day.",
    "That night, <H> went to bed {happy|smiling|with a big smile}.",
    "<H:Who> would never forget that {day|afternoon|moment}.",
    "And that is how <H> {learned something new|made the day special|had a great adventure}.",
    "<H:Who> felt <%happy> all the way home.",
    "{When the sun went down|At the end of the day|That evening}, <H> was tired but <%happy>.",
    "It was a day to remember.",
};
static const char *const THE_END[] = {"The end."};

static void ending(Gen *g, const char *const *own, int n_own)
{
    /* The plot's own ending half the time, else a common one; "The end." a quarter of the time. */
    if (n_own && cg_uniform(g, 2)) cg_sentence(g, own[cg_uniform(g, n_own)]);
    else beat(g, END);
    if (cg_chance(g, 1, 4)) beat(g, THE_END);
}

static void opening(Gen *g)
{
    beat(g, OPEN);
    maybe(g, OPEN_MORE);
}

/* Half the time, one sentence of scenery or feeling from the bank. */
#define texture(g, bank) maybe(g, bank)

/* lo..hi different phrasings of one beat, in random order (for beats that can repeat). */
#define several(g, bank, lo, hi) several_of(g, bank, COUNT(bank), lo, hi)
static void several_of(Gen *g, const char *const *bank, int n, int lo, int hi)
{
    int order[8], k = lo + cg_uniform(g, hi - lo + 1);
    cg_distinct(g, n, k, order);
    for (int i = 0; i < k; i++) cg_sentence(g, bank[order[i]]);
}

// ----------------------------------------------------------------------------
// 1. Sharing

/* Two kinds of sharing: a toy or some food. */
static const char *const SHARE_TOY_HAS[] = {
    "<H:Who> had a <col> <toy>.",
    "<H:Who> had a new <toy>. It was <col> and {shiny|big|very pretty|bright}.",
    "One day, <H:his> <A:kind> gave <H:him> a <col> <toy>.",
    "<H:His> favourite toy was a <col> <toy>.",
    "<H:Who> got a <col> <toy> for being {good|helpful|kind}.",
    "For {<H:his> birthday|a special treat|helping at home}, <H> got a {shiny|lovely|brand new} <col> <toy>.",
};
static const char *const SHARE_TOY_PLAY[] = {
    "^<H:who> played with the <toy> {in the garden|all morning|every day|in the park}.",
    "<H:He> took the <toy> to the <place>{| to play| to show everyone}.",
    "^<H:who> loved the <toy> {very much|more than anything|so much}.",
    "<H:He> played with it {all day long|until lunch|for hours}.",
};
static const char *const SHARE_TOY_WANT[] = {
    "<F> looked at the <toy>. (F: Can I play with it too?)",
    "(F: That is a {nice|great|lovely} <toy>! Can I have a turn?)",
    "<F> did not have a <toy>. <F:He> looked {sad|lonely|a little sad}.",
    "(F: I wish I had a <toy> like that{| one day| too}.)",
    "<F> watched <H> play. <F:He> wanted to {play|join in|have a go} too.",
};
static const char *const SHARE_TOY_YES[] = {
    "(H: Of course! Let's play together.)",
    "^<H:who> smiled and gave the <toy> to <F>. (H: Here, you can have a turn.)",
    "(H: Yes, we can share it{| together| all day}.)",
    "(H: You can play with it too. Sharing is {fun|nice|good}.)",
    "^<H:who> {held out|offered} the <toy> to <F>. (H: Do you want to try?)",
};
static const char *const SHARE_TOY_TOGETHER[] = {
    "^<H:who> and <F> played together {all afternoon|until the sun went down|for a long time|all day}.",
    "They took turns with the <toy>. First <H>, then <F>.",
    "They played <game> and {laughed a lot|had lots of fun|did not stop smiling}.",
    "Together they had {much more|so much|twice as much} fun.",
    "They {made up a game|built a little house|told funny stories} with the <toy>.",
};
static const char *const SHARE_FOOD_HAS[] = {
    "<H:Who> had a bag of <food:s>, {fresh|sweet|big|tasty} and {ripe|yummy|soft}.",
    "<A> gave <H> {three|four|five|six} <food:s> in a {paper bag|little box|basket}.",
    "<H:Who> had a lunch box full of <food:s>{| and a drink| and a note from <A>}.",
    "<H:Who> {picked|bought|baked} some <food:s> with <H:his> <A:kind>.",
};
static const char *const SHARE_FOOD_EAT[] = {
    "^<H:who> sat down {on a bench|on the grass|under a tree} to eat <H:his> <food:s>.",
    "^<H:who> {counted|looked at|lined up} <H:his> <food:s> {one by one|on a plate|in a row}.",
    "^<H:who> took the <food:s> to the <place>{| for lunch| for a picnic}.",
};
static const char *const SHARE_FOOD_WANT[] = {
    "<F> looked at the <food:s>. <F:His> tummy {rumbled|was empty|made a noise}.",
    "(F: {Those|These} <food:s> look {yummy|delicious|so good}!)",
    "<F> had no lunch. <F:He> looked {hungry|sad|a little sad}.",
    "(F: I {forgot|left} my lunch {today|at home}.)",
};
static const char *const SHARE_FOOD_YES[] = {
    "^<H:who> gave <F> half of the <food:s>. (H: Here, these are for you.)",
    "(H: Would you like some? There are enough for {both of us|everyone|you too}.)",
    "^<H:who> {held out|offered} the {bag|box} to <F>. (H: Take one!)",
    "(H: Let's share them{| together| now}.)",
};
static const char *const SHARE_FOOD_TOGETHER[] = {
    "They sat {on the grass|on a bench|under a tree} and ate the <food:s> together.",
    "The <food:s> tasted even better {together|with a friend|that way}.",
    "They ate and talked and {laughed|smiled|told jokes}.",
};
static const char *const SHARE_MEET[] = {
    "{Then|Soon|After a while}, <H:he> saw <F>, a <F:kind> from {next door|school|down the street}.",
    "At the <place>, <H> met <F>{| and said hello| who was new in town}.",
    "{Soon|Then|Just then}, <F> came {to play|over|along}.",
    "<F> lived next door. <F:He> came over to see <H>{| after lunch| that afternoon}.",
    "A <F:kind> named <F> was {sitting|standing|waiting} {on a bench|by the gate|under a tree} nearby.",
};
static const char *const SHARE_NO[] = {
    "^<H:who> did not want to share at first.",
    "^<H:who> thought about it for a {long time|moment|while}.",
    "(H whispered: Do I have to?)",
    "^<H:who> {frowned|looked away|turned around} and said nothing.",
};
static const char *const SHARE_TURN[] = {
    "But then <H:he> saw that <F> was {sad|lonely|unhappy}.",
    "Then <H:he> remembered what <H:his> <A:kind> said about sharing.",
    "Then <H:he> thought about how <F> {felt|must feel}.",
    "{Then|After a moment|After a while}, <H> changed <H:his> mind.",
};
static const char *const SHARE_FEEL[] = {
    "<F> was very <%happy>, and so was <H>.",
    "(F: Thank you, <H>!)",
    "^<H:who> felt {warm|good|happy} inside.",
    "Sharing made them both <%happy>.",
    "<F> gave <H> a big hug.",
};
static const char *const SHARE_END[] = {
    "Sharing is caring.",
    "<H:Who> learned that sharing makes {playing|everything} more fun.",
    "From that day on, <H> and <F> were {good|best} friends.",
    "After that, <H> always shared <H:his> {toys|food|things}.",
    "When you share, {everyone is happy|you make a friend|the fun gets bigger}.",
};

static void story_sharing(Gen *g)
{
    int food = cg_uniform(g, 2);
    opening(g);
    if (food) beat(g, SHARE_FOOD_HAS); else beat(g, SHARE_TOY_HAS);
    maybe(g, TIME);
    if (cg_uniform(g, 2)) {
        if (food) beat(g, SHARE_FOOD_EAT); else beat(g, SHARE_TOY_PLAY);
    }
    texture(g, OUTSIDE);
    beat(g, SHARE_MEET);
    if (food) beat(g, SHARE_FOOD_WANT); else beat(g, SHARE_TOY_WANT);
    if (cg_chance(g, 1, 3)) {
        beat(g, SHARE_NO);
        beat(g, SHARE_TURN);
    }
    if (food) beat(g, SHARE_FOOD_YES); else beat(g, SHARE_TOY_YES);
    if (food) beat(g, SHARE_FOOD_TOGETHER); else beat(g, SHARE_TOY_TOGETHER);
    texture(g, GLAD);
    maybe(g, SHARE_FEEL);
    ending(g, SHARE_END, COUNT(SHARE_END));
}

// ----------------------------------------------------------------------------
// 2. Losing and finding

static const char *const LOST_HAS[] = {
    "<H:Who> had a <col> <thing>. <H:He> loved it {very much|more than anything|so much}.",
    "<H:Who> had a special <thing>. It was a present from <H:his> <A:kind>.",
    "<H:His> <col> <thing> was <H:his> favourite thing in the {world|house|whole world}.",
    "<H:Who> always kept <H:his> <col> <thing> {in <H:his> pocket|by <H:his> bed|in a little box}.",
    "<H:Who> had a {little|shiny|lovely|funny} <col> <thing> {with a star on it|from the seaside|that <H:his> <A:kind> made}.",
};
static const char *const LOST_GONE[] = {
    "{One morning|One day|One evening}, the <thing> was gone!",
    "<%time_of_day>, <H> could not find <H:his> <thing>.",
    "When <H> looked for <H:his> <thing>, it was not {there|in its place|anywhere}.",
    "But one {day|morning|afternoon}, <H> lost the <thing>.",
    "^<H:who> put <H:his> hand in <H:his> pocket. {Oh no!|The pocket was empty!|Nothing!} The <thing> was not there.",
};
static const char *const LOST_FEEL[] = {
    "^<H:who> felt <%sad>.",
    "(H: Oh no! Where is my <thing>?)",
    "<H:His> eyes filled with tears.",
    "^<H:who> did not know what to do.",
    "^<H:who> sat down on the {stairs|floor|bed} and {sighed|cried|looked around}.",
};
static const char *const LOST_SEARCH[] = {
    "^<H:who> looked under the <%furniture>, but it was not there.",
    "<H:He> looked behind the <%furniture>. No <thing>.",
    "<H:He> searched the <%room>, but <H:he> found only {dust|an old sock|a spider|a lost coin}.",
    "<H:He> looked in the <%room> and {in the garden|under the stairs|in the car}.",
    "<H:He> checked every {drawer|box|bag|pocket} {twice|in the house|<H:he> could find}.",
    "^<H:who> {ran|went|hurried} back to the <place>, but the <thing> was not there.",
};
static const char *const LOST_ASK[] = {
    "(H: <A>, have you seen my <thing>?)",
    "^<H:who> went to find <A>. (H: I {lost|cannot find} my <thing>!)",
    "^<H:who> asked <H:his> <A:kind> for help.",
};
static const char *const LOST_REPLY[] = {
    "(A: Let's look together.)",
    "(A: Where did you have it last?)",
    "(A: Don't worry. We will find it{| soon| together}.)",
    "(A: Think hard. Where did you go today?)",
    "(A: Things are {often|always} in the last place you look.)",
};
static const char *const LOST_THINK[] = {
    "^<H:who> thought {hard|very hard}. Then <H:he> remembered!",
    "^<H:who> thought and thought.",
    "^<H:who> closed <H:his> eyes and tried to remember.",
    "^<H:who> {walked|went} back through the whole day in <H:his> head.",
};
static const char *const LOST_FIND[] = {
    "At last, <H> found the <thing> {in <H:his> coat pocket|under <H:his> pillow|in the toy box|next to the door|in the garden}.",
    "Then <P> came in with the <thing> in <P:his> mouth!",
    "<A> found it {in the washing basket|behind the sofa|in the car|under the stairs}.",
    "There it was, {on the kitchen table|in <H:his> school bag|under the bed} all along!",
    "{Suddenly|Then}, <H> saw something <col> {under a leaf|by the gate|in the grass}. It was the <thing>!",
};
static const char *const LOST_JOY[] = {
    "(H: My <thing>! I found it!)",
    "^<H:who> was so <%happy>. <H:He> hugged <A>.",
    "^<H:who> jumped up and down with joy.",
    "(H: Thank you for helping me{|, <A>}!)",
    "^<H:who> held the <thing> {tight|close|in both hands} and smiled.",
};
static const char *const LOST_END[] = {
    "From then on, <H> always put the <thing> in a safe place.",
    "<H:Who> never lost the <thing> again.",
    "<H:Who> learned to keep <H:his> things {tidy|safe|in one place}.",
    "Now the <thing> has its own {box|shelf|hook} by <H:his> bed.",
};

static void story_lost(Gen *g)
{
    opening(g);
    beat(g, LOST_HAS);
    beat(g, LOST_GONE);
    beat(g, LOST_FEEL);
    several(g, LOST_SEARCH, 1, 3);
    if (cg_uniform(g, 2)) {
        beat(g, LOST_ASK);
        beat(g, LOST_REPLY);
    }
    maybe(g, LOST_THINK);
    beat(g, LOST_FIND);
    beat(g, LOST_JOY);
    ending(g, LOST_END, COUNT(LOST_END));
}

// ----------------------------------------------------------------------------
// 3. A race

static const char *const RACE_FRIENDS[] = {
    "<H:Who> and <F> were {best friends|good friends|neighbours}.",
    "<H:His> best friend was <F>{|, who lived next door|, who was always laughing}.",
    "<H:Who> often played with <F>, a <F:kind> from <H:his> {class|street|school}.",
    "<H:Who> had a friend called <F>, who was {very fast|always laughing|a bit older}.",
};
static const char *const RACE_WHERE[] = {
    "One {day|morning|afternoon}, they were at the <place>.",
    "<%time_of_day>, they went to the <place> together.",
    "After {lunch|school|breakfast}, <H> and <F> ran outside.",
    "{On Saturday|One afternoon|After school}, <H> and <F> {met|played} at the <place>.",
};
static const char *const RACE_IDEA[] = {
    "(F: Let's have a race!)",
    "(H: I bet I can run faster than you{|, <F>}!)",
    "(H: Do you want to race?) (F: {Yes|OK|Sure}!)",
    "<F> had an idea. (F: Let's see who is {faster|quicker}!)",
    "(F: {Race you|I will race you} to the <goal>!)",
};
static const char *const RACE_GOAL[] = {
    "(F: The first one to the <goal> wins!)",
    "They decided to race to the <goal>.",
    "The finish was the <goal>{| at the end of the field| at the top of the hill}.",
};
static const char *const RACE_GO[] = {
    "(F: Ready, steady, go!)",
    "They counted: one, two, three, go!",
    "On the count of three, they {ran|were off|started}.",
    "(H: One, two, three, go!)",
    "They {stood in a line|got ready|bent their knees} and then they {ran|were off}!",
};
static const char *const RACE_RUN[] = {
    "^<H:who> ran as fast as <H:he> could.",
    "<F> was fast, but <H> was {fast|quick} too.",
    "Their feet went thump, thump, thump on the {grass|path|ground}.",
    "The wind blew in their {hair|faces} as they ran.",
    "They ran past the {flowers|trees|swings|ducks} and the {bench|pond|gate}.",
    "^<H:who> {puffed|panted} and {pushed|ran} harder.",
};
static const char *const RACE_FALL[] = {
    "Suddenly, <F> tripped {over a stone|over a root|on the path} and fell.",
    "Then <F> slipped on the {wet|muddy|soft} grass and fell down.",
};
static const char *const RACE_HELP[] = {
    "^<H:who> stopped and helped <F> up. (H: Are you {OK|hurt|all right}?)",
    "^<H:who> did not keep running. <H:He> went back to help <F>.",
    "^<H:who> ran back. (H: Let me help you{| up|, <F>}.)",
};
static const char *const RACE_THANKS[] = {
    "(F: Yes, thank you.) They walked to the finish {together|side by side|hand in hand}.",
    "<F> smiled. (F: Thank you, <H>.)",
    "<F> was OK. <F:He> held <H>'s hand, and they {walked|went} on together.",
};
static const char *const RACE_WIN[] = {
    "^<H:who> got there first! (F: Well done! You won!)",
    "^<H:who> won the race {by a nose|by one step|just in time}!",
    "^<H:who> was first, and <F> was right behind <H:him>.",
    "<F> got there first. (H: You are so {fast|quick}, <F>!)",
};
static const char *const RACE_TIE[] = {
    "They got there at the same time! (F: It is a tie!)",
    "They both got there at the {very same moment|same second|same time}.",
};
static const char *const RACE_AFTER[] = {
    "They sat down on the grass to rest.",
    "(H: That was fun! Let's race again{| tomorrow| after lunch}.)",
    "They {laughed and laughed|could not stop laughing|giggled and panted}.",
    "They were {tired|out of breath|hot} but <%happy>.",
    "They {drank some water|ate an apple|lay on the grass} and {looked at the sky|talked|laughed}.",
};
static const char *const RACE_END[] = {
    "Winning was fun, but being friends was {better|the best}.",
    "It did not matter who won. They had {fun together|a great time|so much fun}.",
    "<H:Who> and <F> raced again {the next day|the next week|after lunch}.",
};

static void story_race(Gen *g)
{
    static const char *const goals[] = {"big tree", "gate", "fence", "pond", "old oak",
                                        "swings", "wall", "bench", "red door"};
    cg_set_word(g, "goal", goals[cg_uniform(g, COUNT(goals))]);
    opening(g);
    beat(g, RACE_FRIENDS);
    beat(g, RACE_WHERE);
    texture(g, OUTSIDE);
    beat(g, RACE_IDEA);
    beat(g, RACE_GOAL);
    maybe(g, RACE_GO);
    several(g, RACE_RUN, 1, 2);
    switch (cg_uniform(g, 3)) {
    case 0: beat(g, RACE_FALL); beat(g, RACE_HELP); beat(g, RACE_THANKS); break;
    case 1: beat(g, RACE_WIN); break;
    default: beat(g, RACE_TIE); break;
    }
    beat(g, RACE_AFTER);
    ending(g, RACE_END, COUNT(RACE_END));
}

// ----------------------------------------------------------------------------
// 4. Cooking

typedef struct {
    const char *a, *the;             /* "a cake", "the cake" */
    const char *ingredients[5];
    const char *how, *while_cooking; /* "baked", "baked" / "fried", "sizzled" */
} Dish;

static const Dish dishes[] = {
    {"a cake", "the cake", {"flour", "eggs", "sugar", "butter", "milk"}, "baked", "baked"},
    {"some cookies", "the cookies", {"flour", "sugar", "butter", "chocolate", "eggs"}, "baked", "baked"},
    {"pancakes", "the pancakes", {"flour", "eggs", "milk", "butter", "honey"}, "fried", "sizzled"},
    {"soup", "the soup", {"carrots", "potatoes", "onions", "water", "salt"}, "cooked", "bubbled"},
    {"a pizza", "the pizza", {"flour", "tomatoes", "cheese", "water", "salt"}, "baked", "baked"},
    {"bread", "the bread", {"flour", "water", "salt", "butter", "seeds"}, "baked", "baked"},
    {"an apple pie", "the apple pie", {"apples", "flour", "sugar", "butter", "eggs"}, "baked", "baked"},
    {"muffins", "the muffins", {"flour", "eggs", "milk", "sugar", "berries"}, "baked", "baked"},
    {"a fruit salad", "the fruit salad", {"apples", "bananas", "grapes", "oranges", "berries"}, "made", "chilled"},
};

static const char *const COOK_WANT[] = {
    "<%time_of_day>, <H> wanted to help <H:his> <A:kind> in the kitchen.",
    "(A: Shall we make <D> today?) (H: Yes, {please|let's}!)",
    "<H:Who> and <A> decided to make <D>{| for dinner| for a treat}.",
    "It was a {cold|rainy|quiet} day, so <H> and <A> made <D>.",
    "(H: <A>, can we make <D>?) (A: What a {good|great|lovely} idea!)",
    "<A> had a {new|old|secret|special} recipe for <D>, and <H> wanted to help.",
};
static const char *const COOK_NEED[] = {
    "They needed <i1>, <i2> and <i3>.",
    "First, they got out the <i1>, the <i2> and the <i3>.",
    "<A> read the recipe{| out loud| slowly}. (A: We need <i1>, <i2> and <i3>.)",
    "^<H:who> {found|fetched|carried} the <i1> and the <i2>, and <A> got the <i3>.",
};
static const char *const COOK_STEP[] = {
    "^<H:who> put on an apron and washed <H:his> hands.",
    "^<H:who> {mixed|stirred} the <i1> and the <i2> in a {big|blue|round} bowl.",
    "^<H:who> added the <i3> {carefully|slowly|with a big spoon}.",
    "<A> showed <H> how to {stir|mix|pour} without making a mess.",
    "^<H:who> stirred and stirred until <H:his> arm was {tired|sore}.",
    "^<H:who> {measured out|got out} the <i1> and put {some|a little} in the bowl.",
};
static const char *const COOK_OOPS[] = {
    "Oops! ^<H:who> {dropped an egg on the floor|spilled some milk|got flour on <H:his> nose}.",
    "Oops! Some of the <i1> went {on the floor|all over the table}.",
    "Oh dear! ^<H:who> {knocked over the bowl|put in too much <i2>|dropped the spoon}.",
};
static const char *const COOK_CALM[] = {
    "<A> laughed. (A: Never mind. We can clean it up.)",
    "(A: That is OK. Everyone makes mistakes.)",
    "They both {laughed|giggled} and cleaned it up together.",
};
static const char *const COOK_WAIT[] = {
    "Then <A> <how> <Dt>. They waited and waited.",
    "While <Dt> <how2>, <H> {washed the bowls|set the table|drew a picture}.",
    "Soon the kitchen smelled {wonderful|sweet|so good}.",
    "^<H:who> watched and waited. {It took a long time.|It was hard to wait.|Soon it was ready.}",
};
static const char *const COOK_TASTE[] = {
    "At last it was time to eat. ^<H:who> took a bite. (H: Yum! This is delicious!)",
    "<Dt:Cap> tasted {sweet|warm|wonderful|so good}.",
    "(A: You are a very good cook, <H>.)",
    "^<H:who> had a {second|third|big} helping.",
    "^<H:who> tried a little. {Yum!|Mmm!|Delicious!}",
};
static const char *const COOK_SHARE[] = {
    "They shared <Dt> with the {whole family|neighbours|people next door}.",
    "^<H:who> took some to <F> next door.",
    "^<H:who> saved some for <H:his> {sister|brother|friend}.",
    "{Everyone|The whole family|All the neighbours} wanted to try it.",
};
static const char *const COOK_END[] = {
    "Cooking with <A> was the best.",
    "<H:Who> wanted to cook again {the next day|soon|every day}.",
    "<H:Who> was {proud|very proud} of what <H:he> had made.",
    "<H:Who> wrote the recipe in <H:his> {notebook|special book} so <H:he> would never forget it.",
};

static void story_cooking(Gen *g)
{
    const Dish *d = &dishes[cg_uniform(g, COUNT(dishes))];
    int three[3];
    cg_distinct(g, 5, 3, three);
    cg_set_word(g, "D", d->a);
    cg_set_word(g, "Dt", d->the);
    cg_set_word(g, "how", d->how);
    cg_set_word(g, "how2", d->while_cooking);
    cg_set_word(g, "i1", d->ingredients[three[0]]);
    cg_set_word(g, "i2", d->ingredients[three[1]]);
    cg_set_word(g, "i3", d->ingredients[three[2]]);
    opening(g);
    beat(g, COOK_WANT);
    texture(g, INSIDE);
    beat(g, COOK_NEED);
    several(g, COOK_STEP, 1, 2);
    if (cg_chance(g, 1, 3)) {
        beat(g, COOK_OOPS);
        beat(g, COOK_CALM);
    }
    beat(g, COOK_WAIT);
    beat(g, COOK_TASTE);
    maybe(g, COOK_SHARE);
    ending(g, COOK_END, COUNT(COOK_END));
}

// ----------------------------------------------------------------------------
// 5. Helping an animal

/* An animal in trouble: three ways each to tell the problem, the help and how it ends. */
typedef struct {
    Character who;
    const char *problem[3], *help[3], *better[3];
} AnimalInNeed;

static const AnimalInNeed needy[] = {
    {{"the bird", "bird", GENDER_IT},
     {"The {little|poor|small} bird had a hurt wing and could not fly.",
      "One of its wings was {hurt|bent|sore}, and it could only hop.",
      "The bird tried to fly, but it {fell back down|could not get up|only flapped and fell}."},
     {"<H:Who> made a {soft|warm} bed for the bird in a {box|basket|shoe box}.",
      "<H:Who> gave it {water and seeds|some crumbs|a little water} and kept it {warm|safe|quiet}.",
      "<H:Who> carried it home {very gently|in both hands|in <H:his> hat} and showed <A>."},
     {"After {a few days|a week|three days}, the wing was {better|well again|strong}. The bird flew {up into|off into|away into} the {sky|trees|clouds}.",
      "{Soon|One morning|A week later}, the bird {flapped|tried|stretched} its wings and flew away.",
      "When it was {well again|better}, the bird sat on the {fence|window sill|gate} and sang {before it flew off|a little song|one last song}."}},
    {{"the kitten", "kitten", GENDER_IT},
     {"The kitten was stuck {high up in a tree|on a high branch|at the top of a tree}. It {cried|called|mewed}, meow, meow!",
      "The kitten had climbed {too high|up the tall tree|onto the shed roof} and could not get down.",
      "A {tiny|little|grey} kitten was sitting on a branch, too scared to move."},
     {"<H:Who> ran to get <A>. <A> got a ladder and climbed up.",
      "<H:Who> {held out|shook|put down} a bowl of milk and called softly.",
      "<H:Who> asked <A> for help, and together they {held the ladder|reached up|waited below}."},
     {"<A> brought the kitten down safely. It purred in <H>'s arms.",
      "{At last|Slowly|Step by step}, the kitten came down, and <H:who> held it close.",
      "The kitten jumped down into <H>'s arms and {purred|licked <H:his> hand|fell asleep}."}},
    {{"the duckling", "duckling", GENDER_IT},
     {"The duckling was {all alone|on its own|by itself}. It had lost its mother.",
      "The {little|tiny|yellow} duckling was {crying|peeping|calling} for its mother.",
      "The duckling had {walked|wandered|waddled} too far from the {pond|river|lake} and could not find its way back."},
     {"<H:Who> walked {slowly|carefully|quietly} along the river with the duckling.",
      "<H:Who> followed the duckling to the {river|pond|lake}, step by step.",
      "<H:Who> {listened|looked} for the sound of other ducks {by the water|in the reeds|near the bridge}."},
     {"{Soon|At last|After a while} they found the mother duck. The duckling swam to its mother {happily|as fast as it could|with a happy quack}.",
      "There was the mother duck! The duckling {ran|waddled|hurried} to its mother's side.",
      "The mother duck {quacked|called}, and the duckling {swam|paddled} to {its mother|her}. {Quack!|Peep peep!|Splash!}"}},
    {{"the hedgehog", "hedgehog", GENDER_IT},
     {"The hedgehog was {cold|wet|tired} and hungry.",
      "The hedgehog was curled up in a ball and {shaking|very still|cold}.",
      "The hedgehog had no {leaves|nest|home} to sleep in, and {winter|the cold} was coming."},
     {"<H:Who> put out a {dish|bowl} of water and some {food|cat food|fruit}.",
      "<H:Who> made a little house of {leaves|sticks|straw} under the {hedge|bush|tree}.",
      "<H:Who> and <A> {found|made|set up} a {warm|dry|safe} box for it in the {shed|garden|garage}."},
     {"{The next morning|In the morning|The next day}, the dish was {empty|licked clean}, and the hedgehog was {asleep|snoring|curled up} in the {leaves|little house}.",
      "The hedgehog {uncurled|sniffed|peeped out} and {ate|drank|looked around}. It was going to be fine.",
      "All winter, the hedgehog slept {safe and warm|in its new home|under the leaves}."}},
    {{"the puppy", "puppy", GENDER_IT},
     {"The puppy had no collar. It looked {lost|cold|hungry} and scared.",
      "The {little|brown|white|black} puppy was {shaking|whining|sitting all alone} by the road.",
      "The puppy {ran up to|followed|sniffed at} <H>, wagging its tail, but it had no home."},
     {"<H:Who> and <A> gave the puppy some water.",
      "<H:Who> and <A> made {signs|posters} and put them up {in the street|on the trees|all over town}.",
      "<H:Who> took the puppy to the vet, who {read its chip|looked it over|knew the family}."},
     {"{The next day|Two days later|That evening}, the puppy's family came to {take it home|fetch it|get it}. They said thank you {again and again|many times|with big smiles}.",
      "Soon a {girl|boy|family} came running. (H: Is this your puppy?) It was!",
      "The puppy's family was so {glad|happy|thankful} to have it back."}},
    {{"the frog", "frog", GENDER_IT},
     {"The frog was stuck in a {bucket|jar|flower pot} and could not get out.",
      "The frog had hopped into a {bucket|jar|flower pot}, and the sides were too {high|slippery|steep}.",
      "A {green|little|spotty} frog was {jumping|trying to climb out|croaking} inside an old {bucket|jar|flower pot}."},
     {"<H:Who> tipped it over very {gently|slowly|carefully}.",
      "<H:Who> put a {stick|small board|long leaf} inside so the frog could climb out.",
      "<H:Who> carried it {gently|slowly|carefully} to the pond."},
     {"The frog hopped {out|away} and jumped {into|back into} the {pond|water}. Splash!",
      "{Hop, hop!|Ribbit!|Plop!} The frog was free.",
      "The frog sat on a {lily pad|stone|log} and looked back at <H>. Ribbit!"}},
    {{"the butterfly", "butterfly", GENDER_IT},
     {"The butterfly was {caught|stuck|tangled} in a {spider's web|big web|sticky web}.",
      "A {blue|yellow|orange|white} butterfly was stuck {on the window|in a web|in the shed}.",
      "The butterfly was {flapping|beating|fluttering} its wings, but it could not get free."},
     {"<H:Who> {gently|carefully|slowly} pulled the web away with a little stick.",
      "<H:Who> opened the window {wide|very slowly|all the way}.",
      "<H:Who> let it walk onto <H:his> finger and carried it outside."},
     {"The butterfly opened its {bright|pretty|colourful} wings and flew away.",
      "It {flew|danced|floated} up over the {garden|flowers|hedge} and was gone.",
      "The butterfly sat on a {flower|leaf|daisy} for a moment and then flew off."}},
    {{"the lamb", "lamb", GENDER_IT},
     {"The lamb had {got out of|run away from|wandered out of} its field and was {crying|calling|bleating} for its mother.",
      "A {little|woolly|white} lamb was standing in the road, {bleating|crying|all alone}.",
      "The lamb had squeezed through a hole in the {fence|hedge|gate} and {was lost|could not get back}."},
     {"<H:Who> {walked|led} the lamb back {along the road|down the lane|across the field} to the farm.",
      "<H:Who> ran to tell the farmer{| at once| as fast as <H:he> could}.",
      "<H:Who> and <A> {gently|slowly|carefully} walked the lamb back to the gate."},
     {"The farmer opened the gate, and the lamb {ran|skipped|jumped} to its mother{| with a happy baa}.",
      "The lamb {jumped|skipped|ran} back to the other sheep. Baa!",
      "The farmer fixed the {fence|hedge|gate} and said thank you to <H>."}},
};

static const char *const NEED_FIND[] = {
    "<%time_of_day>, <H> was walking in the <place> when <H:he> heard a {little|strange|soft} sound.",
    "^<H:who> saw something move {under a bush|in the grass|by the path}. It was <B:a>.",
    "^<H:who> found <B:a> {under a bush|near the path|by the fence}.",
    "On the way {home|to school|to the shop}, <H> saw <B:a> {under a bush|near the path|by the fence}.",
};
static const char *const NEED_SEE[] = {
    "It was <B:a>!",
    "^<H:who> looked {closer|carefully|again}. It was <B:a>.",
    "There, in the {grass|leaves|mud}, was <B:a>.",
};
static const char *const NEED_FEEL[] = {
    "^<H:who> felt sorry for it.",
    "(H: Poor little <B:kind>! I will help you.)",
    "(H: Don't be scared{|, little <B:kind>}. I want to help.)",
    "^<H:who> knew <H:he> had to help{| at once| right away}.",
    "^<H:who> {knelt down|bent down|sat down} {slowly|quietly|next to it}.",
};
static const char *const NEED_PROUD[] = {
    "^<H:who> was proud that <H:he> had helped.",
    "(A: You were very {kind|brave|good} today, <H>.)",
    "^<H:who> smiled. Helping felt {good|wonderful|great}.",
    "^<H:who> waved goodbye to the <B:kind>.",
};
static const char *const NEED_END[] = {
    "Being kind to animals is {important|a good thing|what friends do}.",
    "<H:Who> wanted to {help animals|be a vet|work at a zoo} when <H:he> grew up.",
    "Every day after that, <H> looked out for the <B:kind>.",
    "<H:Who> told {everyone|<H:his> class|<H:his> friends} about the <B:kind>.",
};

static void story_helping(Gen *g)
{
    const AnimalInNeed *a = &needy[cg_uniform(g, COUNT(needy))];
    cg_set_char(g, "B", a->who);
    opening(g);
    texture(g, OUTSIDE);
    int find = cg_uniform(g, COUNT(NEED_FIND));
    cg_sentence(g, NEED_FIND[find]);
    if (find == 0) beat(g, NEED_SEE);            /* the first one hears it but does not see it */
    cg_sentence(g, a->problem[cg_uniform(g, 3)]);
    beat(g, NEED_FEEL);
    several_of(g, a->help, 3, 1, 2);
    cg_sentence(g, a->better[cg_uniform(g, 3)]);
    beat(g, NEED_PROUD);
    ending(g, NEED_END, COUNT(NEED_END));
}

// ----------------------------------------------------------------------------
// 6. A trip

typedef struct {
    const char *name;                /* "the zoo" */
    const char *const *sights;       /* templates of what they saw */
    int n;
} Trip;

static const char *const ZOO_SEE[] = {
    "At the zoo, <H> saw <%zoo_animal:a> and <%zoo_animal:a>.",
    "They watched the <%zoo_animal:s> {eat their lunch|play in the water|sleep in the sun}.",
    "The <%zoo_animal:s> were <H:his> favourite.",
    "^<H:who> waved at <%zoo_animal:a>, and it looked back.",
    "A zoo keeper let <H> feed the <%zoo_animal:s>.",
};
static const char *const FARM_SEE[] = {
    "On the farm, <H> fed the <%farm_animal:s>.",
    "^<H:who> saw <%farm_animal:a> and <%farm_animal:a>.",
    "The farmer let <H> hold a baby <%farm_animal>.",
    "^<H:who> collected eggs from the hens.",
    "^<H:who> rode on a {tractor|hay cart|big old horse}.",
};
static const char *const BEACH_SEE[] = {
    "At the beach, <H> found <%sea_thing:a>.",
    "^<H:who> built a sandcastle and watched the waves.",
    "^<H:who> paddled in the {cold|blue|salty} water and laughed.",
    "They looked for <%sea_thing:s> in the rock pools.",
    "^<H:who> {dug a big hole|buried <H:his> feet|wrote <H:his> name} in the sand.",
};
static const char *const FOREST_SEE[] = {
    "In the forest, <H> saw <%animal:a> behind a tree.",
    "They walked along a path under the {tall|old|green} trees.",
    "^<H:who> picked up {pine cones|pretty leaves|smooth stones}.",
    "They heard an owl and a woodpecker.",
    "They found a {stream|log|big rock} and sat down to rest.",
};
static const char *const MOUNTAIN_SEE[] = {
    "They climbed {up and up|higher and higher|on and on} until they could see the whole {valley|town|lake}.",
    "At the top, the wind was {cold and strong|cold|strong}.",
    "^<H:who> saw snow on the tops of the mountains.",
    "They had a picnic by a little stream.",
    "^<H:who> saw {a goat|an eagle|a waterfall} on the way up.",
};
static const char *const LAKE_SEE[] = {
    "They rowed a {little|small|red} boat {on the lake|across the lake}.",
    "^<H:who> fed the ducks with bread.",
    "^<H:who> threw stones into the water. Plop!",
    "They saw fish swimming near the shore.",
    "A {swan|heron|duck} {glided|flew|swam} past them.",
};
static const char *const CITY_SEE[] = {
    "In the {city|town}, they {went to|visited} the museum and saw {dinosaur bones|old paintings|a space rocket}.",
    "^<H:who> rode on a big {red|yellow|blue} bus.",
    "They walked past {tall buildings|busy shops|a huge fountain}.",
    "They ate lunch in a {little|busy|sunny} cafe.",
    "^<H:who> saw {a street band|a clown|a juggler} in the square.",
};

static const Trip trips[] = {
    {"the zoo", ZOO_SEE, COUNT(ZOO_SEE)},         {"a farm", FARM_SEE, COUNT(FARM_SEE)},
    {"the beach", BEACH_SEE, COUNT(BEACH_SEE)},   {"the forest", FOREST_SEE, COUNT(FOREST_SEE)},
    {"the mountains", MOUNTAIN_SEE, COUNT(MOUNTAIN_SEE)}, {"the lake", LAKE_SEE, COUNT(LAKE_SEE)},
    {"the city", CITY_SEE, COUNT(CITY_SEE)},
};

static const char *const TRIP_PLAN[] = {
    "(A: Tomorrow we are going to <dest>!)",
    "<H:His> family was going on a trip to <dest>.",
    "<A> had a {surprise|big surprise}. They were going to <dest>!",
    "On {Saturday|Sunday|a sunny morning}, <H> and <A> went to <dest>.",
    "(H: <A>, can we go to <dest>?) (A: Yes, let's go {tomorrow|today|this weekend}!)",
};
static const char *const TRIP_READY[] = {
    "^<H:who> was so excited that <H:he> could not {sleep|sit still|stop talking}.",
    "^<H:who> packed a bag with <%food:a>, a hat and <H:his> <toy>.",
    "^<H:who> got up very early and put on <H:his> {shoes|boots|coat}.",
    "^<H:who> {made a list|drew a map|packed a snack} for the trip.",
};
static const char *const TRIP_GO[] = {
    "They went by <veh>.",
    "The <veh> ride was long, so <H> {sang songs|counted cows|looked out of the window|played a game}.",
    "They got on the <veh>. (H: Are we there yet?)",
    "They went {early|after breakfast|at nine o'clock} by <veh>.",
};
static const char *const TRIP_LUNCH[] = {
    "At lunch time, they ate sandwiches {on a blanket|under a tree|by the water}.",
    "They stopped for {ice cream|a drink|a snack}.",
    "<A> bought <H> a {drink|snack|hot chocolate}.",
};
static const char *const TRIP_HOME[] = {
    "On the way home, <H> fell asleep in the <veh>.",
    "When they got home, <H> was very {tired|sleepy|happy}.",
    "(H: Can we go again?) (A: Yes, we {can|will}.)",
    "^<H:who> told {everyone|all <H:his> friends|<H:his> teacher} about the trip.",
    "That night, <H> drew a picture of <dest>.",
};

static void story_trip(Gen *g)
{
    const Trip *t = &trips[cg_uniform(g, COUNT(trips))];
    cg_set_word(g, "dest", t->name);
    cg_set_lazy_table(g, "veh", "vehicle");
    opening(g);
    beat(g, TRIP_PLAN);
    maybe(g, TRIP_READY);
    beat(g, TRIP_GO);
    texture(g, OUTSIDE);
    several_of(g, t->sights, t->n, 2, 3);
    maybe(g, TRIP_LUNCH);
    texture(g, GLAD);
    beat(g, TRIP_HOME);
    ending(g, NULL, 0);
}

// ----------------------------------------------------------------------------
// 7. A birthday

static const char *const BDAY_DAY[] = {
    "Today was <H>'s birthday! <H:He> was <age> years old.",
    "It was <H>'s birthday, and <H:he> was turning <age>.",
    "<H:Who> woke up and {smiled|jumped out of bed|shouted with joy}. Today <H:he> was <age>!",
    "{At last|Finally|Hooray}, it was <H>'s birthday.",
};
static const char *const BDAY_PREP[] = {
    "<A> made a big <col> cake.",
    "They put up balloons and {streamers|flags|paper stars} all over the {house|garden|kitchen}.",
    "<A> baked a {chocolate|lemon|strawberry} cake with <col> icing.",
    "^<H:who> helped to {blow up the balloons|set the table|wrap the party bags}.",
};
static const char *const BDAY_GUESTS[] = {
    "<F> and <G> came to the party.",
    "All <H:his> friends came, even <F>.",
    "In the {afternoon|morning}, <F> knocked on the door. (F: Happy birthday, <H>!)",
    "{Ding dong!|Knock, knock!} It was <F> and <G>.",
};
static const char *const BDAY_GIFT[] = {
    "<F> gave <H:him> a <%colour> <%toy>.",
    "<A> gave <H:him> a book about <%animal:s>.",
    "There was a big box with a <%colour> bow. Inside was a <%toy>!",
    "<G> gave <H:him> a card with <%animal:a> on it.",
    "^<H:who> opened a small present. It was a {<%colour> hat|pair of <%colour> socks|box of crayons}.",
};
static const char *const BDAY_GAME[] = {
    "They played <game> in the {garden|living room|park}.",
    "Everyone danced to {music|funny songs|the radio}.",
    "They played pass the parcel, and {<F>|<G>} won.",
};
static const char *const BDAY_CAKE[] = {
    "There were <age> candles on the cake.",
    "Everyone sang Happy Birthday{| very loudly| and clapped}.",
    "<A> lit the candles, and everyone {sang|clapped|cheered}.",
    "The cake had <age> {candles|stars|little flags} on top.",
};
static const char *const BDAY_WISH[] = {
    "^<H:who> closed <H:his> eyes and made a wish.",
    "^<H:who> blew out all the candles in one {go|big breath|puff}.",
    "^<H:who> made a {secret|special} wish and blew out {the candles|all the candles}.",
};
static const char *const BDAY_END[] = {
    "(H: This is the best birthday ever!)",
    "<H:Who> hoped <H:his> wish would come true.",
    "That night, <H> fell asleep with a {smile|big smile|new toy in <H:his> arms}.",
    "<H:Who> could not wait to be <age> for a whole year.",
};

static void story_birthday(Gen *g)
{
    opening(g);
    beat(g, BDAY_DAY);
    beat(g, BDAY_PREP);
    texture(g, INSIDE);
    beat(g, BDAY_GUESTS);
    several(g, BDAY_GIFT, 1, 2);
    maybe(g, BDAY_GAME);
    beat(g, BDAY_CAKE);
    beat(g, BDAY_WISH);
    texture(g, GLAD);
    ending(g, BDAY_END, COUNT(BDAY_END));
}

// ----------------------------------------------------------------------------
// 8. A rainy day

static const char *const RAIN_START[] = {
    "<%time_of_day>, it was raining{| hard| again}.",
    "It rained and rained all {day|morning|afternoon}.",
    "<H:Who> looked out of the window. The sky was {grey|dark} and {it was raining|the rain was pouring down}.",
    "Drip, drop, drip. The rain would not stop{| all day| at all}.",
    "Dark clouds came, and then the rain {began|started to fall|poured down}.",
    "{The wind blew|Thunder rumbled|The windows rattled}, and big drops of rain {hit|ran down} the {windows|glass|roof}.",
};
static const char *const RAIN_SAD[] = {
    "<H:Who> wanted to play in the <place>, but <H:he> could not go out.",
    "(H: I am {bored|so bored}. There is nothing to do{| today| at all}.)",
    "<H:Who> felt <%sad>. <H:He> sat by the window{| with <H:his> chin in <H:his> hands| and watched the rain}.",
    "<H:Who> {pressed <H:his> nose to the window|watched the raindrops race|sighed a big sigh}.",
};
static const char *const RAIN_IDEA[] = {
    "(A: Let's build a fort!) They built a fort with {pillows|cushions|chairs} and {blankets|sheets|towels}.",
    "<A> had an idea. They got out the {paints|crayons|pens} and {painted|drew} pictures of <%animal:s>.",
    "(A: How about a puzzle?) They did a puzzle with {a hundred|fifty|two hundred} pieces.",
    "<H:Who> and <A> made paper {boats|planes|hats} and {sailed them in the bath|flew them down the hall|wore them at lunch}.",
    "<A> read <H> a story about a <%trait> <%animal>.",
    "They played a board game, and <H> won {twice|three times|every time}.",
    "They {baked cookies|made a cake|made pancakes} and the kitchen smelled {sweet|wonderful}.",
    "They put on music and danced {in the kitchen|around the living room|until they were dizzy}.",
};
static const char *const RAIN_FUN[] = {
    "{Soon|Before long|After a while}, <H> forgot all about the rain.",
    "It was {a lot of|so much|great} fun.",
    "^<H:who> was not bored {any more|at all now}.",
    "^<H:who> {laughed|giggled|smiled} {so much|all afternoon|until <H:his> tummy hurt}.",
};
static const char *const RAIN_STOP[] = {
    "{Then|Later|After lunch}, the rain stopped, and the sun came {out|back}.",
    "In the {afternoon|evening}, the rain {stopped|went away|got lighter and lighter}.",
    "At last the {clouds went away|rain stopped|sky turned blue}.",
};
static const char *const RAIN_BOW[] = {
    "There was a {big|bright|beautiful} rainbow {in the sky|over the hill|over the houses}! It {was|had} red, orange, yellow, green, blue and purple{| in it| stripes}.",
    "(H: Look, a rainbow!) It went {right across the sky|over the hill|over the houses}.",
    "^<H:who> put on <H:his> {boots|wellies|rain coat} and jumped in the {puddles|biggest puddle|mud}. Splash!",
    "^<H:who> and <A> went out to {splash in the puddles|look for snails|smell the wet grass}.",
};
static const char *const RAIN_END[] = {
    "Rainy days can be fun too.",
    "<H:Who> did not mind the rain after all.",
    "Now <H> {likes|loves} rainy days.",
};

static void story_rain(Gen *g)
{
    opening(g);
    beat(g, RAIN_START);
    beat(g, RAIN_SAD);
    texture(g, INSIDE);
    beat(g, RAIN_IDEA);
    beat(g, RAIN_FUN);
    if (cg_uniform(g, 2)) {
        beat(g, RAIN_STOP);
        beat(g, RAIN_BOW);
    }
    ending(g, RAIN_END, COUNT(RAIN_END));
}

// ----------------------------------------------------------------------------
// 9. Building something

typedef struct {
    const char *a, *the, *with;      /* "a sandcastle", "the sandcastle", "sand and a bucket" */
    const char *where;               /* "at the beach" */
} Build;

static const Build builds[] = {
    {"a sandcastle", "the sandcastle", "sand and a bucket", "at the beach"},
    {"a tower", "the tower", "wooden blocks", "in the living room"},
    {"a den", "the den", "sticks and leaves", "in the woods"},
    {"a snowman", "the snowman", "lots of snow", "in the garden"},
    {"a bird house", "the bird house", "wood and nails", "in the shed"},
    {"a boat", "the boat", "a box and some string", "in the garden"},
    {"a robot", "the robot", "boxes and tape", "in the kitchen"},
    {"a bridge", "the bridge", "blocks and cards", "on the floor"},
    {"a castle", "the castle", "cushions and chairs", "in the living room"},
    {"a kite", "the kite", "paper, sticks and string", "at the kitchen table"},
};
static const char *const BUILD_IDEA[] = {
    "<%time_of_day>, <H> wanted to build <W1>.",
    "(H: Let's build <W1>!) (F: Yes, let's!)",
    "<H:Who> and <F> decided to build <W1> <where>.",
    "<H:Who> had a {plan|big idea|great idea}. <H:He> was going to build <W1>.",
    "<H:Who> saw a picture of <W1> in a {book|magazine|film} and wanted to make one.",
};
static const char *const BUILD_GET[] = {
    "<H:He> got <with>.",
    "First, they found <with>.",
    "^<H:who> used <with>.",
    "^<H:who> {collected|gathered|found} <with> {from the shed|around the house|with <A>}.",
};
static const char *const BUILD_WORK[] = {
    "^<H:who> worked {very hard|all day|for a long time}. <W2:Cap> got bigger and bigger.",
    "They worked {all morning|for hours|until lunch}.",
    "^<H:who> made <W2> {tall|big} and {strong|neat|beautiful}.",
    "Bit by bit, <W2> took shape.",
    "^<H:who> {hummed|sang|whistled} while <H:he> worked.",
};
static const char *const BUILD_FALL[] = {
    "But then, crash! <W2:Cap> fell down.",
    "Suddenly, a big gust of wind knocked <W2> over.",
    "Then <P> ran past and knocked <W2> {down|over}!",
    "Oh no! <W2:Cap> broke into {pieces|bits|two}.",
};
static const char *const BUILD_SAD[] = {
    "^<H:who> was <%sad>. (H: All that work!)",
    "^<H:who> wanted to {cry|give up|go home}.",
    "^<H:who> sat down and {sighed|frowned|said nothing}.",
};
static const char *const BUILD_AGAIN[] = {
    "(F: Let's {try again|start again|build it again}. We can make it even {better|bigger|stronger}.)",
    "But <H> did not give up. <H:He> started again{| from the bottom| at once}.",
    "(A: Try again, and this time make the {bottom|base} {wider|stronger|bigger}.)",
};
static const char *const BUILD_DONE_AGAIN[] = {
    "This time, <W2> did not fall. It was {perfect|just right|better than ever}!",
    "{At last|In the end} <W2> was finished, and it was {even better than before|better than the first one|taller than before}.",
    "The new one was much {stronger|taller|nicer} than the first.",
};
static const char *const BUILD_DONE[] = {
    "At last <W2> was finished. It was {perfect|just right|lovely}!",
    "<W2:Cap> was finished, and it looked {great|wonderful|amazing}.",
    "When it was done, <H> stepped back to look. (H: We did it!)",
};
static const char *const BUILD_END[] = {
    "<H:Who> learned that if you {try again|keep trying|do not give up}, you can do it.",
    "<H:Who> was very proud of <W2>.",
    "Never give up, thought <H>.",
    "<H:Who> {took a photo|drew a picture} of <W2> to show <A>.",
};

static void story_building(Gen *g)
{
    const Build *b = &builds[cg_uniform(g, COUNT(builds))];
    cg_set_word(g, "W1", b->a);
    cg_set_word(g, "W2", b->the);
    cg_set_word(g, "with", b->with);
    cg_set_word(g, "where", b->where);
    opening(g);
    beat(g, BUILD_IDEA);
    beat(g, BUILD_GET);
    several(g, BUILD_WORK, 1, 2);
    if (cg_chance(g, 2, 3)) {
        beat(g, BUILD_FALL);
        beat(g, BUILD_SAD);
        beat(g, BUILD_AGAIN);
        beat(g, BUILD_DONE_AGAIN);
    } else {
        beat(g, BUILD_DONE);
    }
    texture(g, GLAD);
    ending(g, BUILD_END, COUNT(BUILD_END));
}

// ----------------------------------------------------------------------------
// 10. A lost pet

static const char *const PET_HAS[] = {
    "<H:Who> had a <P:kind> named <P>.",
    "<H:He> had a pet <P:kind> called <P>.",
    "<P> was <H>'s <P:kind>. <P:He> was {small and brown|black and white|fluffy|very fast|a bit naughty}.",
    "<H:Who> loved <H:his> <P:kind>, <P>, {very much|more than anything|so much}.",
    "<H:Who> had a {little|fluffy|clever|funny} <P:kind>. <P:His> name was <P>.",
};
static const char *const PET_LIKES[] = {
    "<P> liked to {play|dig|sleep} in the garden.",
    "Every day, <H> and <P> played {together|in the garden|after school}.",
    "<P> followed <H> {everywhere|all around the house|to the door every morning}.",
    "<P> {slept|sat|waited} by <H>'s bed every night.",
};
static const char *const PET_GONE[] = {
    "One {day|morning|evening}, <P> was not in the garden.",
    "<%time_of_day>, <H> called <P>, but <P> did not come.",
    "One morning, the {gate|door|window} was open, and <P> was gone!",
    "When <H> came home from school, <P> was {not in <P:his> bed|nowhere to be seen|missing}.",
};
static const char *const PET_WORRY[] = {
    "^<H:who> was very <%scared>. (H: Where is <P>?)",
    "(H: <P>! <P>! Where are you?)",
    "^<H:who> felt <%sad>. <H:He> missed <P> {already|so much}.",
    "<H:His> tummy felt {funny|tight|cold} with worry.",
};
static const char *const PET_SEARCH[] = {
    "^<H:who> looked in the {park|street|garden} and by the {pond|shed|fence}.",
    "<H:He> asked <F>. (F: I have not seen <P:him>, but I will help you look.)",
    "^<H:who> and <A> walked up and down the {street|road|lane}.",
    "<H:He> looked under every {bush|car|bench} {in the garden|in the street|in the park}.",
    "^<H:who> put up signs with a {picture|drawing|photo} of <P>.",
    "^<H:who> {shook <P>'s food box|called and called|whistled} by the {door|gate|fence}.",
};
static const char *const PET_FOUND[] = {
    "Then <H> heard <psound> {from the shed|behind the fence|under a bush|in the old tree}.",
    "At last, they found <P> in the {neighbour's garden|park|old shed}.",
    "When <H> got home, <P> was sitting by the door{| as if nothing had happened| and waiting}!",
    "Then <F> {shouted|called out|waved}. <F:He> had found <P> under a big bush.",
};
static const char *const PET_JOY[] = {
    "^<H:who> gave <P> a {big|long|tight} hug.",
    "(H: I am so {happy|glad} you are home!)",
    "<P> {licked|nuzzled} <H>'s {face|hand|nose}.",
    "^<H:who> held <P> tight and did not let go.",
};
static const char *const PET_END[] = {
    "From then on, <H> always {closed|shut|checked} the gate.",
    "<H:Who> gave <P> an extra {treat|dinner|cuddle} that night.",
    "<H:Who> and <P> were never apart again.",
    "<P> got a new {collar|tag|bell} with <H>'s name on it.",
};

/* What a lost pet sounds like from its hiding place. */
static const char *pet_sound(const char *kind)
{
    if (!strcmp(kind, "dog") || !strcmp(kind, "puppy")) return "a bark";
    if (!strcmp(kind, "cat") || !strcmp(kind, "kitten")) return "a meow";
    if (!strcmp(kind, "hamster")) return "a squeak";
    return "a little noise";
}

static void story_lost_pet(Gen *g)
{
    cg_set_word(g, "psound", pet_sound(cg_slot(g, "P")->ch.kind));  /* P is named next */
    opening(g);
    beat(g, PET_HAS);
    maybe(g, PET_LIKES);
    beat(g, PET_GONE);
    beat(g, PET_WORRY);
    several(g, PET_SEARCH, 1, 2);
    texture(g, OUTSIDE);
    beat(g, PET_FOUND);
    beat(g, PET_JOY);
    if (cg_uniform(g, 2)) {
        cg_alias(g, "S", "P");
        scene_sit(g, "{That evening|Later|After dinner}, <S>", cg_slot(g, "P")->ch.kind);
    }
    ending(g, PET_END, COUNT(PET_END));
}

// ----------------------------------------------------------------------------
// 11. Making a friend

static const char *const FRIEND_NEW[] = {
    "<H:Who> and <H:his> family had just moved to a new {town|street|house}.",
    "<H:Who> was new at school. <H:He> did not know {anyone|anybody|a single person}.",
    "It was <H>'s first day at a new {school|club|class}.",
    "<H:Who> did not have many friends {yet|at the new school|in the new town}.",
};
static const char *const FRIEND_SHY[] = {
    "^<H:who> felt {shy|quiet} and a little <%sad>.",
    "At playtime, <H> stood alone by the {wall|fence|door}.",
    "^<H:who> wanted to make a friend, but <H:he> did not know {how|what to say|where to start}.",
    "^<H:who> watched the other children {play|laugh|run} and wished <H:he> could join in.",
};
static const char *const FRIEND_SEE[] = {
    "Then <H:he> saw <F>, who was playing with a <toy>.",
    "A <F:kind> named <F> was sitting {on a bench|by the gate|on the steps}.",
    "<F> was drawing a picture of <%animal:a>.",
    "^<H:who> saw <F> trying to fly a {kite|paper plane|balloon}.",
    "A <%trait> <F:kind> called <F> was {reading a book|skipping|looking at the clouds} nearby.",
};
/* Either the hero asks (and the friend may answer) or the friend invites (and the hero may). */
static const char *const FRIEND_ASK[] = {
    "^<H:who> walked over. (H: Can I play{| too| with you}?)",
    "(H: Hello, I am <H>. What is your name?) (F: I am <F>.)",
    "^<H:who> took a {deep|big} breath. (H: Can I join you?)",
    "(H: I like your {drawing|kite|book|hat}.) <F> smiled.",
};
static const char *const FRIEND_YES[] = {
    "(F: Yes, of course!)",
    "<F> smiled. (F: {Sure|Yes|OK}!)",
    "(F: I would {like that|love that}.)",
};
static const char *const FRIEND_INVITE[] = {
    "<F> looked up and smiled. (F: Do you want to play with me?)",
    "<F> waved. (F: Hello! {Come and play|Do you want to join us|Come and sit with me}!)",
};
static const char *const FRIEND_ACCEPT[] = {
    "(H: Yes, please!)",
    "<H> {nodded|smiled|grinned}. (H: {I would love to|OK|Thank you}!)",
};
static const char *const FRIEND_PLAY[] = {
    "They played <game> together.",
    "They found out that they both liked <%animal:s>.",
    "They {talked and laughed|played and talked|laughed and played} until the bell rang.",
    "<F> showed <H> {the swings|the library|the garden|the best hiding place}.",
    "They shared a {snack|sandwich|joke} and {giggled|laughed|smiled}.",
};
static const char *const FRIEND_END[] = {
    "From that day on, <H> and <F> were {best friends|good friends|always together}.",
    "<H:Who> was not lonely any more.",
    "(H: I have a new friend!) <H:Who> told <A> that night.",
    "Now <H> could not wait to go to school {every day|every morning|again}.",
};

static void story_friend(Gen *g)
{
    opening(g);
    beat(g, FRIEND_NEW);
    beat(g, FRIEND_SHY);
    beat(g, FRIEND_SEE);
    if (cg_uniform(g, 2)) {
        beat(g, FRIEND_ASK);
        maybe(g, FRIEND_YES);
    } else {
        beat(g, FRIEND_INVITE);
        maybe(g, FRIEND_ACCEPT);
    }
    several(g, FRIEND_PLAY, 1, 2);
    texture(g, GLAD);
    ending(g, FRIEND_END, COUNT(FRIEND_END));
}

// ----------------------------------------------------------------------------
// 12. A day at school (with a quiz: facts inside a story)

static const char *const SCHOOL_GO[] = {
    "{One morning|On Monday|On Tuesday|Early one morning|On Friday}, <H> went to school.",
    "<H:Who> put on <H:his> {coat|backpack|school shoes} and {walked|went} to school.",
    "<H:Who> got to school {early|on time|just in time} and sat at <H:his> desk.",
    "<H:Who> {ran|walked|skipped} to school with <H:his> <A:kind>.",
};
static const char *const SCHOOL_TEACHER[] = {
    "<H:His> teacher was <T>{|, who had a big smile|, who loved books}.",
    "<T> was <H:his> teacher. <T:He> was {kind|funny|clever|patient}.",
    "<T> said good morning to the {class|children|whole room}.",
    "<T>, the teacher, {smiled at|waved to|said hello to} everyone.",
};
static const char *const SCHOOL_QUIZ[] = {
    "Today <T> had a {quiz|few questions|game} for the class.",
    "(T: Let's have a {quiz|little quiz}{| today| before lunch}!)",
    "<T> asked the class some {questions|hard questions|fun questions}.",
    "(T: Put up your hand if you know the answer{|, everyone| to my questions}.)",
    "After the {register|bell|morning song}, <T> wrote {a question|three questions|the word quiz} on the board.",
};
static const char *const SCHOOL_PRAISE[] = {
    "(T: Well done, <H>!)",
    "(T: That is {right|correct}!)",
    "(T: Very good!) ^<H:who> {smiled|grinned|sat up tall}.",
    "<T> gave <H> a {gold|shiny|big} star.",
    "(T: {Excellent|Brilliant|Great} answers, everyone!)",
};
static const char *const SCHOOL_LATER[] = {
    "At lunch, <H> sat with <F>{| and shared a joke| and ate <%food:a>}.",
    "In the afternoon, they painted pictures of <%animal:s>.",
    "Then it was time for music, and <H> played the {drum|piano|recorder}.",
    "After playtime, <T> read them a story about {a pirate|a princess|a dragon|a robot}.",
    "They {planted beans|counted shells|wrote poems} in the afternoon.",
};
static const char *const SCHOOL_HOME[] = {
    "When <H> got home, <H:he> told <A> all about it.",
    "(A: What did you learn today?) ^<H:who> told <A:him> about the quiz.",
    "^<H:who> could not wait to go back {the next day|tomorrow|on Monday}.",
};

static void story_school(Gen *g)
{
    opening(g);
    beat(g, SCHOOL_GO);
    beat(g, SCHOOL_TEACHER);
    beat(g, SCHOOL_QUIZ);
    int k = 1 + cg_uniform(g, 3);
    for (int i = 0; i < k; i++) fact_quiz_line(g, "T", cg_uniform(g, 2) ? "H" : "F");
    beat(g, SCHOOL_PRAISE);
    several(g, SCHOOL_LATER, 0, 2);
    beat(g, SCHOOL_HOME);
    ending(g, NULL, 0);
}

// ----------------------------------------------------------------------------
// 13. A garden

static const char *const GARDEN_START[] = {
    "<H:Who> wanted to grow <%flower:s>.",
    "In {spring|March|April}, <A> gave <H> a {packet|bag|little box} of seeds.",
    "<H:Who> and <A> made a {little|small|new} garden {by the house|behind the shed|near the fence}.",
    "<H:Who> found some {old|little|round} seeds in a {jar|drawer|box} and wanted to plant them.",
};
static const char *const GARDEN_PLANT[] = {
    "^<H:who> dug {small|little|deep} holes and put the seeds in the soil.",
    "^<H:who> planted the seeds in a {row|line|circle} and covered them with soil.",
    "They planted the seeds in {pots|cups|a box} by the {window|door|wall}.",
    "^<H:who> {pushed|dropped|pressed} each seed into the {soft|dark|warm} earth.",
};
static const char *const GARDEN_CARE[] = {
    "Every {day|morning|evening}, <H> gave the seeds some water.",
    "^<H:who> watered them {every morning before school|after school|with a little can}.",
    "^<H:who> made sure the seeds had {sun and water|enough water|lots of light}.",
    "^<H:who> {sang to|talked to|checked on} the seeds every {day|morning|evening}.",
};
static const char *const GARDEN_WAIT[] = {
    "<H:Who> waited and waited, but {nothing happened|nothing came up|the soil stayed bare}.",
    "(H: When will they grow?) (A: Be patient{|, <H>| and keep watering}.)",
    "{Days|Weeks} went by. <H:Who> checked the soil {every day|again and again|each morning}.",
    "{One week|Two weeks|Many days} went by, and still {nothing came up|the soil was bare|there was nothing to see}.",
};
static const char *const GARDEN_GROW[] = {
    "Then one {morning|day|afternoon}, <H> saw tiny green shoots!",
    "At last, {little|tiny|small} green leaves came up.",
    "One day there were {small|little|tiny} green {plants|shoots|leaves} {where the seeds had been|in the soil|in a row}.",
    "{Look!|Hooray!|At last!} Something {green|small|tiny} was {poking out of|peeping out of|growing in} the {soil|earth|pot}.",
};
static const char *const GARDEN_BLOOM[] = {
    "Soon there were <%colour> flowers {everywhere|all over the garden|by the fence}.",
    "The plants grew {tall|taller and taller|up and up}, and big <col> flowers opened.",
    "By summer, the garden was full of <col> and <%colour> flowers.",
    "The <%flower:s> opened one by one{| in the sun| in the morning}.",
};
static const char *const GARDEN_END[] = {
    "<H:Who> picked a {flower|few flowers|big bunch} and gave it to <A>.",
    "<H:Who> was {proud|very proud|so proud} of <H:his> garden.",
    "{Bees|Butterflies|Birds} came to visit the flowers {every day|all summer|in the sun}.",
    "Now <H> wants to grow {carrots|beans|strawberries|a tree} next.",
};

static void story_garden(Gen *g)
{
    opening(g);
    beat(g, GARDEN_START);
    beat(g, GARDEN_PLANT);
    beat(g, GARDEN_CARE);
    beat(g, GARDEN_WAIT);
    texture(g, OUTSIDE);
    beat(g, GARDEN_GROW);
    beat(g, GARDEN_BLOOM);
    ending(g, GARDEN_END, COUNT(GARDEN_END));
}

// ----------------------------------------------------------------------------
// 14. Afraid of the dark

static const char *const NIGHT_BED[] = {
    "It was bedtime. <A> {turned off|switched off} the {light|lamp} and {closed|shut} the door.",
    "<H:Who> was in bed, but <H:he> could not {sleep|close <H:his> eyes|get comfortable}.",
    "That night, the house was {very quiet|dark and still|so quiet}.",
    "<A> read <H> a story about {a dragon|a brave knight|a little owl|the moon} and said good night.",
    "<H:Who> {brushed <H:his> teeth|put on <H:his> pyjamas|hugged <H:his> teddy} and got into bed.",
};
static const char *const NIGHT_NOISE[] = {
    "Then <H:who> heard <%sound> {outside|downstairs|in the cupboard|on the roof}.",
    "Suddenly, there was <%sound> at the {window|door|wall}.",
    "^<H:who> heard <%sound> {under the bed|behind the curtain|in the corner}.",
    "{In the dark|A little later|Just then}, something went {tap, tap, tap|creak, creak|bump, bump|scratch, scratch}.",
};
static const char *const NIGHT_FEAR[] = {
    "^<H:who> was <%scared>. <H:He> pulled the {blanket|duvet|covers} over <H:his> head.",
    "(H: Who is there?) <H:His> voice was {very small|a tiny whisper|shaking}.",
    "<H:His> heart went {thump, thump|boom, boom|bump, bump}.",
    "^<H:who> {held <H:his> teddy tight|hid under the covers|did not move|held <H:his> breath}.",
    "{What could it be?|Was it a monster?|Was somebody there?} <H:Who> {wondered|was not sure|did not know}.",
};
static const char *const NIGHT_BRAVE[] = {
    "^<H:who> was {brave|very brave|braver than <H:he> felt}. <H:He> {turned on|switched on} the lamp.",
    "(H: <A>!) <A> came in and {turned on|switched on} the light.",
    "^<H:who> took <H:his> {torch|little lamp|night light} and {looked|had a look|shone it around}.",
    "^<H:who> counted to {three|five|ten} and {got out of bed|peeked out|switched on the light}.",
};
static const char *const NIGHT_ONLY[] = {
    "It was only <P>, playing with {a ball|a sock|a toy mouse|a piece of string}.",
    "It was only the wind {blowing|pushing|tapping} a branch against the {window|wall|roof}.",
    "It was only the rain {on the roof|on the window|in the gutter}.",
    "It was only {an old toy|a book|a teddy} that had fallen off the {shelf|chair|table}.",
    "It was only {a moth|the curtain|the old clock|the pipes} {making a noise|moving|in the dark}.",
};
static const char *const NIGHT_CALM[] = {
    "^<H:who> {laughed|smiled|giggled}. (H: There is nothing to be {scared|afraid} of.)",
    "(A: You see? {Everything is fine|It is only the wind|Nothing is there}.) <A> gave <H> a {kiss|hug|cuddle}.",
    "^<H:who> felt {much better|safe again|calm again}.",
    "<A> {left the door open|left the hall light on|sat with <H:him>} for a while.",
};
static const char *const NIGHT_END[] = {
    "Soon <H> was {fast asleep|sound asleep|snoring softly}.",
    "<H:Who> closed <H:his> eyes and dreamed of <%animal:s>.",
    "After that night, <H> was not afraid of the dark{| any more| ever again}.",
    "<H:Who> {smiled|yawned|snuggled down} and went to sleep.",
};

static void story_night(Gen *g)
{
    opening(g);
    beat(g, NIGHT_BED);
    texture(g, INSIDE);
    beat(g, NIGHT_NOISE);
    beat(g, NIGHT_FEAR);
    beat(g, NIGHT_BRAVE);
    beat(g, NIGHT_ONLY);
    beat(g, NIGHT_CALM);
    ending(g, NIGHT_END, COUNT(NIGHT_END));
}

// ----------------------------------------------------------------------------
// 15. A snowy day

static const char *const SNOW_START[] = {
    "When <H> woke up, everything was {white|covered in snow|soft and white}.",
    "It had snowed all night.",
    "(H: It is snowing!) <H:Who> ran to the window.",
    "Big {soft|white|fluffy} snowflakes were falling {outside|on the garden|past the window}.",
};
static const char *const SNOW_DRESS[] = {
    "^<H:who> put on <H:his> coat, a <col> hat and {warm gloves|mittens|a thick scarf}.",
    "<A> helped <H> put on <H:his> {boots and scarf|coat and hat|gloves}.",
    "^<H:who> got dressed {very fast|in a hurry|as quick as a flash}.",
};
static const char *const SNOW_PLAY[] = {
    "^<H:who> and <F> built a snowman with a carrot nose.",
    "^<H:who> and <F> had a snowball fight, and {<F> won|<H> won|nobody won}.",
    "^<H:who> lay {in the snow|down in the soft snow} and made a snow angel.",
    "^<H:who> pulled a sled up the hill and {slid|zoomed|raced} down again.",
    "The snowman got a <col> scarf and two {stones|buttons|pieces of coal} for eyes.",
    "^<H:who> {made footprints|caught snowflakes on <H:his> tongue|threw a snowball at a tree}.",
};
static const char *const SNOW_COLD[] = {
    "Soon <H:his> fingers were {cold|freezing} and <H:his> nose was {red|pink|cold}.",
    "After a while, <H> was {cold and wet|wet and tired|very cold}.",
};
static const char *const SNOW_WARM[] = {
    "{Back inside|At home|Indoors}, <A> made {hot chocolate|warm milk|cocoa}.",
    "^<H:who> sat by the {fire|heater|window} to get warm.",
    "They had warm {soup|toast|porridge} and {cocoa|tea|milk}.",
};
static const char *const SNOW_END[] = {
    "(H: I love snow days!)",
    "<H:Who> hoped it would snow again {tomorrow|soon|the next day}.",
    "From the window, <H> could see the snowman {smiling|waving|standing in the garden}.",
};

static void story_snow(Gen *g)
{
    opening(g);
    beat(g, SNOW_START);
    maybe(g, SNOW_DRESS);
    several(g, SNOW_PLAY, 2, 3);
    beat(g, SNOW_COLD);
    beat(g, SNOW_WARM);
    texture(g, GLAD);
    ending(g, SNOW_END, COUNT(SNOW_END));
}

// ----------------------------------------------------------------------------
// 16. Telling the truth

static const char *const TRUTH_BREAK[] = {
    "<H:Who> was playing {ball|catch|football} in the house. Crash! <H:He> broke <A>'s <%colour> vase.",
    "<H:Who> knocked a {cup|plate|glass|bowl} off the table, and it broke.",
    "While <H> was {painting|drawing|playing}, <H:he> spilled {paint|juice|ink} on the new rug.",
    "<H:Who> broke <H:his> {brother|sister}'s {toy|kite|robot} by mistake.",
    "<H:Who> ate the last <food> that was {for <A>|saved for later|on the plate}.",
};
static const char *const TRUTH_HIDE[] = {
    "^<H:who> was <%scared>. <H:He> did not want to get into trouble.",
    "<H:He> thought about {hiding it|saying nothing|blaming the cat}.",
    "^<H:who> did not tell anyone. <H:He> felt {bad|awful|sad} {all day|all evening|for hours}.",
    "<H:His> tummy felt {funny|heavy|tight} all {afternoon|evening|day}.",
};
static const char *const TRUTH_TELL[] = {
    "{At last|In the end|After dinner}, <H> went to <A>. (H: I am sorry. It was me.)",
    "(H: <A>, I have to tell you something.) ^<H:who> told <A:him> the truth.",
    "^<H:who> took a {deep|big|long} breath and told <A> what {happened|<H:he> had done}.",
};
static const char *const TRUTH_ANSWER[] = {
    "(A: Thank you for telling me the truth{|, <H>| and being brave}.)",
    "<A> was not angry. <A:He> gave <H> a {hug|kiss|big hug}.",
    "(A: {Accidents happen|Everyone makes mistakes|These things happen}. I am {proud of you|glad} {for being honest|that you told me}.)",
};
static const char *const TRUTH_FIX[] = {
    "Together, they {cleaned up the mess|swept up the pieces|wiped the floor}.",
    "They {fixed|mended} it with {some glue|tape|a little help from <A>}.",
    "^<H:who> helped to make it right{| again| straight away}.",
};
static const char *const TRUTH_END[] = {
    "It is always {best|good|right} to tell the truth.",
    "<H:Who> felt {light|happy|much better} again.",
    "<H:Who> learned that being honest is {brave|important|the best way}.",
};

static void story_truth(Gen *g)
{
    opening(g);
    texture(g, INSIDE);
    beat(g, TRUTH_BREAK);
    beat(g, TRUTH_HIDE);
    beat(g, TRUTH_TELL);
    beat(g, TRUTH_ANSWER);
    maybe(g, TRUTH_FIX);
    ending(g, TRUTH_END, COUNT(TRUTH_END));
}

// ----------------------------------------------------------------------------
// 17. A picnic

static const char *const PICNIC_PLAN[] = {
    "<%time_of_day>, <H> and <A> went on a picnic.",
    "(A: It is a {lovely|sunny|beautiful} day. Let's have a picnic!)",
    "<H>, <F> and <A> took a picnic to the <place>.",
    "<H:Who> and <F> {planned|packed|wanted} a picnic for the {afternoon|weekend|sunny day}.",
};
static const char *const PICNIC_PACK[] = {
    "They packed {sandwiches|rolls|buns}, <%food:s> and {lemonade|juice|water}.",
    "In the basket there was {bread|cheese|soup}, {crisps|cake|jam} and <%food:a>.",
    "^<H:who> carried the {basket|bag|box}, and <A> carried the {blanket|rug|chairs}.",
    "^<H:who> packed {a flask of tea|a bottle of juice|some lemonade} and {a big cake|two pies|some crisps}.",
};
static const char *const PICNIC_SIT[] = {
    "They {put|spread} the blanket on the grass under a {big|tall|shady} tree.",
    "They found a {sunny|quiet|nice} spot by the {water|pond|river}.",
    "They sat down on the {soft|warm|long} grass.",
};
/* Each trouble and what happened next, in pairs. */
static const char *const PICNIC_TROUBLE[] = {
    "{Then some|Suddenly some|Oh no! Some} ants came and {marched|walked|ran} across the {blanket|cake|bread}! Everyone {laughed|giggled} and moved the food.",
    "A {cheeky|hungry|big} duck came and took a piece of {bread|cake|cheese}. ^<H:who> laughed and gave it {one more|another bit|the crust}.",
    "A {gust|puff|rush} of wind blew the {napkins|paper plates|hats} away. ^<H:who> chased after them.",
    "A wasp buzzed around the {lemonade|jam|cake}. They {sat very still|moved away|waited} until it flew off.",
    "A {dog|puppy} came running and {sniffed|wanted|licked} the sandwiches. Its owner said sorry and everyone {laughed|giggled}.",
};
static const char *const PICNIC_AFTER[] = {
    "After lunch, they played <game>.",
    "^<H:who> lay on the {grass|blanket} and {looked at|watched} the clouds. One looked like {a rabbit|a boat|a dragon|an elephant}.",
    "They fed the crumbs to the {birds|ducks|pigeons}.",
    "^<H:who> {found a ladybird|picked daisies|made a daisy chain} in the grass.",
};

static void story_picnic(Gen *g)
{
    opening(g);
    beat(g, PICNIC_PLAN);
    beat(g, PICNIC_PACK);
    beat(g, PICNIC_SIT);
    texture(g, OUTSIDE);
    maybe(g, PICNIC_TROUBLE);
    several(g, PICNIC_AFTER, 1, 2);
    ending(g, NULL, 0);
}

// ----------------------------------------------------------------------------
// 18. A fable: the big animal and the small one

/* The big animal (one of many), the small one with how it moves and what it helps with, and a
 * trouble with the help that fits it. <move> is how the small animal goes ("scampered"),
 * <tool> what it works with ("teeth"). */
static const Character fable_big[] = {
    {"the lion", "lion", GENDER_UNSET},       {"the elephant", "elephant", GENDER_UNSET},
    {"the bear", "bear", GENDER_UNSET},       {"the horse", "horse", GENDER_UNSET},
    {"the tiger", "tiger", GENDER_UNSET},     {"the giraffe", "giraffe", GENDER_UNSET},
    {"the hippo", "hippo", GENDER_UNSET},     {"the rhino", "rhino", GENDER_UNSET},
    {"the gorilla", "gorilla", GENDER_UNSET}, {"the wolf", "wolf", GENDER_UNSET},
    {"the buffalo", "buffalo", GENDER_UNSET}, {"the camel", "camel", GENDER_UNSET},
};
static const struct { Character who; const char *move, *tool; } fable_small[] = {
    {{"the mouse", "mouse", GENDER_UNSET}, "scampered", "teeth"},
    {{"the rabbit", "rabbit", GENDER_UNSET}, "hopped", "teeth"},
    {{"the squirrel", "squirrel", GENDER_UNSET}, "ran", "teeth"},
    {{"the bird", "bird", GENDER_UNSET}, "flew", "beak"},
    {{"the crab", "crab", GENDER_UNSET}, "scuttled", "claws"},
    {{"the ant", "ant", GENDER_UNSET}, "crawled", "jaws"},
    {{"the frog", "frog", GENDER_UNSET}, "hopped", "hands"},
    {{"the hedgehog", "hedgehog", GENDER_UNSET}, "trotted", "nose"},
};
static const struct { const char *trouble, *help; } fable_trouble[] = {
    {"<BB:Cap> got caught in a hunter's {net|rope|trap}.",
     "<SS:Who> {nibbled|bit|cut} through the ropes with <SS:his> <tool>, {bit by bit|one by one|until the net broke}."},
    {"<BB:Cap> got a {sharp|long|big} thorn in <BB:his> {foot|paw}.",
     "<SS:Who> {climbed up|crept close} and pulled the thorn out with <SS:his> <tool>."},
    {"<BB:Cap> got stuck in the {deep|thick|sticky} mud.",
     "<SS:Who> <move> {off|away|as fast as <SS:he> could} and came back with all the other animals."},
    {"<BB:Cap> fell into a {deep|dark|big} hole.",
     "<SS:Who> <move> all the way to the {village|farm|town} and came back with {a farmer and a rope|two strong farmers|a long rope and a friend}."},
    {"<BB:Cap> got lost in the {deep|dark|thick} {forest|jungle|woods}.",
     "<SS:Who> knew the way. <SS:He> <move> ahead and showed <BB> the way home."},
    {"<BB:Cap> got <BB:his> {head|tail|leg} stuck between two branches.",
     "<SS:Who> <move> up the tree and {pushed|pulled} the branches apart with all <SS:his> {might|strength}."},
};

static const char *const FABLE_OPEN[] = {
    "Once upon a time, in a {big|deep|green|dark} {forest|jungle|valley}, there lived a {proud|big|strong} <BB:kind> and a {little|small|tiny} <SS:kind>.",
    "A {big|huge|great} <BB:kind> and a {small|little|tiny} <SS:kind> lived {near the same river|in the same wood|by the same lake|on the same hill}.",
    "Long ago, there was a <BB:kind> who thought <BB:he> was the {best|strongest|greatest}, and a {tiny|little|small} <SS:kind>.",
    "{Every animal|Everyone} in the {forest|jungle|valley} knew <BB>, the {biggest|strongest|proudest} of all. Nobody {knew|noticed|cared about} <SS>, who was {very small|tiny|quiet}.",
    "In a {sunny|quiet|wild|faraway} {meadow|forest|valley}, a {proud|loud|grand} <BB:kind> {ruled|lived|walked} among the other animals. {Near by|Under a rock|In a little hole} lived a {tiny|small|shy} <SS:kind>.",
};
static const char *const FABLE_LAUGH[] = {
    "<BB:Who> laughed at <SS>. (BB: You are so {small|tiny|little}! You {can not|could never} help anyone.)",
    "(BB: Go away, little <SS:kind>. You are too {small|tiny} to be my friend.)",
    "<BB:Who> did not want to {play|talk|walk} with <SS>, because <SS:he> was so {small|little|tiny}.",
    "One {day|morning|afternoon}, <SS> asked to play. <BB:Who> {laughed|shook <BB:his> head|looked away}. (BB: Play with you? You are {tiny|so small}!)",
    "<SS:Who> said hello, but <BB> {did not even look|only laughed|walked away}. (BB: {Who cares about|Nobody needs} a little <SS:kind>?)",
};
static const char *const FABLE_SAD[] = {
    "<SS:Who> was {sad|hurt|upset}, but <SS:he> said nothing.",
    "(SS: One day, I {might|will|could} help you.)",
    "The little <SS:kind> walked away {quietly|slowly|with a sigh}.",
    "<SS:Who> went {home|back to <SS:his> hole|away} and {cried a little|sat alone|thought about it}.",
    "<SS:Who> {looked down|felt very small|wished <SS:he> was bigger} {that day|for a long time|all evening}.",
};
static const char *const FABLE_WHEN[] = {
    "Then one day,",
    "Some days later,",
    "Not long after that,",
    "One {windy|rainy|dark|hot} {day|morning|evening},",
    "{A week|A month|Two days} later,",
};
static const char *const FABLE_CRY[] = {
    "(BB: Help! Help!) But the {big|other|strong} animals did not come.",
    "<BB:Who> cried for help{| all day| again and again}.",
    "<BB:Who> {roared|called|shouted} and {pulled|pushed|tried}, but it was no use.",
    "<BB:Who> {called|cried|shouted} for {the other animals|<BB:his> friends|anyone}. {Nobody came.|No one heard.|It was very quiet.}",
};
static const char *const FABLE_COME[] = {
    "The little <SS:kind> heard <BB:him> and came {running|at once|as fast as <SS:he> could}.",
    "Only <SS> came{| to help| to see}.",
    "<SS:Who> heard the noise and {hurried|ran|came} to see.",
    "{Then|Just then|At last}, a {small|tiny|little} voice {called out|said hello|squeaked}. It was <SS>!",
};
static const char *const FABLE_THANKS[] = {
    "(BB: Thank you, little <SS:kind>. I was {wrong|silly|unkind} about you.)",
    "<BB:Who> was very {thankful|grateful|happy}.",
    "<BB:Who> {bowed|smiled|looked down} at <SS>. (BB: You saved me!)",
    "(BB: {I am sorry I laughed at you|You are small, but you are brave|I will never laugh at you again}.)",
};
static const char *const FABLE_END[] = {
    "From that day on, <BB> and <SS> were {friends|best friends|good friends}.",
    "Even the smallest friend can be a {great|big} help{| to you}.",
    "Never laugh at someone for being small.",
    "After that, <BB> was never {proud|unkind|rude} to small animals again.",
};

static void story_fable(Gen *g)
{
    /* Both animals are he or she, drawn at the first pronoun (GENDER_UNSET). */
    cg_set_char(g, "BB", fable_big[cg_uniform(g, COUNT(fable_big))]);
    int k = cg_uniform(g, COUNT(fable_small));
    cg_set_char(g, "SS", fable_small[k].who);
    cg_set_word(g, "move", fable_small[k].move);
    cg_set_word(g, "tool", fable_small[k].tool);
    int t = cg_uniform(g, COUNT(fable_trouble));
    beat(g, FABLE_OPEN);
    beat(g, FABLE_LAUGH);
    beat(g, FABLE_SAD);
    beat(g, FABLE_WHEN);
    /* "Then one day, the lion got ...": the trouble goes on in the same sentence. */
    cg_expand(g, " ");
    size_t at = g->len;
    cg_expand(g, fable_trouble[t].trouble);
    if (g->text[at] >= 'A' && g->text[at] <= 'Z') g->text[at] = (char)(g->text[at] - 'A' + 'a');
    beat(g, FABLE_CRY);
    beat(g, FABLE_COME);
    cg_sentence(g, fable_trouble[t].help);
    beat(g, FABLE_THANKS);
    beat(g, FABLE_END);
}

// ----------------------------------------------------------------------------
// The plots

typedef void (*PlotFn)(Gen *g);
static const PlotFn plot_fns[] = {
    story_sharing, story_lost, story_race, story_cooking, story_helping, story_trip,
    story_birthday, story_rain, story_building, story_lost_pet, story_friend, story_school,
    story_garden, story_night, story_snow, story_truth, story_picnic, story_fable,
};
const char *const story_plot_names[] = {
    "sharing", "losing and finding", "a race", "cooking", "helping an animal", "a trip",
    "a birthday", "a rainy day", "building something", "a lost pet", "making a friend",
    "a day at school", "a garden", "afraid of the dark", "a snowy day", "telling the truth",
    "a picnic", "a fable",
};
const int story_plot_count = COUNT(plot_fns);

void story_plot(Gen *g, int plot)
{
    g->plot = plot;
    cast(g);
    plot_fns[plot](g);
}

void story_document(Gen *g) { story_plot(g, cg_uniform(g, COUNT(plot_fns))); }

// ----------------------------------------------------------------------------
// Every bank, for the template tests (tests/test_corpus.c checks that none is missing)

#define B(name) static const Bank bank_##name = BANK(name);
B(OPEN)
B(OPEN_MORE)
B(TIME)
B(OUTSIDE)
B(INSIDE)
B(GLAD)
B(END)
B(THE_END)
B(SHARE_TOY_HAS)
B(SHARE_TOY_PLAY)
B(SHARE_TOY_WANT)
B(SHARE_TOY_YES)
B(SHARE_TOY_TOGETHER)
B(SHARE_FOOD_HAS)
B(SHARE_FOOD_EAT)
B(SHARE_FOOD_WANT)
B(SHARE_FOOD_YES)
B(SHARE_FOOD_TOGETHER)
B(SHARE_MEET)
B(SHARE_NO)
B(SHARE_TURN)
B(SHARE_FEEL)
B(SHARE_END)
B(LOST_HAS)
B(LOST_GONE)
B(LOST_FEEL)
B(LOST_SEARCH)
B(LOST_ASK)
B(LOST_REPLY)
B(LOST_THINK)
B(LOST_FIND)
B(LOST_JOY)
B(LOST_END)
B(RACE_FRIENDS)
B(RACE_WHERE)
B(RACE_IDEA)
B(RACE_GOAL)
B(RACE_GO)
B(RACE_RUN)
B(RACE_FALL)
B(RACE_HELP)
B(RACE_THANKS)
B(RACE_WIN)
B(RACE_TIE)
B(RACE_AFTER)
B(RACE_END)
B(COOK_WANT)
B(COOK_NEED)
B(COOK_STEP)
B(COOK_OOPS)
B(COOK_CALM)
B(COOK_WAIT)
B(COOK_TASTE)
B(COOK_SHARE)
B(COOK_END)
B(NEED_FIND)
B(NEED_SEE)
B(NEED_FEEL)
B(NEED_PROUD)
B(NEED_END)
B(ZOO_SEE)
B(FARM_SEE)
B(BEACH_SEE)
B(FOREST_SEE)
B(MOUNTAIN_SEE)
B(LAKE_SEE)
B(CITY_SEE)
B(TRIP_PLAN)
B(TRIP_READY)
B(TRIP_GO)
B(TRIP_LUNCH)
B(TRIP_HOME)
B(BDAY_DAY)
B(BDAY_PREP)
B(BDAY_GUESTS)
B(BDAY_GIFT)
B(BDAY_GAME)
B(BDAY_CAKE)
B(BDAY_WISH)
B(BDAY_END)
B(RAIN_START)
B(RAIN_SAD)
B(RAIN_IDEA)
B(RAIN_FUN)
B(RAIN_STOP)
B(RAIN_BOW)
B(RAIN_END)
B(BUILD_IDEA)
B(BUILD_GET)
B(BUILD_WORK)
B(BUILD_FALL)
B(BUILD_SAD)
B(BUILD_AGAIN)
B(BUILD_DONE_AGAIN)
B(BUILD_DONE)
B(BUILD_END)
B(PET_HAS)
B(PET_LIKES)
B(PET_GONE)
B(PET_WORRY)
B(PET_SEARCH)
B(PET_FOUND)
B(PET_JOY)
B(PET_END)
B(FRIEND_NEW)
B(FRIEND_SHY)
B(FRIEND_SEE)
B(FRIEND_ASK)
B(FRIEND_YES)
B(FRIEND_INVITE)
B(FRIEND_ACCEPT)
B(FRIEND_PLAY)
B(FRIEND_END)
B(SCHOOL_GO)
B(SCHOOL_TEACHER)
B(SCHOOL_QUIZ)
B(SCHOOL_PRAISE)
B(SCHOOL_LATER)
B(SCHOOL_HOME)
B(GARDEN_START)
B(GARDEN_PLANT)
B(GARDEN_CARE)
B(GARDEN_WAIT)
B(GARDEN_GROW)
B(GARDEN_BLOOM)
B(GARDEN_END)
B(NIGHT_BED)
B(NIGHT_NOISE)
B(NIGHT_FEAR)
B(NIGHT_BRAVE)
B(NIGHT_ONLY)
B(NIGHT_CALM)
B(NIGHT_END)
B(SNOW_START)
B(SNOW_DRESS)
B(SNOW_PLAY)
B(SNOW_COLD)
B(SNOW_WARM)
B(SNOW_END)
B(TRUTH_BREAK)
B(TRUTH_HIDE)
B(TRUTH_TELL)
B(TRUTH_ANSWER)
B(TRUTH_FIX)
B(TRUTH_END)
B(PICNIC_PLAN)
B(PICNIC_PACK)
B(PICNIC_SIT)
B(PICNIC_TROUBLE)
B(PICNIC_AFTER)
B(FABLE_OPEN)
B(FABLE_LAUGH)
B(FABLE_SAD)
B(FABLE_WHEN)
B(FABLE_CRY)
B(FABLE_COME)
B(FABLE_THANKS)
B(FABLE_END)
#undef B

static const Bank *const story_bank_list[] = {
    &bank_OPEN, &bank_OPEN_MORE, &bank_TIME, &bank_OUTSIDE, &bank_INSIDE, &bank_GLAD, &bank_END,
    &bank_THE_END, &bank_SHARE_TOY_HAS, &bank_SHARE_TOY_PLAY, &bank_SHARE_TOY_WANT,
    &bank_SHARE_TOY_YES, &bank_SHARE_TOY_TOGETHER, &bank_SHARE_FOOD_HAS, &bank_SHARE_FOOD_EAT,
    &bank_SHARE_FOOD_WANT, &bank_SHARE_FOOD_YES, &bank_SHARE_FOOD_TOGETHER, &bank_SHARE_MEET,
    &bank_SHARE_NO, &bank_SHARE_TURN, &bank_SHARE_FEEL, &bank_SHARE_END, &bank_LOST_HAS,
    &bank_LOST_GONE, &bank_LOST_FEEL, &bank_LOST_SEARCH, &bank_LOST_ASK, &bank_LOST_REPLY,
    &bank_LOST_THINK, &bank_LOST_FIND, &bank_LOST_JOY, &bank_LOST_END, &bank_RACE_FRIENDS,
    &bank_RACE_WHERE, &bank_RACE_IDEA, &bank_RACE_GOAL, &bank_RACE_GO, &bank_RACE_RUN,
    &bank_RACE_FALL, &bank_RACE_HELP, &bank_RACE_THANKS, &bank_RACE_WIN, &bank_RACE_TIE,
    &bank_RACE_AFTER, &bank_RACE_END, &bank_COOK_WANT, &bank_COOK_NEED, &bank_COOK_STEP,
    &bank_COOK_OOPS, &bank_COOK_CALM, &bank_COOK_WAIT, &bank_COOK_TASTE, &bank_COOK_SHARE,
    &bank_COOK_END, &bank_NEED_FIND, &bank_NEED_SEE, &bank_NEED_FEEL, &bank_NEED_PROUD,
    &bank_NEED_END, &bank_ZOO_SEE, &bank_FARM_SEE, &bank_BEACH_SEE, &bank_FOREST_SEE,
    &bank_MOUNTAIN_SEE, &bank_LAKE_SEE, &bank_CITY_SEE, &bank_TRIP_PLAN, &bank_TRIP_READY,
    &bank_TRIP_GO, &bank_TRIP_LUNCH, &bank_TRIP_HOME, &bank_BDAY_DAY, &bank_BDAY_PREP,
    &bank_BDAY_GUESTS, &bank_BDAY_GIFT, &bank_BDAY_GAME, &bank_BDAY_CAKE, &bank_BDAY_WISH,
    &bank_BDAY_END, &bank_RAIN_START, &bank_RAIN_SAD, &bank_RAIN_IDEA, &bank_RAIN_FUN,
    &bank_RAIN_STOP, &bank_RAIN_BOW, &bank_RAIN_END, &bank_BUILD_IDEA, &bank_BUILD_GET,
    &bank_BUILD_WORK, &bank_BUILD_FALL, &bank_BUILD_SAD, &bank_BUILD_AGAIN, &bank_BUILD_DONE_AGAIN,
    &bank_BUILD_DONE, &bank_BUILD_END, &bank_PET_HAS, &bank_PET_LIKES, &bank_PET_GONE,
    &bank_PET_WORRY, &bank_PET_SEARCH, &bank_PET_FOUND, &bank_PET_JOY, &bank_PET_END,
    &bank_FRIEND_NEW, &bank_FRIEND_SHY, &bank_FRIEND_SEE, &bank_FRIEND_ASK, &bank_FRIEND_YES,
    &bank_FRIEND_INVITE, &bank_FRIEND_ACCEPT,
    &bank_FRIEND_PLAY, &bank_FRIEND_END, &bank_SCHOOL_GO, &bank_SCHOOL_TEACHER, &bank_SCHOOL_QUIZ,
    &bank_SCHOOL_PRAISE, &bank_SCHOOL_LATER, &bank_SCHOOL_HOME, &bank_GARDEN_START,
    &bank_GARDEN_PLANT, &bank_GARDEN_CARE, &bank_GARDEN_WAIT, &bank_GARDEN_GROW,
    &bank_GARDEN_BLOOM, &bank_GARDEN_END, &bank_NIGHT_BED, &bank_NIGHT_NOISE, &bank_NIGHT_FEAR,
    &bank_NIGHT_BRAVE, &bank_NIGHT_ONLY, &bank_NIGHT_CALM, &bank_NIGHT_END, &bank_SNOW_START,
    &bank_SNOW_DRESS, &bank_SNOW_PLAY, &bank_SNOW_COLD, &bank_SNOW_WARM, &bank_SNOW_END,
    &bank_TRUTH_BREAK, &bank_TRUTH_HIDE, &bank_TRUTH_TELL, &bank_TRUTH_ANSWER, &bank_TRUTH_FIX,
    &bank_TRUTH_END, &bank_PICNIC_PLAN, &bank_PICNIC_PACK, &bank_PICNIC_SIT, &bank_PICNIC_TROUBLE,
    &bank_PICNIC_AFTER, &bank_FABLE_OPEN, &bank_FABLE_LAUGH, &bank_FABLE_SAD, &bank_FABLE_WHEN,
    &bank_FABLE_CRY, &bank_FABLE_COME, &bank_FABLE_THANKS, &bank_FABLE_END,
};
const BankList story_banks = {story_bank_list, COUNT(story_bank_list)};
