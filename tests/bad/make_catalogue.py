#!/usr/bin/env python3
"""make_catalogue.py — writes tests/bad/: the catalogue of bad inputs and the message each must give.

tests/bad/base/ is a small valid model folder (1 layer, 2 heads, width 8, 270 tokens). Each case is
a folder tests/bad/cases/<name>/ holding the files that replace the base's (a broken
model.safetensors, config.json, vocab.json or merges.txt), or a lesson file; catalogue.tsv lists
every case: name, what runs it (model: `glassbox generate` on base + the case's files;
tokenize: `glassbox tokenize` on them; lesson: `glassbox lesson` on the case's lesson with the base
model), and the text the error message must contain. tests/cli/test_bad.sh plays the catalogue.

Run it again after changing a case: python3 tests/bad/make_catalogue.py
"""
import json
import os
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = os.path.join(HERE, "base")
CASES = os.path.join(HERE, "cases")

rows = []
shutil.rmtree(CASES, ignore_errors=True)


def base(name):
    with open(os.path.join(BASE, name), "rb") as f:
        return f.read()


def case(name, kind, want, files):
    d = os.path.join(CASES, name)
    os.makedirs(d, exist_ok=True)
    for fname, data in files.items():
        with open(os.path.join(d, fname), "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode("utf-8"))
    rows.append((name, kind, want))


# ---- model.safetensors -----------------------------------------------------------------------
st = base("model.safetensors")
hlen = struct.unpack("<Q", st[:8])[0]
header = json.loads(st[8:8 + hlen])
data = st[8 + hlen:]


def with_header(h, body=None, pad=True):
    text = json.dumps(h).encode()
    return struct.pack("<Q", len(text)) + text + (data if body is None else body)


def edit(fn):
    h = json.loads(json.dumps(header))
    fn(h)
    return with_header(h)


case("st-empty", "model", "model.safetensors: file is too short", {"model.safetensors": b""})
case("st-truncated-length", "model", "model.safetensors: file is too short", {"model.safetensors": st[:5]})
case("st-truncated-header", "model", "does not fit in a", {"model.safetensors": st[:8 + hlen // 2]})
case("st-truncated-data", "model", "lies outside the file", {"model.safetensors": st[:len(st) - 100]})
case("st-header-1gb", "model", "over the 100 MB limit",
     {"model.safetensors": struct.pack("<Q", 1 << 30) + st[8:]})
case("st-header-not-json", "model", "header is not valid JSON",
     {"model.safetensors": struct.pack("<Q", 12) + b"not json!!!!" + data})
nested = b"[" * 100000 + b"]" * 100000
case("st-header-deep-json", "model", "header is not valid JSON",
     {"model.safetensors": struct.pack("<Q", len(nested)) + nested + data})
case("st-offsets-lie", "model", "lies outside the file",
     {"model.safetensors": edit(lambda h: h["ln_f.bias"].update(data_offsets=[len(data) - 16, len(data) + 16]))})
case("st-offsets-overlap", "model", "overlap in the data area",
     {"model.safetensors": edit(lambda h: h["ln_f.bias"].update(data_offsets=h["ln_f.weight"]["data_offsets"]))})
case("st-offsets-reversed", "model", "model.safetensors: tensor 'wpe.weight'",
     {"model.safetensors": edit(lambda h: h["wpe.weight"].update(
         data_offsets=[h["wpe.weight"]["data_offsets"][1], h["wpe.weight"]["data_offsets"][0]]))})
case("st-shape-overflow", "model", "model.safetensors: tensor 'wte.weight'",
     {"model.safetensors": edit(lambda h: h["wte.weight"].update(shape=[1 << 62, 1 << 62]))})
case("st-shape-bytes", "model", "data_offsets span",
     {"model.safetensors": edit(lambda h: h["ln_f.weight"].update(shape=[9]))})
case("st-shape-config", "model", "but config.json implies",
     {"model.safetensors": edit(lambda h: h["h.0.mlp.c_fc.weight"].update(shape=[32, 8]))})
case("st-unknown-dtype", "model", "unknown dtype \"Q7\"",
     {"model.safetensors": edit(lambda h: h["ln_f.weight"].update(dtype="Q7"))})
case("st-missing-tensor", "model", "tensor 'ln_f.bias' is missing",
     {"model.safetensors": edit(lambda h: h.pop("ln_f.bias"))})
nan = bytearray(data)
b0 = header["ln_f.weight"]["data_offsets"][0]
nan[b0:b0 + 4] = struct.pack("<f", float("nan"))
case("st-nan-weight", "model", "holds a non-finite value (NaN or Inf)", {"model.safetensors": with_header(header, bytes(nan))})
inf = bytearray(data)
b0 = header["wte.weight"]["data_offsets"][0] + 40
inf[b0:b0 + 4] = struct.pack("<f", float("inf"))
case("st-inf-weight", "model", "holds a non-finite value (NaN or Inf)", {"model.safetensors": with_header(header, bytes(inf))})
huge = bytearray(data)
b0, b1 = header["wte.weight"]["data_offsets"]
huge[b0:b1] = struct.pack("<f", 3e38) * ((b1 - b0) // 4)
case("st-overflow", "model", "the forward pass produced a non-finite value (NaN or Inf) first in layer 1",
     {"model.safetensors": with_header(header, bytes(huge))})
bad_name = json.dumps(header).encode().replace(b'"ln_f.bias"', b'"ln_f.\xff\xfe"')
case("st-name-not-utf8", "model", "model.safetensors",
     {"model.safetensors": struct.pack("<Q", len(bad_name)) + bad_name + data})

# ---- config.json -----------------------------------------------------------------------------
cfg = json.loads(base("config.json"))


def config(**kw):
    c = dict(cfg)
    c.update(kw)
    return json.dumps(c, indent=2)


case("config-zero-heads", "model", "config.json", {"config.json": config(n_head=0)})
case("config-heads-divide", "model", "n_embd 8 is not divisible by n_head 3", {"config.json": config(n_head=3)})
case("config-negative-layers", "model", "config.json", {"config.json": config(n_layer=-2)})
case("config-huge", "model", "config.json", {"config.json": config(n_embd=1 << 40, n_inner=1 << 41)})
case("config-not-json", "model", "config.json: invalid JSON", {"config.json": "{\"n_layer\": 1,"})
case("config-not-utf8", "model", "config.json", {"config.json": b"{\"model_type\": \"gpt\xff2\", \"n_layer\": 1}"})
case("config-deep-json", "model", "config.json", {"config.json": "[" * 100000 + "]" * 100000})

# ---- vocab.json and merges.txt ---------------------------------------------------------------
vocab = json.loads(base("vocab.json"))
merges = base("merges.txt").decode()
case("vocab-not-json", "tokenize", "vocab.json: invalid JSON", {"vocab.json": "{\"a\": 0, "})
case("vocab-not-utf8", "tokenize", "vocab.json", {"vocab.json": b"{\"\xc3\x28\": 0}"})
dup = dict(vocab)
dup["Zzz"] = 0
case("vocab-duplicate-id", "tokenize", "vocab.json", {"vocab.json": json.dumps(dup)})
case("vocab-id-out-of-range", "tokenize", "vocab.json", {"vocab.json": json.dumps(dict(vocab, Zzz=10 ** 9))})
case("merges-unknown-token", "tokenize", "merges.txt", {"merges.txt": merges + "qqq zzz\n"})
case("merges-one-token", "tokenize", "merges.txt", {"merges.txt": merges + "lonely\n"})
case("merges-not-utf8", "tokenize", "merges.txt", {"merges.txt": merges.encode() + b"\xff a\n"})
big_vocab = dict(vocab)
for i in range(40):
    big_vocab["extra%d" % i] = len(vocab) + i
case("vocab-larger-than-model", "model", "vocab_size is 270", {"vocab.json": json.dumps(big_vocab)})

# ---- lessons ---------------------------------------------------------------------------------
case("lesson-empty", "lesson", "lesson.lesson: no 'title' line", {"lesson.lesson": ""})
case("lesson-unknown-directive", "lesson", "lesson.lesson:3: unknown directive 'sya'",
     {"lesson.lesson": "title t\nsummary s\nsya hello\n"})
case("lesson-bad-number", "lesson", "lesson.lesson:3: the temperature: expected a number, got 'hot'",
     {"lesson.lesson": "title t\nsummary s\ntemperature hot\nsay hi\n"})
case("lesson-missing-prompt", "lesson", "lesson.lesson:3: 'step' needs a prompt first",
     {"lesson.lesson": "title t\nsummary s\nstep 2\nsay hi\n"})
case("lesson-layer-missing", "lesson", "lesson.lesson:3: layer 2: the model has 1 layer",
     {"lesson.lesson": "title t\nsummary s\nhighlight head 2 1\nsay hi\n"})
case("lesson-head-missing", "lesson", "lesson.lesson:3: head 3: the model has 2 heads per layer",
     {"lesson.lesson": "title t\nsummary s\nhighlight head 1 3\nsay hi\n"})
case("lesson-token-missing", "lesson", "lesson.lesson:4: \" Paris\" is not one token",
     {"lesson.lesson": "title t\nsummary s\nprompt The\ncheck top \" Paris\"\nsay hi\n"})
case("lesson-not-utf8", "lesson", "lesson.lesson:3: not valid UTF-8",
     {"lesson.lesson": b"title t\nsummary s\nsay caf\xc3 \xff\n"})
case("lesson-binary", "lesson", "lesson.lesson: not a text file", {"lesson.lesson": bytes(range(256)) * 4})
case("lesson-train-file-missing", "lesson", "no such file to train on",
     {"lesson.lesson": "title t\nsummary s\nprompt The\ntrain 10 nowhere.txt\nsay hi\n"})

with open(os.path.join(HERE, "catalogue.tsv"), "w") as f:
    f.write("# case\trun with\tthe message must contain (tests/cli/test_bad.sh; written by make_catalogue.py)\n")
    for name, kind, want in rows:
        f.write("%s\t%s\t%s\n" % (name, kind, want))
print("%d cases" % len(rows))
