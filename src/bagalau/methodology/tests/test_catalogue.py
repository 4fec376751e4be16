"""Catalogue revisions: loading, versioning, inheritance, the console, the API, the admin."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from types import SimpleNamespace

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bagalau.core.models import AuditEvent
from bagalau.core.tokens import api_token_create
from bagalau.methodology.models import (
    BehaviouralIndicator,
    CatalogueRevision,
    MethodologyVersion,
)
from bagalau.methodology.selectors import (
    catalogue_for_position,
    catalogue_revision_of,
    revision_catalogue,
)
from bagalau.methodology.services import catalogue_load, catalogue_to_yaml
from bagalau.methodology.tests.catalogue_factory import catalogue_data
from bagalau.orgstructure.tests.factories import (
    make_methodology,
    make_staffed_body,
    make_user,
)

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, int, int]:
    return (
        CatalogueRevision.objects.count(),
        BehaviouralIndicator.objects.count(),
        AuditEvent.objects.filter(action="catalogue_revision.create").count(),
    )


@pytest.fixture
def w(db) -> SimpleNamespace:
    body = make_staffed_body()
    base = MethodologyVersion.objects.get(organisation=body["org"])
    catalogue_load(base, catalogue_data(), source="shipped", source_name="base.yaml")
    amendment = make_methodology(
        body["org"],
        kind="amendment",
        parent=base,
        effective_from=dt.date(2023, 1, 1),
        parameters={"kpi_count": 5},
    )
    return SimpleNamespace(body=body, org=body["org"], base=base, amendment=amendment)


def test_loading_makes_revision_one_with_every_indicator_in_order(w):
    revision = catalogue_revision_of(w.base)
    assert (revision.number, revision.source, revision.source_name) == (1, "shipped", "base.yaml")
    catalogue = revision_catalogue(revision)
    assert catalogue.indicator_count == 88
    cell = catalogue.competency("integrity").cell("specialists")
    assert [i.effective_kk for i in cell.indicators] == [
        f"integrity specialists {n} тиімді;" for n in (1, 2, 3, 4)
    ]
    event = AuditEvent.objects.get(action="catalogue_revision.create")
    assert event.after["indicators"] == 88
    assert event.organisation_id == w.org.pk


def test_loading_the_same_file_again_changes_nothing(w):
    before = counts()
    revision, created = catalogue_load(w.base, catalogue_data(), source="shipped")
    assert (revision.number, created) == (1, False)
    assert counts() == before


def test_a_changed_file_makes_a_new_revision_and_keeps_the_old_one(w):
    old = catalogue_revision_of(w.base)
    old_keys = [i.key for c in revision_catalogue(old).competencies for i in c.cells[0].indicators]
    revision, created = catalogue_load(w.base, catalogue_data(tag="!"), source="shipped")
    assert (revision.number, created) == (2, True)
    assert catalogue_revision_of(w.base) == revision
    # a sheet built from revision 1 still finds its indicators, unchanged
    kept = revision_catalogue(old)
    assert [i.key for c in kept.competencies for i in c.cells[0].indicators] == old_keys
    assert kept.competencies[0].name_kk == "activity-management kk"
    assert revision_catalogue(revision).competencies[0].name_kk == "activity-management kk!"


def test_an_unchanged_shipped_file_does_not_undo_an_operators_revision(w):
    catalogue_load(w.base, catalogue_data(tag="?"), source="admin")
    revision, created = catalogue_load(w.base, catalogue_data(), source="shipped")
    assert (revision.number, created) == (1, False)
    assert catalogue_revision_of(w.base).source == "admin"


def test_an_amendment_that_leaves_annex_4_alone_inherits_its_catalogue(w):
    assert catalogue_revision_of(w.amendment) == catalogue_revision_of(w.base)
    doc = catalogue_for_position(w.amendment, "E-4", False)
    assert (doc["revision"], doc["catalogue_of"], doc["group"]) == (1, w.base.code, "specialists")


def test_an_amendment_replacing_annex_4_gets_its_own(w):
    catalogue_load(w.amendment, catalogue_data(tag="+"), source="admin")
    assert catalogue_revision_of(w.amendment).version == w.amendment
    assert catalogue_revision_of(w.base).number == 1


def test_a_refused_catalogue_writes_nothing_and_names_each_problem(w):
    before = counts()
    data = catalogue_data(indicators=11)
    data["competencies"].pop()
    with pytest.raises(ValidationError) as refused:
        catalogue_load(w.base, data, source="admin")
    problems = refused.value.message_dict["annex4"]
    assert "stress-resistance: missing" in problems
    assert "cooperation / specialists: 11 indicators, at most 10 (§26)" in problems
    assert counts() == before


def test_a_catalogue_must_fit_the_versions_category_groups(w):
    with pytest.raises(ValidationError) as refused:
        catalogue_load(w.base, catalogue_data(groups=("managers",)), source="admin")
    assert (
        "initiative: no row for the category group specialists"
        in (refused.value.message_dict["annex4"])
    )


def test_a_position_document_gives_names_and_both_wordings(w):
    doc = catalogue_for_position(w.base, "E-3", True, provides_public_services=False)
    assert (doc["category"], doc["head"], doc["group"]) == ("E-3", True, "managers")
    assert len(doc["competencies"]) == 9
    first = doc["competencies"][0]
    assert (first["code"], first["name_ru"], first["name_en"]) == (
        "activity-management",
        "activity-management ru",
        "Activity management",
    )
    assert (
        first["indicators"][0]["ineffective_ru"] == "activity-management managers 1 неэффективно;"
    )


def test_an_unknown_category_is_named(w):
    with pytest.raises(LookupError, match=r"E-1 .* is in no row of Annex 4 of .*E-2, E-3, E-4"):
        catalogue_for_position(w.base, "E-1", False)


def test_reading_a_position_document_takes_a_fixed_number_of_queries(w):
    with CaptureQueriesContext(connection) as small:
        catalogue_for_position(w.base, "E-4", False)
    catalogue_load(w.base, catalogue_data(indicators=10), source="admin")
    with CaptureQueriesContext(connection) as large:
        catalogue_for_position(w.base, "E-4", False)
    assert len(small) == len(large)


def test_the_yaml_export_loads_back_as_the_same_content(w):
    text = catalogue_to_yaml(revision_catalogue(catalogue_revision_of(w.base)))
    revision, created = catalogue_load(w.base, yaml.safe_load(text), source="admin")
    assert (revision.number, created) == (1, False)


# --- console -------------------------------------------------------------------------------


def run(*args: str) -> str:
    out = StringIO()
    call_command("methodology", *args, stdout=out)
    return out.getvalue()


def test_show_category_json_has_the_documented_shape(w):
    doc = json.loads(run("show", w.base.code, "--category", "е-4", "--json"))
    assert (doc["version"], doc["category"], doc["head"]) == (w.base.code, "E-4", False)
    assert len(doc["competencies"]) == 11
    competency = doc["competencies"][5]
    assert {"code", "name_kk", "name_ru", "public_services_only", "indicators"} <= set(competency)
    assert competency["public_services_only"] is True
    assert {"effective_kk", "ineffective_kk", "effective_ru", "ineffective_ru"} <= set(
        competency["indicators"][0]
    )


def test_show_category_no_public_services_and_head(w):
    doc = json.loads(
        run("show", w.base.code, "--category", "E-3", "--head", "--no-public-services", "--json")
    )
    assert (doc["head"], doc["group"], len(doc["competencies"])) == (True, "managers", 9)


def test_show_category_prints_both_languages(w):
    text = run("show", w.base.code, "--category", "E-4")
    assert "11 competencies" in text
    assert "integrity kk / integrity ru" in text
    assert "1+ integrity specialists 1 тиімді;" in text
    assert "integrity specialists 1 неэффективно;" in text


def test_show_refuses_an_unknown_category_and_stray_flags(w):
    with pytest.raises(CommandError, match=r"E-9 .* is in no row"):
        run("show", w.base.code, "--category", "E-9")
    with pytest.raises(CommandError, match="go with --category"):
        run("show", w.base.code, "--head")


# --- API -----------------------------------------------------------------------------------


def test_api_reads_the_catalogue_for_a_position(client, w):
    client.force_login(w.body["spec1"].user)
    url = f"/api/v1/methodology/versions/{w.amendment.code}/competencies"
    response = client.get(url, {"category": "E-3", "head": "true", "public_services": "false"})
    assert response.status_code == 200, response.content
    doc = response.json()
    assert (doc["group"], doc["catalogue_of"], len(doc["competencies"])) == (
        "managers",
        w.base.code,
        9,
    )
    assert client.get(url, {"category": "E-1"}).status_code == 422


def test_api_reads_the_whole_catalogue_and_its_revisions(client, w):
    client.force_login(w.body["spec1"].user)
    base = f"/api/v1/methodology/versions/{w.base.code}"
    doc = client.get(f"{base}/catalogue").json()
    assert [len(c["rows"]) for c in doc["competencies"]] == [2] * 11
    assert doc["notes"] == [{"kind": "oddity", "where": "all", "text": "synthetic"}]
    revisions = client.get(f"{base}/catalogue/revisions").json()
    assert [(r["number"], r["source"]) for r in revisions] == [(1, "shipped")]
    client.logout()
    assert client.get(f"{base}/catalogue").status_code == 401


def upload(client, w, user, data, code=None):
    key = api_token_create(user=user)[1]
    body = yaml.safe_dump(data, allow_unicode=True).encode()
    return client.post(
        f"/api/v1/methodology/versions/{code or w.base.code}/catalogue",
        {"file": SimpleUploadedFile("annex4.yaml", body)},
        headers={"Authorization": f"Bearer {key}"},
    )


def test_the_bodys_hr_officer_loads_a_new_revision_over_the_api(client, w):
    response = upload(client, w, w.body["hr"].user, catalogue_data(tag="*"))
    assert response.status_code == 200, response.content
    assert response.json() == {"revision": 2, "created": True}
    assert catalogue_revision_of(w.base).created_by == w.body["hr"].user


def test_others_may_not_load_a_catalogue(client, w):
    before = counts()
    other = make_staffed_body()
    for user in (w.body["spec1"].user, other["hr"].user):
        assert upload(client, w, user, catalogue_data(tag="*")).status_code == 403
    assert counts() == before


def test_a_bad_upload_answers_422_and_writes_nothing(client, w):
    before = counts()
    response = upload(client, w, make_user(is_superuser=True), catalogue_data(indicators=12))
    assert response.status_code == 422
    assert (
        "activity-management / managers: 12 indicators, at most 10 (§26)"
        in (response.json()["errors"]["annex4"])
    )
    key = api_token_create(user=make_user(is_superuser=True))[1]
    response = client.post(
        f"/api/v1/methodology/versions/{w.base.code}/catalogue",
        {"file": SimpleUploadedFile("annex4.yaml", b"competencies: [unclosed")},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert response.status_code == 422
    assert "not valid YAML" in response.json()["errors"]["annex4"][0]
    assert counts() == before


# --- admin ---------------------------------------------------------------------------------


def amendment_form(w, **changes) -> dict:
    form = {
        "code": "amend-annex4",
        "organisation": w.org.pk,
        "kind": "amendment",
        "parent": w.base.pk,
        "act_issuer_kk": "мәслихат",
        "act_title_kk": "4-қосымшаны жаңа редакцияда жазу туралы",
        "act_number": "7/1",
        "act_date": "2024-03-01",
        "effective_from": "2024-03-11",
        "assumptions": "[]",
        "notes": "[]",
        "parameters": json.dumps(
            {
                "category_groups": [
                    {"code": "all", "categories": [{"code": c} for c in ("E-2", "E-3", "E-4")]}
                ]
            }
        ),
        "catalogue_revisions-TOTAL_FORMS": "0",
        "catalogue_revisions-INITIAL_FORMS": "0",
    }
    form.update(changes)
    return form


def yaml_file(data) -> SimpleUploadedFile:
    return SimpleUploadedFile("annex4.yaml", yaml.safe_dump(data, allow_unicode=True).encode())


def test_admin_creates_an_amendment_that_replaces_annex_4(client, w):
    client.force_login(make_user(is_superuser=True, is_staff=True))
    form = amendment_form(w, annex4_file=yaml_file(catalogue_data(groups=("all",))))
    response = client.post("/admin/methodology/methodologyversion/add/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    amendment = MethodologyVersion.objects.get(code="amend-annex4")
    revision = catalogue_revision_of(amendment)
    assert (revision.version, revision.source, revision.number) == (amendment, "admin", 1)
    assert catalogue_for_position(amendment, "E-3", True)["group"] == "all"
    page = client.get(f"/admin/methodology/methodologyversion/{amendment.pk}/change/")
    url = reverse("admin:methodology_catalogue_download", args=[revision.pk])
    assert url in page.content.decode()
    download = client.get(url)
    assert download.status_code == 200
    assert yaml.safe_load(download.content)["competencies"][0]["cells"][0]["group"] == "all"


def test_admin_refuses_a_catalogue_that_does_not_fit_and_saves_nothing(client, w):
    client.force_login(make_user(is_superuser=True, is_staff=True))
    before = (MethodologyVersion.objects.count(), *counts())
    form = amendment_form(w, annex4_file=yaml_file(catalogue_data(groups=("managers",))))
    response = client.post("/admin/methodology/methodologyversion/add/", form)
    assert response.status_code == 200
    assert "activity-management: no row for the category group all" in response.content.decode()
    assert (MethodologyVersion.objects.count(), *counts()) == before


def test_admin_refuses_new_groups_without_a_new_annex_4(client, w):
    client.force_login(make_user(is_superuser=True, is_staff=True))
    before = MethodologyVersion.objects.count()
    response = client.post("/admin/methodology/methodologyversion/add/", amendment_form(w))
    assert response.status_code == 200
    assert "no longer fit Annex 4 in force" in response.content.decode()
    assert MethodologyVersion.objects.count() == before
