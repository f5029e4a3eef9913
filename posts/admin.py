"""The operator's view of drafts and reviews.

Tokens are never shown or made here: only their hashes are stored, so a link
made in the admin would open nothing. What an operator needs: revoke a leaked
share link (invitations: series/admin.py), find and read comments, and prune old activity and
presence rows (actions below; the "Age" filter picks the old rows).
"""

from datetime import timedelta

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from posts import pages
from posts.models import (
    Activity,
    AutosaveStep,
    Comment,
    Draft,
    Notification,
    Presence,
    Publication,
    ReviewRequest,
    Revision,
    ShareLink,
    Suggestion,
    Verdict,
)
from posts.review.models import CommentQuerySet
from series.admin import LinkAdmin, TrashAwareAdmin, revoke_links

# Shown and read-only alike: revisions are immutable snapshots.
_REVISION_FIELDS = ("number", "kind", "author", "message", "word_count", "created_at")
ACTIVITY_KEPT = timedelta(days=90)
# Presence is only read within the last 45 seconds; a day-old row is noise.
PRESENCE_KEPT = timedelta(days=1)


class RevisionInline(admin.TabularInline):
    model = Revision
    extra = 0
    fields = _REVISION_FIELDS
    readonly_fields = _REVISION_FIELDS
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Draft)
class DraftAdmin(TrashAwareAdmin):
    list_display = ["__str__", "part", "platform", "chosen", "updated_at", "deleted_at"]
    list_select_related = ["part__series"]
    search_fields = ["strategy", "part__title", "part__series__title"]
    raw_id_fields = ["head", "part", "created_by", "deleted_by"]
    inlines = [RevisionInline]


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    """Read-only: revisions are immutable snapshots."""

    list_display = ["__str__", "kind", "author", "word_count", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["draft__part", "author"]
    search_fields = ["draft__part__title", "message"]
    raw_id_fields = ["draft", "author"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AutosaveStep)
class AutosaveStepAdmin(admin.ModelAdmin):
    """Read-only: texts a working autosave replaced, kept as merge bases."""

    list_display = ["__str__", "revision", "created_at"]
    list_select_related = ["revision__draft"]
    raw_id_fields = ["revision"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["part", "revision", "published_on", "url"]
    list_select_related = ["part__series", "revision__draft"]
    raw_id_fields = ["part", "revision", "created_by"]


# --- links: revoke, never create ------------------------------------------


@admin.register(ShareLink)
class ShareLinkAdmin(LinkAdmin):
    list_display = [
        "__str__",
        "series",
        "created_by",
        "created_at",
        "expires_at",
        "revoked_at",
        "active",
    ]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "expires_at"]
    list_select_related = ["series", "draft__part__series", "created_by"]
    search_fields = ["label", "series__title", "created_by__username"]
    raw_id_fields = ["series", "draft", "created_by"]
    actions = ["revoke"]

    @admin.display(boolean=True)
    def active(self, obj: ShareLink) -> bool:
        return obj.is_active

    @admin.action(description="Revoke the selected share links")
    def revoke(self, request: HttpRequest, queryset: QuerySet) -> None:
        revoke_links(self, request, queryset, "share links")


# --- what reviewers wrote --------------------------------------------------


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """Hide and restore, never delete: a hard delete would take a thread's replies with it
    (the database refuses), and a hidden comment waits in the hider's trash for 30 days."""

    list_display = ["__str__", "draft", "created_at", "resolved_at", "deleted_at"]
    list_filter = [
        ("deleted_at", admin.EmptyFieldListFilter),
        ("resolved_at", admin.EmptyFieldListFilter),
        "created_at",
    ]
    list_select_related = ["author", "draft__part__series"]
    search_fields = ["body", "quote", "guest_name", "author__username"]
    raw_id_fields = [
        "draft",
        "revision",
        "parent",
        "author",
        "share_link",
        "resolved_by",
        "deleted_by",
    ]
    readonly_fields = ["deleted_at", "deleted_by"]
    date_hierarchy = "created_at"
    actions = ["hide", "restore"]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Hide the selected comments (their replies stay)")
    def hide(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = queryset.filter(deleted_at__isnull=True).update(
            deleted_at=timezone.now(), deleted_by=request.user
        )
        pages.changed_everything()  # update() sends no signal
        self.message_user(
            request, f"Hid {count} comments; restore them here or from the trash."
        )

    @admin.action(description="Restore the selected hidden or deleted comments")
    def restore(self, request: HttpRequest, queryset: CommentQuerySet) -> None:
        count = queryset.in_trash().update(deleted_at=None, deleted_by=None)
        pages.changed_everything()  # update() sends no signal
        self.message_user(request, f"Restored {count} comments.")


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "created_at", "decided_at"]
    list_filter = ["status", "created_at"]
    list_select_related = ["author", "draft"]
    search_fields = ["body", "note", "guest_name", "author__username"]
    raw_id_fields = [
        "draft",
        "base",
        "result",
        "author",
        "share_link",
        "decided_by",
    ]


@admin.register(ReviewRequest)
class ReviewRequestAdmin(admin.ModelAdmin):
    list_display = ["__str__", "requested_by", "revision", "created_at"]
    list_select_related = ["reviewer", "requested_by", "draft", "revision__draft"]
    search_fields = ["reviewer__username", "requested_by__username", "note"]
    raw_id_fields = ["draft", "revision", "requested_by", "reviewer"]


@admin.register(Verdict)
class VerdictAdmin(admin.ModelAdmin):
    list_display = ["__str__", "draft", "kind", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["reviewer", "revision__draft", "draft"]
    search_fields = ["reviewer__username", "note"]
    raw_id_fields = ["draft", "revision", "reviewer"]
    # the hash of the text approved, copied from the revision: not the operator's to change
    readonly_fields = ["content_hash"]


# --- activity, notifications, presence: pruned -----------------------------


class AgeFilter(admin.SimpleListFilter):
    """Rows older than a choice of ages, to select them and prune."""

    title = "age"
    parameter_name = "older_than"
    field = "created_at"
    ages = {"1": timedelta(days=1), "30": timedelta(days=30), "90": timedelta(days=90)}

    def lookups(self, request, model_admin):
        return [(days, f"older than {days} days") for days in self.ages]

    def queryset(self, request, queryset):
        age = self.ages.get(self.value() or "")
        if age is None:
            return queryset
        return queryset.filter(**{f"{self.field}__lt": timezone.now() - age})


class SeenAgeFilter(AgeFilter):
    field = "seen_at"


def _prune(
    modeladmin, request: HttpRequest, queryset: QuerySet, field: str, kept: timedelta
) -> None:
    """Delete the selected rows older than `kept`, in one query, without the
    delete confirmation page (which lists every row: unusable for 100,000)."""
    old = queryset.filter(**{f"{field}__lt": timezone.now() - kept})
    deleted, by_model = old.delete()
    name = modeladmin.model._meta.verbose_name_plural
    message = f"Pruned {by_model.get(modeladmin.model._meta.label, 0)} {name} older than {kept.days} days"
    if deleted > by_model.get(modeladmin.model._meta.label, 0):
        message += f" ({deleted} rows with what depended on them)"
    modeladmin.message_user(request, message + ".", messages.SUCCESS)


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["created_at", "series", "actor_name", "verb", "summary"]
    list_filter = [AgeFilter, "verb", "created_at"]
    list_select_related = ["series"]
    search_fields = ["summary", "actor_name", "series__title"]
    raw_id_fields = ["series", "draft", "actor"]
    date_hierarchy = "created_at"
    actions = ["prune"]

    @admin.action(
        description=f"Prune: delete the selected older than {ACTIVITY_KEPT.days} days (and their notifications)"
    )
    def prune(self, request: HttpRequest, queryset: QuerySet) -> None:
        _prune(self, request, queryset, "created_at", ACTIVITY_KEPT)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "user", "read_at"]
    list_filter = [("read_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user", "activity"]
    search_fields = ["user__username", "activity__summary"]
    raw_id_fields = ["user", "activity"]


@admin.register(Presence)
class PresenceAdmin(admin.ModelAdmin):
    list_display = ["user", "draft", "doing", "seen_at"]
    list_filter = [SeenAgeFilter, "doing"]
    readonly_fields = ["doing", "seen_at"]
    list_select_related = ["user", "draft"]
    search_fields = ["user__username"]
    raw_id_fields = ["user", "draft"]
    actions = ["prune"]

    @admin.action(
        description=f"Prune: delete the selected older than {PRESENCE_KEPT.days} day"
    )
    def prune(self, request: HttpRequest, queryset: QuerySet) -> None:
        _prune(self, request, queryset, "seen_at", PRESENCE_KEPT)


# The search index's rows: listed for operators, written only by saves.
from posts.search import admin as search_admin  # noqa: E402, F401
