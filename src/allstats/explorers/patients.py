"""Explorers of the patients notebook (to be filled in)."""

__all__: list[str] = []
