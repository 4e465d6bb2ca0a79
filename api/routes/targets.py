"""Targets and the indicator scheme."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import ServicesDep
from api.models import IndicatorOut, TargetOut

router = APIRouter(tags=["targets"])


@router.get("/indicators", response_model=list[IndicatorOut], summary="The indicator scheme")
def list_indicators(svc: ServicesDep) -> list[IndicatorOut]:
    return [IndicatorOut(**r) for r in svc.run("indicators")]


@router.get("/targets", response_model=list[TargetOut], summary="Targets by indicator, province and year")
def list_targets(svc: ServicesDep,
                 indicator: Annotated[str | None, Query(examples=["unemployment-rate"])] = None,
                 province: Annotated[str | None, Query(examples=["tỉnh Hà Nam"])] = None,
                 year: Annotated[int | None, Query(ge=1900, le=2100)] = None) -> list[TargetOut]:
    indicators = [indicator] if indicator else [r["id"] for r in svc.run("indicators") if r["targets"]]
    rows = [r for i in indicators for r in svc.run("targets_by_indicator", id=i)]
    return [TargetOut(**r) for r in rows
            if (province is None or r["province"] == province) and (year is None or r["year"] == year)]
