"""What a filter value names: a province, an agency, an indicator or a document, given by id or by
name as people write it ("ha-nam", "Hà Nam", "ha nam", "tỉnh Hà Nam"). One resolver per kind, all
reading names the way search does (``graph.searchterms.understand``: folded, unit words such as
"tỉnh" and "thành phố" optional, abbreviations such as "LĐTBXH" spelled out), so a filter accepts
what the search box accepts. A value that names nothing is a 404 naming the value, never an empty
list that looks like an answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, NamedTuple

from api.deps import Services
from graph.searchterms import understand
from loaders.registry import registry
from policygraph.errors import NotFound

Row = dict[str, Any]


class NameRule(NamedTuple):
    """One way a filter value names a thing; the rules are tried in order, the first that names
    something decides."""

    name: str
    reason: str
    example: str


NAME_RULES: tuple[NameRule, ...] = (
    NameRule("id", "the id the API gives (exact)", "ha-nam"),
    NameRule("name", "the name folded and read as search reads it: diacritics, case, unit words "
             "(tỉnh, thành phố, TP) and abbreviations do not matter; every body of that name "
             "(the old and the new Sở Y tế thành phố Hải Phòng both)", "tỉnh Hà Nam"),
    NameRule("words", "every word of the value in one name, in any order, when exactly one thing "
             "has such a name (a shortened name that is not ambiguous)", "Sở LĐTBXH Hà Nam"),
)


@lru_cache(maxsize=65_536)
def name_key(text: str) -> str:
    """A name as the resolvers compare it: the words search would look for, in order (cached: the
    same few hundred names are read on every filtered request)."""
    return understand(text).words


class Kind(NamedTuple):
    """What a resolver looks among: the rows of a listing, their names, and the noun the 404 uses."""

    noun: str
    names: Callable[[Row], Iterable[str | None]]


PROVINCE = Kind("tỉnh, thành phố", lambda r: (r["name"],))
AGENCY = Kind("cơ quan", lambda r: (r["name"],))
INDICATOR = Kind("chỉ tiêu", lambda r: (r["label"], r["label_en"]))


def reading(value: str, rows: list[Row], kind: Kind) -> tuple[NameRule | None, frozenset[str]]:
    """The first of NAME_RULES by which ``value`` names some of ``rows``, and their ids; no rule
    and the ids the value's words fit when none does (none, or several for a shortened name)."""
    value = value.strip()
    rule = dict((r.name, r) for r in NAME_RULES)
    if any(r["id"] == value for r in rows):
        return rule["id"], frozenset({value})
    key = name_key(value)
    keys = {r["id"]: [name_key(n) for n in kind.names(r) if n] for r in rows}
    exact = frozenset(i for i, ks in keys.items() if key in ks)
    if exact:
        return rule["name"], exact
    words = set(key.split())
    partial = frozenset(i for i, ks in keys.items() if words and any(words <= set(k.split()) for k in ks))
    return (rule["words"], partial) if len(partial) == 1 else (None, partial)


def named(value: str, rows: list[Row], kind: Kind) -> frozenset[str]:
    """The ids of the rows ``value`` names; NotFound otherwise (a Vietnamese message naming the
    value, and saying so when a shortened name fits several)."""
    rule, ids = reading(value, rows, kind)
    if rule is not None:
        return ids
    hint = f" (tên này khớp {len(ids)} {kind.noun}: hãy ghi đầy đủ tên hoặc mã)" if ids else ""
    raise NotFound(f"Không tìm thấy {kind.noun} “{value.strip()}”{hint}")


def provinces(svc: Services, value: str) -> frozenset[str]:
    """The provinces ``value`` names, by id or by name ("Hải Phòng" names the city before and after
    the 2025 merger alike)."""
    return _provinces(svc.run("province_names"), value)


def _provinces(rows: list[Row], value: str) -> frozenset[str]:
    """``provinces`` over the rows of the ``province_names`` query. A province of the reference table that
    no document names yet is still a province: filtering by it lists nothing, it is not a 404."""
    described = {r["id"] for r in rows}
    known = [{"id": p.id, "name": p.full_name} for p in registry().provinces.values() if p.id not in described]
    return named(value, [*rows, *known], PROVINCE)


def with_merged(svc: Services, value: str) -> frozenset[str]:
    """The provinces ``value`` names and every province merged into one of them (2025), at any
    remove: a document of tỉnh Hải Dương is now a document of thành phố Hải Phòng's."""
    rows = svc.run("province_names")
    into: dict[str, list[str]] = {}
    for r in rows:
        if r["succeeded_by"]:
            into.setdefault(r["succeeded_by"], []).append(r["id"])
    ids = _provinces(rows, value)
    found, todo = set(ids), list(ids)
    while todo:
        for old in into.get(todo.pop(), []):
            if old not in found:
                found.add(old)
                todo.append(old)
    return frozenset(found)


def agencies(svc: Services, value: str) -> frozenset[str]:
    """The agencies (or groups) ``value`` names, by id or by name."""
    return named(value, svc.run("agencies"), AGENCY)


def indicators(svc: Services, value: str) -> frozenset[str]:
    """The indicators ``value`` names, by id or by its Vietnamese or English label."""
    return named(value, svc.run("indicators"), INDICATOR)


def document(svc: Services, value: str) -> frozenset[str]:
    """The documents ``value`` names: its id, or its symbol as people write it ("42-NQ/TW",
    "Nghị quyết 42"), looked up as search looks it up."""
    value = value.strip()
    if svc.run("documents", id=value):
        return frozenset({value})
    symbol = understand(value).symbol
    found = frozenset(r["id"] for r in svc.run("document_by_symbol", **symbol.params())) if symbol else frozenset()
    if not found:
        raise NotFound(f"Không tìm thấy văn bản “{value}”")
    return found
