"""Agencies and their assignments, also as CSV and Excel (agency staff work in Excel)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api import exports
from api.deps import Services, ServicesDep
from api.models import AgencyDetail, AgencyOut, Assignment, DueTask
from api.routes.tasks import AsOf, Role
from loaders.text import search_key

router = APIRouter(tags=["agencies"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Format = Literal["json", "csv", "xlsx"]


@router.get("/agencies", response_model=list[AgencyOut], summary="Find agencies (diacritics optional)")
def list_agencies(svc: ServicesDep,
                  q: Annotated[str | None, Query(max_length=200, examples=["so lao dong"])] = None,
                  province: Annotated[str | None, Query(examples=["ha-nam"])] = None) -> list[AgencyOut]:
    key = search_key(q) if q else None
    return [AgencyOut(**r) for r in svc.run("agencies")
            if (province is None or r["province"] == province) and (key is None or key in search_key(r["name"]))]


@router.get("/agencies/{agency_id}", response_model=AgencyDetail, summary="One agency and its assignment counts")
def get_agency(agency_id: str, svc: ServicesDep, as_of: AsOf = None) -> AgencyDetail:
    row = svc.find("agencies", agency_id, "agency")
    day = as_of or dt.date.today()
    rows = svc.run("agency_assignments", id=agency_id, role=None) if row["kind"] == "agency" else []
    counts = Counter(r["role"] + ("_via_group" if r["via_group"] else "") for r in rows)
    inherited = svc.run("inherited_assignments", id=agency_id, as_of=day.isoformat())
    successors = sorted({r["successor_id"] or "unknown" for r in svc.run("successors", id=agency_id,
                                                                          as_of=day.isoformat())})
    return AgencyDetail(agency=AgencyOut(**row), counts=dict(sorted(counts.items())), as_of=day,
                        inherited=len(inherited), succeeded_by=successors)


def assignments(svc: Services, agency: dict, role: str | None, day: dt.date,
                include_predecessors: bool) -> list[Assignment]:
    """The body's own assignments, then (optionally) those it carries for bodies it succeeded."""
    own = [Assignment(**r) for r in svc.run("agency_assignments", id=agency["id"], role=role)] \
        if agency["kind"] == "agency" else []
    if not include_predecessors:
        return own
    inherited = [Assignment(**r) for r in svc.run("inherited_assignments", id=agency["id"], as_of=day.isoformat())
                 if role is None or r["role"] == role]
    return own + inherited


@router.get("/agencies/{agency_id}/deadlines", response_model=list[DueTask],
            summary="An agency's tasks due or past due at a date",
            description="The tasks the agency (or a group it belongs to) holds a role on whose deadline, read "
                        "as data, is due at the date: past_due when the deadline's last day has passed, due when "
                        "the date is within its period, recurring for yearly, quarterly, monthly or ongoing "
                        "duties. Past due only means the deadline passed: the graph holds no completion data, so "
                        "a task done on time is listed as past due too.")
def get_deadlines(agency_id: str, svc: ServicesDep, as_of: AsOf = None,
                  document: Annotated[str | None, Query(description="only this document's tasks",
                                                        examples=["20-CTr-TU-hai-duong-2021"])] = None,
                  ) -> list[DueTask]:
    agency = svc.find("agencies", agency_id, "agency")
    day = as_of or dt.date.today()
    return [DueTask(**r) for r in svc.run("due_tasks", id=agency["id"], as_of=day.isoformat(), document=document)]


@router.get("/agencies/{agency_id}/assignments", response_model=list[Assignment],
            summary="An agency's assignments by role (JSON, CSV or Excel)",
            responses={200: {"content": {"text/csv": {}, XLSX: {}}}})
def get_assignments(agency_id: str, svc: ServicesDep, request: Request, role: Role | None = None,
                    format: Format | None = None, as_of: AsOf = None,
                    include_predecessors: Annotated[bool, Query(description="also the tasks carried over from bodies "
                                                                "this one succeeded")] = True,
                    ) -> list[Assignment] | Response:
    agency = svc.find("agencies", agency_id, "agency")
    day = as_of or dt.date.today()
    rows = assignments(svc, agency, role, day, include_predecessors)
    accept = request.headers.get("accept", "")
    chosen = format or ("csv" if "text/csv" in accept else "xlsx" if XLSX in accept else "json")
    if chosen == "json":
        return rows
    docs = {d["id"]: d for d in svc.run("documents")}
    filename = f"assignments-{agency_id}" + (f"-{role}" if role else "")
    if chosen == "csv":
        return Response(exports.csv_bytes(rows, docs), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'})
    return Response(exports.xlsx_bytes(rows, docs, agency["name"], day), media_type=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="{filename}.xlsx"'})
