/* fuzz.h — what the fuzz targets share: a scratch folder of their own (for the parsers that read
 * files) and writing the input into it. libFuzzer calls LLVMFuzzerTestOneInput once per input;
 * a target must not leak, crash or hang on any of them. */
#ifndef GB_FUZZ_H
#define GB_FUZZ_H

#define _DEFAULT_SOURCE /* mkdtemp */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

/* A folder for this process's scratch files (made once; in /dev/shm when there is one). */
static inline const char *fuzz_dir(void)
{
    static char dir[64];
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "%s/glassbox-fuzz-XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
        if (!mkdtemp(dir)) abort();
    }
    return dir;
}

/* Write data to <fuzz_dir>/name and return the path (a static buffer per call site is enough). */
static inline void fuzz_write(char *path, size_t cap, const char *name, const uint8_t *data, size_t size)
{
    snprintf(path, cap, "%s/%s", fuzz_dir(), name);
    FILE *f = fopen(path, "wb");
    if (!f) abort();
    if (size && fwrite(data, 1, size, f) != size) abort();
    fclose(f);
}

#endif
