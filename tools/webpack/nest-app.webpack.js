// The webpack config of a Nest application of this workspace (apps/api, apps/worker): node target, tsc with the
// @nestjs/swagger compiler plugin (Swagger metadata for DTOs and controllers), node_modules left external.
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

module.exports = function nestAppWebpackConfig(appDir, appName) {
  return {
    output: {
      path: join(appDir, '../../dist/apps', appName),
      clean: true,
      ...(process.env.NODE_ENV !== 'production' && { devtoolModuleFilenameTemplate: '[absolute-resource-path]' }),
    },
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: './src/main.ts',
        tsConfig: './tsconfig.app.json',
        optimization: false,
        outputHashing: 'none',
        generatePackageJson: false,
        sourceMap: true,
        transformers: [{ name: '@nestjs/swagger/plugin', options: { introspectComments: true, classValidatorShim: true } }],
      }),
    ],
  };
};
