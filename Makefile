# balsel: every set-up and check goes through here.  `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.balsel-installed
DEMO_OUT ?= demo_out
WORKERS ?= 2
SUDO = $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: help venv lab demo test check-clean check-export check-readme readme test-nbs test-slow docs check-site browser reproduce bench clean-nbs clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(STAMP): settings.ini setup.py
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	@# torch first, pinned: the CPU wheel; a bare `torch` would pull a multi-GB CUDA build
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e ".[dev,course]" --config-settings editable_mode=compat
	@touch $@

venv: $(STAMP)  ## create or reuse .venv with torch (CPU) and balsel[dev,course]

lab: $(STAMP)  ## open the course in JupyterLab (the same .venv), at nbs/course/
	$(BIN)/jupyter lab --ServerApp.root_dir=nbs --LabApp.default_url=/lab/tree/course

demo: $(STAMP)  ## set up and run the main job: simulate, train, evaluate, report
	$(BIN)/balsel demo --out $(DEMO_OUT)

test: $(STAMP)  ## set up and run every check: clean/export, notebooks, docs site
	$(MAKE) --no-print-directory check-clean check-export check-readme test-nbs docs check-site
	@tools/summary.sh

check-clean: $(STAMP)  ## fail if nbdev_clean would change a notebook
	@tools/unchanged.sh nbs '*.ipynb' "notebooks are not clean: run 'make clean-nbs' (nbdev_clean) and commit" -- $(BIN)/nbdev_clean

check-export: $(STAMP)  ## fail if nbdev_export would change balsel/
	@tools/unchanged.sh balsel '*.py' "balsel/ is out of sync with nbs/: run '$(BIN)/nbdev_export' and commit" -- $(BIN)/nbdev_export

test-nbs: $(STAMP)  ## run every notebook (tiny sizes) and the CLI tests under pytest
	@mkdir -p _ci
	set -o pipefail; $(BIN)/pytest -n $(WORKERS) -rs tests 2>&1 | tee _ci/pytest.log

test-slow: $(STAMP)  ## run the statistical verification cells flagged `slow` (long)
	BALSEL_TEST_FLAGS=slow $(BIN)/pytest -n $(WORKERS) -v tests/test_notebooks.py

readme: $(STAMP)  ## regenerate README.md from nbs/index.ipynb
	$(PY) tools/readme.py

check-readme: $(STAMP)  ## fail if README.md does not match nbs/index.ipynb
	$(PY) tools/readme.py --check

docs: $(STAMP)  ## build the docs site offline into _site/ (open _site/index.html)
	$(PY) tools/build_docs.py

check-site: $(STAMP)  ## screenshot the built site in headless Chromium and check it (skipped without Chromium)
	$(PY) tools/check_site.py _site

browser:  ## install Debian's chromium for the site check (apt-get, as root or with sudo)
	@command -v chromium >/dev/null && echo "ok: $$(command -v chromium) is installed" || { \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
	  && echo "ok: installed $$(command -v chromium)"; }

reproduce: $(STAMP)  ## the full-scale course experiment (~30 min on 2 cores) into nbs/12_results.ipynb
	BALSEL_RESULTS_DIR=$${BALSEL_RESULTS_DIR:-$(CURDIR)/runs/course} $(BIN)/jupyter nbconvert --to notebook --execute \
	  --inplace --ExecutePreprocessor.timeout=-1 nbs/12_results.ipynb && $(BIN)/nbdev_clean --fname nbs/12_results.ipynb

bench: $(STAMP)  ## run the benchmarks under benchmarks/
	for f in benchmarks/*.py; do $(PY) $$f || exit 1; done

clean-nbs: $(STAMP)  ## strip notebook metadata (nbdev_clean)
	$(BIN)/nbdev_clean

clean:  ## remove build outputs (keeps .venv)
	rm -rf _proc _docs _site _ci $(DEMO_OUT) build *.egg-info
