# Reelshop: `make run` opens the storefront on the bundled catalog, `make test` runs every test.
# Both install the Debian packages they need first (apt-get when root, else a clear message).

SWIFT ?= swift
BIN := .build/debug/reelshop

# What the build and the tests need from Debian.
DEB_PACKAGES := pkg-config libncurses-dev ncurses-term tmux libpng-dev libgif-dev openssh-server openssh-client

.PHONY: run test build deps clean benchmarks

run: deps build
	@$(BIN) --catalog "$(CURDIR)/Assets" $(ARGS)

test: deps build
	$(SWIFT) build --build-tests
	REELSHOP_BIN="$(CURDIR)/$(BIN)" $(SWIFT) test --skip-build
	@$(MAKE) --no-print-directory fuzz-ci

build: deps
	$(SWIFT) build --product reelshop

deps:
	@scripts/install-deps $(DEB_PACKAGES)

# Speed and memory figures (a separate package; its first build takes several minutes).
benchmarks: deps
	cd Benchmarks && $(SWIFT) package --allow-writing-to-package-directory benchmark

clean:
	rm -rf .build

# --- Fuzzing (libFuzzer; docs/RELIABILITY.md "Fuzzing") -------------------------------------
# A separate sanitized build in .build-fuzz (scripts/fuzz), never mixed into `swift build`.
# `make fuzz` is the long run (FUZZ_SECONDS per target); `make test` runs fuzz-ci: the same
# targets for FUZZ_CI_SECONDS each, starting from the committed corpus in Fuzz/corpus.
FUZZ_SECONDS ?= 60
FUZZ_CI_SECONDS ?= 5

.PHONY: fuzz fuzz-ci

fuzz: deps
	nice -n 10 scripts/fuzz all $(FUZZ_SECONDS)

fuzz-ci: deps
	scripts/fuzz all $(FUZZ_CI_SECONDS)
# --- end fuzzing ---------------------------------------------------------------------------
