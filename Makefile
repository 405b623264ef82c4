# mentorkit: `make start` serves the course, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8866
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
AXE := tests/browser/node_modules/axe-core/axe.min.js

.PHONY: start lab test install install-test lint bench clean

# Each page's kernel imports mentorkit afresh: compiled ahead, it need not compile it first
# where Python may not write bytecode itself (PYTHONDONTWRITEBYTECODE, a read-only folder).
start: install
	$(BIN)/python -m compileall -q mentorkit
	$(BIN)/python -m mentorkit.serve . --port $(PORT)

lab: install
	$(BIN)/mentorkit lab .

# What serving needs and no more: a learner's `make start` brings no test tools.
install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e .
	touch $(STAMP)

# The test extras on top (pytest, Playwright, JupyterHub, ruff): for test, lint and bench.
install-test: $(TEST_STAMP)

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(TEST_STAMP)

test: install-test $(AXE)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# axe-core for the accessibility test, as tests/browser/package-lock.json pins it; only the
# tests need it, so `make start` needs no Node.js.
$(AXE): tests/browser/package-lock.json
	npm ci --no-audit --no-fund --prefix tests/browser
	touch $(AXE)

lint: install-test
	$(BIN)/ruff check mentorkit tests bench tools
	$(BIN)/ruff format --check mentorkit tests bench tools

bench: install-test
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache
