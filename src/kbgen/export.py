"""``kbgen render``: the site's pages as plain files, for engines that run no MkDocs plugins (Zensical).

The pages are the same Markdown the plugin adds, in which card text is inert by construction
(see :mod:`kbgen.prose_write`); before anything is written, every generated page is converted
with the site's own Markdown extensions and judged by the allowlist sanitiser, so the folder
holds nothing another engine could turn into script.

The output folder is never one kbgen did not make: a non-empty folder without kbgen's marker
file is refused, and so is any folder that holds the project, its cards or its pages. Pages
are written to a staging folder next to it and swapped in at the end; the old output, and the
staging folder if anything fails, are removed, and nothing else.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from importlib import resources
from pathlib import Path

import yaml

from .checker import CheckResult
from .errors import KbgenError
from .loader import display_path
from .prose import MarkdownSetup
from .render import render_site
from .render.site import ASSETS, DEFAULT_TITLE
from .safefiles import MAX_PAGE_BYTES, Refused, read_contained, swap_in
from .sanitise import page_sanitiser
from .schema import schema_base

#: The file that marks a folder as written by ``kbgen render`` (and so replaceable by it).
MARKER = ".kbgen-render"
_MARKER_TEXT = "Written by `kbgen render`. kbgen replaces this whole folder when it renders again.\n"


class OutRefused(KbgenError):
    """The output folder is not one kbgen may write over."""


def read_extra_pages(pages: dict, base: Path) -> dict[str, str]:
    """The ``extra_pages`` option's files, read: ``{site path: Markdown}``. Only UTF-8 files inside ``base``."""
    extra = {}
    base = Path(display_path(base))  # messages name files as the user sees them
    for site_path, source in (pages or {}).items():
        if not isinstance(site_path, str) or not site_path.endswith(".md") or not isinstance(source, str):
            raise KbgenError(f"extra_pages: '{site_path}: {source}' must map a page name ending in .md to a file "
                             "(for example `contributing.md: CONTRIBUTING.md`)")
        path = base / source
        try:
            extra[site_path] = read_contained(path, base, MAX_PAGE_BYTES).decode("utf-8")
        except Refused as refused:
            raise KbgenError(f"extra_pages: {site_path}: {path} {refused.reason} ({refused.hint})") from None
        except UnicodeDecodeError:
            raise KbgenError(f"extra_pages: {site_path}: {path} is not UTF-8 text; save it as UTF-8") from None
        except OSError as exc:
            raise KbgenError(f"extra_pages: {site_path}: cannot read {path}: {exc.strerror}") from None
    return extra


def check_out_folder(out: Path, holds: list[Path], not_inside: list[Path]) -> None:
    """Refuse an output folder kbgen did not make, one that would hold (and so replace) any of ``holds``,
    or one inside any of ``not_inside`` (the cards, the hand-written pages)."""
    target = out.resolve()
    for place in holds:
        place = place.resolve()
        if place == target or place.is_relative_to(target):
            raise OutRefused(f"--out {out} would replace {place}, which holds your project; "
                             "choose a new folder, such as --out rendered")
    for place in not_inside:
        if target.is_relative_to(place.resolve()):
            raise OutRefused(f"--out {out} is inside {place}; choose a folder outside your cards and pages")
    if target.exists() and not target.is_dir():
        raise OutRefused(f"--out {out} is a file; choose a folder")
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise OutRefused(f"--out {out} is a folder kbgen did not write (it has no {MARKER} file) and is not empty; "
                         "kbgen will not replace it. Choose a new or empty folder")


def write_rendered(result: CheckResult, options: dict, config_text: str | None, config_dir: Path,
                   docs_dir: Path, out: Path, setup: MarkdownSetup, site_name: str | None = None,
                   site_url: str | None = None, directory_urls: bool = True) -> int:
    """Write ``out/docs`` (hand-written docs plus every generated page) and ``out/mkdocs.yml``.

    ``options`` are the kbgen plugin's; ``site_name`` titles the home page when the plugin gives no
    ``title``, ``site_url`` is where the schemas are published and ``directory_urls`` is MkDocs'
    ``use_directory_urls``. Returns the number of generated files.
    Raises KbgenError, leaving ``out`` as it was.
    """
    extra = read_extra_pages(options.get("extra_pages") or {}, config_dir)
    title = options.get("title") or site_name or DEFAULT_TITLE
    files = render_site(result, title, options.get("intro") or "", extra, options.get("introductions") or {},
                        schema_base(site_url), directory_urls)
    unsafe = unsafe_pages(files, setup)
    if unsafe:
        raise KbgenError("nothing was written: after rendering, the sanitiser would remove markup from "
                         f"{unsafe[0]} (and {len(unsafe) - 1} more); this is a bug in kbgen, please report it")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".kbgen-render-", dir=out.parent))
    try:
        _write_pages(staging / "docs", docs_dir, files)
        (staging / "mkdocs.yml").write_text(standalone_config(config_text, config_dir, out, options), encoding="utf-8")
        (staging / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
        swap_in(staging, out, ".kbgen-render-old-")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return len(files)


def _write_pages(pages: Path, docs_dir: Path, files: dict[str, str | bytes]) -> None:
    if docs_dir.is_dir():
        shutil.copytree(docs_dir, pages)
    files = {**files, **_assets()}
    for path, content in files.items():
        target = pages / path
        if target.exists():
            raise KbgenError(f"{docs_dir / path} clashes with a page kbgen generates; rename or remove it")
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")


def _assets() -> dict[str, bytes]:
    """kbgen's stylesheet and script (the plugin adds them to a site through its theme folder), as pages' files."""
    folder = resources.files("kbgen") / "theme"
    return {path: (folder / path).read_bytes() for path in ASSETS.values()}


def unsafe_pages(files: dict[str, str | bytes], setup: MarkdownSetup) -> list[str]:
    """Generated pages whose HTML, as the site's Markdown engine makes it, the sanitiser would change."""
    import markdown
    from mkdocs.utils.meta import get_data

    md = markdown.Markdown(extensions=list(setup.extensions), extension_configs=dict(setup.configs))
    sanitiser = page_sanitiser()
    unsafe = []
    for path, content in files.items():
        if not path.endswith(".md") or not isinstance(content, str):
            continue
        md.reset()
        removed = sanitiser.removed(md.convert(get_data(content)[0]))
        if removed:
            unsafe.append(f"{path} ({removed[0].describe()})")
    return unsafe


def standalone_config(config_text: str | None, config_dir: Path, out: Path, options: dict) -> str:
    """The project's ``mkdocs.yml`` without the kbgen plugin, pointing at the rendered pages.

    The file is edited as YAML nodes, never as loaded data, so tags MkDocs resolves itself
    (``!ENV``, ``!relative``, ``!!python/name:``) are written back exactly; paths relative to the
    project (``INHERIT``, ``theme.custom_dir``, ``hooks``, ``!relative $config_dir``) are made to
    point back at it from the new folder.
    """
    root = yaml.compose(config_text, Loader=yaml.SafeLoader) if config_text else None
    if not isinstance(root, yaml.MappingNode):
        root = yaml.MappingNode("tag:yaml.org,2002:map", [])
    back = os.path.relpath(config_dir.resolve(), out.resolve())
    pairs = [(k, v) for k, v in root.value if not (_is(k, "docs_dir") or _is(k, "site_dir"))]
    for i, (key, value) in enumerate(pairs):
        if _is(key, "plugins"):
            pairs[i] = (key, _without_kbgen(value))
        elif _is(key, "INHERIT") or _is(key, "hooks"):
            pairs[i] = (key, _rebased(value, back))
        elif _is(key, "theme") and isinstance(value, yaml.MappingNode):
            value.value = [(k, _rebased(v, back) if _is(k, "custom_dir") else v) for k, v in value.value]
    for key, path in (("extra_css", ASSETS["css"]), ("extra_javascript", ASSETS["js"])):
        _append(pairs, key, path)  # what the plugin would have added
    if not any(_is(k, "site_name") for k, _ in pairs):
        pairs.insert(0, (_scalar("site_name"), _scalar(options.get("title") or DEFAULT_TITLE)))
    pairs += [(_scalar("docs_dir"), _scalar("docs")), (_scalar("site_dir"), _scalar("site"))]
    root.value = pairs
    _relative_tags(root, back)
    header = "# Written by `kbgen render`: the pages are already generated, so no kbgen plugin is needed.\n"
    return header + yaml.serialize(root, Dumper=yaml.SafeDumper, allow_unicode=True)


def _append(pairs: list, key: str, value: str) -> None:
    """Add ``value`` to the list at ``key`` (made when the file has none)."""
    for k, v in pairs:
        if _is(k, key) and isinstance(v, yaml.SequenceNode):
            v.value.append(_scalar(value))
            return
    pairs.append((_scalar(key), yaml.SequenceNode("tag:yaml.org,2002:seq", [_scalar(value)])))


def _scalar(value: str) -> yaml.ScalarNode:
    return yaml.ScalarNode("tag:yaml.org,2002:str", value)


def _is(node: yaml.Node, name: str) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.value == name


def _without_kbgen(plugins: yaml.Node) -> yaml.Node:
    if isinstance(plugins, yaml.SequenceNode):
        plugins.value = [p for p in plugins.value if not (_is(p, "kbgen") or (
            isinstance(p, yaml.MappingNode) and any(_is(k, "kbgen") for k, _ in p.value)))]
    elif isinstance(plugins, yaml.MappingNode):
        plugins.value = [(k, v) for k, v in plugins.value if not _is(k, "kbgen")]
    return plugins


def _rebased(node: yaml.Node, back: str) -> yaml.Node:
    """A path relative to the project, made relative to the rendered folder."""
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str" and node.value:
        if not os.path.isabs(node.value):
            node.value = os.path.normpath(os.path.join(back, node.value))
    elif isinstance(node, yaml.SequenceNode):
        node.value = [_rebased(item, back) for item in node.value]
    return node


def _relative_tags(node: yaml.Node, back: str) -> None:
    if isinstance(node, yaml.ScalarNode):
        if node.tag == "!relative" and node.value.startswith("$config_dir"):
            rest = node.value[len("$config_dir"):].lstrip("/")
            node.value = "$config_dir/" + os.path.normpath(os.path.join(back, rest))
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _relative_tags(item, back)
    elif isinstance(node, yaml.MappingNode):
        for _key, value in node.value:
            _relative_tags(value, back)
