"""``python -m busplanner``: the same as the ``busplanner`` command."""

from busplanner.cli import app

app()
