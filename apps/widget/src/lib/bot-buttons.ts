/**
 * SPEC D2: the bot's answer buttons under the messages, and "start again" after the bot closed
 * the chat. Real <button>s (Tab / Enter / Space work), labels set as text only.
 */
import type { BotState } from './chat-session';
import { h } from './dom';
import type { UiTexts } from './i18n';

export interface BotButtonsCallbacks {
  answer(buttonId: string): void;
  restart(): void;
}

export class BotButtonsView {
  readonly element: HTMLElement;
  private signature = '';

  constructor(private readonly cb: BotButtonsCallbacks) {
    this.element = h('div', { class: 'bot-answers', role: 'group', 'data-testid': 'parley-bot', hidden: true });
    this.element.addEventListener('click', (e) => {
      const button = (e.target as Element | null)?.closest?.('button');
      if (!button || button.hasAttribute('disabled')) return;
      if (button.hasAttribute('data-restart')) this.cb.restart();
      else {
        const id = button.getAttribute('data-answer');
        if (id) this.cb.answer(id);
      }
    });
  }

  render(bot: BotState | null, t: UiTexts): void {
    const sig = JSON.stringify([bot, t.answers, t.restart]);
    if (sig === this.signature) return;
    this.signature = sig;
    const el = this.element;
    el.textContent = '';
    el.hidden = !bot || (!bot.buttons.length && !bot.canRestart);
    if (!bot || el.hidden) return;
    el.setAttribute('aria-label', t.answers);
    el.setAttribute('aria-busy', bot.busy ? 'true' : 'false');
    for (const b of bot.buttons) {
      el.appendChild(h('button', { type: 'button', class: 'bot-answer', 'data-answer': b.id, 'data-testid': 'parley-bot-answer', disabled: bot.busy }, b.label));
    }
    if (bot.canRestart) el.appendChild(h('button', { type: 'button', class: 'bot-answer restart', 'data-restart': true, 'data-testid': 'parley-bot-restart', disabled: bot.busy }, t.restart));
  }
}

export const BOT_CSS = `
.bot-answers{display:flex;flex-wrap:wrap;gap:6px;padding:6px 16px 8px;background:#fff;justify-content:flex-end}
.bot-answer{font:inherit;font-size:13px;border:1px solid var(--pc);color:var(--pc);background:#fff;border-radius:var(--bubble-radius);padding:6px 12px;cursor:pointer;max-width:100%;overflow-wrap:anywhere;text-align:start}
.bot-answer:hover:not([disabled]),.bot-answer:focus-visible{background:var(--pc);color:var(--pc-text);outline:2px solid var(--pc);outline-offset:1px}
.bot-answer[disabled]{opacity:.5;cursor:default}
.bot-answer.restart{border-style:dashed}
`;
