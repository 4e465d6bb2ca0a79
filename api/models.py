"""API response models. Their fields are the columns of the named queries that fill them (a test
checks they never drift apart); JSON Schema and OpenAPI derive from these."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, computed_field

from loaders.messages import WARNING_KINDS


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


# The symbol of the document a row belongs to, on every row that names a document by id, so that
# people read "113/KH-UBND" where the id is for machines.
DocumentSymbol = Annotated[str | None, Field(examples=["113/KH-UBND"], description="the symbol of the row's "
                                             "document as people write it; none for an unnumbered draft")]


class DocumentSummary(Out):
    """Columns of the ``documents`` query."""

    id: str = Field(examples=["9491-KH-UBND-dong-nai-2021"])
    symbol: str | None = Field(examples=["9491/KH-UBND"], description="the symbol as people write it (số, ký "
                               "hiệu): 42-NQ/TW, 68/NQ-CP; none for an unnumbered draft")
    kind: str = Field(examples=["KH"])
    number: str | None = Field(examples=["9491"])
    date: str | None = Field(examples=["2021-08-10"])
    year: int | None = Field(examples=[2021])
    issuer: str | None = Field(examples=["Ủy ban nhân dân tỉnh Đồng Nai"])
    issuer_code: str = Field(examples=["UBND"])
    province: str | None = Field(examples=["dong-nai"])
    province_name: str | None = Field(examples=["tỉnh Đồng Nai"])
    title: str | None
    loaded: bool
    draft: bool | None


Item = TypeVar("Item")


class Page(Out, Generic[Item]):
    """The one shape of every list the API answers: the rows from ``offset``, at most ``limit`` of
    them, and how many rows the whole list holds (``total``, counted over every row the store
    answered for the filters, not over this page)."""

    total: int = Field(description="rows in the whole list, for these filters")
    offset: int = Field(description="rows skipped before the first item")
    limit: int = Field(description="at most this many items")
    items: list[Item]


DocumentPage = Page[DocumentSummary]


class Reference(Out):
    """Columns of the ``document_references`` query."""

    direction: str = Field(examples=["out"])
    relation: str = Field(examples=["implements"])
    other_id: str = Field(examples=["54-KH-TU-dong-nai-2021"])
    other_symbol: str | None = Field(examples=["54-KH/TU"])
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
    document_id: str
    document_symbol: str | None = Field(examples=["113/KH-UBND"], description="none for an unnumbered draft")
    section: str
    text: str


class DocumentWarning(Out):
    """Columns of the ``document_warnings`` query: what the reader could not settle, with its line."""

    warning_id: str
    code: str = Field(examples=["implements_mismatch"])
    message: str
    file: str | None
    line_start: int | None
    line_end: int | None
    quote: str | None

    @computed_field(description="the kind of warning in Vietnamese, as the page names it")  # type: ignore[prop-decorator]
    @property
    def kind_label(self) -> str:
        return WARNING_KINDS.get(self.code, self.code)


class DocumentDetail(Out):
    document: DocumentSummary
    counts: dict[str, int]
    references_out: list[Reference]
    references_in: list[Reference]
    tasks: list[TaskSummary]
    warnings: list[DocumentWarning]


class LineageNode(Out):
    id: str
    kind: str = Field(examples=["document"])
    label: str | None
    symbol: str | None = Field(default=None, examples=["42-NQ/TW"], description="a document's symbol (none for "
                               "a task or an unnumbered draft)")


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
    document_symbol: str | None = Field(examples=["113/KH-UBND"])
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
    as_of: dt.date
    field_evidence: str | None = Field(default=None, description="fields of state management the task's words show, "
                                       "with the words: 'poverty: giam ngheo, ho ngheo'")
    responsible_now: list[ResponsibleNow]


class AgencyOut(Out):
    """Columns of the ``agencies`` query."""

    id: str = Field(examples=["so-lao-dong-tbxh.ha-nam"])
    name: str = Field(examples=["Sở Lao động - Thương binh và Xã hội tỉnh Hà Nam"])
    kind: str
    category: str | None
    province: str | None
    valid_from: str | None = Field(default=None, description="first day of this body (absent: before the records)")
    valid_to: str | None = Field(default=None, description="last day of this body (absent: it exists)")


class AssignmentKind(StrEnum):
    """Why a task is on an agency's list: four things an official weighs differently."""

    NAMED = "named"                    # the document names this body (or its group) for the task
    GENERAL_CLAUSE = "general_clause"  # no body named for the task: the document's general clause gives it
    SUCCEEDED = "succeeded"            # the named body's work passed to this one; the route is certain
    POSSIBLE = "possible"              # one of several successors of a split body: the task's field is unknown


# route reasons of inherited_assignments whose successor is certain (the others list every candidate)
CERTAIN_ROUTES = frozenset({"whole", "matched", "residual"})


class Assignment(Out):
    """Columns of the ``agency_assignments`` query, and of ``inherited_assignments`` for tasks the
    body carries because it succeeded the body the document named (``origin_id``); ``kind`` says
    which of the four kinds of row it is."""

    task_id: str
    document_id: str
    document_symbol: DocumentSymbol = None
    role: str
    via_group: str | None = None
    via_group_name: str | None = Field(default=None, description="the name of that group, in Vietnamese")
    inherited: bool = False
    requested: bool = False
    task_text: str
    quote: str | None = Field(default=None, description="the lines that give the task to the body (for a row "
                              "inherited through the reorganisation: to the body the document named)")
    file: str | None = None
    line_start: int | None = None
    line_end: int | None = None
    deadline: str | None = Field(default=None, description="the task's deadline as written")
    origin_id: str | None = Field(default=None, description="the body named in the document, when inherited "
                                  "through the reorganisation")
    origin_name: str | None = None
    route_reason: str | None = Field(default=None, description="whole, matched, residual, unclassified or "
                                     "unmatched (every successor of a split body is a candidate)")
    route_id: str | None = None
    event_id: str | None = None
    effective: str | None = None
    legal_basis: str | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def kind(self) -> AssignmentKind:
        if self.origin_id is not None:
            return AssignmentKind.SUCCEEDED if self.route_reason in CERTAIN_ROUTES else AssignmentKind.POSSIBLE
        return AssignmentKind.GENERAL_CLAUSE if self.inherited else AssignmentKind.NAMED


class ProvinceDocument(Out):
    """Columns of the ``province_documents`` query."""

    document_id: str
    document_symbol: DocumentSymbol = None
    kind: str
    year: int | None
    title: str | None
    named_province: str = Field(description="the province the document names")
    route_id: str | None = Field(description="absent when the document names this province itself")
    event_id: str | None
    effective: str | None
    legal_basis: str | None


class AgencyDetail(Out):
    agency: AgencyOut
    counts: dict[str, int]
    as_of: dt.date
    inherited: int = Field(description="assignments carried over from bodies this one succeeded, as of as_of")
    succeeded_by: list[str] = Field(default_factory=list, description="successors of this body by as_of")


class SuccessionStep(Out):
    event_id: str
    effective: str = Field(examples=["2025-03-01"])
    successor_id: str | None = Field(description="absent when the successor is unknown (see note)")
    successor_name: str | None
    status: str = Field(examples=["verified"], description="verified, not_verified or not_covered")
    legal_basis: str | None = Field(examples=["45-2025-ND-CP"])
    scope: str | None = Field(examples=["labour"], description="the field the successor took, at a split (a code)")
    scope_label: str | None = Field(default=None, examples=["Giáo dục nghề nghiệp"],
                                    description="the name of that field, in Vietnamese (what people read)")
    note: str = Field(description="what happened, in Vietnamese (the reference data's own words, or why the "
                                  "successor is unknown)")


class Holder(Out):
    """Whoever carries the named body's part of the task at the date, and the chain that led there."""

    route_id: str | None
    holder_id: str | None = Field(description="absent when the chain ends at an unknown successor")
    holder_name: str | None
    known: bool
    chain: list[SuccessionStep]


class ResponsibleNow(Out):
    role: str = Field(examples=["host"])
    named_id: str = Field(examples=["so-lao-dong-tbxh.hai-duong"])
    named_name: str
    inherited: bool = Field(description="the document named no host for the task: its lead agency is the host")
    route_reason: str | None = Field(description="why these holders: whole, matched (the task's field), residual, "
                                     "unclassified or unmatched (every successor is a candidate)")
    holders: list[Holder]
    ambiguous: bool = Field(description="more than one candidate holder: the task's field did not decide")


class DueTask(Out):
    """Columns of the ``due_tasks`` query: a task of the agency that is due or past due at a date.
    ``past_due`` only says the deadline passed: the graph holds no completion data."""

    task_id: str
    document_id: str
    document_symbol: DocumentSymbol = None
    role: str = Field(examples=["host"])
    via_group: str | None = Field(description="the group through which the agency holds the task, if any")
    status: str = Field(examples=["past_due"], description="past_due (the deadline's last day has passed; no "
                        "completion data exists), due (within the deadline's period) or recurring (yearly, "
                        "quarterly, monthly or ongoing)")
    deadline: str = Field(examples=["Quý IV/2021"], description="the deadline as written")
    period: str | None = Field(examples=["2021-Q4"], description="2022, 2021-Q4, 2023-12, 2023-12-05 or 2021/2025")
    due_start: dt.date | None
    due_end: dt.date | None
    recurrence: str | None = Field(examples=["yearly"])
    next_due: str | None = Field(description="the next yearly due day on or after the date, else the "
                                 "deadline's last day")
    task_text: str


class TargetOut(Out):
    """Columns of the ``targets_by_indicator`` query."""

    target_id: str
    document_id: str
    document_symbol: DocumentSymbol = None
    indicator: str = Field(examples=["unemployment-rate"])
    indicator_label: str | None = Field(examples=["Tỷ lệ thất nghiệp"], description="the indicator's Vietnamese label")
    province: str | None = Field(examples=["ha-nam"], description="the id of the document's province")
    province_name: str | None = Field(examples=["tỉnh Hà Nam"])
    comparator: str = Field(description="=, >=, <=, <, >, range (value to value_max), reduce_by (lower by value), "
                            "eliminate (to 0), level (reach grade value), per_year (value every year)")
    value: float
    value_max: float | None
    unit: str | None
    year: int | None
    base_year: int | None = Field(description="the year a change is measured from, when stated")
    text: str


class ProvinceOut(Out):
    """Columns of the ``provinces`` query."""

    id: str = Field(examples=["hai-phong-2025"])
    name: str = Field(examples=["thành phố Hải Phòng"])
    unit_type: str | None = Field(examples=["thành phố"])
    valid_from: str | None = Field(description="first day of this province (absent: before the records)")
    valid_to: str | None = Field(description="last day of this province (absent: it exists)")
    succeeded_by: str | None = Field(description="the province it merged into")
    documents: int = Field(description="documents that name this province")


class IndicatorOut(Out):
    id: str
    label: str | None
    label_en: str | None
    targets: int


class SearchHit(Out):
    kind: str
    id: str
    label: str | None
    province: str | None = Field(description="the province of the agency or document (of a task's or target's "
                                             "document); none for central bodies and documents")
    symbol: str | None = Field(None, description="the symbol of the document (of a task's or target's document) as "
                                                 "people write it (42-NQ/TW); none for agencies and unnumbered drafts")


class FacetValue(Out):
    value: str | None = Field(description="none: central (no province)")
    count: int


class SearchFacets(Out):
    kind: list[FacetValue] = Field(description="how many matches of each kind, in the order of the results")
    province: list[FacetValue] = Field(description="how many matches in each province, most first")


class SearchResult(Page[SearchHit]):
    query: str
    folded: str = Field(description="the words searched for, folded (no diacritics, lower case), one space "
                                    "apart; every match holds all of them, in any order")
    items: list[SearchHit] = Field(description="the best matches first: the document the search names by kind "
                                               "and number or by its symbol; then agencies, documents, tasks "
                                               "and targets, each the shortest texts first (where the words are "
                                               "most of what is said), then by id")
    more: bool = Field(description="more texts match than are listed: add words to narrow the search (or page on)")
    facets: SearchFacets = Field(description="the matches counted by kind and by province (all the matches "
                                             "found, up to 501, not only those listed)")


class QueryInfo(Out):
    name: str
    description: str
    params: list[dict[str, Any]]
    columns: list[str]
    example: dict[str, str]


class QueryResult(Page[dict[str, Any]]):
    """A named query's answer, a page of its rows (each row a dict of the columns)."""

    name: str
    backend: str
    columns: list[str]


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
    404: _problem("no such document, task, agency or query, or a filter value (province, agency, indicator, "
                  "document) that names nothing"),
    422: _problem("a parameter is missing or invalid (a date that is not YYYY-MM-DD, a limit outside 1-500)"),
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
