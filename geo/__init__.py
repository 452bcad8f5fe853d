"""Efus map service: read, validate, geocode and map where the European Forum for Urban
Security's work happens."""

from geo.errors import DataError, GeoError, Problem, ReadError

__all__ = ["DataError", "GeoError", "Problem", "ReadError"]
