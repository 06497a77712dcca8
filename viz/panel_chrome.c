/* panel_chrome.c — what surrounds the panels: the common panel frame, the header line, the key
 * list (?), messages, the frame-time overlay and the screen shown when there is no model. */
#include "viewer.h"

#include <stdio.h>
#include <string.h>

const char *const panel_names[PANEL_COUNT] = {"tokens", "attention", "probs", "neighbours", "lens"};

const unsigned char *scene_token(const Scene *s, int id, int *len)
{
    *len = 0;
    if (!s->tok || id < 0) return (const unsigned char *)"";
    return tok_bytes(s->tok, id, len);
}

SDL_Color token_color(const Ui *ui, int i)
{
    return ui->theme->chip[((i % 6) + 6) % 6];
}

Rect panel_begin(Ui *ui, Rect r, const char *title)
{
    const Theme *t = ui->theme;
    int border = ui->theme->outline_chips ? 2 : 1;
    ui_fill(ui, r, t->panel);
    ui_frame(ui, r, border, t->border);
    ui_clip(ui, &r);
    int pad = ui->pad;
    int line = ui_line(ui, FONT_BODY);
    if (title) {
        Rect mark = {r.x + pad, r.y + pad / 2 + line / 5, pad / 3 > 2 ? pad / 3 : 2, line * 3 / 5};
        ui_fill(ui, mark, t->accent);
        ui_text_fit(ui, FONT_BODY, mark.x + mark.w + pad / 2, r.y + pad / 2, r.w - 3 * pad, title, t->text);
    }
    int top = title ? pad / 2 + line + pad / 2 : pad;
    Rect c = {r.x + pad, r.y + top, r.w - 2 * pad, r.h - top - pad};
    if (c.w < 0) c.w = 0;
    if (c.h < 0) c.h = 0;
    return c;
}

void panel_end(Ui *ui)
{
    ui_clip(ui, NULL);
}

void panel_note(Ui *ui, Rect r, const char *text)
{
    int w = ui_text_width(ui, FONT_BODY, text, -1);
    int x = r.x + (r.w - w) / 2;
    if (x < r.x) x = r.x;
    ui_text_fit(ui, FONT_BODY, x, r.y + (r.h - ui_line(ui, FONT_BODY)) / 2, r.w, text, ui->theme->muted);
}

void panel_progress(Ui *ui, Rect r, const char *caption, float fraction)
{
    const Theme *t = ui->theme;
    int line = ui_line(ui, FONT_BODY);
    int y = r.y + (r.h - line * 2) / 2;
    ui_text_fit(ui, FONT_BODY, r.x, y, r.w, caption, t->muted);
    Rect track = {r.x, y + line + ui->pad / 2, r.w, ui->pad};
    ui_fill(ui, track, t->border);
    if (fraction < 0) fraction = 0;
    if (fraction > 1) fraction = 1;
    Rect done = track;
    done.w = (int)(track.w * fraction);
    ui_fill(ui, done, t->accent);
}

/* ----------------------------------------------------------------------------------------------
 * Header */

void header_draw(Ui *ui, const Scene *s, Rect r)
{
    const Theme *t = ui->theme;
    int pad = ui->pad;
    ui_fill(ui, r, t->bg);
    int y_title = r.y + (r.h - ui_line(ui, FONT_TITLE)) / 2;
    int y_small = r.y + (r.h - ui_line(ui, FONT_SMALL)) / 2;
    int x = r.x + pad;
    x += ui_text(ui, FONT_TITLE, x, y_title, "glassbox", t->accent) + pad;
    const GptConfig *c = &s->trace->config;
    char info[512];
    snprintf(info, sizeof info, "%s \xC2\xB7 %d layers \xC3\x97 %d heads \xC2\xB7 %d tokens in the vocabulary",
             s->model_name, c->n_layer, c->n_head, c->vocab_size);
    char right[256];
    if (s->chosen > s->cursor)
        snprintf(right, sizeof right, "step %d of %d \xC2\xB7 Space next \xC2\xB7 \xE2\x86\x90 back \xC2\xB7 ? keys",
                 s->cursor, s->chosen);
    else
        snprintf(right, sizeof right, "step %d \xC2\xB7 Space next \xC2\xB7 \xE2\x86\x90 back \xC2\xB7 L lessons \xC2\xB7 ? keys", s->cursor);
    int rw = ui_text_width(ui, FONT_SMALL, right, -1);
    int room = r.x + r.w - pad - rw - pad - x;
    if (room > 0) ui_text_fit(ui, FONT_SMALL, x, y_small, room, info, t->muted);
    ui_text_right(ui, FONT_SMALL, r.x + r.w - pad, y_small, right, t->muted);
    ui_hit(ui, (Rect){r.x + r.w - pad - rw, r.y, rw, r.h}, HIT_HELP, 0);
}

/* ----------------------------------------------------------------------------------------------
 * Help: every key */

static const char *const keys[][2] = {
    {"Space  \xE2\x86\x92  PageDown", "sample the next token (in a lesson: next page)"},
    {"\xE2\x86\x90  Backspace  PageUp", "step back (in a lesson: the page before)"},
    {"L", "lessons: the menu (Esc leaves a lesson)"},
    {"E", "corpus evidence beside the bars"},
    {"G", "the raw scores (logits) beside the bars"},
    {"C,  Tab", "the C code behind a picture; Tab: the next picture"},
    {"1 \xE2\x80\xA6 9, click a bar", "force that token (a new branch)"},
    {"click a token", "select it: the other panels follow"},
    {"Home", "follow the last token again"},
    {"Enter, click \xE2\x9C\x8E", "edit the prompt (Enter runs it, Esc cancels)"},
    {"R", "reset: back to the prompt"},
    {"[  ]", "temperature down / up"},
    {"K", "top-k: off, 1, 3, 5, 10, 40"},
    {"P", "top-p: off, 0.95, 0.9, 0.75, 0.5"},
    {"\xE2\x86\x91  \xE2\x86\x93", "attention layer"},
    {",  .", "attention head"},
    {"M", "colormap: viridis / cividis"},
    {"I", "show token ids"},
    {"T", "theme: dark, light, high contrast"},
    {"+  \xE2\x88\x92  0", "zoom in, out, reset"},
    {"F", "fullscreen (Esc leaves)"},
    {"S", "save a screenshot (PNG)"},
    {"O", "frame times"},
    {"?", "this screen"},
    {"Ctrl+Q", "quit"},
};

#define WELCOME_TITLE "glassbox \xE2\x80\x94 a language model you can see through"
#define WELCOME_TEXT "glassbox runs a small GPT-2 language model on this computer and shows everything it " \
    "computes: how your text is split into *tokens*, where each word *looks*, and the *odds* of every next word. " \
    "It is the same kind of program as ChatGPT, small enough to read, with no internet needed."

void help_draw(Ui *ui, const struct Viewer *v, Rect r)
{
    const Theme *t = ui->theme;
    int n = (int)(sizeof keys / sizeof keys[0]);
    int pad = ui->pad, small = ui_line(ui, FONT_SMALL);
    Rect box = {0, 0, r.w * 92 / 100, r.h * 92 / 100};
    box.x = r.x + (r.w - box.w) / 2;
    box.y = r.y + (r.h - box.h) / 2;
    SDL_Color veil = t->bg;
    veil.a = 190;
    ui_fill(ui, r, veil);
    ui_fill(ui, box, t->panel);
    ui_frame(ui, box, 2, t->accent);
    ui_clip(ui, &box);
    int x = box.x + 2 * pad, w = box.w - 4 * pad, y = box.y + pad;
    ui_text_fit(ui, FONT_TITLE, x, y, w, WELCOME_TITLE, t->accent);
    ui_text_right(ui, FONT_SMALL, box.x + box.w - 2 * pad, y + ui_line(ui, FONT_TITLE) - small,
                  "any key closes this \xC2\xB7 ? opens it again", t->muted);
    y += ui_line(ui, FONT_TITLE) + pad / 2;
    y += ui_wrap(ui, FONT_BODY, x, y, w, WELCOME_TEXT, t->text, t->accent, 1) + pad / 2;
    ui_text_fit(ui, FONT_BODY, x, y, w, "Press Space to predict the next word.", t->accent);
    y += ui_line(ui, FONT_BODY) + pad;

    /* Two columns: the lessons, then the keys (in one or two columns, as they fit). */
    int left_w = w * 36 / 100;
    const LessonMenu *m = &v->menu;
    ui_text(ui, FONT_BODY, x, y, "Lessons (L)", t->accent);
    int ly = y + ui_line(ui, FONT_BODY);
    for (int i = 0; i < m->n && ly + small <= box.y + box.h - pad; i++, ly += small) {
        char line[200];
        snprintf(line, sizeof line, "%d  %s", i + 1, m->e[i].title);
        ui_text_fit(ui, FONT_SMALL, x, ly, left_w - pad, line, m->e[i].problem[0] ? t->muted : t->text);
    }
    if (m->n == 0) ui_text_fit(ui, FONT_SMALL, x, ly, left_w - pad, m->problem[0] ? m->problem : "none found", t->muted);
    int kx = x + left_w + pad, kw = w - left_w - pad;
    ui_text(ui, FONT_BODY, kx, y, "Keys", t->accent);
    int ky = y + ui_line(ui, FONT_BODY), room = box.y + box.h - pad - ky;
    int columns = n * small <= room ? 1 : 2;
    int rows = (n + columns - 1) / columns, col_w = kw / columns;
    int key_w = 0;
    for (int i = 0; i < n; i++) {
        int a = ui_text_width(ui, FONT_SMALL, keys[i][0], -1);
        if (a > key_w) key_w = a;
    }
    if (key_w > col_w * 2 / 5) key_w = col_w * 2 / 5;
    for (int i = 0; i < n; i++) {
        int col = i / rows, row = i % rows;
        int cx = kx + col * col_w, cy = ky + row * small;
        ui_text_fit(ui, FONT_SMALL, cx, cy, key_w, keys[i][0], t->accent);
        ui_text_fit(ui, FONT_SMALL, cx + key_w + pad / 2, cy, col_w - key_w - pad, keys[i][1], t->text);
    }
    ui_clip(ui, NULL);
}

/* ----------------------------------------------------------------------------------------------
 * Messages, frame times, no model */

void message_draw(Ui *ui, const View *v, Rect r)
{
    if (!v->message[0]) return;
    const Theme *t = ui->theme;
    int pad = ui->pad, line = ui_line(ui, FONT_BODY);
    int w = ui_text_width(ui, FONT_BODY, v->message, -1) + 2 * pad;
    if (w > r.w - 2 * pad) w = r.w - 2 * pad;
    Rect box = {r.x + (r.w - w) / 2, r.y + r.h - line - 3 * pad, w, line + pad};
    ui_fill(ui, box, v->message_error ? t->warn : t->accent);
    ui_text_fit(ui, FONT_BODY, box.x + pad, box.y + pad / 2, box.w - 2 * pad, v->message, t->on_accent);
}

void overlay_draw(Ui *ui, Rect r, const double *ms, int n, const char *renderer)
{
    const Theme *t = ui->theme;
    double sorted[256];
    if (n > 256) n = 256;
    for (int i = 0; i < n; i++) sorted[i] = ms[i];
    for (int i = 1; i < n; i++) /* insertion sort: at most 256 numbers */
        for (int j = i; j > 0 && sorted[j - 1] > sorted[j]; j--) {
            double x = sorted[j]; sorted[j] = sorted[j - 1]; sorted[j - 1] = x;
        }
    char text[160];
    if (n == 0) snprintf(text, sizeof text, "%s: no frames yet", renderer);
    else snprintf(text, sizeof text, "%s: frame %.1f ms \xC2\xB7 p50 %.1f \xC2\xB7 p95 %.1f (%d frames)", renderer,
                  ms[n - 1], sorted[n / 2], sorted[(n * 95) / 100 < n ? (n * 95) / 100 : n - 1], n);
    int w = ui_text_width(ui, FONT_MONO_SMALL, text, -1) + 2 * ui->pad;
    Rect box = {r.x + r.w - w - ui->pad, r.y + ui->pad, w, ui_line(ui, FONT_MONO_SMALL) + ui->pad};
    ui_fill(ui, box, t->bg);
    ui_frame(ui, box, 1, t->border);
    ui_text(ui, FONT_MONO_SMALL, box.x + ui->pad, box.y + ui->pad / 2, text, t->text);
}

void loading_draw(Ui *ui, Rect r, const char *dir)
{
    const Theme *t = ui->theme;
    ui_fill(ui, r, t->bg);
    int pad = ui->pad, x = r.x + 4 * pad, y = r.y + r.h / 4;
    ui_text(ui, FONT_TITLE, x, y, "glassbox", t->accent);
    y += ui_line(ui, FONT_TITLE) + 2 * pad;
    char buf[1200];
    snprintf(buf, sizeof buf, "Loading %s \xE2\x80\xA6", dir);
    ui_text_fit(ui, FONT_BODY, x, y, r.w - 8 * pad, buf, t->muted);
}

void no_model_draw(Ui *ui, Rect r, const char *dir, const char *problem, const char *hint)
{
    const Theme *t = ui->theme;
    ui_fill(ui, r, t->bg);
    int pad = ui->pad, line = ui_line(ui, FONT_BODY);
    int x = r.x + 4 * pad, w = r.w - 8 * pad;
    int y = r.y + r.h / 4;
    ui_text(ui, FONT_TITLE, x, y, "glassbox", t->accent);
    y += ui_line(ui, FONT_TITLE) + 2 * pad;
    ui_text_fit(ui, FONT_BODY, x, y, w, "No model to show.", t->text);
    y += line + pad;
    char buf[1200];
    snprintf(buf, sizeof buf, "Model folder: %s", dir);
    ui_text_fit(ui, FONT_BODY, x, y, w, buf, t->muted);
    y += line;
    ui_text_fit(ui, FONT_BODY, x, y, w, problem, t->warn);
    y += line + pad;
    char h[1024];
    snprintf(h, sizeof h, "%s", hint);
    if (h[0] >= 'a' && h[0] <= 'z') h[0] = (char)(h[0] - 'a' + 'A');
    ui_text_fit(ui, FONT_BODY, x, y, w, h, t->text);
    y += line + 2 * pad;
    ui_text_fit(ui, FONT_SMALL, x, y, w, "Ctrl+Q quits.", t->muted);
}
