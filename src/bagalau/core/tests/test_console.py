import io
import json
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from bagalau.cli import COMMANDS, main
from bagalau.core.models import ApiToken, AuditEvent


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_help_lists_every_command_in_plain_words(capsys) -> None:
    main(["--help"])
    text = capsys.readouterr().out
    for name, description in COMMANDS:
        assert name in text
        assert description in text


def test_an_unknown_command_fails_with_a_message() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bagalau.cli", "no-such-command"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "Unknown command" in result.stderr


@pytest.mark.django_db
def test_a_token_is_printed_once_stored_as_a_digest_and_can_be_revoked() -> None:
    get_user_model().objects.create_user("hr", password="x-Password-1")
    key = run("token", "create", "hr", "--name", "HR scripts").strip()
    assert key.startswith("bg_")
    token = ApiToken.objects.get()
    assert key not in (token.digest, token.prefix)
    assert key.startswith(token.prefix)
    listed = json.loads(run("token", "list", "--json"))
    assert listed[0]["user"] == "hr"
    assert listed[0]["revoked_at"] is None
    run("token", "revoke", key[:8])
    assert json.loads(run("token", "list", "--json"))[0]["revoked_at"] is not None
    actions = list(
        AuditEvent.objects.filter(object_type="core.apitoken").values_list("action", flat=True)
    )
    assert sorted(actions) == ["api_token.create", "api_token.revoke"]
    with pytest.raises(CommandError, match="no user with the login 'ghost'"):
        run("token", "create", "ghost")


@pytest.mark.django_db
def test_audit_lists_records_as_json() -> None:
    run("org", "create", "akimat", "--name-kk", "Әкімдік", "--name-ru", "Акимат")
    records = json.loads(run("audit", "--org", "akimat", "--json"))
    assert records[0]["action"] == "organisation.create"
    assert records[0]["channel"] == "console"
    assert json.loads(run("audit", "--object", "organisation:0", "--json")) == []
    with pytest.raises(CommandError, match="no state body with the code 'nope'"):
        run("audit", "--org", "nope")
