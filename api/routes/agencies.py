"""Agencies and their assignments, also as CSV and Excel (agency staff work in Excel)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api import exports, filters
from api.deps import AsOf, Paging, PagingDep, Services, ServicesDep, page_of
from api.models import AgencyDetail, AgencyOut, Assignment, DueTask, Page
from api.routes.tasks import Role

router = APIRouter(tags=["agencies"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Format = Literal["json", "csv", "xlsx"]


@router.get("/agencies", response_model=Page[AgencyOut], summary="Find agencies (diacritics optional)")
def list_agencies(svc: ServicesDep, at: PagingDep,
                  q: Annotated[str | None, Query(max_length=200, examples=["so lao dong ha nam"],
                                                 description="words of the name, in any order")] = None,
                  province: Annotated[str | None, Query(examples=["ha-nam", "tỉnh Hà Nam"],
                                                        description="a province's id or name")] = None,
                  ) -> Page[AgencyOut]:
    """Agencies and groups in id order; the total counts every agency the store holds for the
    filters (a few hundred at most: one listing query, filtered here)."""
    places = filters.provinces(svc, province) if province else None
    words = set(filters.name_key(q).split()) if q else set()
    rows = [r for r in svc.run("agencies") if (places is None or r["province"] in places)
            and words <= set(filters.name_key(r["name"]).split())]
    return page_of(AgencyOut, rows, at)


@router.get("/agencies/{agency_id}", response_model=AgencyDetail, summary="One agency and its assignment counts")
def get_agency(agency_id: str, svc: ServicesDep, as_of: AsOf = None) -> AgencyDetail:
    row = svc.find("agencies", agency_id, "cơ quan")
    day = as_of or dt.date.today()
    rows = svc.run("agency_assignment_counts", id=agency_id, role=None) if row["kind"] == "agency" else []
    counts: Counter[str] = Counter()
    for r in rows:
        counts[r["role"] + ("_via_group" if r["via_group"] else "")] += r["assignments"]
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
    return own + (inherited_assignments(svc, agency, role, day) if include_predecessors else [])


def inherited_assignments(svc: Services, agency: dict, role: str | None, day: dt.date) -> list[Assignment]:
    return [Assignment(**r) for r in svc.run("inherited_assignments", id=agency["id"], as_of=day.isoformat())
            if role is None or r["role"] == role]


def assignments_page(svc: Services, agency: dict, role: str | None, day: dt.date, include_predecessors: bool,
                     at: Paging) -> Page[Assignment]:
    """One page of ``assignments``: the body's own rows are counted (agency_assignment_counts) and
    only the page's window of them is read with its texts, so a page costs what it shows, not what
    the body holds (tier L: up to 54,000 rows for one body). The carried-over rows follow them."""
    own_total = sum(r["assignments"] for r in svc.run("agency_assignment_counts", id=agency["id"], role=role)) \
        if agency["kind"] == "agency" else 0
    own = [Assignment(**r) for r in svc.run("agency_assignments", id=agency["id"], role=role,
                                            offset=str(at.offset), limit=str(at.limit))] \
        if at.offset < own_total else []
    carried = inherited_assignments(svc, agency, role, day) if include_predecessors else []
    start = max(0, at.offset - own_total)
    items = own + carried[start:start + at.limit - len(own)]
    return Page[Assignment](total=own_total + len(carried), offset=at.offset, limit=at.limit, items=items)


@router.get("/agencies/{agency_id}/deadlines", response_model=Page[DueTask],
            summary="An agency's tasks due or past due at a date",
            description="The tasks the agency (or a group it belongs to) holds a role on whose deadline, read "
                        "as data, is due at the date: past_due when the deadline's last day has passed, due when "
                        "the date is within its period, recurring for yearly, quarterly, monthly or ongoing "
                        "duties. Past due only means the deadline passed: the graph holds no completion data, so "
                        "a task done on time is listed as past due too.")
def get_deadlines(agency_id: str, svc: ServicesDep, at: PagingDep, as_of: AsOf = None,
                  document: Annotated[str | None, Query(description="only this document's tasks (its id or symbol)",
                                                        examples=["20-CTr-TU-hai-duong-2021"])] = None,
                  ) -> Page[DueTask]:
    """The total counts every due task the store answers for the agency, date and document."""
    agency = svc.find("agencies", agency_id, "cơ quan")
    day = as_of or dt.date.today()
    documents = sorted(filters.document(svc, document)) if document else [None]
    rows = [r for d in documents for r in svc.run("due_tasks", id=agency["id"], as_of=day.isoformat(), document=d)]
    return page_of(DueTask, rows, at)


@router.get("/agencies/{agency_id}/assignments", response_model=Page[Assignment],
            summary="An agency's assignments by role (JSON, CSV or Excel)",
            description="JSON is a page of the rows (offset, limit); the CSV and Excel files hold every row.",
            responses={200: {"content": {"text/csv": {}, XLSX: {}}}})
def get_assignments(agency_id: str, svc: ServicesDep, request: Request, at: PagingDep, role: Role | None = None,
                    format: Format | None = None, as_of: AsOf = None,
                    include_predecessors: Annotated[bool, Query(description="also the tasks carried over from bodies "
                                                                "this one succeeded")] = True,
                    ) -> Page[Assignment] | Response:
    """The total counts every row the store answers for the agency: its own, then those carried over."""
    agency = svc.find("agencies", agency_id, "cơ quan")
    day = as_of or dt.date.today()
    accept = request.headers.get("accept", "")
    chosen = format or ("csv" if "text/csv" in accept else "xlsx" if XLSX in accept else "json")
    if chosen == "json":
        return assignments_page(svc, agency, role, day, include_predecessors, at)
    rows = assignments(svc, agency, role, day, include_predecessors)
    docs = {d["id"]: d for d in svc.run("documents")}
    filename = f"assignments-{agency_id}" + (f"-{role}" if role else "")
    if chosen == "csv":
        return Response(exports.csv_bytes(rows, docs), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'})
    return Response(exports.xlsx_bytes(rows, docs, agency["name"], day), media_type=XLSX,
                    headers={"Content-Disposition": f'attachment; filename="{filename}.xlsx"'})
