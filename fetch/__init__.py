"""Fetching sources: the fetch store, downloads, tarballs and local Git repositories.

The builtins (`builtins/fetchers.py`) ask the evaluator's host through a
`Fetch` request; the host answers with the `Fetcher` here, synchronously or
on an event loop (`fetch_async`).
"""
