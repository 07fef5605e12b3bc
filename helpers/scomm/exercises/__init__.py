"""Exercises and students' answers: ``definitions`` (kinds, checks, feedback; sets in
``exercise_sets/``), ``responses`` (the append-only answer log), ``submissions`` (the file a
student hands in, written and verified), ``controls`` (keyboard-safe widgets) and ``widgets``
(the exercises on screen)."""
