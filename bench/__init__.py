"""`make bench`: pages, diff, rendering, import and export against floors.

See bench/run.py. Nothing here is imported by the app itself.
"""
