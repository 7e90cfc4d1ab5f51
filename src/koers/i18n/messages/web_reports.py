"""Messages of the web app's reports page: making a monthly report, its history, the monthly
e-mail's recipients and the export of KPI values: ``key: (dutch, english)``."""

MESSAGES: dict[str, tuple[str, str]] = {
    "web.reports.title": ("Rapporten", "Reports"),
    "web.reports.intro": (
        "De maandrapportage voor het management: doelen, KPI's per fase en wat er veranderde, dan per "
        "KPI de grafiek, de waarden per maand, de diagnose en de acties.",
        "The monthly report for management: goals, KPIs by phase and what changed, then per KPI its "
        "chart, monthly values, diagnosis and actions.",
    ),
    # --- making one ---
    "web.reports.generate": ("Rapport maken", "Make a report"),
    "web.reports.month": ("Maand", "Month"),
    "web.reports.language": ("Taal", "Language"),
    "web.reports.format": ("Formaat", "Format"),
    "web.reports.format_pdf": ("PDF (om te printen en te mailen)", "PDF (to print and e-mail)"),
    "web.reports.format_html": ("HTML (om op het scherm te lezen)", "HTML (to read on screen)"),
    "web.reports.running_month": ("{month} (lopend)", "{month} (running)"),
    "web.reports.submit": ("Maken", "Make it"),
    "web.reports.editor_only": (
        "Alleen bewerkers en eigenaren kunnen rapporten maken; je kunt ze wel bekijken en downloaden.",
        "Only editors and owners can make reports; you can view and download them.",
    ),
    "web.reports.job_running": (
        "Het rapport over {month} wordt gemaakt… ({seconds} s)",
        "Making the report on {month}… ({seconds} s)",
    ),
    "web.reports.job_done": ("Het rapport over {month} is klaar.", "The report on {month} is ready."),
    "web.reports.job_failed": (
        "Het rapport over {month} kon niet worden gemaakt: {error}",
        "The report on {month} could not be made: {error}",
    ),
    "web.reports.job_unknown": (
        "Deze opdracht is niet (meer) bekend; kijk in de lijst hieronder of maak het rapport opnieuw.",
        "This job is not known (any more); look in the list below or make the report again.",
    ),
    "web.reports.failed": (
        "er ging iets mis bij het maken. Probeer het opnieuw; blijft het misgaan, meld het dan aan de "
        "beheerder.",
        "something went wrong while making it. Try again; if it keeps failing, tell the administrator.",
    ),
    "web.reports.busy": (
        "Er worden al {count} rapporten tegelijk gemaakt voor deze werkruimte; wacht tot er een klaar is.",
        "{count} reports are being made for this workspace already; wait until one is done.",
    ),
    "web.reports.bad_month": (
        "Maand: '{value}' is geen maand (schrijf JJJJ-MM, zoals 2026-10).",
        "Month: '{value}' is not a month (write YYYY-MM, such as 2026-10).",
    ),
    "web.reports.future_month": (
        "Maand: {month} is nog niet begonnen; kies een maand tot en met {last}.",
        "Month: {month} has not begun yet; choose a month up to {last}.",
    ),
    "web.reports.old_month": (
        "Maand: kies een maand vanaf {first}.",
        "Month: choose a month from {first} on.",
    ),
    "web.reports.bad_lang": (
        "Taal: '{value}' is geen taal van Koers (nl of en).",
        "Language: '{value}' is not a language of Koers (nl or en).",
    ),
    "web.reports.bad_format": (
        "Formaat: '{value}' is geen formaat van een rapport (pdf of html).",
        "Format: '{value}' is not a report format (pdf or html).",
    ),
    # --- the history ---
    "web.reports.history": ("Gemaakte rapporten", "Reports made"),
    "web.reports.history_empty": ("Nog geen rapporten gemaakt.", "No reports made yet."),
    "web.reports.col_month": ("Maand", "Month"),
    "web.reports.col_lang": ("Taal", "Language"),
    "web.reports.col_format": ("Formaat", "Format"),
    "web.reports.col_created": ("Gemaakt", "Made"),
    "web.reports.col_origin": ("Hoe", "How"),
    "web.reports.col_sent": ("Verstuurd", "Sent"),
    "web.reports.col_file": ("Bestand", "File"),
    "web.reports.scheduled": ("automatisch", "scheduled"),
    "web.reports.by_hand": ("met de hand", "by hand"),
    "web.reports.sent": ("aan {recipients} op {moment}", "to {recipients} on {moment}"),
    "web.reports.not_sent": ("niet verstuurd", "not sent"),
    "web.reports.send_error": ("fout: {error}", "error: {error}"),
    "web.reports.view": ("Bekijken", "View"),
    "web.reports.download": ("Downloaden", "Download"),
    "web.reports.size": ("{size} kB", "{size} kB"),
    # --- the export ---
    "web.reports.export_title": ("KPI's exporteren", "Export KPIs"),
    "web.reports.export_intro": (
        "Per KPI het doel, de status, de waarde, de voorspelling en de kans per {day}, en een kolom "
        "per maand met de waarde in die maand.",
        "Per KPI its target, status, value, forecast and chance as of {day}, and a column per month "
        "with its value in that month.",
    ),
    "web.reports.export_xlsx": ("KPI's exporteren (Excel)", "Export KPIs (Excel)"),
    "web.reports.export_csv": ("KPI's exporteren (CSV)", "Export KPIs (CSV)"),
    "web.reports.bad_export": (
        "Formaat: '{value}' is geen exportformaat (csv of xlsx).",
        "Format: '{value}' is not an export format (csv or xlsx).",
    ),
    # --- the monthly e-mail ---
    "web.reports.schedule_title": ("Maandelijkse e-mail", "Monthly e-mail"),
    "web.reports.schedule_intro": (
        "Op de eerste werkdag van de maand gaat het rapport over de vorige maand als PDF naar deze "
        "ontvangers.",
        "On the first working day of the month the report on the previous month goes to these "
        "recipients as a PDF.",
    ),
    "web.reports.monthly": ("Elke maand versturen", "Send every month"),
    "web.reports.recipients": (
        "Ontvangers (één e-mailadres per regel)",
        "Recipients (one e-mail address per line)",
    ),
    "web.reports.schedule_lang": ("Taal van het rapport", "Language of the report"),
    "web.reports.lang_default": ("die van de werkruimte ({lang})", "the workspace's ({lang})"),
    "web.reports.schedule_save": ("Opslaan", "Save"),
    "web.reports.schedule_saved": (
        "De maandelijkse e-mail is bijgewerkt.",
        "The monthly e-mail is updated.",
    ),
    "web.reports.schedule_on": ("Aan: naar {count} ontvanger(s).", "On: to {count} recipient(s)."),
    "web.reports.schedule_off": ("Uit: er wordt niets gemaild.", "Off: nothing is e-mailed."),
    "web.reports.no_recipients": (
        "Nog geen ontvangers: er wordt niets gemaild.",
        "No recipients yet: nothing is e-mailed.",
    ),
    "web.reports.owner_only": (
        "Alleen een eigenaar kan de ontvangers en de maandelijkse e-mail wijzigen.",
        "Only an owner can change the recipients and the monthly e-mail.",
    ),
    "web.reports.bad_recipient": (
        "Ontvangers: '{value}' is geen e-mailadres.",
        "Recipients: '{value}' is not an e-mail address.",
    ),
    "web.reports.too_many_recipients": (
        "Ontvangers: hoogstens {count} adressen.",
        "Recipients: at most {count} addresses.",
    ),
}
