"""Explorers of the deaths notebook (to be filled in)."""

__all__: list[str] = []
