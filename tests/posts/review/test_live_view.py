"""The review page's read-only live text: offered from an ASGI server only, to
members and (with the share token for the socket) to share-link guests."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from asgiref.sync import async_to_sync
from django.test import AsyncClient
from django.urls import reverse

from posts.models import ShareLink
from series.tokens import new_token
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _asgi_get(url: str, user=None, session: dict | None = None):
    async def fetch():
        client = AsyncClient()
        if user is not None:
            await client.aforce_login(user)
        if session:
            stored = await client.asession()
            for key, value in session.items():
                stored[key] = value
            await stored.asave()
            client.cookies["sessionid"] = str(stored.session_key)
        return await client.get(url)

    # On its own thread: a browser test earlier in this process leaves
    # Playwright's event loop running on the main one.
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(async_to_sync(fetch)).result()


def test_a_reviewer_gets_the_live_text_from_an_asgi_server(draft):
    reviewer = UserFactory.create(username="rita")
    MembershipFactory(series=draft.part.series, user=reviewer, role="reviewer")
    response = _asgi_get(reverse("posts:review", args=[draft.pk]), reviewer)
    assert response.status_code == 200
    page = response.text
    assert 'id="live-view"' in page
    assert f'data-live-url="{reverse("posts:live", args=[draft.pk])}"' in page
    assert 'data-live-user="rita"' in page
    assert "data-live-share" not in page
    assert "build/live-view.js" in page


def test_a_wsgi_server_offers_no_live_text(client, draft, user):
    client.force_login(user)
    response = client.get(reverse("posts:review", args=[draft.pk]))
    assert response.status_code == 200
    assert 'id="live-view"' not in response.text
    assert "live-view.js" not in response.text


def test_a_guest_socket_carries_the_share_token_and_the_typed_name_escaped(draft, user):
    token, digest = new_token()
    link = ShareLink.objects.create(
        series=draft.part.series, draft=draft, token_hash=digest, created_by=user
    )
    url = reverse("posts:shared_review", args=[token, draft.pk])
    response = _asgi_get(url, session={f"share-{link.pk}-name": "<script>x</script>"})
    assert response.status_code == 200
    page = response.text
    assert f'data-live-share="{token}"' in page
    assert 'data-live-user="&lt;script&gt;x&lt;/script&gt; (guest)"' in page
    assert "<script>x</script>" not in page


def test_a_guest_without_a_name_is_shown_as_guest(draft, user):
    token, digest = new_token()
    ShareLink.objects.create(
        series=draft.part.series, draft=draft, token_hash=digest, created_by=user
    )
    response = _asgi_get(reverse("posts:shared_review", args=[token, draft.pk]))
    assert 'data-live-user="Guest"' in response.text
