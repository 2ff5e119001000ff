export { ProspectModule, type ProcessRole } from './prospect.module';
export { API_PREFIX, createHttpApp, type HttpAppOptions } from './http-app';
