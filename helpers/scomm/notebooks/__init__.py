"""Lesson notebooks as files: ``run`` (papermill, in parallel), ``steps`` (pure transformations,
in order), ``build`` (student and instructor builds) and ``release`` (one notebook per student)."""
