import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { indexSkuCatalog, productForSku, skuCatalogSize } from '../../bot/adapters/graph/skuCatalog';
import { serviceForSku } from '../../bot/adapters/graph/skuServices';
import { SERVICES } from '../../bot/core';
import {
  buildCatalog,
  catalogFromFile,
  catalogJson,
  LicensingInputError,
  parseCsv,
  readLicensingRows,
  rowsFromCsv,
  rowsFromMarkdown,
  type SkuCatalogFile,
} from '../../scripts/buildSkuCatalog';

const ROOT = path.join(__dirname, '..', '..');
const FIXTURES = path.join(__dirname, '..', 'fixtures', 'licensing');
const FIXTURE_CSV = path.join(FIXTURES, 'licensing.csv');
const FIXTURE_MD = path.join(FIXTURES, 'licensing.md');
const COMMITTED = path.join(ROOT, 'bot', 'adapters', 'graph', 'skuCatalog.json');
const SCRIPT = path.join(ROOT, 'scripts', 'buildSkuCatalog.ts');

function committedCatalog(): SkuCatalogFile {
  return JSON.parse(fs.readFileSync(COMMITTED, 'utf8')) as SkuCatalogFile;
}

/** The fixtures' products, as both fixtures must give them. */
const FIXTURE_SKUS = {
  CRM_AUTO_ROUTING_ADDON: {
    skuId: '977464c4-bfaf-4b67-b761-a9bb735a2196',
    productName: 'Dynamics 365 Field Service, Enterprise Edition - Resource Scheduling Optimization',
    service: 'CRM Online',
  },
  DYN365_FINANCE: {
    skuId: '55c9eb4e-c746-45b4-b255-9ab6b19d5c62',
    productName: 'Dynamics 365 Finance',
    service: 'AX7',
  },
  EMS: {
    skuId: 'efccb6f7-5641-4e0e-bd10-b4976e1bf68e',
    productName: 'Enterprise Mobility + Security E3',
    service: 'Enterprise Mobility Suite',
  },
  ENTERPRISEPACK: {
    skuId: '6fd2c87f-b296-42f0-b197-1e91e994b900',
    productName: 'Office 365 E3',
    service: 'Office 365',
  },
  INTUNE_A: { skuId: '061f9ace-7d42-4136-88ac-31dc755f143f', productName: 'Intune', service: 'Intune' },
  MCOCAP_FACULTY: {
    skuId: '420c7602-7f70-4895-9394-d3d679ea36fb',
    productName: 'Microsoft Teams Shared Devices for Faculty',
    service: 'Office 365',
  },
  MCOPSTN5: {
    skuId: 'd43177b5-475b-4880-92d4-d54c27b5efbd',
    productName: 'Skype for Business PSTN Calling Domestic Small',
    service: 'Office 365',
  },
  POWER_BI_PRO: { skuId: 'f8a1db68-be16-40ed-86d5-cb42ce701560', productName: 'Power BI Pro', service: 'Power BI' },
};

describe("SKU catalog: reading Microsoft's licensing list", () => {
  it('parses RFC 4180 CSV: BOM, quoted commas, doubled quotes, line breaks in quotes, CRLF and LF', () => {
    const text = '\uFEFFa,b,c\r\n"x, y","say ""hi""","two\r\nlines"\nlast,,\r\n';
    assert.deepEqual(parseCsv(text), [
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'two\r\nlines'],
      ['last', '', ''],
    ]);
    assert.deepEqual(parseCsv('a,b'), [['a', 'b']], 'a last line without a line break');
    assert.throws(() => parseCsv('a,"b\r\n'), LicensingInputError);
  });

  it('reads the CSV fixture as one row per product and service plan, BOM and quotes handled', () => {
    const rows = rowsFromCsv(fs.readFileSync(FIXTURE_CSV, 'utf8'));
    assert.equal(
      rows.filter((r) => r.skuPartNumber === 'ENTERPRISEPACK').length,
      3,
      'a product repeats for each of its service plans',
    );
    assert.deepEqual(rows[0], {
      productName: 'Office 365 E3',
      skuPartNumber: 'ENTERPRISEPACK',
      skuId: '6fd2c87f-b296-42f0-b197-1e91e994b900',
    });
    assert.ok(
      rows.some((r) => r.productName === FIXTURE_SKUS.CRM_AUTO_ROUTING_ADDON.productName),
      'a quoted name keeps its comma',
    );
    // Microsoft's "MCOCAP_FACULTY\u00a0" and its GUID end in a no-break space.
    assert.ok(
      rows.some((r) => r.skuPartNumber === 'MCOCAP_FACULTY' && r.skuId === '420c7602-7f70-4895-9394-d3d679ea36fb'),
    );
  });

  it('builds one entry per String ID from the CSV fixture, sorted, skipping bad ids and keeping the first of two names', () => {
    const { catalog, warnings } = catalogFromFile(FIXTURE_CSV);
    assert.deepEqual(catalog.skus, FIXTURE_SKUS);
    assert.deepEqual(Object.keys(catalog.skus), Object.keys(FIXTURE_SKUS).sort());
    assert.equal(catalog.generatedBy, 'scripts/buildSkuCatalog.ts');
    assert.match(catalog.source, /Product names and service plan identifiers for licensing.*licensing\.csv/);
    assert.equal(warnings.length, 2, warnings.join('\n'));
    assert.ok(warnings.some((w) => w.includes('Windows_365_Business_16_vCPU,_64_GB,_512_GB')));
    assert.ok(
      warnings.some(
        (w) => w.includes('MCOPSTN5') && w.includes('Skype for Business PSTN Domestic Calling (120 Minutes)'),
      ),
    );
  });

  it('gives the same entries from the markdown fixture (tabs, <br/>, a later table), with its date as the source', () => {
    const rows = rowsFromMarkdown(fs.readFileSync(FIXTURE_MD, 'utf8'));
    assert.ok(!rows.some((r) => r.skuPartNumber === 'INTUNE_A_VL'), 'the conflicting-plans table is not read');
    const fromMd = catalogFromFile(FIXTURE_MD).catalog;
    const fromCsv = catalogFromFile(FIXTURE_CSV).catalog;
    assert.deepEqual(fromMd.skus, fromCsv.skus);
    assert.match(fromMd.source, /markdown reference updated 2025-10-29/);
  });

  it("refuses input that is neither Microsoft's CSV nor its markdown", () => {
    assert.throws(
      () => readLicensingRows('products.csv', 'Name,Id\r\nOffice,E3\r\n'),
      /not Microsoft's licensing CSV: the header has no Product_Display_Name column/,
    );
    assert.throws(
      () => readLicensingRows('page.md', '# Licensing\n\n| Name | Id |\n| --- | --- |\n| a | b |\n'),
      /no table/,
    );
    assert.throws(() => readLicensingRows('data.json', '{"skus": {}}'), LicensingInputError);
    assert.throws(() => readLicensingRows('empty.csv', 'Product_Display_Name,String_Id,GUID\r\n'), /no products/);
  });

  it('the script writes the catalog and a summary, and fails clearly on an unreadable or unrecognised input', function () {
    this.timeout(30_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'por-skus-'));
    try {
      const run = (...args: string[]) =>
        spawnSync(process.execPath, ['--require', 'tsx/cjs', SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8' });
      const out = path.join(dir, 'catalog.json');
      const ok = run(FIXTURE_CSV, out);
      assert.equal(ok.status, 0, ok.stderr);
      assert.equal(fs.readFileSync(out, 'utf8'), catalogJson(catalogFromFile(FIXTURE_CSV).catalog));
      assert.match(ok.stdout, /Office 365: 3\n/);
      assert.match(ok.stdout, /Power BI: 1\n/);
      assert.match(ok.stderr, /MCOPSTN5/);

      const missing = run(path.join(dir, 'nope.csv'), out);
      assert.notEqual(missing.status, 0);
      assert.match(missing.stderr, /cannot read .*nope\.csv/);

      const notes = path.join(dir, 'notes.txt');
      fs.writeFileSync(notes, 'just some notes\n');
      const unrecognised = run(notes, out);
      assert.notEqual(unrecognised.status, 0);
      assert.match(unrecognised.stderr, /neither Microsoft's licensing CSV nor its markdown/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('SKU catalog: the committed skuCatalog.json', () => {
  const committed = committedCatalog();

  it("has what the script makes of the fixtures' rows", () => {
    const fromFixture = catalogFromFile(FIXTURE_CSV).catalog;
    for (const [part, entry] of Object.entries(fromFixture.skus)) {
      assert.deepEqual(committed.skus[part], entry, part);
    }
  });

  it('is in step with serviceForSku, sorted, and written as the script writes it', () => {
    for (const [part, entry] of Object.entries(committed.skus)) {
      assert.equal(
        entry.service,
        serviceForSku(part, entry.productName),
        `${part} (${entry.productName}): rerun scripts/buildSkuCatalog.ts`,
      );
    }
    const parts = Object.keys(committed.skus);
    assert.deepEqual(
      parts,
      [...parts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    assert.equal(committed.generatedBy, 'scripts/buildSkuCatalog.ts');
    assert.equal(fs.readFileSync(COMMITTED, 'utf8'), catalogJson(committed));
  });

  it('gives every SKU a name and a service other than Azure, for more than 400 SKUs', () => {
    const services = SERVICES.filter((s) => s !== 'Azure') as readonly string[];
    for (const [part, entry] of Object.entries(committed.skus)) {
      assert.ok(services.includes(entry.service), `${part}: ${entry.service}`);
      assert.ok(entry.productName.trim().length > 0, part);
    }
    assert.ok(Object.keys(committed.skus).length > 400, `${Object.keys(committed.skus).length} SKUs`);
    assert.equal(skuCatalogSize(), Object.keys(committed.skus).length);
  });
});

describe('SKU catalog: productForSku', () => {
  const cases: [string, string, string][] = [
    ['ENTERPRISEPACK', 'Office 365 E3', 'Office 365'],
    ['POWER_BI_PRO', 'Power BI Pro', 'Power BI'],
    ['EMS', 'Enterprise Mobility + Security E3', 'Enterprise Mobility Suite'],
    ['INTUNE_A', 'Intune', 'Intune'],
    ['DYN365_ENTERPRISE_SALES', 'Dynamics 365 for Sales Enterprise Edition', 'CRM Online'],
    ['DYN365_FINANCE', 'Dynamics 365 Finance', 'AX7'],
    ['DYN365_SCM', 'Dynamics 365 for Supply Chain Management', 'AX7'],
    ['SPE_E5', 'Microsoft 365 E5', 'Office 365'],
    ['CRMSTANDARD', 'Microsoft Dynamics CRM Online', 'CRM Online'],
    ['EMSPREMIUM', 'Enterprise Mobility + Security E5', 'Enterprise Mobility Suite'],
  ];
  for (const [part, productName, service] of cases) {
    it(`${part} is ${productName}, ${service}`, () => {
      assert.deepEqual(productForSku(part), { productName, service, known: true });
    });
  }

  it('ignores the case of the part number', () => {
    assert.deepEqual(productForSku('enterprisepack'), {
      productName: 'Office 365 E3',
      service: 'Office 365',
      known: true,
    });
    assert.equal(productForSku('Power_BI_Pro').productName, 'Power BI Pro');
  });

  it('keeps an unknown SKU under its part number, with the service its part number suggests', () => {
    assert.deepEqual(productForSku('CONTOSO_WIDGETS_P1'), {
      productName: 'CONTOSO_WIDGETS_P1',
      service: 'Office 365',
      known: false,
    });
    assert.deepEqual(productForSku('DYN365_CONTOSO_SALES'), {
      productName: 'DYN365_CONTOSO_SALES',
      service: 'CRM Online',
      known: false,
    });
    assert.deepEqual(productForSku('DYN365_CONTOSO_FINANCE'), {
      productName: 'DYN365_CONTOSO_FINANCE',
      service: 'AX7',
      known: false,
    });
    assert.deepEqual(productForSku('PBI_CONTOSO'), { productName: 'PBI_CONTOSO', service: 'Power BI', known: false });
    // Microsoft's list spells some ids with brackets; they are in the catalog like any other.
    assert.deepEqual(productForSku('Microsoft_365_E3_(no_Teams)'), {
      productName: 'Microsoft 365 E3 (no Teams)',
      service: 'Office 365',
      known: true,
    });
    assert.deepEqual(productForSku('CONTOSO_CUSTOM_SKU'), {
      productName: 'CONTOSO_CUSTOM_SKU',
      service: 'Office 365',
      known: false,
    });
  });
});

describe('SKU catalog: serviceForSku', () => {
  const cases: [string, string, string][] = [
    ['POWER_BI_STANDARD', 'Microsoft Fabric (Free)', 'Power BI'],
    ['ENTERPRISEPREMIUM_NOPBIPBX_GOV', 'Office 365 GCC G5 without Power BI and Phone System', 'Office 365'],
    ['Microsoft_Intune_Suite', 'Microsoft Intune Suite', 'Intune'],
    ['IDENTITY_THREAT_PROTECTION_FOR_EMS_E5', 'Microsoft 365 E5 Security for EMS E5', 'Office 365'],
    ['EMS_EDU_FACULTY', 'Enterprise Mobility + Security A3 for Faculty', 'Enterprise Mobility Suite'],
    ['DYN365_RETAIL', 'Dynamics 365 Commerce', 'AX7'],
    ['DYN365_PROJECT_OPERATIONS', 'Dynamics 365 Project Operations', 'AX7'],
    ['Dynamics_365_for_Operations', 'Dynamics 365 UNF OPS Plan ENT Edition', 'AX7'],
    ['AX7_USER_TRIAL', 'Microsoft Dynamics AX7 User Trial', 'AX7'],
    ['PROJECT_MADEIRA_PREVIEW_IW_SKU', 'Dynamics 365 Business Central for IWs', 'AX7'],
    ['DYN365_ENTERPRISE_PLAN1', 'Dynamics 365 Customer Engagement Plan', 'CRM Online'],
    ['DYN365_CUSTOMER_INSIGHTS_BASE', 'Dynamics 365 Customer Insights Standalone', 'CRM Online'],
    ['D365_MARKETING_USER', 'Dynamics 365 for Marketing USL', 'CRM Online'],
    ['PROJECTPREMIUM', 'Project Online Premium', 'Office 365'],
    ['POWERAPPS_PER_USER', 'Power Apps Premium', 'Office 365'],
    ['POWERFLOWGCC_TEST', 'PowerApps & Flow GCC Test - O365 & Dyn365 Plans', 'Office 365'],
    ['MFA_STANDALONE', 'Microsoft Azure Multi-Factor Authentication', 'Office 365'],
    ['Microsoft_365_Copilot', 'Microsoft Copilot for Microsoft 365', 'Office 365'],
  ];
  for (const [part, name, service] of cases) {
    it(`${part} (${name}) is ${service}`, () => {
      assert.equal(serviceForSku(part, name), service);
      assert.equal(serviceForSku(part.toLowerCase(), name.toUpperCase()), service, 'whatever the case');
    });
  }
});

describe('SKU catalog: validation and the compiled build', () => {
  const E3 = {
    productName: 'Office 365 E3',
    skuPartNumber: 'ENTERPRISEPACK',
    skuId: '6fd2c87f-b296-42f0-b197-1e91e994b900',
  };
  const valid = (): SkuCatalogFile => buildCatalog([E3], 'test').catalog;

  it('accepts a catalog the script writes, and refuses Azure, a bad GUID, an empty name or a part number twice', () => {
    assert.equal(indexSkuCatalog(valid()).get('ENTERPRISEPACK')?.productName, 'Office 365 E3');
    const broken = (change: (c: SkuCatalogFile) => void): SkuCatalogFile => {
      const catalog = valid();
      change(catalog);
      return catalog;
    };
    assert.throws(() => indexSkuCatalog(broken((c) => (c.skus.ENTERPRISEPACK!.service = 'Azure'))), /service/);
    assert.throws(() => indexSkuCatalog(broken((c) => (c.skus.ENTERPRISEPACK!.skuId = 'not-a-guid'))), /skuId/);
    assert.throws(() => indexSkuCatalog(broken((c) => (c.skus.ENTERPRISEPACK!.productName = ' '))), /productName/);
    assert.throws(
      () => indexSkuCatalog(broken((c) => (c.skus.EnterprisePack = { ...c.skus.ENTERPRISEPACK! }))),
      /another case/,
    );
  });

  it('is found by the compiled module (tsc copies the JSON into the build)', function () {
    this.timeout(60_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'por-skus-build-'));
    try {
      // Only this module and what it imports, with the build's settings; the output laid out as dist/ is.
      fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
      const tsconfig = path.join(dir, 'tsconfig.json');
      fs.writeFileSync(
        tsconfig,
        JSON.stringify({
          extends: path.join(ROOT, 'tsconfig.build.json'),
          compilerOptions: { outDir: path.join(dir, 'dist') },
          include: [],
          files: [path.join(ROOT, 'bot', 'adapters', 'graph', 'skuCatalog.ts')],
        }),
      );
      execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', tsconfig], {
        cwd: ROOT,
        stdio: 'pipe',
      });
      const compiledDir = path.join(dir, 'dist', 'bot', 'adapters', 'graph');
      assert.ok(fs.existsSync(path.join(compiledDir, 'skuCatalog.json')), 'the JSON is beside the compiled module');
      const answer = execFileSync(
        process.execPath,
        [
          '-e',
          `const m = require(${JSON.stringify(path.join(compiledDir, 'skuCatalog.js'))});` +
            ` console.log(JSON.stringify([m.productForSku('SPE_E5'), m.skuCatalogSize()]))`,
        ],
        { cwd: dir, encoding: 'utf8' },
      );
      assert.deepEqual(JSON.parse(answer), [
        { productName: 'Microsoft 365 E5', service: 'Office 365', known: true },
        skuCatalogSize(),
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
