from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from posts.textkit.metrics import PLATFORMS

PLATFORM_CHOICES = [(p.key, p.name) for p in PLATFORMS.values()]


WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    EDITOR = "editor", "Editor"
    REVIEWER = "reviewer", "Reviewer"


WRITE_ROLES = {Role.OWNER, Role.EDITOR}


class TrashableQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def trashed(self):
        return self.filter(deleted_at__isnull=False)


class AliveManager(models.Manager):
    """Default manager: what is in the trash is invisible unless asked for.

    Each model builds its own from it with `AliveManager.from_queryset(...)`,
    bound to a name first: django-stubs does not follow that call written
    inside a class's bases.
    """

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class Trashable(models.Model):
    deleted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    # Subclasses that replace these write `objects: ClassVar = ...` (the type is
    # still inferred): django-stubs declares managers as class variables, and to
    # mypy a plain assignment in a subclass would be an instance variable.
    objects = AliveManager()
    everything = models.Manager.from_queryset(TrashableQuerySet)()

    class Meta:
        abstract = True

    def move_to_trash(self, user) -> None:
        self.deleted_at = timezone.now()
        self.deleted_by = user
        self.save(update_fields=["deleted_at", "deleted_by"])


class SeriesQuerySet(TrashableQuerySet):
    def for_user(self, user):
        """Series the user owns or is a member of (one query, no duplicates)."""
        if not user.is_authenticated:
            return self.none()
        member_of = Membership.objects.filter(user=user).values("series_id")
        return self.filter(Q(owner=user) | Q(pk__in=member_of))


_AliveSeriesManager = AliveManager.from_queryset(SeriesQuerySet)


class SeriesManager(_AliveSeriesManager):
    pass


class Series(Trashable):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="series"
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    description = models.TextField(blank=True)
    default_platform = models.CharField(
        max_length=20, choices=PLATFORM_CHOICES, default="linkedin"
    )
    # A weekly cadence ("weekly, Tuesday 09:00" in the owner's zone): new parts
    # are proposed the next free slot (series.schedule).
    cadence_weekday = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=WEEKDAYS, help_text="Empty: no cadence."
    )
    cadence_time = models.TimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar = SeriesManager()
    everything: ClassVar = models.Manager.from_queryset(SeriesQuerySet)()

    class Meta:
        ordering = ["-updated_at"]
        verbose_name_plural = "series"

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("posts:series", args=[self.slug])

    def role_for(self, user) -> str | None:
        """The user's role here, or None. Uses prefetched memberships when present."""
        if not user.is_authenticated:
            return None
        if self.owner_id == user.pk:
            return Role.OWNER
        for membership in self.memberships.all():
            if membership.user_id == user.pk:
                return membership.role
        return None

    def next_part_number(self) -> int:
        top = Part.everything.filter(series=self).aggregate(models.Max("number"))[
            "number__max"
        ]
        return (top or 0) + 1


def unique_slug(title: str) -> str:
    base = slugify(title)[:200] or "series"
    slug, n = base, 2
    while Series.everything.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class Membership(models.Model):
    """A colleague's role in someone else's series (the owner needs none)."""

    series = models.ForeignKey(Series, models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        max_length=20, choices=[(Role.EDITOR, "Editor"), (Role.REVIEWER, "Reviewer")]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["series", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "user"], name="unique_membership"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role}) in {self.series}"

    @property
    def can_edit(self) -> bool:
        return self.role in WRITE_ROLES


class PartQuerySet(TrashableQuerySet):
    def for_user(self, user):
        return self.filter(
            series__in=Series.objects.for_user(user), series__deleted_at__isnull=True
        )


_AlivePartManager = AliveManager.from_queryset(PartQuerySet)


class PartManager(_AlivePartManager):
    pass


class Part(Trashable):
    series = models.ForeignKey(Series, models.CASCADE, related_name="parts")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    notes = models.TextField(blank=True)
    # When it is to go out (stored in UTC, shown in the writer's zone).
    planned_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar = PartManager()
    everything: ClassVar = models.Manager.from_queryset(PartQuerySet)()

    class Meta:
        ordering = ["series", "number"]
        constraints = [
            # Numbers are unique among live parts: a part in the trash keeps its
            # number but does not block writing a new "Part 1".
            models.UniqueConstraint(
                fields=["series", "number"],
                condition=Q(deleted_at__isnull=True),
                name="unique_live_part_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series} · Part {self.number}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("posts:part", args=[self.pk])


class TokenQuerySet(models.QuerySet):
    def usable(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class Invitation(models.Model):
    """A link that makes whoever opens it (signed in) a member of the series."""

    series = models.ForeignKey(Series, models.CASCADE, related_name="invitations")
    role = models.CharField(
        max_length=20, choices=[(Role.EDITOR, "Editor"), (Role.REVIEWER, "Reviewer")]
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    accepted_at = models.DateTimeField(null=True, blank=True)

    objects = TokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        # Its table kept the name it had when the model lived in posts.
        db_table = "posts_invitation"

    def __str__(self) -> str:
        return f"Invitation to {self.series} as {self.role}"


class VoiceElement(models.Model):
    """One signature element of the author's voice, checked in every draft."""

    class Mode(models.TextChoices):
        PHRASES = "phrases", "Phrases"
        REGEX = "regex", "Regular expression"
        MANUAL = "manual", "Manual (tick it yourself)"

    series = models.ForeignKey(Series, models.CASCADE, related_name="voice_elements")
    label = models.CharField(max_length=200)
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.PHRASES)
    phrases = models.TextField(blank=True, help_text="One phrase per line.")
    pattern = models.CharField(max_length=300, blank=True)
    starts_with = models.BooleanField(default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["series", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "label"], name="unique_voice_label"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class WriterSettings(models.Model):
    """A writer's own preferences: the time zone plans are shown and made in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="writer_settings"
    )
    time_zone = models.CharField(max_length=64, default="UTC")

    class Meta:
        verbose_name_plural = "writer settings"

    def __str__(self) -> str:
        return f"{self.user} ({self.time_zone})"
