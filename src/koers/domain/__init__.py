"""The pure domain: goals, KPIs, periods, journeys, metrics, funnel plans and their rules.

Nothing here reads files, talks to a database or the network, or knows about the CLI or the
web app; a test checks that. I/O lives at the edges (``koers.store``, ``koers.cli``...).
"""
