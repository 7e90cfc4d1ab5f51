"""HubSpot CRM: contacts with the moment they entered each lifecycle stage, and deals.

Two shapes of each, as users have them today:

- the CRM v3 API's JSON (``GET /crm/v3/objects/contacts``, ``.../deals`` or ``.../search``): one
  page (``{"results": [...], "paging": ...}``), a list of such pages, or a list of the records
  themselves. Every property value is a string (or ``null`` when it is not set); ``paging`` is
  absent on the last page, so a file whose last page still points to a next one is incomplete and
  refused. A record's place in an error is its position in the file, counting from 1 over all
  pages (``row``), and the property name (``column``).
- the CSV export from HubSpot's UI, with the property *labels* as headers in the account's
  language: ``Record ID``, ``Lifecycle Stage`` / ``Levenscyclusfase``, ``Create Date`` /
  ``Aanmaakdatum``, ``Became a Marketing Qualified Lead Date``... Date-time cells carry no zone:
  HubSpot writes them in the account's time zone, read here as the workspace's. Stage-date columns
  are recognised by what they say (a stage's name, English or Dutch, and "became", "werd" or "date
  entered"), because HubSpot has renamed them over time and translates them.

Contacts go to ``crm_contacts``:

- ``hs_lifecyclestage_<stage>_date`` (UI: "Became a ... Date") -> ``lead_at`` (``lead``),
  ``mql_at`` (``marketingqualifiedlead``), ``sql_at`` (``salesqualifiedlead``),
  ``opportunity_at`` (``opportunity``), ``customer_at`` (``customer``); the subscriber,
  evangelist and other stages have no column;
- ``createdate`` -> ``created_at``;
- ``lifecyclestage`` -> ``lifecycle_stage`` as Koers names the stages (``lead``, ``mql``,
  ``sql``, ``opportunity``, ``customer``, ``subscriber``, ``evangelist``, ``other``; a custom
  stage as HubSpot names it);
- ``hs_analytics_source`` (Original Source) -> ``channel`` as GA4 names channels (see
  :data:`CHANNELS`), ``hs_analytics_source_data_1`` (its drill-down 1) -> ``source``.

Contacts are merged by id: a later export that moves a contact to a later stage updates it and
keeps the stage dates it does not repeat.

Deals go to ``deals``: ``amount`` as a decimal, ``dealstage`` (the default pipeline's labels read
back to their internal names), ``closedwon`` is won and closed, ``closedlost`` is closed; for the
stages of other pipelines ``hs_is_closed_won`` and ``hs_is_closed`` say it. ``closed_at`` is the
close date of a closed deal only (on an open deal HubSpot's close date is a forecast). Amounts must
be in the workspace's currency: a ``deal_currency_code`` property or a ``Currency`` column in
another currency refuses the file; without either, amounts are taken to be in the workspace's.
Deals merge by id as contacts do, so an export without amounts keeps the amounts known.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from koers.i18n import Localized, msg
from koers.sources.base import (
    CellReader,
    CsvRow,
    CsvTable,
    ImportContext,
    Importer,
    ImportProblem,
    NumberFormat,
    SourceFile,
    check_currency,
    check_unique,
    complete_contact,
    parse_date,
    read_csv,
    register,
    sniff_delimiter,
    to_arrow,
)
from koers.store.warehouse import ImportBatch, TablePart

SOURCE_SYSTEM = "hubspot"

STAGE_COLUMNS: Mapping[str, str] = {
    "lead": "lead_at",
    "mql": "mql_at",
    "sql": "sql_at",
    "opportunity": "opportunity_at",
    "customer": "customer_at",
}
"""Koers's funnel stage -> the column holding when a contact entered it."""

INTERNAL_STAGES: Mapping[str, str] = {
    "subscriber": "subscriber",
    "lead": "lead",
    "marketingqualifiedlead": "mql",
    "salesqualifiedlead": "sql",
    "opportunity": "opportunity",
    "customer": "customer",
    "evangelist": "evangelist",
    "other": "other",
}
"""HubSpot's internal lifecycle stage names -> Koers's stage names."""

_STAGE_LABELS: Mapping[str, str] = {
    **INTERNAL_STAGES,
    "marketing qualified lead": "mql",
    "marketinggekwalificeerde lead": "mql",
    "marketing gekwalificeerde lead": "mql",
    "mql": "mql",
    "sales qualified lead": "sql",
    "salesgekwalificeerde lead": "sql",
    "sales gekwalificeerde lead": "sql",
    "verkoopgekwalificeerde lead": "sql",
    "sql": "sql",
    "verkoopkans": "opportunity",
    "kans": "opportunity",
    "klant": "customer",
    "abonnee": "subscriber",
    "ambassadeur": "evangelist",
    "overig": "other",
    "anders": "other",
}
"""Lifecycle stages as the UI writes them (English and Dutch) and as the API does, compared loosely."""

CHANNELS: Mapping[str, str] = {
    "organic search": "Organic Search",
    "organisch zoeken": "Organic Search",
    "paid search": "Paid Search",
    "betaald zoeken": "Paid Search",
    "email marketing": "Email",
    "e mailmarketing": "Email",
    "e mail marketing": "Email",
    "social media": "Organic Social",
    "organic social": "Organic Social",
    "sociale media": "Organic Social",
    "organische sociale media": "Organic Social",
    "paid social": "Paid Social",
    "betaalde sociale media": "Paid Social",
    "direct traffic": "Direct",
    "direct verkeer": "Direct",
    "referrals": "Referral",
    "verwijzingen": "Referral",
    "ai referrals": "Referral",
    "other campaigns": "Unassigned",
    "andere campagnes": "Unassigned",
    "overige campagnes": "Unassigned",
    "offline": "Offline",
    "offline sources": "Offline",
    "offline bronnen": "Offline",
}
"""HubSpot's original source (``ORGANIC_SEARCH`` in the API, "Organic Search" or "Organisch zoeken"
in the UI) -> the channel as GA4 names it, so CRM and web analytics group alike. HubSpot's "other
campaigns" (tagged, but matching no rule) is GA4's "Unassigned"; a value not listed is kept as is."""

DEAL_STAGES: Mapping[str, str] = {
    "appointmentscheduled": "appointmentscheduled",
    "appointment scheduled": "appointmentscheduled",
    "afspraak gepland": "appointmentscheduled",
    "qualifiedtobuy": "qualifiedtobuy",
    "qualified to buy": "qualifiedtobuy",
    "gekwalificeerd om te kopen": "qualifiedtobuy",
    "presentationscheduled": "presentationscheduled",
    "presentation scheduled": "presentationscheduled",
    "presentatie gepland": "presentationscheduled",
    "decisionmakerboughtin": "decisionmakerboughtin",
    "decision maker bought in": "decisionmakerboughtin",
    "beslisser akkoord": "decisionmakerboughtin",
    "contractsent": "contractsent",
    "contract sent": "contractsent",
    "contract verzonden": "contractsent",
    "closedwon": "closedwon",
    "closed won": "closedwon",
    "gesloten gewonnen": "closedwon",
    "closedlost": "closedlost",
    "closed lost": "closedlost",
    "gesloten verloren": "closedlost",
}
"""The default pipeline's deal stages, by label (English, Dutch) and internal name."""

PIPELINES: Mapping[str, str] = {
    "default": "default",
    "sales pipeline": "default",
    "verkooppijplijn": "default",
}

_TRUE = {"true", "yes", "ja", "waar", "1"}
_FALSE = {"false", "no", "nee", "onwaar", "0", ""}


def _label(text: str) -> str:
    """A label or value compared loosely: case, spaces, ``_``, ``-`` and dots do not count."""
    return re.sub(r"[\s_.\-]+", " ", text.strip().lower()).strip()


# --- reading the two shapes ------------------------------------------------------------------


def _api_table(source: SourceFile) -> CsvTable:
    """The API JSON as a table of text cells: one row per record, the record's id in ``id`` and
    each property in a column of its own name; ``row`` counts records over all pages from 1."""
    data = source.json()
    pages: Sequence[Any] = data if isinstance(data, list) else [data]
    records: list[Any] = []
    for page in pages:
        if isinstance(page, dict) and isinstance(page.get("results"), list):
            records.extend(page["results"])
        elif isinstance(page, dict) and "properties" in page:
            records.append(page)  # a list of the records themselves
        else:
            raise ImportProblem(
                source.name, msg("crm.not_api_response", system="HubSpot", expected="results")
            )
    last = pages[-1] if pages else None
    if isinstance(last, dict) and isinstance(last.get("paging"), dict) and last["paging"].get("next"):
        raise ImportProblem(source.name, msg("crm.more_pages", hint="paging.next"))
    header: dict[str, None] = {"id": None}
    rows: list[CsvRow] = []
    for number, record in enumerate(records, start=1):
        properties = record.get("properties") if isinstance(record, dict) else None
        if not isinstance(properties, dict):
            raise ImportProblem(source.name, msg("crm.not_a_record"), row=number, column="properties")
        cells = {name: _cell(value) for name, value in properties.items()}
        cells["id"] = _cell(record.get("id")) or cells.get("hs_object_id", "")
        header.update(dict.fromkeys(cells))
        rows.append(CsvRow(number, cells))
    return CsvTable(source.name, ",", tuple(header), tuple(rows), (), 0)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value)
    return str(value)


def _read(source: SourceFile) -> tuple[CsvTable, CellReader]:
    if source.suffix == ".json":
        table = _api_table(source)
        return table, CellReader(table, NumberFormat("."))
    table = read_csv(source)
    return table, CellReader(table)


def _moment(reader: CellReader, row: CsvRow, column: str | None, zone: ZoneInfo) -> datetime | None:
    """A HubSpot date or date-time cell as an aware moment; ``None`` when empty."""
    text = reader.text(row, column)
    if not text:
        return None
    try:
        return parse_moment(text, zone)
    except ValueError:
        raise ImportProblem(
            reader.table.file, msg("import.not_a_date", value=text), row=row.line, column=column
        ) from None


def parse_moment(text: str, zone: ZoneInfo) -> datetime:
    """``2019-10-30T03:30:17.883Z`` (API), ``2019-10-30 04:30`` (UI export, in ``zone``), a date alone
    (midnight in ``zone``) or milliseconds since the epoch (older APIs); ``ValueError`` otherwise."""
    value = text.strip()
    if re.fullmatch(r"\d{11,13}", value):
        return datetime.fromtimestamp(int(value) / 1000, UTC)
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return datetime.combine(parse_date(value), time(), tzinfo=zone)
    if len(value) <= 10:
        return datetime.combine(moment.date(), time(), tzinfo=zone)
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def _require_id(table: CsvTable, *candidates: str) -> str:
    column = table.column(*candidates)
    if column is None:
        raise ImportProblem(
            table.file,
            msg("crm.id_column_missing", column=candidates[0], found=", ".join(table.header)),
            row=table.header_line or None,
        )
    return column


def _id(reader: CellReader, row: CsvRow, column: str) -> str:
    value = reader.text(row, column)
    if not value:
        raise ImportProblem(reader.table.file, msg("crm.missing_id"), row=row.line, column=column)
    return value


def _head_labels(source: SourceFile) -> set[str]:
    """The header of a CSV export, read from the file's head only, as loose labels."""
    lines = [line for line in source.head_text.splitlines()[:20] if line.strip() and not line.startswith("#")]
    if not lines:
        return set()
    delimiter = sniff_delimiter(lines)
    for line in lines[:5]:
        cells = [cell.strip().strip('"').lstrip("\ufeff") for cell in line.split(delimiter)]
        if sum(1 for cell in cells if cell) >= 2:
            return {_label(cell) for cell in cells}
    return set()


# --- contacts -------------------------------------------------------------------------------

_ENTERED = re.compile(r"\b(?:became|werd|geworden|entered|ingevoerd|binnengekomen)\b")
_NOT_ENTERED = re.compile(r"\b(?:exited|verlaten|time in|tijd in|cumulative|cumulatieve?|latest|laatste)\b")
_STAGE_DATE_PROPERTY = re.compile(r"hs_lifecyclestage_([a-z]+)_date|hs_v2_date_entered_([a-z]+)")
_LABELS_LONGEST_FIRST = sorted(_STAGE_LABELS.items(), key=lambda item: -len(item[0]))


def entered_stage(header: str) -> str | None:
    """The funnel stage whose entry date a column holds, from its API name or its label."""
    if match := _STAGE_DATE_PROPERTY.fullmatch(header.strip()):
        return INTERNAL_STAGES.get(match[1] or match[2])
    name = _label(re.sub(r"\([^)]*\)|['\"‘’“”]", " ", header))
    if not _ENTERED.search(name) or _NOT_ENTERED.search(name):
        return None
    for label, stage in _LABELS_LONGEST_FIRST:
        if re.search(rf"\b{re.escape(label)}\b", name):
            return stage
    return None


_ORIGIN_COLUMNS = (
    "hs_analytics_source", "Original Source", "Original Source Type",
    "Oorspronkelijke bron", "Originele bron", "Oorspronkelijk brontype",
)  # fmt: skip
_DRILL_DOWN_1 = r"^(?:original|oorspronkelijke|originele).*(?:drill.?down|detail\w*)\W*1$"


@dataclass(frozen=True, slots=True)
class _ContactColumns:
    id: str
    stage: str | None
    created: str | None
    origin: str | None
    drill_down: str | None
    stage_dates: Mapping[str, tuple[str, ...]]

    @classmethod
    def of(cls, table: CsvTable) -> _ContactColumns:
        dates: dict[str, list[str]] = {}
        for name in table.header:
            stage = entered_stage(name)
            if stage is not None and stage in STAGE_COLUMNS:
                dates.setdefault(stage, []).append(name)
        return cls(
            id=_require_id(table, "Record ID", "id", "Contact ID", "Contact-ID", "Contactpersoon-ID"),
            stage=table.column("lifecyclestage", "Lifecycle Stage", "Levenscyclusfase"),
            created=table.column("createdate", "Create Date", "Created Date", "Aanmaakdatum"),
            origin=table.column(*_ORIGIN_COLUMNS),
            drill_down=table.column("hs_analytics_source_data_1") or table.column_matching(_DRILL_DOWN_1),
            stage_dates={stage: tuple(names) for stage, names in dates.items()},
        )


def _contact(row: CsvRow, columns: _ContactColumns, reader: CellReader, zone: ZoneInfo) -> dict[str, Any]:
    raw_stage = reader.text(row, columns.stage)
    raw_origin = reader.text(row, columns.origin)
    record: dict[str, Any] = {
        "source_system": SOURCE_SYSTEM,
        "contact_id": _id(reader, row, columns.id),
        "created_at": _moment(reader, row, columns.created, zone),
        "lifecycle_stage": _STAGE_LABELS.get(_label(raw_stage), raw_stage) or None,
        "channel": CHANNELS.get(_label(raw_origin), raw_origin) or None,
        "source": reader.text(row, columns.drill_down) or None,
    }
    for stage, names in columns.stage_dates.items():
        moments = [_moment(reader, row, name, zone) for name in names]
        record[STAGE_COLUMNS[stage]] = next((moment for moment in moments if moment is not None), None)
    # An export without creation dates leaves them out, so that merging keeps the ones known;
    # filled in from the stages, they would overwrite them.
    return complete_contact(record) if columns.created is not None else record


def _json_mentions(source: SourceFile, *names: str) -> bool:
    return any(f'"{name}"' in source.head_text for name in names)


_CONTACT_MARKS = ("lifecyclestage", "firstname", "email", "hs_analytics_source")
_DEAL_MARKS = ("dealstage", "dealname", "pipeline", "closedate")
_CONTACT_LABELS = {"lifecycle stage", "levenscyclusfase", "first name", "voornaam", "email", "e mail"}
_DEAL_LABELS = {"deal stage", "dealfase", "deal name", "dealnaam", "pipeline", "pijplijn"}
_RECORD_ID_LABELS = {"record id", "contact id", "deal id"}


@register
class HubSpotContacts(Importer):
    """HubSpot contacts: API JSON or the UI's CSV export (English or Dutch labels)."""

    format = "hubspot_contacts"
    name = Localized("HubSpot-contactpersonen", "HubSpot contacts")
    suffixes = (".csv", ".json")

    def sniff(self, source: SourceFile) -> int:
        """90 for a contacts API response or UI export, 0 for anything else."""
        if source.suffix == ".json":
            if not _json_mentions(source, "results", "properties") or _json_mentions(source, *_DEAL_MARKS):
                return 0
            return 90 if _json_mentions(source, *_CONTACT_MARKS) else 40
        labels = _head_labels(source)
        if labels & _RECORD_ID_LABELS and not labels & _DEAL_LABELS:
            stages = any(entered_stage(label) for label in labels)
            return 90 if stages or labels & _CONTACT_LABELS else 30
        return 0

    def read(self, source: SourceFile, context: ImportContext) -> ImportBatch:
        """Every contact in the file, merged by id into what the warehouse has."""
        table, reader = _read(source)
        columns = _ContactColumns.of(table)
        zone = ZoneInfo(context.timezone)
        records = [_contact(row, columns, reader, zone) for row in table.rows]
        check_unique(source.name, _keys(records, "contact_id", table.rows))
        part = TablePart("crm_contacts", rows=to_arrow("crm_contacts", records), merge=True)
        return ImportBatch(format=self.format, parts=(part,), rows_rejected=table.skipped)


def _keys(
    records: Sequence[Mapping[str, Any]], key: str, rows: Iterable[CsvRow]
) -> Iterable[tuple[tuple[Any, ...], int]]:
    return (((record[key],), row.line) for record, row in zip(records, rows, strict=True))


# --- deals ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _DealColumns:
    id: str
    name: str | None
    amount: str | None
    currency: str | None
    created: str | None
    closed: str | None
    stage: str | None
    pipeline: str | None
    origin: str | None
    is_won: str | None
    is_closed: str | None

    @classmethod
    def of(cls, table: CsvTable) -> _DealColumns:
        return cls(
            id=_require_id(table, "Record ID", "id", "Deal ID", "Deal-ID"),
            name=table.column("dealname", "Deal Name", "Dealnaam"),
            amount=table.column("amount", "Amount", "Bedrag"),
            currency=table.column("deal_currency_code", "Currency", "Deal currency code", "Valuta"),
            created=table.column("createdate", "Create Date", "Created Date", "Aanmaakdatum"),
            closed=table.column("closedate", "Close Date", "Sluitingsdatum"),
            stage=table.column("dealstage", "Deal Stage", "Dealfase"),
            pipeline=table.column("pipeline", "Pipeline", "Pijplijn"),
            origin=table.column(*_ORIGIN_COLUMNS),
            is_won=table.column("hs_is_closed_won", "Is Closed Won", "Is gesloten gewonnen"),
            is_closed=table.column("hs_is_closed", "Is Deal Closed?", "Is Closed", "Is gesloten"),
        )


def _flag(reader: CellReader, row: CsvRow, column: str | None) -> bool | None:
    text = reader.text(row, column).lower()
    if column is None or not text:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ImportProblem(
        reader.table.file, msg("import.not_a_boolean", value=text), row=row.line, column=column
    )


def _deal(
    row: CsvRow, columns: _DealColumns, reader: CellReader, zone: ZoneInfo, context: ImportContext
) -> dict[str, Any]:
    deal_id = _id(reader, row, columns.id)
    currency = reader.text(row, columns.currency).upper()
    check_currency(reader.table.file, currency, context.currency, row=row.line, column=columns.currency)
    raw_stage = reader.text(row, columns.stage)
    stage = DEAL_STAGES.get(_label(raw_stage), raw_stage) or None
    won = _flag(reader, row, columns.is_won)
    closed = _flag(reader, row, columns.is_closed)
    is_won = won if won is not None else stage == "closedwon"
    is_closed = closed if closed is not None else (is_won or stage in ("closedwon", "closedlost"))
    raw_pipeline = reader.text(row, columns.pipeline)
    raw_origin = reader.text(row, columns.origin)
    return {
        "source_system": SOURCE_SYSTEM,
        "deal_id": deal_id,
        "name": reader.text(row, columns.name) or None,
        "amount": reader.decimal(row, columns.amount),
        "currency": currency or context.currency.upper(),
        "created_at": _moment(reader, row, columns.created, zone),
        # on an open deal the close date is a forecast, not a close
        "closed_at": _moment(reader, row, columns.closed, zone) if is_closed else None,
        "stage": stage,
        "is_closed": is_closed,
        "is_won": is_won,
        "pipeline": PIPELINES.get(_label(raw_pipeline), raw_pipeline) or None,
        "channel": CHANNELS.get(_label(raw_origin), raw_origin) or None,
    }


@register
class HubSpotDeals(Importer):
    """HubSpot deals: API JSON or the UI's CSV export (English or Dutch labels)."""

    format = "hubspot_deals"
    name = Localized("HubSpot-deals", "HubSpot deals")
    suffixes = (".csv", ".json")

    def sniff(self, source: SourceFile) -> int:
        """90 for a deals API response or UI export, 0 for anything else."""
        if source.suffix == ".json":
            if _json_mentions(source, "results", "properties") and _json_mentions(source, *_DEAL_MARKS):
                return 90
            return 0
        labels = _head_labels(source)
        return 90 if labels & _RECORD_ID_LABELS and labels & _DEAL_LABELS else 0

    def read(self, source: SourceFile, context: ImportContext) -> ImportBatch:
        """Every deal in the file; a deal that comes again replaces the earlier one."""
        table, reader = _read(source)
        columns = _DealColumns.of(table)
        zone = ZoneInfo(context.timezone)
        records = [_deal(row, columns, reader, zone, context) for row in table.rows]
        check_unique(source.name, _keys(records, "deal_id", table.rows))
        part = TablePart("deals", rows=to_arrow("deals", records), merge=True)
        return ImportBatch(format=self.format, parts=(part,), rows_rejected=table.skipped)


__all__ = ["CHANNELS", "DEAL_STAGES", "HubSpotContacts", "HubSpotDeals", "entered_stage", "parse_moment"]
