"""The four lessons' views, each in its own package (``views`` and ``charts``; lesson 3 also its
``simulator``), with ``shared`` for views more than one lesson shows and ``index`` to find a
lesson's views from its parameters."""
