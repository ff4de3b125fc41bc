/**
 * What a kind of channel can do, as far as the conversation rules need it. Conversations do not
 * know channels: the channels side (`ChannelRegistry` in libs/api/channels/core) provides
 * CHANNEL_CAPABILITIES from its registered adapters.
 */
export interface ChannelCapabilities {
  /** The reader sees an edit of a sent message (the widget); other channels' copies have left already. */
  editable: boolean;
  /** The channel is put on a site by an embed code or opened by a direct link (the widget's settings). */
  embeddable: boolean;
  /** The channel reports when the reader has read a message. */
  readReceipts: boolean;
  /** The reader may be away when an operator answers, and then gets the reply by e-mail. */
  emailsRepliesWhenAway: boolean;
  /**
   * Issue #10: replies are possible only this many hours after the contact last wrote (WhatsApp's
   * 24-hour customer-service window); absent: any time.
   */
  replyWindowHours?: number | null;
}

/** The capabilities of a kind without a registered adapter: none. */
export const NO_CHANNEL_CAPABILITIES: Readonly<ChannelCapabilities> = Object.freeze({ editable: false, embeddable: false, readReceipts: false, emailsRepliesWhenAway: false });

export const CHANNEL_CAPABILITIES = Symbol('CHANNEL_CAPABILITIES');

export interface ChannelCapabilitiesLookup {
  /** The capabilities of a channel kind (`channels.type`); NO_CHANNEL_CAPABILITIES for a kind without an adapter. */
  capabilitiesOf(kind: string): ChannelCapabilities;
}
