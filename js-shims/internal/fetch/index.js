'use strict';
// The fetch API's public surface, for bootstrap.js to install as globals.

const { fetch } = require('internal/fetch/fetch');
const { Headers } = require('internal/fetch/headers');
const { Request } = require('internal/fetch/request');
const { Response } = require('internal/fetch/response');
const { FormData } = require('internal/fetch/form_data');
const { Blob, File } = require('internal/fetch/blob');
const {
  ReadableStream, ReadableStreamDefaultReader, ReadableStreamDefaultController,
} = require('internal/fetch/readable_stream');

module.exports = {
  fetch,
  Headers,
  Request,
  Response,
  FormData,
  Blob,
  File,
  ReadableStream,
  // Also globals in Node 20, for scripts that test `instanceof` or build readers themselves.
  ReadableStreamDefaultReader,
  ReadableStreamDefaultController,
};
