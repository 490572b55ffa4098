// '@cutout/proxy/compose': the server's output composition (sharp as codec around
// '@cutout/core/output'), for workers that call an engine without the handler (the queue).
export {
  type ComposedOutput,
  type ComposeOutputOptions,
  type CutoutPixels,
  composeOutput,
} from './output/composeOutput';
