"""Tasks: who is responsible, and the chain from a task to the resolutions."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from api.deps import Services, ServicesDep
from api.models import Holder, Lineage, Responsible, ResponsibleNow, SuccessionStep, TaskDetail, TaskSummary
from api.routes.documents import lineage
from loaders.text import search_key
from policygraph.errors import NotFound

router = APIRouter(tags=["tasks"])
Role = Literal["host", "coordinator", "decider", "director", "reporting"]
AsOf = Annotated[dt.date | None, Query(description="the date to answer for (default: today)",
                                       examples=["2026-01-01"])]


def task_row(svc: Services, task_id: str) -> dict:
    rows = svc.run("task", id=task_id)
    if not rows:
        raise NotFound(f"no task {task_id!r}")
    return rows[0]


@router.get("/tasks", response_model=list[TaskSummary], summary="Find tasks")
def list_tasks(svc: ServicesDep,
               document: Annotated[str | None, Query(examples=["x-KH-UBND-ha-nam-2024-a382d3c1"])] = None,
               province: Annotated[str | None, Query(examples=["ha-nam"])] = None,
               agency: Annotated[str | None, Query(examples=["so-lao-dong-tbxh.ha-nam"])] = None,
               role: Role | None = None,
               q: Annotated[str | None, Query(max_length=200, examples=["cai nghien"])] = None,
               offset: Annotated[int, Query(ge=0)] = 0,
               limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list[TaskSummary]:
    docs = [r for r in svc.run("documents") if r["loaded"]]
    if document:
        docs = [r for r in docs if r["id"] == document]
    if province:
        docs = [r for r in docs if r["province"] == province]
    items = [TaskSummary(**t) for d in docs for t in svc.run("document_tasks", id=d["id"])]
    if agency:
        assigned = {r["task_id"] for r in svc.run("agency_assignments", id=agency, role=role)}
        items = [t for t in items if t.task_id in assigned]
    if q:
        key = search_key(q)
        items = [t for t in items if key in search_key(t.text)]
    return items[offset:offset + limit]


@router.get("/tasks/{task_id}", response_model=TaskDetail,
            summary="One task, who the document names for it, and who carries it now")
def get_task(task_id: str, svc: ServicesDep, as_of: AsOf = None) -> TaskDetail:
    row = task_row(svc, task_id)
    day = as_of or dt.date.today()
    return TaskDetail(**row, responsible=[Responsible(**r) for r in svc.run("responsible_for", id=task_id)],
                      as_of=day, responsible_now=responsible_now(svc.run("responsible_now", id=task_id,
                                                                         as_of=day.isoformat())))


def responsible_now(rows: list[dict[str, Any]]) -> list[ResponsibleNow]:
    """Rows of the ``responsible_now`` query (one per event on a route) as one entry per named body
    and role, each with its holders: the last successor on each route, or the body itself when
    nothing happened to it by the date."""
    named: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        named[(r["role"], r["named_id"])].append(r)
    out = []
    for (role, named_id), group in named.items():
        routes: dict[str, list[SuccessionStep]] = defaultdict(list)
        for r in group:
            if r["route_id"]:
                routes[r["route_id"]].append(SuccessionStep(**{k: r[k] for k in SuccessionStep.model_fields}))
        holders = [_holder(route_id, sorted(steps, key=lambda s: s.effective)) for route_id, steps in routes.items()]
        if not holders:
            holders = [Holder(route_id=None, holder_id=named_id, holder_name=group[0]["named_name"], known=True,
                              chain=[])]
        distinct = {(h.holder_id, h.known) for h in holders}
        out.append(ResponsibleNow(role=role, named_id=named_id, named_name=group[0]["named_name"],
                                  inherited=group[0]["inherited"],
                                  route_reason=group[0]["route_reason"], holders=holders,
                                  ambiguous=len(distinct) > 1))
    return out


def _holder(route_id: str, chain: list[SuccessionStep]) -> Holder:
    last = chain[-1]
    return Holder(route_id=route_id, holder_id=last.successor_id, holder_name=last.successor_name,
                  known=last.successor_id is not None, chain=chain)


@router.get("/tasks/{task_id}/lineage", response_model=Lineage,
            summary="Every chain from the task to the root resolutions, each step quoted")
def get_task_lineage(task_id: str, svc: ServicesDep) -> Lineage:
    row = task_row(svc, task_id)
    return lineage(svc, task_id, "up", None, origin=row["document_id"])
