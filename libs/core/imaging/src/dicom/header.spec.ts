import { isoDate } from './header';

describe('isoDate', () => {
  it.each([
    ['20260301', '2026-03-01'],
    ['1999.12.31', '1999-12-31'],
    ['20240229', '2024-02-29'],
  ])('reads %s as %s', (da, iso) => {
    expect(isoDate(da)).toBe(iso);
  });

  it.each([undefined, '', '2026', '20261301', '20230229', '2026-03-01', '20260301120000'])(
    'gives undefined for %p',
    (da) => {
      expect(isoDate(da)).toBeUndefined();
    },
  );
});
