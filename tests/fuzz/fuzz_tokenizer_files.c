/* fuzz_tokenizer_files.c — vocab.json and merges.txt together. The input is split at its first
 * NUL byte: vocab.json before it, merges.txt after. A tokenizer that loads must encode and decode
 * a sentence without trouble. */
#include "fuzz.h"
#include "tokenizer.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, 0, size);
    size_t vs = nul ? (size_t)(nul - data) : size;
    char path[256];
    fuzz_write(path, sizeof path, "vocab.json", data, vs);
    fuzz_write(path, sizeof path, "merges.txt", nul ? nul + 1 : data + size, nul ? size - vs - 1 : 0);
    Tokenizer tok;
    GbError err;
    if (tok_load(&tok, fuzz_dir(), &err) != 0) return 0;
    const char *text = "The cat sat on the mat. \xF0\x9F\x99\x82 It's 12!";
    TokList list = {0};
    if (tok_encode(&tok, text, strlen(text), &list, &err) == 0) {
        size_t n;
        char *back = tok_decode(&tok, list.ids, list.n, &n);
        free(back);
    }
    tok_list_free(&list);
    tok_free(&tok);
    return 0;
}
