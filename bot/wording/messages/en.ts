import { PARTNER_ID_RULE } from '../../core';
import { AZURE_NONE_VISIBLE, AZURE_OWNERS_RULE, azureReaderStepWith, LIST_NOTES } from '../azure';
import {
  BATCH_EMAIL_LABELS,
  CHANGE_TITLES,
  CONFIRM_PARTNER_QUESTION,
  EMAIL_STATE_LABELS,
  NO_PARTNER_OF_RECORD,
  ROLE_LABELS,
  UPSTREAM_NAMES,
} from '../labels';
import {
  ATTACH_ANY_TIME,
  DIGEST_DISMISSED_TITLE,
  DIGEST_DONE,
  DIGEST_DONE_TITLE,
  DIGEST_FALLBACK_HINT,
  DIGEST_NONE_YOURS_MESSAGE,
  DIGEST_NONE_YOURS_TITLE,
  DIGEST_TITLE,
  DIGEST_WHY,
  NUDGE_WHY,
} from '../nudges';
import { OWNER_DECLINED_NEXT, ownerConfirmedText, ownerDeclinedReason, ownerDeclinedTitle } from '../partnerAnswer';
import { NOTHING_AT_MICROSOFT, OWN_RECORD, OWN_RECORD_NO_MAIL_SERVER } from '../record';
import {
  anonymousReadOnly,
  askAzureOwners,
  askOwners,
  AZURE_NOT_OWNER_TITLE,
  CONSENT_REQUIRED,
  CONSENT_REQUIRED_IN_TAB,
  FIXED_REFUSALS,
  LOOK_BUT_NOT_CHANGE,
  NONE_YOU_MAY,
  NOT_OWNER_TITLE,
  noneYouMayChange,
  notAnsweringNamed,
  OTHERS_BY_THE_OWNER,
  outcomeUnknownNamed,
  PARTNER_ID_TITLE,
  partnerIdProblem,
  roleNoteSentence,
  SELECTION_CHANGED_HINT,
  SEND_AGAIN,
  SLOW_DOWN,
  slowDownMessage,
  SOMETHING_WENT_WRONG,
  STATE_CHANGED_HINT,
  STILL_LOOK,
  TOO_LARGE_TO_SHOW,
  UNIDENTIFIED,
  unreadableAction,
  whyNotAzureOwner,
  whyRoleMayNotAct,
} from '../refusals';

/** English text as an ICU message: a `<` would open a tag. */
const tagsEscaped = (text: string): string => text.replaceAll('<', "'<'");

/**
 * The English messages, in ICU MessageFormat: the source of every key. The other languages are typed against it
 * (`Catalog`), so a key missing in one is a tsc error; test/wording/catalogs.test.ts also holds their arguments
 * equal. A sentence another wording module already says is taken from there, not written twice. Keys name
 * where the message is shown; `$t(key)` in a card template (cards/*.json) stands for the message of that key.
 */
export const en = {
  /** Joins two sentences (or a sentence and more): Japanese puts no space between them. */
  'text.twoSentences': '{first} {second}',

  'record.own': OWN_RECORD,
  'record.ownNoMailServer': OWN_RECORD_NO_MAIL_SERVER,
  'record.nothingAtMicrosoft': NOTHING_AT_MICROSOFT,

  /**
   * The partner's email about a change (notifications/partnerEmails.ts), in the language of the partner's contact.
   * Its times are in UTC, said so: the partner's time zone is not known.
   */
  'partnerEmail.greeting': 'Hello {name},',
  'partnerEmail.added.subject': '{customer} recorded you as partner of record for {subscription}',
  'partnerEmail.added.heading': 'You are now in the customer\u2019s record as its partner of record',
  'partnerEmail.added.recorded':
    '{actor} of {customer} recorded {partner} (Partner ID {partnerId}) as the partner of record for the {service} ' +
    'subscription "{subscription}", on {when}.',
  'partnerEmail.whatItIs':
    'The partner of record is the partner who helps the customer design, build, deploy or manage the service.',
  'partnerEmail.ownRecordOnly':
    'This is the customer\u2019s own record of its partner of record. It changes nothing at Microsoft and gives you no ' +
    'access to the subscription.',
  'partnerEmail.creditAzure':
    'To be credited by Microsoft for your work on this Azure subscription, link Partner ID {partnerId} to the ' +
    'identity you use in {customer}\u2019s tenant (a Partner Admin Link, for example az managementpartner create ' +
    '--partner-id {partnerId}). Only you can create or change that link. How: {url}',
  'partnerEmail.creditClaim':
    'To be credited by Microsoft for your work on this {service} subscription, file a claim for {customer} in ' +
    'Partner Center (claiming partner of record, CPOR). Microsoft reviews the claim, and the customer may decline ' +
    'it. How: {url}',
  'partnerEmail.answerLink':
    'Please tell {customer} whether this is right: confirm that you work with them on this subscription, or ' +
    'decline, on this page (the link is yours, and works for 30 days; your answer goes to the customer\u2019s own ' +
    'record only):',
  'partnerEmail.noLonger.subject':
    '{customer}\u2019s record no longer names you as partner of record for {subscription}',
  'partnerEmail.noLonger.heading': 'You are no longer in the customer\u2019s record as its partner of record',
  'partnerEmail.noLonger.names':
    '{customer}\u2019s record no longer names {partner} (Partner ID {partnerId}) as the partner of record for the ' +
    '{service} subscription "{subscription}" of {customer}.',
  'partnerEmail.replacedBy': 'Another partner was attached by {actor} on {when}.',
  'partnerEmail.removedBy':
    'The partner of record was removed by {actor} on {when}. The subscription has no partner of record now.',
  'partnerEmail.contactCustomer': 'If you believe this is a mistake, please contact {customer} directly.',
  /** The support line when MAIL_SUPPORT_LINE is not set (one set there is shown as written, in every language). */
  'partnerEmail.support': 'Questions about this change? Reply to this email, or contact the customer who made it.',
  'partnerEmail.footer':
    'This message was sent by the Partner of Record app in Microsoft Teams on behalf of {customer}.',
  /** The email about one action on several subscriptions (always two or more). */
  'partnerEmail.batch.added.subject': '{customer} recorded you as partner of record for {count} subscriptions',
  'partnerEmail.batch.added.recorded':
    '{actor} of {customer} recorded {partner} (Partner ID {partnerId}) as the partner of record for these {count} ' +
    'subscriptions, on {when}:',
  'partnerEmail.batch.answerLinks':
    'Please tell {customer} whether this is right for each subscription, with the link beside it (the links are ' +
    'yours, and work for 30 days; your answers go to the customer\u2019s own record only).',
  'partnerEmail.batch.answerLink': '{subscription} (confirm or decline: {url})',
  'partnerEmail.batch.noLonger.subject':
    '{customer}\u2019s record no longer names you as partner of record for {count} subscriptions',
  'partnerEmail.batch.noLonger.names':
    '{customer}\u2019s record no longer names {partner} (Partner ID {partnerId}) as the partner of record for these ' +
    '{count} subscriptions:',

  /**
   * The page where a partner confirms or declines a change (partnerAnswer/answerPage.ts), in the browser's language
   * (Accept-Language). A confirmation is the partner's word to the customer's record, nothing more.
   */
  'answerPage.title': 'Your answer to a partner of record change',
  'answerPage.intro':
    '{customer} recorded your organization as its partner of record. Please tell them whether that is right.',
  'answerPage.meaning':
    'Confirm means: we work with this customer on this subscription. Your answer goes only to the customer\u2019s ' +
    'own record and to the person who made the change. It changes nothing at Microsoft.',
  'answerPage.customer': 'Customer',
  'answerPage.subscription': 'Subscription',
  'answerPage.partner': 'Partner',
  'answerPage.recordedBy': 'Recorded by',
  'answerPage.confirm': 'Confirm',
  'answerPage.decline': 'Decline',
  'answerPage.reasonLabel': 'Reason for declining (optional)',
  'answerPage.sending': 'Sending your answer\u2026',
  'answerPage.failed': 'Your answer did not reach us. Wait a minute, then press the button again.',
  'answerPage.thanks': 'Thank you. Your answer was recorded.',
  'answerPage.superseded':
    'This change is no longer current: the customer has changed this subscription\u2019s partner of record since. ' +
    'There is nothing to answer here.',
  'answerPage.invalidTitle': 'This answer link does not work',
  'answerPage.invalid':
    'This link is not valid: it was changed, has expired, or is not for this site. Please use the link in the most ' +
    'recent email about this change.',
  'answerPage.slowDownTitle': 'Too many requests',
  'answerPage.slowDown':
    'Too many requests came from here or for this link. Please wait a minute, then open the link again.',
  'answerPage.unknown':
    'This link does not name a change this site knows. Please use the link in the most recent email.',

  /** The page admin consent returns to (onboarding/consentCallback.ts), in the browser's language. */
  'consent.grantedTitle': 'Access granted',
  'consent.granted':
    'Partner of Record can now read the subscriptions and administrator roles of your organization (tenant ' +
    '{tenantId}). Go back to Microsoft Teams and send the bot any message, for example "{status}".',
  'consent.notGrantedTitle': 'Access was not granted',
  'consent.declined':
    "The request was declined, so Partner of Record still cannot read your organization's subscriptions. A Global " +
    'Administrator can grant access from the bot\'s "Grant access" button in Teams at any time.',
  'consent.notGranted':
    'Microsoft did not grant access. Only a Global Administrator of your organization can grant it: ask one to press ' +
    '"Grant access" on the bot\'s card in Teams.',
  'consent.invalidTitle': 'This link is not valid',
  'consent.invalid':
    'This page is only reached from the "Grant access" button in Teams, and that link has expired or was changed. ' +
    'Open the bot in Teams and press "Grant access" again.',

  /** The words the cards show for a typed command; they work typed, as do the aliases (commandWords.ts). */
  'command.attach': 'add partner',
  'command.change': 'change partner',
  'command.remove': 'remove partner',
  'command.status': 'status',
  'command.help': 'help',

  'button.status': 'Status',
  'button.help': 'Help',

  'welcome.title': 'Partner of Record',
  'welcome.fallback': 'Partner of Record for {tenantName}. {aboutRecord} Type help to see what I can do.',
  'welcome.greeting': 'Hi {userName}.',
  'welcome.greetingAnonymous': 'Hi there.',
  'welcome.intro': '{greeting} {aboutRecord}',
  'welcome.yourOrganization': 'your organization',
  'welcome.pickOrType':
    'Pick what you want to do, or type it: **add partner**, **change partner**, **remove partner**, **status**, **help**.',
  'welcome.addPartner': 'Add partner',
  'welcome.changePartner': 'Change partner',
  'welcome.removePartner': 'Remove partner',

  'help.fallback':
    '{aboutRecord} Commands: add partner, change partner, remove partner, status, help. Only the owner (administrator) ' +
    'role may make changes. Technical support: {supportTechnicalUrl} Billing support: {supportBillingUrl}',
  'help.title': 'What I can do',
  'help.digitalPartner':
    'The Digital Partner of Record is the partner who helps your organization design, build, deploy or manage a ' +
    'Microsoft cloud service (Office 365, CRM Online, AX7, Intune, Enterprise Mobility Suite, Power BI, Azure), not ' +
    'the one who sold it. For Microsoft to recognize it, the partner files a claim in Partner Center, or links its ' +
    'Partner ID to your Azure subscriptions; my email tells it how.',
  'help.fact.attach':
    "Pick a subscription, enter the Partner ID, check the partner's name, submit. Add a service's name to see only its subscriptions, for example: add partner Intune.",
  'help.fact.change': 'Replace the current partner of record with another.',
  'help.fact.remove': 'Leave a subscription with no partner of record.',
  'help.fact.status': 'Your subscriptions and their partners of record.',
  'help.fact.help': 'This card.',
  'help.whoTitle': 'Who may use it',
  'help.who':
    'Only the owner (administrator) role of the organization may attach, change or remove a partner of record. ' +
    'Service admins, co-admins and partners acting as delegated admins may not. {ownersText}',
  'help.ownersUnknown': "Ask your organization's owner (administrator) to do it.",
  'help.owners': 'In your organization that is {owners}.',
  'help.azureRule': AZURE_OWNERS_RULE,
  'help.supportTitle': 'Support',
  'help.support':
    'For a problem with a service, open a technical support request. For invoices, payments or subscriptions, open ' +
    'a billing support request.',
  'help.technicalSupport': 'Technical support',
  'help.billingSupport': 'Billing support',

  /**
   * The nudge and the digest of subscriptions without a partner of record, and what their buttons answer; sent outside
   * a turn in the language the person's chat last said (nudges.ts's words). `{subscription}`: "Service: Name".
   */
  'nudge.title': '{service}: {subscriptionName} has no partner of record',
  'nudge.fallback': '{service}: {subscriptionName} has no partner of record. Type add partner to attach one.',
  'nudge.why': NUDGE_WHY,
  'nudge.attach': 'Attach a partner',
  'nudge.notNow': 'Not now',
  'nudge.hasPartnerTitle': '{subscription} has a partner of record now',
  'nudge.hasPartner': '{partner} is its partner of record.',
  'nudge.stillNoneTitle': '{subscription} still has no partner of record',
  'nudge.notReminded': 'You chose not to be reminded about it.',
  'nudge.attachAnyTime': ATTACH_ANY_TIME,
  'nudge.dismissedTitle': 'No more reminders about this one',
  'nudge.dismissed': "I won't bring up {subscription} again.",
  'digest.title': DIGEST_TITLE,
  'digest.why': DIGEST_WHY,
  'digest.summary':
    '{count} {count, plural, one {subscription has} other {subscriptions have}} ' +
    "no partner of record in your organization's record.",
  'digest.summaryPaged':
    '{count} {count, plural, one {subscription has} other {subscriptions have}} ' +
    "no partner of record in your organization's record ({from}-{to}, page {page} of {pageCount}).",
  'digest.fallback': `${DIGEST_TITLE}: {summary} ${DIGEST_FALLBACK_HINT}`,
  'digest.attach': 'Attach',
  'digest.doneTitle': DIGEST_DONE_TITLE,
  'digest.done': DIGEST_DONE,
  'digest.noneYoursTitle': DIGEST_NONE_YOURS_TITLE,
  'digest.noneYours': DIGEST_NONE_YOURS_MESSAGE,
  'digest.dismissedTitle': DIGEST_DISMISSED_TITLE,
  'digest.dismissed':
    "I won't bring up {count, plural, one {this subscription} other {these {count} subscriptions}} again; " +
    'I will tell you only about subscriptions that appear later.',
  /** The owner's notices after the partner a change named answered it (partnerAnswer.ts's words). */
  'answer.ownerConfirmed': ownerConfirmedText('{partner}', '{subscription}', '{when}'),
  'answer.ownerDeclinedTitle': ownerDeclinedTitle('{partner}', '{subscription}'),
  'answer.ownerDeclinedReason': ownerDeclinedReason('{reason}'),
  'answer.ownerDeclinedNoReason': ownerDeclinedReason(null),
  'answer.ownerDeclinedNext': OWNER_DECLINED_NEXT,
  /** The owner is told where the partner's email went (sent, only filed, or failed). */
  'mailNotice.sent':
    '{partnerName} was notified by email ({partnerEmail}) that it {template, select, added {is now} other {is no longer}} the partner of record for {subscriptionName}.',
  'mailNotice.filed':
    "The email telling {partnerName} ({partnerEmail}) that it {template, select, added {is now} other {is no longer}} the partner of record for {subscriptionName} was written to the bot's mail folder and NOT sent: this bot has no mail server.",
  'mailNotice.failed':
    'I could not email {partnerName} ({partnerEmail}) that it {template, select, added {is now} other {is no longer}} the partner of record for {subscriptionName}.',
  'mailNotice.changeSaved': 'The change itself is saved.',
  'mailNotice.setUpMail': 'Please tell the partner yourself, and ask whoever runs this bot to set up its mail server.',
  'mailNotice.checkMail': 'Please tell the partner yourself, and ask whoever runs this bot to check its mail settings.',
  'mailNotice.lastError': '(Last error: {reason})',

  /** Why someone may look but not change (the welcome card); the same words as refusals.ts's readOnlyReason. */
  'readOnly.serviceAdmin': whyRoleMayNotAct('serviceAdmin'),
  'readOnly.coAdmin': whyRoleMayNotAct('coAdmin'),
  'readOnly.delegatedAdmin': whyRoleMayNotAct('delegatedAdmin'),
  'readOnly.member': whyRoleMayNotAct('member'),
  'readOnly.activateInPim': roleNoteSentence('activateInPim'),
  'readOnly.groupsAndPimUnseen': roleNoteSentence('groupsAndPimUnseen'),
  'readOnly.askOwners': 'Ask {owners}.',
  'readOnly.askTheOwner': askOwners([]),
  'readOnly.lookButNotChange': LOOK_BUT_NOT_CHANGE,
  'readOnly.anonymous': anonymousReadOnly(),

  'button.cancel': 'Cancel',
  'button.refresh': 'Refresh',
  'button.next': 'Next',
  'button.previousPage': 'Previous page',
  'button.nextPage': 'Next page',
  'field.subscription': 'Subscription',
  'field.currentPartner': 'Current partner',
  'partner.none': 'None',
  /** Joins a label to the sentence it ends: Japanese ends it with 。 */
  'text.sentence': '{text}.',

  /**
   * The notices: refusals, stale state, outages, consent, and the chat's own answers. In English they are
   * refusals.ts's words, which the tab still says: a sentence built from data is that module's function given
   * `{argument}`s for its words, or written here and held equal by test/wording/refusalsIn.test.ts.
   */
  'upstream.graph': UPSTREAM_NAMES.graph,
  'upstream.arm': UPSTREAM_NAMES.arm,
  'upstream.entra': UPSTREAM_NAMES.entra,
  'upstream.partnerCenter': UPSTREAM_NAMES.partnerCenter,
  'upstream.store': UPSTREAM_NAMES.store,
  'wait.seconds': 'in {seconds, plural, one {# second} other {# seconds}}',
  'wait.minutes': 'in about {minutes, plural, one {# minute} other {# minutes}}',
  /** `{upstream}` opens the titles and the unconfirmed message in every language: it comes with a capital letter. */
  'notice.notAnswering.title': notAnsweringNamed('{upstream}').title,
  'notice.notAnswering.message': notAnsweringNamed('{upstream}').message,
  'notice.notAnswering.hint': notAnsweringNamed('{upstream}').hint,
  'notice.unconfirmed.title': outcomeUnknownNamed('{upstream}').title,
  'notice.unconfirmed.message': outcomeUnknownNamed('{upstream}').message,
  'notice.unconfirmed.hint': outcomeUnknownNamed('{upstream}').hint,
  'notice.sendAgain': SEND_AGAIN,
  'notice.unidentified.title': UNIDENTIFIED.title,
  'notice.unidentified.message': UNIDENTIFIED.message,
  'notice.wentWrong.title': SOMETHING_WENT_WRONG.title,
  'notice.wentWrong.message': SOMETHING_WENT_WRONG.message,
  'notice.tooLarge.title': TOO_LARGE_TO_SHOW.title,
  'notice.tooLarge.message': TOO_LARGE_TO_SHOW.message,
  'notice.unreadable.title': unreadableAction('{reason}').title,
  'notice.unreadable.message': unreadableAction('{reason}').message,
  'notice.unreadable.hint': unreadableAction('{reason}').hint,
  'notice.unreadable.malformed': 'The action could not be read.',
  'notice.unreadable.tooLarge': 'That action carried more data than any of my cards sends.',
  'notice.unreadable.unknownCard': 'That button belongs to a card I no longer understand.',
  'notice.unreadable.invalidData': 'The data that card sent is not valid.',
  'notice.stale.title': 'This subscription changed since this {shownOn, select, page {page} other {card}} was shown',
  'notice.stale.message':
    'The partner of record for {subscription} changed after this {shownOn, select, page {page} other {card}} was ' +
    'shown, so nothing was changed.',
  'notice.stale.partnerNow': 'Partner of record now: {partner}.',
  'notice.stale.hint': STATE_CHANGED_HINT,
  'notice.stale.partnerNowTitle': 'Partner of record now',
  'notice.stale.lastChangeTitle': 'Last change',
  'notice.selectionChanged.title':
    'Subscriptions changed since this {shownOn, select, page {page} other {card}} was shown',
  'notice.selectionChanged.message':
    '{count, plural, =1 {One of the subscriptions} other {# of the subscriptions}} you selected changed after this ' +
    '{shownOn, select, page {page} other {card}} was shown, so nothing was changed to any of them.',
  'notice.selectionChanged.changed': 'Changed: {changes}.',
  'notice.selectionChanged.change': '{subscription}, now {partner}',
  'notice.selectionChanged.hint': SELECTION_CHANGED_HINT,
  'refusal.unknownUser.title': FIXED_REFUSALS.unknownUser.title,
  'refusal.unknownUser.message': FIXED_REFUSALS.unknownUser.message,
  'refusal.unknownUser.hint': FIXED_REFUSALS.unknownUser.hint,
  'refusal.unknownSubscription.title': FIXED_REFUSALS.unknownSubscription.title,
  'refusal.unknownSubscription.message': FIXED_REFUSALS.unknownSubscription.message,
  'refusal.stale.title': FIXED_REFUSALS.stale.title,
  'refusal.stale.message': FIXED_REFUSALS.stale.message,
  'refusal.stale.hint': FIXED_REFUSALS.stale.hint,
  'refusal.alreadyHasPartner.title': FIXED_REFUSALS.alreadyHasPartner.title,
  'refusal.alreadyHasPartner.message': FIXED_REFUSALS.alreadyHasPartner.message,
  'refusal.noPartnerToChange.title': FIXED_REFUSALS.noPartnerToChange.title,
  'refusal.noPartnerToChange.message': FIXED_REFUSALS.noPartnerToChange.message,
  'refusal.slowDown.title': SLOW_DOWN.title,
  /** `{wait}`: "in 40 seconds" (`wait.*`). */
  'refusal.slowDown.message': slowDownMessage('{wait}'),
  'refusal.slowDown.hint': SLOW_DOWN.hint,
  'refusal.partnerId.title': PARTNER_ID_TITLE,
  /** The domain's one rule for a Partner ID, which its refusal states (`PARTNER_ID_RULE`). */
  'refusal.partnerId.rule': PARTNER_ID_RULE,
  'refusal.partnerId.invalid': partnerIdProblem({ code: 'invalidPartnerId', message: '{rule}' }),
  'refusal.partnerId.unknown': partnerIdProblem({ code: 'unknownPartner', partnerId: '{partnerId}' }),
  'refusal.partnerId.same': partnerIdProblem({ code: 'samePartner', partnerId: '{partnerId}' }),
  'refusal.partnerId.other': partnerIdProblem({ code: 'unknownUser' }),
  'refusal.azure.title': AZURE_NOT_OWNER_TITLE,
  'refusal.azure.why': whyNotAzureOwner('{subscriptionName}'),
  'refusal.azure.askAnOwner': askAzureOwners([]),
  'refusal.azure.theOwners': "The subscription's Owners in Azure",
  'refusal.noneYours.title': noneYouMayChange('attach').title,
  'refusal.noneYours.attach': NONE_YOU_MAY.attach,
  'refusal.noneYours.change': NONE_YOU_MAY.change,
  'refusal.noneYours.remove': NONE_YOU_MAY.remove,
  'refusal.noneYours.others': OTHERS_BY_THE_OWNER,
  'notice.consent.title': CONSENT_REQUIRED.title,
  'notice.consent.message': CONSENT_REQUIRED.message,
  'notice.consent.hint': CONSENT_REQUIRED.hint,
  'notice.consentInTab': CONSENT_REQUIRED_IN_TAB,
  'grantAccess.fallback': '{title}. {message} Grant access: {grantUrl}',
  'grantAccess.whoCanTitle': 'Who can grant it',
  'grantAccess.whoCan': 'A Global Administrator of your organization',
  'grantAccess.readsTitle': 'What it reads',
  'grantAccess.reads': "Subscriptions, who holds which administrator role, and people's names",
  'grantAccess.changesTitle': 'What it changes',
  'grantAccess.changes': 'Nothing in your directory',
  'grantAccess.grant': 'Grant access',
  'grantAccess.tryAgain': 'I granted it: try again',
  /** `{command}`: the Azure CLI command that gives the app Reader (azure.ts's `azureReaderCommand`). */
  'grantAccess.azureStep': tagsEscaped(azureReaderStepWith('{command}')),
  'notice.nothingChanged': 'Nothing was changed.',
  'notice.cancelled': 'Cancelled',
  /** `{attach}`...: the commands' words in the person's language (`command.*`). */
  'notice.didNotCatch.title': 'I did not catch that',
  'notice.didNotCatch.message': 'Try "{attach}", "{change}", "{remove}", "{status}" or "{help}".',
  'notice.typedPartnerId.title': 'Which subscription is that for?',
  'notice.typedPartnerId.message':
    'That looks like a Partner ID, but I have not asked for one. Start with "{attach}" or "{change}", then type it.',
  'notice.everyHasPartner.title': 'Every subscription has a partner of record',
  'notice.everyHasPartner.message':
    'There is no subscription without a partner of record. To replace a partner, change it instead.',
  'notice.noneHasPartner.title': 'No subscription has a partner of record',
  'notice.noneHasPartner.message':
    'There is no partner of record to {mode, select, remove {remove} other {change}}. Add one first.',
  'notice.noChangeRecorded': 'No change is recorded for this subscription. Partner of record: {partner}.',

  /** The attach flow: the picker, the Partner ID form, the confirmation and the done card. */
  'change.title.attach': CHANGE_TITLES.attach,
  'change.title.change': CHANGE_TITLES.change,
  'change.title.remove': CHANGE_TITLES.remove,
  'pick.promptWithout': 'Which subscription? These have no partner of record yet.',
  'pick.promptWith': 'Which subscription? These have a partner of record now.',
  'pick.fallback': '{title}: choose a subscription.',
  'pick.chooseError': 'Choose a subscription.',
  'pick.placeholder': 'Choose a subscription',
  'pick.showing': 'Showing {from}-{to} of {total}.',
  'pick.noneOfService.title': 'No {service} subscription to pick',
  'pick.noneOfService.message':
    '{mode, select, attach {Every {service} subscription already has a partner of record.} other {No {service} subscription has a partner of record.}} Pick from all your subscriptions instead.',
  'pick.several': 'Several at once',
  'pick.allOfPartner': 'All subscriptions of a partner',
  'pick.more': 'More subscriptions',
  'partnerId.fallback': '{title}: type the Partner ID for {service}: {subscriptionName}.',
  'partnerId.label': 'Partner ID',
  'partnerId.placeholder': '6 to 10 digits, for example 1234567',
  'partnerId.hint':
    'Your partner can give you its Partner ID (its Microsoft partner network ID). You can also type it as a message.',
  'partnerId.check': 'Check ID',
  'confirm.question': CONFIRM_PARTNER_QUESTION,
  'confirm.fallback':
    'Partner ID {partnerId} is {partnerName}. Submit to make it the partner of record for {service}: {subscriptionName}.',
  'confirm.registeredTo': 'Partner ID {partnerId} is registered to:',
  'confirm.whatSubmitDoes':
    "When you submit, I record {partnerName} as the partner of record in your organization's record. Nothing changes at Microsoft.",
  'confirm.submit': 'Submit',
  'confirm.changeId': 'Change ID',
  'done.title.attach': 'Partner of record attached',
  'done.title.change': 'Partner of record changed',
  'done.title.remove': 'Partner of record removed',
  'done.since.attach': 'Since then: partner of record attached',
  'done.since.change': 'Since then: partner of record changed',
  'done.since.remove': 'Since then: partner of record removed',
  'done.nowPartner': '{partnerName} is now the partner of record for {subscriptionName}.',
  'done.noPartnerNow': '{subscriptionName} has no partner of record now.',
  'email.willBeTold': '{partnerName} will be told by email.',
  'email.noMailServer':
    "{partnerName} will not be emailed: this bot has no mail server, so its email is only written to the bot's mail folder. Please tell them yourself.",
  'email.noContact':
    '{partnerName} was not emailed: I have no contact address for Partner ID {partnerId}, so please tell them yourself.',
  'card.titleAndMessage': '{title}. {message}',
  'done.partnerOfRecord': 'Partner of record',
  'done.previousPartner': 'Previous partner',
  'done.by': 'By',
  'done.when': 'When',
  'done.ownRecord':
    "This is your organization's own record: nothing was changed at Microsoft. What Microsoft shows for your subscriptions is in the Microsoft 365 admin center, under Billing > Your products.",
  'done.azureNote': 'Azure subscriptions are on the Subscriptions page of the Azure portal.',
  'done.addAnother': 'Add another',
  'done.changeAnother': 'Change another',
  'done.removeAnother': 'Remove another',
  'done.adminCenter': 'Microsoft 365 admin center',
  'done.azurePortal': 'Azure portal',

  /** Nothing to pick: every picker's answer when no subscription fits (start.ts, pickSeveral.ts, pickMove.ts). */

  /** Removing a partner of record: the confirmation (the done card is the attach flow's). */
  'remove.fallback': 'Remove {partnerName} as partner of record for {service}: {subscriptionName}?',
  'remove.question': 'Remove the partner of record?',
  'remove.whatRemoveDoes':
    'I will record that the subscription has no partner of record. Nothing changes at Microsoft.',
  'remove.submit': 'Remove',

  /** An action on several subscriptions: the pickers, the one Partner ID form, its confirmation, the done card. */
  'several.count': '{count, plural, one {this # subscription} other {these # subscriptions}}',
  'several.pick.title': 'Add a partner of record to several subscriptions',
  'several.pick.prompt':
    'Tick the subscriptions without a partner that get the same one (at most {max}), or all {count} of them.',
  'several.pick.fallback': '{title}: tick the subscriptions.',
  'several.pick.label': 'Subscriptions',
  'several.pick.ticked': '{count, plural, other {# ticked so far.}}',
  'several.pick.tickedElsewhere': 'Ticked on other pages',
  'several.pick.all': 'All of them: every subscription without a partner of record',
  'several.move.title': 'Move subscriptions to another partner',
  'several.move.prompt': 'Whose subscriptions move? Every subscription of that partner gets the one you name next.',
  'several.move.fallback': '{title}: choose the partner whose subscriptions move.',
  'several.move.label': 'Move',
  'several.move.chooseError': 'Choose a partner.',
  'several.move.choice': 'All subscriptions of {partnerName} ({count})',
  'several.form.fallback': '{title}: type the Partner ID for {countText}.',
  'several.form.for': 'For {countText}:',
  'several.form.line': '{subscription} (now: {partner})',
  'several.form.hint':
    'One partner for all of them: your partner can give you its Partner ID (its Microsoft partner network ID).',
  'several.confirm.fallback': 'Submit to record {partnerName} (Partner ID {partnerId}) for {countText}, all or none.',
  'several.confirm.subscriptions': 'Subscriptions ({countText}):',
  'several.confirm.now': 'Partner of record now: {currentText}',
  'several.confirm.whatSubmitDoes':
    "On Submit, {partnerName} goes into your organization's record as the partner of record of {countText}: all " +
    'of them, or none if one changed meanwhile. Nothing changes at Microsoft.',
  'several.done.title.attach':
    'Partner of record attached to {count, plural, one {# subscription} other {# subscriptions}}',
  'several.done.title.change':
    'Partner of record changed for {count, plural, one {# subscription} other {# subscriptions}}',
  'several.done.nowPartner':
    '{partnerName} is now the partner of record for {count, plural, one {this # subscription} other {these # subscriptions}}.',
  'several.done.before': 'Partner of record before: {partner}',
  'several.done.row': '{subscription}. Reference {reference}',
  'several.done.rowChangedSince': '{subscription}. Reference {reference}. Changed since: now {partner}',
  'several.done.byWhen': 'By {actorName}, {when}.',
  'several.email.overtaken': BATCH_EMAIL_LABELS.overtaken,
  'several.notFound.title': 'Changes not found',
  'several.notFound.message': "These changes are not in your organization's record.",
  'several.none.title': 'No subscription chosen',
  'several.none.message': 'Tick at least one subscription, or all of them. Nothing was changed.',
  'several.tooMany.title': 'More than {max} subscriptions',
  'several.tooMany.message': 'One action changes at most {max} subscriptions: tick up to {max}. Nothing was changed.',
  'several.twice.title': 'A subscription was sent twice',
  'several.twice.message': 'Start again from the picker. Nothing was changed.',

  /** The status card. */
  'status.title': 'Partners of record: {tenantName}',
  'status.fallback': 'Partners of record for {tenantName}: {summary}',
  'status.noSubscriptions': 'Your organization has no subscriptions I can see.',
  'status.range': 'Subscriptions {from}-{to} of {total}.',
  'status.rangePaged': 'Subscriptions {from}-{to} of {total} (page {page} of {pageCount}).',
  'status.everyHasPartner': 'Every one has a partner of record.',
  'status.withoutPartner': '{count} {count, plural, one {has} other {have}} no partner of record.',
  'status.partner': 'Partner of record: {partner}',
  'status.noPartner': NO_PARTNER_OF_RECORD,
  'status.change': 'Change',
  'status.remove': 'Remove',
  'status.attached': 'Attached by {actorName} on {when}',
  'status.changed': 'Changed by {actorName} on {when}',
  'status.removed': 'Removed by {actorName} on {when}',
  'status.email.sent': EMAIL_STATE_LABELS.sent,
  'status.email.filed': EMAIL_STATE_LABELS.filed,
  'status.email.pending': EMAIL_STATE_LABELS.pending,
  'status.email.failed': EMAIL_STATE_LABELS.failed,
  'status.email.noContact': EMAIL_STATE_LABELS.noContact,
  'status.confirmed': 'Confirmed by {partnerName} on {day}',
  'status.declined': 'Declined by {partnerName} on {day}',
  'status.declinedBecause': '{said}: {reason}',
  'status.azureNoneVisible': `${AZURE_NONE_VISIBLE}.`,
  'status.azureNoneVisibleCommand': `${AZURE_NONE_VISIBLE}: {command}`,
  'status.azureUnreadable': LIST_NOTES.azureUnreadable,
  'status.microsoft365Unreadable': LIST_NOTES.microsoft365Unreadable,

  /** The refusal of a change to someone who is not the owner. */
  'notOwner.title': NOT_OWNER_TITLE,
  'notOwner.hint': STILL_LOOK,
  'notOwner.yourRole': 'Your role',
  'notOwner.whoCan': 'Who can',
  'notOwner.theOwner': "Your organization's owner (administrator)",
  'role.owner': ROLE_LABELS.owner,
  'role.serviceAdmin': ROLE_LABELS.serviceAdmin,
  'role.coAdmin': ROLE_LABELS.coAdmin,
  'role.delegatedAdmin': ROLE_LABELS.delegatedAdmin,
  'role.member': ROLE_LABELS.member,

  /**
   * The Partners tab's page (tab/), delivered by GET /api/tab/wording. The page fills `{argument}`s itself; a plural
   * reaches it as its forms. Sentences built from data are the server's (bot/wording/tabIn.ts).
   */
  'tab.title': 'Partners of record',
  'tab.about.record':
    "Your organization's own record of the partner of record of each subscription, with the history of each change.",
  'tab.about.microsoft':
    "Nothing is changed at Microsoft: Microsoft's own view of your subscriptions is in the {adminCenter} (Billing > Your products) and, for Azure, the {azurePortal}.",
  'tab.outsideTeams':
    'This page is the Partners tab of the Partner of Record app, and it is not running inside Microsoft Teams. Open it from the app in Teams to sign in.',
  'tab.who': '{userName}, {role}, {tenantName}',
  'tab.dev.badge': 'Dev only',
  'tab.dev.title': 'Local dev sign-in',
  'tab.dev.intro':
    'For local testing only: the bot runs without an app registration, so there is no Teams sign-in. Pick a person from {directory}.',
  'tab.dev.directory.bot': "the bot's directory",
  'tab.dev.directory.graph': 'the Microsoft Entra ID directories the bot reads through Microsoft Graph',
  'tab.dev.directory.demo': "the demo seed's directory ({seedFile})",
  'tab.dev.directory.seed': 'the directory in the seed file {seedFile}',
  'tab.dev.signInAs': 'Sign in as',
  'tab.dev.signIn': 'Sign in',
  'tab.dev.failed': 'Sign-in failed.',
  'tab.signingIn': 'Signing you in through Teams…',
  'tab.teamsFailed': 'Could not connect to Teams: {error}. Reload the tab to try again.',
  'tab.signInTimedOut':
    '{seconds, plural, one {Teams did not hand over your sign-in: it was asked twice and did not answer within # second either time. Try again; if it keeps happening, reload the tab or restart Teams.} other {Teams did not hand over your sign-in: it was asked twice and did not answer within # seconds either time. Try again; if it keeps happening, reload the tab or restart Teams.}}',
  'tab.signInFailed': 'Teams could not sign you in: {error}. Try again; if it keeps happening, reload the tab.',
  'tab.signInAgain': '{message} Reload the tab to sign in again.',
  'tab.tryAgain': 'Try again',
  'tab.requestFailed': 'The request failed ({status}).',
  'tab.couldNotStart': 'The page could not start: {error}',
  'tab.selection.attach': 'Attach to selected',
  'tab.selection.change': 'Change selected',
  'tab.selection.count': '{count} selected',
  'tab.selection.noneWithout': 'None of the selected subscriptions is without a partner of record.',
  'tab.selection.noneWith': 'None of the selected subscriptions has a partner of record.',
  'tab.selection.tooMany': 'Select at most {max} subscriptions for one action.',
  'tab.table.caption': "Your organization's subscriptions and their partners of record",
  'tab.column.service': 'Service',
  'tab.column.lastChange': 'Last change',
  'tab.column.email': 'Partner email',
  'tab.column.actions': 'Actions',
  'tab.action.attach': 'Attach',
  'tab.action.history': 'History',
  'tab.action.label': '{action}: {subscription}',
  'tab.action.select': 'Select: {subscription}',
  'tab.export': 'Download the history (CSV)',
  'tab.dialog.attachOne': 'Attach a partner of record to {subscription}',
  'tab.dialog.changeOne': 'Change the partner of record of {subscription}',
  'tab.dialog.attachSeveral':
    '{count, plural, one {Attach a partner of record to # subscription} other {Attach a partner of record to # subscriptions}}',
  'tab.dialog.changeSeveral':
    '{count, plural, one {Change the partner of record of # subscription} other {Change the partner of record of # subscriptions}}',
  'tab.dialog.current': 'Current partner: {partner}',
  'tab.dialog.nowPartner': '{subscription} (now: {partner})',
  'tab.check.registeredTo': 'Partner ID {partnerId} is registered to {partnerName}.',
  'tab.remove.title': 'Remove this partner of record?',
  'tab.remove.text': '{partner} will no longer be the partner of record for {subscription}, and will be told by email.',
  'tab.history.title': 'History: {subscription}',
  'tab.history.none': 'No changes made through this app yet.',
  'tab.history.fromTo': 'From {oldPartner} to {newPartner}.',
  'tab.history.close': 'Close',
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof en;
/** A language's messages: every key of the English ones, no other. */
export type Catalog = Readonly<Record<MessageKey, string>>;

/** The typed commands, by what they ask for. */
export const COMMANDS = ['welcome', 'help', 'status', 'attach', 'change', 'remove', 'cancel'] as const;
export type Command = (typeof COMMANDS)[number];
/** More words a person may type for a command, beside the one the cards show (`command.*`). */
export type CommandAliases = Readonly<Record<Command, readonly string[]>>;

/** English's own words are textCommands.ts's phrases, which every language keeps. */
export const enAliases: CommandAliases = {
  welcome: [],
  help: [],
  status: [],
  attach: [],
  change: [],
  remove: [],
  cancel: [],
};
