from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "posts.api"
    label = "api"
    verbose_name = "API"
