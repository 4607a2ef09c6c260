# sitroom: the two set-up commands of the README, and their pieces.
#   make brief   create the environment, ingest ../shared/corpus/seeds into sitroom.db, write the brief
#   make test    create the environment (with test tools and Chromium), run the test suite

PYTHON ?= python3
VENV   ?= .venv
SHARED ?= ../shared
CORPUS ?= $(SHARED)/corpus/seeds
DB     ?= sitroom.db
OUT    ?= brief
STAMP  := $(VENV)/.installed

.PHONY: brief test install system-deps lint bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

brief: $(STAMP)
	$(VENV)/bin/sitroom brief $(CORPUS) --db $(DB) --out $(OUT)

system-deps:
	sh scripts/install-system-deps.sh

test: $(STAMP) system-deps
	$(VENV)/bin/pytest -n 2 --dist loadfile

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks scripts
	$(VENV)/bin/ruff format --check src tests benchmarks scripts
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(VENV)/bin/python benchmarks/ingest_throughput.py

clean:
	rm -rf $(VENV) $(OUT) artifacts .pytest_cache .mypy_cache .ruff_cache
