/* util.h — small shared helpers for ref/: error messages, checked allocation, reading files.
 *
 * Errors in glassbox follow one shape. A library function that can fail takes a `GbError *err`,
 * returns 0 on success and -1 on failure, and on failure fills err->msg with
 *
 *     <file>: <what is wrong> (hint: <what to do>)
 *
 * The terminal commands (cli.c) print that as `glassbox: <msg>` and exit non-zero. Nothing else
 * in ref/ prints or exits.
 */
#ifndef GB_UTIL_H
#define GB_UTIL_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    char msg[1024];
} GbError;

/* Fill err->msg with "<file>: <formatted text>" and return -1. `err` may be NULL. */
int gb_fail(GbError *err, const char *file, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Read a whole file into a malloc'd buffer with a NUL byte after the data (not counted in *len).
 * Returns NULL and fills err on failure. Caller frees. Files larger than max_bytes are refused. */
char *gb_read_file(const char *path, size_t max_bytes, size_t *len, GbError *err);

/* Write a whole file atomically: data goes to "<path>.tmp" and is renamed over path only when
 * every byte is written, so a failure never leaves a half-written file behind. */
int gb_write_file_atomic(const char *path, const void *data, size_t len, GbError *err);

/* The same for files written piece by piece: gb_create opens "<path>.tmp" for writing, the caller
 * writes to (FILE *)out.fp, and gb_commit closes it and renames it over path if every write
 * succeeded, or removes it. Both return 0, or -1 with err (after which nothing is left behind). */
#define GB_PATH_MAX 4200
typedef struct {
    void *fp;                  /* FILE* */
    char tmp[GB_PATH_MAX];
    const char *path;
} GbOutFile;
int gb_create(GbOutFile *out, const char *path, GbError *err);
int gb_commit(GbOutFile *out, GbError *err);

/* Join a directory and a file name into out (capacity cap). Returns 0, or -1 if it does not fit. */
int gb_path_join(char *out, size_t cap, const char *dir, const char *name);

/* Overflow-checked size arithmetic: return 0 and set *out, or -1 if the result does not fit. */
int gb_mul_size(size_t a, size_t b, size_t *out);
int gb_add_size(size_t a, size_t b, size_t *out);

/* UTF-8: decode one code point from s[0..len). Returns the number of bytes used (1..4) and sets
 * *cp, or returns 0 for an invalid or truncated sequence (then *cp is undefined). */
int gb_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);
/* Encode a code point (<= 0x10FFFF) into out (at least 4 bytes). Returns bytes written. */
int gb_utf8_encode(uint32_t cp, char *out);
/* 1 if s[0..len) is entirely valid UTF-8. */
int gb_utf8_valid(const char *s, size_t len);

/* Dot product of two vectors of length n. Eight running sums instead of one let the compiler use
 * SIMD without reordering the arithmetic behind our back; the result is the same sum, added in a
 * fixed order, so it is deterministic. Shared by the forward pass (gpt.c) and training (train.c). */
static inline float gb_dot(const float *a, const float *b, int n)
{
    float acc[8] = {0};
    int i = 0;
    for (; i + 8 <= n; i += 8)
        for (int k = 0; k < 8; k++) acc[k] += a[i + k] * b[i + k];
    float sum = ((acc[0] + acc[1]) + (acc[2] + acc[3])) + ((acc[4] + acc[5]) + (acc[6] + acc[7]));
    for (; i < n; i++) sum += a[i] * b[i];
    return sum;
}

/* Where in ref/ something happened: the source file (__FILE__, e.g. "ref/gpt.c"), the function
 * and the line. Every hook event carries the site of the line that raised it (GB_HERE), and the
 * viewer's code view shows that function from the sources built into the program. */
typedef struct {
    const char *file;
    const char *func;
    int line;
} GbSite;
#define GB_HERE ((GbSite){__FILE__, __func__, __LINE__})

/* glassbox's data folder (fonts/, models/classroom/; the lessons sit beside it): the first of
 *   $GLASSBOX_ASSETS,
 *   <the program's folder>/../assets              (the program in a build tree: build/glassbox)
 *   <the program's folder>/../share/glassbox/assets  (installed: PREFIX/bin/glassbox)
 *   GB_PREFIX/share/glassbox/assets               (the prefix it was built for, default /usr/local)
 *   ./assets
 * that holds fonts/DejaVuSans.ttf. Returns 0 with the folder in out, or -1 with err listing every
 * place it looked. */
int gb_find_assets(char *out, size_t cap, GbError *err);

/* Monotonic wall clock in seconds, for progress lines and benchmarks. */
double gb_now(void);

#endif
