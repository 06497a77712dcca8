/* test_json.c — the JSON reader on valid and hostile input. */
#include "check.h"
#include "json.h"

#include <stdlib.h>
#include <string.h>

static JsonValue *parse(const char *s)
{
    char err[256];
    return json_parse(s, strlen(s), err, sizeof err);
}

static int rejects(const char *s, const char *why)
{
    char err[256] = "";
    JsonValue *v = json_parse(s, strlen(s), err, sizeof err);
    int ok = v == NULL && strstr(err, why) != NULL;
    if (!ok) fprintf(stderr, "  input %s gave '%s'\n", s, err);
    json_free(v);
    return ok;
}

int main(void)
{
    JsonValue *v = parse(" {\"a\": [1, 2.5e1, -3], \"b\": \"x\\u00e9\\ud83d\\ude00\\n\", \"c\": true,"
                         " \"d\": null, \"a\": {\"deep\": false}} ");
    CHECK(v && v->type == JSON_OBJECT && v->count == 5, "object parsed");
    if (v) {
        const JsonValue *a = json_get(v, "a");
        CHECK(a && a->type == JSON_OBJECT, "the last duplicate key wins");
        const JsonValue *b = json_get(v, "b");
        CHECK(b && b->type == JSON_STRING && b->string_len == 8 &&
              memcmp(b->string, "x\xC3\xA9\xF0\x9F\x98\x80\n", 8) == 0, "escapes and surrogate pairs decode to UTF-8");
        CHECK(json_get(v, "c") && json_get(v, "c")->boolean == 1, "true");
        CHECK(json_get(v, "d") && json_get(v, "d")->type == JSON_NULL, "null");
        CHECK(json_get(v, "zz") == NULL, "absent key");
    }
    json_free(v);
    v = parse("[1, 2.5e1, -3, 1e400]");
    long long x;
    CHECK(v && json_as_int(&v->items[0], 0, 10, &x) && x == 1, "integer");
    CHECK(v && !json_as_int(&v->items[1], 0, 10, &x), "25 out of range");
    CHECK(v && !json_as_int(&v->items[2], 0, 10, &x), "negative rejected");
    CHECK(v && !json_as_int(&v->items[3], 0, 1LL << 60, &x), "huge number is not an int");
    json_free(v);
    v = parse("\"a\\u0000b\"");
    CHECK(v && v->string_len == 3 && v->string[1] == 0, "embedded NUL keeps its length");
    json_free(v);

    CHECK(rejects("", "unexpected end"), "empty input");
    CHECK(rejects("{\"a\":1,}", "expected a string key"), "trailing comma");
    CHECK(rejects("[1 2]", "expected ','"), "missing comma");
    CHECK(rejects("\"abc", "unterminated"), "unterminated string");
    CHECK(rejects("\"\\ud800\"", "surrogate"), "lone high surrogate");
    CHECK(rejects("\"\\udc00\"", "surrogate"), "lone low surrogate");
    CHECK(rejects("\"\xff\"", "invalid UTF-8"), "invalid UTF-8");
    CHECK(rejects("\"\xc0\x80\"", "invalid UTF-8"), "overlong encoding");
    CHECK(rejects("{} x", "after the JSON value"), "trailing garbage");
    CHECK(rejects("01", "after the JSON value"), "leading zero");
    CHECK(rejects("tru", "unexpected character"), "bad literal");
    CHECK(rejects("\"a\tb\"", "control character"), "raw tab in string");
    /* Deep nesting is refused, not a stack overflow. */
    size_t n = 100000;
    char *deep = malloc(2 * n + 1);
    memset(deep, '[', n);
    memset(deep + n, ']', n);
    deep[2 * n] = 0;
    CHECK(rejects(deep, "nested too deeply"), "100000 nested arrays");
    free(deep);
    char ok_depth[2 * JSON_MAX_DEPTH + 1];
    memset(ok_depth, '[', JSON_MAX_DEPTH);
    memset(ok_depth + JSON_MAX_DEPTH, ']', JSON_MAX_DEPTH);
    ok_depth[2 * JSON_MAX_DEPTH] = 0;
    v = parse(ok_depth);
    CHECK(v != NULL, "nesting at the limit is accepted");
    json_free(v);
    return check_report("test_json");
}
