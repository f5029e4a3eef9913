"""Fixtures shared by the review tests (imported with `from … import *`)."""

import pytest
from django.test import Client

from tests.factories import MembershipFactory, UserFactory


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def reviewer(series):
    user = UserFactory(username="sam")
    MembershipFactory(series=series, user=user, role="reviewer")
    return user


@pytest.fixture
def editor(series):
    user = UserFactory(username="eddie")
    MembershipFactory(series=series, user=user, role="editor")
    return user


@pytest.fixture
def clients(user, editor, reviewer, stranger):
    return {
        "owner": client_for(user),
        "editor": client_for(editor),
        "reviewer": client_for(reviewer),
        "stranger": client_for(stranger),
    }
