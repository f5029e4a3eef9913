from django.contrib import admin

from posts.models import Draft, Publication, Revision
from series.admin import TrashAwareAdmin

# Shown and read-only alike: revisions are immutable snapshots.
_REVISION_FIELDS = ("number", "kind", "author", "message", "word_count", "created_at")


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
    raw_id_fields = ["head", "part", "created_by"]
    inlines = [RevisionInline]


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    """Read-only: revisions are immutable snapshots."""

    list_display = ["__str__", "kind", "author", "word_count", "created_at"]
    list_filter = ["kind"]
    list_select_related = ["draft__part"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["part", "revision", "published_on", "url"]
    list_select_related = ["part__series", "revision"]
