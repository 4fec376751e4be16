"""Admin of methodology versions and their competency catalogues (Annex 4).

An HR administrator creates an amending version that replaces Annex 4 (as Tayynsha,
Kentau and Zhanaozen did) by adding a version with a parent and a catalogue file; the file
is checked against the version's category groups and indicator limit (§26) before anything
is saved, and becomes a new catalogue revision.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from bagalau.methodology.models import CatalogueRevision, MethodologyVersion
from bagalau.methodology.rules import merge_parameters, parameter_problems
from bagalau.methodology.selectors import (
    catalogue_revision_of,
    revision_catalogue,
    version_chain,
)
from bagalau.methodology.services import (
    catalogue_check,
    catalogue_from_yaml,
    catalogue_load,
    catalogue_to_yaml,
    version_catalogue_problems,
)
from bagalau.orgstructure.admin import AuditedAdmin
from bagalau.orgstructure.services import structure_save


class MethodologyVersionForm(forms.ModelForm):
    annex4_file = forms.FileField(
        label=_("Annex 4 catalogue file"),
        required=False,
        help_text=_(
            "A YAML file of the behavioural indicators, in the shape of the shipped catalogues"
            " (download the one in force below to start from it). It replaces Annex 4 for"
            " this version as a new revision."
        ),
    )

    class Meta:
        model = MethodologyVersion
        fields = "__all__"  # noqa: DJ007 - the ModelAdmin gives the form its own field list

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        parent = cleaned.get("parent")
        chain = version_chain(parent) if parent else []
        merged = merge_parameters([*(v.parameters for v in chain), cleaned.get("parameters") or {}])
        if parameter_problems(merged, complete=True):
            return cleaned  # the model's own validation names those problems
        upload = cleaned.get("annex4_file")
        if upload:
            try:
                data = catalogue_from_yaml(upload.read())
                self.catalogue_data = data
                _catalogue, problems = catalogue_check(data, merged)
            except ValidationError as exc:
                problems = [m for messages in exc.message_dict.values() for m in messages]
            if problems:
                raise ValidationError({"annex4_file": problems})
            return cleaned
        inherited = self.instance if self.instance.pk else parent
        if inherited is not None and catalogue_revision_of(inherited) is not None:
            problems = version_catalogue_problems(inherited, merged)
            if problems:
                raise ValidationError(
                    {
                        "parameters": [
                            _(
                                "The category groups no longer fit Annex 4 in force; load a"
                                " catalogue file that replaces it."
                            ),
                            *problems,
                        ]
                    }
                )
        return cleaned


class CatalogueRevisionInline(admin.TabularInline):
    model = CatalogueRevision
    extra = 0
    can_delete = False
    fields = ("number", "source", "source_name", "created_at", "created_by", "download")
    readonly_fields = fields
    ordering = ("-number",)

    def has_add_permission(self, request, obj=None):
        return False  # loaded from a file, so each one is validated and audited

    @admin.display(description=_("file"))
    def download(self, revision):
        url = reverse("admin:methodology_catalogue_download", args=[revision.pk])
        return format_html('<a href="{}">{}.yaml</a>', url, revision)


@admin.register(MethodologyVersion)
class MethodologyVersionAdmin(AuditedAdmin):
    form = MethodologyVersionForm
    inlines = (CatalogueRevisionInline,)
    list_display = (
        "code",
        "organisation",
        "kind",
        "act_number",
        "act_date",
        "effective_from",
        "effective_to",
        "parent",
    )
    list_filter = ("kind", "organisation")
    search_fields = ("code", "act_number", "act_title_kk")
    list_select_related = ("organisation", "parent")
    autocomplete_fields = ("organisation", "parent")

    def save_model(self, request, obj, form, change):
        structure_save(obj=obj, actor=request.user, channel="admin")
        data = getattr(form, "catalogue_data", None)
        if data is not None:
            catalogue_load(
                obj,
                data,
                source="admin",
                source_name=form.cleaned_data["annex4_file"].name,
                actor=request.user,
                channel="admin",
            )

    def get_urls(self):
        return [
            path(
                "catalogue/<int:pk>/download/",
                self.admin_site.admin_view(self.download_view),
                name="methodology_catalogue_download",
            ),
            *super().get_urls(),
        ]

    def download_view(self, request, pk: int):
        if not self.has_view_permission(request):
            raise PermissionDenied
        revision = get_object_or_404(CatalogueRevision.objects.select_related("version"), pk=pk)
        response = HttpResponse(
            catalogue_to_yaml(revision_catalogue(revision)),
            content_type="application/yaml; charset=utf-8",
        )
        name = f"{revision.version.code}-annex4-r{revision.number}.yaml"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
