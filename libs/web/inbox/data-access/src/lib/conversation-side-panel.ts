import { InjectionToken, InputSignal, Type } from '@angular/core';
import type { Conversation } from '@parley/web/shared/data-access';

/** What the conversation page renders on its right: a component with a `conversation` input. */
export type ConversationSidePanel = Type<{ conversation: InputSignal<Conversation | null> }>;

/**
 * The conversation page's right-hand panel, provided by the app (the CRM side panel,
 * @parley/web/crm/feature-side-panel): the inbox shows it without depending on the CRM's feature.
 */
export const CONVERSATION_SIDE_PANEL = new InjectionToken<ConversationSidePanel>('CONVERSATION_SIDE_PANEL');
