import { describe, expect, it } from 'vitest';
import { SERVICE_CONDITION_KEYS, GLOBAL_CONDITION_KEYS, SERVICES } from '../../core/src/policy/iam-data.generated.js';
import { decodeBundleData, encodeBundleData } from '../src/bundle-data.js';

const catalogue = { GLOBAL_CONDITION_KEYS, SERVICE_CONDITION_KEYS, SERVICES };

describe('the data file beside the published bundle', () => {
  it('gives back the action catalogue exactly, as the Latin-1 text the bundle reads', () => {
    const text = encodeBundleData(catalogue);
    const bytes = Buffer.from(text, 'latin1');
    expect(Buffer.from(text, 'utf8').equals(bytes)).toBe(true);
    expect(decodeBundleData(bytes.toString('latin1'))).toEqual(catalogue);
    expect(SERVICES.length).toBeGreaterThan(400);
  });

  it('keeps empty strings, empty tables and empty fields', () => {
    const data = { EMPTY: '', NONE: [], ROWS: [['iam', '', 'W'], ['s3', 'GetObject', 'R']] };
    expect(decodeBundleData(encodeBundleData(data))).toEqual(data);
  });

  it('refuses a value it could not give back', () => {
    expect(() => encodeBundleData({ NAMES: 'GetObject\tPutObject' })).toThrow('NAMES holds U+0009 at 9');
    expect(() => encodeBundleData({ ROWS: [['s3', 'ListBucket\n']] })).toThrow('ROWS holds U+000a');
    expect(() => encodeBundleData({ NAME: 'Amazon Q Developer — chat' })).toThrow('NAME holds U+2014');
    for (const value of [42, { iam: 'GetUser' }, [['iam'], []], [['iam', 7]]]) {
      expect(() => encodeBundleData({ ODD: value as never })).toThrow('ODD is neither a string nor a table of strings');
    }
  });

  it('refuses a file that is not one, or is cut short or damaged', () => {
    const text = encodeBundleData(catalogue);
    expect(() => decodeBundleData('{"SERVICES": []}')).toThrow('not a version 1 data file');
    expect(() => decodeBundleData(text.slice(0, text.length / 2))).toThrow(/cut short|does not end/);
    expect(() => decodeBundleData(text.slice(0, -4))).toThrow('does not end where its entries do');
    expect(() => decodeBundleData(`${text}SERVICES\ts\textra\n`)).toThrow('does not end where its entries do');
    expect(() => decodeBundleData(text.replace('\nSERVICES\tt\t', '\nSERVICES\tx\t'))).toThrow('entry 3 is damaged');
  });
});
