# Two commands for a newcomer: `make run` and `make test`. Everything else they need is a dependency here.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DB := data/build/dashboard.duckdb
PORT ?= 8501

.PHONY: run test setup build check clean-text clean browser-deps screenshots bench load

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

test: build browser-deps
	$(PY) -m pytest

# Benchmarks print figures; they never fail on speed.
bench: build browser-deps
	$(PY) benchmarks/bench.py --reruns 30

# 20 browser tabs at once against a real server; prints errors, p50/p95 and server memory.
load: build browser-deps
	$(PY) benchmarks/load.py --tabs 20 --rounds 3

# Screenshots of every page (zh and en) into artifacts/screenshots/, for looking at what ships.
screenshots: build browser-deps
	scripts/dev_server.sh 8597
	for p in overview growth problems instruments sources data; do \
		$(PY) scripts/screenshot.py "http://localhost:8597/$$p" artifacts/screenshots/$${p}_zh.png \
			"http://localhost:8597/$$p?lang=en" artifacts/screenshots/$${p}_en.png; done
	# [s]: the pattern must not match this very command line (make runs it through a shell that carries it)
	pkill -f "[s]treamlit run app.py --server.port 8597" || true

clean:
	rm -rf $(VENV) data/build
