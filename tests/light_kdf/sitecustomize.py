"""Loaded by the companion's own Python in subprocess tests (``sitecustomize`` on PYTHONPATH,
put there by the ``light_kdf`` fixture in tests/conftest.py): new key files and encrypted exports
are sealed with scrypt at N = 2**10 instead of 2**17 / 2**18. The files are the same age format,
read with the work factor they name; only the cost of making them is lighter."""

try:
    from companion.journal import age, keys
except ImportError:  # a Python without the companion: nothing to lighten
    pass
else:
    age.EXPORT_WORK = keys.KEY_WORK = 10
