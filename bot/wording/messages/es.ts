import type { Catalog, CommandAliases } from './en';

/** Spanish, with "usted". Microsoft's Spanish says "partner" and "Centro de partners". */
export const es: Catalog = {
  'text.twoSentences': '{first} {second}',

  'record.own':
    'Llevo el registro propio de su organización del partner de registro de cada suscripción, con su historial, y ' +
    'aviso al partner por correo electrónico cuando usted agrega, cambia o quita uno.',
  'record.ownNoMailServer':
    'Llevo el registro propio de su organización del partner de registro de cada suscripción, con su historial. No ' +
    'tengo servidor de correo, así que los correos que avisarían a un partner solo se guardan en mi carpeta de ' +
    'correo y no se envían: avise usted al partner.',
  'record.nothingAtMicrosoft':
    'Este registro no cambia nada en Microsoft: allí un partner solo obtiene el reconocimiento mediante un trámite ' +
    'que hace él mismo.',

  'partnerEmail.greeting': 'Hola, {name}:',
  'partnerEmail.added.subject': '{customer} lo registró como partner de registro de {subscription}',
  'partnerEmail.added.heading': 'Ahora figura en el registro del cliente como su partner de registro',
  'partnerEmail.added.recorded':
    '{actor}, de {customer}, registró a {partner} (Partner ID {partnerId}) como partner de registro de la ' +
    'suscripción de {service} «{subscription}» el {when}.',
  'partnerEmail.whatItIs':
    'El partner de registro es el partner que ayuda al cliente a diseñar, crear, implementar o administrar el ' +
    'servicio.',
  'partnerEmail.ownRecordOnly':
    'Este es el registro propio del cliente sobre su partner de registro. No cambia nada en Microsoft ni le da ' +
    'acceso a la suscripción.',
  'partnerEmail.creditAzure':
    'Para que Microsoft le reconozca su trabajo en esta suscripción de Azure, vincule el Partner ID {partnerId} a la ' +
    'identidad que usa en el inquilino de {customer} (un Partner Admin Link, por ejemplo az managementpartner ' +
    'create --partner-id {partnerId}). Solo usted puede crear o cambiar ese vínculo. Cómo hacerlo: {url}',
  'partnerEmail.creditClaim':
    'Para que Microsoft le reconozca su trabajo en esta suscripción de {service}, presente una solicitud para ' +
    '{customer} en el Centro de partners (claiming partner of record, CPOR). Microsoft revisa la solicitud, y el ' +
    'cliente puede rechazarla. Cómo hacerlo: {url}',
  'partnerEmail.answerLink':
    'Indique a {customer} si esto es correcto: en esta página puede confirmar que trabaja con ellos en esta ' +
    'suscripción, o rechazarlo (el enlace es solo suyo y es válido durante 30 días; su respuesta solo llega al ' +
    'registro propio del cliente):',
  'partnerEmail.noLonger.subject':
    'El registro de {customer} ya no lo indica como partner de registro de {subscription}',
  'partnerEmail.noLonger.heading': 'Ya no figura en el registro del cliente como su partner de registro',
  'partnerEmail.noLonger.names':
    'El registro de {customer} ya no indica a {partner} (Partner ID {partnerId}) como partner de registro de la ' +
    'suscripción de {service} «{subscription}».',
  'partnerEmail.replacedBy': '{actor} registró a otro partner el {when}.',
  'partnerEmail.removedBy':
    '{actor} quitó el partner de registro el {when}. La suscripción ya no tiene partner de registro.',
  'partnerEmail.contactCustomer': 'Si cree que se trata de un error, póngase en contacto directamente con {customer}.',
  'partnerEmail.support':
    '¿Tiene preguntas sobre este cambio? Responda a este correo o póngase en contacto con el cliente que lo hizo.',
  'partnerEmail.footer':
    'Este mensaje lo envió la aplicación Partner of Record de Microsoft Teams en nombre de {customer}.',
  'partnerEmail.batch.added.subject': '{customer} lo registró como partner de registro de {count} suscripciones',
  'partnerEmail.batch.added.recorded':
    '{actor}, de {customer}, registró a {partner} (Partner ID {partnerId}) como partner de registro de estas ' +
    '{count} suscripciones el {when}:',
  'partnerEmail.batch.answerLinks':
    'Indique a {customer} si esto es correcto para cada suscripción, con el enlace que aparece al lado (los enlaces ' +
    'son solo suyos y son válidos durante 30 días; sus respuestas solo llegan al registro propio del cliente).',
  'partnerEmail.batch.answerLink': '{subscription} (confirmar o rechazar: {url})',
  'partnerEmail.batch.noLonger.subject':
    'El registro de {customer} ya no lo indica como partner de registro de {count} suscripciones',
  'partnerEmail.batch.noLonger.names':
    'El registro de {customer} ya no indica a {partner} (Partner ID {partnerId}) como partner de registro de estas ' +
    '{count} suscripciones:',

  'answerPage.title': 'Su respuesta a un cambio de partner de registro',
  'answerPage.intro': '{customer} registró a su organización como su partner de registro. Indíquele si es correcto.',
  'answerPage.meaning':
    'Confirmar significa: trabajamos con este cliente en esta suscripción. Su respuesta solo llega al registro ' +
    'propio del cliente y a la persona que hizo el cambio. No cambia nada en Microsoft.',
  'answerPage.customer': 'Cliente',
  'answerPage.subscription': 'Suscripción',
  'answerPage.partner': 'Partner',
  'answerPage.recordedBy': 'Registrado por',
  'answerPage.confirm': 'Confirmar',
  'answerPage.decline': 'Rechazar',
  'answerPage.reasonLabel': 'Motivo del rechazo (opcional)',
  'answerPage.sending': 'Enviando su respuesta…',
  'answerPage.failed': 'Su respuesta no nos llegó. Espere un minuto y vuelva a pulsar el botón.',
  'answerPage.thanks': 'Gracias. Su respuesta quedó registrada.',
  'answerPage.superseded':
    'Este cambio ya no está vigente: desde entonces, el cliente cambió el partner de registro de esta suscripción. ' +
    'Aquí no hay nada que responder.',
  'answerPage.invalidTitle': 'Este enlace de respuesta no funciona',
  'answerPage.invalid':
    'Este enlace no es válido: se modificó, caducó o no es de este sitio. Use el enlace del correo más reciente ' +
    'sobre este cambio.',
  'answerPage.slowDownTitle': 'Demasiadas solicitudes',
  'answerPage.slowDown':
    'Llegaron demasiadas solicitudes desde aquí o para este enlace. Espere un minuto y vuelva a abrir el enlace.',
  'answerPage.unknown':
    'Este enlace no corresponde a ningún cambio que este sitio conozca. Use el enlace del correo más reciente.',

  'consent.grantedTitle': 'Acceso concedido',
  'consent.granted':
    'Partner of Record ya puede leer las suscripciones y los roles de administrador de su organización (inquilino ' +
    '{tenantId}). Vuelva a Microsoft Teams y envíe cualquier mensaje al bot, por ejemplo «{status}».',
  'consent.notGrantedTitle': 'No se concedió el acceso',
  'consent.declined':
    'Se rechazó la solicitud, así que Partner of Record sigue sin poder leer las suscripciones de su organización. ' +
    'Un administrador global puede conceder el acceso en cualquier momento con el botón «Conceder acceso» del bot ' +
    'en Teams.',
  'consent.notGranted':
    'Microsoft no concedió el acceso. Solo un administrador global de su organización puede concederlo: pídale a ' +
    'uno que pulse «Conceder acceso» en la tarjeta del bot en Teams.',
  'consent.invalidTitle': 'Este enlace no es válido',
  'consent.invalid':
    'A esta página solo se llega desde el botón «Conceder acceso» de Teams, y ese enlace caducó o se modificó. Abra ' +
    'el bot en Teams y vuelva a pulsar «Conceder acceso».',

  'command.attach': 'agregar partner',
  'command.change': 'cambiar partner',
  'command.remove': 'quitar partner',
  'command.status': 'estado',
  'command.help': 'ayuda',

  'button.status': 'Estado',
  'button.help': 'Ayuda',

  'welcome.title': 'Partner of Record',
  'welcome.fallback': 'Partner of Record para {tenantName}. {aboutRecord} Escriba «ayuda» para ver lo que puedo hacer.',
  'welcome.greeting': '¡Hola, {userName}!',
  'welcome.greetingAnonymous': '¡Hola!',
  'welcome.intro': '{greeting} {aboutRecord}',
  'welcome.yourOrganization': 'su organización',
  'welcome.pickOrType':
    'Elija lo que quiere hacer o escríbalo: **agregar partner**, **cambiar partner**, **quitar partner**, ' +
    '**estado**, **ayuda**.',
  'welcome.addPartner': 'Agregar partner',
  'welcome.changePartner': 'Cambiar partner',
  'welcome.removePartner': 'Quitar partner',

  'help.fallback':
    '{aboutRecord} Comandos: agregar partner, cambiar partner, quitar partner, estado, ayuda. Solo el rol de ' +
    'propietario (administrador) puede hacer cambios. Soporte técnico: {supportTechnicalUrl} Soporte de ' +
    'facturación: {supportBillingUrl}',
  'help.title': 'Lo que puedo hacer',
  'help.digitalPartner':
    'El Digital Partner of Record es el partner que ayuda a su organización a diseñar, crear, implementar o ' +
    'administrar un servicio en la nube de Microsoft (Office 365, CRM Online, AX7, Intune, Enterprise Mobility ' +
    'Suite, Power BI, Azure), no el que se lo vendió. Para que Microsoft lo reconozca, el partner presenta una ' +
    'solicitud en el Centro de partners o vincula su ID de partner a sus suscripciones de Azure; mi correo le ' +
    'explica cómo hacerlo.',
  'help.fact.attach':
    'Elegir una suscripción, escribir el ID de partner, comprobar el nombre del partner y enviar. Añada el nombre de un servicio para ver solo sus suscripciones, por ejemplo: agregar partner Intune.',
  'help.fact.change': 'Sustituir el partner de registro actual por otro.',
  'help.fact.remove': 'Dejar una suscripción sin partner de registro.',
  'help.fact.status': 'Sus suscripciones y el partner de registro de cada una.',
  'help.fact.help': 'Esta tarjeta.',
  'help.whoTitle': 'Quién puede usarlo',
  'help.who':
    'Solo el rol de propietario (administrador) de la organización puede agregar, cambiar o quitar un partner de ' +
    'registro. Los administradores de servicios, los coadministradores y los partners que actúan como ' +
    'administradores delegados no pueden hacerlo. {ownersText}',
  'help.ownersUnknown': 'Pida al propietario (administrador) de su organización que lo haga.',
  'help.owners': 'En su organización, tiene ese rol: {owners}.',
  'help.azureRule':
    'El partner de registro de una suscripción de Azure lo agrega, cambia o quita un propietario de esa suscripción ' +
    '(su rol Propietario en Azure, directamente o a través de un grupo); ser administrador global no basta.',
  'help.supportTitle': 'Soporte',
  'help.support':
    'Si tiene un problema con un servicio, abra una solicitud de soporte técnico. Para facturas, pagos o ' +
    'suscripciones, abra una solicitud de soporte de facturación.',
  'help.technicalSupport': 'Soporte técnico',
  'help.billingSupport': 'Soporte de facturación',

  'nudge.title': '{service}: {subscriptionName} no tiene partner de registro',
  'nudge.fallback':
    '{service}: {subscriptionName} no tiene partner de registro. Escriba «agregar partner» para agregar uno.',
  'nudge.why':
    'Lo mejor es registrar el partner de registro en cuanto se crea una suscripción, para que el registro de su ' +
    'organización indique desde el principio qué partner le ayuda a diseñarla, crearla, implementarla o administrarla.',
  'nudge.attach': 'Agregar un partner',
  'nudge.notNow': 'Ahora no',
  'nudge.hasPartnerTitle': '{subscription} ya tiene partner de registro',
  'nudge.hasPartner': '{partner} es su partner de registro.',
  'nudge.stillNoneTitle': '{subscription} sigue sin partner de registro',
  'nudge.notReminded': 'Usted eligió no recibir más recordatorios sobre ella.',
  'nudge.attachAnyTime': 'Puede agregar un partner en cualquier momento con «agregar partner».',
  'nudge.dismissedTitle': 'No más recordatorios sobre esta',
  'nudge.dismissed': 'No le volveré a recordar la suscripción {subscription}.',
  'digest.title': 'Suscripciones sin partner de registro',
  'digest.why':
    'Conviene registrar el partner de registro en cuanto se crea una suscripción, para que el registro de su ' +
    'organización indique qué partner le ayuda a diseñarla, crearla, implementarla o administrarla. Este bot lleva ' +
    'ese registro para su organización; no cambia nada en Microsoft.',
  'digest.summary':
    '{count} {count, plural, one {suscripción no tiene} other {suscripciones no tienen}} partner de registro en el ' +
    'registro de su organización.',
  'digest.summaryPaged':
    '{count} {count, plural, one {suscripción no tiene} other {suscripciones no tienen}} partner de registro en el ' +
    'registro de su organización ({from}-{to}, página {page} de {pageCount}).',
  'digest.fallback':
    'Suscripciones sin partner de registro: {summary} Escriba «agregar partner» para agregar un partner a una de ' +
    'ellas.',
  'digest.attach': 'Agregar',
  'digest.doneTitle': 'No queda nada por agregar aquí',
  'digest.done':
    'Todas las suscripciones de esta tarjeta tienen ya partner de registro, o usted eligió no recibir más ' +
    'recordatorios sobre ellas.',
  'digest.noneYoursTitle': 'Aquí no hay nada que usted pueda agregar',
  'digest.noneYours':
    'Usted no puede cambiar el partner de registro de ninguna suscripción del registro de su organización: lo ' +
    'decide el rol de propietario (administrador) del inquilino y, en una suscripción de Azure, sus propios ' +
    'propietarios en Azure. Estado muestra todas las suscripciones.',
  'digest.dismissedTitle': 'No más recordatorios sobre estas',
  'digest.dismissed':
    'No le volveré a recordar {count, plural, one {esta suscripción} other {estas {count} suscripciones}}; solo le ' +
    'avisaré de las suscripciones que aparezcan más adelante.',
  'answer.ownerConfirmed':
    '{partner} confirmó el {when} que trabaja con su organización en la suscripción {subscription}. Es lo que el ' +
    'partner declara para el registro propio de su organización; en Microsoft no cambia nada.',
  'answer.ownerDeclinedTitle': '{partner} rechazó ser el partner de registro de la suscripción {subscription}',
  'answer.ownerDeclinedReason': 'Su motivo: {reason}',
  'answer.ownerDeclinedNoReason': 'No indicó ningún motivo.',
  'answer.ownerDeclinedNext': 'Su registro lo sigue indicando. Puede cambiar el partner de registro o quitarlo.',
  'mailNotice.sent':
    'Se avisó por correo electrónico a {partnerName} ({partnerEmail}) de que {template, select, added {ahora es} other {ya no es}} el partner de registro de {subscriptionName}.',
  'mailNotice.filed':
    'El correo que avisa a {partnerName} ({partnerEmail}) de que {template, select, added {ahora es} other {ya no es}} el partner de registro de {subscriptionName} se guardó en la carpeta de correo del bot y NO se envió: este bot no tiene servidor de correo.',
  'mailNotice.failed':
    'No pude avisar por correo a {partnerName} ({partnerEmail}) de que {template, select, added {ahora es} other {ya no es}} el partner de registro de {subscriptionName}.',
  'mailNotice.changeSaved': 'El cambio en sí está guardado.',
  'mailNotice.setUpMail':
    'Avise usted mismo al partner y pida a quien administra este bot que configure su servidor de correo.',
  'mailNotice.checkMail':
    'Avise usted mismo al partner y pida a quien administra este bot que revise su configuración de correo.',
  'mailNotice.lastError': '(Último error: {reason})',

  'readOnly.serviceAdmin':
    'Los administradores de servicios pueden administrar servicios, pero solo el rol de propietario (administrador) ' +
    'puede agregar, cambiar o quitar un partner de registro.',
  'readOnly.coAdmin':
    'Los coadministradores no pueden agregar, cambiar ni quitar un partner de registro; solo puede hacerlo el rol ' +
    'de propietario (administrador).',
  'readOnly.delegatedAdmin':
    'Los partners que actúan como administradores delegados no pueden establecer el partner de registro; debe ' +
    'hacerlo el propietario (administrador) del cliente.',
  'readOnly.member':
    'Solo el rol de propietario (administrador) de su organización puede agregar, cambiar o quitar un partner de ' +
    'registro.',
  'readOnly.activateInPim':
    'Usted cumple los requisitos para un rol de propietario, pero ahora no está activo: active el rol en ' +
    'Privileged Identity Management y vuelva a intentarlo.',
  'readOnly.groupsAndPimUnseen':
    'No pude comprobar los roles asignados mediante grupos o Privileged Identity Management: su administrador aún ' +
    'no ha concedido RoleAssignmentSchedule.Read.Directory, RoleEligibilitySchedule.Read.Directory y ' +
    'GroupMember.Read.All.',
  'readOnly.askOwners': 'Pídaselo a {owners}.',
  'readOnly.askTheOwner': 'Pídaselo al propietario (administrador) de su organización.',
  'readOnly.lookButNotChange': 'Puede consultar, pero no cambiar nada.',
  'readOnly.anonymous':
    'No lo encontré en el directorio de su organización, así que solo puedo mostrarle la ayuda. Solo el rol de ' +
    'propietario (administrador) puede agregar, cambiar o quitar un partner de registro.',

  'button.cancel': 'Cancelar',
  'button.refresh': 'Actualizar',
  'button.next': 'Siguiente',
  'button.previousPage': 'Página anterior',
  'button.nextPage': 'Página siguiente',
  'field.subscription': 'Suscripción',
  'field.currentPartner': 'Partner actual',
  'partner.none': 'Ninguno',
  'text.sentence': '{text}.',

  'upstream.graph': 'el directorio de Microsoft',
  'upstream.arm': 'Azure Resource Manager',
  'upstream.entra': 'el servicio de inicio de sesión de Microsoft',
  'upstream.partnerCenter': 'el registro de partners de Microsoft',
  'upstream.store': 'la base de datos del bot',
  'wait.seconds': 'dentro de {seconds, plural, one {# segundo} other {# segundos}}',
  'wait.minutes': 'dentro de {minutes, plural, one {aproximadamente # minuto} other {unos # minutos}}',
  'notice.notAnswering.title': '{upstream} no responde',
  'notice.notAnswering.message':
    'No pude comunicarme con {upstream}, así que no se cambió nada. Vuelva a intentarlo dentro de un minuto.',
  'notice.notAnswering.hint':
    'El problema está en Microsoft o en mí, no en usted; sus partners de registro siguen como estaban.',
  'notice.unconfirmed.title': 'No pude confirmar el cambio',
  'notice.unconfirmed.message':
    '{upstream} dejó de responder mientras guardaba su cambio, así que puede que se haya guardado o no. Puede volver ' +
    'a enviar el mismo cambio sin riesgo: se guarda una vez como máximo y verá en qué estado está.',
  'notice.unconfirmed.hint':
    'Si sigue sin funcionar, vuelva a intentarlo dentro de un minuto; el estado muestra cómo están las cosas ahora.',
  'notice.sendAgain': 'Volver a enviar',
  'notice.unidentified.title': 'No pude saber quién es usted',
  'notice.unidentified.message':
    'Su mensaje me llegó sin su identidad de Microsoft Entra, así que no puedo comprobar su rol. Abra este chat desde ' +
    'Microsoft Teams con la sesión iniciada en su cuenta profesional y vuelva a intentarlo.',
  'notice.wentWrong.title': 'Algo salió mal por mi parte',
  'notice.wentWrong.message':
    'No pude terminar la operación. Vuelva a intentarlo en un momento; abra el estado para ver la situación actual.',
  'notice.tooLarge.title': 'Esa respuesta es demasiado grande para mostrarla',
  'notice.tooLarge.message':
    'Teams no puede mostrar una tarjeta tan grande. Abra el estado para ver sus suscripciones página por página.',
  'notice.unreadable.title': 'No pude usar esa tarjeta',
  'notice.unreadable.message': '{reason} No se cambió nada.',
  'notice.unreadable.hint': 'Vuelva a empezar desde aquí.',
  'notice.unreadable.malformed': 'No se pudo leer la acción.',
  'notice.unreadable.tooLarge': 'Esa acción traía más datos de los que envía cualquiera de mis tarjetas.',
  'notice.unreadable.unknownCard': 'Ese botón pertenece a una tarjeta que ya no entiendo.',
  'notice.unreadable.invalidData': 'Los datos que envió esa tarjeta no son válidos.',
  'notice.stale.title':
    'Esta suscripción cambió después de que se mostrara {shownOn, select, page {esta página} other {esta tarjeta}}',
  'notice.stale.message':
    'El partner de registro de {subscription} cambió después de que se mostrara {shownOn, select, page {esta página} ' +
    'other {esta tarjeta}}, así que no se cambió nada.',
  'notice.stale.partnerNow': 'Partner de registro actual: {partner}.',
  'notice.stale.hint': 'Este es su estado actual: vuelva a decidir a partir de él.',
  'notice.stale.partnerNowTitle': 'Partner de registro actual',
  'notice.stale.lastChangeTitle': 'Último cambio',
  'notice.selectionChanged.title':
    'Algunas suscripciones cambiaron después de que se mostrara {shownOn, select, page {esta página} other ' +
    '{esta tarjeta}}',
  'notice.selectionChanged.message':
    '{count, plural, =1 {Una de las suscripciones seleccionadas cambió} other {# de las suscripciones seleccionadas ' +
    'cambiaron}} después de que se mostrara {shownOn, select, page {esta página} other {esta tarjeta}}, así que no ' +
    'se cambió ninguna.',
  'notice.selectionChanged.changed': 'Cambiadas: {changes}.',
  'notice.selectionChanged.change': '{subscription}, ahora {partner}',
  'notice.selectionChanged.hint': 'Vuelva a empezar desde su estado actual.',
  'refusal.unknownUser.title': 'Usted no figura en el directorio de esta organización',
  'refusal.unknownUser.message':
    'No lo encontré entre las personas de su organización, así que no puede cambiar nada aquí. Solo el rol de ' +
    'propietario (administrador) puede agregar, cambiar o quitar un partner de registro.',
  'refusal.unknownUser.hint': 'Si debería tener acceso, consulte al propietario (administrador) de su organización.',
  'refusal.unknownSubscription.title': 'No se encontró la suscripción',
  'refusal.unknownSubscription.message':
    'Esa suscripción no es de su organización, así que no se cambió nada. Puede que se haya cancelado o que ' +
    'pertenezca a otra organización, cuyo propietario (administrador) es el único que puede cambiar su partner de ' +
    'registro.',
  'refusal.stale.title': 'Esta suscripción cambió después de mostrarse',
  'refusal.stale.message': 'El partner de registro cambió después de que se le mostrara, así que no se cambió nada.',
  'refusal.stale.hint': 'Vuelva a empezar para actuar sobre el estado actual.',
  'refusal.alreadyHasPartner.title': 'Esta suscripción ya tiene un partner de registro',
  'refusal.alreadyHasPartner.message': 'Para sustituirlo, cambie el partner.',
  'refusal.noPartnerToChange.title': 'Esta suscripción no tiene partner de registro',
  'refusal.noPartnerToChange.message': 'No hay nada que cambiar ni quitar. Puede agregar uno.',
  'refusal.slowDown.title': 'Va un poco rápido',
  'refusal.slowDown.message':
    'No se cambió nada en este momento: ha habido muchos cambios y comprobaciones de Partner ID en el último minuto. ' +
    'Vuelva a intentarlo {wait}.',
  'refusal.slowDown.hint': 'No se deshizo nada de lo que hizo antes. Abra el estado para ver cómo están las cosas.',
  'refusal.partnerId.title': 'Compruebe el Partner ID',
  'refusal.partnerId.rule': 'Un Partner ID es un número de 6 a 10 dígitos.',
  'refusal.partnerId.invalid': '{rule} Compruebe el ID que le dio su partner y vuelva a intentarlo.',
  'refusal.partnerId.unknown':
    'No hay ningún partner registrado con el Partner ID {partnerId}. Compruebe el ID con su partner y vuelva a ' +
    'intentarlo.',
  'refusal.partnerId.same': 'El Partner ID {partnerId} ya es el partner de registro de esta suscripción.',
  'refusal.partnerId.other': 'Ese Partner ID no se puede usar.',
  'refusal.azure.title': 'Solo los propietarios de la suscripción pueden hacerlo',
  'refusal.azure.why':
    'Solo un propietario de la suscripción de Azure {subscriptionName} (su rol Propietario en Azure) puede agregar, ' +
    'cambiar o quitar su partner de registro. Los colaboradores, lectores y administradores de acceso de usuario ' +
    'pueden consultarlo, pero no cambiarlo.',
  'refusal.azure.askAnOwner':
    'Pídaselo a un propietario de la suscripción (Azure Portal los muestra en Control de acceso (IAM) de la ' +
    'suscripción).',
  'refusal.azure.theOwners': 'Los propietarios de la suscripción en Azure',
  'refusal.noneYours.title': 'No puede cambiar ninguna de estas suscripciones',
  'refusal.noneYours.attach':
    'No puede agregar un partner de registro a ninguna de las suscripciones que no lo tienen.',
  'refusal.noneYours.change': 'No puede cambiar el partner de registro de ninguna de las suscripciones que lo tienen.',
  'refusal.noneYours.remove': 'No puede quitar el partner de registro de ninguna de las suscripciones que lo tienen.',
  'refusal.noneYours.others':
    'El de cualquier otra suscripción lo cambia el rol de propietario (administrador) de su organización.',
  'notice.consent.title': 'Su organización aún no ha conectado Partner of Record',
  'notice.consent.message':
    'Para mostrar sus suscripciones y comprobar quién puede cambiar su partner de registro, necesito acceso de ' +
    'lectura al directorio de su organización. Un administrador global lo concede una sola vez, para todos.',
  'notice.consent.hint':
    '¿No es administrador global? Reenvíe esto a uno de ellos: la página de Microsoft pedirá a cualquier otra ' +
    'persona que solicite la aprobación.',
  'notice.consentInTab':
    'Su organización aún no ha concedido acceso de lectura a Partner of Record. Un administrador global puede ' +
    'concederlo con el botón «Conceder acceso» del chat del bot.',
  'grantAccess.fallback': '{title}. {message} Conceder acceso: {grantUrl}',
  'grantAccess.whoCanTitle': 'Quién puede concederlo',
  'grantAccess.whoCan': 'Un administrador global de su organización',
  'grantAccess.readsTitle': 'Qué lee',
  'grantAccess.reads': 'Las suscripciones, quién tiene cada rol de administrador y los nombres de las personas',
  'grantAccess.changesTitle': 'Qué cambia',
  'grantAccess.changes': 'Nada en su directorio',
  'grantAccess.grant': 'Conceder acceso',
  'grantAccess.tryAgain': 'Ya lo concedí: reintentar',
  'grantAccess.azureStep':
    'Las suscripciones de Azure se leen de Azure Resource Manager, que solo muestra a la aplicación las ' +
    'suscripciones en las que tiene un rol. Para que las vea todas, un propietario o un administrador de acceso de ' +
    "usuario ejecuta una vez: {command} (o lo mismo con --scope /subscriptions/'<'id de suscripción>, una " +
    'suscripción cada vez).',
  'notice.nothingChanged': 'No se cambió nada.',
  'notice.cancelled': 'Cancelado',
  'notice.didNotCatch.title': 'No le he entendido',
  'notice.didNotCatch.message': 'Pruebe con «{attach}», «{change}», «{remove}», «{status}» o «{help}».',
  'notice.typedPartnerId.title': '¿Para qué suscripción es?',
  'notice.typedPartnerId.message':
    'Parece un Partner ID, pero no le he pedido ninguno. Empiece con «{attach}» o «{change}» y luego escríbalo.',
  'notice.everyHasPartner.title': 'Todas las suscripciones tienen partner de registro',
  'notice.everyHasPartner.message':
    'No hay ninguna suscripción sin partner de registro. Para sustituir un partner, cámbielo.',
  'notice.noneHasPartner.title': 'Ninguna suscripción tiene partner de registro',
  'notice.noneHasPartner.message':
    'No hay ningún partner de registro que {mode, select, remove {quitar} other {cambiar}}. Agregue uno primero.',
  'notice.noChangeRecorded': 'No hay ningún cambio registrado para esta suscripción. Partner de registro: {partner}.',

  'change.title.attach': 'Agregar un partner de registro',
  'change.title.change': 'Cambiar el partner de registro',
  'change.title.remove': 'Quitar un partner de registro',
  'pick.promptWithout': '¿Qué suscripción? Estas aún no tienen partner de registro.',
  'pick.promptWith': '¿Qué suscripción? Estas tienen ahora un partner de registro.',
  'pick.fallback': '{title}: elija una suscripción.',
  'pick.chooseError': 'Elija una suscripción.',
  'pick.placeholder': 'Elija una suscripción',
  'pick.showing': 'Se muestran {from}-{to} de {total}.',
  'pick.noneOfService.title': 'No hay ninguna suscripción de {service} para elegir',
  'pick.noneOfService.message':
    '{mode, select, attach {Todas las suscripciones de {service} ya tienen un partner de registro.} other {Ninguna suscripción de {service} tiene partner de registro.}} Elija entre todas sus suscripciones.',
  'pick.several': 'Varias a la vez',
  'pick.allOfPartner': 'Todas las suscripciones de un partner',
  'pick.more': 'Más suscripciones',
  'partnerId.fallback': '{title}: escriba el Partner ID para {service}: {subscriptionName}.',
  'partnerId.label': 'Partner ID',
  'partnerId.placeholder': 'De 6 a 10 dígitos, por ejemplo 1234567',
  'partnerId.hint':
    'Su partner puede darle su Partner ID (su identificador de Microsoft Partner Network). También puede ' +
    'escribirlo como mensaje.',
  'partnerId.check': 'Comprobar ID',
  'confirm.question': '¿Es este el partner correcto?',
  'confirm.fallback':
    'El Partner ID {partnerId} es de {partnerName}. Envíelo para que sea el partner de registro de {service}: ' +
    '{subscriptionName}.',
  'confirm.registeredTo': 'El Partner ID {partnerId} está registrado a nombre de:',
  'confirm.whatSubmitDoes':
    'Al enviar, registro a {partnerName} como partner de registro en el registro propio de su organización. En ' +
    'Microsoft no cambia nada.',
  'confirm.submit': 'Enviar',
  'confirm.changeId': 'Cambiar ID',
  'done.title.attach': 'Partner de registro agregado',
  'done.title.change': 'Partner de registro cambiado',
  'done.title.remove': 'Partner de registro quitado',
  'done.since.attach': 'Desde entonces: partner de registro agregado',
  'done.since.change': 'Desde entonces: partner de registro cambiado',
  'done.since.remove': 'Desde entonces: partner de registro quitado',
  'done.nowPartner': '{partnerName} es ahora el partner de registro de {subscriptionName}.',
  'done.noPartnerNow': '{subscriptionName} ya no tiene partner de registro.',
  'email.willBeTold': '{partnerName} recibirá un aviso por correo electrónico.',
  'email.noMailServer':
    '{partnerName} no recibirá ningún correo: este bot no tiene servidor de correo, así que su correo solo se ' +
    'guarda en la carpeta de correo del bot. Avísele usted.',
  'email.noContact':
    '{partnerName} no recibió ningún correo: no conozco ninguna dirección de contacto para el Partner ID ' +
    '{partnerId}. Avísele usted.',
  'card.titleAndMessage': '{title}. {message}',
  'done.partnerOfRecord': 'Partner de registro',
  'done.previousPartner': 'Partner anterior',
  'done.by': 'Por',
  'done.when': 'Cuándo',
  'done.ownRecord':
    'Este es el registro propio de su organización: no se cambió nada en Microsoft. Lo que Microsoft muestra de ' +
    'sus suscripciones está en el Centro de administración de Microsoft 365, en Facturación > Sus productos.',
  'done.azureNote': 'Las suscripciones de Azure están en la página Suscripciones de Azure Portal.',
  'done.addAnother': 'Agregar otra',
  'done.changeAnother': 'Cambiar otra',
  'done.removeAnother': 'Quitar otra',
  'done.adminCenter': 'Centro de administración de Microsoft 365',
  'done.azurePortal': 'Azure Portal',

  'remove.fallback': '¿Quitar a {partnerName} como partner de registro de {service}: {subscriptionName}?',
  'remove.question': '¿Quitar el partner de registro?',
  'remove.whatRemoveDoes':
    'Registraré que la suscripción ya no tiene partner de registro, sin cambiar nada en Microsoft.',
  'remove.submit': 'Quitar',

  'several.count': '{count, plural, one {esta suscripción} other {estas # suscripciones}}',
  'several.pick.title': 'Agregar un partner de registro a varias suscripciones',
  'several.pick.prompt':
    'Marque las suscripciones sin partner que recibirán el mismo partner (como máximo {max}), o elíjalas todas ' +
    '({count}).',
  'several.pick.fallback': '{title}: marque las suscripciones.',
  'several.pick.label': 'Suscripciones',
  'several.pick.ticked': '{count, plural, one {# marcada} other {# marcadas}} hasta ahora.',
  'several.pick.tickedElsewhere': 'Marcadas en otras páginas',
  'several.pick.all': 'Todas: cada suscripción sin partner de registro',
  'several.move.title': 'Mover suscripciones a otro partner',
  'several.move.prompt':
    '¿De qué partner se mueven las suscripciones? Cada suscripción de ese partner recibirá el que indique a ' +
    'continuación.',
  'several.move.fallback': '{title}: elija el partner cuyas suscripciones se mueven.',
  'several.move.label': 'Mover',
  'several.move.chooseError': 'Elija un partner.',
  'several.move.choice': 'Todas las suscripciones de {partnerName} ({count})',
  'several.form.fallback': '{title}: escriba el Partner ID para {countText}.',
  'several.form.for': 'Para {countText}:',
  'several.form.line': '{subscription} (ahora: {partner})',
  'several.form.hint':
    'Un solo partner para todas: su partner puede darle su Partner ID (su identificador de Microsoft Partner ' +
    'Network).',
  'several.confirm.fallback':
    'Envíelo para registrar a {partnerName} (Partner ID {partnerId}) en {countText}: en todas o en ninguna.',
  'several.confirm.subscriptions': 'Afecta a {countText}:',
  'several.confirm.now': 'Partner de registro actual: {currentText}',
  'several.confirm.whatSubmitDoes':
    'Al enviar, registro a {partnerName} como partner de registro de {countText} en el registro propio de su ' +
    'organización, sin cambiar nada en Microsoft: en todas o, si alguna cambió mientras tanto, en ninguna.',
  'several.done.title.attach':
    'Partner de registro agregado a {count, plural, one {# suscripción} other {# suscripciones}}',
  'several.done.title.change':
    'Partner de registro cambiado en {count, plural, one {# suscripción} other {# suscripciones}}',
  'several.done.nowPartner':
    '{partnerName} es ahora el partner de registro de {count, plural, one {esta suscripción} other {estas # ' +
    'suscripciones}}.',
  'several.done.before': 'Partner de registro anterior: {partner}',
  'several.done.row': '{subscription}. Referencia {reference}',
  'several.done.rowChangedSince': '{subscription}. Referencia {reference}. Cambiada desde entonces: ahora {partner}',
  'several.done.byWhen': 'Por {actorName} el {when}.',
  'several.email.overtaken':
    'Correos a los partners de esta acción: ya no se muestran aquí, porque una suscripción cambió desde entonces',
  'several.notFound.title': 'Cambios no encontrados',
  'several.notFound.message': 'Estos cambios no están en el registro de su organización.',
  'several.none.title': 'No se eligió ninguna suscripción',
  'several.none.message': 'Marque al menos una suscripción, o elíjalas todas. No se cambió nada.',
  'several.tooMany.title': 'Más de {max} suscripciones',
  'several.tooMany.message':
    'Una acción cambia como máximo {max} suscripciones: marque hasta {max}. No se cambió nada.',
  'several.twice.title': 'Una suscripción se envió dos veces',
  'several.twice.message': 'Vuelva a empezar desde la lista de suscripciones. No se cambió nada.',

  'status.title': 'Partners de registro: {tenantName}',
  'status.fallback': 'Partners de registro de {tenantName}: {summary}',
  'status.noSubscriptions': 'No veo ninguna suscripción de su organización.',
  'status.range': 'Suscripciones {from}-{to} de {total}.',
  'status.rangePaged': 'Suscripciones {from}-{to} de {total} (página {page} de {pageCount}).',
  'status.everyHasPartner': 'Todas tienen partner de registro.',
  'status.withoutPartner': '{count} {count, plural, one {no tiene} other {no tienen}} partner de registro.',
  'status.partner': 'Partner de registro: {partner}',
  'status.noPartner': 'Sin partner de registro',
  'status.change': 'Cambiar',
  'status.remove': 'Quitar',
  'status.attached': 'Agregado por {actorName} el {when}',
  'status.changed': 'Cambiado por {actorName} el {when}',
  'status.removed': 'Quitado por {actorName} el {when}',
  'status.email.sent': 'Partner avisado por correo electrónico',
  'status.email.filed':
    'Correo al partner no enviado (no hay servidor de correo): está en la carpeta de correo del bot',
  'status.email.pending': 'Correo al partner aún no enviado',
  'status.email.failed': 'Falló el correo al partner: avíselo usted',
  'status.email.noContact': 'Partner no avisado: no se conoce ninguna dirección de contacto',
  'status.confirmed': 'Confirmado por {partnerName} el {day}',
  'status.declined': 'Rechazado por {partnerName} el {day}',
  'status.declinedBecause': '{said}: {reason}',
  'status.azureNoneVisible':
    'La aplicación no ve ninguna suscripción de Azure; si tiene alguna, asígnele el rol Lector en ellas.',
  'status.azureNoneVisibleCommand':
    'La aplicación no ve ninguna suscripción de Azure; si tiene alguna, asígnele el rol Lector en ellas: {command}',
  'status.azureUnreadable':
    'No pude leer sus suscripciones de Azure en Azure Resource Manager en este momento, así que aquí no aparece ninguna.',
  'status.microsoft365Unreadable':
    'No pude leer sus suscripciones de Microsoft 365 en el directorio de Microsoft en este momento, así que solo ' +
    'aparecen las de Azure.',

  'notOwner.title': 'Solo el propietario puede hacerlo',
  'notOwner.hint': 'Puede seguir consultando el estado.',
  'notOwner.yourRole': 'Su rol',
  'notOwner.whoCan': 'Quién puede',
  'notOwner.theOwner': 'El propietario (administrador) de su organización',
  'role.owner': 'Propietario (administrador)',
  'role.serviceAdmin': 'Administrador de servicios',
  'role.coAdmin': 'Coadministrador',
  'role.delegatedAdmin': 'Administrador delegado (partner)',
  'role.member': 'Usuario',

  'tab.title': 'Partners de registro',
  'tab.about.record':
    'El registro propio de su organización del partner de registro de cada suscripción, con el historial de cada cambio.',
  'tab.about.microsoft':
    'No se cambia nada en Microsoft: lo que Microsoft muestra de sus suscripciones está en el {adminCenter} (Facturación > Sus productos) y, para Azure, en {azurePortal}.',
  'tab.outsideTeams':
    'Esta página es la pestaña Partners de la aplicación Partner of Record, pero no se está ejecutando dentro de Microsoft Teams. Ábrala desde la aplicación en Teams para iniciar sesión.',
  'tab.who': '{userName}, {role}, {tenantName}',
  'tab.dev.badge': 'Solo desarrollo',
  'tab.dev.title': 'Inicio de sesión local de desarrollo',
  'tab.dev.intro':
    'Solo para pruebas locales: el bot funciona sin registro de aplicación, así que no hay inicio de sesión de Teams. Elija a una persona de {directory}.',
  'tab.dev.directory.bot': 'el directorio del bot',
  'tab.dev.directory.graph': 'los directorios de Microsoft Entra ID que el bot lee a través de Microsoft Graph',
  'tab.dev.directory.demo': 'el directorio de los datos de demostración ({seedFile})',
  'tab.dev.directory.seed': 'el directorio del archivo de datos {seedFile}',
  'tab.dev.signInAs': 'Iniciar sesión como',
  'tab.dev.signIn': 'Iniciar sesión',
  'tab.dev.failed': 'No se pudo iniciar sesión.',
  'tab.signingIn': 'Iniciando su sesión a través de Teams…',
  'tab.teamsFailed': 'No se pudo conectar con Teams: {error}. Vuelva a cargar la pestaña para intentarlo de nuevo.',
  'tab.signInTimedOut':
    '{seconds, plural, one {Teams no entregó su inicio de sesión: se le pidió dos veces y en ninguna respondió en menos de # segundo. Inténtelo de nuevo; si vuelve a ocurrir, vuelva a cargar la pestaña o reinicie Teams.} other {Teams no entregó su inicio de sesión: se le pidió dos veces y en ninguna respondió en menos de # segundos. Inténtelo de nuevo; si vuelve a ocurrir, vuelva a cargar la pestaña o reinicie Teams.}}',
  'tab.signInFailed':
    'Teams no pudo iniciar su sesión: {error}. Inténtelo de nuevo; si vuelve a ocurrir, vuelva a cargar la pestaña.',
  'tab.signInAgain': '{message} Vuelva a cargar la pestaña para iniciar sesión de nuevo.',
  'tab.tryAgain': 'Intentar de nuevo',
  'tab.requestFailed': 'La solicitud falló ({status}).',
  'tab.couldNotStart': 'La página no pudo iniciarse: {error}',
  'tab.selection.attach': 'Agregar a las seleccionadas',
  'tab.selection.change': 'Cambiar las seleccionadas',
  'tab.selection.count': 'Seleccionadas: {count}',
  'tab.selection.noneWithout': 'Todas las suscripciones seleccionadas ya tienen partner de registro.',
  'tab.selection.noneWith': 'Ninguna de las suscripciones seleccionadas tiene partner de registro.',
  'tab.selection.tooMany': 'Seleccione como máximo {max} suscripciones para una misma acción.',
  'tab.table.caption': 'Las suscripciones de su organización y sus partners de registro',
  'tab.column.service': 'Servicio',
  'tab.column.lastChange': 'Último cambio',
  'tab.column.email': 'Correo al partner',
  'tab.column.actions': 'Acciones',
  'tab.action.attach': 'Agregar',
  'tab.action.history': 'Historial',
  'tab.action.label': '{action}: {subscription}',
  'tab.action.select': 'Seleccionar: {subscription}',
  'tab.export': 'Descargar el historial (CSV)',
  'tab.dialog.attachOne': 'Agregar un partner de registro a {subscription}',
  'tab.dialog.changeOne': 'Cambiar el partner de registro de {subscription}',
  'tab.dialog.attachSeveral':
    '{count, plural, one {Agregar un partner de registro a # suscripción} other {Agregar un partner de registro a # suscripciones}}',
  'tab.dialog.changeSeveral':
    '{count, plural, one {Cambiar el partner de registro de # suscripción} other {Cambiar el partner de registro de # suscripciones}}',
  'tab.dialog.current': 'Partner actual: {partner}',
  'tab.dialog.nowPartner': '{subscription} (ahora: {partner})',
  'tab.check.registeredTo': 'El Partner ID {partnerId} está registrado a nombre de {partnerName}.',
  'tab.remove.title': '¿Quitar el partner de registro?',
  'tab.remove.text':
    '{partner} dejará de ser el partner de registro de {subscription} y se le avisará por correo electrónico.',
  'tab.history.title': 'Historial: {subscription}',
  'tab.history.none': 'Todavía no se ha hecho ningún cambio con esta aplicación.',
  'tab.history.fromTo': 'De {oldPartner} a {newPartner}.',
  'tab.history.close': 'Cerrar',
};

export const esAliases: CommandAliases = {
  welcome: ['hola', 'buenas', 'menú', 'inicio'],
  help: ['ayuda', 'soporte'],
  status: ['estado', 'lista', 'mis suscripciones'],
  attach: ['agregar', 'añadir', 'añadir partner', 'asignar partner'],
  change: ['cambiar', 'reemplazar', 'reemplazar partner'],
  remove: ['quitar', 'eliminar', 'eliminar partner'],
  cancel: ['cancelar', 'detener', 'olvídalo'],
};
