"""/search/: the results page, and its fragments for the navigation's box
(results as you type) and for the page's own form."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from posts.search.forms import SearchForm
from posts.search.searching import Filters, search, words
from series.htmx import LoggedInRequest, page_or_fragment

NAV_TARGET = "nav-search-results"


@require_GET
@vary_on_headers("HX-Request", "HX-Target")
def results(request: LoggedInRequest) -> HttpResponse:
    htmx = request.htmx
    if htmx and htmx.target == NAV_TARGET:
        # The navigation's box: the query alone, no filters and no form.
        query = request.GET.get("q", "")[:200]
        context = {"results": search(request.user, query), "query": query}
        return render(request, "posts/search/search.html#nav-search-results", context)
    form = SearchForm(request.GET or None, user=request.user)
    valid = form.is_valid()
    query = form.cleaned_data["q"] if valid else ""
    filters = form.filters() if valid else Filters()
    context = {
        "form": form,
        "query": query,
        "searched": bool(words(query)),
        "results": search(request.user, query, filters),
    }
    template = page_or_fragment(request, "posts/search/search.html", "search-results")
    return render(request, template, context)
