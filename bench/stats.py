"""Statistics shared by the bench's modules."""

from __future__ import annotations

import statistics


def median(values):
    """Median of the numbers that are not None; None when there are none."""
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None
