"""Document capture: scanner backends, file import, the page pipeline, PDF assembly."""

#: the warning of a blank page dropped (French words: desk/messages.py); here, not in
#: the pipeline, so that reporting it does not import numpy with the pipeline
WARN_BLANK = "blank_removed"
