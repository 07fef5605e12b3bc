"""A class on a JupyterHub: the hand-out repository and its links (``handout``), collecting the
class's submissions with each file's owner (``collect``)."""
