import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';

describe('the licence', () => {
  test('LICENSE holds the licence package.json names (MIT)', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { license: string };
    expect(pkg.license).toBe('MIT');
    const text = readFileSync('LICENSE', 'utf8');
    expect(text.split('\n')[0]).toBe('MIT License');
    expect(text).toContain('Permission is hereby granted, free of charge');
  });
});
