/* safetensors.h — read and write the safetensors file format used by Hugging Face.
 *
 * The format, byte by byte:
 *
 *     [8 bytes]  N, the header length, unsigned little-endian
 *     [N bytes]  a JSON object: { "<name>": {"dtype": "F32", "shape": [d0, d1, ...],
 *                                           "data_offsets": [begin, end]}, ...,
 *                                 "__metadata__": {"<key>": "<string>", ...} (optional) }
 *     [rest]     the data area; tensor bytes are at [begin, end) relative to its start,
 *                little-endian, row-major (C order)
 *
 * glassbox treats every part of the file as hostile. st_open checks, before any tensor is used:
 * the header length against the file size, that the header is valid JSON and an object, each
 * dtype, that shape dimensions are non-negative integers whose product (times the element size)
 * does not overflow and equals end - begin, that every [begin, end) lies inside the data area,
 * and that no two tensors overlap. F32, F16 and BF16 tensors can be read (widened to float32).
 *
 * Which call for what:
 *   st_open / st_close        parse and validate the header, keep the file open; close it
 *   st_find                   look a tensor up by name
 *   st_read_f32               copy one tensor out as float32 (widening F16/BF16)
 *   st_write                  write named float32 tensors to a new file (atomically)
 */
#ifndef GB_SAFETENSORS_H
#define GB_SAFETENSORS_H

#include <stddef.h>
#include <stdint.h>
#include "util.h"

#define ST_MAX_DIMS 8

typedef enum { ST_F32, ST_F16, ST_BF16, ST_OTHER } StDtype;

typedef struct {
    char *name;                 /* tensor name, NUL-terminated */
    StDtype dtype;
    char dtype_name[16];        /* as written in the file, e.g. "F32", "I64" */
    int ndim;
    int64_t shape[ST_MAX_DIMS];
    size_t numel;               /* product of shape */
    size_t begin, end;          /* byte range within the data area */
} StTensor;

typedef struct {
    char path[4096];
    void *fp;                   /* the open FILE*, tensors are read from it on demand */
    uint64_t file_size;
    uint64_t data_start;        /* 8 + header length: where the data area begins */
    uint64_t data_size;
    StTensor *tensors;          /* (n_tensors) in header order */
    int n_tensors;
} StFile;

/* Open and validate path. Returns 0, or -1 with err "<path>: <problem> (hint: ...)". On success
 * free with st_close; on failure nothing needs freeing. */
int st_open(StFile *st, const char *path, GbError *err);
void st_close(StFile *st);

/* The tensor called name, or NULL. */
const StTensor *st_find(const StFile *st, const char *name);

/* Copy tensor t into out (t->numel floats), widening F16/BF16 to float32.
 * Returns 0, or -1 if the dtype cannot be read as floats. */
int st_read_f32(const StFile *st, const StTensor *t, float *out, GbError *err);

/* One tensor to write: float32 data with a name and a shape. */
typedef struct {
    const char *name;
    const float *data;
    int ndim;
    int64_t shape[ST_MAX_DIMS];
} StWriteTensor;

/* Write tensors[0..n) as F32 to path (via "<path>.tmp" and rename, so a failure leaves nothing
 * half-written). metadata_json, if not NULL, is a JSON object text stored as "__metadata__"
 * (values must be strings, as the format requires). */
int st_write(const char *path, const StWriteTensor *tensors, int n, const char *metadata_json,
             GbError *err);

/* Conversions used by the reader (exposed for tests). */
float st_f16_to_f32(uint16_t h);
float st_bf16_to_f32(uint16_t b);

#endif
