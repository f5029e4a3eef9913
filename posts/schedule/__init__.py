"""The plan: a calendar of every part in the user's series, moving parts, an iCalendar feed."""
