"""Headless printing of receipt PDFs through CUPS (``lp``), for ``desk receipt print``.

The window prints through QtPrintSupport (ui/receipts); both report a printer that is
missing, stopped, refusing jobs or out of paper with :class:`PrintFailed` — the receipt
itself is already recorded and can be reprinted.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from desk.errors import NegativeAnswer
from desk.messages import register

register(
    codes={
        "print_failed": "Impression impossible ({reason_text}). Le reçu {receipt} est "
        "enregistré : il pourra être réimprimé.",
    },
    reasons={
        "print_no_printer": "aucune imprimante n'est configurée pour ce guichet",
        "print_no_cups": "le système d'impression (CUPS) est absent de ce poste",
        "print_unknown_printer": "l'imprimante est introuvable",
        "print_printer_stopped": "l'imprimante est arrêtée ou hors ligne",
        "print_printer_rejecting": "l'imprimante refuse les travaux d'impression",
        "print_out_of_paper": "l'imprimante n'a plus de papier",
        "print_lp_failed": "le système d'impression a refusé le document",
    },
)


class PrintFailed(NegativeAnswer):
    code = "print_failed"

    def __init__(self, reason: str, printer: str, receipt: str = "", detail: str = "") -> None:
        from desk.messages import reason_text

        super().__init__(
            detail or f"cannot print on {printer!r}: {reason}",
            reason=reason,
            printer=printer,
            receipt=receipt,
            reason_text=reason_text(reason),
        )
        self.reason = reason


_PAPER = ("media-empty", "media-needed", "media-jam")


def _run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=30, check=False)


def printer_problem(printer: str) -> str | None:
    """Why ``printer`` cannot take a job now (a reason code), or None if it can."""
    if not printer:
        return "print_no_printer"
    if shutil.which("lpstat") is None or shutil.which("lp") is None:
        return "print_no_cups"
    status = _run(["lpstat", "-l", "-p", printer])
    if status.returncode != 0 or not status.stdout.strip():
        return "print_unknown_printer"
    text = status.stdout.lower()
    if any(reason in text for reason in _PAPER):
        return "print_out_of_paper"
    if re.search(r"\bdisabled\b", text):
        return "print_printer_stopped"
    accepting = _run(["lpstat", "-a", printer])
    if accepting.returncode != 0 or "not accepting" in accepting.stdout.lower():
        return "print_printer_rejecting"
    return None


def print_pdf(path: Path, printer: str, title: str = "Guichet", receipt: str = "") -> str:
    """Send ``path`` to ``printer`` with ``lp``; return the CUPS job id."""
    problem = printer_problem(printer)
    if problem:
        raise PrintFailed(problem, printer, receipt)
    done = _run(["lp", "-d", printer, "-t", title, "-o", "media=A4", str(path)])
    match = re.search(r"request id is (\S+)", done.stdout)
    if done.returncode != 0 or match is None:
        raise PrintFailed("print_lp_failed", printer, receipt, done.stderr.strip() or done.stdout)
    return match.group(1)
