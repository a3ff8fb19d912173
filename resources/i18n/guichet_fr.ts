<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="fr_FR">
<context>
    <name></name>
    <message>
        <location filename="../../ui/statusbar.py" line="95"/>
        <location filename="../../ui/statusbar.py" line="96"/>
        <source>Guichet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="100"/>
        <source>Guichet — {site}, guichet {counter}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="104"/>
        <source> · guichet {counter}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="106"/>
        <source>Préfecture {pref} · {site}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ApplicantForm</name>
    <message>
        <location filename="../../ui/dossier/applicant_form.py" line="23"/>
        <source>&amp;Nom</source>
        <extracomment>field name -&gt; (label, placeholder, max length); texts marked for pyside6-lupdate</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/applicant_form.py" line="24"/>
        <source>&amp;Prénoms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/applicant_form.py" line="27"/>
        <source>Date de &amp;naissance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/applicant_form.py" line="28"/>
        <source>JJ/MM/AAAA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/applicant_form.py" line="33"/>
        <source>Na&amp;tionalité</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/applicant_form.py" line="34"/>
        <source>3 lettres, ex. : MAR</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/applicant_form.py" line="39"/>
        <source>Numéro é&amp;tranger</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/applicant_form.py" line="40"/>
        <source>10 chiffres (titre de séjour)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/applicant_form.py" line="43"/>
        <source>Numéro de pa&amp;sseport</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/applicant_form.py" line="44"/>
        <source>&amp;Code postal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/applicant_form.py" line="45"/>
        <source>Co&amp;urriel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/applicant_form.py" line="46"/>
        <source>Télé&amp;phone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/applicant_form.py" line="91"/>
        <source>Erreur : {field}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/applicant_form.py" line="111"/>
        <source>Erreur</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AssistedFilingPanel</name>
    <message>
        <location filename="../../ui/filing/assisted.py" line="67"/>
        <source>Étapes du dépôt en ligne</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/assisted.py" line="70"/>
        <source>Pièces manquantes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/assisted.py" line="71"/>
        <source>&amp;Ouvrir la démarche en ligne</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/assisted.py" line="72"/>
        <source>Ouvrir la démarche en ligne</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/assisted.py" line="74"/>
        <source>&amp;Préparer les fichiers à déposer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/assisted.py" line="75"/>
        <source>Préparer les fichiers à déposer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/assisted.py" line="79"/>
        <location filename="../../ui/filing/assisted.py" line="110"/>
        <source>Dossier de dépôt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/assisted.py" line="81"/>
        <source>Fichiers prêts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/assisted.py" line="84"/>
        <source>Dossier des téléchargements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/assisted.py" line="85"/>
        <source>&amp;Surveiller les téléchargements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/assisted.py" line="86"/>
        <source>Surveiller les téléchargements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/assisted.py" line="89"/>
        <source>Numéro de dossier ANEF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/assisted.py" line="91"/>
        <source>Contrôle de l&apos;attestation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/assisted.py" line="92"/>
        <source>&amp;Enregistrer le dépôt en ligne</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/assisted.py" line="94"/>
        <source>Enregistrer le dépôt en ligne</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/assisted.py" line="96"/>
        <source>Abandonner et &amp;effacer les fichiers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/assisted.py" line="97"/>
        <source>Abandonner et effacer les fichiers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/assisted.py" line="99"/>
        <source>Résultat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/assisted.py" line="108"/>
        <source>Étapes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/assisted.py" line="109"/>
        <source>Manquantes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/assisted.py" line="111"/>
        <source>Fichiers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/assisted.py" line="115"/>
        <source>Téléchargements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/assisted.py" line="116"/>
        <source>N° ANEF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/assisted.py" line="160"/>
        <source>✔ Aucune</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/assisted.py" line="195"/>
        <source> ⚠ trop volumineux</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/assisted.py" line="203"/>
        <source>Surveillance des téléchargements en cours…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/assisted.py" line="228"/>
        <source>Attestation de dépôt conforme au dossier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/assisted.py" line="257"/>
        <source>Dépôt en ligne enregistré (n° {number}). Décision implicite le {day}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/assisted.py" line="265"/>
        <source>Fichiers du dépôt effacés du poste.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CapturePanel</name>
    <message>
        <location filename="../../ui/capture/panel.py" line="78"/>
        <location filename="../../ui/capture/panel.py" line="123"/>
        <source>Scanner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/capture/panel.py" line="79"/>
        <source>Actualiser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/capture/panel.py" line="80"/>
        <source>Rechercher les scanners</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/capture/panel.py" line="83"/>
        <source>Pièce à numériser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/capture/panel.py" line="86"/>
        <location filename="../../ui/capture/panel.py" line="125"/>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/capture/panel.py" line="88"/>
        <source>Chargeur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/capture/panel.py" line="89"/>
        <source>Chargeur recto verso</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/capture/panel.py" line="90"/>
        <source>Vitre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/capture/panel.py" line="95"/>
        <source>tout le chargeur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/capture/panel.py" line="96"/>
        <source>Nombre de pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/capture/panel.py" line="97"/>
        <source>&amp;Numériser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/capture/panel.py" line="100"/>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/capture/panel.py" line="103"/>
        <source>Progression de la numérisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/capture/panel.py" line="107"/>
        <source>Message de numérisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/capture/panel.py" line="112"/>
        <source>Tourner ⟳</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/capture/panel.py" line="114"/>
        <source>Supprimer la page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/capture/panel.py" line="116"/>
        <source>Renumériser la page</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/capture/panel.py" line="124"/>
        <source>Pièce</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/capture/panel.py" line="126"/>
        <source>Pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/capture/panel.py" line="185"/>
        <source>Recherche des scanners…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/capture/panel.py" line="202"/>
        <source>Aucun scanner détecté.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/capture/panel.py" line="220"/>
        <location filename="../../ui/capture/panel.py" line="359"/>
        <source>Numérisation en cours…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/capture/panel.py" line="252"/>
        <source>Annulation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/capture/panel.py" line="262"/>
        <source>Page %n en cours…</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/capture/panel.py" line="269"/>
        <source>%n page(s) ajoutée(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/capture/panel.py" line="366"/>
        <source>Page renumérisée.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CounterSession</name>
    <message>
        <location filename="../../ui/session.py" line="230"/>
        <source>Connexion de {login}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/session.py" line="254"/>
        <source>Erreur inattendue à l&apos;ouverture du guichet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/session.py" line="315"/>
        <source>Ouverture de la session…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DossierTableModel</name>
    <message>
        <location filename="../../ui/models.py" line="63"/>
        <source>Numéro de dossier</source>
        <extracomment>the dossier number of a row, for views and tests</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="64"/>
        <source>Nom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="65"/>
        <source>Prénoms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="66"/>
        <source>Né(e) le</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="67"/>
        <source>Démarche</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="68"/>
        <source>État</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="69"/>
        <source>Modifié à</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DossierView</name>
    <message>
        <location filename="../../ui/dossier/view.py" line="68"/>
        <source>Titre</source>
        <extracomment>the view was emptied (identity: ui/identity clears what it adds to the form) an existing applicant picked to own the new dossier (ui/identity), else None</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="72"/>
        <source>Numéro de dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="75"/>
        <source>État du dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="78"/>
        <source>Démarche du dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="79"/>
        <source>Fermer le dossier (Échap)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="80"/>
        <source>Fermer le dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="96"/>
        <source>Démarche</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="100"/>
        <source>Choisir la démarche…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="103"/>
        <source>Erreur : démarche</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="105"/>
        <source>&amp;Démarche</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="114"/>
        <location filename="../../ui/dossier/view.py" line="121"/>
        <source>Demandeur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="130"/>
        <source>Volets du dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="133"/>
        <source>Pièces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="183"/>
        <source>Dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="194"/>
        <source>&amp;Enregistrer le demandeur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="195"/>
        <source>Enregistrer le demandeur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="215"/>
        <source>Nouveau dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="225"/>
        <source>&amp;Créer le dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="226"/>
        <source>Créer le dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="246"/>
        <source>Choisissez la démarche.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FilingStatusPanel</name>
    <message>
        <location filename="../../ui/filing/status.py" line="48"/>
        <location filename="../../ui/filing/status.py" line="81"/>
        <source>Complétude</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/status.py" line="51"/>
        <location filename="../../ui/filing/status.py" line="82"/>
        <source>Pièces manquantes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/status.py" line="54"/>
        <source>Date limite des pièces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/status.py" line="56"/>
        <source>Fenêtre de renouvellement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/status.py" line="59"/>
        <location filename="../../ui/filing/status.py" line="85"/>
        <source>Droits dus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/status.py" line="62"/>
        <source>Date de décision implicite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/status.py" line="64"/>
        <source>&amp;Demander les pièces manquantes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/status.py" line="65"/>
        <source>Demander les pièces manquantes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/status.py" line="68"/>
        <source>Timbres fiscaux saisis</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/status.py" line="71"/>
        <source>16 chiffres</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/status.py" line="73"/>
        <source>Numéro de timbre fiscal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/status.py" line="74"/>
        <source>A&amp;jouter le timbre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/status.py" line="75"/>
        <source>Ajouter le timbre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/status.py" line="78"/>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/status.py" line="83"/>
        <source>À fournir avant le</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/status.py" line="84"/>
        <source>Renouvellement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/status.py" line="86"/>
        <source>Décision implicite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/status.py" line="87"/>
        <source>Timbres fiscaux</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/status.py" line="91"/>
        <source>Nouveau timbre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/status.py" line="114"/>
        <source>✔ Complet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/status.py" line="114"/>
        <source>⚠ Incomplet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/status.py" line="117"/>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/status.py" line="121"/>
        <source> (du {opens} au {closes})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/status.py" line="126"/>
        <source>Sans objet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/status.py" line="128"/>
        <source>Total : {total} €</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/status.py" line="131"/>
        <source>Sans réponse le {day}, la demande sera implicitement rejetée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/status.py" line="135"/>
        <source>Pas encore de dépôt complet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/status.py" line="158"/>
        <source>Pièces demandées, à fournir avant le {day}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/status.py" line="173"/>
        <source>Timbre fiscal enregistré.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FirstAdminPage</name>
    <message>
        <location filename="../../ui/login.py" line="276"/>
        <source>Créer l&apos;administrateur du guichet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="281"/>
        <source>Aucun agent n&apos;est encore enregistré sur ce poste. Créez le compte de l&apos;administrateur local ; il créera ensuite les comptes des agents.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="295"/>
        <source>&amp;Identifiant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="296"/>
        <source>&amp;Nom affiché</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="297"/>
        <source>Mot de &amp;passe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="298"/>
        <source>&amp;Confirmation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="305"/>
        <source>10 caractères au moins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="307"/>
        <source>Erreur de saisie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="310"/>
        <source>Créer l&apos;administrateur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="321"/>
        <source>Les deux mots de passe ne sont pas identiques.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistoryTimeline</name>
    <message>
        <location filename="../../ui/filing/history.py" line="31"/>
        <source>Historique du dossier</source>
        <extracomment>detail keys shown in the timeline (others stay in the store)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/history.py" line="33"/>
        <source>Actions sur le dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/history.py" line="34"/>
        <source>Aucune action enregistrée.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IdentityController</name>
    <message>
        <location filename="../../ui/identity/controller.py" line="87"/>
        <source>Identité</source>
        <extracomment>pause after the last edit of the form before duplicates are looked up</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <location filename="../../ui/security/lock.py" line="59"/>
        <source>Poste verrouillé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/security/lock.py" line="63"/>
        <source>Identifiant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/security/lock.py" line="66"/>
        <source>Mot de passe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/security/lock.py" line="70"/>
        <source>Erreur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/security/lock.py" line="72"/>
        <source>&amp;Déverrouiller</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/security/lock.py" line="77"/>
        <source>Un autre agent peut prendre le poste avec son identifiant : la session en cours sera alors fermée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/security/lock.py" line="94"/>
        <source>Session de {name}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginPage</name>
    <message>
        <location filename="../../ui/login.py" line="119"/>
        <source>Connexion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="126"/>
        <source>Identifiant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="129"/>
        <source>Mot de passe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="132"/>
        <source>&amp;Identifiant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="133"/>
        <source>&amp;Mot de passe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="138"/>
        <source>Ouverture du guichet…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="140"/>
        <source>État du guichet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="142"/>
        <source>Erreur de connexion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="147"/>
        <source>Indication pour la démonstration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="150"/>
        <source>Se connecter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="169"/>
        <source>{site} — guichet {counter}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="185"/>
        <source>Démonstration : les identifiants des agents sont dans {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="206"/>
        <source>Saisissez votre identifiant et votre mot de passe.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="210"/>
        <source>Ouverture du guichet… connexion dès que prêt.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="147"/>
        <source>Dossiers</source>
        <extracomment>pause after the last keystroke before a search starts (a scanner types faster) the sync room (ui.sync), attached once the counter is open: kept after log-out, its nightly timer and freshness warning go on at the log-in page</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="161"/>
        <source>Titre de la liste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="164"/>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="176"/>
        <source>Numérisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="179"/>
        <source>Reçus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="240"/>
        <source>Dossiers du jour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="268"/>
        <source>Aucun dossier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="312"/>
        <source>Recherche : « {text} »</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MatchPanel</name>
    <message>
        <location filename="../../ui/identity/panel.py" line="33"/>
        <source>Alertes sur l&apos;identité</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/identity/panel.py" line="37"/>
        <source>Informations sur l&apos;identité</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/identity/panel.py" line="38"/>
        <location filename="../../ui/identity/panel.py" line="76"/>
        <source>Ce demandeur existe peut-être déjà :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/identity/panel.py" line="41"/>
        <source>Demandeurs déjà enregistrés</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/identity/panel.py" line="44"/>
        <source>&amp;Utiliser ce demandeur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/identity/panel.py" line="45"/>
        <source>Utiliser le demandeur choisi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/identity/panel.py" line="68"/>
        <source>Bande MRZ invalide, vérifiez : {fields}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/identity/panel.py" line="82"/>
        <source>né(e) le {d}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/identity/panel.py" line="85"/>
        <source>n° étranger {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/identity/panel.py" line="87"/>
        <source>passeport {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/identity/panel.py" line="99"/>
        <source>Le dossier sera créé pour le demandeur choisi :</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NeedsActionModel</name>
    <message>
        <location filename="../../ui/sync/models.py" line="140"/>
        <source>Élément</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/models.py" line="141"/>
        <source>Dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/models.py" line="142"/>
        <source>Motif</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/models.py" line="143"/>
        <source>À faire</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OpenFailedPage</name>
    <message>
        <location filename="../../ui/session.py" line="101"/>
        <source>Le guichet ne peut pas s&apos;ouvrir</source>
        <extracomment>what MainWindow.open_session imports (SQLAlchemy and the services come with them) the counter has not opened after this long without a first paint (a window that is never exposed, e.g. started minimised): open it anyway</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/session.py" line="106"/>
        <source>Raison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/session.py" line="107"/>
        <source>Prévenez le support.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/session.py" line="108"/>
        <source>&amp;Quitter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/session.py" line="109"/>
        <source>Quitter Guichet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PageStrip</name>
    <message>
        <location filename="../../ui/capture/pages.py" line="37"/>
        <source>Pages de la pièce</source>
        <extracomment>(RGB bytes, width, height, rotation): what a pool thread hands the strip</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/capture/pages.py" line="52"/>
        <source>Page %n</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PiecesModel</name>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="53"/>
        <source>Pièce</source>
        <extracomment>the piece code of a row</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="54"/>
        <source>Obligatoire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="55"/>
        <source>État</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="56"/>
        <source>Pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="80"/>
        <source>oui</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="80"/>
        <source>non</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PiecesPanel</name>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="114"/>
        <source>Liste des pièces du dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="127"/>
        <source>&amp;Ajouter depuis un fichier…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="130"/>
        <source>Ajouter la pièce depuis un fichier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="132"/>
        <source>Déclarer &amp;manquante</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="133"/>
        <source>Déclarer la pièce manquante</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="136"/>
        <source>La liste des pièces apparaît une fois le dossier créé ou ouvert.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="142"/>
        <source>Message sur les pièces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="196"/>
        <source>Ajouter « {piece} »</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="198"/>
        <source>Documents (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;Tous les fichiers (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="224"/>
        <source>Ajout en cours…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="242"/>
        <source>✔ {n} fichier(s) ajouté(s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="256"/>
        <source>La pièce est notée manquante.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReceiptsPanel</name>
    <message>
        <location filename="../../ui/receipts/panel.py" line="47"/>
        <source>Type de reçu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/receipts/panel.py" line="48"/>
        <source>Selon l&apos;état du dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/receipts/panel.py" line="50"/>
        <source>Fiche d&apos;accompagnement (dépôt en ligne)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/receipts/panel.py" line="51"/>
        <source>Accusé de réception</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/receipts/panel.py" line="52"/>
        <source>Récépissé (dossier complet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/receipts/panel.py" line="53"/>
        <source>Demande de pièces complémentaires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/receipts/panel.py" line="57"/>
        <source>Langue des explications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/receipts/panel.py" line="58"/>
        <source>Français</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/receipts/panel.py" line="59"/>
        <source>Français et anglais</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/receipts/panel.py" line="60"/>
        <source>Imprimer le reçu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/receipts/panel.py" line="62"/>
        <source>Imprimer sur…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/receipts/panel.py" line="63"/>
        <source>Imprimer en choisissant l&apos;imprimante</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/receipts/panel.py" line="64"/>
        <source>Réimprimer (duplicata)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/receipts/panel.py" line="67"/>
        <source>Message d&apos;impression</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/receipts/panel.py" line="72"/>
        <source>Reçu :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/receipts/panel.py" line="73"/>
        <source>Langue :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/receipts/panel.py" line="127"/>
        <source>Impression en cours…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/receipts/panel.py" line="161"/>
        <source>Duplicata n° {k} du reçu {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/receipts/panel.py" line="163"/>
        <source>Reçu {n}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/receipts/panel.py" line="168"/>
        <source>{what} imprimé.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <location filename="../../ui/status.py" line="48"/>
        <source>Brouillon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status.py" line="49"/>
        <source>Pièces en cours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status.py" line="50"/>
        <source>Complet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status.py" line="52"/>
        <source>Déposé en ligne</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status.py" line="57"/>
        <source>Déposé au guichet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status.py" line="62"/>
        <source>Incomplet — pièces attendues</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status.py" line="66"/>
        <source>Clos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status.py" line="74"/>
        <source>Fournie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status.py" line="78"/>
        <source>Déclarée manquante</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status.py" line="84"/>
        <source>À fournir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status.py" line="85"/>
        <source>Facultative</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SubstitutionForm</name>
    <message>
        <location filename="../../ui/filing/substitution.py" line="72"/>
        <source>Mode de dépôt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/substitution.py" line="77"/>
        <source>Document de preuve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/substitution.py" line="78"/>
        <source>Référence du document de preuve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/substitution.py" line="79"/>
        <source>Date du document de preuve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/substitution.py" line="80"/>
        <source>Scan du document de preuve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/substitution.py" line="84"/>
        <source>Cause de l&apos;échec du dépôt en ligne</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/substitution.py" line="85"/>
        <source>Précision sur la cause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/substitution.py" line="86"/>
        <source>Date de réception du courrier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/substitution.py" line="87"/>
        <source>Date du cachet de la poste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/substitution.py" line="88"/>
        <source>Numéro de recommandé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/substitution.py" line="89"/>
        <source>Courriel enregistré (.eml)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/substitution.py" line="90"/>
        <source>Motif de la dérogation (superviseur)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/substitution.py" line="94"/>
        <source>Réservé au superviseur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/substitution.py" line="95"/>
        <source>Enregistrer le &amp;dépôt de substitution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/substitution.py" line="97"/>
        <source>Enregistrer le dépôt de substitution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/substitution.py" line="99"/>
        <source>Résultat du dépôt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/substitution.py" line="103"/>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/substitution.py" line="104"/>
        <source>Preuve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/substitution.py" line="105"/>
        <source>Référence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/substitution.py" line="106"/>
        <source>Date de la preuve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/substitution.py" line="107"/>
        <source>Scan de la preuve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/substitution.py" line="108"/>
        <source>Cause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/substitution.py" line="109"/>
        <source>Précision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/substitution.py" line="110"/>
        <source>Reçu le</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/substitution.py" line="111"/>
        <source>Cachet de la poste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/substitution.py" line="112"/>
        <source>Recommandé n°</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/substitution.py" line="113"/>
        <source>Courriel (.eml)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/substitution.py" line="114"/>
        <source>Dérogation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/substitution.py" line="131"/>
        <source>Choisir…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/substitution.py" line="132"/>
        <source>Choisir : {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/substitution.py" line="227"/>
        <source>Demande enregistrée ; pièces manquantes à fournir avant le {day}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/substitution.py" line="230"/>
        <source>Dépôt enregistré. Sans réponse le {day} : décision implicite.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Sync</name>
    <message>
        <location filename="../../ui/sync/models.py" line="22"/>
        <source>En attente d&apos;envoi</source>
        <extracomment>the PanelItem of a row, for views and tests</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/models.py" line="23"/>
        <source>Envoi tenté, nouvel essai prévu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/models.py" line="24"/>
        <source>À traiter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/models.py" line="25"/>
        <source>Acquitté</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/models.py" line="29"/>
        <source>Demandeur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/models.py" line="30"/>
        <source>Dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/models.py" line="31"/>
        <source>Pièce</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/models.py" line="32"/>
        <source>Page numérisée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/models.py" line="33"/>
        <source>Historique</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/models.py" line="34"/>
        <source>Dépôt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/models.py" line="35"/>
        <source>Dépôt de substitution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/models.py" line="36"/>
        <source>Reçu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/models.py" line="37"/>
        <source>Timbre fiscal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/models.py" line="38"/>
        <source>Agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/models.py" line="39"/>
        <source>Journal d&apos;audit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/models.py" line="40"/>
        <source>Passage au guichet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <location filename="../../ui/sync/controller.py" line="125"/>
        <source>S&amp;ynchronisation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/controller.py" line="128"/>
        <source>État de la synchronisation avec le serveur national</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/controller.py" line="134"/>
        <source>Synchronisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/controller.py" line="135"/>
        <source>Synchronisation ({key})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/controller.py" line="138"/>
        <source>Fraîcheur des données</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/controller.py" line="200"/>
        <source>jamais</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/controller.py" line="202"/>
        <source>✖ Données périmées — dernière synchronisation : {last}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/controller.py" line="209"/>
        <source>⚠ À synchroniser : données périmées dans {days} j — dernière synchronisation : {last}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/controller.py" line="214"/>
        <source>✔ Synchronisé le {last}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/controller.py" line="216"/>
        <source>Jamais synchronisé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/controller.py" line="232"/>
        <source>Modifications non acquittées par le serveur national depuis le {d}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/controller.py" line="238"/>
        <source>Démarches, tarifs, agents et clés de vérification non mis à jour depuis le {d}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/controller.py" line="240"/>
        <source>l&apos;enrôlement</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/sync/controller.py" line="243"/>
        <source>%n élément(s) à envoyer.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/sync/controller.py" line="244"/>
        <source>Données à jour.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncDialog</name>
    <message>
        <location filename="../../ui/sync/panel.py" line="71"/>
        <location filename="../../ui/sync/panel.py" line="75"/>
        <source>Synchronisation avec le serveur national</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="72"/>
        <source>Synchronisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="77"/>
        <source>Titre du panneau</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="79"/>
        <source>Serveur national</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="81"/>
        <source>Fenêtre de synchronisation nocturne</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="84"/>
        <source>Dernière synchronisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="86"/>
        <source>Éléments par état</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="89"/>
        <source>Éléments de la file d&apos;envoi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="91"/>
        <source>File d&apos;envoi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="95"/>
        <source>Éléments à traiter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="99"/>
        <source>&amp;Renvoyer la sélection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="100"/>
        <source>Renvoyer les éléments sélectionnés</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="102"/>
        <source>Une fois la cause corrigée, remet les éléments dans la file d&apos;envoi.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="105"/>
        <source>À traiter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="111"/>
        <source>Progression de la synchronisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="116"/>
        <source>Message de synchronisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="117"/>
        <source>&amp;Synchroniser maintenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="119"/>
        <source>Synchroniser maintenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="121"/>
        <source>A&amp;nnuler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="122"/>
        <source>Annuler la synchronisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="124"/>
        <source>&amp;Fermer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="125"/>
        <source>Fermer le panneau de synchronisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="174"/>
        <source>Serveur national : {url}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="177"/>
        <source>⚠ Ce guichet n&apos;est pas enrôlé auprès du serveur national (desk enrol).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="180"/>
        <source>ouverte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="182"/>
        <source>prochaine ouverture le {at}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="185"/>
        <source>Synchronisation automatique chaque nuit, {window} ({state}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="193"/>
        <source>En attente d&apos;envoi : {w} · nouvel essai prévu : {r} · à traiter : {n} · acquittés : {a}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="203"/>
        <source> — {listed} premiers éléments affichés</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/sync/panel.py" line="207"/>
        <source>À traiter (%n)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="212"/>
        <source>Aucune synchronisation enregistrée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="216"/>
        <source>réussie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="217"/>
        <source>partielle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="218"/>
        <source>échec</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="219"/>
        <source>interrompue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="222"/>
        <source>{glyph} Dernière synchronisation : {at} — {outcome}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="225"/>
        <source> ({n} acquitté(s))</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="246"/>
        <source>Annulation… (à la prochaine requête)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="251"/>
        <source>Synchronisation nocturne en cours…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="253"/>
        <source>Synchronisation en cours…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="261"/>
        <source>Envoi des éléments : {d} / {t}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="264"/>
        <source>Envoi des documents : {mb} Mo envoyés</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="274"/>
        <source>Synchronisation terminée : {a} acquitté(s), {n} à traiter, {p} en attente.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/panel.py" line="299"/>
        <source>Sélectionnez d&apos;abord les éléments à renvoyer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/sync/panel.py" line="302"/>
        <source>%n élément(s) remis dans la file d&apos;envoi.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncItemsModel</name>
    <message>
        <location filename="../../ui/sync/models.py" line="98"/>
        <source>Élément</source>
        <extracomment>roles answered with the cell&apos;s text</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/models.py" line="99"/>
        <source>Dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/models.py" line="100"/>
        <source>État</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/models.py" line="101"/>
        <source>Essais</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/models.py" line="102"/>
        <source>Dernière erreur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/models.py" line="103"/>
        <source>Prochain essai</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/sync/models.py" line="104"/>
        <source>Modifié le</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <location filename="../../ui/topbar.py" line="19"/>
        <source>Guichet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/topbar.py" line="25"/>
        <source>Rechercher : nom, numéro étranger, n° de dossier — ou scanner le code-barres</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/topbar.py" line="27"/>
        <source>Rechercher un dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/topbar.py" line="29"/>
        <source>Un numéro de dossier suivi d&apos;Entrée ouvre directement le dossier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/topbar.py" line="31"/>
        <source>&amp;Nouveau dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/topbar.py" line="33"/>
        <source>Nouveau dossier (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/topbar.py" line="34"/>
        <source>Nouveau dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/topbar.py" line="35"/>
        <source>Se &amp;déconnecter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/topbar.py" line="36"/>
        <source>Se déconnecter</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>page</name>
    <message>
        <location filename="../../ui/login.py" line="50"/>
        <source>Quitter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="51"/>
        <source>Quitter Guichet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="62"/>
        <source>Guichet — accueil des étrangers</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>self._window</name>
    <message>
        <location filename="../../ui/statusbar.py" line="120"/>
        <source>{name} ({login})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="122"/>
        <source>Agent connecté : {agent}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>view</name>
    <message>
        <location filename="../../ui/filing/__init__.py" line="27"/>
        <source>Délais et droits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/__init__.py" line="28"/>
        <source>Dépôt en ligne</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/__init__.py" line="29"/>
        <source>Substitution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/filing/__init__.py" line="30"/>
        <source>Historique</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <location filename="../../ui/statusbar.py" line="83"/>
        <source>Identité du guichet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/statusbar.py" line="85"/>
        <source>Agent connecté</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
