"""Reviewing drafts with colleagues: share links, comments,
suggestions, review requests and verdicts, activity, notifications, presence.

Imported at the bottom of posts/models.py so that Django finds the models.
Tokens (invitations, share links) are never stored: only their sha256.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from series.models import TokenQuerySet

__all__ = [
    "Activity",
    "Comment",
    "CommentQuerySet",
    "Notification",
    "Presence",
    "ReviewRequest",
    "ShareLink",
    "Suggestion",
    "Verdict",
]

_USER = settings.AUTH_USER_MODEL


class ShareLink(models.Model):
    """A guest's way in: read, comment and suggest on one draft or one series."""

    series = models.ForeignKey(
        "series.Series", models.CASCADE, related_name="share_links"
    )
    draft = models.ForeignKey(
        "posts.Draft",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="share_links",
        help_text="Empty: the whole series.",
    )
    label = models.CharField(max_length=100, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(_USER, models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = TokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        what = self.draft or self.series
        return f"Share link to {what}" + (f" ({self.label})" if self.label else "")

    @property
    def is_active(self) -> bool:
        if self.revoked_at:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()


class ByMemberOrGuest(models.Model):
    """Written by a signed-in member, or by a guest under a typed name."""

    author = models.ForeignKey(
        _USER, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    guest_name = models.CharField(max_length=80, blank=True)
    share_link = models.ForeignKey(
        ShareLink, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    @property
    def author_name(self) -> str:
        if self.guest_name:
            return f"{self.guest_name} (guest)"
        return self.author.username if self.author else "someone"


class CommentQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def in_trash(self):
        """Deleted or hidden, and still restorable.

        A purged thread starter that holds replies keeps its row with its
        words gone (an empty body, which no comment has otherwise).
        """
        return self.filter(deleted_at__isnull=False).exclude(body="")


class Comment(ByMemberOrGuest):
    """A thread (parent is None) anchored to quoted words, or a reply in one.

    quote, prefix, suffix and position are in normalized rendered text (see
    posts.textkit.anchoring) of `revision`, the revision the reader saw.

    Deleting (its author) or hiding (the series owner) puts a comment in the
    trash of whoever did it, for 30 days; its thread shows the gap and keeps
    the replies. The default manager therefore returns deleted comments too:
    threads need them; lists of comments ask for .alive().
    """

    draft = models.ForeignKey("posts.Draft", models.CASCADE, related_name="comments")
    revision = models.ForeignKey(
        "posts.Revision", models.CASCADE, related_name="comments"
    )
    # RESTRICT: removing a comment never takes other people's replies with it;
    # removing the whole draft still takes its threads.
    parent = models.ForeignKey(
        "self", models.RESTRICT, null=True, blank=True, related_name="replies"
    )
    quote = models.TextField(blank=True)
    prefix = models.CharField(max_length=64, blank=True)
    suffix = models.CharField(max_length=64, blank=True)
    position = models.PositiveIntegerField(default=0)
    body = models.TextField()
    edited_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        _USER, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    deleted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    deleted_by = models.ForeignKey(
        _USER, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author_name} on {self.draft}: {self.body[:40]}"

    @property
    def hidden(self) -> bool:
        """Taken away by someone other than its author (the series owner)."""
        return bool(self.deleted_at) and self.deleted_by_id != self.author_id

    def move_to_trash(self, user) -> None:
        self.deleted_at, self.deleted_by = timezone.now(), user
        self.save(update_fields=["deleted_at", "deleted_by"])

    def restore(self) -> None:
        self.deleted_at, self.deleted_by = None, None
        self.save(update_fields=["deleted_at", "deleted_by"])


class Suggestion(ByMemberOrGuest):
    """Proposed text for a draft, made from `base`; decided change by change."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        APPLIED = "applied", "Applied"
        REJECTED = "rejected", "Rejected"

    draft = models.ForeignKey("posts.Draft", models.CASCADE, related_name="suggestions")
    base = models.ForeignKey("posts.Revision", models.CASCADE, related_name="+")
    body = models.TextField()
    note = models.CharField(max_length=300, blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.OPEN
    )
    decided_by = models.ForeignKey(
        _USER, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    accepted = models.PositiveIntegerField(default=0)
    offered = models.PositiveIntegerField(default=0)
    result = models.ForeignKey(
        "posts.Revision", models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Suggestion by {self.author_name} on {self.draft}"


class ReviewRequest(models.Model):
    draft = models.ForeignKey(
        "posts.Draft", models.CASCADE, related_name="review_requests"
    )
    requested_by = models.ForeignKey(_USER, models.CASCADE, related_name="+")
    reviewer = models.ForeignKey(_USER, models.CASCADE, related_name="+")
    revision = models.ForeignKey("posts.Revision", models.CASCADE, related_name="+")
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.reviewer} asked to review {self.draft}"


class Verdict(models.Model):
    """An approval or a request for changes, given on one revision.

    It holds for the text, not the number: content_hash is that revision's,
    so a later revision with exactly the approved text is still approved.
    """

    class Kind(models.TextChoices):
        APPROVED = "approved", "Approved"
        CHANGES = "changes", "Changes requested"

    draft = models.ForeignKey("posts.Draft", models.CASCADE, related_name="verdicts")
    revision = models.ForeignKey("posts.Revision", models.CASCADE, related_name="+")
    reviewer = models.ForeignKey(_USER, models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    note = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.reviewer} ({self.revision})"

    def save(self, *args, **kwargs):
        if not self.content_hash:
            self.content_hash = self.revision.content_hash
        super().save(*args, **kwargs)


class Activity(models.Model):
    """Something that happened in a series, for its feed and notifications."""

    series = models.ForeignKey(
        "series.Series", models.CASCADE, related_name="activities"
    )
    draft = models.ForeignKey(
        "posts.Draft", models.CASCADE, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        _USER, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=100)
    verb = models.CharField(max_length=40)
    summary = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        return f"{self.actor_name} {self.summary}"


class Notification(models.Model):
    user = models.ForeignKey(_USER, models.CASCADE, related_name="notifications")
    activity = models.ForeignKey(Activity, models.CASCADE, related_name="+")
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"To {self.user}: {self.activity}"


class Presence(models.Model):
    """When a member last had a draft open (heartbeats every 20 s), and doing what."""

    class Doing(models.TextChoices):
        EDITING = "editing", "editing"  # in the editor
        REVIEWING = "reviewing", "reviewing"  # on the review page
        READING = "reading", "reading"  # on the draft page without an editor

    draft = models.ForeignKey("posts.Draft", models.CASCADE, related_name="+")
    user = models.ForeignKey(_USER, models.CASCADE, related_name="+")
    seen_at = models.DateTimeField()
    doing = models.CharField(
        max_length=10, choices=Doing.choices, default=Doing.READING
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["draft", "user"], name="unique_presence")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.doing} {self.draft} at {self.seen_at}"
