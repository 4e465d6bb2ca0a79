"""Coverage-guided fuzzing of the loaders with atheris (libFuzzer), seeded with the corpus.

    uv sync --extra fuzz      (or: pip install -e ".[fuzz]")
    python -m bench.fuzz_atheris -runs=20000 -timeout=10 -max_len=262144 test-output/atheris/ corpus/

libFuzzer flags pass through: ``-runs`` inputs, ``-timeout`` seconds per input (a slower input is a
failure), ``-max_total_time`` seconds in all. The first folder receives the inputs that reached new
code (never name corpus/ first); the others seed the search. Byte-level mutation, guided by the
loaders' own branches, complements ``bench.fuzz``, whose mutations know the documents' structure.
An input fails when reading it raises anything but a ``PolicyGraphError`` naming the file.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from types import ModuleType

NAME = "atheris.txt"


def _atheris() -> ModuleType:
    """atheris is an optional tool (the ``fuzz`` extra): imported only when fuzzing starts."""
    try:
        return importlib.import_module("atheris")
    except ImportError:
        sys.exit("atheris is not installed: `uv sync --extra fuzz` (or pip install -e '.[fuzz]') first")


def _target(atheris: ModuleType) -> Callable[[bytes], None]:
    """The fuzz target, with the loaders imported under atheris' coverage instrumentation."""
    with atheris.instrument_imports():
        from loaders.extract import extract_bytes
        from policygraph.errors import PolicyGraphError

    def test_one_input(data: bytes) -> None:
        try:
            extract_bytes(data, NAME)
        except PolicyGraphError as exc:
            if not str(exc).startswith(f"{NAME}:"):
                raise AssertionError(f"an error that does not name the file: {exc}") from exc

    return test_one_input


def main() -> None:
    atheris = _atheris()
    atheris.Setup(sys.argv, _target(atheris))
    atheris.Fuzz()


if __name__ == "__main__":
    main()
