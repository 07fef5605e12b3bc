"""Lesson 1, program mechanics: how a booking's prints travelled, how the program spread, what it cost."""
