module.exports = require('../../tools/webpack/nest-app.webpack')(__dirname, 'worker');
