# glassbox — build, test, run, bench. `make help` lists the targets.
#
# One program, build/glassbox: ref/ (the reference transformer, no SDL) plus viz/ (the program's
# entry point and, later, the SDL2 viewer). Tests live in tests/: C unit tests (tests/test_*.c, one
# binary each), the PyTorch oracle (tests/oracle/) and the GPT-2 tokenizer comparison
# (tests/tokenizer/), all run by tests/run.sh, which ends with "N passed, N failed".

CC       ?= cc
PREFIX   ?= /usr/local
DESTDIR  ?=
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
VIZ_OBJ  := $(VIZ_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/sources.o
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
            libopenblas0-pthread libomp-dev xdotool libclang-rt-14-dev valgrind desktop-file-utils man-db

.PHONY: all programs help deps test test-san bench model clean run golden bench-viewer fuzz fuzz-smoke soak \
        install uninstall

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

# ref/'s sources, built into the program for the code view (tools/embedsrc.c, viz/sources.h).
$(BUILD)/embedsrc: tools/embedsrc.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O2 -Wall -Wextra -Wpedantic $(WERROR) -o $@ $<

$(BUILD)/gen/sources.c: $(BUILD)/embedsrc $(sort $(wildcard ref/*.c ref/*.h))
	@mkdir -p $(dir $@)
	$(BUILD)/embedsrc $@ $(sort $(wildcard ref/*.c ref/*.h))

$(BUILD)/gen/sources.o: $(BUILD)/gen/sources.c viz/sources.h
	$(CC) $(CFLAGS) -Iviz -c -o $@ $<

$(BUILD)/glassbox: $(BUILD)/viz/main.o $(VIZ_OBJ) $(REF_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(VIZ_LIBS) $(LDLIBS)

# The prefix the program was built for: the last place it looks for its data (ref/util.h).
# prefix.txt changes only when PREFIX does, so `make install PREFIX=...` rebuilds what depends on it.
$(BUILD)/ref/util.o: CFLAGS += -DGB_PREFIX='"$(PREFIX)"'
$(BUILD)/ref/util.o: $(BUILD)/prefix.txt
$(BUILD)/prefix.txt: FORCE
	@mkdir -p $(BUILD)
	@echo '$(PREFIX)' | cmp -s - $@ || echo '$(PREFIX)' > $@
.PHONY: FORCE

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

# The corpus test compiles the generator's sources in: rebuild it when they change.
$(BUILD)/tests/test_corpus: $(CORPUS_SRC) $(wildcard corpus/*.h)

$(BUILD)/tests/test_viz_%: tests/test_viz_%.c tests/check.h tests/viz_model.h tests/viz_options.h $(VIZ_OBJ) $(REF_OBJ)
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

## soak: 100k tokens in one generate run (memory sampled) and 10k viewer interactions under ASan
soak: $(BUILD)/glassbox
	BUILD=$(BUILD) bash tests/soak/run.sh

## model: rebuild assets/models/classroom from nothing: corpus, tokenizer, training (~82 minutes, 2 cores)
model: $(BUILD)/glassbox $(BUILD)/corpusgen
	BUILD=$(BUILD) bash assets/models/make-classroom.sh

## bench: decode tokens/s (hooks off, full trace) vs PyTorch on a GPT-2-124M-shaped model, then bench-viewer
bench: $(BUILD)/glassbox $(TOOL_BIN)
	@BUILD=$(BUILD) PYTHON=$(PYTHON) bash tests/bench/run.sh
	@$(MAKE) --no-print-directory bench-viewer

# ---- viewer: run it, regenerate its golden images, time its frames ----------------------------

## run: open the viewer on the classroom model (installs the Debian packages first)
run: deps all
	./$(BUILD)/glassbox

## golden: re-render tests/golden/*.png after an intended change to the viewer's look (check them!)
golden: $(BUILD)/tests/test_viz_golden
	GLASSBOX_UPDATE_GOLDEN=1 BUILD=$(BUILD) $(BUILD)/tests/test_viz_golden

# bench-viewer's models: the classroom model (or, until it exists, a random one of its shape) and a
# GPT-2-124M-shaped one; both borrow a small tokenizer when they have none.
VIEW_BENCH := $(BUILD)/bench-viewer
CLASSROOM  := $(if $(wildcard assets/models/classroom/config.json),assets/models/classroom,$(VIEW_BENCH)/classroom)

## bench-viewer: viewer frame time p50/p95 (1920x1080, software renderer) and first frame, classroom and GPT-2 sized
bench-viewer: $(BUILD)/glassbox $(TOOL_BIN)
	@mkdir -p $(VIEW_BENCH)/gpt2
	@test -f $(VIEW_BENCH)/tok/vocab.json || $(BUILD)/tools/mkmodel --out $(VIEW_BENCH)/tok --vocab 400 >/dev/null
	@test -f $(CLASSROOM)/config.json || { $(BUILD)/tools/mkmodel --out $(VIEW_BENCH)/classroom --layers 4 --heads 6 \
	  --embd 192 --ctx 128 --vocab 4096 --seed 3 --no-tokenizer && cp $(VIEW_BENCH)/tok/vocab.json \
	  $(VIEW_BENCH)/tok/merges.txt $(VIEW_BENCH)/classroom/; }
	@test -f $(BUILD)/bench-model/model.safetensors || $(BUILD)/tools/mkmodel --out $(BUILD)/bench-model --layers 12 \
	  --heads 12 --embd 768 --ctx 1024 --vocab 50257 --seed 124 --no-tokenizer
	@ln -sf $(abspath $(BUILD)/bench-model/config.json) $(abspath $(BUILD)/bench-model/model.safetensors) $(VIEW_BENCH)/gpt2/
	@cp $(VIEW_BENCH)/tok/vocab.json $(VIEW_BENCH)/tok/merges.txt $(VIEW_BENCH)/gpt2/
	@$(BUILD)/glassbox view --headless --model $(CLASSROOM) --size 1920x1080 --bench 200
	@$(BUILD)/glassbox view --headless --model $(VIEW_BENCH)/gpt2 --size 1920x1080 --bench 100

# ---- install: the program, its data, a launcher, an icon and a man page ----------------------

SHARE       := $(PREFIX)/share/glassbox
DATA_FILES  := $(wildcard assets/fonts/*) $(filter-out %.gitkeep,$(wildcard assets/models/classroom/*)) \
               $(wildcard lessons/*.lesson) lessons/README.md $(wildcard lessons/data/*)
INSTALLED   := $(PREFIX)/bin/glassbox $(DATA_FILES:%=$(SHARE)/%) $(SHARE)/LICENSE \
               $(PREFIX)/share/applications/glassbox.desktop \
               $(PREFIX)/share/icons/hicolor/scalable/apps/glassbox.svg $(PREFIX)/share/man/man1/glassbox.1

## install: install into $(DESTDIR)$(PREFIX) (PREFIX=/usr/local): program, data, launcher, icon, man page
install: $(BUILD)/glassbox
	install -D -m 755 $(BUILD)/glassbox $(DESTDIR)$(PREFIX)/bin/glassbox
	@for f in $(DATA_FILES); do install -D -m 644 "$$f" "$(DESTDIR)$(SHARE)/$$f" || exit 1; done
	install -D -m 644 LICENSE $(DESTDIR)$(SHARE)/LICENSE
	@mkdir -p $(DESTDIR)$(PREFIX)/share/applications
	sed 's|@BINDIR@|$(PREFIX)/bin|g' assets/glassbox.desktop.in > $(DESTDIR)$(PREFIX)/share/applications/glassbox.desktop
	install -D -m 644 assets/icons/glassbox.svg $(DESTDIR)$(PREFIX)/share/icons/hicolor/scalable/apps/glassbox.svg
	install -D -m 644 docs/man/glassbox.1 $(DESTDIR)$(PREFIX)/share/man/man1/glassbox.1
	@echo "installed glassbox in $(DESTDIR)$(PREFIX) ($(words $(INSTALLED)) files); run: $(PREFIX)/bin/glassbox"

## uninstall: remove exactly what make install put in $(DESTDIR)$(PREFIX)
uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	@for d in $(sort $(dir $(addprefix $(DESTDIR),$(filter $(SHARE)/%,$(INSTALLED))))); do \
	  while [ "$$d" != "$(DESTDIR)$(PREFIX)/share/" ] && [ -d "$$d" ] && rmdir "$$d" 2>/dev/null; do d=$$(dirname "$$d")/; done; done
	@echo "removed glassbox from $(DESTDIR)$(PREFIX)"

## clean: remove build outputs
clean:
	rm -rf build build-san build-fuzz build-O0

# ----------------------------------------------------------------------------------------------
# Fuzzing (libFuzzer, clang): one target per untrusted input, tests/fuzz/fuzz_*.c, each built with
# ASan + UBSan against ref/ and the lesson parser. Seeds: tests/fuzz/corpus/<target>/ (read only);
# what the fuzzer finds goes to build-fuzz/corpus/<target>/.
FUZZ_BUILD   := build-fuzz
FUZZ_CFLAGS  := -std=c11 -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined \
                -fno-omit-frame-pointer -fopenmp -Iref -Iviz -Wall -Wextra
FUZZ_OBJ     := $(REF_SRC:%.c=$(FUZZ_BUILD)/%.o) $(FUZZ_BUILD)/viz/lesson.o $(FUZZ_BUILD)/viz/codetags.o
FUZZ_TARGETS := $(basename $(notdir $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_BIN     := $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/%)
FUZZ_SECONDS ?= 600
.SECONDARY: $(FUZZ_OBJ)

$(FUZZ_BUILD)/%.o: %.c $(wildcard ref/*.h viz/lesson.h viz/codetags.h)
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -c $< -o $@

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_OBJ)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer $< $(FUZZ_OBJ) -lm -o $@

## fuzz: run every fuzz target for FUZZ_SECONDS (default 600) each; a crash stops with its input
fuzz: $(FUZZ_BIN)
	@FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) bash tests/fuzz/run.sh $(FUZZ_TARGETS)

## fuzz-smoke: every fuzz target for 10 seconds (part of CI)
fuzz-smoke: $(FUZZ_BIN)
	@FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_SECONDS=10 bash tests/fuzz/run.sh $(FUZZ_TARGETS)
