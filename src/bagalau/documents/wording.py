"""The printed wording of the methodology's forms, as data: each form's title, annex line,
column headings, hints and footnotes in Kazakh as the acts print them and in Russian (our
translation), from `documents/data/*.yaml`.

Each file has a `default` wording (the fullest text, NCHR's 004, whose Annex 5 001 lacks)
and `acts` overrides keyed by a shipped act's code (`arys-714`, `nchr-1`, …): a version
takes the override of the nearest act in its chain (an adopted or amending version takes
its base act's), merged key by key over the default.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bagalau.methodology.models import MethodologyVersion
from bagalau.methodology.selectors import version_chain

DATA = Path(__file__).resolve().parent / "data"


@cache
def _files() -> tuple[dict[str, Any], ...]:
    return tuple(
        yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(DATA.glob("*.yaml"))
    )


def _merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def form_wording(version: MethodologyVersion, form: str, lang: str) -> dict[str, Any]:
    """The wording of `form` ("annex1", …, "refusal_act") in `lang` under `version`."""
    codes = [v.code for v in version_chain(version)]  # base first
    wording: dict[str, Any] = {}
    for data in _files():
        if form not in data.get("default", {}).get(lang, {}):
            continue
        wording = _merge(wording, data["default"][lang][form])
        for code in codes:
            override = data.get("acts", {}).get(code, {}).get(lang, {}).get(form)
            if override:
                wording = _merge(wording, override)
    if not wording:
        raise KeyError(f"no wording for the form {form!r} in {lang!r}")
    return wording
