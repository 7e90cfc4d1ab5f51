"""Messages of the web app's settings, members and invitations, the user's own account and API
tokens: ``key: (dutch, english)``."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- workspace settings ---
    "web.settings.title": ("Instellingen", "Settings"),
    "web.settings.general": ("Werkruimte", "Workspace"),
    "web.settings.name": ("Naam", "Name"),
    "web.settings.language": ("Taal van rapporten en meldingen", "Language of reports and alerts"),
    "web.settings.currency": ("Valuta", "Currency"),
    "web.settings.timezone": ("Tijdzone", "Time zone"),
    "web.settings.journey": ("Klantreismodel", "Customer journey model"),
    "web.settings.save": ("Opslaan", "Save"),
    "web.settings.saved": ("De instellingen zijn opgeslagen.", "The settings are saved."),
    "web.settings.owner_only": (
        "Alleen een eigenaar kan de instellingen en leden wijzigen.",
        "Only an owner can change the settings and members.",
    ),
    "web.settings.bad_name": (
        "Naam: kies een naam van 1 tot {length} tekens.",
        "Name: choose a name of 1 to {length} characters.",
    ),
    "web.settings.bad_language": (
        "Taal: '{value}' is geen taal van Koers (nl of en).",
        "Language: '{value}' is not a language of Koers (nl or en).",
    ),
    "web.settings.bad_currency": (
        "Valuta: '{value}' is geen valutacode (ISO 4217, zoals EUR).",
        "Currency: '{value}' is not a currency code (ISO 4217, such as EUR).",
    ),
    "web.settings.bad_timezone": (
        "Tijdzone: '{value}' is geen tijdzone (zoals Europe/Amsterdam).",
        "Time zone: '{value}' is not a time zone (such as Europe/Amsterdam).",
    ),
    "web.settings.bad_journey": (
        "Klantreismodel: '{value}' is geen model van deze werkruimte.",
        "Customer journey model: '{value}' is not a model of this workspace.",
    ),
    "web.settings.journey_conflict": (
        "Klantreismodel: dit model past niet bij de KPI's van deze werkruimte: {problem}",
        "Customer journey model: this model does not fit the KPIs of this workspace: {problem}",
    ),
    "web.settings.bad_field": (
        "{field}: deze waarde is geen tekst.",
        "{field}: this value is not text.",
    ),
    # --- members and invitations ---
    "web.settings.members": ("Leden", "Members"),
    "web.settings.member": ("Lid", "Member"),
    "web.settings.role": ("Rol", "Role"),
    "web.settings.you": ("(jij)", "(you)"),
    "web.settings.change_role": ("Rol wijzigen", "Change role"),
    "web.settings.remove": ("Verwijderen", "Remove"),
    "web.settings.role_changed": ("De rol van {name} is nu {role}.", "{name} is now {role}."),
    "web.settings.member_removed": ("{name} is geen lid meer.", "{name} is no longer a member."),
    "web.settings.not_member": (
        "Dit is geen lid van deze werkruimte.",
        "This is no member of this workspace.",
    ),
    "web.settings.invite": ("Iemand uitnodigen", "Invite someone"),
    "web.settings.invite_email": ("E-mailadres", "E-mail address"),
    "web.settings.invite_submit": ("Uitnodigen", "Invite"),
    "web.settings.invited": (
        "Stuur {email} deze link; hij is {days} dagen geldig en wordt maar één keer getoond:",
        "Send {email} this link; it is valid for {days} days and is shown only once:",
    ),
    "web.settings.invite_mailed": (
        "De uitnodiging is ook per e-mail verstuurd.",
        "The invitation was also sent by e-mail.",
    ),
    "web.settings.pending": ("Openstaande uitnodigingen", "Pending invitations"),
    "web.settings.no_pending": ("Geen openstaande uitnodigingen.", "No pending invitations."),
    "web.settings.expires": ("Geldig tot", "Valid until"),
    "web.settings.revoke": ("Intrekken", "Revoke"),
    "web.settings.revoked": ("De uitnodiging is ingetrokken.", "The invitation is revoked."),
    "web.settings.unknown_invitation": (
        "Deze uitnodiging bestaat niet of is al gebruikt.",
        "This invitation does not exist or was used already.",
    ),
    "web.settings.invite_subject": (
        "Uitnodiging voor {workspace} in Koers",
        "Invitation to {workspace} in Koers",
    ),
    "web.settings.invite_body": (
        "{inviter} nodigt je uit voor {workspace} in Koers, als {role}.\n\n"
        "Neem de uitnodiging aan via deze link (geldig tot {expires}):\n{url}\n",
        "{inviter} invites you to {workspace} in Koers, as {role}.\n\n"
        "Accept the invitation with this link (valid until {expires}):\n{url}\n",
    ),
    # --- the user's own account ---
    "web.me.title": ("Je account", "Your account"),
    "web.me.profile": ("Profiel", "Profile"),
    "web.me.name": ("Naam", "Name"),
    "web.me.language": ("Taal", "Language"),
    "web.me.save": ("Opslaan", "Save"),
    "web.me.saved": ("Je gegevens zijn opgeslagen.", "Your details are saved."),
    "web.me.password": ("Wachtwoord wijzigen", "Change password"),
    "web.me.current_password": ("Huidig wachtwoord", "Current password"),
    "web.me.new_password": ("Nieuw wachtwoord", "New password"),
    "web.me.repeat_password": ("Nieuw wachtwoord nog eens", "New password again"),
    "web.me.password_hint": ("Minstens {length} tekens.", "At least {length} characters."),
    "web.me.change_password": ("Wachtwoord wijzigen", "Change password"),
    "web.me.password_changed": (
        "Je wachtwoord is gewijzigd; je bent op andere apparaten uitgelogd.",
        "Your password is changed; you are signed out on other devices.",
    ),
    "web.me.wrong_password": (
        "Huidig wachtwoord: dit is niet je wachtwoord.",
        "Current password: this is not your password.",
    ),
    "web.me.passwords_differ": (
        "Nieuw wachtwoord: de twee wachtwoorden zijn niet gelijk.",
        "New password: the two passwords differ.",
    ),
    "web.me.tokens": ("API-tokens", "API tokens"),
    "web.me.tokens_intro": (
        "Met een token praat een programma namens jou met de API van Koers ({docs}): "
        "het ziet en mag precies wat jij ziet en mag.",
        "With a token a program talks to the Koers API ({docs}) on your behalf: "
        "it sees and may do exactly what you see and may do.",
    ),
    "web.me.token_name": ("Naam van het token", "Token name"),
    "web.me.token_name_hint": ("bijvoorbeeld 'Looker Studio'", "for example 'Looker Studio'"),
    "web.me.create_token": ("Token maken", "Create token"),
    "web.me.token_created": (
        "Je nieuwe token '{name}'; kopieer het nu, het wordt maar één keer getoond:",
        "Your new token '{name}'; copy it now, it is shown only once:",
    ),
    "web.me.no_tokens": ("Je hebt nog geen API-tokens.", "You have no API tokens yet."),
    "web.me.created": ("Gemaakt", "Created"),
    "web.me.last_used": ("Laatst gebruikt", "Last used"),
    "web.me.never_used": ("nooit", "never"),
    "web.me.revoke": ("Intrekken", "Revoke"),
    "web.me.revoked": ("Het token is ingetrokken.", "The token is revoked."),
    "web.me.unknown_token": ("Dit token bestaat niet (meer).", "This token does not exist (any more)."),
    "web.me.memberships": ("Je werkruimtes", "Your workspaces"),
}
