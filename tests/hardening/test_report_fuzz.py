"""A small seeded fuzzer over report texts, through the real `jhakg build` in a subprocess.

Each mutated text either builds, or fails with one line on stderr and a non-zero exit — never a
traceback — and a failed build leaves the store byte-for-byte as it was. Bounded: a fixed handful
of cases from one seed, each under a time cap.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import DATA, JHAKG, ROOT
from tests.hardening.helpers import folder_state

SEED = 14
BASE = (DATA / "report-2018.txt").read_text(encoding="utf-8")
CONTROL = [chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), 127)]
BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c"]


def sprinkle(rng: random.Random, text: str, alphabet: list[str], count: int) -> str:
    chars = list(text)
    for _ in range(count):
        chars.insert(rng.randrange(len(chars) + 1), rng.choice(alphabet))
    return "".join(chars)


def shuffled_lines(rng: random.Random, text: str) -> str:
    lines = text.splitlines()
    rng.shuffle(lines)
    return "\n".join(lines)


MUTATIONS: dict[str, Callable[[random.Random, str], bytes]] = {
    "truncated": lambda rng, t: t[: rng.randrange(len(t) // 4, len(t) // 2)].encode(),
    "shuffled-lines": lambda rng, t: shuffled_lines(rng, t).encode(),
    "nul-and-control": lambda rng, t: sprinkle(rng, t, CONTROL, 200).encode(),
    "bidi-marks": lambda rng, t: sprinkle(rng, t, BIDI, 200).encode(),
    "one-huge-line": lambda rng, t: (t.replace("\n", " ") + " Europol " + "x" * 100_000 + " and Frontex met.").encode(),
    "random-bytes": lambda rng, t: rng.randbytes(50_000),  # not UTF-8, and binary
    "repeated": lambda rng, t: "\n\n".join([t] * 8).encode(),
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, built_store_path: Path) -> Path:
    copy = tmp_path_factory.mktemp("fuzz") / "store"
    shutil.copytree(built_store_path, copy, symlinks=True)
    return copy


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_a_mutated_report_builds_or_fails_in_one_line(name: str, store: Path, tmp_path: Path) -> None:
    rng = random.Random(f"{SEED}:{name}")
    report = tmp_path / f"{name}.txt"
    report.write_bytes(MUTATIONS[name](rng, BASE))
    before = folder_state(store)
    started = time.monotonic()
    done = subprocess.run([*JHAKG, "build", "--report", str(report), "--store", str(store)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)
    took = time.monotonic() - started
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    if done.returncode == 0:
        assert "triples" in done.stdout and folder_state(store) != before
    else:
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("jhakg: error: "), done.stderr
        assert folder_state(store) == before, "a failed build changed the store"
    assert took < 100, f"{name} took {took:.0f} s"
