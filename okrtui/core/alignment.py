"""Alignment: which objective each objective serves (company -> team -> individual), and roll-ups.

An objective's `parent` names the objective it aligns to, or a key result of it ("we serve kr-7q2f"):
either way it hangs under that KR's objective. A parent that is not among the objectives read (another
cycle, archived, mistyped) leaves the objective at the top, with the parent still named. A loop
(a -> b -> a) is broken where it is first met, so every objective shows exactly once.

Roll-up: an objective's own score (the weighted mean of its KRs) and each child's roll-up count
once each, so a company objective reads the state of everything aligned under it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from okrtui.core.scoring import Band, score_band
from okrtui.core.status import KRStatus, ObjectiveStatus


@dataclass
class AlignedObjective:
    status: ObjectiveStatus
    parent: AlignedObjective | None = None
    via_kr: KRStatus | None = None
    """The parent's KR this objective aligns to, when its `parent` names a KR."""
    children: list[AlignedObjective] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.status.objective.id

    @property
    def rollup(self) -> float | None:
        """The mean of the own score and the children's roll-ups (those with a score); None if none."""
        scores = [s for s in (self.status.score, *(c.rollup for c in self.children)) if s is not None]
        return sum(scores) / len(scores) if scores else None

    @property
    def rollup_band(self) -> Band | None:
        rollup = self.rollup
        return None if rollup is None else score_band(rollup)

    def walk(self, depth: int = 0) -> Iterator[tuple[int, AlignedObjective]]:
        """This objective and everything under it, depth first, with each one's depth."""
        yield depth, self
        for child in self.children:
            yield from child.walk(depth + 1)


@dataclass(frozen=True)
class Alignment:
    roots: list[AlignedObjective]
    nodes: dict[str, AlignedObjective]
    missing: dict[str, str]
    """Objective id -> a parent id it names that is not among the objectives read."""

    def of(self, objective_id: str) -> AlignedObjective | None:
        return self.nodes.get(objective_id)

    def walk(self) -> Iterator[tuple[int, AlignedObjective]]:
        for root in self.roots:
            yield from root.walk()


def align(objectives: Sequence[ObjectiveStatus]) -> Alignment:
    """Hang every objective under the one its `parent` names (directly or through one of its KRs)."""
    nodes = {o.objective.id: AlignedObjective(o) for o in objectives}
    krs = {k.kr.id: (k, k.objective.id) for o in objectives for k in o.key_results}
    missing: dict[str, str] = {}
    for node in nodes.values():
        wanted = node.status.objective.parent
        if not wanted:
            continue
        parent_id, via = (krs[wanted][1], krs[wanted][0]) if wanted in krs else (wanted, None)
        parent = nodes.get(parent_id)
        if parent is None:
            missing[node.id] = wanted
        elif not _would_loop(node, parent):
            node.parent, node.via_kr = parent, via
            parent.children.append(node)
    roots = [n for n in nodes.values() if n.parent is None]
    return Alignment(roots, nodes, missing)


def _would_loop(child: AlignedObjective, parent: AlignedObjective) -> bool:
    ancestor: AlignedObjective | None = parent
    while ancestor is not None:
        if ancestor is child:
            return True
        ancestor = ancestor.parent
    return False


@dataclass(frozen=True)
class Contribution:
    """What one KR adds to its objective's score: its weight's share times its score."""

    status: KRStatus
    share: float
    points: float


def contributions(objective: ObjectiveStatus) -> list[Contribution]:
    """Each KR's share of the objective's weight and the points it adds to the objective's score."""
    total = sum(k.kr.weight for k in objective.key_results)
    if total <= 0:
        return []
    return [
        Contribution(k, k.kr.weight / total, k.kr.weight / total * k.score) for k in objective.key_results
    ]


def descendants(node: AlignedObjective) -> set[str]:
    """The ids of every objective under `node` (it cannot align to one of them: that would loop)."""
    return {n.id for _, n in node.walk()} - {node.id}
