"""The series feed, notifications and presence: who did what, who is looking now."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.dispatch import receiver
from django.utils import timezone

from posts.mail import send_after_commit
from posts.models import (
    Activity,
    Draft,
    Notification,
    Presence,
    Revision,
)
from series.members.signals import member_added, member_removed
from series.models import Membership, Series

if TYPE_CHECKING:
    pass


PRESENCE_WINDOW = timedelta(seconds=45)


def members_of(series: Series) -> list:
    """The owner first, then members; one query."""
    memberships = Membership.objects.filter(series=series).select_related("user")
    return [series.owner, *(m.user for m in memberships)]


def record(series, actor_name, verb, summary, *, actor=None, draft=None, url=""):
    """Add to the series feed and notify every other member."""
    activity = Activity.objects.create(
        series=series,
        draft=draft,
        actor=actor,
        actor_name=actor_name,
        verb=verb,
        summary=summary[:300],
        url=url,
    )
    Notification.objects.bulk_create(
        Notification(user=user, activity=activity)
        for user in members_of(series)
        if actor is None or user.pk != actor.pk
    )
    return activity


def feed(series: Series, limit: int = 50) -> list[dict]:
    """Activities and text edits (revisions, imports included), newest first."""
    items: list[dict[str, Any]] = [
        {"when": a.created_at, "who": a.actor_name, "what": a.summary, "url": a.url}
        for a in series.activities.all()[:limit]
    ]
    revisions = (
        Revision.objects.filter(
            draft__part__series=series, draft__deleted_at__isnull=True
        )
        .select_related("author", "draft__part")
        .order_by("-updated_at")[:limit]
    )
    for rev in revisions:
        verb = "imported" if rev.kind == Revision.Kind.IMPORT else "edited"
        items.append(
            {
                "when": rev.updated_at,
                "who": rev.author.username if rev.author else "someone",
                "what": f"{verb} {rev.draft.part} · {rev.draft} (revision {rev.number})",
                "url": rev.draft.get_absolute_url(),
            }
        )
    items.sort(key=lambda item: item["when"], reverse=True)
    return items[:limit]


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def heartbeat(draft: Draft, user, doing: str) -> list[tuple[str, str]]:
    """Note that `user` has the draft open, `doing` what (a Presence.Doing);
    (name, doing) of the others seen lately."""
    now = timezone.now()
    Presence.objects.update_or_create(
        draft=draft, user=user, defaults={"seen_at": now, "doing": doing}
    )
    others = (
        Presence.objects.filter(draft=draft, seen_at__gte=now - PRESENCE_WINDOW)
        .exclude(user=user)
        .select_related("user")
        .order_by("user__username")
    )
    return [(p.user.username, p.doing) for p in others]


def notify_invited(series: Series, user, role: str, by) -> None:
    """In-app and e-mail notice to someone added to a series (the e-mail after commit)."""
    record(
        series,
        by.username,
        "member",
        f"added {user.username} as {role}",
        actor=by,
        url=series.get_absolute_url(),
    )
    if user.email:
        send_after_commit(
            f"You can now work on “{series.title}”",
            f"{by.username} added you to “{series.title}” as {role}.\n"
            f"Open it: {series.get_absolute_url()}",
            [user.email],
        )


@receiver(member_added)
def member_added_to_feed(sender, *, series, user, role, by, **kwargs) -> None:
    notify_invited(series, user, role, by)


@receiver(member_removed)
def member_removed_to_feed(sender, *, series, user, by, **kwargs) -> None:
    record(series, by.username, "member", f"removed {user.username}", actor=by)
