"""The `hamstrong` command line: thin commands over the services, imported lazily for speed."""

from importlib import import_module

from hamstrong.cli.app import app, main

# Importing a module registers its commands; --help lists the panels in this order.
for _module in (
    "library",
    "planning",
    "training",
    "insight",
    "formcheck",
    "transfer",
    "serve",
    "worker",
):
    import_module(f"hamstrong.cli.{_module}")

__all__ = ["app", "main"]
