/* sources.h — ref/'s source files, built into the program (tools/embedsrc.c writes them at build
 * time), so the code view can show the code behind each picture from an installed binary.
 *
 * Line numbers are 1-based, as compilers and editors count them, so an event's site (GbSite in
 * ref/util.h, from __LINE__) indexes these lines directly.
 */
#ifndef GB_SOURCES_H
#define GB_SOURCES_H

typedef struct {
    const char *name;            /* as the build named it: "ref/gpt.c" */
    const char *const *lines;    /* (n_lines) each line without its newline */
    int n_lines;
} SourceFile;

extern const SourceFile source_files[];
extern const int source_file_count;

/* The file called path, or whose name ends in "/" + the last part of path ("gpt.c" finds
 * "ref/gpt.c"); NULL if none. */
const SourceFile *source_find(const char *path);
/* Line n (1-based) of f, or NULL. */
const char *source_line(const SourceFile *f, int n);
/* The lines of function `func`: its definition's first line (with the comment just above it)
 * and its closing brace. Returns 0, or -1 if f defines no such function. */
int source_function(const SourceFile *f, const char *func, int *first, int *last);
/* The function whose definition holds line n, copied into name (capacity cap); its extent as
 * source_function gives it. Returns 0, or -1 if n is outside every function. */
int source_function_at(const SourceFile *f, int n, char *name, int cap, int *first, int *last);
/* The tag a line ends in ("score" for a line ending in the comment @score), copied into out;
 * returns 0, or -1 if the line has none. */
int source_tag(const char *line, char *out, int cap);

#endif
