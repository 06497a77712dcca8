/* test_viz_soak.c — the viewer through a long stream of scripted interactions, headless, on the
 * classroom model: sampling, stepping back, forcing, settings, themes, selection, layers and heads,
 * editing the prompt, resizing, the evidence and logit columns, the lesson menu and a lesson's
 * pages. A frame is drawn after every interaction. After each one the session must be
 * consistent; at the end the memory the trace holds must be bounded by the context window, and
 * under AddressSanitizer the run must be leak-free.
 *
 * GLASSBOX_SOAK_N sets the number of interactions (default 600; `make soak` runs 10000 under the
 * sanitizers). The time per interaction of the first and last tenth is printed, not asserted:
 * speed belongs to benchmarks. */
#define _POSIX_C_SOURCE 200809L
#include "check.h"
#include "rng.h"
#include "viewer.h"
#include "viz_options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MODEL "assets/models/classroom"

static void key(Viewer *v, const char *name)
{
    char bad[64];
    CHECK(viewer_press_keys(v, name, bad, sizeof bad) == 0, "key %s", bad);
}

static void click(Viewer *v, int kind)
{
    for (int i = v->ui.n_hits - 1; i >= 0; i--)
        if (v->ui.hits[i].kind == kind) {
            const Hit *h = &v->ui.hits[i];
            SDL_Event e;
            memset(&e, 0, sizeof e);
            e.type = SDL_MOUSEBUTTONDOWN;
            e.button.button = SDL_BUTTON_LEFT;
            e.button.x = (int)((h->r.x + h->r.w / 2) / v->mouse_scale_x);
            e.button.y = (int)((h->r.y + h->r.h / 2) / v->mouse_scale_y);
            viewer_handle_event(v, &e);
            e.type = SDL_MOUSEBUTTONUP;
            viewer_handle_event(v, &e);
            return;
        }
}

int main(void)
{
    struct stat st;
    if (stat(MODEL "/model.safetensors", &st) != 0) {
        CHECK(0, "the classroom model is missing (%s)", MODEL);
        return check_report("test_viz_soak");
    }
    const char *env = getenv("GLASSBOX_SOAK_N");
    int N = env ? atoi(env) : 600;
    if (N < 10) N = 10;
    ViewerOptions o = viz_test_options(MODEL);
    Viewer *v = calloc(1, sizeof *v);
    GbError err;
    int rc = viewer_open(v, &o, &err);
    CHECK(rc == 0 && v->session.loaded, "open: %s", rc ? err.msg : v->load_problem);
    if (rc || !v->session.loaded) { viewer_close(v); free(v); return check_report("test_viz_soak"); }
    setenv("GLASSBOX_LESSONS", "lessons", 1);
    Rng rng;
    rng_seed(&rng, 2026, 11);
    static const char *const keys[] = {"Space", "Space", "Space", "Right", "Left", "BackSpace", "1", "2", "3",
                                       "T", "K", "P", "[", "]", "Up", "Down", ",", ".", "I", "M", "E", "G",
                                       "Home", "R", "=", "-", "0"};
    int nkeys = (int)(sizeof keys / sizeof keys[0]);
    double first = 0, last = 0;
    int tenth = N / 10, inconsistent = 0, max_pos = 0;
    for (int i = 0; i < N; i++) {
        double t0 = gb_now();
        uint32_t r = rng_u32(&rng) % 100;
        if (r < 70) key(v, keys[rng_u32(&rng) % (uint32_t)nkeys]);
        else if (r < 78) click(v, HIT_TOKEN);
        else if (r < 84) click(v, HIT_BAR);
        else if (r < 88) click(v, HIT_THUMB);
        else if (r < 91) key(v, "Return text:' and then' Return");
        else if (r < 93) viewer_resize(v, 640 + (int)(rng_u32(&rng) % 1280), 360 + (int)(rng_u32(&rng) % 720));
        else if (r < 96) { key(v, "L"); key(v, rng_u32(&rng) % 2 ? "Escape" : "Down"); if (v->menu.open) key(v, "Escape"); }
        else {
            /* a few pages of a lesson, then leave it */
            char path[64];
            snprintf(path, sizeof path, "lessons/0%u-", 1 + rng_u32(&rng) % 7);
            key(v, "L");
            key(v, (const char *[]){"1", "2", "3", "4", "5", "6", "7"}[rng_u32(&rng) % 7]);
            for (int k = 0; k < 4; k++) key(v, k == 2 ? "Left" : "Space");
            key(v, "Escape");
            (void)path;
        }
        viewer_update(v, gb_now());
        viewer_draw(v);
        const Session *s = &v->session;
        if (v->player.active == 0 && v->view.quiz) inconsistent++;
        if (s->cursor < 0 || s->cursor > session_chosen(s) || session_last_pos(s) >= s->trace.n_pos ||
            s->trace.n_pos > s->model.config.n_ctx + 1)
            inconsistent++;
        if (s->trace.n_pos > max_pos) max_pos = s->trace.n_pos;
        double dt = gb_now() - t0;
        if (i < tenth) first += dt;
        if (i >= N - tenth) last += dt;
    }
    CHECK(inconsistent == 0, "the session stays consistent through %d interactions (%d bad states)", N, inconsistent);
    CHECK(max_pos <= v->session.model.config.n_ctx + 1, "the trace never holds more than the context window (%d positions)", max_pos);
    printf("  %d interactions, a frame after each: first tenth %.2f ms each, last tenth %.2f ms each; "
           "longest trace %d positions\n", N, 1000 * first / tenth, 1000 * last / tenth, max_pos);
    viewer_close(v);
    free(v);
    return check_report("test_viz_soak");
}
