#!/usr/bin/python3
"""torch_train.py — PyTorch's training speed on the same model, the yardstick for `glassbox train`.

Loads an HF-layout GPT-2 folder with the test side's own reader (tests/oracle/hfmodel.py) into
float32 torch parameters and trains it the way ref/train.c does: a batch of B random sequences of
T tokens, forward (Conv1D layers as torch.addmm on (in, out) weights, causal attention as matmul +
mask + softmax + matmul, tanh GELU, LM head tied to wte), mean cross-entropy over all B x T
positions, backward, global gradient-norm clipping (torch.nn.utils.clip_grad_norm_, as
`glassbox train` clips at 1.0 by default; --clip 0 turns it off) and torch.optim.AdamW with
betas (0.9, 0.95), eps 1e-8, weight decay 0.1 on wte and the four matrices per layer only (not
wpe, biases or LayerNorm weights), as glassbox's trainer decays them. Warm-up steps come first and are not timed.

    /usr/bin/python3 tests/bench/torch_train.py --model DIR [--batch 16] [--seq 128]
        [--steps 10] [--warmup 2] [--threads 2] [--clip 1.0] [--lr 1e-3] [--foreach]
        [--omp-wait-policy passive|active|unset]

Prints one JSON line: {"tokens_per_s": x, "threads": n, "torch": version, "blas": ...,
"batch": B, "seq": T, "steps": N, "seconds": s, "params": P, "clip": c, "foreach": f,
"omp_wait_policy": w, "loss_first": l0, "loss_last": l1}
where tokens_per_s = steps * B * T / seconds, counted as `glassbox train` counts them.
"""
import argparse
import json
import math
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "oracle"))


def parse_args():
    ap = argparse.ArgumentParser(description="PyTorch training tokens/s on an HF GPT-2")
    ap.add_argument("--model", required=True)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--seq", type=int, default=128, help="tokens per sequence (<= n_positions)")
    ap.add_argument("--steps", type=int, default=10, help="optimiser steps to time")
    ap.add_argument("--warmup", type=int, default=2, help="untimed steps first")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--clip", type=float, default=1.0, help="max gradient norm (0 = no clipping)")
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--foreach", action="store_true",
                    help="torch.optim.AdamW(foreach=True): multi-tensor update")
    ap.add_argument("--omp-wait-policy", default="passive", choices=["passive", "active", "unset"],
                    help="OMP_WAIT_POLICY for torch's OpenMP pool (default passive; see below)")
    return ap.parse_args()


args = parse_args()
# OpenBLAS keeps its own thread pool, sized from the environment when the library loads; torch's
# set_num_threads does not reach it (Debian's torch is built with BLAS_INFO=generic). Set both.
os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)
os.environ["OMP_NUM_THREADS"] = str(args.threads)
# Debian's torch runs its element-wise kernels on libgomp's pool and its matrix products on
# OpenBLAS's own pthreads. libgomp's idle workers spin (OMP_WAIT_POLICY unset or active) and take
# the cores OpenBLAS's threads need right after, and the other way round: with 2 threads on 2 cores
# a training step was measured 3-4x slower than with PASSIVE (876 vs 3794 tokens/s on the
# classroom config), and slower than with 1 thread. PASSIVE gives torch its fair speed.
if args.omp_wait_policy != "unset":
    os.environ["OMP_WAIT_POLICY"] = args.omp_wait_policy.upper()

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
import hfmodel  # noqa: E402


def blas_report():
    """What torch.__config__ says about BLAS, plus the BLAS libraries actually mapped."""
    config = torch.__config__.show().replace("- Build settings:", "").replace("\n", ",")
    said = [part.strip() for part in config.split(",")
            if "BLAS_INFO" in part or "LAPACK_INFO" in part]
    mapped = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                path = line.split()[-1]
                if "blas" in os.path.basename(path).lower():
                    mapped.add(os.path.realpath(path))
    except OSError:
        pass
    return "; ".join(said + ["loaded: " + ", ".join(sorted(mapped)) if mapped else "loaded: none"])


LAYER_KEYS = ("ln_1.weight", "ln_1.bias", "attn.c_attn.weight", "attn.c_attn.bias",
              "attn.c_proj.weight", "attn.c_proj.bias", "ln_2.weight", "ln_2.bias",
              "mlp.c_fc.weight", "mlp.c_fc.bias", "mlp.c_proj.weight", "mlp.c_proj.bias")


class Model:
    """GPT-2 for training, float32, batched. Weights are leaf tensors named as in the file."""

    def __init__(self, model_dir):
        config, w = hfmodel.load_model(model_dir)
        self.L, self.H = config["n_layer"], config["n_head"]
        self.C, self.T, self.V = config["n_embd"], config["n_positions"], config["vocab_size"]
        self.eps = config.get("layer_norm_epsilon", 1e-5)
        self.hs = self.C // self.H
        names = ["wte.weight", "wpe.weight"] + ["h.%d.%s" % (l, k) for l in range(self.L)
                                                for k in LAYER_KEYS] + ["ln_f.weight", "ln_f.bias"]
        self.p = {n: torch.from_numpy(w[n]).float().contiguous().requires_grad_(True)
                  for n in names}

    def loss(self, inputs, targets):
        """inputs, targets (B, T) -> mean cross-entropy over all B x T positions."""
        p, C, H, hs, eps = self.p, self.C, self.H, self.hs, self.eps
        B, T = inputs.shape
        x = p["wte.weight"][inputs] + p["wpe.weight"][:T]                 # (B, T, C)
        causal = torch.ones(T, T, dtype=torch.bool).tril()
        for l in range(self.L):
            b = lambda k: p["h.%d.%s" % (l, k)]  # noqa: E731
            h = F.layer_norm(x, (C,), b("ln_1.weight"), b("ln_1.bias"), eps)
            qkv = torch.addmm(b("attn.c_attn.bias"), h.view(B * T, C), b("attn.c_attn.weight"))
            q, k, v = qkv.view(B, T, 3 * C).split(C, dim=2)
            q = q.view(B, T, H, hs).transpose(1, 2)                        # (B, H, T, hs)
            k = k.view(B, T, H, hs).transpose(1, 2)
            v = v.view(B, T, H, hs).transpose(1, 2)
            att = torch.matmul(q, k.transpose(2, 3)) * (1.0 / math.sqrt(hs))  # (B, H, T, T)
            att = att.masked_fill(~causal, float("-inf")).softmax(dim=-1)
            y = torch.matmul(att, v).transpose(1, 2).reshape(B * T, C)    # heads side by side
            x = x + torch.addmm(b("attn.c_proj.bias"), y, b("attn.c_proj.weight")).view(B, T, C)
            h = F.layer_norm(x, (C,), b("ln_2.weight"), b("ln_2.bias"), eps)
            h = F.gelu(torch.addmm(b("mlp.c_fc.bias"), h.view(B * T, C), b("mlp.c_fc.weight")),
                       approximate="tanh")
            x = x + torch.addmm(b("mlp.c_proj.bias"), h, b("mlp.c_proj.weight")).view(B, T, C)
        x = F.layer_norm(x, (C,), p["ln_f.weight"], p["ln_f.bias"], eps)
        logits = torch.matmul(x.view(B * T, C), p["wte.weight"].t())     # tied LM head (BT, V)
        return F.cross_entropy(logits, targets.reshape(B * T))


def main():
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    model = Model(args.model)
    B, T = args.batch, args.seq
    if B < 1 or T < 1 or T > model.T or args.steps < 1:
        print("torch_train.py: need batch >= 1, steps >= 1 and seq in 1..%d" % model.T,
              file=sys.stderr)
        return 1
    params = list(model.p.values())
    decayed = [q for n, q in model.p.items() if q.dim() == 2 and n != "wpe.weight"]
    groups = [{"params": decayed, "weight_decay": 0.1},
              {"params": [q for n, q in model.p.items() if q.dim() != 2 or n == "wpe.weight"],
               "weight_decay": 0.0}]
    extra = {"foreach": True} if args.foreach else {}
    opt = torch.optim.AdamW(groups, lr=args.lr, betas=(0.9, 0.95), eps=1e-8, **extra)
    # a few random batches, made up front and cycled: the timing is the model's, not randint's
    batches = [torch.randint(0, model.V, (B, T + 1)) for _ in range(4)]

    def step(k):
        ids = batches[k % len(batches)]
        opt.zero_grad(set_to_none=True)
        loss = model.loss(ids[:, :T], ids[:, 1:])
        loss.backward()
        if args.clip > 0:
            torch.nn.utils.clip_grad_norm_(params, args.clip)
        opt.step()
        return float(loss)

    for k in range(args.warmup):
        step(k)
    start = time.perf_counter()
    losses = [step(args.warmup + k) for k in range(args.steps)]
    seconds = time.perf_counter() - start
    print(json.dumps({"tokens_per_s": args.steps * B * T / seconds, "threads": args.threads,
                      "torch": torch.__version__, "blas": blas_report(), "batch": B, "seq": T,
                      "steps": args.steps, "seconds": seconds,
                      "params": sum(q.numel() for q in params), "clip": args.clip,
                      "foreach": bool(args.foreach),
                      "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", "unset"),
                      "loss_first": losses[0], "loss_last": losses[-1]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
