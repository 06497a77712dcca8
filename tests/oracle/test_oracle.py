#!/usr/bin/python3
"""test_oracle.py — check glassbox's forward pass, sampler and trace against an independent
PyTorch GPT-2, and check that bad model folders are refused cleanly.

For each configuration below it writes a random model in the Hugging Face layout (hfmodel.py),
runs
    $BUILD/glassbox trace --model DIR --prompt TEXT --steps N --temperature T --top-k K
                          --top-p P --seed S --out FILE.json
and compares the JSON trace with gpt2_torch.py (float64, whole-sequence recomputation):
    embed.token / embed.position / embed.sum     every forwarded position
    attn scores (pre-softmax, scaled) / weights  every layer, head and forwarded position
    resid                                        after every block, every forwarded position
    logits / probs (and cut, p, top)             every generated step
plus the token sequence itself (prompt ids = an independent GPT-2 BPE encoding of the prompt, each
step's id = the next position's id, greedy = argmax, sampled ids lie in the kept set).
A value check fails if max |C - torch| > 1e-4. Then corrupted model folders must make
`glassbox trace` exit non-zero with a "glassbox: " line naming the offending file, and no output.

Run: /usr/bin/python3 tests/oracle/test_oracle.py   (BUILD=build by default). Ends with
"N passed, N failed" and exits non-zero on any failure.
"""
import json
import math
import os
import shutil
import struct
import subprocess
import sys
import tempfile

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import hfmodel  # noqa: E402
import gpt2_torch  # noqa: E402

BUILD = os.environ.get("BUILD", "build")
GLASSBOX = os.path.join(ROOT, BUILD, "glassbox") if not os.path.isabs(BUILD) else \
    os.path.join(BUILD, "glassbox")
TOLERANCE = 1e-4
TIMEOUT = 120

passed = 0
failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("FAIL %s%s" % (name, (": " + detail) if detail else ""))
    return ok


# ---------------------------------------------------------------------------------------------
# running glassbox

def run_trace(model_dir, prompt, steps, temperature, top_k, top_p, seed, out):
    cmd = [GLASSBOX, "trace", "--model", model_dir, "--prompt", prompt, "--steps", str(steps),
           "--temperature", "%g" % temperature, "--top-k", str(top_k), "--top-p", "%g" % top_p,
           "--seed", str(seed), "--out", out]
    try:
        r = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, "timed out after %ds" % TIMEOUT
    return r.returncode, r.stderr.decode("utf-8", "replace")


# ---------------------------------------------------------------------------------------------
# comparing one trace with the oracle

class MaxDiff:
    """Max |diff| per tensor kind, for the report line and the 1e-4 checks."""

    def __init__(self):
        self.kinds = {}

    def add(self, kind, c_values, ref_values, where):
        try:
            c = np.asarray(c_values, dtype=np.float64)
        except (TypeError, ValueError) as e:
            check("%s at %s is an array of numbers" % (kind, where), False, str(e))
            return
        r = np.asarray(ref_values, dtype=np.float64)
        if c.shape != r.shape:
            check("%s shape at %s" % (kind, where), False, "C %s vs torch %s" % (c.shape, r.shape))
            return
        d = float(np.max(np.abs(c - r))) if c.size else 0.0
        if not np.all(np.isfinite(c)):
            d = float("inf")
        best = self.kinds.get(kind)
        if best is None or d > best[0]:
            self.kinds[kind] = (d, where)

    def report(self, label):
        parts = ["%s %.2e" % (k, v[0]) for k, v in self.kinds.items()]
        print("  %s max|diff|: %s" % (label, ", ".join(parts)))
        for kind, (d, where) in self.kinds.items():
            check("%s: %s max|diff| %.3g <= %g" % (label, kind, d, TOLERANCE), d <= TOLERANCE,
                  "worst at %s" % where)


def compare_trace(label, trace, model_dir, config, model, tok, run):
    """All checks for one trace. run = dict(prompt, steps, temperature, top_k, top_p, seed)."""
    L, H, C, T, V = (config["n_layer"], config["n_head"], config["n_embd"],
                     config["n_positions"], config["vocab_size"])
    check(label + ": format/version", trace.get("format") == "glassbox-trace"
               and trace.get("version") == 1, "%r %r" % (trace.get("format"), trace.get("version")))
    m = trace.get("model", {})
    check(label + ": model dims", (m.get("n_layer"), m.get("n_head"), m.get("n_embd"),
                                   m.get("n_ctx"), m.get("vocab_size")) == (L, H, C, T, V),
          "trace says %r" % m)
    check(label + ": prompt echoed", trace.get("prompt") == run["prompt"])
    s = trace.get("settings", {})
    check(label + ": settings echoed",
          s.get("top_k") == run["top_k"] and s.get("seed") == run["seed"]
          and abs(s.get("temperature", -1) - run["temperature"]) < 1e-6
          and abs(s.get("top_p", -1) - run["top_p"]) < 1e-6, "trace says %r" % s)

    positions, steps = trace.get("positions", []), trace.get("steps", [])
    prompt_ids, prompt_spans = tok.encode(run["prompt"])
    n_prompt = len(prompt_ids)
    n_steps = run["steps"]
    if not check(label + ": %d positions (%d prompt + %d generated)" % (
            n_prompt + n_steps, n_prompt, n_steps), len(positions) == n_prompt + n_steps,
            "trace has %d" % len(positions)):
        return
    if not check(label + ": %d steps" % n_steps, len(steps) == n_steps,
                 "trace has %d" % len(steps)):
        return

    # --- the token sequence -------------------------------------------------------------------
    ids = [p.get("id") for p in positions]
    check(label + ": prompt ids = independent GPT-2 BPE encoding", ids[:n_prompt] == prompt_ids,
          "C %s vs oracle %s" % (ids[:n_prompt], prompt_ids))
    prompt_bytes = run["prompt"].encode("utf-8")
    bad = []
    for i, p in enumerate(positions):
        want_source = "prompt" if i < n_prompt else "sampled"
        b = bytes(p.get("bytes", []))
        if p.get("pos") != i or p.get("source") != want_source:
            bad.append("pos %d: pos=%r source=%r" % (i, p.get("pos"), p.get("source")))
        if b != tok.token_bytes(p.get("id")):
            bad.append("pos %d: bytes %r, vocab has %r" % (i, b, tok.token_bytes(p.get("id"))))
        try:
            if p.get("text") != b.decode("utf-8"):
                bad.append("pos %d: text %r for bytes %r" % (i, p.get("text"), b))
        except UnicodeDecodeError:
            pass  # a partial UTF-8 sequence: how it is shown as text is the viewer's choice
        if i < n_prompt:
            span = p.get("span")
            if span is None or list(span) != list(prompt_spans[i]) or \
                    prompt_bytes[span[0]:span[1]] != b:
                bad.append("pos %d: span %r, expected %r" % (i, span, prompt_spans[i]))
        elif p.get("span") is not None:
            bad.append("pos %d: generated token has span %r" % (i, p.get("span")))
    check(label + ": positions (pos, source, bytes, text, span)", not bad, "; ".join(bad[:5]))

    n_fwd = n_prompt + n_steps - 1 if n_steps > 0 else n_prompt  # positions run through the model
    nulls = [i for i, p in enumerate(positions) if p.get("embed") is None]
    check(label + ": positions 0..%d forwarded, the rest null" % (n_fwd - 1),
          nulls == list(range(n_fwd, len(positions)))
          and all(positions[i].get("attn") is None and positions[i].get("resid") is None
                  for i in nulls), "null embed at %s" % nulls)

    fwd_ids = ids[:n_fwd]
    if not check(label + ": ids in range", all(isinstance(i, int) and 0 <= i < V for i in ids),
                 "%s" % ids):
        return
    ref = model(fwd_ids)
    diffs = MaxDiff()

    # --- every forwarded position ---------------------------------------------------------------
    for i in range(n_fwd):
        p = positions[i]
        e = p.get("embed")
        if not check(label + ": pos %d has embed/attn/resid" % i,
                     isinstance(e, dict) and isinstance(p.get("attn"), list)
                     and isinstance(p.get("resid"), list)):
            continue
        diffs.add("embed.token", e.get("token"), ref["tok_emb"][i], "pos %d" % i)
        diffs.add("embed.position", e.get("position"), ref["pos_emb"][i], "pos %d" % i)
        diffs.add("embed.sum", e.get("sum"), ref["emb_sum"][i], "pos %d" % i)
        if not check(label + ": pos %d attn has %d layers x %d heads" % (i, L, H),
                     len(p["attn"]) == L and all(len(a) == H for a in p["attn"])
                     and len(p["resid"]) == L):
            continue
        for l in range(L):
            for h in range(H):
                head = p["attn"][l][h]
                where = "pos %d layer %d head %d" % (i, l, h)
                diffs.add("attn.scores", head.get("scores"), ref["scores"][l][h, i, :i + 1], where)
                diffs.add("attn.weights", head.get("weights"), ref["weights"][l][h, i, :i + 1],
                          where)
            diffs.add("resid", p["resid"][l], ref["resid"][l][i], "pos %d layer %d" % (i, l))

    # --- every step ----------------------------------------------------------------------------
    bad = []
    temperature, top_k, top_p = run["temperature"], run["top_k"], run["top_p"]
    for k, st in enumerate(steps):
        pos = n_prompt + k - 1
        where = "step %d" % k
        if st.get("step") != k or st.get("pos") != pos:
            bad.append("%s: step=%r pos=%r, expected %d/%d" % (where, st.get("step"), st.get("pos"),
                                                                k, pos))
            continue
        if st.get("id") != ids[pos + 1] or st.get("forced") is not False:
            bad.append("%s: id %r forced %r, but position %d holds %r" % (
                where, st.get("id"), st.get("forced"), pos + 1, ids[pos + 1]))
        if st.get("text") != positions[pos + 1].get("text"):
            bad.append("%s: text %r vs position text %r" % (where, st.get("text"),
                                                            positions[pos + 1].get("text")))
        if abs(st.get("temperature", -1) - temperature) > 1e-6 or st.get("top_k") != top_k \
                or abs(st.get("top_p", -1) - top_p) > 1e-6:
            bad.append("%s: settings %r/%r/%r" % (where, st.get("temperature"), st.get("top_k"),
                                                  st.get("top_p")))
        logits_ref = ref["logits"][pos]
        diffs.add("logits", st.get("logits"), logits_ref, where)
        probs_ref, cut_ref = gpt2_torch.sampling_distribution(logits_ref, temperature, top_k,
                                                               top_p)
        diffs.add("probs", st.get("probs"), probs_ref, where)
        probs_c = np.asarray(st.get("probs", []), dtype=np.float64)
        cut_c = np.asarray(st.get("cut", []))
        chosen = st.get("id")
        if len(probs_c) != V or len(cut_c) != V:
            bad.append("%s: %d probs, %d cut, expected %d" % (where, len(probs_c), len(cut_c), V))
            continue
        diffs.add("p(chosen)", [st.get("p", -1)], [float(probs_ref[chosen])], where)
        if temperature == 0:
            argmax = int(torch.argmax(logits_ref))
            if chosen != argmax:
                bad.append("%s: greedy chose %d, argmax is %d" % (where, chosen, argmax))
            if cut_c[argmax] != 0:
                bad.append("%s: greedy argmax %d marked cut %d" % (where, argmax, cut_c[argmax]))
        else:
            if probs_ref[chosen] <= 0 or cut_c[chosen] != 0:
                bad.append("%s: sampled id %d has oracle p %.3g, C cut %d" % (
                    where, chosen, float(probs_ref[chosen]), cut_c[chosen]))
            mismatch = np.nonzero(cut_c != cut_ref.numpy())[0]
            if len(mismatch):
                margin = gpt2_torch.top_p_margin(logits_ref, temperature, top_k, top_p)
                bad.append("%s: cut differs at %d ids (e.g. id %d: C %d, oracle %d; top-p margin "
                           "%.2g)" % (where, len(mismatch), mismatch[0], cut_c[mismatch[0]],
                                      int(cut_ref[mismatch[0]]), margin))
        top = st.get("top", [])
        want = sorted(probs_ref.tolist(), reverse=True)[:min(10, V)]
        if len(top) != len(want):
            bad.append("%s: top has %d entries" % (where, len(top)))
        else:
            for j, entry in enumerate(top):
                tid, ttext, tp = entry
                tb = tok.token_bytes(tid)
                if (abs(tp - want[j]) > TOLERANCE or abs(tp - probs_c[tid]) > 1e-6
                        or (_valid_utf8(tb) and ttext != tb.decode("utf-8"))):
                    bad.append("%s: top[%d] = %r, oracle p %.6g" % (where, j, entry, want[j]))
                    break
    check(label + ": steps (ids, greedy argmax, sampled id kept, cut, top, settings)", not bad,
          "; ".join(bad[:5]))
    if temperature == 0:
        print("  %s: temperature 0: only the argmax's cut value is checked (the schema does not "
              "say how greedy marks the rest)" % label)
    diffs.report(label)


def _valid_utf8(b):
    try:
        b.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


# ---------------------------------------------------------------------------------------------
# the oracle checks itself against a plain numpy loop (different code, same maths)

def numpy_forward(config, w, ids):
    """Position by position, head by head, the slow obvious way. Returns logits (T, V), and the
    attention weights and resid of the last position."""
    L, H, C = config["n_layer"], config["n_head"], config["n_embd"]
    eps = config["layer_norm_epsilon"]
    hs = C // H
    w = {k: v.astype(np.float64) for k, v in w.items()}

    def ln(x, g, b):
        mu = x.mean()
        var = ((x - mu) ** 2).mean()
        return (x - mu) / math.sqrt(var + eps) * g + b

    def gelu(x):
        return 0.5 * x * (1 + np.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))

    xs = [w["wte.weight"][t] + w["wpe.weight"][i] for i, t in enumerate(ids)]
    for l in range(L):
        p = "h.%d." % l
        qkv = [ln(x, w[p + "ln_1.weight"], w[p + "ln_1.bias"]) @ w[p + "attn.c_attn.weight"]
               + w[p + "attn.c_attn.bias"] for x in xs]
        new = []
        for i, x in enumerate(xs):
            y = np.zeros(C)
            for h in range(H):
                q = qkv[i][h * hs:(h + 1) * hs]
                s = np.array([q @ qkv[j][C + h * hs:C + (h + 1) * hs] / math.sqrt(hs)
                              for j in range(i + 1)])
                a = np.exp(s - s.max())
                a /= a.sum()
                y[h * hs:(h + 1) * hs] = sum(a[j] * qkv[j][2 * C + h * hs:2 * C + (h + 1) * hs]
                                             for j in range(i + 1))
            x = x + y @ w[p + "attn.c_proj.weight"] + w[p + "attn.c_proj.bias"]
            m = gelu(ln(x, w[p + "ln_2.weight"], w[p + "ln_2.bias"]) @ w[p + "mlp.c_fc.weight"]
                     + w[p + "mlp.c_fc.bias"])
            new.append(x + m @ w[p + "mlp.c_proj.weight"] + w[p + "mlp.c_proj.bias"])
        xs = new
    return np.array([ln(x, w["ln_f.weight"], w["ln_f.bias"]) @ w["wte.weight"].T for x in xs])


def oracle_self_check(tmp):
    d = os.path.join(tmp, "selfcheck")
    hfmodel.write_model(d, 2, 3, 12, 8, seed=7)
    config, weights = hfmodel.load_model(d)
    model = gpt2_torch.GPT2(config).load(weights)
    ids = [5, 260, 17, 300, 42, 0]
    got = model(ids)["logits"].numpy()
    want = numpy_forward(config, weights, ids)
    d = float(np.max(np.abs(got - want)))
    print("  oracle self-check (torch vs numpy loop, float64): logits max|diff| %.2e" % d)
    check("oracle self-check: torch GPT-2 = numpy loop", d < 1e-10, "%.3g" % d)
    # writer/reader round trip for every dtype
    for dtype in ("F32", "F16", "BF16"):
        d2 = os.path.join(tmp, "rt_" + dtype)
        hfmodel.write_model(d2, 1, 2, 8, 4, dtype=dtype, prefix=True, buffers=True, seed=3)
        _, w2 = hfmodel.load_model(d2)
        src = dict(hfmodel.random_weights(1, 8, 4, config_vocab(d2), 3))
        if dtype == "F16":
            src = {k: v.astype(np.float16).astype(np.float32) for k, v in src.items()}
        elif dtype == "BF16":
            src = {k: ((v.view(np.uint32) >> 16) << 16).view(np.float32) for k, v in src.items()}
        same = set(src) == set(w2) and all(np.array_equal(src[k], w2[k]) for k in src)
        check("hfmodel round trip %s (prefix, buffers)" % dtype, same)
    # sampling_distribution on a hand-made case
    probs, cut = gpt2_torch.sampling_distribution(torch.log(torch.tensor(
        [0.1, 0.4, 0.2, 0.3], dtype=torch.float64)), 1.0, 3, 0.6)
    check("oracle sampler: top-k 3 then top-p 0.6 on [.1 .4 .2 .3]",
          cut.tolist() == [1, 0, 2, 0] and abs(float(probs[1]) - 4 / 7) < 1e-12,
          "cut %s probs %s" % (cut.tolist(), probs.tolist()))


def config_vocab(d):
    with open(os.path.join(d, "config.json")) as f:
        return json.load(f)["vocab_size"]


# ---------------------------------------------------------------------------------------------
# configurations

WORDS = ("The teacher writes on the board and the students read the words . Paris is the capital "
         "of France , and the cat sat on the mat").split()


def prompt_with_tokens(tok, n):
    """A prompt that encodes to exactly n tokens."""
    text = ""
    i = 0
    while len(tok.encode(text)[0]) < n:
        word = WORDS[i % len(WORDS)]
        cand = (text + " " + word) if text else word
        if len(tok.encode(cand)[0]) > n:
            cand = text + "!"  # one byte token
        text = cand
        i += 1
    assert len(tok.encode(text)[0]) == n, text
    return text


CONFIGS = [
    # name, model args, runs [(prompt or ("exact", n), steps, temperature, top_k, top_p, seed)]
    ("L1 H1 C8 T16", dict(n_layer=1, n_head=1, n_embd=8, n_ctx=16, seed=1), [
        (("exact", 16), 1, 0.0, 0, 1.0, 1),          # prompt fills the context exactly
        ("The cat", 15, 0.0, 0, 1.0, 2),             # generate until position 16 (never run)
    ]),
    ("L2 H3 C24 T32", dict(n_layer=2, n_head=3, n_embd=24, n_ctx=32, seed=2), [
        ("The teacher writes", 8, 0.8, 20, 0.9, 42),
        ("Paris is the capital of", 6, 0.0, 0, 1.0, 0),
    ]),
    ("L3 H5 C40 T24", dict(n_layer=3, n_head=5, n_embd=40, n_ctx=24, seed=3), [
        ("In the beginning there were the bytes", 7, 1.0, 0, 0.5, 7),
        (("exact", 24), 1, 1.2, 40, 1.0, 9),
    ]),
    ("L2 H4 C32 T20 F16", dict(n_layer=2, n_head=4, n_embd=32, n_ctx=20, seed=4, dtype="F16"), [
        ("café 42, the dog!", 5, 0.7, 5, 1.0, 3),
    ]),
    ("L2 H2 C16 T16 BF16 prefix+buffers", dict(n_layer=2, n_head=2, n_embd=16, n_ctx=16, seed=5,
                                               dtype="BF16", prefix=True, buffers=True), [
        ("the wind", 6, 1.3, 0, 0.8, 11),
    ]),
    ("L4 H6 C96 T64", dict(n_layer=4, n_head=6, n_embd=96, n_ctx=64, seed=8), [
        ("The quick brown fox jumps over the lazy dog. The teacher writes on the board, and",
         20, 0.9, 50, 0.95, 123),                    # a bigger model: longer rows, more heads
    ]),
    ("L1 H2 C16 T16 vocab+37 eot", dict(n_layer=1, n_head=2, n_embd=16, n_ctx=16, seed=6,
                                        vocab_extra=37, eot=True), [
        ("one two", 6, 2.0, 0, 1.0, 5),
        ("one two", 4, 0.0, 0, 1.0, 5),
    ]),
]


def run_config(tmp, name, margs, runs):
    d = os.path.join(tmp, name.replace(" ", "_").replace("+", "_"))
    hfmodel.write_model(d, **margs)
    config, model = gpt2_torch.load(d)
    tok = hfmodel.Tokenizer(d)
    for r, (prompt, steps, temperature, top_k, top_p, seed) in enumerate(runs):
        if isinstance(prompt, tuple):
            prompt = prompt_with_tokens(tok, prompt[1])
        run = dict(prompt=prompt, steps=steps, temperature=temperature, top_k=top_k, top_p=top_p,
                   seed=seed)
        label = "%s run %d (%d steps, t=%g k=%d p=%g)" % (name, r, steps, temperature, top_k,
                                                           top_p)
        out = os.path.join(tmp, "trace_%s_%d.json" % (os.path.basename(d), r))
        rc, err = run_trace(d, prompt, steps, temperature, top_k, top_p, seed, out)
        if not check(label + ": glassbox trace exits 0", rc == 0,
                     "exit %r, stderr: %s" % (rc, err.strip()[-600:])):
            continue
        try:
            with open(out, encoding="utf-8") as f:
                trace = json.load(f)
        except (OSError, ValueError) as e:
            check(label + ": trace is valid JSON", False, str(e))
            continue
        try:
            compare_trace(label, trace, d, config, model, tok, run)
        except Exception as e:  # a malformed trace must fail the test, not crash it
            check(label + ": trace follows the schema", False, "%s: %s" % (type(e).__name__, e))
        if temperature > 0:  # the same seed must give the same tokens
            out2 = out + ".again.json"
            rc2, err2 = run_trace(d, prompt, steps, temperature, top_k, top_p, seed, out2)
            again = None
            if rc2 == 0:
                with open(out2, encoding="utf-8") as f:
                    again = [p["id"] for p in json.load(f)["positions"]]
            check(label + ": same seed, same tokens",
                  again == [p["id"] for p in trace["positions"]], "exit %r %s" % (rc2, err2[-300:]))


# ---------------------------------------------------------------------------------------------
# bad input

def corrupt_cases():
    """[(name, offending file, function(model_dir) that breaks a good model)]."""
    def st_path(d):
        return os.path.join(d, "model.safetensors")

    def truncate(d):
        size = os.path.getsize(st_path(d))
        with open(st_path(d), "r+b") as f:
            f.truncate(size * 2 // 3)

    def header_too_long(d):
        size = os.path.getsize(st_path(d))
        with open(st_path(d), "r+b") as f:
            f.write(struct.pack("<Q", size + 100))

    def header_huge(d):
        with open(st_path(d), "r+b") as f:
            f.write(struct.pack("<Q", 0xFFFFFFFFFFFFFFF8))

    def rewrite_header(edit):
        def go(d):
            with open(st_path(d), "rb") as f:
                blob = f.read()
            (n,) = struct.unpack("<Q", blob[:8])
            header = json.loads(blob[8:8 + n])
            edit(header)
            hb = hfmodel.header_bytes(header)
            with open(st_path(d), "wb") as f:
                f.write(struct.pack("<Q", len(hb)) + hb + blob[8 + n:])
        return go

    def last_tensor(header):
        return max((k for k in header if k != "__metadata__"),
                   key=lambda k: header[k]["data_offsets"][1])

    def offsets_out_of_range(header):
        k = last_tensor(header)
        b, e = header[k]["data_offsets"]
        header[k]["data_offsets"] = [b + 64, e + 64]

    def offsets_overlap(header):
        k = last_tensor(header)
        b, e = header[k]["data_offsets"]
        header[k]["data_offsets"] = [b - 8, e - 8]

    def offsets_alias(header):
        header["ln_f.bias"]["data_offsets"] = list(header["ln_f.weight"]["data_offsets"])

    def unknown_dtype(header):
        header["h.0.ln_1.weight"]["dtype"] = "Q7"

    def size_mismatch(header):
        header["h.0.ln_2.bias"]["shape"] = [header["h.0.ln_2.bias"]["shape"][0] + 1]

    def shape_vs_config(d):
        # c_fc stored (4C, C) instead of (in, out) = (C, 4C): right byte count, wrong shape
        def hook(tensors):
            for i, (n, a) in enumerate(tensors):
                if n == "h.1.mlp.c_fc.weight":
                    tensors[i] = (n, np.ascontiguousarray(a.T))
        hfmodel.write_model(d, 2, 2, 16, 16, seed=9, tensor_hook=hook)

    def wpe_short(d):
        cfg = json.load(open(os.path.join(d, "config.json")))
        cfg["n_positions"] = cfg["n_ctx"] = 32
        json.dump(cfg, open(os.path.join(d, "config.json"), "w"))

    def missing_tensor(d):
        hfmodel.write_model(d, 2, 2, 16, 16, seed=9,
                            tensor_hook=lambda t: t.remove(next(x for x in t
                                                                if x[0] == "h.1.ln_2.bias")))

    def missing_vocab(d):
        os.remove(os.path.join(d, "vocab.json"))

    def missing_model(d):
        os.remove(st_path(d))

    def malformed_config(d):
        with open(os.path.join(d, "config.json"), "w") as f:
            f.write('{"n_layer": 2, "n_head": 2, "n_embd": ')

    def heads_do_not_divide(d):
        cfg = json.load(open(os.path.join(d, "config.json")))
        cfg["n_head"] = 3
        json.dump(cfg, open(os.path.join(d, "config.json"), "w"))

    def malformed_vocab(d):
        with open(os.path.join(d, "vocab.json"), "w") as f:
            f.write('{"a": 0, "b": ')

    def header_not_json(d):
        with open(st_path(d), "r+b") as f:
            f.seek(8)
            f.write(b"\x00not json")

    return [
        ("truncated model.safetensors", "model.safetensors", truncate),
        ("header length larger than the file", "model.safetensors", header_too_long),
        ("header length near 2^64", "model.safetensors", header_huge),
        ("header not JSON", "model.safetensors", header_not_json),
        ("data_offsets out of range", "model.safetensors", rewrite_header(offsets_out_of_range)),
        ("overlapping data_offsets", "model.safetensors", rewrite_header(offsets_overlap)),
        ("two tensors at the same offsets", "model.safetensors", rewrite_header(offsets_alias)),
        ("unknown dtype", "model.safetensors", rewrite_header(unknown_dtype)),
        ("shape disagrees with byte count", "model.safetensors", rewrite_header(size_mismatch)),
        ("c_fc shape disagrees with config.json", "model.safetensors|config.json",
         shape_vs_config),
        ("n_positions larger than wpe", "model.safetensors|config.json", wpe_short),
        ("missing tensor", "model.safetensors", missing_tensor),
        ("missing model.safetensors", "model.safetensors", missing_model),
        ("missing vocab.json", "vocab.json", missing_vocab),
        ("malformed vocab.json", "vocab.json", malformed_vocab),
        ("malformed config.json", "config.json", malformed_config),
        ("n_head does not divide n_embd", "config.json", heads_do_not_divide),
    ]


def bad_input_checks(tmp):
    for n, (name, culprit, breaker) in enumerate(corrupt_cases()):
        d = os.path.join(tmp, "bad%02d" % n)  # a neutral name: the message must name the file
        hfmodel.write_model(d, 2, 2, 16, 16, seed=9)
        breaker(d)
        out = os.path.join(tmp, "bad_out.json")
        rc, err = run_trace(d, "the cat", 2, 0.0, 0, 1.0, 0, out)
        lines = [l for l in err.splitlines() if l.startswith("glassbox: ")]
        culprits = culprit.split("|")
        named = [l for l in lines if any(c in l for c in culprits)]
        leftovers = [f for f in os.listdir(tmp) if f.startswith("bad_out.json")]
        crashed = "Sanitizer" in err or "runtime error:" in err  # ASan also exits with 1
        ok = rc is not None and 0 < rc < 128 and named and not leftovers and not crashed
        check("bad input: %s -> non-zero exit, message naming %s, no output"
              % (name, " or ".join(culprits)), ok,
              "exit %r, left %s, stderr: %s" % (rc, leftovers or "nothing", err.strip()[-400:]))
        for f in leftovers:
            os.remove(os.path.join(tmp, f))
        if named:
            print("  bad input: %-40s %s" % (name, named[0][:150]))


# ---------------------------------------------------------------------------------------------

def main():
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    print("test_oracle: glassbox = %s" % GLASSBOX)
    tmp = tempfile.mkdtemp(prefix="glassbox_oracle_")
    try:
        oracle_self_check(tmp)
        if check("glassbox binary exists", os.access(GLASSBOX, os.X_OK),
                 "%s not found: run make first" % GLASSBOX):
            for name, margs, runs in CONFIGS:
                run_config(tmp, name, margs, runs)
            bad_input_checks(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
