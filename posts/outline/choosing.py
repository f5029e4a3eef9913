"""The part's chosen draft: the one that gets published."""

from __future__ import annotations

from django.db import transaction

from posts import pages
from posts.models import Draft


def choose_draft(draft: Draft, chosen: bool) -> None:
    """Make `draft` the part's one chosen draft (or no longer chosen).

    The previous choice is cleared first, in the same transaction, so the
    one-chosen-per-part constraint never sees two.
    """
    with transaction.atomic():
        others = Draft.objects.select_for_update().filter(part=draft.part_id)
        list(others)  # lock the part's drafts: two clicks at once run in turn
        if chosen:
            others.filter(chosen=True).exclude(pk=draft.pk).update(chosen=False)
        Draft.objects.filter(pk=draft.pk).update(chosen=chosen)
        # update() sends no signal: the kept pages of the series are dropped here.
        pages.changed([pages.series_of(draft)])
