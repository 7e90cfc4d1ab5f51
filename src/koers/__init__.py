"""Koers: marketing KPIs that say whether you are on course, why not, and what to steer."""

__version__ = "0.1.0"
