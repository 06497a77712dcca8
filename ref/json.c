/* json.c — a recursive-descent JSON parser (RFC 8259) with a depth limit. See json.h. */
#include "json.h"
#include "util.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const unsigned char *s;
    size_t len, pos;
    int depth;
    char *err;
    size_t errcap;
    int failed;
} Parser;

static int fail(Parser *p, const char *what)
{
    if (!p->failed) {
        snprintf(p->err, p->errcap, "invalid JSON at byte %zu: %s", p->pos, what);
        p->failed = 1;
    }
    return -1;
}

static void skip_ws(Parser *p)
{
    while (p->pos < p->len) {
        unsigned char c = p->s[p->pos];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') p->pos++;
        else break;
    }
}

static int parse_value(Parser *p, JsonValue *out);

static int hex4(Parser *p, uint32_t *v)
{
    if (p->len - p->pos < 4) return fail(p, "truncated \\u escape");
    uint32_t x = 0;
    for (int i = 0; i < 4; i++) {
        unsigned char c = p->s[p->pos++];
        x <<= 4;
        if (c >= '0' && c <= '9') x |= (uint32_t)(c - '0');
        else if (c >= 'a' && c <= 'f') x |= (uint32_t)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') x |= (uint32_t)(c - 'A' + 10);
        else return fail(p, "bad hex digit in \\u escape");
    }
    *v = x;
    return 0;
}

/* Decode a string starting at the opening quote. The decoded text is never longer than the
 * encoded text, so one allocation of the remaining length bound is enough; we first find the
 * closing quote to size it. */
static int parse_string(Parser *p, JsonValue *out)
{
    p->pos++; /* opening quote */
    size_t start = p->pos, end = start;
    while (end < p->len && p->s[end] != '"') end += (p->s[end] == '\\') ? 2 : 1;
    if (end >= p->len) return fail(p, "unterminated string");
    char *buf = malloc(end - start + 1);
    if (!buf) return fail(p, "out of memory");
    size_t n = 0;
    while (p->pos < end) {
        unsigned char c = p->s[p->pos];
        if (c < 0x20) { free(buf); return fail(p, "control character inside string"); }
        if (c == '\\') {
            p->pos++;
            unsigned char e = p->s[p->pos++];
            switch (e) {
            case '"': buf[n++] = '"'; break;
            case '\\': buf[n++] = '\\'; break;
            case '/': buf[n++] = '/'; break;
            case 'b': buf[n++] = '\b'; break;
            case 'f': buf[n++] = '\f'; break;
            case 'n': buf[n++] = '\n'; break;
            case 'r': buf[n++] = '\r'; break;
            case 't': buf[n++] = '\t'; break;
            case 'u': {
                uint32_t cp;
                if (hex4(p, &cp)) { free(buf); return -1; }
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    uint32_t lo;
                    if (p->len - p->pos < 2 || p->s[p->pos] != '\\' || p->s[p->pos + 1] != 'u') {
                        free(buf);
                        return fail(p, "high surrogate without a low surrogate");
                    }
                    p->pos += 2;
                    if (hex4(p, &lo)) { free(buf); return -1; }
                    if (lo < 0xDC00 || lo > 0xDFFF) { free(buf); return fail(p, "bad low surrogate"); }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    free(buf);
                    return fail(p, "low surrogate without a high surrogate");
                }
                n += (size_t)gb_utf8_encode(cp, buf + n);
                break;
            }
            default: free(buf); return fail(p, "unknown escape in string");
            }
            if (p->pos > end) { free(buf); return fail(p, "escape runs past end of string"); }
        } else {
            uint32_t cp;
            int k = gb_utf8_decode(p->s + p->pos, end - p->pos, &cp);
            if (k == 0) { free(buf); return fail(p, "invalid UTF-8 in string"); }
            memcpy(buf + n, p->s + p->pos, (size_t)k);
            n += (size_t)k;
            p->pos += (size_t)k;
        }
    }
    p->pos = end + 1;
    buf[n] = 0;
    out->type = JSON_STRING;
    out->string = buf;
    out->string_len = n;
    return 0;
}

static int parse_number(Parser *p, JsonValue *out)
{
    size_t start = p->pos;
    if (p->pos < p->len && p->s[p->pos] == '-') p->pos++;
    if (p->pos >= p->len) return fail(p, "truncated number");
    if (p->s[p->pos] == '0') p->pos++;
    else if (p->s[p->pos] >= '1' && p->s[p->pos] <= '9')
        while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9') p->pos++;
    else return fail(p, "bad number");
    if (p->pos < p->len && p->s[p->pos] == '.') {
        p->pos++;
        size_t d = p->pos;
        while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9') p->pos++;
        if (p->pos == d) return fail(p, "digits expected after '.'");
    }
    if (p->pos < p->len && (p->s[p->pos] == 'e' || p->s[p->pos] == 'E')) {
        p->pos++;
        if (p->pos < p->len && (p->s[p->pos] == '+' || p->s[p->pos] == '-')) p->pos++;
        size_t d = p->pos;
        while (p->pos < p->len && p->s[p->pos] >= '0' && p->s[p->pos] <= '9') p->pos++;
        if (p->pos == d) return fail(p, "digits expected in exponent");
    }
    char tmp[64];
    size_t n = p->pos - start;
    if (n >= sizeof tmp) return fail(p, "number is too long");
    memcpy(tmp, p->s + start, n);
    tmp[n] = 0;
    out->type = JSON_NUMBER;
    out->number = strtod(tmp, NULL);
    return 0;
}

static int literal(Parser *p, const char *word, JsonValue *out, JsonType t, int b)
{
    size_t n = strlen(word);
    if (p->len - p->pos < n || memcmp(p->s + p->pos, word, n) != 0) return fail(p, "unexpected character");
    p->pos += n;
    out->type = t;
    out->boolean = b;
    return 0;
}

/* Arrays and objects collect items in a growing buffer, then keep it. */
typedef struct {
    JsonValue *v;
    size_t n, cap;
} Vec;

static JsonValue *vec_push(Vec *vec)
{
    if (vec->n == vec->cap) {
        size_t cap = vec->cap ? vec->cap * 2 : 8;
        JsonValue *nv = realloc(vec->v, cap * sizeof *nv);
        if (!nv) return NULL;
        vec->v = nv;
        vec->cap = cap;
    }
    JsonValue *slot = &vec->v[vec->n++];
    memset(slot, 0, sizeof *slot);
    return slot;
}

static void free_children(JsonValue *v);

static void vec_free(Vec *vec)
{
    for (size_t i = 0; i < vec->n; i++) free_children(&vec->v[i]);
    free(vec->v);
}

static int parse_container(Parser *p, JsonValue *out, int is_object)
{
    if (++p->depth > JSON_MAX_DEPTH) return fail(p, "nested too deeply");
    p->pos++; /* [ or { */
    Vec items = {0}, keys = {0};
    char close = is_object ? '}' : ']';
    skip_ws(p);
    if (p->pos < p->len && p->s[p->pos] == close) {
        p->pos++;
    } else {
        for (;;) {
            skip_ws(p);
            if (is_object) {
                if (p->pos >= p->len || p->s[p->pos] != '"') { fail(p, "expected a string key"); goto bad; }
                JsonValue *k = vec_push(&keys);
                if (!k) { fail(p, "out of memory"); goto bad; }
                if (parse_string(p, k)) goto bad;
                skip_ws(p);
                if (p->pos >= p->len || p->s[p->pos] != ':') { fail(p, "expected ':' after object key"); goto bad; }
                p->pos++;
            }
            JsonValue *item = vec_push(&items);
            if (!item) { fail(p, "out of memory"); goto bad; }
            if (parse_value(p, item)) goto bad;
            skip_ws(p);
            if (p->pos < p->len && p->s[p->pos] == ',') { p->pos++; continue; }
            if (p->pos < p->len && p->s[p->pos] == close) { p->pos++; break; }
            fail(p, is_object ? "expected ',' or '}'" : "expected ',' or ']'");
            goto bad;
        }
    }
    p->depth--;
    out->type = is_object ? JSON_OBJECT : JSON_ARRAY;
    out->items = items.v;
    out->keys = keys.v;
    out->count = items.n;
    return 0;
bad:
    vec_free(&items);
    vec_free(&keys);
    return -1;
}

static int parse_value(Parser *p, JsonValue *out)
{
    skip_ws(p);
    if (p->pos >= p->len) return fail(p, "unexpected end of input");
    switch (p->s[p->pos]) {
    case '{': return parse_container(p, out, 1);
    case '[': return parse_container(p, out, 0);
    case '"': return parse_string(p, out);
    case 't': return literal(p, "true", out, JSON_BOOL, 1);
    case 'f': return literal(p, "false", out, JSON_BOOL, 0);
    case 'n': return literal(p, "null", out, JSON_NULL, 0);
    default: return parse_number(p, out);
    }
}

JsonValue *json_parse(const char *text, size_t len, char *errbuf, size_t errcap)
{
    char dummy[8];
    Parser p = {(const unsigned char *)text, len, 0, 0, errbuf ? errbuf : dummy,
                errbuf ? errcap : sizeof dummy, 0};
    JsonValue *root = calloc(1, sizeof *root);
    if (!root) { snprintf(p.err, p.errcap, "out of memory"); return NULL; }
    if (parse_value(&p, root) == 0) {
        skip_ws(&p);
        if (p.pos == p.len) return root;
        fail(&p, "unexpected data after the JSON value");
        free_children(root);
    }
    free(root);
    return NULL;
}

static void free_children(JsonValue *v)
{
    if (v->type == JSON_STRING) free(v->string);
    if (v->type == JSON_ARRAY || v->type == JSON_OBJECT) {
        for (size_t i = 0; i < v->count; i++) {
            free_children(&v->items[i]);
            if (v->keys) free_children(&v->keys[i]);
        }
        free(v->items);
        free(v->keys);
    }
}

void json_free(JsonValue *v)
{
    if (!v) return;
    free_children(v);
    free(v);
}

const JsonValue *json_get(const JsonValue *v, const char *key)
{
    if (!v || v->type != JSON_OBJECT) return NULL;
    size_t kl = strlen(key);
    for (size_t i = v->count; i-- > 0;)
        if (v->keys[i].string_len == kl && memcmp(v->keys[i].string, key, kl) == 0) return &v->items[i];
    return NULL;
}

int json_as_int(const JsonValue *v, long long lo, long long hi, long long *out)
{
    if (!v || v->type != JSON_NUMBER || !isfinite(v->number)) return 0;
    double d = v->number;
    if (d != floor(d) || d < (double)lo || d > (double)hi) return 0;
    *out = (long long)d;
    return 1;
}

void json_write_string(FILE *f, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    fputc('"', f);
    size_t i = 0;
    while (i < len) {
        unsigned char c = u[i];
        if (c == '"' || c == '\\') { fputc('\\', f); fputc(c, f); i++; }
        else if (c == '\n') { fputs("\\n", f); i++; }
        else if (c == '\r') { fputs("\\r", f); i++; }
        else if (c == '\t') { fputs("\\t", f); i++; }
        else if (c < 0x20 || c == 0x7F) { fprintf(f, "\\u%04x", c); i++; }
        else if (c < 0x80) { fputc(c, f); i++; }
        else {
            uint32_t cp;
            int k = gb_utf8_decode(u + i, len - i, &cp);
            if (k == 0) { fputs("\xEF\xBF\xBD", f); i++; }
            else { fwrite(u + i, 1, (size_t)k, f); i += (size_t)k; }
        }
    }
    fputc('"', f);
}
