# SPDX-License-Identifier: BSD-3-Clause
#
# sgxra: one non-recursive GNU Makefile.
#
#   make [V=release|asan|vg]   build the library, the programs and the tests
#   make check                 run every test; last line "N passed, N failed"
#   make V=asan check          the same under ASan + UBSan
#   make V=vg check            the same under valgrind memcheck
#   make bench                 benchmarks (each prints its figure and floor)
#   make fuzz [FUZZ_SECONDS=60]  libFuzzer on every target (clang)
#   make ct                    constant-time harnesses under valgrind
#   make demo                  the end-to-end demonstration
#   make format | format-check | lint
#   make install [PREFIX=/usr/local] [DESTDIR=]
#
# Objects go to build/$(V)/. Sources are found by wildcard: adding a file
# to src/lib/<module>/, tools/, tests/unit/, tests/fuzz/ or bench/ needs no
# change here.

V ?= release
BUILD := build/$(V)
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
FUZZ_SECONDS ?= 60
SOVERSION := 0
VERSION := 0.1.0

.DEFAULT_GOAL := all
.SUFFIXES:
.DELETE_ON_ERROR:
.SECONDARY:

# --- dependencies -----------------------------------------------------------

PKGS := openssl libcurl libmicrohttpd gnutls jansson sqlite3 libpq cmocka
NODEPS_GOALS := clean format format-check help distclean
ifneq ($(filter-out $(NODEPS_GOALS),$(or $(MAKECMDGOALS),all)),)
ifneq ($(shell pkg-config --exists $(PKGS) 2>/dev/null && echo ok),ok)
$(info sgxra: some dependencies are missing; running scripts/install-deps)
ifneq ($(shell scripts/install-deps >&2; echo $$?),0)
$(error scripts/install-deps failed: install the packages it named, then run make again)
endif
endif
endif

# --- flags ------------------------------------------------------------------

WARNINGS := -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion \
	-Wstrict-prototypes -Wmissing-prototypes -Wcast-qual -Wpointer-arith \
	-Wvla -Wformat=2 -Wimplicit-fallthrough -Werror
CFLAGS_BASE := -std=c11 -g -MMD -MP -fPIC $(WARNINGS)
CPPFLAGS_BASE := -D_DEFAULT_SOURCE -Iinclude -Isrc/lib
LDFLAGS_BASE := -pie -Wl,-z,relro,-z,now -Wl,--as-needed

ifeq ($(V),release)
CFLAGS_V := -O2 -D_FORTIFY_SOURCE=3 -fstack-protector-strong
else ifeq ($(V),asan)
CFLAGS_V := -O1 -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
LDFLAGS_V := -fsanitize=address,undefined
else ifeq ($(V),vg)
# Debian 12's valgrind 3.19 cannot read clang 14's default DWARF 5.
CFLAGS_V := -O1 -gdwarf-4 -fno-omit-frame-pointer -DRA_CT_VALGRIND
else ifeq ($(V),fuzz)
CC := clang
CFLAGS_V := -O1 -fsanitize=fuzzer-no-link,address,undefined \
	-fno-sanitize-recover=all -fno-omit-frame-pointer -gdwarf-4
LDFLAGS_V := -fsanitize=address,undefined
else
$(error unknown variant V=$(V): use release, asan, vg or fuzz)
endif

ALL_CFLAGS = $(CFLAGS_BASE) $(CFLAGS_V) $(CFLAGS)
ALL_CPPFLAGS = $(CPPFLAGS_BASE) $(CPPFLAGS)
ALL_LDFLAGS = $(LDFLAGS_BASE) $(LDFLAGS_V) $(LDFLAGS)

# Headers programs and tests compile against (libpq's are not on the
# default include path).
PROG_PKGS := openssl jansson libcurl libmicrohttpd gnutls sqlite3 libpq cmocka
pkg_cflags = $(shell pkg-config --cflags $(1) 2>/dev/null)
pkg_libs = $(shell pkg-config --libs $(1) 2>/dev/null)

LIB_DEPS := openssl jansson libcurl
LIBS_LIB := $(call pkg_libs,$(LIB_DEPS)) -lpthread
# gnutls: src/common/httpd.c speaks on libmicrohttpd's TLS sessions.
LIBS_PROG := $(LIBS_LIB) $(call pkg_libs,jansson libcurl libmicrohttpd gnutls sqlite3 libpq)
LIBS_TEST := $(LIBS_PROG) $(call pkg_libs,cmocka)

# --- sources ----------------------------------------------------------------

LIB_SRC := $(sort $(wildcard src/lib/*/*.c))
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
# ar keys members by file name: two sources named alike would lose one.
ifneq ($(words $(notdir $(LIB_SRC))),$(words $(sort $(notdir $(LIB_SRC)))))
$(error library sources must have distinct file names: $(sort $(foreach f,$(notdir $(LIB_SRC)),$(if $(filter-out 1,$(words $(filter %/$(f),$(LIB_SRC)))),$(f)))))
endif
LIB_A := $(BUILD)/libsgxra.a
LIB_SO := $(BUILD)/libsgxra.so.$(SOVERSION)

TOOL_SRC := $(sort $(wildcard tools/*.c))
TOOL_OBJ := $(TOOL_SRC:%.c=$(BUILD)/%.o)
SGXRA := $(BUILD)/bin/sgxra

# Daemons: src/<name>/*.c builds $(BUILD)/bin/sgxra-<name>. Everything but
# main.c also goes into $(BUILD)/libsgxra-<name>.a, which unit tests named
# tests/unit/<name>_*.c link, so a daemon's modules are testable alone
# (with the test harness in tests/<name>/*.c, if any).
DAEMON_DIRS := $(sort $(filter-out lib trts common,$(notdir $(patsubst %/,%,$(wildcard src/*/)))))
# A directory without main.c yet (a daemon being written) gives only its
# module archive and unit tests, no binary.
DAEMONS := $(patsubst src/%/main.c,$(BUILD)/bin/sgxra-%,$(wildcard $(DAEMON_DIRS:%=src/%/main.c)))
DAEMON_LIBS := $(DAEMON_DIRS:%=$(BUILD)/libsgxra-%.a)
define daemon_rule
$(BUILD)/libsgxra-$(1).a: $(patsubst %.c,$(BUILD)/%.o,$(filter-out src/$(1)/main.c,$(wildcard src/$(1)/*.c)))
	@mkdir -p $$(@D)
	$$(call msg,AR,$$@)
	$$(Q)rm -f $$@ && $$(AR) rcs $$@ $$^

$(BUILD)/tests/unit/$(1)_%: $(BUILD)/tests/unit/$(1)_%.o $(TEST_COMMON_OBJ) $(patsubst %.c,$(BUILD)/%.o,$(wildcard tests/$(1)/*.c)) $(BUILD)/libsgxra-$(1).a $(COMMON_A) $(LIB_A)
	@mkdir -p $$(@D)
	$$(call msg,LD,$$@)
	$$(Q)$$(CC) $$(ALL_CFLAGS) $$(ALL_LDFLAGS) -o $$@ $$^ $$(LIBS_TEST)

# bench/<daemon>.c, if any, links the daemon's modules and tests/<daemon>/.
$(BUILD)/bench/$(1): $(BUILD)/bench/$(1).o $(BENCH_COMMON_OBJ) $(TEST_COMMON_OBJ) $(patsubst %.c,$(BUILD)/%.o,$(wildcard tests/$(1)/*.c)) $(BUILD)/libsgxra-$(1).a $(COMMON_A) $(LIB_A)
	@mkdir -p $$(@D)
	$$(call msg,LD,$$@)
	$$(Q)$$(CC) $$(ALL_CFLAGS) $$(ALL_LDFLAGS) -o $$@ $$^ $$(LIBS_TEST)

# tests/fuzz/<daemon>_*.c: fuzz targets of the daemon's modules, linked
# like its unit tests (the shortest stem wins over the generic rules).
$(BUILD)/tests/replay/$(1)_%: $(BUILD)/tests/fuzz/$(1)_%.o $(BUILD)/tests/fuzz/replay.o $(TEST_COMMON_OBJ) $(patsubst %.c,$(BUILD)/%.o,$(wildcard tests/$(1)/*.c)) $(BUILD)/libsgxra-$(1).a $(COMMON_A) $(LIB_A)
	@mkdir -p $$(@D)
	$$(call msg,LD,$$@)
	$$(Q)$$(CC) $$(ALL_CFLAGS) $$(ALL_LDFLAGS) -o $$@ $$^ $$(LIBS_TEST)

$(BUILD)/tests/fuzzer/$(1)_%: $(BUILD)/tests/fuzz/$(1)_%.o $(TEST_COMMON_OBJ) $(patsubst %.c,$(BUILD)/%.o,$(wildcard tests/$(1)/*.c)) $(BUILD)/libsgxra-$(1).a $(COMMON_A) $(LIB_A)
	@mkdir -p $$(@D)
	$$(call msg,LD,$$@)
	$$(Q)$$(CC) $$(ALL_CFLAGS) -fsanitize=fuzzer $$(LDFLAGS_V) -o $$@ $$^ $$(LIBS_TEST)

$(BUILD)/bin/sgxra-$(1): $(BUILD)/src/$(1)/main.o $(BUILD)/libsgxra-$(1).a $(COMMON_A) $(LIB_A)
	@mkdir -p $$(@D)
	$$(call msg,LD,$$@)
	$$(Q)$$(CC) $$(ALL_CFLAGS) $$(ALL_LDFLAGS) -o $$@ $$^ $$(LIBS_PROG)
endef

# Code shared by programs (logging, config, privilege separation, the HTTP
# front), as an archive: a program pulls in only the members it uses.
# Unit tests named tests/unit/common_*.c link it.
PROG_COMMON_SRC := $(sort $(wildcard src/common/*.c))
PROG_COMMON_OBJ := $(PROG_COMMON_SRC:%.c=$(BUILD)/%.o)
COMMON_A := $(BUILD)/libsgxra-common.a

# The trusted runtime, linked into every enclave.
TRTS_SRC := $(sort $(wildcard src/trts/*.c))
TRTS_OBJ := $(TRTS_SRC:%.c=$(BUILD)/%.o)
TRTS_A := $(BUILD)/libsgxra_trts.a
# Enclaves carry their own copy of libcrypto: what runs is what is measured.
LIBCRYPTO_A := $(shell pkg-config --variable=libdir libcrypto 2>/dev/null)/libcrypto.a
ENCLAVE_LDFLAGS := -shared -Wl,-z,relro,-z,now -Wl,-Bsymbolic \
	-Wl,--undefined=ra_trts_boot -Wl,--undefined=ra_trts_run \
	-Wl,--exclude-libs,libcrypto.a:libsgxra.a

# Enclaves: examples/<name>/ and tests/enclaves/<name>/ with enclave*.c
# (and enclave*.S), enclave.conf and optionally host*.c give
# $(BUILD)/<dir>/enclave.signed.so and $(BUILD)/<dir>/host.
EXAMPLE_DIRS := $(sort $(patsubst %/enclave.conf,%,$(wildcard examples/*/enclave.conf tests/enclaves/*/enclave.conf)))
EXAMPLES := $(foreach d,$(EXAMPLE_DIRS),$(BUILD)/$(d)/enclave.signed.so \
	$(if $(wildcard $(d)/host*.c),$(BUILD)/$(d)/host))

# Benchmark enclaves (bench/enclaves/<name>/), built by `make bench` only.
BENCH_ENCLAVE_DIRS := $(sort $(patsubst %/enclave.conf,%,$(wildcard bench/enclaves/*/enclave.conf)))
BENCH_ENCLAVES := $(BENCH_ENCLAVE_DIRS:%=$(BUILD)/%/enclave.signed.so)

# Test helpers: tests/tools/<name>.c gives $(BUILD)/tests/tools/<name>.
TEST_TOOL_SRC := $(sort $(wildcard tests/tools/*.c))
TEST_TOOLS := $(TEST_TOOL_SRC:tests/tools/%.c=$(BUILD)/tests/tools/%)

TEST_COMMON_SRC := $(sort $(wildcard tests/common/*.c))
TEST_COMMON_OBJ := $(TEST_COMMON_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%)

FUZZ_SRC := $(sort $(filter-out tests/fuzz/replay.c,$(wildcard tests/fuzz/*.c)))
FUZZ_NAMES := $(FUZZ_SRC:tests/fuzz/%.c=%)
REPLAY_BIN := $(FUZZ_NAMES:%=$(BUILD)/tests/replay/%)

CT_SRC := $(sort $(wildcard tests/ct/*.c))
CT_BIN := $(CT_SRC:tests/ct/%.c=$(BUILD)/tests/ct/%)

BENCH_COMMON_SRC := $(sort $(wildcard bench/common/*.c))
BENCH_COMMON_OBJ := $(BENCH_COMMON_SRC:%.c=$(BUILD)/%.o)
BENCH_SRC := $(sort $(wildcard bench/*.c))
BENCH_BIN := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)

MANPAGES := $(sort $(wildcard man/*.[1-8]))

ALL_C_FILES = $(shell git ls-files '*.c' '*.h' 2>/dev/null || \
	find include src tools tests bench examples -name '*.[ch]' 2>/dev/null)

# --- rules ------------------------------------------------------------------

.PHONY: all lib programs tests check bench fuzz demo install uninstall \
	format format-check lint clean distclean help golden

all: lib programs tests

lib: $(LIB_A) $(LIB_SO) $(BUILD)/sgxra.pc
programs: $(SGXRA) $(DAEMONS) $(TRTS_A) $(EXAMPLES)
tests: $(UNIT_BIN) $(REPLAY_BIN) $(BENCH_BIN) $(TEST_TOOLS)

# Library objects get only _DEFAULT_SOURCE; programs also _GNU_SOURCE.
# VERBOSE=1 shows the commands.
ifeq ($(VERBOSE),1)
Q :=
msg = @true
else
Q := @
msg = @printf '  %-6s %s\n' $(1) $(2)
endif

# src/lib/crypto uses a few OpenSSL interfaces deprecated in 3.0 on purpose
# (plain-data SHA-256 contexts, caller-chosen ECDSA nonces): docs/crypto.md.
$(BUILD)/src/lib/crypto/%.o: CPPFLAGS += -DOPENSSL_SUPPRESS_DEPRECATED

$(BUILD)/src/lib/%.o: src/lib/%.c
	@mkdir -p $(@D)
	$(call msg,CC,$<)
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(call pkg_cflags,$(LIB_DEPS)) -c -o $@ $<

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(call msg,CC,$<)
	$(Q)$(CC) $(ALL_CPPFLAGS) -D_GNU_SOURCE -Isrc/common -Itests/common -Ibench/common $(ALL_CFLAGS) \
		$(call pkg_cflags,$(PROG_PKGS)) \
		-c -o $@ $<

$(LIB_A): $(LIB_OBJ)
	@mkdir -p $(@D)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(TRTS_A): $(TRTS_OBJ)
	@mkdir -p $(@D)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(COMMON_A): $(PROG_COMMON_OBJ)
	@mkdir -p $(@D)
	$(call msg,AR,$@)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

define example_rule
$(BUILD)/$(1)/enclave.so: $(patsubst %.c,$(BUILD)/%.o,$(wildcard $(1)/enclave*.c)) $(patsubst %.S,$(BUILD)/%.o,$(wildcard $(1)/enclave*.S)) $(TRTS_A) $(LIB_A)
	@mkdir -p $$(@D)
	$$(call msg,LD,$$@)
	$$(Q)$$(CC) $$(ALL_CFLAGS) $$(LDFLAGS_V) $$(ENCLAVE_LDFLAGS) -o $$@ $$^ $$(LIBCRYPTO_A) -lpthread

$(BUILD)/$(1)/signing-key.pem: | $(SGXRA)
	@mkdir -p $$(@D)
	$$(call msg,KEYGEN,$$@)
	$$(Q)$(SGXRA) keygen --type enclave $$@ > /dev/null

$(BUILD)/$(1)/enclave.signed.so: $(BUILD)/$(1)/enclave.so $(1)/enclave.conf $(BUILD)/$(1)/signing-key.pem $(SGXRA)
	$$(call msg,SIGN,$$@)
	$$(Q)$(SGXRA) sign --key $(BUILD)/$(1)/signing-key.pem --config $(1)/enclave.conf --out $$@ $$< > /dev/null

$(BUILD)/$(1)/host: $(patsubst %.c,$(BUILD)/%.o,$(wildcard $(1)/host*.c)) $(LIB_A)
	@mkdir -p $$(@D)
	$$(call msg,LD,$$@)
	$$(Q)$$(CC) $$(ALL_CFLAGS) $$(ALL_LDFLAGS) -o $$@ $$^ $$(LIBS_PROG)
endef

$(LIB_SO): $(LIB_OBJ)
	@mkdir -p $(@D)
	$(call msg,LD,$@)
	$(Q)$(CC) -shared -Wl,-soname,libsgxra.so.$(SOVERSION) \
		-Wl,-z,relro,-z,now $(LDFLAGS_V) -o $@ $^ $(LIBS_LIB)

$(BUILD)/sgxra.pc: scripts/sgxra.pc.in Makefile
	@mkdir -p $(@D)
	$(Q)sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
		-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
		$< > $@

$(SGXRA): $(TOOL_OBJ) $(COMMON_A) $(LIB_A)
	@mkdir -p $(@D)
	$(call msg,LD,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(LIBS_PROG)

$(foreach d,$(DAEMON_DIRS),$(eval $(call daemon_rule,$(d))))
$(foreach d,$(EXAMPLE_DIRS) $(BENCH_ENCLAVE_DIRS),$(eval $(call example_rule,$(d))))

$(BUILD)/%.o: %.S
	@mkdir -p $(@D)
	$(call msg,AS,$<)
	$(Q)$(CC) -c -fPIC -o $@ $<

$(BUILD)/tests/tools/%: $(BUILD)/tests/tools/%.o $(LIB_A)
	@mkdir -p $(@D)
	$(call msg,LD,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(LIBS_PROG)

$(BUILD)/tests/unit/%: $(BUILD)/tests/unit/%.o $(TEST_COMMON_OBJ) $(LIB_A)
	@mkdir -p $(@D)
	$(call msg,LD,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(LIBS_TEST)

# Unit tests of src/common (tests/unit/common_*.c): the shortest stem wins,
# so this rule beats the one above.
$(BUILD)/tests/unit/common_%: $(BUILD)/tests/unit/common_%.o $(TEST_COMMON_OBJ) $(COMMON_A) $(LIB_A)
	@mkdir -p $(@D)
	$(call msg,LD,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(LIBS_TEST)

# Corpus replay: each fuzz target linked with a plain main() that feeds it
# every file of tests/fuzz/corpus/<target>/ (no libFuzzer needed).
$(BUILD)/tests/replay/%: $(BUILD)/tests/fuzz/%.o $(BUILD)/tests/fuzz/replay.o $(TEST_COMMON_OBJ) $(COMMON_A) $(LIB_A)
	@mkdir -p $(@D)
	$(call msg,LD,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(LIBS_TEST)

$(BUILD)/bench/%: $(BUILD)/bench/%.o $(BENCH_COMMON_OBJ) $(TEST_COMMON_OBJ) $(LIB_A)
	@mkdir -p $(@D)
	$(call msg,LD,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(LIBS_TEST)

check: all
	@BUILD=$(BUILD) V=$(V) tests/run

bench: all $(BENCH_ENCLAVES)
	@BUILD=$(BUILD) bench/run

golden: all
	@BUILD=$(BUILD) tests/golden/regenerate

# libFuzzer binaries are built in their own variant (clang, sanitizers).
fuzz:
	$(MAKE) V=fuzz fuzz-build
	@tests/fuzz/run build/fuzz $(FUZZ_SECONDS) $(FUZZ_NAMES)

.PHONY: fuzz-build
fuzz-build: $(FUZZ_NAMES:%=$(BUILD)/tests/fuzzer/%)

$(BUILD)/tests/fuzzer/%: $(BUILD)/tests/fuzz/%.o $(TEST_COMMON_OBJ) $(COMMON_A) $(LIB_A)
	@mkdir -p $(@D)
	$(call msg,LD,$@)
	$(Q)$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer $(LDFLAGS_V) -o $@ $^ $(LIBS_TEST)

# Constant-time harnesses under valgrind (built in the vg variant).
ct:
	$(MAKE) V=vg ct-build
	@tests/ct/run build/vg

.PHONY: ct ct-build
ct-build: $(CT_BIN)

$(BUILD)/tests/ct/%: $(BUILD)/tests/ct/%.o $(LIB_A)
	@mkdir -p $(@D)
	$(call msg,LD,$@)
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(LIBS_LIB)

# Maintainers: new architectural-enclave SIGSTRUCTs (a fresh key, thrown
# away). Changes every AE MRSIGNER: commit the result deliberately.
.PHONY: ae-sigstructs
ae-sigstructs: $(BUILD)/scripts/mkae
	$(BUILD)/scripts/mkae > src/lib/sgx/ae_sigstructs.c.new
	mv src/lib/sgx/ae_sigstructs.c.new src/lib/sgx/ae_sigstructs.c
	clang-format -i src/lib/sgx/ae_sigstructs.c

$(BUILD)/scripts/mkae: $(BUILD)/scripts/mkae.o $(LIB_A)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $^ $(LIBS_LIB)

demo: all
	@BUILD=$(BUILD) scripts/demo

install: lib programs
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig \
		$(DESTDIR)$(INCLUDEDIR)/sgxra
	install -m 0755 $(SGXRA) $(DAEMONS) $(DESTDIR)$(BINDIR)/
	install -m 0644 $(LIB_A) $(TRTS_A) $(DESTDIR)$(LIBDIR)/
	install -m 0755 $(LIB_SO) $(DESTDIR)$(LIBDIR)/
	ln -sf libsgxra.so.$(SOVERSION) $(DESTDIR)$(LIBDIR)/libsgxra.so
	install -m 0644 include/sgxra/*.h $(DESTDIR)$(INCLUDEDIR)/sgxra/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
		-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
		scripts/sgxra.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/sgxra.pc
	$(if $(MANPAGES),install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man8)
	$(foreach m,$(MANPAGES),install -m 0644 $(m) $(DESTDIR)$(MANDIR)/man$(subst .,,$(suffix $(m)))/;)

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/sgxra $(DESTDIR)$(BINDIR)/sgxra-* \
		$(DESTDIR)$(LIBDIR)/libsgxra.* $(DESTDIR)$(LIBDIR)/pkgconfig/sgxra.pc
	rm -rf $(DESTDIR)$(INCLUDEDIR)/sgxra
	$(foreach m,$(MANPAGES),rm -f $(DESTDIR)$(MANDIR)/man$(subst .,,$(suffix $(m)))/$(notdir $(m));)

format:
	clang-format -i $(ALL_C_FILES)

format-check:
	@clang-format --dry-run -Werror $(ALL_C_FILES) && echo "format-check: ok"

# clang-tidy over every source, with the flags of this Makefile. libpq's
# headers (not on the default path) come in as -isystem: clang-tidy then
# treats them as the system headers they are (it reported their reserved
# identifiers, _PQprintOpt, as ours).
LINT_PKG_CFLAGS = $(call pkg_cflags,$(filter-out libpq,$(PROG_PKGS))) \
	$(patsubst -I%,-isystem %,$(call pkg_cflags,libpq))
lint:
	@BUILD=$(BUILD) CPPFLAGS_LINT="$(ALL_CPPFLAGS) -D_GNU_SOURCE -Isrc/common $(LINT_PKG_CFLAGS)" \
		scripts/lint $(filter %.c,$(ALL_C_FILES))

clean:
	rm -rf build

distclean: clean

help:
	@sed -n '3,16p' Makefile | sed 's/^# \{0,1\}//'

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
