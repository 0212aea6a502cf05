import type { Catalog, CommandAliases } from './en';

/**
 * French, with "vous". The partner of record is the "partenaire officiel"; Partner Center is Microsoft's "Espace
 * partenaires". Apostrophes are typographic (’), which ICU MessageFormat never reads as quoting.
 */
export const fr: Catalog = {
  'text.twoSentences': '{first} {second}',

  'record.own':
    'Je tiens le registre propre à votre organisation du partenaire officiel de chaque abonnement, avec son ' +
    'historique, et je préviens le partenaire par e-mail quand vous en ajoutez, en changez ou en supprimez un.',
  'record.ownNoMailServer':
    'Votre organisation a ici son propre registre du partenaire officiel de chaque abonnement, avec son ' +
    'historique. Je n’ai pas de serveur de messagerie : les e-mails destinés à un partenaire sont seulement ' +
    'enregistrés dans mon dossier de courrier, sans être envoyés. Prévenez le partenaire vous-même.',
  'record.nothingAtMicrosoft':
    'Ce registre ne change rien chez Microsoft : un partenaire n’y est reconnu que par une démarche qu’il ' +
    'effectue lui-même.',

  'partnerEmail.greeting': 'Bonjour {name},',
  'partnerEmail.added.subject': '{customer} vous a inscrit comme partenaire officiel de {subscription}',
  'partnerEmail.added.heading': 'Vous êtes désormais inscrit au registre du client comme son partenaire officiel',
  'partnerEmail.added.recorded':
    '{actor}, de {customer}, a inscrit {partner} (ID partenaire {partnerId}) comme partenaire officiel de ' +
    'l’abonnement {service} « {subscription} », le {when}.',
  'partnerEmail.whatItIs':
    'Le partenaire officiel est le partenaire qui aide le client à concevoir, créer, déployer ou gérer le service.',
  'partnerEmail.ownRecordOnly':
    'Il s’agit du registre que le client tient lui-même sur son partenaire officiel. Ce registre ne change rien chez ' +
    'Microsoft et ne vous donne aucun accès à l’abonnement.',
  'partnerEmail.creditAzure':
    'Pour que Microsoft reconnaisse votre travail sur cet abonnement Azure, associez l’ID partenaire {partnerId} à ' +
    'l’identité que vous utilisez dans le locataire de {customer} (un Partner Admin Link, par exemple ' +
    'az managementpartner create --partner-id {partnerId}). Vous seul pouvez créer ou modifier ce lien. Marche à ' +
    'suivre : {url}',
  'partnerEmail.creditClaim':
    'Pour que Microsoft reconnaisse votre travail sur cet abonnement {service}, déposez une demande pour {customer} ' +
    'dans l’Espace partenaires (claiming partner of record, CPOR). Microsoft examine la demande, et le client peut ' +
    'la refuser. Marche à suivre : {url}',
  'partnerEmail.answerLink':
    'Merci d’indiquer à {customer} si c’est exact : sur cette page, confirmez que vous travaillez avec ce client sur ' +
    'cet abonnement, ou refusez (le lien vous est personnel et reste valable 30 jours ; votre réponse va uniquement ' +
    'au registre propre au client) :',
  'partnerEmail.noLonger.subject':
    'Le registre de {customer} ne vous désigne plus comme partenaire officiel de {subscription}',
  'partnerEmail.noLonger.heading': 'Vous n’êtes plus inscrit au registre du client comme son partenaire officiel',
  'partnerEmail.noLonger.names':
    'Le registre de {customer} ne désigne plus {partner} (ID partenaire {partnerId}) comme partenaire officiel de ' +
    'l’abonnement {service} « {subscription} ».',
  'partnerEmail.replacedBy': 'Un autre partenaire a été inscrit par {actor} le {when}.',
  'partnerEmail.removedBy':
    'Le partenaire officiel a été retiré par {actor} le {when}. L’abonnement n’a plus de partenaire officiel.',
  'partnerEmail.contactCustomer': 'Si vous pensez qu’il s’agit d’une erreur, contactez directement {customer}.',
  'partnerEmail.support':
    'Des questions sur ce changement ? Répondez à cet e-mail ou contactez le client qui l’a effectué.',
  'partnerEmail.footer':
    'Ce message a été envoyé par l’application Partner of Record dans Microsoft Teams pour le compte de {customer}.',
  'partnerEmail.batch.added.subject': '{customer} vous a inscrit comme partenaire officiel de {count} abonnements',
  'partnerEmail.batch.added.recorded':
    '{actor}, de {customer}, a inscrit {partner} (ID partenaire {partnerId}) comme partenaire officiel de ces ' +
    '{count} abonnements, le {when} :',
  'partnerEmail.batch.answerLinks':
    'Merci d’indiquer à {customer} si c’est exact pour chaque abonnement, avec le lien placé à côté (les liens vous ' +
    'sont personnels et restent valables 30 jours ; vos réponses vont uniquement au registre propre au client).',
  'partnerEmail.batch.answerLink': '{subscription} (confirmer ou refuser : {url})',
  'partnerEmail.batch.noLonger.subject':
    'Le registre de {customer} ne vous désigne plus comme partenaire officiel de {count} abonnements',
  'partnerEmail.batch.noLonger.names':
    'Le registre de {customer} ne désigne plus {partner} (ID partenaire {partnerId}) comme partenaire ' +
    'officiel de ces {count} abonnements :',

  'answerPage.title': 'Votre réponse à un changement de partenaire officiel',
  'answerPage.intro':
    '{customer} a inscrit votre organisation comme son partenaire officiel. Merci de lui indiquer si c’est exact.',
  'answerPage.meaning':
    'Confirmer signifie : nous travaillons avec ce client sur cet abonnement. Votre réponse va uniquement au registre ' +
    'propre au client et à la personne qui a fait le changement. Elle ne change rien chez Microsoft.',
  'answerPage.customer': 'Client',
  'answerPage.subscription': 'Abonnement',
  'answerPage.partner': 'Partenaire',
  'answerPage.recordedBy': 'Inscrit par',
  'answerPage.confirm': 'Confirmer',
  'answerPage.decline': 'Refuser',
  'answerPage.reasonLabel': 'Motif du refus (facultatif)',
  'answerPage.sending': 'Envoi de votre réponse…',
  'answerPage.failed':
    'Votre réponse ne nous est pas parvenue. Attendez une minute, puis appuyez de nouveau sur le bouton.',
  'answerPage.thanks': 'Merci. Votre réponse a été enregistrée.',
  'answerPage.superseded':
    'Ce changement n’est plus d’actualité : le client a changé depuis le partenaire officiel de cet abonnement. Il ' +
    'n’y a rien à répondre ici.',
  'answerPage.invalidTitle': 'Ce lien de réponse ne fonctionne pas',
  'answerPage.invalid':
    'Ce lien n’est pas valide : il a été modifié, il a expiré ou il ne concerne pas ce site. Utilisez le lien du ' +
    'dernier e-mail reçu au sujet de ce changement.',
  'answerPage.slowDownTitle': 'Trop de requêtes',
  'answerPage.slowDown':
    'Trop de requêtes sont venues d’ici ou pour ce lien. Attendez une minute, puis rouvrez le lien.',
  'answerPage.unknown':
    'Ce lien ne désigne aucun changement connu de ce site. Utilisez le lien du dernier e-mail reçu.',

  'consent.grantedTitle': 'Accès accordé',
  'consent.granted':
    'Partner of Record peut désormais lire les abonnements et les rôles d’administrateur de votre organisation ' +
    '(locataire {tenantId}). Revenez dans Microsoft Teams et envoyez n’importe quel message au bot, par exemple ' +
    '« {status} ».',
  'consent.notGrantedTitle': 'L’accès n’a pas été accordé',
  'consent.declined':
    'La demande a été refusée : Partner of Record ne peut donc toujours pas lire les abonnements de votre ' +
    'organisation. Un administrateur général peut accorder l’accès à tout moment avec le bouton « Accorder l’accès » ' +
    'du bot dans Teams.',
  'consent.notGranted':
    'Microsoft n’a pas accordé l’accès. Seul un administrateur général de votre organisation peut l’accorder : ' +
    'demandez à l’un d’eux d’appuyer sur « Accorder l’accès » sur la carte du bot dans Teams.',
  'consent.invalidTitle': 'Ce lien n’est pas valide',
  'consent.invalid':
    'On n’arrive sur cette page que par le bouton « Accorder l’accès » dans Teams, et ce lien a expiré ou a été ' +
    'modifié. Ouvrez le bot dans Teams et appuyez de nouveau sur « Accorder l’accès ».',

  'command.attach': 'ajouter un partenaire',
  'command.change': 'changer de partenaire',
  'command.remove': 'retirer le partenaire',
  'command.status': 'état',
  'command.help': 'aide',

  'button.status': 'État',
  'button.help': 'Aide',

  'welcome.title': 'Partner of Record',
  'welcome.fallback':
    'Partner of Record pour {tenantName}. {aboutRecord} Tapez « aide » pour voir ce que je peux faire pour vous.',
  'welcome.greeting': 'Bonjour {userName} !',
  'welcome.greetingAnonymous': 'Bonjour !',
  'welcome.intro': '{greeting} {aboutRecord}',
  'welcome.yourOrganization': 'votre organisation',
  'welcome.pickOrType':
    'Choisissez ce que vous voulez faire, ou tapez-le : **ajouter un partenaire**, **changer de partenaire**, ' +
    '**retirer le partenaire**, **état**, **aide**.',
  'welcome.addPartner': 'Ajouter un partenaire',
  'welcome.changePartner': 'Changer de partenaire',
  'welcome.removePartner': 'Retirer le partenaire',

  'help.fallback':
    '{aboutRecord} Commandes : ajouter un partenaire, changer de partenaire, retirer le partenaire, état, aide. Seul ' +
    'le rôle de propriétaire (administrateur) peut apporter des modifications. Support technique : ' +
    '{supportTechnicalUrl} Support de facturation : {supportBillingUrl}',
  'help.title': 'Ce que je peux faire',
  'help.digitalPartner':
    'Le partenaire numérique officiel (Digital Partner of Record) est le partenaire qui aide votre organisation à ' +
    'concevoir, créer, déployer ou gérer un service cloud Microsoft (Office 365, CRM Online, AX7, Intune, ' +
    'Enterprise Mobility Suite, Power BI, Azure), et non celui qui l’a vendu. Pour être reconnu par Microsoft, le ' +
    'partenaire dépose une demande dans l’Espace partenaires, ou associe son ID partenaire à vos abonnements Azure ; ' +
    'mon e-mail lui explique comment faire.',
  'help.fact.attach':
    'Choisir un abonnement, saisir l’ID partenaire, vérifier le nom du partenaire, puis envoyer. Ajoutez le nom d’un service pour ne voir que ses abonnements, par exemple : ajouter un partenaire Intune.',
  'help.fact.change': 'Remplacer le partenaire officiel actuel par un autre.',
  'help.fact.remove': 'Laisser un abonnement sans partenaire officiel.',
  'help.fact.status': 'Vos abonnements et leurs partenaires officiels.',
  'help.fact.help': 'Cette carte.',
  'help.whoTitle': 'Qui peut s’en servir',
  'help.who':
    'Seul le rôle de propriétaire (administrateur) de l’organisation peut ajouter, changer ou retirer un partenaire ' +
    'officiel. Les administrateurs de service, les coadministrateurs et les partenaires qui agissent en tant ' +
    'qu’administrateurs délégués ne le peuvent pas. {ownersText}',
  'help.ownersUnknown': 'Demandez-le au propriétaire (administrateur) de votre organisation.',
  'help.owners': 'Dans votre organisation, ce rôle revient à {owners}.',
  'help.azureRule':
    'Le partenaire officiel d’un abonnement Azure est ajouté, changé ou retiré par un propriétaire de cet abonnement ' +
    '(rôle Propriétaire dans Azure, directement ou par un groupe) ; être administrateur général ne suffit pas.',
  'help.supportTitle': 'Assistance',
  'help.support':
    'Pour un problème avec un service, ouvrez une demande de support technique. Pour les factures, les paiements ou ' +
    'les abonnements, ouvrez une demande de support de facturation.',
  'help.technicalSupport': 'Support technique',
  'help.billingSupport': 'Support de facturation',

  'nudge.title': '{service} : {subscriptionName} n’a pas de partenaire officiel',
  'nudge.fallback':
    '{service} : {subscriptionName} n’a pas de partenaire officiel. Tapez « ajouter un partenaire » pour en ajouter un.',
  'nudge.why':
    'Mieux vaut inscrire le partenaire officiel dès la création d’un abonnement : le registre de votre organisation ' +
    'nomme ainsi dès le départ le partenaire qui vous aide à le concevoir, le créer, le déployer ou le gérer.',
  'nudge.attach': 'Ajouter un partenaire',
  'nudge.notNow': 'Pas maintenant',
  'nudge.hasPartnerTitle': '{subscription} a désormais un partenaire officiel',
  'nudge.hasPartner': '{partner} en est le partenaire officiel.',
  'nudge.stillNoneTitle': '{subscription} n’a toujours pas de partenaire officiel',
  'nudge.notReminded': 'Vous avez choisi de ne plus recevoir de rappel à son sujet.',
  'nudge.attachAnyTime': 'Vous pouvez ajouter un partenaire à tout moment avec « ajouter un partenaire ».',
  'nudge.dismissedTitle': 'Plus de rappel pour celui-ci',
  'nudge.dismissed': 'Je ne vous reparlerai plus de l’abonnement {subscription}.',
  'digest.title': 'Abonnements sans partenaire officiel',
  'digest.why':
    'Mieux vaut inscrire le partenaire officiel dès la création d’un abonnement, pour que le registre de votre ' +
    'organisation nomme le partenaire qui vous aide à le concevoir, le créer, le déployer ou le gérer. Ce bot tient ' +
    'ce registre pour votre organisation ; il ne change rien chez Microsoft.',
  'digest.summary':
    '{count} {count, plural, one {abonnement n’a} other {abonnements n’ont}} pas de partenaire officiel dans le ' +
    'registre de votre organisation.',
  'digest.summaryPaged':
    '{count} {count, plural, one {abonnement n’a} other {abonnements n’ont}} pas de partenaire officiel dans le ' +
    'registre de votre organisation ({from} à {to}, page {page} sur {pageCount}).',
  'digest.fallback':
    'Abonnements sans partenaire officiel : {summary} Tapez « ajouter un partenaire » pour en ajouter un à l’un ' +
    'd’eux.',
  'digest.attach': 'Ajouter',
  'digest.doneTitle': 'Plus rien à ajouter ici',
  'digest.done':
    'Chaque abonnement de cette carte a désormais un partenaire officiel, ou vous avez choisi de ne plus recevoir ' +
    'de rappel à son sujet.',
  'digest.noneYoursTitle': 'Rien à ajouter pour vous ici',
  'digest.noneYours':
    'Vous ne pouvez changer le partenaire officiel d’aucun abonnement du registre de votre organisation : c’est le ' +
    'rôle de propriétaire (administrateur) du locataire qui décide, et pour un abonnement Azure, ses propres ' +
    'propriétaires dans Azure. L’état liste tous les abonnements.',
  'digest.dismissedTitle': 'Plus de rappel pour ceux-ci',
  'digest.dismissed':
    'Je ne vous reparlerai plus {count, plural, one {de cet abonnement} other {de ces {count} abonnements}} ; je ' +
    'vous signalerai seulement les abonnements qui apparaîtront plus tard.',
  'answer.ownerConfirmed':
    '{partner} a confirmé le {when} qu’il travaille avec votre organisation sur l’abonnement {subscription}. C’est ' +
    'la parole du partenaire, consignée dans le registre propre à votre organisation ; rien ne change chez Microsoft.',
  'answer.ownerDeclinedTitle': '{partner} a refusé d’être le partenaire officiel de l’abonnement {subscription}',
  'answer.ownerDeclinedReason': 'Sa raison : {reason}',
  'answer.ownerDeclinedNoReason': 'Il n’a donné aucune raison.',
  'answer.ownerDeclinedNext':
    'Votre registre le nomme toujours. Vous pouvez changer de partenaire officiel, ou le retirer.',
  'mailNotice.sent':
    '{partnerName} a été prévenu par e-mail ({partnerEmail}) qu’il {template, select, added {est désormais} other {n’est plus}} le partenaire officiel de {subscriptionName}.',
  'mailNotice.filed':
    'L’e-mail indiquant à {partnerName} ({partnerEmail}) qu’il {template, select, added {est désormais} other {n’est plus}} le partenaire officiel de {subscriptionName} a été enregistré dans le dossier de messagerie du bot et n’a PAS été envoyé : ce bot n’a pas de serveur de messagerie.',
  'mailNotice.failed':
    'Je n’ai pas pu informer {partnerName} ({partnerEmail}) par e-mail qu’il {template, select, added {est désormais} other {n’est plus}} le partenaire officiel de {subscriptionName}.',
  'mailNotice.changeSaved': 'Le changement lui-même est enregistré.',
  'mailNotice.setUpMail':
    'Prévenez vous-même le partenaire et demandez à la personne qui gère ce bot de configurer son serveur de messagerie.',
  'mailNotice.checkMail':
    'Prévenez vous-même le partenaire et demandez à la personne qui gère ce bot de vérifier ses paramètres de messagerie.',
  'mailNotice.lastError': '(Dernière erreur : {reason})',

  'readOnly.serviceAdmin':
    'Les administrateurs de service peuvent gérer les services, mais seul le rôle de propriétaire (administrateur) ' +
    'peut ajouter, changer ou retirer un partenaire officiel.',
  'readOnly.coAdmin':
    'Les coadministrateurs ne peuvent pas ajouter, changer ou retirer un partenaire officiel ; seul le rôle de ' +
    'propriétaire (administrateur) le peut.',
  'readOnly.delegatedAdmin':
    'Les partenaires qui agissent en tant qu’administrateurs délégués ne peuvent pas définir le partenaire ' +
    'officiel ; c’est au propriétaire (administrateur) du client de le faire.',
  'readOnly.member':
    'Seul le rôle de propriétaire (administrateur) de votre organisation peut ajouter, changer ou retirer un ' +
    'partenaire officiel.',
  'readOnly.activateInPim':
    'Vous êtes éligible à un rôle de propriétaire, mais il n’est pas actif pour le moment : activez-le dans ' +
    'Privileged Identity Management, puis réessayez.',
  'readOnly.groupsAndPimUnseen':
    'Je n’ai pas pu vérifier les rôles attribués par des groupes ou par Privileged Identity Management : votre ' +
    'administrateur n’a pas encore accordé RoleAssignmentSchedule.Read.Directory, ' +
    'RoleEligibilitySchedule.Read.Directory et GroupMember.Read.All.',
  'readOnly.askOwners': 'Adressez-vous à {owners}.',
  'readOnly.askTheOwner': 'Adressez-vous au propriétaire (administrateur) de votre organisation.',
  'readOnly.lookButNotChange': 'Vous pouvez consulter, mais pas modifier.',
  'readOnly.anonymous':
    'Je ne vous ai pas trouvé dans l’annuaire de votre organisation : je ne peux donc afficher que l’aide. Seul le ' +
    'rôle de propriétaire (administrateur) peut ajouter, changer ou retirer un partenaire officiel.',

  'button.cancel': 'Annuler',
  'button.refresh': 'Actualiser',
  'button.next': 'Suivant',
  'button.previousPage': 'Page précédente',
  'button.nextPage': 'Page suivante',
  'field.subscription': 'Abonnement',
  'field.currentPartner': 'Partenaire actuel',
  'partner.none': 'Aucun',
  'text.sentence': '{text}.',

  'upstream.graph': 'l’annuaire de Microsoft',
  'upstream.arm': 'Azure Resource Manager',
  'upstream.entra': 'le service de connexion de Microsoft',
  'upstream.partnerCenter': 'le registre des partenaires de Microsoft',
  'upstream.store': 'la base de données du bot',
  'wait.seconds': 'dans {seconds, plural, one {# seconde} other {# secondes}}',
  'wait.minutes': 'dans environ {minutes, plural, one {# minute} other {# minutes}}',
  'notice.notAnswering.title': '{upstream} ne répond pas',
  'notice.notAnswering.message':
    'Je n’ai pas pu joindre {upstream} : rien n’a donc été changé. Veuillez réessayer dans une minute.',
  'notice.notAnswering.hint':
    'Le problème vient de Microsoft ou de moi, pas de vous ; vos partenaires officiels n’ont pas changé.',
  'notice.unconfirmed.title': 'Je n’ai pas pu confirmer la modification',
  'notice.unconfirmed.message':
    '{upstream} a cessé de répondre pendant que j’enregistrais votre modification : elle a pu être enregistrée, ou ' +
    'non. Vous pouvez renvoyer la même modification sans risque : elle est enregistrée une fois au plus, et vous ' +
    'verrez où elle en est.',
  'notice.unconfirmed.hint':
    'Si cela ne passe toujours pas, réessayez dans une minute ; l’état montre où en sont les choses.',
  'notice.sendAgain': 'Renvoyer',
  'notice.unidentified.title': 'Je n’ai pas pu savoir qui vous êtes',
  'notice.unidentified.message':
    'Votre message m’est parvenu sans votre identité Microsoft Entra : je ne peux donc pas vérifier votre rôle. ' +
    'Ouvrez cette conversation depuis Microsoft Teams, connecté avec votre compte professionnel, puis réessayez.',
  'notice.wentWrong.title': 'Un problème est survenu de mon côté',
  'notice.wentWrong.message':
    'Je n’ai pas pu terminer. Réessayez dans un instant ; ouvrez l’état pour voir la situation actuelle.',
  'notice.tooLarge.title': 'Cette réponse est trop grande pour être affichée',
  'notice.tooLarge.message':
    'Teams ne peut pas afficher une carte aussi grande. Ouvrez l’état pour voir vos abonnements page par page.',
  'notice.unreadable.title': 'Je n’ai pas pu utiliser cette carte',
  'notice.unreadable.message': '{reason} Rien n’a été changé.',
  'notice.unreadable.hint': 'Recommencez à partir d’ici.',
  'notice.unreadable.malformed': 'L’action n’a pas pu être lue.',
  'notice.unreadable.tooLarge': 'Cette action contenait plus de données qu’aucune de mes cartes n’en envoie.',
  'notice.unreadable.unknownCard': 'Ce bouton appartient à une carte que je ne comprends plus.',
  'notice.unreadable.invalidData': 'Les données envoyées par cette carte ne sont pas valides.',
  'notice.stale.title':
    'Cet abonnement a changé depuis l’affichage de {shownOn, select, page {cette page} other {cette carte}}',
  'notice.stale.message':
    'Le partenaire officiel de {subscription} a changé après l’affichage de {shownOn, select, page {cette page} ' +
    'other {cette carte}} : rien n’a donc été changé.',
  'notice.stale.partnerNow': 'Partenaire officiel actuel : {partner}.',
  'notice.stale.hint': 'Voici son état actuel : décidez à nouveau à partir de celui-ci.',
  'notice.stale.partnerNowTitle': 'Partenaire officiel actuel',
  'notice.stale.lastChangeTitle': 'Dernière modification',
  'notice.selectionChanged.title':
    'Des abonnements ont changé depuis l’affichage de {shownOn, select, page {cette page} other {cette carte}}',
  'notice.selectionChanged.message':
    '{count, plural, =1 {Un des abonnements sélectionnés a changé} other {# des abonnements sélectionnés ont changé}} ' +
    'après l’affichage de {shownOn, select, page {cette page} other {cette carte}} : aucun d’eux n’a donc été ' +
    'modifié.',
  'notice.selectionChanged.changed': 'Modifiés : {changes}.',
  'notice.selectionChanged.change': '{subscription}, désormais {partner}',
  'notice.selectionChanged.hint': 'Recommencez à partir de leur état actuel.',
  'refusal.unknownUser.title': 'Vous ne figurez pas dans l’annuaire de cette organisation',
  'refusal.unknownUser.message':
    'Je ne vous ai pas trouvé parmi les personnes de votre organisation : vous ne pouvez donc rien changer ici. Seul ' +
    'le rôle de propriétaire (administrateur) peut ajouter, changer ou retirer un partenaire officiel.',
  'refusal.unknownUser.hint':
    'Si vous devriez y avoir accès, adressez-vous au propriétaire (administrateur) de votre organisation.',
  'refusal.unknownSubscription.title': 'Abonnement introuvable',
  'refusal.unknownSubscription.message':
    'Cet abonnement n’appartient pas à votre organisation : rien n’a donc été changé. Il a peut-être été résilié, ou ' +
    'il appartient à une autre organisation, dont seul le propriétaire (administrateur) peut changer le partenaire ' +
    'officiel.',
  'refusal.stale.title': 'Cet abonnement a changé depuis son affichage',
  'refusal.stale.message': 'Le partenaire officiel a changé après vous avoir été affiché : rien n’a donc été changé.',
  'refusal.stale.hint': 'Recommencez pour agir sur l’état actuel.',
  'refusal.alreadyHasPartner.title': 'Cet abonnement a déjà un partenaire officiel',
  'refusal.alreadyHasPartner.message': 'Pour le remplacer, changez plutôt de partenaire.',
  'refusal.noPartnerToChange.title': 'Cet abonnement n’a pas de partenaire officiel',
  'refusal.noPartnerToChange.message': 'Il n’y a rien à changer ni à retirer. Vous pouvez en ajouter un.',
  'refusal.slowDown.title': 'Vous allez un peu vite',
  'refusal.slowDown.message':
    'Rien n’a été changé à l’instant : il y a eu beaucoup de modifications et de vérifications d’ID partenaire au ' +
    'cours de la dernière minute. Veuillez réessayer {wait}.',
  'refusal.slowDown.hint':
    'Rien de ce que vous avez fait auparavant n’a été annulé. Ouvrez l’état pour voir où en sont les choses.',
  'refusal.partnerId.title': 'Vérifiez l’ID partenaire',
  'refusal.partnerId.rule': 'Un ID partenaire est un nombre de 6 à 10 chiffres.',
  'refusal.partnerId.invalid': '{rule} Vérifiez l’ID que votre partenaire vous a donné, puis réessayez.',
  'refusal.partnerId.unknown':
    'Aucun partenaire n’est inscrit avec l’ID partenaire {partnerId}. Vérifiez l’ID auprès de votre partenaire, puis ' +
    'réessayez.',
  'refusal.partnerId.same': 'L’ID partenaire {partnerId} est déjà le partenaire officiel de cet abonnement.',
  'refusal.partnerId.other': 'Cet ID partenaire ne peut pas être utilisé.',
  'refusal.azure.title': 'Seuls les propriétaires de l’abonnement peuvent le faire',
  'refusal.azure.why':
    'Seul un propriétaire de l’abonnement Azure {subscriptionName} (rôle Propriétaire dans Azure) peut ajouter, ' +
    'changer ou retirer son partenaire officiel. Les contributeurs, les lecteurs et les administrateurs de l’accès ' +
    'utilisateur peuvent consulter, mais pas modifier.',
  'refusal.azure.askAnOwner':
    'Adressez-vous à un propriétaire de l’abonnement (le portail Azure les liste sous Contrôle d’accès (IAM) de ' +
    'l’abonnement).',
  'refusal.azure.theOwners': 'Les propriétaires de l’abonnement dans Azure',
  'refusal.noneYours.title': 'Vous ne pouvez modifier aucun de ces abonnements',
  'refusal.noneYours.attach': 'Vous ne pouvez ajouter de partenaire officiel à aucun des abonnements qui n’en ont pas.',
  'refusal.noneYours.change': 'Vous ne pouvez changer le partenaire officiel d’aucun des abonnements qui en ont un.',
  'refusal.noneYours.remove': 'Vous ne pouvez retirer le partenaire officiel d’aucun des abonnements qui en ont un.',
  'refusal.noneYours.others':
    'Celui de tout autre abonnement est changé par le rôle de propriétaire (administrateur) de votre organisation.',
  'notice.consent.title': 'Votre organisation n’a pas encore connecté Partner of Record',
  'notice.consent.message':
    'Pour afficher vos abonnements et vérifier qui peut changer leur partenaire officiel, j’ai besoin d’un accès en ' +
    'lecture à l’annuaire de votre organisation. Un administrateur général l’accorde une fois, pour tout le monde.',
  'notice.consent.hint':
    'Vous n’êtes pas administrateur général ? Transférez ceci à l’un d’eux : la page de Microsoft invitera toute ' +
    'autre personne à demander une approbation.',
  'notice.consentInTab':
    'Votre organisation n’a pas encore accordé l’accès en lecture à Partner of Record. Un administrateur général peut ' +
    'l’accorder avec le bouton « Accorder l’accès » dans la conversation du bot.',
  'grantAccess.fallback': '{title}. {message} Accorder l’accès : {grantUrl}',
  'grantAccess.whoCanTitle': 'Qui peut l’accorder',
  'grantAccess.whoCan': 'Un administrateur général de votre organisation',
  'grantAccess.readsTitle': 'Ce qui est lu',
  'grantAccess.reads': 'Les abonnements, qui détient quel rôle d’administrateur, et les noms des personnes',
  'grantAccess.changesTitle': 'Ce qui est modifié',
  'grantAccess.changes': 'Rien dans votre annuaire',
  'grantAccess.grant': 'Accorder l’accès',
  'grantAccess.tryAgain': 'C’est accordé : réessayer',
  'grantAccess.azureStep':
    'Les abonnements Azure sont lus dans Azure Resource Manager, qui ne montre à l’application que les abonnements ' +
    'sur lesquels elle a reçu un rôle. Pour qu’elle les voie tous, un propriétaire ou un administrateur de l’accès ' +
    'utilisateur exécute une fois : {command} (ou la même commande avec --scope ' +
    "/subscriptions/'<'ID d’abonnement>, un abonnement à la fois).",
  'notice.nothingChanged': 'Rien n’a été changé.',
  'notice.cancelled': 'Annulé',
  'notice.didNotCatch.title': 'Je n’ai pas compris',
  'notice.didNotCatch.message': 'Essayez « {attach} », « {change} », « {remove} », « {status} » ou « {help} ».',
  'notice.typedPartnerId.title': 'Pour quel abonnement ?',
  'notice.typedPartnerId.message':
    'Cela ressemble à un ID partenaire, mais je ne vous en ai pas demandé. Commencez par « {attach} » ou ' +
    '« {change} », puis saisissez-le.',
  'notice.everyHasPartner.title': 'Chaque abonnement a un partenaire officiel',
  'notice.everyHasPartner.message':
    'Aucun abonnement n’est sans partenaire officiel. Pour remplacer un partenaire, changez-le plutôt.',
  'notice.noneHasPartner.title': 'Aucun abonnement n’a de partenaire officiel',
  'notice.noneHasPartner.message':
    'Il n’y a aucun partenaire officiel à {mode, select, remove {retirer} other {changer}}. Ajoutez-en d’abord un.',
  'notice.noChangeRecorded':
    'Aucune modification n’est enregistrée pour cet abonnement. Partenaire officiel : {partner}.',

  'change.title.attach': 'Ajouter un partenaire officiel',
  'change.title.change': 'Changer de partenaire officiel',
  'change.title.remove': 'Retirer un partenaire officiel',
  'pick.promptWithout': 'Quel abonnement ? Ceux-ci n’ont pas encore de partenaire officiel.',
  'pick.promptWith': 'Quel abonnement ? Ceux-ci ont actuellement un partenaire officiel.',
  'pick.fallback': '{title} : choisissez un abonnement.',
  'pick.chooseError': 'Choisissez un abonnement.',
  'pick.placeholder': 'Choisir un abonnement',
  'pick.showing': 'Affichage de {from} à {to} sur {total}.',
  'pick.noneOfService.title': 'Aucun abonnement {service} à choisir',
  'pick.noneOfService.message':
    '{mode, select, attach {Chaque abonnement {service} a déjà un partenaire officiel.} other {Aucun abonnement {service} n’a de partenaire officiel.}} Choisissez plutôt parmi tous vos abonnements.',
  'pick.several': 'Plusieurs à la fois',
  'pick.allOfPartner': 'Tous les abonnements d’un partenaire',
  'pick.more': 'Plus d’abonnements',
  'partnerId.fallback': '{title} : saisissez l’ID partenaire pour {service} : {subscriptionName}.',
  'partnerId.label': 'ID partenaire',
  'partnerId.placeholder': '6 à 10 chiffres, par exemple 1234567',
  'partnerId.hint':
    'Votre partenaire peut vous donner son ID partenaire (son identifiant Microsoft Partner Network). Vous pouvez ' +
    'aussi le saisir dans un message.',
  'partnerId.check': 'Vérifier l’ID',
  'confirm.question': 'Est-ce le bon partenaire ?',
  'confirm.fallback':
    'L’ID partenaire {partnerId} correspond à {partnerName}. Envoyez pour en faire le partenaire officiel de ' +
    '{service} : {subscriptionName}.',
  'confirm.registeredTo': 'L’ID partenaire {partnerId} est enregistré au nom de :',
  'confirm.whatSubmitDoes':
    'Quand vous envoyez, j’inscris {partnerName} comme partenaire officiel dans le registre propre à votre ' +
    'organisation. Rien ne change chez Microsoft.',
  'confirm.submit': 'Envoyer',
  'confirm.changeId': 'Modifier l’ID',
  'done.title.attach': 'Partenaire officiel ajouté',
  'done.title.change': 'Partenaire officiel changé',
  'done.title.remove': 'Partenaire officiel retiré',
  'done.since.attach': 'Depuis : partenaire officiel ajouté',
  'done.since.change': 'Depuis : partenaire officiel changé',
  'done.since.remove': 'Depuis : partenaire officiel retiré',
  'done.nowPartner': '{partnerName} est désormais le partenaire officiel de {subscriptionName}.',
  'done.noPartnerNow': '{subscriptionName} n’a plus de partenaire officiel.',
  'email.willBeTold': '{partnerName} sera prévenu par e-mail.',
  'email.noMailServer':
    '{partnerName} ne recevra pas d’e-mail : ce bot n’a pas de serveur de messagerie, son e-mail est seulement ' +
    'enregistré dans son dossier de courrier. Prévenez le partenaire vous-même.',
  'email.noContact':
    '{partnerName} n’a pas été prévenu par e-mail : je ne connais aucune adresse de contact pour l’ID partenaire ' +
    '{partnerId}. Prévenez le partenaire vous-même.',
  'card.titleAndMessage': '{title}. {message}',
  'done.partnerOfRecord': 'Partenaire officiel',
  'done.previousPartner': 'Partenaire précédent',
  'done.by': 'Par',
  'done.when': 'Quand',
  'done.ownRecord':
    'Ceci est le registre propre à votre organisation : rien n’a été changé chez Microsoft. Ce que Microsoft ' +
    'affiche pour vos abonnements se trouve dans le Centre d’administration Microsoft 365, sous Facturation > Vos ' +
    'produits.',
  'done.azureNote': 'Les abonnements Azure se trouvent sur la page Abonnements du portail Azure.',
  'done.addAnother': 'En ajouter un autre',
  'done.changeAnother': 'En changer un autre',
  'done.removeAnother': 'En retirer un autre',
  'done.adminCenter': 'Centre d’administration Microsoft 365',
  'done.azurePortal': 'Portail Azure',

  'remove.fallback': 'Retirer {partnerName} comme partenaire officiel de {service} : {subscriptionName} ?',
  'remove.question': 'Retirer le partenaire officiel ?',
  'remove.whatRemoveDoes':
    'J’inscrirai que l’abonnement n’a plus de partenaire officiel, sans rien changer chez Microsoft.',
  'remove.submit': 'Retirer',

  'several.count': '{count, plural, one {cet abonnement} other {ces # abonnements}}',
  'several.pick.title': 'Ajouter un partenaire officiel à plusieurs abonnements',
  'several.pick.prompt':
    'Cochez les abonnements sans partenaire qui recevront le même partenaire (au plus {max}), ou prenez-les tous ' +
    '({count}).',
  'several.pick.fallback': '{title} : cochez les abonnements.',
  'several.pick.label': 'Abonnements',
  'several.pick.ticked': '{count, plural, one {# abonnement coché} other {# abonnements cochés}} pour l’instant.',
  'several.pick.tickedElsewhere': 'Cochés sur d’autres pages',
  'several.pick.all': 'Tous : chaque abonnement sans partenaire officiel',
  'several.move.title': 'Transférer des abonnements à un autre partenaire',
  'several.move.prompt':
    'De quel partenaire transférer les abonnements ? Chacun de ses abonnements recevra le partenaire que vous ' +
    'indiquerez ensuite.',
  'several.move.fallback': '{title} : choisissez le partenaire dont les abonnements sont transférés.',
  'several.move.label': 'Transférer',
  'several.move.chooseError': 'Choisissez un partenaire.',
  'several.move.choice': 'Tous les abonnements de {partnerName} ({count})',
  'several.form.fallback': '{title} : saisissez l’ID partenaire pour {countText}.',
  'several.form.for': 'Pour {countText} :',
  'several.form.line': '{subscription} (actuellement : {partner})',
  'several.form.hint':
    'Un seul partenaire pour tous : votre partenaire peut vous donner son ID partenaire (son identifiant Microsoft ' +
    'Partner Network).',
  'several.confirm.fallback':
    'Envoyez pour inscrire {partnerName} (ID partenaire {partnerId}) pour {countText}, tous ou aucun.',
  'several.confirm.subscriptions': 'Concerne {countText} :',
  'several.confirm.now': 'Partenaire officiel actuel : {currentText}',
  'several.confirm.whatSubmitDoes':
    'Quand vous envoyez, j’inscris {partnerName} comme partenaire officiel de {countText} dans le registre propre à ' +
    'votre organisation, sans rien changer chez Microsoft : pour tous, ou pour aucun si l’un d’eux a changé ' +
    'entre-temps.',
  'several.done.title.attach': 'Partenaire officiel ajouté à {count, plural, one {# abonnement} other {# abonnements}}',
  'several.done.title.change':
    'Partenaire officiel changé pour {count, plural, one {# abonnement} other {# abonnements}}',
  'several.done.nowPartner':
    '{partnerName} est désormais le partenaire officiel de {count, plural, one {cet abonnement} other {ces # ' +
    'abonnements}}.',
  'several.done.before': 'Partenaire officiel précédent : {partner}',
  'several.done.row': '{subscription}. Référence {reference}',
  'several.done.rowChangedSince': '{subscription}. Référence {reference}. Changé depuis : désormais {partner}',
  'several.done.byWhen': 'Par {actorName} le {when}.',
  'several.email.overtaken':
    'E-mails aux partenaires de cette action : plus affichés ici, car un abonnement a changé depuis',
  'several.notFound.title': 'Modifications introuvables',
  'several.notFound.message': 'Ces modifications ne figurent pas dans le registre de votre organisation.',
  'several.none.title': 'Aucun abonnement choisi',
  'several.none.message': 'Cochez au moins un abonnement, ou prenez-les tous. Rien n’a été changé.',
  'several.tooMany.title': 'Plus de {max} abonnements',
  'several.tooMany.message':
    'Une action change au plus {max} abonnements : cochez-en {max} au maximum. Rien n’a été changé.',
  'several.twice.title': 'Un abonnement a été envoyé deux fois',
  'several.twice.message': 'Recommencez depuis la liste des abonnements. Rien n’a été changé.',

  'status.title': 'Partenaires officiels : {tenantName}',
  'status.fallback': 'Partenaires officiels de {tenantName} : {summary}',
  'status.noSubscriptions': 'Je ne vois aucun abonnement de votre organisation.',
  'status.range': 'Abonnements {from} à {to} sur {total}.',
  'status.rangePaged': 'Abonnements {from} à {to} sur {total} (page {page} sur {pageCount}).',
  'status.everyHasPartner': 'Chacun a un partenaire officiel.',
  'status.withoutPartner': '{count} {count, plural, one {n’a} other {n’ont}} pas de partenaire officiel.',
  'status.partner': 'Partenaire officiel : {partner}',
  'status.noPartner': 'Aucun partenaire officiel',
  'status.change': 'Changer',
  'status.remove': 'Retirer',
  'status.attached': 'Ajouté par {actorName} le {when}',
  'status.changed': 'Changé par {actorName} le {when}',
  'status.removed': 'Retiré par {actorName} le {when}',
  'status.email.sent': 'Partenaire prévenu par e-mail',
  'status.email.filed':
    'E-mail au partenaire non envoyé (pas de serveur de messagerie) : il est dans le dossier de courrier du bot',
  'status.email.pending': 'E-mail au partenaire pas encore envoyé',
  'status.email.failed': 'Échec de l’e-mail au partenaire : prévenez le partenaire vous-même',
  'status.email.noContact': 'Partenaire non prévenu : aucune adresse de contact n’est connue pour lui',
  'status.confirmed': 'Confirmé par {partnerName} le {day}',
  'status.declined': 'Refusé par {partnerName} le {day}',
  'status.declinedBecause': '{said} : {reason}',
  'status.azureNoneVisible':
    'Aucun abonnement Azure n’est visible par l’application ; si vous en avez, donnez-lui le rôle Lecteur sur ceux-ci.',
  'status.azureNoneVisibleCommand':
    'Aucun abonnement Azure n’est visible par l’application ; si vous en avez, donnez-lui le rôle Lecteur sur ' +
    'ceux-ci : {command}',
  'status.azureUnreadable':
    'Je n’ai pas pu lire vos abonnements Azure dans Azure Resource Manager à l’instant : aucun n’est donc listé ici.',
  'status.microsoft365Unreadable':
    'Je n’ai pas pu lire vos abonnements Microsoft 365 dans l’annuaire de Microsoft à l’instant : seuls ceux ' +
    'd’Azure sont listés.',

  'notOwner.title': 'Seul le propriétaire peut le faire',
  'notOwner.hint': 'Vous pouvez toujours consulter l’état.',
  'notOwner.yourRole': 'Votre rôle',
  'notOwner.whoCan': 'Qui le peut',
  'notOwner.theOwner': 'Le propriétaire (administrateur) de votre organisation',
  'role.owner': 'Propriétaire (administrateur)',
  'role.serviceAdmin': 'Administrateur de service',
  'role.coAdmin': 'Coadministrateur',
  'role.delegatedAdmin': 'Administrateur délégué (partenaire)',
  'role.member': 'Utilisateur',

  'tab.title': 'Partenaires officiels',
  'tab.about.record':
    'Le registre propre à votre organisation du partenaire officiel de chaque abonnement, avec l’historique de chaque changement.',
  'tab.about.microsoft':
    'Rien n’est changé chez Microsoft : ce que Microsoft affiche lui-même pour vos abonnements se trouve dans le {adminCenter} (Facturation > Vos produits) et, pour Azure, dans le {azurePortal}.',
  'tab.outsideTeams':
    'Cette page est l’onglet Partenaires de l’application Partner of Record, mais elle ne s’exécute pas dans Microsoft Teams. Ouvrez-la depuis l’application dans Teams pour vous connecter.',
  'tab.who': '{userName}, {role}, {tenantName}',
  'tab.dev.badge': 'Développement uniquement',
  'tab.dev.title': 'Connexion locale de développement',
  'tab.dev.intro':
    'Pour les tests en local uniquement : le bot fonctionne sans inscription d’application, il n’y a donc pas de connexion Teams. Choisissez une personne dans {directory}.',
  'tab.dev.directory.bot': 'l’annuaire du bot',
  'tab.dev.directory.graph': 'les annuaires Microsoft Entra ID que le bot lit par Microsoft Graph',
  'tab.dev.directory.demo': 'l’annuaire des données de démonstration ({seedFile})',
  'tab.dev.directory.seed': 'l’annuaire du fichier de données {seedFile}',
  'tab.dev.signInAs': 'Se connecter en tant que',
  'tab.dev.signIn': 'Se connecter',
  'tab.dev.failed': 'La connexion a échoué.',
  'tab.signingIn': 'Connexion par Teams en cours…',
  'tab.teamsFailed': 'Impossible de joindre Teams : {error}. Rechargez l’onglet pour réessayer.',
  'tab.signInTimedOut':
    '{seconds, plural, one {Teams n’a pas transmis votre connexion : la demande a été faite deux fois, et aucune réponse n’est arrivée en moins de # seconde. Réessayez ; si cela se reproduit, rechargez l’onglet ou redémarrez Teams.} other {Teams n’a pas transmis votre connexion : la demande a été faite deux fois, et aucune réponse n’est arrivée en moins de # secondes. Réessayez ; si cela se reproduit, rechargez l’onglet ou redémarrez Teams.}}',
  'tab.signInFailed':
    'Teams n’a pas pu vous connecter : {error}. Réessayez ; si cela se reproduit, rechargez l’onglet.',
  'tab.signInAgain': '{message} Rechargez l’onglet pour vous reconnecter.',
  'tab.tryAgain': 'Réessayer',
  'tab.requestFailed': 'La requête a échoué ({status}).',
  'tab.couldNotStart': 'La page n’a pas pu démarrer : {error}',
  'tab.selection.attach': 'Ajouter à la sélection',
  'tab.selection.change': 'Changer la sélection',
  'tab.selection.count': 'Sélection : {count}',
  'tab.selection.noneWithout': 'Tous les abonnements sélectionnés ont déjà un partenaire officiel.',
  'tab.selection.noneWith': 'Aucun des abonnements sélectionnés n’a de partenaire officiel.',
  'tab.selection.tooMany': 'Sélectionnez au plus {max} abonnements pour une même action.',
  'tab.table.caption': 'Les abonnements de votre organisation et leurs partenaires officiels',
  'tab.column.service': 'Service',
  'tab.column.lastChange': 'Dernier changement',
  'tab.column.email': 'E-mail au partenaire',
  'tab.column.actions': 'Actions',
  'tab.action.attach': 'Ajouter',
  'tab.action.history': 'Historique',
  'tab.action.label': '{action} : {subscription}',
  'tab.action.select': 'Sélectionner : {subscription}',
  'tab.export': 'Télécharger l’historique (CSV)',
  'tab.dialog.attachOne': 'Ajouter un partenaire officiel à {subscription}',
  'tab.dialog.changeOne': 'Changer le partenaire officiel de {subscription}',
  'tab.dialog.attachSeveral':
    '{count, plural, one {Ajouter un partenaire officiel à # abonnement} other {Ajouter un partenaire officiel à # abonnements}}',
  'tab.dialog.changeSeveral':
    '{count, plural, one {Changer le partenaire officiel de # abonnement} other {Changer le partenaire officiel de # abonnements}}',
  'tab.dialog.current': 'Partenaire actuel : {partner}',
  'tab.dialog.nowPartner': '{subscription} (actuellement : {partner})',
  'tab.check.registeredTo': 'L’ID partenaire {partnerId} est enregistré au nom de {partnerName}.',
  'tab.remove.title': 'Retirer le partenaire officiel ?',
  'tab.remove.text': '{partner} ne sera plus le partenaire officiel de {subscription} et en sera informé par e-mail.',
  'tab.history.title': 'Historique : {subscription}',
  'tab.history.none': 'Aucun changement n’a encore été fait avec cette application.',
  'tab.history.fromTo': 'De {oldPartner} à {newPartner}.',
  'tab.history.close': 'Fermer',
};

export const frAliases: CommandAliases = {
  welcome: ['bonjour', 'salut', 'menu'],
  help: ['aide', 'assistance'],
  status: ['état', 'etat', 'statut', 'liste', 'mes abonnements'],
  attach: ['ajouter', 'ajouter partenaire', 'associer un partenaire'],
  change: ['changer', 'modifier', 'remplacer', 'changer le partenaire'],
  remove: ['retirer', 'supprimer', 'supprimer le partenaire'],
  cancel: ['annuler', 'arrêter', 'laisser tomber'],
};
