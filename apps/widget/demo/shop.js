/* Parley Demo Shop: product data, a cart in localStorage reported to Parley (Parley.setCart) and tiny renderers. No framework. */
(function () {
  const PRODUCTS = [
    { id: 'mug', name: 'Stoneware Mug', price: '18.00', hue: 18, shape: 'mug', desc: 'Hand-glazed, 350 ml, keeps coffee warm through the first meeting.' },
    { id: 'kettle', name: 'Pour-over Kettle', price: '64.00', hue: 200, shape: 'kettle', desc: 'Gooseneck spout for a slow, even pour. Works on gas and induction.' },
    { id: 'tote', name: 'Linen Tote Bag', price: '29.00', hue: 40, shape: 'bag', desc: 'Heavy washed linen with an inner pocket for keys and a phone.' },
    { id: 'notebook', name: 'Dot Grid Notebook', price: '14.00', hue: 260, shape: 'book', desc: 'A5, 192 pages of 100 g paper that takes fountain pen ink.' },
    { id: 'plant', name: 'Desk Plant Pot', price: '22.00', hue: 130, shape: 'plant', desc: 'Terracotta pot with a drainage saucer, 12 cm across.' },
    { id: 'blanket', name: 'Merino Throw', price: '89.00', hue: 340, shape: 'blanket', desc: 'Soft merino wool, 130 × 170 cm, woven in Portugal.' },
    { id: 'candle', name: 'Cedar Candle', price: '24.00', hue: 30, shape: 'candle', desc: 'Soy wax with cedar and bergamot, about 45 hours of burn time.' },
    { id: 'speaker', name: 'Pocket Speaker', price: '49.00', hue: 220, shape: 'speaker', desc: 'Bluetooth 5.3, 12 hours of play, splash resistant.' }
  ];
  const CART_KEY = 'parley-demo:cart';

  /** Prices are decimal strings ("18.00"); sums are kept in cents so nothing drifts. */
  function cents(price) { const [w, f] = String(price).split('.'); return Number(w) * 100 + Number((f || '0').padEnd(2, '0').slice(0, 2)); }
  function money(c) { return '€' + (c / 100).toFixed(2); }
  function byId(id) { for (let i = 0; i < PRODUCTS.length; i++) if (PRODUCTS[i].id === id) return PRODUCTS[i]; return null; }
  function readCart() { try { return JSON.parse(localStorage.getItem(CART_KEY) || '{}') || {}; } catch { return {}; } }
  let pageCart = null;
  function readCartSafe() { return pageCart || readCart(); }
  function writeCart(c) {
    try { localStorage.setItem(CART_KEY, JSON.stringify(c)); pageCart = null; } catch { pageCart = c; /* storage blocked: the cart lives for this page only */ }
    renderCart();
    reportCart();
  }

  /** The cart as Parley.setCart takes it: SKUs as in the demo catalogue, decimal prices as strings, EUR, the product page. */
  function cartItems() {
    const cart = readCartSafe(), items = [];
    for (const id in cart) {
      const p = byId(id);
      if (!p || !(cart[id] > 0)) continue;
      items.push({ id: p.id, sku: p.id, name: p.name, quantity: cart[id], price: p.price, currency: 'EUR', url: location.origin + '/demo/product.html?id=' + p.id });
    }
    return items;
  }

  /** Tells the chat widget what is in the cart (queued with the usual snippet when widget.js has not loaded yet). */
  function reportCart() {
    const items = cartItems();
    const P = window.Parley;
    if (P && typeof P.setCart === 'function') P.setCart(items);
    else {
      window.Parley = P || { q: [] };
      window.Parley.q = (window.Parley.q || []).filter(function (c) { return c[0] !== 'setCart'; });
      window.Parley.q.push(['setCart', items]);
    }
  }

  function setQuantity(id, qty) {
    const cart = readCartSafe();
    if (qty > 0) cart[id] = Math.min(qty, 99); else delete cart[id];
    writeCart(cart);
  }

  /** A simple product illustration as inline SVG markup built from constants. */
  function art(p) {
    const bg = 'hsl(' + p.hue + ',45%,90%)', fg = 'hsl(' + p.hue + ',45%,45%)', dk = 'hsl(' + p.hue + ',40%,30%)';
    const shapes = {
      mug: '<rect x="70" y="70" width="80" height="90" rx="10" fill="' + fg + '"/><path d="M150 90h16a18 18 0 0 1 0 36h-16" fill="none" stroke="' + fg + '" stroke-width="10"/>',
      kettle: '<path d="M60 160h100l-10-70H70z" fill="' + fg + '"/><path d="M160 110l40-30" stroke="' + dk + '" stroke-width="8"/><rect x="95" y="70" width="30" height="12" rx="4" fill="' + dk + '"/>',
      bag: '<rect x="60" y="80" width="120" height="90" rx="6" fill="' + fg + '"/><path d="M90 80v-18a30 30 0 0 1 60 0v18" fill="none" stroke="' + dk + '" stroke-width="7"/>',
      book: '<rect x="70" y="50" width="100" height="130" rx="6" fill="' + fg + '"/><rect x="80" y="50" width="6" height="130" fill="' + dk + '"/>',
      plant: '<path d="M80 120h80l-10 50H90z" fill="' + fg + '"/><path d="M120 120c0-30-20-50-40-55 5 25 20 45 40 55zm0 0c0-35 15-55 40-60-5 30-20 50-40 60z" fill="hsl(130,40%,40%)"/>',
      blanket: '<rect x="50" y="70" width="140" height="90" rx="8" fill="' + fg + '"/><path d="M50 95h140M50 120h140M50 145h140" stroke="' + bg + '" stroke-width="4"/>',
      candle: '<rect x="85" y="90" width="70" height="80" rx="8" fill="' + fg + '"/><path d="M120 62c8 10 8 18 0 24-8-6-8-14 0-24z" fill="#f59e0b"/>',
      speaker: '<rect x="75" y="55" width="90" height="120" rx="16" fill="' + fg + '"/><circle cx="120" cy="130" r="24" fill="' + dk + '"/><circle cx="120" cy="82" r="9" fill="' + dk + '"/>'
    };
    return '<svg viewBox="0 0 240 220" role="img" aria-label="' + p.name + '"><rect width="240" height="220" fill="' + bg + '"/>' + shapes[p.shape] + '</svg>';
  }

  function add(id, button) {
    const cart = readCartSafe();
    cart[id] = (cart[id] || 0) + 1;
    writeCart(cart);
    if (button) {
      button.textContent = 'Added ✓';
      button.classList.add('added');
      setTimeout(function () { button.textContent = 'Add to cart'; button.classList.remove('added'); }, 1200);
    }
  }

  function renderCart() {
    const cart = readCartSafe(), items = [];
    let count = 0, total = 0;
    for (const id in cart) {
      const p = byId(id);
      if (!p || !(cart[id] > 0)) continue;
      count += cart[id]; total += cart[id] * cents(p.price);
      items.push({ p: p, qty: cart[id] });
    }
    const summary = document.getElementById('cart-summary');
    if (summary) summary.textContent = 'Cart (' + count + ') · ' + money(total);
    const list = document.getElementById('cart-items');
    if (!list) return;
    list.textContent = '';
    items.forEach(function (it) {
      const li = document.createElement('li');
      li.setAttribute('data-item', it.p.id);
      const name = document.createElement('span'); name.className = 'name'; name.textContent = it.p.name;
      const qty = document.createElement('span'); qty.className = 'qty';
      const dec = document.createElement('button'); dec.type = 'button'; dec.textContent = '−'; dec.setAttribute('data-dec', it.p.id); dec.setAttribute('aria-label', 'One less ' + it.p.name);
      const n = document.createElement('span'); n.className = 'n'; n.textContent = String(it.qty);
      const inc = document.createElement('button'); inc.type = 'button'; inc.textContent = '+'; inc.setAttribute('data-inc', it.p.id); inc.setAttribute('aria-label', 'One more ' + it.p.name);
      dec.addEventListener('click', function () { setQuantity(it.p.id, it.qty - 1); });
      inc.addEventListener('click', function () { setQuantity(it.p.id, it.qty + 1); });
      qty.appendChild(dec); qty.appendChild(n); qty.appendChild(inc);
      const sum = document.createElement('span'); sum.className = 'sum'; sum.textContent = money(it.qty * cents(it.p.price));
      li.appendChild(name); li.appendChild(qty); li.appendChild(sum); list.appendChild(li);
    });
    document.getElementById('cart-empty').hidden = items.length > 0;
    document.getElementById('cart-total').textContent = money(total);
  }

  function renderGrid(el) {
    PRODUCTS.forEach(function (p) {
      const card = document.createElement('article');
      card.className = 'card';
      card.innerHTML =
        '<a class="img" href="/demo/product.html?id=' + p.id + '">' + art(p) + '</a>' +
        '<div class="body"><h3><a href="/demo/product.html?id=' + p.id + '"></a></h3><p class="desc"></p>' +
        '<div class="row"><span class="price"></span><button class="btn" type="button">Add to cart</button></div></div>';
      card.querySelector('h3 a').textContent = p.name;
      card.querySelector('.desc').textContent = p.desc;
      card.querySelector('.price').textContent = money(cents(p.price));
      const btn = card.querySelector('.btn');
      btn.setAttribute('data-product', p.id);
      btn.addEventListener('click', function () { add(p.id, btn); });
      el.appendChild(card);
    });
  }

  function renderDetail(el) {
    const id = new URLSearchParams(location.search).get('id');
    const p = byId(id) || PRODUCTS[0];
    document.title = p.name + ' · Parley Demo Shop';
    el.querySelector('.img').innerHTML = art(p);
    el.querySelector('h1').textContent = p.name;
    el.querySelector('.price').textContent = money(cents(p.price));
    el.querySelector('.desc').textContent = p.desc;
    document.getElementById('crumb-name').textContent = p.name;
    const btn = el.querySelector('.btn');
    btn.setAttribute('data-product', p.id);
    btn.addEventListener('click', function () { add(p.id, btn); });
  }

  document.addEventListener('DOMContentLoaded', function () {
    const grid = document.getElementById('products');
    if (grid) renderGrid(grid);
    const detail = document.getElementById('detail');
    if (detail) renderDetail(detail);
    const toggle = document.getElementById('cart-toggle'), panel = document.getElementById('cart-panel');
    toggle.addEventListener('click', function () {
      panel.hidden = !panel.hidden;
      toggle.setAttribute('aria-expanded', String(!panel.hidden));
    });
    document.getElementById('cart-clear').addEventListener('click', function () { writeCart({}); });
    renderCart();
    // the kept cart reaches the chat on every page (Parley keeps the last one per visitor)
    reportCart();
  });
  // another tab changed the cart: show it (that tab reported it already)
  window.addEventListener('storage', function (e) { if (e.key === CART_KEY) renderCart(); });
})();
