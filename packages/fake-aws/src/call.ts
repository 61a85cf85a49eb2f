import type { AccountFile } from '@iamlint/core';
import type { ApiError, QueryParams, XmlObject } from './protocol.js';
import type { FakeState, Principal } from './state.js';

export interface Call<P> {
  state: FakeState;
  caller: Principal;
  /** The account the request is for (the caller's). */
  accountId: string;
  account: AccountFile;
  action: string;
  params: P;
  /** Items per page before the caller's own limit (FakeAwsOptions.pageSize). */
  pageSize: number;
}

export type QueryHandler = (call: Call<QueryParams>) => XmlObject;
export type JsonHandler = (call: Call<JsonParams>) => Record<string, unknown>;

/** A JSON 1.1 request body, read member by member with AWS's validation errors. */
export class JsonParams {
  constructor(
    readonly body: Record<string, unknown>,
    private readonly invalid: (message: string) => ApiError,
  ) {}

  string(name: string): string | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw this.invalid(`${name} must be a string`);
    return value;
  }

  required(name: string): string {
    const value = this.string(name);
    if (value === undefined || value === '') {
      throw this.invalid(`1 validation error detected: Value null at '${name[0]?.toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`);
    }
    return value;
  }

  integer(name: string): number | undefined {
    const value = this.body[name];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) throw this.invalid(`${name} must be an integer`);
    return value;
  }
}
