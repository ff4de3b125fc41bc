/** The job that reads one e-mail channel's mailbox (EmailPoller.pollChannel); here so the adapter can enqueue it without importing the poller. */
export const POLL_EMAIL_MAILBOX_JOB = 'poll-email-mailbox';
