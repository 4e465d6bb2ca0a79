"""What changed in the graph: the store's change log as JSON pages and as an Atom feed.

Every load (ingest, replace, remove) notes per document whether it was added, replaced or removed,
from which file, and the tasks and assignments it gained and lost (graph/changes.py). People who
follow a province or an agency subscribe to the Atom feed with ``province=`` or ``agency=``.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from api import filters
from api.deps import Services, ServicesDep
from graph import changes
from graph.changes import Change, FeedLinks

router = APIRouter(tags=["changes"])
ATOM_TYPE = "application/atom+xml"
# The feed carries the newest changes only: a reader polls it, and pages back through /changes.
FEED_ENTRIES = 100

Province = Annotated[str | None, Query(description="only documents of this province (id or name) and of the "
                                       "provinces merged into it", examples=["ha-nam"], max_length=200)]
Agency = Annotated[str | None, Query(description="only changes to this agency's assignments",
                                     examples=["so-lao-dong-tbxh.hai-phong"], max_length=200)]


def _places(svc: Services, province: str | None) -> frozenset[str] | None:
    """The provinces whose documents' changes a ``province=`` filter follows: the one it names (a
    404 when it names none) and those merged into it."""
    return filters.with_merged(svc, province) if province else None


class ChangePage(BaseModel):
    changes: list[Change]
    next: str | None = None


@router.get("/changes", response_model=ChangePage, summary="Changes to the graph since a date, oldest first")
def list_changes(svc: ServicesDep, request: Request,
                 since: Annotated[str | None, Query(description="a date or date and time (UTC unless stated)",
                                                    examples=["2026-12-01"], max_length=40)] = None,
                 after: Annotated[int, Query(ge=0, description="the last `seq` already seen (paging)")] = 0,
                 limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                 province: Province = None, agency: Agency = None) -> ChangePage:
    """One entry per document and load: added, replaced or removed, the file (name and sha256), and
    the counts of tasks and assignments gained and lost. ``next`` is the next page, while there is
    one."""
    log = changes.since(changes.read(svc.store.current_dir()), changes.parse_since(since), after)
    found = changes.concerning(log, provinces=_places(svc, province), agency=agency)
    page = found[:limit]
    following = None
    if len(found) > limit:
        params = {k: v for k, v in request.query_params.items() if k != "after"}
        following = f"{request.url.path}?{urlencode({**params, 'after': page[-1].seq})}"
    return ChangePage(changes=page, next=following)


@router.get("/changes.atom", response_class=Response, summary="The newest changes as an Atom 1.0 feed",
            responses={200: {"content": {ATOM_TYPE: {}}, "description": "an Atom 1.0 feed (RFC 4287)"}})
def changes_feed(svc: ServicesDep, request: Request, province: Province = None, agency: Agency = None) -> Response:
    """The newest changes first (up to 100); an entry links to its document's JSON."""
    found = changes.concerning(changes.read(svc.store.current_dir()), provinces=_places(svc, province), agency=agency)
    scope = " · ".join(part for part in (province, agency) if part)
    links = FeedLinks(self_url=str(request.url), document_url=str(request.base_url) + "documents/{id}")
    body = changes.atom(found[-FEED_ENTRIES:], links, f"policygraph: changes{f' ({scope})' if scope else ''}")
    return Response(body, media_type=ATOM_TYPE)
