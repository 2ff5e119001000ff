export { ProspectModule, type ProcessRole } from './prospect.module';
