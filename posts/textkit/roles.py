"""What each paragraph of a post does: its purpose.

Generator drafts of one part are written with different strategies, so they
share few sentences, but they are built from the same parts: a title line, a
hook, the body, a "why this matters" turn, a call to action, a teaser for the
next part, a reference list and a hashtag line. Comparing drafts by purpose puts
hook beside hook and teaser beside teaser.

The classifier reads position and cue phrases, including the conventions of
the generator's own drafts ("So what is …?" ends the hook, "Why this matters
for you:" opens the turn, "And the best part?" opens the call to action,
"In next week's post (Part 2) …" is the teaser). Pure Python, no Django.

>>> [p.purpose for p in classify("# Title\\n\\nYou may wonder why.\\n\\nSo what is it?\\n\\n#AI #ML")]
['title', 'hook', 'body', 'hashtags']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from posts.textkit.layout import split_layout

TITLE = "title"
HOOK = "hook"
BODY = "body"
WHY = "why"
CTA = "cta"
TEASER = "teaser"
REFERENCES = "references"
HASHTAGS = "hashtags"

# The order a post is read in, and the order of the draft board's rows.
ORDER = (TITLE, HOOK, BODY, WHY, CTA, TEASER, REFERENCES, HASHTAGS)
LABELS = {
    TITLE: "Title",
    HOOK: "Hook",
    BODY: "Body",
    WHY: "Why this matters",
    CTA: "Call to action",
    TEASER: "Teaser",
    REFERENCES: "References",
    HASHTAGS: "Hashtags",
}

_WORDLIKE = re.compile(r"[^\W_]")
_HASHTAG_LINE = re.compile(r"^\s*(?:#[^\W\d_][\w]*[\s,]*)+$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+\S")
_LINK = re.compile(r"\]\([^)\s]+\)|https?://\S+")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+\S")
_REFERENCE_LEAD = re.compile(
    r"^[\s*_#>]*(?:additional (?:documents|reading|resources|links)|references|sources|"
    r"further reading|read more|resources|recommended reading|links|to read)\b",
    re.I,
)
# The end of the hook: the post turns to explaining ("So what is a …?").
_SO_WHAT = re.compile(
    r"^[\s*_]*(?:so,? what\b|here'?s (?:what|the thing)|let me explain|in a nutshell)",
    re.I,
)
_WHY = re.compile(
    r"^[\s*_#]*(?:why (?:this|it|that) matters|why should you care|what this means for you|"
    r"the (?:takeaway|bottom line)|bottom line|key takeaways?)\b",
    re.I,
)
_CTA = re.compile(
    r"(?:^[\s*_]*and the best part\?|\byou can (?:start|try)\b|\btry (?:it|this)\b|\blet me know\b|"
    r"\b(?:comment|share) (?:below|your|in the comments)|\bwhat (?:do you think|about you|is your|'s your)\b|"
    r"\bfollow (?:me|along)\b|\bdrop (?:a|your)\b|\bhave you (?:ever )?(?:tried|used|built)\b|"
    r"\bi'?d love to hear\b)",
    re.I,
)
_TEASER = re.compile(
    r"\b(?:next week(?:'s)?|in (?:the )?next (?:post|part|article|installment)|in part \d+|"
    r"\(part \d+\)|stay tuned|coming up next|next time|see you next)\b",
    re.I,
)
_QUESTION_LEAD = re.compile(
    r"^[\s*_]*(?:you may wonder|have you ever|ever wondered|what if|why do)\b", re.I
)

# A hook is at most this many paragraphs when no "so what" ends it sooner.
_HOOK_MAX = 3


@dataclass(frozen=True)
class Paragraph:
    index: int  # 1-based, as the compose form numbers paragraphs
    text: str
    purpose: str


def classify(text: str) -> list[Paragraph]:
    """Every non-empty paragraph of `text` with its purpose, in order."""
    bodies = [
        (n, body)
        for n, body in enumerate(split_layout(text).bodies, start=1)
        if body.strip()
    ]
    roles: dict[int, str] = {}
    for position, (n, body) in enumerate(bodies):
        purpose = _fixed_role(body, position)
        if purpose:
            roles[n] = purpose
    content = [(n, body) for n, body in bodies if n not in roles]
    _mark_tail(content, roles)
    _mark_hook(content, roles)
    found = [Paragraph(n, body, roles.get(n, BODY)) for n, body in bodies]
    return _separators_follow(found)


def _separators_follow(found: list[Paragraph]) -> list[Paragraph]:
    """A paragraph with no word in it ("---") goes with the paragraph before it
    (with the one after it when it follows the title or opens the text)."""
    out: list[Paragraph] = []
    for place, p in enumerate(found):
        if not _WORDLIKE.search(p.text):
            before = out[-1].purpose if out else TITLE
            after = next(
                (q.purpose for q in found[place + 1 :] if _WORDLIKE.search(q.text)),
                BODY,
            )
            p = Paragraph(p.index, p.text, after if before == TITLE else before)
        out.append(p)
    return out


def _fixed_role(body: str, position: int) -> str | None:
    """Roles that a paragraph shows by its form alone."""
    lines = [line for line in body.splitlines() if line.strip()]
    if all(_HASHTAG_LINE.match(line) for line in lines):
        return HASHTAGS
    if _REFERENCE_LEAD.match(lines[0]) and (len(lines) > 1 or _LINK.search(body)):
        return REFERENCES
    items = [line for line in lines if _LIST_ITEM.match(line)]
    if items and len(items) == len(lines) and all(_LINK.search(line) for line in items):
        return REFERENCES
    if position == 0 and len(lines) == 1 and _looks_like_title(lines[0]):
        return TITLE
    return None


def _looks_like_title(line: str) -> bool:
    if _HEADING.match(line):
        return True
    bare = line.strip().strip("*_").strip()
    return (
        len(bare) <= 90
        and not bare.endswith((".", "?", "!", ":", "…"))
        and len(bare.split()) <= 14
    )


def _mark_tail(content: list[tuple[int, str]], roles: dict[int, str]) -> None:
    """The teaser, call to action and "why this matters", read from the end."""
    if not content:
        return
    half = len(content) // 2
    for place, (n, body) in enumerate(content):
        if place == 0:
            continue  # the opening is the hook, whatever it mentions
        if _WHY.match(body):
            roles[n] = WHY
        elif place >= half and _TEASER.search(body):
            roles[n] = TEASER
        elif place >= half and _CTA.search(body):
            roles[n] = CTA


def _mark_hook(content: list[tuple[int, str]], roles: dict[int, str]) -> None:
    """The opening, up to the first "so what" (or its first paragraphs)."""
    free = [(n, body) for n, body in content if n not in roles]
    if not free:
        return
    turn = next(
        (
            i
            for i, (_, body) in enumerate(free[: _HOOK_MAX + 1])
            if i and _SO_WHAT.match(body)
        ),
        None,
    )
    if turn is None:
        turn = 2 if len(free) > 2 and _QUESTION_LEAD.match(free[1][1]) else 1
    for n, _ in free[:turn]:
        roles[n] = HOOK


_TURN = re.compile(r"^[\s*_]*(?:and )?the best part\?", re.I)


def asks_reader(sentence: str) -> bool:
    """A real question to the reader, not a rhetorical turn ("And the best part?")."""
    return sentence.rstrip("*_ ").endswith("?") and not _TURN.match(sentence)


def invites(sentence: str) -> bool:
    """A sentence that asks the reader to do something ("You can start … today")."""
    return bool(_CTA.search(sentence)) and not _TURN.match(sentence)


def is_turn(sentence: str) -> bool:
    """ "And the best part?": the turn that opens a generator's call to action."""
    return bool(_TURN.match(sentence))


def promises(sentence: str) -> bool:
    """Whether `sentence` looks forward to a later post ("In next week's post …")."""
    return bool(_TEASER.search(sentence))


def by_purpose(paragraphs: list[Paragraph]) -> dict[str, list[Paragraph]]:
    """The paragraphs of each purpose, in the order of ORDER, roles absent left out."""
    found: dict[str, list[Paragraph]] = {}
    for purpose in ORDER:
        mine = [p for p in paragraphs if p.purpose == purpose]
        if mine:
            found[purpose] = mine
    return found
