"""API response models. Their fields are the columns of the named queries that fill them (a test
checks they never drift apart); JSON Schema and OpenAPI derive from these."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DocumentSummary(Out):
    """Columns of the ``documents`` query."""

    id: str = Field(examples=["9491-KH-UBND-dong-nai-2021"])
    kind: str = Field(examples=["KH"])
    number: str | None = Field(examples=["9491"])
    date: str | None = Field(examples=["2021-08-10"])
    year: int | None = Field(examples=[2021])
    issuer: str | None = Field(examples=["Ủy ban nhân dân tỉnh Đồng Nai"])
    issuer_code: str = Field(examples=["UBND"])
    province: str | None = Field(examples=["dong-nai"])
    title: str | None
    loaded: bool
    draft: bool | None


class Page(Out):
    total: int
    offset: int
    limit: int


class DocumentPage(Page):
    items: list[DocumentSummary]


class Reference(Out):
    """Columns of the ``document_references`` query."""

    direction: str = Field(examples=["out"])
    relation: str = Field(examples=["implements"])
    other_id: str = Field(examples=["54-KH-TU-dong-nai-2021"])
    other_title: str | None
    quote: str | None
    file: str | None
    line_start: int | None
    line_end: int | None


class SectionOut(Out):
    path: str = Field(examples=["III.6.2"])
    heading: str


class TaskSummary(Out):
    """Columns of the ``document_tasks`` query."""

    task_id: str
    section: str
    text: str


class DocumentDetail(Out):
    document: DocumentSummary
    counts: dict[str, int]
    references_out: list[Reference]
    references_in: list[Reference]
    tasks: list[TaskSummary]


class LineageNode(Out):
    id: str
    kind: str = Field(examples=["document"])
    label: str | None


class LineageEdge(Out):
    from_id: str
    to_id: str
    relation: str
    quote: str | None = None
    file: str | None = None
    line_start: int | None = None
    line_end: int | None = None


class Lineage(Out):
    start: str
    direction: str
    nodes: list[LineageNode]
    edges: list[LineageEdge]
    chains: list[list[str]] = Field(default_factory=list,
                                    description="every path of document ids from the start to a root")


class Responsible(Out):
    """Columns of the ``responsible_for`` query."""

    role: str = Field(examples=["host"])
    agency_id: str
    agency_name: str
    inherited: bool
    requested: bool
    quote: str
    file: str
    line_start: int
    line_end: int


class TaskDetail(Out):
    """Columns of the ``task`` query, and who is responsible."""

    id: str
    document_id: str
    document_title: str | None
    section: str
    heading: str
    text: str
    deadline: str | None
    funding: str | None
    quote: str
    file: str
    line_start: int
    line_end: int
    responsible: list[Responsible]


class AgencyOut(Out):
    """Columns of the ``agencies`` query."""

    id: str = Field(examples=["so-lao-dong-tbxh.ha-nam"])
    name: str = Field(examples=["Sở Lao động - Thương binh và Xã hội tỉnh Hà Nam"])
    kind: str
    category: str | None
    province: str | None


class Assignment(Out):
    """Columns of the ``agency_assignments`` query."""

    task_id: str
    document_id: str
    role: str
    via_group: str | None
    inherited: bool
    requested: bool
    task_text: str
    quote: str


class AgencyDetail(Out):
    agency: AgencyOut
    counts: dict[str, int]


class TargetOut(Out):
    """Columns of the ``targets_by_indicator`` query."""

    target_id: str
    document_id: str
    province: str | None
    comparator: str
    value: float
    value_max: float | None
    unit: str | None
    year: int | None
    text: str


class IndicatorOut(Out):
    id: str
    label: str | None
    label_en: str | None
    targets: int


class SearchHit(Out):
    kind: str
    id: str
    label: str | None


class SearchResult(Out):
    query: str
    folded: str
    items: list[SearchHit]


class QueryInfo(Out):
    name: str
    description: str
    params: list[dict[str, Any]]
    columns: list[str]
    example: dict[str, str]


class QueryResult(Out):
    name: str
    backend: str
    columns: list[str]
    rows: list[dict[str, Any]]


class Problem(BaseModel):
    """RFC 9457 problem details: the one shape of every error."""

    model_config = ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str | None = None


def _problem(description: str) -> dict[str, Any]:
    return {"model": Problem, "description": description,
            "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    403: _problem("refused: the request would change data or escape its limits"),
    404: _problem("no such document, task, agency or query"),
    422: _problem("a parameter is missing or invalid"),
    503: _problem("the graph backend is unavailable"),
}


class Health(Out):
    status: str
    backend: str
    documents: int
    quads: int
    loaded_at: float
    load_seconds: float
    neo4j_generation: str | None = None
