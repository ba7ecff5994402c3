"""Charts of the survival notebook (to be filled in)."""

__all__: list[str] = []
