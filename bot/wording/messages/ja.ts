import type { Catalog, CommandAliases } from './en';

/**
 * Japanese, in the polite です/ます form, with Microsoft's Japanese terms (パートナー オブ レコード, パートナー
 * センター, 所有者). Sentences follow each other without a space.
 */
export const ja: Catalog = {
  'text.twoSentences': '{first}{second}',

  'record.own':
    '組織独自の記録として、各サブスクリプションのパートナー オブ レコードとその履歴を管理し、パートナーを追加、変更、' +
    '削除したときは、そのパートナーにメールでお知らせします。',
  'record.ownNoMailServer':
    '組織独自の記録として、各サブスクリプションのパートナー オブ レコードとその履歴を管理します。メール サーバーが' +
    'ないため、パートナーへのメールは送信されず、メール フォルダーに保存されるだけです。パートナーにはご自身でお伝え' +
    'ください。',
  'record.nothingAtMicrosoft':
    'この記録によって Microsoft 側で変わることは何もありません。Microsoft でパートナーが認められるのは、パートナー' +
    '自身が手続きを行った場合だけです。',

  'partnerEmail.greeting': '{name} 様',
  'partnerEmail.added.subject': '{customer} が {subscription} のパートナー オブ レコードとして貴社を記録しました',
  'partnerEmail.added.heading': 'お客様の記録に、貴社がパートナー オブ レコードとして記録されました',
  'partnerEmail.added.recorded':
    '{customer} の {actor} が {when} に、{service} サブスクリプション「{subscription}」のパートナー オブ レコード' +
    'として {partner} (Partner ID {partnerId}) を記録しました。',
  'partnerEmail.whatItIs':
    'パートナー オブ レコードとは、お客様がサービスを設計、構築、展開、管理するのを支援するパートナーのことです。',
  'partnerEmail.ownRecordOnly':
    'これはお客様独自のパートナー オブ レコードの記録です。Microsoft 側では何も変わらず、貴社にサブスクリプション' +
    'へのアクセス権が与えられることもありません。',
  'partnerEmail.creditAzure':
    'この Azure サブスクリプションでの貴社の作業を Microsoft に認めてもらうには、{customer} のテナントで使用して' +
    'いるアカウントに Partner ID {partnerId} を関連付けてください (Partner Admin Link。例: az managementpartner ' +
    'create --partner-id {partnerId})。このリンクを作成または変更できるのは貴社だけです。手順: {url}',
  'partnerEmail.creditClaim':
    'この {service} サブスクリプションでの貴社の作業を Microsoft に認めてもらうには、パートナー センターで ' +
    '{customer} についての申請 (claiming partner of record、CPOR) を行ってください。申請は Microsoft が審査し、' +
    'お客様が却下することもあります。手順: {url}',
  'partnerEmail.answerLink':
    'この内容が正しいかどうかを {customer} にお知らせください。次のページで、このサブスクリプションについてお客様と' +
    '協力していることを確認するか、辞退してください (リンクは貴社専用で、30 日間有効です。回答はお客様独自の記録に' +
    'のみ届きます):',
  'partnerEmail.noLonger.subject':
    '{customer} の記録で、貴社は {subscription} のパートナー オブ レコードではなくなりました',
  'partnerEmail.noLonger.heading': 'お客様の記録で、貴社はパートナー オブ レコードではなくなりました',
  'partnerEmail.noLonger.names':
    '{customer} の記録で、{partner} (Partner ID {partnerId}) は {service} サブスクリプション「{subscription}」の' +
    'パートナー オブ レコードではなくなりました。',
  'partnerEmail.replacedBy': '{when} に {actor} が別のパートナーを記録しました。',
  'partnerEmail.removedBy':
    '{when} に {actor} がパートナー オブ レコードを削除しました。このサブスクリプションには現在パートナー オブ ' +
    'レコードがありません。',
  'partnerEmail.contactCustomer': '誤りだと思われる場合は、{customer} に直接お問い合わせください。',
  'partnerEmail.support':
    'この変更についてご質問がある場合は、このメールに返信するか、変更を行ったお客様にお問い合わせください。',
  'partnerEmail.footer':
    'このメッセージは、{customer} に代わって Microsoft Teams の Partner of Record アプリから送信されました。',
  'partnerEmail.batch.added.subject':
    '{customer} が {count} 件のサブスクリプションのパートナー オブ レコードとして貴社を記録しました',
  'partnerEmail.batch.added.recorded':
    '{customer} の {actor} が {when} に、次の {count} 件のサブスクリプションのパートナー オブ レコードとして ' +
    '{partner} (Partner ID {partnerId}) を記録しました:',
  'partnerEmail.batch.answerLinks':
    '各サブスクリプションについて、横のリンクからこの内容が正しいかどうかを {customer} にお知らせください (リンクは' +
    '貴社専用で、30 日間有効です。回答はお客様独自の記録にのみ届きます)。',
  'partnerEmail.batch.answerLink': '{subscription} (確認または辞退: {url})',
  'partnerEmail.batch.noLonger.subject':
    '{customer} の記録で、貴社は {count} 件のサブスクリプションのパートナー オブ レコードではなくなりました',
  'partnerEmail.batch.noLonger.names':
    '{customer} の記録で、{partner} (Partner ID {partnerId}) は次の {count} 件のサブスクリプションのパートナー ' +
    'オブ レコードではなくなりました:',

  'answerPage.title': 'パートナー オブ レコードの変更への回答',
  'answerPage.intro':
    '{customer} が貴社をパートナー オブ レコードとして記録しました。この内容が正しいかどうかをお知らせください。',
  'answerPage.meaning':
    '[確認] は、このサブスクリプションでこのお客様と協力していることを意味します。回答はお客様独自の記録と、変更を' +
    '行った担当者にのみ届きます。Microsoft 側では何も変わりません。',
  'answerPage.customer': 'お客様',
  'answerPage.subscription': 'サブスクリプション',
  'answerPage.partner': 'パートナー',
  'answerPage.recordedBy': '記録者',
  'answerPage.confirm': '確認',
  'answerPage.decline': '辞退',
  'answerPage.reasonLabel': '辞退の理由 (省略可)',
  'answerPage.sending': '回答を送信しています…',
  'answerPage.failed': '回答を受け取れませんでした。1 分ほど待ってから、もう一度ボタンを押してください。',
  'answerPage.thanks': 'ありがとうございます。回答を記録しました。',
  'answerPage.superseded':
    'この変更は最新ではありません。その後、お客様がこのサブスクリプションのパートナー オブ レコードを変更しました。' +
    'ここで回答する必要はありません。',
  'answerPage.invalidTitle': 'この回答リンクは使用できません',
  'answerPage.invalid':
    'このリンクは無効です。変更されたか、有効期限が切れたか、このサイトのリンクではありません。この変更に関する' +
    '最新のメールのリンクを使用してください。',
  'answerPage.slowDownTitle': 'リクエストが多すぎます',
  'answerPage.slowDown':
    'この場所から、またはこのリンクに対するリクエストが多すぎます。1 分ほど待ってから、もう一度リンクを開いて' +
    'ください。',
  'answerPage.unknown':
    'このリンクが指す変更は、このサイトでは見つかりません。最新のメールのリンクを使用してください。',

  'consent.grantedTitle': 'アクセスが許可されました',
  'consent.granted':
    'Partner of Record は、組織 (テナント {tenantId}) のサブスクリプションと管理者ロールを読み取れるようになり' +
    'ました。Microsoft Teams に戻り、ボットに任意のメッセージ (例: 「{status}」) を送信してください。',
  'consent.notGrantedTitle': 'アクセスは許可されませんでした',
  'consent.declined':
    '要求が拒否されたため、Partner of Record は引き続き組織のサブスクリプションを読み取れません。グローバル管理者' +
    'は、Teams のボットの [アクセスを許可] ボタンからいつでもアクセスを許可できます。',
  'consent.notGranted':
    'Microsoft はアクセスを許可しませんでした。アクセスを許可できるのは組織のグローバル管理者だけです。Teams の' +
    'ボットのカードで [アクセスを許可] を押すよう、グローバル管理者に依頼してください。',
  'consent.invalidTitle': 'このリンクは無効です',
  'consent.invalid':
    'このページには Teams の [アクセスを許可] ボタンからのみアクセスできますが、そのリンクは有効期限が切れたか、' +
    '変更されています。Teams でボットを開き、もう一度 [アクセスを許可] を押してください。',

  'command.attach': 'パートナーを追加',
  'command.change': 'パートナーを変更',
  'command.remove': 'パートナーを削除',
  'command.status': '状態',
  'command.help': 'ヘルプ',

  'button.status': '状態',
  'button.help': 'ヘルプ',

  'welcome.title': 'Partner of Record',
  'welcome.fallback':
    '{tenantName} の Partner of Record です。{aboutRecord}できることを確認するには「ヘルプ」と入力してください。',
  'welcome.greeting': '{userName} さん、こんにちは。',
  'welcome.greetingAnonymous': 'こんにちは。',
  'welcome.intro': '{greeting}{aboutRecord}',
  'welcome.yourOrganization': 'あなたの組織',
  'welcome.pickOrType':
    '操作を選ぶか、次のように入力してください: **パートナーを追加**、**パートナーを変更**、**パートナーを削除**、' +
    '**状態**、**ヘルプ**。',
  'welcome.addPartner': 'パートナーを追加',
  'welcome.changePartner': 'パートナーを変更',
  'welcome.removePartner': 'パートナーを削除',

  'help.fallback':
    '{aboutRecord}コマンド: パートナーを追加、パートナーを変更、パートナーを削除、状態、ヘルプ。変更できるのは所有者 ' +
    '(管理者) ロールだけです。技術サポート: {supportTechnicalUrl} 課金サポート: {supportBillingUrl}',
  'help.title': 'できること',
  'help.digitalPartner':
    'デジタル パートナー オブ レコードとは、組織が Microsoft クラウド サービス (Office 365、CRM Online、AX7、' +
    'Intune、Enterprise Mobility Suite、Power BI、Azure) を設計、構築、展開、管理するのを支援するパートナーのことで、' +
    'サービスを販売したパートナーではありません。Microsoft に認められるには、パートナーがパートナー センターで申請' +
    'するか、自社の Partner ID をお客様の Azure サブスクリプションに関連付けます。その方法はパートナーへのメールで' +
    '説明しています。',
  'help.fact.attach':
    'サブスクリプションを選び、Partner ID を入力し、パートナー名を確認して送信します。サービス名を付けると、そのサービスのサブスクリプションだけが表示されます (例: パートナーを追加 Intune)。',
  'help.fact.change': '現在のパートナー オブ レコードを別のパートナーに置き換えます。',
  'help.fact.remove': 'サブスクリプションのパートナー オブ レコードを外します。',
  'help.fact.status': 'サブスクリプションと、それぞれのパートナー オブ レコードを表示します。',
  'help.fact.help': 'このカードを表示します。',
  'help.whoTitle': '利用できるユーザー',
  'help.who':
    'パートナー オブ レコードを追加、変更、削除できるのは、組織の所有者 (管理者) ロールだけです。サービス管理者、' +
    '共同管理者、委任管理者として操作するパートナーにはできません。{ownersText}',
  'help.ownersUnknown': '組織の所有者 (管理者) に操作を依頼してください。',
  'help.owners': 'あなたの組織では {owners} が該当します。',
  'help.azureRule':
    'Azure サブスクリプションのパートナー オブ レコードを追加、変更、削除できるのは、そのサブスクリプションの所有者 ' +
    '(Azure の所有者ロール。直接またはグループ経由) です。グローバル管理者であるだけでは所有者にはなりません。',
  'help.supportTitle': 'サポート',
  'help.support':
    'サービスの問題については、技術サポート リクエストを作成してください。請求書、支払い、サブスクリプションに' +
    'ついては、課金サポート リクエストを作成してください。',
  'help.technicalSupport': '技術サポート',
  'help.billingSupport': '課金サポート',

  'nudge.title': '{service}: {subscriptionName} にはパートナー オブ レコードがありません',
  'nudge.fallback':
    '{service}: {subscriptionName} にはパートナー オブ レコードがありません。追加するには「パートナーを追加」と' +
    '入力してください。',
  'nudge.why':
    'パートナー オブ レコードは、サブスクリプションを作成したらすぐに記録するのが最善です。そうすれば組織の記録に、' +
    '設計、構築、展開、管理を支援するパートナーが最初から記載されます。',
  'nudge.attach': 'パートナーを追加',
  'nudge.notNow': '後で',
  'nudge.hasPartnerTitle': '{subscription} にパートナー オブ レコードが記録されました',
  'nudge.hasPartner': 'パートナー オブ レコードは {partner} です。',
  'nudge.stillNoneTitle': '{subscription} にはまだパートナー オブ レコードがありません',
  'nudge.notReminded': 'このサブスクリプションについては、リマインダーを受け取らないよう選択されています。',
  'nudge.attachAnyTime': '「パートナーを追加」と入力すれば、いつでもパートナーを追加できます。',
  'nudge.dismissedTitle': 'このサブスクリプションのリマインダーを停止しました',
  'nudge.dismissed': '{subscription} については、今後お知らせしません。',
  'digest.title': 'パートナー オブ レコードのないサブスクリプション',
  'digest.why':
    'パートナー オブ レコードは、サブスクリプションを作成したらすぐに記録するのが最善です。そうすれば組織の記録に、' +
    '設計、構築、展開、管理を支援するパートナーが記載されます。このボットは組織のためにその記録を管理するもので、' +
    'Microsoft 側では何も変更しません。',
  'digest.summary':
    '組織の記録では、{count, plural, other {{count} 件のサブスクリプション}}にパートナー オブ レコードがありません。',
  'digest.summaryPaged':
    '組織の記録では、{count, plural, other {{count} 件のサブスクリプション}}にパートナー オブ レコードがありません ' +
    '({from}～{to} 件目、{pageCount} ページ中 {page} ページ目)。',
  'digest.fallback':
    'パートナー オブ レコードのないサブスクリプション: {summary}いずれかにパートナーを追加するには「パートナーを追加」と' +
    '入力してください。',
  'digest.attach': '追加',
  'digest.doneTitle': 'ここで追加するものはもうありません',
  'digest.done':
    'このカードに表示されていたサブスクリプションは、すべてパートナー オブ レコードが記録されたか、リマインダーを' +
    '受け取らないよう選択されています。',
  'digest.noneYoursTitle': 'あなたが追加できるものはありません',
  'digest.noneYours':
    '組織の記録にあるサブスクリプションのパートナー オブ レコードは、どれもあなたには変更できません。決めるのはテナントの' +
    '所有者 (管理者) ロールで、Azure サブスクリプションの場合は Azure でのそのサブスクリプションの所有者です。すべての' +
    'サブスクリプションは [状態] で確認できます。',
  'digest.dismissedTitle': 'これらのリマインダーを停止しました',
  'digest.dismissed':
    '{count, plural, =1 {このサブスクリプション} other {これらの {count} 件のサブスクリプション}}については、今後お知らせ' +
    'しません。これからは、後で追加されたサブスクリプションについてだけお知らせします。',
  'answer.ownerConfirmed':
    '{partner} は、{subscription} で組織と協力していることを {when} に確認しました。これは組織独自の記録に対する' +
    'パートナーの回答であり、Microsoft 側では何も変わりません。',
  'answer.ownerDeclinedTitle': '{partner} は {subscription} のパートナー オブ レコードになることを辞退しました',
  'answer.ownerDeclinedReason': '理由: {reason}',
  'answer.ownerDeclinedNoReason': '理由は示されていません。',
  'answer.ownerDeclinedNext':
    '記録には引き続きこのパートナーが記載されています。パートナー オブ レコードを変更するか、削除できます。',
  'mailNotice.sent':
    '{partnerName} に、{subscriptionName} のパートナー オブ レコード{template, select, added {になった} other {ではなくなった}}ことをメール ({partnerEmail}) でお知らせしました。',
  'mailNotice.filed':
    '{partnerName} ({partnerEmail}) に {subscriptionName} のパートナー オブ レコード{template, select, added {になった} other {ではなくなった}}ことを伝えるメールは、ボットのメール フォルダーに保存されただけで、送信されていません。このボットにはメール サーバーがありません。',
  'mailNotice.failed':
    '{partnerName} ({partnerEmail}) に {subscriptionName} のパートナー オブ レコード{template, select, added {になった} other {ではなくなった}}ことをメールでお知らせできませんでした。',
  'mailNotice.changeSaved': '変更自体は保存されています。',
  'mailNotice.setUpMail':
    'パートナーにはご自身でお知らせいただき、このボットの管理者にメール サーバーの設定を依頼してください。',
  'mailNotice.checkMail':
    'パートナーにはご自身でお知らせいただき、このボットの管理者にメール設定の確認を依頼してください。',
  'mailNotice.lastError': '(最後のエラー: {reason})',

  'readOnly.serviceAdmin':
    'サービス管理者はサービスを管理できますが、パートナー オブ レコードを追加、変更、削除できるのは所有者 (管理者) ' +
    'ロールだけです。',
  'readOnly.coAdmin':
    '共同管理者はパートナー オブ レコードを追加、変更、削除できません。これができるのは所有者 (管理者) ロールだけです。',
  'readOnly.delegatedAdmin':
    '委任管理者として操作するパートナーは、パートナー オブ レコードを設定できません。お客様の組織の所有者 (管理者) ' +
    'が行う必要があります。',
  'readOnly.member': 'パートナー オブ レコードを追加、変更、削除できるのは、組織の所有者 (管理者) ロールだけです。',
  'readOnly.activateInPim':
    '所有者ロールの資格はありますが、現在アクティブではありません。Privileged Identity Management でロールを' +
    'アクティブにしてから、もう一度お試しください。',
  'readOnly.groupsAndPimUnseen':
    'グループまたは Privileged Identity Management で割り当てられたロールを確認できませんでした。管理者が ' +
    'RoleAssignmentSchedule.Read.Directory、RoleEligibilitySchedule.Read.Directory、GroupMember.Read.All をまだ' +
    '許可していません。',
  'readOnly.askOwners': '{owners} に依頼してください。',
  'readOnly.askTheOwner': '組織の所有者 (管理者) に依頼してください。',
  'readOnly.lookButNotChange': '表示はできますが、変更はできません。',
  'readOnly.anonymous':
    '組織のディレクトリにあなたが見つからなかったため、ヘルプしか表示できません。パートナー オブ レコードを追加、' +
    '変更、削除できるのは所有者 (管理者) ロールだけです。',

  'button.cancel': 'キャンセル',
  'button.refresh': '更新',
  'button.next': '次へ',
  'button.previousPage': '前のページ',
  'button.nextPage': '次のページ',
  'field.subscription': 'サブスクリプション',
  'field.currentPartner': '現在のパートナー',
  'partner.none': 'なし',
  'text.sentence': '{text}。',

  'upstream.graph': 'Microsoft のディレクトリ',
  'upstream.arm': 'Azure Resource Manager',
  'upstream.entra': 'Microsoft のサインイン サービス',
  'upstream.partnerCenter': 'Microsoft のパートナー登録システム',
  'upstream.store': 'ボットのデータベース',
  'wait.seconds': '{seconds, plural, other {# 秒後}}',
  'wait.minutes': '{minutes, plural, other {約 # 分後}}',
  'notice.notAnswering.title': '{upstream}が応答していません',
  'notice.notAnswering.message':
    '{upstream}に接続できなかったため、何も変更されていません。1 分ほどしてからもう一度お試しください。',
  'notice.notAnswering.hint':
    '問題は Microsoft 側またはこちら側にあり、お客様の操作によるものではありません。パートナー オブ レコードは' +
    '変わっていません。',
  'notice.unconfirmed.title': '変更を確認できませんでした',
  'notice.unconfirmed.message':
    '{upstream}が変更の保存中に応答しなくなったため、変更が保存されたかどうかわかりません。同じ変更をもう一度' +
    '送信しても問題ありません。保存されるのは最大 1 回で、現在の状態を確認できます。',
  'notice.unconfirmed.hint':
    'それでもうまくいかない場合は、1 分ほどしてからもう一度お試しください。現在の状態は [状態] で確認できます。',
  'notice.sendAgain': 'もう一度送信',
  'notice.unidentified.title': 'どなたか確認できませんでした',
  'notice.unidentified.message':
    'メッセージに Microsoft Entra の ID が含まれていなかったため、ロールを確認できません。職場アカウントで' +
    'サインインした Microsoft Teams からこのチャットを開き、もう一度お試しください。',
  'notice.wentWrong.title': 'こちら側で問題が発生しました',
  'notice.wentWrong.message':
    '処理を完了できませんでした。しばらくしてからもう一度お試しください。現在の状態は [状態] で確認できます。',
  'notice.tooLarge.title': '応答が大きすぎて表示できません',
  'notice.tooLarge.message':
    'Teams ではこれほど大きなカードを表示できません。[状態] を開くと、サブスクリプションをページごとに確認できます。',
  'notice.unreadable.title': 'そのカードは使用できませんでした',
  'notice.unreadable.message': '{reason}何も変更されていません。',
  'notice.unreadable.hint': 'ここからもう一度始めてください。',
  'notice.unreadable.malformed': 'アクションを読み取れませんでした。',
  'notice.unreadable.tooLarge': 'このアクションには、どのカードが送信するよりも多くのデータが含まれていました。',
  'notice.unreadable.unknownCard': 'このボタンは、現在は対応していないカードのものです。',
  'notice.unreadable.invalidData': 'このカードから送信されたデータが無効です。',
  'notice.stale.title':
    '{shownOn, select, page {このページ} other {このカード}}の表示後に、このサブスクリプションが変更されました',
  'notice.stale.message':
    '{shownOn, select, page {このページ} other {このカード}}の表示後に {subscription} のパートナー オブ レコードが' +
    '変更されたため、何も変更していません。',
  'notice.stale.partnerNow': '現在のパートナー オブ レコード: {partner}。',
  'notice.stale.hint': '現在の状態は次のとおりです。これを基にもう一度判断してください。',
  'notice.stale.partnerNowTitle': '現在のパートナー オブ レコード',
  'notice.stale.lastChangeTitle': '最後の変更',
  'notice.selectionChanged.title':
    '{shownOn, select, page {このページ} other {このカード}}の表示後に、サブスクリプションが変更されました',
  'notice.selectionChanged.message':
    '選択したサブスクリプションのうち {count, plural, other {# 件}}が{shownOn, select, page {このページ} other ' +
    '{このカード}}の表示後に変更されたため、どのサブスクリプションも変更していません。',
  'notice.selectionChanged.changed': '変更されたもの: {changes}。',
  'notice.selectionChanged.change': '{subscription} (現在: {partner})',
  'notice.selectionChanged.hint': '現在の状態からもう一度始めてください。',
  'refusal.unknownUser.title': 'この組織のディレクトリにあなたが見つかりません',
  'refusal.unknownUser.message':
    '組織のユーザーの中にあなたが見つからなかったため、ここでは何も変更できません。パートナー オブ レコードを追加、' +
    '変更、削除できるのは所有者 (管理者) ロールだけです。',
  'refusal.unknownUser.hint': 'アクセスできるはずの場合は、組織の所有者 (管理者) に問い合わせてください。',
  'refusal.unknownSubscription.title': 'サブスクリプションが見つかりません',
  'refusal.unknownSubscription.message':
    'このサブスクリプションはあなたの組織のものではないため、何も変更していません。キャンセルされたか、別の組織の' +
    'ものである可能性があります。その場合、パートナー オブ レコードを変更できるのはその組織の所有者 (管理者) だけです。',
  'refusal.stale.title': '表示後にこのサブスクリプションが変更されました',
  'refusal.stale.message': '表示後にパートナー オブ レコードが変更されたため、何も変更していません。',
  'refusal.stale.hint': '現在の状態に対して操作するには、最初からやり直してください。',
  'refusal.alreadyHasPartner.title': 'このサブスクリプションには既にパートナー オブ レコードがあります',
  'refusal.alreadyHasPartner.message': '置き換えるには、パートナーの変更を選んでください。',
  'refusal.noPartnerToChange.title': 'このサブスクリプションにはパートナー オブ レコードがありません',
  'refusal.noPartnerToChange.message': '変更や削除の対象がありません。パートナーを追加することはできます。',
  'refusal.slowDown.title': '操作が少し速すぎます',
  'refusal.slowDown.message':
    '今回は何も変更されていません。直前の 1 分間に変更や Partner ID の確認が多数行われました。{wait}にもう一度' +
    'お試しください。',
  'refusal.slowDown.hint': 'これまでの操作は取り消されていません。現在の状態は [状態] で確認できます。',
  'refusal.partnerId.title': 'Partner ID を確認してください',
  'refusal.partnerId.rule': 'Partner ID は 6～10 桁の数字です。',
  'refusal.partnerId.invalid': '{rule}パートナーから伝えられた ID を確認して、もう一度お試しください。',
  'refusal.partnerId.unknown':
    'Partner ID {partnerId} で登録されているパートナーはありません。パートナーに ID を確認して、もう一度お試しください。',
  'refusal.partnerId.same': 'Partner ID {partnerId} は既にこのサブスクリプションのパートナー オブ レコードです。',
  'refusal.partnerId.other': 'その Partner ID は使用できません。',
  'refusal.azure.title': 'この操作はサブスクリプションの所有者だけが行えます',
  'refusal.azure.why':
    'Azure サブスクリプション {subscriptionName} のパートナー オブ レコードを追加、変更、削除できるのは、その' +
    'サブスクリプションの所有者 (Azure の所有者ロール) だけです。共同作成者、閲覧者、ユーザー アクセス管理者は' +
    '表示はできますが、変更はできません。',
  'refusal.azure.askAnOwner':
    'サブスクリプションの所有者に依頼してください (所有者は Azure portal のサブスクリプションの [アクセス制御 (IAM)] ' +
    'に表示されます)。',
  'refusal.azure.theOwners': 'Azure でのサブスクリプションの所有者',
  'refusal.noneYours.title': 'あなたが変更できるものはありません',
  'refusal.noneYours.attach':
    'パートナー オブ レコードのないサブスクリプションのうち、あなたが追加できるものはありません。',
  'refusal.noneYours.change':
    'パートナー オブ レコードのあるサブスクリプションのうち、あなたが変更できるものはありません。',
  'refusal.noneYours.remove':
    'パートナー オブ レコードのあるサブスクリプションのうち、あなたが削除できるものはありません。',
  'refusal.noneYours.others':
    'それ以外のサブスクリプションのパートナー オブ レコードは、組織の所有者 (管理者) ロールが変更します。',
  'notice.consent.title': '組織でまだ Partner of Record が接続されていません',
  'notice.consent.message':
    'サブスクリプションを表示し、パートナー オブ レコードを変更できるユーザーを確認するには、組織のディレクトリへの' +
    '読み取りアクセスが必要です。グローバル管理者が一度許可すれば、全員が使えるようになります。',
  'notice.consent.hint':
    'グローバル管理者でない場合は、これをグローバル管理者に転送してください。それ以外のユーザーには、Microsoft の' +
    'ページで承認を要求するよう案内されます。',
  'notice.consentInTab':
    '組織でまだ Partner of Record に読み取りアクセスが許可されていません。グローバル管理者が、ボットのチャットにある ' +
    '[アクセスを許可] ボタンで許可できます。',
  'grantAccess.fallback': '{title}。{message}アクセスを許可: {grantUrl}',
  'grantAccess.whoCanTitle': '許可できるユーザー',
  'grantAccess.whoCan': '組織のグローバル管理者',
  'grantAccess.readsTitle': '読み取る情報',
  'grantAccess.reads': 'サブスクリプション、管理者ロールの割り当て、ユーザー名',
  'grantAccess.changesTitle': '変更する情報',
  'grantAccess.changes': 'ディレクトリ内の情報は何も変更しません',
  'grantAccess.grant': 'アクセスを許可',
  'grantAccess.tryAgain': '許可しました: もう一度試す',
  'grantAccess.azureStep':
    'Azure サブスクリプションは Azure Resource Manager から読み取ります。アプリに表示されるのは、ロールが割り当て' +
    'られたサブスクリプションだけです。すべてを表示できるようにするには、所有者またはユーザー アクセス管理者が次の' +
    "コマンドを一度実行します: {command} (サブスクリプションごとに割り当てる場合は --scope /subscriptions/'<'" +
    'サブスクリプション ID> を指定します)。',
  'notice.nothingChanged': '何も変更されていません。',
  'notice.cancelled': 'キャンセルしました',
  'notice.didNotCatch.title': 'よくわかりませんでした',
  'notice.didNotCatch.message':
    '「{attach}」、「{change}」、「{remove}」、「{status}」、「{help}」のいずれかを入力してください。',
  'notice.typedPartnerId.title': 'どのサブスクリプションの ID ですか?',
  'notice.typedPartnerId.message':
    'Partner ID のようですが、まだ ID をお尋ねしていません。「{attach}」または「{change}」から始めて、その後で' +
    '入力してください。',
  'notice.everyHasPartner.title': 'すべてのサブスクリプションにパートナー オブ レコードがあります',
  'notice.everyHasPartner.message':
    'パートナー オブ レコードのないサブスクリプションはありません。パートナーを置き換えるには、変更を選んでください。',
  'notice.noneHasPartner.title': 'パートナー オブ レコードのあるサブスクリプションはありません',
  'notice.noneHasPartner.message':
    '{mode, select, remove {削除} other {変更}}できるパートナー オブ レコードがありません。先に追加してください。',
  'notice.noChangeRecorded': 'このサブスクリプションには変更の記録がありません。パートナー オブ レコード: {partner}。',

  'change.title.attach': 'パートナー オブ レコードを追加',
  'change.title.change': 'パートナー オブ レコードを変更',
  'change.title.remove': 'パートナー オブ レコードを削除',
  'pick.promptWithout':
    'どのサブスクリプションですか? 次のサブスクリプションにはまだパートナー オブ レコードがありません。',
  'pick.promptWith': 'どのサブスクリプションですか? 次のサブスクリプションには現在パートナー オブ レコードがあります。',
  'pick.fallback': '{title}: サブスクリプションを選んでください。',
  'pick.chooseError': 'サブスクリプションを選んでください。',
  'pick.placeholder': 'サブスクリプションを選択',
  'pick.showing': '{total} 件中 {from}～{to} 件を表示しています。',
  'pick.noneOfService.title': '選べる {service} のサブスクリプションはありません',
  'pick.noneOfService.message':
    '{mode, select, attach {{service} のサブスクリプションには、すべてパートナー オブ レコードが設定されています。} other {パートナー オブ レコードが設定された {service} のサブスクリプションはありません。}}すべてのサブスクリプションから選んでください。',
  'pick.several': '複数をまとめて',
  'pick.allOfPartner': 'あるパートナーのすべてのサブスクリプション',
  'pick.more': 'さらに表示',
  'partnerId.fallback': '{title}: {service}: {subscriptionName} の Partner ID を入力してください。',
  'partnerId.label': 'Partner ID',
  'partnerId.placeholder': '6～10 桁の数字 (例: 1234567)',
  'partnerId.hint':
    'Partner ID (Microsoft パートナー ネットワーク ID) はパートナーから教えてもらえます。メッセージとして入力することも' +
    'できます。',
  'partnerId.check': 'ID を確認',
  'confirm.question': 'このパートナーで間違いありませんか?',
  'confirm.fallback':
    'Partner ID {partnerId} は {partnerName} です。送信すると、{service}: {subscriptionName} のパートナー オブ レコード' +
    'として記録します。',
  'confirm.registeredTo': 'Partner ID {partnerId} の登録先:',
  'confirm.whatSubmitDoes':
    '送信すると、組織独自の記録に {partnerName} をパートナー オブ レコードとして記録します。Microsoft 側では何も' +
    '変わりません。',
  'confirm.submit': '送信',
  'confirm.changeId': 'ID を変更',
  'done.title.attach': 'パートナー オブ レコードを追加しました',
  'done.title.change': 'パートナー オブ レコードを変更しました',
  'done.title.remove': 'パートナー オブ レコードを削除しました',
  'done.since.attach': 'その後: パートナー オブ レコードが追加されました',
  'done.since.change': 'その後: パートナー オブ レコードが変更されました',
  'done.since.remove': 'その後: パートナー オブ レコードが削除されました',
  'done.nowPartner': '{subscriptionName} のパートナー オブ レコードは {partnerName} になりました。',
  'done.noPartnerNow': '{subscriptionName} のパートナー オブ レコードはなくなりました。',
  'email.willBeTold': '{partnerName} にはメールでお知らせします。',
  'email.noMailServer':
    '{partnerName} にはメールが送信されません。このボットにはメール サーバーがないため、メールはボットのメール フォルダーに' +
    '保存されるだけです。パートナーにはご自身でお知らせください。',
  'email.noContact':
    '{partnerName} にはメールを送信していません。Partner ID {partnerId} の連絡先アドレスが不明なためです。' +
    'パートナーにはご自身でお知らせください。',
  'card.titleAndMessage': '{title}。{message}',
  'done.partnerOfRecord': 'パートナー オブ レコード',
  'done.previousPartner': '以前のパートナー',
  'done.by': '実行者',
  'done.when': '日時',
  'done.ownRecord':
    'これは組織独自の記録です。Microsoft 側では何も変更されていません。Microsoft がサブスクリプションについて表示する' +
    '内容は、Microsoft 365 管理センターの [課金情報] > [お使いの製品] で確認できます。',
  'done.azureNote': 'Azure サブスクリプションは Azure portal の [サブスクリプション] ページで確認できます。',
  'done.addAnother': '別のサブスクリプションに追加',
  'done.changeAnother': '別のサブスクリプションで変更',
  'done.removeAnother': '別のサブスクリプションで削除',
  'done.adminCenter': 'Microsoft 365 管理センター',
  'done.azurePortal': 'Azure portal',

  'remove.fallback': '{service}: {subscriptionName} のパートナー オブ レコードから {partnerName} を削除しますか?',
  'remove.question': 'パートナー オブ レコードを削除しますか?',
  'remove.whatRemoveDoes':
    'このサブスクリプションにはパートナー オブ レコードがないものとして記録します。Microsoft 側では何も変わりません。',
  'remove.submit': '削除',

  'several.count': '{count, plural, =1 {この 1 件のサブスクリプション} other {これら # 件のサブスクリプション}}',
  'several.pick.title': '複数のサブスクリプションにパートナー オブ レコードを追加',
  'several.pick.prompt':
    '同じパートナーを追加する、パートナーのないサブスクリプションを選んでください (最大 {max} 件)。{count} 件すべてを' +
    '選ぶこともできます。',
  'several.pick.fallback': '{title}: サブスクリプションを選んでください。',
  'several.pick.label': 'サブスクリプション',
  'several.pick.ticked': '{count, plural, other {これまでに # 件を選択しました。}}',
  'several.pick.tickedElsewhere': '他のページで選択済み',
  'several.pick.all': 'すべて: パートナー オブ レコードのないすべてのサブスクリプション',
  'several.move.title': 'サブスクリプションを別のパートナーに移す',
  'several.move.prompt':
    'どのパートナーのサブスクリプションを移しますか? そのパートナーのすべてのサブスクリプションに、次に指定する' +
    'パートナーを記録します。',
  'several.move.fallback': '{title}: サブスクリプションを移す元のパートナーを選んでください。',
  'several.move.label': '移動元のパートナー',
  'several.move.chooseError': 'パートナーを選んでください。',
  'several.move.choice': '{partnerName} のすべてのサブスクリプション ({count} 件)',
  'several.form.fallback': '{title}: {countText}の Partner ID を入力してください。',
  'several.form.for': '対象: {countText}',
  'several.form.line': '{subscription} (現在: {partner})',
  'several.form.hint':
    'すべてに同じパートナーを記録します。Partner ID (Microsoft パートナー ネットワーク ID) はパートナーから教えて' +
    'もらえます。',
  'several.confirm.fallback':
    '送信すると、{partnerName} (Partner ID {partnerId}) を{countText}のすべてに記録します。1 件でも記録できない場合は、' +
    'どれにも記録しません。',
  'several.confirm.subscriptions': '対象のサブスクリプション: {countText}',
  'several.confirm.now': '現在のパートナー オブ レコード: {currentText}',
  'several.confirm.whatSubmitDoes':
    '送信すると、組織独自の記録に {partnerName} を{countText}のパートナー オブ レコードとして記録します。途中で' +
    'どれかが変更されていた場合は、どれにも記録しません。Microsoft 側では何も変わりません。',
  'several.done.title.attach':
    '{count, plural, other {# 件}}のサブスクリプションにパートナー オブ レコードを追加しました',
  'several.done.title.change':
    '{count, plural, other {# 件}}のサブスクリプションのパートナー オブ レコードを変更しました',
  'several.done.nowPartner':
    '{count, plural, =1 {この 1 件のサブスクリプション} other {これら # 件のサブスクリプション}}のパートナー オブ ' +
    'レコードは {partnerName} になりました。',
  'several.done.before': '以前のパートナー オブ レコード: {partner}',
  'several.done.row': '{subscription} (参照番号 {reference})',
  'several.done.rowChangedSince': '{subscription} (参照番号 {reference})。その後変更されました (現在: {partner})',
  'several.done.byWhen': '{when} に {actorName} が実行しました。',
  'several.email.overtaken':
    'この操作のパートナーへのメール: その後サブスクリプションが変更されたため、ここには表示されなくなりました',
  'several.notFound.title': '変更が見つかりません',
  'several.notFound.message': 'これらの変更は組織の記録にありません。',
  'several.none.title': 'サブスクリプションが選ばれていません',
  'several.none.message': 'サブスクリプションを 1 件以上選ぶか、すべてを選んでください。何も変更されていません。',
  'several.tooMany.title': 'サブスクリプションが {max} 件を超えています',
  'several.tooMany.message':
    '1 回の操作で変更できるのは {max} 件までです。{max} 件以内で選んでください。何も変更されていません。',
  'several.twice.title': '同じサブスクリプションが 2 回送信されました',
  'several.twice.message': 'サブスクリプションの選択からやり直してください。何も変更されていません。',

  'status.title': 'パートナー オブ レコード: {tenantName}',
  'status.fallback': '{tenantName} のパートナー オブ レコード: {summary}',
  'status.noSubscriptions': 'あなたの組織のサブスクリプションは見つかりませんでした。',
  'status.range': '{total} 件中 {from}～{to} 件目のサブスクリプション。',
  'status.rangePaged': '{total} 件中 {from}～{to} 件目のサブスクリプション ({pageCount} ページ中 {page} ページ目)。',
  'status.everyHasPartner': 'すべてにパートナー オブ レコードがあります。',
  'status.withoutPartner': '{count, plural, other {{count} 件}}にパートナー オブ レコードがありません。',
  'status.partner': 'パートナー オブ レコード: {partner}',
  'status.noPartner': 'パートナー オブ レコードなし',
  'status.change': '変更',
  'status.remove': '削除',
  'status.attached': '{when} に {actorName} が追加',
  'status.changed': '{when} に {actorName} が変更',
  'status.removed': '{when} に {actorName} が削除',
  'status.email.sent': 'パートナーにメールで通知済み',
  'status.email.filed': 'パートナーへのメールは未送信 (メール サーバーなし): ボットのメール フォルダーにあります',
  'status.email.pending': 'パートナーへのメールはまだ送信されていません',
  'status.email.failed': 'パートナーへのメールの送信に失敗しました: パートナーにはご自身でお知らせください',
  'status.email.noContact': 'パートナーには未通知: 連絡先アドレスが不明です',
  'status.confirmed': '{day} に {partnerName} が確認',
  'status.declined': '{day} に {partnerName} が辞退',
  'status.declinedBecause': '{said}: {reason}',
  'status.azureNoneVisible':
    'アプリから見える Azure サブスクリプションがありません。お持ちの場合は、アプリに閲覧者ロールを付与してください。',
  'status.azureNoneVisibleCommand':
    'アプリから見える Azure サブスクリプションがありません。お持ちの場合は、アプリに閲覧者ロールを付与してください: {command}',
  'status.azureUnreadable':
    '現在 Azure Resource Manager から Azure サブスクリプションを読み取れなかったため、ここには表示されていません。',
  'status.microsoft365Unreadable':
    '現在 Microsoft のディレクトリから Microsoft 365 サブスクリプションを読み取れなかったため、Azure のものだけを表示しています。',

  'notOwner.title': 'この操作は所有者だけが行えます',
  'notOwner.hint': '状態の表示は引き続きできます。',
  'notOwner.yourRole': 'あなたのロール',
  'notOwner.whoCan': '操作できるユーザー',
  'notOwner.theOwner': '組織の所有者 (管理者)',
  'role.owner': '所有者 (管理者)',
  'role.serviceAdmin': 'サービス管理者',
  'role.coAdmin': '共同管理者',
  'role.delegatedAdmin': '委任管理者 (パートナー)',
  'role.member': 'ユーザー',

  'tab.title': 'パートナー オブ レコード',
  'tab.about.record': '各サブスクリプションのパートナー オブ レコードについての組織独自の記録と、各変更の履歴です。',
  'tab.about.microsoft':
    'Microsoft 側では何も変更されません。Microsoft 自身がサブスクリプションについて表示する内容は {adminCenter} の [課金情報] > [お使いの製品] で、Azure の場合は {azurePortal} で確認できます。',
  'tab.outsideTeams':
    'このページは Partner of Record アプリの [パートナー] タブですが、Microsoft Teams の中で実行されていません。サインインするには、Teams のアプリから開いてください。',
  'tab.who': '{userName}、{role}、{tenantName}',
  'tab.dev.badge': '開発専用',
  'tab.dev.title': 'ローカル開発用サインイン',
  'tab.dev.intro':
    'ローカルでのテスト専用です。ボットはアプリ登録なしで動作しているため、Teams のサインインはありません。{directory}からユーザーを選んでください。',
  'tab.dev.directory.bot': 'ボットのディレクトリ',
  'tab.dev.directory.graph': 'ボットが Microsoft Graph を通じて読み取る Microsoft Entra ID ディレクトリ',
  'tab.dev.directory.demo': 'デモ データのディレクトリ ({seedFile})',
  'tab.dev.directory.seed': 'シード ファイル {seedFile} のディレクトリ',
  'tab.dev.signInAs': 'サインインするユーザー',
  'tab.dev.signIn': 'サインイン',
  'tab.dev.failed': 'サインインできませんでした。',
  'tab.signingIn': 'Teams でサインインしています…',
  'tab.teamsFailed': 'Teams に接続できませんでした: {error}。タブを再読み込みして、もう一度お試しください。',
  'tab.signInTimedOut':
    '{seconds, plural, other {Teams からサインイン情報を受け取れませんでした。2 回要求しましたが、どちらも # 秒以内に応答がありませんでした。もう一度お試しください。繰り返し起こる場合は、タブを再読み込みするか、Teams を再起動してください。}}',
  'tab.signInFailed':
    'Teams でサインインできませんでした: {error}。もう一度お試しください。繰り返し起こる場合は、タブを再読み込みしてください。',
  'tab.signInAgain': '{message}タブを再読み込みして、もう一度サインインしてください。',
  'tab.tryAgain': '再試行',
  'tab.requestFailed': '要求が失敗しました ({status})。',
  'tab.couldNotStart': 'ページを開始できませんでした: {error}',
  'tab.selection.attach': '選択したものに追加',
  'tab.selection.change': '選択したものを変更',
  'tab.selection.count': '{count} 件を選択中',
  'tab.selection.noneWithout': '選択したサブスクリプションには、どれもすでにパートナー オブ レコードがあります。',
  'tab.selection.noneWith': '選択したサブスクリプションには、パートナー オブ レコードがあるものがありません。',
  'tab.selection.tooMany': '1 回の操作で選択できるサブスクリプションは {max} 件までです。',
  'tab.table.caption': '組織のサブスクリプションとそのパートナー オブ レコード',
  'tab.column.service': 'サービス',
  'tab.column.lastChange': '最後の変更',
  'tab.column.email': 'パートナーへのメール',
  'tab.column.actions': '操作',
  'tab.action.attach': '追加',
  'tab.action.history': '履歴',
  'tab.action.label': '{action}: {subscription}',
  'tab.action.select': '選択: {subscription}',
  'tab.export': '履歴をダウンロード (CSV)',
  'tab.dialog.attachOne': '{subscription} にパートナー オブ レコードを追加',
  'tab.dialog.changeOne': '{subscription} のパートナー オブ レコードを変更',
  'tab.dialog.attachSeveral': '{count, plural, other {# 件のサブスクリプションにパートナー オブ レコードを追加}}',
  'tab.dialog.changeSeveral': '{count, plural, other {# 件のサブスクリプションのパートナー オブ レコードを変更}}',
  'tab.dialog.current': '現在のパートナー: {partner}',
  'tab.dialog.nowPartner': '{subscription} (現在: {partner})',
  'tab.check.registeredTo': 'Partner ID {partnerId} は {partnerName} として登録されています。',
  'tab.remove.title': 'パートナー オブ レコードを削除しますか?',
  'tab.remove.text':
    '{partner} は {subscription} のパートナー オブ レコードではなくなります。このことはメールで {partner} に通知されます。',
  'tab.history.title': '履歴: {subscription}',
  'tab.history.none': 'このアプリを使った変更はまだありません。',
  'tab.history.fromTo': '{oldPartner} から {newPartner} へ。',
  'tab.history.close': '閉じる',
};

export const jaAliases: CommandAliases = {
  welcome: ['こんにちは', 'メニュー', '開始'],
  help: ['使い方', 'サポート'],
  status: ['ステータス', '一覧', 'サブスクリプション一覧'],
  attach: ['追加', 'パートナー追加'],
  change: ['変更', 'パートナー変更'],
  remove: ['削除', 'パートナー削除'],
  cancel: ['キャンセル', '中止', 'やめる'],
};
