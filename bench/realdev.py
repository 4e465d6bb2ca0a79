"""How well the loader reads real documents it was not written from (``real-dev``).

    python -m bench.accuracy --real [DIR] [--errors] [--json FILE]

``DIR`` (default ``../shared/real-dev`` beside the repository) holds document heads as legal
portals publish them and ``expected.json``, the values others read by hand from each text. The
real extraction runs on every file named there and is compared field by field:

* kind, number (the symbol as printed), date and province of the document itself: precision over
  the files where the loader gave a value, recall over the files whose text states one;
* **invented** values: a number, date or province given where the text states none;
* lineage parents (implements, based on, continues, amends) as symbols: precision and recall over
  all (file, parent) pairs; ``not_parents`` taken as parents are counted apart;
* hosts of the tasks the expectation quotes;
* refused files (no extraction at all).

Symbols are compared in a normalised form (:func:`symbol_key`), so ``43-CTR/TU`` equals
``43-CTr/TU`` and ``154 /KH- UBND`` equals ``154/KH-UBND``; a hyphen dropped by PDF conversion
(``5556/QĐBYT``) is *not* forgiven: the loader must restore it.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from loaders.registry import registry
from ontology.records import DocumentRecord, Extraction, ReferenceRecord, Relation, Role

DEFAULT_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "real-dev"
PARENT_RELATIONS = frozenset({Relation.IMPLEMENTS, Relation.BASED_ON, Relation.CONTINUES, Relation.AMENDS})
# The kind as printed (expected.json) → the loader's kind code.
KIND_CODES = {"nghị quyết": "NQ", "quyết định": "QĐ", "kế hoạch": "KH", "chương trình": "CTr",
              "chỉ thị": "CT", "kết luận": "KL", "công văn": "CV", "báo cáo": "BC", "thông báo": "TB",
              "nghị định": "NĐ", "thông tư": "TT", "hướng dẫn": "HD", "tờ trình": "TTr"}
FIELDS = ("kind", "number", "date", "province")


def fold(text: str) -> str:
    """Lower case without diacritics (Đ → d), whitespace collapsed: for comparing names."""
    text = unicodedata.normalize("NFC", text).replace("Ð", "Đ").replace("Đ", "D").replace("đ", "d")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return " ".join(text.lower().split())


def symbol_key(symbol: str) -> str:
    """The comparable form of a symbol: capitals, no spaces, Đ as D, dashes and slashes alike.

    ``11/NQ-TU`` (a Party resolution printed in the State's form) and ``11-NQ/TU`` are one symbol;
    the order of number, kind and issuer is kept, so different documents stay different.
    """
    text = fold(symbol).upper().replace(" ", "")
    return re.sub(r"[-–—/]+", "/", text)


def province_key(name: str) -> str:
    """A province name without its administrative word ("tỉnh Vĩnh Long" → "vinh long")."""
    return re.sub(r"^(?:tinh|thanh pho|tp\.?)\s+", "", fold(name))


def document_symbol(doc: DocumentRecord | ReferenceRecord) -> str | None:
    """The symbol the record carries, or one composed from number, kind and issuer code."""
    if doc.symbol:
        return doc.symbol
    if not doc.number or doc.kind == "UNKNOWN" or doc.issuer_code == "UNKNOWN":
        return None
    if doc.issuer_code in {"TW", "TU", "ĐU", "BCSĐ", "HU", "QU"}:
        return f"{doc.number}-{doc.kind}/{doc.issuer_code}"
    return f"{doc.number}/{doc.kind}-{doc.issuer_code}"


@dataclass
class Reading:
    """What the scorer takes from one extraction (None when the file was refused)."""

    kind: str | None = None
    number: str | None = None
    date: str | None = None
    province: str | None = None
    parents: set[str] = field(default_factory=set)
    tasks: list[tuple[str, list[str], set[str]]] = field(default_factory=list)  # (folded text, hosts, host keys)
    refused: str | None = None


def reading_of(extraction: Extraction) -> Reading:
    doc = extraction.document
    parents = {symbol_key(s) for r in extraction.references
               if r.subject == doc.id and r.relation in PARENT_RELATIONS and (s := document_symbol(r))}
    tasks = [(fold(t.text), [fold(h) for h in t.host],
              {a.agency.id.split(".")[0] for a in t.assignments if a.role is Role.HOST}) for t in extraction.tasks]
    symbol = document_symbol(doc)
    return Reading(kind=None if doc.kind == "UNKNOWN" else doc.kind,
                   number=symbol_key(symbol) if symbol else None,
                   date=doc.date.isoformat() if doc.date else None,
                   province=province_key(doc.province) if doc.province else None,
                   parents=parents, tasks=tasks)


def expected_value(name: str, truth: dict[str, object]) -> str | None:
    value = truth.get(name)
    if value is None:
        return None
    text = str(value)
    if name == "kind":
        return KIND_CODES.get(text.lower(), text)
    if name == "number":
        return symbol_key(text)
    if name == "province":
        return province_key(text)
    return text


@dataclass
class Tally:
    """Counts for one field: right, given (predicted) and stated (expected)."""

    right: int = 0
    given: int = 0
    stated: int = 0
    invented: int = 0

    def as_dict(self) -> dict[str, float | int]:
        p = self.right / self.given if self.given else 1.0
        r = self.right / self.stated if self.stated else 1.0
        return {"precision": round(p, 4), "recall": round(r, 4), "right": self.right, "given": self.given,
                "stated": self.stated, "invented": self.invented}


def _host_right(quote: str, hosts: list[str], reading: Reading) -> bool:
    """Whether a task whose text holds the quote's opening has every expected host: a name that holds
    the other (spaces aside: a portal copy glues words, and hand-read values keep them glued), or the
    registry entry the expected name opens with. A collective host ("Ban vì sự tiến bộ phụ nữ các sở,
    ban, ngành, huyện, thị xã") is a registry group whose own name is worded otherwise."""
    head = fold(quote)[:40]
    want = [(_squeezed(h), _entry_named(h)) for h in hosts]
    for text, got, keys in reading.tasks:
        names = [_squeezed(g) for g in got]
        if head in text and all(any(w in g or g in w for g in names) or key in keys for w, key in want):
            return True
    return False


def _squeezed(name: str) -> str:
    return re.sub(r"\s+", "", fold(name))


def _entry_named(name: str) -> str | None:
    """The registry key of the body a host's name opens with (None when it opens with none)."""
    found = registry().mentions(name, None)
    return found[0].entry.key if found and found[0].start == 0 else None


def score(readings: dict[str, Reading], expected: dict[str, dict[str, object]]) -> tuple[dict[str, object], list[str]]:
    """Per-field figures and the list of disagreements (one line each)."""
    tallies = {name: Tally() for name in (*FIELDS, "parents", "hosts")}
    errors: list[str] = []
    not_parents_taken = 0
    refused: list[str] = []
    for file, truth in expected.items():
        got = readings.get(file, Reading(refused="not read"))
        if got.refused:
            refused.append(file)
            errors.append(f"[refused] {file}: {got.refused}")
        for name in FIELDS:
            want, have = expected_value(name, truth), getattr(got, name)
            t = tallies[name]
            t.stated += want is not None
            t.given += have is not None
            t.right += have is not None and have == want
            if have is not None and want is None:
                t.invented += 1
                errors.append(f"[{name} invented] {file}: {have}")
            elif have != want:
                errors.append(f"[{name}] {file}: read {have}, expected {want}")
        want_parents = {symbol_key(str(s)) for s in truth.get("parents") or []}  # type: ignore[attr-defined]
        not_parents = {symbol_key(str(s)) for s in truth.get("not_parents") or []}  # type: ignore[attr-defined]
        t = tallies["parents"]
        t.stated += len(want_parents)
        t.given += len(got.parents)
        t.right += len(got.parents & want_parents)
        for s in sorted(got.parents - want_parents):
            if s in not_parents:
                not_parents_taken += 1
                errors.append(f"[parent is not_parent] {file}: {s}")
            else:
                errors.append(f"[parent+] {file}: {s}")
        for s in sorted(want_parents - got.parents):
            errors.append(f"[parent-] {file}: {s}")
        for task in truth.get("tasks") or []:  # type: ignore[attr-defined]
            hosts = [str(h) for h in task.get("host") or []]
            if not hosts:
                continue
            h = tallies["hosts"]
            h.stated += 1
            if _host_right(str(task["quote"]), hosts, got):
                h.right += 1
                h.given += 1
            else:
                errors.append(f"[host-] {file}: {hosts} for “{str(task['quote'])[:60]}”")
    result: dict[str, object] = {"files": len(expected), "refused": len(refused)}
    result.update({name: t.as_dict() for name, t in tallies.items()})
    result["not_parents_as_parents"] = not_parents_taken
    result["invented"] = sum(tallies[n].invented for n in ("number", "date"))
    return result, errors


def load_expected(directory: Path) -> dict[str, dict[str, object]]:
    """The hand-read values per file; fails when the folder or its expected.json is missing."""
    data = json.loads((directory / "expected.json").read_text(encoding="utf-8"))
    return {name: value for name, value in data.items() if not name.startswith("_")}


def read_all(directory: Path, files: Iterable[str]) -> dict[str, Reading]:
    """The loader's reading of each file; a refused file is recorded with the reason."""
    from loaders.extract import extract_file
    from policygraph.errors import PolicyGraphError
    out: dict[str, Reading] = {}
    for name in files:
        try:
            out[name] = reading_of(extract_file(directory / name))
        except PolicyGraphError as error:
            out[name] = Reading(refused=str(error))
    return out


def run(directory: Path = DEFAULT_DIR) -> tuple[dict[str, object], list[str]]:
    expected = load_expected(directory)
    return score(read_all(directory, expected), expected)


def table(result: dict[str, object]) -> str:
    rows = [f"real-dev: {result['files']} files, {result['refused']} refused, "
            f"{result['invented']} invented numbers/dates, "
            f"{result['not_parents_as_parents']} not-parents taken as parents",
            "field       precision  recall   right/given/stated  invented"]
    for name in (*FIELDS, "parents", "hosts"):
        t = result[name]
        assert isinstance(t, dict)
        rows.append(f"{name:10}  {t['precision']:9.3f}  {t['recall']:6.3f}   "
                    f"{t['right']:>5}/{t['given']}/{t['stated']:<8}  {t['invented']}")
    return "\n".join(rows)
