"""Planned dates, cadences, the calendar, moving parts and the iCalendar feed."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from posts.models import CalendarFeed, Publication
from series.models import Part, WriterSettings
from series.schedule import next_slot, proposed_date
from tests.factories import MembershipFactory, PartFactory, head, make_draft

BERLIN = ZoneInfo("Europe/Berlin")


def test_next_slot_is_the_weekday_at_the_time_in_the_writers_zone():
    after = dt.datetime(2026, 3, 24, 7, 0, tzinfo=dt.UTC)  # Tuesday 08:00 in Berlin
    slot = next_slot(1, dt.time(9), BERLIN, after)
    assert slot == dt.datetime(2026, 3, 24, 9, 0, tzinfo=BERLIN)
    # A week later summer time has begun: still 09:00 in Berlin, an hour earlier in UTC.
    later = next_slot(1, dt.time(9), BERLIN, slot)
    assert later.astimezone(dt.UTC).hour == 7 and later.astimezone(BERLIN).hour == 9


def test_a_series_cadence_proposes_dates_for_new_parts(series, user):
    WriterSettings.objects.create(user=user, time_zone="Europe/Berlin")
    series.cadence_weekday, series.cadence_time = 1, dt.time(9)
    series.save()
    first = PartFactory.create(series=series, number=2)
    second = PartFactory.create(series=series, number=3)
    assert first.planned_at is not None and second.planned_at is not None
    assert first.planned_at.astimezone(BERLIN).weekday() == 1
    assert second.planned_at - first.planned_at in {
        dt.timedelta(days=7),
        dt.timedelta(days=7, hours=1),
        dt.timedelta(days=6, hours=23),
    }
    given = timezone.now() + dt.timedelta(days=3)
    assert (
        PartFactory.create(series=series, number=4, planned_at=given).planned_at
        == given
    )


def test_no_cadence_proposes_nothing(series):
    assert proposed_date(series) is None
    assert PartFactory.create(series=series, number=9).planned_at is None


def _plan(part, days: int) -> Part:
    part.planned_at = timezone.now() + dt.timedelta(days=days)
    part.save()
    return part


def test_the_calendar_shows_each_state(owner_client, series, part):
    _plan(part, 2)
    ready = _plan(PartFactory.create(series=series, number=2, title="Ready one"), 3)
    make_draft(ready, chosen=True)
    late = _plan(PartFactory.create(series=series, number=3, title="Late one"), -2)
    done = _plan(PartFactory.create(series=series, number=4, title="Out"), -1)
    Publication.objects.create(
        part=done, revision=head(make_draft(done)), published_on=dt.date.today()
    )
    days = [timezone.now() + dt.timedelta(days=n) for n in (-3, 4)]
    week = reverse("posts:calendar_week")
    html = "".join(
        owner_client.get(week, {"start": day.date().isoformat()}).text for day in days
    )
    assert (
        "plan-planned" in html
        and "plan-ready" in html
        and "plan-late" in html
        and "plan-published" in html
    )
    assert late.series.title in html


def test_others_parts_never_show_and_a_reviewer_cannot_move(
    client, series, part, stranger
):
    _plan(part, 1)
    client.force_login(stranger)
    assert "plan-part" not in client.get(reverse("posts:calendar_week")).text
    MembershipFactory(series=series, user=stranger, role="reviewer")
    html = client.get(reverse("posts:calendar_week")).text
    assert "plan-part" in html and "calendar_move" not in html and "/move/" not in html
    response = client.post(
        reverse("posts:calendar_move", args=[part.pk]), {"day": "2027-01-05"}
    )
    assert response.status_code == 403


def test_moving_keeps_the_time_of_day_without_javascript_and_with_htmx(
    owner_client, user, part
):
    WriterSettings.objects.create(user=user, time_zone="Europe/Berlin")
    part.planned_at = dt.datetime(2026, 12, 1, 9, 30, tzinfo=BERLIN)
    part.save()
    url = reverse("posts:calendar_move", args=[part.pk])
    response = owner_client.post(
        url, {"day": "2026-12-17", "view": "month", "at": "2026-12-01"}
    )
    assert response.status_code == 302 and response["Location"].endswith(
        "?month=2026-12"
    )
    part.refresh_from_db()
    assert part.planned_at == dt.datetime(2026, 12, 17, 9, 30, tzinfo=BERLIN)
    response = owner_client.post(
        url,
        {"day": "2026-12-18", "view": "month", "at": "2026-12-01"},
        headers={"HX-Request": "true"},
    )
    assert "<html" not in response.text and 'id="calendar-grid"' in response.text
    assert (
        owner_client.post(url, {"day": "not a day"}).status_code == 302
    )  # refused in words


def test_bad_months_and_weeks_show_the_current_one(owner_client):
    for view, params in [
        ("posts:calendar", {"month": "2026-13"}),
        ("posts:calendar_week", {"start": "x"}),
    ]:
        assert owner_client.get(reverse(view), params).status_code == 200


def test_fixed_query_count(owner_client, series, part, django_assert_max_num_queries):
    _plan(part, 1)
    with django_assert_max_num_queries(8) as small:
        owner_client.get(reverse("posts:calendar"))
    for n in range(2, 30):
        make_draft(
            _plan(PartFactory.create(series=series, number=n), n % 20), chosen=True
        )
    with django_assert_max_num_queries(len(small)):
        owner_client.get(reverse("posts:calendar"))


def _feed_url(owner_client) -> str:
    owner_client.post(reverse("posts:calendar_feed_create"))
    html = owner_client.get(reverse("posts:calendar_feeds")).text
    found = re.search(r"http://testserver(/calendar/ics/[^<]+\.ics)", html)
    assert found, "the new address is shown once"
    return found.group(1)


def test_the_feed_is_icalendar_on_a_secret_address_until_revoked(
    owner_client, part, user
):
    _plan(part, 5)
    path = _feed_url(owner_client)
    assert (
        path.split("/")[-1].removesuffix(".ics")
        not in CalendarFeed.objects.get().token_hash
    )
    client = Client()  # a calendar app: no session
    response = client.get(path)
    assert response["Content-Type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [
        f"{part.series.title} · Part 1: {part.title}"
    ]
    feed = CalendarFeed.objects.get()
    owner_client.post(reverse("posts:calendar_feed_revoke", args=[feed.pk]))
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("zone", ["Europe/Berlin", "Mars/Olympus"])
def test_time_zone_preference(owner_client, user, zone):
    owner_client.post(reverse("posts:calendar_zone"), {"time_zone": zone})
    saved = (
        WriterSettings.objects.filter(user=user)
        .values_list("time_zone", flat=True)
        .first()
    )
    assert saved == ("Europe/Berlin" if zone == "Europe/Berlin" else "UTC")


def test_a_month_marks_weeks_with_nothing_planned_for_phones(owner_client, part):
    part.planned_at = dt.datetime(2026, 3, 11, 9, tzinfo=dt.UTC)
    part.save()
    text = owner_client.get(reverse("posts:calendar") + "?month=2026-03").text
    # March 2026 spans six weeks (Mon 23 Feb to Sun 5 Apr); only one has a part.
    assert text.count('class="plan-row" role="row"') == 1
    assert text.count('class="plan-row plan-row-empty" role="row"') == 5
    assert "Nothing planned" not in text
    empty = owner_client.get(reverse("posts:calendar") + "?month=2026-04").text
    assert "Nothing planned in April 2026." in empty
    assert "plan-month plan-month-empty" in empty
