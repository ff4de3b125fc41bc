import { DomainException } from '@parley/api/platform/graphql';
import { pdfObjects, pdfPages, pdfText, pdfTextItems } from '../../testing/pdf-text';
import { layoutText } from './bidi-text';
import { ORDER_DOCUMENT_MIME, OrderDocumentInput, renderOrderDocument } from './order-document';

const FIXED_DATE = new Date('2026-12-01T09:00:00Z');
const CYRILLIC = 'Чайник электрический «Ёлка» (белый)';
const POLISH = 'Zażółć gęślą jaźń ąęłńóśźż ĄĘŁŃÓŚŹŻ';
const HEBREW = 'דוד כהן';
/** How a right-to-left word sits on paper, read left to right: the glyphs come out in this order. */
const visual = (rtl: string) => Array.from(rtl).reverse().join('');
/** Intl separates groups and currency with no-break spaces; compare with plain ones. */
const spaces = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

function order(overrides: Partial<OrderDocumentInput> = {}): OrderDocumentInput {
  return {
    kind: 'invoice',
    locale: 'pl',
    timeZone: 'Europe/Warsaw',
    currency: 'PLN',
    shop: { name: 'Sklep Demo sp. z o.o.', addressLines: ['ul. Świętokrzyska 12', '00-916 Warszawa'] },
    order: { number: '2026-0042', createdAt: '2026-12-07T10:15:00Z', statusName: 'Nowe' },
    customer: { name: HEBREW, phone: '+972 50 123 4567', email: 'david@example.com', addressLines: ['Łódź, ul. Źródlana 5'] },
    items: [
      { sku: 'KET-01', name: CYRILLIC, quantity: '2', unitPrice: '1234.50', lineTotal: '2469.00' },
      { sku: 'PL-02', name: POLISH, quantity: '0.5', unitPrice: '10.00', lineTotal: '5.00' },
    ],
    totals: { goods: '2474.00', discount: { amount: '247.40', percent: '10' }, total: '2241.60', paid: '1000.00', amountDue: '1241.60' },
    delivery: { type: 'Kurier', service: 'DPD', addressLines: ['Łódź, ul. Źródlana 5'], date: '2026-12-24', slot: '10:00–14:00', cost: '15.00' },
    payments: [{ type: 'Karta', status: 'paid', date: '2026-12-07T10:20:00Z', amount: '1000.00' }],
    notes: 'Proszę dzwonić przed dostawą.\nДругая строка.',
    pdfCreationDate: FIXED_DATE,
    ...overrides,
  };
}

const items = (n: number, name = (i: number) => `Produkt numer ${i + 1}`) =>
  Array.from({ length: n }, (_, i) => ({ sku: `SKU-${i + 1}`, name: name(i), quantity: '1', unitPrice: '9.99', lineTotal: '9.99' }));

async function refusal(input: OrderDocumentInput): Promise<{ code: string; field: unknown; message: string }> {
  try {
    await renderOrderDocument(input);
  } catch (e) {
    expect(e).toBeInstanceOf(DomainException);
    const g = (e as DomainException).toGraphQLError();
    return { code: g.extensions.code, field: g.extensions['field'], message: g.message };
  }
  throw new Error('expected the input to be refused');
}

describe('renderOrderDocument', () => {
  it('writes a complete PDF with DejaVu Sans embedded', async () => {
    const pdf = await renderOrderDocument(order());
    expect(ORDER_DOCUMENT_MIME).toBe('application/pdf');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
    const objects = [...pdfObjects(pdf).values()];
    const descriptors = objects.filter((o) => /\/Type \/FontDescriptor/.test(o.dict));
    const names = descriptors.map((d) => /\/FontName \/(\S+)/.exec(d.dict)?.[1]);
    expect(names).toEqual(expect.arrayContaining([expect.stringMatching(/^[A-Z]{6}\+DejaVuSans$/), expect.stringMatching(/^[A-Z]{6}\+DejaVuSans-Bold$/)]));
    for (const d of descriptors) {
      const file = pdfObjects(pdf).get(Number(/\/FontFile2 (\d+) 0 R/.exec(d.dict)?.[1]));
      // an embedded TrueType (subset) program: sfnt version 1.0 or 'true'
      expect([0x00010000, 0x74727565]).toContain(file?.stream?.readUInt32BE(0));
      expect(file?.stream?.length).toBeGreaterThan(1000);
    }
    // no standard (unembedded) font is used
    expect(objects.some((o) => /\/BaseFont \/Helvetica/.test(o.dict))).toBe(false);
  });

  it('prints Cyrillic, Polish and Hebrew names, the amounts in the locale and every section', async () => {
    const text = spaces(pdfText(await renderOrderDocument(order())));
    expect(text).toContain(CYRILLIC);
    expect(text).toContain(POLISH);
    expect(text).toContain(visual(HEBREW));
    expect(text).toContain('Faktura');
    expect(text).toContain('Nr 2026-0042');
    expect(text).toContain('Status: Nowe');
    // the phone number keeps its order; Polish number and currency formats
    expect(text).toContain('Telefon: +972 50 123 4567');
    expect(text).toContain('1234,50 zł');
    expect(text).toContain('2469,00 zł');
    expect(text).toContain('Towary 2474,00 zł');
    expect(text).toContain('Rabat (10%) -247,40 zł');
    expect(text).toContain('Dostawa 15,00 zł');
    expect(text).toContain('Razem 2241,60 zł');
    expect(text).toContain('Zapłacono 1000,00 zł');
    expect(text).toContain('Do zapłaty 1241,60 zł');
    expect(text).toContain('0,5');
    expect(text).toContain('Kurier · DPD');
    expect(text).toContain('Data dostawy: 24 gru 2026, 10:00–14:00');
    expect(text).toContain('Karta Opłacona 7 gru 2026 1000,00 zł');
    // 10:15 UTC is 11:15 in Warsaw
    expect(text).toContain('Data: 7 gru 2026, 11:15');
    expect(text).toContain('Proszę dzwonić przed dostawą.');
    expect(text).toContain('Другая строка.');
    expect(text).toContain('1 / 1');
  });

  it('formats amounts from their decimal strings without a float (no lost cents)', async () => {
    const big = '987654321098765.43'; // as a double this is …765.38
    const text = spaces(pdfText(await renderOrderDocument(order({ locale: 'en', currency: 'USD', totals: { goods: big, total: big, paid: '0', amountDue: big } }))));
    expect(text).toContain('Total $987,654,321,098,765.43');
    expect(text).not.toContain('765.38');
    const yen = spaces(pdfText(await renderOrderDocument(order({ locale: 'ja', currency: 'JPY', items: [{ name: 'Tea', quantity: '3', unitPrice: '1500', lineTotal: '4500' }], totals: { goods: '4500', total: '4500', paid: '0', amountDue: '4500' }, delivery: null }))));
    // ja writes the full-width yen sign, which DejaVu lacks: its compatibility form ¥ prints instead
    expect(yen).toContain('Total ¥4,500');
    expect(yen).toContain('1 Tea 3 ¥1,500 ¥4,500');
  });

  it('translates the labels per locale and falls back to English with the locale’s formats', async () => {
    const kinds: Array<[string, string, string]> = [
      ['ru', 'Счёт', 'Итого'],
      ['uk', 'Рахунок', 'Разом'],
      ['it', 'Fattura', 'Totale'],
      ['en', 'Invoice', 'Total'],
    ];
    for (const [locale, title, total] of kinds) {
      const text = pdfText(await renderOrderDocument(order({ locale })));
      expect(text).toContain(title);
      expect(text).toContain(total);
    }
    const form = pdfText(await renderOrderDocument(order({ kind: 'order_form', locale: 'ru' })));
    expect(form).toContain('Бланк заказа');
    const german = spaces(pdfText(await renderOrderDocument(order({ locale: 'de-DE', currency: 'EUR' }))));
    expect(german).toContain('Invoice');
    expect(german).toContain('Total 2.241,60 €');
  });

  it('lays a Hebrew document out right to left, with numbers and Latin kept in their order', async () => {
    const pdf = await renderOrderDocument(order({ locale: 'he', currency: 'ILS', shop: { name: 'חנות הדגמה', addressLines: ['רחוב הרצל 1, תל אביב'] } }));
    const text = spaces(pdfText(pdf));
    expect(text).toContain(visual('חשבונית'));
    expect(text).toContain(visual(HEBREW));
    expect(text).toContain('+972 50 123 4567');
    expect(text).toContain('david@example.com');
    expect(text).toContain(CYRILLIC);
    // "רחוב הרצל 1, תל אביב" on paper: the last words leftmost, the number between them
    expect(text).toContain(`${visual('תל אביב')} ,1 ${visual('רחוב הרצל')}`);
    // mirrored: the shop's name is right-aligned at the right margin, the title at the left
    const page = pdfTextItems(pdf)[0];
    const shop = page.find((i) => i.text === visual('חנות הדגמה'));
    const title = page.find((i) => i.text === visual('חשבונית'));
    expect(shop && shop.end).toBeCloseTo(595.28 - 40, 0);
    expect(title && title.x).toBeCloseTo(40, 0);
  });

  it('shapes Arabic in logical order and shows it right to left', async () => {
    const arabic = 'محمد علي';
    const pdf = await renderOrderDocument(order({ locale: 'en', customer: { name: arabic } }));
    // the glyphs are the joined (contextual) forms, mapped back to the letters they came from
    expect(pdfText(pdf)).toContain(visual(arabic));
    const glyphs = [...pdfObjects(pdf).values()].find((o) => /\/Subtype \/CIDFontType[02]/.test(o.dict) && /DejaVuSans-Bold/.test(o.dict));
    expect(glyphs).toBeDefined();
  });

  it('breaks a 200-item table across pages, repeating the header row and numbering the pages', async () => {
    const pdf = await renderOrderDocument(order({ locale: 'en', items: items(200) }));
    const pages = pdfPages(pdf);
    expect(pages.length).toBeGreaterThanOrEqual(4);
    pages.forEach((page, i) => expect(page).toContain(`${i + 1} / ${pages.length}`));
    const seen = new Map<number, number>();
    pages.forEach((page, p) => {
      for (const m of page.matchAll(/Produkt numer (\d+)\b/g)) {
        expect(seen.has(Number(m[1]))).toBe(false);
        seen.set(Number(m[1]), p);
      }
      if (/Produkt numer/.test(page)) expect(page).toMatch(/# SKU Name Qty Unit price Amount/);
    });
    expect(seen.size).toBe(200);
    // in order, and on the following pages the running header names the document
    expect([...seen.keys()]).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(pages[1]).toContain('Sklep Demo sp. z o.o. · Invoice No. 2026-0042');
    // the totals come after the last item
    const last = pages[pages.length - 1];
    expect(pages.join('\n').indexOf('Amount due')).toBeGreaterThan(pages.join('\n').indexOf('Produkt numer 200'));
    expect(last).toContain('Amount due');
  });

  it('wraps long names inside their column and splits a row taller than a page', async () => {
    const words = Array.from({ length: 250 }, (_, i) => `słowo${i}`).join(' ').slice(0, 2000);
    const unbroken = 'Ж'.repeat(300);
    const tall = 'Ш'.repeat(2000);
    const pdf = await renderOrderDocument(order({ locale: 'en', items: [...items(1, () => words), ...items(1, () => unbroken), ...items(1, () => tall)] }));
    // the name column: after # (22) and SKU (72) from the 40pt margin, 195.28pt wide
    const from = 40 + 22 + 72;
    const to = from + (595.28 - 80 - 320);
    const all = pdfTextItems(pdf).flat();
    const nameItems = all.filter((i) => /słowo|Ж|Ш/.test(i.text));
    expect(nameItems.length).toBeGreaterThan(10);
    for (const i of nameItems) {
      expect(i.x).toBeGreaterThanOrEqual(from);
      expect(i.end).toBeLessThanOrEqual(to + 0.01);
    }
    const text = pdfText(pdf);
    expect((text.match(/Ж/g) ?? []).length).toBe(300);
    expect((text.match(/Ш/g) ?? []).length).toBe(2000);
    expect(text.replace(/\s+/g, ' ')).toContain('słowo0 słowo1 słowo2');
    expect(pdfPages(pdf).length).toBeGreaterThanOrEqual(2);
  });

  it('renders the same bytes for the same input and creation date', async () => {
    const a = await renderOrderDocument(order());
    const b = await renderOrderDocument(order());
    expect(a.equals(b)).toBe(true);
    expect(a.toString('latin1')).toContain('(D:20261201090000Z)');
  });

  it('refuses bad input with BAD_USER_INPUT naming the field', async () => {
    const cases: Array<[Partial<OrderDocumentInput>, string, RegExp]> = [
      [{ items: items(501) }, 'items', /at most 500 items/],
      [{ currency: 'XYZ' }, 'currency', /currency/],
      [{ currency: 'pln' }, 'currency', /currency/],
      [{ items: [{ name: 'A', quantity: '-1', unitPrice: '1.00', lineTotal: '1.00' }] }, 'items[0].quantity', /negative/],
      [{ items: [{ name: 'A', quantity: '1.2345', unitPrice: '1.00', lineTotal: '1.00' }] }, 'items[0].quantity', /3 decimals/],
      [{ items: [{ name: 'A', quantity: '1', unitPrice: '1.005', lineTotal: '1.00' }] }, 'items[0].unitPrice', /at most 2 decimals/],
      [{ items: [{ name: 'A', quantity: '1', unitPrice: 1.5 as unknown as string, lineTotal: '1.50' }] }, 'items[0].unitPrice', /decimal string/],
      [{ items: [{ name: 'x'.repeat(2001), quantity: '1', unitPrice: '1.00', lineTotal: '1.00' }] }, 'items[0].name', /2000 characters/],
      [{ items: [{ name: ' ', quantity: '1', unitPrice: '1.00', lineTotal: '1.00' }] }, 'items[0].name', /required/],
      [{ totals: { goods: '1', total: '-1', paid: '0', amountDue: '0' } }, 'totals.total', /negative/],
      [{ totals: { goods: '1', discount: { amount: '1', percent: '150' }, total: '0', paid: '0', amountDue: '0' } }, 'totals.discount.percent', /0 to 100/],
      [{ locale: 'not a locale!' }, 'locale', /locale/],
      [{ timeZone: 'Mars/Olympus' }, 'timeZone', /time zone/],
      [{ kind: 'receipt' as never }, 'kind', /invoice or order_form/],
      [{ order: { number: '1', createdAt: 'yesterday' } }, 'order.createdAt', /date/],
      [{ customer: { name: '' } }, 'customer.name', /required/],
      [{ delivery: { date: '24.12.2026' } }, 'delivery.date', /date/],
      [{ payments: Array.from({ length: 101 }, () => ({ type: 'Cash', status: 'paid', amount: '1.00' })) }, 'payments', /at most 100/],
    ];
    for (const [overrides, field, message] of cases) {
      const e = await refusal(order(overrides));
      expect({ field: e.field, code: e.code }).toEqual({ field, code: 'BAD_USER_INPUT' });
      expect(e.message).toMatch(message);
    }
    // a negative amount due (overpaid) and a refund are fine
    await expect(renderOrderDocument(order({ totals: { goods: '1', total: '1', paid: '2', amountDue: '-1' }, payments: [{ type: 'Card', status: 'refunded', amount: '-1.00' }] }))).resolves.toBeInstanceOf(Buffer);
  });

  it('lets the event loop run while it lays out a long document', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      await renderOrderDocument(order({ items: items(500) }));
    } finally {
      clearInterval(timer);
    }
    // 500 rows in slices of 20: the timer gets a turn between slices (a blocking render would give it one at most)
    expect(ticks).toBeGreaterThanOrEqual(10);
  });

  it('renders 50 and 500 items in reasonable time (logged, not asserted)', async () => {
    for (const n of [50, 500]) {
      const started = process.hrtime.bigint();
      const pdf = await renderOrderDocument(order({ items: items(n, (i) => `${i % 2 ? CYRILLIC : POLISH} ${i}`) }));
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      process.stdout.write(`order document: ${n} items, ${pdfPages(pdf).length} pages, ${(pdf.length / 1024).toFixed(0)} KiB in ${ms.toFixed(0)} ms\n`);
    }
  });
});

describe('layoutText', () => {
  // every character 1 unit wide
  const measure = (s: string) => Array.from(s).length;

  it('wraps at spaces and cuts a word longer than the line', () => {
    expect(layoutText('aaa bbb ccc', 7, measure).map((l) => l.runs.join(''))).toEqual(['aaa bbb', 'ccc']);
    expect(layoutText('abcdefghij', 4, measure).map((l) => l.runs.join(''))).toEqual(['abcd', 'efgh', 'ij']);
    expect(layoutText('one\n\ntwo', 10, measure).map((l) => l.runs.join(''))).toEqual(['one', '', 'two']);
  });

  it('orders right-to-left text for display, line by line, and marks its lines', () => {
    // fontkit reverses a Hebrew run itself, so a Hebrew run is handed over in logical order
    const [line] = layoutText('Order שלום עולם 42', 40, measure);
    expect(line.rtl).toBe(false);
    // a number after Hebrew joins the right-to-left run (UAX #9): on paper "Order 42 עולם שלום"
    expect(line.runs).toEqual(['Order ', '42', 'שלום עולם ']);
    const hebrew = layoutText('שלום 42 עולם', 40, measure);
    expect(hebrew[0].rtl).toBe(true);
    // on paper, left to right: עולם, 42, שלום
    // (the spaces beside the number take the paragraph's direction and go with the Hebrew words)
    expect(hebrew[0].runs).toEqual([' עולם', '42', 'שלום ']);
    // the first line holds the first words (logical order), each line reordered on its own
    const wrapped = layoutText('אחת שתיים שלוש ארבע', 10, measure);
    expect(wrapped.map((l) => l.runs.join('|'))).toEqual(['אחת שתיים', 'שלוש ארבע']);
  });

  it('mirrors brackets in right-to-left runs and drops the bidi marks', () => {
    const [line] = layoutText('\u2068(שלום)\u2069', 20, measure);
    // handed over in logical order with mirrored brackets: fontkit's reversal puts "(" on the left
    expect(line.runs.join('')).toBe(')שלום(');
  });
});
