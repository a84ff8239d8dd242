# The project's one task runner. `make run` and `make test` create .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# BlazePose for the form check; its other dependencies come from the [video] extra.
MEDIAPIPE := mediapipe==0.10.21
# Installed with --no-deps, outside constraints.txt: `make audit` checks these pins as well.
UNLOCKED := $(MEDIAPIPE)

# Every transitive dependency is pinned in constraints.txt (`make lock` writes it with pip-tools);
# `make audit` checks those pins against PyPI's vulnerability data with pip-audit. Both tools
# live in their own venv, pinned here, so they never change what the project installs.
TOOLS := .venv-tools
TOOLS_STAMP := $(TOOLS)/.installed
PIP_TOOLS := pip-tools==7.6.2 pip-audit==2.10.1

.PHONY: install run sample test lint ruff fmt bench accuracy clean lock audit

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev,video]'
	$(BIN)/python -m pip install --quiet --no-deps $(UNLOCKED)
	touch $(STAMP)

install: $(STAMP)

$(TOOLS_STAMP):
	test -x $(TOOLS)/bin/python || $(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet $(PIP_TOOLS)
	touch $(TOOLS_STAMP)

# Re-pin every dependency after changing pyproject.toml (see docs/dependencies.md).
lock: $(TOOLS_STAMP)
	$(TOOLS)/bin/pip-compile --quiet --extra dev --extra video --strip-extras \
		--no-emit-index-url --no-emit-find-links --output-file constraints.txt pyproject.toml

# Known vulnerabilities in the pinned dependencies (the lock and the ones installed outside it);
# says so plainly when PyPI cannot be reached.
audit: $(TOOLS_STAMP)
	bash scripts/audit.sh $(TOOLS)/bin/pip-audit constraints.txt $(UNLOCKED)

# The web app at http://127.0.0.1:8000 on the embedded SQLite default (Ctrl-C stops it).
run: $(STAMP)
	$(BIN)/hamstrong serve --host 127.0.0.1 --port 8000

# The command-line tour: a sample 4-week programme for the built-in sample profile.
sample: $(STAMP)
	$(BIN)/hamstrong plan --sample --weeks 4

ruff: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

lint: ruff
	$(BIN)/mypy

fmt: $(STAMP)
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

# Everything CI runs: lint and every test in parallel. ARGS go to pytest: make test ARGS="-k move".
# ruff first (a second); mypy --strict runs beside pytest (--mypy), not before it: without its
# cache (a fresh clone) it costs ~20 s of one core, which pytest's two workers would wait for.
# Either failing fails the target.
test: ruff
	bash scripts/run-tests.sh --mypy $(ARGS)

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/web_load.py
	$(BIN)/python bench/history_load.py
	$(BIN)/python bench/login_storm.py
	$(BIN)/python bench/formcheck_bench.py

# The form check against the ground-truth clips, BlazePose run live on each (a few minutes);
# rewrites the table in docs/form-check.md.
accuracy: $(STAMP)
	$(BIN)/python bench/formcheck_accuracy.py --live

clean:
	rm -rf $(VENV) $(TOOLS) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
