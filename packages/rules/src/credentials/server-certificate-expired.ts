import { defineRule, OptionObject, Type } from '@iamlint/core';

const DAY_MS = 86_400_000;

export default defineRule({
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow expired SSL/TLS server certificates stored in IAM, and optionally those about to expire.',
      recommended: true,
    },
    severity: 'medium',
    compliance: [
      { framework: 'cis-aws', version: '5.0', control: '1.18', options: [{ expiringWithinDays: 0 }], messageIds: ['expired'] },
      { framework: 'aws-fsbp', version: '1.0', control: 'IAM.26', options: [{ expiringWithinDays: 0 }], messageIds: ['expired'] },
    ],
    requires: ['iam.serverCertificates'],
    messages: {
      expired:
        'Server certificate {{certificate}} in account {{accountId}} expired on {{expiration}}, {{days}} day(s) ago: replace it wherever it is deployed (ELB, CloudFront) and delete it from IAM.',
      expiresSoon:
        'Server certificate {{certificate}} in account {{accountId}} expires on {{expiration}}, in {{days}} day(s) (warning window {{expiringWithinDays}} days): upload its replacement and switch to it.',
    },
    schema: [
      OptionObject({
        expiringWithinDays: Type.Integer({ minimum: 0, maximum: 365, description: 'Also report certificates that expire within this many days; 0 reports expired ones only.' }),
      }),
    ],
    defaultOptions: [{ expiringWithinDays: 0 }],
  },
  create(context) {
    const [{ expiringWithinDays }] = context.options;
    const now = context.now.getTime();
    // Separate fingerprints, so a baselined warning does not hide the certificate once it has expired.
    return {
      ServerCertificate(certificate) {
        const expiresAt = Date.parse(certificate.expiration);
        const data = { certificate: certificate.name, accountId: certificate.accountId, expiration: certificate.expiration, expiringWithinDays };
        if (expiresAt <= now) {
          context.report({ node: certificate, messageId: 'expired', data: { ...data, days: Math.floor((now - expiresAt) / DAY_MS) }, discriminator: 'expired', pointer: '/expiration' });
          return;
        }
        const daysLeft = Math.floor((expiresAt - now) / DAY_MS);
        if (daysLeft < expiringWithinDays) {
          context.report({ node: certificate, messageId: 'expiresSoon', data: { ...data, days: daysLeft }, discriminator: 'expires-soon', pointer: '/expiration' });
        }
      },
    };
  },
});
