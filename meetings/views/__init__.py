"""The meetings pages, one module per part of a meeting's life (see meetings/urls.py)."""
