"""The trash: /trash/…"""

from django.urls import path

from posts.trash import views

urlpatterns = [
    path("", views.trash, name="trash"),
    path("<str:kind>/<int:pk>/restore/", views.trash_restore, name="trash_restore"),
]
