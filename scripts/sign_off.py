"""Clinical sign-off bound to content: a page's fingerprint, sign-off records and their state.

The fingerprint is a sha256 of everything a reviewer read when they signed a page off:

- the page's Markdown body (line endings normalised; leading and trailing blank lines
  ignored);
- its front matter as parsed values (so re-indenting or re-quoting YAML changes
  nothing), minus review bookkeeping (`last_reviewed`, `next_review`, `reviewed_by`...);
- every snippet it includes (`--8<-- "file"` lines, resolved under includes/, and the
  snippets those include), plus the auto-appended includes/abbreviations.md;
- every reference it cites (its `sources:` keys' entries in data/references.yml);
- every care card it shows (`/// care-card | <id>` lines, in the page or in a snippet)
  from data/triage.yml (`cards.<id>`, plus the shared `levels` their headings come from),
  and the whole triage file when it has a `/// triage-...` block;
- for the whole-guide page, the fingerprint of every page it assembles (`assemble:`).

So editing a shared card, snippet or reference changes the fingerprint of every page
that shows it, and a sign-off recorded against the old fingerprint no longer matches.

Pure functions apart from the loaders (`Project`, `load_sign_offs`) and `main`, the
command behind `make sign-off`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from scripts.content_rules import FRONT_MATTER_BLOCK, parse_date

ROOT = Path(__file__).resolve().parents[1]
SIGN_OFFS_FILE = "data/sign-offs.yml"
CHANGES_FILE = "data/changes.yml"
TRIAGE_FILE = "data/triage.yml"
REFERENCES_FILE = "data/references.yml"
INCLUDES_DIR = "includes"
AUTO_APPEND = ("abbreviations.md",)
# Review and sign-off bookkeeping: changing these is not a change to what was reviewed.
BOOKKEEPING_FIELDS = frozenset({
    "last_reviewed", "next_review", "reviewed_by", "reviewed_by_type", "clinical_sign_off",
})
RECORD_FIELDS = ("name", "role", "organisation", "date", "fingerprint")
FINGERPRINT = re.compile(r"^sha256:[0-9a-f]{64}$")
MAX_TEXT = 120

SNIPPET_LINE = re.compile(r"""^\s*(?<!;)-{1,}8<-{1,}\s+(["'])(?P<name>[^"'\n]+)\1\s*$""", re.M)
SNIPPET_BLOCK = re.compile(r"^\s*-{1,}8<-{1,}\s*$\n(?P<names>.*?)^\s*-{1,}8<-{1,}\s*$", re.M | re.S)
CARE_CARD_LINE = re.compile(r"^/{3,}\s*care-card\s*\|\s*(?P<id>[^\s|]+)\s*$", re.M)
TRIAGE_LINE = re.compile(r"^/{3,}\s*triage-", re.M)


# ---------------------------------------------------------------------------
# Fingerprint
# ---------------------------------------------------------------------------

def canonical(value: object) -> object:
    """Plain JSON-ready value: mappings with sorted string keys, dates as ISO strings."""
    if isinstance(value, Mapping):
        return {str(k): canonical(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (list, tuple)):
        return [canonical(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip()
    return value


def split_page(text: str) -> tuple[dict, str]:
    """(front matter as parsed YAML, Markdown body). Broken front matter is kept as text,
    so the page still gets a (different) fingerprint; the content checks report it."""
    import yaml

    text = text.replace("\r\n", "\n").replace("\r", "\n")
    match = FRONT_MATTER_BLOCK.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group("body"))
    except yaml.YAMLError:
        meta = {"__unparsed_front_matter__": match.group("body")}
    if not isinstance(meta, dict):
        meta = {"__unparsed_front_matter__": match.group("body")}
    return meta, text[match.end():]


def snippet_names(markdown: str) -> list[str]:
    """Files named by `--8<--` lines (single-line and block form), in order."""
    names = [m.group("name").strip() for m in SNIPPET_LINE.finditer(markdown)]
    for block in SNIPPET_BLOCK.finditer(markdown):
        names += [line.strip() for line in block.group("names").splitlines()
                  if line.strip() and not line.strip().startswith(";")]
    return names


def card_ids(markdown: str) -> list[str]:
    return [m.group("id") for m in CARE_CARD_LINE.finditer(markdown)]


def uses_triage(markdown: str) -> bool:
    return TRIAGE_LINE.search(markdown) is not None


@dataclass
class Inputs:
    """What a fingerprint may depend on, as plain values and lookups (tests pass dicts)."""

    read_snippet: Callable[[str], str | None]
    references: Mapping[str, object] = field(default_factory=dict)
    triage: Mapping[str, object] | None = None
    read_page: Callable[[str], str | None] = lambda name: None
    auto_append: tuple[str, ...] = AUTO_APPEND


def reviewable_content(text: str, inputs: Inputs, *, _seen: frozenset[str] = frozenset()) -> dict:
    """Everything a sign-off covers, as one canonical structure (hashed by `fingerprint`)."""
    meta, body = split_page(text)
    snippets: dict[str, str | None] = {}
    queue = [*snippet_names(body), *inputs.auto_append]
    while queue:
        name = queue.pop(0)
        if name in snippets:
            continue
        raw = inputs.read_snippet(name)
        if raw is None and ":" in name:  # `file.md:section` or `file.md:1:5`
            raw = inputs.read_snippet(name.split(":", 1)[0])
        snippets[name] = None if raw is None else raw.replace("\r\n", "\n")
        if raw:
            queue += snippet_names(raw)
    shown = "\n".join([body, *(s for s in snippets.values() if s)])

    refs = {}
    sources = meta.get("sources")
    for key in sources if isinstance(sources, list) else []:
        refs[str(key)] = canonical(inputs.references.get(str(key)))

    triage = inputs.triage if isinstance(inputs.triage, Mapping) else {}
    cards_data = triage.get("cards") if isinstance(triage.get("cards"), Mapping) else {}
    cards = {cid: canonical(cards_data.get(cid)) for cid in card_ids(shown)}

    content: dict[str, object] = {
        "version": 1,
        "front_matter": canonical({k: v for k, v in meta.items() if k not in BOOKKEEPING_FIELDS}),
        "body": body.strip("\n"),
        "snippets": snippets,
        "references": refs,
        "cards": cards,
    }
    if cards:
        content["levels"] = canonical(triage.get("levels"))
    if uses_triage(shown):
        content["triage"] = canonical(triage)
    assemble = meta.get("assemble")
    if isinstance(assemble, list):
        parts = {}
        for name in map(str, assemble):
            other = inputs.read_page(name)
            parts[name] = None if other is None or name in _seen else fingerprint(other, inputs, _seen=_seen | {name})
        content["assembled"] = parts
    return content


def fingerprint(text: str, inputs: Inputs, *, _seen: frozenset[str] = frozenset()) -> str:
    """`sha256:<hex>` of the page's reviewable content (see the module docstring)."""
    data = reviewable_content(text, inputs, _seen=_seen)
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return "sha256:" + hashlib.sha256(blob.encode("utf-8")).hexdigest()


class Project:
    """Reads the project's files for fingerprints (includes/, data/, docs/)."""

    def __init__(self, root: Path = ROOT, docs: Path | None = None):
        self.root = Path(root)
        self.docs = Path(docs) if docs else self.root / "docs"
        self.inputs = Inputs(
            read_snippet=self._read(self.root / INCLUDES_DIR),
            references=_load_yaml(self.root / REFERENCES_FILE) or {},
            triage=_load_yaml(self.root / TRIAGE_FILE),
            read_page=self._read(self.docs),
        )
        # Data files that exist but cannot be read: fingerprints would be wrong, so the
        # hooks compare none (the file's own hook names the error once, not per page).
        self.unreadable = [name for name in (REFERENCES_FILE, TRIAGE_FILE)
                           if (self.root / name).is_file() and _load_yaml(self.root / name) is None]
        self._cache: dict[str, str] = {}

    @staticmethod
    def _read(base: Path) -> Callable[[str], str | None]:
        def read(name: str) -> str | None:
            path = (base / name).resolve()
            if base.resolve() not in path.parents or not path.is_file():
                return None
            return path.read_text(encoding="utf-8")
        return read

    def pages(self) -> list[str]:
        return sorted(p.relative_to(self.docs).as_posix() for p in self.docs.rglob("*.md"))

    def fingerprint(self, page: str) -> str:
        if page not in self._cache:
            self._cache[page] = fingerprint((self.docs / page).read_text(encoding="utf-8"), self.inputs)
        return self._cache[page]


def _load_yaml(path: Path):
    import yaml

    if not path.is_file():
        return None
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        return None  # the hook that owns the file reports it


# ---------------------------------------------------------------------------
# Sign-off records (data/sign-offs.yml)
# ---------------------------------------------------------------------------

def page_key(page: str) -> str:
    """`docs/how-common.md`, `./docs/how-common.md` or `how-common.md` -> `how-common.md`."""
    key = page.strip().replace("\\", "/").removeprefix("./")
    return key.removeprefix("docs/")


def check_text(label: str, value: object) -> list[str]:
    if not isinstance(value, str) or not value.strip():
        return [f"'{label}' is empty: fill it in"]
    problems = []
    if "\n" in value or "\r" in value:
        problems.append(f"'{label}' must be one line")
    if len(value.strip()) > MAX_TEXT:
        problems.append(f"'{label}' is {len(value.strip())} characters: keep it to {MAX_TEXT}")
    if "<" in value or ">" in value:
        problems.append(f"'{label}' must not contain < or >")
    return problems


def check_record(record: object, *, today: dt.date) -> list[str]:
    """Problems with one sign-off record (a mapping of name, role, organisation, date, fingerprint)."""
    if not isinstance(record, Mapping):
        return [f"each record must be a mapping with {', '.join(RECORD_FIELDS)}"]
    problems = []
    for label in ("name", "role", "organisation"):
        problems += check_text(label, record.get(label))
    date = parse_date(record.get("date"))
    if date is None:
        problems.append(f"'date' is {record.get('date')!r}: write it as YYYY-MM-DD")
    elif date > today:
        problems.append(f"'date' ({date}) is in the future: use the day the clinician signed it off")
    if not isinstance(record.get("fingerprint"), str) or not FINGERPRINT.match(record["fingerprint"]):
        problems.append("'fingerprint' must be sha256:<64 hex digits>: record sign-offs with `make sign-off`, never by hand")
    return problems


def check_page_lists(data: object, *, pages: Iterable[str], check: Callable[[object], list[str]],
                     kind: str, item: str) -> list[str]:
    """Problems with a data file of {page: [entry, ...]} (sign-offs, changes): known
    pages only, a non-empty list each, and `check(entry)` for every entry."""
    if data is None:
        return []
    if not isinstance(data, Mapping):
        return [f"expected a mapping of page paths (for example how-common.md) to lists of {kind}"]
    known = set(pages)
    problems = []
    for page, entries in data.items():
        if page not in known:
            problems.append(f"'{page}' is not a page in docs/: fix the path (for example how-common.md) or remove its {kind}")
        if not isinstance(entries, list) or not entries:
            problems.append(f"'{page}': give a list of {kind}")
            continue
        for i, entry in enumerate(entries, start=1):
            problems += [f"'{page}' {item} {i}: {p}" for p in check(entry)]
    return problems


def check_sign_offs(data: object, *, pages: Iterable[str], today: dt.date) -> list[str]:
    """Problems with the whole file: {page: [record, ...]} with known pages only."""
    return check_page_lists(data, pages=pages, check=lambda r: check_record(r, today=today),
                            kind="sign-off records", item="record")


def latest_sign_off(records: object) -> dict | None:
    """The newest valid-looking record (by date; the later one in the file on a tie)."""
    if not isinstance(records, list):
        return None
    dated = [(parse_date(r.get("date")), i, r) for i, r in enumerate(records) if isinstance(r, Mapping)]
    dated = [d for d in dated if d[0] is not None]
    return dict(max(dated, key=lambda d: (d[0], d[1]))[2]) if dated else None


@dataclass(frozen=True)
class SignOffState:
    """What the page, the review panel, the report and strict mode say about a page."""

    status: str  # "signed-off", "changed", "not-signed-off" or "not-needed"
    record: dict | None
    current: str

    @property
    def signed_off(self) -> bool:
        return self.status == "signed-off"


def sign_off_state(records: object, current: str, *, needed: bool = True) -> SignOffState:
    """`needed=False` for a page whose front matter says `clinical_sign_off: not-needed`
    (no health advice, such as the accessibility statement); a record still counts."""
    record = latest_sign_off(records)
    if record is None:
        return SignOffState("not-signed-off" if needed else "not-needed", None, current)
    status = "signed-off" if record.get("fingerprint") == current else "changed"
    return SignOffState(status, record, current)


def strict_problem(page: str, state: SignOffState) -> str | None:
    """Why strict publishing refuses the page (None when it may be published)."""
    command = f'make sign-off PAGE=docs/{page} BY="Name" ROLE="Role" ORG="Organisation"'
    if state.status in ("signed-off", "not-needed"):
        return None
    if state.status == "changed":
        r = state.record or {}
        return (f"changed after clinical sign-off by {r.get('name')} on {r.get('date')} "
                f"(signed {str(r.get('fingerprint'))[:15]}..., now {state.current[:15]}...): strict publishing "
                f"refuses it. Ask a clinician to review the page, then run {command}")
    return (f"no clinical sign-off: strict publishing refuses it. Ask a clinician to review the page, "
            f"then run {command}")


def page_meta(text: str) -> dict:
    """The page's front matter, or {} when it is missing or broken (content_checks reports it)."""
    return {k: v for k, v in split_page(text)[0].items() if k != "__unparsed_front_matter__"}


def sign_off_needed(meta: Mapping[str, object]) -> tuple[bool, str | None]:
    """(needed, problem) from the optional front-matter field `clinical_sign_off`."""
    value = meta.get("clinical_sign_off")
    if value is None:
        return True, None
    if value == "not-needed":
        return False, None
    return True, f"'clinical_sign_off' is {value!r}: leave it out, or write not-needed on a page with no health advice"


def summary(states: Mapping[str, SignOffState]) -> dict[str, int]:
    counts = {"signed-off": 0, "changed": 0, "not-signed-off": 0, "not-needed": 0}
    for state in states.values():
        counts[state.status] += 1
    return counts


def render_summary(counts: Mapping[str, int]) -> str:
    """One paragraph for the "How this guide is made" page: where sign-off stands now."""
    needing = counts["signed-off"] + counts["changed"] + counts["not-signed-off"]
    if counts["signed-off"] == 0 and counts["changed"] == 0:
        text = (f"In this copy of the guide, none of the {needing} pages with health information has been "
                "signed off by a named clinician yet. Each page says so at the end.")
    else:
        text = (f"In this copy of the guide, {counts['signed-off']} of the {needing} pages with health information "
                f"have a current clinical sign-off. {counts['changed']} changed after their sign-off and wait for a new "
                f"review. {counts['not-signed-off']} have not been signed off yet. Each page says which at the end.")
    return f'<p class="sign-off-summary">{text}</p>\n'


def parse_flag(value: object, name: str) -> tuple[bool, str | None]:
    """A true/false deployment setting from an environment variable: (value, problem)."""
    if isinstance(value, bool):
        return value, None
    text = "" if value is None else str(value).strip().lower()
    if text in ("", "0", "false", "no", "off"):
        return False, None
    if text in ("1", "true", "yes", "on"):
        return True, None
    return False, f"{name} is {value!r}: set it to true or false"


# ---------------------------------------------------------------------------
# Writing the data files (the commands; comments at the top are kept)
# ---------------------------------------------------------------------------

def read_data_file(path: Path) -> tuple[str, dict]:
    """(leading comment block, data) of a YAML data file."""
    import yaml

    text = path.read_text(encoding="utf-8") if path.exists() else ""
    header = []
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            header.append(line)
        else:
            break
    data = yaml.safe_load(text) if text.strip() else None
    return "\n".join(header).strip("\n"), data if isinstance(data, dict) else {}


def write_data_file(path: Path, header: str, data: Mapping) -> None:
    import yaml

    body = yaml.safe_dump(dict(data), sort_keys=True, allow_unicode=True, width=100, default_flow_style=False) if data else "{}\n"
    path.write_text((header + "\n\n" if header else "") + body, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    import os

    from scripts import changes

    parser = argparse.ArgumentParser(description="Record a clinical sign-off of a page (make sign-off).")
    parser.add_argument("--page", default=os.environ.get("PAGE", ""), help="for example docs/how-common.md")
    parser.add_argument("--by", default=os.environ.get("BY", ""), help="the clinician's name")
    parser.add_argument("--role", default=os.environ.get("ROLE", ""), help='for example "Consultant clinical oncologist"')
    parser.add_argument("--org", default=os.environ.get("ORG", ""), help="their organisation")
    parser.add_argument("--date", default=os.environ.get("DATE") or dt.date.today().isoformat())
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    project = Project(args.root)
    page = page_key(args.page)
    problems = []
    if not page:
        problems.append("PAGE is empty: give the page, for example PAGE=docs/how-common.md")
    elif page not in project.pages():
        problems.append(f"PAGE={args.page!r} is not a page in docs/: give it as docs/<file>.md")
    record = {"name": args.by.strip(), "role": args.role.strip(), "organisation": args.org.strip(),
              "date": parse_date(args.date) or args.date, "fingerprint": project.fingerprint(page) if not problems else "sha256:" + "0" * 64}
    examples = {"'name'": 'BY="Dr Jane Smith"', "'role'": 'ROLE="Consultant clinical oncologist"',
                "'organisation'": 'ORG="Example Hospitals NHS Trust"', "'date'": "DATE=2026-12-02"}
    for problem in check_record(record, today=dt.date.today()):
        for label, example in examples.items():
            if problem.startswith(label):
                problem = f"{example.split('=')[0]}{problem[len(label):]} (for example {example})"
        problems.append(problem)
    if not problems:
        _, change_data = read_data_file(args.root / CHANGES_FILE)
        behind = changes.record_problem(page, change_data.get(page), record["fingerprint"])
        if behind:
            problems.append(f"docs/{page}: {behind}. A sign-off covers the changes recorded up to its date, so record them first")
    if problems:
        for problem in problems:
            print(f"make sign-off: {problem}", file=sys.stderr)
        return 2
    path = args.root / SIGN_OFFS_FILE
    header, data = read_data_file(path)
    data.setdefault(page, []).append(record)
    write_data_file(path, header, data)
    print(f"Recorded: docs/{page} signed off by {record['name']} ({record['role']}, {record['organisation']}) "
          f"on {record['date']}, fingerprint {record['fingerprint']}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
