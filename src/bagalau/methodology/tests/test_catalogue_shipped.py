"""The shipped catalogues are the five acts' Annex 4, verbatim (§26, Annexes 3 and 4).

The expectations in `annex4_expected/` were counted by hand from each act's text, apart
from the catalogue files: for every competency × category group the number of effective
and of ineffective indicators, and the first and last wording of each column.
"""

from __future__ import annotations

import json
from importlib import resources
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from bagalau.methodology.catalogue_rules import COMPETENCY_CODES, catalogue_problems
from bagalau.methodology.models import CatalogueRevision, MethodologyVersion
from bagalau.methodology.rules import MethodologyRules, merge_parameters
from bagalau.methodology.selectors import catalogue_revision_of, revision_catalogue
from bagalau.methodology.services import (
    catalogue_check,
    methodology_load_shipped,
    shipped_catalogue,
    shipped_data,
)

EXPECTED = Path(__file__).parent / "annex4_expected"
ACTS = ("arys-714", "nchr-1", "tayynsha-85", "kentau-131", "zhanaozen-8-76")


def expected(act: str) -> dict:
    return yaml.safe_load((EXPECTED / f"{act}.yaml").read_text("utf-8"))


def catalogue_of(act: str):
    entry = next(v for v in shipped_data()["versions"] if v["code"] == act)
    chain = [entry]
    while chain[-1].get("parent"):
        chain.append(
            next(v for v in shipped_data()["versions"] if v["code"] == chain[-1]["parent"])
        )
    parameters = merge_parameters([v["parameters"] for v in reversed(chain)])
    catalogue, problems = catalogue_check(shipped_catalogue(entry["catalogue"]), parameters)
    return catalogue, problems, MethodologyRules.from_parameters(parameters)


def cells(act: str):
    return [
        pytest.param(act, cell, id=f"{act}:{cell['competency']}:{cell['group']}")
        for cell in expected(act)["cells"]
    ]


@pytest.mark.parametrize("act", ACTS)
def test_each_act_has_one_catalogue_file_that_passes_validation(act) -> None:
    catalogue, problems, rules = catalogue_of(act)
    assert problems == []
    assert catalogue.extracted_for == act
    assert [c.code for c in catalogue.competencies] == list(COMPETENCY_CODES)
    assert catalogue_problems(catalogue, rules.category_groups, 10) == []


@pytest.mark.parametrize("act", ACTS)
def test_totals_per_act_match_the_hand_count(act) -> None:
    catalogue, _problems, rules = catalogue_of(act)
    hand = expected(act)
    assert hand["version"] == act
    assert len(rules.category_groups) == hand["groups"]
    assert len(hand["cells"]) == 11 * hand["groups"]
    effective = sum(
        1
        for c in catalogue.competencies
        for cell in c.cells
        for i in cell.indicators
        if i.effective_kk
    )
    assert effective == hand["indicators"]


@pytest.mark.parametrize(("act", "cell"), [p for act in ACTS for p in cells(act)])
def test_every_cell_matches_the_act(act, cell) -> None:
    catalogue, _problems, _rules = catalogue_of(act)
    row = catalogue.competency(cell["competency"]).cell(cell["group"])
    assert row is not None
    effective = [i.effective_kk for i in row.indicators if i.effective_kk]
    ineffective = [i.ineffective_kk for i in row.indicators if i.ineffective_kk]
    assert (len(effective), len(ineffective)) == (cell["effective"], cell["ineffective"])
    assert (effective[0] if effective else None) == cell["first_effective_kk"]
    assert (effective[-1] if effective else None) == cell["last_effective_kk"]
    assert (ineffective[0] if ineffective else None) == cell["first_ineffective_kk"]
    assert (ineffective[-1] if ineffective else None) == cell["last_ineffective_kk"]


@pytest.mark.parametrize("act", ACTS)
def test_every_kazakh_wording_has_its_russian_translation_and_is_clean(act) -> None:
    catalogue, _problems, _rules = catalogue_of(act)
    assert "translation" in catalogue.translation_ru
    for competency in catalogue.competencies:
        assert competency.name_ru
        for row in competency.cells:
            for i in row.indicators:
                for kk, ru in (
                    (i.effective_kk, i.effective_ru),
                    (i.ineffective_kk, i.ineffective_ru),
                ):
                    assert (kk is None) == (ru is None)
                    for text in filter(None, (kk, ru)):
                        assert not any(mark in text for mark in ("•", "<", ">", "  ", " ;", " ."))
                if i.effective_kk is None or i.ineffective_kk is None:
                    assert i.note, f"{competency.code}/{row.group}: a missing twin is noted"


@pytest.mark.parametrize("act", ACTS)
def test_the_oddities_found_are_recorded(act) -> None:
    catalogue, _problems, _rules = catalogue_of(act)
    kinds = {note["kind"] for note in catalogue.notes}
    assert "cleaning" in kinds
    assert all(note["text"] for note in catalogue.notes)


def test_the_same_kazakh_wording_reads_the_same_in_russian_across_acts() -> None:
    russian: dict[str, set[str]] = {}
    for act in ACTS:
        catalogue, _problems, _rules = catalogue_of(act)
        for c in catalogue.competencies:
            for row in c.cells:
                for i in row.indicators:
                    for kk, ru in (
                        (i.effective_kk, i.effective_ru),
                        (i.ineffective_kk, i.ineffective_ru),
                    ):
                        if kk:
                            russian.setdefault(kk.rstrip(";."), set()).add(ru.rstrip(";."))
    differing = {kk: ru for kk, ru in russian.items() if len(ru) > 1}
    assert differing == {}


def test_the_shipped_files_are_package_data() -> None:
    names = {
        p.name
        for p in resources.files("bagalau.methodology").joinpath("data", "catalogue").iterdir()
    }
    assert {f"{act}.yaml" for act in ACTS} <= names


@pytest.mark.django_db
def test_loading_the_shipped_acts_gives_every_version_its_annex_4_once() -> None:
    report = methodology_load_shipped()
    assert len(report.catalogues_created) == 8
    for version in MethodologyVersion.objects.all():
        revision = catalogue_revision_of(version)
        assert revision is not None
        assert revision.version == version
    assumed = catalogue_revision_of(MethodologyVersion.objects.get(code="kentau-161"))
    arys = catalogue_revision_of(MethodologyVersion.objects.get(code="arys-714"))
    assert assumed.digest == arys.digest
    count = CatalogueRevision.objects.count()
    again = methodology_load_shipped()
    assert (again.catalogues_created, CatalogueRevision.objects.count()) == ([], count)
    assert len(again.catalogues_kept) == 8
    nchr = revision_catalogue(catalogue_revision_of(MethodologyVersion.objects.get(code="nchr-1")))
    assert nchr.competency("stress-resistance").name_kk == "Күйзеліске төзімділік"


def show(*args: str) -> str:
    out = StringIO()
    call_command("methodology", "show", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_show_prints_eleven_competencies_for_an_e4_position_under_001_and_nine_without_services():
    methodology_load_shipped()
    doc = json.loads(show("arys-714", "--category", "E-4", "--json"))
    assert (doc["version"], doc["category"], doc["head"]) == ("arys-714", "E-4", False)
    assert [c["code"] for c in doc["competencies"]] == list(COMPETENCY_CODES)
    assert doc["competencies"][10]["name_kk"] == "Стресске орнықтылық"
    for competency in doc["competencies"]:
        assert competency["indicators"]
        for i in competency["indicators"]:
            assert i["effective_kk"] or i["ineffective_kk"]
            assert bool(i["effective_kk"]) == bool(i["effective_ru"])
    fewer = json.loads(show("arys-714", "--category", "E-4", "--no-public-services", "--json"))
    assert len(fewer["competencies"]) == 9
    text = show("arys-714", "--category", "E-4")
    assert "11 competencies" in text
    assert "Қызметті басқару / Управление деятельностью" in text
