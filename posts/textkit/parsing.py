"""Read a generator's Markdown file into a draft: front matter, body, scaffolding.

Pure Python (no Django). Any bytes in, a ParsedDraft or a DraftRejected out;
never another exception.

The file, top to bottom (every part optional except the body):

    ---                              YAML front matter, key: value pairs
    platform: linkedin               known keys (any case): platform, topic or
    topic: "Neural Networks Part 1: How They Learn"   title, series, part,
    draft_number: 1                  draft_number, strategy, word_count,
    generated: 2025-11-30            generated; other keys go to .metadata
    ---

    # A heading                      the body: the post as the writer sees it,
    The post text...                 including its "Additional documents to
    **Additional documents to read on this:**   read on this" list and its
    - [A guide](https://example.com) hashtag line, which are also copied to
    #AI #MachineLearning             .references and .hashtags

    ---                              the generator's scaffolding: a final block
    **Word Count:** 316 words        after a '---' line holding "**Word Count:**"
    **Voice Match Elements:**        and/or "**Voice Match Elements:**"; split
    ✅ "That is because" phrasing    off into .scaffolding (a mid-post '---'
    ❌ Specific numbers              rule stays in the body)

ParsedDraft fields:
    title          front matter title/topic, else the first '# ' heading, else
                   the filename stem, else "Untitled". "Part N" is cut out:
                   "Neural Networks Part 1: How They Learn" gives title
                   "Neural Networks", part 1, metadata["subtitle"] "How They Learn"
                   (also "Part 2 - ...", "(Part 3)", "Part Two").
    series         front matter series, else the title before "Part N", else None
    part, draft_number, generated, declared_word_count
                   None when absent or of the wrong type (with a warning);
                   declared_word_count is front matter word_count, else the
                   scaffolding's "**Word Count:** 316 words"
    strategy       front matter strategy, else the filename's end after
                   "partN-" ("nn-part1-voice-match.md" -> "voice-match"), else ""
    platform       a key of metrics.PLATFORMS; unknown or absent -> "linkedin"
    metadata       unknown front matter keys, lower-cased, JSON-safe (dates as
                   ISO strings), plus "subtitle" when cut from the title
    body           LF line endings, otherwise exactly as written; only the
                   blank lines after the front matter and before the
                   scaffolding's '---' are dropped
    scaffolding    Scaffolding or None; .raw is the text from its '---' line on
    hashtags       metrics.hashtags(body), in order, duplicates kept
    references     the "Additional documents to read on this" items
    warnings       human sentences about what was ignored or guessed
    word_count     metrics.word_count(body)
    content_hash   sha256 hex of the whole input as UTF-8, without BOM, LF endings

dump_draft() writes front matter and a body back out; parse_draft() of its
output gives the same body (any body parse_draft produced) and metadata.
"""

from __future__ import annotations

import datetime
import hashlib
import math
import re
from dataclasses import dataclass

import yaml

from posts.textkit import metrics

MAX_BYTES = 1_000_000
MAX_FRONT_MATTER_BYTES = 64 * 1024
MAX_YAML_DEPTH = 20
MAX_NUMBER = 1_000_000  # part, draft and word numbers above this are typos


class DraftRejected(ValueError):
    """The file cannot become a draft; .reason says why, for the writer."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ChecklistItem:
    label: str  # '"That is because" phrasing'
    phrase: str | None  # 'That is because': the quoted text the label starts with
    ticked: bool  # ✅ True, ❌ False


@dataclass(frozen=True)
class Scaffolding:
    declared_word_count: int | None
    voice_elements: list[ChecklistItem]
    raw: str  # the split-off text, from its '---' line to the end


@dataclass(frozen=True)
class Reference:
    text: str
    url: str | None


@dataclass(frozen=True)
class ParsedDraft:
    title: str
    series: str | None
    part: int | None
    draft_number: int | None
    strategy: str
    platform: str
    generated: datetime.date | None
    declared_word_count: int | None
    metadata: dict
    body: str
    scaffolding: Scaffolding | None
    hashtags: list[str]
    references: list[Reference]
    warnings: list[str]
    word_count: int
    content_hash: str


def dump_draft(front_matter: dict, body: str) -> str:
    """Front matter and body as one Markdown file, the format parse_draft reads."""
    dumped = yaml.safe_dump(front_matter, sort_keys=False, allow_unicode=True)
    if "\x85" in dumped:
        # PyYAML writes a raw NEL (U+0085) that it reads back as a space: escape all
        dumped = yaml.safe_dump(front_matter, sort_keys=False, allow_unicode=False)
    return "---\n" + dumped + "---\n\n" + body


_INTERNAL_ERROR = "Postwright could not read this file (an internal error); please report it with the file attached."


def parse_draft(data: bytes | str, filename: str = "") -> ParsedDraft:
    """Parse a generator file; raises DraftRejected (and nothing else) when it cannot."""
    try:
        return _parse(data, filename)
    except DraftRejected:
        raise
    except Exception as exc:
        # the contract is "never a traceback": every upload gets an answer, and
        # the cause stays on __cause__ for the log
        raise DraftRejected(_INTERNAL_ERROR) from exc


def _parse(data: bytes | str | bytearray | memoryview, filename: str) -> ParsedDraft:
    if isinstance(data, bytearray | memoryview):
        data = bytes(data)
    if isinstance(data, bytes):
        text = _decode(data)
    elif isinstance(data, str):
        text = _check_text(data)
    else:
        raise DraftRejected("Expected the file's bytes or text.")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if not text.strip():
        raise DraftRejected("The file is empty.")
    warnings: list[str] = []
    _warn_about_control_characters(text, warnings)

    front_matter, rest = _split_front_matter(text, warnings)
    rest = _LEADING_BLANK_LINES.sub("", rest)
    body, scaffolding = _split_scaffolding(rest)
    if not body.strip():
        raise DraftRejected(
            "The file has no post text: only front matter or scaffolding."
        )

    fields = _read_front_matter(front_matter or {}, warnings)
    metadata = fields["metadata"]
    written_title = fields["title"] or _first_heading(body)
    title, title_part, subtitle, title_series = _split_part(
        written_title or _stem_title(filename) or "Untitled"
    )
    part = fields["part"]
    if part is None:
        part = title_part
    elif title_part is not None and title_part != part:
        warnings.append(
            f"The front matter says part {part} but the title says Part {title_part}; using part {part}."
        )
    if subtitle and written_title and "subtitle" not in metadata:
        metadata["subtitle"] = subtitle
    declared = fields["word_count"]
    if declared is None and scaffolding is not None:
        declared = scaffolding.declared_word_count

    return ParsedDraft(
        title=title,
        series=fields["series"] or title_series,
        part=part,
        draft_number=fields["draft_number"],
        strategy=fields["strategy"] or _stem_strategy(filename),
        platform=fields["platform"],
        generated=fields["generated"],
        declared_word_count=declared,
        metadata=metadata,
        body=body,
        scaffolding=scaffolding,
        hashtags=metrics.hashtags(body),
        references=_references(body),
        warnings=warnings,
        word_count=metrics.word_count(body),
        content_hash=content_hash,
    )


# --- Encoding --------------------------------------------------------------

_SIGNATURES = [
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (a .docx, .odt or .zip)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"{\\rtf", "an RTF document"),
]
_TEXT_CONTROLS = {9, 10, 12, 13}  # tab, LF, form feed, CR


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise DraftRejected(
            f"The file is {len(data):,} bytes; the limit is {MAX_BYTES:,} bytes (1 MB)."
        )
    if not data:
        raise DraftRejected("The file is empty.")
    _reject_other_encodings(data)
    for magic, kind in _SIGNATURES:
        if data.startswith(magic):
            raise DraftRejected(
                f"This is {kind}, not a Markdown text: export or save it as Markdown (.md) or plain text (.txt) and try again."
            )
    controls = sum(
        1 for byte in data if (byte < 32 and byte not in _TEXT_CONTROLS) or byte == 127
    )
    if controls > 8 and controls * 100 > len(data):
        raise DraftRejected(
            "This looks like a binary file (it is full of control characters), not a Markdown text."
        )
    nul = data.find(b"\x00")
    if nul != -1:
        raise DraftRejected(
            f"The file contains a NUL byte at offset {nul}; a Markdown text never does. Is it the right file?"
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        offset = 3
    else:
        offset = 0
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        position = offset + exc.start
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start]
        raise DraftRejected(
            f"The file is not valid UTF-8: byte 0x{byte:02X} at offset {position} (line {line}) cannot be read. "
            "It is probably Latin-1 or Windows-1252: save it as UTF-8 and try again."
        ) from None


def _reject_other_encodings(data: bytes) -> None:
    """UTF-16 and UTF-32, by byte order mark or by the NUL bytes of mostly-ASCII text."""
    encoding = None
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        encoding = "UTF-32"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "UTF-16"
    else:
        head = data[:4000]
        if all(_nul_share(head, 4, k) >= 0.9 for k in (1, 2, 3)) or all(
            _nul_share(head, 4, k) >= 0.9 for k in (0, 1, 2)
        ):
            encoding = "UTF-32"
        elif any(
            _nul_share(head, 2, k) >= 0.7 and _nul_share(head, 2, 1 - k) < 0.1
            for k in (0, 1)
        ):
            encoding = "UTF-16"
    if encoding:
        raise DraftRejected(
            f"The file is {encoding}, not UTF-8: save it as UTF-8 and try again."
        )


def _nul_share(head: bytes, step: int, offset: int) -> float:
    """How many of head's bytes at offset, offset + step, ... are NUL (0 to 1)."""
    units = head[offset::step]
    return units.count(0) / len(units) if len(head) >= 2 * step else 0.0


def _check_text(text: str) -> str:
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise DraftRejected(f"The text is longer than {MAX_BYTES:,} bytes (1 MB).")
    for position, char in enumerate(text):
        if "\ud800" <= char <= "\udfff":
            raise DraftRejected(
                f"The text has a broken character (a lone surrogate) at position {position}."
            )
    if "\x00" in text:
        raise DraftRejected(
            f"The text contains a NUL character at position {text.index(chr(0))}; a Markdown text never does."
        )
    return text.removeprefix("\ufeff")


def _warn_about_control_characters(text: str, warnings: list[str]) -> None:
    count = sum(
        1
        for char in text
        if (ord(char) < 32 and ord(char) not in _TEXT_CONTROLS)
        or 127 <= ord(char) < 160
    )
    if count > 8 and count * 100 > len(text):
        raise DraftRejected(
            "This looks like a binary file (it is full of control characters), not a Markdown text."
        )
    if count:
        warnings.append(
            f"The text contains {count} invisible control character(s); they are kept as they are."
        )


# --- Front matter ----------------------------------------------------------

_OPENING = re.compile(r"\A(?:[ \t]*\n)*---[ \t]*(?:\n|\Z)")
_CLOSING = re.compile(r"^---[ \t]*$", re.M)
_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t]*\n)+")
_SAFE_TAGS = {"!"} | {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}


def _split_front_matter(text: str, warnings: list[str]) -> tuple[dict | None, str]:
    """(front matter, the text after it); (None, text) when there is none."""
    opening = _OPENING.match(text)
    if not opening:
        return None, text
    closing = _CLOSING.search(text, opening.end())
    if not closing:
        warnings.append(
            "The file starts with '---' but the front matter is never closed by another '---'; the whole file is read as the post."
        )
        return None, text
    source = text[opening.end() : closing.start()]
    if len(source.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        raise DraftRejected(
            f"The front matter is larger than {MAX_FRONT_MATTER_BYTES // 1024} KB; a generator's front matter is a few lines."
        )
    value = _load_yaml(source, first_line=text.count("\n", 0, opening.end()) + 1)
    if value is None:
        value = {}
    if not isinstance(value, dict):
        warnings.append(
            "The front matter must be key: value pairs; the block between the '---' lines at the top is read as part of the post."
        )
        return None, text
    return value, text[closing.end() :].removeprefix("\n")


class _FrontMatterLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """SafeLoader whose bad dates and huge integers stay strings instead of raising."""


def _lenient(construct):
    def constructor(loader, node):
        try:
            return construct(loader, node)
        except (ValueError, OverflowError):
            return loader.construct_scalar(node)

    return constructor


_FrontMatterLoader.add_constructor(
    "tag:yaml.org,2002:timestamp",
    _lenient(yaml.constructor.SafeConstructor.construct_yaml_timestamp),
)
_FrontMatterLoader.add_constructor(
    "tag:yaml.org,2002:int",
    _lenient(yaml.constructor.SafeConstructor.construct_yaml_int),
)


def _load_yaml(source: str, first_line: int) -> object:
    """yaml.safe_load, after a pass over the events that refuses what a bomb needs."""
    where = "The front matter (between the '---' lines at the top)"
    try:
        depth = 0
        for event in yaml.parse(source, Loader=_FrontMatterLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise DraftRejected(
                    f"{where} uses YAML anchors or aliases (&name, *name); write the values out instead."
                )
            tag = getattr(event, "tag", None)
            if tag and tag not in _SAFE_TAGS:
                raise DraftRejected(
                    f"{where} uses the YAML tag {tag!r}; only plain values, lists and mappings are allowed."
                )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    raise DraftRejected(
                        f"{where} is nested more than {MAX_YAML_DEPTH} levels deep."
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        # a SafeLoader subclass, and the pass above refused every other tag
        return yaml.load(source, Loader=_FrontMatterLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        place = (
            f" at line {first_line + mark.line}, column {mark.column + 1}"
            if mark
            else ""
        )
        problem = exc.problem or exc.context or "invalid YAML"
        raise DraftRejected(f"{where} is not valid YAML: {problem}{place}.") from None
    except yaml.YAMLError as exc:
        raise DraftRejected(f"{where} is not valid YAML: {exc}.") from None


_KNOWN = {
    "platform",
    "topic",
    "title",
    "series",
    "part",
    "draft_number",
    "strategy",
    "word_count",
    "generated",
}


def _read_front_matter(raw: dict, warnings: list[str]) -> dict:
    """The known fields, type-checked, and the rest as JSON-safe metadata."""
    values: dict = {}
    for key, value in raw.items():
        name = _key_text(key).strip().lower()
        if name in values:
            warnings.append(
                f"The front matter has the key {name!r} twice (in different case); the last one is used."
            )
        values[name] = value
    metadata = {
        name: _json_safe(value) for name, value in values.items() if name not in _KNOWN
    }

    title = _text_field(values, "title", warnings)
    topic = _text_field(values, "topic", warnings)
    if title and topic:
        metadata["topic"] = topic
    platform = metrics.DEFAULT_PLATFORM
    given = _text_field(values, "platform", warnings)
    if given:
        if given.strip().lower() in metrics.PLATFORMS:
            platform = given.strip().lower()
        else:
            warnings.append(
                f"Unknown platform {given!r} in the front matter; using {metrics.PLATFORMS[platform].name}."
            )
    return {
        "metadata": metadata,
        "title": (title or topic or "").strip() or None,
        "series": (_text_field(values, "series", warnings) or "").strip() or None,
        "part": _number_field(values, "part", warnings, minimum=1),
        "draft_number": _number_field(values, "draft_number", warnings, minimum=1),
        "word_count": _number_field(values, "word_count", warnings, minimum=0),
        "strategy": (_text_field(values, "strategy", warnings) or "").strip(),
        "platform": platform,
        "generated": _date_field(values, warnings),
    }


def _key_text(key: object) -> str:
    if key is None:
        return "null"
    if isinstance(key, bool):
        return str(key).lower()
    if isinstance(key, datetime.date):
        return key.isoformat()
    return str(key)


def _json_safe(value: object) -> object:
    if isinstance(value, dict):
        return {_key_text(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_safe(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # "inf", "nan": strict JSON has no such numbers
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _text_field(values: dict, name: str, warnings: list[str]) -> str | None:
    value = values.get(name)
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    warnings.append(
        f"The front matter's {name!r} should be text, not {_describe(value)}; it is ignored."
    )
    return None


_NUMBER_TEXT = re.compile(
    r"(?:part|draft|#)?[ \t]{0,3}(\d[\d,]{0,12})[ \t]{0,3}(?:words?)?", re.I
)


def _number_field(
    values: dict, name: str, warnings: list[str], minimum: int
) -> int | None:
    value = values.get(name)
    if value is None:
        return None
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and (match := _NUMBER_TEXT.fullmatch(value.strip())):
        number = int(match.group(1).replace(",", ""))
    if number is None or not minimum <= number <= MAX_NUMBER:
        warnings.append(
            f"The front matter's {name!r} should be a whole number from {minimum}, not {_describe(value)}; it is ignored."
        )
        return None
    return number


def _date_field(values: dict, warnings: list[str]) -> datetime.date | None:
    value = values.get("generated")
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    warnings.append(
        f"The front matter's 'generated' should be a date like 2025-11-30, not {_describe(value)}; it is ignored."
    )
    return None


def _describe(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."


# --- Title and part --------------------------------------------------------

_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_PART = re.compile(
    r"^(?P<before>.*?)[\s,:\-–—]*\(?\bpart\s*(?P<n>\d{1,6}|one|two|three|four|five|six|seven|eight|nine|ten)\b\)?(?P<after>.*)$",
    re.I | re.S,
)


def _outside_fences(text: str):
    """(index, line) for each line of text that is not inside a fenced code block."""
    fence = None
    for index, line in enumerate(text.split("\n")):
        marker = _FENCE.match(line)
        if marker:
            if fence is None:
                fence = marker.group(1)
            elif marker.group(1) == fence:
                fence = None
            continue
        if fence is None:
            yield index, line


def _first_heading(body: str) -> str | None:
    for _, line in _outside_fences(body):
        if not line.startswith("# "):
            continue
        heading = line[2:].strip()
        closed = heading.rstrip("#")
        if closed != heading and (not closed or closed[-1] in " \t"):
            heading = closed.rstrip()  # "# Title ##": the closing hashes are not text
        if heading:
            return heading
    return None


def _stem_title(filename: str) -> str | None:
    stem = re.split(r"[\\/]", filename)[-1][-255:]
    stem = re.sub(r"\.(md|markdown|txt)$", "", stem, flags=re.I)
    return re.sub(r"[-_\s]+", " ", stem).strip() or None


def _stem_strategy(filename: str) -> str:
    stem = re.sub(r"\.\w+$", "", re.split(r"[\\/]", filename)[-1][-255:])
    match = re.search(r"part[-_ ]?\d+[-_ ]+([a-z][\w-]*)$", stem, re.I)
    return match.group(1).lower().replace("_", "-") if match else ""


def _split_part(title: str) -> tuple[str, int | None, str | None, str | None]:
    """(title, part, subtitle, series) from 'Series Part N: Subtitle'.

    >>> _split_part("Neural Networks (Part 3)")
    ('Neural Networks', 3, None, 'Neural Networks')
    """
    match = _PART.match(title) if len(title) <= 300 else None
    if not match:
        return title, None, None, None
    digits = match.group("n").lower()
    part = _WORD_NUMBERS.get(digits) or int(digits)
    if part < 1:
        return title, None, None, None
    before = match.group("before").strip()
    after = match.group("after").lstrip(" \t\n:-–—)").rstrip() or None
    if before:
        return before, part, after, before
    return after or title, part, None, None


# --- Scaffolding -----------------------------------------------------------

_RULE = re.compile(r"^ {0,3}---+[ \t]*$")
# Whitespace runs are bounded ({0,8}) or stripped in Python: nested unbounded
# runs backtrack quadratically on a hostile megabyte of spaces.
_MARKER = re.compile(
    r"(?:\*\*|__)?[ \t]{0,8}(word count|voice match elements)[ \t]{0,8}(?:\*\*|__)?[ \t]{0,8}:",
    re.I,
)
_CHECK = re.compile(r"(?:[-*+][ \t]{1,8})?(✅|✔️?|☑️?|❌|✖️?|✗)\ufe0f?(.*)")
_TICKS = {"✅", "✔", "✔️", "☑", "☑️"}
_QUOTED = re.compile(r"^[\"“](.+?)[\"”]")
_DECLARED = re.compile(
    r"word count[ \t]{0,8}:?[ \t]{0,8}(?:\*\*|__)?[ \t]{0,8}[~≈]?[ \t]{0,8}(\d[\d,]{0,12})(?![\d,])",
    re.I,
)


def _is_marker(line: str) -> bool:
    return bool(_MARKER.match(line.lstrip()))


def _is_scaffold_line(line: str) -> bool:
    return (
        not line.strip()
        or _is_marker(line)
        or bool(_CHECK.match(line.lstrip()))
        or bool(_RULE.match(line))
    )


def _split_scaffolding(text: str) -> tuple[str, Scaffolding | None]:
    """(body, scaffolding) when text ends with a '---' block of generator notes."""
    lines = text.split("\n")
    rules = [index for index, line in _outside_fences(text) if _RULE.match(line)]
    last_marker = next(
        (i for i in range(len(lines) - 1, -1, -1) if _is_marker(lines[i])), None
    )
    before_marker = [
        index for index in rules if last_marker is not None and index < last_marker
    ]
    if not before_marker:
        return text, None
    start = before_marker[-1]
    # "---\n**Word Count:** 316\n---\n**Voice Match Elements:** ..." is one block
    for index in reversed([r for r in rules if r < start]):
        if not all(_is_scaffold_line(line) for line in lines[index + 1 : start]):
            break
        start = index
    end = start
    while end and not lines[end - 1].strip():
        end -= 1
    body = "\n".join(lines[:end]) + "\n" if end else ""
    raw = "\n".join(lines[start:])

    declared = None
    items = []
    for line in lines[start + 1 :]:
        if declared is None and (match := _DECLARED.search(line)):
            number = int(match.group(1).replace(",", ""))
            declared = number if number <= MAX_NUMBER else None
        elif check := _CHECK.match(line.lstrip()):
            label = check.group(2).strip()
            quoted = _QUOTED.match(label)
            items.append(
                ChecklistItem(
                    label=label,
                    phrase=quoted.group(1) if quoted else None,
                    ticked=check.group(1) in _TICKS,
                )
            )
    return body, Scaffolding(
        declared_word_count=declared, voice_elements=items, raw=raw
    )


# --- References ------------------------------------------------------------

_REFERENCES_LABEL = "additional documents to read on this"
_ITEM = re.compile(r"[ \t]{0,8}(?:[-*+]|\d{1,9}[.)])[ \t]+(\S.*)")
_LINK = re.compile(r"\[([^\]\n]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_BARE_URL = re.compile(r"<?(https?://[^\s>]+)>?")


def _references(body: str) -> list[Reference]:
    lines = dict(_outside_fences(body))
    references = []
    for index, line in lines.items():
        if line.strip(" \t*_:").lower() != _REFERENCES_LABEL:
            continue
        following = index + 1
        while following in lines and not lines[following].strip():
            following += 1
        while following in lines and (item := _ITEM.match(lines[following])):
            references.append(_reference(item.group(1).strip()))
            following += 1
    return references


def _reference(item: str) -> Reference:
    """'[Guide](https://x.org) - notes' -> Reference('Guide - notes', 'https://x.org')."""
    if len(item) > 2000:  # not a reference, and the patterns below would crawl
        return Reference(text=item, url=None)
    link = _LINK.search(item)
    if link:
        text = (item[: link.start()] + link.group(1) + item[link.end() :]).strip()
        return Reference(text=text or link.group(2), url=link.group(2))
    bare = _BARE_URL.search(item)
    if bare:
        text = (item[: bare.start()] + item[bare.end() :]).strip(" \t:-–—")
        return Reference(text=text or bare.group(1), url=bare.group(1))
    return Reference(text=item, url=None)
