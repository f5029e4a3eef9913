"""Secret links (invitations, share links): the token goes in the link, only its sha256 is stored."""

import hashlib
import secrets


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """(token for the link, sha256 to store)."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)
