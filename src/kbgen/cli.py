"""The ``kbgen`` command line."""

from __future__ import annotations

import logging
import os
import signal
import sys
from pathlib import Path

import click

from . import __version__, report
from .checker import check
from .errors import KbgenError

_EVIDENCE = click.option("--evidence", "evidence", type=click.Path(path_type=Path), default=Path("evidence"),
                         show_default=True, help="Folder holding the cards.")


@click.group()
@click.version_option(__version__, prog_name="kbgen")
def main() -> None:
    """kbgen: compile evidence cards into a cross-linked, searchable site."""


@main.command("check")
@_EVIDENCE
@click.option("--sources", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Folder with the studies' full texts; verifies every quote against them.")
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--format", "fmt", type=click.Choice(sorted(report.FORMATS)), default="text", show_default=True,
              help="text for people, json for tools, github for workflow annotations.")
def check_command(evidence: Path, sources: Path | None, strict: bool, fmt: str) -> None:
    """Validate every card and report every problem at once.

    Exit status: 0 clean, 1 problems found (warnings count with --strict), 2 usage error.
    """
    if sources is not None and not sources.is_dir():
        raise click.BadParameter(f"folder not found: {sources}", param_hint="--sources")
    result = _run_check(evidence, sources)
    click.echo(report.FORMATS[fmt](result))
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if fmt == "github" and summary_file:
        with open(summary_file, "a", encoding="utf-8") as handle:
            handle.write(report.markdown_summary(result))
    sys.exit(1 if result.failed(strict) else 0)


def _run_check(evidence: Path, sources: Path | None):
    try:
        return check(evidence, sources)
    except KbgenError as exc:
        raise click.UsageError(str(exc)) from None


_CONFIG = click.option("--config-file", "-f", "config_file", type=click.Path(path_type=Path),
                       default=Path("mkdocs.yml"), show_default=True, help="The MkDocs configuration.")


@main.command("build")
@_CONFIG
@click.option("--strict", is_flag=True, help="Fail on any warning (as `mkdocs build --strict`).")
def build_command(config_file: Path, strict: bool) -> None:
    """Check the cards and build the site (into site/), keeping the old site if anything fails."""
    from .sitebuild import build_site

    try:
        target = build_site(config_file, strict)
    except KbgenError as exc:
        click.echo(f"Error: {exc}", err=True)
        click.echo("The previous site, if any, was left as it was.", err=True)
        sys.exit(1)
    click.echo(f"Site built in {target}/ — open {target}/index.html or run `kbgen serve`.")


@main.command("serve")
@_CONFIG
@click.option("--dev-addr", "-a", default=None, help="IP:PORT to serve on (default 127.0.0.1:8000).")
def serve_command(config_file: Path, dev_addr: str | None) -> None:
    """Serve the site locally, rebuilding when a card or page changes.

    A save rebuilds only the pages the changed card touches (its own, those that show it, the
    indexes); the search index follows in the background. Prints the address, each rebuild's
    duration and every card problem; while a card has an error, the pages show the errors.
    """
    from mkdocs.commands.serve import serve

    from .sitebuild import show_mkdocs_messages

    if not config_file.is_file():
        raise click.UsageError(f"{config_file} not found")
    show_mkdocs_messages()  # MkDocs' own command sets up its messages; called from here, nothing would print
    # A dirty build skips pages whose source is unchanged; the kbgen plugin tells MkDocs which generated
    # pages are unchanged, and rebuilds everything when the configuration or theme changes.
    logging.getLogger("mkdocs.commands.build").addFilter(_DirtyWarning())
    # Stop cleanly on SIGINT even when started as a background job (which inherits SIGINT ignored):
    # MkDocs then removes its temporary site, and kbgen its index and clean-up folders.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    serve(str(config_file), dev_addr=dev_addr, build_type="dirty")


class _DirtyWarning(logging.Filter):
    """Drops MkDocs' warning that a dirty build may leave stale navigation: kbgen serve accounts for it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("A 'dirty' build is being performed")


@main.command("render")
@_EVIDENCE
@_CONFIG
@click.option("--docs", "docs_dir", type=click.Path(path_type=Path), default=Path("docs"), show_default=True,
              help="Hand-written pages to include.")
@click.option("--out", "out", type=click.Path(path_type=Path), required=True,
              help="Folder to write: OUT/docs (pages) and OUT/mkdocs.yml.")
def render_command(evidence: Path, config_file: Path, docs_dir: Path, out: Path) -> None:
    """Write every page as plain Markdown, for engines that run no MkDocs plugins (Zensical).

    Then build with `zensical build -f OUT/mkdocs.yml` (or `mkdocs build -f OUT/mkdocs.yml`).
    """
    from .rendered import read_project_config, write_rendered

    result = _run_check(evidence, None)
    if result.errors:
        click.echo(report.text(result), err=True)
        click.echo("Nothing was written: fix the errors above first.", err=True)
        sys.exit(1)
    project = read_project_config(config_file) if config_file.is_file() else {}
    try:
        count = write_rendered(result, project, docs_dir, out, config_file.parent)
    except KbgenError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    click.echo(f"Wrote {count} generated files and the pages of {docs_dir}/ to {out}/docs; "
               f"build with `zensical build -f {out}/mkdocs.yml`.")


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_EVIDENCE
@click.option("--dry-run", is_flag=True, help="Report what would be written, write nothing.")
def import_command(file: Path, evidence: Path, dry_run: bool) -> None:
    """Write citation cards from a BibTeX (.bib) or RIS (.ris) file, as Zotero and EndNote export them.

    Existing cards are never overwritten, and works already in the knowledge base (same DOI, or same first
    author, year and title) are reported, not imported again.
    """
    from .importer import import_file
    from .loader import load_evidence

    try:
        kb = load_evidence(evidence)[0]  # the cards as they are: an import may precede fixing them
        report = import_file(file, evidence, kb, dry_run=dry_run)
    except KbgenError as exc:
        raise click.UsageError(str(exc)) from None
    for path in report.written:
        click.echo(f"{'would write' if dry_run else 'wrote'} {path}")
    for line in report.skipped:
        click.echo(f"skipped {line}")
    for line in report.notes:
        click.echo(f"note: {line}")
    click.echo(f"{len(report.written)} card(s) {'to write' if dry_run else 'written'}, {len(report.skipped)} skipped. "
               "Run `kbgen check` next: cite each new work from a card, or it is reported as unused.")


_KIND_CHOICE = click.Choice(["study", "account", "finding", "citation", "theme"])


@main.command("new")
@click.argument("kind", type=_KIND_CHOICE)
@click.argument("card_id")
@_EVIDENCE
@_CONFIG
@click.option("--study", help="Study the finding or account comes from.")
@click.option("--account", help="Account of practice the finding is about (also fills in its study).")
@click.option("--theme", "themes", multiple=True, help="Theme of the finding (repeat for several).")
@click.option("--name", help="Name of the theme or account.")
def new_command(kind: str, card_id: str, evidence: Path, config_file: Path, study: str | None,
                account: str | None, themes: tuple[str, ...], name: str | None) -> None:
    """Write a commented KIND card with id CARD_ID at evidence/KIND/CARD_ID.yaml (never overwriting).

    Required fields are laid out and explained; fill them in, then run `kbgen check`.
    """
    from .loader import load_evidence
    from .rendered import read_project_config
    from .scaffold import write_card

    values = _prefill(kind, evidence, study, account, themes, name, load_evidence)
    site_url = (read_project_config(config_file) if config_file.is_file() else {}).get("site_url")
    try:
        path = write_card(evidence, kind, card_id, values, site_url)
    except KbgenError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    click.echo(f"wrote {path}: fill in the empty fields, then run `kbgen check`")


def _prefill(kind, evidence, study, account, themes, name, load_evidence) -> dict:
    """Card values the options give, checked against the kind (an option a kind does not use is a usage error)."""
    allowed = {"finding": {"study", "account", "themes"}, "account": {"study", "name"}, "theme": {"name"}}
    given = {"study": study, "account": account, "themes": list(themes) or None, "name": name}
    values = {k: v for k, v in given.items() if v}
    unusable = sorted(set(values) - allowed.get(kind, set()))
    if unusable:
        raise click.UsageError(f"a {kind} card has no {', '.join(unusable)} to fill in")
    if kind == "finding" and account and not study and evidence.is_dir():
        card = load_evidence(evidence)[0].get(account)
        if card is not None and card.kind == "account" and isinstance(card.get("study"), str):
            values["study"] = card.get("study")
    return values


@main.command("schema")
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("schemas"), show_default=True,
              help="Folder to write the JSON Schemas to.")
def schema_command(out: Path) -> None:
    """Write the card JSON Schemas (one per kind, plus shared definitions), for editors and other tools."""
    from .scaffold import write_schemas

    for path in write_schemas(out):
        click.echo(f"wrote {path}")


@main.command("linkcheck")
@click.argument("site", type=click.Path(exists=True, file_okay=False, path_type=Path), default=Path("site"))
def linkcheck_command(site: Path) -> None:
    """Check a built SITE: every internal link and anchor resolves and no page loads anything from other hosts."""
    from .linkcheck import check_site

    report = check_site(site)
    for line in report.broken:
        click.echo(f"error: {line}")
    click.echo(f"{report.pages} pages, {report.internal} internal links, {report.external} links to other sites "
               f"(not fetched); {len(report.broken)} problem(s)")
    sys.exit(1 if report.broken else 0)
