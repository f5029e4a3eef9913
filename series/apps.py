from django.apps import AppConfig


class SeriesConfig(AppConfig):
    name = "series"

    def ready(self) -> None:
        # Proposes a date for each new part of a series with a cadence.
        from series import schedule  # noqa: F401
