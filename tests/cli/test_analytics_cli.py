"""`jhakg centrality|communities|gaps|recommend` as a user runs them: real subprocesses on the built store."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.analytics.test_analytics_real import AGENCIES
from tests.cli.test_cli import run


def test_centrality_json_csv_and_table(built_store_path: Path) -> None:
    store = str(built_store_path)
    as_json = run("centrality", "--format", "json", "--store", store)
    assert as_json.returncode == 0, as_json.stderr
    body = json.loads(as_json.stdout)
    assert sorted(r["id"] for r in body["rows"]) == AGENCIES
    as_csv = run("centrality", "--measure", "betweenness", "--theme", "migration", "--format", "csv", "--store", store)
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert list(rows[0]) == ["id", "label", "agency", "betweenness"] and len(rows) == 9
    table = run("centrality", "--store", store)
    assert table.returncode == 0 and "Europol" in table.stdout and "betweenness:" in table.stdout


def test_centrality_writes_a_chart(built_store_path: Path, tmp_path: Path) -> None:
    result = run("centrality", "--measure", "pagerank", "--chart", str(tmp_path / "c.png"), "--store", str(built_store_path))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "c.png").read_bytes().startswith(b"\x89PNG")
    bad = run("centrality", "--chart", str(tmp_path / "c.gif"), "--store", str(built_store_path))
    assert bad.returncode == 2 and ".svg or .png" in bad.stderr


def test_unknown_measure_or_theme_is_one_line_and_exit_2(built_store_path: Path) -> None:
    for args in (("centrality", "--measure", "fame"), ("recommend", "--theme", "weather")):
        result = run(*args, "--store", str(built_store_path))
        assert result.returncode == 2, args
        assert result.stderr.startswith("jhakg: error: unknown") and len(result.stderr.strip().splitlines()) == 1


def test_gaps_recommend_and_communities(built_store_path: Path) -> None:
    store = str(built_store_path)
    gaps = json.loads(run("gaps", "--theme", "security", "--format", "json", "--store", store).stdout)
    assert set(gaps) == {"pairs", "absent", "stated"}
    stated = list(csv.DictReader(io.StringIO(run("gaps", "--kind", "stated", "--format", "csv", "--store", store).stdout)))
    assert stated and all(r["kind"] == "stated" and r["explanation"] for r in stated)
    recs = json.loads(run("recommend", "--top", "3", "--format", "json", "--store", store).stdout)
    assert [r["rank"] for r in recs] == [1, 2, 3] and all(r["activities"] for r in recs)
    communities = run("communities", "--format", "csv", "--store", store)
    assert communities.returncode == 0 and communities.stdout.startswith(
        "community,members,overlap migration,overlap security,leaning migration,leaning security")


def test_empty_store_says_to_build_first(tmp_path: Path) -> None:
    result = run("centrality", "--store", str(tmp_path / "nothing"))
    assert result.returncode == 1 and "jhakg build" in result.stderr
