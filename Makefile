# kazparl — two commands: `make reports` and `make test` (each sets everything up first).
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.kazparl-installed
KERNEL := kazparl

BOOKVENV  := .venv-book
BOOKSTAMP := $(BOOKVENV)/.kazparl-installed

.PHONY: setup reports test unit lint format notebooks lab explore bench book lock lock-book clean

# The environment: rebuilt only when the lock or the package metadata change.
$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python 3 (kazparl)" >/dev/null
	@touch $@

setup: $(STAMP)

## Regenerate every report in reports/plan.toml (incremental; FORCE=1 rebuilds all).
reports: $(STAMP)
	$(BIN)/python -m kazparl build $(if $(FORCE),--force,)

## Lint, build the teaching site, then unit tests, doctests, data checks, nbval and the site checks.
test: $(STAMP) lint book
	$(BIN)/python -m pytest -n 2 --dist loadscope --nbval tests lib/kazparl notebooks book/solutions.ipynb

## The inner loop (< 20 s): unit tests, doctests and the own-text audit; no kernels, no book.
unit: $(STAMP)
	$(BIN)/python -m pytest -q -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Re-execute notebooks/ in place after an intended change (then review `git diff notebooks/`).
notebooks: $(STAMP)
	$(BIN)/python -m kazparl refresh

lab: $(STAMP)
	$(BIN)/jupyter lab $(if $(filter 0,$(shell id -u)),--allow-root,) notebooks/

## The teaching site: book/_build/html/index.html (Jupyter Book 1, its own environment).
$(BOOKSTAMP): requirements-book.lock
	@test -x $(BOOKVENV)/bin/python || $(PYTHON) -m venv $(BOOKVENV)
	$(BOOKVENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-book.lock
	@touch $@

book: $(STAMP) $(BOOKSTAMP)
	$(BIN)/python -m kazparl book
	$(BOOKVENV)/bin/jupyter-book build book --keep-going --quiet

## The explorer (book/explorer.ipynb) as a web app: controls only, no code (Voila).
PORT ?= 8866
explore: $(STAMP)
	@echo "the explorer: http://127.0.0.1:$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/voila book/explorer.ipynb --no-browser --port=$(PORT) --Voila.ip=127.0.0.1 \
	  --Voila.port_retries=0

bench: $(STAMP)
	$(BIN)/python -m kazparl bench

## Re-resolve the dependency lock from pyproject.toml (needs the package registry).
lock:
	rm -rf build/lockenv && $(PYTHON) -m venv build/lockenv
	build/lockenv/bin/python -m pip install --quiet -e '.[test]'
	{ echo "# Pinned, resolved dependency set for kazparl (Python 3.11). Regenerate with: make lock"; \
	  build/lockenv/bin/python -m pip freeze --exclude-editable --all | grep -v '^pip=='; } > requirements.lock

lock-book:
	rm -rf build/bookenv && $(PYTHON) -m venv build/bookenv
	build/bookenv/bin/python -m pip install --quiet "jupyter-book==1.0.4.post1"
	{ echo "# Pinned environment for building the teaching site (make book). Regenerate with: make lock-book"; \
	  build/bookenv/bin/python -m pip freeze --all | grep -v '^pip=='; } > requirements-book.lock

clean:
	rm -rf $(VENV) $(BOOKVENV) build .pytest_cache .ruff_cache book/_build book/chapters book/generated
