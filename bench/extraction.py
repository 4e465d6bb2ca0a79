"""Extraction speed of this tree beside another revision's, measured in the same run.

    python -m bench.extraction [--against REV] [--rounds 9]

Each round starts one fresh process per tree, in turn. A process first reads the corpus and the
real-dev heads in ../shared, so the registry, the reference tables and every compiled pattern are
warm, as in a long ingest; then it empties the loaders' bounded caches of more than one entry (those
keyed by text: folded strings, tokens, agency references …) and times one pass over the five corpus
files on CPU time, so each document is read as an ingest reads a new one. The figure is the median
over rounds; alternating the trees keeps a shared machine's load from favouring one of them, and
the median of the rounds' ratios (``ratio_median``) compares them pass by pass.
``--against`` is a git revision, unpacked with ``git archive`` into a temporary directory (the
working tree is not touched).
Writes bench/out/extraction.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from bench.machine import describe

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
WARM = ROOT.parent / "shared" / "real-dev"

_ONE_PASS = """
import sys, time
from pathlib import Path
from loaders.extract import extract_file
corpus, warm = Path(sys.argv[1]), Path(sys.argv[2])
files = sorted(corpus.glob("*.txt"))
for f in [*files, *sorted(warm.glob("*.txt"))]:
    try:
        extract_file(f)
    except Exception:  # an older revision refuses some heads; warming is all they are for here
        pass
for name, module in list(sys.modules.items()):
    if name.startswith("loaders."):
        for value in list(vars(module).values()):
            info = getattr(value, "cache_info", None)
            if info is not None and info().maxsize not in (None, 1):  # one entry: a table, not texts
                value.cache_clear()
t = time.process_time()
for f in files:
    extract_file(f)
print(time.process_time() - t, sum(f.stat().st_size for f in files))
"""


def one_pass(tree: Path) -> tuple[float, int]:
    """CPU seconds of one cold-text pass over the corpus with ``tree``'s loaders, and its bytes."""
    out = subprocess.run([sys.executable, "-c", _ONE_PASS, str(ROOT / "corpus"), str(WARM)], cwd=tree,
                         env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"}, check=True,
                         capture_output=True, text=True).stdout.split()
    return float(out[0]), int(out[1])


def unpack(rev: str, into: Path) -> Path:
    """The files of ``rev`` under ``into``, from ``git archive``."""
    archive = into / "tree.tar"
    with archive.open("wb") as f:
        subprocess.run(["git", "archive", rev], cwd=ROOT, check=True, stdout=f)
    with tarfile.open(archive) as tar:
        tar.extractall(into / "tree", filter="data")
    return into / "tree"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--against", help="a git revision to measure beside this tree")
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        trees = {"this tree": ROOT}
        if args.against:
            trees[args.against] = unpack(args.against, Path(tmp))
        times: dict[str, list[float]] = {name: [] for name in trees}
        size = 0
        for _ in range(args.rounds):
            for name, tree in trees.items():
                seconds, size = one_pass(tree)
                times[name].append(seconds)
    medians = {name: statistics.median(t) for name, t in times.items()}
    results = {
        "machine": describe(),
        "corpus_bytes": size,
        "rounds": args.rounds,
        "trees": {name: {"ms_per_pass_median": round(1000 * medians[name], 1),
                         "mb_per_s": round(size / medians[name] / 1e6, 2),
                         "ms_per_pass": [round(1000 * x, 1) for x in t]} for name, t in times.items()},
    }
    if args.against:
        results["ratio_median"] = paired_ratio(times["this tree"], times[args.against])
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "extraction.json").write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    for name, m in medians.items():
        print(f"{name:>12}: {1000 * m:.1f} ms per pass, {size / m / 1e6:.2f} MB/s (median of {args.rounds})")
    if args.against:
        print(f"this tree / {args.against}, median of the rounds' ratios: {results['ratio_median']}")


def paired_ratio(mine: list[float], theirs: list[float]) -> float:
    """The median of each round's ratio: the two passes of a round run back to back, so a shared
    machine's slow spells (passes here range over ±30 %) weigh on both sides of a ratio alike."""
    return round(statistics.median(a / b for a, b in zip(mine, theirs, strict=True)), 3)


if __name__ == "__main__":
    main()
