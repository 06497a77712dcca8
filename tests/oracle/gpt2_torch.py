#!/usr/bin/python3
"""gpt2_torch.py — an independent GPT-2 forward pass in PyTorch, the numerical oracle for ref/.

It is written from the GPT-2 architecture (as in Hugging Face's modeling_gpt2.py and Karpathy's
nanoGPT), not from glassbox's C, and it recomputes the whole sequence every time (no KV cache), so
any caching bug on the C side shows up as a difference. It runs in float64 by default: the C side
computes in float32, so the oracle's own rounding is negligible next to the 1e-4 tolerance.

Dimension legend: T = tokens in the sequence, C = channels (n_embd), H = heads, hs = C / H head
size, L = layers, V = vocab size.

forward(model, ids) returns every intermediate the trace records:
    tok_emb   (T, C)          wte[ids]                      token embedding row of each position
    pos_emb   (T, C)          wpe[0..T)                     position embedding row
    emb_sum   (T, C)          tok_emb + pos_emb             the residual stream entering block 0
    scores    [L] (H, T, T)   q k^T / sqrt(hs), -inf above the diagonal (pre-softmax, scaled)
    weights   [L] (H, T, T)   softmax(scores) over keys 0..pos
    resid     [L] (T, C)      the residual stream after block l
    logits    (T, V)          ln_f(x) @ wte^T

sampling_distribution(logits, temperature, top_k, top_p) gives the distribution the sampler draws
from, and which tokens top-k / top-p removed.

For training (tests/oracle/test_grad.py): train_loss(inputs, targets) over a (B, T) batch with
autograd, named_weights() to read each weight's .grad under its file name, and adamw_groups() for
torch.optim.AdamW.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    """One transformer block: x + attn(ln_1(x)), then x + mlp(ln_2(x))."""

    def __init__(self, C, H, eps, dtype):
        super().__init__()
        self.C, self.H = C, H
        self.ln_1 = nn.LayerNorm(C, eps=eps, dtype=dtype)
        self.ln_2 = nn.LayerNorm(C, eps=eps, dtype=dtype)
        # Conv1D parameters, stored (in, out) as in the file: y = x @ W + b
        self.c_attn_w = nn.Parameter(torch.zeros(C, 3 * C, dtype=dtype))
        self.c_attn_b = nn.Parameter(torch.zeros(3 * C, dtype=dtype))
        self.attn_proj_w = nn.Parameter(torch.zeros(C, C, dtype=dtype))
        self.attn_proj_b = nn.Parameter(torch.zeros(C, dtype=dtype))
        self.c_fc_w = nn.Parameter(torch.zeros(C, 4 * C, dtype=dtype))
        self.c_fc_b = nn.Parameter(torch.zeros(4 * C, dtype=dtype))
        self.mlp_proj_w = nn.Parameter(torch.zeros(4 * C, C, dtype=dtype))
        self.mlp_proj_b = nn.Parameter(torch.zeros(C, dtype=dtype))

    def attention(self, x):
        """Causal multi-head self-attention. x (T, C) -> (out (T, C), scores, weights (H, T, T))."""
        T, C, H = x.shape[0], self.C, self.H
        hs = C // H
        qkv = x @ self.c_attn_w + self.c_attn_b                     # (T, 3C)
        q, k, v = qkv.split(C, dim=1)                               # each (T, C)
        q = q.view(T, H, hs).transpose(0, 1)                        # (H, T, hs)
        k = k.view(T, H, hs).transpose(0, 1)
        v = v.view(T, H, hs).transpose(0, 1)
        scores = (q @ k.transpose(1, 2)) / math.sqrt(hs)           # (H, T, T)
        causal = torch.ones(T, T, dtype=torch.bool).tril()
        scores = scores.masked_fill(~causal, float("-inf"))
        weights = F.softmax(scores, dim=-1)                         # rows sum to 1 over 0..pos
        y = weights @ v                                             # (H, T, hs)
        y = y.transpose(0, 1).reshape(T, C)                         # heads side by side
        out = y @ self.attn_proj_w + self.attn_proj_b
        return out, scores, weights

    def mlp(self, x):
        h = x @ self.c_fc_w + self.c_fc_b                           # (T, 4C)
        h = F.gelu(h, approximate="tanh")                           # GPT-2's "gelu_new"
        return h @ self.mlp_proj_w + self.mlp_proj_b

    def forward(self, x):
        a, scores, weights = self.attention(self.ln_1(x))
        x = x + a
        x = x + self.mlp(self.ln_2(x))
        return x, scores, weights


class GPT2(nn.Module):
    def __init__(self, config, dtype=torch.float64):
        super().__init__()
        self.L, self.H = config["n_layer"], config["n_head"]
        self.C, self.T, self.V = config["n_embd"], config["n_positions"], config["vocab_size"]
        eps = config.get("layer_norm_epsilon", 1e-5)
        self.dtype = dtype
        self.wte = nn.Parameter(torch.zeros(self.V, self.C, dtype=dtype))
        self.wpe = nn.Parameter(torch.zeros(self.T, self.C, dtype=dtype))
        self.h = nn.ModuleList(Block(self.C, self.H, eps, dtype) for _ in range(self.L))
        self.ln_f = nn.LayerNorm(self.C, eps=eps, dtype=dtype)
        self.requires_grad_(False)  # an oracle for the forward pass: no autograd graph

    def load(self, weights):
        """Copy numpy arrays named as in the HF file (prefix already stripped) into the model."""
        def put(param, name):
            src = torch.from_numpy(weights[name]).to(self.dtype)
            if tuple(src.shape) != tuple(param.shape):
                raise ValueError("%s: shape %s, expected %s" % (name, tuple(src.shape),
                                                                tuple(param.shape)))
            with torch.no_grad():
                param.copy_(src)

        put(self.wte, "wte.weight")
        put(self.wpe, "wpe.weight")
        for l, b in enumerate(self.h):
            p = "h.%d." % l
            put(b.ln_1.weight, p + "ln_1.weight"); put(b.ln_1.bias, p + "ln_1.bias")
            put(b.c_attn_w, p + "attn.c_attn.weight"); put(b.c_attn_b, p + "attn.c_attn.bias")
            put(b.attn_proj_w, p + "attn.c_proj.weight"); put(b.attn_proj_b, p + "attn.c_proj.bias")
            put(b.ln_2.weight, p + "ln_2.weight"); put(b.ln_2.bias, p + "ln_2.bias")
            put(b.c_fc_w, p + "mlp.c_fc.weight"); put(b.c_fc_b, p + "mlp.c_fc.bias")
            put(b.mlp_proj_w, p + "mlp.c_proj.weight"); put(b.mlp_proj_b, p + "mlp.c_proj.bias")
        put(self.ln_f.weight, "ln_f.weight"); put(self.ln_f.bias, "ln_f.bias")
        return self

    @torch.no_grad()
    def forward(self, ids):
        ids = torch.as_tensor(ids, dtype=torch.long)
        T = ids.shape[0]
        if T > self.T:
            raise ValueError("%d tokens but the context holds %d" % (T, self.T))
        out = {"tok_emb": self.wte[ids], "pos_emb": self.wpe[:T]}
        x = out["tok_emb"] + out["pos_emb"]
        out["emb_sum"] = x
        out["scores"], out["weights"], out["resid"] = [], [], []
        for block in self.h:
            x, scores, weights = block(x)
            out["scores"].append(scores)
            out["weights"].append(weights)
            out["resid"].append(x)
        out["logits"] = self.ln_f(x) @ self.wte.T                   # tied LM head: (T, V)
        return out

    # --- training: the oracle for ref/train.c (tests/oracle/test_grad.py) -----------------------

    def named_weights(self):
        """{HF name: parameter}, every weight once, in the file's order. wte is also the LM head,
        so its gradient collects both uses."""
        out = {"wte.weight": self.wte, "wpe.weight": self.wpe}
        for l, b in enumerate(self.h):
            p = "h.%d." % l
            out.update({p + "ln_1.weight": b.ln_1.weight, p + "ln_1.bias": b.ln_1.bias,
                        p + "attn.c_attn.weight": b.c_attn_w, p + "attn.c_attn.bias": b.c_attn_b,
                        p + "attn.c_proj.weight": b.attn_proj_w,
                        p + "attn.c_proj.bias": b.attn_proj_b,
                        p + "ln_2.weight": b.ln_2.weight, p + "ln_2.bias": b.ln_2.bias,
                        p + "mlp.c_fc.weight": b.c_fc_w, p + "mlp.c_fc.bias": b.c_fc_b,
                        p + "mlp.c_proj.weight": b.mlp_proj_w,
                        p + "mlp.c_proj.bias": b.mlp_proj_b})
        out["ln_f.weight"], out["ln_f.bias"] = self.ln_f.weight, self.ln_f.bias
        return out

    def train_logits(self, ids):
        """ids (B, T) -> logits (B, T, V), with autograd (call requires_grad_(True) first). Each
        sequence goes through the same blocks as forward() on its own; nothing is shared across
        the batch but the weights."""
        ids = torch.as_tensor(ids, dtype=torch.long)
        B, T = ids.shape
        if T > self.T:
            raise ValueError("%d tokens but the context holds %d" % (T, self.T))
        x = self.wte[ids] + self.wpe[:T]                              # (B, T, C)
        rows = []
        for b in range(B):
            xb = x[b]
            for block in self.h:
                xb, _, _ = block(xb)
            rows.append(xb)
        return self.ln_f(torch.stack(rows)) @ self.wte.T               # tied LM head

    def train_loss(self, inputs, targets):
        """Mean cross-entropy over all B x T positions:
        F.cross_entropy(logits.view(-1, V), targets.view(-1))."""
        logits = self.train_logits(inputs)
        targets = torch.as_tensor(targets, dtype=torch.long)
        return F.cross_entropy(logits.reshape(-1, self.V), targets.reshape(-1))

    def adamw_groups(self, weight_decay):
        """torch.optim.AdamW parameter groups as glassbox's trainer uses them: decay on wte and the
        four matrices per layer, none on wpe, biases and LayerNorm weights."""
        named = self.named_weights()
        decayed = [p for n, p in named.items() if p.dim() == 2 and n != "wpe.weight"]
        others = [p for n, p in named.items() if p.dim() != 2 or n == "wpe.weight"]
        return [{"params": decayed, "weight_decay": weight_decay},
                {"params": others, "weight_decay": 0.0}]


def sampling_distribution(logits, temperature, top_k, top_p):
    """The distribution the sampler draws from, and why each token was removed.

    logits / temperature -> softmax -> top-k keeps the k largest (0 = off) -> top-p keeps the
    smallest set of highest-probability tokens whose cumulative probability (of the distribution
    left after top-k, renormalised, as Hugging Face does) reaches p (1.0 = off; always at least
    one) -> renormalise. temperature 0 = greedy: all mass on the argmax.
    Returns (probs (V,) float64, cut (V,) long: 0 kept, 1 removed by top-k, 2 removed by top-p).
    """
    logits = torch.as_tensor(logits, dtype=torch.float64)
    V = logits.shape[0]
    cut = torch.zeros(V, dtype=torch.long)
    if temperature == 0:
        probs = torch.zeros(V, dtype=torch.float64)
        probs[int(torch.argmax(logits))] = 1.0
        return probs, cut
    probs = F.softmax(logits / temperature, dim=0)
    order = torch.argsort(probs, descending=True)
    if 0 < top_k < V:
        cut[order[top_k:]] = 1
        probs = probs.masked_fill(cut != 0, 0.0)
        probs = probs / probs.sum()
    if top_p < 1.0:
        cumulative = torch.cumsum(probs[order], dim=0)
        # keep order[0..n) where n is the first count whose cumulative mass reaches p
        n = int(torch.searchsorted(cumulative, torch.tensor([top_p], dtype=torch.float64))[0]) + 1
        n = max(1, min(n, V))
        removed = order[n:]
        removed = removed[cut[removed] == 0]
        cut[removed] = 2
        probs = probs.masked_fill(cut != 0, 0.0)
        probs = probs / probs.sum()
    return probs, cut


def top_p_margin(logits, temperature, top_k, top_p):
    """How close the top-p cut is to p: min over the boundary of |cumulative - p|. Tokens whose
    membership hinges on a margin below float32 rounding may legitimately differ."""
    if temperature == 0 or top_p >= 1.0:
        return float("inf")
    logits = torch.as_tensor(logits, dtype=torch.float64)
    probs = F.softmax(logits / temperature, dim=0)
    order = torch.argsort(probs, descending=True)
    if 0 < top_k < probs.shape[0]:
        keep = torch.zeros_like(probs)
        keep[order[:top_k]] = 1
        probs = probs * keep
        probs = probs / probs.sum()
    cumulative = torch.cumsum(probs[order], dim=0)
    return float(torch.min(torch.abs(cumulative - top_p)))


def load(model_dir, dtype=torch.float64):
    """(config, GPT2) from an HF-layout folder, through the test side's own reader."""
    import hfmodel
    config, weights = hfmodel.load_model(model_dir)
    return config, GPT2(config, dtype).load(weights)
