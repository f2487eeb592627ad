"""``mkdocs.yml`` read by MkDocs' own loader, for the command line (a shell, like the plugin).

MkDocs' loader understands everything a real configuration holds (``!ENV``, ``!relative``,
``INHERIT``, material's ``!!python/name:`` emoji functions); its errors become one clear
message naming the file, never a traceback. The generated pages need some Markdown extensions
(admonitions, tabs, fenced code inside tabs); a configuration without them is an error that
says what to add, instead of pages showing literal ``!!!`` and ``===``.
"""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

import yaml

from .errors import KbgenError
from .prose import MarkdownSetup
from .render.site import MARKDOWN_EXTENSIONS

#: Extensions MkDocs always adds to a site's own list.
_BUILTINS = ("toc", "tables", "fenced_code")


class _CurrentStderr(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is when a message is logged (so captured output sees it too)."""

    @property
    def stream(self):  # noqa: D102 - logging's attribute
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
    """The loaded configuration's Markdown extensions, as the core takes them."""
    return MarkdownSetup(tuple(config["markdown_extensions"]), dict(config["mdx_configs"]))


def read_markdown_setup(config_file: Path) -> MarkdownSetup:
    """Only the Markdown extensions of ``mkdocs.yml`` (fast: no theme or plugin is loaded), with MkDocs' own
    YAML loader and option type; :class:`KbgenError` when the file cannot be read."""
    from mkdocs.config import base
    from mkdocs.config import config_options as c
    from mkdocs.exceptions import ConfigurationError

    class MarkdownOnly(base.Config):
        markdown_extensions = c.MarkdownExtensions(builtins=list(_BUILTINS), configkey="mdx_configs", default=[])
        mdx_configs = c.Private()

    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    config = MarkdownOnly(config_file_path=str(config_file))
    try:
        with open(config_file, "rb") as handle:
            config.load_dict(yaml_load(handle, loader=get_yaml_loader(config=config)) or {})
        errors, _warnings = config.validate()
    except (ConfigurationError, yaml.YAMLError, OSError, ValueError) as exc:
        raise KbgenError(f"{config_file}: {_one_line(exc)}") from None
    errors = [e for e in errors if e[0] in ("markdown_extensions", "mdx_configs")]
    if errors:
        raise KbgenError(f"{config_file}: markdown_extensions: {_one_line(errors[0][1])}")
    return markdown_setup(config)


def missing_extensions(setup: MarkdownSetup) -> list[str]:
    """The extensions kbgen's pages need that ``setup`` lacks (``extra`` counts as its parts)."""
    names = setup.names() | {"toc", "tables", "fenced_code"}
    if "extra" in names:
        names |= {"tables", "fenced_code", "attr_list", "footnotes", "def_list", "abbr", "md_in_html"}
    return [name for name in MARKDOWN_EXTENSIONS if name.rsplit(".", 1)[-1] not in names]


def extensions_message(missing: list[str], config_file: str) -> str:
    """What to add to ``mkdocs.yml`` so the generated pages render (one line)."""
    return (f"{config_file}: the generated pages need these Markdown extensions, which are not configured: "
            f"{', '.join(missing)} (without them readers see literal '!!!' and '==='); add them under "
            "markdown_extensions: in mkdocs.yml")


def kbgen_options(config) -> dict | None:
    """The kbgen plugin's options in a loaded configuration, or None when the plugin is not enabled."""
    plugin = config["plugins"].get("kbgen")
    return dict(plugin.config) if plugin is not None else None


def _one_line(exc: object) -> str:
    return re.sub(r"\s+", " ", str(exc)).strip()
