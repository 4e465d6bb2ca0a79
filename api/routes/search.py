"""Search across documents, tasks, targets and agencies, with or without diacritics."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import ServicesDep
from api.models import SearchHit, SearchResult
from loaders.text import search_key
from policygraph.errors import BadRequest

router = APIRouter(tags=["search"])


@router.get("/search", response_model=SearchResult, summary="Search everything")
def search(svc: ServicesDep,
           q: Annotated[str, Query(min_length=1, max_length=200, examples=["so lao dong thuong binh"])],
           limit: Annotated[int, Query(ge=1, le=500)] = 100) -> SearchResult:
    key = search_key(q)
    if not key:
        raise BadRequest("the search text has no letters or digits")
    rows = svc.run("search", q=key)
    return SearchResult(query=q, folded=key, items=[SearchHit(**r) for r in rows[:limit]], more=len(rows) > limit)
