"""Functions the tests call: builders of apps, scripts, journals and sound, and ways to run the
real command. Fixtures (set-up with tear-down) live in tests/conftest.py; docs/architecture.md
("Tests") says which module holds what."""
