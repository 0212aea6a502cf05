import type { Catalog, CommandAliases } from './en';

/** German, in the formal "Sie". Microsoft's own German keeps "Partner of Record" and "Partner Center" in English. */
export const de: Catalog = {
  'text.twoSentences': '{first} {second}',

  'record.own':
    'Ich führe für Ihre Organisation ein eigenes Verzeichnis des Partner of Record jedes Abonnements, samt Verlauf, ' +
    'und informiere den Partner per E-Mail, wenn Sie einen hinzufügen, ändern oder entfernen.',
  'record.ownNoMailServer':
    'Ich führe für Ihre Organisation ein eigenes Verzeichnis des Partner of Record jedes Abonnements, samt Verlauf. ' +
    'Da ich keinen Mailserver habe, werden die E-Mails an einen Partner nur in meinem Mail-Ordner abgelegt, nicht ' +
    'versendet: Bitte informieren Sie den Partner selbst.',
  'record.nothingAtMicrosoft':
    'Dieses Verzeichnis ändert nichts bei Microsoft: Dort wird ein Partner nur durch einen Schritt anerkannt, den er ' +
    'selbst unternimmt.',

  'partnerEmail.greeting': 'Guten Tag {name},',
  'partnerEmail.added.subject': '{customer} hat Sie als Partner of Record für {subscription} eingetragen',
  'partnerEmail.added.heading': 'Sie sind jetzt im Verzeichnis des Kunden als dessen Partner of Record eingetragen',
  'partnerEmail.added.recorded':
    '{actor} von {customer} hat {partner} (Partner-ID {partnerId}) am {when} als Partner of Record für das ' +
    'Abonnement „{subscription}“ ({service}) eingetragen.',
  'partnerEmail.whatItIs':
    'Der Partner of Record ist der Partner, der den Kunden beim Entwerfen, Aufbauen, Bereitstellen oder Verwalten ' +
    'des Dienstes unterstützt.',
  'partnerEmail.ownRecordOnly':
    'Dies ist das eigene Verzeichnis, das der Kunde über seinen Partner of Record führt. Es ändert nichts bei ' +
    'Microsoft und gibt Ihnen keinen Zugriff auf das Abonnement.',
  'partnerEmail.creditAzure':
    'Damit Microsoft Ihnen Ihre Arbeit an diesem Azure-Abonnement anrechnet, verknüpfen Sie die Partner-ID ' +
    '{partnerId} mit der Identität, die Sie im Mandanten von {customer} verwenden (ein Partner Admin Link, zum ' +
    'Beispiel az managementpartner create --partner-id {partnerId}). Diese Verknüpfung können nur Sie anlegen oder ' +
    'ändern. Anleitung: {url}',
  'partnerEmail.creditClaim':
    'Damit Microsoft Ihnen Ihre Arbeit an diesem Abonnement ({service}) anrechnet, stellen Sie im Partner Center ' +
    'einen Antrag für {customer} (Claiming Partner of Record, CPOR). Microsoft prüft den Antrag, und der Kunde kann ' +
    'ihn ablehnen. Anleitung: {url}',
  'partnerEmail.answerLink':
    'Bitte teilen Sie {customer} mit, ob das stimmt: Bestätigen Sie auf dieser Seite, dass Sie bei diesem Abonnement ' +
    'mit dem Kunden zusammenarbeiten, oder lehnen Sie ab (der Link ist nur für Sie bestimmt und 30 Tage gültig; Ihre ' +
    'Antwort geht nur in das eigene Verzeichnis des Kunden):',
  'partnerEmail.noLonger.subject': '{customer} führt Sie nicht mehr als Partner of Record für {subscription}',
  'partnerEmail.noLonger.heading':
    'Sie sind im Verzeichnis des Kunden nicht mehr als dessen Partner of Record eingetragen',
  'partnerEmail.noLonger.names':
    'Im Verzeichnis von {customer} ist {partner} (Partner-ID {partnerId}) nicht mehr als Partner of Record für das ' +
    'Abonnement „{subscription}“ ({service}) eingetragen.',
  'partnerEmail.replacedBy': '{actor} hat am {when} einen anderen Partner eingetragen.',
  'partnerEmail.removedBy':
    '{actor} hat den Partner of Record am {when} entfernt. Das Abonnement hat jetzt keinen Partner of Record.',
  'partnerEmail.contactCustomer': 'Falls Sie das für einen Irrtum halten, wenden Sie sich bitte direkt an {customer}.',
  'partnerEmail.support':
    'Fragen zu dieser Änderung? Antworten Sie auf diese E-Mail oder wenden Sie sich an den Kunden, der sie ' +
    'vorgenommen hat.',
  'partnerEmail.footer':
    'Diese Nachricht wurde von der App „Partner of Record“ in Microsoft Teams im Auftrag von {customer} gesendet.',
  'partnerEmail.batch.added.subject': '{customer} hat Sie als Partner of Record für {count} Abonnements eingetragen',
  'partnerEmail.batch.added.recorded':
    '{actor} von {customer} hat {partner} (Partner-ID {partnerId}) am {when} als Partner of Record für diese ' +
    '{count} Abonnements eingetragen:',
  'partnerEmail.batch.answerLinks':
    'Bitte teilen Sie {customer} für jedes Abonnement über den Link daneben mit, ob das stimmt (die Links sind nur ' +
    'für Sie bestimmt und 30 Tage gültig; Ihre Antworten gehen nur in das eigene Verzeichnis des Kunden).',
  'partnerEmail.batch.answerLink': '{subscription} (bestätigen oder ablehnen: {url})',
  'partnerEmail.batch.noLonger.subject':
    '{customer} führt Sie nicht mehr als Partner of Record für {count} Abonnements',
  'partnerEmail.batch.noLonger.names':
    'Im Verzeichnis von {customer} ist {partner} (Partner-ID {partnerId}) für diese {count} Abonnements nicht mehr ' +
    'als Partner of Record eingetragen:',

  'answerPage.title': 'Ihre Antwort auf eine Änderung des Partner of Record',
  'answerPage.intro':
    '{customer} hat Ihre Organisation als Partner of Record eingetragen. Bitte teilen Sie dem Kunden mit, ob das ' +
    'stimmt.',
  'answerPage.meaning':
    'Bestätigen heißt: Wir arbeiten bei diesem Abonnement mit diesem Kunden zusammen. Ihre Antwort geht nur in das ' +
    'eigene Verzeichnis des Kunden und an die Person, die die Änderung vorgenommen hat. Bei Microsoft ändert sie ' +
    'nichts.',
  'answerPage.customer': 'Kunde',
  'answerPage.subscription': 'Abonnement',
  'answerPage.partner': 'Partner',
  'answerPage.recordedBy': 'Eingetragen von',
  'answerPage.confirm': 'Bestätigen',
  'answerPage.decline': 'Ablehnen',
  'answerPage.reasonLabel': 'Grund für die Ablehnung (optional)',
  'answerPage.sending': 'Ihre Antwort wird gesendet …',
  'answerPage.failed':
    'Ihre Antwort ist nicht bei uns angekommen. Warten Sie eine Minute und klicken Sie dann erneut auf die ' +
    'Schaltfläche.',
  'answerPage.thanks': 'Vielen Dank. Ihre Antwort wurde gespeichert.',
  'answerPage.superseded':
    'Diese Änderung ist nicht mehr aktuell: Der Kunde hat den Partner of Record dieses Abonnements inzwischen ' +
    'geändert. Hier gibt es nichts mehr zu beantworten.',
  'answerPage.invalidTitle': 'Dieser Antwortlink funktioniert nicht',
  'answerPage.invalid':
    'Dieser Link ist ungültig: Er wurde verändert, ist abgelaufen oder gehört nicht zu dieser Website. Bitte ' +
    'verwenden Sie den Link aus der neuesten E-Mail zu dieser Änderung.',
  'answerPage.slowDownTitle': 'Zu viele Anfragen',
  'answerPage.slowDown':
    'Von hier oder für diesen Link kamen zu viele Anfragen. Bitte warten Sie eine Minute und öffnen Sie den Link ' +
    'dann erneut.',
  'answerPage.unknown':
    'Dieser Link verweist auf keine Änderung, die diese Website kennt. Bitte verwenden Sie den Link aus der ' +
    'neuesten E-Mail.',

  'consent.grantedTitle': 'Zugriff gewährt',
  'consent.granted':
    'Partner of Record kann jetzt die Abonnements und Administratorrollen Ihrer Organisation lesen (Mandant ' +
    '{tenantId}). Wechseln Sie zurück zu Microsoft Teams und senden Sie dem Bot eine beliebige Nachricht, zum ' +
    'Beispiel „{status}“.',
  'consent.notGrantedTitle': 'Zugriff wurde nicht gewährt',
  'consent.declined':
    'Die Anfrage wurde abgelehnt, daher kann Partner of Record die Abonnements Ihrer Organisation weiterhin nicht ' +
    'lesen. Ein globaler Administrator kann den Zugriff jederzeit über die Schaltfläche „Zugriff gewähren“ des Bots ' +
    'in Teams erteilen.',
  'consent.notGranted':
    'Microsoft hat den Zugriff nicht gewährt. Erteilen kann ihn nur ein globaler Administrator Ihrer Organisation: ' +
    'Bitten Sie einen, in Teams auf der Karte des Bots auf „Zugriff gewähren“ zu klicken.',
  'consent.invalidTitle': 'Dieser Link ist ungültig',
  'consent.invalid':
    'Diese Seite erreichen Sie nur über die Schaltfläche „Zugriff gewähren“ in Teams, und dieser Link ist ' +
    'abgelaufen oder wurde verändert. Öffnen Sie den Bot in Teams und klicken Sie erneut auf „Zugriff gewähren“.',

  'command.attach': 'Partner hinzufügen',
  'command.change': 'Partner ändern',
  'command.remove': 'Partner entfernen',
  'command.status': 'Status',
  'command.help': 'Hilfe',

  'button.status': 'Status',
  'button.help': 'Hilfe',

  'welcome.title': 'Partner of Record',
  'welcome.fallback':
    'Partner of Record für {tenantName}. {aboutRecord} Geben Sie „Hilfe“ ein, um zu sehen, was ich für Sie tun kann.',
  'welcome.greeting': 'Hallo {userName}!',
  'welcome.greetingAnonymous': 'Hallo!',
  'welcome.intro': '{greeting} {aboutRecord}',
  'welcome.yourOrganization': 'Ihre Organisation',
  'welcome.pickOrType':
    'Wählen Sie aus, was Sie tun möchten, oder geben Sie es ein: **Partner hinzufügen**, **Partner ändern**, ' +
    '**Partner entfernen**, **Status**, **Hilfe**.',
  'welcome.addPartner': 'Partner hinzufügen',
  'welcome.changePartner': 'Partner ändern',
  'welcome.removePartner': 'Partner entfernen',

  'help.fallback':
    '{aboutRecord} Befehle: Partner hinzufügen, Partner ändern, Partner entfernen, Status, Hilfe. Änderungen darf nur ' +
    'die Rolle „Besitzer“ (Administrator) vornehmen. Technischer Support: {supportTechnicalUrl} Abrechnungssupport: ' +
    '{supportBillingUrl}',
  'help.title': 'Was ich für Sie tun kann',
  'help.digitalPartner':
    'Der Digital Partner of Record ist der Partner, der Ihre Organisation beim Entwerfen, Aufbauen, Bereitstellen ' +
    'oder Verwalten eines Microsoft-Clouddienstes unterstützt (Office 365, CRM Online, AX7, Intune, Enterprise ' +
    'Mobility Suite, Power BI, Azure), nicht der, der ihn verkauft hat. Damit Microsoft ihn anerkennt, stellt der ' +
    'Partner einen Antrag im Partner Center oder verknüpft seine Partner-ID mit Ihren Azure-Abonnements; wie das ' +
    'geht, erklärt ihm meine E-Mail.',
  'help.fact.attach':
    'Abonnement auswählen, Partner-ID eingeben, Namen des Partners prüfen, absenden. Mit dem Namen eines Dienstes sehen Sie nur dessen Abonnements, zum Beispiel: Partner hinzufügen Intune.',
  'help.fact.change': 'Den aktuellen Partner of Record durch einen anderen ersetzen.',
  'help.fact.remove': 'Ein Abonnement ohne Partner of Record lassen.',
  'help.fact.status': 'Ihre Abonnements und deren Partner of Record.',
  'help.fact.help': 'Diese Karte.',
  'help.whoTitle': 'Wer es verwenden darf',
  'help.who':
    'Nur die Rolle „Besitzer“ (Administrator) der Organisation darf einen Partner of Record hinzufügen, ändern oder ' +
    'entfernen. Dienstadministratoren, Co-Administratoren und Partner mit delegierten Administratorrechten dürfen ' +
    'das nicht. {ownersText}',
  'help.ownersUnknown': 'Bitten Sie den Besitzer (Administrator) Ihrer Organisation darum.',
  'help.owners': 'Zuständig in Ihrer Organisation: {owners}.',
  'help.azureRule':
    'Den Partner of Record eines Azure-Abonnements fügt ein Besitzer genau dieses Abonnements hinzu, ändert oder ' +
    'entfernt ihn (Rolle „Besitzer“ in Azure, direkt oder über eine Gruppe); ein globaler Administrator ist das nicht ' +
    'schon von selbst.',
  'help.supportTitle': 'Support',
  'help.support':
    'Bei Problemen mit einem Dienst stellen Sie eine technische Supportanfrage. Bei Fragen zu Rechnungen, Zahlungen ' +
    'oder Abonnements stellen Sie eine Abrechnungssupportanfrage.',
  'help.technicalSupport': 'Technischer Support',
  'help.billingSupport': 'Abrechnungssupport',

  'nudge.title': '{service}: {subscriptionName} hat keinen Partner of Record',
  'nudge.fallback':
    '{service}: {subscriptionName} hat keinen Partner of Record. Geben Sie „Partner hinzufügen“ ein, um einen ' +
    'einzutragen.',
  'nudge.why':
    'Ein Partner of Record wird am besten gleich beim Anlegen eines Abonnements eingetragen: So nennt das Verzeichnis ' +
    'Ihrer Organisation von Anfang an den Partner, der Sie beim Entwerfen, Aufbauen, Bereitstellen oder Verwalten ' +
    'unterstützt.',
  'nudge.attach': 'Partner hinzufügen',
  'nudge.notNow': 'Jetzt nicht',
  'nudge.hasPartnerTitle': '{subscription} hat jetzt einen Partner of Record',
  'nudge.hasPartner': '{partner} ist der Partner of Record dieses Abonnements.',
  'nudge.stillNoneTitle': '{subscription} hat noch immer keinen Partner of Record',
  'nudge.notReminded': 'Sie wollten daran nicht mehr erinnert werden.',
  'nudge.attachAnyTime': 'Mit „Partner hinzufügen“ können Sie jederzeit einen Partner eintragen.',
  'nudge.dismissedTitle': 'Keine Erinnerungen mehr an dieses Abonnement',
  'nudge.dismissed': 'An {subscription} werde ich Sie nicht mehr erinnern.',
  'digest.title': 'Abonnements ohne Partner of Record',
  'digest.why':
    'Am besten tragen Sie den Partner of Record gleich beim Anlegen eines Abonnements ein, damit das Verzeichnis Ihrer ' +
    'Organisation den Partner nennt, der Sie beim Entwerfen, Aufbauen, Bereitstellen oder Verwalten unterstützt. ' +
    'Dieser Bot führt das Verzeichnis für Ihre Organisation; bei Microsoft ändert er nichts.',
  'digest.summary':
    '{count} {count, plural, one {Abonnement hat} other {Abonnements haben}} im Verzeichnis Ihrer Organisation ' +
    'keinen Partner of Record.',
  'digest.summaryPaged':
    '{count} {count, plural, one {Abonnement hat} other {Abonnements haben}} im Verzeichnis Ihrer Organisation ' +
    'keinen Partner of Record ({from}–{to}, Seite {page} von {pageCount}).',
  'digest.fallback':
    'Abonnements ohne Partner of Record: {summary} Geben Sie „Partner hinzufügen“ ein, um für eines davon einen ' +
    'Partner einzutragen.',
  'digest.attach': 'Hinzufügen',
  'digest.doneTitle': 'Hier ist nichts mehr einzutragen',
  'digest.done':
    'Jedes Abonnement dieser Karte hat jetzt einen Partner of Record, oder Sie wollten daran nicht mehr erinnert ' +
    'werden.',
  'digest.noneYoursTitle': 'Hier ist nichts für Sie einzutragen',
  'digest.noneYours':
    'Sie dürfen den Partner of Record keines Abonnements im Verzeichnis Ihrer Organisation ändern: Das entscheidet ' +
    'die Rolle „Besitzer“ (Administrator) des Mandanten, bei einem Azure-Abonnement dessen eigene Besitzer in Azure. ' +
    'Unter „Status“ sind alle Abonnements aufgeführt.',
  'digest.dismissedTitle': 'Keine Erinnerungen mehr an diese Abonnements',
  'digest.dismissed':
    '{count, plural, one {An dieses Abonnement} other {An diese {count} Abonnements}} werde ich Sie nicht mehr ' +
    'erinnern; ich melde mich nur noch zu Abonnements, die später hinzukommen.',
  'answer.ownerConfirmed':
    '{partner} hat am {when} bestätigt, dass er bei {subscription} mit Ihrer Organisation zusammenarbeitet. Das ist ' +
    'die Angabe des Partners für das eigene Verzeichnis Ihrer Organisation; bei Microsoft ändert sich dadurch nichts.',
  'answer.ownerDeclinedTitle': '{partner} lehnt es ab, Partner of Record für {subscription} zu sein',
  'answer.ownerDeclinedReason': 'Begründung: {reason}',
  'answer.ownerDeclinedNoReason': 'Eine Begründung wurde nicht angegeben.',
  'answer.ownerDeclinedNext':
    'In Ihrem Verzeichnis ist er weiterhin eingetragen. Sie können den Partner of Record ändern oder entfernen.',
  'mailNotice.sent':
    '{partnerName} wurde per E-Mail ({partnerEmail}) informiert, dass er {template, select, added {jetzt} other {nicht mehr}} Partner of Record für {subscriptionName} ist.',
  'mailNotice.filed':
    'Die E-Mail an {partnerName} ({partnerEmail}), dass er {template, select, added {jetzt} other {nicht mehr}} Partner of Record für {subscriptionName} ist, wurde nur im Mail-Ordner des Bots abgelegt und NICHT gesendet: Dieser Bot hat keinen Mailserver.',
  'mailNotice.failed':
    'Ich konnte {partnerName} ({partnerEmail}) nicht per E-Mail mitteilen, dass er {template, select, added {jetzt} other {nicht mehr}} Partner of Record für {subscriptionName} ist.',
  'mailNotice.changeSaved': 'Die Änderung selbst ist gespeichert.',
  'mailNotice.setUpMail':
    'Bitte informieren Sie den Partner selbst, und bitten Sie den Betreiber dieses Bots, einen Mailserver einzurichten.',
  'mailNotice.checkMail':
    'Bitte informieren Sie den Partner selbst, und bitten Sie den Betreiber dieses Bots, die Mail-Einstellungen zu prüfen.',
  'mailNotice.lastError': '(Letzter Fehler: {reason})',

  'readOnly.serviceAdmin':
    'Dienstadministratoren können Dienste verwalten, aber nur die Rolle „Besitzer“ (Administrator) darf einen ' +
    'Partner of Record hinzufügen, ändern oder entfernen.',
  'readOnly.coAdmin':
    'Co-Administratoren können keinen Partner of Record hinzufügen, ändern oder entfernen; das kann nur die Rolle ' +
    '„Besitzer“ (Administrator).',
  'readOnly.delegatedAdmin':
    'Partner mit delegierten Administratorrechten können den Partner of Record nicht festlegen; das muss der ' +
    'Besitzer (Administrator) beim Kunden tun.',
  'readOnly.member':
    'Nur die Rolle „Besitzer“ (Administrator) Ihrer Organisation darf einen Partner of Record hinzufügen, ändern ' +
    'oder entfernen.',
  'readOnly.activateInPim':
    'Sie sind für eine Besitzerrolle berechtigt, sie ist aber gerade nicht aktiv: Aktivieren Sie die Rolle in ' +
    'Privileged Identity Management und versuchen Sie es dann erneut.',
  'readOnly.groupsAndPimUnseen':
    'Rollen, die über Gruppen oder Privileged Identity Management vergeben werden, konnte ich nicht prüfen: Ihr ' +
    'Administrator hat RoleAssignmentSchedule.Read.Directory, RoleEligibilitySchedule.Read.Directory und ' +
    'GroupMember.Read.All noch nicht erteilt.',
  'readOnly.askOwners': 'Wenden Sie sich an {owners}.',
  'readOnly.askTheOwner': 'Wenden Sie sich an den Besitzer (Administrator) Ihrer Organisation.',
  'readOnly.lookButNotChange': 'Sie können alles ansehen, aber nichts ändern.',
  'readOnly.anonymous':
    'Ich habe Sie im Verzeichnis Ihrer Organisation nicht gefunden und kann Ihnen daher nur die Hilfe zeigen. Nur ' +
    'die Rolle „Besitzer“ (Administrator) darf einen Partner of Record hinzufügen, ändern oder entfernen.',

  'button.cancel': 'Abbrechen',
  'button.refresh': 'Aktualisieren',
  'button.next': 'Weiter',
  'button.previousPage': 'Vorherige Seite',
  'button.nextPage': 'Nächste Seite',
  'field.subscription': 'Abonnement',
  'field.currentPartner': 'Aktueller Partner',
  'partner.none': 'Keiner',
  'text.sentence': '{text}.',

  'upstream.graph': 'das Verzeichnis von Microsoft',
  'upstream.arm': 'Azure Resource Manager',
  'upstream.entra': 'der Anmeldedienst von Microsoft',
  'upstream.partnerCenter': 'das Partnerverzeichnis von Microsoft',
  'upstream.store': 'die Datenbank des Bots',
  'wait.seconds': 'in {seconds, plural, one {# Sekunde} other {# Sekunden}}',
  'wait.minutes': 'in etwa {minutes, plural, one {# Minute} other {# Minuten}}',
  'notice.notAnswering.title': '{upstream} antwortet nicht',
  'notice.notAnswering.message':
    'Da {upstream} nicht erreichbar war, wurde nichts geändert. Bitte versuchen Sie es in einer Minute erneut.',
  'notice.notAnswering.hint':
    'Das Problem liegt bei Microsoft oder bei mir, nicht bei Ihnen; Ihre Partner of Record sind unverändert.',
  'notice.unconfirmed.title': 'Ich konnte die Änderung nicht bestätigen',
  'notice.unconfirmed.message':
    '{upstream} hat nicht mehr geantwortet, während ich Ihre Änderung gespeichert habe; sie ist also vielleicht ' +
    'gespeichert, vielleicht auch nicht. Sie können dieselbe Änderung gefahrlos noch einmal senden: Sie wird ' +
    'höchstens einmal gespeichert, und Sie sehen dann, wie es um sie steht.',
  'notice.unconfirmed.hint':
    'Wenn es weiterhin nicht klappt, versuchen Sie es in einer Minute erneut; der Status zeigt, wie es jetzt aussieht.',
  'notice.sendAgain': 'Erneut senden',
  'notice.unidentified.title': 'Ich konnte nicht feststellen, wer Sie sind',
  'notice.unidentified.message':
    'Ihre Nachricht hat mich ohne Ihre Microsoft Entra-Identität erreicht, daher kann ich Ihre Rolle nicht prüfen. ' +
    'Öffnen Sie diesen Chat in Microsoft Teams, angemeldet mit Ihrem Geschäftskonto, und versuchen Sie es dann erneut.',
  'notice.wentWrong.title': 'Bei mir ist etwas schiefgegangen',
  'notice.wentWrong.message':
    'Ich konnte das nicht abschließen. Bitte versuchen Sie es gleich noch einmal; im Status sehen Sie den aktuellen ' +
    'Stand.',
  'notice.tooLarge.title': 'Diese Antwort ist zu groß für die Anzeige',
  'notice.tooLarge.message':
    'Teams kann eine so große Karte nicht anzeigen. Öffnen Sie den Status, um Ihre Abonnements Seite für Seite zu ' +
    'sehen.',
  'notice.unreadable.title': 'Mit dieser Karte konnte ich nichts anfangen',
  'notice.unreadable.message': '{reason} Es wurde nichts geändert.',
  'notice.unreadable.hint': 'Beginnen Sie hier neu.',
  'notice.unreadable.malformed': 'Die Aktion konnte nicht gelesen werden.',
  'notice.unreadable.tooLarge': 'Diese Aktion enthielt mehr Daten, als eine meiner Karten je sendet.',
  'notice.unreadable.unknownCard': 'Diese Schaltfläche gehört zu einer Karte, die ich nicht mehr verstehe.',
  'notice.unreadable.invalidData': 'Die Daten, die diese Karte gesendet hat, sind ungültig.',
  'notice.stale.title':
    'Dieses Abonnement hat sich geändert, seit {shownOn, select, page {diese Seite} other {diese Karte}} angezeigt ' +
    'wurde',
  'notice.stale.message':
    'Der Partner of Record von {subscription} hat sich geändert, nachdem {shownOn, select, page {diese Seite} other ' +
    '{diese Karte}} angezeigt wurde; daher wurde nichts geändert.',
  'notice.stale.partnerNow': 'Partner of Record jetzt: {partner}.',
  'notice.stale.hint': 'Hier ist sein aktueller Stand: Entscheiden Sie auf dieser Grundlage neu.',
  'notice.stale.partnerNowTitle': 'Partner of Record jetzt',
  'notice.stale.lastChangeTitle': 'Letzte Änderung',
  'notice.selectionChanged.title':
    'Abonnements haben sich geändert, seit {shownOn, select, page {diese Seite} other {diese Karte}} angezeigt wurde',
  'notice.selectionChanged.message':
    '{count, plural, =1 {Eines der ausgewählten Abonnements hat} other {# der ausgewählten Abonnements haben}} sich ' +
    'geändert, nachdem {shownOn, select, page {diese Seite} other {diese Karte}} angezeigt wurde; daher wurde an ' +
    'keinem von ihnen etwas geändert.',
  'notice.selectionChanged.changed': 'Geändert: {changes}.',
  'notice.selectionChanged.change': '{subscription}, jetzt {partner}',
  'notice.selectionChanged.hint': 'Beginnen Sie mit ihrem aktuellen Stand neu.',
  'refusal.unknownUser.title': 'Sie sind nicht im Verzeichnis dieser Organisation',
  'refusal.unknownUser.message':
    'Ich habe Sie unter den Personen Ihrer Organisation nicht gefunden, daher können Sie hier nichts ändern. Nur die ' +
    'Rolle „Besitzer“ (Administrator) darf einen Partner of Record hinzufügen, ändern oder entfernen.',
  'refusal.unknownUser.hint':
    'Falls Sie Zugriff haben sollten, wenden Sie sich an den Besitzer (Administrator) Ihrer Organisation.',
  'refusal.unknownSubscription.title': 'Abonnement nicht gefunden',
  'refusal.unknownSubscription.message':
    'Dieses Abonnement gehört nicht zu Ihrer Organisation, daher wurde nichts geändert. Vielleicht wurde es ' +
    'gekündigt, oder es gehört einer anderen Organisation, deren Partner of Record nur deren eigener Besitzer ' +
    '(Administrator) ändern kann.',
  'refusal.stale.title': 'Dieses Abonnement hat sich seit der Anzeige geändert',
  'refusal.stale.message':
    'Der Partner of Record hat sich geändert, nachdem er Ihnen angezeigt wurde; daher wurde nichts geändert.',
  'refusal.stale.hint': 'Beginnen Sie neu, um vom aktuellen Stand aus zu handeln.',
  'refusal.alreadyHasPartner.title': 'Dieses Abonnement hat bereits einen Partner of Record',
  'refusal.alreadyHasPartner.message': 'Um ihn zu ersetzen, ändern Sie stattdessen den Partner.',
  'refusal.noPartnerToChange.title': 'Dieses Abonnement hat keinen Partner of Record',
  'refusal.noPartnerToChange.message': 'Es gibt nichts zu ändern oder zu entfernen. Sie können einen hinzufügen.',
  'refusal.slowDown.title': 'Das geht etwas zu schnell',
  'refusal.slowDown.message':
    'Gerade eben wurde nichts geändert: In der letzten Minute gab es viele Änderungen und Prüfungen von Partner-IDs. ' +
    'Bitte versuchen Sie es {wait} erneut.',
  'refusal.slowDown.hint':
    'Nichts, was Sie vorher getan haben, wurde rückgängig gemacht. Im Status sehen Sie den aktuellen Stand.',
  'refusal.partnerId.title': 'Prüfen Sie die Partner-ID',
  'refusal.partnerId.rule': 'Eine Partner-ID ist eine Zahl mit 6 bis 10 Ziffern.',
  'refusal.partnerId.invalid':
    '{rule} Prüfen Sie die ID, die Ihr Partner Ihnen genannt hat, und versuchen Sie es erneut.',
  'refusal.partnerId.unknown':
    'Unter der Partner-ID {partnerId} ist kein Partner registriert. Klären Sie die ID mit Ihrem Partner und ' +
    'versuchen Sie es erneut.',
  'refusal.partnerId.same': 'Die Partner-ID {partnerId} ist bereits Partner of Record dieses Abonnements.',
  'refusal.partnerId.other': 'Diese Partner-ID kann nicht verwendet werden.',
  'refusal.azure.title': 'Das können nur die Besitzer des Abonnements',
  'refusal.azure.why':
    'Nur ein Besitzer des Azure-Abonnements {subscriptionName} (Rolle „Besitzer“ in Azure) darf seinen Partner of ' +
    'Record hinzufügen, ändern oder entfernen. Mitwirkende, Leser und Benutzerzugriffsadministratoren können ihn ' +
    'ansehen, aber nicht ändern.',
  'refusal.azure.askAnOwner':
    'Wenden Sie sich an einen Besitzer des Abonnements (das Azure-Portal führt sie unter „Zugriffssteuerung (IAM)“ ' +
    'des Abonnements auf).',
  'refusal.azure.theOwners': 'Die Besitzer des Abonnements in Azure',
  'refusal.noneYours.title': 'Keines davon dürfen Sie ändern',
  'refusal.noneYours.attach': 'Keinem der Abonnements ohne Partner of Record dürfen Sie einen hinzufügen.',
  'refusal.noneYours.change': 'Bei keinem der Abonnements mit Partner of Record dürfen Sie diesen ändern.',
  'refusal.noneYours.remove': 'Bei keinem der Abonnements mit Partner of Record dürfen Sie diesen entfernen.',
  'refusal.noneYours.others':
    'Bei allen anderen Abonnements ändert ihn die Rolle „Besitzer“ (Administrator) Ihrer Organisation.',
  'notice.consent.title': 'Ihre Organisation hat Partner of Record noch nicht verbunden',
  'notice.consent.message':
    'Um Ihre Abonnements anzuzeigen und zu prüfen, wer ihren Partner of Record ändern darf, brauche ich Lesezugriff ' +
    'auf das Verzeichnis Ihrer Organisation. Ein globaler Administrator erteilt ihn einmal für alle.',
  'notice.consent.hint':
    'Sie sind kein globaler Administrator? Leiten Sie dies an einen weiter: Alle anderen bittet die Seite von ' +
    'Microsoft stattdessen, eine Genehmigung anzufordern.',
  'notice.consentInTab':
    'Ihre Organisation hat Partner of Record noch keinen Lesezugriff erteilt. Ein globaler Administrator kann ihn über ' +
    'die Schaltfläche „Zugriff gewähren“ im Chat des Bots erteilen.',
  'grantAccess.fallback': '{title}. {message} Zugriff gewähren: {grantUrl}',
  'grantAccess.whoCanTitle': 'Wer ihn erteilen kann',
  'grantAccess.whoCan': 'Ein globaler Administrator Ihrer Organisation',
  'grantAccess.readsTitle': 'Was gelesen wird',
  'grantAccess.reads': 'Abonnements, wer welche Administratorrolle innehat, und die Namen von Personen',
  'grantAccess.changesTitle': 'Was geändert wird',
  'grantAccess.changes': 'Nichts in Ihrem Verzeichnis',
  'grantAccess.grant': 'Zugriff gewähren',
  'grantAccess.tryAgain': 'Erteilt: erneut versuchen',
  'grantAccess.azureStep':
    'Azure-Abonnements werden aus Azure Resource Manager gelesen, der der App nur die Abonnements zeigt, für die sie ' +
    'eine Rolle hat. Damit sie alle sieht, führt ein Besitzer oder Benutzerzugriffsadministrator einmal aus: ' +
    "{command} (oder dasselbe mit --scope /subscriptions/'<'Abonnement-ID>, ein Abonnement nach dem anderen).",
  'notice.nothingChanged': 'Es wurde nichts geändert.',
  'notice.cancelled': 'Abgebrochen',
  'notice.didNotCatch.title': 'Das habe ich nicht verstanden',
  'notice.didNotCatch.message': 'Versuchen Sie es mit „{attach}“, „{change}“, „{remove}“, „{status}“ oder „{help}“.',
  'notice.typedPartnerId.title': 'Für welches Abonnement ist das?',
  'notice.typedPartnerId.message':
    'Das sieht nach einer Partner-ID aus, aber ich habe nach keiner gefragt. Beginnen Sie mit „{attach}“ oder ' +
    '„{change}“ und geben Sie sie dann ein.',
  'notice.everyHasPartner.title': 'Jedes Abonnement hat einen Partner of Record',
  'notice.everyHasPartner.message':
    'Es gibt kein Abonnement ohne Partner of Record. Um einen Partner zu ersetzen, ändern Sie ihn stattdessen.',
  'notice.noneHasPartner.title': 'Kein Abonnement hat einen Partner of Record',
  'notice.noneHasPartner.message':
    'Es gibt keinen Partner of Record zum {mode, select, remove {Entfernen} other {Ändern}}. Fügen Sie zuerst einen ' +
    'hinzu.',
  'notice.noChangeRecorded': 'Für dieses Abonnement ist keine Änderung verzeichnet. Partner of Record: {partner}.',

  'change.title.attach': 'Partner of Record hinzufügen',
  'change.title.change': 'Partner of Record ändern',
  'change.title.remove': 'Partner of Record entfernen',
  'pick.promptWithout': 'Welches Abonnement? Diese haben noch keinen Partner of Record.',
  'pick.promptWith': 'Welches Abonnement? Diese haben derzeit einen Partner of Record.',
  'pick.fallback': '{title}: Bitte ein Abonnement auswählen.',
  'pick.chooseError': 'Wählen Sie ein Abonnement aus.',
  'pick.placeholder': 'Abonnement auswählen',
  'pick.showing': '{from}–{to} von {total} werden angezeigt.',
  'pick.noneOfService.title': 'Kein {service}-Abonnement zur Auswahl',
  'pick.noneOfService.message':
    '{mode, select, attach {Jedes {service}-Abonnement hat bereits einen Partner of Record.} other {Kein {service}-Abonnement hat einen Partner of Record.}} Wählen Sie stattdessen aus allen Ihren Abonnements.',
  'pick.several': 'Mehrere auf einmal',
  'pick.allOfPartner': 'Alle Abonnements eines Partners',
  'pick.more': 'Weitere Abonnements',
  'partnerId.fallback': '{title}: Geben Sie die Partner-ID für {service}: {subscriptionName} ein.',
  'partnerId.label': 'Partner-ID',
  'partnerId.placeholder': '6 bis 10 Ziffern, zum Beispiel 1234567',
  'partnerId.hint':
    'Ihr Partner kann Ihnen seine Partner-ID (seine Microsoft Partner Network-ID) nennen. Sie können sie auch als ' +
    'Nachricht eingeben.',
  'partnerId.check': 'ID prüfen',
  'confirm.question': 'Ist das der richtige Partner?',
  'confirm.fallback':
    'Die Partner-ID {partnerId} gehört zu {partnerName}. Senden Sie ab, um ihn als Partner of Record für ' +
    '{service}: {subscriptionName} einzutragen.',
  'confirm.registeredTo': 'Die Partner-ID {partnerId} ist registriert für:',
  'confirm.whatSubmitDoes':
    'Wenn Sie absenden, trage ich {partnerName} im eigenen Verzeichnis Ihrer Organisation als Partner of Record ein. ' +
    'Bei Microsoft ändert sich dadurch nichts.',
  'confirm.submit': 'Absenden',
  'confirm.changeId': 'ID ändern',
  'done.title.attach': 'Partner of Record hinzugefügt',
  'done.title.change': 'Partner of Record geändert',
  'done.title.remove': 'Partner of Record entfernt',
  'done.since.attach': 'Inzwischen: Partner of Record hinzugefügt',
  'done.since.change': 'Inzwischen: Partner of Record geändert',
  'done.since.remove': 'Inzwischen: Partner of Record entfernt',
  'done.nowPartner': '{partnerName} ist jetzt Partner of Record für {subscriptionName}.',
  'done.noPartnerNow': '{subscriptionName} hat jetzt keinen Partner of Record.',
  'email.willBeTold': '{partnerName} wird per E-Mail informiert.',
  'email.noMailServer':
    '{partnerName} erhält keine E-Mail: Dieser Bot hat keinen Mailserver, daher wird die E-Mail nur in seinem ' +
    'Mail-Ordner abgelegt. Informieren Sie ihn bitte selbst.',
  'email.noContact':
    '{partnerName} wurde nicht per E-Mail informiert: Für die Partner-ID {partnerId} kenne ich keine ' +
    'Kontaktadresse. Geben Sie ihm bitte selbst Bescheid.',
  'card.titleAndMessage': '{title}. {message}',
  'done.partnerOfRecord': 'Partner of Record',
  'done.previousPartner': 'Bisheriger Partner',
  'done.by': 'Von',
  'done.when': 'Wann',
  'done.ownRecord':
    'Dies ist das eigene Verzeichnis Ihrer Organisation: Bei Microsoft wurde nichts geändert. Was Microsoft zu Ihren ' +
    'Abonnements anzeigt, finden Sie im Microsoft 365 Admin Center unter „Abrechnung > Ihre Produkte“.',
  'done.azureNote': 'Azure-Abonnements finden Sie im Azure-Portal auf der Seite „Abonnements“.',
  'done.addAnother': 'Weiteres hinzufügen',
  'done.changeAnother': 'Weiteres ändern',
  'done.removeAnother': 'Weiteres entfernen',
  'done.adminCenter': 'Microsoft 365 Admin Center',
  'done.azurePortal': 'Azure-Portal',

  'remove.fallback': '{partnerName} als Partner of Record für {service}: {subscriptionName} entfernen?',
  'remove.question': 'Partner of Record entfernen?',
  'remove.whatRemoveDoes':
    'Ich trage ein, dass das Abonnement keinen Partner of Record mehr hat; bei Microsoft ändert sich dadurch nichts.',
  'remove.submit': 'Entfernen',

  'several.count': '{count, plural, one {dieses eine Abonnement} other {diese # Abonnements}}',
  'several.pick.title': 'Partner of Record für mehrere Abonnements hinzufügen',
  'several.pick.prompt':
    'Wählen Sie die Abonnements ohne Partner aus, die denselben Partner erhalten sollen (höchstens {max}), oder ' +
    'alle ({count}).',
  'several.pick.fallback': '{title}: Wählen Sie die Abonnements aus.',
  'several.pick.label': 'Abonnements',
  'several.pick.ticked': '{count, plural, other {Bisher ausgewählt: #.}}',
  'several.pick.tickedElsewhere': 'Auf anderen Seiten ausgewählt',
  'several.pick.all': 'Alle: jedes Abonnement ohne Partner of Record',
  'several.move.title': 'Abonnements auf einen anderen Partner übertragen',
  'several.move.prompt':
    'Wessen Abonnements sollen übertragen werden? Jedes Abonnement dieses Partners erhält den Partner, den Sie als ' +
    'Nächstes angeben.',
  'several.move.fallback': '{title}: Wählen Sie den Partner, dessen Abonnements übertragen werden.',
  'several.move.label': 'Übertragen',
  'several.move.chooseError': 'Wählen Sie einen Partner aus.',
  'several.move.choice': 'Alle Abonnements von {partnerName} ({count})',
  'several.form.fallback': '{title}: Geben Sie die Partner-ID für {countText} ein.',
  'several.form.for': 'Für {countText}:',
  'several.form.line': '{subscription} (derzeit: {partner})',
  'several.form.hint':
    'Ein Partner für alle: Seine Partner-ID (seine Microsoft Partner Network-ID) erhalten Sie von Ihrem Partner.',
  'several.confirm.fallback':
    'Senden Sie ab, um {partnerName} (Partner-ID {partnerId}) für {countText} einzutragen – für alle oder für keines.',
  'several.confirm.subscriptions': 'Gilt für {countText}:',
  'several.confirm.now': 'Aktueller Partner of Record: {currentText}',
  'several.confirm.whatSubmitDoes':
    'Wenn Sie absenden, trage ich {partnerName} im eigenen Verzeichnis Ihrer Organisation als Partner of Record für ' +
    '{countText} ein, ohne bei Microsoft etwas zu ändern: für alle oder, falls sich inzwischen eines geändert hat, ' +
    'für keines.',
  'several.done.title.attach':
    'Partner of Record für {count, plural, one {# Abonnement} other {# Abonnements}} hinzugefügt',
  'several.done.title.change':
    'Partner of Record für {count, plural, one {# Abonnement} other {# Abonnements}} geändert',
  'several.done.nowPartner':
    '{partnerName} ist jetzt Partner of Record für {count, plural, one {dieses eine Abonnement} other {diese # ' +
    'Abonnements}}.',
  'several.done.before': 'Bisheriger Partner of Record: {partner}',
  'several.done.row': '{subscription}. Referenz {reference}',
  'several.done.rowChangedSince': '{subscription}. Referenz {reference}. Inzwischen geändert: jetzt {partner}',
  'several.done.byWhen': 'Von {actorName} am {when}.',
  'several.email.overtaken':
    'Partner-E-Mails dieser Aktion: hier nicht mehr angezeigt, da sich inzwischen ein Abonnement geändert hat',
  'several.notFound.title': 'Änderungen nicht gefunden',
  'several.notFound.message': 'Diese Änderungen stehen nicht im Verzeichnis Ihrer Organisation.',
  'several.none.title': 'Kein Abonnement ausgewählt',
  'several.none.message': 'Wählen Sie mindestens ein Abonnement aus, oder alle. Es wurde nichts geändert.',
  'several.tooMany.title': 'Mehr als {max} Abonnements',
  'several.tooMany.message':
    'Eine Aktion ändert höchstens {max} Abonnements: Wählen Sie bis zu {max} aus. Es wurde nichts geändert.',
  'several.twice.title': 'Ein Abonnement wurde doppelt gesendet',
  'several.twice.message': 'Beginnen Sie noch einmal mit der Auswahl. Es wurde nichts geändert.',

  'status.title': 'Partner of Record: {tenantName}',
  'status.fallback': 'Partner of Record für {tenantName}: {summary}',
  'status.noSubscriptions': 'Ich sehe keine Abonnements Ihrer Organisation.',
  'status.range': 'Abonnements {from}–{to} von {total}.',
  'status.rangePaged': 'Abonnements {from}–{to} von {total} (Seite {page} von {pageCount}).',
  'status.everyHasPartner': 'Jedes hat einen Partner of Record.',
  'status.withoutPartner': '{count} {count, plural, one {hat} other {haben}} keinen Partner of Record.',
  'status.partner': 'Partner of Record: {partner}',
  'status.noPartner': 'Kein Partner of Record',
  'status.change': 'Ändern',
  'status.remove': 'Entfernen',
  'status.attached': 'Hinzugefügt von {actorName} am {when}',
  'status.changed': 'Geändert von {actorName} am {when}',
  'status.removed': 'Entfernt von {actorName} am {when}',
  'status.email.sent': 'Partner per E-Mail informiert',
  'status.email.filed': 'E-Mail an den Partner nicht versendet (kein Mailserver): Sie liegt im Mail-Ordner des Bots',
  'status.email.pending': 'E-Mail an den Partner noch nicht versendet',
  'status.email.failed': 'E-Mail an den Partner fehlgeschlagen: Bitte informieren Sie den Partner selbst',
  'status.email.noContact': 'Partner nicht per E-Mail informiert: Es ist keine Kontaktadresse bekannt',
  'status.confirmed': 'Bestätigt von {partnerName} am {day}',
  'status.declined': 'Abgelehnt von {partnerName} am {day}',
  'status.declinedBecause': '{said}: {reason}',
  'status.azureNoneVisible':
    'Für die App ist kein Azure-Abonnement sichtbar; falls Sie welche haben, geben Sie ihr die Rolle „Leser“ dafür.',
  'status.azureNoneVisibleCommand':
    'Für die App ist kein Azure-Abonnement sichtbar; falls Sie welche haben, geben Sie ihr die Rolle „Leser“ dafür: ' +
    '{command}',
  'status.azureUnreadable':
    'Ihre Azure-Abonnements konnte ich gerade nicht aus Azure Resource Manager lesen, daher ist hier keines ' +
    'aufgeführt.',
  'status.microsoft365Unreadable':
    'Ihre Microsoft 365-Abonnements konnte ich gerade nicht aus dem Verzeichnis von Microsoft lesen, daher sind nur ' +
    'die Azure-Abonnements aufgeführt.',

  'notOwner.title': 'Das kann nur der Besitzer',
  'notOwner.hint': 'Den Status können Sie weiterhin ansehen.',
  'notOwner.yourRole': 'Ihre Rolle',
  'notOwner.whoCan': 'Wer es kann',
  'notOwner.theOwner': 'Der Besitzer (Administrator) Ihrer Organisation',
  'role.owner': 'Besitzer (Administrator)',
  'role.serviceAdmin': 'Dienstadministrator',
  'role.coAdmin': 'Co-Administrator',
  'role.delegatedAdmin': 'Delegierter Administrator (Partner)',
  'role.member': 'Benutzer',

  'tab.title': 'Partner of Record',
  'tab.about.record':
    'Das eigene Verzeichnis Ihrer Organisation zum Partner of Record jedes Abonnements, mit dem Verlauf jeder Änderung.',
  'tab.about.microsoft':
    'Bei Microsoft wird nichts geändert: Was Microsoft selbst zu Ihren Abonnements anzeigt, finden Sie im {adminCenter} (unter „Abrechnung > Ihre Produkte“) und für Azure im {azurePortal}.',
  'tab.outsideTeams':
    'Diese Seite ist die Registerkarte „Partner“ der App „Partner of Record“, läuft aber nicht in Microsoft Teams. Öffnen Sie sie in Teams über die App, um sich anzumelden.',
  'tab.who': '{userName}, {role}, {tenantName}',
  'tab.dev.badge': 'Nur Entwicklung',
  'tab.dev.title': 'Lokale Entwickler-Anmeldung',
  'tab.dev.intro':
    'Nur für lokale Tests: Der Bot läuft ohne App-Registrierung, daher gibt es keine Teams-Anmeldung. Wählen Sie eine Person aus {directory}.',
  'tab.dev.directory.bot': 'dem Verzeichnis des Bots',
  'tab.dev.directory.graph': 'den Microsoft Entra ID-Verzeichnissen, die der Bot über Microsoft Graph liest',
  'tab.dev.directory.demo': 'dem Verzeichnis der Demodaten ({seedFile})',
  'tab.dev.directory.seed': 'dem Verzeichnis in der Seed-Datei {seedFile}',
  'tab.dev.signInAs': 'Anmelden als',
  'tab.dev.signIn': 'Anmelden',
  'tab.dev.failed': 'Die Anmeldung ist fehlgeschlagen.',
  'tab.signingIn': 'Sie werden über Teams angemeldet…',
  'tab.teamsFailed':
    'Keine Verbindung zu Teams: {error}. Laden Sie die Registerkarte neu, um es noch einmal zu versuchen.',
  'tab.signInTimedOut':
    '{seconds, plural, one {Teams hat Ihre Anmeldung nicht übergeben: Es wurde zweimal gefragt und hat beide Male nicht innerhalb von # Sekunde geantwortet. Versuchen Sie es noch einmal; passiert das wieder, laden Sie die Registerkarte neu oder starten Sie Teams neu.} other {Teams hat Ihre Anmeldung nicht übergeben: Es wurde zweimal gefragt und hat beide Male nicht innerhalb von # Sekunden geantwortet. Versuchen Sie es noch einmal; passiert das wieder, laden Sie die Registerkarte neu oder starten Sie Teams neu.}}',
  'tab.signInFailed':
    'Teams konnte Sie nicht anmelden: {error}. Versuchen Sie es noch einmal; passiert das wieder, laden Sie die Registerkarte neu.',
  'tab.signInAgain': '{message} Laden Sie die Registerkarte neu, um sich erneut anzumelden.',
  'tab.tryAgain': 'Noch einmal versuchen',
  'tab.requestFailed': 'Die Anfrage ist fehlgeschlagen ({status}).',
  'tab.couldNotStart': 'Die Seite konnte nicht starten: {error}',
  'tab.selection.attach': 'Für Auswahl hinzufügen',
  'tab.selection.change': 'Auswahl ändern',
  'tab.selection.count': '{count} ausgewählt',
  'tab.selection.noneWithout': 'Jedes der ausgewählten Abonnements hat bereits einen Partner of Record.',
  'tab.selection.noneWith': 'Keines der ausgewählten Abonnements hat einen Partner of Record.',
  'tab.selection.tooMany': 'Wählen Sie für eine Aktion höchstens {max} Abonnements aus.',
  'tab.table.caption': 'Die Abonnements Ihrer Organisation und ihre Partner of Record',
  'tab.column.service': 'Dienst',
  'tab.column.lastChange': 'Letzte Änderung',
  'tab.column.email': 'E-Mail an den Partner',
  'tab.column.actions': 'Aktionen',
  'tab.action.attach': 'Hinzufügen',
  'tab.action.history': 'Verlauf',
  'tab.action.label': '{action}: {subscription}',
  'tab.action.select': 'Auswählen: {subscription}',
  'tab.export': 'Verlauf herunterladen (CSV)',
  'tab.dialog.attachOne': 'Partner of Record hinzufügen für {subscription}',
  'tab.dialog.changeOne': 'Partner of Record ändern für {subscription}',
  'tab.dialog.attachSeveral':
    '{count, plural, one {Partner of Record hinzufügen für # Abonnement} other {Partner of Record hinzufügen für # Abonnements}}',
  'tab.dialog.changeSeveral':
    '{count, plural, one {Partner of Record ändern für # Abonnement} other {Partner of Record ändern für # Abonnements}}',
  'tab.dialog.current': 'Aktueller Partner: {partner}',
  'tab.dialog.nowPartner': '{subscription} (derzeit: {partner})',
  'tab.check.registeredTo': 'Die Partner-ID {partnerId} ist auf {partnerName} registriert.',
  'tab.remove.title': 'Partner of Record entfernen?',
  'tab.remove.text':
    '{partner} ist dann nicht mehr Partner of Record für {subscription} und wird per E-Mail darüber informiert.',
  'tab.history.title': 'Verlauf: {subscription}',
  'tab.history.none': 'Über diese App wurde hier noch nichts geändert.',
  'tab.history.fromTo': 'Von {oldPartner} zu {newPartner}.',
  'tab.history.close': 'Schließen',
};

export const deAliases: CommandAliases = {
  welcome: ['hallo', 'servus', 'moin', 'menü'],
  help: ['hilfe', 'support'],
  status: ['status', 'übersicht', 'liste', 'meine abonnements'],
  attach: ['hinzufügen', 'partner zuweisen', 'zuweisen'],
  change: ['ändern', 'partner wechseln', 'wechseln', 'ersetzen'],
  remove: ['entfernen', 'partner löschen', 'löschen'],
  cancel: ['abbrechen', 'stopp', 'egal'],
};
