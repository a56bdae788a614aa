"""The only code that touches files: a store is a folder of small, atomically written TinyDB files."""

from okrtui.store.errors import StoreError
from okrtui.store.repository import Store

__all__ = ["Store", "StoreError"]
