#!/usr/bin/env bash
# make-classroom.sh — rebuild assets/models/classroom from nothing (run by `make model`):
#
#   1. the corpus: build/corpusgen writes simple English from a seed (stories, facts, probes),
#      its self-information (the entropy floor) and the evidence index;
#   2. the tokenizer and the weights: glassbox train, on two cores, deterministic;
#   3. the files the program ships: config.json, model.safetensors, vocab.json, merges.txt,
#      training.json, evidence.tsv and corpus.json (the corpus recipe and its entropy floor).
#
# Every setting is below; the same settings give the same model on the same machine. OUT, WORK,
# CORPUS_MB, ECHO (corpusgen --echo), POSITIONS (glassbox train --positions), STEPS and COOL_STEPS
# can be set from the environment to train another model the same way (docs/training.md).
set -euo pipefail
BUILD=${BUILD:-build}
OUT=${OUT:-assets/models/classroom}
WORK=${WORK:-$BUILD/classroom}

SEED=1          # corpus and training seed
CORPUS_MB=${CORPUS_MB:-80}    # megabytes of generated text
ECHO=${ECHO:-16}              # echo games per 100 other documents (corpusgen --echo)
POSITIONS=${POSITIONS:-sine}  # how position embeddings start (glassbox train --positions)
LAYERS=4
HEADS=6
WIDTH=192
CONTEXT=128
VOCAB=4096
BATCH=16
STEPS=${STEPS:-9000}
LR=0.002
WARMUP=200
COOL_STEPS=${COOL_STEPS:-600}  # the cool-down: more steps at a hundredth of LR (0 = none)

mkdir -p "$WORK"
rm -rf "$WORK/model"
echo "== corpus: seed $SEED, $CORPUS_MB MB, echo $ECHO"
"$BUILD/corpusgen" --seed "$SEED" --size "$CORPUS_MB" --echo "$ECHO" --out "$WORK/corpus.txt" \
    --evidence "$WORK/evidence.tsv" --stats | tee "$WORK/corpus-stats.txt"

# With echo games the tokenizer is trained on the same corpus without them: lists of random words
# would take merges from the facts' words, and a capital split in pieces is a fact the model finds
# harder to learn.
tokenizer_text=()
if [ "$ECHO" -gt 0 ]; then
    echo "== tokenizer text: the same corpus without echo games"
    "$BUILD/corpusgen" --seed "$SEED" --size "$CORPUS_MB" --out "$WORK/tokenizer-text.txt" >/dev/null
    tokenizer_text=(--tokenizer-data "$WORK/tokenizer-text.txt")
fi

echo "== training"
"$BUILD/glassbox" train --data "$WORK/corpus.txt" "${tokenizer_text[@]}" --out "$WORK/model" --seed "$SEED" \
    --layers "$LAYERS" --heads "$HEADS" --width "$WIDTH" --context "$CONTEXT" --vocab "$VOCAB" \
    --batch "$BATCH" --steps "$STEPS" --lr "$LR" --warmup "$WARMUP" --positions "$POSITIONS" --eval-every 250 \
    --save-every 500 | tee "$WORK/train.log"

# The cool-down. The cosine above ends at a tenth of the peak learning rate, and at that rate each
# batch still moves the odds of a context the corpus writes a few thousand times by several
# points: after 9000 steps "The cat sat on the" -> " mat" was 0.60 and "The sea is" -> " blue"
# 0.24, where the corpus has 0.40 and 0.50. 600 steps at a hundredth of the peak bring them to
# 0.43 and 0.52. --resume continues from the checkpoint (weights, optimiser, batch order) with the
# schedule recomputed for the new total and a peak of LR/10, which over these last steps is
# about LR/100 (0.000022 falling to 0.00002).
if [ "$COOL_STEPS" -gt 0 ]; then
    echo "== cool-down: $COOL_STEPS steps at a hundredth of the learning rate"
    "$BUILD/glassbox" train --data "$WORK/corpus.txt" --out "$WORK/model" --resume --seed "$SEED" --context "$CONTEXT" \
        --batch "$BATCH" --steps $((STEPS + COOL_STEPS)) --lr "$(awk -v lr="$LR" 'BEGIN {print lr / 10}')" \
        --warmup "$WARMUP" --eval-every 100 --save-every "$COOL_STEPS" | tee -a "$WORK/train.log"
fi

echo "== installing into $OUT"
mkdir -p "$OUT"
for f in config.json model.safetensors vocab.json merges.txt training.json; do
    cp "$WORK/model/$f" "$OUT/$f"
done
cp "$WORK/evidence.tsv" "$OUT/evidence.tsv"
# The entropy floor per token: the generator's self-information over the corpus's token count.
nats=$(awk '$1 == "nats" {print $2}' "$WORK/corpus-stats.txt")
tokens=$(awk -F'[:,]' '/"train_tokens"|"val_tokens"/ {gsub(/ /, "", $2); s += $2} END {print s}' "$OUT/training.json")
awk -v seed="$SEED" -v mb="$CORPUS_MB" -v echo="$ECHO" -v nats="$nats" -v tokens="$tokens" 'BEGIN {
    printf "{\n  \"generator\": \"corpusgen\",\n  \"seed\": %d,\n  \"size_mb\": %d,\n  \"echo\": %d,\n", seed, mb, echo
    printf "  \"nats\": %.1f,\n  \"tokens\": %d,\n  \"floor_nats_per_token\": %.6f\n}\n", nats, tokens, nats / tokens
}' > "$OUT/corpus.json"
cat "$OUT/corpus.json"
echo "== done: $OUT"
