<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>vami</name>
    <message>
        <source>Cannot create the data folder %1</source>
        <translation>Der Datenordner %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>API key not found</source>
        <translation>API-Schlüssel nicht gefunden</translation>
    </message>
    <message>
        <source>API keys cannot create API keys; sign in to do this</source>
        <translation>API-Schlüssel können keine API-Schlüssel anlegen; melden Sie sich dafür an</translation>
    </message>
    <message>
        <source>Only one of %1 and %2 may be given</source>
        <translation>Nur eines von %1 und %2 darf angegeben werden</translation>
    </message>
    <message>
        <source>Input should be greater than or equal to %1</source>
        <translation>Der Wert muss größer oder gleich %1 sein</translation>
    </message>
    <message>
        <source>Input should be less than or equal to %1</source>
        <translation>Der Wert muss kleiner oder gleich %1 sein</translation>
    </message>
    <message>
        <source>Expiry must be in the future and at most 10 years away</source>
        <translation>Der Ablauf muss in der Zukunft liegen, höchstens 10 Jahre entfernt</translation>
    </message>
    <message>
        <source>Input should be %1</source>
        <translation>Der Wert muss %1 sein</translation>
    </message>
    <message>
        <source>Your role cannot grant the permission %1</source>
        <translation>Ihre Rolle kann die Berechtigung %1 nicht vergeben</translation>
    </message>
    <message>
        <source>You already have %1 API keys; revoke one first</source>
        <translation>Sie haben bereits %1 API-Schlüssel; widerrufen Sie zuerst einen</translation>
    </message>
    <message>
        <source>This API key does not allow the action %1</source>
        <translation>Dieser API-Schlüssel erlaubt die Aktion %1 nicht</translation>
    </message>
    <message>
        <source>Admin or owner access required</source>
        <translation>Nur für Administratoren oder Inhaber</translation>
    </message>
    <message>
        <source>Owner access required</source>
        <translation>Nur für den Inhaber</translation>
    </message>
    <message>
        <source>Your role does not allow the action %1</source>
        <translation>Ihre Rolle erlaubt die Aktion %1 nicht</translation>
    </message>
    <message>
        <source>Invalid email or password</source>
        <translation>E-Mail-Adresse oder Passwort ist falsch</translation>
    </message>
    <message>
        <source>Could not validate credentials</source>
        <translation>Die Anmeldedaten konnten nicht geprüft werden</translation>
    </message>
    <message>
        <source>Invalid refresh token</source>
        <translation>Ungültiges Erneuerungstoken</translation>
    </message>
    <message>
        <source>Registration failed: email already registered</source>
        <translation>Registrierung fehlgeschlagen: Die E-Mail-Adresse ist bereits registriert</translation>
    </message>
    <message>
        <source>This account is disabled</source>
        <translation>Dieses Konto ist deaktiviert</translation>
    </message>
    <message>
        <source>This account is scheduled for deletion</source>
        <translation>Dieses Konto ist zur Löschung vorgemerkt</translation>
    </message>
    <message>
        <source>Organization not found</source>
        <translation>Organisation nicht gefunden</translation>
    </message>
    <message>
        <source>Too many failed sign-in attempts. Try again in %1 seconds.</source>
        <translation>Zu viele fehlgeschlagene Anmeldeversuche. Versuchen Sie es in %1 Sekunden erneut.</translation>
    </message>
    <message>
        <source>Field required</source>
        <translation>Pflichtfeld</translation>
    </message>
    <message>
        <source>Your account is not a member of any organization. Ask an administrator for a new invitation.</source>
        <translation>Ihr Konto gehört zu keiner Organisation. Bitten Sie einen Administrator um eine neue Einladung.</translation>
    </message>
    <message>
        <source>API keys have no session to end; revoke the key instead</source>
        <translation>API-Schlüssel haben keine Sitzung, die beendet werden kann; widerrufen Sie stattdessen den Schlüssel</translation>
    </message>
    <message>
        <source>Your membership in this organization is not active</source>
        <translation>Ihre Mitgliedschaft in dieser Organisation ist nicht aktiv</translation>
    </message>
    <message>
        <source>API key has expired</source>
        <translation>Der API-Schlüssel ist abgelaufen</translation>
    </message>
    <message>
        <source>An API key belongs to one organization</source>
        <translation>Ein API-Schlüssel gehört zu genau einer Organisation</translation>
    </message>
    <message>
        <source>Password must be at least 8 characters long</source>
        <translation>Das Passwort muss mindestens 8 Zeichen lang sein</translation>
    </message>
    <message>
        <source>Password must be at most 1024 bytes long</source>
        <translation>Das Passwort darf höchstens 1024 Byte lang sein</translation>
    </message>
    <message>
        <source>Password must contain at least one uppercase letter</source>
        <translation>Das Passwort muss mindestens einen Großbuchstaben enthalten</translation>
    </message>
    <message>
        <source>Password must contain at least one lowercase letter</source>
        <translation>Das Passwort muss mindestens einen Kleinbuchstaben enthalten</translation>
    </message>
    <message>
        <source>Password must contain at least one digit</source>
        <translation>Das Passwort muss mindestens eine Ziffer enthalten</translation>
    </message>
    <message>
        <source>Password must contain at least one special character</source>
        <translation>Das Passwort muss mindestens ein Sonderzeichen enthalten</translation>
    </message>
    <message>
        <source>value is not a valid email address</source>
        <translation>Das ist keine gültige E-Mail-Adresse</translation>
    </message>
    <message>
        <source>String should have at least 1 character</source>
        <translation>Der Text muss mindestens 1 Zeichen haben</translation>
    </message>
    <message>
        <source>String should have at most %1 characters</source>
        <translation>Der Text darf höchstens %1 Zeichen haben</translation>
    </message>
    <message>
        <source>Text must not contain control characters</source>
        <translation>Der Text darf keine Steuerzeichen enthalten</translation>
    </message>
    <message>
        <source>Some fields are not valid.</source>
        <translation>Einige Felder sind ungültig.</translation>
    </message>
    <message>
        <source>An internal error occurred.</source>
        <translation>Ein interner Fehler ist aufgetreten.</translation>
    </message>
    <message>
        <source>Team member not found</source>
        <translation>Teammitglied nicht gefunden</translation>
    </message>
    <message>
        <source>Invitation not found</source>
        <translation>Einladung nicht gefunden</translation>
    </message>
    <message>
        <source>Not authenticated</source>
        <translation>Nicht angemeldet</translation>
    </message>
    <message>
        <source>Invalid authorization header</source>
        <translation>Ungültiger Authorization-Header</translation>
    </message>
    <message>
        <source>Input should be a valid integer, unable to parse string as an integer</source>
        <translation>Der Wert muss eine ganze Zahl sein; der Text lässt sich nicht als ganze Zahl lesen</translation>
    </message>
    <message>
        <source>Input should be a valid boolean, unable to interpret input</source>
        <translation>Der Wert muss ein Wahrheitswert sein; die Eingabe lässt sich nicht deuten</translation>
    </message>
    <message>
        <source>JSON decode error</source>
        <translation>JSON-Lesefehler</translation>
    </message>
    <message>
        <source>The server is busy. Try again shortly.</source>
        <translation>Der Server ist ausgelastet. Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>The server cannot listen on the address.</source>
        <translation>Der Server kann auf der Adresse nicht lauschen.</translation>
    </message>
    <message>
        <source>Input is nested too deeply</source>
        <translation>Die Eingabe ist zu tief verschachtelt</translation>
    </message>
    <message>
        <source>Input should be a valid string</source>
        <translation>Der Wert muss ein Text sein</translation>
    </message>
    <message>
        <source>String should have at least %1 character</source>
        <translation>Der Text muss mindestens %1 Zeichen haben</translation>
    </message>
    <message>
        <source>String should have at least %1 characters</source>
        <translation>Der Text muss mindestens %1 Zeichen haben</translation>
    </message>
    <message>
        <source>String should have at most %1 character</source>
        <translation>Der Text darf höchstens %1 Zeichen haben</translation>
    </message>
    <message>
        <source>Input should be a valid UUID</source>
        <translation>Der Wert muss eine gültige UUID sein</translation>
    </message>
    <message>
        <source>Input should be a valid datetime</source>
        <translation>Der Wert muss ein gültiger Zeitpunkt sein</translation>
    </message>
    <message>
        <source>Input should be a valid integer</source>
        <translation>Der Wert muss eine ganze Zahl sein</translation>
    </message>
    <message>
        <source>Input should be a valid integer, got a number with a fractional part</source>
        <translation>Der Wert muss eine ganze Zahl sein, nicht eine Zahl mit Nachkommastellen</translation>
    </message>
    <message>
        <source>Input should be a valid number</source>
        <translation>Der Wert muss eine Zahl sein</translation>
    </message>
    <message>
        <source>Input should be a valid boolean</source>
        <translation>Der Wert muss ein Wahrheitswert sein</translation>
    </message>
    <message>
        <source>Input should be a valid list</source>
        <translation>Der Wert muss eine Liste sein</translation>
    </message>
    <message>
        <source>List should have at least %1 item after validation, not %2</source>
        <translation>Die Liste muss nach der Prüfung mindestens %1 Eintrag haben, nicht %2</translation>
    </message>
    <message>
        <source>List should have at least %1 items after validation, not %2</source>
        <translation>Die Liste muss nach der Prüfung mindestens %1 Einträge haben, nicht %2</translation>
    </message>
    <message>
        <source>List should have at most %1 item after validation, not %2</source>
        <translation>Die Liste darf nach der Prüfung höchstens %1 Eintrag haben, nicht %2</translation>
    </message>
    <message>
        <source>List should have at most %1 items after validation, not %2</source>
        <translation>Die Liste darf nach der Prüfung höchstens %1 Einträge haben, nicht %2</translation>
    </message>
    <message>
        <source>Input should be a valid dictionary</source>
        <translation>Der Wert muss ein Objekt sein</translation>
    </message>
    <message>
        <source>Extra inputs are not permitted</source>
        <translation>Zusätzliche Felder sind nicht erlaubt</translation>
    </message>
    <message>
        <source>The mail server cannot be reached.</source>
        <translation>Der Mailserver ist nicht erreichbar.</translation>
    </message>
    <message>
        <source>The mail server refused the user name or password.</source>
        <translation>Der Mailserver hat Benutzername oder Passwort abgelehnt.</translation>
    </message>
    <message>
        <source>The mail server did not answer in time.</source>
        <translation>Der Mailserver hat nicht rechtzeitig geantwortet.</translation>
    </message>
    <message>
        <source>A secure connection to the mail server failed.</source>
        <translation>Die sichere Verbindung zum Mailserver ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>The mail server did not accept the message.</source>
        <translation>Der Mailserver hat die Nachricht nicht angenommen.</translation>
    </message>
    <message>
        <source>No mail server is configured.</source>
        <translation>Es ist kein Mailserver eingerichtet.</translation>
    </message>
    <message>
        <source>The SQLite database driver is not installed.</source>
        <translation>Der SQLite-Datenbanktreiber ist nicht installiert.</translation>
    </message>
    <message>
        <source>The database folder cannot be created.</source>
        <translation>Der Datenbankordner kann nicht angelegt werden.</translation>
    </message>
    <message>
        <source>The PostgreSQL database driver is not installed.</source>
        <translation>Der PostgreSQL-Datenbanktreiber ist nicht installiert.</translation>
    </message>
    <message>
        <source>The database cannot be reached.</source>
        <translation>Die Datenbank ist nicht erreichbar.</translation>
    </message>
    <message>
        <source>The database file cannot be used.</source>
        <translation>Die Datenbankdatei kann nicht verwendet werden.</translation>
    </message>
    <message>
        <source>Use sqlite:///path/to/file.db or postgresql://user:password@host:port/database</source>
        <translation>Verwenden Sie sqlite:///pfad/zur/datei.db oder postgresql://benutzer:passwort@host:port/datenbank</translation>
    </message>
    <message>
        <source>The database was created by a newer version of Vami.</source>
        <translation>Die Datenbank wurde von einer neueren Vami-Version angelegt.</translation>
    </message>
    <message>
        <source>The entry already exists.</source>
        <translation>Der Eintrag existiert bereits.</translation>
    </message>
    <message>
        <source>The change conflicts with other data.</source>
        <translation>Die Änderung steht im Widerspruch zu anderen Daten.</translation>
    </message>
    <message>
        <source>The database is busy. Try again.</source>
        <translation>Die Datenbank ist ausgelastet. Versuchen Sie es noch einmal.</translation>
    </message>
    <message>
        <source>Invalid or expired invitation</source>
        <translation>Ungültige oder abgelaufene Einladung</translation>
    </message>
    <message>
        <source>User is already a team member</source>
        <translation>Die Person ist bereits Teammitglied</translation>
    </message>
    <message>
        <source>Cannot invite a member with owner role</source>
        <translation>Niemand kann mit der Rolle Inhaber eingeladen werden</translation>
    </message>
    <message>
        <source>Only the organization owner can grant the admin role</source>
        <translation>Nur der Inhaber der Organisation kann die Administratorrolle vergeben</translation>
    </message>
    <message>
        <source>An invitation has already been sent to this email</source>
        <translation>An diese E-Mail-Adresse wurde bereits eine Einladung gesendet</translation>
    </message>
    <message>
        <source>Your organization has %1 pending invitations; revoke some before inviting more</source>
        <translation>Ihre Organisation hat %1 offene Einladungen; widerrufen Sie einige, bevor Sie weitere einladen</translation>
    </message>
    <message>
        <source>Too many invitations in the last hour; try again later</source>
        <translation>Zu viele Einladungen in der letzten Stunde; versuchen Sie es später erneut</translation>
    </message>
    <message>
        <source>Cannot remove organization owner</source>
        <translation>Der Inhaber der Organisation kann nicht entfernt werden</translation>
    </message>
    <message>
        <source>The last owner cannot leave the organization</source>
        <translation>Der letzte Inhaber kann die Organisation nicht verlassen</translation>
    </message>
    <message>
        <source>Only the organization owner can remove an admin</source>
        <translation>Nur der Inhaber der Organisation kann einen Administrator entfernen</translation>
    </message>
    <message>
        <source>Cannot assign owner role through this endpoint</source>
        <translation>Die Rolle Inhaber kann hier nicht vergeben werden</translation>
    </message>
    <message>
        <source>Cannot change owner role</source>
        <translation>Die Rolle des Inhabers kann nicht geändert werden</translation>
    </message>
    <message>
        <source>Only the organization owner can grant or revoke the admin role</source>
        <translation>Nur der Inhaber der Organisation kann die Administratorrolle vergeben oder entziehen</translation>
    </message>
    <message>
        <source>Invitation has expired</source>
        <translation>Die Einladung ist abgelaufen</translation>
    </message>
    <message>
        <source>Sign in as a person to accept an invitation</source>
        <translation>Melden Sie sich als Person an, um eine Einladung anzunehmen</translation>
    </message>
    <message>
        <source>This invitation was sent to a different e-mail address</source>
        <translation>Diese Einladung wurde an eine andere E-Mail-Adresse gesendet</translation>
    </message>
    <message>
        <source>Sign in, or give a password, to accept this invitation</source>
        <translation>Melden Sie sich an oder geben Sie ein Passwort an, um diese Einladung anzunehmen</translation>
    </message>
    <message>
        <source>An account with this e-mail address exists; sign in to accept the invitation</source>
        <translation>Es gibt bereits ein Konto mit dieser E-Mail-Adresse; melden Sie sich an, um die Einladung anzunehmen</translation>
    </message>
    <message>
        <source>The same work is already queued.</source>
        <translation>Dieselbe Arbeit ist bereits eingeplant.</translation>
    </message>
    <message>
        <source>The mail server refused the message permanently.</source>
        <translation>Der Mailserver hat die Nachricht endgültig abgelehnt.</translation>
    </message>
    <message>
        <source>The mail server cannot take the message now.</source>
        <translation>Der Mailserver kann die Nachricht gerade nicht annehmen.</translation>
    </message>
    <message>
        <source>The request was cancelled.</source>
        <translation>Die Anfrage wurde abgebrochen.</translation>
    </message>
    <message>
        <source>The remote server&apos;s answer is larger than allowed.</source>
        <translation>Die Antwort des entfernten Servers ist größer als erlaubt.</translation>
    </message>
    <message>
        <source>The destination&apos;s address is not allowed.</source>
        <translation>Die Adresse des Ziels ist nicht erlaubt.</translation>
    </message>
    <message>
        <source>The remote server did not answer in time.</source>
        <translation>Der entfernte Server hat nicht rechtzeitig geantwortet.</translation>
    </message>
    <message>
        <source>The remote server&apos;s name cannot be resolved.</source>
        <translation>Der Name des entfernten Servers lässt sich nicht auflösen.</translation>
    </message>
    <message>
        <source>The remote server cannot be reached.</source>
        <translation>Der entfernte Server ist nicht erreichbar.</translation>
    </message>
    <message>
        <source>The connection to the remote server was lost.</source>
        <translation>Die Verbindung zum entfernten Server ist abgebrochen.</translation>
    </message>
    <message>
        <source>A secure connection to the remote server failed.</source>
        <translation>Die sichere Verbindung zum entfernten Server ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>The address cannot be used.</source>
        <translation>Die Adresse kann nicht verwendet werden.</translation>
    </message>
    <message>
        <source>The remote server&apos;s answer is not valid HTTP.</source>
        <translation>Die Antwort des entfernten Servers ist kein gültiges HTTP.</translation>
    </message>
    <message>
        <source>The request to the remote server failed.</source>
        <translation>Die Anfrage an den entfernten Server ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>The remote server redirected the request (HTTP %1).</source>
        <translation>Der entfernte Server hat die Anfrage umgeleitet (HTTP %1).</translation>
    </message>
    <message>
        <source>The remote server asks to slow down (HTTP %1).</source>
        <translation>Der entfernte Server bittet um weniger Anfragen (HTTP %1).</translation>
    </message>
    <message>
        <source>The remote server refused the request (HTTP %1).</source>
        <translation>Der entfernte Server hat die Anfrage abgelehnt (HTTP %1).</translation>
    </message>
    <message>
        <source>The remote server failed to handle the request.</source>
        <translation>Der entfernte Server konnte die Anfrage nicht bearbeiten.</translation>
    </message>
    <message>
        <source>The address is not a valid absolute URL.</source>
        <translation>Die Adresse ist keine gültige absolute URL.</translation>
    </message>
    <message>
        <source>Only http and https addresses can be used.</source>
        <translation>Nur http- und https-Adressen können verwendet werden.</translation>
    </message>
    <message>
        <source>Only https addresses can be used.</source>
        <translation>Nur https-Adressen können verwendet werden.</translation>
    </message>
    <message>
        <source>The address must not contain a user name or password.</source>
        <translation>Die Adresse darf keinen Benutzernamen und kein Passwort enthalten.</translation>
    </message>
    <message>
        <source>The address must not contain a fragment (#...).</source>
        <translation>Die Adresse darf kein Fragment (#...) enthalten.</translation>
    </message>
    <message>
        <source>The address is too long.</source>
        <translation>Die Adresse ist zu lang.</translation>
    </message>
    <message>
        <source>The address has no host name.</source>
        <translation>Die Adresse hat keinen Hostnamen.</translation>
    </message>
    <message>
        <source>Connections to this port are not allowed.</source>
        <translation>Verbindungen zu diesem Port sind nicht erlaubt.</translation>
    </message>
    <message>
        <source>The mail server asks to send more slowly.</source>
        <translation>Der Mailserver bittet darum, langsamer zu senden.</translation>
    </message>
    <message>
        <source>File not found</source>
        <translation>Datei nicht gefunden</translation>
    </message>
    <message>
        <source>The file is too large.</source>
        <translation>Die Datei ist zu groß.</translation>
    </message>
    <message>
        <source>The session could not be ended. Try again.</source>
        <translation>Die Sitzung konnte nicht beendet werden. Bitte erneut versuchen.</translation>
    </message>
    <message>
        <source>Callbacks from this provider are not configured</source>
        <translation>Rückrufe dieses Anbieters sind nicht eingerichtet</translation>
    </message>
    <message>
        <source>Missing signature</source>
        <translation>Signatur fehlt</translation>
    </message>
    <message>
        <source>Malformed signature</source>
        <translation>Signatur ist fehlerhaft</translation>
    </message>
    <message>
        <source>The signature&apos;s timestamp is too old or in the future</source>
        <translation>Der Zeitstempel der Signatur ist zu alt oder liegt in der Zukunft</translation>
    </message>
    <message>
        <source>Invalid signature</source>
        <translation>Ungültige Signatur</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>Nicht gefunden</translation>
    </message>
    <message>
        <source>Too many form fields</source>
        <translation>Zu viele Formularfelder</translation>
    </message>
    <message>
        <source>Form data is not valid URL-encoded UTF-8</source>
        <translation>Die Formulardaten sind kein gültiges URL-kodiertes UTF-8</translation>
    </message>
    <message>
        <source>Field given more than once</source>
        <translation>Feld mehrfach angegeben</translation>
    </message>
    <message>
        <source>Invalid or expired reset token</source>
        <translation>Ungültiges oder abgelaufenes Token zum Zurücksetzen</translation>
    </message>
    <message>
        <source>Parameter given more than once; give it once</source>
        <translation>Parameter mehrfach angegeben; bitte nur einmal angeben</translation>
    </message>
    <message>
        <source>Expected a file upload</source>
        <translation>Erwartet wird eine hochgeladene Datei</translation>
    </message>
    <message>
        <source>Expected a text field, not a file</source>
        <translation>Erwartet wird ein Textfeld, keine Datei</translation>
    </message>
    <message>
        <source>Media type not allowed; expected one of: %1</source>
        <translation>Medientyp nicht erlaubt; erwartet wird einer von: %1</translation>
    </message>
    <message>
        <source>Input should be a valid UTF-8 string</source>
        <translation>Der Wert muss ein gültiger UTF-8-Text sein</translation>
    </message>
    <message>
        <source>Content-Type has no valid multipart boundary</source>
        <translation>Der Content-Type hat keine gültige Multipart-Begrenzung</translation>
    </message>
    <message>
        <source>Multipart body ends without its closing delimiter</source>
        <translation>Der Multipart-Inhalt endet ohne seinen abschließenden Begrenzer</translation>
    </message>
    <message>
        <source>Multipart part header is malformed</source>
        <translation>Ein Header eines Multipart-Teils ist fehlerhaft</translation>
    </message>
    <message>
        <source>Multipart part header block is too large</source>
        <translation>Der Header-Block eines Multipart-Teils ist zu groß</translation>
    </message>
    <message>
        <source>Too many headers in a multipart part</source>
        <translation>Zu viele Header in einem Multipart-Teil</translation>
    </message>
    <message>
        <source>Multipart part has no form-data Content-Disposition with a name</source>
        <translation>Ein Multipart-Teil hat keine Content-Disposition „form-data“ mit einem Namen</translation>
    </message>
    <message>
        <source>Unsupported Content-Transfer-Encoding in a multipart part</source>
        <translation>Nicht unterstütztes Content-Transfer-Encoding in einem Multipart-Teil</translation>
    </message>
    <message>
        <source>Multipart body has no boundary delimiter</source>
        <translation>Der Multipart-Inhalt hat keinen Begrenzer</translation>
    </message>
    <message>
        <source>Multipart delimiter line is malformed</source>
        <translation>Eine Begrenzerzeile des Multipart-Inhalts ist fehlerhaft</translation>
    </message>
    <message>
        <source>Template not found</source>
        <translation>Vorlage nicht gefunden</translation>
    </message>
    <message>
        <source>Agent not found</source>
        <translation>Agent nicht gefunden</translation>
    </message>
    <message>
        <source>Agent not found or access denied</source>
        <translation>Agent nicht gefunden oder Zugriff verweigert</translation>
    </message>
    <message>
        <source>API token not found. Please regenerate the token.</source>
        <translation>API-Token nicht gefunden. Bitte erzeugen Sie das Token neu.</translation>
    </message>
    <message>
        <source>Unknown agent template; use healthcare, legal, real_estate or general</source>
        <translation>Unbekannte Agentenvorlage; verwenden Sie healthcare, legal, real_estate oder general</translation>
    </message>
    <message>
        <source>Invalid agent token</source>
        <translation>Ungültiges Agenten-Token</translation>
    </message>
    <message>
        <source>String should match pattern &apos;%1&apos;</source>
        <translation>Der Text muss dem Muster „%1“ entsprechen</translation>
    </message>
    <message>
        <source>Too many multipart parts</source>
        <translation>Zu viele Multipart-Teile</translation>
    </message>
    <message>
        <source>Agent tokens cannot be issued or read here: this database&apos;s secret is not available (the servers&apos; [auth] secret; on the desktop, kept in the system keychain)</source>
        <translation>Agenten-Token können hier weder ausgestellt noch gelesen werden: Das Geheimnis dieser Datenbank ist nicht verfügbar (das [auth]-Geheimnis der Server; auf dem Desktop im Schlüsselbund des Systems)</translation>
    </message>
    <message>
        <source>Healthcare Receptionist</source>
        <translation>Empfang für Arztpraxen</translation>
    </message>
    <message>
        <source>Answers patient calls for a clinic or practice: books, moves and cancels appointments, answers questions about hours, location and insurance, and routes urgent calls.</source>
        <translation>Nimmt Anrufe von Patienten einer Praxis oder Klinik entgegen: vereinbart, verschiebt und storniert Termine, beantwortet Fragen zu Sprechzeiten, Anfahrt und Versicherung und leitet dringende Anrufe weiter.</translation>
    </message>
    <message>
        <source>Legal Intake Specialist</source>
        <translation>Mandantenaufnahme für Kanzleien</translation>
    </message>
    <message>
        <source>Handles new client intake for a law firm: gathers the facts of a matter, checks for conflicts, books consultations and keeps every caller&apos;s information confidential.</source>
        <translation>Übernimmt die Aufnahme neuer Mandanten einer Kanzlei: erfasst den Sachverhalt, prüft auf Interessenkonflikte, vereinbart Beratungstermine und behandelt die Angaben jedes Anrufers vertraulich.</translation>
    </message>
    <message>
        <source>Real Estate Assistant</source>
        <translation>Assistenz für Immobilienmakler</translation>
    </message>
    <message>
        <source>Responds to buyer and seller leads around the clock: answers questions about listings, qualifies buyers, schedules showings and books listing appointments for your agents.</source>
        <translation>Reagiert rund um die Uhr auf Anfragen von Käufern und Verkäufern: beantwortet Fragen zu Objekten, qualifiziert Kaufinteressenten, vereinbart Besichtigungen und Termine für Ihre Makler.</translation>
    </message>
    <message>
        <source>General Business Receptionist</source>
        <translation>Empfang für Unternehmen</translation>
    </message>
    <message>
        <source>A versatile front desk for any small business: answers common questions, takes messages, books appointments and transfers callers to the right person.</source>
        <translation>Ein vielseitiger Empfang für jedes kleine Unternehmen: beantwortet häufige Fragen, nimmt Nachrichten auf, vereinbart Termine und verbindet Anrufer mit der richtigen Person.</translation>
    </message>
    <message>
        <source>Call not found</source>
        <translation>Anruf nicht gefunden</translation>
    </message>
    <message>
        <source>The agent is not active; activate it before it makes calls</source>
        <translation>Der Agent ist nicht aktiv; aktivieren Sie ihn, bevor er Anrufe tätigt</translation>
    </message>
    <message>
        <source>Call cannot be ended in current status</source>
        <translation>Der Anruf kann in seinem jetzigen Status nicht beendet werden</translation>
    </message>
    <message>
        <source>A call cannot move from %1 to %2</source>
        <translation>Ein Anruf kann nicht von %1 zu %2 wechseln</translation>
    </message>
    <message>
        <source>A call that becomes %1 needs an ended reason</source>
        <translation>Ein Anruf, der %1 wird, braucht einen Beendigungsgrund</translation>
    </message>
    <message>
        <source>The ended reason %1 does not fit a call that becomes %2</source>
        <translation>Der Beendigungsgrund %1 passt nicht zu einem Anruf, der %2 wird</translation>
    </message>
    <message>
        <source>The call changed meanwhile; load it again and retry</source>
        <translation>Der Anruf wurde inzwischen geändert; laden Sie ihn neu und versuchen Sie es noch einmal</translation>
    </message>
    <message>
        <source>No telephony provider is configured, so the call was not placed.</source>
        <translation>Es ist kein Telefonieanbieter eingerichtet, daher wurde der Anruf nicht getätigt.</translation>
    </message>
    <message>
        <source>Input should be a valid date in the format YYYY-MM-DD</source>
        <translation>Die Eingabe muss ein gültiges Datum im Format JJJJ-MM-TT sein</translation>
    </message>
    <message>
        <source>A language tag such as &quot;en&quot; or &quot;pt-BR&quot; is expected</source>
        <translation>Erwartet wird ein Sprach-Tag wie „en“ oder „pt-BR“</translation>
    </message>
    <message>
        <source>Call cannot be cancelled in current status</source>
        <translation>Der Anruf kann in seinem jetzigen Status nicht abgebrochen werden</translation>
    </message>
    <message>
        <source>The call reported no progress for too long and was ended.</source>
        <translation>Der Anruf hat zu lange keinen Fortschritt gemeldet und wurde beendet.</translation>
    </message>
    <message>
        <source>Metadata may nest objects and arrays at most %1 deep</source>
        <translation>Metadaten dürfen Objekte und Arrays höchstens %1 Ebenen tief verschachteln</translation>
    </message>
    <message>
        <source>Metadata may be at most %1 bytes as JSON</source>
        <translation>Metadaten dürfen als JSON höchstens %1 Bytes groß sein</translation>
    </message>
    <message>
        <source>date_to must not be before date_from</source>
        <translation>date_to darf nicht vor date_from liegen</translation>
    </message>
    <message>
        <source>Search for at most %1 digits of the phone number</source>
        <translation>Suchen Sie nach höchstens %1 Ziffern der Telefonnummer</translation>
    </message>
    <message>
        <source>Invalid phone number format</source>
        <translation>Ungültiges Format der Telefonnummer</translation>
    </message>
    <message>
        <source>Scheduled time must be in the future</source>
        <translation>Der geplante Zeitpunkt muss in der Zukunft liegen</translation>
    </message>
    <message>
        <source>A call may be scheduled at most %1 days ahead</source>
        <translation>Ein Anruf kann höchstens %1 Tage im Voraus geplant werden</translation>
    </message>
    <message>
        <source>Unknown time zone; use an IANA id such as Europe/Berlin or UTC</source>
        <translation>Unbekannte Zeitzone; verwenden Sie eine IANA-Kennung wie Europe/Berlin oder UTC</translation>
    </message>
</context>
<context>
    <name>vami::AgentNames</name>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation>Inaktiv</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>Gesperrt</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>Gelöscht</translation>
    </message>
    <message>
        <source>In use: its token is accepted.</source>
        <translation>In Betrieb: Sein Token wird angenommen.</translation>
    </message>
    <message>
        <source>Not in use: its token is refused until the agent is active again.</source>
        <translation>Nicht in Betrieb: Sein Token wird abgelehnt, bis der Agent wieder aktiv ist.</translation>
    </message>
    <message>
        <source>Held back: its token is refused until the agent is active again.</source>
        <translation>Zurückgehalten: Sein Token wird abgelehnt, bis der Agent wieder aktiv ist.</translation>
    </message>
    <message>
        <source>Removed from every list for good; its token stops working at once.</source>
        <translation>Endgültig aus allen Listen entfernt; sein Token funktioniert sofort nicht mehr.</translation>
    </message>
</context>
<context>
    <name>vami::AgentTokenDialog</name>
    <message>
        <source>Token of %1</source>
        <translation>Token von %1</translation>
    </message>
    <message>
        <source>Requests to the agent-actions routes carry this token in the X-Agent-Token header. Anyone who has it can act as %1: keep it secret.</source>
        <translation>Anfragen an die Agent-Actions-Routen tragen dieses Token im Header X-Agent-Token. Wer es hat, kann als %1 handeln: Halten Sie es geheim.</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Verbergen</translation>
    </message>
    <message>
        <source>Reveal</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Regenerate…</source>
        <translation>Neu erzeugen…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>The token was copied to the clipboard.</source>
        <translation>Das Token wurde in die Zwischenablage kopiert.</translation>
    </message>
    <message>
        <source>Regenerate token</source>
        <translation>Token neu erzeugen</translation>
    </message>
    <message>
        <source>Replace the token of %1 with a new one?</source>
        <translation>Das Token von %1 durch ein neues ersetzen?</translation>
    </message>
    <message>
        <source>The old token stops working at once: every system that uses it must be given the new one.</source>
        <translation>Das alte Token funktioniert sofort nicht mehr: Jedes System, das es verwendet, braucht das neue.</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Neu erzeugen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>A new token was issued; the old one no longer works.</source>
        <translation>Ein neues Token wurde ausgestellt; das alte funktioniert nicht mehr.</translation>
    </message>
</context>
<context>
    <name>vami::AgentsPage</name>
    <message>
        <source>Agents</source>
        <translation>Agenten</translation>
    </message>
    <message>
        <source>Voice agents, their prompts and tokens</source>
        <translation>Sprachagenten, ihre Prompts und Token</translation>
    </message>
    <message>
        <source>&amp;Agents</source>
        <translation>&amp;Agenten</translation>
    </message>
    <message>
        <source>The voice agents of %1: what they say, with which voice, and the tokens they act with.</source>
        <translation>Die Sprachagenten von %1: was sie sagen, mit welcher Stimme und mit welchen Token sie handeln.</translation>
    </message>
    <message>
        <source>All statuses</source>
        <translation>Alle Status</translation>
    </message>
    <message>
        <source>&amp;New Agent…</source>
        <translation>&amp;Neuer Agent…</translation>
    </message>
    <message>
        <source>&amp;Edit Agent…</source>
        <translation>Agent &amp;bearbeiten…</translation>
    </message>
    <message>
        <source>Agent &amp;Token…</source>
        <translation>Agenten-&amp;Token…</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>New agent…</source>
        <translation>Neuer Agent…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Bearbeiten…</translation>
    </message>
    <message>
        <source>Token…</source>
        <translation>Token…</translation>
    </message>
    <message>
        <source>Your role (%1) may look at agents but not change them.</source>
        <translation>Ihre Rolle (%1) darf Agenten ansehen, aber nicht ändern.</translation>
    </message>
    <message>
        <source>Loading agents…</source>
        <translation>Agenten werden geladen…</translation>
    </message>
    <message>
        <source>No agent has this status.</source>
        <translation>Kein Agent hat diesen Status.</translation>
    </message>
    <message>
        <source>No agents yet. Create one with “New agent…”.</source>
        <translation>Noch keine Agenten. Legen Sie einen mit „Neuer Agent…“ an.</translation>
    </message>
    <message>
        <source>No agents yet. Owners and admins can create them.</source>
        <translation>Noch keine Agenten. Inhaber und Administratoren können sie anlegen.</translation>
    </message>
    <message>
        <source>Showing %1 of %2 agents. Scroll down to load more.</source>
        <translation>%1 von %2 Agenten werden angezeigt. Scrollen Sie nach unten, um mehr zu laden.</translation>
    </message>
    <message>
        <source>1 agent</source>
        <translation>1 Agent</translation>
    </message>
    <message>
        <source>%1 agents</source>
        <translation>%1 Agenten</translation>
    </message>
    <message>
        <source>The agent %1 was created.</source>
        <translation>Der Agent %1 wurde angelegt.</translation>
    </message>
    <message>
        <source>The agent %1 was deleted.</source>
        <translation>Der Agent %1 wurde gelöscht.</translation>
    </message>
    <message>
        <source>The agent %1 was saved.</source>
        <translation>Der Agent %1 wurde gespeichert.</translation>
    </message>
    <message>
        <source>A new agent token was issued; the old one no longer works.</source>
        <translation>Ein neues Agenten-Token wurde ausgestellt; das alte funktioniert nicht mehr.</translation>
    </message>
</context>
<context>
    <name>vami::AgentsTableModel</name>
    <message>
        <source>%1 (default)</source>
        <translation>%1 (Standard)</translation>
    </message>
    <message>
        <source>The default agent: the oldest active one, used when a client asks for the organization&apos;s agent without naming one.</source>
        <translation>Der Standardagent: der älteste aktive, verwendet, wenn ein Client nach dem Agenten der Organisation fragt, ohne einen zu nennen.</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Voice</source>
        <translation>Stimme</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Angelegt</translation>
    </message>
</context>
<context>
    <name>vami::ChangeRoleDialog</name>
    <message>
        <source>Change role</source>
        <translation>Rolle ändern</translation>
    </message>
    <message>
        <source>Choose the role of %1 in this organization.</source>
        <translation>Wählen Sie die Rolle von %1 in dieser Organisation.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>vami::CreateAgentDialog</name>
    <message>
        <source>New agent</source>
        <translation>Neuer Agent</translation>
    </message>
    <message>
        <source>An agent answers calls for %1. Start from a template for your industry and Vami writes its prompt and greeting, or write them yourself.</source>
        <translation>Ein Agent nimmt Anrufe für %1 entgegen. Beginnen Sie mit einer Vorlage für Ihre Branche, und Vami schreibt Prompt und Begrüßung, oder schreiben Sie sie selbst.</translation>
    </message>
    <message>
        <source>Start from:</source>
        <translation>Beginnen mit:</translation>
    </message>
    <message>
        <source>No template (write it by hand)</source>
        <translation>Keine Vorlage (selbst schreiben)</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>What the agent calls itself, such as “Ava”</source>
        <translation>Wie sich der Agent nennt, etwa „Ava“</translation>
    </message>
    <message>
        <source>Business name:</source>
        <translation>Name des Unternehmens:</translation>
    </message>
    <message>
        <source>Optional; “%1” when empty</source>
        <translation>Optional; „%1“, wenn leer</translation>
    </message>
    <message>
        <source>Phone number:</source>
        <translation>Telefonnummer:</translation>
    </message>
    <message>
        <source>The business&apos;s number, which the agent gives callers it cannot help.</source>
        <translation>Die Nummer des Unternehmens, die der Agent Anrufern nennt, denen er nicht helfen kann.</translation>
    </message>
    <message>
        <source>Prompt:</source>
        <translation>Prompt:</translation>
    </message>
    <message>
        <source>First message:</source>
        <translation>Erste Nachricht:</translation>
    </message>
    <message>
        <source>Voice ID:</source>
        <translation>Stimmen-ID:</translation>
    </message>
    <message>
        <source>Creating…</source>
        <translation>Wird angelegt…</translation>
    </message>
    <message>
        <source>Create agent</source>
        <translation>Agent anlegen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Optional; the template&apos;s prompt when empty</source>
        <translation>Optional; der Prompt der Vorlage, wenn leer</translation>
    </message>
    <message>
        <source>Optional; the template&apos;s greeting when empty</source>
        <translation>Optional; die Begrüßung der Vorlage, wenn leer</translation>
    </message>
    <message>
        <source>Optional; %1 when empty</source>
        <translation>Optional; %1, wenn leer</translation>
    </message>
    <message>
        <source>A short starting prompt and greeting; write your own here or change them later.</source>
        <translation>Ein kurzer Anfangsprompt und eine Begrüßung; schreiben Sie hier Ihre eigenen oder ändern Sie sie später.</translation>
    </message>
    <message>
        <source>Optional; a short starting prompt when empty</source>
        <translation>Optional; ein kurzer Anfangsprompt, wenn leer</translation>
    </message>
    <message>
        <source>Optional; a short greeting when empty</source>
        <translation>Optional; eine kurze Begrüßung, wenn leer</translation>
    </message>
    <message>
        <source>Enter a name for the agent.</source>
        <translation>Geben Sie einen Namen für den Agenten ein.</translation>
    </message>
</context>
<context>
    <name>vami::DatabaseDialog</name>
    <message>
        <source>Connect to PostgreSQL</source>
        <translation>Mit PostgreSQL verbinden</translation>
    </message>
    <message>
        <source>Open the shared company database instead of the local one on this computer. The address is saved in the settings; the password only in the system keychain.</source>
        <translation>Die gemeinsame Firmendatenbank statt der lokalen auf diesem Computer öffnen. Die Adresse wird in den Einstellungen gespeichert, das Passwort nur im Schlüsselbund des Systems.</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Adresse:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Passwort:</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>Enter the address of the database.</source>
        <translation>Geben Sie die Adresse der Datenbank ein.</translation>
    </message>
    <message>
        <source>The address must start with postgresql://</source>
        <translation>Die Adresse muss mit postgresql:// beginnen</translation>
    </message>
    <message>
        <source>Leave the password out of the address and enter it in the password field.</source>
        <translation>Lassen Sie das Passwort in der Adresse weg und geben Sie es im Passwortfeld ein.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Server secret:</source>
        <translation>Server-Geheimnis:</translation>
    </message>
    <message>
        <source>Optional: the [auth] secret of the Vami servers</source>
        <translation>Optional: das [auth]-Geheimnis der Vami-Server</translation>
    </message>
    <message>
        <source>The secret the Vami servers on this database share (base64). Agents can be created and their tokens read only with it; it is kept in the system keychain, never in the settings.</source>
        <translation>Das Geheimnis, das die Vami-Server dieser Datenbank teilen (Base64). Nur damit können Agenten angelegt und ihre Token gelesen werden; es wird im Schlüsselbund des Systems aufbewahrt, nie in den Einstellungen.</translation>
    </message>
    <message>
        <source>Keep the password and the secret in the system keychain</source>
        <translation>Passwort und Geheimnis im Schlüsselbund des Systems aufbewahren</translation>
    </message>
    <message>
        <source>The secret is the base64 text of at least 32 bytes, as in the servers&apos; configuration.</source>
        <translation>Das Geheimnis ist der Base64-Text von mindestens 32 Bytes, wie in der Konfiguration der Server.</translation>
    </message>
</context>
<context>
    <name>vami::DesktopOptions</name>
    <message>
        <source>Vami: administration for AI voice agents (team, calls, calendar, settings).</source>
        <translation>Vami: Verwaltung für KI-Sprachagenten (Team, Anrufe, Kalender, Einstellungen).</translation>
    </message>
    <message>
        <source>Open this database instead of the saved choice: sqlite:///path/file.db or postgresql://user@host:5432/name (the password is asked for).</source>
        <translation>Diese Datenbank statt der gespeicherten Auswahl öffnen: sqlite:///pfad/datei.db oder postgresql://benutzer@host:5432/name (das Passwort wird abgefragt).</translation>
    </message>
    <message>
        <source>Folder of the local database (default: the user&apos;s data folder).</source>
        <translation>Ordner der lokalen Datenbank (Standard: der Datenordner des Benutzers).</translation>
    </message>
</context>
<context>
    <name>vami::EditAgentDialog</name>
    <message>
        <source>Edit agent %1</source>
        <translation>Agent %1 bearbeiten</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Prompt:</source>
        <translation>Prompt:</translation>
    </message>
    <message>
        <source>First message:</source>
        <translation>Erste Nachricht:</translation>
    </message>
    <message>
        <source>Voice ID:</source>
        <translation>Stimmen-ID:</translation>
    </message>
    <message>
        <source>Status:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Wird gespeichert…</translation>
    </message>
    <message>
        <source>Delete agent</source>
        <translation>Agent löschen</translation>
    </message>
    <message>
        <source>Save changes</source>
        <translation>Änderungen speichern</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Saving deletes %1: it leaves the list and its token stops working at once. This cannot be undone here.</source>
        <translation>Beim Speichern wird %1 gelöscht: Er verschwindet aus der Liste, und sein Token funktioniert sofort nicht mehr. Das lässt sich hier nicht rückgängig machen.</translation>
    </message>
    <message>
        <source>Enter a name for the agent.</source>
        <translation>Geben Sie einen Namen für den Agenten ein.</translation>
    </message>
</context>
<context>
    <name>vami::ErrorPresenter</name>
    <message>
        <source>Something went wrong inside Vami. The details were written to the log.</source>
        <translation>In Vami ist ein Fehler aufgetreten. Die Einzelheiten stehen im Protokoll.</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>The remote service</source>
        <translation>Der entfernte Dienst</translation>
    </message>
    <message>
        <source>%1 is receiving too many requests.</source>
        <translation>%1 erhält zu viele Anfragen.</translation>
    </message>
    <message>
        <source>Try again later.</source>
        <translation>Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>%1 is not working properly right now.</source>
        <translation>%1 funktioniert gerade nicht richtig.</translation>
    </message>
    <message>
        <source>It answered with a server error. Try again later.</source>
        <translation>Der Dienst hat mit einem Serverfehler geantwortet. Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>A secure connection to %1 cannot be made.</source>
        <translation>Eine sichere Verbindung zu %1 kann nicht hergestellt werden.</translation>
    </message>
    <message>
        <source>Check its address in Settings.</source>
        <translation>Prüfen Sie die Adresse in den Einstellungen.</translation>
    </message>
    <message>
        <source>The address configured for %1 cannot be used.</source>
        <translation>Die für %1 eingerichtete Adresse kann nicht verwendet werden.</translation>
    </message>
    <message>
        <source>Check it in Settings.</source>
        <translation>Prüfen Sie sie in den Einstellungen.</translation>
    </message>
    <message>
        <source>%1 refused the request.</source>
        <translation>%1 hat die Anfrage abgelehnt.</translation>
    </message>
    <message>
        <source>Check the account and the credentials in Settings.</source>
        <translation>Prüfen Sie das Konto und die Zugangsdaten in den Einstellungen.</translation>
    </message>
    <message>
        <source>%1 sent an answer Vami cannot use.</source>
        <translation>%1 hat eine Antwort geschickt, die Vami nicht verwenden kann.</translation>
    </message>
    <message>
        <source>Try again later, or check its address in Settings.</source>
        <translation>Versuchen Sie es später erneut, oder prüfen Sie die Adresse in den Einstellungen.</translation>
    </message>
    <message>
        <source>The request to %1 was cancelled.</source>
        <translation>Die Anfrage an %1 wurde abgebrochen.</translation>
    </message>
    <message>
        <source>%1 cannot be reached.</source>
        <translation>%1 ist nicht erreichbar.</translation>
    </message>
    <message>
        <source>Check the internet connection; the service may also be down. Try again later.</source>
        <translation>Prüfen Sie die Internetverbindung; vielleicht ist auch der Dienst ausgefallen. Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <source>The database cannot be reached.</source>
        <translation>Die Datenbank ist nicht erreichbar.</translation>
    </message>
    <message>
        <source>Check the connection to the database server, or the disk that holds the database file. Then try again, or reconnect the database.</source>
        <translation>Prüfen Sie die Verbindung zum Datenbankserver oder den Datenträger mit der Datenbankdatei. Versuchen Sie es dann erneut, oder verbinden Sie die Datenbank neu.</translation>
    </message>
    <message>
        <source>The database is busy.</source>
        <translation>Die Datenbank ist ausgelastet.</translation>
    </message>
    <message>
        <source>Someone else is writing to it. Try again in a moment.</source>
        <translation>Gerade schreibt jemand anderes in sie. Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>Open another database, or ask your administrator.</source>
        <translation>Öffnen Sie eine andere Datenbank, oder wenden Sie sich an Ihre Administration.</translation>
    </message>
    <message>
        <source>Try again in a moment.</source>
        <translation>Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>Your membership in this organization is no longer active, so you were signed out.</source>
        <translation>Ihre Mitgliedschaft in dieser Organisation ist nicht mehr aktiv, deshalb wurden Sie abgemeldet.</translation>
    </message>
    <message>
        <source>Your session has ended: you signed out elsewhere, it expired, or your access was removed. Please sign in again.</source>
        <translation>Ihre Sitzung ist beendet: Sie haben sich an anderer Stelle abgemeldet, die Sitzung ist abgelaufen, oder Ihr Zugang wurde entfernt. Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>Try Again</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <source>Reconnect Database…</source>
        <translation>Datenbank neu verbinden…</translation>
    </message>
    <message>
        <source>Open Settings</source>
        <translation>Einstellungen öffnen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Try again in 1 second.</source>
        <translation>Versuchen Sie es in 1 Sekunde erneut.</translation>
    </message>
    <message>
        <source>Try again in %1 seconds.</source>
        <translation>Versuchen Sie es in %1 Sekunden erneut.</translation>
    </message>
    <message>
        <source>On a shared database, connect again and enter the servers&apos; secret. On the local database, make sure the system keychain is available, then restart Vami.</source>
        <translation>Verbinden Sie sich bei einer gemeinsamen Datenbank erneut und geben Sie das Geheimnis der Server ein. Stellen Sie bei der lokalen Datenbank sicher, dass der Schlüsselbund des Systems verfügbar ist, und starten Sie Vami neu.</translation>
    </message>
</context>
<context>
    <name>vami::FirstRunPage</name>
    <message>
        <source>Welcome to Vami</source>
        <translation>Willkommen bei Vami</translation>
    </message>
    <message>
        <source>This database is empty. Create your organization and the owner account to get started.</source>
        <translation>Diese Datenbank ist leer. Legen Sie Ihre Organisation und das Konto des Inhabers an, um zu beginnen.</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>Datenbank: %1</translation>
    </message>
    <message>
        <source>Organization name</source>
        <translation>Name der Organisation</translation>
    </message>
    <message>
        <source>Your full name</source>
        <translation>Ihr vollständiger Name</translation>
    </message>
    <message>
        <source>E-mail address</source>
        <translation>E-Mail-Adresse</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Confirm password</source>
        <translation>Passwort bestätigen</translation>
    </message>
    <message>
        <source>e.g. Example Dental Practice</source>
        <translation>z. B. Zahnarztpraxis Beispiel</translation>
    </message>
    <message>
        <source>you@example.com</source>
        <translation>sie@example.com</translation>
    </message>
    <message>
        <source>8+ characters with upper and lower case, a digit and a symbol</source>
        <translation>Mind. 8 Zeichen mit Groß- und Kleinbuchstaben, Ziffer und Sonderzeichen</translation>
    </message>
    <message>
        <source>Create organization</source>
        <translation>Organisation anlegen</translation>
    </message>
    <message>
        <source>Connect to a PostgreSQL database instead…</source>
        <translation>Stattdessen mit einer PostgreSQL-Datenbank verbinden…</translation>
    </message>
    <message>
        <source>Enter the name of your organization.</source>
        <translation>Geben Sie den Namen Ihrer Organisation ein.</translation>
    </message>
    <message>
        <source>Enter your name.</source>
        <translation>Geben Sie Ihren Namen ein.</translation>
    </message>
    <message>
        <source>Enter your e-mail address.</source>
        <translation>Geben Sie Ihre E-Mail-Adresse ein.</translation>
    </message>
    <message>
        <source>Choose a password.</source>
        <translation>Wählen Sie ein Passwort.</translation>
    </message>
    <message>
        <source>The passwords do not match.</source>
        <translation>Die Passwörter stimmen nicht überein.</translation>
    </message>
    <message>
        <source>Creating…</source>
        <translation>Wird angelegt…</translation>
    </message>
</context>
<context>
    <name>vami::InvitationsTableModel</name>
    <message>
        <source>E-mail</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Invited by</source>
        <translation>Eingeladen von</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Gesendet</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
</context>
<context>
    <name>vami::InviteDialog</name>
    <message>
        <source>Invite a team member</source>
        <translation>Teammitglied einladen</translation>
    </message>
    <message>
        <source>Vami e-mails an invitation link. It is valid for 7 days and can be resent or revoked from the list of pending invitations.</source>
        <translation>Vami sendet einen Einladungslink per E-Mail. Er gilt 7 Tage und kann in der Liste der offenen Einladungen erneut gesendet oder widerrufen werden.</translation>
    </message>
    <message>
        <source>E-mail address:</source>
        <translation>E-Mail-Adresse:</translation>
    </message>
    <message>
        <source>Role:</source>
        <translation>Rolle:</translation>
    </message>
    <message>
        <source>Personal message:</source>
        <translation>Persönliche Nachricht:</translation>
    </message>
    <message>
        <source>name@example.com</source>
        <translation>name@example.com</translation>
    </message>
    <message>
        <source>Optional, included in the e-mail</source>
        <translation>Optional, steht in der E-Mail</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Wird gesendet…</translation>
    </message>
    <message>
        <source>Send invitation</source>
        <translation>Einladung senden</translation>
    </message>
    <message>
        <source>Enter the e-mail address of the person to invite.</source>
        <translation>Geben Sie die E-Mail-Adresse der einzuladenden Person ein.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>vami::MainWindow</name>
    <message>
        <source>%1 – Vami</source>
        <translation>%1 – Vami</translation>
    </message>
    <message>
        <source>Vami</source>
        <translation>Vami</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Connect to &amp;PostgreSQL…</source>
        <translation>Mit &amp;PostgreSQL verbinden…</translation>
    </message>
    <message>
        <source>Use &amp;Local Database</source>
        <translation>&amp;Lokale Datenbank verwenden</translation>
    </message>
    <message>
        <source>&amp;Sign Out</source>
        <translation>&amp;Abmelden</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>System Default</source>
        <translation>Systemvorgabe</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Vami</source>
        <translation>&amp;Über Vami</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>In Arbeit…</translation>
    </message>
    <message>
        <source>Signed in as %1 (%2)</source>
        <translation>Angemeldet als %1 (%2)</translation>
    </message>
    <message>
        <source>Organization: %1</source>
        <translation>Organisation: %1</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>Datenbank: %1</translation>
    </message>
    <message>
        <source>No database</source>
        <translation>Keine Datenbank</translation>
    </message>
    <message>
        <source>The system keychain is not available. Enter the database password.</source>
        <translation>Der Schlüsselbund des Systems ist nicht verfügbar. Geben Sie das Datenbankpasswort ein.</translation>
    </message>
    <message>
        <source>Enter the database password.</source>
        <translation>Geben Sie das Datenbankpasswort ein.</translation>
    </message>
    <message>
        <source>The database password was not saved: the system keychain is not available. Vami will ask for it next time.</source>
        <translation>Das Datenbankpasswort wurde nicht gespeichert: Der Schlüsselbund des Systems ist nicht verfügbar. Vami fragt beim nächsten Mal danach.</translation>
    </message>
    <message>
        <source>The system keychain is not available, so Vami could not sign you in automatically.</source>
        <translation>Der Schlüsselbund des Systems ist nicht verfügbar, daher konnte Vami Sie nicht automatisch anmelden.</translation>
    </message>
    <message>
        <source>Your saved sign-in is no longer valid. Please sign in again.</source>
        <translation>Ihre gespeicherte Anmeldung ist nicht mehr gültig. Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>Vami cannot remember you: the system keychain is not available. Nothing was stored.</source>
        <translation>Vami kann sich Ihre Anmeldung nicht merken: Der Schlüsselbund des Systems ist nicht verfügbar. Es wurde nichts gespeichert.</translation>
    </message>
    <message>
        <source>You have signed out.</source>
        <translation>Sie haben sich abgemeldet.</translation>
    </message>
    <message>
        <source>PostgreSQL</source>
        <translation>PostgreSQL</translation>
    </message>
    <message>
        <source>No database is open.</source>
        <translation>Es ist keine Datenbank geöffnet.</translation>
    </message>
    <message>
        <source>About Vami</source>
        <translation>Über Vami</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Vami %1&lt;/h3&gt;&lt;p&gt;Administration for AI voice agents: your team today; calls, calendar and settings as they arrive.&lt;/p&gt;&lt;p&gt;Database: %2&lt;/p&gt;&lt;p&gt;Built with Qt %3.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Vami %1&lt;/h3&gt;&lt;p&gt;Verwaltung für KI-Sprachagenten: heute Ihr Team; Anrufe, Kalender und Einstellungen folgen.&lt;/p&gt;&lt;p&gt;Datenbank: %2&lt;/p&gt;&lt;p&gt;Erstellt mit Qt %3.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Vami lost the connection to the database. Connect again, or choose another one.</source>
        <translation>Vami hat die Verbindung zur Datenbank verloren. Verbinden Sie sich erneut, oder wählen Sie eine andere.</translation>
    </message>
    <message>
        <source>The server secret was not saved: the system keychain is not available. Enter it again next time.</source>
        <translation>Das Server-Geheimnis wurde nicht gespeichert: Der Schlüsselbund des Systems ist nicht verfügbar. Geben Sie es beim nächsten Mal erneut ein.</translation>
    </message>
</context>
<context>
    <name>vami::MembersTableModel</name>
    <message>
        <source>Never</source>
        <translation>Nie</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Joined</source>
        <translation>Beigetreten</translation>
    </message>
    <message>
        <source>Last active</source>
        <translation>Zuletzt aktiv</translation>
    </message>
</context>
<context>
    <name>vami::RoleNames</name>
    <message>
        <source>Owner</source>
        <translation>Inhaber</translation>
    </message>
    <message>
        <source>Admin</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>Mitglied</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation>Inaktiv</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>Gesperrt</translation>
    </message>
    <message>
        <source>Full control, including billing</source>
        <translation>Volle Kontrolle, einschließlich Abrechnung</translation>
    </message>
    <message>
        <source>Manages the team, agents and integrations</source>
        <translation>Verwaltet Team, Agenten und Integrationen</translation>
    </message>
    <message>
        <source>Uses Vami: views reports, makes calls, manages the calendar</source>
        <translation>Nutzt Vami: sieht Berichte, führt Anrufe, verwaltet den Kalender</translation>
    </message>
</context>
<context>
    <name>vami::SecretStore</name>
    <message>
        <source>The keychain did not answer in time.</source>
        <translation>Der Schlüsselbund hat nicht rechtzeitig geantwortet.</translation>
    </message>
</context>
<context>
    <name>vami::SignInPage</name>
    <message>
        <source>Sign in to Vami</source>
        <translation>Bei Vami anmelden</translation>
    </message>
    <message>
        <source>Manage your team and your AI voice agents.</source>
        <translation>Verwalten Sie Ihr Team und Ihre KI-Sprachagenten.</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>Datenbank: %1</translation>
    </message>
    <message>
        <source>E-mail address</source>
        <translation>E-Mail-Adresse</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>you@example.com</source>
        <translation>sie@example.com</translation>
    </message>
    <message>
        <source>Remember me on this computer</source>
        <translation>Auf diesem Computer angemeldet bleiben</translation>
    </message>
    <message>
        <source>Keeps your session in the system keychain, so you are signed in at the next start.</source>
        <translation>Speichert Ihre Sitzung im Schlüsselbund des Systems, damit Sie beim nächsten Start angemeldet sind.</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Anmeldung läuft…</translation>
    </message>
    <message>
        <source>Connect to PostgreSQL…</source>
        <translation>Mit PostgreSQL verbinden…</translation>
    </message>
    <message>
        <source>Enter your e-mail address and password.</source>
        <translation>Geben Sie Ihre E-Mail-Adresse und Ihr Passwort ein.</translation>
    </message>
</context>
<context>
    <name>vami::StartupPage</name>
    <message>
        <source>The database could not be opened</source>
        <translation>Die Datenbank konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Opening the database…</source>
        <translation>Datenbank wird geöffnet…</translation>
    </message>
    <message>
        <source>%1

%2</source>
        <translation>%1

%2</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <source>Connect to PostgreSQL…</source>
        <translation>Mit PostgreSQL verbinden…</translation>
    </message>
    <message>
        <source>Use the local database</source>
        <translation>Lokale Datenbank verwenden</translation>
    </message>
</context>
<context>
    <name>vami::TaskProgressDialog</name>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>vami::TaskProgressWidget</name>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Fertig.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>vami::TeamPage</name>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>People in %1, their roles and open invitations.</source>
        <translation>Die Personen in %1, ihre Rollen und offene Einladungen.</translation>
    </message>
    <message>
        <source>Search by name or e-mail</source>
        <translation>Nach Name oder E-Mail suchen</translation>
    </message>
    <message>
        <source>All roles</source>
        <translation>Alle Rollen</translation>
    </message>
    <message>
        <source>Owners</source>
        <translation>Inhaber</translation>
    </message>
    <message>
        <source>Admins</source>
        <translation>Administratoren</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>Mitglieder</translation>
    </message>
    <message>
        <source>&amp;Invite Member…</source>
        <translation>Mitglied &amp;einladen…</translation>
    </message>
    <message>
        <source>&amp;Find Member</source>
        <translation>Mitglied &amp;suchen</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>&amp;Change Role…</source>
        <translation>Rolle ä&amp;ndern…</translation>
    </message>
    <message>
        <source>Re&amp;move Member…</source>
        <translation>Mitglied ent&amp;fernen…</translation>
    </message>
    <message>
        <source>Invite member…</source>
        <translation>Mitglied einladen…</translation>
    </message>
    <message>
        <source>Change role…</source>
        <translation>Rolle ändern…</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>Entfernen…</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>Widerrufen</translation>
    </message>
    <message>
        <source>Resend</source>
        <translation>Erneut senden</translation>
    </message>
    <message>
        <source>Copy link</source>
        <translation>Link kopieren</translation>
    </message>
    <message>
        <source>Invitations expire after 7 days. Resending creates a new link and extends it.</source>
        <translation>Einladungen laufen nach 7 Tagen ab. Erneutes Senden erzeugt einen neuen Link und verlängert die Frist.</translation>
    </message>
    <message>
        <source>Your role (%1) may not manage the team.</source>
        <translation>Ihre Rolle (%1) darf das Team nicht verwalten.</translation>
    </message>
    <message>
        <source>A link is shown only when it is created. Resend the invitation to create a new link.</source>
        <translation>Ein Link ist nur beim Erstellen sichtbar. Senden Sie die Einladung erneut, um einen neuen Link zu erzeugen.</translation>
    </message>
    <message>
        <source>Members (%1)</source>
        <translation>Mitglieder (%1)</translation>
    </message>
    <message>
        <source>Loading members…</source>
        <translation>Mitglieder werden geladen…</translation>
    </message>
    <message>
        <source>No members yet. Invite people with “Invite member…”.</source>
        <translation>Noch keine Mitglieder. Laden Sie Personen mit „Mitglied einladen…“ ein.</translation>
    </message>
    <message>
        <source>No members match your search. Try another name or e-mail, or clear the filter.</source>
        <translation>Keine Mitglieder passen zu Ihrer Suche. Versuchen Sie einen anderen Namen oder eine andere E-Mail-Adresse, oder setzen Sie den Filter zurück.</translation>
    </message>
    <message>
        <source>Showing %1 of %2 members. Scroll down to load more.</source>
        <translation>%1 von %2 Mitgliedern angezeigt. Scrollen Sie nach unten, um weitere zu laden.</translation>
    </message>
    <message>
        <source>1 member</source>
        <translation>1 Mitglied</translation>
    </message>
    <message>
        <source>%1 members</source>
        <translation>%1 Mitglieder</translation>
    </message>
    <message>
        <source>Pending invitations (%1)</source>
        <translation>Offene Einladungen (%1)</translation>
    </message>
    <message>
        <source>Pending invitations</source>
        <translation>Offene Einladungen</translation>
    </message>
    <message>
        <source>Loading invitations…</source>
        <translation>Einladungen werden geladen…</translation>
    </message>
    <message>
        <source>No pending invitations. Invite people with “Invite member…”; their invitations wait here until they accept.</source>
        <translation>Keine offenen Einladungen. Laden Sie Personen mit „Mitglied einladen…“ ein; ihre Einladungen stehen hier, bis sie angenommen werden.</translation>
    </message>
    <message>
        <source>No pending invitations.</source>
        <translation>Keine offenen Einladungen.</translation>
    </message>
    <message>
        <source>Invitation sent to %1.</source>
        <translation>Einladung an %1 gesendet.</translation>
    </message>
    <message>
        <source>%1 is now %2.</source>
        <translation>%1 ist jetzt %2.</translation>
    </message>
    <message>
        <source>Remove member</source>
        <translation>Mitglied entfernen</translation>
    </message>
    <message>
        <source>Remove %1 from %2? They lose access at once; their account stays.</source>
        <translation>%1 aus %2 entfernen? Der Zugang endet sofort; das Konto bleibt bestehen.</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>%1 was removed from the team.</source>
        <translation>%1 wurde aus dem Team entfernt.</translation>
    </message>
    <message>
        <source>Revoke invitation</source>
        <translation>Einladung widerrufen</translation>
    </message>
    <message>
        <source>The invitation for %1 was revoked.</source>
        <translation>Die Einladung für %1 wurde widerrufen.</translation>
    </message>
    <message>
        <source>Resend invitation</source>
        <translation>Einladung erneut senden</translation>
    </message>
    <message>
        <source>A new invitation was sent to %1.</source>
        <translation>Eine neue Einladung wurde an %1 gesendet.</translation>
    </message>
    <message>
        <source>The invitation link for %1 was copied.</source>
        <translation>Der Einladungslink für %1 wurde kopiert.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Members, roles and invitations</source>
        <translation>Mitglieder, Rollen und Einladungen</translation>
    </message>
    <message>
        <source>&amp;Team</source>
        <translation>&amp;Team</translation>
    </message>
</context>
<context>
    <name>vami::TeamStatsBar</name>
    <message>
        <source>Members</source>
        <translation>Mitglieder</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Pending invitations</source>
        <translation>Offene Einladungen</translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message>
        <source>Owners · Admins · Members</source>
        <translation>Inhaber · Admins · Mitglieder</translation>
    </message>
</context>
<context>
    <name>vami::Workspace</name>
    <message>
        <source>Your role has no pages to show here.</source>
        <translation>Für Ihre Rolle gibt es hier keine Seiten.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
</context>
</TS>
