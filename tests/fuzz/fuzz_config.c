/* fuzz_config.c — config.json: parsed, then checked as a model shape. */
#include "fuzz.h"
#include "gpt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[256];
    fuzz_write(path, sizeof path, "config.json", data, size);
    GptConfig c;
    GbError err;
    if (gpt_config_load(&c, path, &err) == 0) {
        /* a config that loads describes a model glassbox can build */
        if (c.n_layer < 1 || c.n_head < 1 || c.n_embd % c.n_head != 0 || c.vocab_size < 1 || c.n_ctx < 1) abort();
        (void)gpt_param_count(&c);
    }
    return 0;
}
