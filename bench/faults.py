"""Faults under load: the API on Neo4j while Neo4j is stopped and started again, and the API on the
embedded store under load for a long time (memory must stay flat).

    python -m bench.faults outage [--clients 8]      # a scratch Neo4j of its own (port 7692)
    python -m bench.faults soak [--minutes 10] [--clients 8]

The load is plain HTTP clients in threads, each asking for random tasks and agencies and recording
every answer (status, content type, latency), so nothing is averaged away: a single 500, a single
answer that is not problem+json, or a single request that hung is reported. Writes
bench/out/faults-outage.json and bench/out/faults-soak.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.http import endpoints, serve
from bench.machine import describe

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
HANG_S = 30.0
SCRATCH = {"NEO4J_LOCAL_HOME": str(ROOT / ".work" / "neo4j-faults"), "NEO4J_BOLT_PORT": "7692",
           "NEO4J_HEAP": "1g", "NEO4J_PAGECACHE": "256m"}


@dataclass(frozen=True)
class Answer:
    at: float
    seconds: float
    status: int            # 0: no answer within HANG_S, or the connection failed
    problem: bool


class Load:
    """Clients in threads, each asking for random paths until stopped."""

    def __init__(self, base: str, paths: list[str], clients: int) -> None:
        self.base, self.paths, self.clients = base, paths, clients
        self.answers: list[Answer] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._client, args=(k,), daemon=True) for k in range(clients)]

    def __enter__(self) -> Load:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=HANG_S + 5)

    def _client(self, seed: int) -> None:
        rnd = random.Random(seed)
        with httpx.Client(base_url=self.base, timeout=HANG_S) as client:
            while not self._stop.is_set():
                started = time.monotonic()
                try:
                    response = client.get(rnd.choice(self.paths))
                    status = response.status_code
                    problem = response.headers.get("content-type", "").startswith("application/problem+json")
                except httpx.HTTPError:
                    status, problem = 0, False
                answer = Answer(started, time.monotonic() - started, status, problem)
                with self._lock:
                    self.answers.append(answer)


def summary(answers: list[Answer]) -> dict[str, object]:
    if not answers:
        return {"requests": 0}
    by_status: dict[str, int] = {}
    for a in answers:
        by_status[str(a.status)] = by_status.get(str(a.status), 0) + 1
    latencies = sorted(a.seconds * 1000 for a in answers)
    return {"requests": len(answers), "by_status": by_status,
            "errors_not_problem_json": sum(1 for a in answers if a.status >= 400 and not a.problem),
            "p50_ms": round(statistics.median(latencies), 1),
            "p99_ms": round(latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))], 1),
            "max_ms": round(latencies[-1], 1)}


def neo4j_local(command: str) -> str:
    done = subprocess.run([str(ROOT / "scripts" / "neo4j-local"), command], env={**os.environ, **SCRATCH},
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


def outage(clients: int, before_s: float, down_s: float, after_s: float) -> dict[str, object]:
    """Stop Neo4j under load, start it again, and see how the API answered meanwhile."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["NEO4J_URI"] = neo4j_local("start")
    paths = [p for urls in endpoints().values() for p in urls]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            store = Path(tmp) / "store"
            subprocess.run([sys.executable, "-m", "policygraph", "ingest", str(ROOT / "corpus"), "--store",
                            str(store)], check=True, capture_output=True)
            subprocess.run([sys.executable, "-m", "policygraph", "neo4j", "push", "--store", str(store)], env=env,
                           check=True, capture_output=True)
            proc, base = serve(store, env, 1)
            try:
                with Load(base, paths, clients) as load:
                    time.sleep(before_s)
                    stop_at = time.monotonic()
                    neo4j_local("stop")
                    time.sleep(down_s)
                    start_at = time.monotonic()
                    neo4j_local("start")
                    up_at = time.monotonic()
                    time.sleep(after_s)
            finally:
                proc.terminate()
                proc.wait(timeout=30)
    finally:
        neo4j_local("stop")
    answers = sorted(load.answers, key=lambda a: a.at)
    after = [a for a in answers if a.at >= up_at]
    failing_after = [a.at for a in after if a.status != 200]
    return {"clients": clients, "neo4j_stopped_s": round(start_at - stop_at, 1),
            "neo4j_restart_s": round(up_at - start_at, 1),
            "before": summary([a for a in answers if a.at < stop_at]),
            "down": summary([a for a in answers if stop_at <= a.at < up_at]),
            "after": summary(after),
            "recovered_s_after_bolt_up": round(max(failing_after) - up_at, 2) if failing_after else 0.0,
            "hung": sum(1 for a in answers if a.status == 0), "server_errors_500": sum(1 for a in answers
                                                                                     if a.status >= 500
                                                                                     and a.status != 503)}


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def soak(clients: int, minutes: float) -> dict[str, object]:
    """The embedded server under load for ``minutes``: answers and resident memory over time."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    paths = [p for urls in endpoints().values() for p in urls]
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        subprocess.run([sys.executable, "-m", "policygraph", "ingest", str(ROOT / "corpus"), "--store", str(store)],
                       check=True, capture_output=True)
        proc, base = serve(store, env, 1)
        memory: list[tuple[float, float]] = []
        try:
            with Load(base, paths, clients) as load:
                started = time.monotonic()
                while time.monotonic() - started < minutes * 60:
                    memory.append((round(time.monotonic() - started), rss_mib(proc.pid)))
                    time.sleep(10)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    first_minute = [m for t, m in memory if t <= 60]
    return {"clients": clients, "minutes": minutes, "answers": summary(load.answers),
            "rss_mib_first_minute_max": max(first_minute), "rss_mib_last": memory[-1][1],
            "rss_mib_max": max(m for _, m in memory), "rss_mib_samples": memory}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["outage", "soak"])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--minutes", type=float, default=10.0)
    args = parser.parse_args()
    if args.what == "outage":
        result = outage(args.clients, before_s=15, down_s=20, after_s=30)
    else:
        result = soak(args.clients, args.minutes)
    result = {"machine": describe(), **result}
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"faults-{args.what}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "rss_mib_samples"}, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
