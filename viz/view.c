/* view.c — `glassbox view`: open the viewer in a window, or render it headless to a PNG. */
#define _POSIX_C_SOURCE 200809L
#include "view.h"
#include "viewer.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *view_help =
    "usage: glassbox view [--model DIR] [--prompt TEXT] [--steps N] [--temperature T] [--top-k K]\n"
    "                     [--top-p P] [--seed S] [--theme dark|light|contrast] [--size WxH]\n"
    "                     [--fullscreen] [--panel NAME] [--keys \"KEY KEY ...\"]\n"
    "                     [--headless --screenshot OUT.png] [--bench FRAMES] [--settings FILE]\n"
    "\n"
    "Open the viewer: the prompt split into tokens, attention heatmaps, embedding neighbours,\n"
    "the next-token probabilities and the logit lens, updated as each token is sampled.\n"
    "Press ? in the window for the keys (Space samples, \xE2\x86\x90 steps back, 1-9 force a token).\n"
    "\n"
    "  --model DIR        model folder; default: the classroom model (assets/models/classroom)\n"
    "  --prompt TEXT      the text to continue (default \"The cat sat on the\")\n"
    "  --steps N          sample N tokens before showing anything (default 0)\n"
    "  --temperature T, --top-k K, --top-p P, --seed S   sampling, as in glassbox generate\n"
    "  --theme NAME       dark (default), light, or contrast (high contrast, >= 7:1)\n"
    "  --size WxH         window size (default 1280x720); headless: the image size\n"
    "  --fullscreen       start fullscreen (F toggles, Esc leaves)\n"
    "  --panel NAME       show one panel alone: tokens, attention, probs, neighbours, lens\n"
    "  --keys \"...\"       press these keys first, by SDL name: Space Left 3 T Return ...;\n"
    "                     text:'some words' types into the prompt editor (after Return)\n"
    "  --headless         no window, no display needed: render with the software renderer and\n"
    "                     write --screenshot OUT.png (for handouts, docs and tests)\n"
    "  --screenshot FILE  headless: the PNG to write; in a window: where S saves\n"
    "  --bench FRAMES     headless: time FRAMES full frames and the first one (make bench)\n"
    "  --settings FILE    where the theme, zoom and last lesson are kept between runs; default:\n"
    "                     ~/.config/glassbox/settings in a window, none headless; 'none': keep none\n"
    "\n"
    "example: glassbox view --model DIR --prompt \"The cat sat on the\"\n"
    "         glassbox view --headless --steps 5 --size 1920x1080 --screenshot class.png\n";

typedef struct {
    ViewerOptions viewer;
    const char *keys;
    int bench;
    int help;
    int settings_given;
} ViewArgs;

/* Print an error from the library ("<file>: <problem> (hint: ...)") the way the other commands do. */
static int fail(const GbError *err)
{
    return cli_error(strncmp(err->msg, "glassbox: ", 10) == 0 ? err->msg + 10 : err->msg);
}

static int bad_value(const char *flag, const char *what, const char *got)
{
    fprintf(stderr, "glassbox: view: %s: expected %s, got '%s' (hint: glassbox view --help)\n", flag, what, got);
    return -1;
}

static int parse_number(const char *flag, const char *s, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !(v >= lo && v <= hi)) {
        char what[96];
        snprintf(what, sizeof what, "a number from %g to %g", lo, hi);
        return bad_value(flag, what, s);
    }
    *out = v;
    return 0;
}

static int parse_whole(const char *flag, const char *s, long lo, long hi, long *out)
{
    double d;
    if (parse_number(flag, s, (double)lo, (double)hi, &d)) return -1;
    if (d != (double)(long)d) {
        char what[96];
        snprintf(what, sizeof what, "a whole number from %ld to %ld", lo, hi);
        return bad_value(flag, what, s);
    }
    *out = (long)d;
    return 0;
}

static int parse_args(int argc, char **argv, ViewArgs *a, int for_lesson)
{
    memset(a, 0, sizeof *a);
    a->viewer = viewer_defaults();
    ViewerOptions *o = &a->viewer;
    for (int i = 0; i < argc; i++) {
        const char *f = argv[i];
        if (!strcmp(f, "--help") || !strcmp(f, "-h")) { a->help = 1; continue; }
        if (!strcmp(f, "--headless")) { o->headless = 1; continue; }
        if (!strcmp(f, "--fullscreen")) { o->fullscreen = 1; continue; }
        static const char *const with_value[] = {"--model", "--prompt", "--steps", "--temperature", "--top-k",
                                                 "--top-p", "--seed", "--theme", "--size", "--panel", "--keys",
                                                 "--screenshot", "--bench", "--settings"};
        int known = 0;
        for (size_t k = 0; k < sizeof with_value / sizeof with_value[0]; k++) known |= !strcmp(f, with_value[k]);
        if (!known) {
            fprintf(stderr, "glassbox: view: unknown %s '%s' (hint: glassbox view --help)\n",
                    f[0] == '-' ? "option" : "argument", f);
            return -1;
        }
        if (i + 1 >= argc) {
            fprintf(stderr, "glassbox: view: %s needs a value (hint: glassbox view --help)\n", f);
            return -1;
        }
        const char *v = argv[++i];
        long l;
        double d;
        if (!strcmp(f, "--model")) o->model_dir = v;
        else if (!strcmp(f, "--prompt")) o->prompt = v;
        else if (!strcmp(f, "--keys")) a->keys = v;
        else if (!strcmp(f, "--screenshot")) o->screenshot = v;
        else if (!strcmp(f, "--settings")) { o->settings = strcmp(v, "none") ? v : NULL; a->settings_given = 1; }
        else if (!strcmp(f, "--steps")) { if (parse_whole(f, v, 0, 100000, &l)) return -1; o->steps = (int)l; }
        else if (!strcmp(f, "--bench")) { if (parse_whole(f, v, 1, 100000, &l)) return -1; a->bench = (int)l; }
        else if (!strcmp(f, "--seed")) { if (parse_whole(f, v, 0, 2147483647L, &l)) return -1; o->sampling.seed = (uint64_t)l; }
        else if (!strcmp(f, "--top-k")) { if (parse_whole(f, v, 0, 100000000L, &l)) return -1; o->sampling.top_k = (int)l; }
        else if (!strcmp(f, "--temperature")) { if (parse_number(f, v, 0, 1000, &d)) return -1; o->sampling.temperature = (float)d; }
        else if (!strcmp(f, "--top-p")) {
            if (parse_number(f, v, 0, 1, &d)) return -1;
            if (d <= 0) return bad_value(f, "a number greater than 0 and at most 1 (1 turns it off)", v);
            o->sampling.top_p = (float)d;
        } else if (!strcmp(f, "--size")) {
            int w, h;
            char tail;
            if (sscanf(v, "%dx%d%c", &w, &h, &tail) != 2 || w < 1 || h < 1 || w > 16384 || h > 16384)
                return bad_value(f, "WIDTHxHEIGHT, each 1 to 16384, like 1920x1080", v);
            o->width = w;
            o->height = h;
        } else if (!strcmp(f, "--theme")) {
            if (!strcmp(v, "dark")) o->theme = THEME_DARK;
            else if (!strcmp(v, "light")) o->theme = THEME_LIGHT;
            else if (!strcmp(v, "contrast") || !strcmp(v, "high-contrast")) o->theme = THEME_CONTRAST;
            else return bad_value(f, "dark, light or contrast", v);
            o->theme_given = 1;
        } else if (!strcmp(f, "--panel")) {
            o->solo = PANEL_COUNT;
            for (int p = 0; p < PANEL_COUNT; p++) if (!strcmp(v, panel_names[p])) o->solo = p;
            if (o->solo == PANEL_COUNT) return bad_value(f, "tokens, attention, probs, neighbours or lens", v);
        }
    }
    if (o->headless && !o->screenshot && !a->bench && !for_lesson) {
        fprintf(stderr, "glassbox: view: --headless needs --screenshot OUT.png (hint: glassbox view --help)\n");
        return -1;
    }
    if (a->bench && !o->headless) {
        fprintf(stderr, "glassbox: view: --bench needs --headless (hint: glassbox view --help)\n");
        return -1;
    }
    static char settings[GB_PATH_MAX];   /* a window keeps its settings unless told otherwise */
    if (!a->settings_given && !o->headless && !for_lesson && settings_path(settings, sizeof settings) == 0)
        o->settings = settings;
    return 0;
}

/* Press the keys of --keys. */
static int press_keys(Viewer *v, const char *keys)
{
    char bad[512];
    if (viewer_press_keys(v, keys, bad, sizeof bad) == 0) return 0;
    fprintf(stderr, "glassbox: view: --keys: unknown key '%s' (hint: SDL key names, like Space, Left, "
            "Right, PageDown, Return, 3, T; text:'some words' types into the prompt editor)\n", bad);
    return -1;
}

static int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* p-th percentile (0 .. 100) of n numbers (sorted in place). */
static double percentile(double *x, int n, double p)
{
    qsort(x, (size_t)n, sizeof *x, compare_doubles);
    int i = (int)(p / 100.0 * (n - 1) + 0.5);
    return x[i < n ? i : n - 1];
}

/* --bench: time `frames` full redraws (the mouse moving over the heatmap), then redraws right
 * after a step (every cached picture made again). */
static int bench(Viewer *v, int frames, double first_frame_s)
{
    embed_wait(&v->embed);
    viewer_update(v, gb_now());
    double *redraw = malloc((size_t)frames * sizeof *redraw), *after_step = malloc((size_t)frames * sizeof *after_step);
    double *step = malloc((size_t)frames * sizeof *step);
    if (!redraw || !after_step || !step) { free(redraw); free(after_step); free(step); return cli_error("view: out of memory"); }
    for (int i = 0; i < frames; i++) {
        SDL_Event e;
        memset(&e, 0, sizeof e);
        e.type = SDL_MOUSEMOTION;
        e.motion.x = v->ui.width / 8 + i % 64;
        e.motion.y = v->ui.height / 2 + (i / 64) % 64;
        viewer_handle_event(v, &e);
        viewer_update(v, gb_now());
        viewer_draw(v);
        redraw[i] = v->frame_ms[(v->n_frames - 1) % FRAME_TIMES];
    }
    int steps = 0;
    for (int i = 0; i < frames; i++) {
        double t0 = gb_now();
        GbError err;
        if (v->session.full || (i % 24 == 23)) session_reset(&v->session, &err);
        else if (session_next(&v->session, &err)) break;
        viewer_update(v, gb_now());
        step[steps] = (gb_now() - t0) * 1000.0;
        viewer_draw(v);
        after_step[steps++] = v->frame_ms[(v->n_frames - 1) % FRAME_TIMES];
    }
    const GptConfig *c = &v->session.model.config;
    SDL_RendererInfo info;
    printf("viewer           %s: %d layers x %d heads, %d tokens, %d wide; %d x %d, %s renderer\n",
           v->model_name, c->n_layer, c->n_head, c->vocab_size, c->n_embd, v->ui.width, v->ui.height,
           SDL_GetRendererInfo(v->renderer, &info) == 0 ? info.name : "?");
    printf("first frame      %.3f s after start (target <= 0.5 s on the classroom model)\n", first_frame_s);
    printf("draw, redraw     p50 %.2f ms, p95 %.2f ms over %d full frames (target p95 <= 8 ms)\n",
           percentile(redraw, frames, 50), percentile(redraw, frames, 95), frames);
    if (steps)
        printf("draw, new token  p50 %.2f ms, p95 %.2f ms (every cached picture made again)\n"
               "one token        p50 %.1f ms to sample it and update the scene (forward pass, lens, bars)\n",
               percentile(after_step, steps, 50), percentile(after_step, steps, 95), percentile(step, steps, 50));
    free(redraw);
    free(after_step);
    free(step);
    return 0;
}

int viz_view(int argc, char **argv)
{
    double launched = gb_now();
    ViewArgs a;
    if (parse_args(argc, argv, &a, 0)) return 2;
    if (a.help) { fputs(view_help, stdout); return 0; }
    ViewerOptions *o = &a.viewer;
    if (o->headless) {
        o->animate = 0;
        o->background = a.bench > 0; /* a screenshot waits for the map; the benchmark does not */
    }
    Viewer *v = calloc(1, sizeof *v);
    if (!v) return cli_error("view: out of memory");
    GbError err;
    int rc = 1;
    if (viewer_open(v, o, &err)) { fail(&err); goto out; }
    if (!v->session.loaded) {
        fprintf(stderr, "glassbox: %s (hint: %s)\n", v->load_problem, v->load_hint);
        if (o->headless) goto out;
    }
    if (a.keys && press_keys(v, a.keys)) { rc = 2; goto out; }
    if (!o->headless) { rc = viewer_run(v); goto out; }
    viewer_update(v, gb_now());
    viewer_draw(v);
    if (a.bench) { rc = bench(v, a.bench, gb_now() - launched); goto out; }
    if (viewer_screenshot(v, o->screenshot, &err)) { fail(&err); goto out; }
    rc = 0;
out:
    viewer_close(v);
    free(v);
    return rc;
}

/* ----------------------------------------------------------------------------------------------
 * glassbox lesson */

static const char *lesson_help =
    "usage: glassbox lesson FILE [--model DIR] [--page N] [--theme dark|light|contrast] [--size WxH]\n"
    "                            [--fullscreen] [--headless [--screenshots DIR]]\n"
    "\n"
    "Play a lesson (docs/lessons.md) in the viewer: Space, \xE2\x86\x92 or PageDown for the next page,\n"
    "\xE2\x86\x90 or PageUp for the one before, Esc to leave it for free play. L in the viewer lists the\n"
    "lessons in lessons/.\n"
    "\n"
    "  --model DIR        model folder; default: the classroom model\n"
    "  --page N           open the lesson at page N (1 is the first)\n"
    "  --headless         no window: play every page, print it and every check, and exit with 1\n"
    "                     if a check does not hold on the model (the test suite does this)\n"
    "  --screenshots DIR  headless: write each page as DIR/page-01.png, page-02.png, ...\n"
    "  --size WxH, --theme NAME, --fullscreen   as in glassbox view\n"
    "\n"
    "example: glassbox lesson lessons/01-next-word.lesson\n"
    "         glassbox lesson lessons/01-next-word.lesson --headless --screenshots pages/\n";

/* mkdir -p */
static int make_folders(const char *path)
{
    char p[GB_PATH_MAX];
    snprintf(p, sizeof p, "%s", path);
    for (char *s = p + 1; *s; s++)
        if (*s == '/') {
            *s = 0;
            if (mkdir(p, 0755) != 0 && errno != EEXIST) return -1;
            *s = '/';
        }
    return mkdir(p, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

int viz_lesson(int argc, char **argv)
{
    const char *file = NULL, *shots = NULL;
    int page = 1, help = 0;
    /* The viewer's own options are parsed by parse_args; the lesson's are taken out first. */
    char **rest = calloc((size_t)argc + 1, sizeof *rest);
    if (!rest) return cli_error("lesson: out of memory");
    int n_rest = 0;
    for (int i = 0; i < argc; i++) {
        const char *f = argv[i];
        if (!strcmp(f, "--help") || !strcmp(f, "-h")) help = 1;
        else if (!strcmp(f, "--screenshots") || !strcmp(f, "--page")) {
            if (i + 1 >= argc) {
                fprintf(stderr, "glassbox: lesson: %s needs a value (hint: glassbox lesson --help)\n", f);
                free(rest);
                return 2;
            }
            const char *val = argv[++i];
            if (f[2] == 's') shots = val;
            else {
                long l;
                if (parse_whole("--page", val, 1, 100000, &l)) { free(rest); return 2; }
                page = (int)l;
            }
        } else if (f[0] != '-' && !file) file = f;
        else if (!strcmp(f, "--model") || !strcmp(f, "--theme") || !strcmp(f, "--size")) {
            rest[n_rest++] = argv[i];
            if (i + 1 < argc) rest[n_rest++] = argv[++i];
        } else if (!strcmp(f, "--headless") || !strcmp(f, "--fullscreen")) rest[n_rest++] = argv[i];
        else {
            fprintf(stderr, "glassbox: lesson: unknown %s '%s' (hint: glassbox lesson --help)\n",
                    f[0] == '-' ? "option" : "argument", f);
            free(rest);
            return 2;
        }
    }
    if (help) { free(rest); fputs(lesson_help, stdout); return 0; }
    ViewArgs a;
    int bad = parse_args(n_rest, rest, &a, 1);
    free(rest);
    if (bad) return 2;
    if (!file) return cli_error("lesson: which lesson? give its file (hint: glassbox lesson lessons/01-next-word.lesson)"), 2;
    ViewerOptions *o = &a.viewer;
    if (shots && !o->headless) return cli_error("lesson: --screenshots needs --headless (hint: glassbox lesson --help)"), 2;
    if (o->headless) { o->animate = 0; o->background = 0; }
    if (shots && make_folders(shots) != 0) {
        fprintf(stderr, "glassbox: %s: cannot make the folder: %s (hint: give a folder you can write to)\n", shots,
                strerror(errno));
        return 1;
    }
    /* Check the lesson before opening anything; in a window a broken lesson is said on screen
     * and the viewer opens in free play. */
    Lesson L;
    GbError err, lesson_err;
    int broken = lesson_load(&L, file, &lesson_err) != 0;
    if (!broken) {
        if (o->model_dir) { /* and against the model's vocabulary and shape */
            Tokenizer tok;
            GptConfig cfg;
            char cfg_path[GB_PATH_MAX];
            if (gb_path_join(cfg_path, sizeof cfg_path, o->model_dir, "config.json") == 0 &&
                gpt_config_load(&cfg, cfg_path, &err) == 0 && tok_load(&tok, o->model_dir, &err) == 0) {
                broken = lesson_bind(&L, &tok, &cfg, &lesson_err) != 0;
                tok_free(&tok);
            }
        }
        lesson_free(&L);
    }
    if (broken) {
        fail(&lesson_err);
        if (o->headless) return 1;
    }
    Viewer *v = calloc(1, sizeof *v);
    if (!v) return cli_error("lesson: out of memory");
    int rc = 1;
    if (viewer_open(v, o, &err)) { fail(&err); goto out; }
    if (!v->session.loaded) {
        fprintf(stderr, "glassbox: %s (hint: %s)\n", v->load_problem, v->load_hint);
        goto out;
    }
    if (o->headless) v->player.log = stdout;
    if (broken || player_start(v, file, &err)) {
        const GbError *e = broken ? &lesson_err : &err;
        if (!broken) fail(e);
        if (o->headless) goto out;
        View *w = &v->view;   /* in a window: say it, and stay in free play */
        snprintf(w->message, sizeof w->message, "%.500s", strncmp(e->msg, "glassbox: ", 10) ? e->msg : e->msg + 10);
        w->message_error = 1;
        w->message_until = gb_now() + 12.0;
        rc = viewer_run(v);
        goto out;
    }
    if (page > 1) {
        FILE *log = v->player.log;
        v->player.log = NULL;
        player_goto(v, page - 1);
        v->player.log = log;
    }
    if (!o->headless) { rc = viewer_run(v); goto out; }
    embed_wait(&v->embed);
    for (;;) {
        Player *p = &v->player;
        viewer_update(v, gb_now());
        viewer_draw(v);
        if (shots) {
            char path[GB_PATH_MAX];
            snprintf(path, sizeof path, "%s/page-%02d.png", shots, p->stop + 1);
            if (viewer_screenshot(v, path, &err)) { fail(&err); goto out; }
        }
        int before = p->stop;
        player_next(v);
        while (p->busy) player_update(v, 1.0);
        if (p->stop == before) break;
    }
    printf("lesson %s: %d pages, %d questions, %d checks held, %d failed\n", file, v->player.lesson.n_stops,
           v->player.lesson.n_asks, v->player.passed, v->player.failed);
    rc = v->player.failed ? 1 : 0;
out:
    viewer_close(v);
    free(v);
    return rc;
}
