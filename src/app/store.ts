import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/config.js';
import { startEmbeddedPostgres } from '../db/embedded.js';
import { migrate } from '../db/migrate.js';
import { SecretBox } from '../lib/secret-box.js';

export interface StoreLocation {
  readonly connectionString: string;
  /** Stops the embedded server when this process started it. */
  stop(): Promise<void>;
}

/**
 * Where the data lives: DATABASE_URL when set (nothing is started), otherwise an embedded PostgreSQL in
 * DATA_DIR/pg that survives restarts. Migrations run before anything else touches it.
 */
export async function openStoreLocation(config: Config, log: (line: string) => void): Promise<StoreLocation> {
  let location: StoreLocation;
  if (config.databaseUrl) {
    location = { connectionString: config.databaseUrl, stop: () => Promise.resolve() };
  } else {
    const cluster = await startEmbeddedPostgres({
      dir: path.join(config.dataDir, 'pg'),
      port: config.embeddedPgPort,
      database: 'aicall',
      persistent: true,
      log: (line) => log(`postgres: ${line.trim()}`),
    });
    location = { connectionString: cluster.connectionString, stop: () => cluster.stop() };
  }
  await migrate(location.connectionString);
  return location;
}

/** The key sealing stored secrets: SECRET_KEY, else DATA_DIR/secret.key (created once, mode 0600). */
export function loadSecretBox(config: Config): SecretBox {
  if (config.secretKey) return SecretBox.fromText(config.secretKey);
  const file = path.join(config.dataDir, 'secret.key');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  }
  return SecretBox.fromText(readFileSync(file, 'utf8'));
}
