#!/usr/bin/python3
"""test_grad.py — check glassbox's training maths (ref/train.c) against PyTorch autograd.

For each configuration below it writes a random float32 model in the Hugging Face layout
(hfmodel.py) and a batch of random token ids, runs
    $BUILD/tools/gradcheck --model DIR --tokens FILE --batch B --seq T --out GRADS.safetensors
and compares the loss and the gradient of EVERY weight with gpt2_torch.py's GPT-2 in float64 on
the same weights: loss = F.cross_entropy over all B x T positions (mean), LM head tied to wte, so
wte's gradient holds both the embedding and the head contributions. Per tensor
    rel = max |g_C - g_torch| / (max |g_torch| + 1e-8)        must be <= 1e-3
(printed for every tensor of every configuration), and the loss must agree to 1e-5 relative.

Then AdamW: `gradcheck ... --adamw-steps 10 --lr 1e-2 --wd 0.1 [--clip 0.5 | 2]` against
torch.optim.AdamW(lr=1e-2, betas=(0.9, 0.95), eps=1e-8) with weight decay 0.1 on wte and the four
matrices per layer only (not wpe, biases or LayerNorm weights), 10 steps on the same
batch, with torch.nn.utils.clip_grad_norm_(params, clip) before each step in the clipped runs. The
loss before each update must agree to 1e-4 absolute, the pre-clip gradient norm to 1e-4 relative.

Before any of that the oracle checks itself: its batched logits equal its forward() (which
test_oracle.py checks against a numpy loop), and its autograd gradient agrees with central finite
differences along random directions.

Run: /usr/bin/python3 tests/oracle/test_grad.py   (BUILD=build by default). Ends with
"N passed, N failed" and exits non-zero on any failure.
"""
import json
import os
import shutil
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
GRADCHECK = os.path.join(ROOT, BUILD, "tools", "gradcheck") if not os.path.isabs(BUILD) else \
    os.path.join(BUILD, "tools", "gradcheck")
GRAD_TOLERANCE = 1e-3    # max |diff| / max |torch| per tensor
LOSS_TOLERANCE = 1e-5    # relative
ADAMW_TOLERANCE = 1e-4   # absolute, on the loss before each update
NORM_TOLERANCE = 1e-4    # relative, on the gradient norm
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
# configurations

# name, model args for hfmodel.write_model, B, T, id range (None = the whole vocabulary), seed.
# Ids drawn from a small range repeat, so an embedding row collects several gradients.
CONFIGS = [
    ("L1 H1 C8 ctx16 B1 T16", dict(n_layer=1, n_head=1, n_embd=8, n_ctx=16, seed=11), 1, 16, 12, 1),
    ("L1 H1 C8 ctx16 B3 T1", dict(n_layer=1, n_head=1, n_embd=8, n_ctx=16, seed=11), 3, 1, None, 2),
    ("L2 H3 C24 ctx12 B2 T12", dict(n_layer=2, n_head=3, n_embd=24, n_ctx=12, seed=12), 2, 12,
     None, 3),
    ("L3 H4 C32 ctx32 B4 T9", dict(n_layer=3, n_head=4, n_embd=32, n_ctx=32, seed=13), 4, 9,
     40, 4),
    ("L2 H2 C16 ctx16 V300 B3 T7", dict(n_layer=2, n_head=2, n_embd=16, n_ctx=16, seed=14,
                                        n_merges=40, vocab_size=300), 3, 7, None, 5),
    ("L1 H5 C20 ctx8 V300 B2 T5", dict(n_layer=1, n_head=5, n_embd=20, n_ctx=8, seed=15,
                                       n_merges=40, vocab_size=300), 2, 5, None, 6),
]

# The AdamW runs: one model, one batch, 10 steps without and with clipping. Adam's update does not
# change when every gradient is scaled by the same factor, so clipping at 0.5 (below every step's
# norm) hardly shows in the losses; at 2.0 some steps are clipped and some are not, and a wrong
# clipping factor (or clipping gradients that are already small) does.
ADAMW_MODEL = dict(n_layer=2, n_head=2, n_embd=16, n_ctx=16, seed=21, n_merges=40, vocab_size=300)
ADAMW_B, ADAMW_T, ADAMW_STEPS, ADAMW_LR, ADAMW_WD = 2, 8, 10, 1e-2, 0.1
ADAMW_RUNS = [("AdamW", 0.0), ("AdamW clip 0.5", 0.5), ("AdamW clip 2", 2.0)]


# ---------------------------------------------------------------------------------------------
# helpers

def write_batch(path, V, B, T, id_range, seed):
    """B sequences of T + 1 random ids (inputs = the first T, targets = the last T), written one
    sequence per line. Returns (inputs, targets) as (B, T) int arrays."""
    rng = np.random.default_rng(seed)
    ids = rng.integers(0, id_range or V, size=(B, T + 1))
    with open(path, "w") as f:
        for row in ids:
            f.write(" ".join(str(int(i)) for i in row) + "\n")
    return ids[:, :T], ids[:, 1:]


def run_gradcheck(args):
    cmd = [GRADCHECK] + [str(a) for a in args]
    try:
        r = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, "", "timed out after %ds" % TIMEOUT
    return r.returncode, r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace")


def load_oracle(model_dir):
    config, weights = hfmodel.load_model(model_dir)
    model = gpt2_torch.GPT2(config, torch.float64).load(weights)
    model.requires_grad_(True)
    return config, model


def rel_diff(c, t):
    """max |c - t| / (max |t| + 1e-8): the error measured against the tensor's own scale, so a
    tensor whose entries are mostly near zero is not judged by its tiniest entries."""
    d = float(np.max(np.abs(c - t))) if c.size else 0.0
    if not np.all(np.isfinite(c)):
        d = float("inf")
    scale = float(np.max(np.abs(t))) if t.size else 0.0
    return d / (scale + 1e-8)


def kind_of(name):
    """h.3.attn.c_attn.weight -> attn.c_attn.weight"""
    parts = name.split(".")
    return ".".join(parts[2:]) if parts[0] == "h" else name


# worst relative difference per tensor kind over every configuration, for the summary
WORST = {}


def note(kind, rel, where):
    if kind not in WORST or rel > WORST[kind][0]:
        WORST[kind] = (rel, where)


# ---------------------------------------------------------------------------------------------
# the oracle checks itself

def oracle_self_check(tmp):
    d = os.path.join(tmp, "selfcheck")
    hfmodel.write_model(d, 2, 2, 8, 6, seed=5, n_merges=10, vocab_size=270)
    config, model = load_oracle(d)
    rng = np.random.default_rng(0)
    ids = rng.integers(0, config["vocab_size"], size=(2, 6))
    # batched logits (with autograd) = forward() of each sequence on its own
    with torch.no_grad():
        batched = model.train_logits(ids)
    dmax = max(float(torch.max(torch.abs(batched[b] - model(ids[b])["logits"])))
               for b in range(ids.shape[0]))
    check("oracle self-check: train_logits = forward() per sequence", dmax < 1e-12, "%.3g" % dmax)
    # autograd gradient . direction = central difference of the loss along that direction
    inputs, targets = ids[:, :5], ids[:, 1:]
    params = list(model.named_weights().values())
    model.zero_grad(set_to_none=True)
    model.train_loss(inputs, targets).backward()
    grads = [p.grad.clone() for p in params]
    worst = 0.0
    gen = torch.Generator().manual_seed(1)
    for _ in range(3):
        dirs = [torch.randn(p.shape, generator=gen, dtype=p.dtype) for p in params]
        h = 1e-5
        with torch.no_grad():
            for p, v in zip(params, dirs):
                p.add_(h * v)
            up = float(model.train_loss(inputs, targets))
            for p, v in zip(params, dirs):
                p.sub_(2 * h * v)
            down = float(model.train_loss(inputs, targets))
            for p, v in zip(params, dirs):
                p.add_(h * v)
        numeric = (up - down) / (2 * h)
        analytic = float(sum(torch.sum(g * v) for g, v in zip(grads, dirs)))
        worst = max(worst, abs(numeric - analytic) / max(abs(analytic), 1e-12))
    print("  oracle self-check (autograd vs central differences, float64): rel diff %.2e" % worst)
    check("oracle self-check: autograd = finite differences", worst < 1e-6, "%.3g" % worst)


# ---------------------------------------------------------------------------------------------
# gradients

def grad_config(tmp, name, margs, B, T, id_range, seed):
    d = os.path.join(tmp, name.replace(" ", "_"))
    hfmodel.write_model(d, **margs)
    config, model = load_oracle(d)
    V = config["vocab_size"]
    tokens = os.path.join(d, "tokens.txt")
    inputs, targets = write_batch(tokens, V, B, T, id_range, seed)
    out = os.path.join(d, "grads.safetensors")
    rc, _, err = run_gradcheck(["--model", d, "--tokens", tokens, "--batch", B, "--seq", T,
                                "--out", out])
    if not check(name + ": gradcheck exits 0", rc == 0,
                 "exit %r, stderr: %s" % (rc, err.strip()[-600:])):
        return
    crashed = "Sanitizer" in err or "runtime error:" in err
    check(name + ": no sanitizer report", not crashed, err.strip()[-600:])
    try:
        got, dtypes = hfmodel.read_safetensors(out)
    except (OSError, ValueError) as e:
        check(name + ": gradient file readable", False, str(e))
        return

    model.zero_grad(set_to_none=True)
    loss = model.train_loss(inputs, targets)
    loss.backward()
    want = {n: p.grad.detach().numpy() for n, p in model.named_weights().items()}

    check(name + ": gradient file has loss + every weight's gradient, float32",
          set(got) == set(want) | {"loss"} and all(t == "F32" for t in dtypes.values()),
          "missing %s, extra %s" % (sorted(set(want) - set(got))[:5],
                                    sorted(set(got) - set(want) - {"loss"})[:5]))
    c_loss = float(got["loss"].reshape(-1)[0]) if "loss" in got else float("nan")
    t_loss = float(loss)
    loss_rel = abs(c_loss - t_loss) / abs(t_loss)
    print("  %s: loss C %.7f torch %.7f (rel %.1e)" % (name, c_loss, t_loss, loss_rel))
    check("%s: loss rel diff %.3g <= %g" % (name, loss_rel, LOSS_TOLERANCE),
          loss_rel <= LOSS_TOLERANCE)

    # per tensor: one line for the embeddings and ln_f, one per layer
    lines = {}
    for tname, t in want.items():
        if tname not in got:
            continue
        c = got[tname].astype(np.float64)
        if not check("%s: %s shape" % (name, tname), c.shape == t.shape,
                     "C %s vs torch %s" % (c.shape, t.shape)):
            continue
        rel = rel_diff(c, t)
        note(kind_of(tname), rel, name)
        group = ".".join(tname.split(".")[:2]) if tname.startswith("h.") else "embed/ln_f"
        lines.setdefault(group, []).append("%s %.1e" % (kind_of(tname), rel))
        check("%s: %s max rel diff %.3g <= %g" % (name, tname, rel, GRAD_TOLERANCE),
              rel <= GRAD_TOLERANCE, "max |torch| %.3g" % float(np.max(np.abs(t))))
    for group, parts in lines.items():
        print("  %s: %-10s %s" % (name, group, ", ".join(parts)))


# ---------------------------------------------------------------------------------------------
# AdamW

def torch_adamw(model, inputs, targets, steps, lr, wd, clip):
    """[(loss before the update, gradient norm before clipping)] for each step."""
    opt = torch.optim.AdamW(model.adamw_groups(wd), lr=lr, betas=(0.9, 0.95), eps=1e-8)
    params = list(model.named_weights().values())
    out = []
    for _ in range(steps):
        opt.zero_grad(set_to_none=True)
        loss = model.train_loss(inputs, targets)
        loss.backward()
        if clip > 0:
            norm = float(torch.nn.utils.clip_grad_norm_(params, clip))
        else:
            norm = float(torch.sqrt(sum(torch.sum(p.grad * p.grad) for p in params)))
        opt.step()
        out.append((float(loss), norm))
    return out


def adamw_checks(tmp):
    d = os.path.join(tmp, "adamw")
    hfmodel.write_model(d, **ADAMW_MODEL)
    tokens = os.path.join(d, "tokens.txt")
    config, _ = load_oracle(d)
    inputs, targets = write_batch(tokens, config["vocab_size"], ADAMW_B, ADAMW_T, None, 7)
    for label, clip in ADAMW_RUNS:
        label = "%s (%d steps, lr %g, wd %g, B%d T%d)" % (label, ADAMW_STEPS, ADAMW_LR, ADAMW_WD,
                                                       ADAMW_B, ADAMW_T)
        args = ["--model", d, "--tokens", tokens, "--batch", ADAMW_B, "--seq", ADAMW_T,
                "--adamw-steps", ADAMW_STEPS, "--lr", ADAMW_LR, "--wd", ADAMW_WD]
        if clip > 0:
            args += ["--clip", clip]
        rc, out, err = run_gradcheck(args)
        if not check(label + ": gradcheck exits 0", rc == 0,
                     "exit %r, stderr: %s" % (rc, err.strip()[-600:])):
            continue
        check(label + ": no sanitizer report",
              "Sanitizer" not in err and "runtime error:" not in err, err.strip()[-600:])
        try:
            lines = [json.loads(l) for l in out.splitlines() if l.strip()]
            c_run = [(float(l["loss"]), float(l["norm"])) for l in lines]
            steps_ok = [l["step"] for l in lines] == list(range(ADAMW_STEPS))
        except (ValueError, KeyError, TypeError) as e:
            check(label + ": one JSON line per step", False, "%s: %s" % (e, out[:300]))
            continue
        if not check(label + ": %d JSON lines, steps 0..%d" % (ADAMW_STEPS, ADAMW_STEPS - 1),
                     steps_ok and len(c_run) == ADAMW_STEPS, out[:300]):
            continue
        _, model = load_oracle(d)  # fresh weights for each run
        t_run = torch_adamw(model, inputs, targets, ADAMW_STEPS, ADAMW_LR, ADAMW_WD, clip)
        loss_diff = max(abs(c[0] - t[0]) for c, t in zip(c_run, t_run))
        norm_rel = max(abs(c[1] - t[1]) / t[1] for c, t in zip(c_run, t_run))
        print("  %s: loss C %s" % (label, " ".join("%.5f" % c[0] for c in c_run)))
        print("  %s: loss T %s" % (label, " ".join("%.5f" % t[0] for t in t_run)))
        print("  %s: norm C %s" % (label, " ".join("%.4f" % c[1] for c in c_run)))
        print("  %s: norm T %s" % (label, " ".join("%.4f" % t[1] for t in t_run)))
        print("  %s: max |loss diff| %.2e, max norm rel diff %.2e" % (label, loss_diff, norm_rel))
        check("%s: losses max |diff| %.3g <= %g" % (label, loss_diff, ADAMW_TOLERANCE),
              loss_diff <= ADAMW_TOLERANCE)
        check("%s: gradient norms max rel diff %.3g <= %g" % (label, norm_rel, NORM_TOLERANCE),
              norm_rel <= NORM_TOLERANCE)
        check("%s: the loss goes down" % label, c_run[-1][0] < c_run[0][0] - 0.1,
              "%.4f -> %.4f" % (c_run[0][0], c_run[-1][0]))
        if clip > 0:
            n_clipped = sum(1 for t in t_run if t[1] > clip)
            print("  %s: %d of %d steps clipped" % (label, n_clipped, ADAMW_STEPS))
            check("%s: clipping was active (norm > %g at step 0)" % (label, clip), n_clipped > 0,
                  "norm %.3g" % t_run[0][1])


# ---------------------------------------------------------------------------------------------

def main():
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    print("test_grad: gradcheck = %s" % GRADCHECK)
    tmp = tempfile.mkdtemp(prefix="glassbox_grad_")
    try:
        oracle_self_check(tmp)
        if check("gradcheck binary exists", os.access(GRADCHECK, os.X_OK),
                 "%s not found: run make programs first" % GRADCHECK):
            for name, margs, B, T, id_range, seed in CONFIGS:
                try:
                    grad_config(tmp, name, margs, B, T, id_range, seed)
                except Exception as e:  # a malformed output must fail the test, not crash it
                    check(name + ": runs", False, "%s: %s" % (type(e).__name__, e))
            try:
                adamw_checks(tmp)
            except Exception as e:
                check("AdamW: runs", False, "%s: %s" % (type(e).__name__, e))
            print("  worst max rel diff per tensor kind over all configurations:")
            for kind, (rel, where) in sorted(WORST.items()):
                print("    %-22s %.2e  (%s)" % (kind, rel, where))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
