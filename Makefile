# The project's one task runner. `make run` and `make test` create .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# BlazePose for the form check; its other dependencies come from the [video] extra.
MEDIAPIPE := mediapipe==0.10.21

.PHONY: install run sample test lint fmt bench accuracy clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,video]'
	$(BIN)/python -m pip install --quiet --no-deps $(MEDIAPIPE)
	touch $(STAMP)

install: $(STAMP)

# The web app at http://127.0.0.1:8000 on the embedded SQLite default (Ctrl-C stops it).
run: $(STAMP)
	$(BIN)/hamstrong serve --host 127.0.0.1 --port 8000

# The command-line tour: a sample 4-week programme for the built-in sample profile.
sample: $(STAMP)
	$(BIN)/hamstrong plan --sample --weeks 4

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

fmt: $(STAMP)
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

# Everything CI runs: lint, then every test in parallel. ARGS go to pytest: make test ARGS="-k move".
test: lint
	bash scripts/run-tests.sh $(ARGS)

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/web_load.py
	$(BIN)/python bench/formcheck_bench.py

# The form check against the ground-truth clips, BlazePose run live on each (a few minutes);
# rewrites the table in docs/form-check.md.
accuracy: $(STAMP)
	$(BIN)/python bench/formcheck_accuracy.py --live

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
