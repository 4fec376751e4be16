import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from bagalau.core.models import AuditEvent
from bagalau.methodology.models import MethodologyVersion
from bagalau.methodology.selectors import (
    NoMethodologyInForce,
    version_in_force,
    version_rules,
)
from bagalau.methodology.services import methodology_load_shipped, shipped_data, shipped_text
from bagalau.orgstructure.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded() -> None:
    methodology_load_shipped()


def org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


def test_the_five_acts_load_as_eight_versions_with_their_bodies(loaded) -> None:
    codes = set(MethodologyVersion.objects.values_list("code", flat=True))
    assert codes == {
        "arys-714",
        "nchr-1",
        "tayynsha-56",
        "tayynsha-85",
        "kentau-161",
        "kentau-131",
        "zhanaozen-19-231",
        "zhanaozen-8-76",
    }
    arys = MethodologyVersion.objects.get(code="arys-714")
    assert (arys.act_number, arys.act_date) == ("714", dt.date(2022, 11, 28))
    nchr = MethodologyVersion.objects.get(code="nchr-1")
    assert nchr.registry_number == "21239"
    assert AuditEvent.objects.filter(action="methodology_version.create").count() == 8


def test_loading_again_keeps_what_is_there(loaded) -> None:
    MethodologyVersion.objects.filter(code="kentau-161").update(notes=["operator checked"])
    report = methodology_load_shipped()
    assert report.created == []
    assert len(report.kept) == 8
    assert MethodologyVersion.objects.get(code="kentau-161").notes == ["operator checked"]


def test_an_invalid_shipped_version_loads_nothing() -> None:
    data = shipped_data()
    data["versions"][-1]["parameters"] = {"kpi_count": "five"}
    with pytest.raises(ValidationError):
        methodology_load_shipped(data=data)
    assert not MethodologyVersion.objects.exists()
    assert not Organisation.objects.exists()


def test_each_act_in_force_on_its_dates(loaded) -> None:
    # 001: ten calendar days after publication (assumed on the act date), repealed 2023.
    assert version_in_force(org("arys-akimat"), dt.date(2023, 1, 1)).code == "arys-714"
    with pytest.raises(NoMethodologyInForce):
        version_in_force(org("arys-akimat"), dt.date(2022, 12, 1))
    with pytest.raises(NoMethodologyInForce):
        version_in_force(org("arys-akimat"), dt.date(2023, 7, 11))
    # 004: appeal goes to the authorized person (004 §43).
    nchr = version_rules(version_in_force(org("nchr"), dt.date(2022, 1, 1)))
    assert nchr.appeal_body == "authorized_person"
    assert {c for c in nchr.categories} == {"C-3", "C-4", "C-5"}


def test_an_amendment_supersedes_its_base_from_its_entry_into_force(loaded) -> None:
    kentau = org("kentau-maslikhat")
    assert version_in_force(kentau, dt.date(2022, 4, 8)).code == "kentau-161"
    amended = version_in_force(kentau, dt.date(2022, 4, 9))
    assert amended.code == "kentau-131"
    rules = version_rules(amended)
    # 002 replaced Annex 4: E-2, E-3 (head), E-3*, E-4 only; the rest comes from the base.
    assert rules.categories == {"E-2", "E-3", "E-4"}
    assert rules.category_group("E-3", True).code != rules.category_group("E-3", False).code
    assert rules.kpi_count == 5
    assert rules.extra["refusal_act_signatories"] == "hr_specialist"  # 002 §40


def test_zhanaozen_amendment_is_still_in_force(loaded) -> None:
    version = version_in_force(org("zhanaozen-maslikhat"), dt.date(2026, 11, 24))
    assert version.code == "zhanaozen-8-76"
    assert version_rules(version).categories == {"E-2", "E-4"}


def test_an_amendment_without_its_parent_is_refused(loaded) -> None:
    version = MethodologyVersion(
        code="x",
        organisation=org("nchr"),
        kind="amendment",
        act_issuer_kk="x",
        act_title_kk="x",
        act_number="1",
        act_date=dt.date(2024, 1, 1),
        effective_from=dt.date(2024, 1, 1),
        parameters={"kpi_count": 4},
    )
    with pytest.raises(ValidationError) as caught:
        version.full_clean()
    assert "parent" in caught.value.message_dict


def test_the_act_texts_ship_inside_the_package() -> None:
    for entry in shipped_data()["versions"]:
        source = entry["act"].get("source_file")
        if source:
            assert "әдістеме" in shipped_text(source).lower()
