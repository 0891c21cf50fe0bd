"""The benchmark's own parts: the synthetic generator (reproducible, in jha-kg's model) and the ratio arithmetic."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.generate import generate, parse_size
from graph.analytics.projection import collaboration_graph, collaboration_rows
from graph.build.pipeline import class_counts
from graph.build.validate import validate_store
from graph.store.embedded import EmbeddedStore


def _bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_sizes_parse() -> None:
    assert [parse_size(s) for s in ("10k", "100k", "1M", "5M", "2500")] == [10_000, 100_000, 1_000_000, 5_000_000, 2500]


def test_same_seed_same_bytes_other_seed_other_graph(tmp_path: Path) -> None:
    first = generate(6000, tmp_path / "a", seed=3)
    assert _bytes(tmp_path / "a") == _bytes(generate(6000, tmp_path / "b", seed=3).folder)
    assert _bytes(tmp_path / "a") != _bytes(generate(6000, tmp_path / "c", seed=4).folder)
    assert 0.9 * 6000 < first.triples < 1.1 * 6000
    lines = sum(p.read_bytes().count(b"\n") for p in (tmp_path / "a").glob("*.nt"))
    assert lines == first.triples


def test_generated_graph_works_with_the_real_queries_and_shapes(tmp_path: Path) -> None:
    data = generate(8000, tmp_path / "data", seed=5)
    store = EmbeddedStore(tmp_path / "store", writable=True)
    store.replace(data.sources())
    assert store.triple_count() == data.triples
    counts = class_counts(store)
    assert counts["Agency"] == 9 and counts["Activity"] == counts["Passage"] > 100
    rows = collaboration_rows(store)
    assert {r.status for r in rows} == {"done", "ongoing", "planned", "proposed"}
    assert all(r.year == 2024 for r in rows)
    agencies = collaboration_graph(rows)
    assert agencies.number_of_nodes() == 9
    assert validate_store(store).conforms


def test_ratios_count_rdflib_timeouts_as_lower_bounds() -> None:
    from bench.ratios import ratios

    latency = {
        "light": {"pyoxigraph": {"median": 0.001}, "jhakg": {"median": 0.002}, "oxigraph-server": {"median": 0.001},
                  "rdflib-endpoint": {"median": 0.004}},
        "heavy": {"pyoxigraph": {"median": 1.0}, "jhakg": {"median": 2.0}, "oxigraph-server": {"median": 2.0},
                  "rdflib-endpoint": {"median": None, "error": "timeout (> 60 s)"}},
    }
    throughput = {"jhakg": {"8": {"per_second": 300.0}}, "oxigraph-server": {"8": {"per_second": 1000.0}}}
    result = ratios(latency, throughput, rdflib_timeout=60.0)
    assert result["per_query"]["heavy"]["rdflib-endpoint/jhakg"] == 30.0
    assert result["rdflib_lower_bounds"] == ["heavy"]
    assert abs(result["set"]["rdflib-endpoint/jhakg"] - (2.0 * 30.0) ** 0.5) < 1e-9
    assert abs(result["set"]["jhakg/oxigraph-server"] - 2.0 ** 0.5) < 1e-9
    assert result["throughput_jhakg/oxigraph-server"] == {"8": 0.3}


def test_readme_sections_replace_only_their_own_text(tmp_path: Path) -> None:
    from bench.readme import README, write_section

    readme = tmp_path / "README.md"
    readme.write_text("intro\n<!-- bench:run -->\nold table\n<!-- /bench:run -->\nwhat limits it\n")
    write_section("run", "| new | table |\n", readme)
    assert readme.read_text() == "intro\n<!-- bench:run -->\n| new | table |\n<!-- /bench:run -->\nwhat limits it\n"
    with pytest.raises(SystemExit, match="<!-- bench:analyst-load -->"):  # no markers: refused, nothing written
        write_section("analyst-load", "x", readme)
    text = README.read_text()  # the project README carries both sections the benchmarks write
    assert text.count("<!-- bench:run -->") == text.count("<!-- bench:analyst-load -->") == 1
