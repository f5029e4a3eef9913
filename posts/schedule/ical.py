"""A writer's plan as iCalendar (RFC 5545), built by the `icalendar` package."""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event

from posts.schedule.planning import PlannedPart

DURATION = dt.timedelta(minutes=30)


def feed(plan: list[PlannedPart], base_url: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Postwright//plan//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Postwright plan")
    for item in plan:
        part = item.part
        event = Event()
        event.add("uid", f"part-{part.pk}@postwright")
        event.add("summary", f"{part.series.title} · Part {part.number}: {part.title}")
        event.add("dtstart", item.when.astimezone(dt.UTC))
        event.add("dtend", (item.when + DURATION).astimezone(dt.UTC))
        event.add("dtstamp", part.updated_at.astimezone(dt.UTC))
        event.add("description", f"State: {item.state}")
        event.add("url", base_url + part.get_absolute_url())
        cal.add_component(event)
    return cal.to_ical()
