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
    "script_not_printed": "écriture non prise en charge — saisissez-le en lettres "
    "latines, tel qu'il figure dans la zone MRZ du passeport (le récépissé ne peut pas "
    "imprimer cette écriture).",
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
    "passport_expired": "Passeport expiré depuis le {expiry}.",
    "permit_expired": "Titre de séjour expiré depuis le {expiry} : renouvellement tardif.",
    "permit_late": "Titre expirant le {expiry} (dans {days_to_expiry} jours) : "
    "renouvellement tardif, taxe de retard due.",
    "permit_renewal_open": "Titre expirant le {expiry} : période de renouvellement ouverte "
    "jusqu'au {closes}.",
    "minor": "Demandeur mineur ({age} ans).",
    # --- capture (issue 3): scanners, page warnings, piece PDF ---
    "device_gone": "Le scanner ne répond plus (débranché, éteint ou hors réseau). "
    "Les pages déjà numérisées sont conservées.",
    "paper_jam": "Bourrage papier dans le chargeur : dégagez la feuille puis relancez. "
    "Les pages déjà numérisées sont conservées.",
    "feeder_empty": "Le chargeur du scanner est vide : placez les documents puis relancez.",
    "cover_open": "Le capot du scanner est ouvert.",
    "device_busy": "Le scanner est occupé par une autre numérisation.",
    "cancelled": "Numérisation annulée. Les pages déjà numérisées sont conservées.",
    "access_denied": "Accès au scanner refusé par le système.",
    "unsupported_source": "Ce scanner n'a pas cette source (chargeur ou recto verso).",
    "scanner_io": "Le scanner a signalé une erreur. Les pages déjà numérisées sont conservées.",
    "backend_missing": "Aucun pilote de scanner n'est installé sur ce poste.",
    "scanner_stopped": "La numérisation s'est interrompue : le pilote du scanner s'est "
    "arrêté (scanner débranché ou pilote défaillant). Les pages déjà numérisées sont "
    "conservées ; vérifiez le scanner puis relancez.",
    "scanner_stalled": "Le scanner ne répond plus depuis deux minutes : la numérisation "
    "est arrêtée. Les pages déjà numérisées sont conservées ; vérifiez le scanner "
    "(papier, câble, alimentation) puis relancez.",
    "piece_empty": "Cette pièce ne contient encore aucune page.",
    "blank_removed": "Page blanche retirée.",
    "blurred": "Page floue : vérifiez qu'elle est lisible, sinon numérisez-la à nouveau.",
    "too_dark": "Page trop sombre : vérifiez qu'elle est lisible, sinon numérisez-la à nouveau.",
    "upside_down_fixed": "Page à l'envers : remise à l'endroit.",
    "extension_mismatch": "L'extension du fichier ne correspond pas à son contenu : "
    "fichier reconnu par son contenu.",
    # --- sync (issue 7): what HQ refuses for good because of its size ---
    "record_too_large": "Élément trop volumineux pour le serveur national : refusé.",
    "blob_too_large": "Document trop volumineux pour le serveur national : refusé.",
    "body_too_large": "Envoi trop volumineux pour le serveur national : refusé.",
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

#: DataHomeError reasons worded without its English detail
DATA_HOME: dict[str, str] = {
    "database_damaged": "La base de données du guichet est endommagée ({path}) : "
    "restaurez la dernière sauvegarde et prévenez le support.",
    "database_unavailable": "La base de données du guichet ne peut pas être ouverte "
    "({path}) : vérifiez qu'aucun autre Guichet ne l'utilise, puis prévenez le support.",
    "data_key_missing": "La clé de chiffrement {path} est absente : les noms enregistrés "
    "dans la base ne peuvent pas être lus. Restaurez la clé sauvegardée ; rien n'a été modifié.",
    "data_key_damaged": "La clé de chiffrement du guichet est endommagée : restaurez la "
    "clé sauvegardée et prévenez le support ; rien n'a été modifié.",
    "keyring_refused": "Le trousseau du système a refusé de conserver la clé de chiffrement "
    "du guichet : vérifiez que la session est déverrouillée, puis prévenez le support.",
    "keyring_unreadable": "Le trousseau du système ne répond pas : déverrouillez la session "
    "(ou redémarrez-la) puis relancez Guichet ; rien n'a été modifié.",
    "keyring_lost": "Le trousseau du système ne contient plus la clé qui protège les données "
    "de ce guichet (trousseau réinitialisé, ou autre compte utilisateur) : ouvrez Guichet "
    "avec le compte habituel, ou restaurez la clé sauvegardée ; rien n'a été modifié.",
    "dpapi_refused": "Windows a refusé d'ouvrir la clé de chiffrement du guichet (autre "
    "compte utilisateur ?) : ouvrez Guichet avec le compte habituel ; rien n'a été modifié.",
    "protection_unknown": "La variable {path} a une valeur inconnue : mettez auto, keyring, "
    "dpapi ou file.",
    "key_unreadable": "La clé {path} ne peut pas être lue : restaurez la sauvegarde des "
    "clés du guichet et prévenez le support ; rien n'a été modifié.",
    "protection_unavailable": "La protection de clé demandée ({path}) n'est pas disponible "
    "sur ce poste : démarrez le trousseau du système, ou mettez DESK_KEY_PROTECTION=auto.",
    "protection_unusable": "La clé de chiffrement {path} est protégée par le trousseau du "
    "système (ou par Windows), inaccessible dans cette session : ouvrez Guichet avec le "
    "compte habituel ; rien n'a été modifié.",
    "not_writable": "Guichet ne peut pas écrire dans {path} : vérifiez les droits du dossier "
    "de données (le détail est dans le journal du guichet).",
    "install_damaged": "L'installation de Guichet est incomplète ({path} manque) : "
    "réinstallez Guichet.",
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
    # capture (issue 3)
    "unknown_device": "Scanner introuvable : « {device} ».",
}

WHAT: dict[str, str] = {
    "dossier": "dossier",
    "applicant": "demandeur",
    "procedure": "démarche",
    "piece": "pièce",
    "page": "page",
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


def alert_text(kind: str, detail: dict[str, object]) -> str:
    """The French sentence of an identity alert (desk.domain.alerts)."""
    template = REASONS.get(kind, kind)
    try:
        return template.format(**detail)
    except (KeyError, IndexError):
        return template


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
    if exc.code == "data_home" and p.get("reason") in DATA_HOME:
        return DATA_HOME[str(p["reason"])].format(path=p.get("path", ""))
    if exc.code in ("refused", "scanner_error"):
        return (
            reason_text(str(p.get("reason", "")))
            if p.get("reason") in REASONS
            else CODES["refused"].format(reason=p.get("reason", ""))
        )
    template = CODES.get(exc.code, CODES["error"])
    values = {"detail": exc.detail, **{k: str(v) for k, v in p.items()}}
    values["reason_text"] = reason_text(str(p.get("reason", "")))
    if "what" in values:
        values["what"] = WHAT.get(values["what"], values["what"])
    try:
        return template.format(**values)
    except (KeyError, IndexError):
        return template


# --- filing room (online filing, substitution deposit, completeness, timbres) ---------
register(
    reasons={
        # substitution solution (desk.domain.substitution)
        "procedure_not_online": (
            "Cette démarche ne se dépose pas en ligne (CESEDA R.431-2, R.431-3) : "
            "la solution de substitution ne s'applique pas."
        ),
        "no_proof": (
            "Aucune preuve de l'impossibilité de déposer en ligne (document du CCC "
            "ou de la préfecture) : solution de substitution refusée."
        ),
        "unknown_proof_kind": "Preuve attendue : document du CCC ou de la préfecture.",
        "proof_reference_missing": "La référence du document de preuve manque.",
        "proof_date_missing": "La date du document de preuve manque.",
        "proof_date_in_future": "La date du document de preuve est dans le futur.",
        "proof_scan_missing": "Le document de preuve doit être numérisé et joint au dossier.",
        "no_reason": "Indiquez la cause de l'échec du dépôt en ligne (ANEF).",
        "unknown_reason": "Cause d'échec inconnue.",
        "reason_text_missing": "Cause « autre » : précisez-la en quelques mots.",
        "residence_unknown": (
            "Le code postal du domicile du demandeur manque ou est invalide : "
            "le département de résidence ne peut pas être vérifié."
        ),
        "wrong_departement": (
            "Le demandeur ne réside pas dans le département de cette préfecture : "
            "la demande relève de la préfecture de son département de résidence "
            "(arrêté du 1er août 2023). Un superviseur peut passer outre en motivant."
        ),
        "unknown_mode": "Mode de dépôt inconnu (guichet, courrier ou courriel).",
        "post_not_offered": "Cette préfecture ne propose pas le dépôt par courrier.",
        "email_not_offered": "Cette préfecture ne propose pas le dépôt par courriel.",
        "post_details_missing": (
            "Dépôt par courrier : date de réception, date du cachet de la poste et "
            "numéro de recommandé sont obligatoires."
        ),
        "postmark_after_receipt": "Le cachet de la poste est postérieur à la réception.",
        "post_date_in_future": "Une date du courrier est dans le futur.",
        "email_missing": "Dépôt par courriel : joignez le message enregistré (.eml).",
        "override_justification_missing": "La dérogation doit être motivée.",
        # completeness, online filing, timbres
        "nothing_missing": "Le dossier est complet : aucune pièce n'est à réclamer.",
        "dossier_incomplete": "Le dossier est incomplet : des pièces obligatoires manquent.",
        "not_anef_number": "Numéro de dossier ANEF invalide.",
        "attestation_number_missing": (
            "Aucun numéro de dossier ANEF n'a été trouvé dans l'attestation de dépôt."
        ),
        "attestation_number_mismatch": (
            "Le numéro de l'attestation de dépôt ne correspond pas au numéro saisi."
        ),
        "attestation_name_mismatch": (
            "L'attestation de dépôt ne porte pas le nom de ce demandeur : "
            "elle concerne peut-être une autre personne."
        ),
        "timbre_already_used": "Ce timbre fiscal est déjà utilisé pour un autre dossier.",
        "gateway_not_configured": (
            "Le dépôt par la passerelle du siège n'est pas configuré sur ce guichet."
        ),
        # .eml import
        "not_an_email": "Ce fichier n'est pas un courriel enregistré (.eml).",
        "unsafe_name": "Nom de pièce jointe dangereux (chemin de fichier) : refusé.",
        "no_attachment": "Ce courriel ne contient aucune pièce jointe.",
        "attachment_too_large": "Une pièce jointe du courriel est trop volumineuse.",
    },
    fields={
        "anef_number": "Numéro de dossier ANEF",
        "timbre": "Timbre fiscal",
        "proof_date": "Date du document de preuve",
        "mode": "Mode de dépôt",
        "reason": "Cause de l'échec",
        "downloads": "Dossier des téléchargements",
    },
)


#: the steps of an assisted online filing (desk.filing.assisted.STEPS)
FILING_STEPS: dict[str, str] = {
    "account": "Le demandeur se connecte à son compte ANEF (il saisit lui-même son mot "
    "de passe ; Guichet ne le demande ni ne le conserve).",
    "pieces": "Déposer chaque pièce : les fichiers PDF sont prêts dans le dossier de dépôt, "
    "nommés d'après la rubrique du formulaire.",
    "timbre": "Saisir le numéro du timbre fiscal électronique.",
    "submit": "Vérifier le récapitulatif avec le demandeur, puis valider le dépôt.",
    "attestation": "Télécharger l'attestation de dépôt : Guichet la lit dès qu'elle arrive "
    "dans le dossier des téléchargements.",
}


# (``desk doctor``'s words: desk/doctor_messages.py)

# --- installer room: site files (``desk init --from``) -----------------------------------

register(
    codes={
        "site_file_error": "Fichier de site {path}, clé « {key} » : {reason_text}",
    },
    reasons={
        "file_missing": "le fichier est introuvable.",
        "file_unreadable": "le fichier ne peut pas être lu.",
        "not_utf8": "le fichier doit être enregistré en UTF-8.",
        "toml_syntax": "le fichier n'est pas un TOML valide (voir installer/site.example.toml).",
        "not_a_section": "une section [entre crochets] est attendue ici.",
        "unknown_key": "clé inconnue (faute de frappe ?) ; voir installer/site.example.toml.",
        "not_str": "un texte entre guillemets est attendu.",
        "not_int": "un nombre entier est attendu.",
        "not_bool": "true ou false est attendu.",
        "not_window": "plage horaire attendue sous la forme 22:00-05:00.",
        "not_url": "adresse attendue sous la forme https://serveur.exemple.gouv.fr.",
        "out_of_range": "valeur hors des bornes permises.",
        "counter_range": "le numéro de guichet doit être compris entre 1 et 99.",
        "bad_departement": "code de département inconnu (ex. : 69, 2A, 974).",
        "invalid_value": "valeur invalide.",
    },
)


# --- security room: sessions, privacy --------------------------------------------------

register(
    reasons={
        "session_not_locked": "La session n'est pas verrouillée.",
        "nothing_held": "Aucune donnée n'est conservée pour ce demandeur.",
    },
)

#: headings and labels of the droit d'accès export (desk.services.privacy_pdf)
PRIVACY_TEXT: dict[str, str] = {
    "title": "Droit d'accès — données détenues par le guichet",
    "intro": "Document remis au demandeur (RGPD, article 15) : toutes les données que ce "
    "guichet conserve à son sujet, les pièces enregistrées et les consultations de son "
    "dossier. Les pièces elles-mêmes sont jointes dans le dossier « documents ».",
    "exported_at": "Édité le",
    "site": "Guichet",
    "identity": "Identité",
    "dossier": "Dossier",
    "procedure": "Démarche",
    "status": "État",
    "created_at": "Ouvert le",
    "pieces": "Pièces",
    "pages": "pages",
    "note": "note",
    "history": "Historique",
    "related": "Autres données liées",
    "accesses": "Consultations et modifications (journal d'audit)",
    "none": "aucune",
}
