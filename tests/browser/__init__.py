"""Browser tests: the notebooks as Voila serves them, driven in Chromium (see voila_harness.py).

A package, so that this folder's conftest.py does not take the place of tests/conftest.py."""
