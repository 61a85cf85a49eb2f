import { describe, it } from 'vitest';
import { RuleTester } from '@iamlint/core/testing';

RuleTester.describe = describe;
RuleTester.it = it;
