//! The run's parsed documents, by id. Each document's estimated size is charged to the
//! run's heap budget (the same meter QuickJS allocates from, DESIGN §5) while it lives:
//! a page too big for what is left fails the parse, and the run then ends `out_of_memory`
//! as for any other exhaustion. Documents are freed when the script drops its last
//! reference (a FinalizationRegistry in `konnector-lib/internal/html/`), or with the run.

use std::collections::HashMap;
use std::sync::Arc;

use super::document::Document;
use super::select::InvalidSelector;
use crate::engine::alloc::HeapMeter;

pub struct DocStore {
    documents: HashMap<u32, Document>,
    next_id: u32,
    meter: Arc<HeapMeter>,
}

#[derive(Debug, thiserror::Error)]
pub enum HtmlError {
    #[error("invalid selector {:?}: {}", .0.selector, .0.reason)]
    Selector(InvalidSelector),
    #[error(
        "the HTML document ({bytes} bytes parsed) does not fit in the run's memory budget; \
         parse smaller pages or raise the run's heap limit"
    )]
    TooLarge { bytes: usize },
    #[error("no HTML document {0}: it was freed (its `$` is no longer referenced)")]
    Unknown(u32),
}

impl From<InvalidSelector> for HtmlError {
    fn from(error: InvalidSelector) -> Self {
        HtmlError::Selector(error)
    }
}

impl DocStore {
    pub fn new(meter: Arc<HeapMeter>) -> DocStore {
        DocStore {
            documents: HashMap::new(),
            next_id: 1,
            meter,
        }
    }

    /// Parses `source` and returns the new document's id.
    pub fn parse(&mut self, source: &str) -> Result<u32, HtmlError> {
        // The tree holds at least the text: refuse before parsing what cannot fit.
        if !self.meter.charge(source.len()) {
            return Err(HtmlError::TooLarge {
                bytes: source.len(),
            });
        }
        let document = Document::parse(source);
        let rest = document.bytes.saturating_sub(source.len());
        if !self.meter.charge(rest) {
            self.meter.refund(source.len());
            return Err(HtmlError::TooLarge {
                bytes: document.bytes,
            });
        }
        self.meter
            .refund(source.len().saturating_sub(document.bytes));
        let id = self.next_id;
        self.next_id += 1;
        self.documents.insert(id, document);
        Ok(id)
    }

    pub fn get(&self, id: u32) -> Result<&Document, HtmlError> {
        self.documents.get(&id).ok_or(HtmlError::Unknown(id))
    }

    pub fn free(&mut self, id: u32) {
        if let Some(document) = self.documents.remove(&id) {
            self.meter.refund(document.bytes);
        }
    }

    /// Bytes the live documents are charged for.
    pub fn bytes(&self) -> usize {
        self.documents.values().map(|d| d.bytes).sum()
    }
}

impl Drop for DocStore {
    fn drop(&mut self) {
        self.meter.refund(self.bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::time::{Duration, Instant};

    use crate::run::cancel::Cancel;

    fn meter(limit: usize) -> Arc<HeapMeter> {
        HeapMeter::new(
            limit,
            Cancel::default(),
            Instant::now() + Duration::from_secs(3600),
        )
    }

    #[test]
    fn documents_are_charged_while_they_live() {
        let meter = meter(1 << 20);
        let mut store = DocStore::new(meter.clone());
        let id = store.parse("<table><tr><td>1</td></tr></table>").unwrap();
        let charged = store.bytes();
        assert!(charged > 0);
        assert_eq!(meter.used(), charged);
        store.free(id);
        assert_eq!(meter.used(), 0);
        assert!(matches!(store.get(id), Err(HtmlError::Unknown(_))));
    }

    #[test]
    fn a_page_past_the_budget_is_refused_and_exhausts_the_run() {
        let meter = meter(64 * 1024);
        let mut store = DocStore::new(meter.clone());
        let page = "<p>row</p>".repeat(5_000);
        let error = store.parse(&page).unwrap_err();
        assert!(matches!(error, HtmlError::TooLarge { .. }), "{error}");
        assert_eq!(meter.used(), 0);
        assert!(meter.exhausted());
    }

    #[test]
    fn the_run_end_refunds_what_is_left() {
        let meter = meter(1 << 20);
        let mut store = DocStore::new(meter.clone());
        store.parse("<p>a</p>").unwrap();
        store.parse("<p>b</p>").unwrap();
        drop(store);
        assert_eq!(meter.used(), 0);
    }
}
