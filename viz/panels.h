/* panels.h — the viewer's panels. Each is one file with one entry point shaped like
 * `*_draw(Ui *, const Scene *, Rect)`: it draws from the Scene (the trace plus what the viewer
 * derived from it and what the user chose) into the rectangle, and leaves clickable zones (Hit)
 * for the next frame's input. Panels never change the session and never call the model.
 *
 *   panel_tokens.c      the prompt and continuation as coloured tokens; click selects
 *   panel_attention.c   heatmap for a layer and head, the all-heads grid, pickers
 *   panel_neighbours.c  nearest tokens by cosine similarity and the PCA map
 *   panel_probs.c       next-token bars, cut-offs, temperature / top-k / top-p sliders
 *   panel_lens.c        the logit lens: what each layer would predict
 *   panel_chrome.c      header, help, messages, frame times, the no-model screen
 */
#ifndef GB_PANELS_H
#define GB_PANELS_H

#include "embed.h"
#include "lens.h"
#include "session.h"
#include "trainrun.h"
#include "ui.h"

/* What a click on a zone does. */
enum {
    HIT_NONE,
    HIT_TOKEN,        /* index: position; selects it */
    HIT_EDIT,         /* start editing the prompt */
    HIT_BAR,          /* index: token id; forces it */
    HIT_LAYER_PREV, HIT_LAYER_NEXT, HIT_HEAD_PREV, HIT_HEAD_NEXT,
    HIT_THUMB,        /* index: layer * heads + head */
    HIT_HEATMAP,      /* the heatmap itself (hover shows the value) */
    HIT_COLORMAP,     /* switch viridis / cividis */
    HIT_SLIDER_TEMPERATURE, HIT_SLIDER_TOP_K, HIT_SLIDER_TOP_P,  /* drag or wheel */
    HIT_NEIGHBOUR,    /* index: token id (hover shows its score) */
    HIT_HELP,
    HIT_LESSON,       /* index: the lesson menu's entry */
    HIT_LESSON_NEXT, HIT_LESSON_BACK, HIT_LESSON_LEAVE,
    HIT_CODE,         /* index: the picture; the wheel scrolls the code */
};

enum { PANEL_ALL = -1, PANEL_TOKENS, PANEL_ATTENTION, PANEL_PROBS, PANEL_NEIGHBOURS, PANEL_LENS, PANEL_COUNT };
extern const char *const panel_names[PANEL_COUNT];

/* What the user chose: everything here changes only through input. */
typedef struct {
    int selected;             /* the position clicked in the token strip, or -1: the last token */
    int layer, head;          /* the heatmap's */
    int show_ids;
    int help;                 /* the key list is open */
    int overlay;              /* frame times */
    int solo;                 /* PANEL_ALL, or one panel filling the window */
    int editing;              /* the prompt is being edited */
    char edit[2048];
    int edit_len, caret;      /* bytes; the caret is a byte offset at a code point boundary */
    int drag;                 /* the slider being dragged (HIT_SLIDER_*), or 0 */
    int anim_step;            /* the step whose choice is being animated, or -1 */
    float anim;               /* 0 .. 1 through the animation */
    char message[512];        /* shown at the bottom until message_until */
    double message_until;
    int message_error;
    int evidence;             /* E: the corpus counts beside the bars */
    int quiz;                 /* a lesson's question is open: the answer (bars, lens) is hidden */
    int hl_bar;               /* a lesson's highlights: a bar's token, a neighbour's token, or -1 */
    int hl_neighbour;
    int hl_head;              /* 1: the lesson points at the heatmap's layer and head */
    int show_logits;          /* G: each bar's raw score (logit) beside its probability */
    int code;                 /* C: the code view is open beside the picture `code_for` */
    int code_for;             /* PANEL_*: the picture whose code is shown (Tab moves on) */
    int code_scroll;          /* rows the wheel moved the code from its starting place */
    char code_tag[32];        /* the tagged line the code starts near ("": the first) */
} View;

#define NEIGHBOURS_MAX 10

/* Everything a panel may read. */
typedef struct {
    const Trace *trace;
    const Tokenizer *tok;     /* the bytes of candidate tokens that are not in the trace */
    const View *view;
    const Bars *bars;         /* for the step after the cursor (or the one being animated) */
    int cursor;               /* chosen tokens on screen */
    int chosen;               /* chosen tokens in the trace (more than cursor after stepping back) */
    int last;                 /* the last position on screen */
    int focus;                /* the position the panels describe (selected, else last) */
    int full;                 /* the context window is full */
    const Lens *lens;         /* rows for `focus` when lens_ok */
    int lens_ok;
    EmbedMap *embed;
    int nb_n;                 /* neighbours of the focus token */
    int nb_ids[NEIGHBOURS_MAX];
    float nb_scores[NEIGHBOURS_MAX];
    const char *model_name;
    unsigned version;         /* the session's: caches compare it */
    const Evidence *evidence; /* for the bars, when the view shows it (NULL: hidden) */
    int has_evidence;         /* the model folder has an evidence index */
    const TrainRun *run;      /* a lesson's training run, or NULL */
} Scene;

/* The token's bytes from the trace or the tokenizer ("" if it has none). */
const unsigned char *scene_token(const Scene *s, int id, int *len);

/* Common panel frame: background, title; returns the content rectangle and clips to it. */
Rect panel_begin(Ui *ui, Rect r, const char *title);
void panel_end(Ui *ui);
/* A one-line message centred in r (e.g. "computing …"). */
void panel_note(Ui *ui, Rect r, const char *text);
/* A progress bar with a caption. */
void panel_progress(Ui *ui, Rect r, const char *caption, float fraction);
/* The colour of the chip for position i. */
SDL_Color token_color(const Ui *ui, int i);

void tokens_draw(Ui *ui, const Scene *s, Rect r);

typedef struct {
    SDL_Texture *heat, *grid;
    int heat_n, grid_w, grid_h;
    unsigned heat_key[8], grid_key[8];  /* what the textures were made from */
} AttentionCache;
void attention_draw(AttentionCache *c, Ui *ui, const Scene *s, Rect r);
void attention_cache_free(AttentionCache *c);

typedef struct {
    SDL_Texture *dots;
    unsigned key[6];
} NeighboursCache;
void neighbours_draw(NeighboursCache *c, Ui *ui, const Scene *s, Rect r);
void neighbours_cache_free(NeighboursCache *c);

void probs_draw(Ui *ui, const Scene *s, Rect r);
/* The sliders: a setting's position on its track (0 .. 1), and the setting at a position. */
float slider_position(int kind, const SamplerSettings *s);
void slider_set(int kind, float t, SamplerSettings *s);
void lens_draw(Ui *ui, const Scene *s, Rect r);

/* panel_code.c: the code behind `picture` (PANEL_*), see codeview.h. */
void code_draw(Ui *ui, const Scene *s, Rect r, int picture);

/* panel_training.c: the loss curve, the probe's bars and the samples of a training run. */
void training_draw(Ui *ui, const Scene *s, Rect r);

/* panel_lesson.c: a lesson's narration box and the lesson menu. They read the viewer's Player
 * and LessonMenu (viewer.h), passed as opaque pointers to keep this header free of them. */
struct Viewer;
void lesson_box_draw(Ui *ui, const struct Viewer *v, Rect r);
void lesson_menu_draw(Ui *ui, const struct Viewer *v, Rect r);
/* Text with *emphasis* wrapped into width w from (x, y); returns the height used. Draws nothing
 * when draw is 0 (to measure). */
int ui_wrap(Ui *ui, FontId f, int x, int y, int w, const char *text, SDL_Color c, SDL_Color em, int draw);

void header_draw(Ui *ui, const Scene *s, Rect r);
/* The welcome screen (the first run, and ?): what glassbox is, the lessons, every key. */
void help_draw(Ui *ui, const struct Viewer *v, Rect r);
void message_draw(Ui *ui, const View *v, Rect r);
void overlay_draw(Ui *ui, Rect r, const double *ms, int n, const char *renderer);
void no_model_draw(Ui *ui, Rect r, const char *dir, const char *problem, const char *hint);
void loading_draw(Ui *ui, Rect r, const char *dir);

#endif
