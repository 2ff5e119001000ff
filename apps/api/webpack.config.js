module.exports = require('../../tools/node-app.webpack.js')(__dirname);
