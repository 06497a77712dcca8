/* viewer.c — the viewer: window, input -> update -> draw, screenshots. See viewer.h. */
#define _DEFAULT_SOURCE /* realpath */
#include "viewer.h"
#include "image.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define ANIM_SECONDS 0.6
#define MESSAGE_SECONDS 4.0
#define DEFAULT_PROMPT "The cat sat on the"
#define SOLO_ZOOM 1.6f

ViewerOptions viewer_defaults(void)
{
    ViewerOptions o;
    memset(&o, 0, sizeof o);
    o.sampling = sampler_defaults();
    o.width = 1280;
    o.height = 720;
    o.theme = THEME_DARK;
    o.solo = PANEL_ALL;
    o.animate = 1;
    o.background = 1;
    return o;
}

/* ----------------------------------------------------------------------------------------------
 * Opening and closing */

int viewer_find_assets(char *out, size_t cap, GbError *err)
{
    return gb_find_assets(out, cap, err);
}

/* "<file>: <problem> (hint: <hint>)" -> problem and hint for the no-model screen. */
static void split_message(const char *msg, char *problem, size_t pcap, char *hint, size_t hcap)
{
    const char *h = strstr(msg, " (hint: ");
    if (!h) { snprintf(problem, pcap, "%s", msg); hint[0] = 0; return; }
    snprintf(problem, pcap, "%.*s", (int)(h - msg), msg);
    snprintf(hint, hcap, "%s", h + 8);
    size_t n = strlen(hint);
    if (n && hint[n - 1] == ')') hint[n - 1] = 0;
}

static void update_size(Viewer *v);
static void load_settings(Viewer *v, const ViewerOptions *o);
static void save_settings(Viewer *v);
static void set_zoom(Viewer *v, float z);
static void message(Viewer *v, const char *text, int error);

static void open_model(Viewer *v, const ViewerOptions *o)
{
    GbError err, prompt_err;
    const char *prompt = o->prompt ? o->prompt : DEFAULT_PROMPT;
    int rc = session_open(&v->session, v->model_dir, prompt, o->sampling, &err);
    /* A prompt the model cannot take (empty, too long) is not a missing model: in a window, start
     * from the default prompt and say what was wrong. */
    if (rc && o->prompt && !o->headless && strncmp(err.msg, "prompt: ", 8) == 0) {
        prompt_err = err;
        rc = session_open(&v->session, v->model_dir, DEFAULT_PROMPT, o->sampling, &err);
        if (rc == 0) message(v, prompt_err.msg, 1);
    }
    if (rc == 0 && lens_init(&v->lens, &v->session.model.config, &err) == 0) {
        const GptConfig *c = &v->session.model.config;
        embed_start(&v->embed, v->session.model.w.wte, c->vocab_size, c->n_embd, o->background);
        v->embed_started = 1;
        for (int k = 0; k < o->steps; k++)
            if (session_next(&v->session, &err)) break;
        return;
    }
    session_close(&v->session);
    split_message(err.msg, v->load_problem, sizeof v->load_problem, v->load_hint, sizeof v->load_hint);
    if (!o->model_dir)
        snprintf(v->load_hint, sizeof v->load_hint, "the classroom model is not installed yet: build it "
                 "with make model, or open another model with glassbox view --model DIR");
}

int viewer_open(Viewer *v, const ViewerOptions *o, GbError *err)
{
    memset(v, 0, sizeof *v);
    v->opt = *o;
    v->opened_at = gb_now();
    v->theme = o->theme >= 0 && o->theme < THEME_COUNT ? o->theme : THEME_DARK;
    v->zoom = 1.0f;
    v->view.selected = -1;
    v->view.anim_step = -1;
    v->view.code_for = PANEL_ATTENTION;
    v->view.hl_bar = v->view.hl_neighbour = -1;
    v->view.solo = o->solo;
    v->nb_for = -1;
    v->bars_version = UINT_MAX;
    v->mouse_scale_x = v->mouse_scale_y = 1.0f;
    if (o->assets) snprintf(v->assets, sizeof v->assets, "%s", o->assets);
    else if (viewer_find_assets(v->assets, sizeof v->assets, err)) return -1;
    if (o->model_dir) snprintf(v->model_dir, sizeof v->model_dir, "%s", o->model_dir);
    else if (gb_path_join(v->model_dir, sizeof v->model_dir, v->assets, "models/classroom"))
        return gb_fail(err, v->assets, "path too long");
    /* The model's name is its folder's name. */
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", v->model_dir);
    for (size_t n = strlen(tmp); n > 1 && tmp[n - 1] == '/'; n--) tmp[n - 1] = 0;
    const char *slash = strrchr(tmp, '/');
    snprintf(v->model_name, sizeof v->model_name, "%.255s", slash ? slash + 1 : tmp);

    if (o->headless) { /* no display: not even a look at one that happens to be there */
        unsetenv("DISPLAY");
        unsetenv("WAYLAND_DISPLAY");
        SDL_setenv("SDL_VIDEODRIVER", "dummy", 1);
        SDL_SetHint(SDL_HINT_RENDER_DRIVER, "software");
    }
    if (SDL_Init(SDL_INIT_VIDEO) != 0)
        return gb_fail(err, "glassbox", "cannot open a window: %s (hint: is there a display? "
                       "glassbox view --headless --screenshot FILE.png renders without one)", SDL_GetError());
    /* With no display SDL falls back to a driver that draws nowhere: a window nobody can see
     * or close. Unless that was asked for, say there is no display. */
    const char *driver = SDL_GetCurrentVideoDriver(), *asked = SDL_getenv("SDL_VIDEODRIVER");
    if (!o->headless && driver && (!strcmp(driver, "offscreen") || !strcmp(driver, "dummy")) &&
        !(asked && !strcmp(asked, driver)))
        return gb_fail(err, "glassbox", "cannot open a window: no display found (hint: glassbox view "
                       "--headless --screenshot FILE.png renders without one; the other commands need none)");
    Uint32 flags = SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
    if (o->headless) flags |= SDL_WINDOW_HIDDEN;
    if (o->fullscreen) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    v->fullscreen = o->fullscreen;
    v->window = SDL_CreateWindow("glassbox", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                 o->width > 0 ? o->width : 1280, o->height > 0 ? o->height : 720, flags);
    if (!v->window) return gb_fail(err, "glassbox", "cannot open a window: %s", SDL_GetError());
    if (!o->headless) v->renderer = SDL_CreateRenderer(v->window, -1, 0);
    if (!v->renderer) v->renderer = SDL_CreateRenderer(v->window, -1, SDL_RENDERER_SOFTWARE);
    if (!v->renderer) return gb_fail(err, "glassbox", "cannot make a renderer: %s", SDL_GetError());
    char fonts[4200];
    snprintf(fonts, sizeof fonts, "%s/fonts", v->assets);
    if (ui_init(&v->ui, v->renderer, fonts, err)) return -1;
    SDL_StopTextInput();
    load_settings(v, o);
    if (!o->headless) { /* a big model takes a moment to read: say so instead of a blank window */
        v->ui.theme = &viz_themes[v->theme];
        update_size(v);
        loading_draw(&v->ui, (Rect){0, 0, v->ui.width, v->ui.height}, v->model_dir);
        SDL_RenderPresent(v->renderer);
    }
    open_model(v, o);
    v->running = 1;
    v->dirty = 1;
    if (v->view.help) menu_scan(v);   /* the welcome screen lists the lessons */
    if (v->session.loaded && v->resume_page >= 0) {
        char text[1400];
        menu_scan(v);
        for (int i = 0; i < v->menu.n; i++) {
            char *real = realpath(v->menu.e[i].path, NULL);
            int same = real && !strcmp(real, v->settings.lesson);
            free(real);
            if (same) {
                v->menu.sel = i;
                snprintf(text, sizeof text, "L, then Enter: continue \"%s\" at page %d", v->menu.e[i].title,
                         v->resume_page + 1);
                message(v, text, 0);
            }
        }
    }
    viewer_update(v, gb_now());
    return 0;
}

/* Settings (settings.h): the theme and zoom of the last run, the lesson to continue. The first run
 * (no file yet) opens the welcome screen; a broken file is reported and the defaults used. */
static void load_settings(Viewer *v, const ViewerOptions *o)
{
    v->resume_page = -1;
    settings_defaults(&v->settings);
    if (!o->settings) return;
    snprintf(v->settings_path, sizeof v->settings_path, "%s", o->settings);
    GbError err;
    int rc = settings_load(&v->settings, v->settings_path, &err);
    if (rc < 0) {
        fprintf(stderr, "glassbox: warning: %s\n", err.msg);
        message(v, "The settings file was broken: using the defaults", 1);
    }
    if (rc == 1) v->view.help = 1;   /* the first run: what glassbox is, the lessons, the keys */
    if (rc != 0) return;
    if (!o->theme_given) v->theme = v->settings.theme;
    set_zoom(v, v->settings.zoom);
    struct stat st;
    if (v->settings.lesson[0] && stat(v->settings.lesson, &st) == 0) v->resume_page = v->settings.page;
}

static void save_settings(Viewer *v)
{
    if (!v->settings_path[0]) return;
    v->settings.theme = v->theme;
    v->settings.zoom = v->zoom;
    char *real = v->player.active ? realpath(v->player.lesson.path, NULL) : NULL;
    if (real) {
        snprintf(v->settings.lesson, sizeof v->settings.lesson, "%s", real);
        v->settings.page = v->player.stop > 0 ? v->player.stop : 0;
    }
    free(real);
    GbError err;
    if (settings_save(&v->settings, v->settings_path, &err)) fprintf(stderr, "glassbox: warning: %s\n", err.msg);
}

void viewer_close(Viewer *v)
{
    save_settings(v);
    player_free(v);
    if (v->embed_started) embed_free(&v->embed);
    if (v->session.loaded) lens_free(&v->lens);
    session_close(&v->session);
    attention_cache_free(&v->attention);
    neighbours_cache_free(&v->neighbours);
    ui_free(&v->ui);
    if (v->renderer) SDL_DestroyRenderer(v->renderer);
    if (v->window) SDL_DestroyWindow(v->window);
    v->renderer = NULL;
    v->window = NULL;
    SDL_Quit();
}

/* ----------------------------------------------------------------------------------------------
 * Layout: a header line, the token strip across the top, then two rows of two panels. */

typedef struct {
    Rect header;
    Rect panels[PANEL_COUNT];
    Rect training;              /* a lesson's training panel */
    Rect code;                  /* the code view (C), beside the picture it explains */
    Rect lesson;                /* a lesson's narration box */
} Layout;

static void layout(Viewer *v, Layout *L)
{
    Ui *ui = &v->ui;
    memset(L, 0, sizeof *L);
    int W = ui->width, H = ui->height, pad = ui->pad;
    int gap = pad / 2 > 2 ? pad / 2 : 2;
    if (v->view.solo >= 0 && v->view.solo < PANEL_COUNT && !v->player.active) {
        L->panels[v->view.solo] = (Rect){gap, gap, W - 2 * gap, H - 2 * gap};
        return;
    }
    int line = ui_line(ui, FONT_BODY);
    L->header = (Rect){0, 0, W, ui_line(ui, FONT_TITLE) + pad};
    const Player *pl = &v->player;
    int focus = LESSON_PANEL_ALL;
    if (pl->active) { /* the narration box along the bottom; the panels share what is left */
        int box = H * 30 / 100;
        if (box < 6 * line) box = 6 * line;
        L->lesson = (Rect){gap, H - box - gap, W - 2 * gap, box};
        H -= box + gap;
        focus = pl->panel;
    }
    int chip_h = line + pad + (v->view.show_ids ? ui_line(ui, FONT_MONO_SMALL) : 0);
    int row_h = chip_h + pad / 2 + pad / 3;
    int tokens_h = pad / 2 + line + pad / 2 + 2 * row_h + pad / 2;
    int y = L->header.h;
    L->panels[PANEL_TOKENS] = (Rect){gap, y, W - 2 * gap, tokens_h};
    y += tokens_h + gap;
    int rest = H - y - gap;
    if (focus == LESSON_PANEL_TRAINING) { L->training = (Rect){gap, y, W - 2 * gap, rest}; return; }
    if (v->view.code && v->view.code_for >= 0 && v->view.code_for < PANEL_COUNT) {
        /* The code view: the picture on the left, its code on the right (the token strip is
         * already across the top, so its code takes the whole width). */
        int pic = v->view.code_for;
        if (pic == PANEL_TOKENS) { L->code = (Rect){gap, y, W - 2 * gap, rest}; return; }
        int left = (W - 3 * gap) * 42 / 100;
        L->panels[pic] = (Rect){gap, y, left, rest};
        L->code = (Rect){2 * gap + left, y, W - 3 * gap - left, rest};
        return;
    }
    if (focus == PANEL_TOKENS) { L->panels[PANEL_TOKENS].h += rest + gap; return; }
    if (focus >= 0 && focus < PANEL_COUNT) { L->panels[focus] = (Rect){gap, y, W - 2 * gap, rest}; return; }
    int top = rest * 54 / 100, bottom = rest - top - gap;
    int left = (W - 3 * gap) / 2, right = W - 3 * gap - left;
    L->panels[PANEL_ATTENTION] = (Rect){gap, y, left, top};
    L->panels[PANEL_PROBS] = (Rect){2 * gap + left, y, right, top};
    L->panels[PANEL_NEIGHBOURS] = (Rect){gap, y + top + gap, left, bottom};
    L->panels[PANEL_LENS] = (Rect){2 * gap + left, y + top + gap, right, bottom};
}

/* ----------------------------------------------------------------------------------------------
 * Input */

static void message(Viewer *v, const char *text, int error)
{
    size_t n = strlen(text);
    if (n >= sizeof v->view.message) n = sizeof v->view.message - 1;
    memcpy(v->view.message, text, n);
    v->view.message[n] = 0;
    v->view.message_error = error;
    v->view.message_until = gb_now() + MESSAGE_SECONDS;
    v->dirty = 1;
}

static void fail_message(Viewer *v, const GbError *err)
{
    const char *m = err->msg;
    if (strncmp(m, "glassbox: ", 10) == 0) m += 10;
    message(v, m, 1);
}

static void finish_animation(Viewer *v)
{
    v->view.anim_step = -1;
    v->view.anim = 0;
}

static void next_token(Viewer *v)
{
    Session *s = &v->session;
    finish_animation(v);
    int k = s->cursor;
    GbError err;
    if (session_next(s, &err)) { fail_message(v, &err); return; }
    v->view.selected = -1;
    if (v->opt.animate) {
        v->view.anim_step = k;
        v->view.anim = 0;
        v->anim_start = gb_now();
    }
}

static void step_back(Viewer *v)
{
    finish_animation(v);
    if (session_back(&v->session) && v->view.selected > session_last_pos(&v->session)) v->view.selected = -1;
}

/* Force token id at the cursor; while a choice is being animated, replace that choice. */
static void force(Viewer *v, int id)
{
    if (v->view.anim_step >= 0) {
        session_back(&v->session);
        finish_animation(v);
    }
    GbError err;
    if (session_force(&v->session, id, &err)) { fail_message(v, &err); return; }
    v->view.selected = -1;
}

static void force_rank(Viewer *v, int rank)
{
    if (v->view.anim_step >= 0) {
        session_back(&v->session);
        finish_animation(v);
    }
    Bars b;
    session_bars(&v->session, v->session.cursor, &b);
    if (!b.valid || rank >= b.n) return;
    force(v, b.ids[rank]);
}

static void set_settings(Viewer *v, SamplerSettings st)
{
    GbError err;
    if (session_set_settings(&v->session, st, &err)) fail_message(v, &err);
}

static void cycle_top_k(Viewer *v)
{
    static const int ks[] = {0, 1, 3, 5, 10, 40};
    SamplerSettings st = v->session.settings;
    int i = 0;
    while (i < 6 && ks[i] != st.top_k) i++;
    st.top_k = ks[(i + 1) % 6];
    set_settings(v, st);
}

static void cycle_top_p(Viewer *v)
{
    static const float ps[] = {1.0f, 0.95f, 0.9f, 0.75f, 0.5f};
    SamplerSettings st = v->session.settings;
    int i = 0;
    while (i < 5 && ps[i] != st.top_p) i++;
    st.top_p = ps[(i + 1) % 5];
    set_settings(v, st);
}

static void nudge_temperature(Viewer *v, float by)
{
    SamplerSettings st = v->session.settings;
    float t = st.temperature + by;
    t = (float)((int)(t * 20.0f + (t >= 0 ? 0.5f : -0.5f))) / 20.0f;
    st.temperature = t < 0 ? 0 : t > 5 ? 5 : t;
    set_settings(v, st);
}

static void set_zoom(Viewer *v, float z)
{
    v->zoom = z < 0.5f ? 0.5f : z > 3.0f ? 3.0f : z;
}

static void toggle_fullscreen(Viewer *v, int on)
{
    if (v->fullscreen == on) return;
    v->fullscreen = on;
    if (on) SDL_GetWindowSize(v->window, &v->windowed_w, &v->windowed_h);
    SDL_SetWindowFullscreen(v->window, on ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
    /* Without a window manager X11 keeps the fullscreen size: put the window back as it was. */
    if (!on && v->windowed_w > 0) SDL_SetWindowSize(v->window, v->windowed_w, v->windowed_h);
}

static void start_editing(Viewer *v)
{
    View *w = &v->view;
    const Trace *t = &v->session.trace;
    int n = t->prompt_len < (int)sizeof w->edit - 1 ? t->prompt_len : (int)sizeof w->edit - 1;
    while (n > 0 && n < t->prompt_len && ((unsigned char)t->prompt[n] & 0xC0) == 0x80) n--;
    memcpy(w->edit, t->prompt, (size_t)n);
    w->edit[n] = 0;
    w->edit_len = w->caret = n;
    w->editing = 1;
    finish_animation(v);
    SDL_StartTextInput();
}

static void stop_editing(Viewer *v, int run)
{
    View *w = &v->view;
    w->editing = 0;
    SDL_StopTextInput();
    if (!run) return;
    GbError err;
    if (session_set_prompt(&v->session, w->edit, (size_t)w->edit_len, &err)) fail_message(v, &err);
    else w->selected = -1;
}

static void insert_text(Viewer *v, const char *text)
{
    View *w = &v->view;
    size_t n = strlen(text);
    if ((size_t)w->edit_len + n >= sizeof w->edit) return;
    memmove(w->edit + w->caret + n, w->edit + w->caret, (size_t)(w->edit_len - w->caret));
    memcpy(w->edit + w->caret, text, n);
    w->edit_len += (int)n;
    w->caret += (int)n;
    w->edit[w->edit_len] = 0;
}

/* Byte offset of the code point boundary before / after the caret. */
static int prev_boundary(const View *w, int at)
{
    if (at <= 0) return 0;
    at--;
    while (at > 0 && ((unsigned char)w->edit[at] & 0xC0) == 0x80) at--;
    return at;
}

static int next_boundary(const View *w, int at)
{
    if (at >= w->edit_len) return w->edit_len;
    at++;
    while (at < w->edit_len && ((unsigned char)w->edit[at] & 0xC0) == 0x80) at++;
    return at;
}

static void edit_key(Viewer *v, SDL_Keycode key, int ctrl)
{
    View *w = &v->view;
    int a, b;
    switch (key) {
    case SDLK_RETURN: case SDLK_KP_ENTER: stop_editing(v, 1); break;
    case SDLK_ESCAPE: stop_editing(v, 0); break;
    case SDLK_LEFT: w->caret = prev_boundary(w, w->caret); break;
    case SDLK_RIGHT: w->caret = next_boundary(w, w->caret); break;
    case SDLK_HOME: w->caret = 0; break;
    case SDLK_END: w->caret = w->edit_len; break;
    case SDLK_BACKSPACE: case SDLK_DELETE:
        a = key == SDLK_BACKSPACE ? prev_boundary(w, w->caret) : w->caret;
        b = key == SDLK_BACKSPACE ? w->caret : next_boundary(w, w->caret);
        memmove(w->edit + a, w->edit + b, (size_t)(w->edit_len - b));
        w->edit_len -= b - a;
        w->edit[w->edit_len] = 0;
        w->caret = a;
        break;
    case SDLK_v:
        if (ctrl && SDL_HasClipboardText()) {
            char *clip = SDL_GetClipboardText();
            if (clip) insert_text(v, clip);
            SDL_free(clip);
        }
        break;
    default: break;
    }
}

static void start_lesson(Viewer *v, int i)
{
    LessonMenu *m = &v->menu;
    if (i < 0 || i >= m->n) return;
    m->sel = i;
    GbError err;
    if (player_start(v, m->e[i].path, &err)) { fail_message(v, &err); return; }
    m->open = 0;
    char *real = v->resume_page > 0 ? realpath(m->e[i].path, NULL) : NULL;
    if (real && !strcmp(real, v->settings.lesson)) player_goto(v, v->resume_page);
    free(real);
    v->resume_page = -1;
    finish_animation(v);
}

static void open_menu(Viewer *v)
{
    menu_scan(v);
    v->menu.open = 1;
    v->view.help = 0;
}

static void menu_key(Viewer *v, SDL_Keycode key)
{
    LessonMenu *m = &v->menu;
    switch (key) {
    case SDLK_ESCAPE: case SDLK_l: m->open = 0; break;
    case SDLK_UP: if (m->n) m->sel = (m->sel + m->n - 1) % m->n; break;
    case SDLK_DOWN: if (m->n) m->sel = (m->sel + 1) % m->n; break;
    case SDLK_RETURN: case SDLK_KP_ENTER: case SDLK_SPACE: case SDLK_RIGHT: start_lesson(v, m->sel); break;
    default:
        if (key >= SDLK_1 && key <= SDLK_9) start_lesson(v, (int)(key - SDLK_1));
        else if (key == SDLK_0) start_lesson(v, 9);
        break;
    }
}

static void leave_lesson(Viewer *v)
{
    int changed = v->player.weights_changed;
    player_leave(v);
    message(v, changed ? "Left the lesson: free play (the fine-tuned weights were put back)"
                       : "Left the lesson: free play. L opens the lessons again", 0);
}

static void key_down(Viewer *v, const SDL_Keysym *k)
{
    SDL_Keycode key = k->sym;
    int ctrl = (k->mod & KMOD_CTRL) != 0, shift = (k->mod & KMOD_SHIFT) != 0;
    View *w = &v->view;
    v->dirty = 1;
    if (ctrl && key == SDLK_q) { v->running = 0; return; }
    if (w->editing) { edit_key(v, key, ctrl); return; }
    int help_key = key == SDLK_QUESTION || (key == SDLK_SLASH && shift) || key == SDLK_F1;
    if (w->help) { w->help = 0; return; }   /* any key closes the welcome screen and is used up */
    if (help_key) { menu_scan(v); w->help = 1; return; }
    if (v->menu.open) { menu_key(v, key); return; }
    if (key == SDLK_s) { finish_animation(v); v->screenshot_pending = 1; return; }
    if (key == SDLK_t) { v->theme = (v->theme + 1) % THEME_COUNT; return; }
    if (key == SDLK_EQUALS || key == SDLK_PLUS || key == SDLK_KP_PLUS) { set_zoom(v, v->zoom * 1.1f); return; }
    if (key == SDLK_MINUS || key == SDLK_KP_MINUS) { set_zoom(v, v->zoom / 1.1f); return; }
    if (key == SDLK_0 || key == SDLK_KP_0) { set_zoom(v, 1.0f); return; }
    if (key == SDLK_f || key == SDLK_F11) { toggle_fullscreen(v, !v->fullscreen); return; }
    if (key == SDLK_o) { w->overlay = !w->overlay; return; }
    if (key == SDLK_ESCAPE) {
        if (v->fullscreen) toggle_fullscreen(v, 0);
        else if (v->player.active) leave_lesson(v);
        else w->selected = -1;
        return;
    }
    if (key == SDLK_l) { open_menu(v); return; }
    if (!v->session.loaded) { v->dirty = 0; return; }
    if (key == SDLK_e) { w->evidence = !w->evidence; return; }
    if (key == SDLK_g) { w->show_logits = !w->show_logits; return; }
    if (key == SDLK_c) { w->code = !w->code; w->code_scroll = 0; w->code_tag[0] = 0; return; }
    if (key == SDLK_TAB && w->code) {
        w->code_for = (w->code_for + (shift ? PANEL_COUNT - 1 : 1)) % PANEL_COUNT;
        w->code_scroll = 0;
        w->code_tag[0] = 0;
        return;
    }
    if (v->player.active) { /* the slide keys turn the lesson's pages */
        if (key == SDLK_SPACE || key == SDLK_RIGHT || key == SDLK_PAGEDOWN) { player_next(v); return; }
        if (key == SDLK_LEFT || key == SDLK_PAGEUP || key == SDLK_BACKSPACE) { player_back(v); return; }
    }
    const GptConfig *c = &v->session.model.config;
    if (key >= SDLK_1 && key <= SDLK_9) { force_rank(v, (int)(key - SDLK_1)); return; }
    if (key >= SDLK_KP_1 && key <= SDLK_KP_9) { force_rank(v, (int)(key - SDLK_KP_1)); return; }
    switch (key) {
    case SDLK_SPACE: case SDLK_RIGHT: case SDLK_PAGEDOWN: next_token(v); break;
    case SDLK_LEFT: case SDLK_BACKSPACE: case SDLK_PAGEUP: step_back(v); break;
    case SDLK_r: {
        GbError err;
        finish_animation(v);
        w->selected = -1;
        if (session_reset(&v->session, &err)) fail_message(v, &err);
        break;
    }
    case SDLK_RETURN: case SDLK_KP_ENTER: start_editing(v); break;
    case SDLK_HOME: w->selected = -1; break;
    case SDLK_UP: w->layer = (w->layer + c->n_layer - 1) % c->n_layer; break;
    case SDLK_DOWN: w->layer = (w->layer + 1) % c->n_layer; break;
    case SDLK_COMMA: w->head = (w->head + c->n_head - 1) % c->n_head; break;
    case SDLK_PERIOD: w->head = (w->head + 1) % c->n_head; break;
    case SDLK_LEFTBRACKET: nudge_temperature(v, -0.1f); break;
    case SDLK_RIGHTBRACKET: nudge_temperature(v, 0.1f); break;
    case SDLK_k: cycle_top_k(v); break;
    case SDLK_p: cycle_top_p(v); break;
    case SDLK_i: w->show_ids = !w->show_ids; break;
    case SDLK_m: v->ui.colormap = (v->ui.colormap + 1) % COLORMAP_COUNT; break;
    default: v->dirty = 0; break;
    }
}

/* A slider follows the mouse: x in output pixels along the track it was grabbed by. */
static void slider_to(Viewer *v, int kind, int x)
{
    SamplerSettings st = v->session.settings;
    Rect track = v->drag_track;
    float t = track.w > 1 ? (float)(x - track.x) / (float)(track.w - 1) : 0;
    slider_set(kind, t, &st);
    if (st.temperature != v->session.settings.temperature || st.top_k != v->session.settings.top_k ||
        st.top_p != v->session.settings.top_p)
        set_settings(v, st);
}

static void click(Viewer *v, int x, int y)
{
    View *w = &v->view;
    const Hit *h = ui_hit_at(&v->ui, x, y);
    v->dirty = 1;
    if (w->help) { w->help = 0; return; }
    if (h && h->kind == HIT_LESSON) { start_lesson(v, h->index); return; }
    if (v->menu.open) { v->menu.open = 0; return; }
    if (!h || !v->session.loaded) return;
    int heads = v->session.model.config.n_head, layers = v->session.model.config.n_layer;
    switch (h->kind) {
    case HIT_TOKEN: w->selected = (w->selected == h->index) ? -1 : h->index; break;
    case HIT_EDIT: start_editing(v); break;
    case HIT_BAR: force(v, h->index); break;
    case HIT_LAYER_PREV: w->layer = (w->layer + layers - 1) % layers; break;
    case HIT_LAYER_NEXT: w->layer = (w->layer + 1) % layers; break;
    case HIT_HEAD_PREV: w->head = (w->head + heads - 1) % heads; break;
    case HIT_HEAD_NEXT: w->head = (w->head + 1) % heads; break;
    case HIT_THUMB: w->layer = h->index / heads; w->head = h->index % heads; break;
    case HIT_COLORMAP: v->ui.colormap = (v->ui.colormap + 1) % COLORMAP_COUNT; break;
    case HIT_HELP: menu_scan(v); w->help = 1; break;
    case HIT_LESSON_NEXT: player_next(v); break;
    case HIT_LESSON_BACK: player_back(v); break;
    case HIT_LESSON_LEAVE: leave_lesson(v); break;
    case HIT_SLIDER_TEMPERATURE: case HIT_SLIDER_TOP_K: case HIT_SLIDER_TOP_P:
        w->drag = h->kind;
        v->drag_track = h->r;
        slider_to(v, h->kind, x);
        break;
    default: break;
    }
}

static void wheel(Viewer *v, int dy)
{
    const Hit *h = ui_hit_at(&v->ui, v->ui.mouse_x, v->ui.mouse_y);
    if (!h || !v->session.loaded || dy == 0) return;
    if (h->kind == HIT_SLIDER_TEMPERATURE) nudge_temperature(v, dy > 0 ? 0.05f : -0.05f);
    else if (h->kind == HIT_SLIDER_TOP_K || h->kind == HIT_SLIDER_TOP_P) {
        SamplerSettings st = v->session.settings;
        float steps = h->kind == HIT_SLIDER_TOP_K ? 13.0f : 19.0f;
        slider_set(h->kind, slider_position(h->kind, &st) + (dy > 0 ? 1 : -1) / steps, &st);
        set_settings(v, st);
    } else if (h->kind == HIT_CODE) {
        v->view.code_scroll -= 3 * dy;
    } else if (h->kind == HIT_HEATMAP || h->kind == HIT_THUMB) {
        int L = v->session.model.config.n_layer;
        v->view.layer = (v->view.layer + (dy > 0 ? L - 1 : 1)) % L;
    }
    v->dirty = 1;
}

/* Hover changes what is drawn only over these zones. */
static int hover_matters(const Hit *h)
{
    return h && (h->kind == HIT_HEATMAP || h->kind == HIT_THUMB || h->kind == HIT_TOKEN ||
                 h->kind == HIT_NEIGHBOUR || h->kind == HIT_BAR);
}

void viewer_handle_event(Viewer *v, const SDL_Event *e)
{
    switch (e->type) {
    case SDL_QUIT: v->running = 0; break;
    case SDL_WINDOWEVENT:
        if (e->window.event == SDL_WINDOWEVENT_LEAVE) v->ui.mouse_x = v->ui.mouse_y = -1;
        v->dirty = 1;
        break;
    case SDL_KEYDOWN: key_down(v, &e->key.keysym); break;
    case SDL_TEXTINPUT:
        if (v->view.editing) { insert_text(v, e->text.text); v->dirty = 1; }
        break;
    case SDL_MOUSEMOTION: {
        int x = (int)(e->motion.x * v->mouse_scale_x), y = (int)(e->motion.y * v->mouse_scale_y);
        const Hit *before = ui_hit_at(&v->ui, v->ui.mouse_x, v->ui.mouse_y), *after = ui_hit_at(&v->ui, x, y);
        v->ui.mouse_x = x;
        v->ui.mouse_y = y;
        if (v->view.drag && v->session.loaded) slider_to(v, v->view.drag, x);
        if (before != after || hover_matters(after)) v->dirty = 1;
        break;
    }
    case SDL_MOUSEBUTTONDOWN:
        if (e->button.button == SDL_BUTTON_LEFT)
            click(v, (int)(e->button.x * v->mouse_scale_x), (int)(e->button.y * v->mouse_scale_y));
        break;
    case SDL_MOUSEBUTTONUP: v->view.drag = 0; break;
    case SDL_MOUSEWHEEL: wheel(v, e->wheel.y); break;
    default: break;
    }
}

int viewer_press(Viewer *v, const char *name, double now)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    if (strncmp(name, "text:", 5) == 0) {
        e.type = SDL_TEXTINPUT;
        snprintf(e.text.text, sizeof e.text.text, "%s", name + 5);
    } else {
        Uint16 mod = 0;
        for (;;) {
            if (strncmp(name, "Ctrl+", 5) == 0) { mod |= KMOD_LCTRL; name += 5; }
            else if (strncmp(name, "Shift+", 6) == 0) { mod |= KMOD_LSHIFT; name += 6; }
            else break;
        }
        SDL_Keycode key = SDL_GetKeyFromName(name);
        if (key == SDLK_UNKNOWN) return -1;
        e.type = SDL_KEYDOWN;
        e.key.state = SDL_PRESSED;
        e.key.keysym.sym = key;
        e.key.keysym.scancode = SDL_GetScancodeFromKey(key);
        e.key.keysym.mod = mod;
    }
    viewer_handle_event(v, &e);
    viewer_update(v, now);
    return 0;
}

int viewer_press_keys(Viewer *v, const char *keys, char *bad, size_t cap)
{
    const char *p = keys;
    for (;;) {
        while (*p == ' ') p++;
        if (!*p) return 0;
        const char *end;
        char item[512];
        if (strncmp(p, "text:'", 6) == 0 && (end = strchr(p + 6, '\'')) != NULL) {
            snprintf(item, sizeof item, "text:%.*s", (int)(end - p - 6), p + 6);
            end++;
        } else {
            end = strchr(p, ' ');
            if (!end) end = p + strlen(p);
            snprintf(item, sizeof item, "%.*s", (int)(end - p), p);
        }
        if (viewer_press(v, item, gb_now())) {
            snprintf(bad, cap, "%s", item);
            return -1;
        }
        p = end;
    }
}

/* ----------------------------------------------------------------------------------------------
 * Update */

static void update_size(Viewer *v)
{
    int w = 1, h = 1, ww = 1, wh = 1;
    SDL_GetRendererOutputSize(v->renderer, &w, &h);
    SDL_GetWindowSize(v->window, &ww, &wh);
    if (w < 1) w = 1;
    if (h < 1) h = 1;
    v->mouse_scale_x = ww > 0 ? (float)w / (float)ww : 1;
    v->mouse_scale_y = wh > 0 ? (float)h / (float)wh : 1;
    /* One panel alone gets bigger text: it has the whole window. */
    float zoom = v->view.solo >= 0 ? v->zoom * SOLO_ZOOM : v->zoom;
    if (w != v->ui.width || h != v->ui.height || zoom != v->ui.zoom || !v->ui.fonts[FONT_BODY].atlas) {
        GbError err;
        if (ui_set_size(&v->ui, w, h, zoom, &err)) message(v, err.msg, 1);
        v->dirty = 1;
    }
}

static void update_scene(Viewer *v)
{
    Session *s = &v->session;
    View *w = &v->view;
    Scene *sc = &v->scene;
    const GptConfig *c = &s->model.config;
    if (s->changed_from != INT_MAX) {
        lens_forget_from(&v->lens, s->changed_from);
        s->changed_from = INT_MAX;
    }
    int last = session_last_pos(s);
    if (w->selected > last) w->selected = -1;
    if (w->layer >= c->n_layer || w->layer < 0) w->layer = 0;
    if (w->head >= c->n_head || w->head < 0) w->head = 0;
    int step = w->anim_step >= 0 ? w->anim_step : s->cursor;
    if (s->version != v->bars_version || step != v->bars_step) {
        session_bars(s, step, &v->bars);
        v->bars_version = s->version;
        v->bars_step = step;
    }
    memset(sc, 0, sizeof *sc);
    sc->trace = &s->trace;
    sc->tok = &s->tok;
    sc->view = w;
    sc->bars = &v->bars;
    sc->cursor = s->cursor;
    sc->chosen = session_chosen(s);
    sc->last = last;
    sc->focus = w->selected >= 0 ? w->selected : last;
    sc->full = s->full;
    sc->model_name = v->model_name;
    sc->version = s->version;
    sc->lens = &v->lens;
    sc->lens_ok = lens_compute(&v->lens, &s->model, &s->trace, sc->focus) == 0;
    sc->embed = &v->embed;
    int id = sc->focus >= 0 ? s->trace.pos[sc->focus].id : -1;
    if (embed_ready(&v->embed) && id != v->nb_for) {
        v->nb_n = embed_neighbours(&v->embed, id, NEIGHBOURS_MAX, v->nb_ids, v->nb_scores);
        v->nb_for = id;
        v->dirty = 1;
    }
    sc->nb_n = v->nb_for == id ? v->nb_n : 0;
    memcpy(sc->nb_ids, v->nb_ids, sizeof sc->nb_ids);
    memcpy(sc->nb_scores, v->nb_scores, sizeof sc->nb_scores);
    sc->has_evidence = s->has_evidence;
    if (w->evidence && s->has_evidence && v->bars.valid) {
        if (v->evidence_version != s->version || v->evidence_pos != v->bars.pos) {
            session_evidence(s, v->bars.pos, &v->evidence);
            v->evidence_version = s->version;
            v->evidence_pos = v->bars.pos;
        }
        sc->evidence = &v->evidence;
    }
    sc->run = v->run.active ? &v->run : NULL;
}

void viewer_update(Viewer *v, double now)
{
    View *w = &v->view;
    update_size(v);
    v->ui.theme = &viz_themes[v->theme];
    if (w->message[0] && now >= w->message_until) { w->message[0] = 0; v->dirty = 1; }
    if (w->anim_step >= 0) {
        w->anim = (float)((now - v->anim_start) / ANIM_SECONDS);
        if (w->anim >= 1.0f) finish_animation(v);
        v->dirty = 1;
    }
    if (!v->session.loaded) return;
    if (v->embed_started && !embed_ready(&v->embed)) v->dirty = 1; /* the progress bar moves */
    if (v->player.busy) player_update(v, 0.03);
    update_scene(v);
}

/* ----------------------------------------------------------------------------------------------
 * Draw */

static void hidden_draw(Ui *ui, Rect r, const char *title)
{
    Rect c = panel_begin(ui, r, title);
    panel_note(ui, c, "Hidden until the answer: guess first, then press Space.");
    panel_end(ui);
}

void viewer_draw(Viewer *v)
{
    double t0 = gb_now();
    Ui *ui = &v->ui;
    const Theme *t = ui->theme;
    ui->n_hits = 0;
    SDL_RenderSetClipRect(v->renderer, NULL);
    SDL_SetRenderDrawColor(v->renderer, t->bg.r, t->bg.g, t->bg.b, 255);
    SDL_RenderClear(v->renderer);
    Rect all = {0, 0, ui->width, ui->height};
    if (!v->session.loaded) {
        no_model_draw(ui, all, v->model_dir, v->load_problem, v->load_hint);
    } else {
        Layout L;
        layout(v, &L);
        const Scene *s = &v->scene;
        if (L.header.w > 0) header_draw(ui, s, L.header);
        Rect *p = L.panels;
        if (p[PANEL_TOKENS].w > 0) tokens_draw(ui, s, p[PANEL_TOKENS]);
        /* While a lesson's question is open, the panel it is about is hidden too. */
        int hide = v->view.quiz ? v->player.panel : -1;
        if (p[PANEL_ATTENTION].w > 0) {
            if (hide == PANEL_ATTENTION) hidden_draw(ui, p[PANEL_ATTENTION], "Attention");
            else attention_draw(&v->attention, ui, s, p[PANEL_ATTENTION]);
        }
        if (p[PANEL_PROBS].w > 0) probs_draw(ui, s, p[PANEL_PROBS]);
        if (p[PANEL_NEIGHBOURS].w > 0) {
            if (hide == PANEL_NEIGHBOURS) hidden_draw(ui, p[PANEL_NEIGHBOURS], "Embedding neighbours");
            else neighbours_draw(&v->neighbours, ui, s, p[PANEL_NEIGHBOURS]);
        }
        if (p[PANEL_LENS].w > 0) lens_draw(ui, s, p[PANEL_LENS]);
        if (L.training.w > 0) training_draw(ui, s, L.training);
        if (L.code.w > 0) code_draw(ui, s, L.code, v->view.code_for);
        if (L.lesson.w > 0) lesson_box_draw(ui, v, L.lesson);
    }
    if (v->menu.open) lesson_menu_draw(ui, v, all);
    message_draw(ui, &v->view, all);
    if (v->view.help) help_draw(ui, v, all);
    if (v->view.overlay) {
        int n = v->n_frames < FRAME_TIMES ? v->n_frames : FRAME_TIMES;
        double ordered[FRAME_TIMES];
        for (int i = 0; i < n; i++) ordered[i] = v->frame_ms[(v->n_frames - n + i) % FRAME_TIMES];
        SDL_RendererInfo info;
        overlay_draw(ui, all, ordered, n, SDL_GetRendererInfo(v->renderer, &info) == 0 ? info.name : "?");
    }
    SDL_RenderFlush(v->renderer);
    double t1 = gb_now();
    v->frame_ms[v->n_frames % FRAME_TIMES] = (t1 - t0) * 1000.0;
    v->n_frames++;
    if (v->first_frame_s == 0) v->first_frame_s = t1 - v->opened_at;
    v->dirty = 0;
}

/* ----------------------------------------------------------------------------------------------
 * Screenshots, resizing, the loop */

int viewer_screenshot(Viewer *v, const char *path, GbError *err)
{
    Image img;
    SDL_GetRendererOutputSize(v->renderer, &img.w, &img.h);
    img.rgb = malloc((size_t)img.w * (size_t)img.h * 3);
    if (!img.rgb) return gb_fail(err, path, "out of memory for the screenshot");
    if (SDL_RenderReadPixels(v->renderer, NULL, SDL_PIXELFORMAT_RGB24, img.rgb, img.w * 3) != 0) {
        free(img.rgb);
        return gb_fail(err, path, "cannot read the screen back: %s", SDL_GetError());
    }
    int rc = image_write_png(path, &img, err);
    free(img.rgb);
    return rc;
}

void viewer_resize(Viewer *v, int w, int h)
{
    SDL_SetWindowSize(v->window, w < 1 ? 1 : w, h < 1 ? 1 : h);
    v->dirty = 1;
    viewer_update(v, gb_now());
}

/* S: save to --screenshot, or to the first free glassbox-N.png. */
static void take_screenshot(Viewer *v)
{
    char path[4200];
    struct stat st;
    if (v->opt.screenshot) snprintf(path, sizeof path, "%s", v->opt.screenshot);
    else
        for (int i = 1; i < 10000; i++) {
            snprintf(path, sizeof path, "glassbox-%d.png", i);
            if (stat(path, &st) != 0) break;
        }
    GbError err;
    char text[4300];
    if (viewer_screenshot(v, path, &err)) { fail_message(v, &err); return; }
    snprintf(text, sizeof text, "Saved %s", path);
    message(v, text, 0);
    v->screenshots_taken++;
}

int viewer_run(Viewer *v)
{
    while (v->running) {
        int timeout = -1;
        if (v->view.anim_step >= 0 || v->player.busy) timeout = 16;
        else if (v->embed_started && !embed_ready(&v->embed)) timeout = 100;
        else if (v->view.message[0]) {
            timeout = (int)((v->view.message_until - gb_now()) * 1000.0) + 1;
            if (timeout < 1) timeout = 1;
        }
        if (v->dirty) timeout = 0;
        SDL_Event e;
        int got = timeout < 0 ? SDL_WaitEvent(&e) : SDL_WaitEventTimeout(&e, timeout);
        if (got) {
            viewer_handle_event(v, &e);
            while (v->running && SDL_PollEvent(&e)) viewer_handle_event(v, &e);
        }
        viewer_update(v, gb_now());
        if (!v->dirty && !v->screenshot_pending) continue;
        viewer_draw(v);
        if (v->screenshot_pending) {
            v->screenshot_pending = 0;
            take_screenshot(v);
        }
        SDL_RenderPresent(v->renderer);
    }
    return 0;
}
