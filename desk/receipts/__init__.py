"""Receipts handed to the applicant (issue 6): data, A4 rendering, signed codes and
offline verification. Qt-free; the window prints the PDFs these modules produce."""
