"""Documents, their references and their lineage. A document is reached by its id or by its symbol
as people write it (``42-NQ/TW``, ``68/NQ-CP``): every route here that takes a document takes either,
and ``/documents/by-symbol/{symbol}`` names the symbol explicitly."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query

from api import filters
from api.deps import PagingDep, Services, ServicesDep, page_of
from api.models import (
    DocumentDetail,
    DocumentPage,
    DocumentSummary,
    DocumentWarning,
    Lineage,
    LineageEdge,
    LineageNode,
    Problem,
    Reference,
    TaskSummary,
)
from loaders.symbols import parse_symbol
from loaders.text import search_key
from policygraph.errors import NotFound, PolicyGraphError

router = APIRouter(tags=["documents"])
DOC_ID = "x-KH-UBND-ha-nam-2024-a382d3c1"
DocKey = Annotated[str, Path(description="the document's id, or its symbol as people write it (42-NQ/TW; the "
                             "slash may be sent as it is or as %2F; case, spaces and Đ typed as D forgiven)",
                             examples=["42-NQ/TW", "42-NQ-TW-2023"])]


AMBIGUOUS: dict[int | str, dict[str, Any]] = {409: {
    "model": Problem, "description": "the symbol names several documents (each listed by id)",
    "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}}


class AmbiguousSymbol(PolicyGraphError):
    """A symbol that names several documents (a provincial issuer's number in two provinces, a
    number that restarts each year): the caller chooses among the candidates by id."""

    title = "ambiguous symbol"
    status = 409


def by_symbol(svc: Services, symbol: str) -> list[dict[str, Any]]:
    """The rows of the ``documents`` query for every document the symbol names, read by the symbol
    grammar (loaders.symbols) and looked up with the ``document_by_symbol`` query; none when the text
    is not a symbol. Spaces are dropped first: "42 - NQ / TW" is 42-NQ/TW."""
    parsed = parse_symbol("".join(symbol.split()))
    if parsed is None:
        return []
    rows = svc.run("document_by_symbol", number=parsed.number, code=parsed.kind, issuer=parsed.issuer,
                   year=str(parsed.year) if parsed.year else None, province_id=None)
    return [row for r in rows for row in svc.run("documents", id=r["id"]) if row["id"] == r["id"]]


def resolve(svc: Services, key: str) -> dict[str, Any]:
    """The ``documents`` row of the document with this id or, failing that, this symbol.
    Raises NotFound when neither names one, AmbiguousSymbol when the symbol names several."""
    own = [r for r in svc.run("documents", id=key) if r["id"] == key]
    if own:
        return own[0]
    if parse_symbol("".join(key.split())) is None:
        raise NotFound(f"no document {key!r}")
    return only(key, by_symbol(svc, key))


def only(symbol: str, found: list[dict[str, Any]]) -> dict[str, Any]:
    """The one document a symbol names; NotFound (in Vietnamese, for people) when none does,
    AmbiguousSymbol listing each candidate's symbol, place, date and address when several do."""
    if not found:
        raise NotFound(f"Không có văn bản số, ký hiệu “{symbol}” trong dữ liệu.")
    if len(found) > 1:
        listed = "; ".join(f"{r['symbol'] or r['id']} ({r['province_name'] or 'trung ương'}"
                           f"{', ' + r['date'] if r['date'] else ''}): /documents/{r['id']}" for r in found)
        raise AmbiguousSymbol(f"Số, ký hiệu “{symbol}” ứng với {len(found)} văn bản; chọn theo mã: {listed}")
    return found[0]


@router.get("/documents", response_model=DocumentPage, summary="List documents")
def list_documents(svc: ServicesDep, at: PagingDep,
                   kind: Annotated[str | None, Query(examples=["KH"])] = None,
                   province: Annotated[str | None, Query(examples=["ha-nam"])] = None,
                   issuer: Annotated[str | None, Query(examples=["UBND"], max_length=200)] = None,
                   year: Annotated[int | None, Query(ge=1900, le=2100, examples=[2024])] = None) -> DocumentPage:
    """Documents filtered by kind, province (id or name, as every list's filters), issuer and year."""
    rows = svc.run("documents")
    places = filters.provinces(svc, province) if province else None
    folded = search_key(issuer) if issuer else None
    items = [r for r in rows
             if (kind is None or r["kind"] == kind) and (places is None or r["province"] in places)
             and (year is None or r["year"] == year)
             and (issuer is None or folded is None or r["issuer_code"].lower() == issuer.lower()
                  or folded in search_key(r["issuer"] or ""))]
    return page_of(DocumentSummary, items, at)


@router.get("/documents/by-symbol/{symbol:path}", response_model=DocumentSummary,
            summary="The document a symbol names (42-NQ/TW, 68/NQ-CP, 45/2025/NĐ-CP)", responses=AMBIGUOUS,
            description="The symbol as people write it; the slash may be sent as it is or as %2F. 404 when no "
                        "document has it, 409 (listing the candidates by id) when several do.")
def get_by_symbol(symbol: str, svc: ServicesDep) -> DocumentSummary:
    return DocumentSummary(**only(symbol, by_symbol(svc, symbol)))


def chains(start: str, edges: list[LineageEdge]) -> list[list[str]]:
    """Every path of ids from ``start`` along the edges to a node with no further edge."""
    children: dict[str, list[str]] = defaultdict(list)
    for e in edges:
        children[e.from_id].append(e.to_id)
    paths: list[list[str]] = []

    def walk(node: str, path: list[str]) -> None:
        nxt = [c for c in sorted(set(children[node])) if c not in path]
        if not nxt:
            if len(path) > 1:
                paths.append(path)
            return
        for c in nxt:
            walk(c, [*path, c])

    walk(start, [start])
    return paths


_EDGE = frozenset(LineageEdge.model_fields)


def lineage(svc: Services, start: str, direction: Literal["up", "down"], depth: int | None,
            origin: str | None = None) -> Lineage:
    """The lineage of a document (or of a task, from its document ``origin``): up to the root
    resolutions with every chain, or down to the implementing documents and their tasks; each
    document node with its symbol and title."""
    if direction == "up":
        rows = svc.run("lineage_up", id=start)
        edges = [LineageEdge(**{k: v for k, v in r.items() if k in _EDGE}) for r in rows]
        found: dict[str, tuple[str | None, str | None]] = {}
        for r in rows:
            found[r["from_id"]] = (r["from_title"], r["from_symbol"])
            found[r["to_id"]] = (r["to_title"], r["to_symbol"])
        nodes = [LineageNode(id=i, kind="document", label=t, symbol=s) for i, (t, s) in sorted(found.items())]
        root = origin or start
    else:
        rows = svc.run("lineage_down", id=start)
        edges = [LineageEdge(from_id=r["from_id"], to_id=r["to_id"], relation=r["relation"]) for r in rows]
        nodes = [LineageNode(id=r["to_id"], kind=r["to_kind"], label=r["to_label"], symbol=r["to_symbol"])
                 for r in rows]
        root = start
    if depth is not None:
        edges = _within(root, edges, depth)
        keep = {root} | {e.to_id for e in edges} | {e.from_id for e in edges}
        nodes = [n for n in nodes if n.id in keep]
    if root not in {n.id for n in nodes}:
        row = next(iter(svc.run("documents", id=root)), None)
        nodes.insert(0, LineageNode(id=root, kind="document", label=row["title"] if row else None,
                                    symbol=row["symbol"] if row else None))
    return Lineage(start=start, direction=direction, nodes=nodes, edges=edges,
                   chains=chains(root, edges) if direction == "up" else [])


def _within(root: str, edges: list[LineageEdge], depth: int) -> list[LineageEdge]:
    frontier, seen, out = {root}, {root}, []
    for _ in range(depth):
        step = [e for e in edges if e.from_id in frontier]
        out += step
        frontier = {e.to_id for e in step} - seen
        seen |= frontier
    return out


# Registered before the document itself: a symbol holds slashes, so "/documents/42-NQ/TW/lineage"
# must be read as the lineage of 42-NQ/TW, not as a document called "42-NQ/TW/lineage".
@router.get("/documents/{doc_id:path}/lineage", response_model=Lineage, responses=AMBIGUOUS,
            summary="Parents up to the resolutions, or the implementation tree down to tasks")
def get_document_lineage(doc_id: DocKey, svc: ServicesDep,
                         direction: Annotated[Literal["up", "down"], Query()] = "up",
                         depth: Annotated[int | None, Query(ge=1, le=20)] = None) -> Lineage:
    return lineage(svc, resolve(svc, doc_id)["id"], direction, depth)


@router.get("/documents/{doc_id:path}", response_model=DocumentDetail, responses=AMBIGUOUS,
            summary="One document with its references (by id or by symbol)")
def get_document(doc_id: DocKey, svc: ServicesDep) -> DocumentDetail:
    row = resolve(svc, doc_id)
    key = row["id"]
    refs = [Reference(**r) for r in svc.run("document_references", id=key)]
    tasks = [TaskSummary(**r) for r in svc.run("document_tasks", id=key)]
    warnings = sorted((DocumentWarning(**r) for r in svc.run("document_warnings", id=key)),
                      key=lambda w: (w.line_start or 0, w.warning_id))
    out = [r for r in refs if r.direction == "out"]
    into = [r for r in refs if r.direction == "in"]
    return DocumentDetail(document=DocumentSummary(**row), references_out=out, references_in=into, tasks=tasks,
                          warnings=warnings, counts={"tasks": len(tasks), "references_out": len(out),
                                                     "references_in": len(into), "warnings": len(warnings)})
