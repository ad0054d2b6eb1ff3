"""busplanner: plan the route and timetable of a rural France services bus."""

__version__ = "0.1.0"
