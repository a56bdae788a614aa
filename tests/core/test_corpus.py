"""The corpus: OKR docs in the shapes teams really write them (tests/fixtures/docs, all invented text),
each beside the reading a careful person makes of it (`<doc>.expected.json`, reviewed by hand).

A KR is read right when every field matches: objective, title, owner (its own, else its
objective's), baseline, target, unit, direction, kind, team and cycle (and the factor or delta of a
relative change). The score is reported; below 95% the test fails, and so does any line that is not
a KR being read as one, or a line that must be skipped being taken.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from okrtui.core.okr_text import Plan, read_okrs

DOCS = Path(__file__).parent.parent / "fixtures" / "docs"
FIELDS = ("objective", "title", "owner", "baseline", "target", "unit", "direction", "kind", "team", "cycle")
FLOATS = ("baseline", "target", "factor", "delta")
FLOOR = 0.95


def documents() -> list[Path]:
    return sorted(p for p in DOCS.iterdir() if p.suffix in (".md", ".txt"))


def expected(doc: Path) -> dict[str, Any]:
    return json.loads(doc.with_name(doc.name.rsplit(".", 1)[0] + ".expected.json").read_text("utf-8"))


def readings(plan: Plan) -> dict[int, dict[str, Any]]:
    """Each KR the reader found, by its line, in the expectation's terms."""
    found = {}
    for objective in plan.objectives:
        for kr in objective.key_results:
            parsed = kr.parsed
            found[kr.line] = {
                "objective": objective.title,
                "title": parsed.title,
                "owner": kr.owner or objective.owner or None,
                "baseline": parsed.baseline,
                "target": parsed.target,
                "unit": parsed.unit,
                "direction": parsed.direction.value if parsed.direction else None,
                "kind": parsed.kind.value,
                "team": objective.team,
                "cycle": plan.cycle,
                "factor": parsed.factor,
                "delta": parsed.delta,
            }
    return found


def differences(got: dict[str, Any], want: dict[str, Any]) -> list[str]:
    wrong = []
    for key in (*FIELDS, "factor", "delta"):
        have, should = got.get(key), want.get(key)
        if key in FLOATS and have is not None and should is not None:
            same = math.isclose(have, should, rel_tol=1e-6, abs_tol=1e-9)
        else:
            same = have == should
        if not same:
            wrong.append(f"{key}: read {have!r}, expected {should!r}")
    return wrong


def test_the_corpus_is_big_and_varied_enough() -> None:
    docs = documents()
    assert len(docs) >= 12
    assert sum(len(expected(doc)["krs"]) for doc in docs) >= 150
    assert {".md", ".txt"} <= {doc.suffix for doc in docs}


def test_the_corpus_is_read_right(record_property: Callable[[str, object], None]) -> None:
    right = total = 0
    misread: list[str] = []
    intruders: list[str] = []
    taken: list[str] = []
    for doc in documents():
        plan = read_okrs(doc.read_text("utf-8"))
        want = expected(doc)
        got = readings(plan)
        lines = {kr["line"] for kr in want["krs"]}
        for kr in want["krs"]:
            total += 1
            found = got.get(kr["line"])
            wrong = differences(found, kr) if found else ["not read as a KR"]
            if wrong:
                misread.append(f"{doc.name}:{kr['line']} {kr['title'][:50]!r}: {'; '.join(wrong)}")
            else:
                right += 1
        intruders += [f"{doc.name}:{line} {got[line]['title'][:60]!r}" for line in got if line not in lines]
        skipped = dict(plan.skipped)
        taken += [f"{doc.name}:{line}" for line in want["skipped"] if line not in skipped]
    score = f"corpus: {right}/{total} KRs read right ({right / total:.1%})"
    record_property("figure", score)
    assert not intruders, "lines that are not KRs were read as KRs:\n" + "\n".join(intruders)
    assert not taken, "lines that must be skipped were taken:\n" + "\n".join(taken)
    assert right / total >= FLOOR, score + "\n" + "\n".join(misread)


@pytest.mark.parametrize("doc", documents(), ids=lambda doc: doc.name)
def test_every_line_of_a_corpus_doc_is_used_or_said_why_not(doc: Path) -> None:
    text = doc.read_text("utf-8")
    plan = read_okrs(text)
    skipped = {line for line, _ in plan.skipped}
    blank_or_rule = {
        n
        for n, line in enumerate(text.split("\n"), start=1)
        if not line.strip() or set(line.strip()) <= set("-|: ")
    }
    every = set(range(1, len(text.split("\n")) + 1)) - blank_or_rule
    assert every <= plan.used | skipped
    assert not plan.used & skipped
    assert all(why for _, why in plan.skipped)
