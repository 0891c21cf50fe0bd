"""Report text → passages: layout undone, words untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.text import ReportTextError, read_report_text, split_blocks, split_passages, verify_quote

MINI = """Title of a report on cooperation in 2019

1. Implementation of thematic priorities

1.1 Migration, asylum and border management

Key joint activities and achievements

Hotspots

Frontex and EASO (e.g. in Greece) held a workshop in Messina. The meeting was attended by
FRA, which presented its findings on the inter-
agency approach and the


⁽³⁾ https://example.org/a-footnote



continuing work of the agencies.

- first bullet item that runs
  over two lines;
- second bullet item.

Challenges and opportunities for joint cooperation

Europol could do more.
"""


def test_sentences_keep_section_paths() -> None:
    passages, _ = split_passages(MINI, "r")
    sentences = [p for p in passages if p.kind == "sentence"]
    assert sentences[0].text == "Frontex and EASO (e.g. in Greece) held a workshop in Messina."
    assert sentences[0].section == (
        "1. Implementation of thematic priorities",
        "1.1 Migration, asylum and border management",
        "Key joint activities and achievements",
        "Hotspots",
    )
    assert sentences[-1].section[-1] == "Challenges and opportunities for joint cooperation"


def test_sentence_rejoined_across_a_page_break_with_footnote_set_aside() -> None:
    passages, aside = split_passages(MINI, "r")
    joined = [p for p in passages if p.text.startswith("The meeting was attended by")]
    assert len(joined) == 1
    assert joined[0].text.endswith("inter- agency approach and the continuing work of the agencies.")
    assert [a.kind for a in aside] == ["footnote"]
    assert verify_quote(MINI, joined[0].text, joined[0].line)


def test_bullets_are_passages_of_their_own() -> None:
    passages, _ = split_passages(MINI, "r")
    bullets = [p.text for p in passages if p.kind == "bullet"]
    assert bullets == ["first bullet item that runs over two lines;", "second bullet item."]


def test_block_kinds() -> None:
    kinds = [b.kind for b in split_blocks(MINI)]
    assert kinds[:5] == ["heading"] * 5


def test_verify_quote_rejects_altered_text() -> None:
    passages, _ = split_passages(MINI, "r")
    first = next(p for p in passages if p.kind == "sentence")
    assert verify_quote(MINI, first.text, first.line)
    assert not verify_quote(MINI, first.text.replace("Messina", "Catania"), first.line)
    assert not verify_quote(MINI, "Europol could do much more.", 1)


def test_every_passage_of_the_real_report_is_verbatim(report_path: Path) -> None:
    text = read_report_text(report_path)
    passages, aside = split_passages(text, "r")
    assert len(passages) > 500
    not_verbatim = [p.text for p in [*passages, *aside] if not verify_quote(text, p.text, p.line)]
    assert not_verbatim == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"%PDF-1.7\n\x00\x01binary", "binary"),
        (b"caf\xe9 au lait \xff\xfe", "UTF-8"),
    ],
)
def test_unreadable_inputs_are_refused_with_a_reason(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    with pytest.raises(ReportTextError, match=message):
        read_report_text(path)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ReportTextError, match="no such file"):
        read_report_text(tmp_path / "nope.txt")
