"""Lesson 2, the opt-out dispute: who said what, what a county controlled, what came of leaving."""
