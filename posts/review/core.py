"""Who is acting on the review page: a member, or a share-link guest."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from posts.models import (
    ShareLink,
)
from series.models import WRITE_ROLES, Role
from series.tokens import hash_token

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@dataclass(frozen=True)
class Actor:
    """A member (user and role) or a share-link guest (name and link)."""

    role: str  # owner | editor | reviewer | guest
    user: User | None = None
    guest_name: str = ""
    share_link: ShareLink | None = None

    @property
    def is_guest(self) -> bool:
        return self.role == "guest"

    @property
    def can_write(self) -> bool:
        return self.role in WRITE_ROLES

    @property
    def can_hide(self) -> bool:
        """The series owner may hide anyone's comment, a guest's included."""
        return self.role == Role.OWNER

    @property
    def name(self) -> str:
        if self.is_guest:
            return f"{self.guest_name} (guest)"
        assert self.user is not None  # a member acts as their user
        return self.user.username

    def authorship(self) -> dict:
        """Fields for a Comment or Suggestion this actor writes."""
        if self.is_guest:
            return {"guest_name": self.guest_name, "share_link": self.share_link}
        return {"author": self.user}


def new_token() -> tuple[str, str]:
    """(token for the link, sha256 to store)."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)
