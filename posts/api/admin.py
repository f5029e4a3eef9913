"""Tokens in the admin: find one, revoke it. Their secrets are never stored."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from posts.api.models import AccessToken, ImportReceipt


@admin.register(AccessToken)
class AccessTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "scope", "created_at", "expires_at"]
    list_display += ["last_used_at", "revoked_at"]
    list_filter = ["scope"]
    list_select_related = ["user"]
    search_fields = ["name", "prefix", "user__username"]
    readonly_fields = ["token_hash", "prefix", "created_at", "last_used_at"]
    raw_id_fields = ["user"]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a token made here could never be shown to its owner

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[AccessToken]) -> None:
        count = queryset.filter(revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        self.message_user(request, f"Revoked {count} tokens.", messages.SUCCESS)


@admin.register(ImportReceipt)
class ImportReceiptAdmin(admin.ModelAdmin):
    list_display = ["key", "user", "status_code", "created_at"]
    list_select_related = ["user"]
    search_fields = ["key", "user__username"]
    readonly_fields = ["user", "key", "request_hash", "status_code", "response"]
