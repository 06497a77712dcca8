/* panel_code.c — the code view: the functions of ref/ behind the picture beside it, syntax-
 * coloured, with the lines that did the work highlighted and, under each, the number it produced
 * for what is on screen (codeview.c computes them from the trace). The mouse wheel scrolls.
 */
#include "codeview.h"

#include <stdio.h>
#include <string.h>

enum { ROW_HEADER, ROW_CODE, ROW_NOTE, ROW_FOLD };   /* ROW_FOLD: lines line .. line + mark - 1 folded */
typedef struct {
    int type, sec, line, mark;
} Row;
#define ROWS_MAX 600

static const char *const keywords[] = {
    "if", "else", "for", "while", "do", "return", "break", "continue", "switch", "case", "default",
    "static", "const", "int", "float", "double", "char", "void", "unsigned", "long", "size_t",
    "uint8_t", "uint64_t", "int64_t", "struct", "typedef", "enum", "sizeof", "restrict", "goto", NULL};

static int is_ident(int c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }

static int is_keyword(const char *s, int n)
{
    for (int i = 0; keywords[i]; i++)
        if ((int)strlen(keywords[i]) == n && strncmp(keywords[i], s, (size_t)n) == 0) return 1;
    return 0;
}

/* One line of C with simple colouring: comments muted, keywords and preprocessor lines in the
 * accent colour, the rest as text. *in_comment carries a block comment across lines. */
static void code_line(Ui *ui, int x, int y, const char *s, int *in_comment)
{
    const Theme *t = ui->theme;
    const FontId f = FONT_MONO_SMALL;
    int i = 0, n = (int)strlen(s);
    int j = 0;
    while (j < n && s[j] == ' ') j++;
    if (!*in_comment && j < n && s[j] == '#') { ui_text(ui, f, x, y, s, t->accent); return; }
    while (i < n) {
        int start = i;
        SDL_Color c = t->text;
        if (*in_comment) {
            while (i < n && !(s[i] == '*' && i + 1 < n && s[i + 1] == '/')) i++;
            if (i < n) { i += 2; *in_comment = 0; }
            c = t->muted;
        } else if (s[i] == '/' && i + 1 < n && s[i + 1] == '*') {
            *in_comment = 1;
            i += 2;
            while (i < n && !(s[i] == '*' && i + 1 < n && s[i + 1] == '/')) i++;
            if (i < n) { i += 2; *in_comment = 0; }
            c = t->muted;
        } else if (s[i] == '/' && i + 1 < n && s[i + 1] == '/') {
            i = n;
            c = t->muted;
        } else if (s[i] == '"' || s[i] == '\'') {
            char q = s[i++];
            while (i < n && s[i] != q) i += s[i] == '\\' && i + 1 < n ? 2 : 1;
            if (i < n) i++;
        } else if (is_ident((unsigned char)s[i])) {
            while (i < n && is_ident((unsigned char)s[i])) i++;
            if (is_keyword(s + start, i - start)) c = t->accent;
        } else {
            while (i < n && !is_ident((unsigned char)s[i]) && s[i] != '"' && s[i] != '\'' && s[i] != '/') i++;
            if (i == start) i++;
        }
        x += ui_textn(ui, f, x, y, s + start, i - start, c);
    }
}

/* Whether a block comment is open after this line, given whether one was open before it. */
static int comment_after(const char *p, int open)
{
    for (; *p; p++) {
        if (!open && p[0] == '/' && p[1] == '/') break;
        if (!open && p[0] == '/' && p[1] == '*') { open = 1; p++; }
        else if (open && p[0] == '*' && p[1] == '/') { open = 0; p++; }
    }
    return open;
}

static int comment_open(const CodeSection *sec, int upto)
{
    int open = 0;
    for (int line = sec->first; line < upto; line++) open = comment_after(sec->file->lines[line - 1], open);
    return open;
}

static int is_comment_line(const char *p)
{
    while (*p == ' ') p++;
    return (p[0] == '/' && p[1] == '*') || p[0] == '*';
}

/* Which lines of a section to show: the definition, the closing brace, each tagged line with a
 * line of context either side and the comment just above it. Long runs of other lines fold. */
static void keep_lines(const CodeSection *sec, unsigned char *keep, int cap)
{
    int n = sec->last - sec->first + 1;
    if (n > cap) n = cap;
    memset(keep, 0, (size_t)n);
    for (int i = 0; i < n; i++) {   /* the comment above the definition, and its first lines */
        const char *p = sec->file->lines[sec->first + i - 1];
        keep[i] = 1;
        if (!is_comment_line(p) && p[0] != ' ' && p[0] != 0) { if (i + 1 < n) keep[i + 1] = 1; break; }
    }
    keep[n - 1] = 1;
    for (int m = 0; m < sec->n_marks; m++) {
        int i = sec->marks[m].line - sec->first;
        if (i < 0 || i >= n) continue;
        for (int d = -1; d <= 1; d++) if (i + d >= 0 && i + d < n) keep[i + d] = 1;
        for (int j = i - 2; j >= 0 && j >= i - 5 && is_comment_line(sec->file->lines[sec->first + j - 1]); j--) keep[j] = 1;
    }
    if (sec->site_inside && sec->site.line - sec->first < n) keep[sec->site.line - sec->first] = 1;
}

/* The rows to draw: per section a header, its lines (runs of unimportant lines folded), and a
 * note under each tagged line. */
static int build_rows(const CodeView *cv, Row *rows, int *first_mark)
{
    int n = 0;
    *first_mark = -1;
    static unsigned char keep[4096];
    for (int k = 0; k < cv->n; k++) {
        const CodeSection *sec = &cv->sec[k];
        if (n < ROWS_MAX) rows[n++] = (Row){ROW_HEADER, k, 0, -1};
        int len = sec->last - sec->first + 1;
        if (len > (int)sizeof keep) len = (int)sizeof keep;
        keep_lines(sec, keep, (int)sizeof keep);
        for (int i = 0; i < len && n < ROWS_MAX; i++) {
            int line = sec->first + i;
            if (!keep[i]) {
                int j = i;
                while (j < len && !keep[j]) j++;
                if (j - i >= 3) { rows[n++] = (Row){ROW_FOLD, k, line, j - i}; i = j - 1; continue; }
            }
            rows[n++] = (Row){ROW_CODE, k, line, -1};
            for (int m = 0; m < sec->n_marks && n < ROWS_MAX; m++)
                if (sec->marks[m].line == line) {
                    if (*first_mark < 0) *first_mark = n - 1;
                    rows[n++] = (Row){ROW_NOTE, k, line, m};
                }
        }
    }
    return n;
}

/* The first row to draw when `visible` rows fit: a few rows above the line tagged `tag` (""
 * : the first tagged line, rows[first_mark]), moved by the wheel's `scroll` rows. */
static int first_row(const CodeView *cv, const Row *rows, int n, int first_mark, int visible, const char *tag,
                     int scroll)
{
    for (int i = 0; tag && tag[0] && i < n; i++)
        if (rows[i].type == ROW_NOTE && strcmp(cv->sec[rows[i].sec].marks[rows[i].mark].tag, tag) == 0) {
            first_mark = i - 1;
            break;
        }
    int start = first_mark > visible / 3 ? first_mark - visible / 3 : 0;
    if (n <= visible) start = 0;
    start += scroll;
    if (start > n - visible) start = n - visible;
    if (start < 0) start = 0;
    return start;
}

void code_draw(Ui *ui, const Scene *s, Rect r, int picture)
{
    const Theme *t = ui->theme;
    int pad = ui->pad;
    static CodeView cv;
    const Hit *hover = ui_hit_at(ui, ui->mouse_x, ui->mouse_y);   /* the panels drawn before this one */
    int ok = codeview_build(s, picture, hover && hover->kind == HIT_BAR ? hover->index : -1, &cv) == 0;
    Rect c = panel_begin(ui, r, ok ? cv.title : "Code");
    ui_hit(ui, r, HIT_CODE, picture);
    if (!ok) {
        panel_note(ui, c, cv.title);
        panel_end(ui);
        return;
    }
    static Row rows[ROWS_MAX];
    int first_mark, n = build_rows(&cv, rows, &first_mark);
    int row_h = ui_line(ui, FONT_MONO_SMALL);
    int visible = c.h / row_h;
    int start = first_row(&cv, rows, n, first_mark, visible, s->view->code_tag, s->view->code_scroll);
    int gutter = ui_text_width(ui, FONT_MONO_SMALL, "0000", -1) + pad / 2;
    SDL_Color band = color_mix(t->accent, t->panel, 0.22f);
    /* Block comments that began above the first row shown. */
    int in_comment[CODE_SECTIONS] = {0};
    if (start < n) in_comment[rows[start].sec] = comment_open(&cv.sec[rows[start].sec], rows[start].line);
    int y = c.y;
    for (int i = start; i < n && y + row_h <= c.y + c.h; i++, y += row_h) {
        const Row *row = &rows[i];
        const CodeSection *sec = &cv.sec[row->sec];
        /* The section's header stays at the top while its lines scroll under it. */
        if (row->type == ROW_HEADER || (i == start && row->type != ROW_HEADER)) {
            char h[256], kind[16];
            snprintf(kind, sizeof kind, "%s", trace_kind_name(sec->kind));
            for (char *q = kind; *q; q++) if (*q >= 'a' && *q <= 'z') *q = (char)(*q - 'a' + 'A');
            if (sec->site.file && sec->site_inside)
                snprintf(h, sizeof h, "%s \xE2\x80\x94 %s(), which raises the %s event at line %d \xE2\x96\xB8",
                         sec->file->name, sec->func, kind, sec->site.line);
            else if (sec->site.file)
                snprintf(h, sizeof h, "%s \xE2\x80\x94 %s()   (the %s event is raised in %s(), line %d)",
                         sec->file->name, sec->func, kind, sec->site.func, sec->site.line);
            else
                snprintf(h, sizeof h, "%s \xE2\x80\x94 %s()", sec->file->name, sec->func);
            ui_fill(ui, (Rect){c.x, y, c.w, row_h}, t->panel);
            ui_text_fit(ui, FONT_SMALL, c.x, y, c.w, h, t->accent);
            if (row->type == ROW_HEADER) continue;
            y += row_h;
            if (y + row_h > c.y + c.h) break;
        }
        if (row->type == ROW_FOLD) {
            for (int l = row->line; l < row->line + row->mark; l++)
                in_comment[row->sec] = comment_after(sec->file->lines[l - 1], in_comment[row->sec]);
            ui_textf(ui, FONT_MONO_SMALL, c.x + gutter + pad / 2, y, t->muted, "\xE2\x80\xA6 %d lines (%d\xE2\x80\x93%d)",
                     row->mark, row->line, row->line + row->mark - 1);
            continue;
        }
        if (row->type == ROW_NOTE) {
            const CodeMark *m = &sec->marks[row->mark];
            int x = c.x + gutter + pad;
            x += ui_textf(ui, FONT_SMALL, x, y, t->accent, "\xE2\x96\xB8 %s", m->tag);
            ui_text_fit(ui, FONT_SMALL, x + pad / 2, y, c.x + c.w - x - pad / 2, m->text[0] ? m->text : "\xE2\x80\x94",
                        t->text);
            continue;
        }
        int marked = 0;
        for (int m = 0; m < sec->n_marks; m++) marked |= sec->marks[m].line == row->line;
        if (marked && t->outline_chips) ui_frame(ui, (Rect){c.x, y, c.w, row_h}, 1, t->accent); /* high contrast */
        else if (marked) ui_fill(ui, (Rect){c.x, y, c.w, row_h}, band);
        int is_site = sec->site_inside && row->line == sec->site.line;
        char num[16];
        snprintf(num, sizeof num, "%d", row->line);
        ui_text_right(ui, FONT_MONO_SMALL, c.x + gutter - pad / 2, y, num, is_site ? t->accent : t->muted);
        if (is_site) ui_text(ui, FONT_SMALL, c.x + gutter - pad / 3, y, "\xE2\x96\xB8", t->accent);
        code_line(ui, c.x + gutter + pad / 2, y, sec->file->lines[row->line - 1], &in_comment[row->sec]);
    }
    panel_end(ui);
    if (start > 0 || start + visible < n) /* in the title bar, right */
        ui_text_right(ui, FONT_SMALL, r.x + r.w - pad, r.y + pad / 2,
                      start + visible < n ? (start > 0 ? "\xE2\x86\x91\xE2\x86\x93 wheel" : "\xE2\x86\x93 wheel: more below")
                                          : "\xE2\x86\x91 wheel: more above", t->muted);
}
