export {
  type AnswerOptions,
  AUTH_CODE,
  CREDITS_CODE,
} from './contract/contractAnswer';
export type {
  CallMode,
  FakeCodiaRequest,
  FakeCodiaStats,
  FaultOptions,
  Scenario,
} from './contract/createCodiaState';
export { FAULT_KINDS, type FaultKind } from './contract/faultKinds';
export type { RateLimitOptions } from './contract/rateWindow';
export { type KeyedCutout, keyOutBackground } from './node/keyOutBackground';
export { makeTestImage, type TestImageOptions, type TestSubject } from './node/makeTestImage';
export {
  DEFAULT_API_KEY,
  DEFAULT_MAX_BYTES,
  type FakeCodia,
  type FakeCodiaOptions,
  startFakeCodia,
} from './node/startFakeCodia';
