"""Targets and the indicator scheme."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api import filters
from api.deps import PagingDep, ServicesDep, page_of
from api.models import IndicatorOut, Page, TargetOut

router = APIRouter(tags=["targets"])


@router.get("/indicators", response_model=Page[IndicatorOut], summary="The indicator scheme")
def list_indicators(svc: ServicesDep, at: PagingDep) -> Page[IndicatorOut]:
    """Every indicator in id order; the scheme is small and bounded (reference data), the total is
    the length of the store's answer."""
    return page_of(IndicatorOut, svc.run("indicators"), at)


@router.get("/targets", response_model=Page[TargetOut], summary="Targets by indicator, province and year")
def list_targets(svc: ServicesDep, at: PagingDep,
                 indicator: Annotated[str | None, Query(examples=["unemployment-rate", "tỷ lệ thất nghiệp"],
                                                        description="an indicator's id or label")] = None,
                 province: Annotated[str | None, Query(examples=["ha-nam", "Hà Nam", "tỉnh Hà Nam"],
                                                       description="a province's id or name")] = None,
                 year: Annotated[int | None, Query(ge=1900, le=2100)] = None) -> Page[TargetOut]:
    """Targets by document, then target id; the total counts every target the store answers for the
    indicator (all of them without one), narrowed here by province and year."""
    places = filters.provinces(svc, province) if province else None
    rows = [r for i in (sorted(filters.indicators(svc, indicator)) if indicator else [None])
            for r in svc.run("targets_by_indicator", id=i)]
    return page_of(TargetOut, [r for r in rows if (places is None or r["province"] in places)
                               and (year is None or r["year"] == year)], at)
