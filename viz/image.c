/* image.c — PNG files through stb_image / stb_image_write (the compiled copies in Debian's
 * libstb), and the per-pixel comparison of the golden tests. */
#include "image.h"

#include <stb_image.h>
#include <stb_image_write.h>

#include <stdlib.h>
#include <string.h>

typedef struct {
    unsigned char *data;
    size_t len, cap;
    int failed;
} Buffer;

static void append(void *context, void *data, int size)
{
    Buffer *b = context;
    if (b->failed || size <= 0) return;
    if (b->len + (size_t)size > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 65536;
        while (cap < b->len + (size_t)size) cap *= 2;
        unsigned char *p = realloc(b->data, cap);
        if (!p) { b->failed = 1; return; }
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, (size_t)size);
    b->len += (size_t)size;
}

int image_write_png(const char *path, const Image *img, GbError *err)
{
    Buffer b = {0};
    if (!stbi_write_png_to_func(append, &b, img->w, img->h, 3, img->rgb, img->w * 3) || b.failed) {
        free(b.data);
        return gb_fail(err, path, "cannot encode the PNG (out of memory?)");
    }
    int rc = gb_write_file_atomic(path, b.data, b.len, err);
    free(b.data);
    return rc;
}

int image_read_png(const char *path, Image *img, GbError *err)
{
    int n;
    memset(img, 0, sizeof *img);
    img->rgb = stbi_load(path, &img->w, &img->h, &n, 3);
    if (!img->rgb) return gb_fail(err, path, "cannot read the image: %s", stbi_failure_reason());
    return 0;
}

void image_free(Image *img)
{
    free(img->rgb);
    memset(img, 0, sizeof *img);
}

int image_compare(const Image *e, const Image *a, int tolerance, double max_fraction, ImageDiff *d,
                  Image *diff)
{
    memset(d, 0, sizeof *d);
    if (diff) memset(diff, 0, sizeof *diff);
    d->same_size = e->w == a->w && e->h == a->h;
    if (!d->same_size) { d->fraction = 1; return 0; }
    size_t n = (size_t)e->w * (size_t)e->h;
    if (diff) {
        diff->w = e->w;
        diff->h = e->h;
        diff->rgb = malloc(n * 3);
    }
    for (size_t i = 0; i < n; i++) {
        int m = 0;
        for (int c = 0; c < 3; c++) {
            int x = abs((int)e->rgb[3 * i + c] - (int)a->rgb[3 * i + c]);
            if (x > m) m = x;
        }
        if (m > d->max_diff) d->max_diff = m;
        if (m > tolerance) d->over++;
        if (diff && diff->rgb) {
            unsigned char g = (unsigned char)((e->rgb[3 * i] + e->rgb[3 * i + 1] + e->rgb[3 * i + 2]) / 12);
            unsigned char *p = diff->rgb + 3 * i;
            if (m > tolerance) { p[0] = 255; p[1] = (unsigned char)(m < 128 ? 128 - m : 0); p[2] = 0; }
            else { p[0] = p[1] = p[2] = g; }
        }
    }
    d->fraction = n ? (double)d->over / (double)n : 0;
    return d->fraction <= max_fraction;
}
