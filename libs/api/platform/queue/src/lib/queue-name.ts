/** Every queue the app uses. Jobs are named for their action and export their `…JobData` type. */
export enum QueueName {
  maintenance = 'maintenance',
  notifications = 'notifications',
  /** Outgoing e-mail (`send-email`). */
  mail = 'mail',
  /** Draining `outbound_deliveries` (`deliver-outbound`, issue #9): every send that leaves Parley. */
  outbox = 'outbox',
  /** Issue #11 (E1): an admin's tag rename / recolour / delete over every client (`run-tag-job`). */
  tags = 'tags',
  /** Issue #11 (E7): AI tools' calls to the provider (`summarize-client`), apart from the quick jobs. */
  ai = 'ai',
  /** Issue #12 (E10): catalogue imports from XML feeds (`import-catalogue-feed`), long and one per feed. */
  catalogue = 'catalogue',
}
