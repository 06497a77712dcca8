/* session.h — the viewer's model side: a model folder, its tokenizer, the generator and the trace
 * it records, the cursor (how many chosen tokens are on screen) and the sampling controls.
 *
 * Everything the panels show comes from the trace. The session only moves it:
 *
 *   next      cursor < chosen: the step is already in the trace; if it was drawn with the
 *             settings now in force it is shown again (a seeded draw would give the same token),
 *             otherwise it is drawn again (a branch). cursor == chosen: a new step.
 *   back      cursor - 1; the trace keeps the steps after it (shown ghosted)
 *   force     branch: trace_truncate + gen_rewind at the cursor, then gen_step with that token
 *   settings  new temperature / top-k / top-p; at the end of the trace the pending distribution
 *             is predicted again so the trace holds what the bars show
 *
 * After every change the session predicts the next distribution (gen_predict), so the trace always
 * holds the activations of the last token on screen and the bars for the next one.
 *
 * No SDL here: the interaction tests drive a session directly.
 */
#ifndef GB_SESSION_H
#define GB_SESSION_H

#include "evidence.h"
#include "generate.h"
#include "trace.h"

typedef struct {
    int loaded;
    char dir[4096];
    GptModel model;
    Tokenizer tok;
    Generator gen;
    Trace trace;
    SamplerSettings settings;   /* the controls now */
    SamplerSettings initial;    /* what reset goes back to */
    int cursor;                 /* chosen tokens on screen, 0 .. session_chosen() */
    int full;                   /* the context window is full: there is no next token */
    unsigned version;           /* changes whenever the trace, the cursor or the settings change */
    int changed_from;           /* the first position whose record changed since the viewer last
                                   cleared this (INT_MAX: none); caches of positions before it
                                   stay valid */
    float *probs, *probs_temp;  /* (V) scratch for session_bars */
    uint8_t *cut, *cut_temp;    /* (V) */
    int *order;                 /* (V) */
    int has_evidence;           /* the folder has an evidence index (evidence.tsv) */
    EvidenceIndex evidence;
    char evidence_problem[1024];/* why it has none, when the file exists but is broken */
} Session;

/* Load dir (config.json, model.safetensors, vocab.json, merges.txt), tokenize the prompt and
 * predict the first token. Returns 0, or -1 with err ("<file>: <problem> (hint: ...)"). On
 * failure nothing needs freeing. */
int session_open(Session *s, const char *dir, const char *prompt, SamplerSettings settings, GbError *err);
void session_close(Session *s);

int session_chosen(const Session *s);     /* tokens chosen so far in the trace */
int session_last_pos(const Session *s);   /* the last position on screen */

int session_next(Session *s, GbError *err);
int session_back(Session *s);             /* returns 1 if the cursor moved */
int session_force(Session *s, int id, GbError *err);
int session_set_prompt(Session *s, const char *text, size_t len, GbError *err);
int session_set_settings(Session *s, SamplerSettings settings, GbError *err);
/* Back to the prompt with the settings the session was opened with. */
int session_reset(Session *s, GbError *err);

/* ----------------------------------------------------------------------------------------------
 * The probability bars: the distribution for the token after the cursor, reshaped with the
 * settings now in force (sampler_distribution on the logits the trace recorded), its top
 * candidates by logit, and what the trace chose at that step if it chose anything. */

#define BARS_MAX 16             /* candidates kept; the panel shows 10, more when it has room */

typedef struct {
    int valid;                  /* 0: no distribution (the context window is full) */
    int step, pos;              /* the step these bars are for and the position it reads */
    int n;                      /* candidates */
    int ids[BARS_MAX];
    float p[BARS_MAX];          /* in the distribution that would be sampled from */
    float p_temp[BARS_MAX];     /* after temperature only, before top-k / top-p */
    uint8_t cut[BARS_MAX];      /* GptCut */
    float logit[BARS_MAX];      /* the raw score each candidate got, before softmax */
    int kept;                   /* tokens that can be drawn (all of V when nothing is cut) */
    int chosen;                 /* the token the trace chose at this step, or -1 */
    int chosen_forced;
    int chosen_rank;            /* its rank by logit (0 = the most likely) */
    float chosen_p, chosen_p_temp;
    uint8_t chosen_cut;
    int same_settings;          /* the trace chose it with the settings now in force */
    SamplerSettings settings;
} Bars;

/* Fill bars for step `step` (0 .. cursor) from the trace. */
void session_bars(Session *s, int step, Bars *bars);

/* ----------------------------------------------------------------------------------------------
 * Corpus evidence: how often each next token followed the text so far in the training corpus
 * (the longest ending of the text that the model folder's evidence.tsv knows). A next piece
 * counts for the token it starts with (" Paris" for " Paris", " Par" if the vocabulary splits
 * it so), so the counts line up with the bars. */

#define EVIDENCE_SHOWN 16

typedef struct {
    int valid;                  /* an ending of the text was found */
    char context[160];          /* the ending that matched (its bytes, cut to fit) */
    int context_pieces;         /* how many words it has */
    uint64_t total;             /* how often that ending occurred with something after it */
    int n;                      /* distinct first tokens of the next pieces listed */
    int ids[EVIDENCE_SHOWN];
    uint64_t counts[EVIDENCE_SHOWN];
    uint64_t listed;            /* the counts listed add up to this; total - listed: other words */
} Evidence;

/* The evidence for the token after position pos (the text of positions 0..pos). */
void session_evidence(const Session *s, int pos, Evidence *ev);
/* How often token id came next (0 if not listed). */
uint64_t evidence_count(const Evidence *ev, int id);

#endif
