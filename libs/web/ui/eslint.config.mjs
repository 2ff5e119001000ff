// The workspace's Angular lint rules (../../../eslint.angular.mjs), shared by the web projects.
export { default } from '../../../eslint.angular.mjs';
