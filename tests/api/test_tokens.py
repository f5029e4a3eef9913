"""Personal access tokens: made on the settings page, shown once, hashed, revocable."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from posts.api.models import AccessToken, hash_token
from tests.api.conftest import bearer, token_for

SERIES_URL = "/api/v1/series"


def test_token_page_makes_a_token_shown_once_and_stores_only_its_hash(
    owner_client, user
):
    response = owner_client.post(
        reverse("tokens:list"),
        {"name": "pipeline", "scope": "read-write", "expires": "30"},
    )
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("pw_") and len(secret) >= 3 + 43  # 256 bits, base64
    assert secret in response.text
    assert response["Cache-Control"].startswith("max-age=0")
    token = AccessToken.objects.get(user=user)
    assert token.token_hash == hash_token(secret)
    assert secret not in str(AccessToken.objects.values().get())
    assert token.expires_at and token.expires_at > timezone.now() + timedelta(days=29)
    again = owner_client.get(reverse("tokens:list"))
    assert secret not in again.text
    assert token.prefix in again.text


def test_token_page_refuses_a_nameless_token(owner_client, user):
    response = owner_client.post(
        reverse("tokens:list"), {"name": "  ", "scope": "read"}
    )
    assert response.status_code == 200  # the form again, with its error
    assert "This field is required." in response.text
    assert not AccessToken.objects.exists()


def test_token_page_escapes_the_name(owner_client, user):
    AccessToken.issue(user, "<script>alert(1)</script>", "read")
    response = owner_client.get(reverse("tokens:list"))
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;" in response.text


def test_revoked_token_is_refused_at_once(owner_client, user):
    secret = token_for(user)
    client = bearer(secret)
    assert client.get(SERIES_URL).status_code == 200
    token = AccessToken.objects.get(user=user)
    response = owner_client.post(reverse("tokens:revoke", args=[token.pk]))
    assert response.status_code == 302
    refused = client.get(SERIES_URL)
    assert refused.status_code == 401
    assert refused["Content-Type"] == "application/problem+json"
    assert refused["WWW-Authenticate"].startswith("Bearer")


def test_expired_token_is_refused(user):
    secret = token_for(user, expires_at=timezone.now() - timedelta(seconds=1))
    assert bearer(secret).get(SERIES_URL).status_code == 401


def test_others_token_cannot_be_revoked(stranger_client, user):
    token_for(user)
    token = AccessToken.objects.get(user=user)
    assert (
        stranger_client.post(reverse("tokens:revoke", args=[token.pk])).status_code
        == 404
    )
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_of_a_deactivated_user_is_refused(user):
    secret = token_for(user)
    user.is_active = False
    user.save()
    assert bearer(secret).get(SERIES_URL).status_code == 401


def test_wrong_or_malformed_token_is_refused(db):
    for header in ("Bearer pw_nope", "Bearer ", "Basic abc", "Bearer " + "é" * 20):
        response = bearer("x").get(SERIES_URL, HTTP_AUTHORIZATION=header)
        assert response.status_code == 401, header


def test_last_used_is_recorded_at_most_once_a_minute(user, django_assert_num_queries):
    secret = token_for(user)
    client = bearer(secret)
    client.get(SERIES_URL)
    token = AccessToken.objects.get(user=user)
    first = token.last_used_at
    assert first is not None
    client.get(SERIES_URL)
    token.refresh_from_db()
    assert token.last_used_at == first


def test_session_may_read_but_not_write(owner_client, series):
    assert owner_client.get(SERIES_URL).status_code == 200
    response = owner_client.post(
        SERIES_URL, {"title": "Sneaky"}, content_type="application/json"
    )
    assert response.status_code == 401
    assert "read-write scope" in response.json()["detail"]


def test_read_token_cannot_write(read_api, series):
    response = read_api.post(
        SERIES_URL, {"title": "Nope"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["detail"].startswith("This token is read-only")


def test_api_calls_are_throttled_per_token(user, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": (3, 60)}
    first, second = bearer(token_for(user)), bearer(token_for(user))
    assert [first.get(SERIES_URL).status_code for _ in range(3)] == [200] * 3
    refused = first.get(SERIES_URL)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert refused["Content-Type"] == "application/problem+json"
    assert second.get(SERIES_URL).status_code == 200


def test_admin_lists_tokens_and_revokes_them(admin_client, user):
    token_for(user)
    token = AccessToken.objects.get()
    url = reverse("admin:api_accesstoken_changelist")
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url, {"action": "revoke", "_selected_action": [token.pk]}
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_revoked_token_is_refused_even_beside_a_valid_session(owner_client, user):
    secret = token_for(user)
    AccessToken.objects.get(user=user).revoke()
    response = owner_client.get(SERIES_URL, HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 401


def test_the_prepared_token_lookup_reads_what_the_orm_reads(user):
    """posts.api.auth builds the lookup's SQL once: the row it gives is the
    ORM's, datetimes aware, the user's state current, and nothing else loaded."""
    from posts.api.auth import token_by_hash

    secret = token_for(user, expires_at=timezone.now() + timedelta(days=3))
    token = AccessToken.objects.get(user=user)
    token.touch()
    AccessToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    expected = AccessToken.objects.select_related("user").get(pk=token.pk)
    found = token_by_hash(hash_token(secret))
    assert found is not None
    for name in ("pk", "user_id", "scope", "token_hash", "expires_at"):
        assert getattr(found, name) == getattr(expected, name), name
    assert found.last_used_at == expected.last_used_at
    assert found.revoked_at == expected.revoked_at and found.state == "revoked"
    assert found.user == expected.user and found.user.username == user.username
    assert found.get_deferred_fields() == {"name", "prefix", "created_at"}
    assert "email" in found.user.get_deferred_fields()
    user.is_active = False
    user.save()
    again = token_by_hash(hash_token(secret))
    assert again is not None and again.user.is_active is False
    assert token_by_hash(hash_token(secret + "x")) is None


def test_a_prepared_query_takes_each_value_exactly_once(db):
    from posts.api.prepared import Prepared, in_model_order

    both = Prepared(
        lambda value: AccessToken.objects.filter(name=value, prefix=value).values_list(
            "id"
        )
    )
    with pytest.raises(ValueError, match="each value exactly once"):
        both.rows("x")
    with pytest.raises(TypeError, match="1 values wanted"):
        both.rows("x", "y")
    with pytest.raises(ValueError, match="not columns"):
        in_model_order(AccessToken, {"id", "nope"})
    assert in_model_order(AccessToken, {"revoked_at", "id"}) == ("id", "revoked_at")


def test_prepared_models_are_read_only_in_the_mode_they_can_be(db, user):
    """models() keeps its row plan between requests: a mode whose instances
    would be kept by it (FETCH_PEERS) is refused, not slowly leaked."""
    from django.db.models import FETCH_PEERS

    from posts.api.prepared import Prepared

    token_for(user)
    peers = Prepared(
        lambda pk: AccessToken.objects.filter(user_id=pk).fetch_mode(FETCH_PEERS),
        kinds=(int,),
    )
    with pytest.raises(ValueError, match="default mode"):
        peers.models(user.pk)
    ids = Prepared(
        lambda pk: AccessToken.objects.filter(user_id=pk).values_list("id"),
        kinds=(int,),
    )
    with pytest.raises(ValueError, match="queryset of models"):
        ids.models(user.pk)
    plain = Prepared(
        lambda pk: AccessToken.objects.filter(user_id=pk).select_related("user"),
        kinds=(int,),
    )
    (found,) = plain.models(user.pk)
    assert found == AccessToken.objects.get(user=user) and found.user == user
