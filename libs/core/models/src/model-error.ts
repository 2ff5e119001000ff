/**
 * What went wrong with a model, a model card or a fit, as a stable code that callers map to a
 * response (HTTP, CLI exit status) in one place; the message says what was expected and found.
 *
 * - `invalid-model-card`: the card fails its schema (the message lists every issue).
 * - `not-onnx`: the bytes are not an ONNX ModelProto.
 * - `unsupported-model`: valid ONNX that Prospect cannot run (external data, a graph it cannot rewrite).
 * - `input-mismatch`: the model's inputs do not match the card's ordered inputs.
 * - `output-mismatch`: no (or more than one) output can be read as the probability of the endpoint.
 * - `invalid-probabilities`: the output read at run time is not a probability (outside [0, 1], NaN,
 *   or two columns that do not sum to 1).
 * - `invalid-features`: features passed for prediction do not fit the model (length, NaN).
 * - `sha256-mismatch`: the uploaded bytes are not the model the card (or protocol) pins.
 * - `runtime-error`: the runtime refused the model or failed while running it.
 * - `invalid-training-data`, `singular`, `separable`: a logistic fit was refused.
 * - `invalid-explanation-request`: the vectors or options given to an explanation do not fit.
 */
export type ModelErrorCode =
  | 'invalid-model-card'
  | 'not-onnx'
  | 'unsupported-model'
  | 'input-mismatch'
  | 'output-mismatch'
  | 'invalid-probabilities'
  | 'invalid-features'
  | 'sha256-mismatch'
  | 'runtime-error'
  | 'invalid-training-data'
  | 'singular'
  | 'separable'
  | 'invalid-explanation-request';

/** A typed error of the models libraries; see {@link ModelErrorCode}. */
export class ModelError extends Error {
  override readonly name = 'ModelError';

  constructor(
    readonly code: ModelErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
