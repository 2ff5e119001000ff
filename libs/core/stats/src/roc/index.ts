export { rocAuc, type RocAuc, type RocAucOptions } from './roc-auc';
export { delongPairedTest, type DelongPairedTest, type DelongPairedTestOptions } from './delong-paired-test';
export { aucTestAgainst, type AucAlternative, type AucTest } from './auc-test-against';
export { rocCurve, type RocPoint } from './roc-curve';
export {
  rocSensitivityBand,
  type RocSensitivityBandOptions,
  type RocSensitivityBandPoint,
} from './roc-sensitivity-band';
