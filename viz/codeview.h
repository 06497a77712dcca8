/* codeview.h — the code behind each picture: which functions of ref/ made it, which of their lines
 * did the work, and the numbers those lines produced for what is on screen now.
 *
 * Each picture has one or two sections. A section is a function in the sources built into the
 * program (sources.h): the function that raised the picture's hook event (the trace keeps every
 * kind's site, GbSite in ref/util.h) or, when the event is raised by the caller of the code that
 * did the work (TOKENS, PROBS, SAMPLE are raised in generate.c), the function that did it. The
 * lines that do the work carry a tag comment in ref/ (@score, @softmax, ...); a section lists the
 * tags its picture explains, and each gets a live value computed from the trace.
 *
 *   tokens       bpe_piece            one symbol per byte, lowest rank, merge
 *   attention    attention            scale, mask, score, softmax, weighted sum
 *   bars         sampler_distribution temperature, softmax, top-k, top-p, renormalise
 *                sampler_draw         uniform number, running total, lands here
 *   neighbours   gpt_forward          token row, position row, sum
 *   lens         gpt_forward          attention adds, MLP adds, final LayerNorm, LM head
 *
 * codeview_build works without SDL drawing: the tests call it and compare the values with the
 * trace; panel_code.c draws what it returns.
 */
#ifndef GB_CODEVIEW_H
#define GB_CODEVIEW_H

#include "codetags.h"
#include "panels.h"
#include "sources.h"

#define CODE_SECTIONS 2

typedef struct {
    char tag[32];              /* "score" */
    int line;                  /* where the tag is in the file (0: not found) */
    int has_value;             /* value holds a number from the trace */
    double value;              /* the number the text shows first (as computed from the trace) */
    char text[200];            /* what the line did for the picture on screen, in words */
} CodeMark;

typedef struct {
    const SourceFile *file;    /* NULL: the source is not built in */
    char func[64];
    int first, last;           /* the function's lines, 1-based, inclusive */
    GptEventKind kind;         /* the event this section explains */
    GbSite site;               /* where the trace says that event was raised (file NULL: not yet) */
    int site_inside;           /* the site's line is inside this section */
    int n_marks;
    CodeMark marks[CODE_MARKS];
} CodeSection;

typedef struct {
    int picture;               /* PANEL_* */
    char title[256];           /* "The code that computed this attention heatmap" */
    int n;
    CodeSection sec[CODE_SECTIONS];
} CodeView;

/* The code behind picture (PANEL_*) for the scene on screen; the bars' values are for hover_bar
 * (a token id under the mouse), else the chosen token, else the top bar. Returns 0, or -1 if the picture has
 * no code view (the section's source or function is missing: out->title says why). */
int codeview_build(const Scene *s, int picture, int hover_bar, CodeView *out);

#endif
