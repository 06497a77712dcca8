/* codetags.h — the code view's map: for each picture, the functions of ref/ behind it and the
 * tagged lines (@score, @softmax, ...) it explains. No SDL here, so the lesson parser can check a
 * `code` directive's tag against it. codeview.h explains how the viewer uses it.
 */
#ifndef GB_CODETAGS_H
#define GB_CODETAGS_H

#include "gpt.h"

#define CODE_MARKS 6

typedef struct {
    int picture;               /* PANEL_* (0 tokens, 1 attention, 2 probs, 3 neighbours, 4 lens) */
    GptEventKind kind;         /* the event the section explains */
    const char *file, *func;   /* NULL: the function that raised the event (the trace's site) */
    const char *tags[CODE_MARKS + 1];   /* NULL-terminated, in the order the code runs them */
} CodeSpec;

extern const CodeSpec code_specs[];
extern const int code_spec_count;

/* 1 if the code view of picture explains a line tagged `tag`. */
int code_tag_known(int picture, const char *tag);

#endif
