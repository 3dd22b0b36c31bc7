'use strict';

exports.greeting = (name) => `Hello, ${name}!`;
