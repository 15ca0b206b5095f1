// SQLite storage of the webhook server example: one file, WAL mode, every write inside a
// transaction the caller opens (db.transaction), so a webhook is applied whole or not at all.
import Database from 'better-sqlite3';

const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS records (
  id          TEXT PRIMARY KEY,
  phone       TEXT,            -- E.164; null for an invitation whose person gave no number yet
  token_hash  TEXT,            -- doi.tokenHash: finds the record of a confirmation that carries its token
  json        TEXT NOT NULL,   -- the whole ConsentRecord
  head        TEXT NOT NULL,   -- copy of record.head: verifyRecord's expectedHead
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS records_phone ON records(phone);
CREATE INDEX IF NOT EXISTS records_token_hash ON records(token_hash);

-- Meta retries a delivery until it gets a 200: an event whose key is here was applied already.
CREATE TABLE IF NOT EXISTS processed_messages (
  message_id   TEXT PRIMARY KEY,
  record_id    TEXT,
  outcome      TEXT NOT NULL,
  processed_at TEXT NOT NULL
);

-- What would be sent. Nothing leaves the machine; a sender process would read this table.
CREATE TABLE IF NOT EXISTS outbox (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  to_phone    TEXT NOT NULL,
  kind        TEXT NOT NULL,
  lang        TEXT NOT NULL,
  text        TEXT NOT NULL,
  version     TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  record_id   TEXT REFERENCES records(id)
);

-- Inbound messages no record took; an opt-out among them must never be lost.
CREATE TABLE IF NOT EXISTS unmatched (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  message_id  TEXT,
  from_phone  TEXT,
  kind        TEXT NOT NULL,
  intent      TEXT,
  reason      TEXT NOT NULL,
  event_json  TEXT NOT NULL,
  received_at TEXT NOT NULL
);

-- HMAC keys of numbers that must not be messaged (suppressionKey): never the number itself.
CREATE TABLE IF NOT EXISTS suppression (
  key    TEXT NOT NULL,
  scope  TEXT NOT NULL,
  since  TEXT NOT NULL,
  reason TEXT NOT NULL,
  PRIMARY KEY (key, scope)
);
`;

export function openDb(path) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // FULL: a webhook we answered 200 is on disk even after a power cut (Meta will not resend it).
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const version = db.pragma('user_version', { simple: true });
  if (version > SCHEMA_VERSION) throw new Error(`${path}: schema version ${version} is newer than this server (${SCHEMA_VERSION})`);
  db.exec(SCHEMA);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);

  const q = {
    recordById: db.prepare('SELECT * FROM records WHERE id = ?'),
    // Newest first: a person who signed up again is answered from the current record.
    recordsByPhone: db.prepare('SELECT * FROM records WHERE phone = ? ORDER BY updated_at DESC, rowid DESC'),
    recordsByTokenHash: db.prepare('SELECT * FROM records WHERE token_hash = ? ORDER BY updated_at DESC, rowid DESC'),
    allRecords: db.prepare('SELECT * FROM records ORDER BY rowid'),
    insertRecord: db.prepare(`INSERT INTO records (id, phone, token_hash, json, head, created_at, updated_at)
      VALUES (@id, @phone, @token_hash, @json, @head, @at, @at) ON CONFLICT(id) DO NOTHING`),
    updateRecord: db.prepare(`UPDATE records SET phone = @phone, token_hash = @token_hash, json = @json, head = @head,
      updated_at = @at WHERE id = @id`),
    processed: db.prepare('SELECT 1 FROM processed_messages WHERE message_id = ?'),
    markProcessed: db.prepare(`INSERT INTO processed_messages (message_id, record_id, outcome, processed_at)
      VALUES (?, ?, ?, ?)`),
    outbox: db.prepare(`INSERT INTO outbox (to_phone, kind, lang, text, version, created_at, record_id)
      VALUES (@to_phone, @kind, @lang, @text, @version, @created_at, @record_id)`),
    unmatched: db.prepare(`INSERT INTO unmatched (message_id, from_phone, kind, intent, reason, event_json, received_at)
      VALUES (@message_id, @from_phone, @kind, @intent, @reason, @event_json, @received_at)`),
    suppress: db.prepare(`INSERT INTO suppression (key, scope, since, reason) VALUES (@key, @scope, @since, @reason)
      ON CONFLICT(key, scope) DO NOTHING`),
    suppressions: db.prepare('SELECT key, scope, since, reason FROM suppression'),
    counts: db.prepare(`SELECT (SELECT count(*) FROM records) AS records, (SELECT count(*) FROM outbox) AS outbox,
      (SELECT count(*) FROM unmatched) AS unmatched, (SELECT count(*) FROM suppression) AS suppression`),
  };

  const columns = (record, at) => ({
    id: record.id,
    phone: record.phone ?? null,
    token_hash: record.doi?.tokenHash ?? null,
    json: JSON.stringify(record),
    head: record.head,
    at,
  });

  return {
    raw: db,
    /** Runs fn inside one transaction (rolled back if it throws) and returns its result. */
    transaction: (fn) => db.transaction(fn)(),
    recordById: (id) => q.recordById.get(id) ?? null,
    recordsByPhone: (phone) => q.recordsByPhone.all(phone),
    recordsByTokenHash: (hash) => q.recordsByTokenHash.all(hash),
    allRecords: () => q.allRecords.all(),
    /** True when stored, false when a record with that id exists already (it is left as it is). */
    insertRecord: (record, at) => q.insertRecord.run(columns(record, at)).changes === 1,
    updateRecord: (record, at) => q.updateRecord.run(columns(record, at)),
    isProcessed: (key) => q.processed.get(key) !== undefined,
    markProcessed: (key, recordId, outcome, at) => q.markProcessed.run(key, recordId, outcome, at),
    addOutbox: (row) => Number(q.outbox.run(row).lastInsertRowid),
    addUnmatched: (row) => Number(q.unmatched.run(row).lastInsertRowid),
    addSuppression: (entry) => q.suppress.run(entry).changes === 1,
    suppressions: () => q.suppressions.all(),
    counts: () => q.counts.get(),
    close: () => db.close(),
  };
}
