"""Messages of the CRM importers (HubSpot, Salesforce): ``key: (dutch, english)``."""

MESSAGES: dict[str, tuple[str, str]] = {
    "crm.not_api_response": (
        "geen {system}-API-antwoord: de lijst {expected} ontbreekt",
        "not a {system} API response: the {expected} list is missing",
    ),
    "crm.not_a_record": (
        "is geen record (een JSON-object verwacht)",
        "is not a record (a JSON object was expected)",
    ),
    "crm.missing_id": (
        "heeft geen id; zonder id is het record bij een volgende import niet terug te vinden",
        "has no id; without one the record cannot be recognised in a later import",
    ),
    "crm.id_column_missing": (
        "geen kolom {column}: neem die op in de export, want daaraan herkent Koers een record bij een volgende import (gevonden: {found})",
        "no {column} column: include it in the export, it is how Koers recognises a record in a later import (found: {found})",
    ),
    "crm.more_pages": (
        "de export stopt voor de laatste pagina ({hint} wijst naar meer); haal alle pagina's op en importeer ze samen als één lijst",
        "the export stops before its last page ({hint} points to more); fetch every page and import them together as one list",
    ),
    "crm.wrong_object": (
        "een {found}-record in een bestand met {expected}-records",
        "a {found} record in a file of {expected} records",
    ),
    "crm.converted_without_date": (
        "de lead is geconverteerd, maar de conversiedatum ontbreekt; neem de kolom {column} op in de export",
        "the lead is converted, but its conversion date is missing; include the {column} column in the export",
    ),
    "crm.ambiguous_dates": (
        "een datum als {value} kan dag-maand of maand-dag zijn; geef de volgorde op met de optie date_order=dmy of date_order=mdy",
        "a date like {value} can be day-month or month-day; give the order with the option date_order=dmy or date_order=mdy",
    ),
    "crm.mixed_date_order": (
        "datums in twee volgordes: {first} is dag-maand, {second} is maand-dag",
        "dates in two orders: {first} is day-month, {second} is month-day",
    ),
    "crm.unknown_date_order": (
        "onbekende date_order {value}; kies dmy (dag-maand-jaar) of mdy (maand-dag-jaar)",
        "unknown date_order {value}; choose dmy (day-month-year) or mdy (month-day-year)",
    ),
}
