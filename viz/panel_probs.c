/* panel_probs.c — the next-token probabilities: the top candidates as bars, the token the trace
 * chose highlighted (with a short animation as it is chosen), the tokens top-k / top-p removed
 * greyed below a drawn cut-off, and the temperature, top-k and top-p sliders.
 *
 * The bars are the distribution that will be sampled from with the settings now in force
 * (session_bars): moving a slider reshapes them at once. A greyed bar shows what the token had
 * after temperature, before the cut removed it.
 */
#include "panels.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ----------------------------------------------------------------------------------------------
 * Sliders: position t in [0, 1] <-> setting. "off" sits at the right end of top-k and top-p. */

static const int top_k_stops[] = {1, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 40, 50, 0};
#define N_TOP_K ((int)(sizeof top_k_stops / sizeof top_k_stops[0]))

float slider_position(int kind, const SamplerSettings *s)
{
    if (kind == HIT_SLIDER_TEMPERATURE) return s->temperature / 2.0f > 1 ? 1 : s->temperature / 2.0f;
    if (kind == HIT_SLIDER_TOP_P) return (s->top_p - 0.05f) / 0.95f;
    int best = N_TOP_K - 1;
    for (int i = 0; i < N_TOP_K; i++)
        if (s->top_k > 0 && top_k_stops[i] >= s->top_k) { best = i; break; }
    return (float)best / (N_TOP_K - 1);
}

void slider_set(int kind, float t, SamplerSettings *s)
{
    if (t < 0) t = 0;
    if (t > 1) t = 1;
    if (kind == HIT_SLIDER_TEMPERATURE) s->temperature = roundf(t * 40.0f) / 20.0f;  /* 0 .. 2 by 0.05 */
    else if (kind == HIT_SLIDER_TOP_P) s->top_p = (roundf(t * 19.0f) + 1.0f) / 20.0f; /* 0.05 .. 1 */
    else s->top_k = top_k_stops[(int)lroundf(t * (N_TOP_K - 1))];
}

static void slider_draw(Ui *ui, Rect r, int kind, const char *label, const char *value, float t)
{
    const Theme *th = ui->theme;
    int line = ui_line(ui, FONT_BODY), pad = ui->pad;
    int vw = ui_text_right(ui, FONT_MONO, r.x + r.w, r.y, value, th->accent);
    ui_text_fit(ui, FONT_BODY, r.x, r.y, r.w - vw - pad, label, th->text);
    int knob = pad * 3 / 2;
    Rect track = {r.x + knob / 2, r.y + line + pad / 2 + knob / 2 - 2, r.w - knob, 4};
    ui_fill(ui, track, th->border);
    if (t < 0) t = 0;
    if (t > 1) t = 1;
    int kx = track.x + (int)lroundf(t * (float)track.w);
    ui_fill(ui, (Rect){track.x, track.y, kx - track.x, track.h}, th->accent);
    ui_round(ui, (Rect){kx - knob / 2, track.y + 2 - knob / 2, knob, knob}, knob / 2, th->accent);
    ui_hit(ui, (Rect){track.x, r.y, track.w, line + pad + knob}, kind, 0);
}

static void sliders_draw(Ui *ui, const SamplerSettings *s, Rect r, int vertical)
{
    char t[32], k[32], p[32];
    if (s->temperature == 0) snprintf(t, sizeof t, "0 greedy");
    else snprintf(t, sizeof t, "%.2f", (double)s->temperature);
    if (s->top_k == 0) snprintf(k, sizeof k, "off"); else snprintf(k, sizeof k, "%d", s->top_k);
    if (s->top_p >= 1.0f) snprintf(p, sizeof p, "off"); else snprintf(p, sizeof p, "%.2f", (double)s->top_p);
    int pad = ui->pad;
    int h = ui_line(ui, FONT_BODY) + 3 * pad;
    Rect a = r, b = r, c = r;
    if (vertical) {
        a.h = b.h = c.h = h;
        b.y = a.y + h + pad;
        c.y = b.y + h + pad;
    } else {
        int w = (r.w - 2 * 2 * pad) / 3;
        a.w = b.w = c.w = w;
        b.x = a.x + w + 2 * pad;
        c.x = b.x + w + 2 * pad;
    }
    slider_draw(ui, a, HIT_SLIDER_TEMPERATURE, "Temperature", t, slider_position(HIT_SLIDER_TEMPERATURE, s));
    slider_draw(ui, b, HIT_SLIDER_TOP_K, "Top-k", k, slider_position(HIT_SLIDER_TOP_K, s));
    slider_draw(ui, c, HIT_SLIDER_TOP_P, "Top-p", p, slider_position(HIT_SLIDER_TOP_P, s));
}

/* ----------------------------------------------------------------------------------------------
 * Bars */

static void percent(char *buf, size_t n, float p)
{
    if (p <= 0) snprintf(buf, n, "0%%");
    else if (p < 0.001f) snprintf(buf, n, "<0.1%%");
    else snprintf(buf, n, "%.1f%%", 100.0 * p);
}

/* The row the animation's highlight is on: it runs down the bars and settles on the choice. */
static int anim_row(const View *v, int target)
{
    if (v->anim_step < 0 || v->anim >= 0.7f) return target;
    float a = v->anim / 0.7f;
    float eased = 1 - (1 - a) * (1 - a) * (1 - a);
    int row = (int)(eased * (float)(target + 1));
    return row > target ? target : row;
}

typedef struct {
    int x_key, x_token, x_bar, bar_w, x_pct;   /* columns */
    int x_corpus;                              /* the corpus share, when the evidence is shown */
    int x_logit;                               /* where the raw scores start (G), else x_pct */
    int row_h;
} BarColumns;

static void bar_row(Ui *ui, const Scene *s, const BarColumns *col, int y, int i, int highlight)
{
    const Theme *t = ui->theme;
    const Bars *b = s->bars;
    int id = b->ids[i];
    int cut = b->cut[i] != GPT_CUT_KEPT;
    int line = ui_line(ui, FONT_BODY);
    int ty = y + (col->row_h - line) / 2;
    Rect row = {col->x_key - ui->pad / 2, y, col->x_pct + ui_text_width(ui, FONT_MONO, "100.0%", -1) + ui->pad - col->x_key, col->row_h};
    if (highlight) ui_round(ui, row, ui->pad / 2, color_mix(t->accent, t->panel, 0.22f));
    char key[16];
    snprintf(key, sizeof key, "%d", i + 1);
    if (i < 9) ui_text(ui, FONT_MONO, col->x_key, ty, key, t->muted);
    int len;
    const unsigned char *bytes = scene_token(s, id, &len);
    SDL_Color tc = cut ? t->muted : t->text;
    if (len == 0) ui_textf(ui, FONT_MONO, col->x_token, ty, t->muted, "#%d", id);
    else ui_token_fit(ui, FONT_BODY, col->x_token, ty, col->x_bar - col->x_token - ui->pad, bytes, len, tc, t->muted);
    float p = cut ? b->p_temp[i] : b->p[i];
    int w = (int)lroundf(p * (float)col->bar_w);
    if (p > 0 && w < 2) w = 2;
    Rect bar = {col->x_bar, y + col->row_h / 5, w, col->row_h - 2 * (col->row_h / 5)};
    ui_fill(ui, bar, cut ? t->bar_cut : t->bar);
    char pct[32];
    percent(pct, sizeof pct, b->p[i]);
    ui_text(ui, FONT_MONO, col->x_pct, ty, pct, cut ? t->muted : t->text);
    if (s->view->show_logits) {
        char lg[32];
        snprintf(lg, sizeof lg, "%.2f", (double)b->logit[i]);
        ui_text_right(ui, FONT_MONO, col->x_pct - ui->pad, ty, lg, t->muted);
    }
    if (s->evidence && s->evidence->valid && s->evidence->total) {
        /* the corpus: a line under the bar and the share in its own column */
        double share = (double)evidence_count(s->evidence, id) / (double)s->evidence->total;
        int ew = (int)lround(share * col->bar_w);
        int eh = col->row_h / 6 > 2 ? col->row_h / 6 : 2;
        if (ew > 0) ui_fill(ui, (Rect){col->x_bar, bar.y + bar.h + 1, ew, eh}, t->accent);
        percent(pct, sizeof pct, (float)share);
        ui_text(ui, FONT_MONO, col->x_corpus, ty, pct, share > 0 ? t->accent : t->muted);
    }
    if (s->view->hl_bar == id) ui_round_frame(ui, row, ui->pad / 2, 3, t->accent);
    if (cut) {
        const char *why = b->cut[i] == GPT_CUT_TOP_K ? "top-k" : "top-p";
        int x = bar.x + bar.w + ui->pad / 2;
        if (x + ui_text_width(ui, FONT_SMALL, why, -1) < col->x_logit - ui->pad)
            ui_text(ui, FONT_SMALL, x, y + (col->row_h - ui_line(ui, FONT_SMALL)) / 2, why, t->muted);
    }
    if (highlight && (s->view->anim_step < 0 || s->view->anim >= 0.7f) && b->chosen == id) {
        const char *what = b->chosen_forced ? "\xE2\x97\x80 forced" : "\xE2\x97\x80 chosen";
        int x = bar.x + bar.w + ui->pad / 2;
        if (x + ui_text_width(ui, FONT_SMALL, what, -1) > col->x_logit - ui->pad)
            x = col->x_logit - ui->pad - ui_text_width(ui, FONT_SMALL, what, -1);
        ui_text(ui, FONT_SMALL, x, y + (col->row_h - ui_line(ui, FONT_SMALL)) / 2, what,
                b->chosen_forced ? t->forced : t->accent);
    }
    ui_hit(ui, row, HIT_BAR, id);
}

/* The cut-off: a dashed line between the last kept bar and the first cut one, with its name. */
static void cutoff_draw(Ui *ui, const Bars *b, int x0, int x1, int y, int cut_kind)
{
    const Theme *t = ui->theme;
    char label[64];
    if (cut_kind == GPT_CUT_TOP_K) snprintf(label, sizeof label, "top-k = %d cut-off", b->settings.top_k);
    else snprintf(label, sizeof label, "top-p = %.2f cut-off", (double)b->settings.top_p);
    int th = ui->pad / 5 > 2 ? ui->pad / 5 : 2;
    int lw = ui_text_width(ui, FONT_SMALL, label, -1);
    int small = ui_line(ui, FONT_SMALL);
    ui_hline_dashed(ui, x0, x1 - lw - ui->pad, y - th / 2, th, t->warn);
    ui_fill(ui, (Rect){x1 - lw - ui->pad / 2, y - small / 2, lw + ui->pad / 2, small}, t->panel);
    ui_text(ui, FONT_SMALL, x1 - lw, y - small / 2, label, t->warn);
}

static void status_line(Ui *ui, const Scene *s, int x, int y, int w, int shown)
{
    const Theme *t = ui->theme;
    const Bars *b = s->bars;
    int V = s->trace->config.vocab_size;
    char text[256];
    if (b->kept == V)
        snprintf(text, sizeof text, "all %d tokens can be drawn \xC2\xB7 the top %d shown", V, shown);
    else
        snprintf(text, sizeof text, "%d of %d tokens can be drawn \xC2\xB7 their bars add up to 100%%", b->kept, V);
    if (s->view->show_logits) {
        size_t n = strlen(text);
        snprintf(text + n, sizeof text - n, " \xC2\xB7 grey numbers: the raw scores (logits)");
    }
    if (b->chosen >= 0 && !b->same_settings) {
        size_t n = strlen(text);
        snprintf(text + n, sizeof text - n, " \xC2\xB7 chosen with other settings");
    }
    ui_text_fit(ui, FONT_SMALL, x, y, w, text, t->muted);
}

/* With E: where the corpus column comes from. */
static void evidence_line(Ui *ui, const Scene *s, int x, int y, int w)
{
    const Theme *t = ui->theme;
    const Evidence *e = s->evidence;
    char text[400];
    if (!e->valid) snprintf(text, sizeof text, "corpus: this text never came up in the training text");
    else {
        /* the matched ending, cut to its last 40 bytes at a character boundary */
        const char *c = e->context;
        size_t n = strlen(c);
        const char *from = n > 40 ? c + n - 40 : c;
        while (from > c && ((unsigned char)*from & 0xC0) == 0x80) from++;
        snprintf(text, sizeof text, "corpus: \"%s%s\" came up %llu times (blue: what followed)",
                 from > c ? "\xE2\x80\xA6" : "", from, (unsigned long long)e->total);
    }
    ui_text_fit(ui, FONT_SMALL, x, y, w, text, t->accent);
}

void probs_draw(Ui *ui, const Scene *s, Rect r)
{
    const Theme *t = ui->theme;
    const Bars *b = s->bars;
    int pad = ui->pad, line = ui_line(ui, FONT_BODY), small = ui_line(ui, FONT_SMALL);
    char title[96];
    if (s->view->anim_step >= 0) snprintf(title, sizeof title, "Choosing token %d after", b->step + 1);
    else snprintf(title, sizeof title, "Next token after");
    Rect c = panel_begin(ui, r, title);
    /* The context token, right after the title. */
    int tx = r.x + pad + pad / 3 + pad / 2 + ui_text_width(ui, FONT_BODY, title, -1) + pad / 2;
    if (b->valid && b->pos >= 0 && b->pos < s->trace->n_pos) {
        const TracePos *p = &s->trace->pos[b->pos];
        ui_token_fit(ui, FONT_BODY, tx, r.y + pad / 2, r.x + r.w - tx - pad, p->bytes, p->n_bytes, t->accent, t->muted);
    }

    /* Sliders right of the bars when there is room, else under them. */
    int vertical = c.w >= 30 * ui->body_px;
    Rect sliders = c, bars = c;
    if (vertical) {
        sliders.w = 11 * ui->body_px;
        sliders.x = c.x + c.w - sliders.w;
        bars.w = c.w - sliders.w - 2 * pad;
    } else {
        sliders.h = line + 3 * pad;
        sliders.y = c.y + c.h - sliders.h;
        bars.h = c.h - sliders.h - pad;
    }
    sliders_draw(ui, &s->bars->settings, sliders, vertical);
    if (vertical) {
        int below = sliders.y + 3 * (line + 3 * pad) + 3 * pad;
        int y = below;
        const char *hints[] = {"[ ]  temperature", "K  top-k    P  top-p", "1\xE2\x80\xA6\x39, click: force a token"};
        for (int i = 0; i < 3 && y + small <= c.y + c.h; i++, y += small)
            ui_text_fit(ui, FONT_SMALL, sliders.x, y, sliders.w, hints[i], t->muted);
    }

    if (s->view->quiz) {
        panel_note(ui, bars, "Hidden: what will the model say? (Space reveals it)");
        panel_end(ui);
        return;
    }
    if (!b->valid) {
        panel_note(ui, bars, s->full ? "The context window is full: no next token." : "No distribution yet.");
        panel_end(ui);
        return;
    }
    /* Ten candidates, more when the panel has room for them at full height. */
    int full_h = line + pad / 2, shown = b->n < 10 ? b->n : 10;
    while (shown < b->n && (shown + 2) * full_h + small + pad / 2 + small <= bars.h) shown++;
    int extra = (b->chosen >= 0 && b->chosen_rank >= shown) ? 1 : 0;
    int rows = shown + extra;
    int boundary = -1; /* the last kept bar before a cut one: the cut-off goes under it */
    for (int i = 0; i + 1 < shown; i++)
        if (b->cut[i] == GPT_CUT_KEPT && b->cut[i + 1] != GPT_CUT_KEPT) boundary = i;
    int cut_h = boundary >= 0 ? small : 0;
    int row_h = (bars.h - small - pad / 2 - cut_h) / (rows > 0 ? rows : 1);
    if (row_h > line + pad / 2) row_h = line + pad / 2;
    if (row_h < small) { rows = (bars.h - small) / small; row_h = small; }
    BarColumns col;
    col.row_h = row_h;
    col.x_key = bars.x + pad / 2;
    col.x_token = col.x_key + ui_text_width(ui, FONT_MONO, "0", 1) + pad;
    int pct_w = ui_text_width(ui, FONT_MONO, "100.0%", -1);
    col.x_pct = bars.x + bars.w - pct_w;
    col.x_corpus = 0;
    int corpus = s->evidence != NULL;
    if (corpus) {
        col.x_corpus = col.x_pct;
        col.x_pct -= pct_w + pad;
    }
    col.x_bar = col.x_token + (bars.w * 28) / 100;
    int logit_w = s->view->show_logits ? ui_text_width(ui, FONT_MONO, "-10.00", -1) + pad : 0;
    col.x_logit = col.x_pct - logit_w;
    col.bar_w = col.x_pct - pad - logit_w - col.x_bar - ui_text_width(ui, FONT_SMALL, "\xE2\x97\x80 chosen", -1) - pad;
    if (col.bar_w < pad) col.bar_w = pad;

    int target = -1;
    for (int i = 0; i < shown; i++) if (b->ids[i] == b->chosen) target = i;
    if (target < 0 && extra) target = shown;
    int highlight = target >= 0 ? anim_row(s->view, target) : -1;
    int y = bars.y;
    for (int i = 0; i < shown && i < rows; i++, y += row_h) {
        bar_row(ui, s, &col, y, i, i == highlight);
        if (i == boundary) {
            cutoff_draw(ui, b, bars.x, bars.x + bars.w, y + row_h + cut_h / 2, b->cut[i + 1]);
            y += cut_h;
        }
    }
    if (extra && rows > shown) {
        char what[160], pct[32];
        percent(pct, sizeof pct, b->chosen_p);
        snprintf(what, sizeof what, "%s: rank %d, %s", b->chosen_forced ? "forced" : "chosen",
                 b->chosen_rank + 1, pct);
        if (highlight == shown) ui_round(ui, (Rect){bars.x, y, bars.w, row_h}, pad / 2, color_mix(t->accent, t->panel, 0.22f));
        int len;
        const unsigned char *bytes = scene_token(s, b->chosen, &len);
        int x = col.x_token + ui_text_width(ui, FONT_BODY, "\xE2\x80\xA6 ", -1);
        ui_text(ui, FONT_BODY, col.x_token, y + (row_h - line) / 2, "\xE2\x80\xA6", t->muted);
        x += ui_token_fit(ui, FONT_BODY, x, y + (row_h - line) / 2, col.x_bar - x, bytes, len, t->text, t->muted);
        ui_text_fit(ui, FONT_SMALL, col.x_bar, y + (row_h - small) / 2, bars.x + bars.w - col.x_bar, what,
                    b->chosen_forced ? t->forced : t->accent);
        y += row_h;
    }
    if (corpus) evidence_line(ui, s, bars.x, bars.y + bars.h - small, bars.w);
    else if (s->view->evidence && !s->has_evidence)
        ui_text_fit(ui, FONT_SMALL, bars.x, bars.y + bars.h - small, bars.w,
                    "corpus: this model folder has no evidence index (evidence.tsv)", t->warn);
    else status_line(ui, s, bars.x, bars.y + bars.h - small, bars.w, shown);
    panel_end(ui);
}
