#!/usr/bin/python3
"""hfmodel.py — write and read random GPT-2 models in the Hugging Face layout, by hand.

This is the test side's own model writer, written independently of ref/ so that the PyTorch oracle
(gpt2_torch.py) and glassbox (ref/) read the same files through two unrelated code paths. It needs
only the Python standard library and numpy: no safetensors, no transformers.

A model folder holds:
    config.json         GPT-2 keys: n_layer, n_head, n_embd, n_positions, vocab_size,
                        layer_norm_epsilon, activation_function "gelu_new", model_type "gpt2"
    model.safetensors   [8 bytes: header length N, little-endian u64][N bytes: JSON header]
                        [data area]; header = {name: {dtype, shape, data_offsets: [begin, end]}}
                        plus "__metadata__"; offsets are relative to the start of the data area
    vocab.json          GPT-2 byte-level vocabulary: {token string: id}
    merges.txt          "#version: 0.2" then one merge "a b" per line, in rank order

Tensor names (C = n_embd, T = n_positions, V = vocab_size), optionally prefixed "transformer.":
    wte.weight (V, C)   wpe.weight (T, C)   ln_f.weight / ln_f.bias (C)
    h.N.ln_1.weight/bias (C)                h.N.ln_2.weight/bias (C)
    h.N.attn.c_attn.weight (C, 3C) .bias (3C)   -- Conv1D layout: (in, out), y = x @ W + b
    h.N.attn.c_proj.weight (C, C)  .bias (C)
    h.N.mlp.c_fc.weight (C, 4C)    .bias (4C)
    h.N.mlp.c_proj.weight (4C, C)  .bias (C)
    optional buffers glassbox must ignore: h.N.attn.bias (1, 1, T, T), h.N.attn.masked_bias ()

The vocabulary: ids 0..255 are the 256 bytes in GPT-2's bytes_to_unicode order, then one token per
merge (learned by a tiny BPE on SAMPLE_TEXT), then optionally "<|endoftext|>". config vocab_size
may be larger than the vocabulary (extra rows of wte that no text maps to).

Command line:
    /usr/bin/python3 tests/oracle/hfmodel.py --out DIR --layers L --heads H --embd C --ctx T
        [--dtype F32|F16|BF16] [--prefix] [--buffers] [--seed S] [--vocab-extra N | --vocab-size V]
        [--merges M] [--eot]
"""
import argparse
import json
import os
import re
import struct
import sys

import numpy as np

# ---------------------------------------------------------------------------------------------
# GPT-2 byte-level alphabet and a tiny BPE

def bytes_to_unicode():
    """GPT-2's map from each byte to a printable unicode character (openai/gpt-2 encoder.py)."""
    printable = (list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1))
                 + list(range(ord("®"), ord("ÿ") + 1)))
    order = printable[:]
    chars = printable[:]
    n = 0
    for b in range(256):
        if b not in printable:
            order.append(b)
            chars.append(256 + n)
            n += 1
    return {b: chr(c) for b, c in zip(order, chars)}, order


BYTE_TO_CHAR, BYTE_ORDER = bytes_to_unicode()
CHAR_TO_BYTE = {c: b for b, c in BYTE_TO_CHAR.items()}

# GPT-2's pre-tokenizer pattern, with \p{L} and \p{N} spelled for Python's re module:
#   's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
# [^\W\d_] = letters; \d = digits; (?:[^\s\w]|_) = neither space, letter nor digit. Exact for
# ASCII and for ordinary accented letters; the oracle's prompts stay within that.
PRETOKEN = re.compile(r"'s|'t|'re|'ve|'m|'ll|'d"
                      r"| ?[^\W\d_]+| ?\d+| ?(?:[^\s\w]|_)+|\s+(?!\S)|\s+")

SAMPLE_TEXT = (
    "The quick brown fox jumps over the lazy dog. The teacher writes on the board, and the "
    "students read the words one at a time. A language model predicts the next word: it looks "
    "at the words before it, weighs them with attention, and then the sampler picks a token. "
    "Paris is the capital of France. Berlin is the capital of Germany. The cat sat on the mat, "
    "and the dog sat on the log. In the beginning there were the bytes, then the merges made "
    "longer tokens out of them. There is a theory that the weather in the north is colder than "
    "in the south; they say it is the wind. 1 2 3 4 5 6 7 8 9 10 11 12 100 2024. "
)


def pretokenize(text):
    return PRETOKEN.findall(text)


def train_bpe(text, n_merges):
    """Learn n_merges merges on text (most frequent pair first, ties broken by the pair's
    strings), GPT-2 style: never across pre-token boundaries. Returns [(a, b), ...]."""
    words = {}
    for w in pretokenize(text):
        key = tuple(BYTE_TO_CHAR[b] for b in w.encode("utf-8"))
        words[key] = words.get(key, 0) + 1
    merges = []
    while len(merges) < n_merges:
        counts = {}
        for w, n in words.items():
            for pair in zip(w, w[1:]):
                counts[pair] = counts.get(pair, 0) + n
        if not counts:
            break
        best = min(counts, key=lambda p: (-counts[p], p))
        merges.append(best)
        merged = best[0] + best[1]
        new_words = {}
        for w, n in words.items():
            out, i = [], 0
            while i < len(w):
                if i + 1 < len(w) and (w[i], w[i + 1]) == best:
                    out.append(merged)
                    i += 2
                else:
                    out.append(w[i])
                    i += 1
            new_words[tuple(out)] = new_words.get(tuple(out), 0) + n
        words = new_words
    return merges


def build_vocab(merges, eot=False):
    """Token strings in id order: the 256 bytes, one per merge, then maybe <|endoftext|>."""
    vocab = [BYTE_TO_CHAR[b] for b in BYTE_ORDER]
    seen = set(vocab)
    for a, b in merges:
        tok = a + b
        if tok in seen:  # cannot happen with train_bpe, but keep ids unique
            raise ValueError("duplicate merge result %r" % tok)
        vocab.append(tok)
        seen.add(tok)
    if eot:
        vocab.append("<|endoftext|>")
    return vocab


class Tokenizer:
    """An independent GPT-2 BPE encoder over vocab.json + merges.txt."""

    def __init__(self, model_dir):
        with open(os.path.join(model_dir, "vocab.json"), encoding="utf-8") as f:
            self.vocab = json.load(f)
        self.id_to_token = {i: t for t, i in self.vocab.items()}
        with open(os.path.join(model_dir, "merges.txt"), encoding="utf-8") as f:
            lines = f.read().split("\n")
        if lines and lines[0].startswith("#version"):
            lines = lines[1:]
        self.ranks = {}
        for line in lines:
            if line.strip():
                a, b = line.split(" ")
                self.ranks[(a, b)] = len(self.ranks)

    def _bpe(self, word):
        parts = list(word)
        while len(parts) > 1:
            pairs = [(self.ranks.get((x, y), None), i) for i, (x, y) in
                     enumerate(zip(parts, parts[1:]))]
            pairs = [p for p in pairs if p[0] is not None]
            if not pairs:
                break
            rank = min(pairs)[0]
            out, i = [], 0
            while i < len(parts):
                if i + 1 < len(parts) and self.ranks.get((parts[i], parts[i + 1])) == rank:
                    out.append(parts[i] + parts[i + 1])
                    i += 2
                else:
                    out.append(parts[i])
                    i += 1
            parts = out
        return parts

    def encode(self, text):
        """Token ids of text, and each token's [start, end) byte span in text's UTF-8."""
        ids, spans, pos = [], [], 0
        for w in pretokenize(text):
            for piece in self._bpe("".join(BYTE_TO_CHAR[b] for b in w.encode("utf-8"))):
                n = len(piece)
                ids.append(self.vocab[piece])
                spans.append((pos, pos + n))
                pos += n
        return ids, spans

    def token_bytes(self, i):
        """The bytes id i stands for (b"" for ids outside vocab.json)."""
        tok = self.id_to_token.get(i)
        if tok is None:
            return b""
        if tok == "<|endoftext|>":
            return tok.encode("utf-8")
        return bytes(CHAR_TO_BYTE[c] for c in tok)


# ---------------------------------------------------------------------------------------------
# safetensors, by hand

DTYPE_SIZE = {"F32": 4, "F16": 2, "BF16": 2}


def encode_tensor(array, dtype):
    """float32 array -> little-endian bytes in dtype. BF16 = upper 16 bits of the float32."""
    a = np.ascontiguousarray(array, dtype=np.float32)
    if dtype == "F32":
        return a.astype("<f4").tobytes()
    if dtype == "F16":
        return a.astype("<f2").tobytes()
    if dtype == "BF16":
        return (a.view(np.uint32) >> 16).astype("<u2").tobytes()
    raise ValueError("unknown dtype " + dtype)


def decode_tensor(raw, dtype, shape):
    """Little-endian bytes in dtype -> float32 array (exact widening: every F16/BF16 value is
    representable in float32)."""
    if dtype == "F32":
        a = np.frombuffer(raw, dtype="<f4").astype(np.float32)
    elif dtype == "F16":
        a = np.frombuffer(raw, dtype="<f2").astype(np.float32)
    elif dtype == "BF16":
        a = (np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16).view(np.float32)
    else:
        raise ValueError("unsupported dtype " + dtype)
    return a.reshape(shape)


def make_header(entries, metadata=None):
    """entries: [(name, dtype, shape, nbytes)] in data order. Returns (header dict, total bytes)
    with contiguous data_offsets."""
    header, pos = {}, 0
    if metadata is not None:
        header["__metadata__"] = metadata
    for name, dtype, shape, nbytes in entries:
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [pos, pos + nbytes]}
        pos += nbytes
    return header, pos


def header_bytes(header):
    """The JSON header, keys sorted, padded with spaces to a multiple of 8 bytes."""
    text = json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    return text


def write_safetensors(path, tensors, dtype="F32", metadata=None, header_hook=None):
    """tensors: [(name, float32 array)] written in that data order, all as dtype (a name may map
    to (array, dtype) to override). header_hook(header) may edit the header dict before it is
    written (used by the bad-input tests). Streams tensor by tensor, so 124M-sized models do not
    need a second copy in memory."""
    entries = []
    for name, value in tensors:
        arr, dt = value if isinstance(value, tuple) else (value, dtype)
        entries.append((name, dt, arr.shape, arr.size * DTYPE_SIZE[dt]))
    header, _ = make_header(entries, metadata if metadata is not None else {"format": "pt"})
    if header_hook is not None:
        header_hook(header)
    hb = header_bytes(header)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hb)))
        f.write(hb)
        for (name, value), (_, dt, _, _) in zip(tensors, entries):
            arr = value[0] if isinstance(value, tuple) else value
            f.write(encode_tensor(arr, dt))


def read_safetensors(path):
    """Read a safetensors file: {name: float32 numpy array}, and {name: dtype}. Checks the
    layout strictly (this is the oracle's reader; it should only ever see good files)."""
    with open(path, "rb") as f:
        blob = f.read()
    if len(blob) < 8:
        raise ValueError("%s: shorter than 8 bytes" % path)
    (n,) = struct.unpack("<Q", blob[:8])
    if 8 + n > len(blob):
        raise ValueError("%s: header length %d past end of file" % (path, n))
    header = json.loads(blob[8:8 + n].decode("utf-8"))
    data = memoryview(blob)[8 + n:]
    out, dtypes = {}, {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype, shape = info["dtype"], tuple(info["shape"])
        begin, end = info["data_offsets"]
        numel = int(np.prod(shape)) if shape else 1
        if not (0 <= begin <= end <= len(data)) or end - begin != numel * DTYPE_SIZE[dtype]:
            raise ValueError("%s: bad offsets for %s" % (path, name))
        out[name] = decode_tensor(bytes(data[begin:end]), dtype, shape)
        dtypes[name] = dtype
    return out, dtypes


# ---------------------------------------------------------------------------------------------
# random GPT-2 weights

def random_weights(n_layer, n_embd, n_ctx, vocab_size, seed, prefix="", buffers=False):
    """[(name, float32 array)] in HF order. Scales are chosen so nothing is trivial: q.k scores
    have std around 1-2 (attention is far from uniform), logits have std around 2, LayerNorm
    weights are 1 +- 0.1 and every bias is nonzero."""
    rng = np.random.default_rng(seed)
    C = n_embd

    def normal(shape, std):
        return (rng.standard_normal(shape, dtype=np.float32) * np.float32(std)).astype(np.float32)

    def ln(name):
        return [(name + ".weight", (1.0 + normal((C,), 0.1)).astype(np.float32)),
                (name + ".bias", normal((C,), 0.05))]

    out = [("wte.weight", normal((vocab_size, C), 2.0 / np.sqrt(C))),
           ("wpe.weight", normal((n_ctx, C), 1.0 / np.sqrt(C)))]
    for l in range(n_layer):
        h = "h.%d." % l
        out += ln(h + "ln_1")
        if buffers:
            out.append((h + "attn.bias", np.tril(np.ones((n_ctx, n_ctx), np.float32))
                        .reshape(1, 1, n_ctx, n_ctx)))
            out.append((h + "attn.masked_bias", np.array(-1e4, dtype=np.float32)))
        out += [(h + "attn.c_attn.weight", normal((C, 3 * C), 1.5 / np.sqrt(C))),
                (h + "attn.c_attn.bias", normal((3 * C,), 0.1)),
                (h + "attn.c_proj.weight", normal((C, C), 1.0 / np.sqrt(C))),
                (h + "attn.c_proj.bias", normal((C,), 0.1))]
        out += ln(h + "ln_2")
        out += [(h + "mlp.c_fc.weight", normal((C, 4 * C), 1.0 / np.sqrt(C))),
                (h + "mlp.c_fc.bias", normal((4 * C,), 0.1)),
                (h + "mlp.c_proj.weight", normal((4 * C, C), 1.0 / np.sqrt(4 * C))),
                (h + "mlp.c_proj.bias", normal((C,), 0.1))]
    out += ln("ln_f")
    return [(prefix + name, arr) for name, arr in out]


def write_config(path, n_layer, n_head, n_embd, n_ctx, vocab_size, eps=1e-5):
    config = {
        "activation_function": "gelu_new",
        "architectures": ["GPT2LMHeadModel"],
        "layer_norm_epsilon": eps,
        "model_type": "gpt2",
        "n_ctx": n_ctx,
        "n_embd": n_embd,
        "n_head": n_head,
        "n_layer": n_layer,
        "n_positions": n_ctx,
        "vocab_size": vocab_size,
    }
    with open(path, "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2)
        f.write("\n")
    return config


def write_tokenizer(out_dir, n_merges=200, eot=False):
    """Write vocab.json and merges.txt; return the number of vocabulary entries."""
    merges = train_bpe(SAMPLE_TEXT, n_merges)
    vocab = build_vocab(merges, eot)
    with open(os.path.join(out_dir, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump({tok: i for i, tok in enumerate(vocab)}, f, ensure_ascii=False)
    with open(os.path.join(out_dir, "merges.txt"), "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n")
        for a, b in merges:
            f.write("%s %s\n" % (a, b))
    return len(vocab)


def write_model(out_dir, n_layer, n_head, n_embd, n_ctx, dtype="F32", prefix=False,
                buffers=False, seed=0, vocab_extra=0, vocab_size=None, n_merges=200, eot=False,
                eps=1e-5, header_hook=None, tensor_hook=None):
    """Write a whole random model folder. Returns its config dict. tensor_hook(list) may edit the
    [(name, array)] list before writing (bad-input tests)."""
    if n_embd % n_head:
        raise ValueError("n_embd must be divisible by n_head")
    os.makedirs(out_dir, exist_ok=True)
    n_vocab = write_tokenizer(out_dir, n_merges, eot)
    V = vocab_size if vocab_size is not None else n_vocab + vocab_extra
    if V < n_vocab:
        raise ValueError("vocab size %d is smaller than the tokenizer's %d entries" % (V, n_vocab))
    config = write_config(os.path.join(out_dir, "config.json"), n_layer, n_head, n_embd, n_ctx,
                          V, eps)
    tensors = random_weights(n_layer, n_embd, n_ctx, V, seed,
                             "transformer." if prefix else "", buffers)
    if tensor_hook is not None:
        tensor_hook(tensors)
    write_safetensors(os.path.join(out_dir, "model.safetensors"), tensors, dtype,
                      header_hook=header_hook)
    return config


def load_model(model_dir):
    """Read a model folder: (config dict, {canonical name: float32 array}). The "transformer."
    prefix is stripped and the attn.bias / attn.masked_bias buffers are dropped."""
    with open(os.path.join(model_dir, "config.json"), encoding="utf-8") as f:
        config = json.load(f)
    raw, _ = read_safetensors(os.path.join(model_dir, "model.safetensors"))
    weights = {}
    for name, arr in raw.items():
        if name.startswith("transformer."):
            name = name[len("transformer."):]
        if name.endswith(".attn.bias") or name.endswith(".attn.masked_bias"):
            continue
        weights[name] = arr
    return config, weights


# ---------------------------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description="write a random GPT-2 model in the HF layout")
    ap.add_argument("--out", required=True)
    ap.add_argument("--layers", type=int, required=True)
    ap.add_argument("--heads", type=int, required=True)
    ap.add_argument("--embd", type=int, required=True)
    ap.add_argument("--ctx", type=int, required=True)
    ap.add_argument("--dtype", default="F32", choices=["F32", "F16", "BF16"])
    ap.add_argument("--prefix", action="store_true", help='prefix keys with "transformer."')
    ap.add_argument("--buffers", action="store_true", help="add attn.bias / attn.masked_bias")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--vocab-extra", type=int, default=0,
                    help="config vocab_size = tokenizer entries + N")
    ap.add_argument("--vocab-size", type=int, default=None,
                    help="config vocab_size (at least the tokenizer's entries), e.g. 50257")
    ap.add_argument("--merges", type=int, default=200, help="BPE merges to learn")
    ap.add_argument("--eot", action="store_true", help='end the vocabulary with "<|endoftext|>"')
    args = ap.parse_args(argv)
    try:
        config = write_model(args.out, args.layers, args.heads, args.embd, args.ctx, args.dtype,
                             args.prefix, args.buffers, args.seed, args.vocab_extra,
                             args.vocab_size, args.merges, args.eot)
    except (ValueError, OSError) as e:
        print("hfmodel.py: %s" % e, file=sys.stderr)
        return 1
    print("wrote %s: %d layers, %d heads, %d wide, %d positions, vocab %d, %s" % (
        args.out, config["n_layer"], config["n_head"], config["n_embd"], config["n_positions"],
        config["vocab_size"], args.dtype))
    return 0


if __name__ == "__main__":
    sys.exit(main())
