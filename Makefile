# The two commands of the quickstart: `make book` and `make test`. Each creates .venv and
# installs everything it needs on first use, so a fresh clone needs only Python 3.11.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# TensorFlow's settings (quiet start-up, repeatable CPU results) come from lstm_book.runtime.TF_ENV,
# applied by the command line and the tests.
# TensorFlow keeps its CPU buffers between steps (much less system time for chapter 8).
export TF_CPU_ALLOCATOR_USE_BFC := true
# Keras's backend for `make book` and `make lab`: tensorflow (the default), jax or torch, e.g.
# `make book BACKEND=jax`, which writes to build/jax/ and leaves TensorFlow's build/ alone.
BACKEND ?= $(or $(KERAS_BACKEND),tensorflow)
export KERAS_BACKEND := $(BACKEND)
# PyTorch's CPU build: this version installs from the machine's wheel folder in seconds, where any
# other pulls a CUDA build of several GB. Only `make test-torch` installs it.
TORCH := torch==2.13.0

# The browser tests drive Debian's headless Chromium through its chromedriver (never a downloaded one).
CHROMIUM := /usr/bin/chromium
CHROMEDRIVER := /usr/bin/chromedriver
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: book test test-torch lint lab install clean bench handouts nbgrader chromium

# pip reads PIP_INDEX_URL (and `pip config`), so `PIP_INDEX_URL=<mirror> make test` installs from a
# package-index mirror, e.g. https://pypi.tuna.tsinghua.edu.cn/simple for readers in mainland China.
$(STAMP): requirements.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed: install it, or run 'make PYTHON=python3 ...'"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

book: $(STAMP)
	$(PY) -m lstm_book run --backend $(BACKEND)

# The notebook tests execute every chapter in quick mode into build/quick/; the browser tests then
# render those runs as an HTML book in build/quick/html/ (Sphinx; never build/html/, the book of
# `make book`) and open it in headless Chromium (a second pytest run, so the book is complete
# before it is opened).
# Its two pytest workers execute notebooks at once: one TensorFlow thread per kernel, as the runner
# gives (lstm_book.book.runner.kernel_threads), not two kernels with two threads each on two cores.
test: $(STAMP) chromium
	$(PY) -m ruff check .
	rm -rf build/quick build/jax/quick
	TF_NUM_INTRAOP_THREADS=1 TF_NUM_INTEROP_THREADS=1 $(PY) -m pytest -n 2 --dist loadgroup -m "not browser"
	$(PY) -m pytest -m browser

# A CJK font too, so that screenshots of the Chinese edition show Chinese rather than empty boxes.
chromium:
	@if [ -x $(CHROMIUM) ] && [ -x $(CHROMEDRIVER) ] && fc-list :lang=zh 2>/dev/null | grep -q .; then :; \
	elif ! command -v apt-get >/dev/null; then \
	  echo "no apt-get: install Chromium and its chromedriver as $(CHROMIUM) and $(CHROMEDRIVER)," \
	       "and a CJK font for the Chinese screenshots, or the browser tests are skipped"; \
	else \
	  echo "installing Debian's chromium, chromium-driver and a CJK font for the browser tests"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver \
	    fonts-wqy-microhei; fi

# Outside CI: every chapter in quick mode on PyTorch (into build/torch/quick/), and the torch
# branch of lstm_book.gradients. Keras's PyTorch LSTM is a Python loop on CPU: expect it slow.
test-torch: $(STAMP)
	$(PY) -m pip install --quiet $(TORCH)
	$(PY) -m pytest -q tests/test_gradients.py
	$(PY) -m lstm_book run --quick --backend torch

lint: $(STAMP)
	$(PY) -m ruff check .

# Extra options for jupyter, e.g. make lab LAB_ARGS="--no-browser --port 8890".
lab: $(STAMP)
	$(PY) -m lstm_book lab $(LAB_ARGS)

bench: $(STAMP)
	$(PY) benchmarks/windows.py

# The Chinese edition (中文版): notebooks built from locales/zh_CN/*.po, executed into build/zh/,
# its HTML book in build/html/zh/. `make translations` lists the cells that need translating.
.PHONY: book-zh translations
book-zh: $(STAMP)
	$(PY) -m lstm_book run --lang zh

translations: $(STAMP)
	$(PY) -m lstm_book translations refresh
	$(PY) -m lstm_book translations status

handouts: $(STAMP)
	$(PY) -m lstm_book handout build/handouts

# An nbgrader course folder: build/nbgrader/nbgrader_config.py and source/chNN/ per chapter.
nbgrader: $(STAMP)
	$(PY) -m lstm_book handout --format nbgrader build/nbgrader

clean:
	rm -rf build .pytest_cache .ruff_cache .hypothesis
