/* fuzz_safetensors.c — model.safetensors: the header (lengths, offsets, overlaps, dtypes, shapes)
 * and reading every tensor it lists. */
#include "fuzz.h"
#include "safetensors.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[256];
    fuzz_write(path, sizeof path, "model.safetensors", data, size);
    StFile st;
    GbError err;
    if (st_open(&st, path, &err) != 0) {
        if (!strstr(err.msg, "model.safetensors")) abort(); /* messages name the file */
        return 0;
    }
    for (int i = 0; i < st.n_tensors; i++) {
        const StTensor *t = &st.tensors[i];
        if (t->numel > (1u << 20)) continue; /* a valid header may promise a lot: do not allocate it */
        float *out = malloc((t->numel ? t->numel : 1) * sizeof *out);
        if (!out) abort();
        st_read_f32(&st, t, out, &err);
        free(out);
        if (st_find(&st, t->name) == NULL) abort();
    }
    st_close(&st);
    return 0;
}
