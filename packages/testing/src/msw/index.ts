export {
  type AnswerOptions,
  AUTH_CODE,
  CREDITS_CODE,
} from '../contract/contractAnswer';
export type {
  FakeCodiaRequest,
  FakeCodiaStats,
  FaultOptions,
  Scenario,
} from '../contract/createCodiaState';
export { FAULT_KINDS, type FaultKind } from '../contract/faultKinds';
export type { RateLimitOptions } from '../contract/rateWindow';
export {
  type CodiaHandlersOptions,
  type CodiaMock,
  createCodiaHandlers,
  createCodiaMock,
} from './createCodiaHandlers';
export { encodePng } from './encodePng';
export {
  makeSyntheticCutout,
  type SyntheticCutoutOptions,
  syntheticCutoutPixels,
} from './makeSyntheticCutout';
