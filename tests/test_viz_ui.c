/* test_viz_ui.c — what the viewer's pictures are made of: the themes' contrast ratios, text sizes,
 * how tokens are written (visible whitespace, bytes for invalid UTF-8), kerning, the colormaps,
 * PNG files and the golden comparison rule. */
#define _POSIX_C_SOURCE 200809L
#include "check.h"
#include "image.h"
#include "ui.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int same_color(SDL_Color c, Uint32 hex)
{
    return c.r == (hex >> 16) && c.g == ((hex >> 8) & 0xFF) && c.b == (hex & 0xFF);
}

static void check_contrast(const Theme *t, const char *what, SDL_Color fg, SDL_Color bg, double need)
{
    double r = contrast_ratio(fg, bg);
    CHECK(r >= need, "%s theme: %s contrast %.2f:1, needs %.1f:1", t->name, what, r, need);
}

static void test_themes(void)
{
    for (int i = 0; i < THEME_COUNT; i++) {
        const Theme *t = &viz_themes[i];
        double text = i == THEME_CONTRAST ? 7.0 : 4.5;   /* WCAG AA, and AAA for high contrast */
        double mark = i == THEME_CONTRAST ? 7.0 : 3.0;   /* coloured marks and large titles */
        check_contrast(t, "text on panels", t->text, t->panel, text);
        check_contrast(t, "text on the background", t->text, t->bg, text);
        check_contrast(t, "muted text on panels", t->muted, t->panel, text);
        check_contrast(t, "accent on panels", t->accent, t->panel, mark);
        check_contrast(t, "selection on panels", t->select, t->panel, mark);
        check_contrast(t, "forced on panels", t->forced, t->panel, mark);
        check_contrast(t, "warnings on panels", t->warn, t->panel, mark);
        check_contrast(t, "text on the accent (messages)", t->on_accent, t->accent, text);
        check_contrast(t, "text on warnings (messages)", t->on_accent, t->warn, text);
        check_contrast(t, "bars on panels", t->bar, t->panel, mark);
        for (int c = 0; c < 6; c++) {
            if (t->outline_chips) check_contrast(t, "chip outlines on panels", t->chip[c], t->panel, mark);
            else check_contrast(t, "token text on its chip", t->chip_text, t->chip[c], text);
        }
    }
    CHECK(contrast_ratio((SDL_Color){0, 0, 0, 255}, (SDL_Color){255, 255, 255, 255}) > 20.9, "black on white is 21:1");
}

static void test_colormaps(void)
{
    CHECK(same_color(colormap(COLORMAP_VIRIDIS, 0), 0x440154) && same_color(colormap(COLORMAP_VIRIDIS, 1), 0xFDE725),
          "viridis runs from #440154 to #FDE725");
    CHECK(same_color(colormap(COLORMAP_CIVIDIS, 0), 0x00204D) && same_color(colormap(COLORMAP_CIVIDIS, 1), 0xFFEA46),
          "cividis runs from #00204D to #FFEA46");
    CHECK(same_color(colormap(COLORMAP_VIRIDIS, -3), 0x440154) && same_color(colormap(COLORMAP_VIRIDIS, 7), 0xFDE725),
          "out-of-range values are clamped");
    for (int m = 0; m < COLORMAP_COUNT; m++) {
        int rising = 1;
        SDL_Color black = {0, 0, 0, 255};
        double last = 0;
        for (int i = 0; i <= 100; i++) {
            double l = contrast_ratio(colormap(m, i / 100.0f), black);
            rising &= l >= last - 1e-9;
            last = l;
        }
        CHECK(rising, "%s gets lighter all the way", viz_colormap_names[m]);
    }
}

static void test_sizes(void)
{
    const int heights[] = {240, 360, 540, 720, 768, 900, 1080, 1440, 2160};
    for (size_t i = 0; i < sizeof heights / sizeof heights[0]; i++)
        CHECK(ui_body_px(heights[i], 1.0f) * 40 >= heights[i], "body text at %d px high is %d px (>= 1/40)",
              heights[i], ui_body_px(heights[i], 1.0f));
    CHECK(ui_body_px(720, 1.5f) > ui_body_px(720, 1.0f) && ui_body_px(1, 1.0f) >= 6, "zoom, and a floor for tiny windows");
}

static int width(Ui *ui, FontId f, const char *s)
{
    return ui_text_width(ui, f, s, -1);
}

static int token_width(Ui *ui, const char *bytes)
{
    return ui_token_width(ui, FONT_BODY, (const unsigned char *)bytes, (int)strlen(bytes));
}

static void test_text(Ui *ui)
{
    CHECK(ui_line(ui, FONT_BODY) >= ui->body_px && ui_line(ui, FONT_SMALL) < ui_line(ui, FONT_BODY) &&
          ui_line(ui, FONT_TITLE) > ui_line(ui, FONT_BODY), "small < body < title");
    CHECK(width(ui, FONT_BODY, "AV") < width(ui, FONT_BODY, "A") + width(ui, FONT_BODY, "V"), "A and V are kerned");
    CHECK(width(ui, FONT_BODY, "a\xFF" "b") == width(ui, FONT_BODY, "a\xEF\xBF\xBD" "b"),
          "an invalid byte in text is drawn as U+FFFD");
    CHECK(width(ui, FONT_BODY, "\xC4\xA0") > 0 && width(ui, FONT_BODY, "\xE2\x96\x81") > 0, "\xC4\xA0 and \xE2\x96\x81 have glyphs");
    CHECK(token_width(ui, " the") == width(ui, FONT_BODY, "\xC2\xB7the"), "a space in a token is drawn as \xC2\xB7");
    CHECK(token_width(ui, "\n") == width(ui, FONT_BODY, "\xE2\x86\xB5") &&
          token_width(ui, "a\tb") == width(ui, FONT_BODY, "a\xE2\x86\x92" "b"), "newline and tab are made visible");
    CHECK(token_width(ui, "\xE2\x80") == width(ui, FONT_MONO, "<E2 80>"),
          "half a character is shown as its bytes, <E2 80>");
    CHECK(token_width(ui, "\x07") == width(ui, FONT_MONO, "<07>"), "a control byte is shown as <07>");
    CHECK(token_width(ui, "\xF0\x9F\x99\x82") > 0 && token_width(ui, "") > 0, "a whole emoji, and the empty token");
    CHECK(token_width(ui, "caf\xC3\xA9") == width(ui, FONT_BODY, "caf\xC3\xA9"), "valid UTF-8 is drawn as it is");
    /* Fitting: the ellipsis keeps text inside its box. */
    int w = ui_text_fit(ui, FONT_BODY, 0, 0, 60, "a rather long sentence that does not fit", ui->theme->text);
    CHECK(w <= 60 && w > 30, "ui_text_fit cuts to 60 px (drew %d)", w);
    w = ui_token_fit(ui, FONT_BODY, 0, 0, 40, (const unsigned char *)" tokenization", 13, ui->theme->text,
                     ui->theme->muted);
    CHECK(w <= 40 && w > 10, "ui_token_fit cuts to 40 px (drew %d)", w);
    /* Bigger zoom, bigger atlases. */
    GbError err;
    int before = width(ui, FONT_BODY, "glassbox");
    CHECK(ui_set_size(ui, 1280, 720, 2.0f, &err) == 0 && width(ui, FONT_BODY, "glassbox") > before * 3 / 2,
          "zoom 2 makes text about twice as wide");
    CHECK(ui_set_size(ui, 1280, 720, 1.0f, &err) == 0 && width(ui, FONT_BODY, "glassbox") == before, "and back");
}

static void test_hits(Ui *ui)
{
    ui->n_hits = 0;
    ui_hit(ui, (Rect){0, 0, 100, 100}, 1, 7);
    ui_hit(ui, (Rect){50, 50, 10, 10}, 2, 8);
    ui_hit(ui, (Rect){0, 0, 0, 10}, 3, 9);
    const Hit *a = ui_hit_at(ui, 55, 55), *b = ui_hit_at(ui, 10, 10), *c = ui_hit_at(ui, 100, 100);
    CHECK(a && a->kind == 2 && b && b->index == 7 && !c && ui->n_hits == 2,
          "the zone drawn last wins; edges are exclusive; empty zones are not kept");
}

static void test_images(void)
{
    Image a = {40, 30, calloc(40 * 30 * 3, 1)}, b = {40, 30, calloc(40 * 30 * 3, 1)}, back, diff;
    for (int i = 0; i < 40 * 30 * 3; i++) a.rgb[i] = b.rgb[i] = (unsigned char)(i * 7);
    char path[] = "/tmp/glassbox-viz-ui-XXXXXX";
    int fd = mkstemp(path);
    GbError err;
    CHECK(fd >= 0 && image_write_png(path, &a, &err) == 0 && image_read_png(path, &back, &err) == 0 &&
          back.w == 40 && back.h == 30 && memcmp(back.rgb, a.rgb, 40 * 30 * 3) == 0, "a PNG round trip is lossless");
    if (fd >= 0) { close(fd); unlink(path); }
    image_free(&back);
    ImageDiff d;
    for (int i = 0; i < 40 * 30 * 3; i += 3) b.rgb[i] = (unsigned char)(a.rgb[i] ^ 8);
    CHECK(image_compare(&a, &b, 8, 0.005, &d, NULL) && d.max_diff == 8, "every pixel off by 8: a match");
    memcpy(b.rgb, a.rgb, 40 * 30 * 3);
    for (int p = 0; p < 6; p++) b.rgb[p * 3 * 50] = (unsigned char)(a.rgb[p * 3 * 50] + 100);
    CHECK(image_compare(&a, &b, 8, 0.005, &d, NULL) && d.over == 6, "6 of 1200 pixels (0.5%%) off: a match");
    b.rgb[3 * 1199] = (unsigned char)(a.rgb[3 * 1199] + 100);
    CHECK(!image_compare(&a, &b, 8, 0.005, &d, &diff) && d.over == 7 && diff.rgb && diff.rgb[3 * 1199] == 255,
          "7 pixels (0.58%%) off: different, and the diff picture marks them red");
    image_free(&diff);
    Image small = {20, 30, a.rgb};
    CHECK(!image_compare(&a, &small, 8, 0.005, &d, NULL) && !d.same_size, "different sizes never match");
    CHECK(image_read_png("/nonexistent.png", &back, &err) == -1 && strstr(err.msg, "/nonexistent.png"),
          "a missing PNG is named: %s", err.msg);
    image_free(&a);
    image_free(&b);
}

int main(void)
{
    test_themes();
    test_colormaps();
    test_sizes();
    test_images();
    SDL_Surface *target = SDL_CreateRGBSurfaceWithFormat(0, 1280, 720, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = target ? SDL_CreateSoftwareRenderer(target) : NULL;
    Ui *ui = calloc(1, sizeof *ui);
    GbError err;
    int ok = r && ui && ui_init(ui, r, "assets/fonts", &err) == 0;
    CHECK(ok, "load the fonts: %s", ok ? "" : err.msg);
    if (ok) {
        CHECK(ui_set_size(ui, 1280, 720, 1.0f, &err) == 0, "build the atlases");
        test_text(ui);
        test_hits(ui);
        ui_free(ui);
    }
    Ui bad;
    CHECK(ui_init(&bad, r, "/nonexistent/fonts", &err) == -1 && strstr(err.msg, "DejaVuSans.ttf"),
          "a missing font is named: %s", err.msg);
    free(ui);
    if (r) SDL_DestroyRenderer(r);
    SDL_FreeSurface(target);
    return check_report("test_viz_ui");
}
