/** The words printed on an order document, per language. English is the fallback for any other locale. */
export interface DocumentLabels {
  invoice: string;
  orderForm: string;
  number: string;
  date: string;
  status: string;
  customer: string;
  phone: string;
  email: string;
  delivery: string;
  deliveryDate: string;
  items: string;
  sku: string;
  name: string;
  quantity: string;
  unitPrice: string;
  lineTotal: string;
  goods: string;
  discount: string;
  deliveryCost: string;
  total: string;
  paid: string;
  amountDue: string;
  payments: string;
  paymentType: string;
  paymentStatus: string;
  paymentDate: string;
  amount: string;
  notes: string;
  page: string;
  continued: string;
  /** Known payment status codes; a status not listed here is printed as given. */
  paymentStatuses: Record<string, string>;
}

const en: DocumentLabels = {
  invoice: 'Invoice',
  orderForm: 'Order form',
  number: 'No.',
  date: 'Date',
  status: 'Status',
  customer: 'Customer',
  phone: 'Phone',
  email: 'E-mail',
  delivery: 'Delivery',
  deliveryDate: 'Delivery date',
  items: 'Items',
  sku: 'SKU',
  name: 'Name',
  quantity: 'Qty',
  unitPrice: 'Unit price',
  lineTotal: 'Amount',
  goods: 'Goods',
  discount: 'Discount',
  deliveryCost: 'Delivery',
  total: 'Total',
  paid: 'Paid',
  amountDue: 'Amount due',
  payments: 'Payments',
  paymentType: 'Type',
  paymentStatus: 'Status',
  paymentDate: 'Date',
  amount: 'Amount',
  notes: 'Notes',
  page: 'Page',
  continued: 'continued',
  paymentStatuses: { pending: 'Pending', paid: 'Paid', failed: 'Failed', refunded: 'Refunded', cancelled: 'Cancelled', canceled: 'Cancelled' },
};

const pl: DocumentLabels = {
  invoice: 'Faktura',
  orderForm: 'Formularz zamówienia',
  number: 'Nr',
  date: 'Data',
  status: 'Status',
  customer: 'Klient',
  phone: 'Telefon',
  email: 'E-mail',
  delivery: 'Dostawa',
  deliveryDate: 'Data dostawy',
  items: 'Pozycje',
  sku: 'SKU',
  name: 'Nazwa',
  quantity: 'Ilość',
  unitPrice: 'Cena jedn.',
  lineTotal: 'Wartość',
  goods: 'Towary',
  discount: 'Rabat',
  deliveryCost: 'Dostawa',
  total: 'Razem',
  paid: 'Zapłacono',
  amountDue: 'Do zapłaty',
  payments: 'Płatności',
  paymentType: 'Rodzaj',
  paymentStatus: 'Status',
  paymentDate: 'Data',
  amount: 'Kwota',
  notes: 'Uwagi',
  page: 'Strona',
  continued: 'cd.',
  paymentStatuses: { pending: 'Oczekuje', paid: 'Opłacona', failed: 'Nieudana', refunded: 'Zwrócona', cancelled: 'Anulowana', canceled: 'Anulowana' },
};

const ru: DocumentLabels = {
  invoice: 'Счёт',
  orderForm: 'Бланк заказа',
  number: '№',
  date: 'Дата',
  status: 'Статус',
  customer: 'Покупатель',
  phone: 'Телефон',
  email: 'E-mail',
  delivery: 'Доставка',
  deliveryDate: 'Дата доставки',
  items: 'Товары',
  sku: 'Артикул',
  name: 'Наименование',
  quantity: 'Кол-во',
  unitPrice: 'Цена',
  lineTotal: 'Сумма',
  goods: 'Товары',
  discount: 'Скидка',
  deliveryCost: 'Доставка',
  total: 'Итого',
  paid: 'Оплачено',
  amountDue: 'К оплате',
  payments: 'Оплаты',
  paymentType: 'Тип',
  paymentStatus: 'Статус',
  paymentDate: 'Дата',
  amount: 'Сумма',
  notes: 'Комментарий',
  page: 'Страница',
  continued: 'продолжение',
  paymentStatuses: { pending: 'Ожидает', paid: 'Оплачен', failed: 'Ошибка', refunded: 'Возвращён', cancelled: 'Отменён', canceled: 'Отменён' },
};

const uk: DocumentLabels = {
  invoice: 'Рахунок',
  orderForm: 'Бланк замовлення',
  number: '№',
  date: 'Дата',
  status: 'Статус',
  customer: 'Покупець',
  phone: 'Телефон',
  email: 'E-mail',
  delivery: 'Доставка',
  deliveryDate: 'Дата доставки',
  items: 'Товари',
  sku: 'Артикул',
  name: 'Найменування',
  quantity: 'К-сть',
  unitPrice: 'Ціна',
  lineTotal: 'Сума',
  goods: 'Товари',
  discount: 'Знижка',
  deliveryCost: 'Доставка',
  total: 'Разом',
  paid: 'Сплачено',
  amountDue: 'До сплати',
  payments: 'Оплати',
  paymentType: 'Тип',
  paymentStatus: 'Статус',
  paymentDate: 'Дата',
  amount: 'Сума',
  notes: 'Примітки',
  page: 'Сторінка',
  continued: 'продовження',
  paymentStatuses: { pending: 'Очікує', paid: 'Сплачено', failed: 'Помилка', refunded: 'Повернено', cancelled: 'Скасовано', canceled: 'Скасовано' },
};

const it: DocumentLabels = {
  invoice: 'Fattura',
  orderForm: "Modulo d'ordine",
  number: 'N.',
  date: 'Data',
  status: 'Stato',
  customer: 'Cliente',
  phone: 'Telefono',
  email: 'E-mail',
  delivery: 'Consegna',
  deliveryDate: 'Data di consegna',
  items: 'Articoli',
  sku: 'Codice',
  name: 'Descrizione',
  quantity: 'Q.tà',
  unitPrice: 'Prezzo unit.',
  lineTotal: 'Importo',
  goods: 'Merce',
  discount: 'Sconto',
  deliveryCost: 'Consegna',
  total: 'Totale',
  paid: 'Pagato',
  amountDue: 'Da pagare',
  payments: 'Pagamenti',
  paymentType: 'Tipo',
  paymentStatus: 'Stato',
  paymentDate: 'Data',
  amount: 'Importo',
  notes: 'Note',
  page: 'Pagina',
  continued: 'segue',
  paymentStatuses: { pending: 'In attesa', paid: 'Pagato', failed: 'Non riuscito', refunded: 'Rimborsato', cancelled: 'Annullato', canceled: 'Annullato' },
};

const he: DocumentLabels = {
  invoice: 'חשבונית',
  orderForm: 'טופס הזמנה',
  number: 'מס׳',
  date: 'תאריך',
  status: 'סטטוס',
  customer: 'לקוח',
  phone: 'טלפון',
  email: 'דוא״ל',
  delivery: 'משלוח',
  deliveryDate: 'תאריך משלוח',
  items: 'פריטים',
  sku: 'מק״ט',
  name: 'שם',
  quantity: 'כמות',
  unitPrice: 'מחיר יחידה',
  lineTotal: 'סכום',
  goods: 'מוצרים',
  discount: 'הנחה',
  deliveryCost: 'משלוח',
  total: 'סה״כ',
  paid: 'שולם',
  amountDue: 'לתשלום',
  payments: 'תשלומים',
  paymentType: 'סוג',
  paymentStatus: 'סטטוס',
  paymentDate: 'תאריך',
  amount: 'סכום',
  notes: 'הערות',
  page: 'עמוד',
  continued: 'המשך',
  paymentStatuses: { pending: 'ממתין', paid: 'שולם', failed: 'נכשל', refunded: 'הוחזר', cancelled: 'בוטל', canceled: 'בוטל' },
};

const DICTIONARY: Record<string, DocumentLabels> = { en, pl, ru, uk, it, he };

/** The languages with their own labels. */
export const DOCUMENT_LABEL_LANGUAGES = Object.keys(DICTIONARY);

/** Labels for a BCP 47 locale by its language ("pl-PL" → Polish); English for a language not in the dictionary. */
export function documentLabels(locale: string): DocumentLabels {
  const language = locale.toLowerCase().split(/[-_]/)[0];
  return DICTIONARY[language] ?? en;
}
