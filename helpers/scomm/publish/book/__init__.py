"""The course site built with Sphinx, myst-nb and sphinx-book-theme (see ``build``)."""
