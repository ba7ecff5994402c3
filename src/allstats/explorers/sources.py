"""Explorers of the sources notebook (to be filled in)."""

__all__: list[str] = []
