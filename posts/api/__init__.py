"""The HTTP API for generator pipelines (django-ninja), at /api/v1/.

Its own Django app (label "api") for the personal access tokens and import
receipts; the endpoints call the same domain functions as the web views.
"""
