"""The room-vote benchmark still runs: N = 20 students on SQLite, real servers on loopback.

Not a speed test (bench/RESULTS.md has the figures); it checks that every scenario ran,
nothing failed, no vote was lost and each counted once though sent twice.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.bench  # run with `pytest -m bench`: not in the default run (CI time)
def test_room_votes_benchmark_smoke(tmp_path):
    raw = tmp_path / "room-votes.json"
    proc = subprocess.run(
        [sys.executable, "-m", "bench.room_votes", "--db", "sqlite", "--students", "20",
         "--questions", "5", "--connections", "20", "--max-seconds", "150",
         "--json", str(raw)],
        cwd=ROOT, capture_output=True, text=True, timeout=200)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    [result] = json.loads(raw.read_text())
    assert all(row["errors"] == 0 for row in result["rows"]), result["rows"]
    votes = result["votes"]
    assert votes["counted"] == votes["stored"] == votes["expected"] == 20
    assert votes["requests_ok"] == 40 and votes["most_per_seat"] == 1
    assert votes["per_question_matches"] is True
    assert "zero lost votes" in proc.stdout
