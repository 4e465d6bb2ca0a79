"""How well the loader reads the corpus, measured against an independent hand annotation.

    python -m bench.accuracy --hand [DIR] [--errors]

``DIR`` (default ``tests/data/annotation``) holds one JSON file per corpus file, made by reading the
raw text (format and conventions: ``tests/data/annotation/README.md``). The loader's targets and tasks
are matched one-to-one to the annotated ones by overlapping line spans; then the fields are compared:
a target's value, year and comparator; a task's hosts (as a set), coordinators and deadline.

Names are compared through keys, not spellings: a name resolves to the agency registry's entry when
the registry reads it as exactly one agency or group (``loaders.registry``, read-only), and otherwise
to its diacritic-folded words less a trailing province scope. The loader's agencies are keyed by
their registry id without the province scope, since every name in one document shares its province.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from loaders.registry import registry
from loaders.text import fold
from ontology.records import Extraction, Role, TargetRecord, TaskRecord

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / "tests" / "data" / "annotation"
DEFAULT_CORPUS = ROOT / "corpus"

# Words a name may carry after the agency itself without naming another body: its province scope
# ("Bảo hiểm xã hội tỉnh", "Sở Y tế thành phố Hải Phòng", "các đoàn thể trong tỉnh").
SCOPE_WORDS = frozenset({"tinh", "thanh", "pho", "trong"})
# How close a loader's value must be to the annotated one (the text prints at most 3 decimals).
VALUE_TOLERANCE = 1e-6
# A share can be read as a fraction or a percentage ("giảm 4/5" = 0.8 = 80 %): the same value.
VALUE_SCALES = (1.0, 100.0, 0.01)
# The least share of the annotated indicator's words a loader's target must carry to be matched on
# words alone, when its value differs (e.g. the loader read "75,1" as 751: found, value wrong).
INDICATOR_OVERLAP = 0.5
# A loader's indicator name also counts as naming the annotated indicator when this share of its own
# words (less the generic "tỷ lệ", "số") is in the annotated indicator or quote: a short canonical name
# ("Tỷ lệ thất nghiệp khu vực thành thị") for a long printed one ("tỷ lệ lao động không có việc làm ở
# khu vực thành thị"); a name from another indicator ("Tỷ lệ đi học đúng độ tuổi" for "trẻ mẫu giáo
# trong độ tuổi đến trường") shares less.
NAME_OVERLAP = 0.6
GENERIC_WORDS = frozenset({"ty", "ti", "le", "so"})
_WORD = re.compile(r"[a-z0-9]+")
# Abbreviations an indicator name may use for words the text spells out (folded), so "Tỷ lệ dân số
# tham gia BHYT" names the same indicator as "dân số tham gia bảo hiểm y tế".
ABBREVIATIONS = {"bhxh": "bao hiem xa hoi", "bhyt": "bao hiem y te", "bhtn": "bao hiem that nghiep",
                 "atvsld": "an toan ve sinh lao dong", "ctxh": "cong tac xa hoi", "nosxh": "nha o xa hoi"}


# -- the annotation ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class HandTarget:
    first: int
    last: int
    quote: str
    indicator: str
    comparator: str
    value: float
    value_max: float | None
    unit: str
    year: int | None
    base_year: int | None


@dataclass(frozen=True)
class HandTask:
    first: int
    last: int
    quote: str
    host: tuple[str, ...]
    host_inherited: bool
    coordinators: tuple[str, ...]
    deciders: tuple[str, ...]
    directors: tuple[str, ...]
    deadline: str | None
    restates: str | None


@dataclass(frozen=True)
class Annotation:
    file: str
    targets: tuple[HandTarget, ...]
    past_results: tuple[tuple[int, int, str], ...]
    tasks: tuple[HandTask, ...]


def _span(item: Mapping[str, object]) -> tuple[int, int]:
    lines = item["lines"]
    if not isinstance(lines, list) or len(lines) != 2:
        raise ValueError(f"'lines' must be [first, last]: {item}")
    first, last = int(lines[0]), int(lines[1])
    if not 1 <= first <= last:
        raise ValueError(f"bad line span {lines}: {item}")
    return first, last


def _opt_float(value: object) -> float | None:
    return None if value is None else float(str(value))


def _opt_int(value: object) -> int | None:
    return None if value is None else int(str(value))


def _names(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def parse_annotation(data: Mapping[str, object]) -> Annotation:
    """An annotation from its JSON form; raises ``ValueError`` on a malformed entry."""
    targets = tuple(HandTarget(*_span(t), str(t["quote"]), str(t["indicator"]), str(t["comparator"]),
                               float(str(t["value"])), _opt_float(t.get("value_max")), str(t.get("unit", "")),
                               _opt_int(t.get("year")), _opt_int(t.get("base_year")))
                    for t in _entries(data, "targets"))
    past = tuple((*_span(p), str(p.get("quote", ""))) for p in _entries(data, "past_results"))
    tasks = tuple(HandTask(*_span(t), str(t["quote"]), _names(t.get("host")), bool(t.get("host_inherited")),
                           _names(t.get("coordinators")), _names(t.get("deciders")), _names(t.get("directors")),
                           None if t.get("deadline") is None else str(t["deadline"]),
                           None if t.get("restates") is None else str(t["restates"]))
                  for t in _entries(data, "tasks"))
    return Annotation(str(data["file"]), targets, past, tasks)


def _entries(data: Mapping[str, object], key: str) -> list[Mapping[str, object]]:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise ValueError(f"'{key}' must be a list")
    return value


def load_annotations(directory: Path) -> dict[str, Annotation]:
    """Every annotation in ``directory`` (``*.json``), by corpus file name."""
    out: dict[str, Annotation] = {}
    for path in sorted(directory.glob("*.json")):
        annotation = parse_annotation(json.loads(path.read_text(encoding="utf-8")))
        out[annotation.file] = annotation
    return out


def quote_problems(annotation: Annotation, text: str) -> list[str]:
    """Entries whose quote is not in their line span of ``text``, and ``restates`` quotes found in no
    other annotated task (the annotation's own checks)."""
    lines = unicodedata.normalize("NFC", text).split("\n")
    problems: list[str] = []
    spans = [(t.first, t.last, t.quote) for t in annotation.targets] + list(annotation.past_results) + [
        (t.first, t.last, t.quote) for t in annotation.tasks]
    for first, last, quote in spans:
        if last > len(lines) or unicodedata.normalize("NFC", quote) not in " ".join(lines[first - 1:last]):
            problems.append(f"{annotation.file}:{first}-{last} quote not found: {quote!r}")
    for t in annotation.tasks:
        if t.restates is not None and not any(
                b is not t and t.restates in " ".join(lines[b.first - 1:b.last]) for b in annotation.tasks):
            problems.append(f"{annotation.file}:{t.first} restates no annotated task: {t.restates!r}")
    return problems


# -- names ------------------------------------------------------------------------------------------


def name_key(name: str) -> str:
    """A comparable key for an agency name as printed: the registry entry it names, or its words."""
    reg = registry()
    mentions = reg.mentions(name, None)
    if len(mentions) == 1:
        m = mentions[0]
        rest = _word_list(name[:m.start] + " " + name[m.end:])
        if all(w in SCOPE_WORDS for w in rest) or _is_province(rest):
            return m.entry.key
    words = _word_list(name)
    while words and (words[-1] in SCOPE_WORDS or _is_province(words[-1:])):
        words.pop()
    return "text:" + " ".join(words)


def _is_province(words: Sequence[str]) -> bool:
    """Whether ``words`` (folded) are a province's name, with or without its unit word."""
    rest = [w for w in words if w not in SCOPE_WORDS]
    return bool(rest) and registry().province_named(" ".join(rest)) is not None


def agency_key(agency_id: str) -> str:
    """The loader's agency id without its province scope (``so-y-te.ha-nam`` → ``so-y-te``)."""
    return agency_id.split(".", 1)[0]


# -- matching ---------------------------------------------------------------------------------------


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]) + 1)


def _same_value(a: float, b: float) -> bool:
    return any(abs(a * scale - b) <= VALUE_TOLERANCE * max(1.0, abs(b)) for scale in VALUE_SCALES)


def _word_list(text: str) -> list[str]:
    """The folded words of a text, punctuation dropped."""
    return _WORD.findall(fold(text))


def _words(text: str) -> set[str]:
    return {w for word in _word_list(text) for w in ABBREVIATIONS.get(word, word).split()}


def _indicator_overlap(hand: HandTarget, got: TargetRecord, with_text: bool = True) -> float:
    """Share of the annotated indicator's words in the loader's indicator name (and its text)."""
    want = _words(hand.indicator)
    have = _words(got.indicator) | (_words(got.text) if with_text else set())
    return len(want & have) / len(want) if want else 0.0


def _names_indicator(hand: HandTarget, got: TargetRecord) -> bool:
    """Whether the loader's indicator name names the annotated indicator (see NAME_OVERLAP)."""
    if _indicator_overlap(hand, got, with_text=False) >= INDICATOR_OVERLAP:
        return True
    name = _words(got.indicator) - GENERIC_WORDS
    shared = name & (_words(hand.indicator) | _words(hand.quote))
    return bool(name) and len(shared) / len(name) >= NAME_OVERLAP


def _target_pairs(hand: Sequence[HandTarget], got: Sequence[TargetRecord]) -> dict[int, int]:
    """Annotated target index → loader target index, one-to-one, best evidence first: the loader's
    indicator name, then the value, then the words of its indicator and text."""
    scored: list[tuple[float, int, int]] = []
    for i, h in enumerate(hand):
        for j, g in enumerate(got):
            if not _overlap((h.first, h.last), (g.source.line_start, g.source.line_end)):
                continue
            words = _indicator_overlap(h, g)
            value = _same_value(g.value, h.value)
            if value or words >= INDICATOR_OVERLAP:
                # The indicator's name decides first: a value read under the wrong indicator is that
                # indicator's value wrong, not another indicator found.
                scored.append((2.0 * _names_indicator(h, g) + float(value) + words, i, j))
    return _assign(scored)


def _assign(scored: list[tuple[float, int, int]]) -> dict[int, int]:
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _, i, j in sorted(scored, key=lambda s: (-s[0], s[1], s[2])):
        if i not in pairs and j not in used:
            pairs[i] = j
            used.add(j)
    return pairs


def _task_pairs(hand: Sequence[HandTask], got: Sequence[TaskRecord]) -> dict[int, int]:
    """Annotated task index → loader task index, one-to-one: most shared lines, then nearest start."""
    scored: list[tuple[float, int, int]] = []
    for i, h in enumerate(hand):
        for j, g in enumerate(got):
            shared = _overlap((h.first, h.last), (g.source.line_start, g.source.line_end))
            if shared:
                scored.append((shared - abs(h.first - g.source.line_start) / 1000, i, j))
    return _assign(scored)


# -- scoring ----------------------------------------------------------------------------------------


@dataclass
class _Tally:
    """Counts summed over files, and the disagreements behind them."""

    counts: dict[str, int]
    errors: list[str]

    def add(self, key: str, n: int = 1) -> None:
        self.counts[key] = self.counts.get(key, 0) + n

    def miss(self, kind: str, message: str) -> None:
        self.errors.append(f"[{kind}] {message}")


def _roles(task: TaskRecord, role: Role) -> frozenset[str]:
    return frozenset(agency_key(a.agency.id) for a in task.assignments if a.role is role)


def _keys(names: Iterable[str]) -> frozenset[str]:
    return frozenset(name_key(n) for n in names)


def _unit_parts(unit: str) -> tuple[str, str]:
    """A unit as its first word and its base: "giường bệnh/10.000 dân" → ("giuong", "10000dan"), so
    the printed counter ("căn", "căn hộ") and the spelling of m² do not decide; "%/năm" keeps its base."""
    head, _, base = fold(unit.replace("²", "2")).partition("/")
    words = _WORD.findall(head)
    return (words[0] if words else head.strip()), "".join(_WORD.findall(base))


def same_unit(want: str, got: str) -> bool:
    return _unit_parts(want) == _unit_parts(got)


def _same_deadline(want: str, got: str | None) -> bool:
    if got is None:
        return False
    a, b = " ".join(sorted(_words(want))), " ".join(sorted(_words(got)))
    return a == b or _words(want) <= _words(got) or _words(got) <= _words(want)


def _score_targets(ann: Annotation, got: Sequence[TargetRecord], tally: _Tally) -> None:
    pairs = _target_pairs(ann.targets, got)
    tally.add("targets_annotated", len(ann.targets))
    tally.add("targets_extracted", len(got))
    tally.add("targets_found", len(pairs))
    for i, h in enumerate(ann.targets):
        where = f"{ann.file}:{h.first}"
        if i not in pairs:
            tally.miss("target-", f"{where} {h.indicator} {h.comparator} {h.value:g} {h.unit} {h.year} | {h.quote}")
            continue
        g = got[pairs[i]]
        value_ok = _same_value(g.value, h.value) and (
            (g.value_max is None and h.value_max is None)
            or (g.value_max is not None and h.value_max is not None and _same_value(g.value_max, h.value_max)))
        if value_ok and g.year == h.year:
            tally.add("targets_value_year_right")
        else:
            tally.miss("target-value", f"{where} want {h.value:g}..{h.value_max} ({h.year}), "
                                       f"got {g.value:g}..{g.value_max} ({g.year}) | {h.quote}")
        if g.comparator.value == h.comparator:
            tally.add("targets_comparator_right")
        else:
            tally.miss("target-comparator", f"{where} want {h.comparator}, got {g.comparator.value} | {h.quote}")
        if same_unit(h.unit, g.unit):
            tally.add("targets_unit_right")
        if _names_indicator(h, g):
            tally.add("targets_indicator_right")
        else:
            tally.miss("target-indicator", f"{where} want {h.indicator!r}, got {g.indicator!r}")
    for g, span in _unmatched(got, pairs):
        past = any(_overlap(span, (p[0], p[1])) for p in ann.past_results)
        tally.add("targets_from_past_results" if past else "targets_spurious")
        tally.miss("target+past" if past else "target+",
                   f"{ann.file}:{span[0]} {g.indicator} {g.comparator.value} {g.value:g} {g.unit} {g.year}")


Read = TypeVar("Read", TargetRecord, TaskRecord)


def _unmatched(got: Sequence[Read], pairs: Mapping[int, int]) -> Iterator[tuple[Read, tuple[int, int]]]:
    """The loader's readings no annotated item was matched to, with their line spans."""
    matched = set(pairs.values())
    for j, g in enumerate(got):
        if j not in matched:
            yield g, (g.source.line_start, g.source.line_end)


def _score_tasks(ann: Annotation, got: Sequence[TaskRecord], tally: _Tally) -> dict[int, int]:
    """Tally the tasks of one file; the pairs annotated index → loader index it matched."""
    pairs = _task_pairs(ann.tasks, got)
    tally.add("tasks_annotated", len(ann.tasks))
    tally.add("tasks_extracted", len(got))
    tally.add("tasks_found", len(pairs))
    for i, h in enumerate(ann.tasks):
        kind = "inherited" if h.host_inherited else ("named" if h.host else "none")
        tally.add(f"tasks_host_{kind}")
        where = f"{ann.file}:{h.first}"
        if i not in pairs:
            merged = any(_overlap((h.first, h.last), (got[j].source.line_start, got[j].source.line_end))
                         for j in pairs.values())
            tally.add("tasks_merged" if merged else "tasks_missed")
            tally.miss("task-merged" if merged else "task-", f"{where} host {list(h.host)} | {h.quote}")
            continue
        g = got[pairs[i]]
        tally.add(f"tasks_found_host_{kind}")
        want_host, got_host = _keys(h.host), _roles(g, Role.HOST)
        if want_host == got_host:
            tally.add("hosts_right")
            tally.add(f"hosts_right_{kind}")
        else:
            tally.miss("host", f"{where} +{sorted(got_host - want_host)} -{sorted(want_host - got_host)} | {h.quote}")
        for role, names in ((Role.COORDINATOR, h.coordinators), (Role.DECIDER, h.deciders),
                            (Role.DIRECTOR, h.directors)):
            want, have = _keys(names), _roles(g, role)
            tally.add(f"{role.value}_tp", len(want & have))
            tally.add(f"{role.value}_predicted", len(have))
            tally.add(f"{role.value}_expected", len(want))
            if want != have and role is Role.COORDINATOR:
                tally.miss(role.value, f"{where} +{sorted(have - want)} -{sorted(want - have)} | {h.quote}")
        if h.deadline is not None:
            tally.add("deadlines_annotated")
            if _same_deadline(h.deadline, g.deadline):
                tally.add("deadlines_right")
            else:
                tally.miss("deadline", f"{where} want {h.deadline!r}, got {g.deadline!r} | {h.quote}")
        elif g.deadline is not None:
            tally.add("deadlines_extra")
            tally.miss("deadline+", f"{where} got {g.deadline!r}, none in the text | {h.quote}")
    for g, span in _unmatched(got, pairs):
        split = any(_overlap(span, (h.first, h.last)) for h in ann.tasks)
        tally.add("tasks_split" if split else "tasks_spurious")
        tally.miss("task+split" if split else "task+", f"{ann.file}:{span[0]} {g.host} | {g.text[:90]}")
    return pairs


def _score_restatements(ann: Annotation, got: Sequence[TaskRecord], pairs: Mapping[int, int], lines: Sequence[str],
                        tally: _Tally) -> None:
    """Whether each annotated restatement (an appendix row or duty detailing a body provision) is one
    task in the reading: the body's task lists the restating task among its ``details``, or the
    other way round."""
    for i, t in enumerate(ann.tasks):
        if t.restates is None:
            continue
        tally.add("restatements_annotated")
        bodies = [k for k, b in enumerate(ann.tasks)
                  if k != i and t.restates in " ".join(lines[b.first - 1:b.last])]
        linked = any(i in pairs and k in pairs and _linked(got[pairs[i]], got[pairs[k]]) for k in bodies)
        if linked:
            tally.add("restatements_linked")
        else:
            tally.miss("restates", f"{ann.file}:{t.first} not linked to {t.restates!r}")


def _linked(a: TaskRecord, b: TaskRecord) -> bool:
    return a.id in getattr(b, "details", ()) or b.id in getattr(a, "details", ())


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 1.0


def _prf(tp: int, predicted: int, expected: int) -> dict[str, float | int]:
    p, r = _ratio(tp, predicted), _ratio(tp, expected)
    return {"precision": p, "recall": r, "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "tp": tp, "predicted": predicted, "expected": expected}


def figures(counts: Mapping[str, int]) -> dict[str, object]:
    """The derived figures of a set of counts (a file's or the whole corpus's)."""

    def n(key: str) -> int:
        return counts.get(key, 0)

    found_t, found_k = n("targets_found"), n("tasks_found")
    out: dict[str, object] = {
        "targets_found": _ratio(found_t, n("targets_annotated")),
        "targets_precision": _ratio(found_t, n("targets_extracted")),
        "targets_value_year_right": _ratio(n("targets_value_year_right"), found_t),
        "targets_comparator_right": _ratio(n("targets_comparator_right"), found_t),
        "targets_unit_right": _ratio(n("targets_unit_right"), found_t),
        "targets_indicator_right": _ratio(n("targets_indicator_right"), found_t),
        "targets_from_past_results": n("targets_from_past_results"),
        "targets_spurious": n("targets_spurious"),
        "tasks_found": _ratio(found_k, n("tasks_annotated")),
        "tasks_found_with_named_host": _ratio(n("tasks_found_host_named"), n("tasks_host_named")),
        "tasks_precision": _ratio(found_k, n("tasks_extracted")),
        "hosts_right": _ratio(n("hosts_right"), found_k),
        "hosts_right_named": _ratio(n("hosts_right_named"), n("tasks_found_host_named")),
        "hosts_right_inherited": _ratio(n("hosts_right_inherited"), n("tasks_found_host_inherited")),
        "hosts_right_none": _ratio(n("hosts_right_none"), n("tasks_found_host_none")),
        "deadlines_right": _ratio(n("deadlines_right"), n("deadlines_annotated")),
        "restatements_linked": _ratio(n("restatements_linked"), n("restatements_annotated")),
    }
    for role in (Role.COORDINATOR, Role.DECIDER, Role.DIRECTOR):
        out[f"{role.value}s"] = _prf(n(f"{role.value}_tp"), n(f"{role.value}_predicted"), n(f"{role.value}_expected"))
    return out


def score(extractions: Mapping[str, Extraction] | Iterable[Extraction], annotation_dir: Path = DEFAULT_DIR,
          corpus: Path = DEFAULT_CORPUS) -> dict[str, object]:
    """The loader's readings compared with the hand annotation in ``annotation_dir``.

    ``extractions``: a mapping corpus file name → ``Extraction``, or ``Extraction`` records (named by
    their source file). Only files present on both sides are scored; ``files`` lists them; ``corpus``
    holds their text (read to find the provision a ``restates`` quote names). The result holds the
    raw ``counts``, the derived ``figures`` (recall of targets and tasks, share of found items with
    each field right, coordinator/decider/director precision-recall-F1), the same per file in
    ``by_file``, and ``errors`` (every disagreement, one line each).
    """
    if not isinstance(extractions, Mapping):
        extractions = {Path(e.file.file).name: e for e in extractions}
    annotations = load_annotations(annotation_dir)
    files = sorted(annotations.keys() & extractions.keys())
    total = _Tally({}, [])
    by_file: dict[str, object] = {}
    for name in files:
        ann, ex = annotations[name], extractions[name]
        tally = _Tally({}, total.errors)
        _score_targets(ann, ex.targets, tally)
        task_pairs = _score_tasks(ann, ex.tasks, tally)
        lines = unicodedata.normalize("NFC", (corpus / name).read_text(encoding="utf-8")).split("\n")
        _score_restatements(ann, ex.tasks, task_pairs, lines, tally)
        by_file[name] = figures(tally.counts)
        for key, count in tally.counts.items():
            total.add(key, count)
    return {"files": files, "counts": dict(sorted(total.counts.items())), "figures": figures(total.counts),
            "by_file": by_file, "errors": total.errors}


def table(result: Mapping[str, object]) -> str:
    """The figures as a few readable lines."""
    c: Mapping[str, int] = result["counts"]  # type: ignore[assignment]
    f: Mapping[str, object] = result["figures"]  # type: ignore[assignment]

    def n(key: str) -> int:
        return c.get(key, 0)

    def prf(role: str) -> str:
        x: Mapping[str, float] = f[role]  # type: ignore[assignment]
        return (f"P {x['precision']:.3f} R {x['recall']:.3f} F1 {x['f1']:.3f} "
                f"({x['tp']}/{x['predicted']}/{x['expected']})")

    def share(label: str, part: str, whole: str) -> str:
        return f"{label:20}  {_ratio(n(part), n(whole)):.3f}  ({n(part)}/{n(whole)})"

    rows = [
        f"files: {', '.join(result['files'])}",  # type: ignore[arg-type]
        f"targets found         {f['targets_found']:.3f}  ({n('targets_found')}/{n('targets_annotated')} annotated; "
        f"precision {f['targets_precision']:.3f} of {n('targets_extracted')} extracted)",
        share("  value+year right", "targets_value_year_right", "targets_found"),
        share("  comparator right", "targets_comparator_right", "targets_found"),
        share("  unit right", "targets_unit_right", "targets_found"),
        share("  indicator named", "targets_indicator_right", "targets_found"),
        f"  from past results   {n('targets_from_past_results')}",
        f"  spurious            {n('targets_spurious')}",
        f"tasks found           {f['tasks_found']:.3f}  ({n('tasks_found')}/{n('tasks_annotated')} annotated; "
        f"precision {f['tasks_precision']:.3f} of {n('tasks_extracted')} extracted)",
        f"  with a named host   {f['tasks_found_with_named_host']:.3f}  "
        f"({n('tasks_found_host_named')}/{n('tasks_host_named')})",
        f"  missed {n('tasks_missed')}, merged {n('tasks_merged')}, split {n('tasks_split')}, "
        f"spurious {n('tasks_spurious')}",
        f"hosts right           {f['hosts_right']:.3f}  ({n('hosts_right')}/{n('tasks_found')}): "
        f"named {f['hosts_right_named']:.3f} ({n('hosts_right_named')}/{n('tasks_found_host_named')}), "
        f"inherited {f['hosts_right_inherited']:.3f} ({n('hosts_right_inherited')}/{n('tasks_found_host_inherited')}), "
        f"none {f['hosts_right_none']:.3f} ({n('hosts_right_none')}/{n('tasks_found_host_none')})",
        f"coordinators          {prf('coordinators')}",
        f"deciders              {prf('deciders')}",
        f"directors             {prf('directors')}",
        share("restatements linked", "restatements_linked", "restatements_annotated"),
        f"deadlines right       {f['deadlines_right']:.3f}  ({n('deadlines_right')}/{n('deadlines_annotated')}; "
        f"{n('deadlines_extra')} extracted where the text has none)",
    ]
    rows.append("per file              targets found, value+year right | tasks found, hosts right")
    by_file: Mapping[str, Mapping[str, float]] = result["by_file"]  # type: ignore[assignment]
    for name, x in by_file.items():
        rows.append(f"  {name[:20]:20}  {x['targets_found']:.3f}, {x['targets_value_year_right']:.3f}"
                    f"                  | {x['tasks_found']:.3f}, {x['hosts_right']:.3f}")
    return "\n".join(rows)


def main(annotation_dir: Path, corpus: Path = DEFAULT_CORPUS, json_out: Path | None = None,
         errors: bool = False) -> dict[str, object]:
    """Extract every annotated corpus file, score it, print the table (and the errors)."""
    from loaders.extract import extract_file

    annotations = load_annotations(annotation_dir)
    extractions: dict[str, Extraction] = {}
    for name, ann in sorted(annotations.items()):
        path = corpus / name
        for problem in quote_problems(ann, path.read_text(encoding="utf-8")):
            print("annotation:", problem)
        extractions[name] = extract_file(path)
    result = score(extractions, annotation_dir, corpus)
    print(table(result))
    if errors:
        print("\n".join(result["errors"]))  # type: ignore[arg-type]
    if json_out is not None:
        json_out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return result
