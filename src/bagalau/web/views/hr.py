"""The HR officer's pages (the personnel service, §5): evaluation cycles with eligibility
(§4), the basis of HR decisions (§7), a cycle's documents as one ZIP archive, the staff
import with its progress and row-by-row report, and a case's audit trail.

The views are thin: they find the object among those the person may see (404 otherwise,
as the API does) and call the same services and selectors as the API endpoints
(evaluation/api.py, commission/api.py, orgstructure/api_staff.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import secrets
import shutil
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import get_language, gettext_lazy, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from bagalau.commission.api import XLSX, decisions_cycle
from bagalau.commission.audit_trail import case_audit_events
from bagalau.commission.selectors import final_results
from bagalau.core.messages import state_name
from bagalau.core.models import AuditEvent
from bagalau.core.workflow import Role
from bagalau.documents.catalog import FORMATS, LANGUAGES
from bagalau.documents.export import archive_name, export_documents
from bagalau.evaluation.decisions import hr_decision_basis
from bagalau.evaluation.decisions_report import hr_decisions_xlsx
from bagalau.evaluation.models import EvaluationCycle
from bagalau.evaluation.rules import Eligibility
from bagalau.evaluation.selectors import case_list, case_roles, visible_cases, visible_cycles
from bagalau.evaluation.services import cycle_open, cycle_refresh
from bagalau.kpi.selectors import cases_with_documents
from bagalau.orgstructure.access import can_manage_body, hr_body_ids, is_operator
from bagalau.orgstructure.models import Organisation
from bagalau.orgstructure.staff_files import StaffFileError, read_staff_rows
from bagalau.orgstructure.staff_import import NOUNS, staff_import_or_refuse
from bagalau.web.labels import document_label
from bagalau.web.views.base import perform
from bagalau.web.views.home import with_sheets

ELIGIBILITIES = [
    (Eligibility.INCLUDED.value, gettext_lazy("included")),
    (Eligibility.EXCLUDED.value, gettext_lazy("excluded")),
    (Eligibility.DEFERRED.value, gettext_lazy("deferred")),
]


def _hr_bodies(user: Any) -> QuerySet[Organisation]:
    """The bodies where the person is HR (every body for an operator); 403 for the rest."""
    if is_operator(user):
        return Organisation.objects.order_by("code")
    ids = hr_body_ids(user)
    if not ids:
        raise PermissionDenied(_("only a body's personnel service may open this page"))
    return Organisation.objects.filter(pk__in=ids).order_by("code")


def _cycle(user: Any, cycle_id: int) -> EvaluationCycle:
    """A cycle the person may see (evaluation/api.py), else 404."""
    cycle = visible_cycles(user).filter(pk=cycle_id).first()
    if cycle is None:
        raise Http404(_("no evaluation cycle with the id %(id)d") % {"id": cycle_id})
    return cycle


def _page_lang() -> str:
    return "ru" if (get_language() or "").startswith("ru") else "kk"


# --- cycles (§4) -----------------------------------------------------------------------------


def _open_input(post: Any, bodies: QuerySet[Organisation]) -> tuple[dict[str, Any], dict]:
    """The open-a-cycle form's values as the service takes them, and what cannot be read."""
    errors: dict[str, list[str]] = {}
    body = None
    with contextlib.suppress(ValueError):
        body = bodies.filter(pk=int(post.get("org") or 0)).first()
    if body is None:
        errors["org"] = [_("choose a state body where you are the personnel service")]
    year = None
    try:
        year = int(post.get("year") or "")
        if not 2000 <= year <= 2100:
            raise ValueError
    except ValueError:
        errors["year"] = [_("a year, e.g. %(year)d") % {"year": timezone.localdate().year}]
    evaluation_date = None
    if post.get("evaluation_date"):
        try:
            evaluation_date = parse_date(post["evaluation_date"])
        except ValueError:
            evaluation_date = None
        if evaluation_date is None:
            errors["evaluation_date"] = [_("a date, or leave it empty for the period's end")]
    return {"organisation": body, "year": year, "evaluation_date": evaluation_date}, errors


@login_required
def hr_cycles(request: HttpRequest) -> HttpResponse:
    """The cycles of the bodies where the person is HR (operators: all), newest first, with
    how many servants are included, excluded and deferred (§4); and the form to open a
    cycle, which calls `cycle_open` as the API does. A fixed number of queries."""
    bodies = _hr_bodies(request.user)
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        values, errors = _open_input(request.POST, bodies)
        if not errors:
            done = perform(
                request,
                cycle_open,
                **values,
                actor=request.user,
                channel="web",
                success=_("The cycle is open; eligibility is decided for every servant (§4)."),
            )
            if done.ok:
                cycle, _report = done.result
                return redirect("web:hr_cycle", cycle.pk)
            errors = done.errors
        else:
            messages.error(request, _("Not saved: please correct what is marked."))
        status = 422
    cycles = EvaluationCycle.objects.select_related("organisation", "methodology_version")
    if not is_operator(request.user):
        cycles = cycles.filter(organisation__in=bodies)
    cycles = cycles.annotate(
        n_cases=Count("cases"),
        n_included=Count("cases", filter=Q(cases__eligibility=Eligibility.INCLUDED)),
        n_excluded=Count("cases", filter=Q(cases__eligibility=Eligibility.EXCLUDED)),
        n_deferred=Count("cases", filter=Q(cases__eligibility=Eligibility.DEFERRED)),
    ).order_by("-period_start", "organisation__code", "pk")
    bodies = list(bodies)
    return render(
        request,
        "web/hr/cycles.html",
        {
            "cycles": cycles,
            "bodies": bodies,
            "errors": errors,
            "form": request.POST if request.method == "POST" else {},
            "default_year": timezone.localdate().year,
            "single_body": bodies[0] if len(bodies) == 1 else None,
        },
        status=status,
    )


@login_required
def hr_cycle(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """One cycle: every case the person may see (all of them for the body's HR) with the
    servant, position, eligibility with its reason and paragraph (§4), the deferred due
    date, the work plan's due date, the state of the work plan, quarterly reviews, KPI sheet
    and competency sheet, and the final result. `?eligibility=` and `?q=` (surname or IIN)
    narrow the list. A fixed number of queries whatever the number of cases."""
    cycle = _cycle(request.user, cycle_id)
    manage = can_manage_body(request.user, cycle.organisation_id)
    seen = case_list(cycle).filter(pk__in=visible_cases(request.user).values("pk"))
    counts = dict(
        seen.order_by()
        .values_list("eligibility")
        .annotate(n=Count("pk"))
        .values_list("eligibility", "n")
    )
    chosen = request.GET.get("eligibility", "")
    shown = seen
    if chosen in dict(ELIGIBILITIES):
        shown = shown.filter(eligibility=chosen)
    query = request.GET.get("q", "").strip()
    if query:
        shown = shown.filter(Q(servant__surname__icontains=query) | Q(servant__iin=query))
    cases = list(cases_with_documents(shown))
    finals = final_results([c.pk for c in cases])
    for case in cases:
        case.cycle = cycle  # the organisation and version are read once, on the cycle
        with_sheets(case)
    return render(
        request,
        "web/hr/cycle.html",
        {
            "cycle": cycle,
            "manage": manage,
            "rows": [{"case": c, "final": finals.get(c.pk)} for c in cases],
            "counts": [(code, label, counts.get(code, 0)) for code, label in ELIGIBILITIES],
            "total": sum(counts.values()),
            "chosen": chosen,
            "query": query,
            "eligibilities": ELIGIBILITIES,
            "languages": LANGUAGES,
            "formats": FORMATS,
            "page_lang": _page_lang(),
        },
    )


@login_required
@require_POST
def hr_cycle_refresh(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Decide eligibility again from today's appointments and absences (§4); servants new to
    the body's "B" corps get a case. The body's HR and operators (the service refuses the
    others)."""
    cycle = _cycle(request.user, cycle_id)
    done = perform(request, cycle_refresh, cycle=cycle, actor=request.user, channel="web")
    if done.ok:
        report = done.result
        messages.success(
            request,
            _(
                "Eligibility decided again: %(created)d new cases, %(changed)d changed, "
                "%(unchanged)d unchanged."
            )
            % {
                "created": report.created,
                "changed": report.changed,
                "unchanged": report.unchanged,
            },
        )
    return redirect("web:hr_cycle", cycle.pk)


@login_required
def hr_decisions(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """The basis of HR decisions (§7): per servant the KPI sheet, the final KPI rating as
    approved, corrected by the commission or changed by a court, what it is the basis for,
    the unsatisfactory ones flagged. The body's HR, its authorized person, operators (as
    the API: 404 unseen, 403 for others who see the cycle)."""
    cycle = decisions_cycle(request.user, cycle_id)
    return render(
        request,
        "web/hr/decisions.html",
        {"cycle": cycle, "rows": hr_decision_basis(cycle)},
    )


@login_required
def hr_decisions_xlsx_download(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """The same as a workbook headed in Kazakh and Russian (the API's download)."""
    cycle = decisions_cycle(request.user, cycle_id)
    response = HttpResponse(hr_decisions_xlsx(cycle), content_type=XLSX)
    name = f"hr-decisions-{cycle.organisation.code}-{cycle.period_start.year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def cycle_documents_zip(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """Every document of the cycle (Annexes 1–4 per servant, the protocols, the acts of
    refusal) in one ZIP archive, `?lang=kk|ru` (default: the page's) and `?format=pdf|docx`
    (default pdf) — what `bagalau documents export --zip` writes. For the body's HR and
    operators. A document that cannot be built is listed in `not-written.txt`."""
    cycle = _cycle(request.user, cycle_id)
    if not can_manage_body(request.user, cycle.organisation_id):
        raise PermissionDenied(_("only the body's personnel service may download its documents"))
    lang = request.GET.get("lang") or _page_lang()
    fmt = request.GET.get("format") or "pdf"
    if lang not in LANGUAGES:
        raise Http404(_("no language %(lang)r; the languages are kk, ru") % {"lang": lang})
    if fmt not in FORMATS:
        raise Http404(_("no format %(format)r; the formats are pdf, docx") % {"format": fmt})
    spool = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        report = export_documents(cycle, archive.writestr, langs=[lang], formats=[fmt])
        if report.failed:
            archive.writestr("not-written.txt", "\n".join(report.failed) + "\n")
    spool.seek(0)
    name = archive_name(cycle).replace("-documents.zip", f"-documents-{lang}-{fmt}.zip")
    return FileResponse(spool, as_attachment=True, filename=name, content_type="application/zip")


# --- staff import ----------------------------------------------------------------------------
#
# How the progress is shown. The import runs inside a request, not in a background thread:
# a thread of its own would hold a second database connection outside the request's life
# (fragile with SQLite and invisible to the tests' transaction). Instead:
#   1. POST /hr/import/ stores the upload under a random token (the browser shows the
#      upload's own progress through htmx's `htmx:xhr:progress`, static/web/hr.js) and sends
#      the browser to the job's page;
#   2. the job's page POSTs .../run/ once (`hx-trigger="load"`): that request runs the
#      import, its `progress(stage, count)` callback writing the stage to the job's state
#      file, and answers with the report;
#   3. meanwhile the page polls .../progress/ every 500 ms, which reads that file (no
#      database) and draws the `<progress>` bar, then the report once the job is done.
# The job lives in files (not the cache), so a server of several processes shows it too.
# Without JavaScript, the job's page has a button that runs the import and comes back.

IMPORT_DIR: Path | None = None  # where jobs are kept; None: the system's temporary directory
JOB_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
JOB_LIFETIME = dt.timedelta(days=1)
MAX_ROWS_SHOWN = 2000
# The share of the bar each stage of `staff_import` reaches (reading counts rows up to 50).
STAGE_PERCENT = {
    "uploaded": 0,
    "started": 2,
    "validated": 55,
    "subdivisions": 65,
    "positions": 75,
    "servants": 85,
    "appointments": 95,
    "done": 100,
}
STAGE_LABELS = {
    "uploaded": gettext_lazy("waiting to start"),
    "started": gettext_lazy("reading the file"),
    "read": gettext_lazy("reading the file"),
    "validated": gettext_lazy("checked; writing"),
    "subdivisions": gettext_lazy("writing subdivisions"),
    "positions": gettext_lazy("writing positions"),
    "servants": gettext_lazy("writing servants"),
    "appointments": gettext_lazy("writing appointments and absences"),
    "done": gettext_lazy("done"),
}


def _jobs_dir() -> Path:
    return IMPORT_DIR or Path(tempfile.gettempdir()) / "bagalau-staff-imports"


def _job_dir(token: str) -> Path:
    if not JOB_TOKEN.match(token):
        raise Http404(_("no staff import %(token)s") % {"token": token})
    return _jobs_dir() / token


def _save_job(token: str, job: dict[str, Any]) -> None:
    folder = _job_dir(token)
    temporary = folder / f"state.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    temporary.write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, folder / "state.json")


def _job(request: HttpRequest, token: str) -> dict[str, Any]:
    """The signed-in person's own import job, else 404."""
    try:
        job = json.loads((_job_dir(token) / "state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        job = None
    if job is None or job.get("user") != request.user.pk:
        raise Http404(_("no staff import %(token)s") % {"token": token})
    return job


def _forget_old_jobs() -> None:
    folder = _jobs_dir()
    if not folder.is_dir():
        return
    cutoff = time.time() - JOB_LIFETIME.total_seconds()
    for entry in folder.iterdir():
        try:
            if entry.is_dir() and entry.stat().st_mtime < cutoff:
                shutil.rmtree(entry, ignore_errors=True)
        except OSError:
            continue


def _job_context(token: str, job: dict[str, Any]) -> dict[str, Any]:
    stage = job.get("stage", "uploaded")
    return {
        "token": token,
        "job": job,
        "done": job.get("state") == "done",
        "percent": job.get("percent", 0),
        "stage_label": STAGE_LABELS.get(stage, stage),
    }


@login_required
def hr_import(request: HttpRequest) -> HttpResponse:
    """Upload a staff file (.csv or .xlsx, the columns of README) for a body where the
    person is HR; `dry_run` checks and counts without writing. The upload is kept under a
    token and the job's page runs and follows the import (see above)."""
    bodies = list(_hr_bodies(request.user))
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        body = None
        with contextlib.suppress(ValueError):
            body = next((b for b in bodies if b.pk == int(request.POST.get("org") or 0)), None)
        if body is None:
            errors["org"] = [_("choose a state body where you are the personnel service")]
        upload = request.FILES.get("file")
        suffix = Path(upload.name or "").suffix.lower() if upload else ""
        if upload is None:
            errors["file"] = [_("choose a staff file (.csv or .xlsx)")]
        elif suffix not in {".csv", ".xlsx", ".txt"}:
            errors["file"] = [_("a staff file is .csv or .xlsx")]
        on = timezone.localdate()
        if request.POST.get("date"):
            on = parse_date(request.POST["date"]) if _is_iso(request.POST["date"]) else None
            if on is None:
                errors["date"] = [_("a date, or leave it empty for today")]
        if not errors:
            _forget_old_jobs()
            token = secrets.token_urlsafe(18)
            folder = _job_dir(token)
            folder.mkdir(parents=True, exist_ok=False)
            with (folder / f"staff{suffix}").open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            _save_job(
                token,
                {
                    "user": request.user.pk,
                    "org": body.pk,
                    "org_code": body.code,
                    "filename": Path(upload.name).name[:200],
                    "suffix": suffix,
                    "dry_run": bool(request.POST.get("dry_run")),
                    "on": on.isoformat(),
                    "state": "uploaded",
                    "stage": "uploaded",
                    "percent": 0,
                },
            )
            url = reverse("web:hr_import_job", args=[token])
            if request.htmx:
                return HttpResponseClientRedirect(url)
            return redirect(url)
    context = {
        "bodies": bodies,
        "errors": errors,
        "form": request.POST if request.method == "POST" else {},
        "single_body": bodies[0] if len(bodies) == 1 else None,
        "today": timezone.localdate(),
    }
    # An htmx form swaps only a successful answer: refusals come back as 200 for it.
    status = 422 if errors and not request.htmx else 200
    return render(request, "web/hr/import.html", context, status=status)


def _is_iso(text: str) -> bool:
    try:
        return parse_date(text) is not None
    except ValueError:
        return False


@login_required
def hr_import_job(request: HttpRequest, token: str) -> HttpResponse:
    """The job's page: the progress bar while the import runs, then the row-by-row report."""
    job = _job(request, token)
    return render(request, "web/hr/import_job.html", _job_context(token, job))


@login_required
def hr_import_progress(request: HttpRequest, token: str) -> HttpResponse:
    """The progress partial the job's page polls: the bar, and the report once done."""
    job = _job(request, token)
    return render(request, "web/hr/_import_job.html", _job_context(token, job))


def _change_word(what: str) -> str:
    if what == "created":
        return pgettext("staff import", "created")
    return pgettext("staff import", "updated")


def _counts(counts: dict[str, int]) -> dict[str, int]:
    """{kind: n} with each kind in words."""
    return {str(NOUNS.get(kind, kind)): n for kind, n in counts.items()}


def _row_report(
    lines: list[tuple[int, dict[str, str]]], changes: dict, errors: dict[str, list[str]]
) -> tuple[list[dict[str, Any]], list[str]]:
    """Each row of the file with what became of it: created, updated, unchanged or refused
    (the reasons by column); and the problems of the file as a whole."""
    by_row: dict[int, list[str]] = {}
    general: list[str] = []
    for key, texts in errors.items():
        row, _sep, column = key.partition(".")
        if row.isdigit() and int(row) > 0:
            by_row.setdefault(int(row), []).extend(f"{column}: {t}" for t in texts)
        else:
            general.extend(f"{column}: {t}" if column else t for t in texts)
    rows = []
    for number, raw in lines:
        made = changes.get(str(number)) or changes.get(number) or []
        if number in by_row:
            status = "refused"
        elif errors:
            status = "not_written"
        elif any(kind_change[1] == "created" for kind_change in made):
            status = "created"
        elif made:
            status = "updated"
        else:
            status = "unchanged"
        rows.append(
            {
                "number": number,
                "iin": raw.get("iin", ""),
                "name": " ".join(p for p in (raw.get("surname"), raw.get("first_name")) if p),
                "position": raw.get("position_code", ""),
                "subdivision": raw.get("subdivision_code", ""),
                "status": status,
                "reasons": by_row.get(number, []),
                "changes": [
                    f"{NOUNS.get(kind, kind)} {key}: {_change_word(what)}"
                    for kind, what, key in made
                ],
            }
        )
    return rows, general


@login_required
@require_POST
def hr_import_run(request: HttpRequest, token: str) -> HttpResponse:
    """Run the uploaded import once (a second call answers with its state): all or nothing
    (orgstructure/staff_import.py), so a refused file changes nothing. Answers the job's
    partial to htmx, else goes back to the job's page."""
    job = _job(request, token)
    folder = _job_dir(token)
    try:
        claim = os.open(folder / "run.claim", os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        claim = None
    if claim is not None:
        os.close(claim)
        job = _run_job(request, token, job, folder)
    if request.htmx:
        return render(request, "web/hr/_import_job.html", _job_context(token, job))
    return redirect("web:hr_import_job", token)


def _run_job(request: HttpRequest, token: str, job: dict[str, Any], folder: Path) -> dict:
    body = Organisation.objects.filter(pk=job["org"]).first()
    if body is None or not can_manage_body(request.user, body.pk):
        raise PermissionDenied(_("only the body's HR officers or an operator may change this"))
    upload = folder / f"staff{job['suffix']}"
    job.update(state="running", stage="started", percent=STAGE_PERCENT["started"])
    _save_job(token, job)
    try:
        lines = list(read_staff_rows(upload))
    except StaffFileError:
        lines = []  # the import names the problem
    total = max(len(lines), 1)

    def progress(stage: str, count: int) -> None:
        if stage == "read":
            percent = 2 + 48 * min(count, total) // total
        else:
            percent = STAGE_PERCENT.get(stage, job["percent"])
        job.update(stage=stage, count=count, percent=max(percent, job["percent"]))
        _save_job(token, job)

    dry_run = job["dry_run"]
    try:
        done = perform(
            request,
            staff_import_or_refuse,
            organisation=body,
            path=upload,
            on=dt.date.fromisoformat(job["on"]),
            actor=request.user,
            dry_run=dry_run,
            progress=progress,
            success=_("Dry run: the file is valid; nothing was written.")
            if dry_run
            else _("The staff file is imported."),
        )
    except Exception:
        # Not left "running" for ever: the page says it failed (the transaction rolled back).
        job.update(state="done", stage="done", percent=100, ok=False, rows=[], general=[])
        job["message"] = _("The import failed; nothing was changed. Please try again.")
        _save_job(token, job)
        raise
    changes = done.result.row_changes if done.ok else {}
    rows, general = _row_report(lines, changes, done.errors)
    job.update(
        state="done",
        stage="done",
        percent=100,
        ok=done.ok,
        rows=rows[:MAX_ROWS_SHOWN],
        rows_total=len(rows),
        general=general,
        created=_counts(done.result.created) if done.ok else {},
        updated=_counts(done.result.updated) if done.ok else {},
        message=done.message
        or (
            _("Dry run: the file is valid; nothing was written.")
            if dry_run
            else _("The staff file is imported.")
        ),
    )
    if not done.ok:
        job["message"] = _("%(file)s was refused: %(count)d problem(s); nothing was changed.") % {
            "file": job["filename"],
            "count": sum(len(v) for v in done.errors.values()),
        }
    _save_job(token, job)
    upload.unlink(missing_ok=True)
    list(messages.get_messages(request))  # the report says it; no flash on the next page
    return job


# --- a case's audit trail ----------------------------------------------------------------


# What belongs to a case, by the audited object's model: the path from it to the case.
# The workflow whose state words an audited object's "state" takes.
WORKFLOWS = {
    "kpi.workplan": "work_plan",
    "kpi.kpisheet": "kpi_sheet",
    "competency.competencysheet": "competency_sheet",
    "commission.acquaintance": "acquaintance",
    "commission.appeal": "appeal",
    "commission.courtcase": "court_case",
}
DOCUMENTS = {
    "evaluation.evaluationcase": gettext_lazy("Evaluation case"),
    "kpi.workplan": "work_plan",
    "kpi.quarterlyreview": "quarterly_review",
    "kpi.kpisheet": "kpi_sheet",
    "competency.competencysheet": "competency_sheet",
    "commission.agendaitem": gettext_lazy("Agenda of the commission"),
    "commission.vote": gettext_lazy("Vote"),
    "commission.decision": gettext_lazy("Commission's decision"),
    "commission.acquaintance": "acquaintance",
    "commission.refusalact": gettext_lazy("Act of refusal"),
    "commission.appeal": "appeal",
    "commission.courtcase": gettext_lazy("Court case"),
    "commission.notice": gettext_lazy("Notice"),
}


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return _("%(count)d rows") % {"count": len(value)}
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_shown(v)}" for k, v in value.items())[:120]
    return "—" if value in (None, "") else str(value)[:120]


def _audit_row(event: AuditEvent) -> dict[str, Any]:
    actor = event.actor
    servant = getattr(actor, "servant", None) if actor is not None else None
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    workflow = WORKFLOWS.get(event.object_type)
    state = None
    if "state" in before or "state" in after:
        state = {
            "before": state_name(workflow, before["state"]) if "state" in before else "",
            "after": state_name(workflow, after["state"]) if "state" in after else "",
        }
    fields = []
    for name in dict.fromkeys([*before, *after]):
        if name == "state":
            continue
        fields.append(
            {"name": name, "before": _shown(before.get(name)), "after": _shown(after.get(name))}
        )
    if not isinstance(event.after, dict) and event.after is not None:
        fields.append({"name": "", "before": _shown(event.before), "after": _shown(event.after)})
    document = DOCUMENTS.get(event.object_type, event.object_type)
    return {
        "event": event,
        "who": servant.short_name if servant else (actor.get_username() if actor else ""),
        "document": document_label(document) if isinstance(document, str) else str(document),
        "state": state,
        "fields": fields[:12],
    }


@login_required
def case_audit(request: HttpRequest, case_id: int) -> HttpResponse:
    """The audit trail of a case for the body's HR and operators: every record of the case
    and its documents — who, when, what action, the state before and after, the channel.
    404 for a case the person may not see, 403 for one they see but are not HR of. A fixed
    number of queries whatever the number of records."""
    case = (
        visible_cases(request.user)
        .filter(pk=case_id)
        .select_related("servant", "position", "cycle__organisation")
        .first()
    )
    if case is None:
        raise Http404(_("no evaluation case with the id %(id)d") % {"id": case_id})
    roles = case_roles(request.user, case)
    if Role.HR not in roles and Role.OPERATOR not in roles:
        raise PermissionDenied(_("only the body's personnel service may read a case's audit"))
    rows = [_audit_row(e) for e in case_audit_events(case)]
    return render(request, "web/hr/case_audit.html", {"case": case, "rows": rows})


urlpatterns = [
    path("hr/cycles/", hr_cycles, name="hr_cycles"),
    path("hr/cycles/<int:cycle_id>/", hr_cycle, name="hr_cycle"),
    path("hr/cycles/<int:cycle_id>/refresh/", hr_cycle_refresh, name="hr_cycle_refresh"),
    path("hr/cycles/<int:cycle_id>/hr-decisions/", hr_decisions, name="hr_decisions"),
    path(
        "hr/cycles/<int:cycle_id>/hr-decisions.xlsx",
        hr_decisions_xlsx_download,
        name="hr_decisions_xlsx",
    ),
    path(
        "hr/cycles/<int:cycle_id>/documents.zip",
        cycle_documents_zip,
        name="cycle_documents_zip",
    ),
    path("hr/import/", hr_import, name="hr_import"),
    path("hr/import/<str:token>/", hr_import_job, name="hr_import_job"),
    path("hr/import/<str:token>/run/", hr_import_run, name="hr_import_run"),
    path("hr/import/<str:token>/progress/", hr_import_progress, name="hr_import_progress"),
    path("cases/<int:case_id>/audit/", case_audit, name="case_audit"),
]
