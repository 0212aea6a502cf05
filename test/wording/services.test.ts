import { strict as assert } from 'node:assert';
import { SERVICES } from '../../bot/core';
import { SERVICE_NAMES, serviceOfWords, subscriptionTitle } from '../../bot/wording/services';

describe('service names', () => {
  it("names every service by today's name, keeping the old one where it changed", () => {
    assert.equal(SERVICE_NAMES['CRM Online'], 'Dynamics 365 (CRM Online)');
    assert.equal(SERVICE_NAMES.AX7, 'Dynamics 365 Finance and Operations (AX7)');
    assert.equal(
      subscriptionTitle({ service: 'Intune', name: 'Contoso devices' }),
      'Microsoft Intune: Contoso devices',
    );
    for (const service of SERVICES) assert.ok(SERVICE_NAMES[service].length > 0, service);
  });

  it('takes typed old and new names alike, and its own shown name', () => {
    assert.equal(serviceOfWords('CRM Online'), 'CRM Online');
    assert.equal(serviceOfWords('dynamics 365'), 'CRM Online');
    assert.equal(serviceOfWords('Finance  and Operations'), 'AX7');
    assert.equal(serviceOfWords('EMS'), 'Enterprise Mobility Suite');
    assert.equal(serviceOfWords('Enterprise Mobility + Security'), 'Enterprise Mobility Suite');
    assert.equal(serviceOfWords('Microsoft 365'), 'Office 365');
    for (const service of SERVICES) {
      assert.equal(serviceOfWords(service), service);
      assert.equal(serviceOfWords(SERVICE_NAMES[service]), service);
    }
    assert.equal(serviceOfWords('exchange'), undefined);
  });
});
