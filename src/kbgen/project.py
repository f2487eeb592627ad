"""A kbgen project's settings as ``mkdocs.yml`` gives them, for the commands that do not run MkDocs.

``kbgen check`` reads the kbgen plugin's options (the folders of full texts, whether verification is
required) from the same file as ``kbgen build`` and ``mkdocs build``, so all three verify quotes alike.
The file is read safely: ``!ENV`` is resolved as MkDocs resolves it, and any other tag (MkDocs'
``!relative``, ``!!python/name:`` in Markdown extension settings) is kept as plain data, never run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
import yaml_env_tag

from .errors import KbgenError
from .sources import folders_option


class _ConfigLoader(yaml.SafeLoader):
    """Safe loading plus ``!ENV``; unknown tags become their plain value."""


def _plain(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_mapping(node, deep=True)


_ConfigLoader.add_constructor("!ENV", yaml_env_tag.construct_env_tag)
_ConfigLoader.add_multi_constructor("!", _plain)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _plain)


def load_config_text(text: str) -> dict:
    """``mkdocs.yml`` text as data (``!ENV`` resolved; other tags as plain values)."""
    data = yaml.load(text, Loader=_ConfigLoader)  # a SafeLoader: no tag can run code
    return data if isinstance(data, dict) else {}


def read_config(config_file: Path) -> dict:
    """``mkdocs.yml`` as data; a KbgenError names the file when it cannot be read."""
    try:
        return load_config_text(config_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise KbgenError(f"cannot read {config_file}: {exc}") from None


def kbgen_options(config: dict) -> dict:
    """The ``kbgen`` plugin's options in a loaded ``mkdocs.yml`` (empty when absent)."""
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "kbgen" in plugin:
            return plugin["kbgen"] or {}
    if isinstance(config.get("plugins"), dict):  # MkDocs also accepts plugins as a mapping
        return config["plugins"].get("kbgen") or {}
    return {}


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
