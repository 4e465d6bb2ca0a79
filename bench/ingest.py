"""Benchmark of the read path: extraction (MB/s, one core), RDF build (quads/s), store load
(quads/s), SHACL validation and the end-to-end `policygraph run`.

    python -m bench.ingest [--repeat 7] [--scale 60]

Each figure is the median of ``--repeat`` runs in one process (machines are shared and noisy).
The build and load figures use the corpus replicated ``--scale`` times under distinct document
ids, so the store sees hundreds of thousands of distinct quads rather than five small files.
Writes bench/out/ingest.json and bench/out/ingest.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from bench.machine import describe
from graph.rdf import build, nquads
from graph.validate import validate
from loaders.extract import extract_text
from loaders.registry import registry
from loaders.text import read_file
from ontology.records import Extraction

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def timed(fn: Callable[[], object], repeat: int, reset: Callable[[], None] | None = None) -> list[float]:
    times = []
    for _ in range(repeat):
        if reset:
            reset()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return times


def clear_caches() -> None:
    """Empty the loaders' caches of texts (bounded, more than one entry), so each repetition reads
    the corpus as new documents; the registry, tables and compiled patterns stay, as in a long run."""
    for name, module in list(sys.modules.items()):
        if name.startswith("loaders."):
            for value in list(vars(module).values()):
                info = getattr(value, "cache_info", None)
                if info is not None and info().maxsize not in (None, 1):
                    value.cache_clear()


def replicate(extractions: list[Extraction], copies: int) -> list[Extraction]:
    """Distinct documents with the corpus's content: every id gets a copy suffix, and every copy
    its own file hash (distinct files, as in a real corpus, not one file loaded many times)."""
    out = []
    for k in range(copies):
        for ex in extractions:
            doc_id, sha = ex.document.id, ex.file.sha256
            data = ex.model_dump_json().replace(f'"{doc_id}', f'"{doc_id}-copy{k}') \
                .replace(sha, f"{sha[:-8]}{k:08x}")
            out.append(Extraction.model_validate_json(data))
    return out


def load_on_disk(data: bytes, fmt: ox.RdfFormat) -> None:
    with tempfile.TemporaryDirectory() as d:
        store = ox.Store(d)
        store.bulk_load(input=data, format=fmt)
        store.flush()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--scale", type=int, default=60)
    args = parser.parse_args()
    registry()
    sources = [read_file(p) for p in sorted((ROOT / "corpus").glob("*.txt"))]
    size = sum(s.file.size for s in sources)
    extractions = [extract_text(s) for s in sources]

    extract_times = timed(lambda: [extract_text(s) for s in sources], args.repeat, clear_caches)

    big = replicate(extractions, args.scale)
    data = nquads(big)
    quads = data.count(b"\n")
    build_times = timed(lambda: nquads(big), max(3, args.repeat // 2), clear_caches)

    load_times = timed(lambda: load_on_disk(data, ox.RdfFormat.N_QUADS), max(3, args.repeat // 2))
    triples = b"".join(sorted({line.rsplit(b" <", 1)[0] + b" .\n" for line in data.splitlines()}))
    n_triples = triples.count(b"\n")
    default_times = timed(lambda: load_on_disk(triples, ox.RdfFormat.N_TRIPLES), max(3, args.repeat // 2))
    memory_times = timed(lambda: ox.Store().bulk_load(input=data, format=ox.RdfFormat.N_QUADS),
                         max(3, args.repeat // 2))

    corpus_quads = nquads(extractions).count(b"\n")
    ds = build(extractions)
    shacl_times = timed(lambda: validate(ds), 3)

    with tempfile.TemporaryDirectory() as d:
        command = [sys.executable, "-m", "policygraph", "run", "--no-serve", "--store", d]
        run_times = timed(lambda: subprocess.run(command, check=True, capture_output=True), 3)

    med = statistics.median
    results = {
        "machine": describe(),
        "corpus": {"files": len(sources), "bytes": size, "quads": corpus_quads},
        "extraction_mb_per_s_one_core": round(size / med(extract_times) / 1e6, 2),
        "extraction_seconds_median": round(med(extract_times), 4),
        "build_quads": quads,
        "build_quads_per_s": round(quads / med(build_times)),
        "store_load_quads_per_s": round(quads / med(load_times)),
        "store_load_seconds_median": round(med(load_times), 3),
        "alternative_default_graph_triples": n_triples,
        "alternative_default_graph_triples_per_s": round(n_triples / med(default_times)),
        "alternative_in_memory_quads_per_s": round(quads / med(memory_times)),
        "shacl_seconds_corpus_median": round(med(shacl_times), 3),
        "shacl_triples_per_s": round(len(ds) / med(shacl_times)),
        "policygraph_run_seconds_median": round(med(run_times), 2),
        "repeat": args.repeat,
        "scale": args.scale,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "ingest.json").write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    rows = [(k, v) for k, v in results.items() if k != "machine"]
    md = ["| measure | value |", "|---|---|", *(f"| {k} | {v} |" for k, v in rows)]
    md.append(f"\nmachine: {json.dumps(results['machine'], ensure_ascii=False)}")
    (OUT / "ingest.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    print("\n".join(md))


if __name__ == "__main__":
    main()
