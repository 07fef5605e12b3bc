# Two commands on a fresh machine: `make run` and `make test`. Each sets itself up.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.scomm-installed

.PHONY: run test lab lint bench refresh setup hub-node clean

# Browser tests drive Debian's Chromium (Playwright's own browser download does not work offline).
# Defined before `test` uses it: make expands a rule's prerequisites when it reads the rule.
CHROMIUM := /usr/bin/chromium
# JupyterHub's proxy for the real-hub test and benchmark, from npm, exactly as .hub-node/package-lock.json pins it.
HUB_PROXY := .hub-node/node_modules/.bin/configurable-http-proxy

run: $(STAMP)
	$(BIN)/scomm run

test: $(STAMP) $(CHROMIUM) $(HUB_PROXY)
	$(BIN)/ruff check helpers tests benchmarks
	$(BIN)/ruff format --check helpers tests benchmarks
	$(BIN)/python -m pytest

# JupyterLab refuses to start as root unless told; containers and this kind of machine run as root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

lab: $(STAMP)
	$(BIN)/jupyter trust notebooks/*.ipynb
	$(BIN)/jupyter lab $(ROOT_FLAG) notebooks/

lint: $(STAMP)
	$(BIN)/ruff check helpers tests benchmarks

# After editing a lesson: re-execute it in place so nbval's stored outputs are current.
refresh: $(STAMP)
	$(BIN)/scomm refresh

# Every speed target, each printed as a ratio against a baseline measured in the same run.
bench: $(STAMP) $(HUB_PROXY)
	for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

setup: $(STAMP)

hub-node: $(HUB_PROXY)

$(HUB_PROXY): .hub-node/package-lock.json
	npm ci --prefix .hub-node --no-audit --no-fund --loglevel=error
	touch $(HUB_PROXY)

$(CHROMIUM):
	apt-get update -qq && apt-get install -y -qq chromium

# Re-install whenever pyproject.toml changes.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,hub]'
	# jsonschema imports rfc3987-syntax when it is present and that alone costs ~1 s in every
	# process that imports altair, nbformat or papermill (jsonschema issue #1428). Nothing in
	# the kit validates the "iri" formats it provides, so we remove it.
	$(BIN)/python -m pip uninstall --quiet --yes rfc3987-syntax
	touch $(STAMP)

clean:
	rm -rf build .pytest_cache
