module.exports = require('../../jest.lib.cjs')(__dirname);
