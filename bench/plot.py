"""The cost curve of the scale runs: seconds of each phase against the tier's tasks, log-log.

    python -m bench.plot [--out docs/benchmarks-cost.png]

Reads the latest bench/out/run-*.json of each tier written by ``python -m bench.run``. On log-log axes a phase
whose cost grows linearly with the corpus is a line of slope 1; a steeper line is the phase that
will not scale. Phases a tier did not measure (skipped, or a reused corpus's generation) are
simply absent from that tier.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

ROOT = Path(__file__).resolve().parent.parent
RUNS = ROOT / "bench" / "out"
DEFAULT_OUT = ROOT / "docs" / "benchmarks-cost.png"


def load_runs(folder: Path) -> list[dict[str, Any]]:
    """Each tier's latest run, smallest tier first (the x order of the curve): a kept copy of an
    earlier run of the same tier must not draw a second point."""
    latest: dict[str, tuple[float, dict[str, Any]]] = {}
    for path in folder.glob("run-*.json"):
        run = json.loads(path.read_text(encoding="utf-8"))
        written = path.stat().st_mtime
        if run["tier"] not in latest or written > latest[run["tier"]][0]:
            latest[run["tier"]] = (written, run)
    return sorted((run for _, run in latest.values()), key=lambda r: r["details"]["corpus"]["tasks"])


def series(runs: list[dict[str, Any]]) -> dict[str, tuple[list[int], list[float]]]:
    """Phase → (tasks, seconds) over the tiers that measured it; zero seconds cannot sit on a log axis."""
    out: dict[str, tuple[list[int], list[float]]] = {}
    for run in runs:
        tasks = run["details"]["corpus"]["tasks"]
        for phase, seconds in run["phases"].items():
            if seconds > 0:
                xs, ys = out.setdefault(phase, ([], []))
                xs.append(tasks)
                ys.append(seconds)
    return out


def draw(runs: list[dict[str, Any]], out: Path) -> None:
    fig = Figure(figsize=(8, 5.5))  # not pyplot: no display backend, no global figure state
    ax = fig.subplots()
    for phase, (xs, ys) in sorted(series(runs).items()):
        ax.plot(xs, ys, marker="o", label=phase)
    for run in runs:
        ax.axvline(run["details"]["corpus"]["tasks"], color="0.85", linewidth=0.8, zorder=0)
        ax.annotate(f"tier {run['tier']}", (run["details"]["corpus"]["tasks"], 1), xycoords=("data", "axes fraction"),
                    xytext=(3, -12), textcoords="offset points", fontsize=8, color="0.4")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("tasks in the tier")
    ax.set_ylabel("seconds")
    machine = runs[0]["machine"]
    ax.set_title(f"Cost per phase, tiers {' → '.join(r['tier'] for r in runs)} "
                 f"({machine['cores']} cores, {machine['memory_mib'] // 1024} GiB, shared)", fontsize=10)
    ax.grid(True, which="both", linewidth=0.3)
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=120)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    runs = load_runs(RUNS)
    if not runs:
        raise SystemExit(f"no run-*.json in {RUNS}: run python -m bench.run --tier S first")
    draw(runs, args.out)
    print(f"{args.out} ({', '.join(r['tier'] for r in runs)})")


if __name__ == "__main__":
    main()
