"""A kbgen project's ``mkdocs.yml``: read by MkDocs' own loader for building, and as plain data for checking.

Two readings, for two jobs:

* Commands that build (``kbgen build``, ``kbgen render``, ``kbgen new``) load the whole configuration with
  MkDocs' own loader (:func:`load_site_config`), which understands everything a real configuration holds
  (``!ENV``, ``!relative``, ``INHERIT``, material's ``!!python/name:`` emoji functions); its errors become one
  message naming the file, never a traceback.
* ``kbgen check`` only needs the kbgen plugin's options and the Markdown extensions, and runs where a build
  may not (a pre-commit hook): it reads the file as data (:func:`read_config`), resolving ``!ENV`` as MkDocs
  does and keeping every other tag as a plain value, so no tag can run code.

The generated pages need some Markdown extensions (admonitions, tabs, fenced code inside tabs); a
configuration without them is an error that says what to add, instead of pages showing literal ``!!!``.
"""

from __future__ import annotations

import logging
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml
import yaml_env_tag

from .errors import KbgenError
from .prose import MarkdownSetup
from .render.site import MARKDOWN_EXTENSIONS
from .sources import folders_option

#: Extensions MkDocs always adds to a site's own list.
_BUILTINS = ("toc", "tables", "fenced_code")


# --- mkdocs.yml as data (kbgen check) -------------------------------------------------------------------


class CodeTag(str):
    """The plain value of a ``!!python/...`` tag: text that names code, never run (``.tag`` says which)."""

    tag = ""


class _ConfigLoader(yaml.SafeLoader):
    """Safe loading plus ``!ENV``; unknown tags become their plain value."""


def _plain(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_mapping(node, deep=True)


def _code(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
    value = _plain(loader, suffix, node)
    if isinstance(value, str):
        value = CodeTag(value)
        value.tag = suffix
    return value


_ConfigLoader.add_constructor("!ENV", yaml_env_tag.construct_env_tag)
_ConfigLoader.add_multi_constructor("!", _plain)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _code)


def load_config_text(text: str) -> dict:
    """``mkdocs.yml`` text as data (``!ENV`` resolved; other tags as plain values)."""
    data = yaml.load(text, Loader=_ConfigLoader)  # a SafeLoader: no tag can run code
    return data if isinstance(data, dict) else {}


def read_config(config_file: Path) -> dict:
    """``mkdocs.yml`` as data; a KbgenError names the file when it cannot be read."""
    try:
        return load_config_text(config_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise KbgenError(f"cannot read {config_file}: {_one_line(exc)}") from None


def kbgen_options(config: dict) -> dict:
    """The ``kbgen`` plugin's options in ``mkdocs.yml`` read as data (empty when absent)."""
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "kbgen" in plugin:
            return plugin["kbgen"] or {}
    if isinstance(config.get("plugins"), dict):  # MkDocs also accepts plugins as a mapping
        return config["plugins"].get("kbgen") or {}
    return {}


def markdown_setup_of(config: dict, config_file: Path) -> MarkdownSetup:
    """The Markdown extensions of ``mkdocs.yml`` read as data, validated by MkDocs' own option type.

    Settings given as ``!!python/...`` tags (material's emoji functions) are left to the extension's defaults:
    reading prose does not need them, and a check never imports code a configuration names.
    """
    from mkdocs.config import base
    from mkdocs.config import config_options as c
    from mkdocs.exceptions import ConfigurationError

    class MarkdownOnly(base.Config):
        markdown_extensions = c.MarkdownExtensions(builtins=list(_BUILTINS), configkey="mdx_configs", default=[])
        mdx_configs = c.Private()

    settings = MarkdownOnly(config_file_path=str(config_file))
    try:
        settings.load_dict({"markdown_extensions": _without_code(config.get("markdown_extensions") or [])})
        errors, _warnings = settings.validate()
    except (ConfigurationError, ValueError, TypeError) as exc:
        raise KbgenError(f"{config_file}: markdown_extensions: {_one_line(exc)}") from None
    if errors:
        raise KbgenError(f"{config_file}: markdown_extensions: {_one_line(errors[0][1])}")
    return markdown_setup(settings)


def _without_code(value: object) -> object:
    """``value`` with every ``!!python/...`` setting left out."""
    if isinstance(value, dict):
        return {k: _without_code(v) for k, v in value.items() if not isinstance(v, CodeTag)}
    if isinstance(value, list):
        return [_without_code(v) for v in value if not isinstance(v, CodeTag)]
    return value


def read_markdown_setup(config_file: Path) -> MarkdownSetup:
    """Only the Markdown extensions of ``mkdocs.yml`` (fast: no theme or plugin is loaded, no code run)."""
    return markdown_setup_of(read_config(config_file), config_file)


@dataclass(frozen=True)
class QuoteSources:
    """Where ``kbgen check`` looks for the full texts, and whether every quote must be verified."""

    folders: list[Path] | None
    required: bool


def quote_sources(config_file: Path, sources: Path | None, require: bool) -> QuoteSources:
    """``--sources`` if given, else the plugin's ``sources_dir`` in ``config_file`` (relative to it).

    Verification is required by ``--require-sources`` or by the plugin's ``require_sources`` option.
    """
    options = kbgen_options(read_config(config_file)) if config_file.is_file() else {}
    required = require or bool(options.get("require_sources"))
    if sources is not None:
        return QuoteSources([sources], required)
    folders = folders_option(options.get("sources_dir"), config_file.parent)
    return QuoteSources(folders or None, required)


# --- mkdocs.yml loaded by MkDocs (kbgen build, render, new) ---------------------------------------------


class _CurrentStderr(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is when a message is logged (so captured output sees it too)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def show_mkdocs_messages() -> None:
    """Show MkDocs' warnings, errors and build summary as ``mkdocs build`` does (once per process)."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = _CurrentStderr()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def load_site_config(config_file: Path, **options):
    """The full MkDocs configuration (plugins and theme loaded); :class:`KbgenError` when it cannot be.

    ``options`` override the file as MkDocs' command line does (``strict=None`` keeps the file's value).
    """
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    if not config_file.is_file():
        raise KbgenError(f"{config_file} not found (run kbgen from the project root or pass --config-file)")
    show_mkdocs_messages()
    try:
        return load_config(str(config_file), **options)
    except (ConfigurationError, Abort, yaml.YAMLError) as exc:
        raise KbgenError(f"{config_file}: {_one_line(exc)} (see the messages above)") from None
    except (ImportError, OSError, ValueError, TypeError, KeyError) as exc:  # a tag or plugin MkDocs could not load
        raise KbgenError(f"{config_file}: cannot load it: {type(exc).__name__}: {_one_line(exc)}") from None


def markdown_setup(config) -> MarkdownSetup:
    """A loaded configuration's Markdown extensions, as the core takes them."""
    return MarkdownSetup(tuple(config["markdown_extensions"]), dict(config["mdx_configs"]))


def enabled_options(config) -> dict | None:
    """The kbgen plugin's options in a configuration MkDocs loaded, or None when the plugin is not enabled."""
    plugin = config["plugins"].get("kbgen")
    return dict(plugin.config) if plugin is not None else None


# --- what the generated pages need ------------------------------------------------------------------------


def missing_extensions(setup: MarkdownSetup) -> list[str]:
    """The extensions kbgen's pages need that ``setup`` lacks (``extra`` counts as its parts)."""
    names = setup.names() | set(_BUILTINS)
    if "extra" in names:
        names |= {"tables", "fenced_code", "attr_list", "footnotes", "def_list", "abbr", "md_in_html"}
    return [name for name in MARKDOWN_EXTENSIONS if name.rsplit(".", 1)[-1] not in names]


def extensions_message(missing: list[str], config_file: str) -> str:
    """What to add to ``mkdocs.yml`` so the generated pages render (one line)."""
    return (f"{config_file}: the generated pages need these Markdown extensions, which are not configured: "
            f"{', '.join(missing)} (without them readers see literal '!!!' and '==='); add them under "
            "markdown_extensions: in mkdocs.yml")


def _one_line(exc: object) -> str:
    return re.sub(r"\s+", " ", str(exc)).strip()
