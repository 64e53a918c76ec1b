# Reelshop: `make run` opens the storefront on the bundled catalog, `make test` runs every test.
# Both install the Debian packages they need first (apt-get when root, else a clear message).

SWIFT ?= swift
BIN := .build/debug/reelshop
TEST_JOBS ?= 3
# The toolchain's formatter, with the project's .swift-format (4 spaces, 160 columns).
SWIFT_FORMAT ?= swift-format
FORMATTED := Package.swift Sources Tests Fuzz/Sources Benchmarks/Package.swift Benchmarks/Benchmarks

# What the build and the tests need from Debian.
DEB_PACKAGES := pkg-config libncurses-dev ncurses-term tmux libpng-dev libgif-dev zlib1g-dev openssh-server openssh-client haproxy \
	libsqlite3-dev libqrencode-dev

# The marketplace's end-to-end tests: a real browser on the verification page (selenium driving
# headless Chromium), QR codes read back from a picture of the screen (zbarimg), and the server
# checked against docs/marketplace-api.yaml (schemathesis).
MARKET_DEB_PACKAGES := chromium chromium-driver zbar-tools
PIP_PACKAGES := selenium==4.51.0 schemathesis==4.32.5 pyte pillow

# Real terminal emulators for the pixel tests (Tests/EndToEndTests/EmulatorGraphicsTests.swift):
# sixel in xterm -ti vt340, kitty graphics in kitty, under Xvfb, screenshots by ImageMagick.
# kitty is started with DejaVu Sans Mono: Chromium's dependencies bring Noto, which fontconfig then
# picks for "monospace", and the pictures are judged at the cell size a font gives.
EMULATOR_DEB_PACKAGES := xvfb xterm kitty mlterm xdotool imagemagick fonts-dejavu-core

.PHONY: run test build deps clean benchmarks faults soak market-api-check format format-check

run: deps build
	@$(BIN) --catalog "$(CURDIR)/Assets" $(ARGS)

test: deps format-check build
	@scripts/install-deps $(EMULATOR_DEB_PACKAGES) $(MARKET_DEB_PACKAGES)
	@scripts/install-pip $(PIP_PACKAGES)
	$(SWIFT) build --build-tests
	# The test bundle as several processes (scripts/run-tests): each end-to-end suite, the unit
	# tests and the marketplace's HTTP suites are a job; TEST_JOBS of them at once. Tests that wait
	# synchronously (tmux, ssh) hold one of Swift's two cooperative threads, so one process ran
	# only two at a time, beside the CPU-bound unit tests (5 m 26 s). Now the unit tests first, then
	# the end-to-end suites three at a time (4 m 40 s). At five at a time: 3 m 30 s, but three runs
	# in four had a timing test miss (demo tour, SIGTERM under a flood). The HTTP suites keep a process of their own
	# (stop 18: blocked by the tmux suites, a server test met its idle timeout).
	REELSHOP_BIN="$(CURDIR)/$(BIN)" SWIFT="$(SWIFT)" scripts/run-tests --jobs $(TEST_JOBS)
	$(MAKE) --no-print-directory faults
	$(MAKE) --no-print-directory market-api-check
	$(MAKE) --no-print-directory fuzz-ci

build: deps
	$(SWIFT) build --product reelshop

# Sources are kept formatted by swift-format: `make format` rewrites them, `make test` checks.
format:
	$(SWIFT_FORMAT) format --in-place --recursive --parallel $(FORMATTED)

format-check:
	@$(SWIFT_FORMAT) lint --strict --recursive --parallel $(FORMATTED) \
		|| { echo "Sources are not formatted: run make format" >&2; exit 1; }

deps:
	@scripts/install-deps $(DEB_PACKAGES)

# Speed and memory figures (a separate package; its first build takes several minutes).
benchmarks: deps
	cd Benchmarks && $(SWIFT) package --allow-writing-to-package-directory benchmark

clean:
	rm -rf .build

# The marketplace server against its contract (docs/marketplace-api.yaml), by schemathesis.
market-api-check: build
	@scripts/install-pip $(PIP_PACKAGES)
	REELSHOP_BIN="$(CURDIR)/$(BIN)" scripts/market-api-check

# --- Fault injection and soak (scripts/faults, docs/RELIABILITY.md "Fault injection and soak") ---
# `faults` is the fast pass `make test` ends with (about 1-2 minutes): 120 SIGKILLs during writes,
# four processes sharing one cart, a short terminal-abuse pass, disk full / read-only, the secrets
# scan. `make soak` is the long run: 1,000 kills, every terminal case, 200 SSH connect cycles and
# 50 SSH visitors for SOAK_MINUTES (default 10). Both need the built binary and python3.
FAULT_DEB_PACKAGES := python3
SOAK_MINUTES ?= 10

faults: build
	@scripts/install-deps $(FAULT_DEB_PACKAGES)
	REELSHOP_BIN="$(CURDIR)/$(BIN)" scripts/faults/run quick

soak: build
	@scripts/install-deps $(FAULT_DEB_PACKAGES)
	REELSHOP_BIN="$(CURDIR)/$(BIN)" scripts/faults/run soak --minutes $(SOAK_MINUTES)
# --- end fault injection and soak ---

# --- Performance figures (docs/PERFORMANCE.md, "Figures") ------------------------------------
# `make perf` builds debug and release binaries and re-measures every row of the figures table on
# real pseudo-terminals, real files and real ssh (about 20 minutes; the first run also builds the
# benchmark package). Timing never runs in `make test`. PERF_ARGS="--only keys,startup --quick"
# picks rows and fewer samples.
# pyte from PyPI too: the python3 first on PATH may not be Debian's (pyenv here).
PERF_DEB_PACKAGES := python3 python3-pyte xvfb xterm kitty fonts-dejavu-core
PERF_ARGS ?=

.PHONY: perf
perf: deps
	@scripts/install-deps $(PERF_DEB_PACKAGES)
	@scripts/install-pip pyte
	$(SWIFT) build --product reelshop
	$(SWIFT) build -c release --product reelshop
	python3 Benchmarks/perf-table.py $(PERF_ARGS)
# --- end of performance figures ---------------------------------------------------------------

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
