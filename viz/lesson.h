/* lesson.h — lesson files: plain text a teacher writes, one directive per line (docs/lessons.md).
 *
 *   title      What a language model does
 *   summary    It reads the text so far and gives every possible next token a probability.
 *   prompt     The Eiffel Tower is located in
 *   check      top " Paris"
 *   say        The model's favourite next token is *Paris*.
 *   ask        Which word comes next?
 *   choice     " Paris"
 *   choice     " London"
 *
 * A lesson is a list of directives run in order. The player stops at every `say` (a page of
 * narration) and twice at every `ask` (the question with the bars hidden, then the answer).
 * Everything between two stops — a new prompt, settings, steps, forced tokens, highlights, checks,
 * training — happens when the teacher presses Next. Checks are claims about what the model shows
 * at that moment; the player evaluates them and the test suite fails when one does not hold.
 *
 *   lesson_parse / lesson_load   text -> Lesson, or "<file>:<line>: <what was expected>"
 *   lesson_bind                  resolve token texts to ids and check layers, heads and data
 *                                files against a model: a lesson that names a token the
 *                                vocabulary lacks is an error before it starts
 *   lesson_free
 *
 * No SDL and no model here: the parser is a plain function of the text (tests/fuzz use it alone).
 */
#ifndef GB_LESSON_H
#define GB_LESSON_H

#include "gpt.h"
#include "tokenizer.h"
#include "util.h"

#include <stddef.h>

#define LESSON_MAX_BYTES (1 << 20)   /* a lesson is a few KB; anything over 1 MB is not a lesson */
#define LESSON_MAX_CHOICES 6

typedef enum {
    LD_PROMPT,        /* text: the new prompt (the generation starts again from it) */
    LD_TEMPERATURE,   /* num */
    LD_TOP_K,         /* i1 (0 = off) */
    LD_TOP_P,         /* num (1 = off) */
    LD_SEED,          /* i1 */
    LD_PANEL,         /* i1: LESSON_PANEL_* */
    LD_HIGHLIGHT,     /* kind: LH_*; see below */
    LD_SAY,           /* text: narration, a stop */
    LD_STEP,          /* i1: sample this many tokens */
    LD_FORCE,         /* tok[0]: append this token */
    LD_BACK,          /* i1: take back this many tokens */
    LD_ASK,           /* text: the question; choices; answer (-1: the model decides); two stops */
    LD_CHECK,         /* kind: LC_*; see below */
    LD_TRAIN,         /* i1 steps, text: data file (relative to the lesson); a small model from scratch */
    LD_FINETUNE,      /* i1 steps, examples: nudge the model on screen towards these sentences */
    LD_RESTORE,       /* put the model's original weights back (after a finetune) */
    LD_EVIDENCE,      /* i1: 1 show the corpus counts beside the bars, 0 hide them */
    LD_LOGITS,        /* i1: 1 show the raw scores beside the bars, 0 hide them */
    LD_IDS,           /* i1: 1 show token ids in the strip, 0 hide them */
    LD_CODE,          /* i1: a PANEL_* whose code to show beside it, or -1 to close the code view;
                         text: the tag of the line to start near ("": the first) */
} LessonOp;

/* Panels a lesson can put in front: the viewer's panels, all of them, or the training panel. */
enum { LESSON_PANEL_ALL = -1, LESSON_PANEL_TRAINING = 100 };

typedef enum {
    LH_NONE,          /* clear every highlight */
    LH_TOKEN,         /* i1: position (0-based) in the strip; selects it */
    LH_HEAD,          /* i1 layer, i2 head (0-based; written 1-based as the viewer shows them) */
    LH_BAR,           /* tok[0] */
    LH_NEIGHBOUR,     /* tok[0] */
} LessonHighlight;

typedef enum {
    LC_TOP,           /* tok[0] is the most likely next token */
    LC_PROBABILITY,   /* p(tok[0]) in [lo, hi] (fractions) */
    LC_ABOVE,         /* tok[0] ranks above tok[1] */
    LC_ATTENDS,       /* the highlighted head, at the selected position, attends most to tok[0] */
    LC_NEIGHBOUR,     /* tok[0] is among the i1 nearest neighbours of tok[1] */
    LC_EVIDENCE,      /* the corpus continued the context with tok[0]: share in [lo, hi] (percent
                         given) or count in [lo, hi] (percent 0) */
    LC_SPLIT,         /* text splits into i1 tokens */
    LC_CHOSEN,        /* the last token in the strip is tok[0] */
    LC_LOSS_BELOW,    /* the last training run's final loss is below lo */
    LC_LOSS_ABOVE,    /* ... above lo */
    LC_LOGIT,         /* the raw score of tok[0] is in [lo, hi] */
    LC_PARAMETERS,    /* the model has exactly num parameters */
    LC_SHAPE,         /* the weight tensor `text` has shape (i1) or (i1, i2) (i2 = 0: one dimension) */
    LC_FILE_BYTES,    /* the model's model.safetensors is exactly num bytes */
} LessonCheck;

/* A token written in a lesson: its text in quotes, " Paris", resolved to an id by lesson_bind. */
typedef struct {
    char *text;
    int len;
    int id;
} LessonToken;

typedef struct {
    LessonOp op;
    int line;                 /* 1-based line in the file */
    int kind;                 /* LH_* or LC_* */
    char *text;               /* say / ask / prompt / split text / train data file */
    LessonToken tok[2];
    int i1, i2;
    double num, lo, hi;
    int percent;              /* LC_PROBABILITY / LC_EVIDENCE: lo and hi were given in percent */
    int n_choices;            /* LD_ASK */
    char *choices[LESSON_MAX_CHOICES];
    LessonToken choice_tok[LESSON_MAX_CHOICES];   /* when every choice is one quoted token */
    int choices_are_tokens;
    int answer;               /* 0-based, or -1: the choice the model ranks highest */
    int n_examples;           /* LD_FINETUNE */
    char **examples;
} LessonDirective;

typedef struct {
    char path[1024];          /* the file, as named in messages */
    char dir[1024];           /* its folder: train data is found relative to it */
    char *title, *summary;
    LessonDirective *d;
    int n;
    int n_stops;              /* pages the player shows: one per say, two per ask */
    int n_asks, n_checks;
} Lesson;

/* Parse text[0..len) (name: for messages and relative paths). Returns 0, or -1 with err
 * "<name>:<line>: <problem> (hint: ...)" and nothing to free. */
int lesson_parse(Lesson *L, const char *name, const char *text, size_t len, GbError *err);
/* Read and parse a file (at most LESSON_MAX_BYTES). */
int lesson_load(Lesson *L, const char *path, GbError *err);
void lesson_free(Lesson *L);

/* Resolve every token to an id of tok and check that highlighted heads exist in c and that train
 * data files can be read. Returns 0, or -1 with err naming the line. */
int lesson_bind(Lesson *L, const Tokenizer *tok, const GptConfig *c, GbError *err);

/* "top", "probability", ... for messages. */
const char *lesson_check_name(int kind);

#endif
