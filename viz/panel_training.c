/* panel_training.c — a training run while it happens: the loss at every step falling, what the
 * model now predicts after the probe prompt, and its continuations at a few moments of the run. */
#include "panels.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void line_thick(Ui *ui, int x0, int y0, int x1, int y1, SDL_Color c)
{
    SDL_SetRenderDrawColor(ui->renderer, c.r, c.g, c.b, 255);
    SDL_RenderDrawLine(ui->renderer, x0, y0, x1, y1);
    SDL_RenderDrawLine(ui->renderer, x0, y0 + 1, x1, y1 + 1);
}

static void chart(Ui *ui, const TrainRun *run, Rect r)
{
    const Theme *t = ui->theme;
    int pad = ui->pad, small = ui_line(ui, FONT_SMALL);
    float random_loss = logf((float)run->model->config.vocab_size);
    float top = run->start_loss > random_loss ? run->start_loss : random_loss;
    if (run->finetune) top = run->start_loss * 1.15f;
    if (!(top > 0)) top = 1;
    int axis_w = ui_text_width(ui, FONT_SMALL, "10.0", -1) + pad / 2;
    Rect plot = {r.x + axis_w, r.y + small / 2, r.w - axis_w - pad / 2, r.h - small * 2 - pad / 2};
    if (plot.w < 10 || plot.h < 10) return;
    ui_frame(ui, plot, 1, t->border);
    /* y axis: 0 .. top */
    for (int k = 0; k <= 4; k++) {
        float val = top * (float)k / 4.0f;
        int y = plot.y + plot.h - (int)lroundf((float)plot.h * (float)k / 4.0f);
        char s[16];
        snprintf(s, sizeof s, "%.1f", (double)val);
        ui_text_right(ui, FONT_SMALL, plot.x - pad / 4, y - small / 2, s, t->muted);
    }
    char xs[64];
    snprintf(xs, sizeof xs, "step %d", run->total);
    ui_text_right(ui, FONT_SMALL, plot.x + plot.w, plot.y + plot.h + pad / 4, xs, t->muted);
    ui_text(ui, FONT_SMALL, plot.x, plot.y + plot.h + pad / 4, "0", t->muted);
    /* guessing at random: every token 1/V */
    if (!run->finetune) {
        int gy = plot.y + plot.h - (int)lroundf((float)plot.h * random_loss / top);
        ui_hline_dashed(ui, plot.x, plot.x + plot.w, gy, 2, t->warn);
        char g[96];
        snprintf(g, sizeof g, "guessing at random: %.2f", (double)random_loss);
        ui_text_right(ui, FONT_SMALL, plot.x + plot.w - pad / 2, gy + pad / 4, g, t->warn);
    }
    /* the loss of each step (faint) and its running mean (10 steps; a fifth of a short run) */
    int n = run->done;
    SDL_Color faint = color_mix(t->bar, t->panel, 0.45f);
    int px = -1, py = -1, mx = -1, my = -1;
    double sum = 0;
    int win = run->total / 5 < 10 ? run->total / 5 : 10;  /* as trainrun_recent_loss averages */
    if (win < 1) win = 1;
    for (int i = 0; i < n; i++) {
        sum += run->loss[i];
        if (i >= win) sum -= run->loss[i - win];
        float mean = (float)(sum / (i < win ? i + 1 : win));
        int x = plot.x + (int)((long)plot.w * (i + 1) / (run->total > 0 ? run->total : 1));
        float l = run->loss[i] < top ? run->loss[i] : top;
        int y = plot.y + plot.h - (int)lroundf((float)plot.h * l / top);
        int y2 = plot.y + plot.h - (int)lroundf((float)plot.h * (mean < top ? mean : top) / top);
        if (px >= 0) line_thick(ui, px, py, x, y, faint);
        if (mx >= 0) line_thick(ui, mx, my, x, y2, t->accent);
        px = x; py = y; mx = x; my = y2;
    }
}

void training_draw(Ui *ui, const Scene *s, Rect r)
{
    const Theme *t = ui->theme;
    const TrainRun *run = s->run;
    int pad = ui->pad, line = ui_line(ui, FONT_BODY), small = ui_line(ui, FONT_SMALL);
    char title[160];
    if (run && run->finetune) snprintf(title, sizeof title, "Fine-tuning the model on a few sentences");
    else if (run) {
        const GptConfig *c = &run->model->config;
        snprintf(title, sizeof title, "Training a small model from random weights (%d layers, width %d, %.2f M parameters)",
                 c->n_layer, c->n_embd, (double)gpt_param_count(c) / 1e6);
    } else snprintf(title, sizeof title, "Training");
    Rect c = panel_begin(ui, r, title);
    if (!run) {
        panel_note(ui, c, "No training run yet.");
        panel_end(ui);
        return;
    }
    float loss = trainrun_recent_loss(run);
    char status[200];
    if (run->done == 0) snprintf(status, sizeof status, "step 0 of %d", run->total);
    else
        /* No clock time here: the same run must draw the same picture (docs, golden images). */
        snprintf(status, sizeof status, "step %d of %d \xC2\xB7 loss %.2f (it started at %.2f)",
                 run->done, run->total, (double)loss, (double)run->start_loss);
    ui_text_fit(ui, FONT_BODY, c.x, c.y, c.w, status, t->text);
    int top = c.y + line + pad / 2;
    Rect left = {c.x, top, c.w * 55 / 100, c.y + c.h - top};
    Rect right = {left.x + left.w + pad, top, c.x + c.w - left.x - left.w - pad, left.h};
    chart(ui, run, left);

    /* What the model predicts after the probe, now. */
    int y = right.y;
    char head[320];
    snprintf(head, sizeof head, "After \"%s\" it predicts:", run->probe);
    ui_text_fit(ui, FONT_SMALL, right.x, y, right.w, head, t->muted);
    y += small + pad / 4;
    int tok_w = right.w * 35 / 100, pct_w = ui_text_width(ui, FONT_MONO, "100.0%", -1);
    for (int i = 0; i < run->n_bars; i++, y += line) {
        int len;
        const unsigned char *b = scene_token(s, run->bar_ids[i], &len);
        ui_token_fit(ui, FONT_BODY, right.x, y, tok_w - pad, b, len, t->text, t->muted);
        int bw = (int)lroundf(run->bar_p[i] * (float)(right.w - tok_w - pct_w - pad));
        ui_fill(ui, (Rect){right.x + tok_w, y + line / 5, bw > 2 ? bw : 2, line - 2 * (line / 5)}, t->bar);
        ui_textf(ui, FONT_MONO, right.x + right.w - pct_w, y, t->text, "%.1f%%", 100.0 * run->bar_p[i]);
    }
    y += pad / 2;
    ui_text_fit(ui, FONT_SMALL, right.x, y, right.w, "It writes (after the prompt):", t->muted);
    y += small + pad / 4;
    for (int i = 0; i < run->n_samples && y + small <= right.y + right.h; i++, y += small + pad / 4) {
        char label[32];
        snprintf(label, sizeof label, "step %d", run->samples[i].step);
        int lw = ui_text_width(ui, FONT_MONO_SMALL, "step 0000", -1) + pad / 2;
        ui_text(ui, FONT_MONO_SMALL, right.x, y, label, t->muted);
        ui_text_fit(ui, FONT_SMALL, right.x + lw, y, right.w - lw, run->samples[i].text,
                    i == run->n_samples - 1 ? t->accent : t->text);
    }
    panel_end(ui);
}
