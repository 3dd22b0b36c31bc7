//! Host operations the JS shims call, grouped by capability (DESIGN §1). Each file holds the
//! plain Rust logic and one small `install` that binds it on the `ops` object handed to
//! `js-shims/internal/bootstrap.js` (never to the script itself).

pub mod cookies;
pub mod cozy;
pub mod crypto;
pub mod encoding;
pub mod fetch;
pub mod fs;
pub mod html;
pub mod log;
pub mod modules;
pub mod process;
pub mod timers;
pub mod url;
pub mod zlib;

use std::rc::Rc;

use rquickjs::{Ctx, Object, Result};

use crate::engine::run_state::RunState;

pub(crate) fn install<'js>(ctx: &Ctx<'js>, host: &Rc<RunState>) -> Result<Object<'js>> {
    let ops = Object::new(ctx.clone())?;
    log::install(&ops, host)?;
    timers::install(&ops, host)?;
    process::install(&ops, host)?;
    modules::install(&ops, host)?;
    fs::install(&ops, host)?;
    html::install(&ops, host)?;
    crypto::install(&ops, host)?;
    encoding::install(&ops)?;
    fetch::install(&ops, host)?;
    cozy::install(&ops, host)?;
    url::install(&ops)?;
    zlib::install(&ops)?;
    cookies::install(&ops)?;
    Ok(ops)
}
