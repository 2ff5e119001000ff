import { groupSequentialBoundaries } from './group-sequential-boundaries';
import { nonBindingFutilityBounds, plannedSpendingBoundaries, spendingDesign } from './planned-design';

describe('spendingDesign', () => {
  it('maps each protocol family to its Lan–DeMets spending analogue', () => {
    expect(spendingDesign({ type: 'obrien-fleming' }, 0.025, 1)).toEqual({
      design: 'asOF',
      alpha: 0.025,
      sided: 1,
    });
    expect(spendingDesign({ type: 'pocock' }, 0.05, 2)).toEqual({ design: 'asP', alpha: 0.05, sided: 2 });
    expect(spendingDesign({ type: 'hwang-shih-decani', gamma: -4 }, 0.025, 1)).toEqual({
      design: 'asHSD',
      alpha: 0.025,
      sided: 1,
      gamma: -4,
    });
    expect(spendingDesign({ type: 'power', rho: 3 }, 0.025, 1)).toEqual({
      design: 'asKD',
      alpha: 0.025,
      sided: 1,
      gamma: 3,
    });
  });
});

describe('plannedSpendingBoundaries', () => {
  const fractions = [0.5, 1];
  const plan = {
    alpha: 0.025,
    sided: 1 as const,
    spending: { type: 'obrien-fleming' as const },
    futility: { type: 'non-binding-beta-spending', beta: 0.2, spending: { type: 'obrien-fleming' as const } },
  };

  it('has the efficacy boundaries of the spending design at the planned fractions', () => {
    const planned = plannedSpendingBoundaries(plan, fractions);
    expect(planned.efficacy).toEqual(
      groupSequentialBoundaries({ design: 'asOF', alpha: 0.025, sided: 1, informationRates: fractions }),
    );
    expect(planned.informationFractions).toEqual(fractions);
  });

  it('has the non-binding β-spending futility bounds against the final-look efficacy bounds', () => {
    const futility = nonBindingFutilityBounds(plan, fractions);
    // One bound per interim look.
    expect(futility?.bounds).toHaveLength(1);
    expect(plannedSpendingBoundaries(plan, fractions).futility).toEqual(futility?.bounds);
  });

  it('has no futility bounds without a β-spending rule or with a single look', () => {
    expect(plannedSpendingBoundaries({ ...plan, futility: { type: 'none' } }, fractions).futility).toBeNull();
    expect(plannedSpendingBoundaries(plan, [1]).futility).toBeNull();
  });
});
