/* ui.c — rectangles, clipping and clickable zones. Everything is drawn with filled rectangles
 * (no diagonal lines), so the software renderer and a GPU renderer give the same pixels. */
#include "ui.h"

#include <math.h>

static void set_draw_color(Ui *ui, SDL_Color c)
{
    SDL_SetRenderDrawColor(ui->renderer, c.r, c.g, c.b, c.a);
    SDL_SetRenderDrawBlendMode(ui->renderer, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
}

void ui_fill(Ui *ui, Rect r, SDL_Color c)
{
    if (r.w <= 0 || r.h <= 0) return;
    set_draw_color(ui, c);
    SDL_RenderFillRect(ui->renderer, &r);
}

void ui_frame(Ui *ui, Rect r, int t, SDL_Color c)
{
    if (r.w <= 0 || r.h <= 0 || t <= 0) return;
    if (2 * t >= r.w || 2 * t >= r.h) { ui_fill(ui, r, c); return; }
    set_draw_color(ui, c);
    SDL_Rect sides[4] = {
        {r.x, r.y, r.w, t}, {r.x, r.y + r.h - t, r.w, t},
        {r.x, r.y + t, t, r.h - 2 * t}, {r.x + r.w - t, r.y + t, t, r.h - 2 * t},
    };
    SDL_RenderFillRects(ui->renderer, sides, 4);
}

/* How far row `i` (0 = the outermost) of a corner of radius r is indented. */
static int corner_inset(int r, int i)
{
    double dy = r - i - 0.5;
    return r - (int)lround(sqrt((double)r * r - dy * dy));
}

void ui_round(Ui *ui, Rect r, int radius, SDL_Color c)
{
    if (r.w <= 0 || r.h <= 0) return;
    if (radius > r.h / 2) radius = r.h / 2;
    if (radius > r.w / 2) radius = r.w / 2;
    if (radius <= 1) { ui_fill(ui, r, c); return; }
    set_draw_color(ui, c);
    SDL_Rect body = {r.x, r.y + radius, r.w, r.h - 2 * radius};
    SDL_RenderFillRect(ui->renderer, &body);
    for (int i = 0; i < radius; i++) {
        int in = corner_inset(radius, i);
        SDL_Rect top = {r.x + in, r.y + i, r.w - 2 * in, 1};
        SDL_Rect bottom = {r.x + in, r.y + r.h - 1 - i, r.w - 2 * in, 1};
        SDL_RenderFillRect(ui->renderer, &top);
        SDL_RenderFillRect(ui->renderer, &bottom);
    }
}

void ui_round_frame(Ui *ui, Rect r, int radius, int t, SDL_Color c)
{
    if (r.w <= 0 || r.h <= 0 || t <= 0) return;
    if (radius > r.h / 2) radius = r.h / 2;
    if (radius > r.w / 2) radius = r.w / 2;
    if (radius <= 1) { ui_frame(ui, r, t, c); return; }
    set_draw_color(ui, c);
    /* Straight sides, then the corners row by row: each row spans from the outer curve to the
     * inner one (the inner curve has radius - t). */
    SDL_Rect sides[4] = {
        {r.x + radius, r.y, r.w - 2 * radius, t}, {r.x + radius, r.y + r.h - t, r.w - 2 * radius, t},
        {r.x, r.y + radius, t, r.h - 2 * radius}, {r.x + r.w - t, r.y + radius, t, r.h - 2 * radius},
    };
    SDL_RenderFillRects(ui->renderer, sides, 4);
    int inner = radius - t;
    for (int i = 0; i < radius; i++) {
        int out = corner_inset(radius, i);
        int in = (i < t || inner <= 0) ? radius : t + corner_inset(inner, i - t);
        if (in > radius) in = radius;
        int w = in - out;
        if (w <= 0) w = 1;
        SDL_Rect rows[4] = {
            {r.x + out, r.y + i, w, 1}, {r.x + r.w - out - w, r.y + i, w, 1},
            {r.x + out, r.y + r.h - 1 - i, w, 1}, {r.x + r.w - out - w, r.y + r.h - 1 - i, w, 1},
        };
        SDL_RenderFillRects(ui->renderer, rows, 4);
    }
}

void ui_hline_dashed(Ui *ui, int x0, int x1, int y, int t, SDL_Color c)
{
    int dash = t * 4 > 6 ? t * 4 : 6;
    set_draw_color(ui, c);
    for (int x = x0; x < x1; x += 2 * dash) {
        SDL_Rect d = {x, y, x + dash > x1 ? x1 - x : dash, t};
        SDL_RenderFillRect(ui->renderer, &d);
    }
}

void ui_clip(Ui *ui, const Rect *r)
{
    SDL_RenderSetClipRect(ui->renderer, r);
}

int ui_inside(Rect r, int x, int y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

void ui_hit(Ui *ui, Rect r, int kind, int index)
{
    if (ui->n_hits < UI_MAX_HITS && r.w > 0 && r.h > 0) ui->hits[ui->n_hits++] = (Hit){r, kind, index};
}

const Hit *ui_hit_at(const Ui *ui, int x, int y)
{
    for (int i = ui->n_hits - 1; i >= 0; i--)
        if (ui_inside(ui->hits[i].r, x, y)) return &ui->hits[i];
    return NULL;
}
