"""Publishing the course: the static course site (``book``) built with Sphinx and myst-nb."""
