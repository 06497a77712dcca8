#!/usr/bin/python3
"""torch_decode.py — PyTorch's decode speed on the same model, the yardstick for `make bench`.

Loads an HF-layout GPT-2 folder with the test side's own reader (tests/oracle/hfmodel.py) into
float32 torch tensors and measures batch-1 decoding with a KV cache, the way Hugging Face's GPT-2
does it: each step pushes one new token through every layer (addmm for the Conv1D layers, attention
over the cached keys and values), then computes the logits over the whole vocabulary and picks the
argmax. The prompt is prefilled first and is not timed; a warm-up run comes before everything.

    /usr/bin/python3 tests/bench/torch_decode.py --model DIR [--tokens N] [--threads 2]
                                                 [--prompt-len P]

Prints one JSON line: {"tokens_per_s": x, "threads": n, "torch": version, "blas": ...,
"tokens": N, "prompt_len": P, "seconds": s}.
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
    ap = argparse.ArgumentParser(description="PyTorch KV-cache decode tokens/s on an HF GPT-2")
    ap.add_argument("--model", required=True)
    ap.add_argument("--tokens", type=int, default=64, help="decode steps to time")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--prompt-len", type=int, default=16, help="tokens prefilled before timing")
    return ap.parse_args()


args = parse_args()
# OpenBLAS keeps its own thread pool, sized from the environment when the library loads; torch's
# set_num_threads does not reach it (Debian's torch is built with BLAS_INFO=generic). Set both.
os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)
os.environ["OMP_NUM_THREADS"] = str(args.threads)

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


class Decoder:
    """GPT-2 with a KV cache. Weights float32, Conv1D (in, out) as stored."""

    def __init__(self, model_dir):
        config, w = hfmodel.load_model(model_dir)
        self.L, self.H = config["n_layer"], config["n_head"]
        self.C, self.T = config["n_embd"], config["n_positions"]
        self.eps = config.get("layer_norm_epsilon", 1e-5)
        self.hs = self.C // self.H

        def t(name):
            return torch.from_numpy(w[name]).float().contiguous()

        self.wte, self.wpe = t("wte.weight"), t("wpe.weight")
        self.ln_f = (t("ln_f.weight"), t("ln_f.bias"))
        self.blocks = []
        for l in range(self.L):
            p = "h.%d." % l
            self.blocks.append({k: t(p + k) for k in (
                "ln_1.weight", "ln_1.bias", "attn.c_attn.weight", "attn.c_attn.bias",
                "attn.c_proj.weight", "attn.c_proj.bias", "ln_2.weight", "ln_2.bias",
                "mlp.c_fc.weight", "mlp.c_fc.bias", "mlp.c_proj.weight", "mlp.c_proj.bias")})
        self.reset()

    def reset(self):
        # (L, H, T, hs) keys and values, filled one position per step
        self.k = torch.zeros(self.L, self.H, self.T, self.hs)
        self.v = torch.zeros(self.L, self.H, self.T, self.hs)
        self.pos = 0

    def step(self, token):
        """Push one token through the model at the next position; return its logits (V)."""
        C, H, hs, t = self.C, self.H, self.hs, self.pos
        x = (self.wte[token] + self.wpe[t]).unsqueeze(0)                  # (1, C)
        for l, b in enumerate(self.blocks):
            h = F.layer_norm(x, (C,), b["ln_1.weight"], b["ln_1.bias"], self.eps)
            qkv = torch.addmm(b["attn.c_attn.bias"], h, b["attn.c_attn.weight"])  # (1, 3C)
            q, k, v = qkv.split(C, dim=1)
            self.k[l, :, t] = k.view(H, hs)
            self.v[l, :, t] = v.view(H, hs)
            q = q.view(H, 1, hs)
            keys, values = self.k[l, :, :t + 1], self.v[l, :, :t + 1]     # (H, t+1, hs)
            att = torch.matmul(q, keys.transpose(1, 2)) / math.sqrt(hs)  # (H, 1, t+1)
            att = torch.softmax(att, dim=-1)
            y = torch.matmul(att, values).view(1, C)                      # (1, C)
            x = x + torch.addmm(b["attn.c_proj.bias"], y, b["attn.c_proj.weight"])
            h = F.layer_norm(x, (C,), b["ln_2.weight"], b["ln_2.bias"], self.eps)
            h = F.gelu(torch.addmm(b["mlp.c_fc.bias"], h, b["mlp.c_fc.weight"]), approximate="tanh")
            x = x + torch.addmm(b["mlp.c_proj.bias"], h, b["mlp.c_proj.weight"])
        x = F.layer_norm(x, (C,), self.ln_f[0], self.ln_f[1], self.eps)
        self.pos += 1
        return torch.matmul(x, self.wte.t())[0]                           # (V)

    def decode(self, prompt, n):
        """Prefill the prompt (untimed), then n greedy steps (timed). Returns seconds."""
        self.reset()
        for token in prompt:
            logits = self.step(token)
        token = int(torch.argmax(logits))
        start = time.perf_counter()
        for _ in range(n):
            token = int(torch.argmax(self.step(token)))
        return time.perf_counter() - start


def main():
    torch.set_num_threads(args.threads)
    model = Decoder(args.model)
    if args.prompt_len < 1 or args.prompt_len + args.tokens > model.T:
        print("torch_decode.py: prompt-len + tokens must be in 1..%d" % model.T, file=sys.stderr)
        return 1
    prompt = [(17 * i + 5) % model.wte.shape[0] for i in range(args.prompt_len)]
    with torch.inference_mode():
        model.decode(prompt[:4], min(8, args.tokens))                     # warm-up
        seconds = model.decode(prompt, args.tokens)
    print(json.dumps({"tokens_per_s": args.tokens / seconds, "threads": args.threads,
                      "torch": torch.__version__, "blas": blas_report(), "tokens": args.tokens,
                      "prompt_len": args.prompt_len, "seconds": seconds}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
