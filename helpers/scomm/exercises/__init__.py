"""Exercises and students' answers: ``base`` (what every exercise has), ``kinds`` (the
auto-graded kinds: checks and feedback), ``definitions`` (a lesson's set, read from
``exercise_sets/``), ``written`` (short and long
answers marked with a rubric), ``responses`` (the append-only answer log), ``submissions`` (the
file a student hands in, written and verified), ``controls`` (keyboard-safe widgets), ``widgets``
(the exercises on screen) and ``writing`` (a written answer's box, saved as it is typed)."""
