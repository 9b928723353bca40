# brinkwatch: build, run and test.
#
#   make run     install what is missing, build, run one pass on the default config, print the digest
#   make test    install what is missing, run every test
#   make install     the release binary, systemd unit, default config, knowledge, docs and shell
#                    completions under PREFIX (default /usr/local), staged under DESTDIR if set
#   make uninstall   remove them again; an edited /etc/brinkwatch/brinkwatch.toml is kept
#   make man         regenerate docs/man/brinkwatch.1 after a command or option changed

SWIFT   ?= swift
CONFIG  ?= config/brinkwatch.toml
PREFIX  ?= /usr/local
DESTDIR ?=

BINARY   = .build/release/brinkwatch
BINDIR   = $(PREFIX)/bin
UNITDIR  = $(PREFIX)/lib/systemd/system
DATADIR  = $(PREFIX)/share/brinkwatch
DOCDIR   = $(PREFIX)/share/doc/brinkwatch
BASHDIR  = $(PREFIX)/share/bash-completion/completions
ZSHDIR   = $(PREFIX)/share/zsh/site-functions
FISHDIR  = $(PREFIX)/share/fish/vendor_completions.d
MANDIR   = $(PREFIX)/share/man
# The daemon looks for /etc/brinkwatch/brinkwatch.toml and the unit names that folder as its
# ConfigurationDirectory, so the configuration's place does not follow PREFIX.
CONFDIR  = /etc/brinkwatch
KNOWLEDGE = $(wildcard config/classifier/*.toml) config/classifier/README.md
DOCS      = README.md ARCHITECTURE.md
# The unit and the default configuration name /usr/local; the installed copies name PREFIX.
# Comment lines are left alone.
SUBST     = sed '/^\#/!s|/usr/local/|$(PREFIX)/|g'

.PHONY: all deps build release run test release-check clean install install-build uninstall man

all: build

deps:
	@scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

run: release
	.build/release/brinkwatch run --once --config $(CONFIG)

# The tests build the PostgreSQL queue too (it is off in the default build), so that its
# tests run against a server they start themselves.
TEST_TRAITS ?= PostgreSQL

test: deps
	$(SWIFT) test --traits $(TEST_TRAITS)

# Fails when the release build prints any warning.
release-check: deps
	@out=$$($(SWIFT) build -c release 2>&1); status=$$?; echo "$$out" | tail -n 5; \
	if [ $$status -ne 0 ]; then exit $$status; fi; \
	if echo "$$out" | grep -q "warning:"; then echo "$$out" | grep "warning:"; echo "release build has warnings"; exit 1; fi

clean:
	rm -rf .build

# Builds the release binary, except when .build belongs to someone else and the binary is there
# (`make release`, then `sudo make install`): building as root would leave files in that user's
# build folder that the user can no longer overwrite.
install-build:
	@case "$(PREFIX)" in /*) ;; *) echo "error: PREFIX must be an absolute path, not '$(PREFIX)'" >&2; exit 2;; esac
	@owner=$$(stat -c %u .build 2>/dev/null || id -u); \
	if [ "$$owner" != "$$(id -u)" ] && [ -x $(BINARY) ]; then \
		echo "installing $(BINARY) as built by uid $$owner (make release as that user rebuilds it)"; \
	else \
		$(MAKE) --no-print-directory release; \
	fi

install: install-build
	@set -e; umask 022; \
	stage=$$(mktemp -d); trap 'rm -rf "$$stage"' EXIT; \
	$(SUBST) deploy/systemd/brinkwatch.service > "$$stage/brinkwatch.service"; \
	$(SUBST) deploy/etc/brinkwatch.toml > "$$stage/brinkwatch.toml"; \
	for shell in bash zsh fish; do $(BINARY) --generate-completion-script $$shell > "$$stage/$$shell"; done; \
	put() { echo "install -m $$1 $(DESTDIR)$$3"; install -D -m "$$1" "$$2" "$(DESTDIR)$$3"; }; \
	put 0755 $(BINARY) "$(BINDIR)/brinkwatch"; \
	put 0644 "$$stage/brinkwatch.service" "$(UNITDIR)/brinkwatch.service"; \
	for file in $(KNOWLEDGE); do put 0644 "$$file" "$(DATADIR)/classifier/$${file##*/}"; done; \
	for file in $(DOCS); do put 0644 "$$file" "$(DOCDIR)/$$file"; done; \
	put 0644 "$$stage/bash" "$(BASHDIR)/brinkwatch"; \
	put 0644 "$$stage/zsh" "$(ZSHDIR)/_brinkwatch"; \
	put 0644 "$$stage/fish" "$(FISHDIR)/brinkwatch.fish"; \
	$(SUBST) docs/man/brinkwatch.1 > "$$stage/brinkwatch.1"; \
	put 0644 "$$stage/brinkwatch.1" "$(MANDIR)/man1/brinkwatch.1"; \
	if [ -e "$(DESTDIR)$(CONFDIR)/brinkwatch.toml" ]; then \
		echo "kept $(DESTDIR)$(CONFDIR)/brinkwatch.toml: it exists (the default is deploy/etc/brinkwatch.toml)"; \
	else \
		put 0644 "$$stage/brinkwatch.toml" "$(CONFDIR)/brinkwatch.toml"; \
	fi; \
	if [ -z "$(DESTDIR)" ] && command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then \
		if ! systemd-analyze unit-paths 2>/dev/null | grep -qxF "$(UNITDIR)"; then \
			echo "systemd does not look in $(UNITDIR): systemctl link $(UNITDIR)/brinkwatch.service"; \
		fi; \
		if systemctl -q is-active brinkwatch 2>/dev/null; then \
			echo "next: systemctl daemon-reload; systemctl restart brinkwatch (it still runs the old binary)"; \
		else \
			echo "next: edit $(CONFDIR)/brinkwatch.toml, then systemctl daemon-reload; systemctl enable --now brinkwatch"; \
		fi; \
	fi

# Removes what install placed. The configuration stays when it differs from the default that
# install would write (an operator's edits), as Debian's remove keeps it until purge.
uninstall:
	@set -e; \
	case "$(PREFIX)" in /*) ;; *) echo "error: PREFIX must be an absolute path, not '$(PREFIX)'" >&2; exit 2;; esac; \
	if [ -z "$(DESTDIR)" ] && command -v systemctl >/dev/null && [ -d /run/systemd/system ] \
		&& { systemctl -q is-active brinkwatch || systemctl -q is-enabled brinkwatch; } 2>/dev/null; then \
		echo "error: brinkwatch is enabled or running: systemctl disable --now brinkwatch first" >&2; exit 1; \
	fi; \
	drop() { \
		if [ -e "$(DESTDIR)$$1" ] || [ -L "$(DESTDIR)$$1" ]; then echo "rm $(DESTDIR)$$1"; rm -f "$(DESTDIR)$$1"; fi; \
	}; \
	drop "$(BINDIR)/brinkwatch"; \
	drop "$(UNITDIR)/brinkwatch.service"; \
	for file in $(KNOWLEDGE); do drop "$(DATADIR)/classifier/$${file##*/}"; done; \
	for file in $(DOCS); do drop "$(DOCDIR)/$$file"; done; \
	drop "$(BASHDIR)/brinkwatch"; \
	drop "$(ZSHDIR)/_brinkwatch"; \
	drop "$(FISHDIR)/brinkwatch.fish"; \
	drop "$(MANDIR)/man1/brinkwatch.1"; \
	config="$(DESTDIR)$(CONFDIR)/brinkwatch.toml"; \
	if [ -e "$$config" ]; then \
		if $(SUBST) deploy/etc/brinkwatch.toml | cmp -s - "$$config"; then drop "$(CONFDIR)/brinkwatch.toml"; \
		else echo "kept $$config: it differs from the installed default (delete it by hand to purge)"; fi; \
	fi; \
	for dir in "$(DATADIR)/classifier" "$(DATADIR)" "$(DOCDIR)"; do \
		if [ -d "$(DESTDIR)$$dir" ]; then \
			rmdir "$(DESTDIR)$$dir" 2>/dev/null || echo "kept $(DESTDIR)$$dir: it holds files install did not place"; \
		fi; \
	done; \
	rmdir "$(DESTDIR)$(CONFDIR)" 2>/dev/null || true

# The manual page: the commands and options from swift-argument-parser's generate-manual plugin,
# then the sections written by hand (docs/man/sections.mdoc). A test checks that the page names
# every command and option, so a change to either fails until this is run again.
man:
	$(SWIFT) package plugin generate-manual --date $$(date +%F)
	awk 1 .build/plugins/GenerateManual/outputs/brinkwatch/brinkwatch.1 docs/man/sections.mdoc > docs/man/brinkwatch.1
