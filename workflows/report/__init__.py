"""Evaluation report use cases: writing and sending the report (``writing``), who counts in it (``participants``)."""

from __future__ import annotations

from workflows.report.writing import send_report, write_report

__all__ = ["send_report", "write_report"]
