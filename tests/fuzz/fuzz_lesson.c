/* fuzz_lesson.c — lesson files: parsed, then bound to the classroom model's vocabulary and shape.
 * Every rejection names the file. */
#include "fuzz.h"
#include "lesson.h"

static Tokenizer tok;
static GptConfig cfg;
static int loaded;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!loaded) {
        GbError err;
        const char *dir = getenv("GLASSBOX_FUZZ_MODEL");
        char path[1024];
        snprintf(path, sizeof path, "%s/config.json", dir ? dir : "assets/models/classroom");
        if (tok_load(&tok, dir ? dir : "assets/models/classroom", &err) || gpt_config_load(&cfg, path, &err)) {
            fprintf(stderr, "%s (hint: run from the repository, or set GLASSBOX_FUZZ_MODEL)\n", err.msg);
            abort();
        }
        loaded = 1;
    }
    Lesson L;
    GbError err;
    if (lesson_parse(&L, "fuzz.lesson", (const char *)data, size, &err) != 0) {
        if (!strstr(err.msg, "fuzz.lesson")) abort();
        return 0;
    }
    if (L.n_stops < 1 || !L.title || !L.summary) abort();
    if (lesson_bind(&L, &tok, &cfg, &err) != 0 && !strstr(err.msg, "fuzz.lesson")) abort();
    lesson_free(&L);
    return 0;
}
