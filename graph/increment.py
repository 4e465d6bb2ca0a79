"""A change of a few documents as the quads it removes from the store and the quads it adds.

A full build writes every quad from every record. A change computes the same graph from less:

* the documents it adds, replaces or removes, and the documents whose records it re-resolves (a
  citation of theirs now joins another id, or a warning about one appears) or whose assignments'
  succession routes it changes, are written again from their records, before and after;
* the graphs every document shares (derived facts, succession) are written before and after from
  the footprints of all documents (graph/footprint.py), a small part of the records;
* what differs between before and after is the change; everything else stays as it is.

So the generation it gives holds the quads a full build from the same files gives (tests compare
the two stores' fingerprints), while its cost is that of the documents it rewrites plus the
shared graphs, not that of the corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from graph.footprint import Footprint
from graph.rdf import (
    DERIVED_GRAPH,
    NQuadsLines,
    Router,
    add_derived,
    add_extraction,
    add_reference,
    add_succession,
    document_iri,
    known_documents,
)
from loaders.identity import Resolution, resolution
from loaders.registry import Registry, registry
from ontology.namespace import PG
from ontology.records import Extraction

# The quads that place a node in the word index (graph/textindex.py): its kind and its folded text.
_INDEXED = frozenset({str(PG.textFolded), "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"})


@dataclass
class Increment:
    """One change, ready to be written into a copy of the current generation (``GraphStore.write_change``)."""

    # the records the change writes (by document id; None: the document is removed), as read from files
    records: dict[str, Extraction | None]
    # the footprints of every document after the change, as read from files
    footprints: list[Footprint]
    # the resolved records of the documents written again, after the change (what SHACL checks)
    rewritten: list[Extraction] = field(default_factory=list)
    # the resolved footprints after the change (the shared graphs SHACL checks them against)
    resolved: list[Footprint] = field(default_factory=list)
    removed: set[str] = field(default_factory=set)
    added: set[str] = field(default_factory=set)
    # what SHACL checks the rewritten documents against, in place of every derived fact: the
    # derived facts they and the change reach, and the identities of the loaded documents among them
    context: list[str] = field(default_factory=list)

    def apply(self, store: ox.Store) -> set[str]:
        """Write the change into ``store``; the IRIs of the nodes whose kind or folded text it touched."""
        gone, new = _quads(self.removed), _quads(self.added)
        for quad in gone:
            store.remove(quad)
        store.extend(new)
        return {q.subject.value for q in (*gone, *new)
                if isinstance(q.subject, ox.NamedNode) and q.predicate.value in _INDEXED}

    def net(self) -> int:
        """Every quad it removes is in the store and none it adds is (both are differences between
        the store's graph before and after), so the count moves by exactly this."""
        return len(self.added) - len(self.removed)

    def nodes(self) -> set[str]:
        """The IRIs of every node that a quad the change writes or removes names, as subject or
        object: the nodes (and, through them, the relationships) a Neo4j sync sends again."""
        return _nodes_of(self.removed) | _nodes_of(self.added)


def _nodes_of(lines: Iterable[str]) -> set[str]:
    return {node for line in lines for node in (_subject(line), _object(line)) if node}


def _quads(lines: Iterable[str]) -> list[ox.Quad]:
    return list(ox.parse(input="".join(lines).encode("utf-8"), format=ox.RdfFormat.N_QUADS))


def plan(stored: list[Footprint], incoming: dict[str, Extraction | None], read: Callable[[str], Extraction],
         reg: Registry | None = None) -> Increment:
    """The increment that takes a store built from the documents of ``stored`` to one built from
    them with ``incoming`` applied (a record to add or replace, None to remove); ``read`` gives the
    stored record of a document by id, for those written again."""
    reg = reg or registry()
    before = {fp.document.id: fp for fp in stored}
    after = dict(before)
    for doc_id, ex in incoming.items():
        if ex is None:
            after.pop(doc_id, None)
        else:
            after[doc_id] = Footprint.of(ex)
    old_ids, new_ids = _resolution(before), _resolution(after)
    rewritten = set(incoming) | {doc_id for doc_id in before.keys() & after.keys()
                                 if old_ids.bearing(before[doc_id]) != new_ids.bearing(after[doc_id])}
    records = {doc_id: incoming.get(doc_id) or read(doc_id) for doc_id in rewritten if doc_id in after}
    resolved = {doc_id: new_ids.apply(ex) for doc_id, ex in records.items()}
    after.update({doc_id: Footprint.of(ex, resolved[doc_id]) for doc_id, ex in records.items()})
    old, new = _Shared(before, reg), _Shared(after, reg)
    for doc_id in _rerouted(old, new, before.keys() & after.keys()) - rewritten:
        rewritten.add(doc_id)
        resolved[doc_id] = new_ids.apply(read(doc_id))
    old_lines, new_lines, own_lines = set(old.lines), set(new.lines), set[str]()
    for doc_id in sorted(rewritten):
        if doc_id in before:
            old.write(old_ids.apply(read(doc_id)), old_lines)
        if doc_id in resolved:
            new.write(resolved[doc_id], own_lines)
    new_lines |= own_lines
    changed = [resolved[k] for k in sorted(resolved)]
    return Increment(records=dict(incoming), footprints=[after[k] for k in sorted(after)],
                     rewritten=changed, resolved=new.footprints,
                     removed=old_lines - new_lines, added=new_lines - old_lines,
                     context=new.context(changed, own_lines, old.lines ^ new.lines))


def _resolution(footprints: dict[str, Footprint]) -> Resolution:
    return resolution(list(footprints.values()))


class _Shared:
    """The graphs every document shares, for one set of footprints (before or after the change),
    and what writes one document's own quads alongside them."""

    def __init__(self, footprints: dict[str, Footprint], reg: Registry) -> None:
        self.reg = reg
        self.footprints = [footprints[k].shared() for k in sorted(footprints)]
        sink = NQuadsLines()
        self.router: Router = add_succession(sink, self.footprints, reg)
        add_derived(sink, self.footprints, reg)
        self.lines = sink.lines
        self.agencies = {fp.document.id: {a.id for a in fp.agencies} for fp in self.footprints}

    def context(self, changed: list[Extraction], own: set[str], moved: set[str]) -> list[str]:
        """The derived facts about every node that the changed documents' own quads or the
        reference graph point to, or that the change moved a shared fact of, and about every node
        those facts point to in turn;
        then the identity of each loaded document among those nodes. Every node SHACL meets in
        them is described as a full check would describe it."""
        about: dict[str, list[str]] = {}
        for line in self.lines:
            if line.endswith(_DERIVED):
                about.setdefault(_subject(line), []).append(line)
        seen: set[str] = set()
        todo = [node for line in own if (node := _object(line))]
        reference = NQuadsLines()
        add_reference(reference, self.reg)  # always checked whole, so what it reaches is needed too
        todo += [node for line in (*moved, *reference.lines) for node in (_subject(line), _object(line)) if node]
        context: list[str] = []
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            for line in about.get(node, ()):
                context.append(line)
                if (target := _object(line)) and target not in seen:
                    todo.append(target)
        sink = NQuadsLines()
        known_documents(sink, changed, (fp for fp in self.footprints if str(document_iri(fp.document.id)) in seen))
        return context + sorted(sink.lines)

    def write(self, ex: Extraction, lines: set[str]) -> None:
        """A document's own graph and its assignments' routes, as lines added to ``lines``."""
        sink = NQuadsLines(lines)
        add_extraction(sink, ex, self.reg)
        self.router(ex, into=sink)


def _rerouted(old: _Shared, new: _Shared, present: Iterable[str]) -> set[str]:
    """The documents present before and after whose assignments' succession routes the change
    changes (a body's routes depend on which bodies and provinces the documents name)."""
    moved = {agency for agency in old.router.routes.keys() | new.router.routes.keys()
             if old.router.routes.get(agency) != new.router.routes.get(agency)}
    return {doc_id for doc_id in present if new.agencies[doc_id] & moved} if moved else set()


_DERIVED = f"<{DERIVED_GRAPH}> .\n"


def _subject(line: str) -> str:
    return line[1:line.index(">")]


def _object(line: str) -> str | None:
    """The IRI a line's object is, or None for a literal."""
    predicate_end = line.index("> <", 1) + 3
    start = line.index("> ", predicate_end) + 2
    if line[start] != "<":
        return None
    return line[start + 1:line.index(">", start)]
