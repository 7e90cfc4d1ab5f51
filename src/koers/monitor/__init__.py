"""Monitoring and steering: where each KPI is heading, how sure that is, why, and what to do.

- :mod:`koers.monitor.status`: the statuses a KPI can have and what each means;
- pace, forecast and status per KPI at an as-of date; backtests of the forecast;
- alerts when a status changes; diagnosis of a gap; suggested actions and the action log;
- A/B tests ("test en meet") and published benchmarks.
"""
