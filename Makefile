# Two commands on a fresh machine: `make run` and `make test`.
# Everything is installed exactly as uv.lock says; `make lock` changes the lock, on purpose only.
PYTHON     ?= python3
UV_VERSION := 0.13.9
TOOLS      := .tools
UV         := $(TOOLS)/bin/uv
VENV       := .venv
BIN        := $(VENV)/bin
STAMP      := $(VENV)/.installed
export UV_PYTHON_DOWNLOADS := never

.PHONY: run test lint typecheck unit sound sounds lock bench clean help

help:
	@echo "make run    - set up (first time) and open the companion on the bundled scripts"
	@echo "make test   - set up, then ruff, the import contracts, mypy and the whole test suite"
	@echo "make sound  - try again to turn sound on (needs gcc and the ALSA headers)"
	@echo "make sounds - rebuild the bundled sound files with the project's synthesiser"
	@echo "make lock   - refresh uv.lock after changing dependencies in pyproject.toml"
	@echo "make bench  - measure speed and size against peers (writes docs/performance.md)"

# uv itself, pinned, from the package index: the only tool the set-up needs beyond Python.
$(UV):
	@test -x $(TOOLS)/bin/python || $(PYTHON) -m venv $(TOOLS)
	@$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(STAMP): pyproject.toml uv.lock | $(UV)
	@sh tools/setup.sh $(UV) $(PYTHON)
	@touch $@

run: $(STAMP)
	@$(BIN)/companion

test: $(STAMP) lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(STAMP)
	$(BIN)/mypy

# Two test processes per core: about half of the suite's time is spent waiting on the real
# processes, pseudo-terminals and timers it drives, and a second process per core fills it
# (2 cores, quiet: 232 s with 2 processes, 147 s with 4 and work stealing; 6 gained nothing).
WORKERS = $(shell $(BIN)/python -c "import os; print(2 * (os.cpu_count() or 1))")

unit: $(STAMP)
	UV=$(abspath $(UV)) $(BIN)/pytest -n $(WORKERS) --dist worksteal

sound: | $(UV)
	@sh tools/setup.sh $(UV) $(PYTHON)

sounds: $(STAMP)
	$(BIN)/python -m companion.audio.synth sounds

lock: | $(UV)
	$(UV) lock --upgrade --python $(PYTHON)

# Peers for side-by-side figures live in their own venv, never the project's.
PEERS_STAMP := .bench/peers/.installed
PEERS       := check-jsonschema jrnl

$(PEERS_STAMP):
	@test -x .bench/peers/bin/python || $(PYTHON) -m venv .bench/peers
	@.bench/peers/bin/python -m pip install --quiet $(PEERS)
	@touch $@

bench: $(STAMP) $(PEERS_STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache .mypy_cache .ruff_cache .hypothesis
