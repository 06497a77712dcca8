/* settings.c — see settings.h. */
#define _POSIX_C_SOURCE 200809L
#include "settings.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define HEADER "# glassbox settings"
static const char *const theme_names[] = {"dark", "light", "contrast"};

void settings_defaults(Settings *s)
{
    memset(s, 0, sizeof *s);
    s->theme = 0;
    s->zoom = 1.0f;
    s->page = 0;
}

int settings_path(char *out, size_t cap)
{
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    int n;
    if (xdg && xdg[0] == '/') n = snprintf(out, cap, "%s/glassbox/settings", xdg);
    else if (home && home[0]) n = snprintf(out, cap, "%s/.config/glassbox/settings", home);
    else return -1;
    return n > 0 && (size_t)n < cap ? 0 : -1;
}

/* One "key = value" line into s; returns the key's bit, or 0 with why. */
static unsigned parse_line(Settings *s, const char *line, char *why, size_t cap)
{
    const char *eq = strstr(line, " = ");
    if (!eq) { snprintf(why, cap, "'%.40s' is not 'key = value'", line); return 0; }
    size_t klen = (size_t)(eq - line);
    const char *v = eq + 3;
    char *end;
    for (const char *p = v; *p; p++)
        if ((unsigned char)*p < 32) { snprintf(why, cap, "a control character in '%.*s'", (int)klen, line); return 0; }
    if (klen == 5 && !strncmp(line, "theme", 5)) {
        for (int i = 0; i < 3; i++) if (!strcmp(v, theme_names[i])) { s->theme = i; return 1u; }
        snprintf(why, cap, "theme '%.40s' is not dark, light or contrast", v);
        return 0;
    }
    if (klen == 4 && !strncmp(line, "zoom", 4)) {
        errno = 0;
        double z = strtod(v, &end);
        if (end == v || *end || errno || !(z >= 0.5 && z <= 4.0)) {
            snprintf(why, cap, "zoom '%.40s' is not a number from 0.5 to 4", v);
            return 0;
        }
        s->zoom = (float)z;
        return 2u;
    }
    if (klen == 6 && !strncmp(line, "lesson", 6)) {
        if (strlen(v) >= sizeof s->lesson) { snprintf(why, cap, "the lesson's path is too long"); return 0; }
        snprintf(s->lesson, sizeof s->lesson, "%s", v);
        return 4u;
    }
    if (klen == 4 && !strncmp(line, "page", 4)) {
        errno = 0;
        long p = strtol(v, &end, 10);
        if (end == v || *end || errno || p < 0 || p > 100000) {
            snprintf(why, cap, "page '%.40s' is not a page number", v);
            return 0;
        }
        s->page = (int)p;
        return 8u;
    }
    snprintf(why, cap, "unknown setting '%.*s'", (int)(klen < 40 ? klen : 40), line);
    return 0;
}

int settings_load(Settings *s, const char *path, GbError *err)
{
    settings_defaults(s);
    struct stat st;
    if (stat(path, &st) != 0 && errno == ENOENT) return 1;
    size_t len;
    char *text = gb_read_file(path, 1 << 16, &len, err);
    if (!text) return -1;
    Settings got;
    settings_defaults(&got);
    char why[160] = "";
    unsigned seen = 0;
    int ok = len > 0 && text[len - 1] == '\n' && memchr(text, 0, len) == NULL;
    if (!ok) snprintf(why, sizeof why, len ? "it is cut short or holds binary data" : "it is empty");
    if (ok && strncmp(text, HEADER "\n", strlen(HEADER) + 1) != 0) {
        ok = 0;
        snprintf(why, sizeof why, "the first line is not '" HEADER "'");
    }
    for (char *line = ok ? strchr(text, '\n') + 1 : NULL; ok && line && *line;) {
        char *nl = strchr(line, '\n');
        *nl = 0;
        if (line[0] && line[0] != '#') {
            unsigned bit = parse_line(&got, line, why, sizeof why);
            if (!bit || (seen & bit)) { ok = 0; if (bit) snprintf(why, sizeof why, "a setting appears twice"); }
            seen |= bit;
        }
        line = nl + 1;
    }
    if (ok && seen != 15u) { ok = 0; snprintf(why, sizeof why, "a setting is missing (theme, zoom, lesson and page are all needed)"); }
    free(text);
    if (!ok) return gb_fail(err, path, "%s; using the defaults (hint: the file is rewritten when glassbox closes)", why);
    *s = got;
    return 0;
}

/* mkdir -p for the folders of path. */
static int make_parents(const char *path)
{
    char dir[GB_PATH_MAX];
    snprintf(dir, sizeof dir, "%s", path);
    for (char *p = dir + 1; *p; p++) {
        if (*p != '/') continue;
        *p = 0;
        if (mkdir(dir, 0755) != 0 && errno != EEXIST) return -1;
        *p = '/';
    }
    return 0;
}

int settings_save(const Settings *s, const char *path, GbError *err)
{
    if (make_parents(path)) return gb_fail(err, path, "cannot create its folder: %s", strerror(errno));
    char text[2048];
    int theme = s->theme >= 0 && s->theme < 3 ? s->theme : 0;
    int n = snprintf(text, sizeof text, HEADER "\ntheme = %s\nzoom = %.2f\nlesson = %s\npage = %d\n", theme_names[theme],
                     (double)s->zoom, s->lesson, s->page);
    if (n < 0 || (size_t)n >= sizeof text) return gb_fail(err, path, "the settings do not fit");
    return gb_write_file_atomic(path, text, (size_t)n, err);
}
