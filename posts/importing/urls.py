"""Importing generator files into a series: /import/…"""

from django.urls import path

from posts.importing import views

urlpatterns = [
    path("<slug:slug>/", views.import_drafts, name="import"),
]
