# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint typecheck unit sound sounds bench clean help

help:
	@echo "make run    - set up (first time) and open the companion on the bundled scripts"
	@echo "make test   - set up, then ruff, mypy and the whole test suite"
	@echo "make sound  - try again to turn sound on (needs gcc and the ALSA headers)"
	@echo "make sounds - rebuild the bundled sound files with the project's synthesiser"
	@echo "make bench  - measure speed and size against peers (writes docs/performance.md)"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -e '.[dev]'
	@sh tools/install-sound.sh $(BIN)/python
	@touch $@

run: $(STAMP)
	@$(BIN)/companion

test: $(STAMP) lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -n auto

sound: $(STAMP)
	@sh tools/install-sound.sh $(BIN)/python

sounds: $(STAMP)
	$(BIN)/python -m companion.audio.synth sounds

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
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
