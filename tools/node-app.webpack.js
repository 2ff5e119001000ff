// Webpack settings shared by the Node applications (api, worker, cli): one bundle of the app and
// its libraries (path aliases resolved), node_modules left external, source maps for stack traces.
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('node:path');

/** @param {string} appDir the application's folder (its `src/main.ts` is the entry) */
module.exports = function nodeAppWebpackConfig(appDir) {
  const name = require('node:path').basename(appDir);
  return {
    output: { path: join(__dirname, '../dist/apps', name), clean: true },
    devtool: 'source-map',
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: join(appDir, 'src/main.ts'),
        tsConfig: join(appDir, 'tsconfig.app.json'),
        outputHashing: 'none',
        optimization: false,
        generatePackageJson: false,
        externalDependencies: 'all',
        typeCheck: false,
        sourceMap: true,
      }),
    ],
  };
};
