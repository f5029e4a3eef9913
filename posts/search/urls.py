"""/search/…"""

from django.urls import path

from posts.search import views

urlpatterns = [
    path("", views.results, name="search"),
]
