/* test_viz_settings.c — what the viewer keeps between runs, and its first-run screen.
 *
 *   file       settings round-trip; no file is the first run; garbage, every truncation of a good
 *              file, a value out of range, an unknown, repeated or missing setting: a warning and
 *              the defaults, never a failure to start
 *   viewer     the first run opens the welcome screen (what glassbox is, the lessons, the keys),
 *              any key closes it and ? opens it again; theme and zoom come back on the next run;
 *              the last lesson and page are offered and L, Enter continues there; a broken file
 *              gives an on-screen warning and is rewritten with good settings when the viewer closes
 */
#define _POSIX_C_SOURCE 200809L
#include "check.h"
#include "viz_options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MODEL "assets/models/classroom"

static char dir[256], path[300];

static void write_text(const char *text, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (f) { fwrite(text, 1, n, f); fclose(f); }
}

static void broken(const char *text, size_t n, const char *want, const char *what)
{
    write_text(text, n);
    Settings s;
    GbError err = {{0}};
    int rc = settings_load(&s, path, &err);
    CHECK(rc == -1 && strstr(err.msg, path) && strstr(err.msg, "using the defaults") && (!want || strstr(err.msg, want)),
          "%s: refused with a message (%s)", what, err.msg);
    CHECK(s.theme == 0 && s.zoom == 1.0f && s.lesson[0] == 0 && s.page == 0, "%s: the defaults", what);
}

static void test_file(void)
{
    Settings s, back;
    GbError err;
    snprintf(path, sizeof path, "%s/sub/dir/settings", dir);
    CHECK(settings_load(&s, path, &err) == 1 && s.zoom == 1.0f, "no file: the first run, with the defaults");
    settings_defaults(&s);
    s.theme = 2;
    s.zoom = 1.5f;
    snprintf(s.lesson, sizeof s.lesson, "/usr/share/glassbox/lessons/04 attention.lesson");
    s.page = 7;
    CHECK(settings_save(&s, path, &err) == 0, "save (creating the folders)");
    CHECK(settings_load(&back, path, &err) == 0, "load what was saved");
    CHECK(back.theme == 2 && back.zoom == 1.5f && !strcmp(back.lesson, s.lesson) && back.page == 7, "round trip");
    CHECK(access(path, F_OK) == 0 && access((snprintf(err.msg, sizeof err.msg, "%s.tmp", path), err.msg), F_OK) != 0,
          "written atomically: no temporary file left");

    /* Every truncation of a good file is refused. */
    size_t len;
    char *good = gb_read_file(path, 1 << 16, &len, &err);
    int refused = 0;
    for (size_t n = 0; good && n < len; n++) {
        write_text(good, n);
        Settings t;
        refused += settings_load(&t, path, &err) == -1 && t.theme == 0 && t.page == 0;
    }
    CHECK(good && refused == (int)len, "all %zu truncations refused (%d)", len, refused);
    free(good);
    broken("\x7f" "ELF\x02\x01\x01\0\0garbage\n", 18, NULL, "binary garbage");
    broken("hello world\n", 12, "first line", "text garbage");
    const char *h = "# glassbox settings\n";
    char text[512];
    snprintf(text, sizeof text, "%stheme = dark\nzoom = 9\nlesson = \npage = 0\n", h);
    broken(text, strlen(text), "zoom '9'", "zoom out of range");
    snprintf(text, sizeof text, "%stheme = purple\nzoom = 1\nlesson = \npage = 0\n", h);
    broken(text, strlen(text), "theme 'purple'", "an unknown theme");
    snprintf(text, sizeof text, "%stheme = dark\nzoom = 1\nlesson = \npage = 0\ncolour = red\n", h);
    broken(text, strlen(text), "unknown setting 'colour'", "an unknown setting");
    snprintf(text, sizeof text, "%stheme = dark\nzoom = 1\nzoom = 2\nlesson = \npage = 0\n", h);
    broken(text, strlen(text), "twice", "a repeated setting");
    snprintf(text, sizeof text, "%stheme = dark\nzoom = 1\npage = 0\n", h);
    broken(text, strlen(text), "missing", "a missing setting");
    snprintf(text, sizeof text, "%stheme = dark\nzoom = 1\nlesson = \npage = -3\n", h);
    broken(text, strlen(text), "page '-3'", "a negative page");
}

static Viewer *open_viewer(void)
{
    ViewerOptions o = viz_test_options(MODEL);
    o.settings = path;
    Viewer *v = calloc(1, sizeof *v);
    GbError err;
    int ok = viewer_open(v, &o, &err) == 0 && v->session.loaded;
    CHECK(ok, "open the viewer with settings %s", path);
    if (!ok) { viewer_close(v); free(v); return NULL; }
    frame(v);
    return v;
}

static void close_viewer(Viewer *v)
{
    viewer_close(v);
    free(v);
}

static void test_viewer(void)
{
    snprintf(path, sizeof path, "%s/config/glassbox/settings", dir);
    Viewer *v = open_viewer();
    if (!v) return;
    CHECK(v->view.help == 1, "the first run opens the welcome screen");
    CHECK(v->menu.n >= 10, "it lists the lessons (%d)", v->menu.n);
    int steps = session_chosen(&v->session);
    press(v, "Space");
    CHECK(v->view.help == 0 && session_chosen(&v->session) == steps, "any key closes it, and does nothing else");
    press(v, "?");
    CHECK(v->view.help == 1, "? opens it again");
    press(v, "X");
    press(v, "T =");
    int theme = v->theme;
    float zoom = v->zoom;
    close_viewer(v);
    Settings s;
    GbError err;
    CHECK(settings_load(&s, path, &err) == 0 && s.theme == theme && s.zoom > 1.05f, "closing wrote theme and zoom");

    v = open_viewer();
    if (!v) return;
    CHECK(v->view.help == 0, "the second run has no welcome screen");
    CHECK(v->theme == theme && v->zoom > zoom - 0.01f && v->zoom < zoom + 0.01f, "theme and zoom come back");
    /* A lesson, three pages in. */
    GbError perr;
    CHECK(player_start(v, "lessons/04-attention.lesson", &perr) == 0, "start lesson 4");
    press(v, "Space Space Space");
    int page = v->player.stop;
    CHECK(page == 3, "on page %d", page + 1);
    close_viewer(v);
    CHECK(settings_load(&s, path, &err) == 0 && strstr(s.lesson, "/lessons/04-attention.lesson") && s.lesson[0] == '/' &&
          s.page == page, "closing wrote the lesson (%s) and page %d", s.lesson, s.page + 1);

    v = open_viewer();
    if (!v) return;
    CHECK(strstr(v->view.message, "continue") && strstr(v->view.message, "Attention"), "offered: '%s'", v->view.message);
    CHECK(!v->player.active, "free play until the teacher chooses");
    press(v, "L Return");
    CHECK(v->player.active && v->player.stop == page, "L, Enter: the lesson at page %d (%d)", page + 1, v->player.stop + 1);
    close_viewer(v);

    /* A broken file: a warning on screen, the defaults, and good settings written back. */
    write_text("zoom = lots\n", 12);
    v = open_viewer();
    if (!v) return;
    CHECK(v->view.message_error && strstr(v->view.message, "settings"), "a warning on screen: '%s'", v->view.message);
    CHECK(v->theme == 0 && v->zoom == 1.0f, "the defaults");
    close_viewer(v);
    CHECK(settings_load(&s, path, &err) == 0, "the file was rewritten with good settings");
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/glassbox-settings-XXXXXX");
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }
    test_file();
    test_viewer();
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
    return check_report("test_viz_settings");
}
