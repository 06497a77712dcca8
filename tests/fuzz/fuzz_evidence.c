/* fuzz_evidence.c — the evidence index (evidence.tsv): loaded, then looked up with a few texts. */
#include "fuzz.h"
#include "evidence.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[256];
    fuzz_write(path, sizeof path, "evidence.tsv", data, size);
    EvidenceIndex ix;
    GbError err;
    if (evidence_load(&ix, path, &err) != 0) {
        if (!strstr(err.msg, "evidence.tsv")) abort();
        return 0;
    }
    const char *texts[] = {"The cat sat on the", "", "\n\n", "is located in", "a"};
    for (int i = 0; i < 5; i++) evidence_lookup(&ix, texts[i], strlen(texts[i]));
    for (int i = 0; i < ix.n_entries; i++)
        if (evidence_find(&ix, ix.entries[i].context, ix.entries[i].context_len) == NULL) abort();
    evidence_free(&ix);
    return 0;
}
