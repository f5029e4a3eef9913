"""Diff rows as the compare page shows them.

The rows are drawn here, in one pass, rather than by a template included once
per row: a 5,000-word comparison has thousands of word spans, and Django's
template engine spent more on them than the diff itself took. Every piece of
text goes through html.escape (what auto-escaping does); the rendered-Markdown
cells come from render_markdown, already sanitised. The markup is the one the
page's CSS and static/js/compare.js expect (.diff-row.is-change, #row-<index>).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from posts.rendering import render_markdown
from posts.textkit.diff import Collapsed, Diff, Row, Span, collapse

TAKE_LABELS = {"changed": "use this wording", "moved": "use this paragraph here"}


@dataclass(frozen=True)
class Shown:
    """A diff row as the page shows it; html only in rendered mode."""

    row: Row
    left_html: str = ""
    right_html: str = ""
    kind: str = "row"

    @property
    def take_label(self) -> str:
        """What ticking this row's box takes into A."""
        if self.row.kind == "delete":
            return f"drop ¶{self.row.left_no} as B does"
        return TAKE_LABELS.get(self.row.kind, "use this paragraph")


@dataclass(frozen=True)
class ShownCollapsed:
    count: int
    rows: list[Shown]
    kind: str = "collapsed"


def shown_rows(diff: Diff, *, rendered: bool) -> list[Shown | ShownCollapsed]:
    """Collapsed rows, each paragraph rendered through render_markdown when asked."""

    def show(row: Row) -> Shown:
        if not rendered:
            return Shown(row)
        return Shown(
            row,
            render_markdown(row.left) if row.left is not None else "",
            render_markdown(row.right) if row.right is not None else "",
        )

    out: list[Shown | ShownCollapsed] = []
    for item in collapse(diff.rows, context=1):
        if isinstance(item, Collapsed):
            out.append(ShownCollapsed(item.count, [show(r) for r in item.rows]))
        else:
            out.append(show(item))
    return out


def rows_html(
    items: list[Shown | ShownCollapsed],
    *,
    view: str,
    md: str,
    can_edit: bool,
    cuts: tuple[FeedMarks, FeedMarks] = ({}, {}),
) -> SafeString:
    """The rows of the diff table: side by side (view="side") or inline, the
    Markdown raw or rendered (md="rendered"), with "take" boxes when can_edit.

    `cuts`: for A and for B, the marks to draw after a paragraph (by its
    number): where the feed's "…see more" and the platform's limit fall.
    """
    draw = _Draw(
        side=view == "side", rendered=md == "rendered", can_edit=can_edit, cuts=cuts
    )
    out: list[str] = []
    for item in items:
        if isinstance(item, ShownCollapsed):
            plural = "" if item.count == 1 else "s"
            out.append(
                f'<details class="diff-collapsed">\n<summary>{item.count} unchanged '
                f"paragraph{plural}</summary>\n"
            )
            out.extend(draw.row(shown) for shown in item.rows)
            out.append("</details>\n")
        else:
            out.append(draw.row(item))
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped


# A side's feed marks: paragraph number -> [(cut name, label, the words before it)].
FeedMarks = dict[int, list[tuple[str, str, str]]]


def feed_marks(cuts: dict, labels: dict[str, str]) -> FeedMarks:
    """Feed cuts by paragraph (posts.textkit.feedcut) as the rows draw them."""
    marks: FeedMarks = {}
    for name, cut in cuts.items():
        marks.setdefault(cut.paragraph, []).append((name, labels[name], cut.before))
    return marks


def _marks(marks: list[tuple[str, str, str]], side: str) -> str:
    return "".join(
        f'<span class="feed-cut feed-cut-{escape(name)}"><span class="visually-hidden">{side}: </span>'
        f"{escape(label)} after “…{escape(before)}”</span>"
        for name, label, before in marks
    )


@dataclass(frozen=True)
class _Draw:
    side: bool
    rendered: bool
    can_edit: bool
    cuts: tuple[FeedMarks, FeedMarks] = ({}, {})

    def _cut(self, row: Row, which: int) -> str:
        number = row.left_no if which == 0 else row.right_no
        if number is None or row.kind == "moved" and which == 0:
            return ""
        marks = self.cuts[which].get(number)
        return _marks(marks, "A" if which == 0 else "B") if marks else ""

    def row(self, shown: Shown) -> str:
        row = shown.row
        change = " is-change" if row.kind != "equal" else ""
        head = f'<div class="diff-row diff-{row.kind}{change}" id="row-{row.index}">\n'
        body = self._side(shown) if self.side else self._inline(shown)
        take = ""
        if self.can_edit and row.kind != "equal":
            take = (
                '<label class="diff-take"><input class="form-check-input" '
                f'type="checkbox" name="take" value="{row.index}"> '
                f"{escape(shown.take_label)}</label>\n"
            )
        return f"{head}{body}{take}</div>\n</div>\n"

    def _side(self, shown: Shown) -> str:
        row = shown.row
        moved = row.kind == "moved"
        left_note = (
            f'<span class="diff-note">moved to ¶{row.right_no} in B</span>'
            if moved
            else ""
        )
        right_note = (
            f'<span class="diff-note">moved from ¶{row.left_no}</span>' if moved else ""
        )
        left_gap = " diff-gap" if row.left is None else ""
        right_gap = " diff-gap" if row.right is None else ""
        left = self._text(row.left, shown.left_html, row.left_spans, "diff-del", "")
        right = self._text(row.right, shown.right_html, row.right_spans, "diff-add", "")
        return (
            f'<div class="diff-no">{_no(row.left_no, "")}</div>\n'
            f'<div class="diff-cell diff-left{left_gap}">{left_note}{left}{self._cut(row, 0)}</div>\n'
            f'<div class="diff-no">{_no(row.right_no, "")}</div>\n'
            f'<div class="diff-cell diff-right{right_gap}">{right_note}{right}{self._cut(row, 1)}'
        )

    def _inline(self, shown: Shown) -> str:
        row = shown.row
        note = (
            f'<span class="diff-note">moved from ¶{row.left_no}</span>'
            if row.kind == "moved"
            else ""
        )
        if row.kind == "equal":
            if self.rendered:
                text = f'<div class="diff-html">{shown.right_html}</div>'
            else:
                text = f'<div class="diff-text">{escape(row.right or "")}</div>'
        else:
            text = self._text(
                row.left, shown.left_html, row.left_spans, "diff-del", " diff-old"
            )
            text += self._text(
                row.right, shown.right_html, row.right_spans, "diff-add", " diff-new"
            )
        return (
            f'<div class="diff-no">{_no(row.left_no, "–")}→{_no(row.right_no, "–")}</div>\n'
            f'<div class="diff-cell diff-one">{note}{text}{self._cut(row, 0)}{self._cut(row, 1)}'
        )

    def _text(
        self, text: str | None, html: str, spans: list[Span], mark: str, extra: str
    ) -> str:
        if text is None:
            return ""
        if self.rendered:
            return f'<div class="diff-html{extra}">{html}</div>'
        tag = "del" if mark == "diff-del" else "ins"
        inner = "".join(
            escape(s.text)
            if s.kind == "equal"
            else f'<{tag} class="{mark}">{escape(s.text)}</{tag}>'
            for s in spans
        )
        return f'<div class="diff-text{extra}">{inner}</div>'


def _no(number: int | None, missing: str) -> str:
    return missing if number is None else str(number)
