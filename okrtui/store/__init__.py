"""The only code that touches files: a store is a folder of small, atomically written TinyDB files.

`Store` is loaded on first use: the light read path (`store.quick_read`, behind `okrtui status`)
imports this package without pydantic or TinyDB."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from okrtui.store.errors import StoreError

if TYPE_CHECKING:
    from okrtui.store.repository import Store

__all__ = ["Store", "StoreError"]


def __getattr__(name: str) -> Any:
    if name == "Store":
        from okrtui.store.repository import Store

        return Store
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
