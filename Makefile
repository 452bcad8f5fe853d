# The two commands of the README: `make run` and `make test`. Everything lives in .venv.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint lint-js bench clean

# Installing includes the offline gazetteer's index (GeoNames, ~20-60 s once): no visitor and
# no test ever waits for it. A missing index (another $$EFUS_CACHE_DIR) is rebuilt by `run`.
$(STAMP): requirements.txt requirements-dev.txt geo/places/gazetteer.py reference/seats.csv
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	$(PY) -c "from geo.config import settings; from geo.places.geocoder import default_geocoder; default_geocoder(settings())"
	touch $(STAMP)

# Serves the dashboard on the bundled data at http://localhost:8501. Every map loads
# supercluster (npm, pinned in package-lock.json) from node_modules/: npm ci installs it;
# chromium draws the map images (PNG/PDF).
run: $(STAMP) node_modules/.package-lock.json chromium
	@# The store is opened (made from data/ on a first start) and its views placed and kept in
	@# it before serving: the first visit, and every restart with an unchanged store, reads them.
	$(PY) -c "from geo.config import settings; from geo.dashboard.working import prepare; prepare(settings())" \
	  || echo "The dataset could not be placed before serving: the page says why and how to fix it."
	@echo "Starting the server: the dashboard is ready when the URL below shows."
	@# app.py serves streamlit_app.py behind geo.serving.Guard (uploads, metrics, framing, gzip)
	$(PY) -m streamlit run app.py

.PHONY: chromium
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium; }

# LibreOffice Calc, headless: the tests open every CSV we write in it (tests/spreadsheets.py).
.PHONY: libreoffice
libreoffice:
	@command -v soffice >/dev/null 2>&1 || { \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libreoffice-calc-nogui; }

# nginx (Debian's, light): tests/test_publish_browser.py serves the published site with it.
.PHONY: nginx
nginx:
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || { \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq nginx-light; }

# node and npm (Debian's): npm installs supercluster, which every map ships, and eslint.
.PHONY: nodejs
nodejs:
	@command -v npm >/dev/null 2>&1 || { \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq nodejs npm; }

# GeoNames' city names by language (Debian's libgeonames-common): only scripts/build_labels.py
# reads them, to rebuild the basemap's labels.json (shipped): `make labels`.
.PHONY: libgeonames labels
libgeonames:
	@test -f /usr/share/locale/fr/LC_MESSAGES/geonames.mo || { \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq libgeonames-common; }

labels: $(STAMP) libgeonames
	cd scripts && ../$(PY) build_labels.py

# supercluster, eslint and its config, exactly as package-lock.json pins them; reinstalled when
# the lock changes.
node_modules/.package-lock.json: package-lock.json | nodejs
	npm ci --no-audit --no-fund

lint-js: node_modules/.package-lock.json
	npx --no-install eslint geo/maps/assets/js

test: $(STAMP) node_modules/.package-lock.json chromium libreoffice nginx lint-js
	$(PY) -m ruff check .
	$(PY) -m mypy
	$(PY) -m pytest

# Lighthouse for bench/lighthouse.py, as bench/lighthouse/package-lock.json pins it (only
# `make bench` installs it: the tests use axe-core, bundled by axe-playwright-python).
bench/lighthouse/node_modules/.package-lock.json: bench/lighthouse/package-lock.json | nodejs chromium
	cd bench/lighthouse && npm ci --no-audit --no-fund

# Debian's ab (apache2-utils): bench/publish.py measures the views/s of the published maps.
.PHONY: ab
ab:
	@command -v ab >/dev/null 2>&1 || { \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq apache2-utils; }

bench: $(STAMP) chromium nginx ab bench/lighthouse/node_modules/.package-lock.json
	for b in bench/*.py; do $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# The message catalogues (geo/locale): gather every t()/tn()/N_()/Nn_() of the code into
# messages.pot, then merge it into each language's messages.po (new entries arrive empty and
# tests/test_i18n.py fails until they are translated). A new language: `pybabel init -l es
# -i geo/locale/messages.pot -d geo/locale`, then translate geo/locale/es/LC_MESSAGES/messages.po.
.PHONY: messages
messages: $(STAMP)
	$(VENV)/bin/pybabel extract -F babel.cfg --no-default-keywords -k t -k tn:1,2 -k N_ \
	  -k Nn_:1,2 -c TRANSLATORS: --no-wrap --sort-by-file --project=efus-map \
	  --copyright-holder=Efus --msgid-bugs-address=contact@efus.eu -o geo/locale/messages.pot .
	$(VENV)/bin/pybabel update -i geo/locale/messages.pot -d geo/locale --no-wrap \
	  --no-fuzzy-matching --ignore-obsolete
