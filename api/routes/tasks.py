"""Tasks: who is responsible, and the chain from a task to the resolutions."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from api.deps import Services, ServicesDep
from api.models import Lineage, Responsible, TaskDetail, TaskSummary
from api.routes.documents import lineage
from loaders.text import search_key
from policygraph.errors import NotFound

router = APIRouter(tags=["tasks"])
Role = Literal["host", "coordinator", "decider", "director", "reporting"]


def task_row(svc: Services, task_id: str) -> dict:  # type: ignore[type-arg]
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


@router.get("/tasks/{task_id}", response_model=TaskDetail, summary="One task and who is responsible for it")
def get_task(task_id: str, svc: ServicesDep) -> TaskDetail:
    row = task_row(svc, task_id)
    return TaskDetail(**row, responsible=[Responsible(**r) for r in svc.run("responsible_for", id=task_id)])


@router.get("/tasks/{task_id}/lineage", response_model=Lineage,
            summary="Every chain from the task to the root resolutions, each step quoted")
def get_task_lineage(task_id: str, svc: ServicesDep) -> Lineage:
    row = task_row(svc, task_id)
    return lineage(svc, task_id, "up", None, origin=row["document_id"])
