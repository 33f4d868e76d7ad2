/**
 * 009 — an index to read one entity's audit history (a receipt's events, newest first) without
 * scanning the log: `audit.list { entity, entityId }`.
 */
import type { Migration } from './types';

export const migration009: Migration = {
  version: 9,
  name: 'audit entity index',
  up(db) {
    db.exec(`CREATE INDEX audit_events_entity_id ON audit_events (entity, entity_id, seq) WHERE entity_id IS NOT NULL;`);
  },
};
