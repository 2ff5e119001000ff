import { createRng as statsCreateRng } from '@prospect/stats';
import { createRng } from './random';

// The generator lives in @prospect/stats (its tests: libs/core/stats/src/numeric/random.spec.ts);
// economics re-exports it so that its seeded analyses keep their import and their streams.
describe('createRng', () => {
  it('is the statistics library’s generator, stream for stream', () => {
    expect(createRng).toBe(statsCreateRng);
    const a = createRng('economics');
    const b = statsCreateRng('economics');
    for (let draw = 0; draw < 5; draw++) expect(a.next()).toBe(b.next());
  });
});
