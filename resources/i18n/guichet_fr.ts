<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="fr_FR">
<context>
    <name>App</name>
    <message>
        <location filename="../../ui/app.py" line="207"/>
        <source>Le guichet ne peut pas s&apos;ouvrir. Prévenez le support.</source>
        <extracomment>when set, the window prints &quot;GUICHET_SHOWN &lt;epoch seconds&gt;&quot; once the main window is first painted and &quot;GUICHET_LISTED &lt;epoch seconds&gt;&quot; once today&apos;s list is filled, then quits; without a password given on stdin it prints &quot;GUICHET_LOGIN_SHOWN&quot; once the first dialog is painted and quits (bench/bench_startup.py)</extracomment>
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
    <name>DossierTableModel</name>
    <message>
        <location filename="../../ui/models.py" line="31"/>
        <source>Numéro de dossier</source>
        <extracomment>the dossier number of a row, for views and tests</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="32"/>
        <source>Nom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="33"/>
        <source>Prénoms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="34"/>
        <source>Né(e) le</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="35"/>
        <source>Démarche</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="36"/>
        <source>État</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/models.py" line="37"/>
        <source>Modifié à</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DossierView</name>
    <message>
        <location filename="../../ui/dossier/view.py" line="64"/>
        <source>Titre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="68"/>
        <source>Numéro de dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="71"/>
        <source>État du dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="74"/>
        <source>Démarche du dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="75"/>
        <source>Fermer le dossier (Échap)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="76"/>
        <source>Fermer le dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="92"/>
        <source>Démarche</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="96"/>
        <source>Choisir la démarche…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="99"/>
        <source>Erreur : démarche</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="101"/>
        <source>&amp;Démarche</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="110"/>
        <location filename="../../ui/dossier/view.py" line="117"/>
        <source>Demandeur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="126"/>
        <source>Volets du dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="129"/>
        <source>Pièces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="179"/>
        <source>Dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="190"/>
        <source>&amp;Enregistrer le demandeur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="191"/>
        <source>Enregistrer le demandeur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="210"/>
        <source>Nouveau dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="220"/>
        <source>&amp;Créer le dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="221"/>
        <source>Créer le dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/view.py" line="240"/>
        <source>Choisissez la démarche.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FirstAdminDialog</name>
    <message>
        <location filename="../../ui/login.py" line="187"/>
        <source>Guichet — premier démarrage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="193"/>
        <source>Créer l&apos;administrateur du guichet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="197"/>
        <source>Aucun agent n&apos;est encore enregistré sur ce poste. Créez le compte de l&apos;administrateur local ; il créera ensuite les comptes des agents.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="211"/>
        <source>&amp;Identifiant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="212"/>
        <source>&amp;Nom affiché</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="213"/>
        <source>Mot de &amp;passe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="214"/>
        <source>&amp;Confirmation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="220"/>
        <source>10 caractères au moins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="222"/>
        <source>Erreur de saisie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="225"/>
        <source>Créer l&apos;administrateur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="233"/>
        <source>Les deux mots de passe ne sont pas identiques.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ui/login.py" line="79"/>
        <source>Guichet — connexion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="85"/>
        <source>{site} — guichet {counter}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="86"/>
        <source>Connexion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="94"/>
        <source>Identifiant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="97"/>
        <source>Mot de passe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="99"/>
        <source>&amp;Identifiant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="100"/>
        <source>&amp;Mot de passe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="105"/>
        <source>Erreur de connexion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="109"/>
        <source>Démonstration : les identifiants des agents sont dans {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="116"/>
        <source>Indication pour la démonstration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="121"/>
        <source>Se connecter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="133"/>
        <source>Saisissez votre identifiant et votre mot de passe.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="60"/>
        <source>Guichet — {site}, guichet {counter}</source>
        <extracomment>pause after the last keystroke before a search starts (a scanner types faster)</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="67"/>
        <source>Guichet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="73"/>
        <source>Rechercher : nom, numéro étranger, n° de dossier — ou scanner le code-barres</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="75"/>
        <source>Rechercher un dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="77"/>
        <source>Un numéro de dossier suivi d&apos;Entrée ouvre directement le dossier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="81"/>
        <source>&amp;Nouveau dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="83"/>
        <source>Nouveau dossier (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="84"/>
        <source>Nouveau dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="86"/>
        <source>Se &amp;déconnecter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="87"/>
        <source>Se déconnecter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="103"/>
        <source>Dossiers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="117"/>
        <source>Titre de la liste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="120"/>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="146"/>
        <source>Préfecture {pref} · {site} · guichet {counter}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="150"/>
        <source>Identité du guichet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="152"/>
        <source>Agent : {name} ({login})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="156"/>
        <source>Agent connecté</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="181"/>
        <source>Dossiers du jour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="205"/>
        <source>Aucun dossier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="240"/>
        <source>Recherche : « {text} »</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PiecesModel</name>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="52"/>
        <source>Pièce</source>
        <extracomment>the piece code of a row</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="53"/>
        <source>Obligatoire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="54"/>
        <source>État</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="55"/>
        <source>Pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="94"/>
        <source>oui</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="94"/>
        <source>non</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PiecesPanel</name>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="128"/>
        <source>Liste des pièces du dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="141"/>
        <source>&amp;Ajouter depuis un fichier…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="144"/>
        <source>Ajouter la pièce depuis un fichier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="146"/>
        <source>Déclarer &amp;manquante</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="147"/>
        <source>Déclarer la pièce manquante</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="150"/>
        <source>La liste des pièces apparaît une fois le dossier créé ou ouvert.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="156"/>
        <source>Message sur les pièces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="210"/>
        <source>Ajouter « {piece} »</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="212"/>
        <source>Documents (*.pdf *.jpg *.jpeg *.png *.tif *.tiff);;Tous les fichiers (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="238"/>
        <source>Ajout en cours…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="256"/>
        <source>✔ {n} fichier(s) ajouté(s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/dossier/pieces.py" line="270"/>
        <source>La pièce est notée manquante.</source>
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
        <location filename="../../ui/status.py" line="51"/>
        <source>Déposé en ligne</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status.py" line="52"/>
        <source>Déposé au guichet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status.py" line="54"/>
        <source>Incomplet — pièces attendues</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status.py" line="58"/>
        <source>Clos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status.py" line="66"/>
        <source>Fournie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status.py" line="70"/>
        <source>Déclarée manquante</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status.py" line="76"/>
        <source>À fournir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/status.py" line="77"/>
        <source>Facultative</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>dialog</name>
    <message>
        <location filename="../../ui/login.py" line="39"/>
        <source>Quitter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="40"/>
        <source>Quitter Guichet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/login.py" line="53"/>
        <source>Guichet — accueil des étrangers</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
