/** Test servers for e-mail channels (never imported by the app): a private Dovecot and an SMTP capture. */
export * from './dovecot';
export * from './smtp-capture';
