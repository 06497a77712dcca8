/* panel_tokens.c — the prompt and its continuation, split into coloured tokens.
 *
 * Prompt tokens are plain chips; chosen tokens carry a bar underneath (accent: sampled, orange:
 * forced); tokens after the cursor (the trace's future, after stepping back) are ghosted. The
 * focus token — the one the other panels describe — is framed. Whitespace inside a token is made
 * visible and a token that is not valid UTF-8 on its own is shown as its bytes (ui_token).
 * While the prompt is being edited the panel is a text field instead.
 */
#include "panels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    int x, y, w;     /* the chip's place (y is its row's top) */
    int row;
} Chip;

static void edit_draw(Ui *ui, const View *v, Rect c)
{
    const Theme *t = ui->theme;
    int pad = ui->pad, line = ui_line(ui, FONT_BODY);
    Rect field = {c.x, c.y, c.w, c.h - line - pad / 2};
    ui_fill(ui, field, t->bg);
    ui_frame(ui, field, 2, t->accent);
    /* The text, wrapped at any code point; newlines as ↵; the caret as a bar. */
    int x = field.x + pad, y = field.y + pad / 2, right = field.x + field.w - pad;
    int caret_x = x, caret_y = y;
    int i = 0;
    while (i <= v->edit_len) {
        if (i == v->caret) { caret_x = x; caret_y = y; }
        if (i == v->edit_len) break;
        uint32_t cp;
        int k = gb_utf8_decode((const unsigned char *)v->edit + i, (size_t)(v->edit_len - i), &cp);
        if (k == 0) k = 1;
        int w = ui_token_width(ui, FONT_BODY, (const unsigned char *)v->edit + i, k);
        if (x + w > right) { x = field.x + pad; y += line; }
        if (cp == ' ') x += ui_text_width(ui, FONT_BODY, " ", 1);
        else x += ui_token(ui, FONT_BODY, x, y, (const unsigned char *)v->edit + i, k, t->text, t->muted);
        i += k;
    }
    ui_fill(ui, (Rect){caret_x, caret_y, pad / 4 > 2 ? pad / 4 : 2, line}, t->select);
    ui_text_fit(ui, FONT_SMALL, c.x, c.y + c.h - line + pad / 4, c.w,
                "Type a new prompt \xC2\xB7 Enter runs it \xC2\xB7 Esc cancels", t->muted);
}

/* Where every chip goes: left to right, wrapping; returns the number of rows. */
static int place_chips(Ui *ui, const Scene *s, Rect c, int gap, Chip *chips, int n)
{
    int x = c.x, row = 0;
    for (int i = 0; i < n; i++) {
        const TracePos *p = &s->trace->pos[i];
        int w = ui_token_width(ui, FONT_BODY, p->bytes, p->n_bytes) + ui->pad;
        if (s->view->show_ids) {
            char id[16];
            snprintf(id, sizeof id, "%d", p->id);
            int iw = ui_text_width(ui, FONT_MONO_SMALL, id, -1) + ui->pad;
            if (iw > w) w = iw;
        }
        if (w > c.w) w = c.w;
        if (x > c.x && x + w > c.x + c.w) { x = c.x; row++; }
        chips[i] = (Chip){x, 0, w, row};
        x += w + gap;
    }
    return n ? row + 1 : 0;
}

static void chip_draw(Ui *ui, const Scene *s, int i, Rect box)
{
    const Theme *t = ui->theme;
    const TracePos *p = &s->trace->pos[i];
    int future = i > s->last;
    int radius = ui->pad / 2;
    SDL_Color fill = token_color(ui, i), text = t->chip_text;
    if (future) {
        ui_round_frame(ui, box, radius, 1, t->border);
        text = t->muted;
    } else if (t->outline_chips) {
        ui_round_frame(ui, box, radius, 2, fill);
    } else {
        if (i == s->last && s->view->anim_step >= 0) fill = color_mix(fill, t->panel, 0.4f + 0.6f * s->view->anim);
        ui_round(ui, box, radius, fill);
    }
    SDL_Color muted = t->outline_chips || future ? t->muted : color_mix(text, fill, 0.62f);
    int line = ui_line(ui, FONT_BODY);
    ui_token_fit(ui, FONT_BODY, box.x + ui->pad / 2, box.y + ui->pad / 2, box.w - ui->pad, p->bytes,
                 p->n_bytes, text, muted);
    if (s->view->show_ids) {
        char id[16];
        snprintf(id, sizeof id, "%d", p->id);
        ui_text(ui, FONT_MONO_SMALL, box.x + ui->pad / 2, box.y + ui->pad / 2 + line, id,
                t->outline_chips || future ? t->muted : color_mix(text, fill, 0.75f));
    }
    /* The focus frame, and where the token came from: a bar under chosen tokens (below the frame). */
    int th = ui->pad / 4 > 2 ? ui->pad / 4 : 2;
    if (i == s->focus) {
        Rect f = {box.x - th - 1, box.y - th - 1, box.w + 2 * th + 2, box.h + 2 * th + 2};
        ui_round_frame(ui, f, radius + th, th, t->select);
    }
    if (p->source != TRACE_PROMPT) {
        int bh = ui->pad / 3 > 2 ? ui->pad / 3 : 2;
        SDL_Color bar = p->source == TRACE_FORCED ? t->forced : t->accent;
        if (future) bar = t->border;
        ui_fill(ui, (Rect){box.x + radius, box.y + box.h + th + 2, box.w - 2 * radius, bh}, bar);
    }
}

/* What the mouse is over, in the title row: the token, its id, where it came from. */
static void hover_line(Ui *ui, const Scene *s, int i, int x, int y, int w)
{
    const Theme *t = ui->theme;
    const TracePos *p = &s->trace->pos[i];
    char info[256];
    if (p->source == TRACE_PROMPT)
        snprintf(info, sizeof info, "id %d \xC2\xB7 position %d \xC2\xB7 prompt \xC2\xB7 %d byte%s", p->id, i,
                 p->n_bytes, p->n_bytes == 1 ? "" : "s");
    else {
        const TraceStep *st = &s->trace->steps[p->step];
        snprintf(info, sizeof info, "id %d \xC2\xB7 position %d \xC2\xB7 %s at step %d, p = %.1f%%", p->id, i,
                 p->source == TRACE_FORCED ? "forced" : "sampled", p->step, 100.0 * st->p);
    }
    int tw = ui_token_width(ui, FONT_SMALL, p->bytes, p->n_bytes);
    int iw = ui_text_width(ui, FONT_SMALL, info, -1);
    int x0 = x + w - tw - iw - ui->pad;
    if (x0 < x) x0 = x;
    x0 += ui_token_fit(ui, FONT_SMALL, x0, y, x + w - x0, p->bytes, p->n_bytes, t->accent, t->muted) + ui->pad;
    ui_text_fit(ui, FONT_SMALL, x0, y, x + w - x0, info, t->muted);
}

void tokens_draw(Ui *ui, const Scene *s, Rect r)
{
    const Theme *t = ui->theme;
    const View *v = s->view;
    char title[160];
    int n_shown = s->last + 1, n = s->trace->n_pos;
    snprintf(title, sizeof title, "Tokens \xC2\xB7 %d in the prompt, %d chosen", s->trace->n_prompt, s->cursor);
    Rect c = panel_begin(ui, r, title);
    int pad = ui->pad, line = ui_line(ui, FONT_BODY), small = ui_line(ui, FONT_SMALL);
    int title_y = r.y + pad / 2 + (line - small) / 2;

    /* The edit button, right of the title. */
    const char *edit = "\xE2\x9C\x8E edit prompt (Enter)";
    int ew = ui_text_width(ui, FONT_SMALL, edit, -1);
    Rect button = {r.x + r.w - pad - ew - pad, r.y + pad / 2, ew + pad, line};
    if (!v->editing) {
        ui_round_frame(ui, button, pad / 2, 1, t->border);
        ui_text(ui, FONT_SMALL, button.x + pad / 2, title_y, edit, t->muted);
        ui_hit(ui, button, HIT_EDIT, 0);
    }
    if (v->editing) {
        edit_draw(ui, v, c);
        panel_end(ui);
        return;
    }

    int chip_h = line + pad + (v->show_ids ? ui_line(ui, FONT_MONO_SMALL) : 0);
    int row_h = chip_h + pad / 2 + pad / 3;
    int gap = pad / 3 > 1 ? pad / 3 : 1;
    Chip *chips = malloc((size_t)(n > 0 ? n : 1) * sizeof *chips);
    if (!chips) { panel_end(ui); return; }
    int rows = place_chips(ui, s, c, gap, chips, n);
    int visible = c.h / row_h > 0 ? c.h / row_h : 1;
    /* Scroll so that the focus token's row (and, if it fits, the last token's) is visible. */
    int first = 0;
    int want = chips[s->focus >= 0 && s->focus < n ? s->focus : (n_shown > 0 ? n_shown - 1 : 0)].row;
    if (want >= first + visible) first = want - visible + 1;
    if (rows - first < visible && rows > visible) first = rows - visible;
    if (first < 0) first = 0;

    int hover = -1;
    for (int i = 0; i < n; i++) {
        int row = chips[i].row - first;
        if (row < 0 || row >= visible) continue;
        Rect box = {chips[i].x, c.y + row * row_h + pad / 4, chips[i].w, chip_h};
        chip_draw(ui, s, i, box);
        if (i <= s->last) {
            ui_hit(ui, box, HIT_TOKEN, i);
            if (ui_inside(box, ui->mouse_x, ui->mouse_y)) hover = i;
        }
    }
    if (first > 0) ui_text_right(ui, FONT_SMALL, c.x + c.w, c.y, "\xE2\x96\xB2 more above", t->muted);
    if (hover >= 0) {
        int x = r.x + pad + ui_text_width(ui, FONT_BODY, title, -1) + 3 * pad;
        hover_line(ui, s, hover, x, title_y, button.x - pad - x);
    }
    if (s->full)
        ui_text_right(ui, FONT_SMALL, c.x + c.w, c.y + c.h - small, "the context window is full", t->warn);
    free(chips);
    panel_end(ui);
}
