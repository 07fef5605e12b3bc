"""Publishing the course: the student app served by Voilà (``app``) and the static course site
(``book``) built with Sphinx and myst-nb."""
