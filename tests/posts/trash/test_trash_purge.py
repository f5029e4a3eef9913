"""manage.py purge_trash: what has been in the trash too long goes for good."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from posts.models import Draft, Publication, Revision
from series.models import Part, Series
from tests.factories import PartFactory, SeriesFactory, make_draft


def _trash(item, user, days_ago: int) -> None:
    item.move_to_trash(user)
    type(item).everything.filter(pk=item.pk).update(
        deleted_at=timezone.now() - timedelta(days=days_ago)
    )


def _purge(*args) -> str:
    out = StringIO()
    call_command("purge_trash", *args, stdout=out)
    return out.getvalue()


def test_purge_removes_drafts_trashed_longer_than_30_days(part, user):
    old, recent, alive = make_draft(part), make_draft(part), make_draft(part)
    _trash(old, user, 31)
    _trash(recent, user, 29)
    output = _purge()
    assert not Draft.everything.filter(pk=old.pk).exists()
    assert not Revision.objects.filter(draft_id=old.pk).exists()
    assert Draft.everything.filter(pk__in=[recent.pk, alive.pk]).count() == 2
    assert f"Removed draft “{old}”" in output
    assert "Removed 1 item " in output


def test_purge_takes_a_series_with_its_parts_and_drafts(user):
    series = SeriesFactory.create(owner=user, title="Old series")
    draft = make_draft(PartFactory(series=series))
    _trash(series, user, 40)
    output = _purge()
    assert not Series.everything.filter(pk=series.pk).exists()
    assert not Draft.everything.filter(pk=draft.pk).exists()
    assert "Removed series “Old series”" in output


def test_purge_lists_a_part_once_even_when_its_drafts_are_trashed_too(series, user):
    part = PartFactory.create(series=series)
    draft = make_draft(part)
    _trash(draft, user, 50)
    _trash(part, user, 45)
    output = _purge()
    assert not Part.everything.filter(pk=part.pk).exists()
    assert "Removed part" in output and "Removed draft" not in output


def test_dry_run_lists_and_keeps_everything(part, user):
    draft = make_draft(part)
    _trash(draft, user, 31)
    output = _purge("--dry-run")
    assert "Would remove draft" in output
    assert Draft.everything.filter(pk=draft.pk).exists()


def test_days_option_changes_the_cutoff(part, user):
    draft = make_draft(part)
    _trash(draft, user, 8)
    assert "Removed 0 items" in _purge()
    assert "Removed 1 item " in _purge("--days", "7")
    assert not Draft.everything.filter(pk=draft.pk).exists()


def test_draft_holding_a_published_revision_is_kept_and_reported(part, user):
    draft = make_draft(part)
    assert draft.head is not None
    Publication.objects.create(
        part=part, revision=draft.head, published_on=timezone.now().date()
    )
    _trash(draft, user, 60)
    output = _purge()
    assert Draft.everything.filter(pk=draft.pk).exists()
    assert "Kept draft" in output and "published revision" in output


def test_negative_days_is_refused(db):
    with pytest.raises(CommandError, match="0 or more"):
        _purge("--days", "-1")
