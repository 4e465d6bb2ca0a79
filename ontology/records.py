"""The domain records: what the loaders extract from one document.

These pydantic models are the interchange format of ``policygraph extract`` (its JSON Schema is
``ontology/extraction.schema.json``, generated from them) and the input of the graph builder.
They are defined once; RDF, Neo4j rows and API responses are derived from them.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

SCHEMA_VERSION: Literal["1.0"] = "1.0"


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Relation(StrEnum):
    """How one document relates to another (see the ELI alignment in policygraph.ttl)."""

    IMPLEMENTS = "implements"
    BASED_ON = "based_on"
    AMENDS = "amends"
    CONTINUES = "continues"
    CITES = "cites"


class Role(StrEnum):
    """An agency's role on a task."""

    HOST = "host"
    COORDINATOR = "coordinator"
    DECIDER = "decider"
    DIRECTOR = "director"
    REPORTING = "reporting"


class Comparator(StrEnum):
    """How a target's value is to be read (the phrases that choose one: ``loaders/targets.py``)."""

    EQ = "="
    GE = ">="
    LE = "<="
    LT = "<"
    GT = ">"
    RANGE = "range"  # from value to value_max
    REDUCE_BY = "reduce_by"  # lower the indicator by value ("giảm 4/5 số hộ nghèo", "giảm … 1%/năm")
    ELIMINATE = "eliminate"  # bring it to nothing: value 0 ("xoá bỏ hoàn toàn", "không còn hộ nghèo")
    LEVEL = "level"  # reach or keep a graded level: value is the grade ("mức độ 3")
    PER_YEAR = "per_year"  # value (or value..value_max) every year ("mỗi năm tổ chức 20 - 22 sàn")


class Recurrence(StrEnum):
    """How often a task falls due again (``thường xuyên`` is ongoing: due at every date)."""

    YEARLY = "yearly"
    QUARTERLY = "quarterly"
    MONTHLY = "monthly"
    ONGOING = "ongoing"


class AgencyKind(StrEnum):
    AGENCY = "agency"
    GROUP = "group"


class Source(Record):
    """Where a fact was read: the file, its 1-based line span and the quoted text (NFC, not folded)."""

    file: str
    line_start: int = Field(ge=1)
    line_end: int = Field(ge=1)
    quote: str


class SourceFile(Record):
    file: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    encoding: str
    size: int


class AgencyRef(Record):
    """A resolved agency or group: the registry's canonical name and stable id."""

    id: str
    name: str
    kind: AgencyKind
    category: str
    province: str | None = None


class DocumentRecord(Record):
    id: str
    kind: str = Field(description="kind code: NQ, KL, QĐ, KH, CTr, CT, NĐ, TT, HD …")
    number: str | None = None
    symbol: str | None = Field(default=None, description="the symbol as people write it: 68/NQ-CP, 42-NQ/TW")
    date: dt.date | None = None
    year: int | None = None
    issuer: str = Field(description="the issuing body's canonical name, or its code when unknown")
    issuer_code: str
    province: str | None = Field(default=None, description="canonical province name for provincial issuers")
    draft: bool = False
    title: str = ""
    period_start: int | None = None
    period_end: int | None = None
    lead_agency: AgencyRef | None = Field(default=None,
                                          description="the body that hosts the document as a whole")
    source: Source | None = None


class ReferenceRecord(Record):
    """A mention of another document, classified; ``subject`` is the document standing in the relation."""

    id: str
    kind: str
    number: str | None
    symbol: str | None = Field(default=None, description="the symbol as people write it: 68/NQ-CP, 42-NQ/TW")
    issuer: str
    issuer_code: str
    province: str | None = None
    date: dt.date | None = None
    year: int | None = None
    title: str | None = None
    relation: Relation
    subject: str
    source: Source


class SectionRecord(Record):
    path: str
    heading: str
    source: Source


class AssignmentRecord(Record):
    role: Role
    agency: AgencyRef
    inherited: bool = False
    requested: bool = False
    source: Source


class Deadline(Record):
    """A task's deadline as data. ``period`` is the time it is due in, ISO-like: a year ``2022``, a
    quarter ``2021-Q4``, a month ``2023-12``, a day ``2023-12-05`` or years ``2021/2025``; ``start`` and
    ``end`` are its first and last days (``end`` alone for "trước ngày …"). ``recurrence`` says it
    falls due again; ``day`` (``12-05``) is the day of the year a yearly task is due by."""

    period: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    recurrence: Recurrence | None = None
    day: str | None = Field(default=None, pattern=r"^\d\d-\d\d$")
    quote: str


class TaskRecord(Record):
    # The role lists (host, coordinators …) are derived from ``assignments`` and written out for
    # readers of the JSON; reading them back in is tolerated, not trusted.
    model_config = ConfigDict(frozen=True, extra="ignore")

    id: str
    section: str
    text: str
    assignments: tuple[AssignmentRecord, ...] = ()
    deadline: str | None = None
    due: Deadline | None = Field(default=None, description="the deadline read as a date, period and recurrence")
    funding: str | None = None
    details: tuple[str, ...] = Field(default=(), description=(
        "ids of the statements of this document that restate this task with more detail (an appendix "
        "row, a later duty provision): one task, many statements (loaders/restatements.py)"))
    source: Source

    def _names(self, role: Role) -> list[str]:
        return [a.agency.name for a in self.assignments if a.role is role]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def host(self) -> list[str]:
        return self._names(Role.HOST)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def host_inherited(self) -> bool:
        hosts = [a for a in self.assignments if a.role is Role.HOST]
        return bool(hosts) and all(a.inherited for a in hosts)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def coordinators(self) -> list[str]:
        return self._names(Role.COORDINATOR)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def deciders(self) -> list[str]:
        return self._names(Role.DECIDER)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def directors(self) -> list[str]:
        return self._names(Role.DIRECTOR)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def reporting(self) -> list[str]:
        return self._names(Role.REPORTING)


class TargetRecord(Record):
    id: str
    section: str
    text: str
    indicator: str
    indicator_id: str
    comparator: Comparator
    value: float
    value_max: float | None = None
    unit: str = Field(description="%, căn, ha, giường bệnh/10.000 dân …; empty for an elimination (value 0)")
    year: int | None = None
    base_year: int | None = Field(default=None, description="the year the change is measured from, when stated")
    source: Source


class WarningRecord(Record):
    code: str
    message: str
    source: Source | None = None


class Extraction(Record):
    """Everything read from one file."""

    schema_version: Literal["1.0"] = SCHEMA_VERSION
    file: SourceFile
    document: DocumentRecord
    references: tuple[ReferenceRecord, ...] = ()
    sections: tuple[SectionRecord, ...] = ()
    tasks: tuple[TaskRecord, ...] = ()
    targets: tuple[TargetRecord, ...] = ()
    warnings: tuple[WarningRecord, ...] = ()
