/* test_viz_golden.c — golden images: the viewer rendered headless (SDL's software renderer, the
 * fonts in assets/fonts, a fixed random model) compared pixel by pixel with tests/golden/NAME.png.
 *
 * Two images match when at most 0.5% of the pixels differ by more than 8 in some channel. On a
 * mismatch the actual image and a picture of the differences are written to
 * $BUILD/golden-failures/NAME.actual.png and NAME.diff.png.
 *
 * After an intended change to the viewer's look, regenerate the goldens with
 *     make golden            (or GLASSBOX_UPDATE_GOLDEN=1 build/tests/test_viz_golden)
 * and look at every changed image before committing it.
 */
#define _POSIX_C_SOURCE 200809L
#include "check.h"
#include "viz_model.h"
#include "image.h"
#include "viewer.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TOLERANCE 8
#define MAX_FRACTION 0.005

typedef struct {
    const char *name;
    int w, h;
    int theme;
    int solo;
    const char *prompt;     /* NULL: the default */
    int steps;
    float temperature;
    int top_k;
    float top_p;
    const char *keys;
    int click_kind, click_index;  /* a click on this zone after the keys (0: none) */
    int hover_kind;               /* then the mouse over the middle of this zone (0: none) */
    int no_model;
} Case;

static const Case cases[] = {
    {"full-dark", 960, 540, THEME_DARK, PANEL_ALL, NULL, 4, 1.0f, 0, 1.0f, "", 0, 0, 0, 0},
    {"full-light", 960, 540, THEME_LIGHT, PANEL_ALL, NULL, 4, 1.0f, 0, 1.0f, "I", HIT_TOKEN, 2, 0, 0},
    {"full-contrast", 960, 540, THEME_CONTRAST, PANEL_ALL, NULL, 3, 1.0f, 3, 1.0f, "", 0, 0, 0, 0},
    {"help", 960, 540, THEME_DARK, PANEL_ALL, NULL, 2, 1.0f, 0, 1.0f, "?", 0, 0, 0, 0},
    {"tokens", 960, 300, THEME_DARK, PANEL_TOKENS, "A smile \xF0\x9F\x99\x82 and a tab\there.\nThe cat", 5, 1.0f, 0,
     1.0f, "I Left Left 2 Space Left", 0, 0, HIT_TOKEN, 0},
    {"attention", 800, 450, THEME_DARK, PANEL_ATTENTION, NULL, 6, 1.0f, 0, 1.0f, "Down . . .", 0, 0, HIT_HEATMAP, 0},
    {"probs", 800, 450, THEME_DARK, PANEL_PROBS, NULL, 3, 0.7f, 0, 0.8f, "Left", 0, 0, 0, 0},
    {"probs-top-k", 800, 450, THEME_LIGHT, PANEL_PROBS, NULL, 1, 1.0f, 4, 1.0f, "", 0, 0, 0, 0},
    {"neighbours", 800, 450, THEME_DARK, PANEL_NEIGHBOURS, NULL, 3, 1.0f, 0, 1.0f, "", 0, 0, HIT_NEIGHBOUR, 0},
    {"lens", 800, 450, THEME_DARK, PANEL_LENS, NULL, 3, 1.0f, 0, 1.0f, "", 0, 0, 0, 0},
    {"code-attention", 1280, 720, THEME_DARK, PANEL_ALL, NULL, 5, 1.0f, 0, 1.0f, "C Down .", 0, 0, 0, 0},
    {"code-sampling", 1280, 720, THEME_DARK, PANEL_ALL, NULL, 4, 0.8f, 5, 1.0f, "C Tab Left", 0, 0, 0, 0},
    {"no-model", 640, 360, THEME_DARK, PANEL_ALL, NULL, 0, 1.0f, 0, 1.0f, "", 0, 0, 0, 1},
};

static const Hit *find_hit(Viewer *v, int kind, int index)
{
    for (int i = 0; i < v->ui.n_hits; i++)
        if (v->ui.hits[i].kind == kind && (index < 0 || v->ui.hits[i].index == index)) return &v->ui.hits[i];
    return NULL;
}

static void mouse(Viewer *v, Uint32 type, const Hit *h)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = type;
    if (type == SDL_MOUSEMOTION) {
        e.motion.x = h->r.x + h->r.w / 2;
        e.motion.y = h->r.y + h->r.h / 2;
    } else {
        e.button.button = SDL_BUTTON_LEFT;
        e.button.x = h->r.x + h->r.w / 2;
        e.button.y = h->r.y + h->r.h / 2;
    }
    viewer_handle_event(v, &e);
    viewer_update(v, gb_now());
    viewer_draw(v);
}

/* Render a case into img. Returns 0, or -1 (with a failed CHECK). */
static int render(const Case *c, const char *model_dir, Image *img)
{
    ViewerOptions o = viewer_defaults();
    o.model_dir = c->no_model ? "/nonexistent/models/classroom" : model_dir;
    o.prompt = c->prompt;
    o.headless = 1;
    o.animate = 0;
    o.background = 0;
    o.assets = "assets";
    o.width = c->w;
    o.height = c->h;
    o.theme = c->theme;
    o.solo = c->solo;
    o.steps = c->steps;
    o.sampling.temperature = c->temperature;
    o.sampling.top_k = c->top_k;
    o.sampling.top_p = c->top_p;
    Viewer *v = calloc(1, sizeof *v);
    GbError err;
    char bad[64];
    int ok = v && viewer_open(v, &o, &err) == 0 && v->session.loaded != c->no_model;
    CHECK(ok, "%s: open the viewer: %s", c->name, ok ? "" : err.msg);
    if (ok) {
        ok = viewer_press_keys(v, c->keys, bad, sizeof bad) == 0;
        CHECK(ok, "%s: key %s", c->name, bad);
        viewer_update(v, gb_now());
        viewer_draw(v);
    }
    if (ok && c->click_kind) {
        const Hit *h = find_hit(v, c->click_kind, c->click_index);
        CHECK(h != NULL, "%s: a zone to click", c->name);
        if (h) mouse(v, SDL_MOUSEBUTTONDOWN, h);
    }
    if (ok && c->hover_kind) {
        const Hit *h = find_hit(v, c->hover_kind, -1);
        CHECK(h != NULL, "%s: a zone to hover over", c->name);
        if (h) mouse(v, SDL_MOUSEMOTION, h);
    }
    if (ok) {
        img->w = v->ui.width;
        img->h = v->ui.height;
        img->rgb = malloc((size_t)img->w * img->h * 3);
        ok = img->rgb && SDL_RenderReadPixels(v->renderer, NULL, SDL_PIXELFORMAT_RGB24, img->rgb, img->w * 3) == 0;
        CHECK(ok, "%s: read the pixels back", c->name);
    }
    if (v) viewer_close(v);
    free(v);
    return ok ? 0 : -1;
}

static void compare(const Case *c, const Image *actual, const char *failures)
{
    char golden[512];
    snprintf(golden, sizeof golden, "tests/golden/%s.png", c->name);
    GbError err;
    const char *update = getenv("GLASSBOX_UPDATE_GOLDEN");
    if (update && strcmp(update, "1") == 0) {
        int ok = image_write_png(golden, actual, &err) == 0;
        CHECK(ok, "%s: write: %s", golden, ok ? "" : err.msg);
        if (ok) printf("updated %s\n", golden);
        return;
    }
    Image expected, diff;
    if (image_read_png(golden, &expected, &err)) {
        CHECK(0, "%s (hint: make golden writes it; look at it before committing)", err.msg);
        return;
    }
    ImageDiff d;
    int match = image_compare(&expected, actual, TOLERANCE, MAX_FRACTION, &d, &diff);
    printf("%-14s %4d x %-4d  %6ld pixels differ by more than %d (%.3f%%), largest difference %d\n", c->name,
           actual->w, actual->h, d.over, TOLERANCE, 100 * d.fraction, d.max_diff);
    if (!match) {
        char a[600], f[600];
        mkdir(failures, 0755);
        snprintf(a, sizeof a, "%s/%s.actual.png", failures, c->name);
        snprintf(f, sizeof f, "%s/%s.diff.png", failures, c->name);
        image_write_png(a, actual, &err);
        if (diff.rgb) image_write_png(f, &diff, &err);
        CHECK(0, "%s: %s (%d x %d) differs from the golden (%d x %d) on %.3f%% of pixels: see %s and %s "
              "(hint: if the change is intended, make golden)", c->name, golden, actual->w, actual->h, expected.w,
              expected.h, 100 * d.fraction, a, f);
    } else {
        CHECK(1, "match");
    }
    image_free(&expected);
    image_free(&diff);
}

int main(void)
{
    char dir[] = "/tmp/glassbox-viz-golden-XXXXXX", model[64];
    GbError err;
    if (!mkdtemp(dir)) { CHECK(0, "temporary folder"); return check_report("test_viz_golden"); }
    /* The header shows the model folder's name: the same in every run. */
    snprintf(model, sizeof model, "%s/golden-model", dir);
    int ok = mkdir(model, 0755) == 0 && viz_make_model(model, 64, &err) == 0;
    CHECK(ok, "make the test model: %s", ok ? "" : err.msg);
    const char *build = getenv("BUILD");
    char failures[512];
    snprintf(failures, sizeof failures, "%s/golden-failures", build && *build ? build : "build");
    for (size_t i = 0; ok && i < sizeof cases / sizeof cases[0]; i++) {
        Image img = {0, 0, NULL};
        if (render(&cases[i], model, &img) == 0) compare(&cases[i], &img, failures);
        image_free(&img);
    }
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    return check_report("test_viz_golden");
}
