import pytest
from django.test import Client

from posts.api.models import AccessToken


def bearer(secret: str) -> Client:
    """A client that sends `Authorization: Bearer <secret>` and no cookie."""
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def token_for(user, scope: str = AccessToken.Scope.WRITE, **fields) -> str:
    _, secret = AccessToken.issue(user, "pipeline", scope, **fields)
    return secret


@pytest.fixture
def write_secret(user) -> str:
    return token_for(user)


@pytest.fixture
def api(write_secret) -> Client:
    """The series owner's read-write token."""
    return bearer(write_secret)


@pytest.fixture
def read_api(user) -> Client:
    return bearer(token_for(user, AccessToken.Scope.READ))
