"""Short, typeable ids such as `kr-7q2f`."""

from __future__ import annotations

import re
from collections.abc import Container

ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/o, 1/l/i: easy to read aloud and type
ID_RE = re.compile(r"^[a-z]{2}-[a-z0-9]{4,12}$")


def new_id(prefix: str, taken: Container[str] = ()) -> str:
    """A fresh id with `prefix` that is not in `taken`."""
    import secrets  # imported here, as hashlib below: reading a store makes no ids

    while True:
        candidate = f"{prefix}-" + "".join(secrets.choice(ALPHABET) for _ in range(4))
        if candidate not in taken:
            return candidate


def slug(text: str) -> str:
    """A team or cycle id from a name: 'Growth & Ads' -> 'growth-ads'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "team"


def derived_id(prefix: str, source: str) -> str:
    """An id computed from `source`: the same on every read, for records made from older data
    (e.g. a schema 1 meeting's action items, which had no ids of their own)."""
    import hashlib

    digest = hashlib.sha256(source.encode()).digest()
    return f"{prefix}-" + "".join(ALPHABET[byte % len(ALPHABET)] for byte in digest[:6])
