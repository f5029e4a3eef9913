"""Where a feed cuts a post, as paragraphs: which paragraph the "…see more"
folds and the platform's limit fall in, and the words just before each cut.

The folds and the limit are offsets in the plain text the platform shows
(posts.textkit.metrics); the compare page marks them inside each diff column,
at the paragraph they fall in. Only the paragraphs up to the last cut are
read, so a long post costs no more than its opening. Pure Python, no Django.

>>> cuts = paragraph_cuts(["One two three.", "Four five six."], "One two three.\\n\\nFour five six.", {"phone": 20})
>>> cuts["phone"]
Cut(paragraph=2, before='One two three.\\n\\nFour')
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from posts.textkit.document import parse_document
from posts.textkit.metrics import Metrics

LEAD = 40  # characters of the text before a cut that the mark quotes


@dataclass(frozen=True)
class Cut:
    paragraph: int  # 1-based, among all paragraphs as the diff numbers them
    before: str  # the last LEAD characters shown before the cut


def offsets(metrics: Metrics) -> dict[str, int]:
    """Where the feed cuts `metrics`' plain text: "phone" and "desktop" (the
    "…see more" folds, when the post is longer) and "limit" (when it is over)."""
    cuts = {}
    if metrics.fold_mobile and metrics.fold_mobile.cut:
        cuts["phone"] = len(metrics.fold_mobile.text)
    if metrics.fold_desktop and metrics.fold_desktop.cut:
        cuts["desktop"] = len(metrics.fold_desktop.text)
    if metrics.over_limit:
        cuts["limit"] = metrics.fits
    return cuts


def paragraph_cuts(
    paragraphs: Sequence[str], plain: str, cuts: Mapping[str, int]
) -> dict[str, Cut]:
    """For each named offset in `plain` (a cut), the paragraph it falls in."""
    wanted = {name: at for name, at in cuts.items() if 0 <= at < len(plain.rstrip())}
    if not wanted:
        return {}
    last = max(wanted.values())
    found: dict[str, Cut] = {}
    start = 0
    for n, paragraph in enumerate(paragraphs, start=1):
        if not paragraph.strip():
            continue
        shown = unicodedata.normalize("NFC", parse_document(paragraph).plain).strip()
        if not shown:
            continue
        at = plain.find(shown[:24], start)
        if at < 0:
            continue  # rendered differently in context (a list's bullets): skip it
        end = at + len(shown)
        for name, offset in wanted.items():
            if name not in found and offset <= end:
                found[name] = Cut(n, plain[max(0, offset - LEAD) : offset].lstrip())
        start = end
        if start > last:
            break
    return found
