# govuk-notify — run `make help` for the list of targets.
# The two commands for a fresh machine are `make demo` and `make test`.

SHELL := /bin/bash
.DEFAULT_GOAL := help
CARGO ?= cargo
PREFIX ?= /usr/local
PROFILE ?= release
export CARGO_TERM_COLOR ?= never

.PHONY: help
help: ## Show this help
	@grep -hE '^[a-zA-Z0-9_.-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2}'

.PHONY: demo
demo: ## Start the simulator and send messages from Rust, C, Python, Node, Ruby and C#
	@scripts/demo.sh

.PHONY: test
test: ## Run every test: lints, Rust, header check, C under valgrind, Python, Node, Ruby, .NET, packaging, quick starts
	@scripts/test.sh

.PHONY: lint
lint: ## cargo fmt --check and cargo clippy -D warnings
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --workspace --all-targets -- -D warnings

.PHONY: test-rust
test-rust: ## Rust unit and integration tests (core, simulator, bindings' Rust tests)
	$(CARGO) test --workspace

.PHONY: test-c
test-c: ## C ABI tests under valgrind, the header freshness check and the C++ compile
	tests/c/run.sh

.PHONY: test-c-install
test-c-install: ## make install into a scratch prefix, then build and run a C program via pkg-config and CMake
	tests/c/install-test.sh

.PHONY: test-node-package
test-node-package: ## npm pack the package and its Linux x64 binary package, install them in a clean directory, send
	tests/node/package-test.sh

.PHONY: test-readme
test-readme: ## Run the README's quick starts as written against the simulator
	tests/readme/run.sh

.PHONY: lib
lib: ## Build the C library for make install (PROFILE=release) without installing it
	PROFILE="$(PROFILE)" scripts/install-c.sh --build

.PHONY: install
install: ## Install the C library, header, pkg-config file and CMake package (PREFIX=/usr/local, DESTDIR, PROFILE, NO_BUILD=1 after make lib)
	PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)" PROFILE="$(PROFILE)" NO_BUILD="$(NO_BUILD)" scripts/install-c.sh

.PHONY: test-python
test-python: ## Python binding tests (builds the extension into .venv)
	tests/python/run.sh

.PHONY: test-node
test-node: ## Node addon tests (builds the addon, npm installs dev dependencies)
	tests/node/run.sh

.PHONY: test-ruby
test-ruby: ## Ruby gem tests (apt installs ruby and ruby-ffi; builds and installs the platform gem)
	tests/ruby/run.sh

.PHONY: test-dotnet
test-dotnet: ## .NET binding: NUnit suite under Mono, documented examples (installs Mono/NUnit via apt)
	tests/dotnet/run.sh

.PHONY: test-simulator-official
test-simulator-official: ## Drive the simulator with the official Python client
	tests/simulator/run.sh

.PHONY: test-faults
test-faults: ## Fault matrix (500/502/503/429/refused/reset/hang/huge/clock) in C, Python and Node
	tests/faults/run.sh

.PHONY: soak
soak: ## Long soak: 16 threads x 2000 calls (C, Python), 500 promises (Node), 4 forked children
	tests/soak/run.sh

.PHONY: fuzz
fuzz: ## Long fuzzing run (cargo-fuzz/libFuzzer): every target, FUZZ_SECONDS each (default 300)
	fuzz/run.sh $${FUZZ_SECONDS:-300}

.PHONY: fuzz-smoke
fuzz-smoke: ## Short fuzzing run of every target, replaying the committed regressions
	fuzz/smoke.sh

.PHONY: bench
bench: ## Benchmarks against the official clients (not part of make test); prints a table
	benches/run.sh

.PHONY: simulator
simulator: ## Run the simulator on 127.0.0.1:6011 and print its keys
	$(CARGO) run -p govuk-notify-simulator -- --port 6011

.PHONY: doc
doc: ## Build the Rust API docs (warnings are errors)
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps -p govuk-notify

.PHONY: header
header: ## Regenerate include/govuk_notify.h with cbindgen
	tests/c/regen-header.sh
