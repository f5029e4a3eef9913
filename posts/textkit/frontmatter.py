"""The YAML front matter of a generator file, read safely.

Part of parse_draft (posts.textkit.parsing); pure Python, no Django.

    ---                              YAML front matter, key: value pairs
    platform: linkedin               known keys (any case): platform, topic or
    topic: "Neural Networks Part 1: How They Learn"   title, series, part,
    draft_number: 1                  draft_number, strategy, word_count,
    generated: 2025-11-30            generated; other keys go to .metadata
    ---

The YAML is checked before it is loaded (size, anchors and aliases, tags,
nesting depth) so that a hostile file cannot blow up. Known fields of the
wrong type reject the file, in one message that names every one; a key
written twice warns and names the value used (the last); unknown keys become
metadata, lower-cased and JSON-safe (dates as ISO strings), and are listed as
ignored.
"""

from __future__ import annotations

import datetime
import math
import re
from collections import Counter
from typing import TYPE_CHECKING

import yaml

from posts.textkit import metrics
from posts.textkit.drafts import MAX_NUMBER, DraftRejected

MAX_FRONT_MATTER_BYTES = 64 * 1024
MAX_YAML_DEPTH = 20


_OPENING = re.compile(r"\A(?:[ \t]*\n)*---[ \t]*(?:\n|\Z)")
_CLOSING = re.compile(r"^---[ \t]*$", re.M)
_SAFE_TAGS = {"!"} | {
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}


def split_front_matter(text: str, warnings: list[str]) -> tuple[dict | None, str]:
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


if TYPE_CHECKING:
    _SafeLoader = yaml.SafeLoader
else:
    # libyaml's loader when PyYAML was built with it: the same rules, faster.
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _FrontMatterLoader(_SafeLoader):
    """SafeLoader whose bad dates and huge integers stay strings instead of raising,
    and whose mappings remember the keys they were given more than once."""


class _Mapping(dict):
    """A YAML mapping; .repeated: its keys written more than once (YAML keeps the last)."""

    repeated: tuple = ()


def _construct_mapping(loader, node):
    data = _Mapping()
    yield data  # filled in afterwards, as PyYAML's own mapping constructor does
    # Counted before construct_mapping, which folds '<<' merge keys into node.value.
    keys = Counter(
        loader.construct_object(key, deep=True)
        for key, _ in node.value
        if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge"
    )
    data.update(loader.construct_mapping(node))
    data.repeated = tuple(key for key, count in keys.items() if count > 1)


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
_FrontMatterLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


def _load_yaml(source: str, first_line: int) -> object:
    """yaml.safe_load, after our own checks: first on the text, then on the parser's events.

    The text pass comes first so that a hostile file gets our message whatever the YAML library
    does with it; a refusal by the library itself still becomes a DraftRejected below.
    """
    check_structure(source)
    try:
        for event in yaml.parse(source, Loader=_FrontMatterLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise DraftRejected(_ANCHORS)
            tag = getattr(event, "tag", None)
            if tag and tag not in _SAFE_TAGS:
                raise DraftRejected(
                    f"{_WHERE} uses the YAML tag {tag!r}; only plain values, lists and mappings are allowed."
                )
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
        raise DraftRejected(f"{_WHERE} is not valid YAML: {problem}{place}.") from None
    except yaml.YAMLError as exc:
        raise DraftRejected(f"{_WHERE} is not valid YAML: {exc}.") from None
    except RecursionError:
        raise DraftRejected(f"{_WHERE} is nested too deeply to read.") from None


_WHERE = "The front matter (between the '---' lines at the top)"
_ANCHORS = f"{_WHERE} uses YAML anchors or aliases (&name, *name); write the values out instead."
_DEEP = f"{_WHERE} is nested more than {MAX_YAML_DEPTH} levels deep."


def check_structure(source: str) -> None:
    """Refuse deep nesting and anchors or aliases, reading the text itself in one linear pass.

    A lexical over-approximation of YAML that needs no parser: block nesting by indentation and
    "- " markers, flow collections by brackets outside quotes and comments, and & or * where a
    node starts. Valid front matter passes; "x: [[[[…" or "a: &x …" raise DraftRejected.
    """
    indents: list[int] = []
    flow = 0
    quote = ""  # a quoted scalar may run over several lines
    literal_above: int | None = None  # the indent of a line that opened a | or > block
    for line in source.split("\n"):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if literal_above is not None:
            if not stripped.strip() or indent > literal_above:
                continue
            literal_above = None
        if not quote and not flow:
            if not stripped.strip() or stripped.startswith("#"):
                continue
            while indents and indents[-1] >= indent:
                indents.pop()
            indents.append(indent)
        nesting = len(indents)
        at_node = not quote
        i = 0 if quote or flow else indent
        while i < len(line):
            char, after = line[i], line[i + 1 : i + 2]
            i += 1
            if quote:
                escaped = char == "\\" if quote == '"' else char + after == "''"
                if escaped:
                    i += 1  # \" in a "…" scalar, '' in a '…' scalar
                elif char == quote:
                    quote = ""
                continue
            if char in " \t":
                continue
            if char == "#" and (i == 1 or line[i - 2] in " \t"):
                break
            if at_node and char in "&*":
                raise DraftRejected(_ANCHORS)
            if at_node and char in "\"'":
                quote, at_node = char, False
            elif at_node and not flow and char in "|>":
                literal_above = indent
                break
            elif at_node and not flow and char in "-?" and after in ("", " ", "\t"):
                nesting += 1  # "- - x": a sequence in a sequence, on one line
            elif char in "[{" and (at_node or flow):
                flow, at_node = flow + 1, True
            elif flow and char in "]}":
                flow, at_node = max(flow - 1, 0), False
            elif (flow and char == ",") or (char == ":" and after in ("", " ", "\t")):
                at_node = True
            else:
                at_node = False
            if nesting + flow > MAX_YAML_DEPTH:
                raise DraftRejected(_DEEP)


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
# Not a field of the draft, but used: it titles the part a new part is made for.
_USED_METADATA = {"subtitle"}


def read_front_matter(raw: dict, warnings: list[str]) -> dict:
    """The known fields, type-checked, and the rest as JSON-safe metadata.

    A known field of the wrong type rejects the file, with one message naming
    every such field; a key written twice warns and the last one is used.
    "ignored" lists the keys kept as metadata that nothing reads.
    """
    values: dict = {}
    for key, value in raw.items():
        name = _key_text(key).strip().lower()
        if name in values:
            warnings.append(_repeated(name, value, " (in different case)"))
        values[name] = value
    warnings.extend(_repeated_inside(raw))
    metadata = {
        name: _json_safe(value) for name, value in values.items() if name not in _KNOWN
    }

    wrong: dict[str, str] = {}
    title = _text_field(values, "title", wrong)
    topic = _text_field(values, "topic", wrong)
    if title and topic:
        metadata["topic"] = topic
    platform = metrics.DEFAULT_PLATFORM
    given = _text_field(values, "platform", wrong)
    if given:
        if given.strip().lower() in metrics.PLATFORMS:
            platform = given.strip().lower()
        else:
            warnings.append(
                f"Unknown platform {given!r} in the front matter; using {metrics.PLATFORMS[platform].name}."
            )
    fields = {
        "metadata": metadata,
        "ignored": [name for name in values if name not in _KNOWN | _USED_METADATA],
        "title": (title or topic or "").strip() or None,
        "series": (_text_field(values, "series", wrong) or "").strip() or None,
        "part": _number_field(values, "part", wrong, minimum=1),
        "draft_number": _number_field(values, "draft_number", wrong, minimum=1),
        "word_count": _number_field(values, "word_count", wrong, minimum=0),
        "strategy": (_text_field(values, "strategy", wrong) or "").strip(),
        "platform": platform,
        "generated": _date_field(values, wrong),
    }
    if wrong:
        order = list(values)
        problems = [wrong[name] for name in sorted(wrong, key=order.index)]
        value_s = "a wrong value" if len(problems) == 1 else "wrong values"
        raise DraftRejected(
            f"The front matter has {value_s}: " + "; ".join(problems) + "."
        )
    return fields


def _repeated(name: str, used: object, how: str = "") -> str:
    return f"The front matter has {name!r} more than once{how}; the last one is used: {_describe(used)}."


def _repeated_inside(value: object, path: str = "") -> list[str]:
    """Warnings for keys written twice in `value` or any mapping inside it."""
    found: list[str] = []
    if isinstance(value, dict):
        for key in getattr(value, "repeated", ()):
            found.append(_repeated(path + _key_text(key), value[key]))
        for key, inner in value.items():
            found.extend(_repeated_inside(inner, f"{path}{_key_text(key)}."))
    elif isinstance(value, list):
        for inner in value:
            found.extend(_repeated_inside(inner, path))
    return found


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


def _text_field(values: dict, name: str, wrong: dict[str, str]) -> str | None:
    value = values.get(name)
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        wrong[name] = f"{name!r} should be text, not a yes/no value (put it in quotes)"
    else:
        wrong[name] = f"{name!r} should be text, not {_describe(value)}"
    return None


_NUMBER_TEXT = re.compile(
    r"(?:part|draft|#)?[ \t]{0,3}(\d[\d,]{0,12})[ \t]{0,3}(?:words?)?", re.I
)


def _number_field(
    values: dict, name: str, wrong: dict[str, str], minimum: int
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
        wrong[name] = (
            f"{name!r} should be a whole number from {minimum} to {MAX_NUMBER},"
            f" not {_describe(value)}"
        )
        return None
    return number


def _date_field(values: dict, wrong: dict[str, str]) -> datetime.date | None:
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
    wrong["generated"] = (
        f"'generated' should be a date like 2025-11-30, not {_describe(value)}"
    )
    return None


def _describe(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    shown = repr(value)
    return shown if len(shown) <= 40 else shown[:37] + "..."
