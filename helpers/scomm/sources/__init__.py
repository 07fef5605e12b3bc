"""Documents in, clean documents out: ``documents`` (the Document and its offsets), ``cleanup``,
``mediawiki`` and ``webpage`` (the steps and parsers), ``ingest`` (a raw copy to a Document) and
``corpus`` (the kit's readings and the instructor's source documents)."""
