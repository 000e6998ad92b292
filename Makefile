# MI Invoke conformance kit. `make` builds everything into build/; `make run` runs the suite;
# `make test` is the gate CI runs. Every library comes through pkg-config.

BUILD ?= build
CC ?= cc
PKGS := libxml-2.0 libcurl libmicrohttpd cunit

# A fresh machine installs what it lacks before anything is compiled (scripts/install-deps.sh
# prints the command instead when not root). The stamp keeps later runs fast.
DEPS_RC := $(shell [ $(BUILD)/.deps-ok -nt scripts/install-deps.sh ] || \
	{ scripts/install-deps.sh >&2 && mkdir -p $(BUILD) && touch $(BUILD)/.deps-ok; }; echo $$?)
ifneq ($(DEPS_RC),0)
$(error missing dependencies: see the message above (scripts/install-deps.sh))
endif

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS := $(shell pkg-config --libs $(PKGS))
SAN_FLAGS ?=
OPT ?= -O2
CFLAGS_BASE := -std=c11 -Wall -Wextra -Werror $(OPT) -g -fPIC -D_GNU_SOURCE -pthread \
	-Iinclude -I. $(PKG_CFLAGS) $(SAN_FLAGS) $(EXTRA_CFLAGS)
LDLIBS_ALL := $(PKG_LIBS) -lpthread -ldl -lm $(SAN_FLAGS)

OBJ := $(BUILD)/obj
LIB := $(BUILD)/lib
BIN := $(BUILD)/bin
TST := $(BUILD)/tests

MODEL_SRC := $(wildcard model/*.c)
KIT_SRC := $(wildcard kit/*.c)
WSMAN_SRC := $(wildcard wsman/*.c)
REF_SRC := $(wildcard reference/*.c)
MOCK_SRC := $(filter-out mock_server/main.c,$(wildcard mock_server/*.c))
HARNESS_SRC := $(wildcard harness/*.c harness/driver/*.c)
TEST_SUPPORT_SRC := $(wildcard tests/support/*.c)
TEST_SRC := $(wildcard tests/test_*.c)

obj = $(patsubst %.c,$(OBJ)/%.o,$(1))
MODEL_OBJ := $(call obj,$(MODEL_SRC))
KIT_OBJ := $(call obj,$(KIT_SRC))
WSMAN_OBJ := $(call obj,$(WSMAN_SRC))
REF_OBJ := $(call obj,$(REF_SRC))
MOCK_OBJ := $(call obj,$(MOCK_SRC))
HARNESS_OBJ := $(call obj,$(HARNESS_SRC))
TEST_SUPPORT_OBJ := $(call obj,$(TEST_SUPPORT_SRC))
TEST_BINS := $(patsubst tests/%.c,$(TST)/%,$(TEST_SRC))

# The static libraries in link order, each using only those after it: the mock and the
# reference speak through the codec (wsman), which reads and writes the MI value model (model);
# kit holds what every tool shares (XML files under a schema, redaction).
STATIC_LIBS := $(LIB)/libmockcim.a $(LIB)/libmirefcore.a $(LIB)/libwsman.a $(LIB)/libmimodel.a \
	$(LIB)/libkit.a
LINK_GROUP := $(STATIC_LIBS)

PRODUCTS := $(LIB)/libmiref.so $(BIN)/mi-mock-server $(BIN)/mi-invoke $(BIN)/mi-conform

.PHONY: all tests run test unit valgrind-unit check-full asan clean
all: $(PRODUCTS) tests
tests: $(TEST_BINS)

# Test objects are intermediate files of a pattern chain; keep them so a rebuild is incremental.
.SECONDARY:

$(OBJ)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) -MMD -MP -c $< -o $@

# The reference is compiled with hidden visibility: only MI_Application_InitializeV1 is exported.
$(OBJ)/reference/%.o $(OBJ)/wsman/%.o $(OBJ)/model/%.o: CFLAGS_BASE += -fvisibility=hidden

# The fixture schema is compiled into the mock (.incbin), which -MMD cannot see.
$(OBJ)/mock_server/mock_fixture_schema.o: fixtures/fixture.xsd

$(LIB)/libmimodel.a: $(MODEL_OBJ)
$(LIB)/libkit.a: $(KIT_OBJ)
$(LIB)/libwsman.a: $(WSMAN_OBJ)
$(LIB)/libmirefcore.a: $(REF_OBJ)
$(LIB)/libmockcim.a: $(MOCK_OBJ)
$(LIB)/libtestsupport.a: $(TEST_SUPPORT_OBJ)
$(LIB)/%.a:
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $^

$(LIB)/libmiref.so: $(REF_OBJ) $(WSMAN_OBJ) $(MODEL_OBJ) reference/exports.map
	@mkdir -p $(dir $@)
	$(CC) -shared -Wl,--version-script=reference/exports.map -Wl,-z,defs -o $@ \
		$(REF_OBJ) $(WSMAN_OBJ) $(MODEL_OBJ) $(LDLIBS_ALL)

$(BIN)/mi-mock-server: $(OBJ)/mock_server/main.o $(STATIC_LIBS)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $< $(LINK_GROUP) $(LDLIBS_ALL)

$(BIN)/mi-invoke: $(OBJ)/cli/mi_invoke.o $(STATIC_LIBS)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $< $(LINK_GROUP) $(LDLIBS_ALL)

$(BIN)/mi-conform: $(HARNESS_OBJ) $(STATIC_LIBS) $(LIB)/libmiinject.a
	@mkdir -p $(dir $@)
	$(CC) -o $@ $(HARNESS_OBJ) $(LIB)/libmiinject.a $(LINK_GROUP) $(LDLIBS_ALL)

$(TST)/%: $(OBJ)/tests/%.o $(LIB)/libtestsupport.a $(STATIC_LIBS) $(LIB)/libmiref.so
	@mkdir -p $(dir $@)
	$(CC) -o $@ $< $(LIB)/libtestsupport.a $(LINK_GROUP) $(LDLIBS_ALL)

# What both halves of mi-conform use, linked after either: the harness's status names, and the
# stop request that the runner sets and every child's supervisor (child.c) watches.
CONFORM_SHARED_SRC := harness/status.c harness/interrupt.c
$(LIB)/libconformshared.a: $(call obj,$(CONFORM_SHARED_SRC))

# The runner half of mi-conform (options, selection, -j, profiles, reports) as a library, so
# its tests link it alone (and the kit it reads profiles and redacts with), with the case half's
# functions stubbed inside the test files.
CONFORM_RUN_SRC := harness/cli.c harness/select.c harness/runner.c harness/profile.c \
	harness/compare.c harness/matrix.c \
	harness/report.c harness/report_console.c harness/report_junit.c harness/report_json.c \
	harness/report_html.c harness/xhtml.c
RUNNER_TESTS := $(patsubst %,$(TST)/test_harness_%,select profile report runner compare)
$(LIB)/libconformrun.a: $(call obj,$(CONFORM_RUN_SRC))
$(RUNNER_TESTS): $(TST)/%: $(OBJ)/tests/%.o $(LIB)/libconformrun.a $(LIB)/libconformshared.a \
		$(LIB)/libtestsupport.a $(LIB)/libkit.a
	@mkdir -p $(dir $@)
	$(CC) -o $@ $< $(LIB)/libconformrun.a $(LIB)/libconformshared.a $(LIB)/libtestsupport.a \
		$(LIB)/libkit.a $(LDLIBS_ALL)

# The case half (loading tables, running and judging a case, the driver child) as a library
# too, so its tests link the code they test instead of compiling it in.
CONFORM_CASE_SRC := $(filter-out $(CONFORM_RUN_SRC) $(CONFORM_SHARED_SRC) harness/main.c \
	harness/inject_run.c,$(HARNESS_SRC))
CASE_TESTS := $(patsubst %,$(TST)/test_harness_%,case expect expect_stream trace verdict)
$(LIB)/libconformcase.a: $(call obj,$(CONFORM_CASE_SRC))
$(CASE_TESTS): $(TST)/%: $(OBJ)/tests/%.o $(LIB)/libconformcase.a $(LIB)/libconformshared.a \
		$(LIB)/libtestsupport.a $(STATIC_LIBS)
	@mkdir -p $(dir $@)
	$(CC) -o $@ $< $(LIB)/libconformcase.a $(LIB)/libconformshared.a $(LIB)/libtestsupport.a \
		$(LINK_GROUP) $(LDLIBS_ALL)

# ---------------------------------------------------------------- fault injection

# The allocation-failure interposer is preloaded into the driver child (LD_PRELOAD). It carries
# none of the kit's code and no sanitizer: it replaces malloc, which a sanitizer runtime owns.
INJECT_ALLOC_SO := $(LIB)/libmi-inject-alloc.so
$(INJECT_ALLOC_SO): inject/alloc_interposer.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -Wall -Wextra -Werror -O2 -g -fPIC -D_GNU_SOURCE -pthread -fno-builtin \
		-fvisibility=hidden -shared -o $@ $< -ldl
all: $(INJECT_ALLOC_SO)
$(TST)/test_inject_alloc: $(INJECT_ALLOC_SO)

# The loop behind `mi-conform --inject alloc` (inject/alloc_loop.c; alloc_exec.c wires it to
# conform_case_execute). mi-conform links it by adding $(LIB)/libmiinject.a to its link; the
# loop's own test links it alone ("private": libmiref.so, a prerequisite, must not inherit it).
INJECT_LOOP_OBJ := $(call obj,inject/alloc_loop.c inject/alloc_exec.c)
$(LIB)/libmiinject.a: $(INJECT_LOOP_OBJ)
$(TST)/test_inject_loop: $(LIB)/libmiinject.a
$(TST)/test_inject_loop: private LDLIBS_ALL := $(LIB)/libmiinject.a $(LDLIBS_ALL)

# The injection legs (DESIGN.md, "Make targets and their time"). make test runs the short ones:
# the alloc loop over a handful of cases, each capped at INJECT_SMOKE_RUNS runs (about one per
# allocation site the case reaches), and one net-injection seed over the memcheck cases.
# make inject-full runs the loop uncapped (its default cap) and INJECT_NET_SEEDS over the whole
# suite. Each leg ends with its own tally line and its time.
INJECT_SMOKE_CASES ?= static.sync.no-key-selectors instance.async.keys-as-selectors \
	async.final.exactly-once errors.async.detail.wsman-fault streaming.async.values-in-order \
	options.sync.timeout-enforced
INJECT_SMOKE_RUNS ?= 400
INJECT_NET_SEED ?= 1
INJECT_NET_SEEDS ?= 1 2 3
INJECT_DEPS := $(BIN)/mi-conform $(LIB)/libmiref.so $(INJECT_ALLOC_SO)
# $(call inject_leg,NAME,ENV,ARGS,REPORT_DIR): run mi-conform, check its report, time it.
inject_leg = start=$$(date +%s); rc=0; \
	$(2) $(BIN)/mi-conform $(3) --out $(4) </dev/null || rc=$$?; \
	scripts/check-reports.sh $(4)/junit.xml || rc=1; \
	echo "$(1): $$(( $$(date +%s) - start ))s"; exit $$rc
.PHONY: inject-alloc-smoke inject-net-smoke inject-full asan-subset
inject-alloc-smoke: $(INJECT_DEPS)
	@$(call inject_leg,inject alloc (handful),MI_INJECT_MAX_RUNS=$(INJECT_SMOKE_RUNS),--inject alloc \
		-j 2 $(addprefix --case ,$(INJECT_SMOKE_CASES)),$(BUILD)/reports-inject-alloc)
inject-net-smoke: $(INJECT_DEPS)
	@$(call inject_leg,inject net (seed $(INJECT_NET_SEED)),,--inject net --seed $(INJECT_NET_SEED) \
		--tag memcheck -j 2,$(BUILD)/reports-inject-net)
inject-full: $(INJECT_DEPS)
	@rc=0; ( $(call inject_leg,inject alloc (suite),,--inject alloc -j 2,$(BUILD)/reports-inject-alloc-full) ) \
		|| rc=1; for s in $(INJECT_NET_SEEDS); do \
		( $(call inject_leg,inject net (suite, seed $$s),,--inject net --seed $$s -j 2,$(BUILD)/reports-inject-net-$$s) ) \
		|| rc=1; done; exit $$rc

# The ASan leg of make test: builds build/asan first (make asan is incremental), then the unit
# tests and the memcheck cases against it (scripts/asan-subset.sh).
asan-subset:
	@$(MAKE) --no-print-directory asan
	@scripts/asan-subset.sh build/asan

# ---------------------------------------------------------------- the suite

# `make suite` runs mi-conform against the reference and checks the reports it wrote;
# `make run` runs it at full size, `make test` at the gate's size (SUITE_ARGS).
SUITE_ARGS ?= -j 2 --scale 0.1
REPORTS ?= reports
CONFORM := $(BIN)/mi-conform

.PHONY: suite suite-memcheck check-reports check-list case-ids mutants mutant-check
# SUITE_LABEL names the run in its last line (scripts/suite-verdict.sh).
SUITE_LABEL ?= suite
suite: $(CONFORM) $(LIB)/libmiref.so
	@rc=0; $(CONFORM) $(SUITE_ARGS) --out $(REPORTS) </dev/null || rc=$$?; \
		scripts/check-reports.sh $(REPORTS)/junit.xml || rc=1; \
		scripts/suite-verdict.sh "$(SUITE_LABEL)" $(REPORTS) || rc=1; exit $$rc

check-reports:
	@scripts/check-reports.sh $(REPORTS)/junit.xml

# The cases tagged memcheck, each driver under valgrind (time bounds scaled by --valgrind).
suite-memcheck: $(CONFORM) $(LIB)/libmiref.so
	@rc=0; $(CONFORM) -j 2 --tag memcheck --valgrind --out $(BUILD)/reports-memcheck </dev/null \
		|| rc=$$?; scripts/check-reports.sh $(BUILD)/reports-memcheck/junit.xml || rc=1; exit $$rc

# cases/case-ids.txt is committed: a case that appears, vanishes or is renamed shows in review.
# Nothing in `make test` rewrites it; `make case-ids` does, by hand.
check-list: $(CONFORM)
	@$(CONFORM) --list >$(BUILD)/case-list.txt && cut -f1 $(BUILD)/case-list.txt >$(BUILD)/case-ids.txt
	@if diff -u cases/case-ids.txt $(BUILD)/case-ids.txt; then \
		echo "case ids: $$(wc -l <cases/case-ids.txt) as committed in cases/case-ids.txt"; \
	else echo "case ids differ from cases/case-ids.txt (make case-ids, then commit it)" >&2; exit 1; fi

case-ids: $(CONFORM)
	$(CONFORM) --list >$(BUILD)/case-list.txt && cut -f1 $(BUILD)/case-list.txt >cases/case-ids.txt

# Mutants: reference/mutants.def lists NAME<TAB>CLAUSES<TAB>description; each builds the
# reference and the codec with -DMIREF_MUTANT_NAME into build/mutants/libmiref-<name>.so,
# from its own object directory so mutants build side by side under make -j.
MUTANT_DIR := $(BUILD)/mutants
MUTANTS_DEF ?= reference/mutants.def
MUTANT_NAMES := $(shell [ -f $(MUTANTS_DEF) ] && \
	awk -F'\t' '$$1 ~ /^[A-Za-z0-9_]+$$/ {print $$1}' $(MUTANTS_DEF))
MUTANT_LIBS :=
mutant_lower = $(shell printf '%s' '$(1)' | tr '[:upper:]' '[:lower:]')
# Only the sources that mention a mutant's switch are compiled again for it; the rest are the
# reference's own objects, so 25 mutants cost a few dozen compiles instead of a full build each.
define MUTANT_RULES
MUTANT_SRC_$(2) := $(shell grep -lw 'MIREF_MUTANT_$(1)' $(REF_SRC) $(WSMAN_SRC) $(MODEL_SRC))
$(MUTANT_DIR)/obj-$(2)/%.o: %.c
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CFLAGS_BASE) -fvisibility=hidden -DMIREF_MUTANT_$(1) -MMD -MP -c $$< -o $$@
$(MUTANT_DIR)/libmiref-$(2).so: $$(patsubst %.c,$(MUTANT_DIR)/obj-$(2)/%.o,$$(MUTANT_SRC_$(2))) \
		$$(call obj,$$(filter-out $$(MUTANT_SRC_$(2)),$$(REF_SRC) $$(WSMAN_SRC) $$(MODEL_SRC))) \
		reference/exports.map
	@mkdir -p $$(dir $$@)
	$$(CC) -shared -Wl,--version-script=reference/exports.map -Wl,-z,defs -o $$@ \
		$$(filter %.o,$$^) $$(LDLIBS_ALL)
MUTANT_LIBS += $(MUTANT_DIR)/libmiref-$(2).so
endef
$(foreach m,$(MUTANT_NAMES),$(eval $(call MUTANT_RULES,$(m),$(call mutant_lower,$(m)))))

mutants: $(MUTANT_LIBS)

mutant-check: mutants $(CONFORM)
	@BUILD=$(BUILD) MUTANTS_DEF=$(MUTANTS_DEF) scripts/mutant-check.sh

# libFuzzer targets (clang): the codec's envelope and stream readers and the mock's request
# handling, each linked with only the sources it exercises, into $(BUILD)/fuzz/.
# `make fuzz FUZZ_SECONDS=N` runs each for N seconds (scripts/fuzz.sh).
FUZZ_SECONDS ?= 30
FUZZ_DIR := $(BUILD)/fuzz
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS := -std=c11 -g -O1 -D_GNU_SOURCE -pthread -Iinclude -I. $(PKG_CFLAGS) $(FUZZ_SAN) \
	-fsanitize=fuzzer-no-link
fuzz_obj = $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(1))
FUZZ_CODEC_OBJ := $(call fuzz_obj,$(WSMAN_SRC) $(MODEL_SRC))
FUZZ_MOCK_OBJ := $(call fuzz_obj,$(MOCK_SRC) $(KIT_SRC))
FUZZ_TARGETS := $(FUZZ_DIR)/fuzz_envelope $(FUZZ_DIR)/fuzz_stream $(FUZZ_DIR)/fuzz_mock_request

$(FUZZ_DIR)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	clang $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@
$(FUZZ_DIR)/fuzz_envelope $(FUZZ_DIR)/fuzz_stream: $(FUZZ_DIR)/%: $(FUZZ_DIR)/obj/fuzz/%.o \
		$(FUZZ_CODEC_OBJ)
	clang $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS) -lpthread -lm
$(FUZZ_DIR)/fuzz_mock_request: $(FUZZ_DIR)/obj/fuzz/fuzz_mock_request.o $(FUZZ_MOCK_OBJ) \
		$(FUZZ_CODEC_OBJ)
	clang $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^ $(PKG_LIBS) -lpthread -lm

.PHONY: fuzz fuzz-build
fuzz-build: $(FUZZ_TARGETS)
fuzz: fuzz-build
	@scripts/fuzz.sh "$(FUZZ_SECONDS)" "$(FUZZ_DIR)" $(notdir $(FUZZ_TARGETS))
-include $(shell find $(FUZZ_DIR)/obj -name '*.d' 2>/dev/null)

# ---------------------------------------------------------------- interop

# WS-Management clients nobody on this team wrote (python3-winrm, wsl, Go's masterzen/winrm,
# npm's wsman-messages) against the mock server; the script installs them when missing
# (interop/README.md). Part of check-full, as DESIGN.md says.
# Benchmarks are figures, not verdicts: each script prints what bench/README.md records.
.PHONY: bench check-schemas
check-schemas:
	@scripts/check-schemas.sh

bench: all
	bench/run-mock-bench.sh
	bench/run-invoke-bench.sh
	bench/run-stream-cancel-bench.sh
	bench/suite-time.sh

.PHONY: interop
interop: $(BIN)/mi-mock-server
	@BUILD=$(BUILD) scripts/interop.sh
check-full: interop

# ---------------------------------------------------------------- running

VALGRIND := valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
	--show-leak-kinds=definite,indirect --error-exitcode=99 --track-fds=no

unit: $(TEST_BINS)
	@scripts/run-unit.sh "$(TST)" $(TEST_BINS)

valgrind-unit: $(TEST_BINS)
	@MI_TEST_UNDER_VALGRIND=1 scripts/run-unit.sh --wrap "$(VALGRIND)" "$(TST)" $(TEST_BINS)

# The seeded stress test: STRESS_ITER interleavings of two threads against the
# embedded mock; STRESS_SEED=S replays a failure's seed. stress-valgrind: a short memcheck run.
STRESS_ITER ?= 200
STRESS_SEED ?=
STRESS := $(TST)/stress_interleave
.PHONY: stress stress-valgrind stress-full stress-helgrind
stress: $(STRESS)
	@$(STRESS) $(STRESS_ITER) $(STRESS_SEED)
stress-valgrind: $(STRESS)
	@MI_TEST_UNDER_VALGRIND=1 $(VALGRIND) $(STRESS) 40 $(STRESS_SEED)
stress-full: $(STRESS)
	@$(STRESS) 1000 $(STRESS_SEED)
stress-helgrind: $(STRESS)
	@MI_TEST_UNDER_VALGRIND=1 valgrind -q --tool=helgrind --suppressions=reference/helgrind.supp \
		--suppressions=mock_server/helgrind.supp \
		$(STRESS) 20 $(STRESS_SEED)
check-full: stress-full

run: all
	@scripts/run-unit.sh "$(TST)" $(TEST_BINS)
	@$(MAKE) --no-print-directory suite SUITE_ARGS="-j 2" SUITE_LABEL="make run"

# Every leg names itself and its time (scripts/leg.sh); the last line is the verdict. The
# suite's reports go to build/reports-test, so make test leaves make run's reports/ alone.
LEGS_FILE := $(BUILD)/legs.txt
LEG = LEGS_FILE=$(LEGS_FILE) scripts/leg.sh
SUBMAKE = $(MAKE) --no-print-directory
test: all
	@rm -f $(LEGS_FILE)
	@$(LEG) "unit" scripts/run-unit.sh "$(TST)" $(TEST_BINS)
	@$(LEG) "unit under valgrind" env MI_TEST_UNDER_VALGRIND=1 scripts/run-unit.sh --wrap "$(VALGRIND)" "$(TST)" $(TEST_BINS)
	@$(LEG) "schemas" scripts/check-schemas.sh
	@$(LEG) "command lines" scripts/check-cli.sh $(BUILD)
	@$(LEG) "case list" $(SUBMAKE) check-list
	@$(LEG) "stress" $(SUBMAKE) stress
	@$(LEG) "stress under valgrind" $(SUBMAKE) stress-valgrind
	@$(LEG) "suite" $(SUBMAKE) suite REPORTS=$(BUILD)/reports-test SUITE_LABEL="suite (make test)"
	@$(LEG) "suite under valgrind" $(SUBMAKE) suite-memcheck
	@$(LEG) "mutants" $(SUBMAKE) mutant-check
	@$(LEG) "allocation failures" $(SUBMAKE) inject-alloc-smoke
	@$(LEG) "network faults" $(SUBMAKE) inject-net-smoke
	@$(LEG) "asan" $(SUBMAKE) asan-subset
	@scripts/legs-verdict.sh $(LEGS_FILE)

check-full: test

# check-full's legs beyond make test (DESIGN.md; stress-full and interop are added above): the
# ASan build's whole suite, valgrind over every case, the suite at full size, a short fuzz run.
# Each selection of all cases names the three levels (the script's selection is word-split).
.PHONY: asan-full suite-valgrind suite-full fuzz-short
asan-full:
	@$(MAKE) --no-print-directory asan
	@ASAN_SUBSET_SELECT="--level MUST --level SHOULD --level INFO" scripts/asan-subset.sh build/asan
# Every case under memcheck, at the gate's sizes: memcheck's 20-50x slowdown would turn the
# full-size streams (STR-7: 200 MB) into hours; suite-full covers the sizes.
suite-valgrind: $(CONFORM) $(LIB)/libmiref.so
	@rc=0; $(CONFORM) -j 2 --scale 0.1 --valgrind --out $(BUILD)/reports-valgrind </dev/null || rc=$$?; \
		scripts/check-reports.sh $(BUILD)/reports-valgrind/junit.xml || rc=1; exit $$rc
suite-full: $(CONFORM) $(LIB)/libmiref.so
	@$(MAKE) --no-print-directory suite SUITE_ARGS="-j 2" REPORTS=$(BUILD)/reports-full
fuzz-short:
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=60
# The HTML pages in headless Chromium (installed on demand): a failing row, its transcript
# unfolding, a matrix cell.
.PHONY: check-html-browser
check-html-browser: mutants $(CONFORM)
	@scripts/check-html-browser.sh $(BUILD)
check-full: asan-full suite-valgrind suite-full fuzz-short check-html-browser

# clang warns about things gcc does not; the gcc build is the one that holds -Werror, so a
# clang-only warning must not stop the sanitizer build (it is still printed). A sanitized
# shared library leaves the runtime's symbols to the executable that loads it, so the asan
# build lifts libmiref.so's -z defs (-z undefs comes later on the link line and wins;
# -Qunused-arguments keeps the compile lines quiet about the linker flag).
asan:
	$(MAKE) BUILD=build/asan CC=clang OPT=-O1 EXTRA_CFLAGS=-Wno-error \
		SAN_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined -Qunused-arguments -Wl,-z,undefs" all

clean:
	rm -rf build

-include $(shell find $(OBJ) -name '*.d' 2>/dev/null)
-include $(shell find $(MUTANT_DIR) -name '*.d' 2>/dev/null)
