"""Synthetic corpus generator: documents in the layouts of the real corpus, with the ground truth.

    python -m bench.generate --tier M --out .work/gen-M --seed 1 [--documents N] [--no-probes]

Tiers: ``S`` is the real corpus (copied, with the hand-checked truth of ``bench/truth/real``),
``M`` 1,000 documents, ``L`` 10,000 documents (over 300,000 tasks). ``--documents`` overrides the
count (a seed's plan holds about 11,400 documents; asking for more writes them all). The same seed
gives byte-identical output.

The planner lays out lineage chains the way policy flows: a central document (42-NQ/TW, 92-KL/TW,
15-NQ/TW) → a Government document (68/NQ-CP, 1983/QĐ-TTg) and ministry plans → each province's Party
programme → the provincial People's Committee plan → department plans and yearly plans, for the 63
provinces before 1/7/2025 and the 34 after. Documents are planned first (small records) and then
written one at a time, text and truth streamed to disk, so memory stays flat at any size.

Output: ``<out>/corpus/*.txt`` and ``<out>/truth/{documents,lineage,tasks,targets}.jsonl``, with the
ids the loader is specified to produce, and ``<out>/manifest.json`` (counts and bytes; the seconds
taken are printed, not written, so the folder is the same bytes for the same seed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import shutil
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

from bench.compose import CENTRAL_NAMES, PROVINCIAL_NAMES, Edge, Rand, Ref, agency_id
from bench.layouts import LAYOUTS, Spec, Written
from bench.vocab import ROOT, Province, central_documents, provinces_34, provinces_63

Tier = Literal["S", "M", "100k", "L"]
# 100k: the smallest graph with at least 100,000 tasks (~42 tasks a document), the size issue
# "Neo4j" sets for its push and query benchmark.
TIER_DOCUMENTS: dict[str, int] = {"M": 1_000, "100k": 2_500, "L": 10_000}
TIERS = ("S", *TIER_DOCUMENTS)
REAL_TRUTH = ROOT / "bench" / "truth" / "real"
TRUTH_FILES = ("documents", "lineage", "tasks", "targets")

# -- the central documents every chain starts from -------------------------------------------------


def _day(iso: tuple[int, int, int]) -> dt.date:
    return dt.date(*iso)


def central_refs() -> dict[str, Ref]:
    """The real central documents as provincial plans cite them, each with what it implements."""
    c = central_documents()
    r15 = Ref(c["15-NQ-TW-2012"].id, "Nghị quyết", c["15-NQ-TW-2012"].label, _day(c["15-NQ-TW-2012"].date),
              "Ban Chấp hành Trung ương Đảng khóa XI", c["15-NQ-TW-2012"].about)
    plenum = Ref(r15.id, r15.word, r15.label, r15.date, r15.issuer,
                 "một số vấn đề về chính sách xã hội giai đoạn 2012 - 2020",
                 plenum="Nghị quyết Hội nghị Trung ương 5 khóa XI")
    r42 = Ref(c["42-NQ-TW-2023"].id, "Nghị quyết", c["42-NQ-TW-2023"].label, _day(c["42-NQ-TW-2023"].date),
              "Ban Chấp hành Trung ương Đảng khóa XIII", c["42-NQ-TW-2023"].about)
    r92 = Ref(c["92-KL-TW-2020"].id, "Kết luận", c["92-KL-TW-2020"].label, _day(c["92-KL-TW-2020"].date),
              "Bộ Chính trị", c["92-KL-TW-2020"].about, parent=plenum, verb="về tiếp tục thực hiện",
              about_edges=(Edge(c["92-KL-TW-2020"].id, "continues", r15.id),))
    r68 = Ref(c["68-NQ-CP-2024"].id, "Nghị quyết", c["68-NQ-CP-2024"].label, _day(c["68-NQ-CP-2024"].date),
              "Chính phủ", c["68-NQ-CP-2024"].about, parent=r42, verb="ban hành Chương trình hành động thực hiện",
              about_edges=(Edge(c["68-NQ-CP-2024"].id, "implements", r42.id),))
    r1983 = Ref(c["1983-QD-TTg-2021"].id, "Quyết định", c["1983-QD-TTg-2021"].label,
                _day(c["1983-QD-TTg-2021"].date), "Thủ tướng Chính phủ", c["1983-QD-TTg-2021"].about, parent=r92,
                verb="ban hành Kế hoạch triển khai thực hiện",
                about_edges=(Edge(c["1983-QD-TTg-2021"].id, "implements", r92.id),))
    return {"15": r15, "42": r42, "92": r92, "68": r68, "1983": r1983}


# -- campaigns -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Campaign:
    """One wave of provincial documents answering one central document."""

    name: str
    root: str  # the central document the Party programme implements
    government: str | None  # the Government document People's Committee plans implement
    party_window: tuple[str, str]
    ubnd_window: tuple[str, str]
    period: tuple[int, int]
    target_year: int
    annual_years: tuple[int, ...]
    ubnd_layouts: tuple[tuple[str, float], ...]
    post_2025: bool = False


CAMPAIGNS: tuple[Campaign, ...] = (
    Campaign("2012", "15", None, ("2012-07-01", "2012-12-20"), ("2013-01-10", "2013-06-30"), (2013, 2020), 2020,
             (2014, 2015, 2016, 2017, 2018, 2019), (("ubnd-free", 4), ("ubnd-duties", 3), ("ubnd-blocks", 3))),
    Campaign("2021", "92", "1983", ("2021-01-15", "2021-08-30"), ("2021-12-05", "2022-06-30"), (2021, 2025), 2025,
             (2022, 2023, 2024, 2025), (("ubnd-free", 4), ("ubnd-duties", 4), ("ubnd-blocks", 2))),
    Campaign("2024", "42", "68", ("2023-12-05", "2024-06-30"), ("2024-07-01", "2024-12-20"), (2024, 2030), 2030,
             (2025,), (("ubnd-blocks", 6), ("ubnd-duties", 3), ("ubnd-free", 1))),
    Campaign("2025", "42", "68", ("2025-07-15", "2025-12-20"), ("2026-01-05", "2026-06-30"), (2026, 2030), 2030,
             (2027, 2028, 2029, 2030), (("ubnd-blocks", 5), ("ubnd-duties", 5)), post_2025=True),
)
# Departments that write their own plan, with the code in their numbers; codes of seven letters are
# probes (the header reader keeps six).
DEPARTMENTS_OLD = (("so-lao-dong-tbxh", "SLĐTBXH"), ("so-y-te", "SYT"), ("so-giao-duc-dao-tao", "SGDĐT"),
                   ("so-xay-dung", "SXD"), ("so-noi-vu", "SNV"), ("so-tai-chinh", "STC"),
                   ("so-ke-hoach-dau-tu", "SKHĐT"), ("so-thong-tin-truyen-thong", "STTTT"),
                   ("so-van-hoa-the-thao-du-lich", "SVHTTDL"), ("so-nong-nghiep-ptnt", "SNN"))
DEPARTMENTS_NEW = (("so-noi-vu", "SNV"), ("so-y-te", "SYT"), ("so-giao-duc-dao-tao", "SGDĐT"), ("so-xay-dung", "SXD"),
                   ("so-tai-chinh", "STC"), ("so-khoa-hoc-cong-nghe", "SKHCN"),
                   ("so-van-hoa-the-thao-du-lich", "SVHTTDL"), ("so-nong-nghiep-moi-truong", "SNNMT"))
MINISTRIES = (("bo-ldtbxh", "LĐTBXH", "so-lao-dong-tbxh"), ("bo-y-te", "BYT", "so-y-te"),
              ("bo-gddt", "BGDĐT", "so-giao-duc-dao-tao"), ("bo-xay-dung", "BXD", "so-xay-dung"),
              ("bo-noi-vu", "BNV", "so-noi-vu"), ("bo-tai-chinh", "BTC", "so-tai-chinh"))

# -- planning --------------------------------------------------------------------------------------


@dataclass
class Chain:
    """One province's documents for one campaign, in the order they cite each other."""

    province: Province
    campaign: Campaign
    ubnd: Spec | None = None
    ubnd_ref: Ref | None = None


class Planner:
    """Decides which documents exist, their numbers, dates and parents; never writes text."""

    def __init__(self, seed: int, probes: bool) -> None:
        self.rng = Rand(f"plan:{seed}")
        self.probes = probes
        self.central = central_refs()
        self.numbers: dict[tuple[str, str, int], int] = {}
        self.ministry: dict[tuple[str, str], tuple[Spec, Ref]] = {}

    # numbers and dates
    def number(self, code: str, scope: str, year: int, lo: int, hi: int) -> str:
        key = (code, scope, year)
        current = self.numbers.get(key) or self.rng.randint(lo, hi)
        self.numbers[key] = current + self.rng.randint(1, 40)
        return str(current)

    def date(self, window: tuple[str, str], after: dt.date | None = None) -> dt.date:
        lo, hi = dt.date.fromisoformat(window[0]), dt.date.fromisoformat(window[1])
        if after is not None:
            lo = max(lo, after + dt.timedelta(days=10))
            hi = max(hi, lo + dt.timedelta(days=30))
        return lo + dt.timedelta(days=self.rng.randint(0, (hi - lo).days))

    def size(self) -> float:
        """How much longer or shorter than usual a document is: mostly 0.7-1.8, now and then 4."""
        return min(4.0, max(0.5, math.exp(self.rng.gauss(0.15, 0.5))))

    # documents
    def ministries(self, campaign: Campaign) -> list[Spec]:
        if campaign.government is None or campaign.post_2025:
            return []
        gov = self.central[campaign.government]
        specs = []
        for key, code, department in MINISTRIES:
            when = self.date((campaign.ubnd_window[0], campaign.ubnd_window[0]), after=gov.date)
            number = self.number(code, "", when.year, 200, 4000)
            spec = Spec(index=0, layout="ministry-plan", level="ministry", kind="KH", issuer_code=code,
                        issuer_key=key, province=None, date=when, number=number, parents=[gov],
                        period=campaign.period, target_year=campaign.target_year, size=self.size())
            ref = Ref(spec.doc_id(), "Kế hoạch", f"{number}/KH-{code}", when, CENTRAL_NAMES[key][0],
                      f"về triển khai thực hiện {gov.word} số {gov.label}", parent=gov, verb="triển khai thực hiện")
            self.ministry[(campaign.name, department)] = (spec, ref)
            specs.append(spec)
        return specs

    def party(self, chain: Chain) -> Spec:
        c, p = chain.campaign, chain.province
        root = self.central[c.root]
        when = self.date(c.party_window, after=root.date)
        annex = c.name == "2021" and self.rng.chance(0.5)
        draft = not annex and c.name in {"2024", "2025"} and self.rng.chance(0.25)
        btv = c.name == "2021" and not annex
        kind = "KH" if btv else "CTr"
        number = None if draft else self.number("TU", p.id, when.year, 5, 250)
        spec = Spec(index=0, layout="party-annex" if annex else "party-plain", level="party", kind=kind,
                    issuer_code="TU", issuer_key="ban-thuong-vu-tinh-uy" if btv else "ban-chap-hanh-dang-bo",
                    province=p, date=when, number=number, parents=[root],
                    lead="so-lao-dong-tbxh" if annex or self.rng.chance(0.3) else None,
                    period=c.period, target_year=c.target_year, size=self.size(), post_2025=c.post_2025)
        if annex:
            spec.period, spec.target_year = (2021, 2025), 2025
        if spec.post_2025 and spec.lead:
            spec.lead = "so-noi-vu"
        return spec

    def party_ref(self, spec: Spec) -> Ref | None:
        if spec.number is None:
            return None
        p = spec.province
        assert p is not None
        if spec.kind == "KH":
            return Ref(spec.doc_id(), "Kế hoạch", f"{spec.number}-KH/TU", spec.date,
                       f"Ban Thường vụ {p.party_committee}", "", parent=spec.parents[0], verb="về triển khai thực hiện")
        word = "Chương trình hành động" if spec.layout == "party-plain" else "Chương trình"
        issuer = p.party_committee if self.rng.chance(0.6) else f"Ban Chấp hành Đảng bộ {p.unit}"
        return Ref(spec.doc_id(), word, f"{spec.number}-CTr/TU", spec.date, issuer, "", parent=spec.parents[0],
                   verb=self.rng.pick(("thực hiện", "về thực hiện")))

    def ubnd(self, chain: Chain, party_ref: Ref | None) -> Spec:
        c, p = chain.campaign, chain.province
        layout = self.rng.weighted(c.ubnd_layouts)
        parents: list[Ref] = []
        if c.government and (layout != "ubnd-free" or party_ref is None):
            parents.append(self.central[c.government])
        if party_ref is not None and (layout != "ubnd-duties" or self.rng.chance(0.5)):
            parents.append(party_ref)
        if not parents:
            parents.append(self.central[c.root])
        if layout == "ubnd-free" and len(parents) > 1:
            parents = parents[-1:]
        when = self.date(c.ubnd_window, after=max(r.date for r in parents))
        lead = ("so-noi-vu" if self.rng.chance(0.6) else "so-y-te") if c.post_2025 else \
            ("so-lao-dong-tbxh" if self.rng.chance(0.9) else "so-y-te")
        spec = Spec(index=0, layout=layout, level="ubnd", kind="KH", issuer_code="UBND", issuer_key="ubnd", province=p,
                    date=when, number=self.number("UBND", p.id, when.year, 40, 6000), parents=parents, lead=lead,
                    period=c.period, target_year=c.target_year, size=self.size(), post_2025=c.post_2025)
        ministry = self.ministry.get((c.name, "so-lao-dong-tbxh" if not c.post_2025 else "so-noi-vu"))
        if ministry and self.rng.chance(0.3) and ministry[1].date < when:
            spec.bases = [ministry[1]]
        return spec

    def ubnd_ref(self, spec: Spec) -> Ref:
        p = spec.province
        assert p is not None and spec.number is not None
        verb = self.rng.weighted((("thực hiện", 8), ("triển khai thực hiện", 2), ("về việc triển khai", 1)))
        also = tuple(spec.parents[1:]) if self.rng.chance(0.5) else ()
        return Ref(spec.doc_id(), "Kế hoạch", f"{spec.number}/KH-UBND", spec.date, f"Ủy ban nhân dân {p.unit}", "",
                   parent=spec.parents[0], verb=verb, also=also)

    def annual(self, chain: Chain, year: int) -> Spec:
        assert chain.ubnd is not None and chain.ubnd_ref is not None
        base, p = chain.ubnd, chain.province
        when = self.date((f"{year}-01-05", f"{year}-03-31"), after=base.date)
        draft = self.rng.chance(0.1)
        layout = self.rng.pick(("ubnd-blocks", "ubnd-duties"))
        return Spec(index=0, layout=layout, level="ubnd", kind="KH", issuer_code="UBND", issuer_key="ubnd",
                    province=p, date=when, number=None if draft else self.number("UBND", p.id, when.year, 40, 6000),
                    parents=[chain.ubnd_ref], lead=base.lead, period=(year, year), target_year=year,
                    size=self.size(), post_2025=base.post_2025, annual=year)

    def department(self, chain: Chain, key: str, code: str, year: int | None = None,
                   parent: Ref | None = None) -> Spec:
        assert chain.ubnd is not None and chain.ubnd_ref is not None
        if len(code) > 6 and not self.probes:
            code = code[1:]  # "LĐTBXH", "VHTTDL": the other spelling departments number with
        base, c = chain.ubnd, chain.campaign
        window = (f"{year}-01-05", f"{year}-03-31") if year else (base.date.isoformat(), base.date.isoformat())
        when = self.date(window, after=parent.date if parent else base.date)
        spec = Spec(index=0, layout="dept-plan", level="dept", kind="KH", issuer_code=code, issuer_key=key,
                    province=chain.province, date=when, number=self.number(code, "", when.year, 10, 900),
                    parents=[parent or chain.ubnd_ref], period=c.period, target_year=c.target_year,
                    size=self.size(), post_2025=c.post_2025, annual=year)
        if len(code) > 6:
            spec.probes.add("dept-code-7")
        ministry = self.ministry.get((c.name, key))
        if ministry and not year and self.rng.chance(0.5) and ministry[1].date < when:
            spec.bases = [ministry[1]]
        return spec

    @staticmethod
    def dept_ref(spec: Spec, name: str) -> Ref:
        assert spec.number is not None
        return Ref(spec.doc_id(), "Kế hoạch", f"{spec.number}/KH-{spec.issuer_code}", spec.date, name, "",
                   parent=spec.parents[0], verb="triển khai thực hiện")


def plan(n: int, seed: int, probes: bool = True) -> list[Spec]:
    """``n`` documents: ministry plans, then every chain's Party and People's Committee documents,
    then department and yearly plans, until ``n``; parents always before their children."""
    planner = Planner(seed, probes)
    rng = planner.rng
    out: list[Spec] = []
    for campaign in CAMPAIGNS:
        out += planner.ministries(campaign)
    rng.shuffle(out)
    out = out[:max(1, min(len(out), n // 80))]
    chains = [Chain(p, c) for c in CAMPAIGNS if not c.post_2025 for p in provinces_63()]
    chains += [Chain(p, c) for c in CAMPAIGNS if c.post_2025 for p in provinces_34()]
    chains = [c for c in chains if probes or c.province.name != "Huế"]
    rng.shuffle(chains)
    for chain in chains:
        party = planner.party(chain)
        party_ref = planner.party_ref(party)
        ubnd = planner.ubnd(chain, party_ref)
        chain.ubnd, chain.ubnd_ref = ubnd, planner.ubnd_ref(ubnd)
        out += [party, ubnd]
    extras: list[Spec] = []
    dept_mains: list[tuple[Chain, Spec]] = []
    for chain in chains:
        departments = DEPARTMENTS_NEW if chain.campaign.post_2025 else DEPARTMENTS_OLD
        for key, code in rng.sample(list(departments), len(departments)):
            spec = planner.department(chain, key, code)
            extras.append(spec)
            dept_mains.append((chain, spec))
    rng.shuffle(extras)
    yearly = [planner.annual(chain, year) for chain in chains for year in chain.campaign.annual_years]
    rng.shuffle(yearly)
    dept_yearly: list[Spec] = []
    for chain, main in dept_mains:
        name = PROVINCIAL_NAMES[main.issuer_key][0][0]
        ref = Planner.dept_ref(main, name)
        for year in chain.campaign.annual_years:
            dept_yearly.append(planner.department(chain, main.issuer_key, main.issuer_code, year, ref))
    rng.shuffle(dept_yearly)
    out += extras + yearly + dept_yearly
    out = out[:n]
    for k, spec in enumerate(out):
        spec.index, spec.probing = k, probes
    return out


# -- writing ---------------------------------------------------------------------------------------


def _file_name(spec: Spec) -> str:
    scope = spec.province.id if spec.province else spec.issuer_code.lower()
    return f"{spec.index:05d}_{spec.level}_{scope}.txt"


def _json(record: dict[str, object]) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


def _document_record(doc: Written, file: str) -> dict[str, object]:
    spec = doc.spec
    return {"file": file, "id": doc.id, "kind": spec.kind, "number": spec.number, "issuer_code": spec.issuer_code,
            "province": spec.province.id if spec.province and spec.level in {"party", "ubnd", "dept"} else None,
            "province_2025": spec.province.successor_id if spec.province and spec.post_2025 else None,
            "date": spec.date.isoformat() if spec.number else None, "year": spec.date.year, "draft": spec.draft,
            "layout": spec.layout, "level": spec.level,
            "lead": _lead_id(spec),
            "implements": [r.id for r in spec.parents], "based_on": [r.id for r in spec.bases],
            "probes": sorted(spec.probes), "tasks": len(doc.page.tasks), "targets": len(doc.page.targets)}


def _lead_id(spec: Spec) -> str | None:
    return agency_id(spec.lead, spec.province) if spec.lead else None


def write_truth(doc: Written, file: str, out: Mapping[str, IO[str]]) -> None:
    out["documents"].write(_json(_document_record(doc, file)))
    seen: set[Edge] = set()
    for edge in doc.page.edges:
        if edge in seen or edge.subject == edge.object:
            continue
        seen.add(edge)
        out["lineage"].write(_json({"file": file, "document": doc.id, "subject": edge.subject,
                                    "relation": edge.relation, "object": edge.object}))
    for t in doc.page.tasks:
        out["tasks"].write(_json({"file": file, "document": doc.id, "id": t.id, "line": t.line, "section": t.section,
                                  "host": t.host, "host_inherited": t.host_inherited,
                                  "coordinators": t.coordinators}))
    for g in doc.page.targets:
        out["targets"].write(_json({"file": file, "document": doc.id, "line": g.line, "section": g.section,
                                    "indicator_id": g.indicator_id, "comparator": g.comparator, "value": g.value,
                                    "value_max": g.value_max, "unit": g.unit, "year": g.year}))


def written(specs: list[Spec], seed: int) -> Iterator[Written]:
    for spec in specs:
        yield LAYOUTS[spec.layout](spec, Rand(f"doc:{seed}:{spec.index}"))


def generate(out: Path, n: int, seed: int, probes: bool = True) -> dict[str, object]:
    """Write ``n`` documents and their truth under ``out`` (replaced); the manifest."""
    started = time.perf_counter()
    if out.exists():
        shutil.rmtree(out)
    (out / "corpus").mkdir(parents=True)
    (out / "truth").mkdir()
    specs = plan(n, seed, probes)
    counts = {"documents": 0, "tasks": 0, "targets": 0, "lineage": 0, "bytes": 0}
    handles = {name: (out / "truth" / f"{name}.jsonl").open("w", encoding="utf-8", newline="\n")
               for name in TRUTH_FILES}
    try:
        for doc in written(specs, seed):
            file = _file_name(doc.spec)
            data = doc.page.text().encode("utf-8")
            (out / "corpus" / file).write_bytes(data)
            write_truth(doc, file, handles)
            counts["documents"] += 1
            counts["tasks"] += len(doc.page.tasks)
            counts["targets"] += len(doc.page.targets)
            counts["lineage"] += len(set(doc.page.edges))
            counts["bytes"] += len(data)
    finally:
        for h in handles.values():
            h.close()
    return {"seed": seed, "probes": probes, **counts, "seconds": round(time.perf_counter() - started, 2)}


def copy_real(out: Path) -> dict[str, object]:
    """Tier S: the bundled corpus and its hand-checked truth."""
    started = time.perf_counter()
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(ROOT / "corpus", out / "corpus")
    shutil.copytree(REAL_TRUTH, out / "truth")
    files = sorted((out / "corpus").glob("*.txt"))
    tasks = sum(1 for _ in (out / "truth" / "tasks.jsonl").open(encoding="utf-8"))
    return {"seed": None, "documents": len(files), "tasks": tasks, "bytes": sum(f.stat().st_size for f in files),
            "seconds": round(time.perf_counter() - started, 2)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tier", choices=TIERS, default="M")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--documents", type=int, help="number of documents (overrides the tier's)")
    parser.add_argument("--no-probes", dest="probes", action="store_false",
                        help="leave out the realistic features the loader is known to misread")
    args = parser.parse_args(argv)
    if args.tier == "S" and args.documents is None:
        manifest = copy_real(args.out)
    else:
        manifest = generate(args.out, args.documents or TIER_DOCUMENTS[args.tier], args.seed, args.probes)
    manifest = {"tier": args.tier, **manifest}
    stable = {k: v for k, v in manifest.items() if k != "seconds"}  # the folder stays byte-identical per seed
    (args.out / "manifest.json").write_text(json.dumps(stable, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(manifest))


if __name__ == "__main__":
    main()
