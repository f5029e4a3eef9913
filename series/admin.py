from django.contrib import admin

from series.forms import VoiceElementForm
from series.models import Membership, Part, Series, VoiceElement


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
