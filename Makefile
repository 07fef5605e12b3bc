# Two commands on a fresh machine: `make run` and `make test`. Each sets itself up.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# Two installs: what running the lessons needs (`make run`, `make lab`), and that plus the test
# tools, the course-site builder and a real JupyterHub (`make test`, `make bench`).
RUN_STAMP  := $(VENV)/.scomm-run
TEST_STAMP := $(VENV)/.scomm-test

.PHONY: run test lab lint bench refresh setup hub-node clean

# Browser tests drive Debian's Chromium (Playwright's own browser download does not work offline).
# Defined before `test` uses it: make expands a rule's prerequisites when it reads the rule.
CHROMIUM := /usr/bin/chromium
# JupyterHub's proxy for the real-hub test and benchmark, from npm, exactly as .hub-node/package-lock.json pins it.
HUB_PROXY := .hub-node/node_modules/.bin/configurable-http-proxy

run: $(RUN_STAMP)
	$(BIN)/scomm run

test: $(TEST_STAMP) $(CHROMIUM) $(HUB_PROXY)
	$(BIN)/ruff check helpers tests benchmarks
	$(BIN)/ruff format --check helpers tests benchmarks
	$(BIN)/python -m pytest -n 2 --dist loadfile

# The lessons open from working copies in my-lessons/ (saving never changes a tracked notebook);
# the file browser shows the kit's folder, answers (responses/) and executed copies included.
lab: $(RUN_STAMP)
	$(BIN)/scomm lab

lint: $(TEST_STAMP)
	$(BIN)/ruff check helpers tests benchmarks

# After editing a lesson: re-execute it in place so nbval's stored outputs are current.
refresh: $(RUN_STAMP)
	$(BIN)/scomm refresh

# Every speed target, each printed as a ratio against a baseline measured in the same run. Every
# script runs whatever the others did; the RESULT lines are listed at the end.
BENCHMARKS := $(filter-out benchmarks/verdict.py,$(wildcard benchmarks/*.py))
bench: $(TEST_STAMP) $(CHROMIUM) $(HUB_PROXY)
	@failed=""; : > $(VENV)/bench.log; for script in $(BENCHMARKS); do echo "== $$script"; \
	  $(BIN)/python $$script > $(VENV)/bench.out 2>&1 || failed="$$failed $$script"; \
	  cat $(VENV)/bench.out; cat $(VENV)/bench.out >> $(VENV)/bench.log; done; \
	  echo "== results"; grep -h "^RESULT" $(VENV)/bench.log; rm -f $(VENV)/bench.log $(VENV)/bench.out; \
	  if [ -n "$$failed" ]; then echo "missed a target or failed:$$failed"; exit 1; fi

setup: $(RUN_STAMP)

hub-node: $(HUB_PROXY)

$(HUB_PROXY): .hub-node/package-lock.json
	npm ci --prefix .hub-node --no-audit --no-fund --loglevel=error
	touch $(HUB_PROXY)

$(CHROMIUM):
	apt-get update -qq && apt-get install -y -qq chromium

# Re-install whenever pyproject.toml changes.
$(RUN_STAMP): pyproject.toml
	$(call install,.)

TEST_EXTRAS := .[test,hub]
$(TEST_STAMP): pyproject.toml
	$(call install,$(TEST_EXTRAS))

# pip install into the venv (made if missing), then drop rfc3987-syntax: jsonschema imports it when
# present and that alone costs ~1 s in every process that imports altair, nbformat or papermill
# (jsonschema issue #1428). Nothing in the kit validates the "iri" formats it provides.
# Then compile the kit's own modules: pip compiles what it installs, but not an editable install's
# source, and where PYTHONDONTWRITEBYTECODE is set (as on this machine, and in many containers)
# Python never writes those files itself, so every lesson kernel compiled some 60 modules again
# (about 0.06 CPU-s a lesson). A module edited later is compiled in memory as before.
define install
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '$(1)'
	$(BIN)/python -m pip uninstall --quiet --yes rfc3987-syntax
	$(BIN)/python -m compileall -q helpers/scomm
	touch $@
endef

clean:
	rm -rf build .pytest_cache
