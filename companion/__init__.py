"""A calm terminal companion for people having ketamine infusion therapy."""

__version__ = "0.2.0"
