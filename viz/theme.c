/* theme.c — the three themes (dark, light, high contrast), the heatmap colormaps, and the WCAG
 * contrast ratio the tests hold the themes to (text >= 4.5:1 everywhere, >= 7:1 in high contrast).
 */
#include "ui.h"

#include <math.h>

#define RGB(hex) {(Uint8)((hex) >> 16), (Uint8)(((hex) >> 8) & 0xFF), (Uint8)((hex) & 0xFF), 255}

const Theme viz_themes[THEME_COUNT] = {
    {
        .name = "dark",
        .bg = RGB(0x111318), .panel = RGB(0x1B1E25), .border = RGB(0x333844),
        .text = RGB(0xECEEF2), .muted = RGB(0xA3A9B6), .accent = RGB(0x7CB8FF),
        .on_accent = RGB(0x0B1020), .select = RGB(0xFFC857), .bar = RGB(0x5B9CF0),
        .bar_cut = RGB(0x4A4F5C), .forced = RGB(0xFF8F6B), .warn = RGB(0xFFB454),
        .chip = {RGB(0x2F4872), RGB(0x55366E), RGB(0x24584C), RGB(0x6A4A24), RGB(0x6B2F45), RGB(0x23566A)},
        .chip_text = RGB(0xF4F6FA), .outline_chips = 0,
    },
    {
        .name = "light",
        .bg = RGB(0xE9ECF1), .panel = RGB(0xFFFFFF), .border = RGB(0xC9CED8),
        .text = RGB(0x1A1D23), .muted = RGB(0x525A67), .accent = RGB(0x1459C7),
        .on_accent = RGB(0xFFFFFF), .select = RGB(0xB35C00), .bar = RGB(0x2F74D8),
        .bar_cut = RGB(0xC4C8D0), .forced = RGB(0xC0392B), .warn = RGB(0x9A5A00),
        .chip = {RGB(0xC9DCFF), RGB(0xE6D2FF), RGB(0xC4EED8), RGB(0xFFE0B2), RGB(0xFFD0DA), RGB(0xC2EAF2)},
        .chip_text = RGB(0x14171C), .outline_chips = 0,
    },
    {
        .name = "high contrast",
        .bg = RGB(0x000000), .panel = RGB(0x000000), .border = RGB(0xFFFFFF),
        .text = RGB(0xFFFFFF), .muted = RGB(0xD8D8D8), .accent = RGB(0xFFE500),
        .on_accent = RGB(0x000000), .select = RGB(0x00E5FF), .bar = RGB(0xFFFFFF),
        .bar_cut = RGB(0x8A8A8A), .forced = RGB(0xFF9E80), .warn = RGB(0xFFE500),
        .chip = {RGB(0xFFFFFF), RGB(0xFFE500), RGB(0x00E5FF), RGB(0x7CFF6B), RGB(0xFF9EFF), RGB(0xFFB37C)},
        .chip_text = RGB(0xFFFFFF), .outline_chips = 1,
    },
};

/* ----------------------------------------------------------------------------------------------
 * Colormaps. Each is its ten published stops (viridis and cividis as sampled by R's viridisLite
 * at 0, 1/9, ..., 1), linearly interpolated: within a few levels of the full 256-entry tables.
 * Both are perceptually uniform and readable with colour-vision deficiency; cividis especially. */

const char *const viz_colormap_names[COLORMAP_COUNT] = {"viridis", "cividis"};

static const Uint32 stops[COLORMAP_COUNT][10] = {
    {0x440154, 0x482878, 0x3E4A89, 0x31688E, 0x26828E, 0x1F9E89, 0x35B779, 0x6DCD59, 0xB4DE2C, 0xFDE725},
    {0x00204D, 0x00336F, 0x39486B, 0x575C6D, 0x707173, 0x8A8779, 0xA69D75, 0xC4B56C, 0xE4CF5B, 0xFFEA46},
};

SDL_Color colormap(int which, float t)
{
    if (which < 0 || which >= COLORMAP_COUNT) which = 0;
    if (!(t > 0.0f)) t = 0.0f;
    if (t > 1.0f) t = 1.0f;
    float x = t * 9.0f;
    int i = (int)x;
    if (i > 8) i = 8;
    float w = x - (float)i;
    Uint32 a = stops[which][i], b = stops[which][i + 1];
    SDL_Color c;
    c.r = (Uint8)lroundf((float)(a >> 16) * (1 - w) + (float)(b >> 16) * w);
    c.g = (Uint8)lroundf((float)((a >> 8) & 0xFF) * (1 - w) + (float)((b >> 8) & 0xFF) * w);
    c.b = (Uint8)lroundf((float)(a & 0xFF) * (1 - w) + (float)(b & 0xFF) * w);
    c.a = 255;
    return c;
}

SDL_Color color_mix(SDL_Color a, SDL_Color b, float w)
{
    SDL_Color c;
    c.r = (Uint8)lroundf(a.r * w + b.r * (1 - w));
    c.g = (Uint8)lroundf(a.g * w + b.g * (1 - w));
    c.b = (Uint8)lroundf(a.b * w + b.b * (1 - w));
    c.a = 255;
    return c;
}

/* WCAG 2: relative luminance of sRGB, then (lighter + 0.05) / (darker + 0.05). */
static double channel(Uint8 v)
{
    double c = v / 255.0;
    return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double luminance(SDL_Color c)
{
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

double contrast_ratio(SDL_Color a, SDL_Color b)
{
    double la = luminance(a), lb = luminance(b);
    if (la < lb) { double t = la; la = lb; lb = t; }
    return (la + 0.05) / (lb + 0.05);
}
