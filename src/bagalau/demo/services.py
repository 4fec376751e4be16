"""Setting up the demo: the five methodologies, the demo body, its staff and logins, and its
evaluation cycles at different stages (bagalau.demo.cycles)."""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test.utils import override_settings

from bagalau.core.audit import audit_record
from bagalau.demo.cycles import demo_cycles
from bagalau.demo.staff import DEMO_PASSWORD, DEMO_USERS, demo_rows
from bagalau.methodology.models import MethodologyVersion, VersionKind
from bagalau.methodology.selectors import version_rules
from bagalau.methodology.services import methodology_load_shipped
from bagalau.orgstructure.models import Organisation, OrganisationKind, Position, Servant
from bagalau.orgstructure.selectors import position_holder
from bagalau.orgstructure.services import organisation_create
from bagalau.orgstructure.staff_files import COLUMN_NAMES
from bagalau.orgstructure.staff_import import staff_import

DEMO_CODE = "demo"


@dataclass
class DemoLogin:
    username: str
    password: str | None  # None when the account existed already (password kept)
    role: str
    servant: str


def _demo_version(org: Organisation) -> MethodologyVersion:
    version = MethodologyVersion.objects.filter(code="demo-1").first()
    if version is None:
        version = MethodologyVersion(
            code="demo-1",
            organisation=org,
            kind=VersionKind.ADOPTED,
            parent=MethodologyVersion.objects.get(code="arys-714"),
            act_issuer_kk="Демо ауданының әкімдігі",
            act_issuer_ru="Акимат демо-района",
            act_kind_kk="қаулы",
            act_kind_ru="постановление",
            act_title_kk="«Б» корпусы мемлекеттік әкімшілік қызметшілерінің қызметін бағалаудың "
            "әдістемесін бекіту туралы (демо)",
            act_title_ru="Об утверждении методики оценки деятельности административных "
            "государственных служащих корпуса «Б» (демо)",
            act_number="1",
            act_date=dt.date(2024, 1, 5),
            effective_from=dt.date(2024, 1, 16),
            assumptions=[
                "Demo act: it adopts the rules of Arys resolution No. 714 (001) unchanged."
            ],
        )
        version.full_clean()
        version.save()
        audit_record(
            channel="demo", action="methodology_version.create", obj=version, organisation_id=org.pk
        )
    return version


def demo_setup() -> tuple[Organisation, list[DemoLogin]]:
    """Create what is missing of the demo; what exists is kept as it is. The demo plays
    past events: the notices they give (the commission's schedule and results) are recorded
    in the system but not e-mailed."""
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        return _demo_setup()


@transaction.atomic
def _demo_setup() -> tuple[Organisation, list[DemoLogin]]:
    methodology_load_shipped()
    org = Organisation.objects.filter(code=DEMO_CODE).first() or organisation_create(
        actor=None,
        channel="demo",
        code=DEMO_CODE,
        kind=OrganisationKind.AKIMAT_APPARATUS,
        name_kk="Демо ауданы әкімінің аппараты",
        name_ru="Аппарат акима демо-района",
    )
    version = _demo_version(org)
    if not Position.objects.filter(organisation=org).exists():
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "demo-staff.csv"
            with path.open("w", encoding="utf-8", newline="") as stream:
                writer = csv.DictWriter(stream, fieldnames=COLUMN_NAMES, restval="")
                writer.writeheader()
                writer.writerows(demo_rows())
            staff_import(
                organisation=org,
                path=path,
                rules=version_rules(version),
                version_label=version.code,
            )
    logins = _demo_users(org)
    hr_position = next(code for username, code, _role in DEMO_USERS if username == "hr")
    hr = position_holder(Position.objects.get(organisation=org, code=hr_position), dt.date.today())
    if hr is not None and hr.user_id is not None:
        demo_cycles(org, hr.user)
    return org, logins


def _demo_users(org: Organisation) -> list[DemoLogin]:
    User = get_user_model()
    logins = []
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        User.objects.create_superuser("admin", "admin@localhost", DEMO_PASSWORD)
    logins.append(
        DemoLogin(
            "admin", None if admin else DEMO_PASSWORD, "operator (all bodies, admin site)", "-"
        )
    )
    today = dt.date.today()
    for username, position_code, role in DEMO_USERS:
        position = Position.objects.get(organisation=org, code=position_code)
        servant = position_holder(position, today)
        if servant is None:
            continue
        user = User.objects.filter(username=username).first()
        created = user is None
        if created:
            user = User.objects.create_user(username, f"{username}@localhost", DEMO_PASSWORD)
        if servant.user_id is None and not Servant.objects.filter(user=user).exists():
            servant.user = user
            servant.save(update_fields=["user", "updated_at"])
            audit_record(
                channel="demo",
                action="servant.link_user",
                obj=servant,
                organisation_id=org.pk,
                before={"user": None},
                after={"user": username},
            )
        logins.append(
            DemoLogin(username, DEMO_PASSWORD if created else None, str(role), servant.full_name)
        )
    return logins
