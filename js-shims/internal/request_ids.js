'use strict';
// The ids of the host's in-flight requests (the fetchStart op's `requestId`), one space for
// every caller, fetch and http alike, so an abort or a body write reaches the right request.

let last = 0;

function nextRequestId() {
  last += 1;
  return last;
}

module.exports = { nextRequestId };
