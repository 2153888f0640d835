"""The live-latency benchmark still runs: 10 phones, one round, SQLite, real servers.

Not a speed test (bench/RESULTS.md has the figures): every phone saw the change, no poll failed,
and the results table was written.
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
def test_live_latency_smoke(tmp_path):
    output = tmp_path / "RESULTS.md"
    output.write_text("# Benchmark results\n")
    proc = subprocess.run(
        [sys.executable, "-m", "bench.latency", "--students", "10", "--rounds", "1",
         "--connections", "10", "--output", str(output)],
        cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    result = json.loads(proc.stdout[proc.stdout.index("{"):])
    assert result["ours"]["n"] == 10 and result["ours"]["missed"] == 0
    assert result["floor"]["n"] == 10 and result["poll_errors"] == 0
    assert result["poll_ms"] == 1000  # a small room polls every second
    table = output.read_text()
    assert "## Live latency" in table and "| sqlite | 10 |" in table
