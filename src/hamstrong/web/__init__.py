"""The web app: ``create_app(settings, store)`` builds it; nothing runs at import time."""
