import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box';

const HEX_KEY = randomBytes(32).toString('hex');
const box = (key: string) => SecretBox.fromEnv({ SWITCHBOARD_SECRET_KEY: key });

describe('SecretBox', () => {
  it('seals and opens a secret for its purpose, never writing the plaintext', () => {
    const secrets = box(HEX_KEY);
    const sealed = secrets.seal('pässword with : colons', 'cluster:c1:password');
    expect(sealed).not.toContain('pässword');
    expect(sealed).toMatch(/^v1:[0-9a-f]{8}:/);
    expect(secrets.open(sealed, 'cluster:c1:password')).toBe('pässword with : colons');
    // A fresh IV each time: the same secret never seals to the same text.
    expect(secrets.seal('same', 'p')).not.toBe(secrets.seal('same', 'p'));
  });

  it('refuses to open a secret for another purpose, an altered one, or a cut one', () => {
    const secrets = box(HEX_KEY);
    const sealed = secrets.seal('secret', 'cluster:c1:password');
    expect(() => secrets.open(sealed, 'cluster:c2:password')).toThrow(/does not open for cluster:c2:password/);
    const bytes = Buffer.from(sealed.split(':')[2]!, 'base64');
    bytes[bytes.length - 1] ^= 1;
    const altered = `${sealed.split(':').slice(0, 2).join(':')}:${bytes.toString('base64')}`;
    expect(() => secrets.open(altered, 'cluster:c1:password')).toThrow(/altered/);
    expect(() => secrets.open('v1:abc', 'x')).toThrow(/not a sealed secret/);
    expect(() => secrets.open(`${sealed.split(':').slice(0, 2).join(':')}:AAAA`, 'x')).toThrow(/cut short/);
  });

  it('says when the key changed, naming both fingerprints but neither key', () => {
    const sealed = box(HEX_KEY).seal('secret', 'p');
    const other = randomBytes(32).toString('base64');
    let message = '';
    try {
      box(other).open(sealed, 'p');
    } catch (error) {
      message = (error as Error).message;
      expect(error).toMatchObject({ code: 'precondition_failed', details: { problem: 'unreadable_secret' } });
    }
    expect(message).toMatch(/sealed under another SWITCHBOARD_SECRET_KEY \(key [0-9a-f]{8}; this one is [0-9a-f]{8}\)/);
    expect(message).not.toContain(HEX_KEY);
    expect(message).not.toContain(other);
  });

  it('takes 32 bytes as hex or base64, or a long passphrase (the same key every start), and refuses the rest', () => {
    const bytes = randomBytes(32);
    const fromHex = box(bytes.toString('hex'));
    expect(box(bytes.toString('base64')).open(fromHex.seal('s', 'p'), 'p')).toBe('s');
    const passphrase = 'correct horse battery staple, and then some more';
    expect(box(passphrase).open(box(passphrase).seal('s', 'p'), 'p')).toBe('s');
    expect(() => SecretBox.fromEnv({})).toThrow(/SWITCHBOARD_SECRET_KEY is not set/);
    expect(() => box('short')).toThrow(expect.objectContaining({ code: 'precondition_failed', details: expect.objectContaining({ problem: 'too_short' }) }));
  });
});
