/* image.h — RGB images as PNG files: the viewer's screenshots and the golden-image tests.
 *
 * Two images match when they have the same size and at most `max_fraction` of their pixels differ
 * by more than `tolerance` in some channel (the golden tests use 8 and 0.5%: different machines
 * may round a blend differently, but a moved bar or a changed word shows).
 */
#ifndef GB_IMAGE_H
#define GB_IMAGE_H

#include "util.h"

typedef struct {
    int w, h;
    unsigned char *rgb;     /* (h, w, 3), rows top to bottom */
} Image;

/* Returns 0, or -1 with err. Written atomically (no half-written file on failure). */
int image_write_png(const char *path, const Image *img, GbError *err);
/* Returns 0, or -1 with err naming the file. Free with image_free. */
int image_read_png(const char *path, Image *img, GbError *err);
void image_free(Image *img);

typedef struct {
    int same_size;
    int max_diff;           /* the largest channel difference seen */
    long over;              /* pixels differing by more than the tolerance */
    double fraction;        /* over / pixels */
} ImageDiff;

/* Compare; if diff is not NULL it receives a picture of the differences (expected dimmed, the
 * differing pixels red). Returns 1 if they match within tolerance / max_fraction. */
int image_compare(const Image *expected, const Image *actual, int tolerance, double max_fraction,
                  ImageDiff *d, Image *diff);

#endif
