"""The Olist marketing funnel (in ../shared beside the project) imported the way a user would:
the MQL file and the closed-deals file, mapped onto CRM contacts. Shared by the tests that need
real funnel data; never copied into the project."""

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from koers.cli import app

OLIST = Path(__file__).resolve().parents[2] / "shared" / "data" / "olist-marketing-funnel"
MQLS_FILE = OLIST / "olist_marketing_qualified_leads_dataset.csv"
WON_FILE = OLIST / "olist_closed_deals_dataset.csv"
MQLS = ["--table", "crm_contacts", "--map", "contact_id=mql_id", "--map", "mql_at=first_contact_date",
        "--map", "channel=origin", "--source", "olist"]  # fmt: skip
WON = ["--table", "crm_contacts", "--map", "contact_id=mql_id", "--map", "customer_at=won_date",
       "--source", "olist"]  # fmt: skip

runner = CliRunner()


def cli_json(*args: str) -> Any:
    """Run ``koers ARGS --json``; it must succeed; its JSON."""
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def import_olist(folder: Path) -> None:
    """Import both Olist files into the workspace in ``folder``."""
    cli_json("import", str(MQLS_FILE), *MQLS, "--workspace", str(folder))
    cli_json("import", str(WON_FILE), *WON, "--workspace", str(folder))
