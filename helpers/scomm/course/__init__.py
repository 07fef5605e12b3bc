"""What everything stands on: folders and lessons, the data and the world as of a day, parameters,
the timeline, tables and the course's chart look, teaching notes, and safe file writing."""
