"""Lesson 4, the PEP transition: the 2014 priorities, notification, and whether only the name changed."""
