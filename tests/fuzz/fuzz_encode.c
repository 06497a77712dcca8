/* fuzz_encode.c — the classroom model's tokenizer on arbitrary bytes: encoding never fails on
 * input it accepts, the byte spans tile the input, and decoding gives the same bytes back. */
#include "fuzz.h"
#include "tokenizer.h"

static Tokenizer tok;
static int loaded;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!loaded) {
        GbError err;
        const char *dir = getenv("GLASSBOX_FUZZ_MODEL");
        if (tok_load(&tok, dir ? dir : "assets/models/classroom", &err) != 0) {
            fprintf(stderr, "%s (hint: run from the repository, or set GLASSBOX_FUZZ_MODEL)\n", err.msg);
            abort();
        }
        loaded = 1;
    }
    TokList list = {0};
    GbError err;
    if (tok_encode(&tok, (const char *)data, size, &list, &err) == 0) {
        size_t at = 0;
        for (int i = 0; i < list.n; i++) {
            if ((size_t)list.start[i] != at || list.end[i] <= list.start[i]) abort();
            at = (size_t)list.end[i];
        }
        if (at != size) abort();
        size_t n;
        char *back = tok_decode(&tok, list.ids, list.n, &n);
        if (!back || n != size || (size && memcmp(back, data, size))) abort();
        free(back);
    }
    tok_list_free(&list);
    return 0;
}
