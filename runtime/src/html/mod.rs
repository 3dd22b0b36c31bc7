//! Native HTML for kvm's cheerio (`konnector-lib/cheerio.js`): documents parsed by html5ever
//! (through `scraper`) live here, per run, and JS holds numbers: a document id and node
//! handles. A handle is the node's position in document order, so sorting handles sorts
//! nodes the way cheerio's `uniqueSort` does, and every query takes and returns a list of
//! handles: one call per selection, never one per node.

mod document;
mod select;
mod store;

pub use document::{Document, Handle, Relation};
pub use select::Selectors;
pub use store::{DocStore, HtmlError};
