import type { Plugin } from 'iamlint';
import noUserOutsidePath from './rules/no-user-outside-path.js';
import roleOwnerTag from './rules/role-owner-tag.js';

const plugin: Plugin = {
  meta: { name: 'iamlint-plugin-acme', version: '1.0.0' },
  rules: {
    'role-owner-tag': roleOwnerTag,
    'no-user-outside-path': noUserOutsidePath,
  },
};

export default plugin;
