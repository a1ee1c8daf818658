import { OriginPolicy } from './origin-policy';
import { ConfigError, loadConfig } from '../../config';

describe('OriginPolicy', () => {
  const local = new OriginPolicy(['http://localhost:*', 'http://127.0.0.1:*']);

  it('a * port matches any port, and nothing that only starts or ends like the origin', () => {
    expect(local.allows('http://localhost:3300')).toBe(true);
    expect(local.allows('http://127.0.0.1:5173')).toBe(true);
    expect(local.allows('http://localhost')).toBe(false);
    expect(local.allows('https://localhost:3300')).toBe(false);
    expect(local.allows('http://localhost.evil.example:3300')).toBe(false);
    expect(local.allows('http://localhost:3300.evil.example')).toBe(false);
    expect(local.allows('null')).toBe(false);
  });

  it('no Origin (curl, a server, the graphql-ws client in Node) is not a browser page: allowed', () => {
    expect(new OriginPolicy([]).allows(undefined)).toBe(true);
    expect(new OriginPolicy([]).allows('http://localhost:3300')).toBe(false);
  });

  it('a * label matches one host label; * alone matches any origin', () => {
    const preview = new OriginPolicy(['https://*.preview.example.com']);
    expect(preview.allows('https://pr-1.preview.example.com')).toBe(true);
    expect(preview.allows('https://a.b.preview.example.com')).toBe(false);
    expect(new OriginPolicy(['*']).allows('https://anything.example')).toBe(true);
  });
});

describe('CORS_ORIGINS', () => {
  it('defaults to local origins outside production and to none in production', () => {
    expect(loadConfig({}).corsOrigins).toEqual(['http://localhost:*', 'http://127.0.0.1:*']);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32), ADMIN_PASSWORD: 'a'.repeat(20) }).corsOrigins).toEqual([]);
  });

  it('reads a comma list (trailing slashes dropped) and names a bad entry', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://shop.example.com/, http://localhost:3300' }).corsOrigins)
      .toEqual(['https://shop.example.com', 'http://localhost:3300']);
    expect(loadConfig({ CORS_ORIGINS: '' }).corsOrigins).toEqual([]);
    expect(() => loadConfig({ CORS_ORIGINS: 'shop.example.com' })).toThrow(ConfigError);
    expect(() => loadConfig({ CORS_ORIGINS: 'https://shop.example.com/path' })).toThrow(/CORS_ORIGINS .*"https:\/\/shop.example.com\/path"/);
  });
});
