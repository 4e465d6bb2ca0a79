"""Load benchmark of the HTTP API with wrk (Debian package ``wrk``): requests/s, latency
percentiles and errors of the main endpoints under concurrent load, on the embedded store (answer
cache on and off) and, when ``NEO4J_URI`` is set, on Neo4j, all in the same run.

    python -m bench.http [--seconds 20] [--connections 16] [--workers 1 2]

Each endpoint is hit with ids drawn at random from the whole corpus (every task, every agency), so
the load is not one hot URL. The store is the bundled corpus, ingested into a temporary directory.
Writes bench/out/http.json and bench/out/http.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

from bench.machine import describe
from loaders.extract import extract_file

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
LUA = """
local paths = {}
for line in io.lines("%s") do paths[#paths + 1] = line end
math.randomseed(7)
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
"""
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def endpoints() -> dict[str, list[str]]:
    """The URL paths of each benchmarked endpoint, one per id in the corpus."""
    exs = [extract_file(p) for p in sorted((ROOT / "corpus").glob("*.txt"))]
    tasks = [t.id for ex in exs for t in ex.tasks]
    agencies = sorted({a.agency.id for ex in exs for t in ex.tasks for a in t.assignments
                       if a.agency.kind == "agency"})
    return {"/tasks/{id}/lineage": [f"/tasks/{quote(t, safe='')}/lineage" for t in tasks],
            "/agencies/{id}/assignments": [f"/agencies/{quote(a, safe='')}/assignments" for a in agencies],
            "/tasks/{id}": [f"/tasks/{quote(t, safe='')}" for t in tasks]}


def serve(store: Path, env: dict[str, str], workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    command = [sys.executable, "-m", "policygraph", "serve", "--store", str(store), "--port", str(port),
               "--workers", str(workers)]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/health", timeout=2):
                return proc, base
        except OSError:
            if proc.poll() is not None:
                reason = proc.stderr.read().decode()[-400:] if proc.stderr else ""
                raise SystemExit(f"the server did not start: {reason}") from None
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("the server did not answer /health within 60 s")


def wrk(base: str, paths: list[str], seconds: int, connections: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as d:
        listing = Path(d) / "paths.txt"
        listing.write_text("\n".join(paths) + "\n", encoding="utf-8")
        script = Path(d) / "random.lua"
        script.write_text(LUA % listing, encoding="utf-8")
        for path in paths:  # every answer once, so warm figures are not the first-touch ones
            urllib.request.urlopen(base + path, timeout=30).read()
        done = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script),
                               base], capture_output=True, text=True, check=True)
    return parse(done.stdout)


def parse(report: str) -> dict[str, float]:
    def ms(label: str) -> float:
        m = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", report, re.M)
        return round(float(m.group(1)) * UNITS[m.group(2)], 2) if m else float("nan")

    rps = re.search(r"Requests/sec:\s+([\d.]+)", report)
    total = re.search(r"(\d+) requests in", report)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", report)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", report)
    return {"requests_per_s": round(float(rps.group(1)), 1) if rps else 0.0,
            "requests": int(total.group(1)) if total else 0,
            "p50_ms": ms("50%"), "p90_ms": ms("90%"), "p99_ms": ms("99%"),
            "errors": (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, sock.groups())) if sock else 0)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: sudo apt-get install wrk")
    paths = endpoints()
    results: dict[str, object] = {"machine": describe(), "seconds": args.seconds,
                                  "connections": args.connections, "runs": []}
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    configs = [("embedded", "cache", base_env),
               ("embedded", "no cache", {**base_env, "POLICYGRAPH_QUERY_CACHE": "0"})]
    if os.environ.get("NEO4J_URI"):
        configs.append(("neo4j", "no cache", dict(os.environ)))
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        subprocess.run([sys.executable, "-m", "policygraph", "ingest", str(ROOT / "corpus"), "--store", str(store)],
                       check=True, capture_output=True)
        if os.environ.get("NEO4J_URI"):
            subprocess.run([sys.executable, "-m", "policygraph", "neo4j", "push", "--store", str(store)],
                           check=True, capture_output=True)
        for backend, cache, env in configs:
            for workers in args.workers:
                proc, base = serve(store, env, workers)
                try:
                    for endpoint, urls in paths.items():
                        figures = wrk(base, urls, args.seconds, args.connections)
                        row = {"backend": backend, "cache": cache, "workers": workers, "endpoint": endpoint,
                               **figures}
                        results["runs"].append(row)  # type: ignore[attr-defined]
                        print(json.dumps(row, ensure_ascii=False), flush=True)
                finally:
                    proc.terminate()
                    proc.wait(timeout=30)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "http.json").write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    lines = ["| backend | answer cache | workers | endpoint | requests/s | p50 ms | p90 ms | p99 ms | errors |",
             "|---|---|---|---|---|---|---|---|---|"]
    lines += [f"| {r['backend']} | {r['cache']} | {r['workers']} | `{r['endpoint']}` | {r['requests_per_s']} "
              f"| {r['p50_ms']} | {r['p90_ms']} | {r['p99_ms']} | {r['errors']} |"
              for r in results["runs"]]  # type: ignore[attr-defined]
    lines.append(f"\nmachine: {json.dumps(results['machine'], ensure_ascii=False)}; wrk -t2 "
                 f"-c{args.connections} -d{args.seconds}s, random ids over the whole corpus")
    (OUT / "http.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
