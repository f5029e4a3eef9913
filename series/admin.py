from django.contrib import admin

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
    search_fields = ["title", "slug", "owner__username"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [MembershipInline]


@admin.register(Part)
class PartAdmin(TrashAwareAdmin):
    list_display = ["__str__", "series", "number", "deleted_at"]
    list_select_related = ["series"]
    search_fields = ["title", "series__title"]


@admin.register(VoiceElement)
class VoiceElementAdmin(admin.ModelAdmin):
    list_display = ["label", "series", "mode"]
    list_select_related = ["series"]
