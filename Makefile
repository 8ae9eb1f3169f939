# The two commands of the quickstart: `make book` and `make test`. Each creates .venv and
# installs everything it needs on first use, so a fresh clone needs only Python 3.11.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Quiet TensorFlow start-up; oneDNN off gives bit-for-bit repeatable CPU results.
export TF_CPP_MIN_LOG_LEVEL := 3
export TF_ENABLE_ONEDNN_OPTS := 0
export KERAS_BACKEND ?= tensorflow

.PHONY: book test lint lab install clean bench handouts

$(STAMP): requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed: install it, or run 'make PYTHON=python3 ...'"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

book: $(STAMP)
	$(PY) -m lstm_book run

test: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m pytest -n 2 --dist loadgroup

lint: $(STAMP)
	$(PY) -m ruff check .

lab: $(STAMP)
	$(VENV)/bin/jupyter lab chapters/

bench: $(STAMP)
	$(PY) benchmarks/windows.py

handouts: $(STAMP)
	$(PY) -m lstm_book handout build/handouts

clean:
	rm -rf build .pytest_cache .ruff_cache .hypothesis
