"""Sources: one module per tool whose exports Koers reads, all registered in one place.

:func:`import_file` detects a file's format (or takes ``format=``), reads it whole with that
format's importer, and writes it to the warehouse in one transaction.
"""

from __future__ import annotations

import dataclasses
import importlib
from pathlib import Path

from koers.i18n import msg
from koers.sources.base import REGISTRY, ImportContext, Importer, ImportProblem, SourceFile
from koers.store.warehouse import ImportRecord, Warehouse

_MODULES = ("ga4", "matomo", "hubspot", "salesforce", "ads", "generic")


def importers() -> dict[str, Importer]:
    """Every registered importer by format, loading the source modules once."""
    for name in _MODULES:
        try:
            importlib.import_module(f"koers.sources.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"koers.sources.{name}":
                raise
    return REGISTRY


def detect(source: SourceFile) -> Importer:
    """The importer most sure that ``source`` is its format; a clear error when none is."""
    scored = sorted(
        (
            (importer.sniff(source), importer)
            for importer in importers().values()
            if source.suffix in importer.suffixes
        ),
        key=lambda pair: -pair[0],
    )
    if not scored or scored[0][0] <= 0:
        known = ", ".join(sorted(importers()))
        raise ImportProblem(source.name, msg("import.unknown_format", formats=known))
    return scored[0][1]


def import_file(
    path: Path, warehouse: Warehouse, context: ImportContext | None = None, *, format: str | None = None
) -> ImportRecord:
    """Read ``path`` and write it to ``warehouse``: all of it, or nothing.

    Times without an offset are read in the warehouse's time zone (the workspace's), whatever
    ``context`` says, so that what is read and what is counted fall on the same days.
    """
    context = dataclasses.replace(context or ImportContext(), timezone=warehouse.timezone)
    if not path.is_file():
        raise ImportProblem(path.name, msg("import.no_file", path=str(path)))
    source = SourceFile(path, encoding=context.encoding)
    if format is not None:
        known = importers()
        if format not in known:
            raise ImportProblem(
                path.name, msg("import.unknown_format_given", format=format, formats=", ".join(sorted(known)))
            )
        importer = known[format]
    else:
        importer = detect(source)
    batch = importer.read(source, context)
    return warehouse.write(batch, file_name=source.name, file_sha256=source.sha256)


__all__ = ["ImportContext", "ImportProblem", "SourceFile", "detect", "import_file", "importers"]
