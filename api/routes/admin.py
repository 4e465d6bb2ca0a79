"""Endpoints that change data: upload documents into the embedded store, push it to Neo4j.

Both need the server's API key (api/access.py). Uploaded files are kept under the data directory
(the graph's provenance names them), each load in a folder of its own, under a name reduced to a
plain file name: nothing a client sends can place a file anywhere else.
"""

from __future__ import annotations

import time
import unicodedata
from dataclasses import asdict
from pathlib import Path, PurePosixPath
from typing import Annotated

from fastapi import APIRouter, File, Query, UploadFile
from pydantic import BaseModel

from api.access import WriterDep
from graph.ingest import SUFFIXES, FileOutcome, ingest
from graph.neo4j import sync
from policygraph.errors import BackendUnavailable, BadRequest

router = APIRouter(prefix="/admin", tags=["admin"])
READ_CHUNK = 1 << 16


class IngestReport(BaseModel):
    generation: str | None
    documents: int
    quads: int
    loaded: int
    failed: int
    files: list[FileOutcome]


class PushReport(BaseModel):
    generation: str
    nodes: int
    relationships: int
    seconds: float
    incremental: bool = False  # a change set of the nodes changed since the last push


def safe_name(raw: str | None) -> str:
    """The client's file name as a plain name inside the upload folder, or BadRequest.

    Directory parts (either slash), drive letters, control characters and dot names are what could
    move a file out of its folder or hide it; the name is kept otherwise (it is provenance)."""
    name = unicodedata.normalize("NFC", raw or "").replace("\\", "/")
    base = PurePosixPath(name).name.split(":")[-1].strip()
    if not base or base in {".", ".."} or base.startswith(".") or any(unicodedata.category(c)[0] == "C"
                                                                      for c in base):
        raise BadRequest(f"unusable file name {raw!r}: send a plain name such as plan-2024.txt")
    if Path(base).suffix.lower() not in SUFFIXES:
        raise BadRequest(f"{base}: only {', '.join(SUFFIXES)} documents are read")
    return base[:200]


async def _save(files: list[UploadFile], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=False)
    saved: list[Path] = []
    for upload in files:
        target = folder / safe_name(upload.filename)
        if target.parent != folder or target in saved:
            raise BadRequest(f"{upload.filename!r}: two uploads with one name, or a name outside the folder")
        with target.open("xb") as out:
            while chunk := await upload.read(READ_CHUNK):
                out.write(chunk)
        saved.append(target)
    return saved


@router.post("/ingest", response_model=IngestReport, summary="Upload documents and add them to the graph")
async def ingest_files(svc: WriterDep, files: Annotated[list[UploadFile], File(description=".txt/.md documents")],
                       replace: Annotated[bool, Query(description="load only these files")] = False
                       ) -> IngestReport:
    """Unreadable files are reported and skipped; if none can be read, or the graph would violate its
    shapes, nothing changes. Answers come from the new generation as soon as this returns."""
    if not files:
        raise BadRequest("send one or more documents as multipart form field 'files'")
    folder = svc.settings.data_dir / "uploads" / f"load-{time.time_ns()}"
    paths = await _save(files, folder)
    result = ingest(paths, svc.store, replace=replace, wait=False)
    if not result.manifest:
        raise BadRequest("no document could be read: " + "; ".join(o.error or "" for o in result.failed))
    svc.refresh(force=True)
    return IngestReport(generation=result.manifest.generation, documents=len(result.manifest.documents),
                        quads=result.manifest.quads, loaded=len(result.outcomes) - len(result.failed),
                        failed=len(result.failed), files=[FileOutcome(**asdict(o)) for o in result.outcomes])


@router.post("/neo4j/push", response_model=PushReport, summary="Bring Neo4j to the current graph")
def push(svc: WriterDep, full: bool = False) -> PushReport:
    """The nodes the loads since the last push changed, in one transaction, or (``full``, or when
    Neo4j holds no generation the current one was changed from) the whole graph as a new
    generation; queries see the previous graph until the end."""
    if svc.neo4j is None:
        raise BackendUnavailable("this server has no Neo4j (set NEO4J_URI)")
    result = sync(svc.neo4j, svc.store, full=full)
    return PushReport(generation=result.generation, nodes=result.nodes, relationships=result.relationships,
                      seconds=result.seconds, incremental=result.incremental)
