import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { AuditEventEntity } from './audit-event.entity';
import { type AuditQuery, toAuditCsv } from './audit-export';

export interface AuditEventInput {
  readonly action: string;
  readonly entityType: string;
  readonly entityId?: string | null;
  readonly trialId?: string | null;
  readonly before?: unknown;
  readonly after?: unknown;
  readonly reason?: string | null;
}

/**
 * Writes and reads the audit trail. `record` takes the caller's transaction manager so that the
 * event commits or rolls back with the change it describes.
 */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(manager: EntityManager, actor: Actor, event: AuditEventInput): Promise<void> {
    await this.recordMany(manager, actor, [event]);
  }

  /** Several events of one actor in one statement (a batch of locks), in the order given. */
  async recordMany(manager: EntityManager, actor: Actor, events: readonly AuditEventInput[]): Promise<void> {
    if (events.length === 0) return;
    await manager.insert(
      AuditEventEntity,
      events.map((event) => ({
        actorId: actor.userId,
        actorUsername: actor.username,
        requestId: actor.requestId,
        action: event.action,
        entityType: event.entityType,
        entityId: event.entityId ?? null,
        trialId: event.trialId ?? null,
        beforeValue: jsonValue(event.before),
        afterValue: jsonValue(event.after),
        reason: event.reason ?? null,
      })),
    );
  }

  /** Records an event in a transaction of its own (failed logins: there is no change to attach it to). */
  async recordAlone(actor: Actor, event: AuditEventInput): Promise<void> {
    await this.dataSource.transaction((manager) => this.record(manager, actor, event));
  }

  /** Events in commit order, filtered; keyset pagination on `sequence`. */
  async find(query: AuditQuery): Promise<AuditEventEntity[]> {
    const builder = this.dataSource.getRepository(AuditEventEntity).createQueryBuilder('event');
    if (query.trialId !== undefined)
      builder.andWhere('event.trial_id = :trialId', { trialId: query.trialId });
    if (query.entityType)
      builder.andWhere('event.entity_type = :entityType', { entityType: query.entityType });
    if (query.entityId) builder.andWhere('event.entity_id = :entityId', { entityId: query.entityId });
    if (query.actorId) builder.andWhere('event.actor_id = :actorId', { actorId: query.actorId });
    if (query.action) builder.andWhere('event.action = :action', { action: query.action });
    if (query.from) builder.andWhere('event.occurred_at >= :from', { from: query.from });
    if (query.to) builder.andWhere('event.occurred_at < :to', { to: query.to });
    if (query.afterSequence) builder.andWhere('event.sequence > :after', { after: query.afterSequence });
    return builder.orderBy('event.sequence', 'ASC').limit(query.limit).getMany();
  }

  async export(
    query: Omit<AuditQuery, 'limit' | 'afterSequence'>,
    format: 'csv' | 'json',
    options: { readonly blindOutcomeValues?: boolean } = {},
  ): Promise<string> {
    const events: AuditEventEntity[] = [];
    // Page through so a long trail never needs one huge query.
    for (let afterSequence: string | undefined; ;) {
      const page = await this.find({ ...query, limit: 5000, ...(afterSequence ? { afterSequence } : {}) });
      events.push(...page);
      if (page.length < 5000) break;
      afterSequence = page[page.length - 1]?.sequence;
    }
    const shown = options.blindOutcomeValues ? events.map(withoutOutcomeValues) : events;
    return format === 'csv' ? toAuditCsv(shown) : JSON.stringify(shown.map(toAuditJson), null, 2);
  }
}

/**
 * The event as a reader who may not see outcome values gets it (docs/ROLES.md: admins without a
 * trial role that may): an outcome event without the value, the FHIR evidence or the reason (an
 * adjudicator's or a correction's reason states the value), and marked `valuesBlinded`.
 */
export function withoutOutcomeValues(event: AuditEventEntity): AuditEventEntity {
  if (!event.action.startsWith('outcome.')) return event;
  const strip = (value: object | null): object | null => {
    if (value === null) return null;
    const { outcome: _outcome, evidence: _evidence, ...rest } = value as Record<string, unknown>;
    return { ...rest, valuesBlinded: true };
  };
  return Object.assign(new AuditEventEntity(), event, {
    beforeValue: strip(event.beforeValue),
    afterValue: strip(event.afterValue),
    reason: event.reason === null ? null : '(blinded)',
  });
}

export function toAuditJson(event: AuditEventEntity): Record<string, unknown> {
  return {
    sequence: event.sequence,
    id: event.id,
    occurredAt: event.occurredAt.toISOString(),
    actorId: event.actorId,
    actorUsername: event.actorUsername,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    trialId: event.trialId,
    before: event.beforeValue,
    after: event.afterValue,
    reason: event.reason,
    requestId: event.requestId,
  };
}

/** JSONB columns take objects; a bare scalar is wrapped so that it is stored, not lost. */
function jsonValue(value: unknown): object | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'object' ? value : { value };
}
