"""How the API follows one change of a large store (issue "a live graph", point 5).

    python -m bench.follow --store .work/run-M/store --more .work/gen-M1110/corpus [--sample 40]

Serves the store in process (the app of ``policygraph serve``, embedded backend, response cache
on), asks a sample of what users read (bodies' assignments and details, documents and their
lineage, tasks, provinces' documents, searches, the first page of listings), then adds one document
the store does not hold, and asks the same again; then removes it (the store ends as it began) and
asks again. For each round it reports how many answers were served from the cache as still true
(``revalidated``), how many the change made false (``miss``), and the median time of each kind,
beside the median time of the same answers computed cold before the change and served as plain
hits. Writes bench/out/follow.json and bench/out/follow.md.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi.testclient import TestClient

from api.app import create_app
from bench.live import not_held
from bench.machine import describe
from graph.ingest import ingest, remove
from graph.store import GraphStore
from policygraph.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
SEARCHES = ("giáo dục", "lao dong", "bảo hiểm xã hội", "việc làm", "nhà ở xã hội")


def sample(client: TestClient, size: int, seed: int) -> list[str]:
    """What users read, drawn at random from the whole store."""
    pick = random.Random(seed)
    bodies = [a["id"] for a in _all(client, "/agencies")]
    documents = [d["id"] for d in _all(client, "/documents")]
    provinces = [p["id"] for p in _all(client, "/provinces")]
    chosen_documents = pick.sample(documents, min(size, len(documents)))
    paths = ["/documents", "/agencies", "/provinces", "/indicators"]
    paths += [f"/search?q={quote(q)}" for q in SEARCHES]
    paths += [f"/provinces/{p}/documents" for p in pick.sample(provinces, min(10, len(provinces)))]
    for body in pick.sample(bodies, min(size, len(bodies))):
        paths += [f"/agencies/{body}", f"/agencies/{body}/assignments"]
    tasks: list[str] = []
    for doc in chosen_documents:
        paths += [f"/documents/{quote(doc)}", f"/documents/{quote(doc)}/lineage"]
        tasks += [t["task_id"] for t in client.get(f"/documents/{quote(doc)}").json()["tasks"][:3]]
    paths += [f"/tasks/{quote(t)}" for t in pick.sample(tasks, min(size, len(tasks)))]
    return paths


def _all(client: TestClient, listing: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    while True:
        page = client.get(listing, params={"offset": len(found), "limit": 500}).json()
        found += page["items"]
        if len(found) >= page["total"] or not page["items"]:
            return found


def ask(client: TestClient, paths: list[str]) -> dict[str, tuple[str, float]]:
    """How each answer was served, and in how many milliseconds."""
    found: dict[str, tuple[str, float]] = {}
    for path in paths:
        started = time.perf_counter()
        answer = client.get(path)
        elapsed = (time.perf_counter() - started) * 1000
        found[path] = (answer.headers.get("x-cache", f"status {answer.status_code}"), elapsed)
    return found


def summary(served: dict[str, tuple[str, float]], cold: dict[str, tuple[str, float]]) -> dict[str, dict[str, Any]]:
    """By how the answers were served: how many, their median time, and the median time of the
    same answers computed cold before the change."""
    kinds: dict[str, list[str]] = {}
    for path, (kind, _) in served.items():
        kinds.setdefault(kind, []).append(path)
    return {kind: {"answers": len(paths), "median_ms": _median(served, paths), "cold_median_ms": _median(cold, paths),
                   "paths": paths if len(paths) <= 40 else []}
            for kind, paths in sorted(kinds.items())}


def _median(served: dict[str, tuple[str, float]], paths: list[str]) -> float:
    return round(statistics.median(served[p][1] for p in paths), 2)


def follow(client: TestClient, paths: list[str], cold: dict[str, tuple[str, float]], change: str,
           apply: Any) -> dict[str, Any]:
    """One change between two passes over the same answers; ``change_s`` is the change alone."""
    started = time.perf_counter()
    apply()
    change_s = time.perf_counter() - started
    client.app.state.services.refresh(force=True)  # type: ignore[attr-defined]
    return {"change": change, "change_s": round(change_s, 2), "after": summary(ask(client, paths), cold)}


def fresh_file(folder: Path, store: GraphStore) -> Path:
    """The first file of ``folder`` the store does not hold (by content)."""
    fresh = not_held(folder, store)
    if not fresh:
        raise SystemExit(f"{folder} holds no file the store does not")
    return fresh[0]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--more", type=Path, required=True, help="a folder of documents the store does not hold")
    parser.add_argument("--sample", type=int, default=40, help="bodies, documents and tasks drawn")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    store = GraphStore(args.store)
    added = fresh_file(args.more, store)
    with TestClient(create_app(Settings(neo4j_uri=None, query_cache=0), store)) as uncached:
        paths = sample(uncached, args.sample, args.seed)
    with TestClient(create_app(Settings(neo4j_uri=None), store)) as client:
        first = ask(client, paths)
        cold, warm = summary(first, first), summary(ask(client, paths), first)
        rounds = [follow(client, paths, first, f"add {added.name}", lambda: ingest([added], store)),
                  follow(client, paths, first, f"remove {added.name}", lambda: remove([str(added)], store))]
    report = {"machine": describe(), "store": str(args.store), "answers": len(paths), "cold": cold, "warm": warm,
              "rounds": rounds}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "follow.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    lines = [f"{len(paths)} answers of {args.store}", "",
             "| pass | served | answers | median ms | the same answers cold, median ms |", "|---|---|---|---|---|"]
    for name, kinds in (("cold", cold), ("again", warm), *((r["change"], r["after"]) for r in rounds)):
        lines += [f"| {name} | {kind} | {v['answers']} | {v['median_ms']} | {v['cold_median_ms']} |"
                  for kind, v in kinds.items()]
    lines += ["", *(f"{r['change']}: {r['change_s']} s" for r in rounds)]
    (OUT / "follow.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
