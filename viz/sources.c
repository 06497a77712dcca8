/* sources.c — finding files, functions and tags in the sources built into the program. */
#include "sources.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

const SourceFile *source_find(const char *path)
{
    if (!path) return NULL;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t nb = strlen(base);
    for (int i = 0; i < source_file_count; i++) {
        const char *name = source_files[i].name;
        size_t n = strlen(name);
        if (strcmp(name, path) == 0) return &source_files[i];
        if (n > nb && name[n - nb - 1] == '/' && strcmp(name + n - nb, base) == 0) return &source_files[i];
    }
    return NULL;
}

const char *source_line(const SourceFile *f, int n)
{
    return f && n >= 1 && n <= f->n_lines ? f->lines[n - 1] : NULL;
}

static int ident(int c) { return isalnum(c) || c == '_'; }

/* A function definition starts at column 0 with a type (not a comment, a preprocessor line, a
 * brace or a declaration ending in ';') and has a parameter list. Its name goes to name. */
static int definition(const char *line, char *name, int cap)
{
    if (!ident((unsigned char)line[0]) || strncmp(line, "typedef", 7) == 0) return 0;
    const char *paren = strchr(line, '(');
    size_t len = strlen(line);
    if (!paren || (len && line[len - 1] == ';')) return 0;
    const char *e = paren;
    while (e > line && e[-1] == ' ') e--;
    const char *b = e;
    while (b > line && ident((unsigned char)b[-1])) b--;
    if (b == e || b == line) return 0;          /* the name follows a return type */
    int n = (int)(e - b);
    if (n >= cap) n = cap - 1;
    memcpy(name, b, (size_t)n);
    name[n] = 0;
    return 1;
}

/* From a definition's first line: the comment above it and the closing brace. */
static int extent(const SourceFile *f, int def, int *first, int *last)
{
    int end = def;
    while (end <= f->n_lines && strcmp(f->lines[end - 1], "}") != 0) end++;
    if (end > f->n_lines) return -1;
    int top = def;
    while (top > 1) {
        const char *p = f->lines[top - 2];
        if (strncmp(p, "/*", 2) == 0 || strncmp(p, " *", 2) == 0) top--;
        else break;
    }
    *first = top;
    *last = end;
    return 0;
}

int source_function(const SourceFile *f, const char *func, int *first, int *last)
{
    char name[128];
    if (!f) return -1;
    for (int i = 1; i <= f->n_lines; i++)
        if (definition(f->lines[i - 1], name, sizeof name) && strcmp(name, func) == 0)
            return extent(f, i, first, last);
    return -1;
}

int source_function_at(const SourceFile *f, int n, char *name, int cap, int *first, int *last)
{
    if (!f || n < 1 || n > f->n_lines) return -1;
    for (int i = n; i >= 1; i--) {
        if (i < n && strcmp(f->lines[i - 1], "}") == 0) return -1;   /* between functions */
        if (definition(f->lines[i - 1], name, cap)) {
            if (extent(f, i, first, last) || *last < n) return -1;
            return 0;
        }
    }
    return -1;
}

int source_tag(const char *line, char *out, int cap)
{
    size_t len = strlen(line);
    while (len && line[len - 1] == ' ') len--;
    if (len < 4 || strncmp(line + len - 2, "*/", 2) != 0) return -1;
    const char *open = NULL;
    for (const char *p = line; p + 1 < line + len; p++)
        if (p[0] == '/' && p[1] == '*') open = p;
    if (!open) return -1;
    const char *at = NULL;
    for (const char *p = open + 2; p < line + len - 2; p++)
        if (*p == '@' && p[-1] == ' ' && p[1] != ' ') at = p;
    if (!at) return -1;
    const char *b = at + 1, *e = line + len - 2;
    while (e > b && e[-1] == ' ') e--;
    int n = (int)(e - b);
    if (n <= 0) return -1;
    if (n >= cap) n = cap - 1;
    memcpy(out, b, (size_t)n);
    out[n] = 0;
    return 0;
}
