"""Explorers of the incidence notebook (to be filled in)."""

__all__: list[str] = []
