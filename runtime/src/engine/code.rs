//! Compiling the konnector's code (CommonJS module functions, ES modules) through the host's
//! bytecode cache (`code_cache`): a large file is compiled once, stored, and read back as
//! bytecode on later runs, with the same file name and lines in its stack frames.

use std::ffi::CStr;
use std::sync::Arc;

use rquickjs::{module::Declared, qjs, Ctx, Function, Module, Result, WriteOptions};

use super::bytecode;
use super::run_state::RunState;
use crate::code_cache::{CacheKey, CodeCache, KeyInputs, Lookup};
use crate::protocol::{Level, LogRecord};

/// The module function of a CommonJS file.
pub fn commonjs<'js>(
    ctx: &Ctx<'js>,
    host: &RunState,
    source: &str,
    filename: &str,
) -> Result<Function<'js>> {
    let wrapped = bytecode::wrap(source, bytecode::CJS_PARAMS);
    let wrapper = bytecode::wrap("", bytecode::CJS_PARAMS);
    let compile = || bytecode::compile(ctx, &wrapped, filename);
    let compiled = match Entry::find(host, &wrapper, filename, source) {
        None => compile()?,
        Some(Entry::Hit(bytes)) => {
            // SAFETY: the cache verified these bytes are an entry kvm wrote (`code_cache`).
            unsafe { bytecode::read(ctx, &bytes)? }
        }
        Some(Entry::Store(store)) => {
            let compiled = compile()?;
            store.put(host, bytecode::write(ctx, &compiled)?);
            compiled
        }
    };
    bytecode::run(ctx, compiled)?.get()
}

/// An ES module named `name` (its absolute path), declared but not evaluated.
pub fn es_module<'js>(
    ctx: &Ctx<'js>,
    host: &RunState,
    source: String,
    name: &str,
) -> Result<Module<'js, Declared>> {
    match Entry::find(host, "es module", name, &source) {
        None => Module::declare(ctx.clone(), name, source),
        // SAFETY: the cache verified these bytes are an entry kvm wrote (`code_cache`).
        Some(Entry::Hit(bytes)) => unsafe { Module::load(ctx.clone(), &bytes) },
        Some(Entry::Store(store)) => {
            let module = Module::declare(ctx.clone(), name, source)?;
            store.put(host, module.write(WriteOptions::default())?);
            Ok(module)
        }
    }
}

/// The engine's part of a cache key: bytecode of another QuickJS is never read.
fn engine_version() -> String {
    // SAFETY: QuickJS returns a static NUL-terminated string.
    let version = unsafe { CStr::from_ptr(qjs::JS_GetVersion()) };
    format!("quickjs-ng {}", version.to_string_lossy())
}

enum Entry {
    Hit(Arc<[u8]>),
    /// Compile, then store the bytecode here.
    Store(Store),
}

struct Store {
    cache: Arc<CodeCache>,
    key: CacheKey,
}

impl Entry {
    /// The cache entry for this code, unless the run has no cache or the source is too small
    /// to be worth one. A refused entry is logged and becomes a store.
    fn find(host: &RunState, kind: &str, filename: &str, source: &str) -> Option<Entry> {
        let cache = host.code_cache.as_ref()?;
        if !cache.worth_caching(source.len()) {
            return None;
        }
        let key = CacheKey::new(&KeyInputs {
            engine: &engine_version(),
            kind,
            filename,
            source,
        });
        match cache.get(&key) {
            Lookup::Hit(bytes) => {
                host.code_stats.borrow_mut().hits += 1;
                return Some(Entry::Hit(bytes));
            }
            Lookup::Miss => {}
            Lookup::Refused(why) => host.log.borrow_mut().push(LogRecord::new(
                Level::Warning,
                format!(
                    "code cache: the entry of {filename} ({}) is not loaded: {why}; \
                     compiling from source and rewriting it",
                    cache.path(&key).display()
                ),
            )),
        }
        Some(Entry::Store(Store {
            cache: cache.clone(),
            key,
        }))
    }
}

impl Store {
    /// A failed write costs the next run a compile, not this run: a warning only.
    fn put(self, host: &RunState, bytecode: Vec<u8>) {
        match self.cache.put(&self.key, bytecode) {
            Ok(()) => host.code_stats.borrow_mut().writes += 1,
            Err(e) => host.log.borrow_mut().push(LogRecord::new(
                Level::Warning,
                format!(
                    "code cache: cannot write {}: {e}; the next run compiles again",
                    self.cache.path(&self.key).display()
                ),
            )),
        }
    }
}
