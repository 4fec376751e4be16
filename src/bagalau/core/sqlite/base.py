"""Django's SQLite backend, told how many parameters this SQLite library accepts.

Django 5.2 assumes SQLite's historic limit of 999 bound parameters per statement, so a bulk
insert of 10,000 evaluation cases is cut into some 140 statements; SQLite 3.32+ accepts
32,766 (Debian builds 250,000). Reading the real limit from the connection keeps a cycle's
opening at a handful of statements. (Django 6 reads the limit itself.)
"""

from __future__ import annotations

import sqlite3

from django.db.backends.sqlite3 import base, features
from django.utils.functional import cached_property

# Beyond this, one statement's text grows large for no gain.
MOST_PARAMETERS = 100_000


class DatabaseFeatures(features.DatabaseFeatures):
    @cached_property
    def max_query_params(self) -> int:
        with self.connection.temporary_connection() as cursor:
            limit = cursor.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        return max(999, min(limit, MOST_PARAMETERS))


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures
