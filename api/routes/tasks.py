"""Tasks: who is responsible, and the chain from a task to the resolutions."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from api import filters
from api.deps import AsOf, PagingDep, Services, ServicesDep, page_of
from api.models import (
    Holder,
    Lineage,
    Page,
    Responsible,
    ResponsibleNow,
    SuccessionStep,
    TaskDetail,
    TaskSummary,
)
from api.routes.documents import lineage
from loaders.text import search_key
from policygraph.errors import NotFound

router = APIRouter(tags=["tasks"])
Role = Literal["host", "coordinator", "decider", "director", "reporting"]


def task_row(svc: Services, task_id: str) -> dict:
    rows = svc.run("task", id=task_id)
    if not rows:
        raise NotFound(f"no task {task_id!r}")
    return rows[0]


@router.get("/tasks", response_model=Page[TaskSummary], summary="Find tasks")
def list_tasks(svc: ServicesDep, at: PagingDep,
               document: Annotated[str | None, Query(examples=["x-KH-UBND-ha-nam-2024-a382d3c1", "42-NQ/TW"],
                                                     description="a document's id or symbol")] = None,
               province: Annotated[str | None, Query(examples=["ha-nam", "Hà Nam"],
                                                     description="a province's id or name")] = None,
               agency: Annotated[str | None, Query(examples=["so-lao-dong-tbxh.ha-nam", "Sở LĐTBXH Hà Nam"],
                                                   description="an agency's id or name: the tasks it holds a "
                                                               "role on (itself or through a group)")] = None,
               role: Annotated[Role | None, Query(description="with agency: only this role")] = None,
               q: Annotated[str | None, Query(max_length=200, examples=["cai nghien"],
                                              description="words of the task, in any order")] = None,
               ) -> Page[TaskSummary]:
    """Tasks in id order (so by document, then section). The total counts every task the store
    answers for the filters: the tasks of the named documents (of all, without one), narrowed here
    by province, agency and words."""
    rows = [r for d in (sorted(filters.document(svc, document)) if document else [None])
            for r in svc.run("document_tasks", id=d)]
    if province:
        places = filters.provinces(svc, province)
        docs = {r["id"] for r in svc.run("documents") if r["province"] in places}
        rows = [r for r in rows if r["document_id"] in docs]
    if agency:
        assigned = {r["task_id"] for a in sorted(filters.agencies(svc, agency))
                    for r in svc.run("agency_assignments", id=a, role=role)}
        rows = [r for r in rows if r["task_id"] in assigned]
    if q:
        words = set(filters.name_key(q).split())
        rows = [r for r in rows if words <= set(search_key(r["text"]).split())]
    return page_of(TaskSummary, rows, at)


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
