from django.contrib import admin

from posts.schedule.models import CalendarFeed, Reminder
from posts.search.models import SearchEntry


@admin.register(SearchEntry)
class SearchEntryAdmin(admin.ModelAdmin):
    """Read-only: rows follow their objects' saves (posts.search.indexing)."""

    list_display = ["__str__", "kind", "series", "updated_at"]
    list_filter = ["kind"]
    list_select_related = ["series"]
    search_fields = ["title"]
    raw_id_fields = ["series", "part", "draft", "comment", "author"]
    exclude = ["vector"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """A leaked calendar address is revoked by setting revoked_at."""

    list_display = ["user", "created_at", "revoked_at"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    raw_id_fields = ["user"]
    readonly_fields = ["token_hash"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """Deleting one lets the next `send_reminders` send it again."""

    list_display = ["part", "planned_at", "claimed_at", "sent_at"]
    list_select_related = ["part__series"]
    raw_id_fields = ["part"]
    readonly_fields = ["claimed_at"]
