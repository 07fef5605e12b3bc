"""The W3C Web Annotation context, served offline, and JSON-LD forms turned into the kit's.

The kit writes its annotations in the W3C context with two extension terms of its own
(``role``, ``anchorStatus``). ``expand`` writes every term as its full IRI; ``compacted``
turns any other form (expanded, another context, prefixed keys) back into the kit's, so a file
a JSON-LD processor re-serialised reads as the kit wrote it. No context is ever fetched.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Mapping
from importlib import resources

from scomm.annotation.records import AnnotationError

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
SCOMM_VOCAB = "urn:scomm:vocab#"
# Our two extension terms, declared beside the W3C context as the model's section 6 asks.
EXTENSION_CONTEXT = {"scomm": SCOMM_VOCAB, "role": "scomm:role", "anchorStatus": "scomm:anchorStatus"}


def jsonld_loader() -> Callable[..., dict]:
    """A pyld document loader that serves the Web Annotation context from this package, offline,
    and refuses every other URL."""
    context = json.loads(
        resources.files("scomm.annotation").joinpath("static/anno_context.jsonld").read_text("utf-8")
    )

    def load(url: str, options: object = None) -> dict:
        if url != ANNO_CONTEXT:
            raise AnnotationError(
                f"JSON-LD context {url!r} is not available offline; only {ANNO_CONTEXT} is."
            )
        return {
            "contextUrl": None,
            "documentUrl": url,
            "contentType": "application/ld+json",
            "document": copy.deepcopy(context),
        }

    return load


def expand(doc: Mapping) -> list:
    """The JSON-LD expansion of a document (every term written as its full IRI), offline."""
    from pyld import jsonld

    try:
        return jsonld.expand(copy.deepcopy(dict(doc)), {"documentLoader": jsonld_loader()})
    except jsonld.JsonLdError as error:
        if error.code not in ("loading remote context failed", "loading document failed"):
            raise
        url = (error.details or {}).get("url")
        raise AnnotationError(
            f"JSON-LD context {url!r} is not available offline; only {ANNO_CONTEXT} is."
        ) from error


#: The ``@context`` forms read as they are; any other (or none, with JSON-LD keywords) is first
#: compacted into the kit's own with a JSON-LD processor, offline.
OUR_CONTEXTS = (ANNO_CONTEXT, [ANNO_CONTEXT, EXTENSION_CONTEXT])


def compacted(data: object) -> object:
    """``data`` in the kit's compact form: expanded JSON-LD, another context or prefixed keys are
    compacted with pyld and the W3C context (served offline); the kit's own form is left alone."""
    if not _needs_compaction(data):
        return data
    from pyld import jsonld

    context = {"@context": [ANNO_CONTEXT, EXTENSION_CONTEXT]}
    try:
        out = jsonld.compact(copy.deepcopy(data), context, {"documentLoader": jsonld_loader()})
    except (jsonld.JsonLdError, RecursionError, TypeError, ValueError) as error:
        details = getattr(error, "code", None) or type(error).__name__
        raise AnnotationError(f"The file is not JSON-LD the kit can read offline ({details}).") from None
    return out.get("@graph", out)


def _needs_compaction(data: object) -> bool:
    if isinstance(data, list):
        return any(_has_jsonld_keys(item) for item in data[:50])
    if not isinstance(data, Mapping):
        return False
    if "@context" in data:
        return data["@context"] not in OUR_CONTEXTS or _has_jsonld_keys(data)
    return _has_jsonld_keys(data)


def _has_jsonld_keys(value: object, depth: int = 4) -> bool:
    """Keywords other than ``@context`` (``@id``, ``@graph``...) or keys that are IRIs or prefixed."""
    if depth == 0:
        return False
    if isinstance(value, list):
        return any(_has_jsonld_keys(v, depth - 1) for v in value[:50])
    if not isinstance(value, Mapping):
        return False
    odd = any(k != "@context" and (k.startswith("@") or ":" in k) for k in value if isinstance(k, str))
    return odd or any(_has_jsonld_keys(v, depth - 1) for v in list(value.values())[:50])
