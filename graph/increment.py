"""A change of a few documents as the quads it removes from the store and the quads it adds.

A full build writes every quad from every record. A change computes the same graph from less:

* identities are resolved again only in the groups the changed documents note (graph/claims.py
  keeps every group's notes); the documents written again are the ones the change adds, replaces
  or removes, and those whose citations now resolve otherwise;
* their own quads are written before (from the stored records) and after;
* the shared graphs move only at the keys whose claims the change replaces, rendered before and
  after from the claims of the current generation (graph/claims.py);
* what differs between before and after is the change; everything else stays as it is.

So the generation it gives holds the quads a full build from the same files gives (tests compare
the two stores' fingerprints), while its cost is that of the documents it rewrites and the keys
they touch, not that of the corpus.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from graph import claims
from graph.claims import Counted, Pass, Shared
from graph.footprint import Footprint
from graph.rdf import (
    DERIVED_GRAPH,
    NQuadsLines,
    Router,
    add_extraction,
    add_reference,
    document_iri,
    known_documents,
)
from loaders import succession
from loaders.identity import Resolution, notes
from loaders.registry import Registry, registry
from ontology.namespace import PG
from ontology.records import AgencyRef, Extraction

# The quads that place a node in the word index (graph/textindex.py): its kind and its folded text.
_INDEXED = frozenset({str(PG.textFolded), "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"})


@dataclass
class Increment:
    """One change, ready to be written into a copy of the current generation (``GraphStore.write_change``)."""

    # the records the change writes (by document id; None: the document is removed), as read from files
    records: dict[str, Extraction | None]
    # the ids of every document after the change
    documents: list[str]
    # the claims the change replaces and the line counts it moves, for the next generation's claims file
    claimed: Pass
    counted: Counted
    # the resolved records of the documents written again, after the change (what SHACL checks)
    rewritten: list[Extraction] = field(default_factory=list)
    removed: set[str] = field(default_factory=set)
    added: set[str] = field(default_factory=set)
    # what SHACL checks the rewritten documents against, in place of every derived fact: the
    # derived facts they and the change reach, and the identities of the loaded documents among them
    context: list[str] = field(default_factory=list)
    # the file and document of each document the change adds or replaces (None: removed)
    entries: claims.Entries = field(default_factory=dict)

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

    def write_claims(self, current: Path, folder: Path) -> None:
        """The new generation's claims in ``folder``, from the current one's."""
        claims.update(current, folder, self.claimed, self.counted, self.entries)


def _nodes_of(lines: Iterable[str]) -> set[str]:
    return {node for line in lines for node in (_subject(line), _object(line)) if node}


def _quads(lines: Iterable[str]) -> list[ox.Quad]:
    return list(ox.parse(input="".join(lines).encode("utf-8"), format=ox.RdfFormat.N_QUADS))


def plan(shared: Shared, incoming: dict[str, Extraction | None], read: Callable[[str], Extraction],
         reg: Registry | None = None) -> Increment:
    """The increment that takes a store whose generation's claims are ``shared`` to one built
    from its documents with ``incoming`` applied (a record to add or replace, None to remove);
    ``read`` gives the stored record of a document by id, for those written again."""
    reg = reg or registry()
    p = Pass(shared, reg)
    was = {doc_id for doc_id in incoming if shared.loaded(doc_id)}
    arriving = {doc_id: ex for doc_id, ex in incoming.items() if ex is not None}

    def loaded_before(doc_id: str) -> bool:
        return doc_id in was or (doc_id not in incoming and shared.loaded(doc_id))

    def loaded_after(doc_id: str) -> bool:
        return doc_id in arriving or (doc_id not in incoming and shared.loaded(doc_id))

    read_prints = {doc_id: Footprint.of(ex) for doc_id, ex in arriving.items()}
    for doc_id, fp in read_prints.items():   # the notes first: the documents to write again follow from them
        p.replace(claims.document_source(doc_id), claims.note_claims(fp))
    for doc_id in was - arriving.keys():
        p.replace(claims.document_source(doc_id), [])
    touched = sorted({key for family, key in p.touched if family == "ident"})
    before = claims.resolutions(p, touched, loaded_before, old=True)
    after = claims.resolutions(p, touched, loaded_after, old=False)
    again = set(arriving)
    for key in touched:
        moved = _moved(before[key], after[key])
        if moved:
            again |= {source.removeprefix("doc:") for source in p.group_sources(key, moved)}
    again = {doc_id for doc_id in again if loaded_after(doc_id)}
    records = {doc_id: arriving.get(doc_id) or read(doc_id) for doc_id in sorted(again)}
    resolved = {}
    for doc_id, ex in records.items():
        resolved[doc_id] = _merged(after, p, _groups(ex), loaded_after, old=False).apply(ex)
        p.replace(claims.document_source(doc_id), claims.document_claims(read_prints.get(doc_id) or Footprint.of(ex),
                                                                          Footprint.of(resolved[doc_id]), reg))
    p.propagate()
    counted = p.counted()
    old_own, new_own = NQuadsLines(), NQuadsLines()
    rewrite = again | (was - arriving.keys()) | _rerouted(p)
    for doc_id in sorted(d for d in rewrite if loaded_before(d)):
        old = read(doc_id)
        _write_own(old_own, _merged(before, p, _groups(old), loaded_before, old=True).apply(old), p, reg, old=True)
    for doc_id in sorted(d for d in rewrite if loaded_after(d)):
        if doc_id not in resolved:
            ex = read(doc_id)
            resolved[doc_id] = _merged(after, p, _groups(ex), loaded_after, old=False).apply(ex)
        _write_own(new_own, resolved[doc_id], p, reg, old=False)
    changed = [resolved[k] for k in sorted(resolved)]
    removed = (old_own.lines - new_own.lines) | counted.removed
    added = (new_own.lines - old_own.lines) | counted.added
    entries: claims.Entries = {doc_id: (ex.file, ex.document) for doc_id, ex in arriving.items()}
    entries.update({doc_id: None for doc_id in was - arriving.keys()})
    documents = sorted((set(shared.documents()) - set(incoming)) | set(arriving))
    return Increment(records=dict(incoming), documents=documents, claimed=p, counted=counted, rewritten=changed,
                     removed=removed, added=added, entries=entries,
                     context=_context(shared, changed, new_own.lines, counted, arriving, set(incoming), reg))


def _moved(before: Resolution, after: Resolution) -> set[str]:
    """The ids one group resolves otherwise after the change (an id mapped to itself is not moved)."""
    moved = {i for i in before.mapping.keys() | after.mapping.keys()
             if before.mapping.get(i, i) != after.mapping.get(i, i)}
    for part in ("ambiguous", "conflicts"):
        old, new = getattr(before, part), getattr(after, part)
        moved |= {i for i in old.keys() | new.keys() if old.get(i) != new.get(i)}
    return moved


def _groups(ex: Extraction) -> list[str]:
    return list(dict.fromkeys(key for key, _ in notes(ex)))


def _merged(known: dict[str, Resolution], p: Pass, groups: Iterable[str], loaded: Callable[[str], bool], *,
            old: bool) -> Resolution:
    """How one document's citations resolve: its groups, from those the change resolved already
    or (unchanged by it) from the claims."""
    out = Resolution({}, {}, {})
    for key in groups:
        if key not in known:
            known[key] = claims.resolutions(p, [key], loaded, old=old)[key]
        out.merge(known[key])
    return out


def _rerouted(p: Pass) -> set[str]:
    """The documents whose assignments' succession routes the change changes: those naming a body
    whose description moved (a body's routes depend on it alone)."""
    out: set[str] = set()
    for family, key in p.touched:
        if family != "agency":
            continue
        old, new = p.named(key, old=True), p.named(key, old=False)
        if old is not None and new is not None and old != new and _routes(old) != _routes(new):
            out |= {c.source.removeprefix("doc:") for c in p.shared.claims("agency", key, exclude=False)
                    if c.rank.startswith("0") and c.source.startswith("doc:")}
    return out


def _routes(ref: AgencyRef) -> list[succession.Route]:
    entity = succession.agency_entity(ref)
    return list(succession._walked(entity).routes[entity.id])


def _write_own(sink: NQuadsLines, ex: Extraction, p: Pass, reg: Registry, *, old: bool) -> None:
    """A document's own graph and its assignments' routes."""
    add_extraction(sink, ex, reg)
    routes = {}
    for t in ex.tasks:
        for a in t.assignments:
            if a.agency.id not in routes:
                named = p.named(a.agency.id, old=old)
                routes[a.agency.id] = _routes(named) if named is not None else []
    Router(claims.succession_writer(sink, succession.SUCCESSION_FILE), routes, reg)(ex)


def _context(shared: Shared, changed: list[Extraction], own: set[str], counted: Counted,
             arriving: dict[str, Extraction], gone: set[str], reg: Registry) -> list[str]:
    """The derived facts about every node that the changed documents' own quads or the reference
    graph point to, or that the change moved a shared fact of, and about every node those facts
    point to in turn (after the change); then the identity of each loaded document among those
    nodes. Every node SHACL meets in them is described as a full check would describe it."""
    added: dict[str, list[str]] = {}
    for line in counted.added:
        if line.endswith(_DERIVED):
            added.setdefault(_subject(line), []).append(line)
    seen: set[str] = set()
    todo = [node for line in own if (node := _object(line))]
    reference = NQuadsLines()
    add_reference(reference, reg)  # always checked whole, so what it reaches is needed too
    moved = counted.removed | counted.added
    todo += [node for line in (*moved, *reference.lines) for node in (_subject(line), _object(line)) if node]
    context: list[str] = []
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for line in [*(x for x in shared.about(node) if x not in counted.removed), *added.get(node, ())]:
            context.append(line)
            if (target := _object(line)) and target not in seen:
                todo.append(target)
    sink = NQuadsLines()
    checked = {ex.document.id for ex in changed}
    prefix = str(document_iri(""))
    others = []
    for node in sorted(seen):
        doc_id = node[len(prefix):] if node.startswith(prefix) else None
        if doc_id is None or doc_id in checked or (doc_id in gone and doc_id not in arriving):
            continue
        record = arriving[doc_id].document if doc_id in arriving else shared.document(doc_id)
        if record is not None:
            others.append(record)
    known_documents(sink, changed, others)
    return context + sorted(sink.lines)


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
