"""/search/: the page without JavaScript, its htmx fragment, the navigation's box."""

from django.urls import reverse

from tests.factories import anchored_comment, make_draft

FOGGY = "Learning feels like climbing a foggy mountain."
URL = reverse("posts:search")


def test_the_results_page_works_without_javascript(owner_client, part):
    draft = make_draft(part, FOGGY)
    response = owner_client.get(URL, {"q": "foggy"})
    assert response.status_code == 200
    assert "<html" in response.text
    assert reverse("posts:draft", args=[draft.pk]) in response.text
    assert "<mark>foggy</mark>" in response.text


def test_the_page_form_gets_only_the_results_over_htmx(owner_client, part):
    make_draft(part, FOGGY)
    response = owner_client.get(
        URL, {"q": "foggy", "status": "draft"}, headers={"HX-Request": "true"}
    )
    assert "<html" not in response.text
    assert 'id="search-results"' in response.text


def test_the_navigation_box_gets_a_short_list_with_a_link_to_all(owner_client, part):
    make_draft(part, FOGGY)
    headers = {"HX-Request": "true", "HX-Target": "nav-search-results"}
    response = owner_client.get(URL, {"q": "fog"}, headers=headers)
    assert "<html" not in response.text and "search-hit" in response.text
    assert f"{URL}?q=fog" in response.text
    assert 'id="nav-search"' in owner_client.get(URL).text  # the box is on every page


def test_user_text_shows_escaped(owner_client, part):
    draft = make_draft(part, "Plain.", title="<script>alert('t')</script> foggy")
    anchored_comment(draft, "Plain", body="<img src=x onerror=alert(1)> foggy")
    response = owner_client.get(URL, {"q": "foggy"})
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;" in response.text
    assert "<img src=x" not in response.text


def test_bad_filters_answer_the_form_not_an_error(owner_client, part):
    for params in [
        {"q": "x", "part": "abc"},
        {"q": "x", "status": "nope"},
        {"q": "x" * 500},
    ]:
        assert owner_client.get(URL, params).status_code == 200


def test_nothing_found_says_so(owner_client, part):
    make_draft(part, FOGGY)
    assert "Nothing found" in owner_client.get(URL, {"q": "zebra"}).text


def test_wrong_method_and_anonymous(client, owner_client):
    assert owner_client.post(URL, {"q": "x"}).status_code == 405
    client.logout()
    assert client.get(URL, {"q": "x"}).status_code == 302


def test_fixed_query_count_for_the_page(
    owner_client, part, django_assert_max_num_queries
):
    make_draft(part, FOGGY)
    with django_assert_max_num_queries(7) as small:
        owner_client.get(URL, {"q": "foggy"})
    for _ in range(25):
        anchored_comment(make_draft(part, FOGGY), "foggy", body="foggy")
    with django_assert_max_num_queries(len(small)):
        owner_client.get(URL, {"q": "foggy"})
