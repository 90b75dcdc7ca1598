const nxPreset = require('@nx/jest/preset').default;

// @fastify/static (Swagger UI and the console are served through it) requires content-disposition 3, an ES module.
// Node loads it with require(esm); Jest's module system cannot, so Jest turns that one package into CommonJS.
const ESM_ONLY = '@fastify/static/node_modules/content-disposition/';

module.exports = {
  ...nxPreset,
  transform: {
    [`node_modules/${ESM_ONLY}.+\\.js$`]: ['babel-jest', { plugins: ['@babel/plugin-transform-modules-commonjs'] }],
  },
  // A path holds node_modules twice here: neither occurrence may exclude the package.
  transformIgnorePatterns: [`/node_modules/(?!${ESM_ONLY}|content-disposition/dist/)`],
};
