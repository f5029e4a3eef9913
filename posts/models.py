from __future__ import annotations

import datetime
import hashlib
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from posts.textkit.metrics import word_count
from series.models import (
    PLATFORM_CHOICES,
    AliveManager,
    Part,
    Series,
    Trashable,
    TrashableQuerySet,
)


class DraftQuerySet(TrashableQuerySet):
    def for_user(self, user):
        return self.filter(
            part__series__in=Series.objects.for_user(user),
            part__deleted_at__isnull=True,
            part__series__deleted_at__isnull=True,
        )


_AliveDraftManager = AliveManager.from_queryset(DraftQuerySet)


class DraftManager(_AliveDraftManager):
    pass


class Draft(Trashable):
    part = models.ForeignKey(Part, models.CASCADE, related_name="drafts")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=300, blank=True)
    strategy = models.CharField(max_length=100, blank=True)
    platform = models.CharField(
        max_length=20,
        choices=PLATFORM_CHOICES,
        blank=True,
        help_text="Empty: the series' platform.",
    )
    generated = models.DateField(null=True, blank=True)
    declared_word_count = models.PositiveIntegerField(null=True, blank=True)
    # What the generator said that has no column: unknown front-matter keys,
    # its voice checklist, hashtags and references found at import.
    metadata = models.JSONField(default=dict, blank=True)
    chosen = models.BooleanField(
        default=False, help_text="The part's chosen draft, for publishing."
    )
    # The latest revision, kept in step inside the saving transaction so that
    # lists show words and last edit without a query per draft.
    head = models.ForeignKey(
        "Revision", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar = DraftManager()
    everything: ClassVar = models.Manager.from_queryset(DraftQuerySet)()

    # Not columns: the latest review request and verdict, annotated by
    # posts.review.approval.with_review_state() for annotated_state(). A draft loaded
    # any other way has none of them (posts.outline.rows.draft_rows checks).
    request_at: datetime.datetime | None
    verdict_at: datetime.datetime | None
    verdict_kind: str | None
    verdict_revision: int | None  # the verdict's revision id

    class Meta:
        ordering = ["part", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["part", "number"],
                condition=Q(deleted_at__isnull=True),
                name="unique_live_draft_number",
            ),
            models.UniqueConstraint(
                fields=["part"],
                condition=Q(chosen=True, deleted_at__isnull=True),
                name="one_chosen_draft_per_part",
            ),
        ]

    def __str__(self) -> str:
        label = f" ({self.strategy})" if self.strategy else ""
        return f"Draft {self.number}{label}"

    def get_absolute_url(self) -> str:
        return reverse("posts:draft", args=[self.pk])

    @classmethod
    def next_number(cls, part: Part) -> int:
        """The number a new draft of `part` gets (drafts in the trash count too)."""
        top = cls.everything.filter(part=part).aggregate(models.Max("number"))[
            "number__max"
        ]
        return (top or 0) + 1

    @property
    def effective_platform(self) -> str:
        return self.platform or self.part.series.default_platform

    @property
    def body(self) -> str:
        return self.head.body if self.head else ""


class Revision(models.Model):
    class Kind(models.TextChoices):
        AUTOSAVE = "autosave", "Autosave"
        NAMED = "named", "Named version"
        IMPORT = "import", "Import"
        MERGE = "merge", "Merge"
        RESTORE = "restore", "Restore"
        CONFLICT = "conflict", "Conflicting save"
        CREATE = "create", "Created"

    draft = models.ForeignKey(Draft, models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    body = models.TextField()  # full Markdown snapshot, never a delta
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    message = models.CharField(max_length=500, blank=True)
    base_number = models.PositiveIntegerField(
        null=True, blank=True, help_text="The revision this one was edited from."
    )
    word_count = models.PositiveIntegerField(default=0)
    content_hash = models.CharField(max_length=64, db_index=True)
    # sha256 of the whole imported file (front matter included), so that
    # importing the same file again is recognised.
    import_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # Where merged text came from: [{"paragraph": 4, "draft": 2, "revision": 7}, …]
    sources = models.JSONField(default=list, blank=True)
    # The exact text this one was edited from (base_number's text then: a
    # working autosave may have changed since), for merges and conflicts.
    base_hash = models.CharField(max_length=64, blank=True)
    # A save merged with a head it did not start from: that head and its author.
    merged_head = models.PositiveIntegerField(
        null=True, blank=True, help_text="The head revision this save was merged with."
    )
    merged_head_author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolves = models.PositiveIntegerField(
        null=True, blank=True, help_text="The conflicting save this revision settled."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["draft", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "number"], name="unique_revision_number"
            ),
        ]
        indexes = [models.Index(fields=["draft", "-number"], name="revision_latest")]

    def __str__(self) -> str:
        return f"{self.draft} v{self.number}"

    def save(self, *args, **kwargs):
        # Snapshots are immutable; the one exception is the working autosave,
        # which keeps absorbing an author's autosaves for a short window.
        if not self._state.adding and self.kind != self.Kind.AUTOSAVE:
            raise ValueError("Revisions are immutable once written.")
        body_hash = hash_text(self.body)
        # A new revision whose caller counted this very text (the importer's
        # parse) comes with its hash: the text is not parsed again for the count.
        if not (self._state.adding and self.content_hash == body_hash):
            self.word_count = word_count(self.body)
        self.content_hash = body_hash
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("posts:revision", args=[self.draft_id, self.number])


def hash_text(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class Publication(models.Model):
    """A part went out: which revision, when, and where it lives now."""

    part = models.OneToOneField(Part, models.CASCADE, related_name="publication")
    revision = models.ForeignKey(Revision, models.PROTECT, related_name="publications")
    published_on = models.DateField()
    url = models.URLField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["part"]

    def __str__(self) -> str:
        return f"{self.part} published {self.published_on}"


from posts.merge_models import AutosaveStep  # noqa: E402

# Review models live in their own module; importing them here registers them
# with the posts app (and lets `from posts.models import Comment` work).
from posts.review.models import (  # noqa: E402
    Activity,
    Comment,
    Notification,
    Presence,
    ReviewRequest,
    ShareLink,
    Suggestion,
    Verdict,
)
from posts.schedule.models import CalendarFeed, Reminder  # noqa: E402
from posts.search.models import SearchEntry  # noqa: E402

__all__ = [
    "Activity",
    "AutosaveStep",
    "CalendarFeed",
    "Comment",
    "Draft",
    "Notification",
    "Presence",
    "Publication",
    "Reminder",
    "ReviewRequest",
    "Revision",
    "SearchEntry",
    "ShareLink",
    "Suggestion",
    "Verdict",
]
