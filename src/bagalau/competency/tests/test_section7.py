"""§7: KPI results decide bonuses, incentives, rotation, demotion and dismissal; competency
results serve the servant's development only and do not affect those decisions.

Enforced twice: by behaviour (the same cycle with very different competency marks gives the
same basis for HR decisions) and by the code's shape (nothing that decides may reach the
competency track through its imports)."""

from __future__ import annotations

import ast
import datetime as dt
from fnmatch import fnmatch
from pathlib import Path

import pytest
from django.db import transaction

from bagalau.competency.models import CompetencyAssessment, CompetencySheet
from bagalau.competency.selectors import competency_sheet_document
from bagalau.competency.services import competency_sheet_act, competency_sheet_mark
from bagalau.evaluation.decisions import hr_decision_basis
from bagalau.evaluation.models import EvaluationCase
from bagalau.evaluation.services import cycle_open
from bagalau.kpi.services import (
    kpi_sheet_act,
    kpi_sheet_save_results,
    work_plan_act,
    work_plan_save_kpis,
)
from bagalau.kpi.tests.factories import kpi_items, make_body_under

D = dt.date
PACKAGE = Path(__file__).resolve().parents[2]  # src/bagalau
COMPETENCY = "bagalau.competency"


# --- behaviour ------------------------------------------------------------------------------


def kpi_track(body, cycle, role: str, achieved: int) -> None:
    """Plan approved in January 2025; the KPI sheet with `achieved` KPIs of 5 met, agreed
    and put before the commission in January 2026 (§9–§24)."""
    case = EvaluationCase.objects.get(cycle=cycle, servant=body[role])
    head, hr = body["head"].user, body["hr"].user
    ds = head if role == "chief" else body["chief"].user
    plan = work_plan_save_kpis(
        case_id=case.pk,
        kpis=kpi_items(case.plan_start, cycle.period_end),
        actor=ds,
        on=D(2025, 1, 9),
    )
    work_plan_act(plan_id=plan.pk, action="submit", actor=ds, on=D(2025, 1, 9))
    work_plan_act(plan_id=plan.pk, action="approve", actor=head, on=D(2025, 1, 10))
    results = [
        {
            "kpi": n,
            "actual_value": 95 if n <= achieved else 10,
            "evidence": f"есеп №{n}",
            "achieved": n <= achieved,
        }
        for n in range(1, 6)
    ]
    sheet = kpi_sheet_save_results(case_id=case.pk, results=results, actor=ds, on=D(2026, 1, 5))
    kpi_sheet_act(sheet_id=sheet.pk, action="sign", actor=ds, on=D(2026, 1, 5))
    kpi_sheet_act(sheet_id=sheet.pk, action="agree", actor=head, on=D(2026, 1, 6))
    kpi_sheet_act(sheet_id=sheet.pk, action="to_commission", actor=hr, on=D(2026, 1, 8))


def assess_everyone(body, cycle, shown) -> None:
    """Every evaluated servant's competency sheet marked by `shown(role, code, count)`,
    signed and put before the commission (§25–§28)."""
    for role in ("hr", "chief", "spec1", "spec2"):
        case = EvaluationCase.objects.get(cycle=cycle, servant=body[role])
        ds = body["head"].user if role in ("hr", "chief") else body["chief"].user
        sheet = competency_sheet_mark(case_id=case.pk, marks={}, actor=ds, on=D(2026, 1, 12))
        counts = {
            c["code"]: len(c["indicators"])
            for c in competency_sheet_document(sheet)["competencies"]
        }
        marks = {code: shown(role, code, n) for code, n in counts.items()}
        competency_sheet_mark(case_id=case.pk, marks=marks, actor=ds, on=D(2026, 1, 12))
        competency_sheet_act(sheet_id=sheet.pk, action="sign", actor=ds, on=D(2026, 1, 12))
        competency_sheet_act(
            sheet_id=sheet.pk, action="to_commission", actor=body["hr"].user, on=D(2026, 1, 13)
        )


VARIANTS = {
    "every indicator shown": lambda role, code, n: list(range(1, n + 1)),
    "no indicator shown": lambda role, code, n: [],
    "mixed": lambda role, code, n: list(range(1, (len(role) + len(code)) % (n + 1) + 1)),
}


@pytest.mark.django_db
def test_competency_marks_never_change_the_basis_of_hr_decisions() -> None:
    body = make_body_under()
    cycle, _ = cycle_open(organisation=body["org"], year=2025, actor=body["hr"].user)
    for role, achieved in (("chief", 5), ("spec1", 4), ("spec2", 2)):  # hr: no KPI sheet
        kpi_track(body, cycle, role, achieved)
    before = hr_decision_basis(cycle)
    assert {b["iin"]: (b["kpi_sheet"] or {}).get("rating") for b in before} == {
        body["chief"].iin: "excellent",  # §18: 5 of 5
        body["spec1"].iin: "effective",  # 4 of 5
        body["spec2"].iin: "unsatisfactory",  # 2 of 5
        body["hr"].iin: None,  # no KPI sheet
    }
    not_met = {}
    for name, shown in VARIANTS.items():
        with transaction.atomic():
            assess_everyone(body, cycle, shown)
            assert CompetencySheet.objects.filter(case__cycle=cycle).count() == 4
            not_met[name] = CompetencyAssessment.objects.filter(
                sheet__case__cycle=cycle, result="does_not_meet"
            ).count()
            assert hr_decision_basis(cycle) == before, name
            transaction.set_rollback(True)
    assessed = 4 * 11
    assert not_met["every indicator shown"] == 0
    assert not_met["no indicator shown"] == assessed
    assert 0 < not_met["mixed"] < assessed


@pytest.mark.django_db
def test_the_basis_is_the_kpi_sheets_state_count_and_rating(django_assert_num_queries) -> None:
    body = make_body_under()
    cycle, _ = cycle_open(organisation=body["org"], year=2025, actor=body["hr"].user)
    kpi_track(body, cycle, "spec1", 3)
    with django_assert_num_queries(4):  # cases, sheets, final decisions, court changes
        basis = {b["iin"]: b for b in hr_decision_basis(cycle)}
    assert basis[body["spec1"].iin]["kpi_sheet"] == {
        "state": "with_commission",
        "achieved_count": 3,
        "rating": "satisfactory",  # §18: 3 of 5
    }
    assert basis[body["spec2"].iin]["kpi_sheet"] is None
    assert set(basis[body["spec1"].iin]) == {
        "case",
        "servant",
        "iin",
        "name",
        "position",
        "eligibility",
        "kpi_sheet",
        "final",
        "basis_for",
        "flagged",
    }
    assert basis[body["spec1"].iin]["final"] is None  # no approved protocol yet (§39)


# --- the code's shape -----------------------------------------------------------------------

# Modules outside bagalau/competency that may import it: the layers that show or hand over
# competency results without deciding anything about pay or career.
ALLOWED = [
    # API and web: the NinjaAPI mounting the competency routers, endpoints, their schemas,
    # pages and the admin site show the sheets to the people entitled to see them.
    "api.py",
    "*/api.py",
    "*/api_*.py",
    "*/schemas.py",
    "*/views.py",
    "*/views_*.py",
    "urls.py",
    "*/urls.py",
    "*/admin.py",
    # The web pages (bagalau/web: views, template tags) and the actions they and the API
    # offer on a case's documents (evaluation/actions.py: which buttons to show).
    "web/*",
    "evaluation/actions.py",
    # Console commands print what the API returns.
    "*/management/commands/*.py",
    # Reports and documents: HR's development-needs report (§7 second paragraph) and the
    # printed forms, Annex 3 (the competency sheet) and Annex 5 (the protocol lists every
    # result the commission considered, §35–§39).
    "*/report.py",
    "*/report_*.py",
    "documents/*",
    # The commission considers both sheets (§28, §35–§38); its protocol is not a decision on
    # pay or career, which follows the approved KPI results only.
    "commission/*",
    # The inbox lists what is waiting on each sheet (sign, put before the commission).
    "*/inbox.py",
    # The demo plays competency sheets through the services.
    "demo/*",
]


def module_path(name: str) -> Path | None:
    parts = name.split(".")
    if parts[0] != "bagalau":
        return None
    base = PACKAGE.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def imports_of(path: Path) -> set[str]:
    """Project modules imported by the file (``from a import b`` counts a.b if a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {
                f"{node.module}.{alias.name}"
                for alias in node.names
                if module_path(f"{node.module}.{alias.name}")
            }
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and reaches_competency(node.value)
        ):
            found.add(node.value)  # import_module("..."), a router mounted by its path
    return {name for name in found if name == "bagalau" or name.startswith("bagalau.")}


def reaches_competency(name: str) -> bool:
    return name == COMPETENCY or name.startswith(f"{COMPETENCY}.")


def outside_modules() -> list[Path]:
    return sorted(
        p
        for p in PACKAGE.rglob("*.py")
        if p.relative_to(PACKAGE).parts[0] != "competency"
        and "tests" not in p.relative_to(PACKAGE).parts
        and "migrations" not in p.relative_to(PACKAGE).parts
    )


def test_only_the_presentation_report_demo_and_inbox_layers_import_the_competency_track() -> None:
    """No module outside bagalau/competency imports it, except the allow-list above: the
    API and web layer (api*.py, schemas, views, urls, admin), console commands, reports and
    printed documents (documents/, the commission's protocol), the inbox, and the demo.
    Everything else — the KPI track, evaluation cycles and HR decisions, the structure, the
    methodology, the calendar, the core — must not, so that no rating, decision or deadline
    can come to depend on competency results (§7). `settings.py` names the app in
    INSTALLED_APPS as a string, which is not an import."""
    offenders = {}
    for path in outside_modules():
        relative = path.relative_to(PACKAGE).as_posix()
        if relative == "settings.py" or any(fnmatch(relative, p) for p in ALLOWED):
            continue
        bad = sorted(m for m in imports_of(path) if reaches_competency(m))
        if bad:
            offenders[relative] = bad
    assert not offenders, f"§7: these modules import the competency track: {offenders}"


def test_the_allow_list_is_exercised() -> None:
    """The scan finds the imports it is meant to find (the inbox's, at least)."""
    inbox = PACKAGE / "kpi" / "inbox.py"
    assert any(reaches_competency(m) for m in imports_of(inbox))
    assert PACKAGE / "evaluation" / "decisions.py" in outside_modules()


def test_hr_decisions_cannot_reach_the_competency_track_even_indirectly() -> None:
    """Everything `bagalau.evaluation.decisions` imports, and everything those import, in the
    project: none of it is the competency track (even a module of the allow-list would fail
    here, were it pulled in)."""
    start = "bagalau.evaluation.decisions"
    seen, queue, parents = {start}, [start], {start: None}
    while queue:
        name = queue.pop()
        path = module_path(name)
        if path is None:
            continue
        packages = {".".join(name.split(".")[:i]) for i in range(2, name.count(".") + 1)}
        for imported in imports_of(path) | packages:
            if imported not in seen:
                seen.add(imported)
                parents[imported] = name
                queue.append(imported)
    reached = sorted(m for m in seen if reaches_competency(m))
    chains = [" <- ".join(_chain(m, parents)) for m in reached]
    assert not reached, f"§7: HR decisions reach the competency track: {chains}"
    assert "bagalau.kpi.models" in seen  # it does read the KPI sheets


def _chain(name: str, parents: dict[str, str | None]) -> list[str]:
    chain = [name]
    while parents.get(chain[-1]):
        chain.append(parents[chain[-1]])
    return chain
