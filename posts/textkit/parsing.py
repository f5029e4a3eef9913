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

Each part is read by its own module: encoding (bytes to text), frontmatter,
titles (title, part, series, strategy) and scaffolding (the final block and
the references). drafts documents every ParsedDraft field. This module puts
them together and is the one to import from.

dump_draft() writes front matter and a body back out; parse_draft() of its
output gives the same body (any body parse_draft produced) and metadata.
"""

from __future__ import annotations

import hashlib
import re

import yaml

from posts.textkit import metrics
from posts.textkit.document import parse_document
from posts.textkit.drafts import (
    MAX_NUMBER,
    ChecklistItem,
    DraftRejected,
    ParsedDraft,
    Reference,
    Scaffolding,
)
from posts.textkit.encoding import (
    MAX_BYTES,
    check_text,
    decode,
    warn_about_control_characters,
)
from posts.textkit.frontmatter import (
    MAX_FRONT_MATTER_BYTES,
    MAX_YAML_DEPTH,
    read_front_matter,
    split_front_matter,
)
from posts.textkit.scaffolding import find_references, split_scaffolding
from posts.textkit.titles import (
    first_heading,
    part_title,
    split_part,
    stem_strategy,
    stem_title,
)

__all__ = [
    "MAX_BYTES",
    "MAX_FRONT_MATTER_BYTES",
    "MAX_NUMBER",
    "MAX_YAML_DEPTH",
    "ChecklistItem",
    "DraftRejected",
    "ParsedDraft",
    "Reference",
    "Scaffolding",
    "dump_draft",
    "parse_draft",
]

_LEADING_BLANK_LINES = re.compile(r"\A(?:[ \t]*\n)+")
# What Postwright's own exports look like, so that they are not taken for drafts:
# a zip's index.md ends "Exported … from Postwright", and the combined .md heads
# each part "## Part N: Title" then a comment holding its fields.
_OWN_INDEX = re.compile(r"^Exported (?:\d{4}-\d{2}-\d{2} )?from Postwright\b", re.M)
_OWN_COMBINED = re.compile(r"^## Part \d+: .*\n\n<!-- draft_number: \d+", re.M)


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
        text = decode(data)
    elif isinstance(data, str):
        text = check_text(data)
    else:
        raise DraftRejected("Expected the file's bytes or text.")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if not text.strip():
        raise DraftRejected("The file is empty.")
    if _OWN_INDEX.search(text):
        raise DraftRejected(
            "This is the table of contents of a Postwright export, not a draft: "
            "import the .zip it came in to recreate the series."
        )
    if _OWN_COMBINED.search(text):
        raise DraftRejected(
            "This is a whole series exported by Postwright as one file, not a draft: "
            "import the series' .zip export to bring its drafts back."
        )
    warnings: list[str] = []
    warn_about_control_characters(text, warnings)

    front_matter, rest = split_front_matter(text, warnings)
    rest = _LEADING_BLANK_LINES.sub("", rest)
    body, scaffolding = split_scaffolding(rest)
    if not body.strip():
        raise DraftRejected(
            "The file has no post text: only front matter or scaffolding."
        )

    fields = read_front_matter(front_matter or {}, warnings)
    metadata = fields["metadata"]
    heading = first_heading(body)
    written_title = fields["title"] or heading
    title, title_part, subtitle, title_series = split_part(
        written_title or stem_title(filename) or "Untitled"
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
    named_part, named_rank = part_title(fields["title"], heading)
    declared = fields["word_count"]
    if declared is None and scaffolding is not None:
        declared = scaffolding.declared_word_count
    document = parse_document(body)  # the one reading: counts, tags, plain text

    return ParsedDraft(
        title=title,
        series=fields["series"] or title_series,
        part=part,
        draft_number=fields["draft_number"],
        strategy=fields["strategy"] or stem_strategy(filename),
        platform=fields["platform"],
        generated=fields["generated"],
        declared_word_count=declared,
        metadata=metadata,
        body=body,
        scaffolding=scaffolding,
        hashtags=metrics.hashtags(body),
        references=find_references(body),
        warnings=warnings,
        ignored_keys=fields["ignored"],
        word_count=document.word_count,
        content_hash=content_hash,
        plain=document.plain,
        part_title=named_part,
        part_title_rank=named_rank,
        topic=fields["title"] or "",
    )
