/** Builders shared by the specs (not bundled: nothing in the widget imports this file). */
import { MessageAuthorType, type VisitorMessage } from '@parley/shared/contracts';
import { registerTexts } from './i18n';
import { UI_TEXTS } from './i18n-texts';

/** Registers every language's texts, as if each language file had been fetched (specs of the view). */
export function loadAllLanguages(): void {
  for (const [lang, texts] of Object.entries(UI_TEXTS)) registerTexts(lang, texts);
}

export function msg(seq: number, over: Partial<VisitorMessage> = {}): VisitorMessage {
  return {
    id: `m${seq}`,
    clientId: null,
    conversationId: 'c1',
    seq,
    authorType: MessageAuthorType.operator,
    authorName: 'Anna',
    body: `message ${seq}`,
    createdAt: new Date(Date.UTC(2025, 0, 1, 12, seq)).toISOString(),
    editedAt: null,
    ...over,
  };
}
