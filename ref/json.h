/* json.h — a small, strict JSON reader and a string writer, for config.json, vocab.json, the
 * safetensors header and the trace export.
 *
 * Every byte it reads is untrusted: the parser checks UTF-8, escapes, nesting depth (at most
 * JSON_MAX_DEPTH) and sizes, and reports the byte offset of the first problem. The whole document
 * is parsed into a tree of JsonValue nodes that the caller frees with json_free().
 *
 * Which call for what:
 *   json_parse      text -> tree (or an error message with the offset)
 *   json_get        object member by key (NULL if absent)
 *   json_free       free a tree returned by json_parse
 *   json_write_string  write a string as a quoted JSON string (invalid UTF-8 bytes become U+FFFD)
 */
#ifndef GB_JSON_H
#define GB_JSON_H

#include <stddef.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 64

typedef enum { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT } JsonType;

typedef struct JsonValue JsonValue;
struct JsonValue {
    JsonType type;
    int boolean;         /* JSON_BOOL */
    double number;       /* JSON_NUMBER */
    char *string;        /* JSON_STRING: decoded UTF-8, NUL-terminated (may also contain NULs) */
    size_t string_len;   /* JSON_STRING: length in bytes without the terminator */
    size_t count;        /* JSON_ARRAY / JSON_OBJECT: number of items */
    JsonValue *items;    /* JSON_ARRAY / JSON_OBJECT: the values, in document order */
    JsonValue *keys;     /* JSON_OBJECT: keys[i] (a JSON_STRING) names items[i] */
};

/* Parse text[0..len). Returns a tree the caller frees with json_free, or NULL with a message in
 * errbuf such as "invalid JSON at byte 17: expected ':' after object key". */
JsonValue *json_parse(const char *text, size_t len, char *errbuf, size_t errcap);
void json_free(JsonValue *v);

/* The member named key of an object, or NULL (also NULL if v is not an object). If a key occurs
 * more than once, the last one wins, as in JavaScript and Python. */
const JsonValue *json_get(const JsonValue *v, const char *key);

/* 1 if v is a number with an exact integer value in [lo, hi]; the value goes to *out. */
int json_as_int(const JsonValue *v, long long lo, long long hi, long long *out);

/* Write s[0..len) to f as a JSON string literal with quotes. Bytes that are not valid UTF-8 are
 * written as U+FFFD; control characters are escaped. */
void json_write_string(FILE *f, const char *s, size_t len);

#endif
