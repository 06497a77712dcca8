/* ui.h — what every panel draws with: rectangles, text from stb_truetype atlases, the themes and
 * colormaps, and the clickable zones a frame leaves behind for the next frame's input.
 *
 * Coordinates are renderer output pixels. On a HiDPI screen the renderer has more pixels than the
 * window has points, so the viewer lays out in output pixels and scales mouse coordinates up
 * (viewer.c). Text sizes follow the output height: body text is 1/38 of it (projector-readable,
 * above the 1/40 the classroom needs), times the zoom the user picked with + and -.
 *
 * Which call for what:
 *   ui_init / ui_free          load the two font files, free everything
 *   ui_set_size                output size or zoom changed: rebuild the atlases if the sizes moved
 *   ui_fill, ui_frame, ui_round, ui_hline_dashed     rectangles
 *   ui_text, ui_text_width, ui_text_fit               UTF-8 text (U+FFFD for invalid bytes)
 *   ui_token, ui_token_width   a token's bytes with its whitespace made visible (' ' as '·',
 *                              newline as '↵', tab as '→'); a token that is not valid UTF-8 on its
 *                              own (half an emoji) is shown as its bytes, <E2 80>
 *   ui_hit, ui_hit_at          clickable zones: panels add them while drawing, input reads them
 *   ui_clip                    restrict drawing to a rectangle (NULL: the whole target)
 *
 * Textures belong to the renderer: ui_free before SDL_DestroyRenderer.
 */
#ifndef GB_UI_H
#define GB_UI_H

#include <SDL.h>
#include <stb_truetype.h>

#include "util.h"

typedef SDL_Rect Rect;

/* ----------------------------------------------------------------------------------------------
 * Themes and colormaps (theme.c) */

typedef struct {
    const char *name;
    SDL_Color bg;          /* the window behind the panels */
    SDL_Color panel;       /* panel background */
    SDL_Color border;      /* panel edges, separators */
    SDL_Color text;        /* body text */
    SDL_Color muted;       /* secondary text (still readable: >= 4.5:1, >= 7:1 in high contrast) */
    SDL_Color accent;      /* titles, the chosen token, highlights */
    SDL_Color on_accent;   /* text drawn on an accent fill */
    SDL_Color select;      /* the selected token, row, head */
    SDL_Color bar;         /* probability bars that can be drawn */
    SDL_Color bar_cut;     /* bars removed by top-k / top-p (greyed) */
    SDL_Color forced;      /* tokens forced by the user */
    SDL_Color warn;        /* messages that need attention */
    SDL_Color chip[6];     /* token backgrounds, cycled along the strip */
    SDL_Color chip_text;   /* text on a chip */
    int outline_chips;     /* 1: chips are outlined in chip[] colours on the panel, not filled */
} Theme;

enum { THEME_DARK, THEME_LIGHT, THEME_CONTRAST, THEME_COUNT };
extern const Theme viz_themes[THEME_COUNT];

enum { COLORMAP_VIRIDIS, COLORMAP_CIVIDIS, COLORMAP_COUNT };
extern const char *const viz_colormap_names[COLORMAP_COUNT];
/* t in [0, 1] (clamped) -> the colormap's colour. */
SDL_Color colormap(int which, float t);

/* WCAG 2 contrast ratio of two opaque colours (1 .. 21). */
double contrast_ratio(SDL_Color a, SDL_Color b);
/* a blended over b with weight w (0..1). */
SDL_Color color_mix(SDL_Color a, SDL_Color b, float w);

/* ----------------------------------------------------------------------------------------------
 * Fonts (font.c): one atlas texture per font and size. */

typedef enum {
    FONT_SMALL,        /* labels, ids, axis marks */
    FONT_BODY,         /* most text */
    FONT_TITLE,        /* the program title, big messages */
    FONT_MONO,         /* numbers and bytes */
    FONT_MONO_SMALL,
    FONT_COUNT
} FontId;

typedef struct {
    unsigned char *data;      /* the .ttf file */
    stbtt_fontinfo info;
    float *kern;              /* (95, 95) kerning of printable ASCII pairs, in font units */
} FontFace;

typedef struct {
    const FontFace *face;
    int px;                   /* pixel height (ascent - descent) */
    float scale;              /* font units -> pixels */
    int ascent;               /* baseline, from the top of a line */
    int line;                 /* line height */
    stbtt_packedchar *glyphs; /* one per code point of font.c's list */
    SDL_Texture *atlas;
    int atlas_w, atlas_h;
} Font;

/* ----------------------------------------------------------------------------------------------
 * The drawing context */

typedef struct {
    Rect r;
    int kind;                 /* what clicking it does (viewer.h: HIT_*) */
    int index;                /* which one (a position, a token id, a layer * heads + head, ...) */
} Hit;

#define UI_MAX_HITS 1024

typedef struct {
    SDL_Renderer *renderer;
    const Theme *theme;
    int colormap;
    int width, height;        /* output pixels */
    float zoom;               /* 1 = default */
    FontFace sans, mono;
    Font fonts[FONT_COUNT];
    int body_px;              /* the body size the atlases were built for */
    int pad;                  /* the spacing unit, about half a body line */
    Hit hits[UI_MAX_HITS];
    int n_hits;
    int mouse_x, mouse_y;     /* output pixels; -1 when the mouse is outside */
} Ui;

/* Load font_dir/DejaVuSans.ttf and font_dir/DejaVuSansMono.ttf. Returns 0, or -1 with err naming
 * the file. Atlases are built by ui_set_size. */
int ui_init(Ui *ui, SDL_Renderer *renderer, const char *font_dir, GbError *err);
void ui_free(Ui *ui);
/* The target is w x h output pixels, with the given zoom: rebuild the atlases if the text sizes
 * change. Returns 0, or -1 with err when out of memory or SDL cannot make a texture. */
int ui_set_size(Ui *ui, int w, int h, float zoom, GbError *err);
/* Body text size for an output height and zoom (also used by the tests). */
int ui_body_px(int height, float zoom);

void ui_fill(Ui *ui, Rect r, SDL_Color c);
void ui_frame(Ui *ui, Rect r, int thickness, SDL_Color c);
void ui_round(Ui *ui, Rect r, int radius, SDL_Color c);
void ui_round_frame(Ui *ui, Rect r, int radius, int thickness, SDL_Color c);
void ui_hline_dashed(Ui *ui, int x0, int x1, int y, int thickness, SDL_Color c);
void ui_clip(Ui *ui, const Rect *r);

int ui_line(const Ui *ui, FontId f);
/* Draw UTF-8 text with its top-left at (x, y); returns the advance in pixels. */
int ui_text(Ui *ui, FontId f, int x, int y, const char *s, SDL_Color c);
int ui_textn(Ui *ui, FontId f, int x, int y, const char *s, int len, SDL_Color c);
int ui_textf(Ui *ui, FontId f, int x, int y, SDL_Color c, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;
int ui_text_width(Ui *ui, FontId f, const char *s, int len);
/* Text cut to max_w pixels with an ellipsis when it does not fit. Returns the width drawn. */
int ui_text_fit(Ui *ui, FontId f, int x, int y, int max_w, const char *s, SDL_Color c);
/* Right-aligned at x_right. */
int ui_text_right(Ui *ui, FontId f, int x_right, int y, const char *s, SDL_Color c);

/* A token's bytes, whitespace made visible (drawn in `muted`), bytes for invalid UTF-8. */
int ui_token(Ui *ui, FontId f, int x, int y, const unsigned char *b, int n, SDL_Color text,
             SDL_Color muted);
int ui_token_width(Ui *ui, FontId f, const unsigned char *b, int n);
/* The same cut to max_w with an ellipsis. */
int ui_token_fit(Ui *ui, FontId f, int x, int y, int max_w, const unsigned char *b, int n,
                 SDL_Color text, SDL_Color muted);

void ui_hit(Ui *ui, Rect r, int kind, int index);
/* The last zone added that contains (x, y) (later zones are drawn on top), or NULL. */
const Hit *ui_hit_at(const Ui *ui, int x, int y);
int ui_inside(Rect r, int x, int y);

#endif
