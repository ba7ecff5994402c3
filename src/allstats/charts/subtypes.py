"""Charts of the subtypes notebook (to be filled in)."""

__all__: list[str] = []
