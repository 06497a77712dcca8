/* util.c — see util.h. */
#define _XOPEN_SOURCE 700 /* realpath, readlink */
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef GB_PREFIX
#define GB_PREFIX "/usr/local"
#endif

int gb_fail(GbError *err, const char *file, const char *fmt, ...)
{
    if (!err) return -1;
    int n = snprintf(err->msg, sizeof err->msg, "%s: ", file ? file : "glassbox");
    if (n < 0 || (size_t)n >= sizeof err->msg) n = 0;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg + n, sizeof err->msg - (size_t)n, fmt, ap);
    va_end(ap);
    return -1;
}

char *gb_read_file(const char *path, size_t max_bytes, size_t *len, GbError *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        gb_fail(err, path, "cannot open: %s (hint: check that the file exists and is readable)",
                strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        gb_fail(err, path, "not a regular file (hint: give the path of a file, not a folder)");
        return NULL;
    }
    if ((uintmax_t)st.st_size > (uintmax_t)max_bytes) {
        fclose(f);
        gb_fail(err, path, "file is too large (%jd bytes, at most %zu expected)",
                (intmax_t)st.st_size, max_bytes);
        return NULL;
    }
    size_t size = (size_t)st.st_size;
    char *buf = malloc(size + 1);
    if (!buf) {
        fclose(f);
        gb_fail(err, path, "out of memory reading %zu bytes", size);
        return NULL;
    }
    size_t got = fread(buf, 1, size, f);
    int bad = ferror(f);
    fclose(f);
    if (got != size || bad) {
        free(buf);
        gb_fail(err, path, "read failed after %zu of %zu bytes", got, size);
        return NULL;
    }
    buf[size] = 0;
    if (len) *len = size;
    return buf;
}

int gb_create(GbOutFile *out, const char *path, GbError *err)
{
    out->path = path;
    out->fp = NULL;
    if (snprintf(out->tmp, sizeof out->tmp, "%s.tmp", path) >= (int)sizeof out->tmp)
        return gb_fail(err, path, "path is too long");
    out->fp = fopen(out->tmp, "wb");
    if (!out->fp)
        return gb_fail(err, path, "cannot write: %s (hint: check that the folder exists and is "
                       "writable)", strerror(errno));
    return 0;
}

int gb_commit(GbOutFile *out, GbError *err)
{
    FILE *f = out->fp;
    int bad = (fflush(f) != 0) | ferror(f);
    bad |= (fclose(f) != 0);
    out->fp = NULL;
    if (bad) {
        remove(out->tmp);
        return gb_fail(err, out->path, "write failed (hint: is the disk full?)");
    }
    if (rename(out->tmp, out->path) != 0) {
        remove(out->tmp);
        return gb_fail(err, out->path, "cannot move the finished file into place: %s", strerror(errno));
    }
    return 0;
}

int gb_write_file_atomic(const char *path, const void *data, size_t len, GbError *err)
{
    GbOutFile out;
    if (gb_create(&out, path, err)) return -1;
    if (len) fwrite(data, 1, len, (FILE *)out.fp);
    return gb_commit(&out, err);
}

int gb_path_join(char *out, size_t cap, const char *dir, const char *name)
{
    size_t dl = strlen(dir);
    const char *sep = (dl > 0 && dir[dl - 1] == '/') ? "" : "/";
    int n = snprintf(out, cap, "%s%s%s", dir, sep, name);
    return (n < 0 || (size_t)n >= cap) ? -1 : 0;
}

int gb_mul_size(size_t a, size_t b, size_t *out)
{
    if (a != 0 && b > SIZE_MAX / a) return -1;
    *out = a * b;
    return 0;
}

int gb_add_size(size_t a, size_t b, size_t *out)
{
    if (b > SIZE_MAX - a) return -1;
    *out = a + b;
    return 0;
}

int gb_utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    if (len == 0) return 0;
    unsigned char c = s[0];
    if (c < 0x80) { *cp = c; return 1; }
    int n;
    uint32_t v, min;
    if ((c & 0xE0) == 0xC0) { n = 2; v = c & 0x1F; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { n = 3; v = c & 0x0F; min = 0x800; }
    else if ((c & 0xF8) == 0xF0) { n = 4; v = c & 0x07; min = 0x10000; }
    else return 0;
    if ((size_t)n > len) return 0;
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return n;
}

int gb_utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) { o[0] = (unsigned char)cp; return 1; }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

int gb_utf8_valid(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        int n = gb_utf8_decode((const unsigned char *)s + i, len - i, &cp);
        if (n == 0) return 0;
        i += (size_t)n;
    }
    return 1;
}

double gb_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int has_fonts(const char *dir)
{
    char path[GB_PATH_MAX];
    struct stat st;
    return gb_path_join(path, sizeof path, dir, "fonts/DejaVuSans.ttf") == 0 && stat(path, &st) == 0 &&
           S_ISREG(st.st_mode);
}

int gb_find_assets(char *out, size_t cap, GbError *err)
{
    char tried[GB_PATH_MAX * 2] = "";
    size_t used = 0;
    const char *env = getenv("GLASSBOX_ASSETS");
    if (env && *env) {
        if (has_fonts(env)) { snprintf(out, cap, "%s", env); return 0; }
        return gb_fail(err, env, "no fonts/DejaVuSans.ttf in this folder (hint: GLASSBOX_ASSETS "
                       "must name glassbox's assets folder, or be unset)");
    }
    char exe[GB_PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char candidates[4][GB_PATH_MAX];
    int k = 0;
    if (n > 0) {
        exe[n] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) *slash = 0;
        snprintf(candidates[k++], GB_PATH_MAX, "%.4000s/../assets", exe);
        snprintf(candidates[k++], GB_PATH_MAX, "%.4000s/../share/glassbox/assets", exe);
    }
    snprintf(candidates[k++], GB_PATH_MAX, "%s/share/glassbox/assets", GB_PREFIX);
    snprintf(candidates[k++], GB_PATH_MAX, "assets");
    for (int i = 0; i < k; i++) {
        char *real = has_fonts(candidates[i]) ? realpath(candidates[i], NULL) : NULL;
        if (real) {
            snprintf(out, cap, "%s", real);
            free(real);
            return 0;
        }
        if (used < sizeof tried)
            used += (size_t)snprintf(tried + used, sizeof tried - used, "%s%s", i ? ", " : "", candidates[i]);
    }
    return gb_fail(err, "fonts/DejaVuSans.ttf", "glassbox's data folder (fonts, the classroom model) is not "
                   "in any of %s (hint: run make install, run glassbox from its repository, or set "
                   "GLASSBOX_ASSETS)", tried);
}
