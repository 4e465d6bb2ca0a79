"""Who carries a body's work after the 2025 reorganisation: succession events and the routes from a
body named in a document to whoever holds its work at a given date.

The facts are reference data (``ontology/reference/succession.csv`` for ministries and departments,
``provinces-2025.csv`` for provinces), each row with its source. Rules with ``key.*`` apply to that
department in every province. A province merged on 1/7/2025 takes its departments, People's
Committee and Council with it; for other provincial bodies and for districts the reference says
nothing, and the event says so (``status`` ``not_covered``) instead of guessing a successor.

A *route* is one path from a named body through events to a holder (or to an unknown). A body split
by function has one route per successor; which of them applies to a task depends on the task's field
(``loaders.functions``), chosen by ``routes_for_task`` with the reason kept.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

from loaders import messages
from loaders.registry import Province, registry
from ontology.records import AgencyRef, Source

SUCCESSION_FILE = "ontology/reference/succession.csv"
PROVINCES_FILE = "ontology/reference/provinces-2025.csv"
PROVINCE_MERGER = dt.date(2025, 7, 1)
PROVINCE_BASIS = "202-2025-NQ-QH15"
# Provincial bodies that become the successor province's own body when provinces merge
# (reorganisation-2025.md C: "the Sở of merged provinces are those of the successor province";
# A: the new provincial administrations operate from 1/7/2025).
FOLLOW_PROVINCE = frozenset({"department", "departments", "people_committee", "people_council"})
# The provincial police, which took drug rehabilitation from the departments (C, R33), is a
# provincial-level body of the province like them.
FOLLOW_PROVINCE_KEYS = frozenset({"cong-an"})
# Longest route followed: a cycle slipped into the reference files must not loop forever.
MAX_STEPS = 8


@dataclass(frozen=True)
class Entity:
    """An agency, group or province as a succession participant."""

    id: str
    name: str
    kind: str                          # agency | group | province
    category: str = ""
    province: str | None = None        # province id, for provincial bodies
    valid_from: dt.date | None = None


@dataclass(frozen=True)
class Event:
    id: str
    rule: str
    effective: dt.date
    predecessor: Entity
    successor: Entity | None
    legal_basis: str | None
    scope: str | None
    residual: bool
    status: str                        # verified | not_verified | not_covered
    note: str
    source: Source


@dataclass(frozen=True)
class Route:
    id: str
    origin: Entity
    steps: tuple[Event, ...]

    @property
    def scopes(self) -> tuple[str, ...]:
        return tuple(e.scope for e in self.steps if e.scope)

    @property
    def holder(self) -> Entity | None:
        return self.steps[-1].successor if self.steps else self.origin


@dataclass
class Succession:
    """Every event and route that starts from the bodies and provinces given to ``build``."""

    events: dict[str, Event] = field(default_factory=dict)
    routes: dict[str, list[Route]] = field(default_factory=dict)
    entities: dict[str, Entity] = field(default_factory=dict)


@dataclass(frozen=True)
class _Rule:
    id: str
    effective: dt.date
    legal_basis: str | None
    predecessor: str
    successor: str | None
    scope: str | None
    residual: bool
    status: str
    note: str
    source: Source


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("ontology").joinpath("reference", name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def _row_source(file: str, line: int, origin: str, statement: str) -> Source:
    """Provenance of a reference row as a sentence people read (the file and line keep the row)."""
    quote = messages.render(messages.PROVENANCE, "reference_row", file=file, line=line, source=origin,
                            statement=statement)
    return Source(file=file, line_start=line, line_end=line, quote=quote)


@cache
def _rules() -> tuple[_Rule, ...]:
    return tuple(_Rule(id=r["id"], effective=dt.date.fromisoformat(r["effective"]),
                       legal_basis=r["legal_basis"] or None, predecessor=r["predecessor"],
                       successor=r["successor"] or None, scope=r["scope"] or None,
                       residual=r["residual"] == "residual", status=r["status"], note=r["note_vi"],
                       source=_row_source(SUCCESSION_FILE, n, r["source"], r["note_vi"]))
                 for n, r in enumerate(_rows("succession.csv"), start=2))


@dataclass(frozen=True)
class _ProvinceRow:
    successor: Province | None
    source: Source


@cache
def _province_rows() -> dict[str, _ProvinceRow]:
    out = {}
    for n, r in enumerate(_rows("provinces-2025.csv"), start=2):
        successor = Province(id=r["successor"], name=r["successor_name"], unit_type=r["successor_unit_type"]) \
            if r["successor"] else None
        known = registry().provinces.get(r["id"])
        name = known.full_name if known else r["id"]
        statement = (messages.render(messages.NOTES, "province_part_of", name=name, successor=successor.full_name)
                     if successor else messages.render(messages.NOTES, "province_unchanged", name=name))
        out[r["id"]] = _ProvinceRow(successor, _row_source(PROVINCES_FILE, n, r["source"], statement))
    return out


def province_entity(province: Province, valid_from: dt.date | None = None) -> Entity:
    return Entity(id=province.id, name=province.full_name, kind="province", valid_from=valid_from)


def agency_entity(ref: AgencyRef) -> Entity:
    scope = ref.id.partition(".")[2]
    return Entity(id=ref.id, name=ref.name, kind=ref.kind.value, category=ref.category, province=scope or None)


def _scoped(key: str, province: Province | None, valid_from: dt.date | None = None) -> Entity:
    """The body ``key`` of ``province`` (or the central body ``key``)."""
    entry = registry().agencies[key]
    ref = entry.ref(province)
    return Entity(id=ref.id, name=ref.name, kind=entry.kind.value, category=entry.category,
                  province=province.id if province else None, valid_from=valid_from)


def _province(pid: str) -> Province | None:
    known = registry().provinces.get(pid)
    if known:
        return known
    row = next((r for r in _province_rows().values() if r.successor and r.successor.id == pid), None)
    return row.successor if row else None


class _Builder:
    def __init__(self) -> None:
        self.out = Succession()

    def event(self, rule: str, effective: dt.date, predecessor: Entity, successor: Entity | None,
              basis: str | None, scope: str | None, residual: bool, status: str, note: str,
              source: Source) -> Event:
        e = Event(id=f"{rule}/{predecessor.id}", rule=rule, effective=effective, predecessor=predecessor,
                  successor=successor, legal_basis=basis, scope=scope, residual=residual, status=status,
                  note=note, source=source)
        self.out.events[e.id] = e
        return e

    def next_events(self, entity: Entity) -> list[Event]:
        """The events that end ``entity`` (one date; several events when it was split)."""
        if entity.kind == "province":
            return self._province_events(entity)
        ministerial = [r for r in _rules() if self._applies(r, entity)]
        if ministerial:
            return [self._from_rule(r, entity) for r in ministerial]
        return self._merger_events(entity)

    @staticmethod
    def _applies(rule: _Rule, entity: Entity) -> bool:
        key, _, _ = entity.id.partition(".")
        if rule.predecessor.endswith(".*"):
            return entity.province is not None and rule.predecessor[:-2] == key
        return rule.predecessor == entity.id

    def _from_rule(self, rule: _Rule, entity: Entity) -> Event:
        successor = None
        if rule.successor:
            key = rule.successor.removesuffix(".*")
            province = _province(entity.province) if rule.successor.endswith(".*") and entity.province else None
            successor = _scoped(key, province)
        return self.event(rule.id, rule.effective, entity, successor, rule.legal_basis, rule.scope, rule.residual,
                          rule.status, rule.note, rule.source)

    def _province_events(self, entity: Entity) -> list[Event]:
        row = _province_rows().get(entity.id)
        if entity.valid_from is not None:   # already a post-merger province
            return []
        if row is None:
            note = messages.render(messages.NOTES, "province_not_covered", name=entity.name)
            return [self.event("province-2025", PROVINCE_MERGER, entity, None, PROVINCE_BASIS, None, False,
                               "not_covered", note,
                               Source(file=PROVINCES_FILE, line_start=1, line_end=1, quote=messages.render(
                                   messages.PROVENANCE, "reference_missing", file=PROVINCES_FILE,
                                   name=entity.name)))]
        if row.successor is None:
            return []
        successor = province_entity(row.successor, PROVINCE_MERGER)
        return [self.event("province-2025", PROVINCE_MERGER, entity, successor, PROVINCE_BASIS, None, False,
                           "verified", messages.render(messages.NOTES, "province_part_of", name=entity.name,
                                                       successor=row.successor.full_name),
                           row.source)]

    def _merger_events(self, entity: Entity) -> list[Event]:
        """A provincial body when its province merged on 1/7/2025."""
        if entity.province is None or entity.valid_from is not None:
            return []
        row = _province_rows().get(entity.province)
        if row is None or row.successor is None:
            return []
        key = entity.id.partition(".")[0]
        if entity.category in FOLLOW_PROVINCE or key in FOLLOW_PROVINCE_KEYS:
            successor = _scoped(key, row.successor, PROVINCE_MERGER)
            return [self.event("province-2025", PROVINCE_MERGER, entity, successor, PROVINCE_BASIS, None, False,
                               "verified", messages.render(messages.NOTES, "body_follows_province",
                                                           name=entity.name, successor=successor.name),
                               row.source)]
        if entity.category == "district":
            note = messages.render(messages.NOTES, "district_abolished")
        else:
            note = messages.render(messages.NOTES, "body_not_covered", name=entity.name,
                                   successor=row.successor.full_name)
        return [self.event("province-2025", PROVINCE_MERGER, entity, None, PROVINCE_BASIS, None, False,
                           "not_covered", note, row.source)]

    def routes(self, origin: Entity) -> list[Route]:
        found: list[Route] = []

        def walk(entity: Entity, steps: tuple[Event, ...]) -> None:
            events = self.next_events(entity) if len(steps) < MAX_STEPS else []
            if not events:
                if steps:
                    found.append(Route(id=f"{origin.id}~{'+'.join(e.rule for e in steps)}", origin=origin,
                                       steps=steps))
                return
            for e in events:
                if e.successor is None:
                    ended = (*steps, e)
                    found.append(Route(id=f"{origin.id}~{'+'.join(x.rule for x in ended)}", origin=origin,
                                       steps=ended))
                else:
                    self.out.entities.setdefault(e.successor.id, e.successor)
                    walk(e.successor, (*steps, e))

        walk(origin, ())
        return found


def build(agencies: Iterable[AgencyRef], provinces: Iterable[Province]) -> Succession:
    """Events and routes from every named body and every province documents belong to."""
    out = Succession()
    origins = [agency_entity(a) for a in agencies] + [province_entity(p) for p in provinces]
    for origin in sorted({o.id: o for o in origins}.values(), key=lambda o: o.id):
        walked = _walked(origin)
        for entity_id, entity in walked.entities.items():
            out.entities.setdefault(entity_id, entity)
        out.events.update(walked.events)
        out.routes[origin.id] = list(walked.routes[origin.id])
    return out


@lru_cache(maxsize=65_536)
def _walked(origin: Entity) -> Succession:
    """What one origin's walk meets: its routes, and the events and bodies on them. A function of
    the origin and the reference files alone, so a change that builds the succession before and
    after it walks each body once."""
    b = _Builder()
    b.out.entities[origin.id] = origin
    b.out.routes[origin.id] = b.routes(origin)
    return b.out


@dataclass(frozen=True)
class Choice:
    route: Route
    reason: str         # matched | residual | unclassified | unmatched | whole


def routes_for_task(routes: list[Route], task_scopes: set[str]) -> list[Choice]:
    """The routes a task's assignment follows: at a split, the successors whose field the task
    belongs to; the residual successor for what no other took; every successor, marked as such,
    when the task's field is unknown or taken by none."""
    chosen: list[Choice] = []
    for r in routes:
        split = [e for e in r.steps if e.scope or e.residual]
        if not split:
            chosen.append(Choice(r, "whole"))
            continue
        reasons = [_split_reason(e, routes, task_scopes) for e in split]
        if all(reasons):
            chosen.append(Choice(r, reasons[-1]))  # type: ignore[arg-type]
    return chosen


def _split_reason(step: Event, routes: list[Route], task_scopes: set[str]) -> str | None:
    siblings = {e.id: e for r in routes for e in r.steps if e.predecessor.id == step.predecessor.id
                and e.effective == step.effective}.values()
    taken = {e.scope for e in siblings if e.scope}
    if step.scope and step.scope in task_scopes:
        return "matched"
    matched = task_scopes & taken
    has_residual = any(e.residual for e in siblings)
    if step.residual and (not task_scopes or task_scopes - taken):
        return "residual"
    if not matched and not has_residual:
        return "unclassified" if not task_scopes else "unmatched"
    return None
