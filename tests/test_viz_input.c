/* test_viz_input.c — the viewer's input handling, headless: events in, trace and state out.
 * Stepping, stepping back, branching (keys and clicks), selecting a token, temperature / top-k /
 * top-p reshaping the bars, the sliders, zoom, themes, help, editing the prompt, reset, the context
 * window filling up, HiDPI mouse scaling, resizing to 1 x 1 and back, and a missing model. */
#define _POSIX_C_SOURCE 200809L
#include "check.h"
#include "viz_model.h"
#include "image.h"
#include "viewer.h"
#include "viz_options.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static ViewerOptions options(const char *dir)
{
    return viz_test_options(dir);
}

static void key(Viewer *v, SDL_Keycode k)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_KEYDOWN;
    e.key.keysym.sym = k;
    viewer_handle_event(v, &e);
    frame(v);
}

static const Hit *find_hit(Viewer *v, int kind, int index)
{
    for (int i = 0; i < v->ui.n_hits; i++)
        if (v->ui.hits[i].kind == kind && (index < 0 || v->ui.hits[i].index == index)) return &v->ui.hits[i];
    return NULL;
}

/* A left click at output pixel (x, y): window coordinates are output pixels / the HiDPI scale. */
static void click_at(Viewer *v, int x, int y)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEBUTTONDOWN;
    e.button.button = SDL_BUTTON_LEFT;
    e.button.x = (int)(x / v->mouse_scale_x);
    e.button.y = (int)(y / v->mouse_scale_y);
    viewer_handle_event(v, &e);
    e.type = SDL_MOUSEBUTTONUP;
    viewer_handle_event(v, &e);
    frame(v);
}

static int click_hit(Viewer *v, int kind, int index)
{
    const Hit *h = find_hit(v, kind, index);
    if (!h) return 0;
    click_at(v, h->r.x + h->r.w / 2, h->r.y + h->r.h / 2);
    return 1;
}

static Image grab(Viewer *v)
{
    Image img = {v->ui.width, v->ui.height, malloc((size_t)v->ui.width * v->ui.height * 3)};
    if (img.rgb) SDL_RenderReadPixels(v->renderer, NULL, SDL_PIXELFORMAT_RGB24, img.rgb, img.w * 3);
    return img;
}

static void test_stepping(Viewer *v)
{
    Session *s = &v->session;
    int P = s->trace.n_prompt;
    CHECK(s->loaded && P > 0 && s->cursor == 0 && v->bars.valid, "opens with the prompt and a distribution");
    press(v, "Space Space Right");
    CHECK(s->cursor == 3 && session_chosen(s) == 3 && s->trace.n_pos == P + 3, "Space, Space, Right sample three "
          "tokens (cursor %d, chosen %d)", s->cursor, session_chosen(s));
    CHECK(s->trace.pos[P + 2].computed && s->trace.n_steps == 4, "the last token is computed and the next "
          "distribution predicted");
    press(v, "PageDown");
    int fourth = s->trace.pos[P + 3].id;
    press(v, "Left Backspace");
    CHECK(s->cursor == 2 && session_chosen(s) == 4, "Left, Backspace step back without forgetting (cursor %d)",
          s->cursor);
    CHECK(v->scene.last == P + 1 && v->scene.focus == P + 1, "the panels follow the last token on screen");
    press(v, "PageUp PageUp PageUp");
    CHECK(s->cursor == 0, "PageUp stops at the prompt");
    press(v, "Space Space Space Space");
    CHECK(s->cursor == 4 && s->trace.pos[P + 3].id == fourth && session_chosen(s) == 4,
          "stepping forward again shows the same tokens");
}

static void test_branching(Viewer *v)
{
    Session *s = &v->session;
    int P = s->trace.n_prompt;
    press(v, "Left Left");
    int second = v->bars.ids[1];
    CHECK(v->bars.valid && v->bars.step == 2 && v->bars.chosen == s->trace.pos[P + 2].id,
          "the bars show step 2 and the token the trace chose there");
    press(v, "2");
    CHECK(s->cursor == 3 && session_chosen(s) == 3 && s->trace.pos[P + 2].id == second &&
          s->trace.pos[P + 2].source == TRACE_FORCED && s->trace.steps[2].forced,
          "key 2 forces the second bar's token: a branch (chosen %d)", session_chosen(s));
    frame(v);
    const Hit *bar = find_hit(v, HIT_BAR, -1);
    int id = bar ? bar->index : -1;
    CHECK(click_hit(v, HIT_BAR, id) && s->trace.pos[P + 3].id == id && s->trace.pos[P + 3].source == TRACE_FORCED,
          "clicking a bar forces its token");
    key(v, SDLK_KP_1);
    CHECK(s->cursor == 5 && s->trace.steps[4].forced, "the keypad's 1 forces the first bar");
}

static void test_selecting(Viewer *v)
{
    Session *s = &v->session;
    frame(v);
    CHECK(click_hit(v, HIT_TOKEN, 1) && v->view.selected == 1 && v->scene.focus == 1, "clicking token 1 selects it");
    int id = s->trace.pos[1].id;
    CHECK(v->nb_for == id && v->scene.nb_n == NEIGHBOURS_MAX && v->scene.nb_ids[0] != id,
          "the neighbours panel follows the selection");
    float best = -2;
    int sorted = 1;
    for (int i = 0; i < v->scene.nb_n; i++) {
        float c = embed_cosine(&v->embed, id, v->scene.nb_ids[i]);
        sorted &= fabsf(c - v->scene.nb_scores[i]) < 1e-5f && (i == 0 || c <= best + 1e-6f);
        best = c;
    }
    CHECK(sorted, "neighbours are sorted by their cosine similarity");
    CHECK(v->scene.lens_ok && lens_ids(&v->lens, 1, s->model.config.n_layer)[0] ==
          sampler_argmax(s->trace.pos[1].logits, s->model.config.vocab_size),
          "the logit lens's last layer predicts what the model predicted at the selection");
    CHECK(click_hit(v, HIT_TOKEN, 1) && v->view.selected == -1, "clicking it again follows the last token");
    click_hit(v, HIT_TOKEN, 0);
    press(v, "Home");
    CHECK(v->view.selected == -1, "Home follows the last token");
    click_hit(v, HIT_TOKEN, 0);
    press(v, "Space");
    CHECK(v->view.selected == -1, "sampling follows the new token");
}

/* The bars must equal sampler_distribution on the trace's logits with the settings in force. */
static int bars_match(Session *s, const Bars *b)
{
    int V = s->model.config.vocab_size;
    float *p = malloc((size_t)V * sizeof *p);
    uint8_t *cut = malloc((size_t)V);
    int *order = malloc((size_t)V * sizeof *order);
    sampler_distribution(&s->settings, s->trace.pos[b->pos].logits, V, p, cut, order);
    int ok = b->valid;
    for (int i = 0; i < b->n; i++) ok &= p[b->ids[i]] == b->p[i] && cut[b->ids[i]] == b->cut[i];
    free(p);
    free(cut);
    free(order);
    return ok;
}

static void test_settings(Viewer *v)
{
    Session *s = &v->session;
    press(v, "R");
    float top = v->bars.p[0];
    CHECK(s->cursor == 0 && session_chosen(s) == 0 && s->settings.temperature == 1.0f, "R resets to the prompt");
    press(v, "] ] ] ] ]");
    CHECK(fabsf(s->settings.temperature - 1.5f) < 1e-6f && v->bars.p[0] < top && bars_match(s, &v->bars),
          "] raises the temperature: the bars flatten (%.4f -> %.4f) and match the sampler", top, v->bars.p[0]);
    CHECK(s->trace.steps[0].temperature == s->settings.temperature, "the trace's pending step is predicted again");
    press(v, "[ [ [ [ [ [ [ [ [ [ [ [ [ [ [ [");
    CHECK(s->settings.temperature == 0 && v->bars.p[0] == 1.0f && v->bars.p[1] == 0, "[ down to 0: greedy");
    press(v, "] ] ] ] ] ] ] ] ] ] K");
    CHECK(s->settings.top_k == 1 && v->bars.kept == 1 && v->bars.cut[1] == GPT_CUT_TOP_K && v->bars.p[0] == 1.0f,
          "K: top-k 1 keeps one token and greys the rest");
    press(v, "K K");
    CHECK(s->settings.top_k == 5 && v->bars.kept == 5 && v->bars.cut[4] == GPT_CUT_KEPT &&
          v->bars.cut[5] == GPT_CUT_TOP_K && bars_match(s, &v->bars), "K again: top-k 5");
    press(v, "K K K P P P");
    CHECK(s->settings.top_k == 0 && fabsf(s->settings.top_p - 0.75f) < 1e-6f && bars_match(s, &v->bars) &&
          v->bars.kept < s->model.config.vocab_size, "P: top-p 0.75 cuts the tail (kept %d)", v->bars.kept);
    int chose = -1;
    press(v, "Space");
    chose = s->trace.pos[s->trace.n_prompt].id;
    CHECK(s->trace.steps[0].cut[chose] == GPT_CUT_KEPT && s->trace.steps[0].top_p == s->settings.top_p,
          "sampling draws from the distribution the bars showed");

    /* The temperature slider: the left end is greedy, the right end 2. */
    frame(v);
    const Hit *h = find_hit(v, HIT_SLIDER_TEMPERATURE, -1);
    CHECK(h != NULL, "a temperature slider");
    if (h) {
        click_at(v, h->r.x, h->r.y + h->r.h / 2);
        CHECK(s->settings.temperature == 0, "clicking the slider's left end sets temperature 0");
        h = find_hit(v, HIT_SLIDER_TEMPERATURE, -1);
        SDL_Event e;
        memset(&e, 0, sizeof e);
        e.type = SDL_MOUSEBUTTONDOWN;
        e.button.button = SDL_BUTTON_LEFT;
        e.button.x = h->r.x + h->r.w / 2;
        e.button.y = h->r.y + h->r.h / 2;
        viewer_handle_event(v, &e);
        e.type = SDL_MOUSEMOTION;
        e.motion.x = h->r.x + h->r.w + 50;
        e.motion.y = e.button.y;
        viewer_handle_event(v, &e);
        e.type = SDL_MOUSEBUTTONUP;
        viewer_handle_event(v, &e);
        frame(v);
        CHECK(s->settings.temperature == 2.0f, "dragging past the right end sets 2 (got %g)", (double)s->settings.temperature);
    }
    press(v, "R");
    CHECK(s->settings.temperature == 1.0f && s->settings.top_k == 0 && s->settings.top_p == 1.0f,
          "R restores the settings");
}

static void test_view_keys(Viewer *v)
{
    int body = v->ui.body_px;
    CHECK(body * 40 >= v->ui.height, "body text %d px is at least 1/40 of %d", body, v->ui.height);
    press(v, "=");
    CHECK(v->ui.body_px > body, "+ zooms in (%d -> %d px)", body, v->ui.body_px);
    press(v, "0");
    CHECK(v->ui.body_px == body, "0 resets the zoom");
    press(v, "- -");
    CHECK(v->ui.body_px < body, "- zooms out");
    key(v, SDLK_KP_0);
    press(v, "T");
    CHECK(v->theme == THEME_LIGHT && v->ui.theme == &viz_themes[THEME_LIGHT], "T: light");
    press(v, "T T");
    CHECK(v->theme == THEME_DARK, "T cycles through high contrast back to dark");
    press(v, "?");
    CHECK(v->view.help == 1, "? opens the key list");
    press(v, "Escape");
    CHECK(v->view.help == 0, "Esc closes it");
    int chosen = session_chosen(&v->session);
    press(v, "F1 Space");
    CHECK(v->view.help == 0 && session_chosen(&v->session) == chosen, "any key closes it, and does nothing else");
    press(v, "F1 I");
    CHECK(v->view.help == 0 && v->view.show_ids == 0, "I closes it too, without showing the ids");
    press(v, "I");
    CHECK(v->view.show_ids == 1, "I shows the token ids");
    press(v, "I M");
    CHECK(v->ui.colormap == COLORMAP_CIVIDIS, "M switches to cividis");
    press(v, "M Down Down .");
    CHECK(v->view.layer == 0 && v->view.head == 1, "Down twice wraps to layer 0 (2 layers), . next head");
    press(v, "Up , ,");
    CHECK(v->view.layer == 1 && v->view.head == 3, "Up and , go back (layer %d head %d)", v->view.layer, v->view.head);
    frame(v);
    CHECK(click_hit(v, HIT_THUMB, 1 * 4 + 2) && v->view.layer == 1 && v->view.head == 2, "clicking a thumbnail opens that head");
    CHECK(click_hit(v, HIT_LAYER_NEXT, -1) && v->view.layer == 0, "the layer picker");
    CHECK(click_hit(v, HIT_HEAD_PREV, -1) && v->view.head == 1, "the head picker");
    press(v, "O");
    CHECK(v->view.overlay == 1, "O shows frame times");
    press(v, "O");
    CHECK(viewer_press(v, "NoSuchKey", gb_now()) == -1, "an unknown key name is refused");
    press(v, "Ctrl+Q");
    CHECK(v->running == 0, "Ctrl+Q quits");
    v->running = 1;
}

static void test_editing(Viewer *v)
{
    Session *s = &v->session;
    char before[256];
    snprintf(before, sizeof before, "%s", s->trace.prompt);
    press(v, "Space Return");
    CHECK(v->view.editing && v->view.edit_len == (int)strlen(before), "Enter edits the prompt");
    press(v, "text:\xC3\xA9 text:x T");
    CHECK(v->view.editing && v->theme == THEME_DARK && v->view.edit_len == (int)strlen(before) + 3,
          "while editing, letters are text, not commands");
    press(v, "Left Left Delete End BackSpace Return");
    char want[300];
    snprintf(want, sizeof want, "%s", before);
    CHECK(strcmp(s->trace.prompt, want) == 0 && !v->view.editing && s->cursor == 0,
          "Backspace and Delete remove whole code points; Enter runs the prompt ('%s')", s->trace.prompt);
    frame(v);
    CHECK(click_hit(v, HIT_EDIT, -1) && v->view.editing, "the edit button edits the prompt");
    press(v, "End text:', said Tom' Return");
    snprintf(want, sizeof want, "%s, said Tom", before);
    CHECK(strcmp(s->trace.prompt, want) == 0 && s->trace.n_prompt > 0 && v->bars.valid, "typing extends the prompt");
    int n = s->trace.n_prompt;
    press(v, "Return text:xyz Escape");
    CHECK(strcmp(s->trace.prompt, want) == 0 && s->trace.n_prompt == n && !v->view.editing, "Esc cancels an edit");
    press(v, "Return Home");
    for (int i = 0; i < 300; i++) viewer_press(v, "Delete", gb_now());
    press(v, "Return");
    CHECK(strcmp(s->trace.prompt, want) == 0 && v->view.message_error && strstr(v->view.message, "empty"),
          "an empty prompt is refused with a message: %s", v->view.message);
}

/* With animations on, the bars of the step just taken stay up for a moment, the choice lit. */
static void test_animation(Viewer *v)
{
    Session *s = &v->session;
    v->opt.animate = 1;
    int k = s->cursor;
    viewer_press(v, "Space", gb_now());
    double t0 = v->anim_start;
    viewer_update(v, t0 + 0.3);
    viewer_draw(v);
    CHECK(v->view.anim_step == k && v->bars.step == k && v->bars.chosen == s->trace.pos[s->trace.n_prompt + k].id &&
          v->view.anim > 0.4f && v->view.anim < 0.6f, "half way: the bars of step %d with its choice", k);
    viewer_press(v, "Space", t0 + 0.35);
    CHECK(v->view.anim_step == k + 1 && s->cursor == k + 2, "Space during the animation takes the next step");
    viewer_update(v, v->anim_start + 1.0);
    viewer_draw(v);
    CHECK(v->view.anim_step == -1 && v->bars.step == k + 2, "after the animation: the next distribution");
    viewer_press(v, "Space", gb_now());
    viewer_press(v, "s", gb_now());
    CHECK(v->view.anim_step == -1 && v->screenshot_pending, "S ends the animation before the screenshot");
    v->screenshot_pending = 0;
    v->opt.animate = 0;
}

static void test_context_full(const char *dir)
{
    Viewer *v = calloc(1, sizeof *v);
    ViewerOptions o = options(dir);
    GbError err;
    CHECK(viewer_open(v, &o, &err) == 0 && v->session.loaded, "open the short-context model");
    Session *s = &v->session;
    int room = s->model.config.n_ctx - s->trace.n_prompt + 1;
    for (int i = 0; i < room; i++) viewer_press(v, "Space", gb_now());
    frame(v);
    CHECK(s->full && s->cursor == room && !v->bars.valid, "after %d tokens the context window is full", room);
    press(v, "Space");
    CHECK(s->cursor == room && v->view.message_error && strstr(v->view.message, "context window"),
          "Space then says so: %s", v->view.message);
    CHECK(!v->scene.lens_ok, "the last token has no activations: the lens says so");
    press(v, "Left 1");
    CHECK(s->full && s->cursor == room && s->trace.steps[room - 1].forced, "forcing the last token is still possible");
    viewer_close(v);
    free(v);
}

static void test_resize(Viewer *v)
{
    frame(v);
    Image before = grab(v);
    viewer_resize(v, 1, 1);
    frame(v);
    CHECK(v->ui.width == 1 && v->ui.height == 1, "resized to 1 x 1 (%d x %d)", v->ui.width, v->ui.height);
    viewer_resize(v, 300, 2000);
    frame(v);
    viewer_resize(v, 1280, 720);
    frame(v);
    Image after = grab(v);
    ImageDiff d;
    CHECK(image_compare(&before, &after, 0, 0, &d, NULL), "1 x 1 and back draws the same frame (%ld pixels differ)",
          d.over);
    image_free(&before);
    image_free(&after);

    /* HiDPI: with twice the pixels per point, a mouse event's coordinates are doubled. */
    float sx = v->mouse_scale_x;
    v->mouse_scale_x = v->mouse_scale_y = 2.0f;
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = SDL_MOUSEMOTION;
    e.motion.x = 100;
    e.motion.y = 50;
    viewer_handle_event(v, &e);
    CHECK(v->ui.mouse_x == 200 && v->ui.mouse_y == 100, "HiDPI: mouse (100, 50) is pixel (%d, %d)", v->ui.mouse_x,
          v->ui.mouse_y);
    v->mouse_scale_x = v->mouse_scale_y = sx;
    e.type = SDL_WINDOWEVENT;
    e.window.event = SDL_WINDOWEVENT_LEAVE;
    viewer_handle_event(v, &e);
    CHECK(v->ui.mouse_x == -1, "the mouse leaving the window");
}

static void test_no_model(const char *dir)
{
    char bad[512];
    snprintf(bad, sizeof bad, "%s/no-such-model", dir);
    Viewer *v = calloc(1, sizeof *v);
    ViewerOptions o = options(bad);
    GbError err;
    CHECK(viewer_open(v, &o, &err) == 0 && !v->session.loaded && strstr(v->load_problem, "no such model folder"),
          "a missing model folder is shown, not fatal: %s", v->load_problem);
    press(v, "Space 1 R Return");
    CHECK(v->session.loaded == 0, "keys do nothing without a model");
    viewer_close(v);
    /* A broken config.json is named. */
    char broken[600], path[4096];
    snprintf(broken, sizeof broken, "%s/broken", dir);
    snprintf(path, sizeof path, "mkdir -p %s && cp %s/vocab.json %s/merges.txt %s/model.safetensors %s/ && "
             "printf '{\"n_layer\": -3}' > %s/config.json", broken, dir, dir, dir, broken, broken);
    CHECK(system(path) == 0, "make a broken model");
    memset(v, 0, sizeof *v);
    o = options(broken);
    CHECK(viewer_open(v, &o, &err) == 0 && !v->session.loaded && strstr(v->load_problem, "config.json"),
          "a broken config.json is named: %s", v->load_problem);
    frame(v);
    viewer_close(v);
    free(v);
    snprintf(path, sizeof path, "rm -rf %s", broken);
    CHECK(system(path) == 0, "clean up");
}

int main(void)
{
    char dir[] = "/tmp/glassbox-viz-input-XXXXXX", dir_short[] = "/tmp/glassbox-viz-short-XXXXXX";
    GbError err;
    if (!mkdtemp(dir) || !mkdtemp(dir_short)) { CHECK(0, "temporary folders"); return check_report("test_viz_input"); }
    int ok = viz_make_model(dir, 64, &err) == 0 && viz_make_model(dir_short, 12, &err) == 0;
    CHECK(ok, "make the test models: %s", ok ? "" : err.msg);
    Viewer *v = calloc(1, sizeof *v);
    ViewerOptions o = options(dir);
    if (ok && viewer_open(v, &o, &err) == 0 && v->session.loaded) {
        frame(v);
        test_stepping(v);
        test_branching(v);
        test_selecting(v);
        test_settings(v);
        test_view_keys(v);
        test_editing(v);
        test_animation(v);
        test_resize(v);
        viewer_close(v);
        test_context_full(dir_short);
        test_no_model(dir);
    } else {
        CHECK(0, "open the viewer: %s", err.msg);
        viewer_close(v);
    }
    free(v);
    char cmd[200];
    snprintf(cmd, sizeof cmd, "rm -rf %s %s", dir, dir_short);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    return check_report("test_viz_input");
}
