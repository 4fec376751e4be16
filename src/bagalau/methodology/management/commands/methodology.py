"""`bagalau methodology list|show|in-force|load`."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from bagalau.core.console import dumps, parse_iso_date
from bagalau.methodology.models import MethodologyVersion
from bagalau.methodology.selectors import (
    NoMethodologyInForce,
    catalogue_for_position,
    catalogue_revision_of,
    methodology_version_list,
    version_document,
    version_in_force,
    version_parameters,
    version_parameters_bulk,
)
from bagalau.methodology.services import methodology_load_shipped
from bagalau.orgstructure.models import Organisation
from bagalau.orgstructure.rules import normalise_category


class Command(BaseCommand):
    help = "Methodology versions: list them, show one, find the one in force, load the acts."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        listing = sub.add_parser("list", help="every version with its act and effective dates")
        listing.add_argument("--json", action="store_true", help="print one JSON document")
        listing.add_argument("--org", help="only this state body's versions")
        show = sub.add_parser(
            "show",
            help="one version with its merged parameters; with --category, the competencies"
            " and behavioural indicators (Annex 4) a position of that category is evaluated on",
        )
        show.add_argument("code")
        show.add_argument("--json", action="store_true")
        show.add_argument("--category", help="a position category, e.g. E-4 (Annex 4)")
        show.add_argument(
            "--head", action="store_true", help="the position heads a structural subdivision"
        )
        show.add_argument(
            "--no-public-services",
            action="store_true",
            help="the position provides no public services: leave out the starred competencies",
        )
        in_force = sub.add_parser("in-force", help="the version in force for a body on a date")
        in_force.add_argument("--org", required=True)
        in_force.add_argument("--date", help="YYYY-MM-DD (default: today)")
        in_force.add_argument("--json", action="store_true")
        load = sub.add_parser("load", help="create the shipped versions of the five acts")
        load.add_argument(
            "--update", action="store_true", help="restore shipped wording of existing versions"
        )

    def handle(self, *args, **opts):
        return getattr(self, "handle_" + opts["action"].replace("-", "_"))(**opts)

    def handle_list(self, *, json: bool, org: str | None, **_):
        versions = methodology_version_list()
        if org:
            versions = versions.filter(organisation__code=org)
        versions = list(versions)
        merged = version_parameters_bulk(versions)
        documents = [version_document(v, merged[v.pk]) for v in versions]
        if json:
            self.stdout.write(dumps(documents))
            return
        if not documents:
            self.stdout.write(
                "No methodology versions. Load the shipped acts: bagalau methodology load"
            )
            return
        for doc in documents:
            p = doc["parameters"]
            self.stdout.write(
                f"[{doc['id']}] {doc['code']}  {doc['organisation'] or 'template'}  "
                f"{doc['kind']}  No. {doc['act_number']} of {doc['act_date']}"
                + (f"  (registry {doc['registry_number']})" if doc["registry_number"] else "")
            )
            self.stdout.write(
                f"    in force {doc['effective_from']} – {doc['effective_to'] or 'open'}"
                + (f"; amends {doc['parent']}" if doc["parent"] else "")
            )
            deadlines = ", ".join(f"{k} {v}" for k, v in p["deadlines_working_days"].items())
            scale = ", ".join(f"{m}→{r}" for m, r in p["kpi_rating_scale"])
            self.stdout.write(
                f"    KPIs {p['kpi_count']} ({scale}; fewer → unsatisfactory); "
                f"competencies {p['competency_threshold']}, ≤{p['max_indicators_per_competency']}"
                f" indicators; tenure ≥{p['min_tenure_months']} months"
            )
            self.stdout.write(
                f"    commission ≥{p['commission_min_members']}, quorum {p['commission_quorum']};"
                f" appeal to {p['appeal_body']}; kept {p['retention_years']} years"
            )
            self.stdout.write(f"    working days: {deadlines}")
            for group in p["category_groups"]:
                cats = ", ".join(c.get("label_kk") or c["code"] for c in group["categories"])
                self.stdout.write(f"    group {group['code']}: {cats}")
            for line in doc["assumptions"]:
                self.stdout.write(f"    assumption: {line}")

    def handle_show(
        self,
        *,
        code: str,
        json: bool,
        category: str | None,
        head: bool,
        no_public_services: bool,
        **_,
    ):
        version = methodology_version_list().filter(code=code).first()
        if version is None:
            raise CommandError(f"no methodology version with the code {code!r}")
        if category is None:
            if head or no_public_services:
                raise CommandError("--head and --no-public-services go with --category")
            self._print_one(version, json)
            return
        try:
            doc = catalogue_for_position(
                version,
                normalise_category(category),
                head,
                provides_public_services=not no_public_services,
            )
        except LookupError as exc:
            raise CommandError(str(exc)) from None
        if json:
            self.stdout.write(dumps(doc))
            return
        self.stdout.write(
            f"{doc['version']}: Annex 4 revision {doc['revision']}"
            + (f" (of {doc['catalogue_of']})" if doc["catalogue_of"] != doc["version"] else "")
            + f"; category {doc['category']}, {'heads' if head else 'does not head'} a"
            f" subdivision, {'provides' if not no_public_services else 'provides no'} public"
            f" services; row {doc['group']}; {len(doc['competencies'])} competencies"
        )
        for n, c in enumerate(doc["competencies"], start=1):
            star = " *" if c["public_services_only"] else ""
            self.stdout.write(f"\n{n}. {c['name_kk']} / {c['name_ru']}{star}")
            for k, i in enumerate(c["indicators"], start=1):
                for side, mark in (("effective", "+"), ("ineffective", "-")):
                    kk, ru = i[f"{side}_kk"], i[f"{side}_ru"]
                    self.stdout.write(f"   {k}{mark} {kk or '(none in the act)'}")
                    if ru:
                        self.stdout.write(f"      {ru}")

    def handle_in_force(self, *, org: str, date: str | None, json: bool, **_):
        organisation = Organisation.objects.filter(code=org).first()
        if organisation is None:
            raise CommandError(f"no state body with the code {org!r}")
        on = parse_iso_date(date) if date else dt.date.today()
        try:
            version = version_in_force(organisation, on)
        except NoMethodologyInForce:
            raise CommandError(
                f"no methodology version of {org} is in force on {on.isoformat()}"
            ) from None
        self._print_one(version, json)

    def _print_one(self, version: MethodologyVersion, json: bool) -> None:
        doc = version_document(version, version_parameters(version))
        if json:
            self.stdout.write(dumps(doc))
            return
        for key, value in doc.items():
            if key in {"parameters", "own_parameters", "assumptions"}:
                continue
            self.stdout.write(f"{key:18} {value if value is not None else '-'}")
        for key, value in doc["parameters"].items():
            own = " (this act)" if key in doc["own_parameters"] else ""
            self.stdout.write(f"{key}{own}: {dumps(value)}")
        for line in doc["assumptions"]:
            self.stdout.write(f"assumption: {line}")
        revision = catalogue_revision_of(version)
        if revision is None:
            self.stdout.write("competency catalogue (Annex 4): none loaded")
        else:
            self.stdout.write(
                f"competency catalogue (Annex 4): revision {revision.number}"
                + (f" of {revision.version.code}" if revision.version_id != version.pk else "")
                + f", {revision.source} {revision.source_name},"
                f" loaded {revision.created_at:%Y-%m-%d}"
                f"; see: bagalau methodology show {version.code} --category CODE"
            )

    def handle_load(self, *, update: bool, **_):
        try:
            report = methodology_load_shipped(update=update)
        except ValidationError as exc:
            raise CommandError(f"the shipped methodology data is invalid: {exc}") from None
        self.stdout.write(
            f"created {len(report.created)}, updated {len(report.updated)}, "
            f"kept {len(report.kept)} versions; new bodies: "
            f"{', '.join(report.organisations_created) or 'none'}; competency catalogues:"
            f" {len(report.catalogues_created)} new revisions, {len(report.catalogues_kept)}"
            " unchanged"
        )
