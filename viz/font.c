/* font.c — text: DejaVu Sans and Sans Mono packed into one atlas texture per size with
 * stbtt_PackFontRanges, drawn glyph by glyph with SDL_RenderCopy, with kerning.
 *
 * The atlases hold a fixed list of code points: ASCII, Latin-1 and Latin Extended-A (which has 'Ġ',
 * the GPT-2 vocabulary's space), Greek, Cyrillic, and the symbols the viewer uses. A code point
 * outside the list is drawn as an empty box; a byte that is not valid UTF-8 as U+FFFD.
 */
#define _POSIX_C_SOURCE 200809L
#include "ui.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ----------------------------------------------------------------------------------------------
 * The code points in every atlas */

static const int ranges[][2] = {
    {0x0020, 0x007E}, /* ASCII */
    {0x00A0, 0x017F}, /* Latin-1, Latin Extended-A (Ġ = U+0120, Ċ = U+010A) */
    {0x0391, 0x03C9}, /* Greek */
    {0x0400, 0x045F}, /* Cyrillic */
    {0x2010, 0x2027}, /* dashes, quotes, bullet, ellipsis */
    {0x2030, 0x203A}, /* per mille, primes, angle quotes */
    {0x2190, 0x2195}, /* arrows */
    {0x21B5, 0x21B5}, /* ↵ newline */
    {0x2205, 0x2205}, /* ∅ */
    {0x2212, 0x2212}, /* − minus */
    {0x221A, 0x221A}, /* √ */
    {0x2423, 0x2423}, /* ␣ */
    {0x2581, 0x2581}, /* ▁ SentencePiece's space */
    {0x25A0, 0x25A1}, /* ■ □ */
    {0x25B2, 0x25BC}, /* ▲ ▶ ▼ and friends */
    {0x25C0, 0x25C0}, /* ◀ */
    {0x25CF, 0x25CF}, /* ● */
    {0x26A0, 0x26A0}, /* ⚠ */
    {0x270E, 0x270E}, /* ✎ */
    {0x2713, 0x2713}, /* ✓ */
    {0xFFFD, 0xFFFD}, /* replacement character */
};
#define N_RANGES ((int)(sizeof ranges / sizeof ranges[0]))

static int codepoints[1024];
static int n_codepoints;

static void build_codepoint_list(void)
{
    if (n_codepoints) return;
    for (int r = 0; r < N_RANGES; r++)
        for (int cp = ranges[r][0]; cp <= ranges[r][1]; cp++) codepoints[n_codepoints++] = cp;
}

/* Index of cp in codepoints[] (sorted), or -1. */
static int glyph_index(uint32_t cp)
{
    if (cp >= 0x20 && cp <= 0x7E) return (int)cp - 0x20;
    int lo = 0, hi = n_codepoints - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if ((uint32_t)codepoints[mid] == cp) return mid;
        if ((uint32_t)codepoints[mid] < cp) lo = mid + 1; else hi = mid - 1;
    }
    return -1;
}

/* ----------------------------------------------------------------------------------------------
 * Faces and atlases */

static int face_load(FontFace *face, const char *dir, const char *name, GbError *err)
{
    char path[GB_PATH_MAX];
    memset(face, 0, sizeof *face);
    if (gb_path_join(path, sizeof path, dir, name)) return gb_fail(err, dir, "path too long");
    size_t len;
    face->data = (unsigned char *)gb_read_file(path, 64u << 20, &len, err);
    if (!face->data) return -1;
    if (!stbtt_InitFont(&face->info, face->data, stbtt_GetFontOffsetForIndex(face->data, 0))) {
        free(face->data);
        face->data = NULL;
        return gb_fail(err, path, "not a TrueType font (hint: copy it again from "
                       "/usr/share/fonts/truetype/dejavu/)");
    }
    /* Kerning of every printable ASCII pair, looked up once: the per-pair lookup is slow. */
    face->kern = malloc(95 * 95 * sizeof *face->kern);
    if (!face->kern) {
        free(face->data);
        face->data = NULL;
        return gb_fail(err, path, "out of memory");
    }
    for (int a = 0; a < 95; a++)
        for (int b = 0; b < 95; b++)
            face->kern[a * 95 + b] = (float)stbtt_GetCodepointKernAdvance(&face->info, a + 32, b + 32);
    return 0;
}

static void face_free(FontFace *face)
{
    free(face->data);
    free(face->kern);
    memset(face, 0, sizeof *face);
}

static void font_free(Font *f)
{
    if (f->atlas) SDL_DestroyTexture(f->atlas);
    free(f->glyphs);
    memset(f, 0, sizeof *f);
}

/* Pack every code point of the list at px pixels into an atlas texture. */
static int font_build(Font *f, SDL_Renderer *renderer, const FontFace *face, int px, GbError *err)
{
    font_free(f);
    f->face = face;
    f->px = px;
    f->scale = stbtt_ScaleForPixelHeight(&face->info, (float)px);
    int ascent, descent, gap;
    stbtt_GetFontVMetrics(&face->info, &ascent, &descent, &gap);
    f->ascent = (int)ceilf((float)ascent * f->scale);
    f->line = f->ascent + (int)ceilf((float)-descent * f->scale) + (int)roundf((float)gap * f->scale);
    f->glyphs = calloc((size_t)n_codepoints, sizeof *f->glyphs);
    if (!f->glyphs) return gb_fail(err, "glassbox", "out of memory for a font atlas");

    /* Start with an atlas about the size the glyphs need and double it until they fit. */
    int side = 128;
    while ((double)side * side < (double)n_codepoints * px * px * 0.75) side *= 2;
    unsigned char *alpha = NULL;
    int w = side, h = side;
    for (;;) {
        alpha = calloc((size_t)w * (size_t)h, 1);
        if (!alpha) break;
        stbtt_pack_context pc;
        stbtt_pack_range range = {0};
        range.font_size = (float)px;
        range.array_of_unicode_codepoints = codepoints;
        range.num_chars = n_codepoints;
        range.chardata_for_range = f->glyphs;
        int ok = stbtt_PackBegin(&pc, alpha, w, h, 0, 1, NULL);
        if (ok) {
            stbtt_PackSetOversampling(&pc, 1, 1);
            ok = stbtt_PackFontRanges(&pc, face->data, 0, &range, 1);
            stbtt_PackEnd(&pc);
        }
        if (ok) break;
        free(alpha);
        alpha = NULL;
        if (w > 8192) break;
        if (h < w) h *= 2; else w *= 2;
    }
    if (!alpha) return gb_fail(err, "glassbox", "cannot pack a %d px font atlas", px);

    /* White glyphs whose alpha is the coverage: SDL's colour modulation paints them. */
    Uint32 *pixels = malloc((size_t)w * (size_t)h * sizeof *pixels);
    if (!pixels) { free(alpha); return gb_fail(err, "glassbox", "out of memory for a font atlas"); }
    for (size_t i = 0; i < (size_t)w * (size_t)h; i++) pixels[i] = ((Uint32)alpha[i] << 24) | 0xFFFFFFu;
    free(alpha);
    f->atlas = SDL_CreateTexture(renderer, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC, w, h);
    if (f->atlas) {
        SDL_UpdateTexture(f->atlas, NULL, pixels, w * 4);
        SDL_SetTextureBlendMode(f->atlas, SDL_BLENDMODE_BLEND);
    }
    free(pixels);
    if (!f->atlas) return gb_fail(err, "glassbox", "cannot make a font texture: %s", SDL_GetError());
    f->atlas_w = w;
    f->atlas_h = h;
    return 0;
}

int ui_body_px(int height, float zoom)
{
    int px = (int)lroundf((float)height * zoom / 38.0f);
    if (px < 6) px = 6;
    if (px > 400) px = 400;
    return px;
}

int ui_init(Ui *ui, SDL_Renderer *renderer, const char *font_dir, GbError *err)
{
    memset(ui, 0, sizeof *ui);
    build_codepoint_list();
    ui->renderer = renderer;
    ui->theme = &viz_themes[THEME_DARK];
    ui->zoom = 1.0f;
    ui->mouse_x = ui->mouse_y = -1;
    if (face_load(&ui->sans, font_dir, "DejaVuSans.ttf", err)) return -1;
    if (face_load(&ui->mono, font_dir, "DejaVuSansMono.ttf", err)) { face_free(&ui->sans); return -1; }
    return 0;
}

void ui_free(Ui *ui)
{
    for (int i = 0; i < FONT_COUNT; i++) font_free(&ui->fonts[i]);
    face_free(&ui->sans);
    face_free(&ui->mono);
}

int ui_set_size(Ui *ui, int w, int h, float zoom, GbError *err)
{
    ui->width = w;
    ui->height = h;
    ui->zoom = zoom;
    int body = ui_body_px(h, zoom);
    ui->pad = body * 45 / 100 > 2 ? body * 45 / 100 : 2;
    if (body == ui->body_px && ui->fonts[FONT_BODY].atlas) return 0;
    int small = body * 4 / 5 > 5 ? body * 4 / 5 : 5;
    struct { FontId id; const FontFace *face; int px; } want[FONT_COUNT] = {
        {FONT_SMALL, &ui->sans, small},
        {FONT_BODY, &ui->sans, body},
        {FONT_TITLE, &ui->sans, body * 5 / 4},
        {FONT_MONO, &ui->mono, body},
        {FONT_MONO_SMALL, &ui->mono, small},
    };
    for (int i = 0; i < FONT_COUNT; i++)
        if (font_build(&ui->fonts[want[i].id], ui->renderer, want[i].face, want[i].px, err)) {
            ui->body_px = 0;
            return -1;
        }
    ui->body_px = body;
    return 0;
}

int ui_line(const Ui *ui, FontId f)
{
    return ui->fonts[f].line;
}

/* ----------------------------------------------------------------------------------------------
 * Drawing code points */

/* Advance of cp after prev (kerning for ASCII pairs), in pixels; draws it when draw is set. */
static float put_codepoint(Ui *ui, const Font *f, float x, int y, uint32_t prev, uint32_t cp, int draw)
{
    if (prev >= 32 && prev < 127 && cp >= 32 && cp < 127)
        x += f->face->kern[(prev - 32) * 95 + (cp - 32)] * f->scale;
    int i = glyph_index(cp);
    if (i < 0) { /* not in the atlas: an empty box the width of an 'n' */
        const stbtt_packedchar *n = &f->glyphs['n' - 32];
        if (draw) {
            Rect box = {(int)lroundf(x) + 1, y + f->line / 5, (int)n->xadvance - 2, f->line * 3 / 5};
            SDL_Color c;
            SDL_GetTextureColorMod(f->atlas, &c.r, &c.g, &c.b);
            c.a = 255;
            ui_frame(ui, box, 1, c);
        }
        return x + n->xadvance;
    }
    const stbtt_packedchar *g = &f->glyphs[i];
    if (draw && g->x1 > g->x0) {
        SDL_Rect src = {g->x0, g->y0, g->x1 - g->x0, g->y1 - g->y0};
        SDL_Rect dst = {(int)floorf(x + g->xoff + 0.5f), y + f->ascent + (int)floorf(g->yoff + 0.5f),
                        src.w, src.h};
        SDL_RenderCopy(ui->renderer, f->atlas, &src, &dst);
    }
    return x + g->xadvance;
}

static void set_color(const Font *f, SDL_Color c)
{
    SDL_SetTextureColorMod(f->atlas, c.r, c.g, c.b);
    SDL_SetTextureAlphaMod(f->atlas, c.a);
}

/* Decode the next code point of s[*i..len): invalid bytes become U+FFFD, one byte at a time. */
static uint32_t next_codepoint(const char *s, int len, int *i)
{
    uint32_t cp;
    int k = gb_utf8_decode((const unsigned char *)s + *i, (size_t)(len - *i), &cp);
    if (k == 0) { (*i)++; return 0xFFFD; }
    *i += k;
    return cp;
}

/* Width of s[0..len), or draw it; stops before max_w pixels if max_w > 0 (*used gets the bytes). */
static float run(Ui *ui, FontId fid, int x, int y, const char *s, int len, int draw, float max_w, int *used)
{
    const Font *f = &ui->fonts[fid];
    float pen = (float)x;
    uint32_t prev = 0;
    int i = 0;
    while (i < len) {
        int at = i;
        uint32_t cp = next_codepoint(s, len, &i);
        if (max_w > 0) {
            float next = put_codepoint(ui, f, pen, y, prev, cp, 0);
            if (next - (float)x > max_w) { i = at; break; }
        }
        pen = put_codepoint(ui, f, pen, y, prev, cp, draw);
        prev = cp;
    }
    if (used) *used = i;
    return pen - (float)x;
}

int ui_textn(Ui *ui, FontId f, int x, int y, const char *s, int len, SDL_Color c)
{
    if (!ui->fonts[f].atlas) return 0;
    set_color(&ui->fonts[f], c);
    return (int)lroundf(run(ui, f, x, y, s, len, 1, 0, NULL));
}

int ui_text(Ui *ui, FontId f, int x, int y, const char *s, SDL_Color c)
{
    return ui_textn(ui, f, x, y, s, (int)strlen(s), c);
}

int ui_textf(Ui *ui, FontId f, int x, int y, SDL_Color c, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return ui_text(ui, f, x, y, buf, c);
}

int ui_text_width(Ui *ui, FontId f, const char *s, int len)
{
    if (!ui->fonts[f].atlas) return 0;
    if (len < 0) len = (int)strlen(s);
    return (int)ceilf(run(ui, f, 0, 0, s, len, 0, 0, NULL));
}

int ui_text_fit(Ui *ui, FontId f, int x, int y, int max_w, const char *s, SDL_Color c)
{
    int len = (int)strlen(s);
    if (max_w <= 0 || !ui->fonts[f].atlas) return 0;
    if (ui_text_width(ui, f, s, len) <= max_w) return ui_textn(ui, f, x, y, s, len, c);
    static const char ellipsis[] = "\xE2\x80\xA6";
    int ew = ui_text_width(ui, f, ellipsis, 3), used;
    run(ui, f, 0, 0, s, len, 0, (float)(max_w - ew), &used);
    int w = ui_textn(ui, f, x, y, s, used, c);
    return w + ui_textn(ui, f, x + w, y, ellipsis, 3, c);
}

int ui_text_right(Ui *ui, FontId f, int x_right, int y, const char *s, SDL_Color c)
{
    int w = ui_text_width(ui, f, s, -1);
    return ui_text(ui, f, x_right - w, y, s, c);
}

/* ----------------------------------------------------------------------------------------------
 * Tokens: whitespace made visible, bytes for invalid UTF-8 */

typedef struct {
    uint32_t cp;
    int mono;       /* drawn in the monospace font (bytes) */
    int muted;      /* drawn in the muted colour (whitespace marks, bytes) */
} Piece;

#define MAX_PIECES 256

static int add_piece(Piece *p, int n, uint32_t cp, int mono, int muted)
{
    if (n < MAX_PIECES) p[n++] = (Piece){cp, mono, muted};
    return n;
}

/* Bytes as hex in angle brackets, <E2 80>, in the monospace font. */
static int hex_pieces(const unsigned char *b, int len, Piece *p, int n)
{
    static const char hex[] = "0123456789ABCDEF";
    n = add_piece(p, n, '<', 1, 1);
    for (int i = 0; i < len; i++) {
        if (i) n = add_piece(p, n, ' ', 1, 1);
        n = add_piece(p, n, (uint32_t)hex[b[i] >> 4], 1, 1);
        n = add_piece(p, n, (uint32_t)hex[b[i] & 15], 1, 1);
    }
    return add_piece(p, n, '>', 1, 1);
}

/* What a token looks like on screen, as pieces. */
static int token_pieces(const unsigned char *b, int len, Piece *p)
{
    int n = 0;
    if (len == 0) return add_piece(p, n, 0x2205, 0, 1);                           /* ∅ */
    if (!gb_utf8_valid((const char *)b, (size_t)len)) return hex_pieces(b, len, p, 0);
    int i = 0;
    while (i < len) {
        uint32_t cp;
        int k = gb_utf8_decode(b + i, (size_t)(len - i), &cp);
        if (cp == ' ') n = add_piece(p, n, 0x00B7, 0, 1);                         /* · */
        else if (cp == '\n') n = add_piece(p, n, 0x21B5, 0, 1);                   /* ↵ */
        else if (cp == '\t') n = add_piece(p, n, 0x2192, 0, 1);                   /* → */
        else if (cp == 0xA0) n = add_piece(p, n, 0x2423, 0, 1);                   /* ␣ no-break space */
        else if (cp < 0x20 || cp == 0x7F) n = hex_pieces(b + i, 1, p, n);         /* <07> */
        else n = add_piece(p, n, cp, 0, 0);
        i += k;
    }
    return n;
}

static FontId mono_of(FontId f)
{
    return (f == FONT_SMALL || f == FONT_MONO_SMALL) ? FONT_MONO_SMALL : FONT_MONO;
}

/* Width of the pieces, or draw them; stops before max_w if max_w > 0 (returns pieces used). */
static float pieces_run(Ui *ui, FontId fid, int x, int y, const Piece *p, int n, int draw,
                        SDL_Color text, SDL_Color muted, float max_w, int *used)
{
    float pen = (float)x;
    uint32_t prev = 0;
    int i;
    for (i = 0; i < n; i++) {
        const Font *f = &ui->fonts[p[i].mono ? mono_of(fid) : fid];
        if (max_w > 0 && put_codepoint(ui, f, pen, y, prev, p[i].cp, 0) - (float)x > max_w) break;
        if (draw) set_color(f, p[i].muted ? muted : text);
        pen = put_codepoint(ui, f, pen, y, p[i].muted ? 0 : prev, p[i].cp, draw);
        prev = p[i].muted ? 0 : p[i].cp;
    }
    if (used) *used = i;
    return pen - (float)x;
}

int ui_token(Ui *ui, FontId f, int x, int y, const unsigned char *b, int n, SDL_Color text, SDL_Color muted)
{
    Piece p[MAX_PIECES];
    int np = token_pieces(b, n, p);
    return (int)lroundf(pieces_run(ui, f, x, y, p, np, 1, text, muted, 0, NULL));
}

int ui_token_width(Ui *ui, FontId f, const unsigned char *b, int n)
{
    Piece p[MAX_PIECES];
    int np = token_pieces(b, n, p);
    SDL_Color none = {0, 0, 0, 0};
    return (int)ceilf(pieces_run(ui, f, 0, 0, p, np, 0, none, none, 0, NULL));
}

int ui_token_fit(Ui *ui, FontId f, int x, int y, int max_w, const unsigned char *b, int n,
                 SDL_Color text, SDL_Color muted)
{
    Piece p[MAX_PIECES];
    int np = token_pieces(b, n, p);
    SDL_Color none = {0, 0, 0, 0};
    if (max_w <= 0) return 0;
    float w = pieces_run(ui, f, 0, 0, p, np, 0, none, none, 0, NULL);
    if (w <= (float)max_w) return (int)lroundf(pieces_run(ui, f, x, y, p, np, 1, text, muted, 0, NULL));
    int ew = ui_text_width(ui, f, "\xE2\x80\xA6", 3), used;
    pieces_run(ui, f, 0, 0, p, np, 0, none, none, (float)(max_w - ew), &used);
    int drawn = (int)lroundf(pieces_run(ui, f, x, y, p, used, 1, text, muted, 0, NULL));
    return drawn + ui_textn(ui, f, x + drawn, y, "\xE2\x80\xA6", 3, muted);
}
