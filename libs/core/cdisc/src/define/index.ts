export type {
  DefineCodeList,
  DefineCodeListItem,
  DefineComment,
  DefineDataType,
  DefineDataset,
  DefineInput,
  DefineMethod,
  DefineOrigin,
  DefineOriginSource,
  DefineOriginType,
  DefineStandard,
  DefineVariable,
} from './define-input';
export { DefineXmlError, defineXml } from './define-xml';
export { escapeXml } from './escape-xml';
