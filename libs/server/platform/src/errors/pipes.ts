import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { badRequest } from './domain-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Route or query parameter that must be a UUID; the 400 names the parameter. */
@Injectable()
export class ParseUuid implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !UUID.test(value)) {
      throw badRequest('INVALID_PARAMETER', `${metadata.data ?? 'parameter'} must be a UUID.`, [
        { field: metadata.data ?? 'parameter', reason: 'must be a UUID' },
      ]);
    }
    return value.toLowerCase();
  }
}

/** Optional boolean query parameter: absent is false; only "true" and "false" are accepted. */
@Injectable()
export class ParseOptionalBoolean implements PipeTransform<unknown, boolean> {
  transform(value: unknown, metadata: ArgumentMetadata): boolean {
    if (value === undefined || value === '') return false;
    if (value === 'true') return true;
    if (value === 'false') return false;
    throw badRequest('INVALID_PARAMETER', `${metadata.data ?? 'parameter'} must be true or false.`, [
      { field: metadata.data ?? 'parameter', reason: 'must be true or false' },
    ]);
  }
}

/** Positive integer route parameter (protocol version numbers). */
@Injectable()
export class ParsePositiveInt implements PipeTransform<unknown, number> {
  transform(value: unknown, metadata: ArgumentMetadata): number {
    if (typeof value !== 'string' || !/^[1-9]\d{0,8}$/.test(value)) {
      throw badRequest('INVALID_PARAMETER', `${metadata.data ?? 'parameter'} must be a positive integer.`, [
        { field: metadata.data ?? 'parameter', reason: 'must be a positive integer' },
      ]);
    }
    return Number(value);
  }
}
