"""Synthetic catalogues for tests: the shape of the shipped files, any size."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bagalau.methodology.catalogue_rules import COMPETENCIES


def catalogue_data(
    groups: Sequence[str] = ("managers", "specialists"),
    *,
    indicators: int = 4,
    tag: str = "",
    version: str = "test",
) -> dict[str, Any]:
    """A valid catalogue document with every competency and one row per group."""
    return {
        "version": version,
        "source_file": "test.txt",
        "translation_ru": "Перевод.",
        "competencies": [
            {
                "code": code,
                "annex3_kk": f"{code} kk",
                "annex4_kk": f"{code.upper()} KK",
                "name_kk": f"{code} kk{tag}",
                "name_ru": f"{code} ru",
                "public_services_only": public,
                "cells": [
                    {
                        "group": group,
                        "categories_kk": group,
                        "indicators": [
                            {
                                "effective_kk": f"{code} {group} {n} тиімді{tag};",
                                "ineffective_kk": f"{code} {group} {n} тиімсіз;",
                                "effective_ru": f"{code} {group} {n} эффективно;",
                                "ineffective_ru": f"{code} {group} {n} неэффективно;",
                            }
                            for n in range(1, indicators + 1)
                        ],
                    }
                    for group in groups
                ],
            }
            for code, _en, public in COMPETENCIES
        ],
        "notes": [{"kind": "oddity", "where": "all", "text": "synthetic"}],
    }
