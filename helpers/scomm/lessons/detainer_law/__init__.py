"""Lesson 3, detainer law: the courts, the spread of local limits, the rules and the simulator."""
