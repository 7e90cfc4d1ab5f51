"""The words the KPI sentence parser understands, in Dutch and English.

Both languages' words are always tried: Dutch marketers write "time-on-site" and "leads", and
English sentences borrow Dutch names. Language only decides how numbers are read (``1.500`` is
fifteen hundred in Dutch) and which language messages come back in.

Patterns are regular expressions over lower-cased text in which curly quotes became straight
ones. A metric pattern carries a weight: when several match, the highest weight wins, then the
longest match, so "nieuwe bezoekers" beats "bezoekers".
"""

from __future__ import annotations

from fractions import Fraction

from koers.domain.period import Grain

MONTHS: dict[str, int] = {
    # Dutch
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "okt": 10, "nov": 11, "dec": 12,
    # English
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8,
    "october": 10, "mar": 3, "oct": 10,
}  # fmt: skip

MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))

GRAIN_WORDS: dict[str, Grain] = {
    "dag": Grain.DAY, "day": Grain.DAY, "week": Grain.WEEK, "maand": Grain.MONTH,
    "month": Grain.MONTH, "kwartaal": Grain.QUARTER, "quarter": Grain.QUARTER,
    "jaar": Grain.YEAR, "year": Grain.YEAR,
}  # fmt: skip

EVERY_GRAIN: list[tuple[str, Grain]] = [
    (r"\b(?:per|elke|iedere|a|an|each|every)\s+(dag|day|week|maand|month|kwartaal|quarter)\b", Grain.DAY),
    (r"\b(dagelijks|daily)\b", Grain.DAY),
    (r"\b(wekelijks|weekly)\b", Grain.WEEK),
    (r"\b(maandelijks|monthly)\b", Grain.MONTH),
    (r"\b(per\s+kwartaal|driemaandelijks|quarterly)\b", Grain.QUARTER),
]
"""Phrases that make a sub-period; the grain of the first group's word wins over the default."""

ORDINALS: dict[str, int] = {
    "eerste": 1, "1e": 1, "1ste": 1, "first": 1, "1st": 1,
    "tweede": 2, "2e": 2, "2de": 2, "second": 2, "2nd": 2,
    "derde": 3, "3e": 3, "3de": 3, "third": 3, "3rd": 3,
    "vierde": 4, "4e": 4, "4de": 4, "fourth": 4, "4th": 4, "laatste": 4, "last": 4,
}  # fmt: skip

NUMBER_WORDS: dict[str, int] = {
    "een": 1, "één": 1, "eén": 1, "one": 1, "a": 1, "twee": 2, "two": 2, "drie": 3, "three": 3,
    "vier": 4, "four": 4, "vijf": 5, "five": 5, "zes": 6, "six": 6, "zeven": 7, "seven": 7,
    "acht": 8, "eight": 8, "negen": 9, "nine": 9, "tien": 10, "ten": 10, "twintig": 20,
    "twenty": 20, "honderd": 100, "hundred": 100,
}  # fmt: skip

FRACTION_WORDS: dict[str, Fraction] = {
    "de helft": Fraction(1, 2), "half": Fraction(1, 2), "een derde": Fraction(1, 3),
    "a third": Fraction(1, 3), "one third": Fraction(1, 3), "een kwart": Fraction(1, 4),
    "a quarter of": Fraction(1, 4), "one quarter of": Fraction(1, 4),
}  # fmt: skip

MULTIPLIERS: dict[str, int] = {
    "k": 1000, "duizend": 1000, "thousand": 1000, "mln": 1_000_000, "miljoen": 1_000_000,
    "million": 1_000_000,
}  # fmt: skip

AT_LEAST = (
    r"\b(minimaal|minstens|ten\s*minste|op\s+zijn\s+minst|meer\s+dan|ruim|boven\s+de|at\s+least|"
    r"a\s+minimum\s+of|minimum(?:\s+of)?|more\s+than|over|above|no\s+less\s+than|or\s+more|of\s+meer|"
    r"niet\s+minder\s+dan)\b"
)
AT_MOST = (
    r"\b(maximaal|hoogstens|ten\s*hoogste|niet\s+meer\s+dan|minder\s+dan|onder\s+de|onder|lager\s+dan|"
    r"beneden|at\s+most|no\s+more\s+than|less\s+than|under|below|a\s+maximum\s+of|maximum(?:\s+of)?|"
    r"max\.?|or\s+less|of\s+minder|blijft\s+onder|stays?\s+below|stays?\s+under)\b"
)

MONEY_BEFORE = r"(?:€|eur\b|euro\b|\$|usd\b|£|gbp\b)"
MONEY_AFTER = r"(?:€|euro'?s?\b|eur\b|\$|dollars?\b|usd\b|£|pounds?\b|gbp\b)"
CURRENCIES = {"€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "euro's": "EUR", "$": "USD",
              "usd": "USD", "dollar": "USD", "dollars": "USD", "£": "GBP", "gbp": "GBP", "pound": "GBP",
              "pounds": "GBP"}  # fmt: skip

DURATIONS: dict[str, int] = {
    "seconde": 1, "seconden": 1, "sec": 1, "s": 1, "second": 1, "seconds": 1, "secs": 1,
    "minuut": 60, "minuten": 60, "min": 60, "minute": 60, "minutes": 60, "mins": 60,
    "uur": 3600, "uren": 3600, "hour": 3600, "hours": 3600,
}  # fmt: skip

# --- metrics ------------------------------------------------------------------------------

_VISITORS = r"(?:website)?(?:bezoekers?|gebruikers?|visitors?|users?)"
_BUY = (
    r"(?:koopt|kopen|kocht|kochten|gekocht|schaft|schaffen|aanschaffen|aangeschaft|bestelt|bestellen|"
    r"besteld|buys?|bought|purchases?|purchased|orders?)"
)
_SUBSCRIBERS = r"(?:inschrijvers|abonnees|subscribers)"
_NEWSLETTER = r"(?:nieuwsbrief\w*|newsletter\w*|mailinglijst|mailing\s+list|e-?mail\s*list)"

METRIC_PATTERNS: list[tuple[str, str, int]] = [
    # funnel conversion rates, named outright
    (
        r"\b(?:conversie\s+(?:van\s+)?)?leads?\s*(?:→|->|naar|to)\s*mql'?s?\b(?:\s*conver\w+)?",
        "lead_to_mql_rate",
        90,
    ),
    (
        r"\b(?:conversie\s+(?:van\s+)?)?mql'?s?\s*(?:→|->|naar|to)\s*sql'?s?\b(?:\s*conver\w+)?",
        "mql_to_sql_rate",
        90,
    ),
    (
        r"\b(?:conversie\s+(?:van\s+)?)?sql'?s?\s*(?:→|->|naar|to)\s*(?:opportunit\w+|offertes?)\b",
        "sql_to_opportunity_rate",
        90,
    ),
    (
        r"\b(?:opportunit\w+|offertes?)\s*(?:→|->|naar|to)\s*(?:klant\w*|customers?|deals?)\b",
        "opportunity_to_customer_rate",
        90,
    ),
    (
        r"\b(?:offertes?|opportunit\w+|deals?|quotes?)\b[^.]*?\b(?:gewonnen|won|gescoord|binnengehaald|closed)\b",
        "opportunity_to_customer_rate",
        88,
    ),
    (
        r"\b(?:scoort|scoren|wint|winnen|wins?)\b[^.]*?\b(?:offertes?|opportunit\w+|deals?|quotes?)\b",
        "opportunity_to_customer_rate",
        88,
    ),
    (
        r"\b(?:win\s*rate|winratio|scoringspercentage|closing\s+rate|close\s+rate)\b",
        "opportunity_to_customer_rate",
        85,
    ),
    (r"\b(?:leads?|lead)\s*(?:→|->|naar|to)\s*(?:klant\w*|customers?)\b", "lead_to_customer_rate", 90),
    (r"\b(?:bezoekers?|visitors?)\s*(?:→|->|naar|to)\s*leads?\b", "visitor_to_lead_rate", 90),
    (r"\bconversie\w*\s+(?:van\s+)?(?:bezoeker|visitor)s?\s+(?:naar|to)\s+lead", "visitor_to_lead_rate", 95),
    # costs and returns
    (r"\b(?:kosten\s+per\s+lead|cost\s+per\s+lead|cpl)\b", "cost_per_lead", 80),
    (r"\b(?:kosten\s+per\s+klik|cost\s+per\s+click|cpc)\b", "cpc", 80),
    (r"\b(?:cac|klantacquisitiekosten|acquisitiekosten|customer\s+acquisition\s+costs?)\b", "cac", 80),
    (r"\b(?:roas|return\s+on\s+ad\s+spend|rendement\s+op\s+advertentie\w*)\b", "roas", 85),
    (r"\b(?:roi|return\s+on\s+investment|rendement\s+op\s+investering)\b", "roi", 80),
    (r"\b(?:clv|customer\s+lifetime\s+value|klantwaarde|lifetime\s+value)\b", "clv", 80),
    (r"\b(?:nps|net\s+promoter\s+score)\b", "nps", 80),
    (r"\b(?:klantretentie|klantbehoud|retentie\w*|retention(?:\s+rate)?)\b", "retention_rate", 70),
    (
        r"\b(?:advertentie[\s-]*(?:opbrengsten|inkomsten|omzet)|ad\s+revenue|adsense[\s-]*(?:opbrengsten|inkomsten|revenue)?)\b",
        "ad_revenue",
        80,
    ),
    (
        r"\b(?:advertentie[\s-]*kosten|advertentiebudget|mediabudget|ad\s+spend|ad\s+costs?|media\s+spend)\b",
        "ad_cost",
        70,
    ),
    (r"\b(?:marketingkosten|marketing\s+costs?|marketing\s+spend)\b", "marketing_cost", 70),
    (r"\b(?:omzet|revenue|opbrengsten|inkomsten)\b", "revenue", 40),
    # web analytics
    (
        r"\b(?:time[\s-]+on[\s-]+site|tijd\s+op\s+de\s+(?:web)?site|verblijfsduur|betrokkenheidsduur|engagement\s+time)\b",
        "avg_engagement_time_per_user",
        80,
    ),
    (
        r"\b(?:sessieduur|session\s+duration|duur\s+van\s+een\s+(?:sessie|bezoek))\b",
        "avg_session_duration",
        80,
    ),
    (r"\b(?:betrokkenheidspercentage|engagement\s*rate)\b", "engagement_rate", 85),
    (r"\b(?:sessies\s+met\s+betrokkenheid|engaged\s+sessions?)\b", "engaged_sessions", 80),
    (r"\bnieuwe\s+" + _VISITORS + r"|\bnew\s+" + _VISITORS, "new_users", 60),
    (r"\b(?:terugkerende|returning|herhaal)\s*" + _VISITORS, "returning_users", 60),
    (r"\b(?:unieke\s+)?" + _VISITORS + r"\b", "users", 20),
    (r"\b(?:bezoeken|sessies|sessions?|visits?)\b", "sessions", 25),
    (r"\b(?:paginaweergaven|pagina[\s-]*weergaven|weergaven|pageviews?|page\s+views?)\b", "pageviews", 50),
    (r"\bscrolls?\b|\bgescrold\b", "scrolls", 50),
    (r"\b(?:key\s+events?|conversies|conversions?|conversie)\b", "key_events", 35),
    (
        r"\b(?:formulier\w*|form\w*|contactaanvra\w+|offerte[\s-]*aanvra\w+|aanvragen)\b[^.]*?\b(?:ingevuld|verzonden|verstuurd|filled\s+in|submitted|submissions?)\b",
        "form_submissions",
        70,
    ),
    (
        r"\b(?:ingevuld|filled\s+in|form\s+submissions?|formulierinzendingen|offerte[\s-]*aanvragen|contactaanvragen)\b",
        "form_submissions",
        55,
    ),
    (r"\b(?:gedownload|downloads?|downloaded)\b", "downloads", 55),
    (
        r"\b(?:artikel\w*|producten|items?)\s+(?:in|to)\s+(?:haar|zijn|het|hun|de|je|the|their|her|his)?\s*(?:winkel(?:mand\w*|wagen\w*)|cart|basket)",
        "items_per_cart",
        75,
    ),
    (
        r"\b(?:toegevoegd\s+aan\s+(?:het\s+)?winkel\w+|add[\s-]*to[\s-]*carts?|added\s+to\s+(?:the\s+)?cart)\b",
        "cart_additions",
        70,
    ),
    # newsletter
    (_SUBSCRIBERS + r"\b[^.]*?\b" + _BUY + r"\b", "subscriber_customers", 85),
    (r"\b" + _BUY + r"\b[^.]*?\b" + _SUBSCRIBERS, "subscriber_customers", 85),
    (
        r"\b(?:schrijft|schrijven)\s+zich\s+in\s+(?:voor|op)\s+(?:je|de|onze|jouw|the)?\s*" + _NEWSLETTER,
        "newsletter_signups",
        80,
    ),
    (
        r"\b(?:leads?|inschrijvingen|aanmeldingen|inschrijvers|abonnees|sign[\s-]*ups?|subscribers|subscriptions?)\b[^.]{0,25}?\b"
        + _NEWSLETTER,
        "newsletter_signups",
        75,
    ),
    (
        _NEWSLETTER
        + r"[\s-]*(?:inschrijvingen|aanmeldingen|inschrijvers|abonnees|sign[\s-]*ups?|subscribers|subscriptions?|leads?)\b",
        "newsletter_signups",
        75,
    ),
    (
        r"\b(?:subscribes?|sign\s+up)\s+(?:to|for)\s+(?:the|our|your)?\s*" + _NEWSLETTER,
        "newsletter_signups",
        80,
    ),
    # advertising
    (
        r"\b(?:doorklik\w*|klikt?\s+door|klikken\s+door|click[\s-]*through\w*|clicks?\s+through|ctr)\b",
        "ad_clicks",
        60,
    ),
    (r"\b(?:advertentieklikken|klikken|clicks?)\b", "ad_clicks", 45),
    (r"\b(?:gezien|vertoond|vertoningen|impressies|impressions?|seen|shown)\b", "ad_impressions", 45),
    # "reach" and "bereik" are verbs too ("reach 10,000 visitors"): only a fallback
    (r"\b(?:bereik|reach)\b", "ad_reach", 15),
    # lead funnel and sales
    (r"\b(?:marketing\s+qualified\s+leads?|mql'?s?)\b", "mqls", 60),
    (r"\b(?:sales\s+qualified\s+leads?|sql'?s?)\b", "sqls", 60),
    (r"\b(?:opportunit\w+|offertes)\b", "opportunities", 55),
    (r"\bleads?\b", "leads", 45),
    (
        r"\b(?:van\s+de\s+(?:nieuwe\s+)?klanten|of\s+(?:the\s+)?(?:new\s+)?customers)\b[^.]*?\b(?:extra|opnieuw|nog\s+een\s+keer|again|more|another)\b",
        "repeat_customers",
        85,
    ),
    (
        r"\b(?:herhaalaankopen|terugkerende\s+klanten|repeat\s+(?:customers|purchases|buyers)|bought\s+again)\b",
        "repeat_customers",
        80,
    ),
    (
        r"\b(?:nieuwe\s+klanten|new\s+customers|klanten|customers|deals\s+gewonnen|won\s+deals)\b",
        "customers",
        40,
    ),
    (
        r"\b(?:verkocht|verkopen|sold|bestellingen|orders?|aankopen|purchases|transacties|transactions)\b",
        "orders",
        40,
    ),
]
"""``(pattern, metric key, weight)``: which words point to which catalog metric."""

RATE_OF: dict[str, str] = {
    "ad_clicks": "ctr",
    "ad_impressions": "ctr",
    "newsletter_signups": "newsletter_signup_rate",
    "subscriber_customers": "subscriber_to_customer_rate",
    "engaged_sessions": "engagement_rate",
    "leads": "visitor_to_lead_rate",
    "mqls": "lead_to_mql_rate",
    "sqls": "mql_to_sql_rate",
    "opportunities": "sql_to_opportunity_rate",
    "customers": "opportunity_to_customer_rate",
    "repeat_customers": "retention_rate",
}
"""When a sentence gives a share ("40% ... clicks through"), the count metric becomes this rate."""

RELATIVE_GROWTH = (
    r"\b(?:meer|minder|groei|stijging|daling|more|less|fewer|growth|increase|decrease|rise|drop)\b"
)

# --- segments -----------------------------------------------------------------------------

SEGMENT_PATTERNS: list[tuple[str, str, str]] = [
    (
        r"\b(?:sea|google\s+ads|adwords|betaalde\s+zoek\w*|paid\s+search|ppc|zoekmachineadverteren)\b",
        "channel",
        "Paid Search",
    ),
    (
        r"\b(?:seo|organisch\w*\s+zoek\w*|organic\s+search|zoekmachineoptimalisatie)\b",
        "channel",
        "Organic Search",
    ),
    (r"\b(?:betaalde\s+social\w*|paid\s+social|social\s+ads)\b", "channel", "Paid Social"),
    (
        r"\b(?:via|uit|from|through|vanuit|op)\s+(?:de\s+|the\s+|onze\s+|our\s+)?(?:social\s+media|sociale\s+media|social)\b",
        "channel",
        "Organic Social",
    ),
    (
        r"\b(?:via|uit|from|through|vanuit)\s+(?:de\s+|the\s+|onze\s+|our\s+|je\s+|your\s+)?(?:nieuwsbrief|newsletter|e-?mail\w*)\b",
        "channel",
        "Email",
    ),
    (r"\b(?:direct\s+verkeer|direct\s+traffic|via\s+direct)\b", "channel", "Direct"),
    (r"\b(?:verwijzingen|referrals?)\b", "channel", "Referral"),
    (r"\b(?:displaycampagne\w*|display\s+(?:ads|advertenties|campaign\w*))\b", "channel", "Display"),
    (r"\b(facebook|instagram|linkedin|tiktok|youtube|pinterest|x\.com|twitter)\b", "source", "{0}"),
    (r"\b(?:op\s+)?(?:mobiel\w*|smartphones?|mobile)\b", "device", "mobile"),
    (r"\b(?:op\s+)?desktop\w*\b", "device", "desktop"),
    (r"\btablets?\b", "device", "tablet"),
    (r"\b(?:vrouwen|women|female)\b", "gender", "female"),
    (r"\b(?:mannen|men|male)\b", "gender", "male"),
    (r"\b(?:uit|in|from)\s+(?:nederland|the\s+netherlands)\b", "country", "Netherlands"),
    (r"\b(?:uit|in|from)\s+(?:belgië|belgie|belgium)\b", "country", "Belgium"),
    (r"\b(?:uit|in|from)\s+(?:duitsland|germany)\b", "country", "Germany"),
    (r"\bblog\w*\b", "content", "blog"),
    (r"\bwhite\s*papers?\b", "content", "whitepaper"),
    (r"\be-?books?\b", "content", "ebook"),
    (r"\bchecklists?\b", "content", "checklist"),
    (r"\bwebinars?\b", "content", "webinar"),
    (r"\b(?:contactformulier\w*|contact\s+forms?)\b", "form", "contact"),
    (r"\b(?:offerteformulier\w*|offerte[\s-]*aanvra\w+|quote\s+(?:forms?|requests?))\b", "form", "quote"),
]
"""``(pattern, dimension, value)``; ``{0}`` in the value is the pattern's first group."""

AGE_PATTERNS = [
    r"\btussen\s+(?:de\s+)?(\d{1,2})\s+en\s+(\d{1,2})\s+jaar(?:\s+oud)?",
    r"\bvan\s+(\d{1,2})\s+tot\s+(\d{1,2})\s+jaar(?:\s+oud)?",
    r"\b(\d{1,2})\s*-\s*(\d{1,2})\s+jaar(?:\s+oud)?",
    r"\b(?:aged|between\s+the\s+ages\s+of)\s+(\d{1,2})\s*(?:-|to|and)\s*(\d{1,2})\b",
    r"\bbetween\s+(\d{1,2})\s+and\s+(\d{1,2})\s+years?(?:\s+old)?",
    r"\b(\d{1,2})\s*-\s*(\d{1,2})[\s-]+years?[\s-]+olds?\b",
]

PRODUCT_PATTERNS = [
    r"(?P<n>\d[\d.,]*)\s+(?:extra\s+)?(?P<product>[a-zà-ÿ]{3,})\s+(?:verkocht|gekocht|besteld|sold|bought|ordered)\b",
    r"\b(?:extra\s+)(?P<product>[a-zà-ÿ]{3,})\s+(?:gekocht|besteld|bought|ordered)\b",
    r"\b(?:sold|bought|ordered)\s+(?P<n>\d[\d.,]*)\s+(?P<product>[a-zà-ÿ]{3,})\b",
]
NOT_PRODUCTS = frozenset({"keer", "times", "stuks", "items", "artikelen", "producten", "products", "extra"})
