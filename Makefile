# Two commands for a newcomer: `make run` and `make test`. Everything else they need is a dependency here.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DB := data/build/dashboard.duckdb
PORT ?= 8501

.PHONY: run test setup build check clean-text clean

# The stamp is newer than pyproject.toml once the install it describes has succeeded.
$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed

build: setup
	$(PY) -m pipelines.build

check: setup
	$(PY) -m pipelines.build --check

clean-text: setup
	$(PY) -m pipelines.clean

run: build
	$(PY) -m streamlit run app.py --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

test: build
	$(PY) -m pytest

clean:
	rm -rf $(VENV) data/build
