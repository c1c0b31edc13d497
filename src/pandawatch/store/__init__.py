"""The knowledge base: the only package that speaks SQL."""

from .db import Store, open_store

__all__ = ["Store", "open_store"]
