import type { Answer } from './answers';
import type { ChecklistItemDefinition, FilledChecklistItem } from './checklist-types';

/**
 * Fills `items` with `answer`; an item without an answer (a catalogue/answer mismatch, which the
 * specs rule out) says so rather than being silently dropped.
 */
export function fill<T extends ChecklistItemDefinition>(
  items: readonly T[],
  answer: (item: T) => Answer | undefined,
): FilledChecklistItem[] {
  return items.map((item) => {
    const given = answer(item) ?? {
      status: 'sponsor-to-complete' as const,
      answer: `To be completed by the sponsor: item ${item.id} (${item.topic}).`,
      location: null,
    };
    return {
      id: item.id,
      section: item.section,
      topic: item.topic,
      requirement: item.requirement,
      status: given.status,
      answer: given.answer,
      location: given.location,
    };
  });
}
