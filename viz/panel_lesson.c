/* panel_lesson.c — a lesson's narration box (the page's text, the question and its choices, the
 * checks behind the page, Back / Next) and the lesson menu (L). */
#include "viewer.h"

#include <stdio.h>
#include <string.h>

/* ----------------------------------------------------------------------------------------------
 * Wrapped text with *emphasis* */

/* Width of a word with its asterisks left out. */
static int word_width(Ui *ui, FontId f, const char *w, int n)
{
    int width = 0, start = 0;
    for (int i = 0; i <= n; i++)
        if (i == n || w[i] == '*') {
            if (i > start) width += ui_text_width(ui, f, w + start, i - start);
            start = i + 1;
        }
    return width;
}

int ui_wrap(Ui *ui, FontId f, int x, int y, int w, const char *text, SDL_Color c, SDL_Color em, int draw)
{
    int line = ui_line(ui, f), space = ui_text_width(ui, f, " ", 1);
    int cx = x, cy = y, emphasis = 0, any = 0;
    const char *p = text;
    while (*p) {
        while (*p == ' ') p++;
        if (!*p) break;
        const char *e = p;
        while (*e && *e != ' ') e++;
        int n = (int)(e - p), ww = word_width(ui, f, p, n);
        if (any && cx + space + ww > x + w) { cx = x; cy += line; }
        else if (any) cx += space;
        int start = 0;
        for (int i = 0; i <= n; i++)
            if (i == n || p[i] == '*') {
                if (i > start) {
                    int adv = draw ? ui_textn(ui, f, cx, cy, p + start, i - start, emphasis ? em : c)
                                   : ui_text_width(ui, f, p + start, i - start);
                    cx += adv;
                }
                if (i < n) emphasis = !emphasis;
                start = i + 1;
            }
        any = 1;
        p = e;
    }
    return any ? cy - y + line : 0;
}

/* ----------------------------------------------------------------------------------------------
 * The narration box */

static int button(Ui *ui, int x_right, int y, const char *label, int kind)
{
    const Theme *t = ui->theme;
    int pad = ui->pad, w = ui_text_width(ui, FONT_SMALL, label, -1) + 2 * pad, h = ui_line(ui, FONT_SMALL) + pad / 2;
    Rect r = {x_right - w, y, w, h};
    int hover = ui_inside(r, ui->mouse_x, ui->mouse_y);
    ui_round(ui, r, pad / 2, hover ? color_mix(t->accent, t->panel, 0.35f) : color_mix(t->border, t->panel, 0.5f));
    ui_text(ui, FONT_SMALL, r.x + pad, r.y + pad / 4, label, t->text);
    ui_hit(ui, r, kind, 0);
    return w;
}

static int d_is_open_question(const Player *p)
{
    return p->page && p->page->op == LD_ASK && !p->revealed;
}

void lesson_box_draw(Ui *ui, const struct Viewer *v, Rect r)
{
    const Player *p = &v->player;
    const Theme *t = ui->theme;
    int pad = ui->pad, line = ui_line(ui, FONT_BODY), small = ui_line(ui, FONT_SMALL);
    ui_round(ui, r, pad / 2, t->panel);
    ui_round_frame(ui, r, pad / 2, 2, t->accent);
    ui_clip(ui, &r);
    int x = r.x + pad, y = r.y + pad / 2, w = r.w - 2 * pad;

    /* The top line: title, progress, buttons. */
    char progress[64];
    snprintf(progress, sizeof progress, "page %d of %d", p->stop + 1 > 0 ? p->stop + 1 : 1, p->lesson.n_stops);
    int bx = r.x + r.w - pad;
    bx -= button(ui, bx, y, "Next \xE2\x96\xB6", HIT_LESSON_NEXT) + pad / 2;
    bx -= button(ui, bx, y, "\xE2\x97\x80 Back", HIT_LESSON_BACK) + pad / 2;
    bx -= button(ui, bx, y, "Esc leave", HIT_LESSON_LEAVE) + pad;
    int pw = ui_text_right(ui, FONT_SMALL, bx, y + (line - small) / 2, progress, t->muted);
    ui_text_fit(ui, FONT_BODY, x, y, bx - pw - pad - x, p->lesson.title, t->accent);
    y += line + pad / 2;

    /* What the checks found: failures first, in the warning colour; they take the bottom lines.
     * While a question is open they wait for the reveal: they would give the answer away. */
    int n_fail = 0, n_ok = 0;
    int n_results = d_is_open_question(p) ? 0 : p->n_results;
    for (int i = 0; i < n_results; i++) {
        if (p->results[i].ok) n_ok++;
        else n_fail++;
    }
    int footer = (n_fail ? n_fail : 0) * small + (n_ok ? small : 0);
    if (p->busy) footer += small;
    int body_h = r.y + r.h - pad / 2 - footer - y;

    const LessonDirective *d = p->page;
    Rect body = {x, y, w, body_h > 0 ? body_h : 0};
    ui_clip(ui, &body);
    if (d && d->op == LD_SAY) {
        /* narration as big as the box allows */
        FontId f = ui_wrap(ui, FONT_TITLE, x, y, w, d->text, t->text, t->accent, 0) <= body.h ? FONT_TITLE : FONT_BODY;
        ui_wrap(ui, f, x, y, w, d->text, t->text, t->accent, 1);
    } else if (d && d->op == LD_ASK) {
        int h = ui_wrap(ui, FONT_BODY, x, y, w, d->text, t->accent, t->accent, 1);
        int cy = y + h + pad / 3;
        if (d->n_choices == 0) {
            ui_text_fit(ui, FONT_SMALL, x, cy, w, p->revealed ? "The model's answer is in the bars."
                        : "Guess first, then press Space: the probability bars are hidden until then.", t->muted);
        }
        int col_w = d->n_choices > 3 ? w / 2 : w;
        for (int i = 0; i < d->n_choices; i++) {
            int cx = x + (d->n_choices > 3 ? (i % 2) * col_w : 0);
            int ry = cy + (d->n_choices > 3 ? i / 2 : i) * line;
            int right = p->revealed && i == p->answer;
            char label[8];
            snprintf(label, sizeof label, "%c.", 'A' + i);
            if (right) ui_round(ui, (Rect){cx - pad / 3, ry, col_w - pad, line}, pad / 3, color_mix(t->accent, t->panel, 0.25f));
            int lx = cx + ui_text(ui, FONT_MONO, cx, ry, label, t->muted) + pad / 2;
            if (d->choices_are_tokens)
                lx += ui_token(ui, FONT_BODY, lx, ry, (const unsigned char *)d->choices[i], (int)strlen(d->choices[i]),
                               right ? t->accent : t->text, t->muted);
            else
                lx += ui_text_fit(ui, FONT_BODY, lx, ry, cx + col_w - lx - 6 * pad, d->choices[i], right ? t->accent : t->text);
            if (p->revealed && d->choices_are_tokens && p->choice_p[i] >= 0)
                lx += pad + ui_textf(ui, FONT_MONO, lx + pad, ry, t->muted, "%.1f%%", 100.0 * p->choice_p[i]);
            if (right) ui_text(ui, FONT_BODY, lx + pad / 2, ry, "\xE2\x9C\x93", t->accent);
        }
    }
    ui_clip(ui, &r);

    int fy = r.y + r.h - pad / 2 - footer;
    if (p->busy && v->run.active) {
        char s[160];
        snprintf(s, sizeof s, "Training: step %d of %d \xC2\xB7 Space skips to the end", v->run.done, v->run.total);
        ui_text_fit(ui, FONT_SMALL, x, fy, w, s, t->accent);
        fy += small;
    }
    for (int i = 0; i < n_results; i++) {
        const CheckResult *c = &p->results[i];
        if (c->ok) continue;
        char s[480];
        snprintf(s, sizeof s, "\xE2\x9A\xA0 not backed by the model (line %d): %s", c->line, c->text);
        ui_text_fit(ui, FONT_SMALL, x, fy, w, s, t->warn);
        fy += small;
    }
    if (n_ok) {
        char s[480];
        const CheckResult *first = NULL;
        for (int i = 0; i < n_results && !first; i++) if (p->results[i].ok) first = &p->results[i];
        if (n_ok == 1) snprintf(s, sizeof s, "\xE2\x9C\x93 checked on the model: %s", first->text);
        else snprintf(s, sizeof s, "\xE2\x9C\x93 %d claims checked on the model: %s; \xE2\x80\xA6", n_ok, first->text);
        ui_text_fit(ui, FONT_SMALL, x, fy, w, s, t->muted);
    }
    ui_clip(ui, NULL);
}

/* ----------------------------------------------------------------------------------------------
 * The lesson menu */

void lesson_menu_draw(Ui *ui, const struct Viewer *v, Rect all)
{
    const LessonMenu *m = &v->menu;
    const Theme *t = ui->theme;
    int pad = ui->pad, line = ui_line(ui, FONT_BODY), small = ui_line(ui, FONT_SMALL);
    int w = all.w * 4 / 5, row = line + small + pad / 2;
    int rows = m->n ? m->n : 1;
    int h = ui_line(ui, FONT_TITLE) + pad * 2 + rows * row + small + pad * 2;
    if (h > all.h - 2 * pad) h = all.h - 2 * pad;
    Rect r = {all.x + (all.w - w) / 2, all.y + (all.h - h) / 2, w, h};
    ui_round(ui, r, pad, t->panel);
    ui_round_frame(ui, r, pad, 2, t->accent);
    ui_clip(ui, &r);
    int x = r.x + pad * 2, y = r.y + pad;
    ui_text(ui, FONT_TITLE, x, y, "Lessons", t->accent);
    ui_text_right(ui, FONT_SMALL, r.x + r.w - 2 * pad, y + pad / 2,
                  "\xE2\x86\x91\xE2\x86\x93 choose \xC2\xB7 Enter or 1\xE2\x80\xA6\x39 start \xC2\xB7 Esc close", t->muted);
    y += ui_line(ui, FONT_TITLE) + pad;
    if (!m->n) ui_text_fit(ui, FONT_BODY, x, y, r.w - 4 * pad, m->problem, t->warn);
    /* Keep the selected row in view. */
    int fit = (r.y + r.h - pad - y) / row;
    int first = fit > 0 && m->sel >= fit ? m->sel - fit + 1 : 0;
    for (int i = first; i < m->n && y + row <= r.y + r.h - pad; i++, y += row) {
        const MenuEntry *e = &m->e[i];
        Rect rr = {r.x + pad, y, r.w - 2 * pad, row - pad / 4};
        if (i == m->sel) ui_round(ui, rr, pad / 2, color_mix(t->accent, t->panel, 0.22f));
        char num[16];
        snprintf(num, sizeof num, "%d", i + 1);
        int nx = x + ui_text(ui, FONT_MONO, x, y, num, t->muted) + pad;
        int tx = x + ui_text_width(ui, FONT_MONO, "10", 2) + pad;
        (void)nx;
        ui_text_fit(ui, FONT_BODY, tx, y, r.x + r.w - 2 * pad - tx, e->title, e->problem[0] ? t->muted : t->text);
        ui_text_fit(ui, FONT_SMALL, tx, y + line, r.x + r.w - 2 * pad - tx, e->problem[0] ? e->problem : e->summary,
                    e->problem[0] ? t->warn : t->muted);
        ui_hit(ui, rr, HIT_LESSON, i);
    }
    ui_clip(ui, NULL);
}
