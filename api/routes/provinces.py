"""Provinces over time: the documents that fall under a province today, its merged ones included."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter

from api.deps import ServicesDep
from api.models import ProvinceDocument
from api.routes.tasks import AsOf
from policygraph.errors import NotFound

router = APIRouter(tags=["provinces"])
_EVER = "9999-12-31"


@router.get("/provinces/{province_id}/documents", response_model=list[ProvinceDocument],
            summary="Documents of a province as of a date, with those of provinces merged into it")
def province_documents(province_id: str, svc: ServicesDep, as_of: AsOf = None) -> list[ProvinceDocument]:
    day = as_of or dt.date.today()
    rows = svc.run("province_documents", id=province_id, as_of=day.isoformat())
    if not rows and not svc.run("province_documents", id=province_id, as_of=_EVER):
        raise NotFound(f"no province {province_id!r} with documents (new provinces end in -2025, "
                       "e.g. hai-phong-2025)")
    return [ProvinceDocument(**r) for r in rows]
