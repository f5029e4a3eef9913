"""The plan's findings: pure functions over PlannedItem (no database)."""

import datetime as dt

from posts.schedule.plan_checks import PlannedItem, plan_findings

NOW = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


def codes(items):
    return [(f.code, f.part_number) for f in plan_findings(items, NOW)]


def test_part_n_plus_one_planned_before_part_n_is_an_error():
    items = [
        PlannedItem(1, NOW + 10 * DAY, True, False),
        PlannedItem(2, NOW + 3 * DAY, True, False),
    ]
    assert codes(items) == [("plan-order", 2)]


def test_a_part_due_within_48_hours_without_a_chosen_draft_is_flagged():
    items = [
        PlannedItem(1, NOW + DAY, False, False),
        PlannedItem(2, NOW + 3 * DAY, False, False),  # not yet due
        PlannedItem(3, NOW + 4 * DAY, True, False),
    ]
    assert codes(items) == [("plan-due-soon", 1)]
    assert codes([PlannedItem(1, NOW + DAY, True, False)]) == []
    assert codes([PlannedItem(1, NOW - DAY, False, True)]) == []


def test_next_weeks_post_is_compared_with_the_parts_planned_date():
    teaser = ("In next week's post (Part 2), I will show reruns.",)
    week_later = [
        PlannedItem(1, NOW + 3 * DAY, True, False, teaser),
        PlannedItem(2, NOW + 10 * DAY, True, False),
    ]
    assert codes(week_later) == []
    month_later = [
        PlannedItem(1, NOW + 3 * DAY, True, False, teaser),
        PlannedItem(2, NOW + 31 * DAY, True, False),
    ]
    assert codes(month_later) == [("plan-teaser-week", 1)]
    unplanned = [
        PlannedItem(1, None, True, False, teaser),
        PlannedItem(2, None, True, False),
    ]
    assert codes(unplanned) == []


def test_the_publishing_view_shows_the_plans_findings(owner_client, series, part):
    from django.urls import reverse
    from django.utils import timezone

    from tests.factories import PartFactory

    part.planned_at = timezone.now() + DAY
    part.save()
    PartFactory.create(series=series, number=2, planned_at=timezone.now() + DAY / 2)
    html = owner_client.get(reverse("posts:publish", args=[series.slug])).text
    assert "Part 2 is planned before Part 1." in html
    assert "Part 1 is due within 48 hours" in html
