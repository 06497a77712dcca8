/* safetensors.c — see safetensors.h for the format and what is checked.
 *
 * The header is read into memory and validated completely in st_open; tensor bytes stay in the
 * file and are read by st_read_f32 when the model loader asks for them, so a 500 MB model is
 * never held twice in memory.
 */
#define _POSIX_C_SOURCE 200809L
#define _FILE_OFFSET_BITS 64
#include "safetensors.h"
#include "json.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "glassbox reads little-endian tensor data directly and needs a little-endian machine"
#endif

/* A header longer than this is refused before any allocation (real GPT-2 headers are ~15 kB;
 * the safetensors reference implementation caps headers at 100,000,000 bytes too). */
#define ST_MAX_HEADER 100000000u

static size_t dtype_size(StDtype d) { return d == ST_F32 ? 4 : 2; }

static StDtype parse_dtype(const char *s, size_t *elem)
{
    static const struct { const char *name; size_t size; } other[] = {
        {"F64", 8}, {"I64", 8}, {"U64", 8}, {"I32", 4}, {"U32", 4}, {"I16", 2}, {"U16", 2},
        {"I8", 1}, {"U8", 1}, {"BOOL", 1}, {"F8_E4M3", 1}, {"F8_E5M2", 1},
    };
    if (strcmp(s, "F32") == 0) { *elem = 4; return ST_F32; }
    if (strcmp(s, "F16") == 0) { *elem = 2; return ST_F16; }
    if (strcmp(s, "BF16") == 0) { *elem = 2; return ST_BF16; }
    for (size_t i = 0; i < sizeof other / sizeof other[0]; i++)
        if (strcmp(s, other[i].name) == 0) { *elem = other[i].size; return ST_OTHER; }
    *elem = 0;
    return ST_OTHER;
}

/* Validate one header entry and fill t. */
static int parse_entry(StFile *st, const JsonValue *key, const JsonValue *v, StTensor *t, GbError *err)
{
    const char *name = key->string;
    if (strlen(name) != key->string_len)
        return gb_fail(err, st->path, "tensor name contains a NUL byte (hint: the header is corrupt)");
    if (v->type != JSON_OBJECT)
        return gb_fail(err, st->path, "header entry '%s' is not an object (hint: the header is corrupt)", name);
    const JsonValue *dtype = json_get(v, "dtype"), *shape = json_get(v, "shape"),
                    *offsets = json_get(v, "data_offsets");
    if (!dtype || dtype->type != JSON_STRING || !shape || shape->type != JSON_ARRAY || !offsets ||
        offsets->type != JSON_ARRAY)
        return gb_fail(err, st->path, "tensor '%s' needs \"dtype\", \"shape\" and \"data_offsets\" "
                       "(hint: the header is corrupt)", name);
    size_t elem;
    snprintf(t->dtype_name, sizeof t->dtype_name, "%s", dtype->string);
    t->dtype = parse_dtype(dtype->string, &elem);
    if (elem == 0)
        return gb_fail(err, st->path, "tensor '%s' has unknown dtype \"%s\" (hint: glassbox reads "
                       "F32, F16 and BF16)", name, t->dtype_name);
    if (shape->count > ST_MAX_DIMS)
        return gb_fail(err, st->path, "tensor '%s' has %zu dimensions, at most %d supported", name,
                       shape->count, ST_MAX_DIMS);
    t->ndim = (int)shape->count;
    size_t numel = 1;
    for (int i = 0; i < t->ndim; i++) {
        long long d;
        if (!json_as_int(&shape->items[i], 0, (long long)1 << 53, &d))
            return gb_fail(err, st->path, "tensor '%s' has a bad shape entry (hint: dimensions must "
                           "be non-negative integers)", name);
        t->shape[i] = d;
        if (gb_mul_size(numel, (size_t)d, &numel))
            return gb_fail(err, st->path, "tensor '%s': shape overflows (hint: the header is corrupt)", name);
    }
    t->numel = numel;
    long long b, e;
    if (offsets->count != 2 || !json_as_int(&offsets->items[0], 0, (long long)1 << 53, &b) ||
        !json_as_int(&offsets->items[1], 0, (long long)1 << 53, &e) || e < b)
        return gb_fail(err, st->path, "tensor '%s' has bad data_offsets (hint: expected [begin, end] "
                       "with begin <= end)", name);
    t->begin = (size_t)b;
    t->end = (size_t)e;
    size_t bytes;
    if (gb_mul_size(numel, elem, &bytes) || bytes != t->end - t->begin)
        return gb_fail(err, st->path, "tensor '%s': data_offsets span %zu bytes but shape and dtype "
                       "need %zu (hint: the header is corrupt)", name, t->end - t->begin,
                       gb_mul_size(numel, elem, &bytes) ? (size_t)0 : bytes);
    if ((uint64_t)t->end > st->data_size)
        return gb_fail(err, st->path, "tensor '%s' lies outside the file (offsets [%zu, %zu), data "
                       "area is %llu bytes) (hint: the file is truncated or corrupt)", name, t->begin,
                       t->end, (unsigned long long)st->data_size);
    t->name = malloc(key->string_len + 1);
    if (!t->name) return gb_fail(err, st->path, "out of memory");
    memcpy(t->name, name, key->string_len + 1);
    return 0;
}

static int by_begin(const void *a, const void *b)
{
    const StTensor *x = *(const StTensor *const *)a, *y = *(const StTensor *const *)b;
    return (x->begin > y->begin) - (x->begin < y->begin);
}

/* No two tensors may share bytes. Empty tensors (begin == end) overlap nothing. */
static int check_overlaps(StFile *st, GbError *err)
{
    StTensor **order = malloc((size_t)st->n_tensors * sizeof *order + 1);
    if (!order) return gb_fail(err, st->path, "out of memory");
    int n = 0;
    for (int i = 0; i < st->n_tensors; i++)
        if (st->tensors[i].end > st->tensors[i].begin) order[n++] = &st->tensors[i];
    qsort(order, (size_t)n, sizeof *order, by_begin);
    for (int i = 1; i < n; i++) {
        if (order[i]->begin < order[i - 1]->end) {
            gb_fail(err, st->path, "tensors '%s' and '%s' overlap in the data area (hint: the header "
                    "is corrupt)", order[i - 1]->name, order[i]->name);
            free(order);
            return -1;
        }
    }
    free(order);
    return 0;
}

static int parse_header(StFile *st, const char *text, size_t len, GbError *err)
{
    char jerr[256];
    JsonValue *root = json_parse(text, len, jerr, sizeof jerr);
    if (!root) return gb_fail(err, st->path, "header is not valid JSON: %s (hint: the file is corrupt)", jerr);
    int rc = -1;
    if (root->type != JSON_OBJECT) {
        gb_fail(err, st->path, "header is not a JSON object (hint: the file is corrupt)");
        goto done;
    }
    st->tensors = calloc(root->count + 1, sizeof *st->tensors);
    if (!st->tensors) { gb_fail(err, st->path, "out of memory"); goto done; }
    for (size_t i = 0; i < root->count; i++) {
        if (strcmp(root->keys[i].string, "__metadata__") == 0) continue;
        for (int j = 0; j < st->n_tensors; j++)
            if (strcmp(st->tensors[j].name, root->keys[i].string) == 0) {
                gb_fail(err, st->path, "tensor '%s' appears twice in the header (hint: the file is "
                        "corrupt)", root->keys[i].string);
                goto done;
            }
        if (parse_entry(st, &root->keys[i], &root->items[i], &st->tensors[st->n_tensors], err)) goto done;
        st->n_tensors++;
    }
    rc = check_overlaps(st, err);
done:
    json_free(root);
    return rc;
}

int st_open(StFile *st, const char *path, GbError *err)
{
    memset(st, 0, sizeof *st);
    snprintf(st->path, sizeof st->path, "%s", path);
    FILE *f = fopen(path, "rb");
    if (!f)
        return gb_fail(err, path, "cannot open: %s (hint: a model folder needs model.safetensors)",
                       strerror(errno));
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
        fclose(f);
        return gb_fail(err, path, "not a regular file (hint: give the model folder, which holds "
                       "model.safetensors)");
    }
    st->file_size = (uint64_t)sb.st_size;
    unsigned char len8[8];
    if (st->file_size < 8 || fread(len8, 1, 8, f) != 8) {
        fclose(f);
        return gb_fail(err, path, "file is too short to be safetensors (%llu bytes) (hint: the file "
                       "is truncated)", (unsigned long long)st->file_size);
    }
    uint64_t hlen = 0;
    for (int i = 7; i >= 0; i--) hlen = (hlen << 8) | len8[i];
    if (hlen > ST_MAX_HEADER) {
        fclose(f);
        return gb_fail(err, path, "header length %llu is over the 100 MB limit (hint: the file is "
                       "corrupt or not safetensors)", (unsigned long long)hlen);
    }
    if (hlen > st->file_size - 8) {
        fclose(f);
        return gb_fail(err, path, "header length %llu does not fit in a %llu-byte file (hint: the "
                       "file is truncated or not safetensors)", (unsigned long long)hlen,
                       (unsigned long long)st->file_size);
    }
    char *header = malloc((size_t)hlen + 1);
    if (!header) { fclose(f); return gb_fail(err, path, "out of memory"); }
    if (fread(header, 1, (size_t)hlen, f) != hlen) {
        free(header);
        fclose(f);
        return gb_fail(err, path, "cannot read the header (hint: the file is truncated)");
    }
    header[hlen] = 0;
    st->data_start = 8 + hlen;
    st->data_size = st->file_size - st->data_start;
    st->fp = f;
    int rc = parse_header(st, header, (size_t)hlen, err);
    free(header);
    if (rc) st_close(st);
    return rc;
}

void st_close(StFile *st)
{
    if (st->fp) fclose((FILE *)st->fp);
    for (int i = 0; i < st->n_tensors; i++) free(st->tensors[i].name);
    free(st->tensors);
    st->fp = NULL;
    st->tensors = NULL;
    st->n_tensors = 0;
}

const StTensor *st_find(const StFile *st, const char *name)
{
    for (int i = 0; i < st->n_tensors; i++)
        if (strcmp(st->tensors[i].name, name) == 0) return &st->tensors[i];
    return NULL;
}

/* IEEE half: 1 sign bit, 5 exponent bits (bias 15), 10 mantissa bits. */
float st_f16_to_f32(uint16_t h)
{
    uint32_t sign = (uint32_t)(h >> 15) << 31, exp = (h >> 10) & 0x1F, man = h & 0x3FF, bits;
    if (exp == 0) {
        if (man == 0) {
            bits = sign;
        } else { /* subnormal: renormalise */
            exp = 127 - 15 + 1;
            while (!(man & 0x400)) { man <<= 1; exp--; }
            bits = sign | (exp << 23) | ((man & 0x3FF) << 13);
        }
    } else if (exp == 0x1F) {
        bits = sign | 0x7F800000u | (man << 13);
    } else {
        bits = sign | ((exp - 15 + 127) << 23) | (man << 13);
    }
    float f;
    memcpy(&f, &bits, 4);
    return f;
}

/* bfloat16 is the top half of a float32. */
float st_bf16_to_f32(uint16_t b)
{
    uint32_t bits = (uint32_t)b << 16;
    float f;
    memcpy(&f, &bits, 4);
    return f;
}

int st_read_f32(const StFile *st, const StTensor *t, float *out, GbError *err)
{
    if (t->dtype == ST_OTHER)
        return gb_fail(err, st->path, "tensor '%s' has dtype %s; glassbox reads F32, F16 and BF16 "
                       "(hint: convert the model to float32)", t->name, t->dtype_name);
    FILE *f = (FILE *)st->fp;
    if (fseeko(f, (off_t)(st->data_start + t->begin), SEEK_SET) != 0)
        return gb_fail(err, st->path, "cannot seek to tensor '%s'", t->name);
    if (t->dtype == ST_F32) {
        if (fread(out, 4, t->numel, f) != t->numel)
            return gb_fail(err, st->path, "cannot read tensor '%s' (hint: the file is truncated)", t->name);
        return 0;
    }
    /* 16-bit formats: read in chunks and widen. */
    uint16_t buf[4096];
    size_t done = 0;
    while (done < t->numel) {
        size_t n = t->numel - done < 4096 ? t->numel - done : 4096;
        if (fread(buf, dtype_size(t->dtype), n, f) != n)
            return gb_fail(err, st->path, "cannot read tensor '%s' (hint: the file is truncated)", t->name);
        for (size_t i = 0; i < n; i++)
            out[done + i] = t->dtype == ST_F16 ? st_f16_to_f32(buf[i]) : st_bf16_to_f32(buf[i]);
        done += n;
    }
    return 0;
}

/* ---------------------------------------------------------------------------------------------
 * Writer: header first (padded with spaces to a multiple of 8 bytes, as the reference writer
 * does, so the data area is aligned), then every tensor's float32 bytes in order. */

typedef struct {
    char *s;
    size_t n, cap;
    int oom;
} Buf;

static void buf_put(Buf *b, const char *s, size_t n)
{
    if (b->oom) return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = (b->cap ? b->cap * 2 : 1024) + n;
        char *ns = realloc(b->s, cap);
        if (!ns) { b->oom = 1; return; }
        b->s = ns;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = 0;
}

static void buf_str(Buf *b, const char *s) { buf_put(b, s, strlen(s)); }

int st_write(const char *path, const StWriteTensor *tensors, int n, const char *metadata_json,
             GbError *err)
{
    Buf h = {0};
    char num[128];
    buf_str(&h, "{");
    if (metadata_json) {
        buf_str(&h, "\"__metadata__\":");
        buf_str(&h, metadata_json);
    }
    size_t offset = 0;
    for (int i = 0; i < n; i++) {
        size_t numel = 1, bytes;
        for (int d = 0; d < tensors[i].ndim; d++)
            if (tensors[i].shape[d] < 0 || gb_mul_size(numel, (size_t)tensors[i].shape[d], &numel)) {
                free(h.s);
                return gb_fail(err, path, "tensor '%s' has a bad shape", tensors[i].name);
            }
        if (gb_mul_size(numel, 4, &bytes)) { free(h.s); return gb_fail(err, path, "tensor too large"); }
        if (i > 0 || metadata_json) buf_str(&h, ",");
        buf_str(&h, "\"");
        buf_str(&h, tensors[i].name);
        buf_str(&h, "\":{\"dtype\":\"F32\",\"shape\":[");
        for (int d = 0; d < tensors[i].ndim; d++) {
            snprintf(num, sizeof num, "%s%lld", d ? "," : "", (long long)tensors[i].shape[d]);
            buf_str(&h, num);
        }
        snprintf(num, sizeof num, "],\"data_offsets\":[%zu,%zu]}", offset, offset + bytes);
        buf_str(&h, num);
        offset += bytes;
    }
    buf_str(&h, "}");
    while (!h.oom && h.n % 8 != 0) buf_str(&h, " ");
    if (h.oom) { free(h.s); return gb_fail(err, path, "out of memory"); }

    GbOutFile out;
    if (gb_create(&out, path, err)) { free(h.s); return -1; }
    FILE *f = out.fp;
    unsigned char len8[8];
    uint64_t hl = h.n;
    for (int i = 0; i < 8; i++) len8[i] = (unsigned char)(hl >> (8 * i));
    fwrite(len8, 1, 8, f);
    fwrite(h.s, 1, h.n, f);
    free(h.s);
    for (int i = 0; i < n; i++) {
        size_t numel = 1;
        for (int d = 0; d < tensors[i].ndim; d++) numel *= (size_t)tensors[i].shape[d];
        fwrite(tensors[i].data, 4, numel, f);
    }
    return gb_commit(&out, err);
}
