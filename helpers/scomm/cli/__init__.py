"""The ``scomm`` command: ``main`` (one parser) and one module per family of commands."""
