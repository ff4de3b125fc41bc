/** Styles inside the shadow root; the host page's CSS cannot reach them, nor they the page. */
export const WIDGET_CSS = `
:host{all:initial}
*,*::before,*::after{box-sizing:border-box}
.root{--pc:#2563eb;--pc-text:#fff;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:14px;line-height:1.4;color:#1f2937;-webkit-font-smoothing:antialiased}
[hidden]{display:none!important}
button{font:inherit;color:inherit;cursor:pointer;border:0;background:none;margin:0;padding:0}
button:focus-visible{outline:2px solid var(--pc);outline-offset:2px}
textarea:focus{outline:none;border-color:var(--pc);box-shadow:0 0 0 1px var(--pc)}
.launcher{position:fixed;bottom:20px;right:20px;z-index:2147483000;width:56px;height:56px;border-radius:50%;background:var(--pc);color:var(--pc-text);display:flex;align-items:center;justify-content:center;box-shadow:0 4px 14px rgba(0,0,0,.25);transition:transform .15s ease}
.launcher:hover{transform:scale(1.06)}
.left .launcher{right:auto;left:20px}
.launcher svg{width:26px;height:26px;fill:currentColor}
.badge{position:absolute;top:-2px;right:-2px;min-width:20px;height:20px;padding:0 5px;border-radius:10px;background:#dc2626;color:#fff;font-size:12px;font-weight:600;line-height:20px;text-align:center}
.panel{position:fixed;bottom:20px;right:20px;z-index:2147483001;width:370px;max-width:calc(100vw - 40px);height:600px;max-height:calc(100vh - 40px);display:flex;flex-direction:column;background:#fff;border-radius:14px;overflow:hidden;box-shadow:0 10px 40px rgba(0,0,0,.25)}
.left .panel{right:auto;left:20px}
.header{display:flex;align-items:center;gap:8px;padding:14px 12px 14px 16px;background:var(--pc);color:var(--pc-text)}
.titles{flex:1;min-width:0}
.title{margin:0;font-size:16px;font-weight:600;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.sub{margin:2px 0 0;font-size:12px;opacity:.85}
.close{width:32px;height:32px;border-radius:8px;display:flex;align-items:center;justify-content:center;color:inherit}
.close:hover{background:rgba(255,255,255,.18)}
.close svg{width:18px;height:18px;fill:currentColor}
.banner{padding:6px 12px;font-size:12px;background:#fef3c7;color:#92400e;text-align:center}
.conn:empty{padding:0}
.list{flex:1;overflow-y:auto;margin:0;padding:14px 12px;list-style:none;background:#f7f7f9;display:flex;flex-direction:column;gap:10px;overscroll-behavior:contain}
.msg{display:flex;flex-direction:column;max-width:82%;align-self:flex-start}
.msg.visitor{align-self:flex-end;align-items:flex-end}
.msg.system{align-self:center;max-width:90%;align-items:center}
.author{font-size:12px;color:#6b7280;margin:0 4px 2px}
.bubble{padding:8px 12px;border-radius:14px;background:#fff;border:1px solid #e5e7eb;white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-word}
.operator .bubble{border-bottom-left-radius:4px}
.visitor .bubble{background:var(--pc);color:var(--pc-text);border-color:transparent;border-bottom-right-radius:4px}
.system .bubble{background:transparent;border:0;color:#6b7280;font-size:12px;text-align:center;padding:2px 8px}
.pending .bubble{opacity:.7}
.bubble a.msg-link{color:inherit;text-decoration:underline;overflow-wrap:anywhere}
.bubble.card{background:#fff;color:#111827;border:1px solid #e5e7eb;padding:8px}
.product{display:flex;gap:10px;align-items:center}
.product img,.product .ph{width:56px;height:56px;border-radius:8px;object-fit:cover;flex:none}
.product .ph{display:grid;place-items:center;background:#f3f4f6;color:#374151;font-weight:600;font-size:20px}
.product .pt{display:flex;flex-direction:column;min-width:0}
.product .name{font-weight:600;color:inherit}
.product .price{color:#374151}
.failed .bubble{opacity:1;background:#fee2e2;color:#7f1d1d}
.meta{font-size:11px;color:#9ca3af;margin:3px 4px 0;display:flex;gap:6px;align-items:center}
.failed .meta{color:#b91c1c}
.retry{text-decoration:underline;color:#b91c1c;font-size:11px}
.edit{text-decoration:underline;color:#6b7280;font-size:11px}
.edited{font-style:italic}
.typing{font-size:12px;color:#6b7280;font-style:italic;padding:2px 16px 4px;background:#fff}
.edit-bar{display:flex;justify-content:space-between;align-items:center;font-size:12px;color:#374151;background:#f3f4f6;padding:4px 14px}
.cancel-edit{text-decoration:underline;font-size:12px;color:#374151}
.composer{display:flex;align-items:flex-end;gap:8px;padding:10px 12px 4px;border-top:1px solid #e5e7eb;background:#fff}
textarea{flex:1;resize:none;font:inherit;font-size:15px;line-height:1.4;color:#111827;background:#fff;border:1px solid #d1d5db;border-radius:10px;padding:8px 10px;max-height:120px;min-height:38px;margin:0;white-space:pre-wrap}
textarea::placeholder{color:#9ca3af}
.send{flex:none;width:38px;height:38px;border-radius:50%;background:var(--pc);color:var(--pc-text);display:flex;align-items:center;justify-content:center}
.send:disabled{opacity:.45;cursor:default}
.attach{flex:none;width:32px;height:38px;color:#6b7280;display:flex;align-items:center;justify-content:center}
.attach[hidden],.files[hidden]{display:none}
.attach svg{width:20px;height:20px;fill:currentColor}
.files{display:flex;flex-wrap:wrap;gap:6px;padding:6px 12px 0;background:#fff}
.chip{display:flex;align-items:center;gap:6px;max-width:100%;padding:4px 6px;border-radius:8px;background:#f3f4f6;font-size:12px}
.chip.error{background:#fef2f2}
.thumb{width:32px;height:32px;object-fit:cover;border-radius:4px}
.ficon{font-size:10px;font-weight:700;padding:2px 4px;border-radius:3px;background:#b91c1c;color:#fff}
.fname{overflow:hidden;text-overflow:ellipsis;white-space:nowrap;max-width:140px}
.fsize{color:#6b7280}
.ferr{color:#b91c1c}
.chip progress{width:70px;height:6px}
.fx{font-size:16px;line-height:1;padding:0 4px;color:#6b7280}
.atts{display:flex;flex-wrap:wrap;gap:6px;margin-top:4px}
.att-img img{display:block;max-width:200px;max-height:160px;width:auto;border-radius:8px;background:#e5e7eb}
.att-file{display:inline-flex;align-items:center;gap:6px;padding:6px 8px;border-radius:8px;background:rgba(0,0,0,.06);color:inherit;text-decoration:none;font-size:13px}
.send svg{width:18px;height:18px;fill:currentColor}
.foot{display:flex;justify-content:space-between;gap:8px;min-height:20px;padding:0 14px 6px;font-size:12px;background:#fff}
.channel-links{display:flex;flex-wrap:wrap;gap:10px;padding:0 14px 8px;font-size:13px;background:#fff}.channel-links[hidden]{display:none}.channel-link{color:var(--pc);font-weight:600}
.error{color:#b91c1c}
.counter{color:#6b7280;margin-left:auto;white-space:nowrap}
.counter.over{color:#b91c1c;font-weight:600}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (max-width:520px){
.panel{top:0;left:0;right:0;bottom:0;width:100%;max-width:none;height:100%;max-height:none;border-radius:0}
.left .panel{left:0}
textarea{font-size:16px}
}
@media (prefers-reduced-motion:reduce){.launcher{transition:none}}
/* channel window settings (SPEC C1): colours, rounding, launcher shape; full-page and preview modes */
.root{color:var(--text,#1f2937)}
.launcher{background:var(--launcher-bg,var(--pc));color:var(--launcher-fg,var(--pc-text));border-radius:var(--launcher-radius,50%)}
.panel{border-radius:var(--radius,14px)}
.bubble{border-radius:var(--bubble-radius,14px)}
.operator .bubble{background:var(--op-bg,#fff);color:var(--op-fg,inherit)}
.visitor .bubble{background:var(--vis-bg,var(--pc));color:var(--vis-fg,var(--pc-text))}
.avatar{flex:none;width:36px;height:36px;border-radius:50%;object-fit:cover;background:rgba(255,255,255,.2)}
.no-launcher .launcher{display:none!important}
.mode-page .launcher,.mode-page .close{display:none!important}
.mode-page .panel{top:0;left:0;right:0;bottom:0;width:100%;max-width:none;height:100%;max-height:none;border-radius:0;box-shadow:none}
.mode-page .list{padding-left:max(12px,calc(50% - 380px));padding-right:max(12px,calc(50% - 380px))}
.mode-preview .panel{bottom:92px;height:calc(100% - 112px);max-height:600px}
.mode-preview .close{pointer-events:none}
.failed .bubble{background:#fee2e2;color:#7f1d1d}
@media (max-width:520px){.panel{border-radius:0}.mode-preview .panel{bottom:0;height:100%;max-height:none}}
/* the visitor's language file is loading (at most a moment): show nothing rather than English */
.root.i18n-wait{visibility:hidden}
/* right-to-left languages (he): the layout mirrors */
.rtl .launcher,.rtl .panel,.rtl .teaser{right:auto;left:20px}
.rtl.left .launcher,.rtl.left .panel,.rtl.left .teaser{left:auto;right:20px}
.rtl .badge{right:auto;left:-2px}
.rtl .header{padding:14px 16px 14px 12px}
.rtl .operator .bubble{border-bottom-left-radius:var(--bubble-radius,14px);border-bottom-right-radius:4px}
.rtl .visitor .bubble{border-bottom-right-radius:var(--bubble-radius,14px);border-bottom-left-radius:4px}
/* pre-chat form (C3) */
.prechat{display:flex;flex-direction:column;gap:8px;padding:12px 14px;border-top:1px solid #e5e7eb;background:#fff}
.prechat-intro{margin:0;font-size:13px;color:#374151}
.prechat .consent{display:flex;gap:8px;align-items:flex-start;font-size:13px;color:#374151}
.prechat .consent label{font-weight:400}
.field{display:flex;flex-direction:column;gap:2px}
.field label{font-size:12px;color:#4b5563}
.field input{font:inherit;font-size:15px;padding:7px 9px;border:1px solid #d1d5db;border-radius:8px;color:#111827;background:#fff}
.field input:focus{outline:none;border-color:var(--pc);box-shadow:0 0 0 1px var(--pc)}
.field input[aria-invalid=true]{border-color:#b91c1c}
.field-error{font-size:12px;color:#b91c1c;min-height:0}
.start{align-self:flex-end;padding:8px 14px;border-radius:8px;background:var(--pc);color:var(--pc-text);font-weight:600}
/* teaser (C4) */
.teaser{position:fixed;bottom:86px;right:20px;z-index:2147483000;max-width:260px;display:flex;gap:6px;align-items:flex-start;padding:10px 12px;background:#fff;color:#1f2937;border-radius:12px;box-shadow:0 4px 18px rgba(0,0,0,.2);font-size:14px}
.left .teaser{right:auto;left:20px}
.teaser-text{cursor:pointer;flex:1;overflow-wrap:anywhere}
.teaser-x{font-size:16px;line-height:1;color:#6b7280;padding:0 2px}
`;
