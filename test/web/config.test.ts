import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';

describe('loadConfig', () => {
  it('has defaults for a laptop: port 3000 on localhost, SQLite in ./data', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: 'localhost',
      dataDir: resolve('data'),
      databaseUrl: '',
      sessionHours: 12,
      secureCookies: false,
      trustProxy: false,
      logLevel: 'info',
    });
  });

  it('reads PORT, HOST, DATA_DIR and DATABASE_URL', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATA_DIR: '/var/lib/hearth',
      DATABASE_URL: 'postgres://hearth@db/hearth',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/var/lib/hearth',
      databaseUrl: 'postgres://hearth@db/hearth',
    });
  });

  it("looks for the bilingual dictionaries in Debian's folder unless HEARTH_DICTIONARIES says where", () => {
    expect(loadConfig({}).dictionariesDir).toBe('/usr/share/dictd');
    expect(loadConfig({ HEARTH_DICTIONARIES: '/opt/dictd' }).dictionariesDir).toBe('/opt/dictd');
  });

  it('resolves a relative DATA_DIR', () => {
    expect(loadConfig({ DATA_DIR: 'somewhere' }).dataDir).toBe(resolve('somewhere'));
  });

  it.each(['abc', '-1', '3000.5', '80x'])('refuses PORT=%s, naming it', (port) => {
    expect(() => loadConfig({ PORT: port })).toThrow(`PORT must be a whole number, not "${port}"`);
  });

  it('refuses a PORT above 65535 at once, not when listening', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow('PORT must be between 0 and 65535, not "70000"');
  });

  it('reads the on/off settings in the usual spellings', () => {
    expect(loadConfig({ SECURE_COOKIES: 'true', TRUST_PROXY: 'YES' })).toMatchObject({
      secureCookies: true,
      trustProxy: true,
    });
    expect(loadConfig({ SECURE_COOKIES: '0', TRUST_PROXY: 'off' })).toMatchObject({
      secureCookies: false,
      trustProxy: false,
    });
  });

  it('reads the largest CSV file the import page takes, 2000 MB unless set, and refuses one out of range', () => {
    expect(loadConfig({}).maxImportBytes).toBe(2000 * 1024 * 1024);
    expect(loadConfig({ HEARTH_MAX_IMPORT_MB: '50' }).maxImportBytes).toBe(50 * 1024 * 1024);
    expect(() => loadConfig({ HEARTH_MAX_IMPORT_MB: '0' })).toThrow(
      'HEARTH_MAX_IMPORT_MB must be between 1 and 2000, not "0"',
    );
    expect(() => loadConfig({ HEARTH_MAX_IMPORT_MB: '3000' })).toThrow('HEARTH_MAX_IMPORT_MB');
  });

  it('reads SESSION_HOURS and refuses a bad one', () => {
    expect(loadConfig({ SESSION_HOURS: '2' }).sessionHours).toBe(2);
    expect(() => loadConfig({ SESSION_HOURS: 'forever' })).toThrow('SESSION_HOURS');
  });
});

describe('PUBLIC_URL', () => {
  it('is empty unless set: links then use the address Hearth listens on', () => {
    expect(loadConfig({}).publicUrl).toBe('');
    expect(loadConfig({ PUBLIC_URL: '  ' }).publicUrl).toBe('');
  });

  it.each([
    ['https://stories.example.org', 'https://stories.example.org'],
    ['https://stories.example.org/', 'https://stories.example.org'],
    ['HTTPS://Stories.Example.org:443/', 'https://stories.example.org'],
    ['http://192.168.1.20:3000', 'http://192.168.1.20:3000'],
    ['http://hearth.local:8080/', 'http://hearth.local:8080'],
    ['https://[2001:db8::1]:8443/', 'https://[2001:db8::1]:8443'],
  ])('reads %s as %s (no trailing slash)', (value, expected) => {
    expect(loadConfig({ PUBLIC_URL: value }).publicUrl).toBe(expected);
  });

  it.each([
    ['stories.example.org', ''],
    ['http://', ''],
    ['ftp://stories.example.org', 'it must start with http:// or https://'],
    ['javascript:alert(1)', 'it must start with http:// or https://'],
    ['https://stories.example.org/hearth', 'it must have no path, query or fragment'],
    ['https://stories.example.org/?from=mail', 'it must have no path, query or fragment'],
    ['https://stories.example.org/#top', 'it must have no path, query or fragment'],
    ['https://admin:secret@stories.example.org', 'it must not hold a user name or password'],
  ])('refuses %s at start-up, saying why', (value, why) => {
    expect(() => loadConfig({ PUBLIC_URL: value })).toThrow(
      `PUBLIC_URL must be the address people open Hearth at, such as https://stories.example.org, not "${value}"${why ? `: ${why}` : ''}`,
    );
  });
});
