"""duban (督办): supervision and cadre-appointment records for county governments."""

__version__ = "0.1.0"
