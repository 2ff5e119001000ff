// Preloaded (node -r) into a worker process to give it a wrong clock: Date and Date.now run
// PROSPECT_TEST_CLOCK_SKEW_MS off the machine's time, as on a host whose NTP has failed.
'use strict';
const skew = Number(process.env.PROSPECT_TEST_CLOCK_SKEW_MS || 0);
const RealDate = Date;
class SkewedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + skew);
    else super(...args);
  }
  static now() {
    return RealDate.now() + skew;
  }
}
globalThis.Date = SkewedDate;
