#!/usr/bin/env node
/*
 * Renders an order document with the code of the BUILT API (dist/apps/api/main.js), to check that
 * pdfkit, bidi-js and the DejaVu fonts are found at run time from dist/ the way production runs it
 * (webpack leaves node_modules external; the docker image ships node_modules beside dist/).
 *
 *   NX_DAEMON=false NX_NO_CLOUD=true npx nx run api:build && node tools/scripts/verify-order-document-bundle.cjs [dist/apps/api] [out.pdf]
 *
 * It copies main.js beside itself without its start-up (the last entry block), loads that copy from
 * the same folder (so module resolution is the bundle's), finds the bundled order-document module
 * and calls its renderOrderDocument. Exits non-zero when anything is off.
 */
const fs = require('node:fs');
const path = require('node:path');

const dist = path.resolve(process.argv[2] || 'dist/apps/api');
const out = process.argv[3] || path.join(require('node:os').tmpdir(), 'parley-order-document.pdf');
const main = fs.readFileSync(path.join(dist, 'main.js'), 'utf8');
const entry = main.lastIndexOf('let __webpack_exports__ = {};');
if (entry < 0) throw new Error('main.js does not look like the webpack bundle of the API');
const copy = path.join(dist, `.verify-order-document-${process.pid}.js`);
fs.writeFileSync(copy, `${main.slice(0, entry)}\nmodule.exports = { req: __webpack_require__, modules: __webpack_modules__ };\n})();\n`);

(async () => {
  try {
    const { req, modules } = require(copy);
    const id = Object.keys(modules).find((k) => typeof modules[k] === 'function' && /exports\.renderOrderDocument = renderOrderDocument/.test(modules[k].toString()));
    if (id === undefined) throw new Error('renderOrderDocument is not in the bundle');
    const { renderOrderDocument, ORDER_DOCUMENT_MIME } = req(Number(id));
    const started = Date.now();
    const pdf = await renderOrderDocument({
      kind: 'invoice',
      locale: 'pl',
      currency: 'PLN',
      shop: { name: 'Sklep Demo', addressLines: ['ul. Świętokrzyska 12', '00-916 Warszawa'] },
      order: { number: '42', createdAt: new Date().toISOString(), statusName: 'Nowe' },
      customer: { name: 'דוד כהן', phone: '+972 50 123 4567', email: 'david@example.com' },
      items: [
        { sku: 'KET-01', name: 'Чайник электрический', quantity: '2', unitPrice: '1234.50', lineTotal: '2469.00' },
        { sku: 'PL-02', name: 'Zażółć gęślą jaźń ąęłńóśźż', quantity: '1', unitPrice: '10.00', lineTotal: '10.00' },
      ],
      totals: { goods: '2479.00', total: '2479.00', paid: '0', amountDue: '2479.00' },
    });
    const text = pdf.toString('latin1');
    const checks = {
      mime: ORDER_DOCUMENT_MIME === 'application/pdf',
      header: text.startsWith('%PDF-'),
      eof: text.trimEnd().endsWith('%%EOF'),
      dejavu: /\/FontName \/[A-Z]{6}\+DejaVuSans\b/.test(text) && /\/FontFile2 \d+ 0 R/.test(text),
    };
    fs.writeFileSync(out, pdf);
    console.log(`rendered from ${path.relative(process.cwd(), dist)}/main.js: ${pdf.length} bytes in ${Date.now() - started} ms -> ${out}`, checks);
    if (!Object.values(checks).every(Boolean)) process.exitCode = 1;
  } catch (e) {
    console.error(e);
    process.exitCode = 1;
  } finally {
    fs.rmSync(copy, { force: true });
  }
})();
