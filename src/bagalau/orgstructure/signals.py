"""Signals of the organisation structure, for areas that follow it (evaluation cycles)."""

from django.dispatch import Signal

# Sent after a committed change of a body's appointments or absences (one save, or a whole
# staff import), with `organisation_id` and `actor`.
staff_changed = Signal()
