"""The `jhakg` command line, run as a user runs it: a real subprocess, exit codes and messages."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph

from tests.conftest import DATA, JHAKG, ROOT


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*JHAKG, *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def test_help_lists_every_command() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in ("build", "serve", "query", "validate", "export"):
        assert command in result.stdout


def test_build_prints_per_class_counts_with_nine_agencies(tmp_path: Path) -> None:
    result = run("build", "--store", str(tmp_path / "s"))
    assert result.returncode == 0, result.stderr
    rows = {line.split("│")[1].strip(): line.split("│")[2].strip()
            for line in result.stdout.splitlines() if line.count("│") == 3}
    assert rows["Agency"] == "9"
    assert int(rows["Activity"]) >= 100
    assert int(rows["triples"]) > 5000


def test_validate_passes_on_the_built_graph(built_store_path: Path) -> None:
    result = run("validate", "--store", str(built_store_path))
    assert result.returncode == 0, result.stderr
    assert "conforms" in result.stdout


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such file"),
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00binary", "binary"),
        (b"Caf\xe9 cr\xe8me report text \xff", "not valid UTF-8"),
        (b"A shopping list for 2017\n\nEggs. Milk. Bread. Butter. Jam. Tea.\n", "does not look like a JHA"),
    ],
    ids=["missing", "empty", "binary", "encoding", "not-a-report"],
)
def test_bad_input_one_line_non_zero_and_store_untouched(
    tmp_path: Path, built_store_path: Path, content: bytes | None, expected: str
) -> None:
    store = tmp_path / "store"
    assert run("build", "--store", str(store), "--report", str(DATA / "mini-report-2019.txt")).returncode == 0
    before = run("export", "--format", "nt", "--store", str(store)).stdout
    bad = tmp_path / "bad.txt"
    if content is not None:
        bad.write_bytes(content)
    result = run("build", "--store", str(store), "--report", str(bad))
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("jhakg: error:") and expected in lines[0], result.stderr
    assert run("export", "--format", "nt", "--store", str(store)).stdout == before


def test_query_formats(built_store_path: Path) -> None:
    query = "SELECT ?id WHERE { ?a a <https://w3id.org/jha-kg/ontology#Agency> ; <http://purl.org/dc/terms/identifier> ?id } ORDER BY ?id"
    as_json = run("query", query, "--format", "json", "--store", str(built_store_path))
    assert as_json.returncode == 0, as_json.stderr
    ids = [b["id"]["value"] for b in json.loads(as_json.stdout)["results"]["bindings"]]
    assert ids == ["cepol", "easo", "eige", "emcdda", "eu-lisa", "eurojust", "europol", "fra", "frontex"]
    as_csv = run("query", query, "--format", "csv", "--store", str(built_store_path))
    assert as_csv.stdout.splitlines()[0].strip() == "id" and len(as_csv.stdout.splitlines()) == 10
    table = run("query", str(ROOT / "queries" / "agencies.rq"), "--store", str(built_store_path))
    assert table.returncode == 0 and "Frontex" in table.stdout


def test_malformed_query_is_a_usage_error(built_store_path: Path) -> None:
    result = run("query", "SELEKT ?x WHERE {", "--store", str(built_store_path))
    assert result.returncode == 2
    assert result.stderr.startswith("jhakg: error: malformed SPARQL")


@pytest.mark.parametrize(("fmt", "rdflib_format"), [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_export_formats_parse(built_store_path: Path, tmp_path: Path, fmt: str, rdflib_format: str) -> None:
    out = tmp_path / f"graph.{fmt}"
    result = run("export", "--format", fmt, "-o", str(out), "--store", str(built_store_path))
    assert result.returncode == 0, result.stderr
    graph = Graph().parse(out, format=rdflib_format)
    assert len(graph) > 5000


def test_unknown_export_format_is_refused(built_store_path: Path) -> None:
    result = run("export", "--format", "xls", "--store", str(built_store_path))
    assert result.returncode == 2 and "unknown format" in result.stderr


def test_invalid_setting_is_one_line(tmp_path: Path) -> None:
    import os

    result = subprocess.run([*JHAKG, "build", "--store", str(tmp_path / "s")], capture_output=True, text=True,
                            env={**os.environ, "JHAKG_BASE_IRI": "not-an-iri"}, cwd=ROOT, timeout=120)
    assert result.returncode != 0
    assert result.stderr.strip().startswith("jhakg: error: invalid setting base_iri")


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv"])
def test_network_exports_hold_the_collaboration_network(built_store_path: Path, tmp_path: Path, fmt: str) -> None:
    import csv

    import networkx as nx

    out = tmp_path / f"network.{fmt}"
    result = run("export", "--format", fmt, "-o", str(out), "--store", str(built_store_path))
    assert result.returncode == 0, result.stderr
    if fmt == "csv":
        rows = list(csv.DictReader(out.read_text(encoding="utf-8").splitlines()))
        edges = {(r["source"], r["target"]) for r in rows}
        assert all(int(r["weight"]) == len(r["activities"].split()) for r in rows)
    else:
        graph = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(out)
        edges = set(graph.edges())
        assert graph.nodes["https://w3id.org/jha-kg/agency/frontex"]["label"] == "European Border and Coast Guard Agency"
    assert any("agency/frontex" in a + b and "agency/europol" in a + b for a, b in edges)
