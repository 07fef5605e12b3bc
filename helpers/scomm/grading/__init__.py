"""Grading a class: ``records`` (what a run works with), ``intake`` (find and read every
submission), ``grade`` (mark each answer; a synthetic class), ``feedback``, ``summary`` and
``gradebook`` (what a run writes), and ``annotation_report`` (a class's annotations against the key)."""
