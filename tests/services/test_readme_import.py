"""The README's "Bring your OKRs in" example is what `okrtui import --dry-run` really prints."""

from __future__ import annotations

import re
from pathlib import Path

from okrtui.services.importer import describe, prepare
from okrtui.store import Store
from tests.conftest import TODAY

README = Path(__file__).parent.parent.parent / "README.md"


def _example() -> tuple[str, str]:
    section = README.read_text("utf-8").split("## Bring your OKRs in", 1)[1]
    doc = section.split("```markdown\n", 1)[1].split("\n```", 1)[0]
    shown = section.split("$ okrtui import okrs.md --dry-run\n", 1)[1].split("\n```", 1)[0]
    return doc, shown


def _without_ids(text: str) -> str:
    return re.sub(r"\b(ob|kr)-[a-z0-9]{4}\b", r"\1-….", text)


def test_the_readme_shows_the_real_dry_run(store: Store) -> None:
    doc, shown = _example()
    printed = "\n".join(describe(prepare(store, doc + "\n", "okrs.md", TODAY), dry_run=True))
    assert _without_ids(printed) == _without_ids(shown)
