/**
 * Test helpers shared by the web app's specs (never part of the production build: see
 * tsconfig.app.json). DOM look-ups that fail the test when nothing matches, the TestBed providers
 * every page spec needs, a TrialContextStore stand-in, and the ways specs let the app settle.
 */
import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { type EnvironmentProviders, type Provider, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { type TrialRole, TrialContextStore } from '@prospect/web-data-access';

/** The value, or a test failure naming what is missing. */
export function must<T>(value: T | null | undefined, what = 'element'): T {
  if (value === null || value === undefined) throw new Error(`missing ${what}`);
  return value;
}

/** The element `selector` finds under `root`; throws (failing the test) when there is none. */
export function el<T extends Element = HTMLElement>(root: ParentNode, selector: string): T {
  const found = root.querySelector<T>(selector);
  if (!found) throw new Error(`nothing matches ${selector}`);
  return found;
}

/** The first button under `root` whose text contains `text`. */
export function button(root: ParentNode, text: string): HTMLButtonElement {
  return must(
    Array.from(root.querySelectorAll('button')).find((candidate) => candidate.textContent?.includes(text)),
    `button "${text}"`,
  );
}

/** Sets a form control's value as typing (or choosing) would, and tells Angular with `event`. */
export function enter(
  control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement | null,
  value: string,
  event = 'input',
): void {
  if (!control) throw new Error('control not found');
  control.value = value;
  control.dispatchEvent(new Event(event));
}

/** HttpClient against HttpTestingController, and an empty router: what every page spec provides. */
export function provideHttpTesting(): (Provider | EnvironmentProviders)[] {
  return [provideHttpClient(), provideHttpClientTesting(), provideRouter([])];
}

/** A stand-in for TrialContextStore: the current trial and the user's roles in it. */
export function trialContextStub(
  roles: readonly TrialRole[],
  trialCode = 'MM-RAD-01',
  protocolInForce: number | null = 1,
) {
  const roleState = signal<readonly TrialRole[]>(roles);
  return {
    currentCode: signal<string | null>(trialCode),
    currentTrial: signal({
      id: 't',
      code: trialCode,
      title: 'Demo trial',
      indication: 'multiple-myeloma',
      createdAt: '2026-11-01T00:00:00Z',
      sites: [
        { code: 'HD01', name: 'Heidelberg' },
        { code: 'TU02', name: 'Tübingen' },
      ],
      protocolInForce,
      latestProtocolVersion: protocolInForce,
    }),
    problem: signal(null),
    roles: roleState,
    hasRole: (...wanted: readonly TrialRole[]) => wanted.some((role) => roleState().includes(role)),
  };
}

/** {@link trialContextStub} as the TrialContextStore provider. */
export function provideTrialContext(
  roles: readonly TrialRole[],
  trialCode = 'MM-RAD-01',
  protocolInForce: number | null = 1,
): Provider {
  return { provide: TrialContextStore, useValue: trialContextStub(roles, trialCode, protocolInForce) };
}

type Settling = { whenStable(): Promise<unknown>; detectChanges(): void };

/** Lets pending work (HTTP callbacks, resources) finish, then renders once. */
export async function settle(fixture: Settling): Promise<void> {
  await fixture.whenStable();
  await new Promise((resolve) => setTimeout(resolve, 0));
  fixture.detectChanges();
}

/**
 * {@link settle} until `done` holds (at most `rounds` times): for work that spans an unknown
 * number of macrotasks, such as reading an error body out of a Blob on a busy machine.
 */
export async function settleUntil(fixture: Settling, done: () => boolean, rounds = 50): Promise<void> {
  for (let round = 0; round < rounds && !done(); round++) await settle(fixture);
}

/** {@link settle} three times, then waits for stability: for chains of requests and effects. */
export async function settleAll(fixture: Settling): Promise<void> {
  for (let round = 0; round < 3; round++) await settle(fixture);
  await fixture.whenStable();
}

/** Runs the application's change detection around one macrotask (signals, effects, resources). */
export async function tick(fixture: { detectChanges(): void }): Promise<void> {
  TestBed.tick();
  await new Promise((resolve) => setTimeout(resolve, 0));
  fixture.detectChanges();
  TestBed.tick();
}
