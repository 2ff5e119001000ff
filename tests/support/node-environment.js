// Native addons (onnxruntime-node, PGlite's WebAssembly glue) check typed arrays against the
// outer realm's constructors; Jest's sandbox has its own. Hand the sandbox the outer ones.
const { TestEnvironment } = require('jest-environment-node');

const SHARED_CONSTRUCTORS = [
  'ArrayBuffer',
  'SharedArrayBuffer',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int8Array',
  'Uint16Array',
  'Int16Array',
  'Uint32Array',
  'Int32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
];

class ProspectNodeEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of SHARED_CONSTRUCTORS) {
      if (globalThis[name]) this.global[name] = globalThis[name];
    }
  }
}

module.exports = ProspectNodeEnvironment;
