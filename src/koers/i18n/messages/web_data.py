"""Messages of the web app's data page: uploads, preview, mapping, import history:
``key: (dutch, english)``."""

MESSAGES: dict[str, tuple[str, str]] = {
    "web.data.title": ("Data", "Data"),
    "web.data.intro": (
        "Importeer een export (GA4, Matomo, HubSpot, Salesforce, Google, Meta of LinkedIn Ads, of elk "
        "CSV- of Excel-bestand met een kolomkoppeling). Je ziet eerst wat erin staat; er wordt pas "
        "iets geschreven als je op Importeren klikt, en dan alles of niets.",
        "Import an export (GA4, Matomo, HubSpot, Salesforce, Google, Meta or LinkedIn Ads, or any CSV "
        "or Excel file with a column mapping). You see what it holds first; nothing is written until "
        "you click Import, and then all of it or nothing.",
    ),
    "web.data.upload": ("Bestand uploaden", "Upload a file"),
    "web.data.file": ("Bestand", "File"),
    "web.data.file_help": ("Hoogstens 100 MB.", "At most 100 MB."),
    "web.data.show_preview": ("Voorbeeld bekijken", "Show a preview"),
    "web.data.no_file": ("Kies een bestand om te uploaden.", "Choose a file to upload."),
    "web.data.empty_file": ("{file} is leeg.", "{file} is empty."),
    "web.data.binary_file": (
        "{file} is geen tekstbestand (CSV of JSON) en geen Excel-bestand.",
        "{file} is no text file (CSV or JSON) and no Excel file.",
    ),
    "web.data.upload_gone": (
        "Deze upload is er niet meer (na een uur wordt hij opgeruimd): upload het bestand opnieuw.",
        "This upload is gone (it is cleared after an hour): upload the file again.",
    ),
    "web.data.preview_title": ("Voorbeeld van {file}", "Preview of {file}"),
    "web.data.preview_intro": (
        "{size} bytes. Er is nog niets geschreven.",
        "{size} bytes. Nothing has been written yet.",
    ),
    "web.data.format": ("Formaat", "Format"),
    "web.data.format_detect": ("Herkend: {format}", "Detected: {format}"),
    "web.data.mapping": ("Kolomkoppeling", "Column mapping"),
    "web.data.mapping_help": (
        "Kies de tabel, en per veld de kolom uit het bestand die het vult (of één vaste waarde voor alle rijen).",
        "Choose the table, and for each field the file's column that fills it (or one value for every row).",
    ),
    "web.data.table": ("Tabel", "Table"),
    "web.data.field": ("Veld", "Field"),
    "web.data.column": ("Kolom", "Column"),
    "web.data.fixed": ("Vaste waarde", "Fixed value"),
    "web.data.key": ("sleutel", "key"),
    "web.data.choose_mapping": (
        "Kies een tabel en koppel de kolommen om een voorbeeld te zien.",
        "Choose a table and map the columns to see a preview.",
    ),
    "web.data.problems": (
        "Dit bestand kan zo niet worden geïmporteerd:",
        "This file cannot be imported as it is:",
    ),
    "web.data.row": ("Rij", "Row"),
    "web.data.problem": ("Probleem", "Problem"),
    "web.data.nothing_written": ("Er is niets geschreven.", "Nothing has been written."),
    "web.data.not_written": (
        "Het importeren is mislukt; er is niets geschreven.",
        "The import failed; nothing has been written.",
    ),
    "web.data.rows": ("{count} rijen", "{count} rows"),
    "web.data.first_rows": ("De eerste {shown} rijen.", "The first {shown} rows."),
    "web.data.skipped": (
        "{count} rijen overgeslagen (totalen, lege regels).",
        "{count} rows skipped (totals, blank lines).",
    ),
    "web.data.refresh": ("Voorbeeld bijwerken", "Update the preview"),
    "web.data.import": ("Importeren", "Import"),
    "web.data.done": ("{file} is geïmporteerd als {format}.", "{file} is imported as {format}."),
    "web.data.done_counts": (
        "{added} rijen toegevoegd, {replaced} vervangen, {skipped} overgeslagen.",
        "{added} rows added, {replaced} replaced, {skipped} skipped.",
    ),
    "web.data.to_dashboard": ("Naar het dashboard", "To the dashboard"),
    "web.data.history": ("Importgeschiedenis", "Import history"),
    "web.data.no_imports": ("Nog niets geïmporteerd.", "Nothing imported yet."),
    "web.data.when": ("Wanneer", "When"),
    "web.data.dates": ("Periode", "Dates"),
    "web.data.added": ("Toegevoegd", "Added"),
    "web.data.replaced": ("Vervangen", "Replaced"),
    "web.data.undo": ("Ongedaan maken", "Undo"),
    "web.data.undone_state": ("ongedaan gemaakt", "undone"),
    "web.data.undone": ("De import van {file} is ongedaan gemaakt.", "The import of {file} is undone."),
    "web.data.confirm_undo": (
        "De import van {file} van {when} ongedaan maken?",
        "Undo the import of {file} of {when}?",
    ),
    "web.data.confirm_undo_detail": (
        "De {added} rijen ervan verdwijnen, en de {replaced} rijen die het verving komen terug.",
        "Its {added} rows go, and the {replaced} rows it replaced come back.",
    ),
    "web.data.undo_yes": ("Ja, ongedaan maken", "Yes, undo it"),
    "web.data.cancel": ("Annuleren", "Cancel"),
}
