import type { QueryHandler } from './call.js';
import { ApiError, isoSeconds, type XmlObject } from './protocol.js';

export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

const ROLE_ARN = /^arn:aws:iam::([0-9]{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/;

export const stsHandlers: Record<string, QueryHandler> = {
  GetCallerIdentity: (call): XmlObject => ({ UserId: call.caller.userId, Account: call.caller.accountId, Arn: call.caller.arn }),

  AssumeRole: (call): XmlObject => {
    const roleArn = call.params.required('RoleArn');
    const sessionName = call.params.required('RoleSessionName');
    if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
      throw new ApiError('ValidationError', `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
    }
    const match = ROLE_ARN.exec(roleArn);
    const role = match ? call.state.accounts.get(match[1] as string)?.roles.find((candidate) => candidate.arn === roleArn) : undefined;
    if (!match || !role) {
      throw new ApiError('AccessDenied', `User: ${call.caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`, 403);
    }
    const duration = call.params.integer('DurationSeconds') ?? 3600;
    if (duration < 900 || duration > role.maxSessionDuration) {
      throw new ApiError('ValidationError', `The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`);
    }
    const accountId = match[1] as string;
    const sessionArn = `arn:aws:sts::${accountId}:assumed-role/${role.roleName}/${sessionName}`;
    const credentials = call.state.issueSession({ accountId, arn: sessionArn, userId: `${role.roleId}:${sessionName}` });
    return {
      Credentials: {
        AccessKeyId: credentials.accessKeyId,
        SecretAccessKey: credentials.secretAccessKey,
        SessionToken: credentials.sessionToken,
        Expiration: isoSeconds(new Date(new Date().getTime() + duration * 1000)),
      },
      AssumedRoleUser: { AssumedRoleId: `${role.roleId}:${sessionName}`, Arn: sessionArn },
    };
  },
};
