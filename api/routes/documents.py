"""Documents, their references and their lineage."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from api.deps import Services, ServicesDep
from api.models import (
    DocumentDetail,
    DocumentPage,
    DocumentSummary,
    DocumentWarning,
    Lineage,
    LineageEdge,
    LineageNode,
    Reference,
    TaskSummary,
)
from loaders.text import search_key

router = APIRouter(tags=["documents"])
DOC_ID = "x-KH-UBND-ha-nam-2024-a382d3c1"


@router.get("/documents", response_model=DocumentPage, summary="List documents")
def list_documents(svc: ServicesDep,
                   kind: Annotated[str | None, Query(examples=["KH"])] = None,
                   province: Annotated[str | None, Query(examples=["ha-nam"])] = None,
                   issuer: Annotated[str | None, Query(examples=["UBND"], max_length=200)] = None,
                   year: Annotated[int | None, Query(ge=1900, le=2100, examples=[2024])] = None,
                   offset: Annotated[int, Query(ge=0)] = 0,
                   limit: Annotated[int, Query(ge=1, le=500)] = 50) -> DocumentPage:
    rows = svc.run("documents")
    folded = search_key(issuer) if issuer else None
    items = [r for r in rows
             if (kind is None or r["kind"] == kind) and (province is None or r["province"] == province)
             and (year is None or r["year"] == year)
             and (issuer is None or folded is None or r["issuer_code"].lower() == issuer.lower()
                  or folded in search_key(r["issuer"] or ""))]
    return DocumentPage(total=len(items), offset=offset, limit=limit,
                        items=[DocumentSummary(**r) for r in items[offset:offset + limit]])


@router.get("/documents/{doc_id}", response_model=DocumentDetail, summary="One document with its references")
def get_document(doc_id: str, svc: ServicesDep) -> DocumentDetail:
    row = svc.find("documents", doc_id, "document")
    refs = [Reference(**r) for r in svc.run("document_references", id=doc_id)]
    tasks = [TaskSummary(**r) for r in svc.run("document_tasks", id=doc_id)]
    warnings = sorted((DocumentWarning(**r) for r in svc.run("document_warnings", id=doc_id)),
                      key=lambda w: (w.line_start or 0, w.warning_id))
    out = [r for r in refs if r.direction == "out"]
    into = [r for r in refs if r.direction == "in"]
    return DocumentDetail(document=DocumentSummary(**row), references_out=out, references_in=into, tasks=tasks,
                          warnings=warnings, counts={"tasks": len(tasks), "references_out": len(out),
                                                     "references_in": len(into), "warnings": len(warnings)})


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


def lineage(svc: Services, start: str, direction: Literal["up", "down"], depth: int | None,
            origin: str | None = None) -> Lineage:
    if direction == "up":
        rows = svc.run("lineage_up", id=start)
        edges = [LineageEdge(**r) for r in (
            {k: v for k, v in r.items() if k not in {"from_title", "to_title"}} for r in rows)]
        titles = {r["from_id"]: r["from_title"] for r in rows} | {r["to_id"]: r["to_title"] for r in rows}
        nodes = [LineageNode(id=i, kind="document", label=t) for i, t in sorted(titles.items())]
        root = origin or start
    else:
        rows = svc.run("lineage_down", id=start)
        edges = [LineageEdge(from_id=r["from_id"], to_id=r["to_id"], relation=r["relation"]) for r in rows]
        nodes = [LineageNode(id=r["to_id"], kind=r["to_kind"], label=r["to_label"]) for r in rows]
        root = start
    if depth is not None:
        edges = _within(root, edges, depth)
        keep = {root} | {e.to_id for e in edges} | {e.from_id for e in edges}
        nodes = [n for n in nodes if n.id in keep]
    if root not in {n.id for n in nodes}:
        nodes.insert(0, LineageNode(id=root, kind="document", label=None))
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


@router.get("/documents/{doc_id}/lineage", response_model=Lineage,
            summary="Parents up to the resolutions, or the implementation tree down to tasks")
def get_document_lineage(doc_id: str, svc: ServicesDep,
                         direction: Annotated[Literal["up", "down"], Query()] = "up",
                         depth: Annotated[int | None, Query(ge=1, le=20)] = None) -> Lineage:
    svc.find("documents", doc_id, "document")
    return lineage(svc, doc_id, direction, depth)
