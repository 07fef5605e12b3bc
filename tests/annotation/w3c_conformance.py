"""The W3C Web Annotation test suite's MUST assertions, run on a JSON document, offline.

Used by ``test_w3c_conformance.py``. The material (the W3C's own files, not copied here) is read
from ``../shared/w3c`` beside the checkout, where CI keeps it; ``MISSING`` says what to do when it
is absent. A ``*Musts.test`` file lists JSON Schema (draft-04) assertion files; ``Suite.run``
checks a document against each of them as the W3C's runner does (``annotation-model/scripts/
JSONtest.js`` in web-platform-tests, which compiles each assertion with Ajv) and returns one
``Failure`` per assertion whose result was not the one it expects:

- an assertion is a file name, an object naming an ``assertionFile`` (its other keys override
  the file's), an inline schema, a nested list, or an object whose ``assertions`` are combined
  with ``compareWith`` (``"or"``: any may pass; anything else: all must pass; the parts'
  failures are listed in the comparison's ``details``, where JSONtest.js reports each one too);
- ``expectedResult`` is ``"valid"`` (the default) or ``"invalid"``;
- ``onUnexpectedResult`` ``failAndSkip`` stops the rest of that list, ``failAndAbort`` stops
  everything; ``skipFailures`` in the test hides failures of the assertion types it names;
- ``$ref`` between assertion and definition files resolves by each file's ``id``, as Ajv's
  ``addSchema`` does, and only to these files: nothing is fetched;
- ``format`` is checked, as Ajv does by default, with jsonschema's checkers: ``date-time`` as
  RFC 3339 (which accepts ``+00:00`` as well as ``Z``), ``uri`` as an RFC 3986 URI with a scheme.
  Ajv's own patterns may differ from these in corner cases.

The shipped ``*Musts.test`` files use only flat lists of file names whose assertions are all
``must``, expect ``valid`` and continue on failure; the rest is covered by this module's tests.

>>> suite = Suite(Path("."))  # any folder: inline assertions need no files
>>> test = {"assertions": [{"id": "typed", "title": "Has a type", "required": ["type"]}]}
>>> suite.run(test, {"type": "Annotation"})
[]
>>> [failure.assertion for failure in suite.run(test, {})]
['typed']
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource, Unresolvable
from referencing.jsonschema import DRAFT4

W3C = Path(__file__).resolve().parents[3] / "shared" / "w3c"
MISSING = (
    f"The W3C Web Annotation conformance material is not at {W3C}: keep a copy of the shared "
    "folder beside the checkout (../shared/w3c, as CI has it) to run these tests."
)
ANNOTATION_MUSTS = "annotations/annotationMusts.test"
COLLECTION_MUSTS = "collections/collectionMusts.test"
PAGE_MUSTS = "collections/pages/pageMusts.test"
#: Where the suite's schemas live, relative to ``W3C``; every one is registered under its ``id``.
SCHEMA_FOLDERS = ("definitions", "annotations", "collections")
#: The formats the assertions use; a checker missing from jsonschema would pass every value.
FORMATS = ("date-time", "uri")
_ACTIONS = {"failAndSkip": "skip", "failAndAbort": "abort", "passAndSkip": "skip", "passAndAbort": "abort"}
_PREFIX = {"must": "", "may": "INFORMATIONAL: ", "should": "WARNING: "}


@dataclass(frozen=True)
class Failure:
    """An assertion whose result was not the expected one (``message`` is its ``errorMessage``)."""

    assertion: str
    title: str
    message: str
    assertion_type: str = "must"
    details: tuple[str, ...] = ()


@dataclass
class _Outcome:
    """What running a list of assertions gave: failures to report, each result, and what next."""

    failures: list[Failure] = field(default_factory=list)
    results: list[bool] = field(default_factory=list)
    action: str = "continue"


def available() -> bool:
    """Whether the W3C material is where the tests look for it."""
    return (W3C / ANNOTATION_MUSTS).is_file()


def parse(text: str) -> Any:
    """The JSON value of ``text`` as JavaScript's ``JSON.parse`` reads it (no NaN or Infinity).

    >>> parse('{"a": [1, 2]}')
    {'a': [1, 2]}
    >>> parse("NaN")
    Traceback (most recent call last):
    ValueError: NaN is not JSON
    """

    def refuse(name: str) -> None:
        raise ValueError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


def _offline(uri: str) -> Resource:
    raise NoSuchResource(ref=uri)  # the suite's $refs name its own files only; never fetch


def _format_checker() -> Any:
    checker = Draft4Validator.FORMAT_CHECKER
    absent = [name for name in FORMATS if name not in checker.checkers]
    if absent:
        raise RuntimeError(
            f"jsonschema cannot check the format(s) {', '.join(absent)} here; install "
            "rfc3339-validator (date-time) and rfc3986-validator (uri)."
        )
    return checker


class Suite:
    """The assertions and definitions in one copy of the W3C material (``W3C`` by default)."""

    def __init__(self, root: Path = W3C) -> None:
        self.root = root
        self._files: dict[str, dict] = {}
        self._validators: dict[str, Draft4Validator] = {}
        self._registry: Registry | None = None
        self._checker = _format_checker()

    def registry(self) -> Registry:
        """Every schema of the suite, registered under its ``id``, resolving nothing else."""
        if self._registry is None:
            schemas = (
                parse(path.read_text(encoding="utf-8"))
                for folder in SCHEMA_FOLDERS
                for path in sorted((self.root / folder).rglob("*.json"))
            )
            self._registry = Registry(retrieve=_offline).with_resources(
                (schema["id"], DRAFT4.create_resource(schema)) for schema in schemas if "id" in schema
            )
        return self._registry

    def load(self, test_file: str) -> dict:
        """A ``.test`` file (a path relative to the root) as a dict."""
        return parse((self.root / test_file).read_text(encoding="utf-8"))

    def run(self, test: str | dict, document: Any) -> list[Failure]:
        """Each failed assertion of ``test`` (a ``.test`` file name or its dict) on ``document``.

        >>> suite = Suite(Path("."))
        >>> test = {"assertions": [{"title": "No body", "expectedResult": "invalid", "required": ["body"]}]}
        >>> suite.run(test, {"body": "x"})[0].message
        'Result was not invalid'
        """
        test = self.load(test) if isinstance(test, str) else test
        hidden = set(test.get("skipFailures", ()))
        return [
            f
            for f in self._run_list(test["assertions"], document, 1).failures
            if f.assertion_type not in hidden
        ]

    def run_text(self, test: str | dict, text: str) -> list[Failure]:
        """Like ``run``, for text that may not even be JSON (then the one failure says so)."""
        try:
            document = parse(text)
        except ValueError as error:
            return [Failure("parse", "Parsing submitted input", f"Parse of JSON failed: {error}")]
        return self.run(test, document)

    # -- running -----------------------------------------------------------------------------------

    def _run_list(self, nodes: list, document: Any, level: int) -> _Outcome:
        outcome = _Outcome()
        for number, node in enumerate(nodes, start=1):
            if isinstance(node, list):
                inner = self._run_list(node, document, level + 1)
                outcome.failures += inner.failures
                outcome.action = "abort" if inner.action == "abort" else outcome.action
            else:
                self._run_one(node, document, f"inline {level}:{number}", outcome)
            if outcome.action != "continue":
                break
        return outcome

    def _run_one(self, node: str | dict, document: Any, where: str, outcome: _Outcome) -> None:
        assertion = self._assertion(node)
        if "compareWith" in assertion and isinstance(assertion.get("assertions"), list):
            inner = self._run_list(assertion["assertions"], document, 0)
            combine: Callable[[list[bool]], bool] = any if assertion["compareWith"] == "or" else all
            passed, details = combine(inner.results), tuple(f.message for f in inner.failures)
            outcome.action = inner.action if inner.action == "abort" else outcome.action
        else:
            passed, details = self._check(assertion, document)
        outcome.results.append(passed)
        if passed:
            return
        outcome.failures.append(_failure(assertion, where, details))
        if outcome.action != "abort":  # an abort inside a comparison outranks the comparison's own
            outcome.action = _ACTIONS.get(assertion.get("onUnexpectedResult", ""), "continue")

    def _assertion(self, node: str | dict) -> dict:
        if isinstance(node, str):
            return {**self._file(node), "assertionFile": node}
        if "assertionFile" in node:
            return {**self._file(node["assertionFile"]), **node}
        return node

    def _file(self, name: str) -> dict:
        if name not in self._files:
            self._files[name] = parse((self.root / name).read_text(encoding="utf-8"))
        return self._files[name]

    def _check(self, assertion: dict, document: Any) -> tuple[bool, tuple[str, ...]]:
        """Whether the document gave the expected result, and the schema errors if it did not."""
        validator = self._validator(assertion)
        try:
            errors = tuple(error.message for error in validator.iter_errors(document))
        except Unresolvable as error:  # JSONtest reports a schema Ajv cannot compile as failed
            return False, (f"Compilation of schema failed: {error}",)
        valid = not errors
        if assertion.get("expectedResult", "valid") == "invalid":
            return not valid, ()
        return valid, errors

    def _validator(self, assertion: dict) -> Draft4Validator:
        key = json.dumps(assertion, sort_keys=True)
        if key not in self._validators:
            self._validators[key] = Draft4Validator(
                assertion, registry=self.registry(), format_checker=self._checker
            )
        return self._validators[key]


def _failure(assertion: dict, where: str, details: tuple[str, ...]) -> Failure:
    kind = str(assertion.get("assertionType", "must")).lower()
    kind = kind if kind in _PREFIX else "must"
    expected = assertion.get("expectedResult", "valid")
    message = assertion.get("errorMessage", f"Result was not {expected}")
    return Failure(
        assertion=assertion.get("id") or assertion.get("assertionFile") or where,
        title=assertion.get("title", ""),
        message=_PREFIX[kind] + message,
        assertion_type=kind,
        details=details,
    )


def sample_files(kind: str) -> Iterator[Path]:
    """The suite's sample annotations of one kind (``"correct"`` or ``"incorrect"``), by name."""
    yield from sorted((W3C / "samples" / kind).glob("*.json"))
