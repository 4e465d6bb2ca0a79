"""Search across agencies, documents, tasks and targets as people type: every word, in any order,
with or without diacritics; a document named by kind and number (or by its symbol) first; the
matches counted by kind and province (facets)."""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Query

from api.deps import PagingDep, ServicesDep
from api.models import FacetValue, SearchFacets, SearchHit, SearchResult
from graph.searchterms import understand
from policygraph.errors import BadRequest

router = APIRouter(tags=["search"])

Row = dict[str, Any]


def named_documents(svc: ServicesDep, q: str) -> tuple[str, list[Row]]:
    """The words to search for, and the documents the search names (by the province it names too,
    when that narrows to some: "chương trình 113 Hà Nam"; else by the rest: "Nghị quyết 42 Hà Nam"
    still finds the central resolution)."""
    terms = understand(q)
    if terms.symbol is None:
        return terms.words, []
    rows = svc.run("document_by_symbol", **terms.symbol.params())
    if not rows and terms.symbol.province:
        rows = svc.run("document_by_symbol", **terms.symbol.params(with_province=False))
    return terms.words, rows


def facets(rows: list[Row]) -> SearchFacets:
    """Kinds in the order the results rank them; provinces most first (then by name, central last)."""
    kinds = Counter(r["kind"] for r in rows)
    provinces = Counter(r["province"] for r in rows)
    return SearchFacets(
        kind=[FacetValue(value=k, count=n) for k, n in kinds.items()],
        province=[FacetValue(value=p, count=n) for p, n in
                  sorted(provinces.items(), key=lambda item: (-item[1], item[0] is None, item[0] or ""))])


@router.get("/search", response_model=SearchResult, summary="Search everything")
def search(svc: ServicesDep, at: PagingDep,
           q: Annotated[str, Query(min_length=1, max_length=200, examples=["Nghị quyết 42", "so y te hai phong"])],
           ) -> SearchResult:
    """A page of the matches, best first. The total counts the matches the store found: every one,
    up to the search query's cap (501 texts, and the documents the search names)."""
    words, named = named_documents(svc, q)
    if not words:
        raise BadRequest("the search text has no letters or digits")
    found = svc.run("search", q=words)
    first = {r["id"] for r in named}
    rows = named + [r for r in found if r["id"] not in first]
    end = at.offset + at.limit
    return SearchResult(total=len(rows), offset=at.offset, limit=at.limit, query=q, folded=words,
                        items=[SearchHit(**r) for r in rows[at.offset:end]], more=len(rows) > end,
                        facets=facets(rows))
