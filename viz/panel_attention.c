/* panel_attention.c — where each token looks: the attention weights of one layer and head as a
 * heatmap (row = the query token, column = the key token it looks at; keys after the query do not
 * exist yet, so the upper triangle is empty — the causal mask), and every head of every layer as a
 * grid of thumbnails to choose from.
 *
 * Colour is √weight on viridis (or cividis): a weight of 1/16 is already visible, 1 is the top of
 * the scale. The value under the mouse is written out exactly.
 */
#include "panels.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void attention_cache_free(AttentionCache *c)
{
    if (c->heat) SDL_DestroyTexture(c->heat);
    if (c->grid) SDL_DestroyTexture(c->grid);
    memset(c, 0, sizeof *c);
}

static Uint32 pack(SDL_Color c)
{
    return 0xFF000000u | ((Uint32)c.r << 16) | ((Uint32)c.g << 8) | c.b;
}

/* The colour of one cell: query row q looks at key k (k > q: masked). */
static Uint32 cell_color(const Ui *ui, const Trace *t, int q, int k, int layer, int head, Uint32 masked)
{
    if (k > q) return masked;
    const float *w = trace_attn_weights(t, q, layer, head);
    if (!w) return masked;
    return pack(colormap(ui->colormap, sqrtf(w[k])));
}

/* The texture, remade if it is not w x h pixels (*ow, *oh: its size). */
static SDL_Texture *texture(Ui *ui, SDL_Texture *old, int w, int h, int *ow, int *oh)
{
    if (old && *ow == w && *oh == h) return old;
    if (old) SDL_DestroyTexture(old);
    *ow = w;
    *oh = h;
    return SDL_CreateTexture(ui->renderer, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC, w, h);
}

/* The heatmap of shown x shown cells, one pixel per cell, for positions first .. first+shown-1. */
static void heat_update(AttentionCache *c, Ui *ui, const Scene *s, int first, int shown)
{
    unsigned key[8] = {s->version, (unsigned)s->view->layer, (unsigned)s->view->head, (unsigned)ui->colormap,
                       (unsigned)(ui->theme - viz_themes), (unsigned)first, (unsigned)shown, 1};
    if (c->heat && memcmp(key, c->heat_key, sizeof key) == 0) return;
    int side = c->heat_n; /* square: one size for both sides */
    c->heat = texture(ui, c->heat, shown, shown, &c->heat_n, &side);
    if (!c->heat) return;
    Uint32 *px = malloc((size_t)shown * shown * sizeof *px);
    if (!px) return;
    Uint32 masked = pack(ui->theme->bg);
    for (int r = 0; r < shown; r++)
        for (int k = 0; k < shown; k++)
            px[r * shown + k] = cell_color(ui, s->trace, first + r, first + k, s->view->layer, s->view->head, masked);
    SDL_UpdateTexture(c->heat, NULL, px, shown * 4);
    free(px);
    memcpy(c->heat_key, key, sizeof key);
}

/* All heads: L rows x NH columns of thumbnails, each `thumb` pixels with `gap` between. */
static void grid_update(AttentionCache *c, Ui *ui, const Scene *s, int first, int shown, int thumb, int gap)
{
    const GptConfig *cf = &s->trace->config;
    int w = cf->n_head * (thumb + gap), h = cf->n_layer * (thumb + gap);
    unsigned key[8] = {s->version, (unsigned)ui->colormap, (unsigned)(ui->theme - viz_themes), (unsigned)first,
                       (unsigned)shown, (unsigned)thumb, (unsigned)gap, 2};
    if (c->grid && memcmp(key, c->grid_key, sizeof key) == 0 && c->grid_w == w && c->grid_h == h) return;
    c->grid = texture(ui, c->grid, w, h, &c->grid_w, &c->grid_h);
    if (!c->grid) return;
    Uint32 *px = malloc((size_t)w * h * sizeof *px);
    if (!px) return;
    Uint32 panel = pack(ui->theme->panel), masked = pack(ui->theme->bg);
    for (size_t i = 0; i < (size_t)w * h; i++) px[i] = panel;
    for (int l = 0; l < cf->n_layer; l++)
        for (int hd = 0; hd < cf->n_head; hd++)
            for (int y = 0; y < thumb; y++) {
                int q = first + (int)((long)y * shown / thumb);
                Uint32 *row = px + (size_t)(l * (thumb + gap) + y) * w + hd * (thumb + gap);
                for (int x = 0; x < thumb; x++)
                    row[x] = cell_color(ui, s->trace, q, first + (int)((long)x * shown / thumb), l, hd, masked);
            }
    SDL_UpdateTexture(c->grid, NULL, px, w * 4);
    free(px);
    memcpy(c->grid_key, key, sizeof key);
}

/* "◀ label ▶" with the arrows clickable; returns its width. */
static int picker(Ui *ui, int x, int y, const char *label, int prev, int next)
{
    const Theme *t = ui->theme;
    int line = ui_line(ui, FONT_BODY);
    int aw = ui_text_width(ui, FONT_BODY, "\xE2\x97\x80", -1) + ui->pad / 2;
    int x0 = x;
    ui_text(ui, FONT_BODY, x, y, "\xE2\x97\x80", t->accent);
    ui_hit(ui, (Rect){x - ui->pad / 4, y, aw, line}, prev, 0);
    x += aw;
    x += ui_text(ui, FONT_BODY, x, y, label, t->text) + ui->pad / 2;
    ui_text(ui, FONT_BODY, x, y, "\xE2\x96\xB6", t->accent);
    ui_hit(ui, (Rect){x - ui->pad / 4, y, aw, line}, next, 0);
    return x + aw - x0;
}

static int picker_width(Ui *ui, const char *label)
{
    return 2 * (ui_text_width(ui, FONT_BODY, "\xE2\x97\x80", -1) + ui->pad / 2) + ui_text_width(ui, FONT_BODY, label, -1) +
           ui->pad / 2;
}

/* Row labels: the query tokens, as many as fit (always the focus row). */
static void row_labels(Ui *ui, const Scene *s, Rect m, int first, int shown, int cell, int label_w)
{
    const Theme *t = ui->theme;
    int small = ui_line(ui, FONT_SMALL);
    int every = cell >= small ? 1 : (small + cell - 1) / cell;
    for (int r = 0; r < shown; r++) {
        int pos = first + r;
        if (r % every != 0 && pos != s->focus) continue;
        if (pos != s->focus && every > 1 && abs(pos - s->focus) < every) continue;
        const TracePos *p = &s->trace->pos[pos];
        int y = m.y + r * cell + (cell - small) / 2;
        int w = ui_token_width(ui, FONT_SMALL, p->bytes, p->n_bytes);
        if (w > label_w) w = label_w;
        ui_token_fit(ui, FONT_SMALL, m.x - ui->pad / 2 - w, y, label_w, p->bytes, p->n_bytes,
                     pos == s->focus ? t->select : t->text, t->muted);
    }
}

/* The line under the heatmap: the cell under the mouse, else what the focus row looks at most. */
static void readout(Ui *ui, const Scene *s, Rect m, int first, int shown, int cell, int x, int y, int w)
{
    const Theme *t = ui->theme;
    int q = s->focus, k = -1;
    int mx = ui->mouse_x, my = ui->mouse_y;
    if (ui_inside(m, mx, my)) {
        q = first + (my - m.y) / cell;
        k = first + (mx - m.x) / cell;
        if (q >= first + shown) q = first + shown - 1;
        if (k >= first + shown) k = first + shown - 1;
        ui_frame(ui, (Rect){m.x + (k - first) * cell - 1, m.y + (q - first) * cell - 1, cell + 2, cell + 2}, 2, t->text);
    }
    const float *wt = trace_attn_weights(s->trace, q, s->view->layer, s->view->head);
    const float *sc = trace_attn_scores(s->trace, q, s->view->layer, s->view->head);
    if (!wt) return;
    if (k < 0) { k = 0; for (int j = 1; j <= q; j++) if (wt[j] > wt[k]) k = j; }
    const TracePos *pq = &s->trace->pos[q], *pk = &s->trace->pos[k];
    int x0 = x;
    x += ui_token_fit(ui, FONT_SMALL, x, y, w / 3, pq->bytes, pq->n_bytes, t->select, t->muted);
    x += ui_text(ui, FONT_SMALL, x, y, " \xE2\x86\x92 ", t->muted);
    x += ui_token_fit(ui, FONT_SMALL, x, y, w / 3, pk->bytes, pk->n_bytes, t->text, t->muted);
    char text[96];
    if (k > q) snprintf(text, sizeof text, "  masked: not computed yet");
    else snprintf(text, sizeof text, "  weight %.3f, score %.2f", (double)wt[k], (double)sc[k]);
    ui_text_fit(ui, FONT_SMALL, x, y, x0 + w - x, text, t->text);
}

/* A small colour bar: √weight from 0 to 1, ticks at 0, 0.25, 1. */
static void legend(Ui *ui, int x, int y, int w, int h)
{
    const Theme *t = ui->theme;
    for (int i = 0; i < w; i++) ui_fill(ui, (Rect){x + i, y, 1, h}, colormap(ui->colormap, (float)i / (float)(w - 1)));
    ui_text(ui, FONT_MONO_SMALL, x, y + h + 1, "0", t->muted);
    ui_text(ui, FONT_MONO_SMALL, x + w / 2 - ui_text_width(ui, FONT_MONO_SMALL, ".25", -1) / 2, y + h + 1, ".25", t->muted);
    ui_text_right(ui, FONT_MONO_SMALL, x + w, y + h + 1, "1", t->muted);
}

void attention_draw(AttentionCache *c, Ui *ui, const Scene *s, Rect r)
{
    const Theme *t = ui->theme;
    const View *v = s->view;
    const GptConfig *cf = &s->trace->config;
    int pad = ui->pad, line = ui_line(ui, FONT_BODY), small = ui_line(ui, FONT_SMALL);
    char title[128], layer[48], head[48];
    snprintf(title, sizeof title, "Attention");
    snprintf(layer, sizeof layer, "layer %d/%d", v->layer + 1, cf->n_layer);
    snprintf(head, sizeof head, "head %d/%d", v->head + 1, cf->n_head);
    Rect cr = panel_begin(ui, r, title);

    /* Pickers and the colormap switch, right of the title. */
    const char *cmap = viz_colormap_names[ui->colormap];
    int cw = ui_text_width(ui, FONT_SMALL, cmap, -1);
    int pw = picker_width(ui, layer) + pad + picker_width(ui, head) + pad + cw;
    int x = r.x + r.w - pad - pw, y = r.y + pad / 2;
    int title_end = r.x + 2 * pad + ui_text_width(ui, FONT_BODY, title, -1);
    if (x > title_end) {
        x += picker(ui, x, y, layer, HIT_LAYER_PREV, HIT_LAYER_NEXT) + pad;
        x += picker(ui, x, y, head, HIT_HEAD_PREV, HIT_HEAD_NEXT) + pad;
        ui_text(ui, FONT_SMALL, x, y + (line - small) / 2, cmap, t->muted);
        ui_hit(ui, (Rect){x, y, cw, line}, HIT_COLORMAP, 0);
    }

    int n = s->last + 1;
    if (n <= 0 || cr.w < 4 * pad || cr.h < 4 * pad) { panel_end(ui); return; }
    /* Left: labels + heatmap + readout; right: the grid. */
    int grid_w = cr.w * 36 / 100;
    int heat_w = cr.w - grid_w - 2 * pad;
    int label_w = heat_w * 26 / 100;
    int legend_h = small + pad / 2 + small;
    int side = heat_w - label_w - pad;
    if (side > cr.h - legend_h - pad) side = cr.h - legend_h - pad;
    if (side < 1) side = 1;
    int shown = n < side ? n : side;
    int first = n - shown;
    int cell = side / shown;
    Rect m = {cr.x + label_w + pad, cr.y, cell * shown, cell * shown};
    heat_update(c, ui, s, first, shown);
    if (c->heat) SDL_RenderCopy(ui->renderer, c->heat, NULL, &m);
    ui_hit(ui, m, HIT_HEATMAP, 0);
    row_labels(ui, s, m, first, shown, cell, label_w);
    if (s->focus >= first && s->focus < n) {
        int th = pad / 4 > 2 ? pad / 4 : 2;
        ui_frame(ui, (Rect){m.x - th, m.y + (s->focus - first) * cell - th, m.w + 2 * th, cell + 2 * th}, th, t->select);
    }
    if (first > 0) ui_textf(ui, FONT_SMALL, m.x, m.y + m.h + 2, t->muted, "positions %d\xE2\x80\xA6%d", first, n - 1);
    int ry = m.y + m.h + pad / 2;
    readout(ui, s, m, first, shown, cell, cr.x, first > 0 ? ry + small : ry, heat_w);
    int lw = label_w - pad > 2 * pad ? label_w - pad : 2 * pad;
    if (m.y + m.h + pad / 2 + 2 * small + small / 2 <= cr.y + cr.h)
        legend(ui, cr.x, cr.y + cr.h - small - small / 2 - 1, lw, small / 2);
    ui_text_fit(ui, FONT_SMALL, cr.x, cr.y, label_w, "\xE2\x88\x9A" "weight", t->muted);

    /* The grid of every head. */
    int gx = cr.x + cr.w - grid_w;
    int lab = ui_text_width(ui, FONT_SMALL, "L00", -1) + pad / 2;
    int gap = pad / 4 > 1 ? pad / 4 : 1;
    int thumb_w = (grid_w - lab) / cf->n_head - gap, thumb_h = (cr.h - small - small) / cf->n_layer - gap;
    int thumb = thumb_w < thumb_h ? thumb_w : thumb_h;
    if (thumb >= 3) {
        int gy = cr.y + small;
        grid_update(c, ui, s, first, shown, thumb, gap);
        Rect g = {gx + lab, gy, cf->n_head * (thumb + gap), cf->n_layer * (thumb + gap)};
        if (c->grid) SDL_RenderCopy(ui->renderer, c->grid, NULL, &g);
        ui_text(ui, FONT_SMALL, gx, cr.y - small / 4, "heads \xE2\x86\x92", t->muted);
        int every = small * 2 > thumb + gap ? (small * 2 + thumb + gap - 1) / (thumb + gap) : 1;
        for (int l = 0; l < cf->n_layer; l++) {
            Rect row = {gx, gy + l * (thumb + gap) + (thumb - small) / 2, lab, small};
            if (l % every == 0 || l == v->layer)
                ui_textf(ui, FONT_SMALL, row.x, row.y, l == v->layer ? t->select : t->muted, "L%d", l + 1);
            for (int h = 0; h < cf->n_head; h++) {
                Rect th = {g.x + h * (thumb + gap), gy + l * (thumb + gap), thumb, thumb};
                ui_hit(ui, th, HIT_THUMB, l * cf->n_head + h);
                if (l == v->layer && h == v->head) ui_frame(ui, (Rect){th.x - 2, th.y - 2, th.w + 4, th.h + 4}, 2, t->select);
                else if (ui_inside(th, ui->mouse_x, ui->mouse_y)) ui_frame(ui, (Rect){th.x - 1, th.y - 1, th.w + 2, th.h + 2}, 1, t->text);
            }
        }
        int by = g.y + g.h + pad / 4;
        if (by + small <= cr.y + cr.h)
            ui_text_fit(ui, FONT_SMALL, gx, by, grid_w, "click a head to open it", t->muted);
    }
    panel_end(ui);
}
