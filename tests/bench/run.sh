#!/usr/bin/env bash
# run.sh — `make bench`: decode speed of glassbox (hooks off, and recording the full trace) on a
# GPT-2-124M-shaped random model, against PyTorch doing the same decode with the same number of
# threads, plus the machine's memory bandwidth. Everything is measured in this one run and
# reported as ratios; no numbers are remembered from elsewhere.
set -eu
BUILD=${BUILD:-build}
PYTHON=${PYTHON:-/usr/bin/python3}
THREADS=${THREADS:-$(nproc)}
TOKENS=${TOKENS:-48}
model="$BUILD/bench-model"
if [ ! -f "$model/model.safetensors" ]; then
    echo "writing a random GPT-2-124M-shaped model to $model (12 layers, 12 heads, 768 wide, 50257 vocab)"
    "$BUILD/tools/mkmodel" --out "$model" --layers 12 --heads 12 --embd 768 --ctx 1024 --vocab 50257 \
        --seed 124 --no-tokenizer
fi
# The classroom model's shape (assets/models/make-classroom.sh), random weights, for training.
tmodel="$BUILD/bench-train-model"
if [ ! -f "$tmodel/model.safetensors" ]; then
    "$BUILD/tools/mkmodel" --out "$tmodel" --layers 4 --heads 6 --embd 192 --ctx 128 --vocab 4096 \
        --seed 7 --no-tokenizer
fi
export OMP_NUM_THREADS=$THREADS
gb=$("$BUILD/glassbox" bench --model "$model" --tokens "$TOKENS" --json)
pt=$("$PYTHON" tests/bench/torch_decode.py --model "$model" --tokens "$TOKENS" --threads "$THREADS")
gbt=$("$BUILD/glassbox" bench --train --model "$tmodel" --json)
ptt=$("$PYTHON" tests/bench/torch_train.py --model "$tmodel" --batch 16 --seq 128 --steps 10 --threads "$THREADS")
"$PYTHON" - "$gb" "$pt" "$gbt" "$ptt" <<'PY'
import json, sys
gb = json.loads(sys.argv[1])
pt = json.loads(sys.argv[2].strip().splitlines()[-1])
gbt = json.loads(sys.argv[3])
ptt = json.loads(sys.argv[4].strip().splitlines()[-1])
off, on, torch = gb["tokens_per_s_hooks_off"], gb["tokens_per_s_trace"], pt["tokens_per_s"]
print(f"model               GPT-2-124M-shaped, {gb['params']/1e6:.1f} M parameters, {gb['threads']} threads")
print(f"glassbox, no hooks  {off:8.2f} tokens/s")
print(f"glassbox, trace     {on:8.2f} tokens/s   time per token with the trace: {100*(off/on-1):+.1f}% (target <= +5%; below 0 is noise)")
print(f"PyTorch {pt.get('torch','?'):<11} {torch:8.2f} tokens/s   glassbox / PyTorch = {off/torch:.2f}x  (target >= 1.0x)")
print(f"                    PyTorch BLAS: {pt.get('blas','?')}")
print(f"bandwidth           {gb['achieved_gbs']:.2f} GB/s achieved ({gb['weight_bytes']/1e6:.0f} MB of weights per token)")
print(f"machine             {gb['read_gbs']:.2f} GB/s read, {gb['copy_gbs']:.2f} GB/s copy (read + write)")
print(f"                    achieved / read bandwidth = {gb['achieved_gbs']/gb['read_gbs']:.2f}")
print(f"training            classroom shape, {gbt['params']/1e6:.2f} M parameters, batch {gbt['batch']} x {gbt['seq']}")
print(f"glassbox train      {gbt['train_tokens_per_s']:8.0f} tokens/s")
print(f"PyTorch train       {ptt['tokens_per_s']:8.0f} tokens/s   glassbox / PyTorch = {gbt['train_tokens_per_s']/ptt['tokens_per_s']:.2f}x  (target >= 1.0x)")
PY
