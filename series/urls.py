"""Every URL of the series app, one prefix per feature package (names: series:…)."""

from django.urls import include, path

app_name = "series"
urlpatterns = [
    path("members/", include("series.members.urls")),
]
