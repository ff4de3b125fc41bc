/**
 * The widget's English texts — the fallback every other language is merged over — and their types.
 * The only texts compiled into widget.js; the other 19 languages (`i18n-texts.ts`) are built into
 * `dist/apps/widget/i18n/<lang>.json` and fetched on demand (`i18n-loader.ts`).
 */

/** The chat's own texts; the file and consent texts live in `i18n-files.ts`. */
export interface ChatTexts {
  open: string;
  close: string;
  msgs: string;
  input: string;
  send: string;
  save: string;
  cancel: string;
  editing: string;
  edit: string;
  editLabel: string;
  retry: string;
  sending: string;
  notSent: string;
  delivered: string;
  read: string;
  edited: string;
  /** `{name}` is replaced */
  typing: string;
  operator: string;
  you: string;
  reconnect: string;
  tooFast: string;
  /** A send the server could not store after several automatic attempts (an outage). */
  sendUnavailable: string;
  tooLong: string;
  empty: string;
  error: string;
  placeholder: string;
  header: string;
  welcome: string;
  /** `{n}` is replaced */
  queue: string;
  /** `{m}` minutes */
  wait: string;
  offline: string;
  /** `{n}` is replaced */
  unread: string;
  form: string;
  name: string;
  email: string;
  phone: string;
  optional: string;
  start: string;
  required: string;
  badEmail: string;
  badPhone: string;
  dismiss: string;
  unavailable: string;
  /** SPEC D2: after the bot closed the chat */
  restart: string;
  /** SPEC D2: the label of the bot's answer buttons */
  answers: string;
}

export interface FileTexts {
  /** SPEC A2: the link that continues the chat in a messenger; `{app}` is replaced ("Telegram") */
  continueIn: string;
  /** `{mb}` is replaced */
  attach: string;
  fileEmpty: string;
  /** `{mb}` is replaced */
  fileTooLarge: string;
  fileType: string;
  /** `{n}` is replaced */
  tooManyFiles: string;
  uploadConnecting: string;
  uploadFailed: string;
  uploadOffline: string;
  uploadTooFast: string;
  uploadWait: string;
  /** `{name}` is replaced (progress bar label) */
  uploading: string;
  /** `{name}` is replaced */
  removeFile: string;
  /** `{name}` is replaced */
  download: string;
  /** `{name}` is replaced */
  openImage: string;
  typeFirst: string;
  /** The consent checkbox's label when the channel set no text of its own. */
  consentDefault: string;
  /** Consent ticked without an e-mail address. */
  consentEmail: string;
}

/** SPEC C2: the offline form's texts; B4: the routing line under the header. */
export interface OfflineTexts {
  /** The form's title and intro while the channel keeps the built-in ones (the admin's own win). */
  offTitle: string;
  offIntro: string;
  /** Field labels the pre-chat form does not have (name, e-mail, phone and message are shared). */
  street: string;
  region: string;
  city: string;
  postalCode: string;
  company: string;
  offThanks: string;
  offThanksMore: string;
  /** `{n}` is replaced */
  maxChars: string;
  /** A value refused for another reason. */
  offInvalid: string;
  offFailed: string;
  offTooFast: string;
  /** `{name}` is replaced */
  joined: string;
  /** The queue's wait estimate under a minute. */
  waitSoon: string;
  /** The composer: `{n}` characters over the limit of `{max}` */
  overLimit: string;
  /** Messages of the session and the server shown to the visitor (edits, bot answers, connection). */
  editOnlyLast: string;
  notConnected: string;
  answerGone: string;
  editFailed: string;
  /** The window's title while the channel keeps the built-in one (the admin's own wins). */
  title: string;
}

export interface UiTexts extends ChatTexts, FileTexts, OfflineTexts {}

export const EN_CHAT_TEXTS: ChatTexts = {
  open: 'Open chat',
  close: 'Close chat',
  msgs: 'Messages',
  input: 'Message',
  send: 'Send message',
  save: 'Save edit',
  cancel: 'Cancel',
  editing: 'Editing your message',
  edit: 'Edit',
  editLabel: 'Edit your last message',
  retry: 'Retry',
  sending: 'Sending…',
  notSent: 'Not sent',
  delivered: 'Delivered',
  read: 'Read',
  edited: 'edited',
  typing: '{name} is typing…',
  operator: 'Operator',
  you: 'You:',
  reconnect: 'Connection lost. Reconnecting…',
  tooFast: 'too many messages, wait a moment',
  sendUnavailable: 'the chat could not be reached, try again',
  tooLong: 'message too long',
  empty: 'message is empty',
  error: 'Something went wrong. Please try again.',
  placeholder: 'Type your message…',
  header: 'We usually reply within a few minutes',
  welcome: 'Hi! How can we help you today?',
  queue: 'You are number {n} in the queue',
  wait: 'Estimated wait: {m} min',
  offline: "We're offline right now. Leave a message and we'll get back to you.",
  unread: '{n} unread',
  form: 'Before we start, please tell us about yourself',
  name: 'Name',
  email: 'E-mail',
  phone: 'Phone',
  optional: 'optional',
  start: 'Start chat',
  required: 'Required',
  badEmail: 'Enter a valid e-mail address',
  badPhone: 'Enter a valid phone number',
  dismiss: 'Dismiss',
  unavailable: 'Chat is unavailable.',
  restart: 'Start again',
  answers: 'Choose an answer',
};

/** The file and consent texts (SPEC A9, C8). */
export const EN_FILE_TEXTS: FileTexts = {
  attach: 'Attach an image or PDF (up to {mb} MB)', fileEmpty: 'The file is empty.', fileTooLarge: 'The file is larger than {mb} MB.',
  fileType: 'Only images (PNG, JPEG, GIF, WebP) and PDF files can be sent.', tooManyFiles: 'At most {n} files per message.',
  uploadConnecting: 'Still connecting. Try again in a moment.', uploadFailed: 'The upload failed. Try again.', uploadOffline: 'The upload failed: no connection.',
  uploadTooFast: 'You are sending files too fast. Please wait a moment.', uploadWait: 'Wait until the files are uploaded.', uploading: 'Uploading {name}',
  removeFile: 'Remove {name}', download: 'Download {name}', openImage: 'Open image {name}', typeFirst: 'Type a message first.',
  consentDefault: 'I agree to receive marketing e-mails.', consentEmail: 'Enter your e-mail address to confirm the subscription.',
  continueIn: 'Continue in {app}',
};

/** The offline form and routing texts (SPEC C2, B4). */
export const EN_OFFLINE_TEXTS: OfflineTexts = {
  offTitle: 'Leave us a message', offIntro: 'We are not available right now. Leave a message and we will get back to you by e-mail.',
  street: 'Street', region: 'Region', city: 'City', postalCode: 'Postal code', company: 'Company',
  offThanks: 'Thank you — your message was sent.', offThanksMore: 'We will get back to you as soon as possible.', maxChars: 'At most {n} characters',
  offInvalid: 'Check this field.', offFailed: 'The message could not be sent. Please try again.', offTooFast: 'You are sending too fast. Please wait a moment and try again.',
  joined: '{name} joined', waitSoon: 'Estimated wait: less than a minute',
  overLimit: 'Message is too long: {n} characters over the limit of {max}.', editOnlyLast: 'Only your last message can be edited, for 15 minutes.', notConnected: 'Not connected. Try again in a moment.', answerGone: 'This answer is no longer offered.', editFailed: 'The message could not be edited.', title: 'Chat with us',
};

export const EN_TEXTS: UiTexts = { ...EN_CHAT_TEXTS, ...EN_FILE_TEXTS, ...EN_OFFLINE_TEXTS };
