"""Diff rows as the compare template shows them."""

from __future__ import annotations

from dataclasses import dataclass

from posts.rendering import render_markdown
from posts.textkit.diff import Collapsed, Diff, Row, collapse

TAKE_LABELS = {"changed": "use this wording", "moved": "use this paragraph here"}


@dataclass(frozen=True)
class Shown:
    """A diff row as the template shows it; html only in rendered mode."""

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
