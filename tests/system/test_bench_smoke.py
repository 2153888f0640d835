"""The benchmark still runs: N = 20 students, a few seconds, SQLite, real servers on loopback.

Not a speed test (those numbers are in bench/RESULTS.md); it checks that every scenario ran,
that nothing failed and that no accepted answer went missing.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_benchmark_smoke(tmp_path):
    output, raw = tmp_path / "RESULTS.md", tmp_path / "results.json"
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--db", "sqlite", "--students", "20",
         "--connections", "20", "--poll-seconds", "2", "--capacity-seconds", "0.6",
         "--review-responses", "1000", "--review-samples", "2", "--max-seconds", "120",
         "--output", str(output), "--json", str(raw)],
        cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    [result] = json.loads(raw.read_text())
    rows = {row["name"]: row for row in result["rows"]}
    assert sum(row["errors"] for row in rows.values()) == 0, rows
    assert result["answers"] == {"accepted": 20, "stored": 20, "expected": 20}
    for prefix in ("hello (concurrent)", "insert one row", "join storm: join (POST)",
                   "answer burst: submit answer", "live state poll", "live polling",
                   "review page", "CSV export (review"):
        row = next(r for name, r in rows.items() if name.startswith(prefix))
        assert row["requests"] > 0, row
    export = next(r for name, r in rows.items() if name.startswith("CSV export (review"))
    assert export["rows"] == 1000
    assert result["access_log_lines"] > 100  # one access-log line per request
    text = output.read_text()
    assert "| answer burst: submit answer (POST) | 20 |" in text
    assert "zero lost answers" in text
