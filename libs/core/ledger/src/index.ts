export { canonicalJson } from './canonical-json';
