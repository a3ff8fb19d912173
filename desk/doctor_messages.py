"""The French words of ``desk doctor`` (desk/doctor.py): the name of each check, its
status, and the sentence of each finding (desk/cli/doctor.py prints them; the JSON
report carries the codes)."""

from __future__ import annotations

DOCTOR_CHECKS: dict[str, str] = {
    "data_home": "Dossier de données",
    "config": "Configuration",
    "database": "Base de données",
    "keys": "Clé de chiffrement",
    "sync": "Synchronisation",
    "scanner": "Scanner",
    "printer": "Imprimante",
    "hq": "Serveur central",
}

DOCTOR_STATUS: dict[str, str] = {
    "ok": "OK",
    "warning": "À VÉRIFIER",
    "error": "ERREUR",
    "skipped": "sans objet",
}

DOCTOR: dict[str, str] = {
    "home_missing": "{path} n'existe pas : lancez « desk init ».",
    "home_not_writable": "impossible d'écrire dans {path} ({error}).",
    "disk_full": "{path} : plus que {free_mb} Mo libres, le guichet ne peut plus "
    "enregistrer de pièces.",
    "disk_low": "{path} : {free_mb} Mo libres seulement, libérez de la place.",
    "home_ok": "{path} ({free_mb} Mo libres).",
    "config_missing": "{path} est absent : lancez « desk init --from site.toml ».",
    "config_invalid": "{path} est invalide : {error}.",
    "config_ok": "{site}, guichet n° {counter} (préfecture {prefecture}).",
    "db_missing": "{path} est absente : lancez « desk init ».",
    "db_unreadable": "la base ne peut pas être ouverte ({error}).",
    "db_corrupt": "la base est endommagée : restaurez la dernière sauvegarde.",
    "db_not_at_head": "la base est à la révision {revision}, le logiciel attend {head} : "
    "lancez « desk db upgrade ».",
    "db_ok": "intègre, à jour (révision {head}).",
    "key_missing": "{path} est absente : les données chiffrées sont illisibles ; "
    "restaurez la clé sauvegardée.",
    "key_unreadable": "la clé {path} ne peut pas être ouverte ({error}).",
    "key_damaged": "{path} est endommagée ({size} octets au lieu de 32).",
    "key_mismatch": "{path} n'ouvre pas les données de cette base : ce n'est pas la bonne clé.",
    "key_too_open": "{path} est lisible par d'autres comptes (droits {mode}) : "
    "réservez-la au compte du guichet (chmod 600).",
    "key_ok": "{path} présente (protection : {protection}).",
    "sync_no_database": "pas de base de données.",
    "sync_unreadable": "file d'envoi illisible ({error}).",
    "sync_rejected": "{rejected} envoi(s) refusé(s) par le serveur central : "
    "prévenez l'assistance.",
    "sync_late": "dernière synchronisation il y a {age_hours} h ; {pending} envoi(s) en "
    "attente depuis {oldest_pending_hours} h.",
    "sync_never": "jamais synchronisé ; {pending} envoi(s) en attente depuis "
    "{oldest_pending_hours} h.",
    "sync_nothing_yet": "rien à envoyer pour l'instant.",
    "sync_pending": "pas encore synchronisé ; {pending} envoi(s) en attente.",
    "sync_ok": "dernière synchronisation il y a {age_hours} h ; {pending} envoi(s) en attente.",
    "scanner_windows": "vérifié par le pilote Windows du scanner.",
    "sane_unavailable": "SANE est indisponible ({error}).",
    "scanner_ok": "{configured} est branché.",
    "scanner_not_found": "{configured} est introuvable (trouvés : {devices}) : vérifiez "
    "le câble et l'alimentation.",
    "scanner_not_configured": "aucun scanner choisi dans la configuration (trouvés : {devices}).",
    "no_scanner": "aucun scanner trouvé : vérifiez le câble et l'alimentation.",
    "printer_windows": "vérifiée par le gestionnaire d'impression Windows.",
    "printer_not_configured": "aucune imprimante choisie dans la configuration.",
    "cups_missing": "CUPS n'est pas installé (imprimante {printer}).",
    "printer_missing": "l'imprimante {printer} n'existe pas dans CUPS.",
    "printer_disabled": "l'imprimante {printer} est arrêtée : {lpstat}.",
    "printer_ok": "{printer} prête.",
    "hq_not_configured": "aucune adresse de serveur central dans la configuration.",
    "hq_unreachable": "{url} injoignable ({error}).",
    "hq_failing": "{url} répond en erreur (HTTP {http_status}).",
    "hq_no_date": "{url} joignable mais ne donne pas son heure.",
    "clock_skew": "{url} joignable, mais l'horloge du poste diffère de {skew_seconds} s : "
    "réglez l'heure du poste (synchronisation NTP).",
    "hq_ok": "{url} joignable, horloge à l'heure ({skew_seconds} s d'écart).",
}


def doctor_text(code: str, params: dict[str, object]) -> str:
    """The French sentence of one ``desk doctor`` finding."""
    shown = {
        k: (", ".join(map(str, v)) or "aucun") if isinstance(v, list) else v
        for k, v in params.items()
    }
    try:
        return DOCTOR.get(code, code).format(**shown)
    except (KeyError, IndexError):
        return DOCTOR.get(code, code)
