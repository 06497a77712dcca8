/* panel_lens.c — the logit lens at the focus position: one row per layer, each with the three
 * tokens that layer's residual stream would predict next if the model stopped there (final
 * LayerNorm and LM head applied early), and their probabilities. The last row is the model's own
 * prediction. The token that really came next (if the trace has one) is framed wherever it shows.
 */
#include "panels.h"

#include <stdio.h>

static void cell_draw(Ui *ui, const Scene *s, Rect cell, FontId f, int id, float p, int next_id)
{
    const Theme *t = ui->theme;
    int pad = ui->pad;
    if (id < 0) return;
    /* The cell is shaded by its probability. */
    Rect fill = {cell.x, cell.y + 1, (int)((float)cell.w * p), cell.h - 2};
    ui_fill(ui, fill, color_mix(t->bar, t->panel, t->outline_chips ? 0.35f : 0.30f));
    if (id == next_id) ui_frame(ui, (Rect){cell.x, cell.y, cell.w, cell.h}, 2, t->select);
    FontId mono = f == FONT_BODY ? FONT_MONO : FONT_MONO_SMALL;
    char pct[16];
    snprintf(pct, sizeof pct, "%.0f%%", 100.0 * p);
    int pw = ui_text_width(ui, mono, "100%", -1);
    int ty = cell.y + (cell.h - ui_line(ui, f)) / 2;
    int len;
    const unsigned char *b = scene_token(s, id, &len);
    int room = cell.w - pw - pad;
    if (len == 0) ui_textf(ui, mono, cell.x + pad / 3, ty, t->muted, "#%d", id);
    else ui_token_fit(ui, f, cell.x + pad / 3, ty, room - pad / 3, b, len, t->text, t->muted);
    ui_text_right(ui, mono, cell.x + cell.w - pad / 3, ty, pct, t->muted);
}

void lens_draw(Ui *ui, const Scene *s, Rect r)
{
    const Theme *t = ui->theme;
    int pad = ui->pad, line = ui_line(ui, FONT_BODY), small = ui_line(ui, FONT_SMALL);
    const char *title = "Logit lens: what each layer would predict after";
    Rect c = panel_begin(ui, r, title);
    const TracePos *fp = s->focus >= 0 ? &s->trace->pos[s->focus] : NULL;
    int tx = r.x + pad + pad / 3 + pad / 2 + ui_text_width(ui, FONT_BODY, title, -1) + pad / 2;
    if (fp) ui_token_fit(ui, FONT_BODY, tx, r.y + pad / 2, r.x + r.w - tx - pad, fp->bytes, fp->n_bytes, t->select, t->muted);
    if (s->view->quiz && s->focus == s->last) {
        panel_note(ui, c, "Hidden until the answer: it shows the prediction.");
        panel_end(ui);
        return;
    }
    if (!s->lens_ok) {
        panel_note(ui, c, "No activations for this position (the context window is full).");
        panel_end(ui);
        return;
    }
    int L = s->trace->config.n_layer, rows = L + 1;
    int next_id = (s->focus + 1 < s->trace->n_pos) ? s->trace->pos[s->focus + 1].id : -1;
    /* Row height: a body line if everything fits, else a small line, else only the last rows. */
    int avail = c.h - small - pad / 4;
    FontId f = FONT_BODY;
    int row_h = line + pad / 3;
    if (row_h * rows > avail) { f = FONT_SMALL; row_h = small + pad / 4; }
    if (row_h * rows > avail) row_h = small;
    int fit = avail / row_h < rows ? avail / row_h : rows;
    if (fit < 1) { panel_end(ui); return; }
    int first = rows - fit;
    int label_w = ui_text_width(ui, f, "embedding", -1) + 2 * pad;
    int col_w = (c.w - label_w) / LENS_TOP;
    ui_text(ui, FONT_SMALL, c.x, c.y, first > 0 ? "\xE2\x80\xA6 more layers above" : "layer", t->muted);
    ui_text(ui, FONT_SMALL, c.x + label_w, c.y, "most likely next tokens, with probability", t->muted);
    int y = c.y + small + pad / 4;
    for (int row = first; row < rows; row++, y += row_h) {
        char label[32];
        if (row == 0) snprintf(label, sizeof label, "embedding");
        else snprintf(label, sizeof label, row == L ? "%d (out)" : "%d", row);
        ui_text(ui, f, c.x, y + (row_h - ui_line(ui, f)) / 2, label, row == L ? t->accent : t->muted);
        const int *ids = lens_ids(s->lens, s->focus, row);
        const float *p = lens_probs(s->lens, s->focus, row);
        for (int k = 0; k < LENS_TOP; k++) {
            Rect cell = {c.x + label_w + k * col_w, y, col_w - pad / 2, row_h - 1};
            cell_draw(ui, s, cell, f, ids[k], p[k], next_id);
        }
    }
    panel_end(ui);
}
