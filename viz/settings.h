/* settings.h — what the viewer remembers between runs: theme, zoom, the last lesson and its page.
 *
 * The file is $XDG_CONFIG_HOME/glassbox/settings (or ~/.config/glassbox/settings), plain text:
 *
 *     # glassbox settings
 *     theme = dark
 *     zoom = 1.00
 *     lesson = /usr/local/share/glassbox/lessons/04-attention.lesson
 *     page = 9
 *
 * It is written atomically (a temporary file renamed over it), so it is either the old file or
 * the new one. A file that is not exactly this shape (garbage, cut short, a value out of range) is
 * reported and replaced by the defaults; it never stops the viewer. No SDL here.
 */
#ifndef GB_SETTINGS_H
#define GB_SETTINGS_H

#include <stddef.h>
#include "util.h"

typedef struct {
    int theme;               /* THEME_* (0 dark, 1 light, 2 contrast) */
    float zoom;              /* 0.5 .. 4 */
    char lesson[1024];       /* the last lesson played ("" if none) */
    int page;                /* the page it was on (0-based) */
} Settings;

void settings_defaults(Settings *s);
/* The settings file's path, from $XDG_CONFIG_HOME or $HOME. Returns 0, or -1 if neither is set. */
int settings_path(char *out, size_t cap);
/* Read path into s. Returns 0; 1 if there is no such file (the first run: s has the defaults); or
 * -1 if the file is broken: s has the defaults and err says what is wrong. */
int settings_load(Settings *s, const char *path, GbError *err);
/* Write s to path atomically, creating its folder if needed. Returns 0, or -1 with err. */
int settings_save(const Settings *s, const char *path, GbError *err);

#endif
