/* panel_neighbours.c — the focus token's place among all token vectors: its nearest neighbours by
 * cosine similarity (with the scores), and a map of the whole embedding table (its first two
 * principal components) with the token and its neighbours labelled.
 *
 * Cosine similarity: the cosine of the angle between two vectors, 1 = same direction. Tokens the
 * model uses alike end up pointing alike. The map squeezes C dimensions into 2, so nearby dots are
 * a hint; the list is the measurement.
 */
#include "panels.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void neighbours_cache_free(NeighboursCache *c)
{
    if (c->dots) SDL_DestroyTexture(c->dots);
    memset(c, 0, sizeof *c);
}

/* Where token v lands in the map rectangle m (clamped inside). */
static void map_point(const EmbedMap *e, int v, Rect m, int *x, int *y)
{
    float fx = (e->xy[(size_t)v * 2] - e->lo[0]) / (e->hi[0] - e->lo[0]);
    float fy = (e->xy[(size_t)v * 2 + 1] - e->lo[1]) / (e->hi[1] - e->lo[1]);
    fx = fx < 0 ? 0 : fx > 1 ? 1 : fx;
    fy = fy < 0 ? 0 : fy > 1 ? 1 : fy;
    *x = m.x + (int)(fx * (float)(m.w - 1));
    *y = m.y + (m.h - 1) - (int)(fy * (float)(m.h - 1));
}

/* Every token as a dot, drawn once into a texture the size of the map. */
static void dots_update(NeighboursCache *c, Ui *ui, EmbedMap *e, Rect m)
{
    unsigned key[6] = {(unsigned)m.w, (unsigned)m.h, (unsigned)(ui->theme - viz_themes), (unsigned)e->V,
                       (unsigned)embed_ready(e), 3};
    if (c->dots && memcmp(key, c->key, sizeof key) == 0) return;
    if (c->dots) SDL_DestroyTexture(c->dots);
    c->dots = SDL_CreateTexture(ui->renderer, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC, m.w, m.h);
    if (!c->dots) return;
    Uint32 *px = malloc((size_t)m.w * m.h * sizeof *px);
    if (!px) return;
    SDL_Color bg = ui->theme->bg, dot = color_mix(ui->theme->muted, bg, 0.55f);
    Uint32 b = 0xFF000000u | ((Uint32)bg.r << 16) | ((Uint32)bg.g << 8) | bg.b;
    Uint32 d = 0xFF000000u | ((Uint32)dot.r << 16) | ((Uint32)dot.g << 8) | dot.b;
    for (size_t i = 0; i < (size_t)m.w * m.h; i++) px[i] = b;
    int size = e->V < 5000 ? 2 : 1;
    Rect local = {0, 0, m.w - size + 1, m.h - size + 1};
    for (int v = 0; v < e->V; v++) {
        int x, y;
        map_point(e, v, local, &x, &y);
        for (int dy = 0; dy < size; dy++)
            for (int dx = 0; dx < size; dx++) px[(size_t)(y + dy) * m.w + x + dx] = d;
    }
    SDL_UpdateTexture(c->dots, NULL, px, m.w * 4);
    free(px);
    memcpy(c->key, key, sizeof key);
}

/* A labelled dot; labels that would overlap an earlier one move left, or are left out. */
static void labelled_dot(Ui *ui, const Scene *s, Rect m, int id, SDL_Color c, int size, Rect *taken, int *n_taken)
{
    int x, y;
    map_point(s->embed, id, m, &x, &y);
    ui_round(ui, (Rect){x - size / 2, y - size / 2, size, size}, size / 2, c);
    int len;
    const unsigned char *b = scene_token(s, id, &len);
    int w = ui_token_width(ui, FONT_SMALL, b, len), h = ui_line(ui, FONT_SMALL);
    Rect tries[2] = {{x + size, y - h / 2, w, h}, {x - size - w, y - h / 2, w, h}};
    for (int i = 0; i < 2; i++) {
        Rect r = tries[i];
        if (r.x < m.x || r.x + r.w > m.x + m.w || r.y < m.y || r.y + r.h > m.y + m.h) continue;
        int clash = 0;
        for (int j = 0; j < *n_taken; j++) if (SDL_HasIntersection(&r, &taken[j])) clash = 1;
        if (clash) continue;
        ui_token(ui, FONT_SMALL, r.x, r.y, b, len, c, ui->theme->muted);
        taken[(*n_taken)++] = r;
        return;
    }
}

static void list_draw(Ui *ui, const Scene *s, Rect r, int hover)
{
    const Theme *t = ui->theme;
    int line = ui_line(ui, FONT_BODY);
    int score_w = ui_text_width(ui, FONT_MONO, "\xE2\x88\x92" "0.00", -1);
    int row_h = line + ui->pad / 3;
    int rows = r.h / row_h < s->nb_n ? r.h / row_h : s->nb_n;
    for (int i = 0; i < rows; i++) {
        int y = r.y + i * row_h;
        Rect row = {r.x, y, r.w, row_h};
        if (i == hover) ui_fill(ui, row, color_mix(t->accent, t->panel, 0.18f));
        int len;
        const unsigned char *b = scene_token(s, s->nb_ids[i], &len);
        int tw = r.w - score_w - ui->pad - r.w / 4;
        if (len == 0) ui_textf(ui, FONT_MONO, r.x, y, t->muted, "#%d", s->nb_ids[i]);
        else ui_token_fit(ui, FONT_BODY, r.x, y, tw, b, len, t->text, t->muted);
        float sc = s->nb_scores[i];
        int bx = r.x + tw + ui->pad / 2, bw = r.w / 4 - ui->pad;
        ui_fill(ui, (Rect){bx, y + row_h / 3, (int)(bw * (sc > 0 ? sc : 0)), row_h / 3}, t->accent);
        char num[16];
        snprintf(num, sizeof num, "%.2f", (double)sc);
        ui_text_right(ui, FONT_MONO, r.x + r.w, y, num, t->text);
        if (s->view->hl_neighbour == s->nb_ids[i]) ui_round_frame(ui, row, ui->pad / 3, 3, t->accent);
        ui_hit(ui, row, HIT_NEIGHBOUR, s->nb_ids[i]);
    }
}

void neighbours_draw(NeighboursCache *c, Ui *ui, const Scene *s, Rect r)
{
    const Theme *t = ui->theme;
    int pad = ui->pad, line = ui_line(ui, FONT_BODY), small = ui_line(ui, FONT_SMALL);
    const char *title = "Embedding neighbours of";
    Rect cr = panel_begin(ui, r, title);
    int id = s->focus >= 0 ? s->trace->pos[s->focus].id : -1;
    const TracePos *fp = s->focus >= 0 ? &s->trace->pos[s->focus] : NULL;
    int tx = r.x + pad + pad / 3 + pad / 2 + ui_text_width(ui, FONT_BODY, title, -1) + pad / 2;
    if (fp) {
        tx += ui_token_fit(ui, FONT_BODY, tx, r.y + pad / 2, r.x + r.w - tx - pad, fp->bytes, fp->n_bytes, t->select, t->muted);
        char idtext[32];
        snprintf(idtext, sizeof idtext, "  id %d", id);
        ui_text_fit(ui, FONT_SMALL, tx, r.y + pad / 2 + (line - small) / 2, r.x + r.w - tx - pad, idtext, t->muted);
    }
    EmbedMap *e = s->embed;
    if (SDL_AtomicGet(&e->failed)) { panel_note(ui, cr, "Not enough memory to map the embedding table."); panel_end(ui); return; }
    Rect list = {cr.x, cr.y + small + pad / 4, cr.w * 42 / 100, cr.h - small - pad / 4};
    int side = cr.w - list.w - 2 * pad;
    if (side > cr.h - small - pad / 4) side = cr.h - small - pad / 4;
    Rect m = {cr.x + cr.w - side, cr.y + small + pad / 4, side, side};
    if (!embed_ready(e)) {
        char text[128];
        snprintf(text, sizeof text, "Comparing %d token vectors\xE2\x80\xA6 %d%%", e->V, (int)(100 * embed_progress(e)));
        panel_progress(ui, cr, text, embed_progress(e));
        panel_end(ui);
        return;
    }
    ui_text(ui, FONT_SMALL, list.x, cr.y, "nearest by cosine similarity", t->muted);
    int hover = -1;
    for (int i = 0; i < s->nb_n; i++) {
        Rect row = {list.x, list.y + i * (line + pad / 3), list.w, line + pad / 3};
        if (ui_inside(row, ui->mouse_x, ui->mouse_y)) hover = i;
    }
    list_draw(ui, s, list, hover);

    if (side >= 4 * pad) {
        char caption[96];
        snprintf(caption, sizeof caption, "all %d tokens, PCA", e->V);
        ui_text_fit(ui, FONT_SMALL, m.x, cr.y, m.w, caption, t->muted);
        dots_update(c, ui, e, m);
        if (c->dots) SDL_RenderCopy(ui->renderer, c->dots, NULL, &m);
        ui_frame(ui, m, 1, t->border);
        Rect taken[NEIGHBOURS_MAX + 1];
        int n_taken = 0;
        int dot = pad > 6 ? pad : 6;
        if (id >= 0) labelled_dot(ui, s, m, id, t->select, dot + 2, taken, &n_taken);
        for (int i = 0; i < s->nb_n; i++)
            labelled_dot(ui, s, m, s->nb_ids[i], i == hover ? t->select : t->accent, i == hover ? dot + 2 : dot * 2 / 3,
                         taken, &n_taken);
    }
    panel_end(ui);
}
