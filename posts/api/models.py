"""Personal access tokens, and the receipts that make a retried import safe.

A token is shown once, when it is made; only its sha256 is stored. 256 random
bits: a fast hash is enough, nobody guesses such a token from its hash.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

TOKEN_PREFIX = "pw_"
# A token is "used" at most once a minute in the database: a pipeline's burst
# of reads must not turn into a burst of writes.
LAST_USED_EVERY = timedelta(minutes=1)
RECEIPTS_KEPT = timedelta(hours=24)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class AccessTokenQuerySet(models.QuerySet):
    def usable(self):
        """Not revoked and not expired, at this very moment."""
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now())
        )


class AccessToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", "Read only"
        WRITE = "read-write", "Read and write"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="access_tokens"
    )
    name = models.CharField(max_length=100)
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.READ)
    token_hash = models.CharField(max_length=64, unique=True)
    # The first characters, so that a writer can tell their tokens apart.
    prefix = models.CharField(max_length=12)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = AccessTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…) of {self.user}"

    @classmethod
    def issue(
        cls, user, name: str, scope: str, expires_at=None
    ) -> tuple[AccessToken, str]:
        """A new token and its secret, which is never stored nor shown again."""
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name,
            scope=scope,
            expires_at=expires_at,
            token_hash=hash_token(secret),
            prefix=secret[:10],
        )
        return token, secret

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE

    @property
    def state(self) -> str:
        if self.revoked_at:
            return "revoked"
        if self.expires_at and self.expires_at <= timezone.now():
            return "expired"
        return "active"

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    def touch(self) -> None:
        """Record a use, at most once per LAST_USED_EVERY (one UPDATE, no read)."""
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= LAST_USED_EVERY:
            self.last_used_at = now
            AccessToken.objects.filter(pk=self.pk).update(last_used_at=now)


class ImportReceipt(models.Model):
    """The answer given to an import sent with an Idempotency-Key header.

    The same key and the same request again within RECEIPTS_KEPT get the same
    answer without importing anything; the same key with another request is
    refused.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], name="unique_import_receipt_key"
            ),
        ]

    def __str__(self) -> str:
        return f"import {self.key} by {self.user} ({self.status_code})"
