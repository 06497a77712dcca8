/* test_safetensors.c — the safetensors reader and writer, and the model loader's checks, on good
 * files and on hostile ones. Every bad file must give an error naming the file, never a crash. */
#define _POSIX_C_SOURCE 200809L
#include "check.h"
#include "gpt.h"
#include "safetensors.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[256];

static const char *path_of(const char *name)
{
    static char p[512];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return p;
}

/* Write a safetensors file by hand: a header (with a length that may lie) and data bytes. */
static void write_raw(const char *name, const char *header, uint64_t claimed_len, const void *data, size_t n)
{
    FILE *f = fopen(path_of(name), "wb");
    unsigned char len8[8];
    for (int i = 0; i < 8; i++) len8[i] = (unsigned char)(claimed_len >> (8 * i));
    fwrite(len8, 1, 8, f);
    fwrite(header, 1, strlen(header), f);
    if (n) fwrite(data, 1, n, f);
    fclose(f);
}

/* Open name and expect failure with a message that names the file and contains `why`. */
static int open_fails(const char *name, const char *why)
{
    StFile st;
    GbError err = {{0}};
    int rc = st_open(&st, path_of(name), &err);
    if (rc == 0) { st_close(&st); fprintf(stderr, "  %s opened\n", name); return 0; }
    int ok = strstr(err.msg, name) && strstr(err.msg, why);
    if (!ok) fprintf(stderr, "  %s: got '%s', wanted '%s'\n", name, err.msg, why);
    return ok;
}

static void test_roundtrip(void)
{
    float a[6] = {1, -2, 3.5f, 0, 1e-30f, -7}, b[3] = {9, 8, 7};
    StWriteTensor t[2] = {{"alpha", a, 2, {2, 3}}, {"beta.bias", b, 1, {3}}};
    GbError err;
    CHECK(st_write(path_of("rt.safetensors"), t, 2, "{\"format\":\"pt\"}", &err) == 0, "write: %s", err.msg);
    CHECK(access(path_of("rt.safetensors.tmp"), F_OK) != 0, "no temporary file left behind");
    StFile st;
    CHECK(st_open(&st, path_of("rt.safetensors"), &err) == 0, "reopen: %s", err.msg);
    CHECK(st.data_start % 8 == 0, "data area aligned to 8 bytes");
    const StTensor *ta = st_find(&st, "alpha"), *tb = st_find(&st, "beta.bias");
    CHECK(ta && ta->ndim == 2 && ta->shape[0] == 2 && ta->shape[1] == 3, "alpha shape");
    CHECK(tb && tb->ndim == 1 && tb->shape[0] == 3, "beta shape");
    CHECK(st_find(&st, "__metadata__") == NULL, "metadata is not a tensor");
    float out[6];
    CHECK(ta && st_read_f32(&st, ta, out, &err) == 0 && memcmp(out, a, sizeof a) == 0, "alpha bytes");
    CHECK(tb && st_read_f32(&st, tb, out, &err) == 0 && memcmp(out, b, sizeof b) == 0, "beta bytes");
    st_close(&st);
}

static void test_half_precision(void)
{
    CHECK(st_f16_to_f32(0x3C00) == 1.0f, "f16 1.0");
    CHECK(st_f16_to_f32(0xC000) == -2.0f, "f16 -2.0");
    CHECK(st_f16_to_f32(0x7BFF) == 65504.0f, "f16 max");
    CHECK(st_f16_to_f32(0x0001) == ldexpf(1.0f, -24), "f16 smallest subnormal");
    CHECK(st_f16_to_f32(0x03FF) == ldexpf(1023.0f, -24), "f16 largest subnormal");
    CHECK(isinf(st_f16_to_f32(0x7C00)) && isnan(st_f16_to_f32(0x7E00)), "f16 inf and nan");
    CHECK(st_f16_to_f32(0x8000) == 0.0f && signbit(st_f16_to_f32(0x8000)), "f16 -0");
    CHECK(st_bf16_to_f32(0x3F80) == 1.0f && st_bf16_to_f32(0xC0A0) == -5.0f, "bf16");
    /* A file with F16 and BF16 tensors reads back widened. */
    uint16_t data[4] = {0x3C00, 0xC000, 0x3F80, 0x4040}; /* f16 1, -2; bf16 1, 3 */
    const char *h = "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]},"
                    "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[4,8]}}";
    write_raw("half.safetensors", h, strlen(h), data, sizeof data);
    StFile st;
    GbError err;
    float out[2];
    CHECK(st_open(&st, path_of("half.safetensors"), &err) == 0, "open half: %s", err.msg);
    CHECK(st_read_f32(&st, st_find(&st, "h"), out, &err) == 0 && out[0] == 1.0f && out[1] == -2.0f, "F16 widened");
    CHECK(st_read_f32(&st, st_find(&st, "b"), out, &err) == 0 && out[0] == 1.0f && out[1] == 3.0f, "BF16 widened");
    st_close(&st);
}

static void test_hostile(void)
{
    float d[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    const char *good = "{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}";
    write_raw("short.safetensors", "", 0, NULL, 0);
    FILE *f = fopen(path_of("tiny.safetensors"), "wb"); fwrite("abc", 1, 3, f); fclose(f);
    CHECK(open_fails("tiny.safetensors", "too short"), "3-byte file");
    write_raw("liar.safetensors", good, 1u << 30, d, 16);
    CHECK(open_fails("liar.safetensors", "100 MB limit"), "1 GB header length");
    write_raw("liar2.safetensors", good, strlen(good) + 100, d, 16);
    CHECK(open_fails("liar2.safetensors", "header length"), "header length past the end");
    write_raw("huge.safetensors", good, UINT64_MAX, d, 16);
    CHECK(open_fails("huge.safetensors", "header length"), "2^64-1 header length");
    write_raw("trunc.safetensors", good, strlen(good), d, 8);
    CHECK(open_fails("trunc.safetensors", "outside the file"), "data cut short");
    write_raw("notjson.safetensors", "{\"x\":", 5, NULL, 0);
    CHECK(open_fails("notjson.safetensors", "not valid JSON"), "broken header JSON");
    write_raw("array.safetensors", "[1,2]", 5, NULL, 0);
    CHECK(open_fails("array.safetensors", "not a JSON object"), "header is an array");
    const char *h1 = "{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,64]}}";
    write_raw("range.safetensors", h1, strlen(h1), d, 16);
    CHECK(open_fails("range.safetensors", "span 64 bytes"), "offsets disagree with shape");
    const char *h2 = "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]},"
                     "\"y\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}";
    write_raw("overlap.safetensors", h2, strlen(h2), d, 24);
    CHECK(open_fails("overlap.safetensors", "overlap"), "overlapping tensors");
    const char *h3 = "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[16,24]}}";
    write_raw("out.safetensors", h3, strlen(h3), d, 16);
    CHECK(open_fails("out.safetensors", "outside the file"), "offsets past the end");
    const char *h4 = "{\"x\":{\"dtype\":\"Q4\",\"shape\":[4],\"data_offsets\":[0,16]}}";
    write_raw("dtype.safetensors", h4, strlen(h4), d, 16);
    CHECK(open_fails("dtype.safetensors", "unknown dtype"), "unknown dtype");
    const char *h5 = "{\"x\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296,4294967296],"
                     "\"data_offsets\":[0,16]}}";
    write_raw("overflow.safetensors", h5, strlen(h5), d, 16);
    CHECK(open_fails("overflow.safetensors", "overflows"), "shape product overflows");
    const char *h6 = "{\"x\":{\"dtype\":\"F32\",\"shape\":[-4],\"data_offsets\":[0,16]}}";
    write_raw("neg.safetensors", h6, strlen(h6), d, 16);
    CHECK(open_fails("neg.safetensors", "bad shape"), "negative dimension");
    const char *h7 = "{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[16,0]}}";
    write_raw("backwards.safetensors", h7, strlen(h7), d, 16);
    CHECK(open_fails("backwards.safetensors", "bad data_offsets"), "end before begin");
    const char *h8 = "{\"x\":{\"dtype\":\"F32\",\"shape\":[4]}}";
    write_raw("nooff.safetensors", h8, strlen(h8), d, 16);
    CHECK(open_fails("nooff.safetensors", "data_offsets"), "missing data_offsets");
    const char *h9 = "{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]},"
                     "\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}";
    write_raw("dup.safetensors", h9, strlen(h9), d, 16);
    CHECK(open_fails("dup.safetensors", "twice"), "duplicate tensor name");
    CHECK(open_fails("missing.safetensors", "cannot open"), "missing file");
}

/* The model loader checks the safetensors contents against config.json. */
static void write_model(const char *sub, GptConfig *c, int break_what)
{
    char d[512];
    snprintf(d, sizeof d, "%s/%s", dir, sub);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", d);
    if (system(cmd) != 0) return;
    GptModel m;
    GbError err;
    if (gpt_init_random(&m, c, 1, 1, &err)) return;
    if (break_what == 1) m.w.fc_b[3] = NAN;
    if (break_what == 2) m.w.wte[0] = INFINITY;
    gpt_save(&m, d, &err);
    gpt_free(&m);
}

static int load_fails(const char *sub, const char *file, const char *why)
{
    char d[512];
    snprintf(d, sizeof d, "%s/%s", dir, sub);
    GptModel m;
    GbError err = {{0}};
    if (gpt_load(&m, d, &err) == 0) { gpt_free(&m); fprintf(stderr, "  %s loaded\n", sub); return 0; }
    int ok = strstr(err.msg, file) && strstr(err.msg, why);
    if (!ok) fprintf(stderr, "  %s: got '%s', wanted %s and '%s'\n", sub, err.msg, file, why);
    return ok;
}

static void write_text(const char *sub, const char *name, const char *text)
{
    char p[600];
    snprintf(p, sizeof p, "%s/%s/%s", dir, sub, name);
    FILE *f = fopen(p, "wb");
    fputs(text, f);
    fclose(f);
}

static void test_model_checks(void)
{
    GptConfig c = {2, 3, 12, 48, 16, 40, 1e-5f};
    write_model("good", &c, 0);
    char d[512];
    snprintf(d, sizeof d, "%s/good", dir);
    GptModel m, m2;
    GbError err;
    CHECK(gpt_load(&m, d, &err) == 0, "load a saved model: %s", err.msg);
    GptModel ref;
    gpt_init_random(&ref, &c, 1, 1, &err);
    CHECK(memcmp(m.w.memory, ref.w.memory, gpt_param_count(&c) * sizeof(float)) == 0,
          "save then load gives the same weights, bit for bit");
    CHECK(m.config.n_inner == 48 && m.config.n_ctx == 16 && m.config.vocab_size == 40, "config round trip");
    gpt_free(&ref);

    /* A checkpoint with the "transformer." prefix, F16 weights, mask buffers and an lm_head. */
    c.n_layer = 1;
    write_model("other", &c, 0);
    c.n_layer = 2;
    write_text("other", "config.json", "{\"n_layer\":2,\"n_head\":3,\"n_embd\":12,\"n_inner\":48,"
               "\"n_positions\":16,\"vocab_size\":40}");
    CHECK(load_fails("other", "model.safetensors", "missing"), "config says 2 layers, file has 1");
    write_model("three", &(GptConfig){3, 3, 12, 48, 16, 40, 1e-5f}, 0);
    write_text("three", "config.json", "{\"n_layer\":2,\"n_head\":3,\"n_embd\":12,\"n_inner\":48,"
               "\"n_positions\":16,\"vocab_size\":40}");
    CHECK(load_fails("three", "model.safetensors", "unexpected tensor"), "config says 2 layers, file has 3");
    write_text("other", "config.json", "{\"n_layer\":1,\"n_head\":3,\"n_embd\":12,\"n_positions\":16,"
               "\"vocab_size\":41}");
    CHECK(load_fails("other", "model.safetensors", "shape"), "vocab_size disagrees with wte");
    write_text("other", "config.json", "{\"n_layer\":1,\"n_head\":5,\"n_embd\":12,\"n_positions\":16,"
               "\"vocab_size\":40}");
    CHECK(load_fails("other", "config.json", "not divisible"), "head count does not divide the width");
    write_text("other", "config.json", "{\"n_layer\":1,\"n_head\":0,\"n_embd\":12,\"n_positions\":16,"
               "\"vocab_size\":40}");
    CHECK(load_fails("other", "config.json", "n_head"), "zero heads");
    write_text("other", "config.json", "{\"n_layer\":1,\"n_head\":3,\"n_embd\":12,\"n_positions\":16}");
    CHECK(load_fails("other", "config.json", "vocab_size"), "missing vocab_size");
    write_text("other", "config.json", "{\"n_layer\":1,\"n_head\":3,");
    CHECK(load_fails("other", "config.json", "invalid JSON"), "truncated config.json");
    write_text("other", "config.json", "{\"n_layer\":1.5,\"n_head\":3,\"n_embd\":12,\"n_positions\":16,"
               "\"vocab_size\":40}");
    CHECK(load_fails("other", "config.json", "integer"), "fractional layer count");
    write_text("other", "config.json", "{\"n_layer\":1,\"n_head\":3,\"n_embd\":12,\"n_positions\":16,"
               "\"vocab_size\":40,\"activation_function\":\"relu\"}");
    CHECK(load_fails("other", "config.json", "relu"), "unsupported activation");
    write_text("other", "config.json", "{\"n_layer\":200,\"n_head\":16,\"n_embd\":16384,\"n_positions\":65536,"
               "\"vocab_size\":1000000}");
    CHECK(load_fails("other", "config.json", "parameters"), "absurd model size refused before allocating");
    CHECK(load_fails("nowhere", "config.json", "cannot open"), "missing folder");

    write_model("nan", &c, 1);
    CHECK(load_fails("nan", "model.safetensors", "non-finite"), "NaN weight");
    write_model("inf", &c, 2);
    CHECK(load_fails("inf", "model.safetensors", "non-finite"), "Inf weight");

    /* Prefixed names, mask buffers, lm_head and F16 data: write a file by hand from m's weights. */
    {
        int L = c.n_layer;
        int cap = 4 + 12 * L + 2 * L + 1;
        StWriteTensor *t = calloc((size_t)cap, sizeof *t);
        char (*names)[80] = calloc((size_t)cap, 80);
        int n = 0;
        StFile st;
        snprintf(d, sizeof d, "%s/good/model.safetensors", dir);
        st_open(&st, d, &err);
        float *bufs[256] = {0};
        for (int i = 0; i < st.n_tensors; i++) {
            snprintf(names[n], 80, "transformer.%s", st.tensors[i].name);
            bufs[n] = malloc(st.tensors[i].numel * sizeof(float));
            st_read_f32(&st, &st.tensors[i], bufs[n], &err);
            t[n].name = names[n];
            t[n].data = bufs[n];
            t[n].ndim = st.tensors[i].ndim;
            for (int k = 0; k < t[n].ndim; k++) t[n].shape[k] = st.tensors[i].shape[k];
            n++;
        }
        st_close(&st);
        static float mask[16 * 16], masked = -1e4f;
        for (int l = 0; l < L; l++) {
            snprintf(names[n], 80, "transformer.h.%d.attn.bias", l);
            t[n] = (StWriteTensor){names[n], mask, 4, {1, 1, 16, 16}};
            n++;
            snprintf(names[n], 80, "transformer.h.%d.attn.masked_bias", l);
            t[n] = (StWriteTensor){names[n], &masked, 0, {0}};
            n++;
        }
        snprintf(names[n], 80, "lm_head.weight");
        t[n] = (StWriteTensor){names[n], m.w.wte, 2, {40, 12}};
        n++;
        /* First with an LM head that differs from wte: refused. */
        float *other_head = malloc(40 * 12 * sizeof(float));
        memcpy(other_head, m.w.wte, 40 * 12 * sizeof(float));
        other_head[17] += 1.0f;
        t[n - 1].data = other_head;
        char cmd0[1200];
        snprintf(cmd0, sizeof cmd0, "mkdir -p '%s/untied' && cp '%s/good/config.json' '%s/untied/'", dir, dir, dir);
        CHECK(system(cmd0) == 0, "copy config");
        snprintf(d, sizeof d, "%s/untied/model.safetensors", dir);
        st_write(d, t, n, NULL, &err);
        CHECK(load_fails("untied", "model.safetensors", "lm_head.weight differs"), "an untied LM head is refused");
        t[n - 1].data = m.w.wte;
        free(other_head);
        char cmd[1200];
        snprintf(cmd, sizeof cmd, "mkdir -p '%s/prefixed' && cp '%s/good/config.json' '%s/prefixed/'", dir, dir, dir);
        CHECK(system(cmd) == 0, "copy config");
        snprintf(d, sizeof d, "%s/prefixed/model.safetensors", dir);
        CHECK(st_write(d, t, n, NULL, &err) == 0, "write prefixed: %s", err.msg);
        for (int i = 0; i < 256; i++) free(bufs[i]);
        free(t);
        free(names);
        snprintf(d, sizeof d, "%s/prefixed", dir);
        int loaded = gpt_load(&m2, d, &err) == 0;
        CHECK(loaded, "load with transformer. prefix, mask buffers, lm_head: %s", err.msg);
        if (!loaded) { gpt_free(&m); return; }
        CHECK(memcmp(m.w.memory, m2.w.memory, gpt_param_count(&c) * sizeof(float)) == 0,
              "prefixed checkpoint gives the same weights");
        gpt_free(&m2);
    }
    gpt_free(&m);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/glassbox-st-XXXXXX");
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }
    test_roundtrip();
    test_half_precision();
    test_hostile();
    test_model_checks();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    return check_report("test_safetensors");
}
