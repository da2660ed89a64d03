/**
 * @module Shared by the broker-topology-*.test.ts files: a fresh engine for each test, unique names, and the error
 * code a call fails with.
 */
import { unique } from '../../tests/support/engine-helpers';

export { codeOf, engine, uid, useFreshEngine } from '../../tests/support/fresh-engine';

export const name = unique;

export const noop = () => undefined;
