# glassbox — build, test, run, bench. `make help` lists the targets.
#
# One program, build/glassbox: ref/ (the reference transformer, no SDL) plus viz/ (the program's
# entry point and, later, the SDL2 viewer). Tests live in tests/: C unit tests (tests/test_*.c, one
# binary each), the PyTorch oracle (tests/oracle/) and the GPT-2 tokenizer comparison
# (tests/tokenizer/), all run by tests/run.sh, which ends with "N passed, N failed".

CC       ?= cc
PYTHON   ?= /usr/bin/python3
BUILD    ?= build
OPT      ?= -O3
SAN      ?=
WERROR   ?=
CFLAGS   ?=
CFLAGS   += -std=c11 $(OPT) -g -Wall -Wextra -Wpedantic $(WERROR) $(SAN) -fopenmp -Iref
LDFLAGS  += $(SAN) -fopenmp
LDLIBS   += -lm

# ref/ is the library (no SDL); viz/ is the viewer (SDL2 + stb) plus main.c, the entry point.
REF_SRC  := $(wildcard ref/*.c)
REF_OBJ  := $(REF_SRC:%.c=$(BUILD)/%.o)
VIZ_SRC  := $(filter-out viz/main.c,$(wildcard viz/*.c))
VIZ_OBJ  := $(VIZ_SRC:%.c=$(BUILD)/%.o)
VIZ_CFLAGS := $(shell pkg-config --cflags sdl2 2>/dev/null) -I/usr/include/stb
VIZ_LIBS   := $(shell pkg-config --libs sdl2 2>/dev/null) -lstb
# tests/test_viz_*.c test the viewer and link with it; the other tests/test_*.c need only ref/.
TEST_SRC := $(filter-out tests/test_viz_%,$(wildcard tests/test_*.c))
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
VTEST_SRC := $(wildcard tests/test_viz_*.c)
VTEST_BIN := $(VTEST_SRC:tests/%.c=$(BUILD)/tests/%)
TOOL_SRC := $(wildcard tests/tools/*.c)
TOOL_BIN := $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tools/%)
# The corpus generator (corpus/*.c): one program, build/corpusgen.
CORPUS_SRC := $(wildcard corpus/*.c)

# Debian packages a fresh Debian 12 needs to build, run and test glassbox.
DEB_PKGS := build-essential clang pkg-config libsdl2-dev libstb-dev python3-torch python3-numpy xvfb xauth \
            libopenblas0-pthread libomp-dev

.PHONY: all programs help deps test test-san bench model clean

## all: build build/glassbox (the default)
all: $(BUILD)/glassbox

## programs: build glassbox, every test program and every test tool
programs: $(BUILD)/glassbox $(TEST_BIN) $(VTEST_BIN) $(TOOL_BIN) $(if $(CORPUS_SRC),$(BUILD)/corpusgen)

## help: list the targets
help:
	@grep -E '^## ' Makefile | sed 's/^## /  make /'

## deps: install the Debian packages glassbox needs (apt-get; sudo when not root)
deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; done; \
	command -v npm >/dev/null 2>&1 || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO=sudo; fi; \
	  $$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y $$missing; \
	else echo "deps: all Debian packages present"; fi

$(BUILD)/glassbox: $(BUILD)/viz/main.o $(VIZ_OBJ) $(REF_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(VIZ_LIBS) $(LDLIBS)

# The trainer's matrix products may fuse multiply and add (FMA) where the processor has it.
$(BUILD)/ref/train.o: CFLAGS += -ffp-contract=fast

$(BUILD)/ref/%.o: ref/%.c $(wildcard ref/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/viz/%.o: viz/%.c $(wildcard ref/*.h) $(wildcard viz/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(VIZ_CFLAGS) -c -o $@ $<

$(BUILD)/corpusgen: $(CORPUS_SRC) $(wildcard corpus/*.h) $(REF_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Icorpus $(LDFLAGS) -o $@ $(CORPUS_SRC) $(REF_OBJ) $(LDLIBS)

$(BUILD)/tests/test_viz_%: tests/test_viz_%.c tests/check.h $(VIZ_OBJ) $(REF_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(VIZ_CFLAGS) -Itests -Iviz $(LDFLAGS) -o $@ $< $(VIZ_OBJ) $(REF_OBJ) $(VIZ_LIBS) $(LDLIBS)

$(BUILD)/tests/%: tests/%.c tests/check.h $(REF_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Itests $(LDFLAGS) -o $@ $< $(REF_OBJ) $(LDLIBS)

$(BUILD)/tools/%: tests/tools/%.c $(REF_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(REF_OBJ) $(LDLIBS)

## test: build everything and run the whole suite (C tests, PyTorch oracle, GPT-2 tokenizer)
test: deps
	@$(MAKE) --no-print-directory programs
	@BUILD=$(BUILD) PYTHON=$(PYTHON) bash tests/run.sh

## test-san: the whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer
test-san:
	$(MAKE) test BUILD=build-san OPT=-O1 \
	  SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"

## model: rebuild assets/models/classroom from nothing: corpus, tokenizer, training (~1 hour, 2 cores)
model: $(BUILD)/glassbox $(BUILD)/corpusgen
	BUILD=$(BUILD) bash assets/models/make-classroom.sh

## bench: decode tokens/s (hooks off, full trace) vs PyTorch on a GPT-2-124M-shaped model
bench: $(BUILD)/glassbox $(TOOL_BIN)
	@BUILD=$(BUILD) PYTHON=$(PYTHON) bash tests/bench/run.sh

## clean: remove build outputs
clean:
	rm -rf build build-san
