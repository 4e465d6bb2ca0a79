"""Health: which backend answers, how big the graph is, when it was loaded."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import ServicesDep
from api.models import Health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health, summary="Backend, store size and load time")
def health(svc: ServicesDep) -> Health:
    manifest = svc.store.manifest()
    generation = svc.neo4j.current().get("generation") if svc.neo4j is not None else None
    return Health(status="ok", backend=svc.backend_name, documents=len(manifest.documents) if manifest else 0,
                  quads=manifest.quads if manifest else 0, loaded_at=svc.loaded_at,
                  load_seconds=svc.load_seconds, neo4j_generation=generation)
