// Node-only parts of the proxy: the node:http / Express / Connect adapter, a server with a
// graceful close, and the SSRF-guarded fetch (it pins resolved addresses, which needs node:http).
export {
  createSafeFetch,
  type FetchImage,
  type ResolvedAddress,
  type SafeFetchOptions,
} from './guards/createSafeFetch';
export { type AddressPolicy, isBlockedAddress } from './guards/isBlockedAddress';
export {
  type CutoutServer,
  type CutoutServerOptions,
  startCutoutServer,
} from './server/startCutoutServer';
export { type NodeListener, toNodeListener } from './server/toNodeListener';
