"""Open data: the cards as CSV and JSON tables, described by a Frictionless Data Package.

One table per kind of record, one row per card (quotes, key findings, implications and gaps get
tables of their own, keyed to their finding or theme). The column definitions below are the single
source for the CSV header, the JSON records, ``datapackage.json`` and the data page. Prose is given
as plain text: citations read ``(Coleman, 2012)`` and card links read as their text.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from ..cerqual import COMPONENTS
from ..collaboration import finding_kind, study_kinds
from ..model import Card
from ..views import AccountView, FindingView, KeyFindingView, StudyView, TermView, ThemeView
from .assessment import anchor, confidence_of, highest_confidence, key_findings
from .context import Page, Site, built_url, front_matter, page_of, plural

DATA_DIR = "data"
DATA_PAGE = f"{DATA_DIR}/index.md"


@dataclass(frozen=True)
class Column:
    """One column: its name, Frictionless type (``array`` is joined with ``; `` in CSV) and meaning."""

    name: str
    type: str
    description: str


@dataclass(frozen=True)
class Table:
    """One downloadable table."""

    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ("id",)
    refs: tuple[tuple[str, str], ...] = ()  # (column, table whose id it names)


def _c(spec: str) -> tuple[Column, ...]:
    """Columns from ``name:type:description`` lines (type defaults to string)."""
    out = []
    for line in spec.strip().splitlines():
        name, kind, description = (part.strip() for part in line.split("|"))
        out.append(Column(name, kind or "string", description))
    return tuple(out)


_CERQUAL_COLUMNS = "\n".join(f"{c} | | Level of concern: {label.lower()}.\n{c}_explanation | | Why this concern."
                             for c, (label, _) in COMPONENTS.items())

TABLES = (
    Table("studies", "Studies", "The source documents.", _c("""
id | | Card id (also the citation key).
title | | Title as the document prints it.
authors | array | Authors in order.
year | | Year of publication.
document_type | | What kind of document it is.
doi | | Digital Object Identifier.
url | | Web address.
licence | | The document's licence as it states it.
method | | How the evidence was gathered.
period | | When the data were gathered.
findings | integer | Number of findings carded from it.
accounts | integer | Number of accounts of practice it reports.
page | | The study's page on the site.""")),
    Table("accounts", "Accounts of practice", "Named cases of practice, as a study reports them.", _c("""
id | | Card id.
name | | The case's name.
study | | Id of the study that reports it.
basis | | first-hand, or literature (reported from other publications).
collaboration | | Kind of collaboration, where the card says.
phase | | School phase(s).
area | | Kind of area.
schools | | Number of schools, as the study gives it.
period | | When the collaboration ran.
summary | | What the collaboration is and does.
findings | integer | Number of findings about it.
page | | The account's page on the site."""), refs=(("study", "studies"),)),
    Table("findings", "Findings", "Every claim, with its source, themes and quotes.", _c("""
id | | Card id.
statement | | The claim in plain language.
study | | Id of the study it comes from.
account | | Id of the account of practice it is about, if any.
themes | array | Ids of the themes it speaks to, most central first.
evidence_type | | data (the study's own data), literature (literature it reviews) or argument (the authors').
collaboration | | Kind of collaboration it speaks to, as the evidence map counts it.
caveat | | Limits a reader should keep in mind.
quotes | integer | Number of verbatim quotes backing it (the quotes table holds them).
page | | The finding's page on the site."""), refs=(("study", "studies"), ("account", "accounts"))),
    Table("quotes", "Quotes", "The verbatim quotes behind each finding, with where each sits in its source.", _c("""
finding | | Id of the finding it backs.
number | integer | Its position among the finding's quotes, from 1.
text | | The passage exactly as in the document.
section | | The nearest heading above the passage.
part | | An enclosing heading, where needed.
page_number | | Page number or range, where the document shows one.
speaker | | Role of the participant speaking."""), key=("finding", "number"), refs=(("finding", "findings"),)),
    Table("themes", "Themes", "The subjects that recur across the evidence.", _c("""
id | | Card id.
name | | Short name.
definition | | What the theme covers.
summary | | In short: what the evidence shows.
findings | integer | Number of findings tagged with the theme.
sources | integer | Number of sources those findings come from.
key_findings | integer | Number of key findings.
highest_confidence | | The highest confidence any key finding reaches.
page | | The theme's page on the site.""")),
    Table("key_findings", "Key findings", "Each theme's key findings with their GRADE-CERQual assessment and the "
          "counted adequacy facts.", _c(f"""
theme | | Id of the theme.
id | | Id of the key finding within its theme.
number | integer | Its position on the theme page.
statement | | The key finding in plain language.
confidence | | Overall confidence: high, moderate, low or very-low.
confidence_explanation | | Why this level.
to_raise | | What evidence would raise it.
{_CERQUAL_COLUMNS}
single_source | | Why it is reported although it rests on one source.
findings | array | Ids of the findings it rests on.
sources | array | Ids of the studies those findings come from.
accounts | integer | Number of accounts of practice behind it.
data | integer | Findings from the studies' own data.
literature | integer | Findings from literature the studies review.
argument | integer | Findings from the authors' argument.
page | | Its assessment on the site."""), key=("theme", "id"), refs=(("theme", "themes"),)),
    Table("implications", "Implications", "What each theme means for school leaders.", _c("""
theme | | Id of the theme.
number | integer | Position on the theme page, from 1.
text | | The implication.
key_findings | array | Ids of the key findings it rests on."""), key=("theme", "number"), refs=(("theme", "themes"),)),
    Table("gaps", "Gaps", "Where each theme's evidence is thin, and what would fill it.", _c("""
theme | | Id of the theme.
number | integer | Position on the theme page, from 1.
gap | | What the evidence does not show.
would_fill | | What kind of study would fill the gap."""), key=("theme", "number"), refs=(("theme", "themes"),)),
    Table("terms", "Glossary", "The acronyms and terms the evidence uses.", _c("""
id | | Card id.
term | | The term as the cards write it.
expansion | | What it stands for.
definition | | What it means in this evidence.""")),
)


class _Records:
    """Builds each table's rows from the cards: Python values, lists kept as lists."""

    def __init__(self, site: Site):
        self.site = site
        self.by_study = study_kinds(site.kb, site.graph.accounts_by_study)

    def text(self, value: object) -> str | None:
        return self.site.plain(" ".join(str(value).split())) if value not in (None, "") else None

    def url(self, path: str) -> str:
        return built_url(path, self.site.directory_urls)

    def studies(self) -> list[dict]:
        rows = []
        for card in self.site.studies():
            s, ref = StudyView(card), StudyView(card).reference
            rows.append({"id": s.id, "title": ref.title, "authors": ref.author, "year": ref.year,
                         "document_type": s.document_type, "doi": ref.doi, "url": ref.url, "licence": s.licence,
                         "method": self.text(s.design.method), "period": s.design.period,
                         "findings": len(self.site.graph.findings_by_study.get(s.id, [])),
                         "accounts": len(self.site.graph.accounts_by_study.get(s.id, [])), "page": self.url(page_of(card))})
        return rows

    def accounts(self) -> list[dict]:
        rows = []
        for card in self.site.kb.of_kind("account"):
            a = AccountView(card)
            context = a.context
            rows.append({"id": a.id, "name": a.name, "study": a.study_id, "basis": a.basis,
                         "collaboration": a.collaboration, "phase": context.phase,
                         "area": context.area, "schools": context.schools.count,
                         "period": context.period, "summary": self.text(a.summary),
                         "findings": len(self.site.graph.findings_by_account.get(a.id, [])),
                         "page": self.url(page_of(card))})
        return rows

    def findings(self) -> list[dict]:
        return [{"id": f.id, "statement": self.text(f.statement), "study": f.study_id,
                 "account": f.account_id, "themes": f.themes, "evidence_type": f.evidence_type,
                 "collaboration": finding_kind(self.site.kb, f.card, self.by_study), "caveat": self.text(f.caveat),
                 "quotes": len(f.quotes), "page": self.url(page_of(f.card))}
                for f in map(FindingView, self.site.kb.of_kind("finding"))]

    def quotes(self) -> list[dict]:
        rows = []
        for f in self.site.kb.of_kind("finding"):
            for i, q in enumerate(FindingView(f).quotes, 1):
                where = q.locator
                rows.append({"finding": f.id, "number": i, "text": " ".join(q.text.split()),
                             "section": where.section, "part": where.part,
                             "page_number": where.page, "speaker": q.speaker})
        return rows

    def themes(self) -> list[dict]:
        rows = []
        for card in self.site.kb.of_kind("theme"):
            t = ThemeView(card)
            findings = self.site.graph.findings_by_theme.get(t.id, [])
            rows.append({"id": t.id, "name": t.name, "definition": self.text(t.definition),
                         "summary": self.text(t.summary), "findings": len(findings),
                         "sources": len({FindingView(f).study_id for f in findings}),
                         "key_findings": len(t.key_findings),
                         "highest_confidence": highest_confidence(card), "page": self.url(page_of(card))})
        return rows

    def key_findings(self) -> list[dict]:
        rows = []
        for t in self.site.kb.of_kind("theme"):
            for number, kf in enumerate(key_findings(t), 1):
                rows.append(self._key_finding(t, number, kf))
        return rows

    def _key_finding(self, theme: Card, number: int, kf: KeyFindingView) -> dict:
        facts = self.site.adequacy.count(kf.findings)
        assessment = kf.cerqual
        row = {"theme": theme.id, "id": kf.id, "number": number, "statement": self.text(kf.statement),
               "confidence": confidence_of(kf), "confidence_explanation": self.text(assessment.explanation),
               "to_raise": self.text(assessment.to_raise)}
        for name in COMPONENTS:
            part = assessment.component(name)
            row[name], row[f"{name}_explanation"] = part.concern, self.text(part.explanation)
        row |= {"single_source": self.text(kf.single_source), "findings": [f.id for f in facts.findings],
                "sources": [s.id for s in facts.sources], "accounts": len(facts.accounts),
                **{k: facts.evidence_types.get(k, 0) for k in ("data", "literature", "argument")},
                "page": self.url(page_of(theme)) + "#" + anchor(kf)}
        return row

    def implications(self) -> list[dict]:
        return [{"theme": t.id, "number": i, "text": self.text(item.text), "key_findings": item.key_findings}
                for t in map(ThemeView, self.site.kb.of_kind("theme")) for i, item in enumerate(t.implications, 1)]

    def gaps(self) -> list[dict]:
        return [{"theme": t.id, "number": i, "gap": self.text(item.gap), "would_fill": self.text(item.would_fill)}
                for t in map(ThemeView, self.site.kb.of_kind("theme")) for i, item in enumerate(t.gaps, 1)]

    def terms(self) -> list[dict]:
        return [{"id": t.id, "term": t.term, "expansion": t.expansion or None, "definition": self.text(t.definition)}
                for t in map(TermView, self.site.kb.of_kind("term"))]


def _csv(table: Table, rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.name for c in table.columns])
    for row in rows:
        writer.writerow([_csv_value(row.get(c.name)) for c in table.columns])
    return out.getvalue()


def _csv_value(value: object) -> str:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return "" if value is None else str(value)


def open_data(site: Site, title: str) -> dict[str, str]:
    """Every table as ``data/<name>.csv`` and ``data/<name>.json``, and ``data/datapackage.json``."""
    builder = _Records(site)
    files: dict[str, str] = {}
    resources = []
    for table in TABLES:
        rows: list[dict] = getattr(builder, table.name)()
        files[f"{DATA_DIR}/{table.name}.csv"] = _csv(table, rows)
        records = [{c.name: row.get(c.name) for c in table.columns} for row in rows]
        files[f"{DATA_DIR}/{table.name}.json"] = _json_lines(records)
        resources += _resources(table)
    package = {"name": "kbgen-evidence", "title": title, "profile": "tabular-data-package",
               "description": "The evidence cards of this knowledge base as tables: " + ", ".join(
                   t.title.lower() for t in TABLES) + ". Each table comes as CSV (lists joined with '; ') and JSON.",
               "resources": resources}
    files[f"{DATA_DIR}/datapackage.json"] = json.dumps(package, ensure_ascii=False, indent=1) + "\n"
    return files


def _json_lines(records: list[dict]) -> str:
    """A JSON array with one record per line: as readable in a diff as an indented one, and written by
    the json module's C encoder (an indented dump runs in pure Python: seconds per build at 10,000 findings)."""
    if not records:
        return "[]\n"
    return "[\n" + ",\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n]\n"


def _resources(table: Table) -> list[dict]:
    def schema(json_form: bool) -> dict:
        fields = [{"name": c.name, "type": "array" if c.type == "array" and json_form else
                   ("string" if c.type == "array" else c.type),
                   "description": c.description + (" Separated by '; '." if c.type == "array" and not json_form else "")}
                  for c in table.columns]
        out: dict = {"fields": fields, "missingValues": [""], "primaryKey": list(table.key)}
        if not json_form and table.refs:
            out["foreignKeys"] = [{"fields": [column], "reference": {"resource": target, "fields": ["id"]}}
                                  for column, target in table.refs]
        return out

    base = {"title": table.title, "description": table.description, "encoding": "utf-8", "type": "table",
            "profile": "tabular-data-resource"}
    return [{"name": table.name, "path": f"{table.name}.csv", "format": "csv", "mediatype": "text/csv", **base,
             "schema": schema(False)},
            {"name": f"{table.name}-json", "path": f"{table.name}.json", "format": "json",
             "mediatype": "application/json", **base, "schema": schema(True)}]


def downloads(page: Page, *names: str) -> str:
    """``Download: findings (CSV · JSON) · all the data`` for the tables ``names``."""
    parts = [f"{_title(n).lower()} ([CSV]({page.href(f'{DATA_DIR}/{n}.csv')}) · "
             f"[JSON]({page.href(f'{DATA_DIR}/{n}.json')}))" for n in names]
    return "**Download:** " + " · ".join(parts + [f"[all the data]({page.href(DATA_PAGE)})"])


def _title(name: str) -> str:
    return next(t.title for t in TABLES if t.name == name)


def data_page(site: Site, files: dict[str, str]) -> str:
    """What can be downloaded, how many records each table holds, and what each column means."""
    page = Page(site, DATA_PAGE)
    page.add(*front_matter("Open data", "Every card of the knowledge base as CSV and JSON tables."), "# Open data", "")
    page.add("Every card of this knowledge base, as tables you can open in a spreadsheet or load into your own "
             "tools. Each table comes as CSV (lists joined with `; `) and JSON. The "
             f"[Frictionless Data Package]({page.href(f'{DATA_DIR}/datapackage.json')}) describes every column "
             "and how the tables link, so tools can check and load them. Text is plain: citations read "
             "(Author, year).", "")
    for table in TABLES:
        count = len(json.loads(files[f"{DATA_DIR}/{table.name}.json"]))
        page.add(f"## {table.title}", "", f"{table.description} {plural(count, 'record')}: "
                 f"[CSV]({page.href(f'{DATA_DIR}/{table.name}.csv')}) · "
                 f"[JSON]({page.href(f'{DATA_DIR}/{table.name}.json')})", "")
        page.add("| Column | Meaning |", "|---|---|", *[f"| `{c.name}` | {c.description} |" for c in table.columns], "")
    return page.text()

