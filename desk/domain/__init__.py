"""Pure domain: entities, value objects and the legal rules, standard library only.

Every legal rule lives in one place here with its article named beside it.
"""
