"""Provinces over time: every province and city before and after the 2025 reorganisation, and the
documents that fall under a province at a date, its merged ones included."""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter

from api import filters
from api.deps import AsOf, PagingDep, ServicesDep, page_of
from api.models import Page, ProvinceDocument, ProvinceOut

router = APIRouter(tags=["provinces"])


@router.get("/provinces", response_model=Page[ProvinceOut], summary="Provinces and cities, before and after 2025")
def list_provinces(svc: ServicesDep, at: PagingDep) -> Page[ProvinceOut]:
    """Every province the graph holds, in id order; a small, bounded list (the provinces the
    documents name and those they merged into), so the total is the length of the store's answer."""
    return page_of(ProvinceOut, svc.run("provinces"), at)


def _current(rows: list[dict[str, Any]], ids: frozenset[str], day: dt.date) -> str:
    """Of the provinces a name gives (Hải Phòng before and after the merger), the one that exists
    at ``day``; the newest when none does."""
    named = sorted((r for r in rows if r["id"] in ids), key=lambda r: r["valid_from"] or "")
    alive = [r for r in named if (r["valid_from"] or "") <= day.isoformat() <= (r["valid_to"] or "9999-12-31")]
    return (alive or named)[-1]["id"]


@router.get("/provinces/{province}/documents", response_model=Page[ProvinceDocument],
            summary="Documents of a province as of a date, with those of provinces merged into it")
def province_documents(province: str, svc: ServicesDep, at: PagingDep, as_of: AsOf = None) -> Page[ProvinceDocument]:
    """``province`` is an id (new provinces end in -2025, e.g. hai-phong-2025) or a name; a name
    that two provinces bear means the one that exists at the date. The total counts every document
    the store answers for the province and date."""
    day = as_of or dt.date.today()
    rows = svc.run("province_names")
    chosen = _current(rows, filters.named(province, rows, filters.PROVINCE), day)
    return page_of(ProvinceDocument, svc.run("province_documents", id=chosen, as_of=day.isoformat()), at)
