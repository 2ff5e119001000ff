import { z } from 'zod';
import { text } from './primitives';

/**
 * The locked model under validation. `sha256` is the digest of the model artefact, so the model
 * scored in the trial is provably the one named in the approved protocol.
 *
 * `null` until a model is attached; a protocol must name its model before approval (enforced
 * where protocols are approved, not here).
 */
export const modelReferenceSchema = z
  .object(
    {
      registryId: text(200).optional(),
      name: text(200),
      version: text(100),
      sha256: z
        .string()
        .regex(/^[0-9a-f]{64}$/, 'Must be a SHA-256 digest: exactly 64 lowercase hexadecimal characters'),
    },
    {
      // The field is nullable, so say that null is the alternative to a proper reference.
      error: (issue) =>
        issue.code === 'invalid_type' && issue.input !== undefined
          ? 'Expected a model reference object, or null while no model is attached'
          : undefined,
    },
  )
  .strict();

/** A model reference; see {@link modelReferenceSchema}. */
export type ModelReference = z.output<typeof modelReferenceSchema>;
