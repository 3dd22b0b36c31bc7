//! The sandboxed network (DESIGN §4): the only way a konnector reaches anything.
//! `policy` decides, purely, which URLs and addresses a run may reach.

pub mod policy;
