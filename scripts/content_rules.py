"""Content rules for pages: pure functions that return a list of problems.

Each problem is a sentence naming the field and the fix; callers add the file name.
An empty list means the page is safe to publish. No MkDocs import here, so tests
(and any future build tool) can call these directly.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Mapping

REQUIRED_FIELDS = ("title", "description", "last_reviewed", "next_review", "reviewed_by")
MAX_DESCRIPTION = 160
MAX_REVIEW_INTERVAL_DAYS = 3 * 365 + 1  # "at most 3 years", allowing one leap day
MIN_SOURCES = 3
FACT_NUMBERS = range(1, 8)


# Front-matter keys a page may use: this project's contract (CONTRIBUTING.md), keys
# other hooks read (`assemble` for the print guide, `reviewed_by_type` for JSON-LD) and
# Material's own page keys. Anything else is a typo ("next_reveiw", "source") that
# would otherwise be ignored silently. A new key is added here first.
FRONT_MATTER_KEYS = frozenset({
    *REQUIRED_FIELDS, "fact", "sources", "assemble", "reviewed_by_type",
    # Pages with no health advice need no clinical sign-off (scripts/sign_off.py)
    "clinical_sign_off",
    # Material for MkDocs page keys
    "search", "hide", "template", "icon", "status", "tags", "subtitle", "social",
})
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: object) -> dt.date | None:
    """A review date: a YAML date or a 'YYYY-MM-DD' string, nothing else (None if invalid).

    Python's date.fromisoformat also reads '20271125', '2027-W47-4' and (after a
    strip) ' 2027-11-25', which the browser's review notice cannot, so only the one
    form is accepted. A YAML timestamp (a date with a time) is refused too.
    """
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def check_front_matter_keys(meta: Mapping[str, object]) -> list[str]:
    """Unknown keys, with the closest known one suggested."""
    problems = []
    for key in meta:
        if key in FRONT_MATTER_KEYS:
            continue
        close = difflib.get_close_matches(str(key), sorted(FRONT_MATTER_KEYS), n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else "remove it or check the spelling"
        problems.append(f"unknown front-matter key '{key}': {hint} (see CONTRIBUTING.md, \"Front matter contract\")")
    return problems


def check_front_matter(
    meta: Mapping[str, object],
    *,
    today: dt.date,
    reference_keys: Iterable[str] | None = None,
) -> list[str]:
    """Problems with a page's front matter (see CONTRIBUTING.md, "Front matter contract").

    Unknown `sources` keys are reported only when `reference_keys` is given (the
    build checks them in the sources hook, `references.check_sources`)."""
    problems: list[str] = check_front_matter_keys(meta)
    for field in REQUIRED_FIELDS:
        value = meta.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            problems.append(f"missing '{field}': add it to the front matter (see CONTRIBUTING.md)")

    description = meta.get("description")
    if isinstance(description, str) and len(description.strip()) > MAX_DESCRIPTION:
        problems.append(
            f"'description' is {len(description.strip())} characters: shorten it to at most {MAX_DESCRIPTION}"
        )

    problems += check_review_dates(meta, today=today)

    fact = meta.get("fact")
    if fact is not None and (not isinstance(fact, int) or isinstance(fact, bool) or fact not in FACT_NUMBERS):
        problems.append(f"'fact' is {fact!r}: use a whole number from 1 to 7")

    sources = meta.get("sources")
    if sources is None:
        if fact is not None:
            problems.append(f"missing 'sources': fact pages list at least {MIN_SOURCES} reference keys")
    elif not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        problems.append("'sources' must be a list of reference keys, for example [R6, R16, R62]")
    else:
        if fact is not None and len(set(sources)) < MIN_SOURCES:
            problems.append(
                f"'sources' has {len(set(sources))} reference(s): fact pages need at least {MIN_SOURCES}"
            )
        known = set(reference_keys) if reference_keys is not None else None
        for key in sources if known is not None else ():
            if key not in known:
                problems.append(f"'sources' has unknown reference key '{key}': add it to data/references.yml or fix the key")
        duplicates = sorted({s for s in sources if sources.count(s) > 1})
        if duplicates:
            problems.append(f"'sources' lists {', '.join(duplicates)} more than once: remove the repeat")
    return problems


def check_review_dates(meta: Mapping[str, object], *, today: dt.date) -> list[str]:
    """Review dates must be valid, in order, at most 3 years apart and not expired."""
    problems: list[str] = []
    dates = {}
    for field in ("last_reviewed", "next_review"):
        raw = meta.get(field)
        if raw is None:
            continue
        parsed = parse_date(raw)
        if parsed is None:
            problems.append(f"'{field}' is {raw!r}: write the date as YYYY-MM-DD, for example 2026-11-25")
        dates[field] = parsed
    last, nxt = dates.get("last_reviewed"), dates.get("next_review")
    if last and last > today:
        problems.append(f"'last_reviewed' ({last}) is in the future: use the date the review happened")
    if last and nxt:
        if nxt <= last:
            problems.append(f"'next_review' ({nxt}) must be after 'last_reviewed' ({last})")
        elif (nxt - last).days > MAX_REVIEW_INTERVAL_DAYS:
            problems.append(f"'next_review' ({nxt}) is more than 3 years after 'last_reviewed' ({last}): bring it forward")
    if nxt and nxt < today:
        problems.append(
            f"'next_review' ({nxt}) has passed: the page is due for review and must not be republished. "
            "Re-check it against its sources, then update 'last_reviewed' and 'next_review'"
        )
    return problems


def unused_references(defined: Iterable[str], used: Iterable[str]) -> list[str]:
    """Reference keys that no page cites (each is a problem: remove it or cite it)."""
    used_set = set(used)
    return [key for key in defined if key not in used_set]


def review_due(meta: Mapping[str, object], *, today: dt.date, within_days: int) -> dt.date | None:
    """The page's next_review date if it falls within `within_days` of today, else None."""
    nxt = parse_date(meta.get("next_review"))
    if nxt and (nxt - today).days <= within_days:
        return nxt
    return None


FRONT_MATTER_BLOCK = re.compile(r"\A---\s*\n(?P<body>.*?)\n(?:---|\.\.\.)\s*\n", re.S)
KEY_FACT_OPENER = re.compile(r"^/{3,}\s*key-fact\b", re.M)
SECTION_HEADING = re.compile(r"^##\s", re.M)


def read_front_matter(markdown: str) -> dict:
    """The page's front matter as a dict ({} when absent or not a mapping)."""
    import yaml

    match = FRONT_MATTER_BLOCK.match(markdown)
    data = yaml.safe_load(match.group("body")) if match else None
    return data if isinstance(data, dict) else {}


def front_matter_error(markdown: str) -> str | None:
    """Explain why a front-matter block was not understood (MkDocs ignores it silently)."""
    import yaml

    match = FRONT_MATTER_BLOCK.match(markdown)
    if not match:
        if markdown.lstrip().startswith("---"):
            return "front matter is not closed: end it with a line containing only ---"
        return "no front matter: start the file with a --- block (see CONTRIBUTING.md)"
    try:
        data = yaml.safe_load(match.group("body"))
    except yaml.YAMLError as err:
        where = getattr(err, "problem_mark", None)
        line = f" at line {where.line + 2}" if where else ""
        problem = getattr(err, "problem", err)
        fix = "replace the tab with spaces" if "\\t" in str(problem) or "\t" in str(problem) else "check colons and quotes"
        return f"front matter is not valid YAML{line} ({problem}): {fix}"
    if not isinstance(data, dict):
        return "front matter must be 'field: value' lines (see CONTRIBUTING.md)"
    return None


def check_fact_page(markdown: str) -> list[str]:
    """A fact page opens with its key-fact box, before the first ## section."""
    box = KEY_FACT_OPENER.search(markdown)
    first_section = SECTION_HEADING.search(markdown)
    if box is None:
        return ["no key-fact box: start the page with '/// key-fact | Key fact' ... '///'"]
    if first_section and first_section.start() < box.start():
        return ["the key-fact box must come before the first ## section"]
    return []


# ---------------------------------------------------------------------------
# Blocks (`/// name` ... `///`) must be closed
# ---------------------------------------------------------------------------
# The same patterns as pymdownx.blocks (RE_START/RE_END in pymdownx/blocks/__init__.py),
# but allowing any indentation, so blocks nested in lists and in `<div markdown>` count.
BLOCK_OPEN = re.compile(r"^\s*(?P<fence>/{3,})[ ]*(?P<name>[\w-]+)[ ]*(?:\|.*)?$")
BLOCK_CLOSE = re.compile(r"^\s*(?P<fence>/{3,})[ ]*$")
CODE_FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})")
SNIPPET_LINE = re.compile(r"^\s*-{1,}8<-{1,}\s*[\"'](?P<path>[^\"']+)[\"']\s*$")


def check_blocks_closed(markdown: str) -> list[str]:
    """Every block opener has its closer; see _scan_blocks."""
    return _scan_blocks(markdown)[0]


def _scan_blocks(markdown: str) -> tuple[list[str], list[tuple[int, str, int]]]:
    """Every block opener has its closer (same number of slashes), innermost first.

    Why this runs before Markdown: an unclosed block is not an error to
    pymdownx.blocks. It keeps the block open to the end of the document, so an
    unclosed key-fact box or admonition silently swallows the rest of the page. Worse,
    inside `<div markdown>` (md_in_html) with text from pymdownx.snippets, the open
    block's parent element is never found again: BlocksProcessor.test() calls
    get_parent(), which walks lastChild() from the div without reaching the block's
    element, test() keeps matching while run() consumes nothing, and
    BlockParser.parseBlocks loops for ever at 100% CPU (pymdown-extensions 13.1.2,
    Markdown 3.11; seen as an endless get_parent -> lastChild in a faulthandler dump).
    Not fixed upstream here; the hook refuses the page instead.
    """
    problems: list[str] = []
    stack: list[tuple[int, str, int]] = []  # (slashes, name, line)
    code_fence: str | None = None
    for number, line in enumerate(markdown.splitlines(), start=1):
        fence = CODE_FENCE.match(line)
        if code_fence:
            if fence and fence.group("fence")[0] == code_fence[0] and len(fence.group("fence")) >= len(code_fence):
                code_fence = None
            continue
        if fence:
            code_fence = fence.group("fence")
            continue
        opened = BLOCK_OPEN.match(line)
        if opened:
            stack.append((len(opened.group("fence")), opened.group("name"), number))
            continue
        closed = BLOCK_CLOSE.match(line)
        if closed:
            slashes = len(closed.group("fence"))
            if stack and stack[-1][0] == slashes:
                stack.pop()
            elif stack:
                length, name, start = stack[-1]
                problems.append(
                    f"line {number}: '{'/' * slashes}' does not close the '{name}' block opened on line {start} "
                    f"with '{'/' * length}': use the same number of slashes"
                )
            else:
                problems.append(f"line {number}: '{'/' * slashes}' closes no block: remove it or add the opening line")
    for length, name, start in reversed(stack):
        problems.append(
            f"line {start}: the '{name}' block opened here is never closed: add a line '{'/' * length}' after its content"
        )
    return problems, stack


def neutralise_open_blocks(markdown: str) -> str:
    """The text with the opening line of each unclosed block blanked, so a page that is
    already failing cannot hang the Markdown run. (Appending closers at the end is not
    enough: inside `<div markdown>` the end of the page is outside the div.)"""
    stack = _scan_blocks(markdown)[1]
    if not stack:
        return markdown
    lines = markdown.split("\n")
    for _, _, line in stack:
        lines[line - 1] = ""
    return "\n".join(lines)


def snippet_paths(markdown: str) -> list[tuple[int, str]]:
    """(line, path) of every `--8<-- "path"` include line."""
    return [(n, m.group("path")) for n, line in enumerate(markdown.splitlines(), start=1)
            if (m := SNIPPET_LINE.match(line))]


# ---------------------------------------------------------------------------
# Page body rules
# ---------------------------------------------------------------------------
INLINE_CODE = re.compile(r"`[^`\n]+`")
SCRIPT_TAG = re.compile(r"<\s*/?\s*script\b", re.I)
HTML_TAG_LIKE = re.compile(r"<\s*/?\s*[a-z!]", re.I)
PLAIN_TEXT_FIELDS = ("title", "description", "reviewed_by")
EVENT_ATTRIBUTE = re.compile(r"<[a-z][^>]*?\s(on[a-z]+)\s*=", re.I | re.S)
SCRIPT_URL = re.compile(r"\b(?:javascript|vbscript)\s*:|\bdata\s*:\s*text/html", re.I)
MD_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]*)")
HTML_IMAGE = re.compile(r"<img\b(?P<attrs>[^>]*)>", re.I)
HTML_ALT = re.compile(r"""\balt\s*=\s*(?:"(?P<d>[^"]*)"|'(?P<s>[^']*)'|(?P<u>[^\s>]+))""", re.I)
TEL_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\(\s*tel:(?P<href>[^)\s]*)\s*\)")
LINK_TARGET = re.compile(r"\]\([^)]*\)|<https?://[^>]*>|\bhttps?://\S+")
# A run that looks like a phone number: digits with spaces, hyphens, dots or brackets
# between them, optionally after a +. Counted as a phone number when it has at least 9
# digits (UK numbers have 10 or 11, international ones more), so dates (8 digits),
# years, statistics and the national 3-digit numbers (999, 111, 112, 911) never match.
PHONE_LIKE = re.compile(r"(?<![\w.,/#=-])\+?\(?\d[\d \t().-]{7,}\d(?![\w])")
MIN_PHONE_DIGITS = 9
FAQ_HEADING = re.compile(r"^##\s+(?P<text>.+?)\s*(?:\{[^}]*\})?\s*$", re.M)
FACT_LINK = re.compile(r"\]\(\s*(?P<target>[^)#\s]+\.md)(?:#[^)\s]*)?\s*\)")
TABLE_HEADER = re.compile(r"^\s*\|.*\|\s*\n\s*\|[\s:|-]*-[\s:|-]*\|\s*$", re.M)
# The signs table is rendered from the triage model (scripts/triage.py) by this block.
MODEL_TABLE = re.compile(r"^\s*/{3,}\s*triage-signs\b", re.M)
TABLES_REQUIRED = frozenset({1, 3, 4, 5, 6})   # fact numbers whose pages need a data table
MAX_READING_GRADE = 8.0


def _without_code(markdown: str) -> str:
    """The text with fenced and inline code blanked (line numbers kept)."""
    lines, fence = [], None
    for line in markdown.splitlines():
        match = CODE_FENCE.match(line)
        if fence:
            if match and match.group("fence")[0] == fence[0]:
                fence = None
            lines.append("")
            continue
        if match:
            fence = match.group("fence")
            lines.append("")
            continue
        lines.append(INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line))
    return "\n".join(lines)


def _line(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def check_unsafe_html(markdown: str) -> list[str]:
    """Script tags, on...= event attributes and script URLs are never allowed in content."""
    text = _without_code(markdown)
    problems = []
    for match in SCRIPT_TAG.finditer(text):
        problems.append(f"line {_line(text, match.start())}: a <script> tag: pages may not contain code; remove it")
    for match in EVENT_ATTRIBUTE.finditer(text):
        problems.append(f"line {_line(text, match.start(1))}: an '{match.group(1)}=' event attribute: remove it (pages may not contain code)")
    for match in SCRIPT_URL.finditer(text):
        problems.append(f"line {_line(text, match.start())}: a '{match.group(0)}' URL: link to a page or an https:// address instead")
    return problems


def check_unsafe_values(meta: Mapping[str, object]) -> list[str]:
    """The same rule for front-matter strings (shown in templates, the nav and JSON-LD)."""
    problems = []
    for key in PLAIN_TEXT_FIELDS:
        value = meta.get(key)
        if isinstance(value, str) and HTML_TAG_LIKE.search(value):
            problems.append(f"'{key}' contains HTML ({value[:40]!r}): write plain text (it is shown in the page "
                            "heading, menu or review panel as it is)")
    for key, value in meta.items():
        if key in PLAIN_TEXT_FIELDS:
            continue
        values = value if isinstance(value, list) else [value]
        for item in values:
            if isinstance(item, str) and (SCRIPT_TAG.search(item) or SCRIPT_URL.search(item)
                                          or re.search(r"<[^>]*\son[a-z]+\s*=", item, re.I)):
                problems.append(f"'{key}' contains HTML code ({item[:40]!r}): write plain text")
    return problems


def check_images_have_alt_text(markdown: str) -> list[str]:
    """Every picture has a text alternative (empty alt means "decorative" to a screen reader)."""
    text = _without_code(markdown)
    problems = []
    for match in MD_IMAGE.finditer(text):
        if not match.group("alt").strip():
            problems.append(f"line {_line(text, match.start())}: image '{match.group('src')}' has no alt text: "
                            "write what it shows inside ![...]")
    for match in HTML_IMAGE.finditer(text):
        alt = HTML_ALT.search(match.group("attrs"))
        if not alt or not (alt.group("d") or alt.group("s") or alt.group("u") or "").strip():
            problems.append(f"line {_line(text, match.start())}: <img> has no alt text: add alt=\"what it shows\"")
    return problems


def _digits(text: str) -> str:
    return re.sub(r"[^0-9+]", "", text)


def check_phone_numbers(markdown: str) -> list[str]:
    """Local phone numbers come from placeholders ([[helpline]] ...), never typed into a page.

    A number written as a Markdown tel: link ([0808 800 6000](tel:08088006000), for a
    national charity line that is the same for every reader) is allowed when the link
    dials exactly the digits shown. The national 3-digit numbers (999, 111, 112, 911)
    may be written as text: they are too short to match.
    """
    text = _without_code(markdown)
    problems = []

    def tel(match: re.Match[str]) -> str:
        shown, href = _digits(match.group("text")), _digits(match.group("href"))
        if shown != href:
            problems.append(f"line {_line(text, match.start())}: the tel: link dials '{match.group('href')}' "
                            f"but shows '{match.group('text')}': make them the same number")
        return " " * len(match.group(0))

    text = TEL_LINK.sub(tel, text)
    text = LINK_TARGET.sub(lambda m: " " * len(m.group(0)), text)
    for match in PHONE_LIKE.finditer(text):
        if len(re.sub(r"\D", "", match.group(0))) >= MIN_PHONE_DIGITS:
            problems.append(
                f"line {_line(text, match.start())}: '{match.group(0).strip()}' looks like a phone number typed into "
                "the page: use a placeholder such as [[helpline]] (see CONTRIBUTING.md, \"Local contacts in the text\")"
            )
    return problems


def faq_sections(markdown: str) -> list[tuple[int, str, str]]:
    """(line, question, answer text) for every ## heading of the FAQ page, except Sources."""
    text = _without_code(markdown)
    headings = list(FAQ_HEADING.finditer(text))
    sections = []
    for index, match in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(text)
        question = match.group("text").strip()
        if question.lower() == "sources":
            continue
        sections.append((_line(text, match.start()), question, text[match.end():end]))
    return sections


def check_faq(markdown: str, fact_pages: Iterable[str]) -> list[str]:
    """Each question asked once; each answer links to a fact page (by file name)."""
    fact_names = {p.rsplit("/", 1)[-1] for p in fact_pages}
    problems = []
    seen: dict[str, int] = {}
    for line, question, answer in faq_sections(markdown):
        key = " ".join(re.sub(r"[^\w\s]", "", question.lower()).split())
        if key in seen:
            problems.append(f"line {line}: the question '{question}' is already asked on line {seen[key]}: "
                            "merge the answers or reword one")
        else:
            seen[key] = line
        targets = {m.group("target").rsplit("/", 1)[-1] for m in FACT_LINK.finditer(answer)}
        if fact_names and not targets & fact_names:
            problems.append(f"line {line}: the answer to '{question}' links to no fact page: "
                            "add a link such as [More: how common it is](how-common.md)")
    return problems


def check_fact_page_content(markdown: str, fact: object) -> list[str]:
    """Fact-page rules that were test-only: reading grade <= 8 and a data table where needed."""
    from scripts.readability import fk_grade  # readability imports this module

    problems = []
    grade = fk_grade(markdown)
    if grade > MAX_READING_GRADE:
        problems.append(f"reading grade is {grade:.1f}: fact pages must be at or below {MAX_READING_GRADE:g} "
                        "(shorter sentences, everyday words; check with scripts/readability.py)")
    body = _without_code(markdown)
    if fact in TABLES_REQUIRED and not (TABLE_HEADER.search(body) or MODEL_TABLE.search(body)):
        problems.append("no table with a header row: this fact page must show its figures in a table "
                        "(a '| heading |' line, then '|---|')")
    return problems


# ---------------------------------------------------------------------------
# Deployment values and the docs folder
# ---------------------------------------------------------------------------
SITE_URL_PATH = re.compile(r"/(?:[A-Za-z0-9._~-]+/)*")   # RFC 3986 unreserved characters and /


def check_site_url(value: object) -> list[str]:
    """SITE_URL must be http(s)://host/path/ with no query, fragment or characters that need escaping.

    Material writes site_url into the canonical link and an inline script unescaped,
    so anything else would break pages (or inject markup) on every page.
    """
    from urllib.parse import urlsplit

    if value in (None, ""):
        return []
    text = str(value)
    hint = "for example https://intranet.example.nhs.uk/oncology/bone-metastases/"
    try:
        parts = urlsplit(text)
    except ValueError as err:
        return [f"SITE_URL {text!r} is not a URL ({err}): {hint}"]
    problems = []
    if parts.scheme not in ("http", "https"):
        problems.append(f"SITE_URL {text!r} must start with https:// or http://: {hint}")
    if not parts.netloc or not re.fullmatch(r"[A-Za-z0-9.-]+(?::\d{1,5})?|\[[0-9A-Fa-f:.]+\](?::\d{1,5})?", parts.netloc):
        problems.append(f"SITE_URL {text!r} needs a plain host name (letters, digits, dots, hyphens, optional :port): {hint}")
    if parts.query or "?" in text:
        problems.append(f"SITE_URL {text!r} has a query ('?...'): remove it")
    if parts.fragment or "#" in text:
        problems.append(f"SITE_URL {text!r} has a fragment ('#...'): remove it")
    path = parts.path or "/"
    if not path.endswith("/"):
        problems.append(f"SITE_URL {text!r} must end with '/': use {text}/")
    elif not SITE_URL_PATH.fullmatch(path):
        problems.append(f"SITE_URL {text!r} has a path with spaces, quotes or other characters that need escaping: "
                        "use only letters, digits and . _ ~ - between the slashes")
    return problems


def find_symlinks(folder) -> list[str]:
    """Paths (relative, POSIX) of symbolic links under folder, which the build must not follow."""
    import os
    from pathlib import Path

    root = Path(folder)
    found = []
    for current, dirs, files in os.walk(root):
        for name in sorted(dirs + files):
            path = Path(current) / name
            if path.is_symlink():
                found.append(path.relative_to(root).as_posix())
    return sorted(found)
