import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../bot/config';
import { AZURE_OWNERS_RULE } from '../../bot/wording/azure';
import { askOwners, noneYouMayChange, readOnlyReason, refusalFor, whyRoleMayNotAct } from '../../bot/wording/refusals';

describe('wording: whom to ask', () => {
  it('any one of the owners will do: "Ask A or B", in the chat and the tab alike', () => {
    assert.equal(askOwners(['Ada Owner', 'Olu Owner']), 'Ask Ada Owner or Olu Owner.');
    assert.equal(askOwners(['Ada Owner', 'Olu Owner', 'Ines Owner']), 'Ask Ada Owner, Olu Owner or Ines Owner.');
    assert.match(
      readOnlyReason('member', ['Ada Owner', 'Olu Owner']),
      /Ask Ada Owner or Olu Owner\. You can look, but not change\.$/,
    );
    // The tab shows the server's sentence; it composes none of its own.
    const tab = readFileSync(path.join(REPO_ROOT, 'tab', 'tab.js'), 'utf8');
    assert.doesNotMatch(tab, /Ask \$\{/);
    assert.match(tab, /me\.readOnlyReason/);
  });
});

describe('wording: roles through groups and PIM', () => {
  it('tells someone only eligible to activate the role in PIM, in the refusal and beside the status alike', () => {
    const refusal = refusalFor({ code: 'notOwner', role: 'member', owners: ['Ada Owner'], note: 'activateInPim' });
    assert.match(
      refusal.message,
      /activate the role in Privileged Identity Management, then try again\. Ask Ada Owner\.$/,
    );
    assert.match(
      readOnlyReason('member', ['Ada Owner'], 'activateInPim'),
      /activate the role in Privileged Identity Management/,
    );
  });

  it('says what could not be checked when the permissions are not granted, and nothing without a note', () => {
    assert.match(
      whyRoleMayNotAct('serviceAdmin', 'groupsAndPimUnseen'),
      /I could not check roles given through groups or Privileged Identity Management: your admin has not granted RoleAssignmentSchedule\.Read\.Directory, RoleEligibilitySchedule\.Read\.Directory and GroupMember\.Read\.All yet\.$/,
    );
    assert.doesNotMatch(whyRoleMayNotAct('member'), /Privileged Identity Management/);
    assert.equal(whyRoleMayNotAct('owner', 'activateInPim'), '');
  });
});

describe("wording: an Azure subscription's own Owners", () => {
  it('tells a read-only person of them only where the tenant has Azure subscriptions they decide', () => {
    const withAzure = readOnlyReason('member', ['Ada Owner'], undefined, true);
    assert.ok(withAzure.includes(`Ask Ada Owner. ${AZURE_OWNERS_RULE} You can look, but not change.`), withAzure);
    assert.ok(!readOnlyReason('member', ['Ada Owner']).includes(AZURE_OWNERS_RULE));
  });

  it('says why a picker offers nothing: what this person may not do, and who decides which subscription', () => {
    const refusal = noneYouMayChange('change');
    assert.match(refusal.message, /^You may change the partner of record of none of the subscriptions that have one\./);
    assert.ok(refusal.message.includes(AZURE_OWNERS_RULE));
    assert.match(
      refusal.message,
      /Any other subscription's is changed by your organization's owner \(administrator\) role\.$/,
    );
  });
});
