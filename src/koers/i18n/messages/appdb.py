"""Messages of the application database and ``koers db``: ``key: (dutch, english)``."""

MESSAGES: dict[str, tuple[str, str]] = {
    # opening the database
    "db.bad_url": (
        "{url} is geen database-URL; schrijf bijvoorbeeld sqlite:////pad/naar/koers.sqlite of postgresql://gebruiker@host/koers",
        "{url} is not a database URL; write for example sqlite:////path/to/koers.sqlite or postgresql://user@host/koers",
    ),
    "db.unknown_driver": (
        "{url}: dit soort database kent Koers niet; gebruik SQLite (sqlite:///...) of PostgreSQL (postgresql://...)",
        "{url}: Koers does not know this kind of database; use SQLite (sqlite:///...) or PostgreSQL (postgresql://...)",
    ),
    "db.missing_driver": (
        "{url}: het stuurprogramma voor PostgreSQL is niet geïnstalleerd; voer uit: {install}",
        "{url}: the PostgreSQL driver is not installed; run: {install}",
    ),
    "db.missing_module": (
        "{url}: de Python-module {module} die deze database nodig heeft is niet geïnstalleerd",
        "{url}: the Python module {module} that this database needs is not installed",
    ),
    "db.unreachable": (
        "De database {url} is niet te openen: {reason}",
        "Cannot open the database {url}: {reason}",
    ),
    "db.migration_failed": (
        "De database {url} is niet bij te werken: {reason}. Is ze door een nieuwere versie van Koers bijgewerkt?",
        "Cannot upgrade the database {url}: {reason}. Was it upgraded by a newer version of Koers?",
    ),
    # storing workspaces
    "db.unknown_workspace": (
        "De database heeft geen werkruimte {workspace}; 'koers db list' toont welke er zijn",
        "The database has no workspace {workspace}; 'koers db list' shows which there are",
    ),
    "db.invalid_workspace": (
        "Werkruimte {workspace} is niet opgeslagen, want ze klopt niet:",
        "Workspace {workspace} was not saved, because it is not consistent:",
    ),
    "db.nul_text": (
        "Werkruimte {workspace} is niet opgeslagen: {place} bevat een NUL-teken (\\x00), dat PostgreSQL niet in tekst kan bewaren",
        "Workspace {workspace} was not saved: {place} holds a NUL character (\\x00), which PostgreSQL cannot keep in text",
    ),
    # koers db
    "db.upgraded": (
        "Database {url} bijgewerkt van migratie {before} naar {after}.",
        "Database {url} upgraded from migration {before} to {after}.",
    ),
    "db.up_to_date": (
        "Database {url} is bij: migratie {revision}.",
        "Database {url} is up to date: migration {revision}.",
    ),
    "db.no_revision": ("(leeg)", "(empty)"),
    "db.imported": (
        "Werkruimte {workspace} ({name}) staat in {url}: {goals} doelen, {kpis} KPI's, {plans} plannen.",
        "Workspace {workspace} ({name}) is in {url}: {goals} goals, {kpis} KPIs, {plans} plans.",
    ),
    "db.exported": (
        "Werkruimte {workspace} geschreven naar {path}.",
        "Workspace {workspace} written to {path}.",
    ),
    "db.empty": (
        "Nog geen werkruimten in {url}; 'koers db import koers.yaml' voegt er een toe.",
        "No workspaces in {url} yet; 'koers db import koers.yaml' adds one.",
    ),
    "db.column.id": ("Id", "Id"),
    "db.column.name": ("Naam", "Name"),
    "db.column.language": ("Taal", "Language"),
    "db.column.goals": ("Doelen", "Goals"),
    "db.column.kpis": ("KPI's", "KPIs"),
    "db.column.plans": ("Plannen", "Plans"),
    "db.column.updated": ("Bijgewerkt", "Updated"),
}
