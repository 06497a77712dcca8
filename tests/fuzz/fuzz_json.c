/* fuzz_json.c — the JSON parser (config.json, vocab.json, the safetensors header) on any bytes. */
#include "fuzz.h"
#include "json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    JsonValue *v = json_parse((const char *)data, size, err, sizeof err);
    if (v) {
        long long x;
        json_as_int(json_get(v, "n_embd"), 0, 1 << 20, &x);
        json_free(v);
    } else if (!err[0]) abort(); /* a rejection always says why */
    return 0;
}
