// passwords.conf values as splunkd writes them: `$7$` + base64 of AES-256-GCM(iv, ciphertext, tag) under a
// key derived from $SPLUNK_HOME/etc/auth/splunk.secret, so no clear secret ever lands in a conf file.
// (Same construction as Splunk 7.2+, not byte-compatible with it: the stand-in only needs the property.)
import { createCipheriv, createDecipheriv, pbkdf2Sync, randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789./';

export class SplunkSecret {
  private readonly key: Buffer;

  constructor(splunkHome: string) {
    const path = join(splunkHome, 'etc', 'auth', 'splunk.secret');
    if (!existsSync(path)) {
      mkdirSync(dirname(path), { recursive: true });
      const secret = Array.from({ length: 254 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
      writeFileSync(path, `${secret}\n`, { mode: 0o400 });
    }
    const secret = readFileSync(path, 'utf8').trim().slice(0, 254);
    this.key = pbkdf2Sync(secret, 'disk-encryption', 1, 32, 'sha256');
  }

  encrypt(clear: string): string {
    const iv = randomBytes(16);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(clear, 'utf8'), cipher.final()]);
    return `$7$${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64')}`;
  }

  decrypt(stored: string): string {
    if (!stored.startsWith('$7$')) return stored; // passwords.conf may hold clear text written by hand
    const raw = Buffer.from(stored.slice(3), 'base64');
    const iv = raw.subarray(0, 16);
    const tag = raw.subarray(raw.length - 16);
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(raw.subarray(16, raw.length - 16)), decipher.final()]).toString('utf8');
  }
}
