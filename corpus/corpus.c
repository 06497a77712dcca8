/* corpus.c — the whole corpus: which kind of document comes next, the generation loop, and the
 * tables the model tests read (heldout.tsv, facts.tsv, probes.tsv).
 */
#include "corpus.h"

#include <stdio.h>

// ----------------------------------------------------------------------------
// The document mix

const char *const doc_kind_names[DOC_KINDS] = {"story", "facts", "scene", "sequence", "echo"};
/* Out of 103 documents: 55 stories, 36 fact paragraphs, 8 scenes with probes, 4 sequences.
 * Stories are longer, so they are most of the bytes (see docs/corpus.md for the measured mix).
 * Echo games are off unless asked for (corpusgen --echo N: N more in every 100 + N documents);
 * with a weight of 0 they are never drawn, and the text is the same as without them. */
const uint32_t doc_kind_weight[DOC_KINDS] = {55, 36, 8, 4, 0};

void corpus_document(Gen *g)
{
    uint32_t weight[DOC_KINDS];
    for (int k = 0; k < DOC_KINDS; k++) weight[k] = doc_kind_weight[k];
    weight[DOC_ECHO] = g->echo_weight;
    cg_begin_doc(g);
    g->doc_kind = cg_choose(g, DOC_KINDS, weight);
    switch (g->doc_kind) {
    case DOC_STORY: story_document(g); break;
    case DOC_FACTS: fact_document(g); break;
    case DOC_SCENE: scene_document(g); break;
    case DOC_ECHO: echo_document(g); break;
    default: sequence_document(g); break;
    }
    cg_end_doc(g);
}

void corpus_generate(Gen *g, size_t bytes)
{
    while (g->len < bytes) corpus_document(g);
}

// ----------------------------------------------------------------------------
// The tables for the model tests

static int write_prompts(const char *path, const char *what, const FactPrompt *p, int n,
                         GbError *err)
{
    GbOutFile out;
    if (gb_create(&out, path, err)) return -1;
    FILE *f = out.fp;
    fprintf(f, "# %s\n", what);
    fprintf(f, "# Written by corpusgen from the tables in corpus/facts.c; regenerate, do not edit.\n");
    fprintf(f, "# columns: prompt, next word (the model's next token is a space and this word),\n");
    fprintf(f, "#          whole answer, subject, phrasing\n");
    for (int i = 0; i < n; i++)
        fprintf(f, "%s\t%s\t%s\t%s\t%s\n", p[i].prompt, p[i].next, p[i].answer, p[i].subject,
                p[i].phrasing);
    return gb_commit(&out, err);
}

int corpus_write_heldout(const char *path, GbError *err)
{
    FactPrompt p[64];
    int n = facts_heldout(p, 64);
    return write_prompts(path, "heldout.tsv: designated facts asked in the two phrasings the corpus "
                         "never uses for them", p, n, err);
}

int corpus_write_facts(const char *path, GbError *err)
{
    FactPrompt p[64];
    int n = facts_seen(p, 64);
    return write_prompts(path, "facts.tsv: fact prompts in phrasings the corpus uses for them",
                         p, n, err);
}

int corpus_write_probes(const char *path, GbError *err)
{
    GbOutFile out;
    if (gb_create(&out, path, err)) return -1;
    FILE *f = out.fp;
    fprintf(f, "# probes.tsv: prompts whose next word the corpus draws from a designed table\n");
    fprintf(f, "# Written by corpusgen from corpus/scenes.c; regenerate, do not edit.\n");
    fprintf(f, "# columns: prompt, then pairs of next word (after a space) and its probability\n");
    for (int i = 0; i < probe_count; i++) {
        const Probe *p = &probes[i];
        uint32_t total = 0;
        for (int j = 0; j < p->n; j++) total += p->weight[j];
        fprintf(f, "%s", p->prompt);
        for (int j = 0; j < p->n; j++) fprintf(f, "\t%s\t%.4f", p->words[j], (double)p->weight[j] / total);
        fprintf(f, "\n");
    }
    return gb_commit(&out, err);
}
