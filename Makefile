# The two commands of the README: `make demo` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
DUBAN := $(VENV)/bin/duban
SAMPLES := samples/yunxi-2024.txt

.PHONY: install demo test test-core lint bench clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(DUBAN) demo --serve

lint: install
	$(VENV)/bin/ruff check duban tests bench
	$(VENV)/bin/ruff format --check duban tests bench
	$(VENV)/bin/mypy duban

test: install lint
	bash scripts/system-deps.sh
	bash scripts/run-tests.sh

test-core: install
	$(VENV)/bin/pytest -q tests/core

# Every benchmark (bench/run.py lists them); figures printed and merged into bench-results.json.
bench: install
	$(PY) -m bench.run

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
