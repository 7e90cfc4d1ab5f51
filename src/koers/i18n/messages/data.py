"""Messages of imports and the warehouse: ``key: (dutch, english)``."""

MESSAGES: dict[str, tuple[str, str]] = {
    "import.column": ("kolom {column}", "column {column}"),
    "import.no_file": ("{path} bestaat niet of is geen bestand", "{path} does not exist or is not a file"),
    "import.unknown_format": (
        "formaat niet herkend; kies er een met --format ({formats})",
        "format not recognised; choose one with --format ({formats})",
    ),
    "import.unknown_format_given": (
        "onbekend formaat {format}; bekend zijn: {formats}",
        "unknown format {format}; known are: {formats}",
    ),
    "import.not_utf8": (
        "het bestand is geen UTF-8; geef de tekenset op, bijvoorbeeld --encoding cp1252 voor een Excel-export",
        "the file is not UTF-8; give its encoding, for example --encoding cp1252 for an Excel export",
    ),
    "import.bad_encoding_given": (
        "het bestand is niet te lezen als {encoding}",
        "the file cannot be read as {encoding}",
    ),
    "import.bad_json": ("geen geldige JSON: {reason}", "not valid JSON: {reason}"),
    "import.bad_csv": ("geen geldige CSV: {reason}", "not valid CSV: {reason}"),
    "import.no_header": ("geen kopregel met kolomnamen gevonden", "no header row with column names found"),
    "import.missing_columns": (
        "kolommen ontbreken: {missing} (gevonden: {found})",
        "columns missing: {missing} (found: {found})",
    ),
    "import.too_many_cells": (
        "{count} cellen, maar de kopregel heeft {expected} kolommen (afgebroken of verschoven regel?)",
        "{count} cells, but the header has {expected} columns (a cut or shifted line?)",
    ),
    "import.too_few_cells": (
        "{count} cellen, maar de kopregel heeft {expected} kolommen (afgebroken regel?)",
        "{count} cells, but the header has {expected} columns (a line cut off?)",
    ),
    "import.too_large": ("'{value}' is te groot om op te slaan", "'{value}' is too large to store"),
    "import.score_range": ("score {value} ligt niet tussen 0 en 10", "score {value} is not between 0 and 10"),
    "import.empty_value": ("is leeg, maar is verplicht", "is empty, but required"),
    "import.not_a_number": ("'{value}' is geen getal", "'{value}' is not a number"),
    "import.not_whole": ("'{value}' is geen heel getal", "'{value}' is not a whole number"),
    "import.not_a_date": ("'{value}' is geen datum", "'{value}' is not a date"),
    "import.wrong_currency": (
        "bedragen in {found}, maar de werkruimte rekent in {expected}; zet de export om of kies de juiste valuta",
        "amounts in {found}, but the workspace counts in {expected}; convert the export or choose the right currency",
    ),
    "import.duplicate_row": (
        "dubbele regel: dezelfde sleutel als regel {first} ({key})",
        "duplicate row: the same key as row {first} ({key})",
    ),
    "import.bad_excel": ("geen leesbaar Excel-bestand: {reason}", "not a readable Excel file: {reason}"),
    "import.mapping_needed": (
        "dit bestand heeft een kolomkoppeling nodig: geef --table en --map VELD=KOLOM (velden van {table}: {fields})",
        "this file needs a column mapping: give --table and --map FIELD=COLUMN (fields of {table}: {fields})",
    ),
    "import.unknown_table": (
        "onbekende tabel {table}; kies uit {tables}",
        "unknown table {table}; choose from {tables}",
    ),
    "import.unknown_field": (
        "{table} heeft geen veld {field}; velden: {fields}",
        "{table} has no field {field}; fields: {fields}",
    ),
    "import.mapped_column_missing": (
        "kolom {column} (voor {field}) staat niet in het bestand; wel: {found}",
        "column {column} (for {field}) is not in the file; found: {found}",
    ),
    "import.key_not_mapped": (
        "koppel de sleutelvelden van {table}: {fields}",
        "map the key fields of {table}: {fields}",
    ),
    "import.not_a_boolean": ("'{value}' is geen ja/nee-waarde", "'{value}' is not a yes/no value"),
    "import.empty_file": ("het bestand bevat geen gegevens", "the file holds no data"),
    "warehouse.busy": (
        "het datapakhuis {path} is in gebruik door een ander proces (de web-app of een andere import); probeer het zo opnieuw",
        "the warehouse {path} is in use by another process (the web app or another import); try again shortly",
    ),
    "warehouse.duplicate_key": (
        "dubbele sleutel in de import voor {table}: {key}",
        "duplicate key in the import for {table}: {key}",
    ),
    "warehouse.unknown_import": ("geen (eenduidige) import {import_id}", "no (unique) import {import_id}"),
    "warehouse.already_undone": (
        "import {import_id} is al ongedaan gemaakt",
        "import {import_id} was already undone",
    ),
}
