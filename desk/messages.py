"""French words for the core's errors and validation codes — the one place where they
are written. The window and the ``desk`` command both call :func:`describe`.

Modules add their own codes with :func:`register` at import time rather than editing
one long table, so that each room keeps its wording beside its code.
"""

from __future__ import annotations

from desk.errors import DeskError

REASONS: dict[str, str] = {
    "ok": "Valeur valide.",
    "empty": "Ce champ est vide.",
    "required": "Ce champ est obligatoire.",
    "not_digits": "Seuls des chiffres sont attendus.",
    "wrong_length": "La longueur n'est pas la bonne.",
    "not_alnum": "Seuls des lettres et des chiffres sont attendus.",
    "nine_digits_review": "Numéro à 9 chiffres : accepté, mais à vérifier sur le titre.",
    "ephoto_21_review": "Code de 21 caractères : accepté, mais à vérifier (22 attendus).",
    "unknown_departement": "Ce code postal ne correspond à aucun département.",
    "in_future": "La date est dans le futur.",
    "too_old": "La date est invraisemblable.",
    "too_long": "Le texte est trop long.",
    "not_icao_code": "Code de nationalité attendu sur trois lettres (ex. : MAR, VNM).",
    "not_passport_number": "Numéro de passeport invalide (9 lettres ou chiffres au plus).",
    "not_email": "Adresse électronique invalide.",
    "not_phone": "Numéro de téléphone invalide.",
    "not_sex": "Sexe attendu : F, M ou X.",
    "too_short": "Mot de passe trop court (10 caractères au moins).",
    "not_login": "Identifiant : lettres minuscules, chiffres, point, tiret (2 à 64).",
    "login_taken": "Cet identifiant existe déjà.",
    "not_date": "Date attendue au format JJ/MM/AAAA.",
    # documents
    "not_a_document": "Ce fichier n'est ni un PDF, ni une image JPEG, PNG ou TIFF.",
    "damaged": "Ce fichier est endommagé ou tronqué.",
    "encrypted": "Ce PDF est protégé par un mot de passe : demandez une version non protégée.",
    "active_content": "Ce PDF contient des scripts ou des actions automatiques : refusé.",
    "too_many_pixels": "Cette image est démesurément grande : refusée.",
    "too_large": "Ce fichier est trop volumineux.",
    "unreadable": "Ce fichier ne peut pas être lu.",
    # --- identity (issue 4): MRZ and applicant matching ---
    "mrz_empty": "Aucune bande MRZ n'a été saisie.",
    "mrz_lower_case": "Une bande MRZ ne contient pas de minuscules.",
    "mrz_spaces": "Une bande MRZ ne contient pas d'espaces.",
    "mrz_charset": "Une bande MRZ ne contient que des majuscules, des chiffres et des « < ».",
    "mrz_line_count": "Une bande MRZ a deux ou trois lignes.",
    "mrz_line_length": "Les lignes n'ont pas la longueur d'une bande MRZ (2×44, 2×36 ou 3×30).",
    "mrz_line_order": "Les lignes de la bande MRZ sont dans le désordre.",
    "mrz_not_found": "Aucune bande MRZ n'a été trouvée sur cette image.",
    "merge_same_applicant": "Un demandeur ne peut pas être fusionné avec lui-même.",
    "already_merged": "Ce demandeur a déjà été fusionné.",
}

FIELDS: dict[str, str] = {
    "surname": "Nom",
    "given_names": "Prénoms",
    "birth_date": "Date de naissance",
    "nationality": "Nationalité",
    "numero_etranger": "Numéro étranger",
    "passport_number": "Numéro de passeport",
    "postal_code": "Code postal",
    "email": "Courriel",
    "phone": "Téléphone",
    "sex": "Sexe",
    "counter": "Numéro de guichet",
    "departement": "Département",
    "site": "Nom du site",
    "password": "Mot de passe",
    "login": "Identifiant",
    "display_name": "Nom affiché",
    # --- identity (issue 4) ---
    "document_type": "Type de document",
    "issuing_state": "État émetteur",
    "document_number": "Numéro du document",
    "expiry_date": "Date d'expiration",
    "optional_data": "Données facultatives",
    "composite": "Chiffre de contrôle global",
    "name": "Nom et prénoms",
}

CODES: dict[str, str] = {
    "error": "Une erreur est survenue.",
    "invalid_input": "Saisie invalide.",
    "data_home": "Le dossier de données du guichet est inaccessible ({detail}).",
    "config_error": "La configuration du guichet est invalide ({detail}).",
    "catalogue_error": "Le catalogue des démarches est invalide : fichier {path}, champ {field}.",
    "not_found": "Introuvable : {what} « {key} ».",
    "forbidden_transition": "Action impossible dans l'état actuel du dossier.",
    "permission_denied": "Votre rôle ne permet pas cette action.",
    "authentication_failed": "Identifiant ou mot de passe incorrect.",
    "refused": "Refusé : {reason}.",
    "blob_missing": "Un document enregistré est introuvable.",
    "blob_corrupted": "Un document enregistré est endommagé.",
    "interrupted": "Interrompu.",
    # --- identity (issue 4) ---
    "not_mrz": "Ce n'est pas une bande MRZ lisible.",
}

WHAT: dict[str, str] = {
    "dossier": "dossier",
    "applicant": "demandeur",
    "procedure": "démarche",
    "piece": "pièce",
    "agent": "agent",
}


def register(
    codes: dict[str, str] | None = None,
    reasons: dict[str, str] | None = None,
    fields: dict[str, str] | None = None,
) -> None:
    CODES.update(codes or {})
    REASONS.update(reasons or {})
    FIELDS.update(fields or {})


def reason_text(reason: str) -> str:
    return REASONS.get(reason, reason)


def field_label(field: str) -> str:
    return FIELDS.get(field, field)


def describe(exc: DeskError) -> str:
    """The French sentence an agent reads for ``exc``."""
    p = exc.params
    if exc.code in ("invalid_identifier", "invalid_field"):
        label = field_label(str(p.get("field") or p.get("kind") or ""))
        return f"{label} : {reason_text(str(p.get('reason', '')))}"
    if exc.code == "not_mrz":  # identity (issue 4)
        return reason_text(str(p.get("reason", "")))
    if exc.code == "unsupported_document":
        name = p.get("name")
        text = reason_text(str(p.get("reason", "")))
        return f"{name} : {text}" if name else text
    if exc.code == "refused":
        return (
            reason_text(str(p.get("reason", "")))
            if p.get("reason") in REASONS
            else CODES["refused"].format(reason=p.get("reason", ""))
        )
    template = CODES.get(exc.code, CODES["error"])
    values = {"detail": exc.detail, **{k: str(v) for k, v in p.items()}}
    if "what" in values:
        values["what"] = WHAT.get(values["what"], values["what"])
    try:
        return template.format(**values)
    except (KeyError, IndexError):
        return template
