"""Fuzzing what comes from outside: typed values, imported documents (Markdown and JSON) and store
files mutated byte by byte. Over 10,000 generated inputs in all: each is either taken or refused
with okrtui's own one-sentence error, never a traceback, and a refused write changes no byte."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrtui.core.errors import RuleError
from okrtui.core.retro import read_score
from okrtui.core.values import parse_value
from okrtui.core.weeks import parse_week
from okrtui.services.demo import write_demo
from okrtui.services.importer import ImportFileError, decode, prepare
from okrtui.store import Store, StoreError
from tests.conftest import TODAY
from tests.support import check_in

FUZZ = settings(
    deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
"""Each test states how many examples it runs; together they are over 10,000."""

VALUE_TEXT = st.text(
    alphabet=st.sampled_from("0123456789.,-+_ $€%kKmMbn\u00a0eE∞٣１"), max_size=14
) | st.text(max_size=20)


@settings(FUZZ, max_examples=3000)
@given(VALUE_TEXT, st.text(max_size=12), st.text(max_size=8))
def test_typed_values_weeks_and_scores_are_read_or_refused_in_a_sentence(
    value: str, week: str, score: str
) -> None:
    for read, text in ((parse_value, value), (parse_week, week), (read_score, score)):
        try:
            read(text)
        except ValueError as error:
            assert str(error) and "\n" not in str(error)


MARKDOWN_BITS = st.sampled_from(
    [
        "# Platform\n",
        "## Ship safely\n",
        "Team: Ops\n",
        "Objective: Grow\n",
        "- ",
        "  - ",
        "KR1: ",
        "Cut errors from 3 to 1",
        " @ana",
        " (owner: Ben)",
        "| KR | Target |\n|---|---|\n| a | 5 |\n",
        "> quoted\n",
        "Score: 0.6",
        " by 20%",
        " below 0.5%",
        "[link](http://x/1566)",
        "\n",
        "**Key Results:**",
        "\x1b[31m",
        "\u202e",
        "[/x]",
        "🙂",
        "漢字",
        "\t",
        "1.25",
        "Q3 2026",
        "```\ncode\n```\n",
    ]
)


@settings(FUZZ, max_examples=2500)
@given(st.lists(MARKDOWN_BITS | st.text(max_size=30), max_size=40))
def test_imported_documents_are_read_or_refused_in_a_sentence(tmp_path: Path, bits: list[str]) -> None:
    store = Store(tmp_path / "import-fuzz")
    text = "".join(bits)
    try:
        prepare(store, decode(text.encode("utf-8", "surrogatepass"), "doc.md"), "doc.md", TODAY, team="T")
    except (ImportFileError, StoreError, RuleError, UnicodeEncodeError) as error:
        assert "\n" not in str(error)
    assert not store.root.exists(), "reading a document writes nothing"


def _export(tmp: Path) -> bytes:
    from okrtui.report.export import export_json

    store = Store(tmp / "export-source")
    if not store.exists():
        write_demo(store, TODAY)
    return export_json(store, store.cycle("2026-Q4")).encode()


@settings(FUZZ, max_examples=2000)
@given(st.data())
def test_mutated_exports_are_imported_or_refused_in_a_sentence(tmp_path_factory, data: st.DataObject) -> None:
    source = _export(tmp_path_factory.getbasetemp())
    mutated = bytearray(source)
    for _ in range(data.draw(st.integers(1, 6))):
        position = data.draw(st.integers(0, len(mutated) - 1))
        mutated[position] = data.draw(st.integers(0, 255))
    target = Store(tmp_path_factory.mktemp("export-fuzz") / "store")
    try:
        prepare(target, decode(bytes(mutated), "export.json"), "export.json", TODAY)
    except (ImportFileError, StoreError, RuleError) as error:
        assert "\n" not in str(error)


MUTATIONS = st.sampled_from(["flip", "truncate", "insert", "delete"])


@settings(FUZZ, max_examples=3000)
@given(st.data())
def test_mutated_store_files_are_read_or_refused_and_never_written_over(
    tmp_path_factory, data: st.DataObject
) -> None:
    base = tmp_path_factory.getbasetemp() / "store-fuzz-source"
    if not base.exists():
        write_demo(Store(base), date(2026, 11, 18))
    root = tmp_path_factory.mktemp("store-fuzz") / "store"
    shutil.copytree(base, root)
    store = Store(root)
    path = data.draw(st.sampled_from([store.workspace_path, store.board_path("2026-Q4", "platform")]))
    raw = bytearray(path.read_bytes())
    for _ in range(data.draw(st.integers(1, 4))):
        kind, at = data.draw(MUTATIONS), data.draw(st.integers(0, len(raw) - 1))
        if kind == "flip":
            raw[at] = data.draw(st.integers(0, 255))
        elif kind == "truncate":
            del raw[at:]
        elif kind == "insert":
            raw[at:at] = data.draw(
                st.sampled_from([b"{", b"]", b'"', b"\x00", b"\xff", b"1e999", b'"\\u0000"'])
            )
        elif raw:
            del raw[at]
        if not raw:
            break
    path.write_bytes(bytes(raw))
    before = path.read_bytes()
    try:
        check_in(store, "kr-bld6", week="2026-W47", value=9, confidence=5, force=True)
    except (StoreError, RuleError) as error:
        assert "\n" not in str(error)
        assert path.read_bytes() == before, "a file okrtui refused to read was written over"
