"""A writer's secret iCalendar address. Imported at the bottom of posts/models.py."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CalendarFeed(models.Model):
    """Only the token's sha256 is stored (series.tokens); revoking ends it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Calendar feed of {self.user}" + (
            " (revoked)" if self.revoked_at else ""
        )


class Reminder(models.Model):
    """One 'due soon' e-mail for one part at one planned date: the unique pair
    is what keeps a rerun, or a second worker, from sending it again. A part
    moved to another date may be reminded again for that date."""

    part = models.ForeignKey("series.Part", models.CASCADE, related_name="reminders")
    planned_at = models.DateTimeField()
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-claimed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["part", "planned_at"], name="unique_reminder_per_date"
            ),
        ]

    def __str__(self) -> str:
        return f"Reminder for {self.part} due {self.planned_at:%Y-%m-%d %H:%M}"
