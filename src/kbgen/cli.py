"""The ``kbgen`` command line."""

from __future__ import annotations

import logging
import os
import signal
import sys
import traceback
from pathlib import Path

import click

from . import __version__, collector, kinds, report
from .checker import check
from .errors import KbgenError, error

_EVIDENCE = click.option("--evidence", "evidence", type=click.Path(path_type=Path), default=Path("evidence"),
                         show_default=True, help="Folder holding the cards.")


class _Guarded(click.Group):
    """Whatever goes wrong inside a command ends as one line and an exit status, never a traceback.

    Interrupted: 130. The machine refused something (a file, a folder): 2. Anything else is a
    bug in kbgen: one line naming the file being processed and how to report it, exit 2
    (``KBGEN_DEBUG=1`` also prints the traceback, for the report).
    """

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("kbgen: interrupted; nothing was left half-written (the previous site and output are "
                       "as they were).", err=True)
            ctx.exit(130)
        except OSError as exc:
            where = exc.filename or _file_in(exc.__traceback__) or "a file"
            click.echo(f"kbgen: cannot use {where}: {exc.strerror or exc}", err=True)
            ctx.exit(2)
        except Exception as exc:
            if os.environ.get("KBGEN_DEBUG"):
                traceback.print_exc()
            where = _file_in(exc.__traceback__)
            click.echo(f"kbgen: internal error{' while processing ' + where if where else ''} "
                       f"({type(exc).__name__}: {' '.join(str(exc).split())[:200]}). This is a bug in kbgen, not in "
                       "your cards: please report it to the kbgen maintainers with this line "
                       "(KBGEN_DEBUG=1 adds the details).", err=True)
            ctx.exit(2)


def _file_in(tb) -> str | None:
    """The card or file the innermost frame of a traceback was working on, if any says."""
    frames = []
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    for frame in reversed(frames):
        for name in ("card", "path", "entry", "file", "config_file", "evidence"):
            value = frame.f_locals.get(name)
            shown = getattr(value, "path", value)
            if isinstance(shown, (str, Path)) and str(shown):
                return str(shown)
    return None


@click.group(cls=_Guarded)
@click.version_option(__version__, prog_name="kbgen")
def main() -> None:
    """kbgen: compile evidence cards into a cross-linked, searchable site."""


_CONFIG = click.option("--config-file", "-f", "config_file", type=click.Path(path_type=Path),
                       default=Path("mkdocs.yml"), show_default=True, help="The MkDocs configuration.")


@main.command("init")
@click.argument("directory", type=click.Path(path_type=Path, file_okay=False))
@click.option("--title", default=None,
              help="The site's name and home page heading.  [default: Evidence knowledge base]")
@click.option("--intro", default=None, help="One paragraph under the home page's heading.")
def init_command(directory: Path, title: str | None, intro: str | None) -> None:
    """Start a knowledge base in DIRECTORY (new or empty): a working site with one example card of each kind.

    It writes mkdocs.yml, evidence/ (example cards), sources/ (an example full text and guidance), docs/,
    CONTRIBUTING.md, the GitHub issue form, pull-request template and workflows, and a pre-commit config.
    """
    from .starter import DEFAULT_INTRO, DEFAULT_TITLE, write_project

    try:
        written = write_project(directory, title or DEFAULT_TITLE, intro or DEFAULT_INTRO)
    except KbgenError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    click.echo(f"Wrote {len(written)} files to {directory}/: a knowledge base with one example card of each kind.\n"
               f"Next:\n  cd {directory}\n  kbgen check        # every card, every quote against sources/\n"
               "  kbgen serve        # the site at http://127.0.0.1:8000\n"
               "Delete the example cards (evidence/*/example-*.yaml) and sources/example-study.txt "
               "when you add your own; CONTRIBUTING.md is the contributors' guide.")


@main.command("check")
@_EVIDENCE
@click.option("--sources", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Folder with the studies' full texts; verifies every quote against them.  "
                   "[default: the kbgen plugin's sources_dir in mkdocs.yml]")
@click.option("--require-sources", is_flag=True,
              help="Fail when any study's quotes cannot be verified (its full text is not at hand).")
@_CONFIG
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.option("--format", "fmt", type=click.Choice(sorted(report.FORMATS)), default="text", show_default=True,
              help="text for people, json for tools, github for workflow annotations.")
def check_command(evidence: Path, sources: Path | None, require_sources: bool, config_file: Path, strict: bool,
                  fmt: str) -> None:
    """Validate every card and report every problem at once.

    Quotes are verified against the full texts in --sources, or else in the folders the kbgen plugin's
    sources_dir names in mkdocs.yml; studies whose texts are not there are named as not verified. Prose is
    read with the Markdown extensions of the MkDocs configuration, when there is one.

    Exit status: 0 clean, 1 problems found (warnings count with --strict), 2 usage error.
    """
    from .project import QuoteSources, quote_sources

    if sources is not None and not sources.is_dir():
        raise click.BadParameter(f"folder not found: {sources}", param_hint="--sources")
    setup, config_problems = _markdown_for_check(config_file)
    try:
        where = quote_sources(config_file, sources, require_sources)
    except KbgenError:  # an unreadable mkdocs.yml: already a located error among config_problems
        where = QuoteSources([sources] if sources is not None else None, require_sources)
    result = _run_check(evidence, where.folders, where.required, setup)
    if config_problems:
        result.diagnostics = sorted(result.diagnostics + config_problems)
    click.echo(report.FORMATS[fmt](result))
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if fmt == "github" and summary_file:
        with open(summary_file, "a", encoding="utf-8") as handle:
            handle.write(report.markdown_summary(result))
    sys.exit(1 if result.failed(strict) else 0)


def _run_check(evidence: Path, sources, require_sources: bool = False, setup=None):
    try:
        with collector.checking():
            return check(evidence, sources, require_sources, markdown=setup)
    except KbgenError as exc:
        raise click.UsageError(str(exc)) from None


def _markdown_for_check(config_file: Path):
    """The site's Markdown setup (None: kbgen's defaults) and problems with the configuration, as diagnostics."""
    from .loader import display_path
    from .project import extensions_message, missing_extensions, read_markdown_setup

    if not config_file.is_file():
        return None, []
    shown = display_path(config_file)
    try:
        setup = read_markdown_setup(config_file)
    except KbgenError as exc:
        return None, [error(shown, (1, 1), "config.invalid", str(exc).removeprefix(f"{config_file}: "),
                            "fix mkdocs.yml; the cards were checked with kbgen's default Markdown extensions")]
    missing = missing_extensions(setup)
    if missing:
        text = config_file.read_text(encoding="utf-8", errors="replace")
        line = next((n for n, text_line in enumerate(text.splitlines(), 1)
                     if text_line.startswith("markdown_extensions")), 1)
        return setup, [error(shown, (line, 1), "config.markdown-extensions",
                             extensions_message(missing, shown).removeprefix(f"{shown}: "), "")]
    return setup, []


_DRAFT = click.option("--draft", is_flag=True,
                      help="Preview even when cards have errors: every error on a banner and an errors page, broken "
                           "cards left out, built into site-draft/. Never publish it.")


@main.command("build")
@_CONFIG
@click.option("--strict/--no-strict", default=None,
              help="Fail on any warning (as `mkdocs build --strict`); default: `strict` in mkdocs.yml.")
@_DRAFT
def build_command(config_file: Path, strict: bool | None, draft: bool) -> None:
    """Check the cards and build the site (into site/), keeping the old site if anything fails.

    Runs MkDocs' own build sequence, so it fails exactly when `mkdocs build` would (exit status 1).
    """
    from .build import build_site

    if draft and strict:
        raise click.UsageError("--draft builds in spite of errors, so it cannot be --strict")
    try:
        target = build_site(config_file, strict, draft)
    except KbgenError as exc:
        click.echo(f"Error: {exc}", err=True)
        click.echo("The previous site, if any, was left as it was.", err=True)
        sys.exit(1)
    if draft:
        click.echo(f"Draft preview built in {target}/ (every error is on {target}/errors/); do not publish it.")
        return
    click.echo(f"Site built in {target}/ — open {target}/index.html or run `kbgen serve`.")


@main.command("serve")
@_CONFIG
@click.option("--dev-addr", "-a", default=None, help="IP:PORT to serve on (default 127.0.0.1:8000).")
@_DRAFT
def serve_command(config_file: Path, dev_addr: str | None, draft: bool) -> None:
    """Serve the site locally, rebuilding when a card or page changes.

    A save rebuilds only the pages the changed card touches (its own, those that show it, the
    indexes); the search index follows in the background. Prints the address, each rebuild's
    duration and every card problem; while a card has an error, the pages show the errors.
    """
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import MkDocsException

    from .project import show_mkdocs_messages

    if not config_file.is_file():
        raise click.UsageError(f"{config_file} not found")
    if draft:  # MkDocs reloads the configuration on each rebuild: the plugin reads this instead
        os.environ["KBGEN_DRAFT"] = "1"
    show_mkdocs_messages()  # MkDocs' own command sets up its messages; called from here, nothing would print
    # A dirty build skips pages whose source is unchanged; the kbgen plugin tells MkDocs which generated
    # pages are unchanged, and rebuilds everything when the configuration or theme changes.
    logging.getLogger("mkdocs.commands.build").addFilter(_DirtyWarning())
    # Stop cleanly on SIGINT even when started as a background job (which inherits SIGINT ignored):
    # MkDocs then removes its temporary site, and kbgen its index and clean-up folders.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        serve(str(config_file), dev_addr=dev_addr, build_type="dirty")
    except MkDocsException as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)


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

    OUT must be new, empty, or written by an earlier `kbgen render` (it holds a .kbgen-render file);
    nothing else is ever replaced. Then build with `zensical build -f OUT/mkdocs.yml`
    (or `mkdocs build -f OUT/mkdocs.yml`).
    """
    from .export import OutRefused, check_out_folder, write_rendered

    try:
        check_out_folder(out, holds=[Path.cwd(), config_file, config_file.parent, evidence, docs_dir],
                         not_inside=[evidence, docs_dir])
    except OutRefused as exc:
        click.echo(f"Error: {exc}. Nothing was written or removed.", err=True)
        sys.exit(2)
    try:
        options, setup, config_text, site = _project_config(config_file)
    except KbgenError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    result = _run_check(evidence, None, setup=setup)
    if result.errors:
        click.echo(report.text(result), err=True)
        click.echo("Nothing was written: fix the errors above first.", err=True)
        sys.exit(1)
    try:
        count = write_rendered(result, options, config_text, config_file.parent, docs_dir, out, setup, **site)
    except KbgenError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    click.echo(f"Wrote {count} generated files and the pages of {docs_dir}/ to {out}/docs; "
               f"build with `zensical build -f {out}/mkdocs.yml`.")


def _project_config(config_file: Path):
    """(kbgen's options, the Markdown setup, the file's text, its site name and address) from mkdocs.yml,
    read by MkDocs' loader."""
    from .project import enabled_options, extensions_message, load_site_config, markdown_setup, missing_extensions
    from .prose import MarkdownSetup

    if not config_file.is_file():
        return {}, MarkdownSetup(), None, {}
    config = load_site_config(config_file)
    setup = markdown_setup(config)
    missing = missing_extensions(setup)
    if missing:
        raise KbgenError(extensions_message(missing, str(config_file)))
    site = {"site_name": config.site_name, "site_url": config.site_url}
    return enabled_options(config) or {}, setup, config_file.read_text(encoding="utf-8"), site


@main.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_EVIDENCE
@_CONFIG
@click.option("--dry-run", is_flag=True, help="Report what would be written, write nothing.")
@click.option("--update", is_flag=True,
              help="Let a more complete record replace the card of a work the knowledge base already has.")
def import_command(file: Path, evidence: Path, config_file: Path, dry_run: bool, update: bool) -> None:
    """Write citation cards from a BibTeX/biblatex, RIS or Web of Science export (Zotero, EndNote, databases).

    Works the knowledge base already has (same DOI, or same first author, year and title) are reported with
    the fields each record has, not imported again; two records of one work in the file are merged; a key
    taken by a different work gets a new id. A card the export cannot complete says so in `incomplete:`.
    Ends with a table of every entry: written, updated, merged, duplicate or skipped, what was mapped and
    every field left out, with the reason.
    """
    from .importer import import_file
    from .loader import load_evidence
    from .project import read_config

    site_url = (read_config(config_file) if config_file.is_file() else {}).get("site_url")
    try:
        kb = load_evidence(evidence)[0]  # the cards as they are: an import may precede fixing them
        report = import_file(file, evidence, kb, dry_run=dry_run, update=update, site_url=site_url)
    except KbgenError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(report.table())
    for line in report.notes:
        click.echo(f"note: {line}")
    click.echo(report.summary() + (" (dry run: nothing was written)" if dry_run else ""))
    if report.written and not dry_run:
        click.echo("Run `kbgen check` next: cite each new work from a card, or it is reported as unused.")


_KIND_CHOICE = click.Choice(list(kinds.NAMES))


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
    from .project import load_site_config
    from .scaffold import write_card

    values = _prefill(kind, evidence, study, account, themes, name, load_evidence)
    site_url = None
    if config_file.is_file():
        try:
            site_url = load_site_config(config_file).site_url
        except KbgenError as exc:
            click.echo(f"warning: {exc}; the card's schema link is relative instead", err=True)
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
@_CONFIG
def schema_command(out: Path, config_file: Path) -> None:
    """Write the card JSON Schemas (one per kind, plus shared definitions), for editors and other tools.

    They are the files the site publishes under schemas/v1/: with a `site_url` in the MkDocs configuration,
    each schema's `$id` is its address there.
    """
    from .project import read_config
    from .scaffold import write_schemas

    site_url = (read_config(config_file) if config_file.is_file() else {}).get("site_url")
    for path in write_schemas(out, site_url):
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


@main.command("ci")
@_CONFIG
@click.option("--require-sources", is_flag=True,
              help="Fail when any study's quotes cannot be verified (its full text is not at hand).")
@click.option("--format", "fmt", type=click.Choice(["auto", *sorted(report.FORMATS)]), default="auto",
              show_default=True, help="How `kbgen check` reports; auto: github inside GitHub Actions, else text.")
def ci_command(config_file: Path, require_sources: bool, fmt: str) -> None:
    """Run every check CI runs, in order, stopping at the first failure.

    `kbgen check --strict` (quotes verified against the full texts mkdocs.yml names), then
    `kbgen build --strict`, then `kbgen linkcheck` on the built site. The workflows, the pre-commit hook
    and .ci/run all run this one command set.
    """
    from .ci import gate_steps, output_format, run_gate

    try:
        steps = gate_steps(config_file, output_format(fmt), require_sources)
    except KbgenError as exc:
        raise click.UsageError(str(exc)) from None
    sys.exit(run_gate(steps, _run_step, click.echo))


def _run_step(args: list[str]) -> int:
    """One ``kbgen`` command, in this process, returning its exit status."""
    try:
        main.main(args, prog_name="kbgen", standalone_mode=True)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0
