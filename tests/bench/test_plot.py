"""The cost curve draws one point per tier, in the order of the tiers' sizes."""

from __future__ import annotations

import json
import os
from pathlib import Path

from bench.plot import load_runs, series


def write_run(folder: Path, name: str, tier: str, tasks: int, extraction_s: float, written: float) -> None:
    path = folder / f"run-{name}.json"
    path.write_text(json.dumps({"tier": tier, "details": {"corpus": {"tasks": tasks}},
                                "phases": {"extraction": extraction_s, "neo4j_push": 0.0}}), encoding="utf-8")
    os.utime(path, (written, written))


def test_a_kept_copy_of_an_earlier_run_does_not_draw_a_second_point(tmp_path: Path) -> None:
    write_run(tmp_path, "L", "L", 400_000, 900.0, written=3_000)
    write_run(tmp_path, "M", "M", 40_000, 30.0, written=1_000)
    write_run(tmp_path, "M-earlier", "M", 40_000, 45.0, written=500)
    runs = load_runs(tmp_path)
    assert [r["tier"] for r in runs] == ["M", "L"]
    assert series(runs)["extraction"] == ([40_000, 400_000], [30.0, 900.0])


def test_a_phase_that_took_no_time_is_left_off_the_log_axis(tmp_path: Path) -> None:
    write_run(tmp_path, "S", "S", 268, 0.15, written=1_000)
    assert "neo4j_push" not in series(load_runs(tmp_path))
