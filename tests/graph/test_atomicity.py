"""A load is all or nothing, and the same input gives the same graph.

Interrupted loads (SIGKILL at random points, a full disk, a read-only store) leave the store and
Neo4j answering exactly as before, or exactly as after the complete load when the kill came after
the switch; a rerun completes. Ingesting twice, or in another order, gives the same graph.
``POLICYGRAPH_FAULT_KILLS`` sets how many kills each test makes (6 in CI).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.backends import EmbeddedBackend
from graph.ingest import ingest
from graph.store import GraphStore
from graph.validate import validate
from policygraph.cli import _dataset
from queries.registry import library
from tests.conftest import CORPUS, FILES

KILLS = int(os.environ.get("POLICYGRAPH_FAULT_KILLS", "6"))
FOUR = [CORPUS / name for key, name in FILES.items() if key != "hau_giang"]
FIFTH = CORPUS / FILES["hau_giang"]
CLI = [sys.executable, "-m", "policygraph"]


def answers(store: GraphStore) -> dict[str, list[dict[str, object]]]:
    """Every named query's example, answered from the store."""
    backend = EmbeddedBackend(store)
    return {name: backend.run(q, dict(q.example)) for name, q in sorted(library().items())}


def copy_store(template: Path, where: Path) -> GraphStore:
    return GraphStore(Path(shutil.copytree(template, where)))


def run_until_killed(command: list[str], after_s: float) -> int | None:
    """Run ``command`` and SIGKILL it after ``after_s`` seconds; its exit code if it ended first."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        return process.wait(timeout=after_s)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
        process.wait()
        return None


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


@pytest.fixture(scope="module")
def four_documents(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = GraphStore(tmp_path_factory.mktemp("four") / "store")
    ingest(FOUR, store, replace=True)
    return store.root


@pytest.fixture(scope="module")
def five_documents(tmp_path_factory: pytest.TempPathFactory, four_documents: Path) -> Path:
    store = copy_store(four_documents, tmp_path_factory.mktemp("five") / "store")
    ingest([FIFTH], store)
    return store.root


def test_ingesting_twice_or_in_another_order_gives_the_same_graph(tmp_path, loaded_store):
    twice = GraphStore(tmp_path / "twice")
    ingest([CORPUS], twice, replace=True)
    ingest([CORPUS], twice)
    one_by_one = GraphStore(tmp_path / "reversed")
    for path in sorted(CORPUS.glob("*.txt"), reverse=True):
        ingest([path], one_by_one)
    assert twice.fingerprint() == one_by_one.fingerprint() == loaded_store.fingerprint()
    assert answers(one_by_one) == answers(loaded_store)


def test_a_killed_ingest_leaves_the_previous_graph_or_the_complete_new_one(tmp_path, four_documents,
                                                                           five_documents):
    before, after = GraphStore(four_documents), GraphStore(five_documents)
    states = {before.fingerprint(): "before", after.fingerprint(): "after"}
    expected = {"before": answers(before), "after": answers(after)}
    duration = timed([*CLI, "ingest", str(FIFTH), "--store", str(copy_store(four_documents, tmp_path / "t").root)])
    rnd = random.Random(20261124)
    seen = []
    for k in range(KILLS):
        store = copy_store(four_documents, tmp_path / f"kill{k}")
        run_until_killed([*CLI, "ingest", str(FIFTH), "--store", str(store.root)], rnd.uniform(0.2, duration))
        state = states.get(store.fingerprint())
        assert state is not None, f"kill {k}: the store holds neither the previous nor the new graph"
        assert answers(store) == expected[state]
        assert validate(_dataset(store)).conforms
        seen.append(state)
        rerun = subprocess.run([*CLI, "ingest", str(FIFTH), "--store", str(store.root)], capture_output=True)
        assert rerun.returncode == 0 and store.fingerprint() == after.fingerprint()
        assert not list(store.root.glob(".gen-*.partial"))
    assert "before" in seen


@pytest.fixture()
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 32 MB tmpfs (the tests run as root in CI, as scripts/test does): a disk that fills up, yet
    holds the four-document store with room for a load of five (about three generations)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_is_a_clear_error_and_the_store_is_unchanged(small_disk, four_documents):
    store = copy_store(four_documents, small_disk / "store")
    before = store.fingerprint()
    filler = small_disk / "filler"
    free = shutil.disk_usage(small_disk).free
    filler.write_bytes(b"\0" * max(0, free - 64 * 1024))
    result = subprocess.run([*CLI, "ingest", str(FIFTH), "--store", str(store.root)], capture_output=True, text=True)
    assert result.returncode == 2
    assert "cannot write the store" in result.stderr and "Traceback" not in result.stderr
    filler.unlink()
    assert store.fingerprint() == before
    rerun = subprocess.run([*CLI, "ingest", str(FIFTH), "--store", str(store.root)], capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr


def test_a_read_only_store_is_a_clear_error_and_the_store_is_unchanged(small_disk, four_documents):
    store = copy_store(four_documents, small_disk / "store")
    before = store.fingerprint()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    result = subprocess.run([*CLI, "ingest", str(FIFTH), "--store", str(store.root)], capture_output=True, text=True)
    assert result.returncode == 2
    assert "Read-only file system" in result.stderr and "Traceback" not in result.stderr
    assert store.fingerprint() == before


@pytest.mark.parametrize("how", [["--full"], []], ids=["a whole generation", "a change set"])
def test_a_killed_push_leaves_neo4j_answering_as_before_or_as_after(neo4j_graph, four_documents, five_documents,
                                                                    how):
    """Five documents are four and a load (a change of the four's generation): pushed after the
    four, they go as a change set unless the whole generation is asked for."""
    push = [*CLI, "neo4j", "push", *how, "--store"]
    subprocess.run([*push, str(four_documents)], check=True, capture_output=True)
    before = neo4j_graph.fingerprint()
    duration = timed([*push, str(five_documents)])
    after = neo4j_graph.fingerprint()
    assert before != after
    rnd = random.Random(7)
    seen = []
    for k in range(KILLS):
        subprocess.run([*push, str(four_documents)], check=True, capture_output=True)
        run_until_killed([*push, str(five_documents)], rnd.uniform(0.2, duration))
        state = neo4j_graph.fingerprint()
        assert state in (before, after), f"kill {k}: Neo4j serves a graph that is neither load"
        seen.append("before" if state == before else "after")
        subprocess.run([*push, str(five_documents)], check=True, capture_output=True)
        assert neo4j_graph.fingerprint() == after
    assert "before" in seen


def test_pushing_twice_changes_nothing(neo4j_graph, five_documents):
    subprocess.run([*CLI, "neo4j", "push", "--store", str(five_documents)], check=True, capture_output=True)
    first = neo4j_graph.fingerprint()
    subprocess.run([*CLI, "neo4j", "push", "--store", str(five_documents)], check=True, capture_output=True)
    assert neo4j_graph.fingerprint() == first
