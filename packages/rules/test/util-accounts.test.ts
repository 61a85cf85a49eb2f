import { describe, expect, it } from 'vitest';
import { buildModel } from '@iamlint/core/testing';
import { accountLabel, accountList } from '../src/util/accounts.js';

describe('accountLabel and accountList', () => {
  const model = buildModel({
    organization: { managementAccountId: '111122223333', accounts: [{ id: '111122223333', name: 'acme-management' }, { id: '444455556666', name: 'acme-production' }] },
    accounts: { '111122223333': {}, '444455556666': { alias: 'acme-prod' }, '777788889999': { alias: 'acme-sandbox' } },
  });

  it('names an account by its organization name, else by its id (an IAM alias is not a name)', () => {
    expect(accountLabel(model, '444455556666')).toBe('acme-production');
    expect(accountLabel(model, '777788889999')).toBe('777788889999');
    expect(accountLabel(model, '999999999999')).toBe('999999999999');
  });

  it('lists distinct accounts in account id order', () => {
    expect(accountList(model, ['777788889999', '444455556666', '111122223333', '444455556666'])).toBe('acme-management, acme-production, 777788889999');
  });
});
