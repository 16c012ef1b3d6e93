"""MkDocs hook: the triage model and local contacts.

on_config checks the deployment's contact values (a bad phone number or name stops
the build at once, naming the variable) and the triage model (data/triage.yml), then
registers the care-card blocks. Each page is checked against the model (required
blocks present, only known cards, no emergency action typed by hand), and problems
found while rendering are reported with the page's file name.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import yaml
from mkdocs.exceptions import ConfigurationError

from scripts.care_cards import CareCardExtension
from scripts.contacts import Contacts
from scripts.triage import MODEL_FILE, Model, check_model, check_page, load_model

log = logging.getLogger("mkdocs.hooks.care_cards")
ROOT = Path(__file__).resolve().parents[2]
_extension: CareCardExtension | None = None
_model: Model | None = None


def _reference_keys() -> list[str] | None:
    try:
        data = yaml.safe_load((ROOT / "data" / "references.yml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return None  # the references hook reports a broken file by name
    return list(data) if isinstance(data, dict) else None


def on_config(config):
    global _extension, _model
    try:
        contacts = Contacts.from_config(config.extra.get("contacts"))
    except ValueError as err:
        raise ConfigurationError(f"Contact settings that a reader would dial or read wrongly:\n{err}") from None
    _model, problems = load_model(ROOT / MODEL_FILE)
    if _model is None:
        raise ConfigurationError("\n".join(problems))
    for problem in problems + check_model(_model, _reference_keys()):
        log.warning(problem)
    _extension = CareCardExtension(contacts=contacts, model=_model)
    config.markdown_extensions.append(_extension)
    return config


def on_page_markdown(markdown, page, config, files):
    if _model is not None:
        # Line numbers in problems count from the top of the file, front matter included.
        source = page.file.content_string
        offset = source[: source.find(markdown)].count("\n") if markdown and markdown in source else 0
        for problem in check_page(page.file.src_uri, markdown, _model):
            problem = re.sub(r"^line (\d+)", lambda m: f"line {int(m.group(1)) + offset}", problem)
            log.warning(f"{page.file.src_uri}: {problem}")
    return markdown


def on_page_content(html, page, config, files):
    if _extension is not None:
        for problem in _extension.problems:
            log.warning(f"{page.file.src_uri}: {problem}")
        _extension.problems.clear()
    return html
