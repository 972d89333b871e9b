# Two commands for a newcomer: `make run` and `make test`. Everything else they need is a dependency here.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DB := data/build/dashboard.duckdb
PORT ?= 8501

.PHONY: run curate test lint setup build check clean-text clean browser-deps screenshots bench bench-browser load

# The stamp is newer than pyproject.toml once the install it describes has succeeded.
$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed

ZHUQI := $(VENV)/bin/zhuqi

build: setup
	$(ZHUQI) build

check: setup
	$(ZHUQI) check

clean-text: setup
	$(ZHUQI) clean-text

# `zhuqi serve` is `streamlit run app.py` with Streamlit's legacy pages/-folder mode off (dashboard/server.py).
SERVE := $(ZHUQI) serve --server.port $(PORT) --server.headless true --browser.gatherUsageStats false

run: build
	$(SERVE)

# The curators' tool is not among the readers' pages: it is served by the same app at /curate.
curate: build
	@echo "curation assistant: http://localhost:$(PORT)/curate"
	$(SERVE)

# Browser tests drive Debian's Chromium (Playwright's own browser download cannot work here) and need a
# CJK font, or every Chinese glyph in a screenshot or export is a box.
browser-deps:
	@if [ -x /usr/bin/chromium ] && ls /usr/share/fonts/opentype/noto/NotoSansCJK* >/dev/null 2>&1; then \
		echo "chromium and fonts-noto-cjk present"; \
	elif [ "$$(id -u)" = 0 ]; then \
		echo "installing chromium and fonts-noto-cjk with apt-get"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	else \
		echo "NOTE: browser tests need Debian's chromium and fonts-noto-cjk; run: sudo apt-get install -y chromium fonts-noto-cjk"; \
		echo "      (without them the browser tests are skipped)"; \
	fi

lint: setup
	$(VENV)/bin/ruff check .

test: build browser-deps lint
	$(PY) -m pytest

# Benchmarks print figures; they never fail on speed. `make bench` runs the browser benchmark too.
bench: build browser-deps
	$(PY) benchmarks/bench.py --reruns 30 --browser-n 10

# In Chromium: action -> settled page, ours against the Streamlit floor (benchmarks/floor_app/), interleaved, on
# the real database and on the synthetic one if `make bench` has built it (data/build/synthetic.duckdb).
bench-browser: build browser-deps
	$(PY) benchmarks/browser.py --n 10 --content-floor

# 20 browser tabs at once against a real server; prints errors, p50/p95 and server memory.
load: build browser-deps
	$(PY) benchmarks/load.py --tabs 20 --rounds 3

# Screenshots of every reader's page (zh and en, 1440 and 390 px wide) into artifacts/screenshots/, for
# looking at what ships; the script starts and stops its own server.
screenshots: build browser-deps
	$(PY) scripts/screenshot.py --out artifacts/screenshots

clean:
	rm -rf $(VENV) data/build
