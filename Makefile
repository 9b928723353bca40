# brinkwatch: build, run and test.
#
#   make run     install what is missing, build, run one pass on the default config, print the digest
#   make test    install what is missing, run every test

SWIFT   ?= swift
CONFIG  ?= config/brinkwatch.toml

.PHONY: all deps build release run test release-check clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

run: release
	.build/release/brinkwatch run --once --config $(CONFIG)

test: deps
	$(SWIFT) test

# Fails when the release build prints any warning.
release-check: deps
	@out=$$($(SWIFT) build -c release 2>&1); status=$$?; echo "$$out" | tail -n 5; \
	if [ $$status -ne 0 ]; then exit $$status; fi; \
	if echo "$$out" | grep -q "warning:"; then echo "$$out" | grep "warning:"; echo "release build has warnings"; exit 1; fi

clean:
	rm -rf .build
