'use strict';
// Node 20's `v8`, denied (DESIGN §3): kvm runs QuickJS, and a konnector may not reach engine
// internals (flags, heap snapshots, coverage, promise hooks, the serializer). Heap statistics
// answer with zeros so memory-reporting libraries keep working; `cachedDataVersionTag()` is a
// constant.

const { codedError } = require('internal/errors');
const { deniedConstructor, deniedFunction } = require('internal/denied');

const CAPABILITY = 'v8';

const denied = (name, length) => deniedFunction(`v8.${name}`, CAPABILITY, length);

function getHeapStatistics() {
  return {
    total_heap_size: 0,
    total_heap_size_executable: 0,
    total_physical_size: 0,
    total_available_size: 0,
    used_heap_size: 0,
    heap_size_limit: 0,
    malloced_memory: 0,
    peak_malloced_memory: 0,
    does_zap_garbage: 0,
    number_of_native_contexts: 0,
    number_of_detached_contexts: 0,
    total_global_handles_size: 0,
    used_global_handles_size: 0,
    external_memory: 0,
  };
}

function getHeapCodeStatistics() {
  return {
    code_and_metadata_size: 0,
    bytecode_and_metadata_size: 0,
    external_script_source_size: 0,
    cpu_profiler_metadata_size: 0,
  };
}

// What Node throws for these outside `node --build-snapshot`.
function notBuildingSnapshot() {
  throw codedError(Error, 'ERR_NOT_BUILDING_SNAPSHOT',
    'Operation cannot be invoked when not building startup snapshot');
}

const Serializer = deniedConstructor('v8.Serializer', CAPABILITY);
const Deserializer = deniedConstructor('v8.Deserializer', CAPABILITY);

module.exports = {
  cachedDataVersionTag: () => 0,
  getHeapSnapshot: denied('getHeapSnapshot', 1),
  getHeapStatistics,
  getHeapSpaceStatistics: () => [],
  getHeapCodeStatistics,
  setFlagsFromString: denied('setFlagsFromString', 1),
  Serializer,
  Deserializer,
  DefaultSerializer: deniedConstructor('v8.DefaultSerializer', CAPABILITY, Serializer),
  DefaultDeserializer: deniedConstructor('v8.DefaultDeserializer', CAPABILITY, Deserializer),
  deserialize: denied('deserialize', 1),
  takeCoverage: denied('takeCoverage'),
  stopCoverage: denied('stopCoverage'),
  serialize: denied('serialize', 1),
  writeHeapSnapshot: denied('writeHeapSnapshot', 2),
  promiseHooks: {
    createHook: denied('promiseHooks.createHook', 1),
    onInit: denied('promiseHooks.onInit', 1),
    onBefore: denied('promiseHooks.onBefore', 1),
    onAfter: denied('promiseHooks.onAfter', 1),
    onSettled: denied('promiseHooks.onSettled', 1),
  },
  queryObjects: denied('queryObjects', 1),
  startupSnapshot: {
    addSerializeCallback: notBuildingSnapshot,
    addDeserializeCallback: notBuildingSnapshot,
    setDeserializeMainFunction: notBuildingSnapshot,
    isBuildingSnapshot: () => false,
  },
  setHeapSnapshotNearHeapLimit: denied('setHeapSnapshotNearHeapLimit', 1),
  GCProfiler: deniedConstructor('v8.GCProfiler', CAPABILITY),
};
