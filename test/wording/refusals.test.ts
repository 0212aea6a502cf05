import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../bot/config';
import { askOwners, readOnlyReason } from '../../bot/wording/refusals';

describe('wording: whom to ask', () => {
  it('any one of the owners will do: "Ask A or B", in the chat and the tab alike', () => {
    assert.equal(askOwners(['Ada Owner', 'Olu Owner']), 'Ask Ada Owner or Olu Owner.');
    assert.equal(askOwners(['Ada Owner', 'Olu Owner', 'Ines Owner']), 'Ask Ada Owner, Olu Owner or Ines Owner.');
    assert.match(readOnlyReason('member', ['Ada Owner', 'Olu Owner']), /Ask Ada Owner or Olu Owner\. You can look, but not change\.$/);
    // The tab shows the server's sentence; it composes none of its own.
    const tab = readFileSync(path.join(REPO_ROOT, 'tab', 'tab.js'), 'utf8');
    assert.doesNotMatch(tab, /Ask \$\{/);
    assert.match(tab, /me\.readOnlyReason/);
  });
});
