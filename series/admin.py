from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from series.forms import VoiceElementForm
from series.models import (
    Invitation,
    Membership,
    Part,
    Series,
    VoiceElement,
    WriterSettings,
)


class TrashAwareAdmin(admin.ModelAdmin):
    """The admin sees what is in the trash too (it is where one would look)."""

    def get_queryset(self, request):
        return self.model.everything.get_queryset()


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Series)
class SeriesAdmin(TrashAwareAdmin):
    list_display = ["title", "owner", "default_platform", "updated_at", "deleted_at"]
    list_filter = ["default_platform"]
    list_select_related = ["owner"]
    raw_id_fields = ["owner", "deleted_by"]
    search_fields = ["title", "slug", "owner__username"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [MembershipInline]


@admin.register(Part)
class PartAdmin(TrashAwareAdmin):
    list_display = ["__str__", "series", "number", "deleted_at"]
    list_select_related = ["series"]
    search_fields = ["title", "series__title"]
    raw_id_fields = ["series", "deleted_by"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "series", "role", "created_at"]
    list_filter = ["role"]
    list_select_related = ["user", "series"]
    search_fields = ["user__username", "series__title"]
    raw_id_fields = ["user", "series"]


@admin.register(VoiceElement)
class VoiceElementAdmin(admin.ModelAdmin):
    # The profile page's form: a pattern the check cannot run is refused here too.
    form = VoiceElementForm
    fields = [
        "series",
        "label",
        "mode",
        "phrases",
        "pattern",
        "starts_with",
        "position",
    ]
    list_display = ["label", "series", "mode"]
    list_filter = ["mode"]
    list_select_related = ["series"]
    search_fields = ["label", "series__title"]
    raw_id_fields = ["series"]


# --- links: revoke, never create (tokens are stored only as hashes) --------


def revoke_links(
    modeladmin, request: HttpRequest, queryset: QuerySet, what: str
) -> None:
    count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    modeladmin.message_user(
        request, f"Revoked {count} {what}: they no longer open anything."
    )


class LinkAdmin(admin.ModelAdmin):
    readonly_fields = ["token_hash", "created_at"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False


@admin.register(Invitation)
class InvitationAdmin(LinkAdmin):
    list_display = [
        "__str__",
        "role",
        "created_by",
        "created_at",
        "expires_at",
        "accepted_by",
        "revoked_at",
    ]
    list_filter = [
        "role",
        ("accepted_at", admin.EmptyFieldListFilter),
        ("revoked_at", admin.EmptyFieldListFilter),
    ]
    list_select_related = ["series", "created_by", "accepted_by"]
    search_fields = ["series__title", "created_by__username", "accepted_by__username"]
    raw_id_fields = ["series", "created_by", "accepted_by"]
    actions = ["revoke"]

    @admin.action(description="Revoke the selected invitations")
    def revoke(self, request: HttpRequest, queryset: QuerySet) -> None:
        revoke_links(self, request, queryset, "invitations")


@admin.register(WriterSettings)
class WriterSettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "time_zone"]
    search_fields = ["user__username"]
    raw_id_fields = ["user"]
