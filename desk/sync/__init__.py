"""Sync with HQ: the outbox, the client, the wire models shared with HQ.

The French words for this room's errors and reasons are registered here.
"""

from desk.messages import register

register(
    codes={
        "not_enrolled": "Ce guichet n'est pas enrôlé auprès du serveur national (desk enrol).",
        "insecure_server": "Le serveur national doit être joint en https.",
        "hq_unavailable": "Le serveur national est injoignable : nouvel essai plus tard.",
        "hq_refused": "Le serveur national a refusé la demande ({reason}).",
        "hq_untrusted": (
            "Le certificat du serveur national n'est pas reconnu : vérifiez l'adresse "
            "et le fichier d'autorité (hq_ca_file) avec le service informatique."
        ),
    },
    reasons={
        # --- sync (issue 7) ---
        "sync_running": "Une synchronisation est déjà en cours sur ce guichet.",
        "other_prefecture": "Cet élément relève d'une autre préfecture.",
        "uid_conflict": "Cet élément existe déjà au niveau national pour un autre guichet.",
        "invalid_record": "Élément refusé par le serveur national (format).",
        "blob_missing": "Document pas encore reçu par le serveur national.",
        "blob_unreadable": "Document illisible sur ce guichet : à numériser de nouveau.",
        "unknown_entity": "Type d'élément inconnu : signalez-le au support.",
        "hq_unavailable": "Serveur national injoignable.",
    },
)
