'use strict';
// `sqlite` (Node 22's `node:sqlite`, absent from Node 20), denied (DESIGN §3): bundles built
// with undici 7 name it; opening a database throws ERR_ACCESS_DENIED. The exports are Node
// 22's: DatabaseSync, StatementSync, constants, backup.

const { deniedAsync, deniedConstructor } = require('internal/denied');

const CAPABILITY = 'sqlite';

module.exports = {
  DatabaseSync: deniedConstructor('sqlite.DatabaseSync', CAPABILITY),
  StatementSync: deniedConstructor('sqlite.StatementSync', CAPABILITY),
  constants: {
    SQLITE_CHANGESET_OMIT: 0,
    SQLITE_CHANGESET_REPLACE: 1,
    SQLITE_CHANGESET_ABORT: 2,
  },
  backup: deniedAsync('sqlite.backup', CAPABILITY, 2),
};
