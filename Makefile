# publisher: `make` sets everything up and builds every edition; `make test` runs the tests.

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PUBLISHER := $(BIN)/publisher

# The Debian packages the project needs: the only list. Fonts for every script (the
# only fonts the PDF engine is given, equations' Noto Sans Math included), fontconfig
# to find them, poppler for proofs and tests.
# For the tests: chromium (the site in a real browser), LibreOffice (opens every DOCX
# edition) and npm (installs axe-core) unless an npm is already on the PATH.
DEBIAN_PACKAGES := fonts-noto-core fonts-noto-mono poppler-utils fontconfig
# rsvg-convert: PNG copies of SVG figures and logos in the DOCX editions
DEBIAN_PACKAGES += librsvg2-bin
DEBIAN_TEST_PACKAGES := chromium $(if $(shell command -v npm),,npm)
# LibreOffice opens every DOCX edition in the tests
DEBIAN_TEST_PACKAGES += libreoffice-writer-nogui

# Select work: make CASES="slug other-slug" LANGS=ru,en
CASES ?=
LANGS ?=
SELECT := $(if $(LANGS),--lang $(LANGS)) $(CASES)

.DEFAULT_GOAL := all
.PHONY: all help setup system-packages test-system-packages validate build pdf docx html site proof test check-fast lint schemas clean distclean

all: validate build ## set up, validate and build every edition (the default)

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 24
	@echo
	@echo "Select work with CASES=\"slug ...\" and LANGS=ru,en, e.g. make pdf CASES=alliance-of-practitioners LANGS=ru"

setup: system-packages $(VENV)/.installed ## create .venv and install what is missing
	@# byte-compiled once, as pip does for installed packages: every command starts sooner
	@$(BIN)/python -m compileall -q publisher > /dev/null

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Install missing Debian packages when we are root and apt exists (waiting while another apt
# holds its lock); otherwise say what to run.
define install_debian
	@missing=""; \
	for p in $(1); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing Debian packages:$$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  for try in $$(seq 100); do \
	    out=$$(apt-get update -qq 2>&1) && break; \
	    case "$$out" in *"Could not get lock"*) [ $$try = 1 ] && echo "waiting for apt's lock"; sleep 3;; \
	    *) echo "$$out" >&2; exit 1;; esac; \
	  done; \
	  apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends $$missing >/dev/null; \
	else \
	  echo "These Debian packages are missing:$$missing"; \
	  echo "Install them, then run make again:"; \
	  echo "  sudo apt-get install -y --no-install-recommends$$missing"; \
	  exit 1; \
	fi
endef

system-packages:
	$(call install_debian,$(DEBIAN_PACKAGES))

test-system-packages: system-packages
	$(call install_debian,$(DEBIAN_TEST_PACKAGES))

validate: setup ## check every edition, report problems as file:line:column
	$(PUBLISHER) validate $(SELECT)

build: setup ## build PDF, DOCX and HTML editions into build/
	$(PUBLISHER) build $(SELECT)

pdf: setup ## build only the PDF editions
	$(PUBLISHER) build --to pdf $(SELECT)

docx: setup ## build only the DOCX editions
	$(PUBLISHER) build --to docx $(SELECT)

html: setup ## build only the HTML editions
	$(PUBLISHER) build --to html $(SELECT)

proof: setup ## render pages of the PDF editions to PNG in build/proofs/ (PAGES=1-3, DPI=60)
	$(PUBLISHER) proof --pages $(or $(PAGES),1-3) --dpi $(or $(DPI),60) $(SELECT)

site: setup ## build the catalog site into build/site from the editions already built
	$(PUBLISHER) site

# axe-core (accessibility checks in the browser tests), from npm into a folder we control
AXE := .cache/npm/node_modules/axe-core/axe.min.js
$(AXE):
	npm install --silent --no-audit --no-fund --prefix .cache/npm axe-core@4

test: test-system-packages $(VENV)/.installed $(AXE) lint ## run the whole test suite, as CI does
	PUBLISHER_REQUIRE_TOOLS=1 $(BIN)/python -m pytest

# the tiers a browser, LibreOffice or a whole-project build would slow down are marked in tests/
check-fast: $(VENV)/.installed lint ## static checks and the quick tests (no browser, no LibreOffice)
	$(BIN)/python -m pytest -q -m "not browser and not libreoffice and not slow"

lint: $(VENV)/.installed ## ruff on the code and tests, mypy on the core
	$(BIN)/ruff check publisher tests bench
	$(BIN)/mypy

schemas: setup ## regenerate schemas/*.json and docs/fields.md from the field declarations
	$(PUBLISHER) schema --out schemas --reference docs/fields.md

clean: ## remove build/
	rm -rf build

distclean: clean ## remove build/, .venv/ and .cache/
	rm -rf $(VENV) *.egg-info .cache
