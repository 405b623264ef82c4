# mentorkit: `make start` serves the course, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8866
STAMP := $(VENV)/.installed

.PHONY: start lab test install lint bench clean

# Each page's kernel imports mentorkit afresh: compiled ahead, it need not compile it first
# where Python may not write bytecode itself (PYTHONDONTWRITEBYTECODE, a read-only folder).
start: install
	$(BIN)/python -m compileall -q mentorkit
	$(BIN)/python -m mentorkit.serve . --port $(PORT)

lab: install
	$(BIN)/mentorkit lab .

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check mentorkit tests bench tools
	$(BIN)/ruff format --check mentorkit tests bench tools

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache
